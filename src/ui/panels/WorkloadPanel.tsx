/**
 * Background traffic (design.md "The world": open-loop workloads with a read/write mix and key
 * popularity uniform or Zipf): start and stop it while the run plays. Whether one is running is
 * read from the recorded interventions, so it stays right across seeks.
 */
import { useState } from 'react';
import type { Fault } from '../../sim/world-config.ts';
import { workloadSpec } from '../live/run-setup.ts';
import { useAppStore } from '../store/store.ts';
import { describeWorkload, runningWorkload, workloadClientsNote } from './workload-status.ts';

export function WorkloadPanel({ onFault }: { onFault: (fault: Fault) => void }) {
  const [rate, setRate] = useState(50);
  const [readPercent, setReadPercent] = useState(50);
  const [popularity, setPopularity] = useState<'uniform' | 'zipf'>('zipf');
  const interventions = useAppStore((s) => s.snapshot?.interventions);
  const running = runningWorkload(interventions ?? []);
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
            value={rate}
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
            value={readPercent}
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
            value={popularity}
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
          onClick={() => running && onFault({ kind: 'workload-stop', id: running.id })}
        >
          Stop
        </button>
        <span
          className="help"
          data-testid="workload-status"
          data-running={running !== null}
          title={running ? workloadClientsNote(running) : undefined}
        >
          {describeWorkload(running)}
        </span>
      </div>
    </section>
  );
}
