/**
 * Presenter mode and the keyboard (design.md "The playground"; for a classroom projector): one
 * key listener for the whole page that plays, pauses and steps the run and moves through a lesson —
 * the keys a presentation clicker sends included — a shortcut sheet behind `?`, and a blank screen.
 */
import { useEffect } from 'react';
import { useAppStore } from '../store/store.ts';
import {
  answerStep,
  nextLessonStep,
  previousLessonStep,
  useLessonStore,
} from '../lessons/lesson-store.ts';
import { currentStep } from '../../scenario/lessons/lesson-player.ts';
import { SHORTCUTS, shortcutFor, targetKind, type ShortcutAction } from './shortcuts.ts';
import { togglePresenter, toggleSheet, usePresenter } from './presenter-store.ts';
import { ModalDialog } from '../ModalDialog.tsx';
import './presenter.css';

const closeSheet = () => usePresenter.setState({ sheetOpen: false });

/** A key pressed in a modal dialog is the dialog's: Esc closes it, the run behind it stays put. */
function inModal(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('dialog[open]') !== null;
}

function run(action: ShortcutAction): boolean {
  const app = useAppStore.getState();
  const lesson = useLessonStore.getState();
  const presenter = usePresenter.getState();
  if (typeof action === 'object') {
    const question =
      lesson.entry && lesson.progress
        ? currentStep(lesson.entry, lesson.progress).question
        : undefined;
    if (!question || action.answer >= question.choices.length) return false;
    answerStep(action.answer);
    return true;
  }
  switch (action) {
    case 'toggle-play':
      if (app.controller === null) return false;
      if (app.playback === 'playing') app.pause();
      else app.play();
      return true;
    case 'next':
      if (lesson.entry) return nextLessonStep() || true;
      if (app.controller === null) return false;
      app.step();
      return true;
    case 'previous':
      if (lesson.entry) return previousLessonStep() || true;
      if (app.controller === null) return false;
      app.stepBack();
      return true;
    case 'step-back':
      if (app.controller === null) return false;
      app.stepBack();
      return true;
    case 'step-run':
      if (app.controller === null) return false;
      app.step();
      return true;
    case 'blank':
      usePresenter.setState({ blank: !presenter.blank });
      return true;
    case 'toggle-presenter':
      togglePresenter();
      return true;
    case 'toggle-sheet':
      toggleSheet();
      return true;
    case 'escape':
      if (presenter.blank) usePresenter.setState({ blank: false });
      else if (presenter.sheetOpen) usePresenter.setState({ sheetOpen: false });
      else if (presenter.presenting) usePresenter.setState({ presenting: false });
      else return false;
      return true;
  }
}

export function PresenterLayer() {
  const presenting = usePresenter((s) => s.presenting);
  const sheetOpen = usePresenter((s) => s.sheetOpen);
  const blank = usePresenter((s) => s.blank);

  useEffect(() => {
    document.documentElement.dataset.presenter = presenting ? 'on' : 'off';
  }, [presenting]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (usePresenter.getState().blank && event.key !== 'Escape') {
        // A blank screen comes back on any key, and that key does nothing else.
        usePresenter.setState({ blank: false });
        event.preventDefault();
        return;
      }
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        shiftKey: event.shiftKey,
        target: targetKind(event.target),
      });
      if (action === null) return;
      // In the open sheet, `?` still closes it; every other shortcut waits until the dialog is gone.
      if (
        inModal(event.target) &&
        !(action === 'toggle-sheet' && usePresenter.getState().sheetOpen)
      )
        return;
      if (run(action)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      {sheetOpen ? (
        <ModalDialog
          label="Keyboard shortcuts"
          className="shortcut-sheet"
          testId="shortcut-sheet"
          onClose={closeSheet}
        >
          <h2>Keyboard shortcuts</h2>
          <table>
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.does}>
                  <td>
                    {s.keys.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </td>
                  <td>{s.does}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="help">
            A presentation clicker’s next/previous buttons send PageDown/PageUp (or the arrow keys);
            its blank button sends B or “.”.
          </p>
          <button
            type="button"
            className="button"
            data-testid="shortcut-sheet-close"
            onClick={closeSheet}
          >
            Close
          </button>
        </ModalDialog>
      ) : null}
      {blank ? (
        <div
          className="blank-screen"
          data-testid="blank-screen"
          onClick={() => usePresenter.setState({ blank: false })}
        />
      ) : null}
    </>
  );
}
