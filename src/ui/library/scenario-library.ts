/**
 * The library of saved scenarios over any key-value store (IndexedDB in the browser, a map in
 * tests). Each save is one new key written in one transaction — never an overwrite — then read back
 * and compared. Listing checks every record: corrupt ones are shown with their reason and can be
 * set aside (moved, in one transaction, under `aside:`), where they stay until deleted by hand.
 * Storage quota errors are reported in plain words.
 */
import { checkRecord, makeRecord, type SavedScenario } from './saved-scenario.ts';
import type { Intervention } from '../../runtime/browser/simulation-api.ts';
import type { Scenario } from '../../scenario/scenario-schema.ts';

export interface RecordStore {
  entries(): Promise<[string, unknown][]>;
  get(key: string): Promise<unknown>;
  /** Adds a new key; fails if the key exists (a save never overwrites). */
  add(key: string, value: unknown): Promise<void>;
  /** Moves a value to a new key in one transaction. */
  move(from: string, to: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export class LibraryError extends Error {}

const SAVED = 'scenario:';
const ASIDE = 'aside:';

export type LibraryItem =
  | { kind: 'saved'; key: string; record: SavedScenario }
  | { kind: 'corrupt'; key: string; reason: string; raw: unknown }
  | { kind: 'aside'; key: string; raw: unknown };

/** Every record, newest first; corrupt and set-aside ones included, never hidden. */
export async function listLibrary(store: RecordStore): Promise<LibraryItem[]> {
  const all = await guard(() => store.entries(), 'read the library');
  const items: LibraryItem[] = [];
  for (const [key, raw] of all) {
    if (key.startsWith(ASIDE)) items.push({ kind: 'aside', key, raw });
    else if (key.startsWith(SAVED)) {
      const checked = checkRecord(raw);
      items.push(
        checked.ok
          ? { kind: 'saved', key, record: checked.record }
          : { kind: 'corrupt', key, reason: checked.reason, raw },
      );
    } else items.push({ kind: 'corrupt', key, reason: `unknown key "${key}"`, raw });
  }
  const order = (i: LibraryItem) => (i.kind === 'saved' ? i.record.savedAt : '');
  return items.sort((a, b) => order(b).localeCompare(order(a)) || a.key.localeCompare(b.key));
}

export async function saveToLibrary(
  store: RecordStore,
  input: {
    id: string;
    name: string;
    savedAt: string;
    scenario: Scenario;
    atMs?: number;
    interventions?: readonly Intervention[];
  },
): Promise<SavedScenario> {
  const name = input.name.trim();
  if (name === '') throw new LibraryError('name: give the scenario a name to save it under');
  const record = makeRecord({ ...input, name });
  const key = SAVED + record.id;
  await guard(() => store.add(key, record), `save "${name}"`);
  const back = await guard(() => store.get(key), `read back "${name}"`);
  if (JSON.stringify(back) !== JSON.stringify(record))
    throw new LibraryError(
      `"${name}" was saved but did not read back the same; it is listed as it was stored`,
    );
  return record;
}

/** Moves a corrupt record out of the way, keeping it (its bytes may still be worth something). */
export async function setAside(store: RecordStore, key: string): Promise<string> {
  const to = ASIDE + key.slice(key.indexOf(':') + 1);
  await guard(() => store.move(key, to), 'set the record aside');
  return to;
}

export async function deleteFromLibrary(store: RecordStore, key: string): Promise<void> {
  await guard(() => store.delete(key), 'delete the record');
}

function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

async function guard<T>(work: () => Promise<T>, what: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LibraryError) throw error;
    if (isQuotaError(error))
      throw new LibraryError(
        `Could not ${what}: the browser’s storage for this site is full. Delete saved scenarios or export them as files.`,
      );
    throw new LibraryError(
      `Could not ${what}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
