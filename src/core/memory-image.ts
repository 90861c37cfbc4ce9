/**
 * A memory image: a deep copy of an object graph — class instances, plain objects, arrays, Maps,
 * Sets, typed arrays, shared references and cycles — taken so that a run can go back to it later
 * (checkpoints for time travel; design.md "Time control"). Taking an image copies every piece of
 * state, so the live graph can run on; restoring copies again, so one image restores any number
 * of times.
 *
 * Functions are not state. A class wires its parts together with closures in its constructor
 * (`new KeyRanges(…, (k) => this.store.get(k))`), so an image is restored *into a shell*: a fresh
 * object built by the same constructor, whose wiring is right for the new graph. Restoring walks
 * the shell and the image together: a part the shell already has (same class, or a plain object
 * holding functions) is filled field by field, keeping its functions; anything else is rebuilt
 * from the image. A function in an object the shell does not have cannot be restored and throws,
 * naming where it was — state must be data.
 *
 * A portable image (for a node in a worker, whose image crosses `postMessage`) names classes from
 * a registry instead of holding their prototypes; an unregistered class throws when the image is
 * taken. Objects that are not copied but kept from the shell (the host under a world, listeners)
 * are passed as `keep`.
 */

/** A class a portable image may hold, by a stable name. */
export type ImageClasses = Readonly<Record<string, abstract new (...args: never[]) => object>>;

/** How a value that is neither data nor a registered class goes into an image and back. */
export interface ImageCodec {
  /** The prototype of the values this codec handles. */
  readonly prototype: object;
  readonly name: string;
  encode(value: object): unknown;
  decode(data: unknown): object;
}

/**
 * A value an image need not copy because it can be derived from other state (a ring from the
 * membership view it was computed from): `of` answers the state to image instead, or undefined
 * for an object it does not know; `decode` derives the value again from that state, restored.
 */
export interface DerivedValue {
  readonly name: string;
  of(value: object): object | undefined;
  decode(from: unknown): object;
}

/**
 * Values many images share (a node's membership view, the same for every checkpoint until the
 * ring changes): `keyOf` gives a content key for such a value, or undefined. An image carries the
 * value only the first time its key is met with the same `sent` set, and refers to it by key
 * after that; whoever keeps the images keeps every carried value in a store by key and passes the
 * store to `restoreImage`.
 */
export interface Interning {
  keyOf(value: object): string | undefined;
  readonly sent: Set<string>;
}

export interface ImageOptions {
  derived?: readonly DerivedValue[];
  interning?: Interning;
  /** For restoring: the values images carried, by key (see `Interning`). */
  interned?: ReadonlyMap<string, unknown>;
  /**
   * For restoring several images in one thread: interned values already restored, by key, shared
   * rather than restored once per image (they are immutable values).
   */
  internedRestored?: Map<string, unknown>;
  /** Name classes instead of holding prototypes, so the image survives structured cloning. */
  classes?: ImageClasses;
  codecs?: readonly ImageCodec[];
  /** Objects left out of the image; the shell's own stay in place when it is restored. */
  keep?: Iterable<object>;
}

type Encoded =
  | string
  | number
  | boolean
  | bigint
  | null
  | undefined
  | { t: 'o'; f: Record<string, Encoded>; wired: boolean; frozen: boolean }
  | { t: 'c'; proto?: object; name?: string; f: Record<string, Encoded> }
  | { t: 'a'; v: Encoded[]; frozen: boolean }
  | { t: 'm'; v: [Encoded, Encoded][] }
  | { t: 's'; v: Encoded[] }
  | { t: 'ta'; v: ArrayBufferView }
  | { t: 'x'; name: string; v: unknown }
  | { t: 'd'; name: string; v: Encoded }
  | { t: 'i'; key: string }
  | { t: 'fn' }
  | { t: 'keep' };

type Rec = Exclude<Encoded, string | number | boolean | bigint | null | undefined>;

/** An image of a graph; opaque outside this module. */
export interface MemoryImage {
  readonly root: unknown;
  readonly portable: boolean;
  /** A rough size in bytes (records, entries, strings, typed arrays), for budgets of kept images. */
  readonly bytes: number;
  /** Interned values this image carries, by key: the first image to meet each. */
  readonly interned: Readonly<Record<string, unknown>>;
  /** Every interned key the image refers to, carried or not. */
  readonly internedKeys: readonly string[];
  /** The part of `bytes` that is carried interned values. */
  readonly carriedBytes: number;
}

export class ImageError extends Error {
  override name = 'ImageError';
}

/** Takes an image of everything reachable from `root`. */
export function takeImage(root: object, options: ImageOptions = {}): MemoryImage {
  const encoder = new Encoder(options);
  const encoded = encoder.encode(root, 'root');
  return { root: encoded, portable: options.classes !== undefined, bytes: encoder.bytes, interned: encoder.interned, internedKeys: [...encoder.internedKeys], carriedBytes: encoder.carriedBytes };
}

/**
 * Restores `image` into `shell` (an object built the way the imaged root was) and returns it.
 * With a portable image pass the same `classes` and `codecs` it was taken with.
 */
export function restoreImage<T extends object>(shell: T, image: MemoryImage, options: ImageOptions = {}): T {
  const root = image.root as Encoded;
  if (!isRecord(root) || (root.t !== 'c' && root.t !== 'o')) throw new ImageError('restoreImage: the image root is not an object');
  new Decoder(options).fill(shell, root, 'root');
  return shell;
}

/**
 * Moves what an image carried into a keeper's store of interned values and returns the image
 * without it, so a kept image does not hold a second copy of what the store holds.
 */
export function keepInterned(store: Map<string, unknown>, image: MemoryImage): MemoryImage {
  for (const [key, value] of Object.entries(image.interned)) store.set(key, value);
  if (image.carriedBytes === 0 && Object.keys(image.interned).length === 0) return image;
  return { ...image, interned: {}, bytes: image.bytes - image.carriedBytes, carriedBytes: 0 };
}

/** The part of a keeper's store an image refers to, to send along with it to whoever restores it. */
export function internedFor(store: ReadonlyMap<string, unknown>, image: MemoryImage): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const key of image.internedKeys) {
    const value = store.get(key);
    if (value === undefined) throw new ImageError(`the image refers to interned value ${key}, which was never kept`);
    out.set(key, value);
  }
  return out;
}

/** Built-ins that keep their state in internal slots, out of reach of a field-by-field copy. */
const slotted = new Set(['[object Promise]', '[object WeakMap]', '[object WeakSet]', '[object WeakRef]', '[object Date]', '[object RegExp]']);

function isRecord(e: Encoded): e is Rec {
  return typeof e === 'object' && e !== null;
}

class Encoder {
  /** Rough bytes of what the image holds: 64 per record, 16 per entry, strings and typed arrays by size. */
  bytes = 0;
  readonly interned: Record<string, unknown> = {};
  readonly internedKeys = new Set<string>();
  carriedBytes = 0;
  private readonly memo = new Map<object, Rec>();
  private readonly keep: Set<object>;
  private readonly names = new Map<object, string>();
  private readonly codecs = new Map<object, ImageCodec>();

  constructor(private readonly options: ImageOptions) {
    this.keep = new Set(options.keep ?? []);
    for (const [name, ctor] of Object.entries(options.classes ?? {})) this.names.set(ctor.prototype as object, name);
    for (const c of options.codecs ?? []) this.codecs.set(c.prototype, c);
  }

  encode(value: unknown, path: string): Encoded {
    if (value === null || typeof value !== 'object') {
      this.bytes += typeof value === 'string' ? 16 + 2 * value.length : 16;
      if (typeof value === 'function') return { t: 'fn' };
      if (typeof value === 'symbol') throw new ImageError(`cannot image a symbol at ${path}`);
      return value as Encoded;
    }
    const seen = this.memo.get(value);
    if (seen) return seen;
    if (this.keep.has(value)) return this.remember(value, { t: 'keep' });
    if (Array.isArray(value)) {
      const rec: Rec = { t: 'a', v: [], frozen: Object.isFrozen(value) };
      this.remember(value, rec);
      for (let i = 0; i < value.length; i++) rec.v.push(this.encode(value[i], path));
      return rec;
    }
    if (value instanceof Map) {
      const rec: Rec = { t: 'm', v: [] };
      this.remember(value, rec);
      for (const [k, v] of value) rec.v.push([this.encode(k, path), this.encode(v, path)]);
      return rec;
    }
    if (value instanceof Set) {
      const rec: Rec = { t: 's', v: [] };
      this.remember(value, rec);
      for (const v of value) rec.v.push(this.encode(v, path));
      return rec;
    }
    if (ArrayBuffer.isView(value)) {
      if (!('slice' in value) || typeof value.slice !== 'function') throw new ImageError(`cannot image a DataView at ${path}`);
      return this.remember(value, { t: 'ta', v: (value.slice as () => ArrayBufferView)() });
    }
    const tag = Object.prototype.toString.call(value);
    if (slotted.has(tag)) throw new ImageError(`cannot image a ${tag.slice(8, -1)} at ${path}: its state is not in its fields`);
    const key = Array.isArray(value) ? undefined : this.options.interning?.keyOf(value);
    if (key !== undefined) {
      const rec: Rec = { t: 'i', key };
      this.remember(value, rec);
      this.internedKeys.add(key);
      const sent = (this.options.interning as Interning).sent;
      if (!sent.has(key)) {
        sent.add(key);
        // Encoded apart from this image's memo: the store keeps it for images that only name it.
        const apart = new Encoder({ ...this.options, interning: undefined });
        this.interned[key] = apart.encode(value, `${path}<${key}>`);
        this.bytes += apart.bytes;
        this.carriedBytes += apart.bytes;
      }
      return rec;
    }
    for (const d of this.options.derived ?? []) {
      const from = d.of(value);
      if (from === undefined) continue;
      const rec: Rec = { t: 'd', name: d.name, v: undefined };
      this.remember(value, rec);
      rec.v = this.encode(from, path);
      return rec;
    }
    const proto = Object.getPrototypeOf(value) as object | null;
    const codec = proto ? this.codecs.get(proto) : undefined;
    if (codec) return this.remember(value, { t: 'x', name: codec.name, v: codec.encode(value) });
    if (proto === Object.prototype || proto === null) {
      const rec: Rec = { t: 'o', f: {}, wired: false, frozen: Object.isFrozen(value) };
      this.remember(value, rec);
      this.fields(value, rec.f, path);
      rec.wired = Object.values(rec.f).some((e) => isRecord(e) && (e.t === 'fn' || e.t === 'keep'));
      return rec;
    }
    const rec: Rec = { t: 'c', f: {} };
    if (this.options.classes) {
      const name = this.names.get(proto);
      const ctorName = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'anonymous';
      if (name === undefined) throw new ImageError(`class ${ctorName} at ${path} is not registered for portable images`);
      rec.name = name;
    } else {
      rec.proto = proto;
    }
    this.remember(value, rec);
    this.fields(value, rec.f, path);
    return rec;
  }

  private remember(value: object, rec: Rec): Rec {
    this.bytes += rec.t === 'ta' ? 64 + rec.v.byteLength : 64;
    this.memo.set(value, rec);
    return rec;
  }

  private fields(value: object, out: Record<string, Encoded>, path: string): void {
    for (const key of Object.keys(value)) out[key] = this.encode((value as Record<string, unknown>)[key], `${path}.${key}`);
  }
}

class Decoder {
  private readonly memo = new Map<Rec, unknown>();
  private readonly protos = new Map<string, object>();
  private readonly codecs = new Map<string, ImageCodec>();
  private readonly derived = new Map<string, DerivedValue>();
  private readonly byKey: Map<string, unknown>;

  constructor(private readonly options: ImageOptions) {
    this.byKey = options.internedRestored ?? new Map<string, unknown>();
    for (const [name, ctor] of Object.entries(options.classes ?? {})) this.protos.set(name, ctor.prototype as object);
    for (const c of options.codecs ?? []) this.codecs.set(c.name, c);
    for (const d of options.derived ?? []) this.derived.set(d.name, d);
  }

  /** Fills a part of the shell from its image, keeping the part's functions (its wiring). */
  fill(live: object, rec: Extract<Rec, { f: unknown }>, path: string): void {
    this.memo.set(rec, live);
    const target = live as Record<string, unknown>;
    for (const [key, e] of Object.entries(rec.f)) {
      const here = `${path}.${key}`;
      const current = target[key];
      if (isRecord(e) && (e.t === 'fn' || e.t === 'keep')) {
        if (current === undefined) throw new ImageError(`the shell has nothing at ${here} to keep (a function or kept object)`);
        continue;
      }
      if (isRecord(e) && !this.memo.has(e) && this.isShellPart(current, e)) {
        this.fill(current as object, e as Extract<Rec, { f: unknown }>, here);
        continue;
      }
      target[key] = this.decode(e, here);
    }
    for (const key of Object.keys(target)) {
      if (!(key in rec.f) && typeof target[key] !== 'function') Reflect.deleteProperty(target, key);
    }
  }

  private isShellPart(current: unknown, e: Rec): boolean {
    if (current === null || typeof current !== 'object') return false;
    if (e.t === 'o') return e.wired && Object.getPrototypeOf(current) === Object.prototype;
    if (e.t !== 'c') return false;
    return Object.getPrototypeOf(current) === this.protoOf(e);
  }

  private protoOf(e: Extract<Rec, { t: 'c' }>): object {
    if (e.proto) return e.proto;
    const proto = e.name === undefined ? undefined : this.protos.get(e.name);
    if (!proto) throw new ImageError(`class ${e.name ?? '?'} is not registered for portable images`);
    return proto;
  }

  decode(e: Encoded, path: string): unknown {
    if (!isRecord(e)) return e;
    if (this.memo.has(e)) return this.memo.get(e);
    switch (e.t) {
      case 'fn':
        throw new ImageError(`cannot restore a function at ${path}: state must be data (wire functions in a constructor)`);
      case 'keep':
        throw new ImageError(`cannot restore a kept object at ${path}: the shell has no such part`);
      case 'a': {
        const out: unknown[] = [];
        this.memo.set(e, out);
        for (const v of e.v) out.push(this.decode(v, path));
        return e.frozen ? Object.freeze(out) : out;
      }
      case 'm': {
        const out = new Map<unknown, unknown>();
        this.memo.set(e, out);
        for (const [k, v] of e.v) out.set(this.decode(k, path), this.decode(v, path));
        return out;
      }
      case 's': {
        const out = new Set<unknown>();
        this.memo.set(e, out);
        for (const v of e.v) out.add(this.decode(v, path));
        return out;
      }
      case 'ta': {
        const out = (e.v as unknown as { slice(): ArrayBufferView }).slice();
        this.memo.set(e, out);
        return out;
      }
      case 'x': {
        const codec = this.codecs.get(e.name);
        if (!codec) throw new ImageError(`no codec named ${e.name} to restore ${path}`);
        const out = codec.decode(e.v);
        this.memo.set(e, out);
        return out;
      }
      case 'i': {
        let out = this.byKey.get(e.key);
        if (out === undefined) {
          const stored = this.options.interned?.get(e.key);
          if (stored === undefined) throw new ImageError(`no interned value ${e.key} to restore ${path}`);
          out = this.decode(stored as Encoded, path);
          this.byKey.set(e.key, out);
        }
        this.memo.set(e, out);
        return out;
      }
      case 'd': {
        const derived = this.derived.get(e.name);
        if (!derived) throw new ImageError(`nothing derives ${e.name} to restore ${path}`);
        const out = derived.decode(this.decode(e.v, path));
        this.memo.set(e, out);
        return out;
      }
      case 'o': {
        const out: Record<string, unknown> = {};
        this.memo.set(e, out);
        for (const [k, v] of Object.entries(e.f)) out[k] = this.decode(v, `${path}.${k}`);
        return e.frozen ? Object.freeze(out) : out;
      }
      case 'c': {
        const out = Object.create(this.protoOf(e)) as Record<string, unknown>;
        this.memo.set(e, out);
        for (const [k, v] of Object.entries(e.f)) out[k] = this.decode(v, `${path}.${k}`);
        return out;
      }
    }
  }
}
