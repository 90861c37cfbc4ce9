/**
 * Hides the parts of the playground that would answer a lesson step's question before the student
 * has predicted (Dynamo lessons: predict, then watch): elements whose data-testid the step names in
 * `conceal` get a `data-lesson-concealed` attribute, which lessons.css turns into a hatched
 * placeholder, and are hidden from assistive technology too. Views re-render and add elements (a
 * view switched to, a key typed), so the marks are renewed whenever the page's elements change.
 *
 * A hidden part can be out of sight (a card below the fold of the side column), where the note
 * about hatched parts would point at nothing: the hook answers which are, by name, so the lesson
 * can offer to bring them into view.
 */
import { useEffect, useState } from 'react';
import { visibleRoom } from './use-highlights.ts';

const ATTRIBUTE = 'data-lesson-concealed';
/** The value of ATTRIBUTE on an element this hook also made aria-hidden (so it unhides only those). */
const MADE_ARIA_HIDDEN = 'aria';

/** A concealed part out of sight: its data-testid, and the name a person knows it by (its label or heading). */
export interface OutOfSight {
  readonly testId: string;
  /** Its label or heading; undefined for a part without one (a figure in a card). */
  readonly name: string | undefined;
  readonly where: 'above' | 'below';
}

const NONE: readonly OutOfSight[] = [];

export function useConcealed(targets: readonly string[]): readonly OutOfSight[] {
  const key = targets.join('\n');
  const [outOfSight, setOutOfSight] = useState<readonly OutOfSight[]>(NONE);
  useEffect(() => {
    if (key === '') {
      setOutOfSight(NONE);
      return;
    }
    const ids = key.split('\n');
    let shown = '';
    const look = () => {
      const found = ids.flatMap((id) => {
        const el = document.querySelector(`[data-testid="${CSS.escape(id)}"]`);
        const where = el === null ? undefined : outOfSightWhere(el);
        return el !== null && where !== undefined ? [{ testId: id, name: nameOf(el), where }] : [];
      });
      const seen = found.map((f) => `${f.testId} ${f.where}`).join('\n');
      if (seen !== shown) {
        shown = seen;
        setOutOfSight(found.length === 0 ? NONE : found);
      }
    };
    look();
    // Layout moves as views render (twice a second is soon enough for a note) and as the page
    // or a panel scrolls (looked at once a frame).
    const timer = window.setInterval(look, 500);
    let frame = 0;
    const scrolled = () => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          look();
        });
    };
    window.addEventListener('scroll', scrolled, { capture: true, passive: true });
    return () => {
      window.clearInterval(timer);
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', scrolled, { capture: true });
    };
  }, [key]);
  useEffect(() => {
    const ids = key === '' ? [] : key.split('\n');
    const reveal = (el: Element) => {
      if (el.getAttribute(ATTRIBUTE) === MADE_ARIA_HIDDEN) el.removeAttribute('aria-hidden');
      el.removeAttribute(ATTRIBUTE);
    };
    const mark = () => {
      for (const el of document.querySelectorAll(`[${ATTRIBUTE}]`))
        if (!ids.includes(el.getAttribute('data-testid') ?? '')) reveal(el);
      for (const id of ids)
        for (const el of document.querySelectorAll(`[data-testid="${CSS.escape(id)}"]`)) {
          if (el.hasAttribute(ATTRIBUTE)) continue;
          const ownAriaHidden = el.hasAttribute('aria-hidden');
          if (!ownAriaHidden) el.setAttribute('aria-hidden', 'true');
          el.setAttribute(ATTRIBUTE, ownAriaHidden ? '' : MADE_ARIA_HIDDEN);
        }
    };
    mark();
    if (ids.length === 0) return;
    // Marking changes attributes only, so it does not wake the observer again.
    const observer = new MutationObserver(mark);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      for (const el of document.querySelectorAll(`[${ATTRIBUTE}]`)) reveal(el);
    };
  }, [key]);
  return outOfSight;
}

/** Brings the part named `testId` into view, as its out-of-sight note offers. */
export function showConcealed(testId: string): void {
  document.querySelector(`[data-testid="${CSS.escape(testId)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

/** Where `el` is when none of it is inside the window and the view panel that scrolls it; undefined when some is (or it is not laid out). */
function outOfSightWhere(el: Element): 'above' | 'below' | undefined {
  const box = el.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) return undefined;
  const { top, bottom } = visibleRoom(el);
  if (box.top >= bottom) return 'below';
  if (box.bottom <= top) return 'above';
  return undefined;
}

function nameOf(el: Element): string | undefined {
  const label = (el.getAttribute('aria-label') ?? el.querySelector('h2, h3, h4')?.textContent ?? '').trim();
  return label === '' ? undefined : label;
}
