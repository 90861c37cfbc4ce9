/**
 * The space-time view (Dynamo §4.5–4.7 over time): the live run's messages as arrows between node
 * lanes, following the playhead; below it the selected message's payload, the request inspector,
 * the key inspector and what each node believes of the others (§4.8).
 */
import { useCallback, useMemo } from 'react';
import { KeyInspector } from '../inspect/KeyInspector.tsx';
import { MembershipCard } from '../inspect/MembershipCard.tsx';
import { RequestInspector } from '../inspect/RequestInspector.tsx';
import { buildMessageLog } from '../spacetime/message-log.ts';
import { PayloadCard } from '../spacetime/PayloadCard.tsx';
import { SpaceTimeDiagram } from '../spacetime/SpaceTimeDiagram.tsx';
import '../spacetime/space-time.css';
import { useAppStore } from '../store/store.ts';
import { TRAFFIC_CLASSES, TRAFFIC_COLOURS, TRAFFIC_LABELS } from '../theme/traffic-palette.ts';
import { messageBodies } from '../live/message-bodies.ts';

export function SpaceTimeView() {
  const snapshot = useAppStore((s) => s.snapshot);
  const traceLog = useAppStore((s) => s.traceLog);
  const selectedOpId = useAppStore((s) => s.selectedOpId);
  const selectedMessageId = useAppStore((s) => s.selectedMessageId);
  const spanMs = useAppStore((s) => s.spaceTimeSpanMs);
  const following = useAppStore((s) => s.spaceTimeWindow === null);
  const followPlayhead = useAppStore((s) => s.followPlayhead);

  const bodyOf = useCallback((id: number) => messageBodies.get(id), []);

  const dueTimes = useMemo(() => new Map((snapshot?.inFlight ?? []).map((f) => [f.id, f.deliverAtMs])), [snapshot]);
  const log = useMemo(() => buildMessageLog(traceLog, dueTimes), [traceLog, dueTimes]);
  const nodes = useMemo(() => (snapshot?.nodes ?? []).map((n) => n.id), [snapshot?.nodes]);
  const highlighted = useMemo(() => {
    const ids = new Set<number>(selectedOpId === null ? [] : (log.operationsById.get(selectedOpId)?.messageIds ?? []));
    if (selectedMessageId !== null) ids.add(selectedMessageId);
    return ids;
  }, [log, selectedOpId, selectedMessageId]);

  if (!snapshot) {
    return (
      <section className="spacetime-view" data-testid="space-time-view" data-state="waiting">
        <p className="help">Waiting for the run to start…</p>
      </section>
    );
  }
  const nowMs = snapshot.status.nowMs;
  return (
    <section className="spacetime-view" data-testid="space-time-view" aria-label="Space-time diagram">
      <div className="spacetime-toolbar">
        <div className="span-buttons" role="group" aria-label="Time span shown">
          {[20, 120, 1000, 5000].map((ms) => (
            <button key={ms} type="button" className="button" aria-pressed={following && spanMs === ms} onClick={() => followPlayhead(ms)}>
              {ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}
            </button>
          ))}
          {!following && (
            <button type="button" className="button" data-testid="space-time-follow" onClick={() => followPlayhead()}>
              Follow now
            </button>
          )}
        </div>
        <ul className="traffic-legend" aria-label="Traffic classes">
          {TRAFFIC_CLASSES.map((c) => (
            <li key={c}>
              <span className="swatch" style={{ background: TRAFFIC_COLOURS[c] }} /> {TRAFFIC_LABELS[c]}
            </li>
          ))}
          <li>✕ dropped</li>
        </ul>
      </div>
      <SpaceTimeDiagram log={log} nodes={nodes} nowMs={nowMs} highlighted={highlighted} />
      <p className="help">Wheel: zoom around the pointer · drag or shift+wheel: scroll in time · with many nodes, wheel over the lane names or drag up and down: scroll the lanes · bars under “clients” are operations (green ok, red failed, amber stale, grey still running).</p>
      <div className="inspect-row">
        <PayloadCard log={log} bodyOf={bodyOf} />
        <RequestInspector log={log} bodyOf={bodyOf} />
        <KeyInspector />
        <MembershipCard Heading="h3" className="inspect-card" />
      </div>
    </section>
  );
}
