/**
 * A node's local persistence: a pluggable storage engine holding each key's sibling versions,
 * fronted by the §6.1 object buffer (buffered writes) or written through (durable writes)
 * (Dynamo §5 "Local Persistence", §6.1).
 *
 * The disk image lives outside the node: the host keeps every `DiskWrite` the store reports
 * through `persist`, so a crash is honest. A crash simply drops the LocalStore, and with it the
 * buffer ("a server crash can result in missing writes that were queued up in the buffer");
 * recovery builds a new LocalStore over `diskImageFromWrites(persistedWrites)`.
 */
import type { ConflictResolution, Key, Version, WriteMode } from './types.ts';
import { lastWriterWins } from './conflict-resolution.ts';
import { reconcileOnto, sameObjects } from './versions.ts';

/** §5: "Dynamo's local persistence component allows for different storage engines to be plugged in". */
export interface StorageEngine {
  read(key: Key): readonly Version[] | undefined;
  write(key: Key, versions: readonly Version[]): void;
  remove(key: Key): void;
  keys(): IterableIterator<Key>;
  readonly size: number;
}

/** The in-memory engine: the node's view of its disk, and the host's disk image. */
export class MemoryEngine implements StorageEngine {
  private readonly objects: Map<Key, readonly Version[]>;

  constructor(initial?: Iterable<readonly [Key, readonly Version[]]>) {
    this.objects = new Map(initial);
  }

  read(key: Key): readonly Version[] | undefined {
    return this.objects.get(key);
  }

  write(key: Key, versions: readonly Version[]): void {
    this.objects.set(key, versions);
  }

  remove(key: Key): void {
    this.objects.delete(key);
  }

  keys(): IterableIterator<Key> {
    return this.objects.keys();
  }

  get size(): number {
    return this.objects.size;
  }
}

export interface StoreOptions {
  /** §6.1: 'durable' writes through to disk; 'buffered' holds writes in memory until a flush. */
  writeMode: WriteMode;
  /** Objects the buffer holds; one more forces a flush (§6.1 tried "a thousand objects"). */
  bufferCapacity: number;
  /** 'siblings' keeps every concurrent version; 'lww' keeps only the last writer's. */
  resolution: ConflictResolution;
}

/** One object as it must now stand on disk; empty `versions` means the key was removed. */
export interface DiskWrite {
  key: Key;
  versions: readonly Version[];
}

export interface ApplyResult {
  /** The key's versions after the write (what a get would now return). */
  versions: readonly Version[];
  /** False when the incoming versions added nothing (already held or dominated). */
  changed: boolean;
}

export interface ApplyOptions {
  /**
   * Write through to disk even in buffered mode: the one replica the coordinator picks for the
   * §6.1 "durable write". Defaults to `writeMode === 'durable'`.
   */
  durable?: boolean;
}

// Not frozen: a frozen array has an elements kind of its own, and every loop over versions that
// also met it would run V8's slow polymorphic path. `readonly` keeps it empty.
const NO_VERSIONS: readonly Version[] = [];
const DEFAULT_APPLY: ApplyOptions = Object.freeze({});

/** Rebuild a disk from the writes a host persisted, in order: what a recovering node reads. */
export function diskImageFromWrites(writes: Iterable<DiskWrite>): MemoryEngine {
  const disk = new MemoryEngine();
  for (const { key, versions } of writes) {
    if (versions.length === 0) disk.remove(key);
    else disk.write(key, versions);
  }
  return disk;
}

function assertStoreOptions(options: StoreOptions): void {
  if (options.writeMode !== 'durable' && options.writeMode !== 'buffered') {
    throw new RangeError(
      `options.writeMode must be 'durable' or 'buffered', got ${JSON.stringify(options.writeMode)}`,
    );
  }
  if (!Number.isInteger(options.bufferCapacity) || options.bufferCapacity < 0) {
    throw new RangeError(
      `options.bufferCapacity must be an integer ≥ 0, got ${options.bufferCapacity}`,
    );
  }
  if (options.resolution !== 'siblings' && options.resolution !== 'lww') {
    throw new RangeError(
      `options.resolution must be 'siblings' or 'lww', got ${JSON.stringify(options.resolution)}`,
    );
  }
}

/** One node's objects: each key's reconciled versions, on disk or in the object buffer. */
export class LocalStore {
  private readonly disk: StorageEngine;
  private readonly options: StoreOptions;
  private readonly persist: (write: DiskWrite) => void;
  /** §6.1 object buffer: newer than the disk for the keys it holds. */
  private readonly buffer = new Map<Key, readonly Version[]>();
  /**
   * Keys whose versions this store did not reconcile itself: those on the disk it started from,
   * which may hold anything, until it writes them. Every other key's list is one it reconciled.
   * Kept as the exception rather than the rule, so a store holds no entry per key it wrote.
   */
  private readonly unreconciledKeys: Set<Key>;

  constructor(disk: StorageEngine, options: StoreOptions, persist: (write: DiskWrite) => void) {
    assertStoreOptions(options);
    this.disk = disk;
    this.options = { ...options };
    this.persist = persist;
    this.unreconciledKeys = new Set(disk.keys());
  }

  /** The key's versions; §6.1 "read operations first check if the requested key is present in the buffer". */
  get(key: Key): readonly Version[] {
    const buffered = this.buffer.size === 0 ? undefined : this.buffer.get(key);
    return buffered ?? this.disk.read(key) ?? NO_VERSIONS;
  }

  /**
   * Add versions that arrived for `key` (a coordinator's own write, a replica write, read repair,
   * a handoff or anti-entropy transfer): reconcile them with what is held, keep one winner under
   * 'lww', and store the result if it differs.
   */
  apply(key: Key, incoming: readonly Version[], options: ApplyOptions = DEFAULT_APPLY): ApplyResult {
    const arrived: unknown = incoming;
    if (!Array.isArray(arrived)) throw new TypeError('incoming must be an array of versions');
    const existing = this.get(key);
    let versions = reconcileOnto(existing, incoming, this.unreconciledKeys.size === 0 || !this.unreconciledKeys.has(key));
    if (this.options.resolution === 'lww' && versions.length > 1)
      versions = [lastWriterWins(versions)];
    // Unchanged only when the very versions held were kept. Two copies of one write that differ in
    // who wrote it or when (a put coordinated twice under one clock) reconcile to the later write
    // (versions.ts `laterWrite`), which must then be stored: anti-entropy hashes that metadata too,
    // and replicas keeping either copy would differ forever.
    if (sameObjects(existing, versions)) return { versions: existing, changed: false };
    if (this.unreconciledKeys.size > 0) this.unreconciledKeys.delete(key);
    const durable = options.durable ?? this.options.writeMode === 'durable';
    if (durable) {
      this.buffer.delete(key);
      this.writeToDisk(key, versions);
    } else {
      this.buffer.set(key, versions);
      if (this.buffer.size > this.options.bufferCapacity) this.flush();
    }
    return { versions, changed: true };
  }

  /** The §6.1 writer: move every buffered object to disk, in key order. Returns objects written. */
  flush(): number {
    const keys = [...this.buffer.keys()].sort();
    for (const key of keys) this.writeToDisk(key, this.buffer.get(key)!);
    this.buffer.clear();
    return keys.length;
  }

  /** Objects written but not yet on disk: what a crash now would lose. */
  bufferedCount(): number {
    return this.buffer.size;
  }

  /** Every key held, on disk or buffered, sorted. */
  keys(): Key[] {
    const keys = new Set(this.disk.keys());
    for (const key of this.buffer.keys()) keys.add(key);
    return [...keys].sort();
  }

  size(): number {
    let size = this.disk.size;
    for (const key of this.buffer.keys()) if (this.disk.read(key) === undefined) size++;
    return size;
  }

  /**
   * Forget a key at once, on disk too: a range handed off after the new owner confirmed the
   * transfer (§4.9). Persisted as a DiskWrite with empty versions when the disk held it.
   */
  remove(key: Key): void {
    this.buffer.delete(key);
    if (this.disk.read(key) === undefined) return;
    this.disk.remove(key);
    this.persist({ key, versions: NO_VERSIONS });
  }

  private writeToDisk(key: Key, versions: readonly Version[]): void {
    this.disk.write(key, versions);
    this.persist({ key, versions });
  }
}
