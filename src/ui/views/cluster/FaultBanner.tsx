/**
 * Shown when the run stopped because a node's worker broke (design.md "Hosts": a fault stays in its
 * node): which node, why, and the seed and event index that replay it.
 */
import { useAppStore } from '../../store/store.ts';

export function FaultBanner() {
  const pause = useAppStore((s) => s.faultPause);
  const playback = useAppStore((s) => s.playback);
  const runError = useAppStore((s) => s.runError);
  if (runError !== null) {
    return (
      <div className="fault-banner" role="alert" data-testid="run-error">
        <strong>The simulation stopped:</strong> {runError}
      </div>
    );
  }
  if (pause === null || playback !== 'faulted') return null;
  return (
    <div className="fault-banner" role="alert" data-testid="fault-banner">
      <strong>Paused: node {pause.node} faulted</strong> at {pause.atMs.toFixed(1)} ms —{' '}
      {pause.error}. Replay with seed <span className="mono">{pause.seed}</span>, event{' '}
      <span className="mono">{pause.eventIndex}</span>. Recover the node and press Play to go on.
    </div>
  );
}
