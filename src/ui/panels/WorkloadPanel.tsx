/**
 * Background traffic (design.md "The world": open-loop workloads with a read/write mix and key
 * popularity uniform or Zipf): start and stop it while the run plays. What runs — the scenario's
 * own workloads and those started here — is read from the scenario and the recorded
 * interventions at the time shown, so it stays right across seeks; Stop stops either kind.
 */
import { useState } from 'react';
import type { Fault } from '../../sim/world-config.ts';
import { workloadSpec } from '../live/run-setup.ts';
import { useActiveScenario } from '../share/active-scenario.ts';
import { useAppStore } from '../store/store.ts';
import { describeWorkloads, runningWorkloads, workloadClientsNote } from './workload-status.ts';

export function WorkloadPanel({ onFault }: { onFault: (fault: Fault) => void }) {
  const [rate, setRate] = useState(50);
  const [readPercent, setReadPercent] = useState(50);
  const [popularity, setPopularity] = useState<'uniform' | 'zipf'>('zipf');
  const interventions = useAppStore((s) => s.snapshot?.interventions);
  const nowMs = useAppStore((s) => s.snapshot?.status.nowMs ?? 0);
  const scenario = useActiveScenario((s) => s.scenario);
  const all = runningWorkloads(scenario, interventions ?? [], nowMs);
  // The fields show what runs (the newest, when several do); Start waits until it is stopped.
  const running = all.at(-1)?.workload ?? null;
  const shown = running
    ? { rate: running.ratePerSec, readPercent: Number((running.readFraction * 100).toFixed(1)), popularity: running.popularity.kind }
    : { rate, readPercent, popularity };
  const started = (interventions ?? []).filter((i) => i.fault.kind === 'workload-start').length;
  const start = () => {
    onFault({
      kind: 'workload-start',
      workload: workloadSpec(`bg${started + 1}`, {
        ratePerSec: rate,
        readFraction: readPercent / 100,
        popularity,
        keyCount: 100,
      }),
    });
  };
  return (
    <section className="side-section" aria-label="Workload">
      <h2>Workload</h2>
      <div className="field-row three">
        <label className="field">
          <span className="field-label">Requests/s</span>
          <input
            className="input"
            type="number"
            min={1}
            max={5000}
            data-testid="workload-rate"
            value={shown.rate}
            disabled={running !== null}
            onChange={(e) => setRate(Math.max(1, Number(e.target.value) || 1))}
          />
        </label>
        <label className="field">
          <span className="field-label">Reads %</span>
          <input
            className="input"
            type="number"
            min={0}
            max={100}
            data-testid="workload-read"
            value={shown.readPercent}
            disabled={running !== null}
            onChange={(e) =>
              setReadPercent(Math.min(100, Math.max(0, Number(e.target.value) || 0)))
            }
          />
        </label>
        <label className="field">
          <span className="field-label">Keys</span>
          <select
            className="input"
            data-testid="workload-popularity"
            value={shown.popularity}
            disabled={running !== null}
            onChange={(e) => setPopularity(e.target.value === 'uniform' ? 'uniform' : 'zipf')}
          >
            <option value="zipf">Zipf</option>
            <option value="uniform">uniform</option>
          </select>
        </label>
      </div>
      <div className="panel-row">
        <button
          type="button"
          className="button primary"
          data-testid="workload-start"
          disabled={running !== null}
          onClick={start}
        >
          Start traffic
        </button>
        <button
          type="button"
          className="button"
          data-testid="workload-stop"
          disabled={running === null}
          onClick={() => {
            for (const { workload } of all) onFault({ kind: 'workload-stop', id: workload.id });
          }}
        >
          Stop
        </button>
        <span
          className="help"
          data-testid="workload-status"
          data-running={running !== null}
          data-source={all.at(-1)?.source}
          title={all.length > 0 ? all.map(({ workload }) => workloadClientsNote(workload)).join('; ') : undefined}
        >
          {describeWorkloads(all)}
        </span>
      </div>
    </section>
  );
}
