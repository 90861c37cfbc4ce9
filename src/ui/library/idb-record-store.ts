/** The saved-scenario library's store in the browser: one IndexedDB object store through idb-keyval. */
import { createStore, entries, get, del, promisifyRequest, type UseStore } from 'idb-keyval';
import type { RecordStore } from './scenario-library.ts';

export function idbRecordStore(dbName = 'dynamo-playground', storeName = 'library'): RecordStore {
  let db: UseStore | undefined;
  const store = () => (db ??= createStore(dbName, storeName));
  return {
    entries: () => entries<string, unknown>(store()),
    get: (key) => get(key, store()),
    // `add`, unlike `put`, fails on an existing key, inside the same transaction.
    add: (key, value) =>
      store()('readwrite', (s) =>
        promisifyRequest(s.add(value, key)).then(() => promisifyRequest(s.transaction)),
      ),
    move: (from, to) =>
      store()('readwrite', async (s) => {
        const value: unknown = await promisifyRequest(s.get(from));
        if (value === undefined) throw new Error(`no record ${from}`);
        s.add(value, to);
        s.delete(from);
        await promisifyRequest(s.transaction);
      }),
    delete: (key) => del(key, store()),
  };
}
