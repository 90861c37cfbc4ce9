/**
 * Keeps an answer from the running simulation current while the run moves: asks the run
 * controller again when the trace has grown, at most a few times a second, and never with a
 * question still unanswered. `key` names the question: a new key asks at once, and the answer to
 * an old one is never shown for it; a null key asks nothing (a view out of sight).
 */
import { useEffect, useRef, useState } from 'react';
import type { RunController } from '../store/run-slice.ts';
import { useAppStore } from '../store/store.ts';

/** At most this often, ms, unless the caller asks for a slower pace. */
const REFRESH_MS = 250;

export interface RunAnswer<T> {
  value: T | null;
  error: string | null;
}

export function useRunQuery<T>(
  key: string | null,
  ask: (controller: RunController, key: string) => Promise<T>,
  refreshMs = REFRESH_MS,
): RunAnswer<T> {
  const controller = useAppStore((s) => s.controller);
  const traceCount = useAppStore((s) => s.snapshot?.status.traceCount ?? 0);
  const [state, setState] = useState<{ key: string | null; value: T | null; error: string | null }>({ key: null, value: null, error: null });
  const pending = useRef(false);
  const lastAsked = useRef({ key: null as string | null, atMs: -Infinity, traceCount: -1 });
  const askRef = useRef(ask);
  askRef.current = ask;
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    if (key === null || controller === null) return;
    const last = lastAsked.current;
    if (last.key === key && last.traceCount === traceCount) return;
    if (pending.current) return;
    const now = performance.now();
    const wait = last.key === key ? refreshMs - (now - last.atMs) : 0;
    if (wait > 0) {
      const timer = setTimeout(() => setRetry((r) => r + 1), wait);
      return () => clearTimeout(timer);
    }
    pending.current = true;
    lastAsked.current = { key, atMs: now, traceCount };
    askRef
      .current(controller, key)
      .then((value) => setState({ key, value, error: null }))
      .catch((error: unknown) => setState({ key, value: null, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        pending.current = false;
        setRetry((r) => r + 1);
      });
  }, [key, controller, traceCount, retry, refreshMs]);

  return state.key === key ? state : { value: null, error: null };
}
