/** A slider's apply, debounced: the last value given is applied once the slider has rested, so a drag is one intervention. */
import { useCallback, useEffect, useRef } from 'react';

export function useDebounced<T>(apply: (value: T) => void, delayMs = 350): (value: T) => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const applyRef = useRef(apply);
  useEffect(() => {
    applyRef.current = apply;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(
    (value: T) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => applyRef.current(value), delayMs);
    },
    [delayMs],
  );
}
