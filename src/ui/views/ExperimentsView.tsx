/**
 * The experiments view (Dynamo §4.5, §4.6, §6.2, §6.3): pick a study and a preset, run it in a
 * Web Worker with a progress bar and a cancel button beside its status line (at the top of the
 * results, in view however long the form), and read its charts and numbers — the same
 * ones `npm run cli -- experiment …` prints for the same seed.
 */
import { useMemo } from 'react';
import type { ExperimentName } from '../../runtime/browser/experiment-api.ts';
import { ExperimentForm } from '../experiments/ExperimentForm.tsx';
import { ExperimentResults } from '../experiments/ExperimentResults.tsx';
import { ExperimentCli } from '../experiments/ExperimentCli.tsx';
import { checkForm, cliArguments } from '../experiments/experiment-forms.ts';
import { RunProgress } from '../experiments/RunProgress.tsx';
import { useExperimentForms } from '../experiments/experiment-form-store.ts';
import { useExperimentRun, type FinishedRun, type RunState } from '../experiments/use-experiment-run.ts';
import '../experiments/experiments.css';

const EXPERIMENTS: readonly { id: ExperimentName; label: string; question: string }[] = [
  {
    id: 'staleness',
    label: 'Staleness',
    question: 'How long after a write can a read still miss it, for each N, R, W? (§4.5, PBS)',
  },
  {
    id: 'partitioning',
    label: 'Partitioning',
    question:
      'How evenly do the three strategies spread load, for how much metadata? (§6.2, Figure 8)',
  },
  {
    id: 'divergence',
    label: 'Divergence',
    question: 'How many versions does a read return with concurrent writers and failures? (§6.3)',
  },
  {
    id: 'availability',
    label: 'Availability',
    question: 'How many requests succeed under failures with a sloppy or a strict quorum? (§4.6)',
  },
];

export function ExperimentsView() {
  const experiment = useExperimentForms((s) => s.experiment);
  const form = useExperimentForms((s) => s.forms[s.experiment]);
  const { choose, edit } = useExperimentForms.getState();
  const { state, latest, run, cancel } = useExperimentRun();
  const check = useMemo(() => checkForm(experiment, form.values), [experiment, form.values]);
  const running = state.phase === 'running';
  // This experiment's run, if the latest was of it, and its last results (kept through a new run,
  // a cancel or a failure, and shown only under its own tab).
  const mine = state.phase !== 'idle' && state.request.experiment === experiment ? state : undefined;
  const shownRun = latest[experiment];
  const workerProblem = mine?.phase === 'finished' && mine.outcome.kind === 'invalid' ? mine.outcome : undefined;
  const problem = check.ok ? workerProblem : check;
  const about = EXPERIMENTS.find((e) => e.id === experiment);

  return (
    <section className="experiments" data-testid="experiments-view" aria-label="Experiments">
      <div className="experiment-setup">
        <div className="experiment-picker" role="tablist" aria-label="Experiment">
          {EXPERIMENTS.map((e) => (
            <button
              key={e.id}
              type="button"
              role="tab"
              aria-selected={e.id === experiment}
              className={`button${e.id === experiment ? ' primary' : ''}`}
              data-testid={`experiment-tab-${e.id}`}
              disabled={running}
              onClick={() => choose(e.id)}
            >
              {e.label}
            </button>
          ))}
        </div>
        <p className="experiment-question">{about?.question}</p>
        <ExperimentForm
          experiment={experiment}
          values={form.values}
          presetId={form.presetId}
          problem={problem}
          disabled={running}
          onChange={(values, presetId) => edit(experiment, { values, presetId })}
        />
        <div className="experiment-actions">
          <button
            type="button"
            className="button primary"
            data-testid="experiment-run"
            disabled={running || !check.ok}
            onClick={() => check.ok && run(check.request)}
          >
            Run
          </button>
          {running ? (
            <span className="help" data-testid="experiment-run-percent">
              Running… {Math.floor(state.progress * 100)} %
            </span>
          ) : mine?.phase === 'finished' && mine.outcome.kind !== 'done' ? (
            <span className="help" data-testid="experiment-run-note">
              {mine.outcome.kind === 'cancelled' ? 'Cancelled.' : 'Not finished: see why beside.'}
              {shownRun ? ' The last results stay.' : ''}
            </span>
          ) : null}
        </div>
        <p className="help">The same run from a terminal:</p>
        <ExperimentCli args={cliArguments(experiment, form.values)} />
      </div>
      <div className="experiment-output">
        <div className="experiment-status-bar" data-testid="experiment-status-bar">
          <div aria-live="polite">
            <RunStatus state={mine} shown={shownRun} />
          </div>
          {state.phase === 'running' ? (
            <RunProgress progress={state.progress} cancelling={state.cancelling} onCancel={cancel} />
          ) : null}
        </div>
        {shownRun ? <ExperimentResults report={shownRun.report} /> : null}
      </div>
    </section>
  );
}

function finishedText(run: FinishedRun): string {
  return `${run.report.experiment}, seed ${run.report.options.seed}: finished in ${(run.elapsedMs / 1000).toFixed(1)} s.`;
}

/**
 * The status of this experiment's latest run, or of its last results when the latest run was of
 * another experiment; a run that did not finish says the results shown are the earlier ones.
 */
function RunStatus({ state, shown }: { state: Exclude<RunState, { phase: 'idle' }> | undefined; shown: FinishedRun | undefined }) {
  const earlier = shown ? ' The results below are from the last run that finished.' : '';
  if (state === undefined)
    return shown ? (
      <p className="help" data-testid="experiment-status" data-status="done">
        {finishedText(shown)}
      </p>
    ) : (
      <p className="help" data-testid="experiment-status" data-status="idle">
        Pick a preset and press Run. Runs happen in a Web Worker; the page stays usable.
      </p>
    );
  if (state.phase === 'running') {
    return (
      <p className="help" data-testid="experiment-status" data-status="running">
        Running {state.request.experiment}, seed {state.request.options.seed}…{earlier}
      </p>
    );
  }
  const { outcome } = state;
  const text =
    outcome.kind === 'done'
      ? finishedText({ report: outcome.report, elapsedMs: state.elapsedMs })
      : outcome.kind === 'cancelled'
        ? `Cancelled: the run stopped at its next progress check.${earlier}`
        : outcome.kind === 'invalid'
          ? `Not run: ${outcome.message}${earlier}`
          : `The experiment failed: ${outcome.message}${earlier}`;
  return (
    <p
      className={outcome.kind === 'failed' ? 'field-error' : 'help'}
      data-testid="experiment-status"
      data-status={outcome.kind}
    >
      {text}
    </p>
  );
}
