/**
 * The live cluster (Dynamo §4 at work, design.md "Views"): the configured cluster running for real
 * in the simulation worker — nodes around the ring with their state and hint counts, messages
 * flying in virtual time, failures and client requests made by hand beside it.
 */
import { useCallback, useMemo, useState } from 'react';
import type { NodeId } from '../../core/types.ts';
import type { Fault } from '../../sim/world-config.ts';
import { cycleNode } from '../model/partition-draft.ts';
import { MembershipCard } from '../inspect/MembershipCard.tsx';
import { ClientPanel } from '../panels/ClientPanel.tsx';
import { FaultPanel } from '../panels/FaultPanel.tsx';
import { WorkloadPanel } from '../panels/WorkloadPanel.tsx';
import { useAppStore } from '../store/store.ts';
import '../theme/live.css';
import type { AppState } from '../store/store.ts';
import { ClusterStage, type PartitionDraft, type StageNode } from './cluster/ClusterStage.tsx';
import { FaultBanner } from './cluster/FaultBanner.tsx';
import { NodeMenu } from './cluster/NodeMenu.tsx';
import { TrafficLegend } from './cluster/TrafficLegend.tsx';

/** The nodes as one string, so the view re-renders when a node changes, not on every frame. */
function nodesKey(s: AppState): string {
  const snapshot = s.snapshot;
  if (snapshot === null) return JSON.stringify(s.settings.nodes.map((id) => [id, 'up', 0, null]));
  return JSON.stringify(
    snapshot.nodes.map((n) => [n.id, n.status, snapshot.hintsByNode[n.id] ?? 0, n.error ?? null]),
  );
}

function networkKey(s: AppState): string {
  const network = s.snapshot?.network;
  return JSON.stringify({
    partitions: network?.partitions ?? [],
    cutLinks: network?.cutLinks ?? [],
    slowNodes: network?.slowNodes ?? {},
  });
}

/** Its own component, so the stage and the panels do not re-render with every snapshot. */
function InFlightCount() {
  const count = useAppStore((s) => s.snapshot?.inFlight.length ?? 0);
  return (
    <p className="stage-caption" data-testid="in-flight-count">
      {count} message{count === 1 ? '' : 's'} in flight
    </p>
  );
}

export function ClusterView() {
  const nodesText = useAppStore(nodesKey);
  const networkText = useAppStore(networkKey);
  const intervene = useAppStore((s) => s.intervene);
  const N = useAppStore((s) => s.settings.N);
  const nodes = useMemo<StageNode[]>(
    () =>
      (JSON.parse(nodesText) as [NodeId, StageNode['status'], number, string | null][]).map(
        ([id, status, hints, error]) => ({ id, status, hints, error: error ?? undefined }),
      ),
    [nodesText],
  );
  const network = useMemo(
    () =>
      JSON.parse(networkText) as {
        partitions: string[][];
        cutLinks: { from: string; to: string }[];
        slowNodes: Record<string, number>;
      },
    [networkText],
  );
  const ids = useMemo(() => nodes.map((n) => n.id), [nodes]);
  const liveIds = useMemo(() => nodes.filter((n) => n.status !== 'left').map((n) => n.id), [nodes]);
  const [menu, setMenu] = useState<{ node: NodeId; at: { x: number; y: number } } | null>(null);
  const [draft, setDraft] = useState<PartitionDraft | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const onFault = useCallback(
    (fault: Fault) => {
      setNotice(null);
      intervene(fault).catch((error: unknown) =>
        setNotice(
          `${fault.kind} was not applied: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    },
    [intervene],
  );
  const onNodeClick = useCallback(
    (node: NodeId, at: { x: number; y: number }) => {
      if (draft !== null) {
        // A node that left the ring is on no side: clicking it draws nothing in.
        if (liveIds.includes(node)) setDraft(cycleNode(draft, node));
        return;
      }
      setMenu((open) => (open?.node === node ? null : { node, at }));
    },
    [draft, liveIds],
  );
  const menuNode = menu ? nodes.find((n) => n.id === menu.node) : undefined;

  return (
    <section className="cluster-view" data-testid="cluster-view" aria-label="Live cluster">
      <FaultBanner />
      <div className="cluster-main">
        <div className="cluster-stage-wrap" data-partition-mode={draft !== null}>
          <ClusterStage
            nodes={nodes}
            partitions={network.partitions}
            cutLinks={network.cutLinks}
            draft={draft}
            menuNode={menu?.node ?? null}
            onNodeClick={onNodeClick}
            slowNodes={network.slowNodes}
          />
          {menu && menuNode ? (
            <NodeMenu
              node={menuNode}
              at={menu.at}
              slowFactor={network.slowNodes[menu.node] ?? 1}
              leaveBlocked={
                liveIds.length <= N
                  ? `Removing ${menu.node} would leave ${liveIds.length - 1} nodes, fewer than N = ${N} (§4.9)`
                  : undefined
              }
              onFault={onFault}
              onClose={() => setMenu(null)}
            />
          ) : null}
          <InFlightCount />
          <TrafficLegend />
        </div>
        <div className="cluster-side">
          {notice ? (
            <p className="field-error" role="alert">
              {notice}
            </p>
          ) : null}
          <ClientPanel nodes={liveIds} onFault={onFault} />
          <WorkloadPanel onFault={onFault} />
          <FaultPanel
            nodes={ids}
            members={liveIds}
            draft={draft}
            onDraft={setDraft}
            onFault={onFault}
          />
          <MembershipCard Heading="h2" className="side-section" />
        </div>
      </div>
    </section>
  );
}
