/**
 * A modal dialog on the native `<dialog>` and `showModal()`: the browser moves focus into it, keeps
 * Tab and Shift+Tab inside it, makes the page behind it inert and asks to close it on Esc; when it
 * goes, focus goes back to what opened it. Mounted means open: its owner closes it by unmounting it.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export interface ModalDialogProps {
  /** Its accessible name. */
  label: string;
  /** Classes of the panel inside, which carries the dialog's look. */
  className: string;
  testId: string;
  /** Esc, a click on the backdrop, or the owner's own Close button. */
  onClose: () => void;
  children: ReactNode;
}

export function ModalDialog({ label, className, testId, onClose, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      // An open dialog taken out of the page leaves focus nowhere: put it back on the opener.
      if (opener?.isConnected === true) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      data-testid={testId}
      aria-label={label}
      onCancel={(e) => {
        // The owner closes it, so its state says closed too.
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // The panel fills the dialog, so a click on the dialog itself is one on its backdrop.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className={className}>{children}</div>
    </dialog>
  );
}
