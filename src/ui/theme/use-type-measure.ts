/**
 * A value read from the type as the page renders it under `ref` (a font size, the widest label):
 * read a frame after something that can change the type did — presenter mode, the theme, or
 * `key` (sizes, labels) — not on every render, since reading text lengths forces a layout.
 * A frame later, because presenter mode sets its larger type in an effect of its own.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { usePresenter } from '../presenter/presenter-store.ts';
import { useAppStore } from '../store/store.ts';

export function useTypeMeasure<T>(ref: RefObject<Element | null>, measure: (root: Element) => T, initial: T, key: string): T {
  const presenting = usePresenter((p) => p.presenting);
  const theme = useAppStore((s) => s.theme);
  const [value, setValue] = useState(initial);
  const measureRef = useRef(measure);
  measureRef.current = measure;
  useEffect(() => {
    const id = requestAnimationFrame(() => {
      const root = ref.current;
      if (root === null) return;
      const next = measureRef.current(root);
      // The same reading keeps the old value, so nothing re-renders.
      setValue((now) => (JSON.stringify(now) === JSON.stringify(next) ? now : next));
    });
    return () => cancelAnimationFrame(id);
  }, [ref, presenting, theme, key]);
  return value;
}
