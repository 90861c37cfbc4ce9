/**
 * Keeps a key's replica states (every live node's versions, hints, range and Merkle root) current
 * while the run moves (use-run-query.ts).
 */
import type { KeySnapshot } from '../../core/node.ts';
import type { PreferenceList } from '../../core/types.ts';
import { useRunQuery } from './use-run-query.ts';

export interface KeyReplicasState {
  key: string | null;
  replicas: Record<string, KeySnapshot> | null;
  /** The key's preference list on the run's ring as it is now (after joins and leaves). */
  preference: PreferenceList | null;
  error: string | null;
}

export function useKeyReplicas(key: string | null): KeyReplicasState {
  const { value, error } = useRunQuery(key, (controller, k) => controller.keyReplicas(k));
  return { key, replicas: value?.replicas ?? null, preference: value?.preference ?? null, error };
}
