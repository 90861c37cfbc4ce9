/**
 * What a partition means for a hand client (Dynamo §4.4: under a partition each side takes writes
 * and the versions meet as siblings after the heal; §4.6): which nodes the client can reach, which
 * coordinators are across the partition, and — when a request got no answer because it went across
 * — a result that says so instead of only "no answer within 2000 ms".
 */
import type { ClientId, NodeId } from '../../core/types.ts';
import type { OpResult } from '../../runtime/browser/simulation-api.ts';
import {
  acrossPartition,
  clientReaches,
  partitionAt,
  type PartitionGroups,
} from '../model/partition-sides.ts';
import { useAppStore } from '../store/store.ts';

const NO_GROUPS: PartitionGroups = [];

/** The partition groups in force now (none: an empty list). */
export function usePartitionGroups(): PartitionGroups {
  return useAppStore((s) => s.snapshot?.network.partitions ?? NO_GROUPS);
}

/**
 * An operation's failure as the results write it: when its request went to a node across the
 * partition in force when it started, that first ("bob cannot reach n1 across the partition"),
 * then the client's own words ("no answer within 2000 ms").
 */
export function FailureText({ op, fallback = 'failed' }: { op: OpResult; fallback?: string }) {
  const faults = useAppStore((s) => s.snapshot?.faults);
  const error = op.error ?? fallback;
  const why = acrossPartition(partitionAt(faults ?? [], op.startMs), op.client, op.sentTo);
  return (
    <span data-testid="failure-text" data-across-partition={why !== undefined}>
      {why === undefined ? error : `${why} (${error})`}
    </span>
  );
}

/** A coordinator as the list names it: marked when it is on the other side of the partition from the client. */
export function coordinatorLabel(groups: PartitionGroups, client: ClientId, node: NodeId): string {
  return clientReaches(groups, client, node) ? node : `${node} (other side)`;
}

/** Under a partition: the nodes this client reaches, and those across it. Nothing otherwise. */
export function ClientReach({
  client,
  members,
  groups,
}: {
  client: ClientId;
  members: readonly NodeId[];
  groups: PartitionGroups;
}) {
  if (groups.length === 0) return null;
  const reached = members.filter((n) => clientReaches(groups, client, n));
  const across = members.filter((n) => !clientReaches(groups, client, n));
  const [are, them] = across.length === 1 ? ['is', 'it'] : ['are', 'them'];
  return (
    <p className="help" data-testid="client-reach">
      {client} reaches {reached.length > 0 ? reached.join(' ') : 'no node'}
      {across.length > 0
        ? `; ${across.join(' ')} ${are} across the partition: a request through ${them} gets no answer.`
        : '.'}
      {reached.length > 0
        ? ` With any node, the load balancer picks one ${client} reaches (§4.5).`
        : ''}
    </p>
  );
}
