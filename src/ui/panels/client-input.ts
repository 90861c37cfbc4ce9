/**
 * What the hand client's form (Dynamo §4.1 get() and put()) makes of what a person typed, and the
 * sentences it shows: a key is trimmed at its ends and may not be blank; a value is a single string
 * or a cart of comma-separated items, and an empty field is an explicit empty cart, said before
 * Put sends it. No UI code, so each rule has a unit test.
 */
import type { PlaybackState } from '../store/run-slice.ts';

/** The key field's hint: the trimming is the one thing a person could not guess. */
export const KEY_HINT = 'Spaces at either end are dropped';

/** The key to send, or why there is none. Spaces inside a key ("my cart") are kept. */
export function checkKey(text: string): { key: string } | { error: string } {
  const key = text.trim();
  if (key !== '') return { key };
  return {
    error:
      text === ''
        ? 'Key is empty: type a key such as cart'
        : 'Key is only spaces: type a key such as cart',
  };
}

/**
 * The value Put writes, with a note when it is not what the field seems to say, or why Put cannot
 * write it. "book" is one string; "book, pen" (or "book,") is a cart; an empty field is an empty
 * cart []; commas with nothing between them are refused rather than silently written as [].
 */
export function checkValue(
  text: string,
): { value: string | string[]; note?: string } | { error: string } {
  if (text.trim() === '') return { value: [], note: 'Empty: Put writes an empty cart []' };
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0)
    return {
      error: 'Value has commas but no items: type items such as book, pen, or clear the field to write an empty cart []',
    };
  if (items.length === 1 && !text.includes(',')) return { value: items[0] ?? '' };
  return { value: items };
}

/**
 * The line under a Get or Put that has not been answered yet. An op only goes out while the run
 * plays, so a paused run says so, for a Put exactly as for a Get.
 */
export function waitingText(kind: 'get' | 'put', playback: PlaybackState): string {
  const waiting = `Waiting for ${kind === 'get' ? 'R' : 'W'} replies…`;
  if (playback === 'playing' || playback === 'pausing' || playback === 'stepping' || playback === 'seeking') return waiting;
  return `${waiting} The run is paused: press ▶ Play to send the ${kind}.`;
}
