/**
 * The header's scenario bar: which scenario the live run plays, and what can be done with the run —
 * share it as a link (or a file, when it is too long for one), export and import scenario JSON,
 * save it in the browser's library, export the view as SVG or PNG, and presenter mode.
 */
import { useRef, useState } from 'react';
import { parseScenarioText, formatScenarioError } from '../../scenario/scenario.ts';
import { useExperimentForms } from '../experiments/experiment-form-store.ts';
import { experimentLinkUrl } from '../experiments/experiment-link.ts';
import { downloadText } from '../experiments/export-files.ts';
import { exportView } from '../export/view-image.ts';
import { LibraryDialog } from '../library/LibraryDialog.tsx';
import { togglePresenter, toggleSheet, usePresenter } from '../presenter/presenter-store.ts';
import { useAppStore } from '../store/store.ts';
import { VIEWS } from '../views.tsx';
import {
  clearScenario,
  dismissNotice,
  loadScenario,
  showNotice,
  useActiveScenario,
} from './active-scenario.ts';
import { currentRun, fileNameOf, runAsScenarioFile } from './current-run.ts';
import { encodeShareParam, fitsInUrl, maxUrlParamLength, shareUrl } from './share-link.ts';
import { viewLinkOf, withViewLink } from './view-link.ts';
import './share.css';

function exportFile(): string {
  const scenario = runAsScenarioFile(currentRun());
  const name = fileNameOf(scenario);
  downloadText(JSON.stringify(scenario, null, 2) + '\n', name, 'application/json');
  return name;
}

export function ScenarioBar() {
  const scenarioName = useActiveScenario((s) => s.scenario?.name ?? null);
  const source = useActiveScenario((s) => s.source);
  const notice = useActiveScenario((s) => s.notice);
  const presenting = usePresenter((s) => s.presenting);
  const [link, setLink] = useState<string | null>(null);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const share = () => {
    if (useAppStore.getState().activeView === 'experiments') return shareExperiment();
    const run = currentRun();
    const param = encodeShareParam(run);
    if (!fitsInUrl(param)) {
      const file = exportFile();
      setLink(null);
      showNotice(
        'info',
        `This run is too long for a link (${param.length} characters; links hold ${maxUrlParamLength}). It was saved as ${file} instead: send the file and open it with Import.`,
      );
      return;
    }
    // The view shown, with what the person set on it (the ring's key and node, the lab's changes).
    const { link, says } = viewLinkOf(useAppStore.getState());
    offerLink(withViewLink(shareUrl(window.location.href, param), link), says);
  };

  /** The link in the address bar and below the bar, copied when the browser lets us. */
  const offerLink = (url: string, says: string) => {
    window.history.replaceState(null, '', url);
    setLink(url);
    navigator.clipboard?.writeText(url).then(
      () => showNotice('info', `Link copied. ${says}`),
      () => showNotice('info', `Copy the link below. ${says}`),
    );
  };

  /** On the Experiments tab, the link carries the study and its form, not the live run. */
  const shareExperiment = () => {
    const { experiment, forms } = useExperimentForms.getState();
    offerLink(
      experimentLinkUrl(window.location.href, experiment, forms[experiment]),
      `It opens the ${experiment} experiment with this form; Run gives the same numbers.`,
    );
  };

  const importFile = async (file: File) => {
    const parsed = parseScenarioText(await file.text());
    if (!parsed.ok) {
      showNotice(
        'error',
        `${file.name} was not loaded — ${formatScenarioError(parsed.error)}. The current run is unchanged.`,
      );
      return;
    }
    const live = VIEWS.find((v) => v.id === useAppStore.getState().activeView)?.live === true;
    // The notice goes on with what the file's schedule passes over and the run it replaced (with Undo).
    const problem = loadScenario(parsed.scenario, {
      source: `File ${file.name}`,
      says: `Loaded ${file.name}${parsed.migratedFrom === undefined ? '' : ` (upgraded from version ${parsed.migratedFrom})`}.`,
      ...(live ? {} : { view: 'cluster' as const }),
    });
    if (problem !== null) showNotice('error', `${file.name} was not loaded — ${problem}`);
  };

  const exportImage = (format: 'svg' | 'png') => {
    const root = document.getElementById('view-panel');
    if (!root) return;
    exportView(root, format, `dynamo-${useAppStore.getState().activeView}`).catch((e: unknown) =>
      showNotice(
        'error',
        `The image could not be made: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  };

  return (
    <div className="scenario-bar" data-testid="scenario-bar">
      {/* The name gives way first (cut short, whole in its tooltip), so the buttons stay on one line. */}
      <span
        className="scenario-name"
        data-testid="scenario-name"
        title={scenarioName ? `${source ? `${source}: ` : ''}${scenarioName}` : undefined}
      >
        {/* The name first, where it was from after it: cut short, the name is what stays. */}
        {scenarioName ? (
          <>
            {scenarioName}
            {source && !scenarioName.startsWith(source) ? (
              <span className="scenario-source"> · {source}</span>
            ) : null}
          </>
        ) : (
          <span className="scenario-source">Your cluster</span>
        )}
      </span>
      {scenarioName ? (
        <button
          type="button"
          className="link-button scenario-clear"
          data-testid="scenario-clear"
          title="Back to the cluster of the settings alone"
          aria-label="Close the scenario: back to the cluster of the settings alone"
          onClick={clearScenario}
        >
          ✕
        </button>
      ) : null}
      <button
        type="button"
        className="button"
        data-testid="share-link"
        onClick={share}
        title="A link that reopens this run exactly: scenario, seed, what you did by hand, the time, and this tab as you left it"
      >
        Share link
      </button>
      <button
        type="button"
        className="button"
        data-testid="scenario-export"
        onClick={() => showNotice('info', `Saved ${exportFile()}.`)}
      >
        Export JSON
      </button>
      <button
        type="button"
        className="button"
        data-testid="scenario-import"
        onClick={() => fileInput.current?.click()}
      >
        Import JSON
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="scenario-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <button
        type="button"
        className="button"
        data-testid="library-open-dialog"
        onClick={() => setLibraryOpen(true)}
      >
        Library
      </button>
      <button
        type="button"
        className="button"
        data-testid="view-export-svg"
        onClick={() => exportImage('svg')}
        title="This view as an SVG picture"
      >
        SVG
      </button>
      <button
        type="button"
        className="button"
        data-testid="view-export-png"
        onClick={() => exportImage('png')}
        title="This view as a PNG picture"
      >
        PNG
      </button>
      <button
        type="button"
        className="button"
        data-testid="presenter-toggle"
        aria-pressed={presenting}
        onClick={(e) => {
          togglePresenter();
          // A clicker's Space must play the run, not press this button again and leave presenter mode.
          e.currentTarget.blur();
        }}
        title="Presenter mode (P)"
      >
        Present
      </button>
      <button
        type="button"
        className="button"
        data-testid="shortcuts-open"
        onClick={toggleSheet}
        title="Keyboard shortcuts (?)"
        aria-label="Keyboard shortcuts"
      >
        ?
      </button>
      {notice ? (
        <p
          className="scenario-notice"
          data-testid="scenario-notice"
          data-tone={notice.tone}
          role={notice.tone === 'error' ? 'alert' : 'status'}
        >
          <span className="notice-text">{notice.text}</span>
          {notice.action ? (
            <button
              type="button"
              className="button small"
              data-testid="scenario-notice-action"
              onClick={notice.action.run}
            >
              {notice.action.label}
            </button>
          ) : null}
          <button
            type="button"
            className="link-button"
            aria-label="Dismiss"
            onClick={dismissNotice}
          >
            ✕
          </button>
        </p>
      ) : null}
      {link ? (
        <input
          className="input share-url"
          data-testid="share-url"
          readOnly
          value={link}
          onFocus={(e) => e.target.select()}
          aria-label="Link to this run"
        />
      ) : null}
      {libraryOpen ? <LibraryDialog onClose={() => setLibraryOpen(false)} /> : null}
    </div>
  );
}
