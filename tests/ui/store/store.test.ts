import { describe, expect, it } from 'vitest';
import { buildRing } from '../../../src/ui/model/cluster-ring.ts';
import { createAppStore } from '../../../src/ui/store/store.ts';

describe('the playground store', () => {
  it('builds the default ring: five nodes, strategy 3, Q = 30', () => {
    const { ring, settings } = createAppStore().getState();
    expect(ring.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(ring.params).toEqual({ strategy: 3, partitionCount: 30 });
    expect(ring.tokens).toHaveLength(30);
    expect(ring).toEqual(buildRing(settings));
  });

  it('keeps the last valid ring while a field is invalid, and explains the field', () => {
    const store = createAppStore();
    const shown = store.getState().ring;
    store.getState().setSetting('N', '9');
    expect(store.getState().errors.N).toBe('N must be at most the number of nodes (5)');
    expect(store.getState().draft.N).toBe('9');
    expect(store.getState().ring).toBe(shown);
    expect(store.getState().settings.N).toBe(3);
    store.getState().setSetting('N', '2');
    expect(store.getState().errors).toEqual({});
    expect(store.getState().settings.N).toBe(2);
  });

  it('rebuilds the ring from the seed, the same way every time', () => {
    const a = createAppStore();
    const b = createAppStore();
    a.getState().setSetting('strategy', '1');
    b.getState().setSetting('strategy', '1');
    expect(a.getState().ring).toEqual(b.getState().ring);
    a.getState().setSetting('seed', '7');
    expect(a.getState().ring).not.toEqual(b.getState().ring);
    a.getState().setSetting('seed', '42');
    expect(a.getState().ring).toEqual(b.getState().ring);
  });

  it('drops a selected node that is no longer in the cluster, and the lab’s changes with it', () => {
    const store = createAppStore();
    store.getState().toggleNode('n5');
    store.getState().addLabNode();
    expect(store.getState().selectedNode).toBe('n5');
    store.getState().setSetting('nodes', '4');
    expect(store.getState().selectedNode).toBeNull();
    expect(store.getState().labChanges).toEqual([]);
  });

  it('adds lab nodes under the next free name and never removes below N nodes', () => {
    const store = createAppStore();
    expect(store.getState().addLabNode()).toBe('n6');
    expect(store.getState().removeLabNode()).toBe('n6');
    expect(store.getState().removeLabNode()).toBe('n5');
    expect(store.getState().removeLabNode()).toBe('n4');
    expect(store.getState().removeLabNode()).toBeNull();
    expect(store.getState().labChanges).toHaveLength(4);
  });

  it('switches views and themes', () => {
    const store = createAppStore();
    expect(store.getState().activeView).toBe('ring');
    store.getState().showView('strategies');
    expect(store.getState().activeView).toBe('strategies');
    const theme = store.getState().theme;
    store.getState().toggleTheme();
    expect(store.getState().theme).not.toBe(theme);
  });
});
