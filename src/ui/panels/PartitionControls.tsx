/**
 * Drawing a partition by hand and saying which sides are in force (Dynamo §4.4's partition, writes
 * on both sides, heal and siblings; §4.6's hinted handoff meanwhile): nodes go into group A or B or
 * are left out — left out, they form a side of their own, cut off from both groups — and each hand
 * client is placed in A or B, so a person can write on both sides. The status line names every
 * side, in the colour of its nodes' rings on the stage.
 */
import { Fragment } from 'react';
import type { ClientId, NodeId } from '../../core/types.ts';
import type { Fault } from '../../sim/world-config.ts';
import {
  draftFault,
  draftProblem,
  draftSides,
  newDraft,
  toggleClient,
  type DraftSides,
  type PartitionDraft,
} from '../model/partition-draft.ts';
import { partitionSides, sideText, type PartitionGroups } from '../model/partition-sides.ts';
import { groupColour } from '../views/cluster/ClusterStage.tsx';

interface PartitionControlsProps {
  /** The ring's members: the nodes that have not left. */
  members: readonly NodeId[];
  clients: readonly ClientId[];
  partitions: PartitionGroups;
  canHeal: boolean;
  draft: PartitionDraft | null;
  onDraft: (draft: PartitionDraft | null) => void;
  onFault: (fault: Fault) => void;
}

export function PartitionControls({
  members,
  clients,
  partitions,
  canHeal,
  draft,
  onDraft,
  onFault,
}: PartitionControlsProps) {
  const sides = draft ? draftSides(draft, members, clients) : null;
  const problem = sides ? draftProblem(sides) : null;
  return (
    <>
      <div className="panel-row">
        {draft === null || sides === null ? (
          <button
            type="button"
            className="button"
            data-testid="partition-mode"
            onClick={() => onDraft(newDraft(clients))}
          >
            Draw a partition…
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button primary"
              data-testid="partition-apply"
              disabled={problem !== null}
              title={problem ?? undefined}
              onClick={() => {
                onFault(draftFault(sides));
                onDraft(null);
              }}
            >
              Apply partition
            </button>
            <button
              type="button"
              className="button"
              data-testid="partition-cancel"
              onClick={() => onDraft(null)}
            >
              Cancel
            </button>
          </>
        )}
        <button
          type="button"
          className="button"
          data-testid="heal"
          disabled={!canHeal}
          onClick={() => onFault({ kind: 'heal' })}
        >
          Heal all
        </button>
      </div>
      {draft !== null && sides !== null ? (
        <DraftText
          sides={sides}
          problem={problem}
          onToggle={(c) => onDraft(toggleClient(draft, c))}
        />
      ) : null}
      <PartitionStatus partitions={partitions} members={members} clients={clients} />
    </>
  );
}

function DraftText({
  sides,
  problem,
  onToggle,
}: {
  sides: DraftSides;
  problem: string | null;
  onToggle: (client: ClientId) => void;
}) {
  const list = (nodes: readonly NodeId[]) => (nodes.length > 0 ? nodes.join(' ') : '—');
  return (
    <div className="help partition-draft" data-testid="partition-draft">
      <p>
        Click nodes to put them in group A, again for B, again to leave them out. Nodes left out
        form a side of their own, cut off from both groups. Click a client to move it to the other
        group: with a client on each side, both sides take writes (§4.4).
      </p>
      <p data-testid="partition-draft-sides">
        A: {list(sides.A.nodes)} · B: {list(sides.B.nodes)}
        {sides.leftOut.length > 0 ? (
          <span data-testid="partition-draft-left-out">
            {' '}
            · left out, a side of their own: {sides.leftOut.join(' ')}
          </span>
        ) : null}
      </p>
      <p className="panel-row">
        <span>Clients:</span>
        {(['A', 'B'] as const).flatMap((g) =>
          sides[g].clients.map((c) => (
            <button
              key={c}
              type="button"
              className="button small"
              data-testid={`draft-client-${c}`}
              data-group={g}
              title={`${c} stands with group ${g}; click to move it to group ${g === 'A' ? 'B' : 'A'}`}
              onClick={() => onToggle(c)}
            >
              {c}: {g}
            </button>
          )),
        )}
      </p>
      {problem ? (
        <p className="field-hint" data-testid="partition-draft-problem">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

function PartitionStatus({
  partitions,
  members,
  clients,
}: {
  partitions: PartitionGroups;
  members: readonly NodeId[];
  clients: readonly ClientId[];
}) {
  const sides = partitionSides(partitions, members, clients);
  return (
    <p className="status-line" data-testid="partition-status">
      {sides.length === 0 ? 'No partition.' : 'Partitioned: '}
      {sides.map((side, i) => (
        <Fragment key={i}>
          {i > 0 ? ' | ' : null}
          <span
            className="partition-group"
            data-testid="partition-side"
            data-drawn={side.drawn}
            style={{ borderColor: groupColour(i) }}
          >
            {sideText(side)}
          </span>
        </Fragment>
      ))}
      {sides.length === 0 ? null : ' (traffic clients with the first)'}
    </p>
  );
}
