/**
 * The saved-scenario library over a store that behaves like IndexedDB: saves are new keys read back
 * and compared, corrupt records are listed with their reason and set aside rather than dropped,
 * and a full quota is reported in plain words.
 */
import { describe, expect, it } from 'vitest';
import { lessonById } from '../../../src/scenario/lessons/lessons.ts';
import {
  deleteFromLibrary,
  LibraryError,
  listLibrary,
  saveToLibrary,
  setAside,
  type RecordStore,
} from '../../../src/ui/library/scenario-library.ts';
import { RECORD_FORMAT } from '../../../src/ui/library/saved-scenario.ts';

class MemoryStore implements RecordStore {
  readonly map = new Map<string, unknown>();
  failWith: Error | null = null;
  entries = () =>
    Promise.resolve(
      [...this.map.entries()].map(([k, v]) => [k, structuredClone(v)] as [string, unknown]),
    );
  get = (key: string) => Promise.resolve(structuredClone(this.map.get(key)));
  add = (key: string, value: unknown) => {
    if (this.failWith) return Promise.reject(this.failWith);
    if (this.map.has(key)) return Promise.reject(new Error(`key ${key} exists`));
    this.map.set(key, structuredClone(value));
    return Promise.resolve();
  };
  move = (from: string, to: string) => {
    this.map.set(to, this.map.get(from));
    this.map.delete(from);
    return Promise.resolve();
  };
  delete = (key: string) => {
    this.map.delete(key);
    return Promise.resolve();
  };
}

const scenario = lessonById('vector-clocks')!.scenario;
const at = '2024-05-01T10:00:00.000Z';

describe('the scenario library', () => {
  it('saves a run, reads it back checked, and lists it', async () => {
    const store = new MemoryStore();
    const interventions = [
      { afterEvents: 12, atMs: 800, fault: { kind: 'crash' as const, node: 'n2' } },
    ];
    await saveToLibrary(store, {
      id: 'a',
      name: ' Cart ',
      savedAt: at,
      scenario,
      atMs: 1500,
      interventions,
    });
    const [item] = await listLibrary(store);
    expect(item).toMatchObject({
      kind: 'saved',
      key: 'scenario:a',
      record: { name: 'Cart', atMs: 1500, interventions },
    });
  });

  it('never overwrites: saving under an existing id fails and keeps the old record', async () => {
    const store = new MemoryStore();
    await saveToLibrary(store, { id: 'a', name: 'first', savedAt: at, scenario });
    await expect(
      saveToLibrary(store, { id: 'a', name: 'second', savedAt: at, scenario }),
    ).rejects.toThrow('Could not save "second"');
    expect((await listLibrary(store)).map((i) => i.kind === 'saved' && i.record.name)).toEqual([
      'first',
    ]);
  });

  it('lists a corrupt record with its reason and sets it aside on request, keeping its bytes', async () => {
    const store = new MemoryStore();
    await saveToLibrary(store, { id: 'good', name: 'good', savedAt: at, scenario });
    store.map.set('scenario:bad', {
      format: RECORD_FORMAT,
      recordVersion: 1,
      id: 'bad',
      name: 'x',
      savedAt: at,
      scenario: { version: 1, cluster: { N: 9 } },
    });
    store.map.set('scenario:future', { format: RECORD_FORMAT, recordVersion: 7 });
    const items = await listLibrary(store);
    expect(items.map((i) => i.kind).sort()).toEqual(['corrupt', 'corrupt', 'saved']);
    const bad = items.find((i) => i.key === 'scenario:bad');
    expect(bad).toMatchObject({
      kind: 'corrupt',
      reason: expect.stringContaining('scenario.cluster') as string,
    });
    expect(items.find((i) => i.key === 'scenario:future')).toMatchObject({
      reason: expect.stringContaining('reads version 1, the record is version 7') as string,
    });
    await setAside(store, 'scenario:bad');
    const after = await listLibrary(store);
    expect(after.find((i) => i.key === 'aside:bad')).toMatchObject({
      kind: 'aside',
      raw: { id: 'bad' },
    });
    expect(after.some((i) => i.key === 'scenario:bad')).toBe(false);
  });

  it('reports a full quota in plain words', async () => {
    const store = new MemoryStore();
    store.failWith = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const saving = saveToLibrary(store, { id: 'a', name: 'big', savedAt: at, scenario });
    await expect(saving).rejects.toBeInstanceOf(LibraryError);
    await expect(saving).rejects.toThrow('storage for this site is full');
  });

  it('refuses a save without a name, naming the field', async () => {
    await expect(
      saveToLibrary(new MemoryStore(), { id: 'a', name: '  ', savedAt: at, scenario }),
    ).rejects.toThrow('name: give the scenario a name');
  });

  it('deletes only what it is asked to', async () => {
    const store = new MemoryStore();
    await saveToLibrary(store, { id: 'a', name: 'a', savedAt: at, scenario });
    await saveToLibrary(store, {
      id: 'b',
      name: 'b',
      savedAt: '2024-05-02T10:00:00.000Z',
      scenario,
    });
    await deleteFromLibrary(store, 'scenario:a');
    expect((await listLibrary(store)).map((i) => i.key)).toEqual(['scenario:b']);
  });
});
