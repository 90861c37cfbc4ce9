/**
 * The example scenarios in the library dialog: each with its description and an Open button that
 * makes it the live run, on the live cluster view unless a live view is already showing.
 */
import { useEffect, useState } from 'react';
import { loadScenario } from '../share/active-scenario.ts';
import { useAppStore } from '../store/store.ts';
import { VIEWS } from '../views.tsx';
import { fetchExample, listExamples, type ExampleEntry } from './example-scenarios.ts';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function ExampleList({ onOpened }: { onOpened: () => void }) {
  const [examples, setExamples] = useState<ExampleEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    listExamples().then(
      (list) => live && setExamples(list),
      (e: unknown) => live && setError(`The examples could not be listed: ${message(e)}`),
    );
    return () => {
      live = false;
    };
  }, []);

  const open = async (entry: ExampleEntry) => {
    setError(null);
    setOpening(entry.file);
    const result = await fetchExample(entry.file);
    setOpening(null);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    const live = VIEWS.find((v) => v.id === useAppStore.getState().activeView)?.live === true;
    const problem = loadScenario(result.scenario, {
      source: 'Example',
      ...(live ? {} : { view: 'cluster' as const }),
    });
    if (problem !== null) setError(problem);
    else onOpened();
  };

  return (
    <section className="example-list" aria-label="Examples">
      <h2>Examples</h2>
      {error ? (
        <p className="field-error" role="alert" data-testid="examples-error">
          {error}
        </p>
      ) : null}
      {examples === null && error === null ? <p className="help">Reading…</p> : null}
      <ul className="library-list" data-testid="examples-list">
        {examples?.map((entry) => (
          <li key={entry.file} data-testid="example-item" data-file={entry.file}>
            <span className="library-item-name">{entry.name}</span>
            <button
              type="button"
              className="button"
              data-testid="example-open"
              disabled={opening !== null}
              onClick={() => void open(entry)}
            >
              {opening === entry.file ? 'Opening…' : 'Open'}
            </button>
            <span className="help example-description">{entry.description}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
