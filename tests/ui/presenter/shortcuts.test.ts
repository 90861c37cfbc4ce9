/** The keys a presenter and a presentation clicker press, and where they must be left alone. */
import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor } from '../../../src/ui/presenter/shortcuts.ts';

describe('presenter shortcuts', () => {
  it('maps a clicker’s keys to lesson steps, play/pause and a blank screen', () => {
    const on = (key: string) => shortcutFor({ key, target: 'other' });
    expect([on('PageDown'), on('ArrowRight'), on('PageUp'), on('ArrowLeft')]).toEqual([
      'next',
      'next',
      'previous',
      'previous',
    ]);
    expect([on(' '), on('b'), on('B'), on('.'), on('?'), on('p'), on('s')]).toEqual([
      'toggle-play',
      'blank',
      'blank',
      'blank',
      'toggle-sheet',
      'toggle-presenter',
      'step-run',
    ]);
    expect(shortcutFor({ key: 'S', shiftKey: true, target: 'other' })).toBe('step-back');
    // Caps Lock gives S without Shift: still a step forward.
    expect(shortcutFor({ key: 'S', target: 'other' })).toBe('step-run');
    expect(on('2')).toEqual({ answer: 1 });
    expect(on('x')).toBeNull();
  });

  it('leaves typing, focused buttons, tab strips, sliders and modified keys alone', () => {
    expect(shortcutFor({ key: 'b', target: 'text' })).toBeNull();
    expect(shortcutFor({ key: 'Escape', target: 'text' })).toBe('escape');
    expect(shortcutFor({ key: ' ', target: 'button' })).toBeNull();
    expect(shortcutFor({ key: 'ArrowRight', target: 'tab' })).toBeNull();
    expect(shortcutFor({ key: 'ArrowLeft', target: 'range' })).toBeNull();
    expect(shortcutFor({ key: 'PageDown', target: 'range' })).toBe('next');
    expect(shortcutFor({ key: 'p', ctrlKey: true, target: 'other' })).toBeNull();
  });

  it('documents every key it answers to on the sheet', () => {
    const documented = SHORTCUTS.flatMap((s) => s.keys).join(' ');
    for (const key of ['Space', 'PageDown', 'PageUp', '→', '←', 'B', '.', '?', 'P', 'S', 'Shift+S', 'Esc'])
      expect(documented).toContain(key);
  });
});
