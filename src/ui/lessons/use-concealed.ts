/**
 * Hides the parts of the playground that would answer a lesson step's question before the student
 * has predicted (Dynamo lessons: predict, then watch): elements whose data-testid the step names in
 * `conceal` get a `data-lesson-concealed` attribute, which lessons.css turns into a hatched
 * placeholder, and are hidden from assistive technology too. Views re-render and add elements (a
 * view switched to, a key typed), so the marks are renewed whenever the page's elements change.
 */
import { useEffect } from 'react';

const ATTRIBUTE = 'data-lesson-concealed';
/** The value of ATTRIBUTE on an element this hook also made aria-hidden (so it unhides only those). */
const MADE_ARIA_HIDDEN = 'aria';

export function useConcealed(targets: readonly string[]): void {
  const key = targets.join('\n');
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
}
