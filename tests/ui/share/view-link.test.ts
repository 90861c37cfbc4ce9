/**
 * A run link reopens the tab it was made on with what the person set there — the ring's key and
 * selected node, the strategy lab's joins and leaves — and a value edited badly is named.
 */
import { describe, expect, it } from 'vitest';
import { strategyOutcome } from '../../../src/ui/model/strategy-lab.ts';
import { shareUrl } from '../../../src/ui/share/share-link.ts';
import { readViewLink, viewLinkOf, withViewLink, type ViewState } from '../../../src/ui/share/view-link.ts';
import { DEFAULT_SETTINGS, nodesNamed, type ClusterSettings } from '../../../src/ui/store/settings-validation.ts';
import { createAppStore } from '../../../src/ui/store/store.ts';

const eight: ClusterSettings = { ...DEFAULT_SETTINGS, nodes: nodesNamed(8), strategy: 1 };
const base = 'http://localhost:5173/?experiment=staleness#x';
const nothingSet: ViewState = { activeView: 'ring', key: '', selectedNode: null, labChanges: [] };

function linkFor(state: ViewState): string {
  return withViewLink(shareUrl(base, 's1.run'), viewLinkOf(state).link);
}

function read(url: string, settings = eight) {
  return readViewLink(new URL(url).searchParams, settings);
}

describe('ring links', () => {
  it('carry the key typed and the node selected, and say so', () => {
    const state: ViewState = { ...nothingSet, key: 'cart:bob', selectedNode: 'n3' };
    const url = linkFor(state);
    expect(url).toBe('http://localhost:5173/?s=s1.run&v=ring&key=cart%3Abob&node=n3');
    expect(read(url)).toEqual({ ok: true, link: { view: 'ring', key: 'cart:bob', node: 'n3' } });
    expect(viewLinkOf(state).says).toBe(
      'It reopens the Ring tab with this cluster, the key “cart:bob” and node n3 selected; the live tabs get this run at this moment, with what you did by hand.',
    );
  });

  it('leave out what was not set, and reopen the ring with nothing picked', () => {
    const url = linkFor(nothingSet);
    expect(url).toBe('http://localhost:5173/?s=s1.run&v=ring');
    expect(read(url)).toEqual({ ok: true, link: { view: 'ring', key: '', node: null } });
    expect(viewLinkOf(nothingSet).says).toMatch(/^It reopens the Ring tab with this cluster; the live tabs/);
  });

  it('name a node that is not in the link’s cluster', () => {
    expect(read('http://x/?s=s1.run&v=ring&node=n9')).toEqual({
      ok: false,
      why: 'node must be one of this cluster\'s nodes (n1 to n8), got "n9"',
    });
    expect(read('http://x/?s=s1.run&v=ring&node=', { ...eight, nodes: ['A', 'B', 'C'] })).toEqual({
      ok: false,
      why: 'node must be one of this cluster\'s nodes (A, B, C), got ""',
    });
  });
});

describe('strategy-lab links', () => {
  it('carry the lab’s joins and leaves in order, and draw the same rings when read', () => {
    const store = createAppStore();
    store.getState().applySettings(eight);
    store.getState().addLabNode();
    store.getState().addLabNode();
    store.getState().removeLabNode();
    const { labChanges } = store.getState();
    const state: ViewState = { ...nothingSet, activeView: 'strategies', labChanges };
    const url = linkFor(state);
    expect(url).toBe('http://localhost:5173/?s=s1.run&v=strategies&lab=join-n9.join-n10.leave-n10');
    const opened = read(url);
    if (!opened.ok || opened.link.view !== 'strategies') throw new Error(JSON.stringify(opened));
    expect(opened.link.lab).toEqual(labChanges);
    for (const strategy of [1, 2, 3] as const)
      expect(strategyOutcome(eight, strategy, opened.link.lab)).toEqual(strategyOutcome(eight, strategy, labChanges));
    expect(viewLinkOf(state).says).toBe(
      'It reopens the Strategies tab with this cluster and its 3 changes (n9 joined, n10 joined, n10 left); the live tabs get this run at this moment, with what you did by hand.',
    );
  });

  it('name a lab change the lab could not make', () => {
    const why = (lab: string, settings = eight) => {
      const opened = read(`http://x/?v=strategies&lab=${lab}`, settings);
      return opened.ok ? 'opened' : opened.why;
    };
    expect(why('add-n9')).toBe('lab change 1 ("add-n9") must be join-<node> or leave-<node>, changes separated by "."');
    expect(why('join-n9.join-9x')).toBe(
      'lab change 2 ("join-9x"): "9x" is not a node name (a letter, then letters, digits, - or _, at most 12)',
    );
    expect(why('join-n3')).toBe('lab change 1 ("join-n3") joins n3, which is already in the cluster');
    expect(why('leave-n9')).toBe('lab change 1 ("leave-n9") removes n9, which is not in the cluster');
    expect(why('leave-n3', { ...eight, nodes: nodesNamed(3) })).toBe(
      'lab change 1 ("leave-n3") removes n3, but N=3 needs at least 3 nodes',
    );
    expect(why('')).toBe('opened');
  });
});

describe('live-view links', () => {
  it('stay as they were: the view alone, and the same notice', () => {
    for (const view of ['cluster', 'spacetime', 'metrics'] as const) {
      const state: ViewState = { ...nothingSet, activeView: view, key: 'cart:bob', selectedNode: 'n3' };
      const url = linkFor(state);
      expect(url).toBe(`http://localhost:5173/?s=s1.run&v=${view}`);
      expect(read(url)).toEqual({ ok: true, link: { view } });
      expect(viewLinkOf(state).says).toBe('It reopens this run at this moment, with what you did by hand.');
    }
    expect(read('http://x/?s=s1.run')).toEqual({ ok: true, link: { view: 'cluster' } });
  });

  it('from the Lessons tab open the Live cluster, and say the lesson is not carried', () => {
    const state: ViewState = { ...nothingSet, activeView: 'lessons' };
    expect(linkFor(state)).toBe('http://localhost:5173/?s=s1.run&v=cluster');
    expect(viewLinkOf(state).says).toBe(
      'It reopens this run at this moment on the Live cluster tab, with what you did by hand; the lesson and its step are not in the link.',
    );
    // Links made on the Lessons tab before said v=lessons; they open as they did.
    expect(read('http://x/?s=s1.run&v=lessons')).toEqual({ ok: true, link: { view: 'cluster' } });
  });

  it('name an unknown view, or a parameter of another view', () => {
    expect(read('http://x/?s=s1.run&v=rnig')).toEqual({
      ok: false,
      why: 'v must be ring, strategies, cluster, spacetime or metrics, got "rnig"',
    });
    expect(read('http://x/?s=s1.run&v=cluster&key=cart')).toEqual({ ok: false, why: 'key belongs to v=ring, not v=cluster' });
    expect(read('http://x/?s=s1.run&v=ring&lab=join-n9')).toEqual({ ok: false, why: 'lab belongs to v=strategies, not v=ring' });
    expect(read('http://x/?s=s1.run&node=n3')).toEqual({ ok: false, why: 'node belongs to v=ring, not v=cluster' });
  });
});
