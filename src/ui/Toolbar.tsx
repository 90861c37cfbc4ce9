/**
 * The toolbar: the run's seed (every ring and run is a function of it, style.md §5) and a
 * one-line summary of the cluster being shown.
 */
import { useAppStore } from './store/store.ts';
import { MAX_SEED } from './store/settings-validation.ts';
import { FieldError } from './panels/FieldError.tsx';
import { TimeControls } from './TimeControls.tsx';
import { VIEWS } from './views.tsx';

export function Toolbar() {
  const seedText = useAppStore((s) => s.draft.seed);
  const seedError = useAppStore((s) => s.errors.seed);
  const setSetting = useAppStore((s) => s.setSetting);
  const settings = useAppStore((s) => s.settings);
  // Members of the live run's ring once joins and leaves changed it (a left node is out of it).
  const members = useAppStore((s) =>
    s.snapshot === null ? null : s.snapshot.nodes.filter((n) => n.status !== 'left').length,
  );
  const view = useAppStore((s) => VIEWS.find((v) => v.id === s.activeView));
  // The live run's fingerprint: two runs with the same hash made the same events (the same seed and interventions).
  const traceHash = useAppStore((s) => s.snapshot?.status.traceHash);
  const live = view?.live === true;
  const newSeed = () => {
    // A fresh seed is a person's choice, not part of a run, so the browser's randomness is fine here.
    setSetting('seed', String(crypto.getRandomValues(new Uint32Array(1))[0] ?? 0));
  };
  if (view?.ownSettings === true)
    return (
      <div className="toolbar" role="toolbar" aria-label="Run">
        <p className="summary" data-testid="cluster-summary">
          {view.label} run on the settings of their own form, seed included; the cluster settings
          and the seed of the other views do not apply here.
        </p>
      </div>
    );
  const strategyText = settings.strategy === 1 ? `T=${settings.tokensPerNode}` : settings.strategy === 2 ? `T=${settings.tokensPerNode}, Q=${settings.partitionCount}` : `Q=${settings.partitionCount}`;
  return (
    <div className="toolbar" role="toolbar" aria-label="Run">
      <label className="seed-field">
        <span className="field-label">Seed</span>
        <input
          className="input seed-input"
          data-testid="seed-input"
          inputMode="numeric"
          value={seedText}
          aria-invalid={seedError !== undefined}
          aria-describedby={seedError ? 'error-seed' : undefined}
          onChange={(e) => setSetting('seed', e.target.value)}
          title={`Any whole number from 0 to ${MAX_SEED}`}
        />
      </label>
      <button type="button" className="button" data-testid="new-seed" onClick={newSeed}>
        New seed
      </button>
      <FieldError field="seed" message={seedError} />
      {live ? <TimeControls /> : null}
      <p className="summary" data-testid="cluster-summary">
        {settings.nodes.length} nodes
        {live && members !== null && members !== settings.nodes.length ? ` (${members} in the ring now)` : ''} · strategy {settings.strategy} ({strategyText}) · N={settings.N} R={settings.R} W={settings.W} · {settings.quorumMode} quorum ·{' '}
        {settings.conflictResolution === 'lww' ? 'last-writer-wins' : 'siblings'}
        {live && traceHash ? (
          <>
            {' · '}
            <span
              className="trace-hash"
              data-testid="trace-hash"
              title="Trace hash: a fingerprint of every event so far. The same seed and the same interventions give the same hash, in one worker or a worker per node."
            >
              trace {traceHash}
            </span>
          </>
        ) : null}
      </p>
    </div>
  );
}
