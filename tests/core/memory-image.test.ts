import { describe, expect, it } from 'vitest';
import { ImageError, restoreImage, takeImage } from '../../src/core/memory-image.ts';

class Counter {
  count = 0;
  readonly seen = new Map<object, number>();
  bump(): number {
    return ++this.count;
  }
}

class Wired {
  readonly counter = new Counter();
  items: { id: number; tags: Set<string> }[] = [];
  readonly read: () => number;
  constructor() {
    // Wiring made by the constructor: a restored shell must keep calling its own counter.
    this.read = () => this.counter.count;
  }
}

describe('memory images', () => {
  it('copy classes, Maps with object keys, Sets, typed arrays, shared references and cycles', () => {
    const live = new Wired();
    const shared = { id: 1, tags: new Set(['a']) };
    live.items = [shared, shared];
    live.counter.count = 5;
    live.counter.seen.set(shared, 9);
    (live as unknown as { self: unknown }).self = live;
    (live as unknown as { bytes: Uint32Array }).bytes = new Uint32Array([1, 2, 3]);
    const image = takeImage(live);

    live.counter.count = 99;
    shared.tags.add('changed');
    const restored = restoreImage(new Wired(), image);
    expect(restored.counter.count).toBe(5);
    expect(restored.read()).toBe(5);
    expect(restored.items[0]).toBe(restored.items[1]);
    expect([...(restored.items[0]?.tags ?? [])]).toEqual(['a']);
    expect(restored.counter.seen.get(restored.items[0] as object)).toBe(9);
    expect((restored as unknown as { self: unknown }).self).toBe(restored);
    expect([...(restored as unknown as { bytes: Uint32Array }).bytes]).toEqual([1, 2, 3]);
    expect(restored.counter).toBeInstanceOf(Counter);
    expect(restored.counter.bump()).toBe(6);
  });

  it('restores one image any number of times without the copies sharing state', () => {
    const live = new Wired();
    live.items = [{ id: 1, tags: new Set() }];
    const image = takeImage(live);
    const a = restoreImage(new Wired(), image);
    a.items[0]?.tags.add('x');
    a.counter.bump();
    const b = restoreImage(new Wired(), image);
    expect(b.items[0]?.tags.size).toBe(0);
    expect(b.counter.count).toBe(0);
  });

  it('refuses a function where no shell part can keep it, naming the path', () => {
    const live = new Wired();
    live.items = [{ id: 1, tags: new Set(), onDone: () => 1 } as never];
    const image = takeImage(live);
    expect(() => restoreImage(new Wired(), image)).toThrow(ImageError);
    expect(() => restoreImage(new Wired(), image)).toThrow(/function at root\.items\.onDone/);
  });

  it('portable images name registered classes and refuse others', () => {
    const live = new Wired();
    live.counter.count = 3;
    expect(() => takeImage(live, { classes: { Wired } })).toThrow(/class Counter at root\.counter is not registered/);
    const image = structuredClone(takeImage(live, { classes: { Wired, Counter } }));
    expect(restoreImage(new Wired(), image, { classes: { Wired, Counter } }).read()).toBe(3);
  });

  it('refuses built-ins whose state is not in their fields', () => {
    expect(() => takeImage({ pending: Promise.resolve(1) })).toThrow(/cannot image a Promise at root\.pending/);
  });

  it('leaves kept objects to the shell', () => {
    const listeners = new Set([() => 1]);
    const live = { listeners, n: 1 };
    const image = takeImage(live, { keep: [listeners] });
    const shellListeners = new Set<() => number>();
    const restored = restoreImage({ listeners: shellListeners, n: 0 }, image);
    expect(restored.listeners).toBe(shellListeners);
    expect(restored.n).toBe(1);
  });
});

describe('interned values', () => {
  const view = { members: { a: [1, 2, 3] }, params: { q: 1 } };
  const keyOf = (v: object) => (v === view ? 'view:1' : undefined);

  it('are carried by the first image that meets them and named by the rest', () => {
    const sent = new Set<string>();
    const first = takeImage({ view, n: 1 }, { interning: { keyOf, sent } });
    const second = takeImage({ view, n: 2 }, { interning: { keyOf, sent } });
    expect(Object.keys(first.interned)).toEqual(['view:1']);
    expect(second.interned).toEqual({});
    expect(second.internedKeys).toEqual(['view:1']);
    const store = new Map(Object.entries(first.interned));
    const shared = new Map<string, unknown>();
    const a = restoreImage({ view: {}, n: 0 }, first, { interned: store, internedRestored: shared });
    const b = restoreImage({ view: {}, n: 0 }, structuredClone(second), { interned: store, internedRestored: shared });
    expect(b).toEqual({ view, n: 2 });
    expect(a.view).toBe(b.view);
    expect(a.view).not.toBe(view);
  });

  it('refuse to restore without the value they name', () => {
    const sent = new Set(['view:1']);
    const image = takeImage({ view, n: 1 }, { interning: { keyOf, sent } });
    expect(() => restoreImage({ view: {}, n: 0 }, image, { interned: new Map() })).toThrow(/no interned value view:1/);
  });
});
