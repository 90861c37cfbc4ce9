import { describe, expect, it } from 'vitest';
import type { NodeBeliefs, NodeView } from '../../../src/runtime/browser/simulation-api.ts';
import { beliefMatrix, describeCell } from '../../../src/ui/inspect/membership-beliefs.ts';

const view = (id: string, status: NodeView['status'] = 'up'): NodeView => ({ id, status, error: undefined });
const believes = (members: string[], unreachableSinceMs: Record<string, number> = {}, digest = members.join()): NodeBeliefs => ({
  members,
  unreachableSinceMs,
  digest,
  gossipRounds: 0,
});
const five = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('the membership card’s model (§4.8)', () => {
  it('says all running nodes agree when every view holds every member and nobody suspects anyone', () => {
    const m = beliefMatrix(five.map((id) => view(id)), Object.fromEntries(five.map((id) => [id, believes(five)])));
    expect(m.subjects).toEqual(five);
    expect(m.views).toBe(1);
    expect(m.rows.map((r) => r.cells?.filter((c) => c.verdict === 'reachable').length)).toEqual([4, 4, 4, 4, 4]);
    expect(m.rows[2]?.cells?.[2]).toEqual({ subject: 'n3', verdict: 'self' });
    expect(m.findings).toEqual(['All 5 running nodes hold the same membership view.', 'No node finds another unresponsive.']);
  });

  it('sets a crash against who has noticed it: a down node believes nothing, and only n3 found it unresponsive', () => {
    const nodes = five.map((id) => view(id, id === 'n5' ? 'crashed' : 'up'));
    const beliefs = Object.fromEntries(five.slice(0, 4).map((id) => [id, believes(five, id === 'n3' ? { n5: 1605.57 } : {})]));
    const m = beliefMatrix(nodes, beliefs);
    const n5Row = m.rows.find((r) => r.observer === 'n5');
    expect(n5Row).toMatchObject({ status: 'crashed', cells: undefined });
    const n3 = m.rows.find((r) => r.observer === 'n3');
    expect(n3?.cells?.find((c) => c.subject === 'n5')).toEqual({ subject: 'n5', verdict: 'unreachable', sinceMs: 1605.57 });
    expect(describeCell('n3', { subject: 'n5', verdict: 'unreachable', sinceMs: 1605.57 })).toBe('n3 found n5 unresponsive at 1.605 s');
    expect(m.findings).toContain('n5 is crashed: n3 found it unresponsive; n1, n2 and n4 still count on it.');
  });

  it('says when no running node has noticed a crash yet', () => {
    const nodes = five.map((id) => view(id, id === 'n5' ? 'crashed' : 'up'));
    const m = beliefMatrix(nodes, Object.fromEntries(five.slice(0, 4).map((id) => [id, believes(five)])));
    expect(m.findings).toContain('n5 is crashed, and no running node has noticed yet: none has had a message to it go unanswered.');
  });

  it('shows a join spreading: the joined node is in only the views gossip has reached', () => {
    const six = [...five, 'n6'];
    const nodes = six.map((id) => view(id));
    const beliefs = Object.fromEntries(six.map((id) => [id, ['n1', 'n6'].includes(id) ? believes(six) : believes(five)]));
    const m = beliefMatrix(nodes, beliefs);
    expect(m.views).toBe(2);
    expect(m.rows.find((r) => r.observer === 'n2')?.cells?.find((c) => c.subject === 'n6')?.verdict).toBe('unknown');
    expect(describeCell('n2', { subject: 'n6', verdict: 'unknown' })).toBe('n6 is not in n2’s membership view');
    expect(m.findings[0]).toBe('n6 is in the view of 2 of 6 running nodes (n1 and n6): gossip has not reached the others yet.');
  });

  it('names a running node found unresponsive apart from crashes, with what in the network explains it', () => {
    const nodes = five.map((id) => view(id));
    const beliefs = Object.fromEntries(five.map((id) => [id, believes(five, id === 'n1' || id === 'n2' ? { n4: 2000 } : {})]));
    const late = beliefMatrix(nodes, beliefs);
    expect(late.findings).toContain('n1 and n2 found n4 unresponsive, though it is running (an answer later than the failure timeout); a node is trusted again as soon as it answers.');
    expect(late.findings).not.toContain('No node finds another unresponsive.');
    const cut = beliefMatrix(nodes, beliefs, { partitions: [], cutLinks: [{ from: 'n4', to: 'n1' }, { from: 'n4', to: 'n2' }], lossProbability: 0, slowNodes: {} });
    expect(cut.findings[1]).toContain('(a cut link)');
    const lossy = beliefMatrix(nodes, beliefs, { partitions: [], cutLinks: [], lossProbability: 0.1, slowNodes: { n4: 5 } });
    expect(lossy.findings[1]).toContain('(a slowed node)');
  });

  it('sums up a partition in one sentence per side that suspects, and says why the other side still trusts', () => {
    const nodes = five.map((id) => view(id));
    const sideA = ['n1', 'n2'];
    const beliefs = Object.fromEntries(five.map((id) => [id, believes(five, sideA.includes(id) ? { n3: 10, n4: 11, n5: 12 } : {})]));
    const m = beliefMatrix(nodes, beliefs, { partitions: [[...sideA, 'alice'], ['n3', 'n4', 'n5', 'bob']], cutLinks: [], lossProbability: 0, slowNodes: {} });
    expect(m.findings).toEqual([
      'All 5 running nodes hold the same membership view.',
      'n1 and n2 found n3, n4 and n5 unresponsive, though they are running (across the partition); a node is trusted again as soon as it answers.',
      'n3, n4 and n5 still count on n1 and n2 across the partition: a node notices only when a message of its own that needs an answer goes unanswered.',
    ]);
  });

  it('follows a leave by gossip: who has heard, who still lists the node that left', () => {
    const nodes = [...five.slice(0, 4).map((id) => view(id)), view('n5', 'left')];
    const four = five.slice(0, 4);
    const beliefs = Object.fromEntries(four.map((id) => [id, believes(id === 'n1' ? four : five)]));
    const m = beliefMatrix(nodes, beliefs);
    expect(m.subjects).toEqual(five);
    expect(m.rows.find((r) => r.observer === 'n5')).toMatchObject({ status: 'left', cells: undefined });
    expect(m.findings[0]).toBe('n5 has left the ring: n1 has heard; n2, n3 and n4 still list it until gossip reaches them.');
    expect(m.findings).not.toContain(expect.stringContaining('is in the view of'));
  });

  it('says when only the joining node knows of itself', () => {
    const six = [...five, 'n6'];
    const m = beliefMatrix(six.map((id) => view(id)), Object.fromEntries(six.map((id) => [id, believes(id === 'n6' ? six : five)])));
    expect(m.findings[0]).toBe('Only n6 itself knows it has joined: gossip has not reached the others yet.');
  });

  it('says when views list the same members but differ (a change still being reconciled)', () => {
    const nodes = five.map((id) => view(id));
    const beliefs = Object.fromEntries(five.map((id) => [id, believes(five, {}, id === 'n2' ? 'newer' : 'older')]));
    const m = beliefMatrix(nodes, beliefs);
    expect(m.findings[0]).toBe('The 5 running nodes list the same members in 2 versions of the membership view: gossip is still reconciling a change (a node’s tokens or status).');
  });

  it('leaves out nodes gone from the ring unless a view still lists them', () => {
    const nodes = [...five.map((id) => view(id)), view('n6', 'left')];
    const m = beliefMatrix(nodes, Object.fromEntries(five.map((id) => [id, believes(five)])));
    expect(m.subjects).toEqual(five);
    const stale = beliefMatrix(nodes, Object.fromEntries(five.map((id) => [id, believes(id === 'n1' ? [...five, 'n6'] : five)])));
    expect(stale.subjects).toEqual([...five, 'n6']);
    expect(stale.rows.find((r) => r.observer === 'n6')?.cells).toBeUndefined();
  });

  it('keeps long lists short and says when nothing runs', () => {
    const many = Array.from({ length: 12 }, (_, i) => `n${i + 1}`);
    const nodes = many.map((id) => view(id, id === 'n12' ? 'crashed' : 'up'));
    const m = beliefMatrix(nodes, Object.fromEntries(many.slice(0, 11).map((id) => [id, believes(many)])));
    expect(m.findings).toContain('n12 is crashed, and no running node has noticed yet: none has had a message to it go unanswered.');
    const noticed = beliefMatrix(nodes, Object.fromEntries(many.slice(0, 11).map((id, i) => [id, believes(many, i < 8 ? { n12: 10 } : {})])));
    expect(noticed.findings).toContain('n12 is crashed: n1, n2, n3, n4, n5 and 3 others found it unresponsive; n9, n10 and n11 still count on it.');
    expect(beliefMatrix([view('n1', 'crashed')], {}).findings).toEqual(['No node is running: nobody believes anything.']);
  });
});
