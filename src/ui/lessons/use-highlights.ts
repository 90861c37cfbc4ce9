/**
 * Draws attention to the parts of the playground a lesson step names (data-testid values such as
 * `node-n4`, `hints-n1`, `key-inspector`): they get a `data-lesson-highlight` attribute that
 * lessons.css outlines, and the first is scrolled into view if it is off screen. Views re-render
 * and replace elements, so the marks are renewed twice a second.
 */
import { useEffect } from 'react';

const ATTRIBUTE = 'data-lesson-highlight';
const RENEW_MS = 500;

export function useHighlights(targets: readonly string[]): void {
  const key = targets.join('\n');
  useEffect(() => {
    const ids = key === '' ? [] : key.split('\n');
    // The step's first part found is brought into view once, if it lies wholly off screen (a key
    // inspector below the fold): the narration points at it.
    let shown = false;
    const mark = () => {
      for (const el of document.querySelectorAll(`[${ATTRIBUTE}]`)) {
        if (!ids.includes(el.getAttribute('data-testid') ?? '')) el.removeAttribute(ATTRIBUTE);
      }
      for (const id of ids)
        for (const el of document.querySelectorAll(`[data-testid="${CSS.escape(id)}"]`)) {
          el.setAttribute(ATTRIBUTE, '');
          if (!shown) {
            shown = true;
            const box = el.getBoundingClientRect();
            if (box.bottom < 0 || box.top > window.innerHeight) el.scrollIntoView({ block: 'nearest' });
          }
        }
    };
    mark();
    const timer = window.setInterval(mark, RENEW_MS);
    return () => {
      window.clearInterval(timer);
      for (const el of document.querySelectorAll(`[${ATTRIBUTE}]`)) el.removeAttribute(ATTRIBUTE);
    };
  }, [key]);
}
