import { describe, expect, it } from 'vitest';
import { checkKey, checkValue, waitingText } from '../../../src/ui/panels/client-input.ts';

describe('the hand client’s key', () => {
  it('drops spaces at either end and keeps those inside', () => {
    expect(checkKey('  cart ')).toEqual({ key: 'cart' });
    expect(checkKey('my cart')).toEqual({ key: 'my cart' });
  });

  it('refuses an empty key, and one of only spaces, saying which', () => {
    expect(checkKey('')).toEqual({ error: 'Key is empty: type a key such as cart' });
    expect(checkKey('   ')).toEqual({ error: 'Key is only spaces: type a key such as cart' });
  });
});

describe('the hand client’s value', () => {
  it('reads one item as a string and items with commas as a cart', () => {
    expect(checkValue('book')).toEqual({ value: 'book' });
    expect(checkValue(' book , pen ')).toEqual({ value: ['book', 'pen'] });
    expect(checkValue('book,')).toEqual({ value: ['book'] });
  });

  it('writes an empty field as an explicit empty cart, and says so before sending', () => {
    expect(checkValue('')).toEqual({ value: [], note: 'Empty: Put writes an empty cart []' });
    expect(checkValue('   ')).toEqual({ value: [], note: 'Empty: Put writes an empty cart []' });
  });

  it('refuses commas with no items rather than writing an empty cart silently', () => {
    expect(checkValue(' , , ')).toEqual({
      error: 'Value has commas but no items: type items such as book, pen, or clear the field to write an empty cart []',
    });
  });
});

describe('an op waiting for its replies', () => {
  it('says to press Play while the run is paused, for a put as for a get', () => {
    expect(waitingText('put', 'paused')).toBe('Waiting for W replies… The run is paused: press ▶ Play to send the put.');
    expect(waitingText('get', 'paused')).toBe('Waiting for R replies… The run is paused: press ▶ Play to send the get.');
    expect(waitingText('put', 'faulted')).toContain('press ▶ Play');
  });

  it('just waits while the run plays', () => {
    expect(waitingText('put', 'playing')).toBe('Waiting for W replies…');
    expect(waitingText('get', 'playing')).toBe('Waiting for R replies…');
  });
});
