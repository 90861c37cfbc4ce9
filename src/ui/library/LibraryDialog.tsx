/**
 * The saved-scenario library (IndexedDB): save the current run under a name, open or delete what
 * was saved; corrupt records are listed with what is wrong and can be set aside or downloaded,
 * never dropped silently; storage errors, quota included, are shown as they happen. The example
 * scenarios shipped with the app are listed below, to open.
 */
import { useCallback, useEffect, useState } from 'react';
import { downloadText } from '../experiments/export-files.ts';
import { ModalDialog } from '../ModalDialog.tsx';
import { loadScenario } from '../share/active-scenario.ts';
import { currentRun } from '../share/current-run.ts';
import { useAppStore } from '../store/store.ts';
import { VIEWS } from '../views.tsx';
import { ExampleList } from './ExampleList.tsx';
import { idbRecordStore } from './idb-record-store.ts';
import {
  deleteFromLibrary,
  LibraryError,
  listLibrary,
  saveToLibrary,
  setAside,
  type LibraryItem,
  type RecordStore,
} from './scenario-library.ts';

let defaultStore: RecordStore | undefined;
const libraryStore = () => (defaultStore ??= idbRecordStore());

function message(error: unknown): string {
  return error instanceof LibraryError || error instanceof Error ? error.message : String(error);
}

export function LibraryDialog({ onClose }: { onClose: () => void }) {
  const [items, setItems] = useState<LibraryItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [name, setName] = useState(() => currentRun().scenario.name ?? '');

  const refresh = useCallback(() => {
    listLibrary(libraryStore()).then(setItems, (e: unknown) => setError(message(e)));
  }, []);
  useEffect(refresh, [refresh]);

  const act = (work: () => Promise<unknown>, done: string) => {
    setError(null);
    setStatus(null);
    work().then(
      () => {
        setStatus(done);
        refresh();
      },
      (e: unknown) => {
        setError(message(e));
        refresh();
      },
    );
  };

  const save = () => {
    const run = currentRun();
    act(
      () =>
        saveToLibrary(libraryStore(), {
          id: crypto.randomUUID(),
          name,
          savedAt: new Date().toISOString(),
          scenario: { ...run.scenario, name: name.trim() },
          ...(run.atMs === undefined ? {} : { atMs: run.atMs }),
          interventions: run.interventions,
        }),
      `Saved “${name.trim()}”.`,
    );
  };

  const open = (item: Extract<LibraryItem, { kind: 'saved' }>) => {
    const { record } = item;
    const live = VIEWS.find((v) => v.id === useAppStore.getState().activeView)?.live === true;
    const problem = loadScenario(record.scenario, {
      source: 'Saved',
      interventions: record.interventions ?? [],
      atMs: record.atMs ?? 0,
      ...(live ? {} : { view: 'cluster' as const }),
    });
    if (problem !== null) setError(problem);
    else onClose();
  };

  return (
    <ModalDialog
      label="Saved scenarios"
      className="dialog library-dialog"
      testId="library-dialog"
      onClose={onClose}
    >
      <h2>Saved scenarios</h2>
      <form
        className="library-save"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label>
          <span className="field-label">Name</span>
          <input
            className="input"
            data-testid="library-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" className="button primary" data-testid="library-save">
          Save this run
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert" data-testid="library-error">
          {error}
        </p>
      ) : null}
      {status ? (
        <p className="help" role="status" data-testid="library-status">
          {status}
        </p>
      ) : null}
      {items === null ? <p className="help">Reading…</p> : null}
      {items?.length === 0 ? <p className="help">Nothing saved yet.</p> : null}
      <ul className="library-list" data-testid="library-list">
        {items?.map((item) => (
          <li key={item.key} data-testid={`library-item-${item.kind}`} data-key={item.key}>
            {item.kind === 'saved' ? (
              <>
                <span className="library-item-name">{item.record.name}</span>
                <span className="help">
                  {new Date(item.record.savedAt).toLocaleString()}
                  {item.record.atMs ? ` · at ${(item.record.atMs / 1000).toFixed(2)} s` : ''}
                </span>
                <button
                  type="button"
                  className="button"
                  data-testid="library-open"
                  onClick={() => open(item)}
                >
                  Open
                </button>
                <button
                  type="button"
                  className="button"
                  data-testid="library-delete"
                  onClick={() =>
                    act(
                      () => deleteFromLibrary(libraryStore(), item.key),
                      `Deleted “${item.record.name}”.`,
                    )
                  }
                >
                  Delete
                </button>
              </>
            ) : item.kind === 'corrupt' ? (
              <>
                <span className="library-item-name field-error">Damaged record {item.key}</span>
                <span className="help" data-testid="library-corrupt-reason">
                  {item.reason}
                </span>
                <button
                  type="button"
                  className="button"
                  data-testid="library-set-aside"
                  onClick={() =>
                    act(
                      () => setAside(libraryStore(), item.key),
                      `Set ${item.key} aside; it is kept under “set aside”.`,
                    )
                  }
                >
                  Set aside
                </button>
              </>
            ) : (
              <>
                <span className="library-item-name">Set aside: {item.key}</span>
                <button
                  type="button"
                  className="button"
                  data-testid="library-download-aside"
                  onClick={() =>
                    downloadText(
                      JSON.stringify(item.raw, null, 2),
                      `${item.key.replace(/[^A-Za-z0-9-]+/g, '-')}.json`,
                      'application/json',
                    )
                  }
                >
                  Download
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    act(() => deleteFromLibrary(libraryStore(), item.key), `Deleted ${item.key}.`)
                  }
                >
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <ExampleList onOpened={onClose} />
      <button type="button" className="button" data-testid="library-close" onClick={onClose}>
        Close
      </button>
    </ModalDialog>
  );
}
