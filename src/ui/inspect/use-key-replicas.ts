/**
 * Keeps a key's replica states (every live node's versions, hints, range and Merkle root) current
 * while the run moves: asks the run controller again when the trace has grown, at most a few times
 * a second, and never with a question still unanswered.
 */
import { useEffect, useRef, useState } from 'react';
import type { KeySnapshot } from '../../core/node.ts';
import type { PreferenceList } from '../../core/types.ts';
import { useAppStore } from '../store/store.ts';

const REFRESH_MS = 250;

export interface KeyReplicasState {
  key: string | null;
  replicas: Record<string, KeySnapshot> | null;
  /** The key's preference list on the run's ring as it is now (after joins and leaves). */
  preference: PreferenceList | null;
  error: string | null;
}

export function useKeyReplicas(key: string | null): KeyReplicasState {
  const controller = useAppStore((s) => s.controller);
  const traceCount = useAppStore((s) => s.snapshot?.status.traceCount ?? 0);
  const [state, setState] = useState<KeyReplicasState>({ key: null, replicas: null, preference: null, error: null });
  const pending = useRef(false);
  const lastAsked = useRef({ key: null as string | null, atMs: -Infinity, traceCount: -1 });
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    if (key === null || controller === null) return;
    const last = lastAsked.current;
    if (last.key === key && last.traceCount === traceCount) return;
    if (pending.current) return;
    const now = performance.now();
    const wait = last.key === key ? REFRESH_MS - (now - last.atMs) : 0;
    if (wait > 0) {
      const timer = setTimeout(() => setRetry((r) => r + 1), wait);
      return () => clearTimeout(timer);
    }
    pending.current = true;
    lastAsked.current = { key, atMs: now, traceCount };
    controller
      .keyReplicas(key)
      .then(({ replicas, preference }) => setState({ key, replicas, preference, error: null }))
      .catch((error: unknown) => setState({ key, replicas: null, preference: null, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        pending.current = false;
        setRetry((r) => r + 1);
      });
  }, [key, controller, traceCount, retry]);

  return state.key === key ? state : { key, replicas: null, preference: null, error: null };
}
