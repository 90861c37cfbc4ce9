/**
 * The view a run link reopens, and what a person set on it: `v=<view>`, plus on the Ring the key
 * typed and the node selected (Dynamo §4.2–4.3), and on Strategies the lab's joins and leaves in
 * order (§6.2). The run itself, its cluster settings included, is share-link.ts's `s`; these are
 * plain parameters a person can read and edit beside it:
 *
 *   ?s=s1.…&v=ring&key=cart%3Abob&node=n3
 *   ?s=s1.…&v=strategies&lab=join-n6.leave-n2      (node names never hold a ".")
 *
 * Reading checks every value against the link's own cluster, so a link edited by hand gets one
 * sentence naming the parameter that is wrong instead of a view that silently shows something else.
 */
import type { Key, NodeId } from '../../core/types.ts';
import type { MembershipChange } from '../model/cluster-ring.ts';
import { isNodeName, type ClusterSettings } from '../store/settings-validation.ts';
import type { ViewId } from '../store/view-slice.ts';

export type ViewLink =
  | { view: 'ring'; key: Key; node: NodeId | null }
  | { view: 'strategies'; lab: readonly MembershipChange[] }
  | { view: 'cluster' | 'spacetime' | 'metrics' };

type LinkView = ViewLink['view'];

/** The views a run link can reopen, in tab order; the others have no run of their own to show. */
const LINK_VIEWS: readonly LinkView[] = ['ring', 'strategies', 'cluster', 'spacetime', 'metrics'];
/** Where a link without `v` opens, and a link made on the Lessons tab (it never carried the lesson). */
const LIVE_VIEW = 'cluster';
/** Each view's own parameters: on another view they would be ignored, so they are refused. */
const VIEW_PARAMS: Readonly<Record<string, LinkView>> = { key: 'ring', node: 'ring', lab: 'strategies' };

/** What the person set, as the store holds it. */
export interface ViewState {
  activeView: ViewId;
  key: Key;
  selectedNode: NodeId | null;
  labChanges: readonly MembershipChange[];
}

/** The link for the view shown, and one sentence for the notice saying what it reopens. */
export function viewLinkOf(state: ViewState): { link: ViewLink; says: string } {
  const live = 'It reopens this run at this moment, with what you did by hand.';
  const rest = '; the live tabs get this run at this moment, with what you did by hand.';
  switch (state.activeView) {
    case 'ring': {
      const set = [
        'this cluster',
        ...(state.key === '' ? [] : [`the key “${state.key}”`]),
        ...(state.selectedNode === null ? [] : [`node ${state.selectedNode} selected`]),
      ];
      return {
        link: { view: 'ring', key: state.key, node: state.selectedNode },
        says: `It reopens the Ring tab with ${listed(set)}${rest}`,
      };
    }
    case 'strategies': {
      const changes = state.labChanges;
      const what =
        changes.length === 0
          ? 'this cluster'
          : `this cluster and its ${changes.length === 1 ? 'change' : `${changes.length} changes`} (${changes
              .map((c) => `${c.node} ${c.kind === 'join' ? 'joined' : 'left'}`)
              .join(', ')})`;
      return { link: { view: 'strategies', lab: changes }, says: `It reopens the Strategies tab with ${what}${rest}` };
    }
    case 'cluster':
    case 'spacetime':
    case 'metrics':
      return { link: { view: state.activeView }, says: live };
    default:
      return {
        link: { view: LIVE_VIEW },
        says: `It reopens this run at this moment on the Live cluster tab, with what you did by hand; the ${state.activeView === 'lessons' ? 'lesson and its step are' : `${state.activeView} tab is`} not in the link.`,
      };
  }
}

/** `url` with the view's parameters set after the run's. */
export function withViewLink(url: string, link: ViewLink): string {
  const out = new URL(url);
  out.searchParams.set('v', link.view);
  if (link.view === 'ring') {
    if (link.key !== '') out.searchParams.set('key', link.key);
    if (link.node !== null) out.searchParams.set('node', link.node);
  }
  if (link.view === 'strategies' && link.lab.length > 0) out.searchParams.set('lab', labParam(link.lab));
  return out.toString();
}

export function labParam(changes: readonly MembershipChange[]): string {
  return changes.map((c) => `${c.kind}-${c.node}`).join('.');
}

export type ReadViewLink = { ok: true; link: ViewLink } | { ok: false; why: string };

/** Never throws: `why` names the parameter that is wrong and what it should be. */
export function readViewLink(params: URLSearchParams, settings: ClusterSettings): ReadViewLink {
  const fail = (why: string): ReadViewLink => ({ ok: false, why });
  const text = params.get('v');
  const view = text === null || text === 'lessons' ? LIVE_VIEW : LINK_VIEWS.find((v) => v === text);
  if (view === undefined) return fail(`v must be ${listed(LINK_VIEWS, 'or')}, got ${JSON.stringify(text)}`);
  for (const [param, owner] of Object.entries(VIEW_PARAMS))
    if (owner !== view && params.has(param)) return fail(`${param} belongs to v=${owner}, not v=${view}`);
  if (view === 'ring') {
    const node = params.get('node');
    if (node !== null && !settings.nodes.includes(node))
      return fail(`node must be one of this cluster's nodes (${nodeList(settings.nodes)}), got ${JSON.stringify(node)}`);
    return { ok: true, link: { view, key: params.get('key') ?? '', node } };
  }
  if (view === 'strategies') {
    const lab = readLab(params.get('lab') ?? '', settings);
    return typeof lab === 'string' ? fail(lab) : { ok: true, link: { view, lab } };
  }
  return { ok: true, link: { view } };
}

/**
 * The lab's changes, replayed on the cluster so each is one the lab could make: a join of a node
 * not in it, a leave of one in it that keeps at least N nodes. A string says why not.
 */
export function readLab(text: string, settings: ClusterSettings): MembershipChange[] | string {
  if (text === '') return [];
  const changes: MembershipChange[] = [];
  let nodes = [...settings.nodes];
  for (const [k, entry] of text.split('.').entries()) {
    const at = `lab change ${k + 1} (${JSON.stringify(entry)})`;
    const match = /^(join|leave)-(.*)$/.exec(entry);
    if (match === null) return `${at} must be join-<node> or leave-<node>, changes separated by "."`;
    const kind = match[1] === 'join' ? 'join' : 'leave';
    const node = match[2] ?? '';
    if (!isNodeName(node)) return `${at}: "${node}" is not a node name (a letter, then letters, digits, - or _, at most 12)`;
    if (kind === 'join') {
      if (nodes.includes(node)) return `${at} joins ${node}, which is already in the cluster`;
      nodes = [...nodes, node];
    } else {
      if (!nodes.includes(node)) return `${at} removes ${node}, which is not in the cluster`;
      const least = Math.max(1, settings.N);
      if (nodes.length <= least) return `${at} removes ${node}, but N=${settings.N} needs at least ${least} nodes`;
      nodes = nodes.filter((n) => n !== node);
    }
    changes.push({ kind, node });
  }
  return changes;
}

/** "n1 to n8" for the plain names, else the names themselves. */
function nodeList(nodes: readonly NodeId[]): string {
  const plain = nodes.length > 2 && nodes.every((node, i) => node === `n${i + 1}`);
  return plain ? `n1 to n${nodes.length}` : nodes.join(', ');
}

/** "a, b and c". */
function listed(items: readonly string[], last = 'and'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1) ?? ''}`;
}
