/** The pixel size of an element, kept current with a ResizeObserver. */
import { useEffect, useState } from 'react';
import type { RefObject } from 'react';

export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const update = () => {
      const rect = element.getBoundingClientRect();
      setSize((old) => (old.width === rect.width && old.height === rect.height ? old : { width: rect.width, height: rect.height }));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
