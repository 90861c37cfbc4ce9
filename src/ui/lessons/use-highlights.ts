/**
 * Draws attention to the parts of the playground a lesson step names (data-testid values such as
 * `node-n4`, `hints-n1`, `key-inspector`): they get a `data-lesson-highlight` attribute that
 * lessons.css outlines, and the first is scrolled into view until it shows. Views re-render
 * and replace elements, so the marks are renewed twice a second.
 */
import { useEffect } from 'react';

const ATTRIBUTE = 'data-lesson-highlight';
const RENEW_MS = 500;
/** Room kept in view around a highlighted part brought into view, px: the scroll-margin of lessons.css. */
const AROUND_PX = 40;

export function useHighlights(targets: readonly string[]): void {
  const key = targets.join('\n');
  useEffect(() => {
    const ids = key === '' ? [] : key.split('\n');
    // The step's first part found is brought into view, if any of it is out of sight (a key
    // inspector below the fold, a chart scrolled off the top of the view): the narration points at it.
    // Checked at every renewal, as the view can still be settling (a run seeking to the step's
    // time re-renders it and moves things), until the person scrolls for themselves.
    let placed = false;
    let personScrolled = false;
    const scrolled = () => (personScrolled = true);
    const scrollKey = (e: KeyboardEvent) => {
      if (['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) personScrolled = true;
    };
    // A wheel, a finger, a press (a scrollbar dragged, a click in the view) or a scrolling key.
    const gestures = ['wheel', 'touchmove', 'pointerdown'] as const;
    for (const g of gestures) window.addEventListener(g, scrolled, { passive: true });
    window.addEventListener('keydown', scrollKey);
    const mark = () => {
      placed = false;
      for (const el of document.querySelectorAll(`[${ATTRIBUTE}]`)) {
        if (!ids.includes(el.getAttribute('data-testid') ?? '')) el.removeAttribute(ATTRIBUTE);
      }
      for (const id of ids)
        for (const el of document.querySelectorAll(`[data-testid="${CSS.escape(id)}"]`)) {
          el.setAttribute(ATTRIBUTE, '');
          if (!placed && !personScrolled) {
            placed = true;
            const view = visibleRoom(el);
            const box = el.getBoundingClientRect();
            const tall = box.height + 2 * AROUND_PX > view.bottom - view.top;
            // Taller than the room: its top goes to the top ('nearest' would leave it where it is).
            // Otherwise it comes in with what is drawn around it (a node's name and badges sit
            // outside its circle), which lessons.css keeps as the highlight's scroll margin.
            const topOut = box.top < view.top + AROUND_PX - 1 || box.top > view.bottom - 24;
            if (topOut || (!tall && box.bottom > view.bottom - AROUND_PX + 1))
              el.scrollIntoView({ block: tall ? 'start' : 'nearest' });
          }
        }
    };
    mark();
    const timer = window.setInterval(mark, RENEW_MS);
    return () => {
      for (const g of gestures) window.removeEventListener(g, scrolled);
      window.removeEventListener('keydown', scrollKey);
      window.clearInterval(timer);
      for (const el of document.querySelectorAll(`[${ATTRIBUTE}]`)) el.removeAttribute(ATTRIBUTE);
    };
  }, [key]);
}

/**
 * Where `el` can be seen: the window, narrowed to the view panel that scrolls it (an element can
 * be inside the window yet scrolled out of its panel, or cut at the panel's top).
 */
export function visibleRoom(el: Element): { top: number; bottom: number } {
  const panel = el.closest('#view-panel')?.getBoundingClientRect();
  return { top: Math.max(0, panel?.top ?? 0), bottom: Math.min(window.innerHeight, panel?.bottom ?? window.innerHeight) };
}
