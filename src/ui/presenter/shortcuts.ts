/**
 * Keyboard shortcuts of the playground and presenter mode, as a pure table: a presentation
 * clicker sends PageDown/PageUp (some send ArrowRight/ArrowLeft, Space, or B/. for a blank screen),
 * so those keys step a lesson forward and back, play or pause the run, and blank the projector.
 */

export type ShortcutAction =
  | 'toggle-play'
  | 'next'
  | 'previous'
  | 'step-run'
  | 'step-back'
  | 'blank'
  | 'toggle-presenter'
  | 'toggle-sheet'
  | 'escape'
  | { answer: number };

/** What the key was pressed on: typing, a button, a tab strip or a slider keep their own keys. */
export type TargetKind = 'text' | 'button' | 'tab' | 'range' | 'other';

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  target: TargetKind;
}

export interface ShortcutHelp {
  keys: string[];
  does: string;
}

/** The sheet behind `?`, in the order it is shown. */
export const SHORTCUTS: readonly ShortcutHelp[] = [
  { keys: ['Space', 'K'], does: 'Play or pause the run' },
  { keys: ['→', 'PageDown', 'N'], does: 'Next lesson step (with no lesson open: step the run)' },
  { keys: ['←', 'PageUp'], does: 'Previous lesson step (with no lesson open: step the run back)' },
  { keys: ['S'], does: 'Step the run: the next batch of events' },
  { keys: ['Shift+S'], does: 'Step the run back: to before its last batch' },
  { keys: ['1', '2', '3', '4'], does: 'Answer the lesson’s question with choice A, B, C, D' },
  { keys: ['B', '.'], does: 'Blank the screen (any key brings it back)' },
  { keys: ['P'], does: 'Presenter mode on or off: large type, no settings panel' },
  { keys: ['?'], does: 'This sheet' },
  { keys: ['Esc'], does: 'Close the sheet, the blank screen, or presenter mode' },
];

export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey === true || press.metaKey === true || press.altKey === true) return null;
  if (press.target === 'text') return press.key === 'Escape' ? 'escape' : null;
  const { key } = press;
  switch (key) {
    case ' ':
    case 'Spacebar':
      // On a focused button Space already clicks it.
      return press.target === 'button' ? null : 'toggle-play';
    case 'k':
    case 'K':
      return 'toggle-play';
    case 'PageDown':
    case 'n':
    case 'N':
      return 'next';
    case 'ArrowRight':
      return press.target === 'tab' || press.target === 'range' ? null : 'next';
    case 'PageUp':
      return 'previous';
    case 'ArrowLeft':
      return press.target === 'tab' || press.target === 'range' ? null : 'previous';
    case 's':
      return 'step-run';
    case 'S':
      // Shift+S; with Caps Lock on, S without Shift still steps forward.
      return press.shiftKey === true ? 'step-back' : 'step-run';
    case 'b':
    case 'B':
    case '.':
      return 'blank';
    case 'p':
    case 'P':
      return 'toggle-presenter';
    case '?':
      return 'toggle-sheet';
    case 'Escape':
      return 'escape';
    case '1':
    case '2':
    case '3':
    case '4':
      return { answer: Number(key) - 1 };
    default:
      return null;
  }
}

export function targetKind(target: EventTarget | null): TargetKind {
  if (!(target instanceof Element)) return 'other';
  if (target.closest('[role="tablist"]')) return 'tab';
  if (target instanceof HTMLInputElement)
    return target.type === 'range'
      ? 'range'
      : target.type === 'button' || target.type === 'checkbox'
        ? 'button'
        : 'text';
  if (
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target as HTMLElement).isContentEditable
  )
    return 'text';
  if (target.closest('button, [role="button"], a[href]')) return 'button';
  return 'other';
}
