/**
 * Whether an element is on screen (or within `marginPx` of it), for views that ask the running
 * simulation for what they show: out of sight, they need not ask, and a 64-node run's workers
 * are not interrupted for nothing.
 */
import { useEffect, useState, type RefObject } from 'react';

export function useInView(ref: RefObject<Element | null>, marginPx = 200): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      const entry = entries.at(-1);
      if (entry) setInView(entry.isIntersecting);
    }, { rootMargin: `${marginPx}px` });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, marginPx]);
  return inView;
}
