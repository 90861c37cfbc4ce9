/**
 * The playground's views, in tab order. A new view adds one entry here (and its id to `ViewId`
 * in store/view-slice.ts); the shell needs no other change.
 */
import type { ComponentType } from 'react';
import { lazyView, type LazyView } from './lazy-view.ts';
import type { ViewId } from './store/view-slice.ts';
import { RingView } from './views/RingView.tsx';

// The Ring is the default view and loads with the page; the others load when first shown.
const StrategyLabView = lazyView(() => import('./views/StrategyLabView.tsx').then((m) => m.StrategyLabView));
const ClusterView = lazyView(() => import('./views/ClusterView.tsx').then((m) => m.ClusterView));
const SpaceTimeView = lazyView(() => import('./views/SpaceTimeView.tsx').then((m) => m.SpaceTimeView));
const MetricsView = lazyView(() => import('./views/MetricsView.tsx').then((m) => m.MetricsView));
const ExperimentsView = lazyView(() => import('./views/ExperimentsView.tsx').then((m) => m.ExperimentsView));
const LessonsView = lazyView(() => import('./lessons/LessonsView.tsx').then((m) => m.LessonsView));

export interface ViewEntry {
  id: ViewId;
  label: string;
  /** One line shown as the tab's tooltip. */
  description: string;
  component: ComponentType | LazyView;
  /** Shows the live run: showing it starts the simulation worker, and the toolbar gets time control. */
  live?: boolean;
  /** Stays mounted, hidden, once opened: its form, a run in progress and its results outlive a tab switch. */
  keep?: boolean;
  /** Has settings and a seed of its own: the cluster settings panel and the toolbar's seed do not apply and are not shown. */
  ownSettings?: boolean;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'ring', label: 'Ring', description: 'Consistent hashing: tokens, ranges and a key’s preference list (§4.2–4.3)', component: RingView },
  { id: 'strategies', label: 'Strategies', description: 'The three partitioning strategies side by side (§6.2)', component: StrategyLabView },
  { id: 'cluster', label: 'Live cluster', description: 'The cluster running for real: messages in flight, failures and requests by hand (§4.5–4.9)', component: ClusterView, live: true },
  { id: 'spacetime', label: 'Space-time', description: 'Every message as an arrow between node lanes over time; payloads, request machines and a key’s replicas (§4.4–4.7)', component: SpaceTimeView, live: true },
  { id: 'metrics', label: 'Metrics', description: 'Live latency percentiles, stale reads, versions per read, hint backlog and anti-entropy traffic (§6)', component: MetricsView, live: true },
  { id: 'experiments', label: 'Experiments', description: 'Staleness, partitioning (Figure 8), divergence and availability studies run in a worker, with charts and exports (§4.5, §4.6, §6.2, §6.3)', component: ExperimentsView, keep: true, ownSettings: true },
  { id: 'lessons', label: 'Lessons', description: 'Eight guided lessons: each runs a small scenario, pauses, points at what to watch and asks you to predict what happens next (§4–§6)', component: LessonsView },
];

/** Fetches a lazily loaded view's code ahead of its first showing (a tab under the pointer). */
export function preloadView(view: ViewEntry): void {
  if ('preload' in view.component) view.component.preload();
}

/**
 * Fetches every lazily loaded view's code a while after the page has drawn, when it is idle, so
 * the first render does not wait on it and a tab opens at once later. Returns a cancel for an effect.
 */
export function preloadViews(afterMs = 2000): () => void {
  let idle: number | undefined;
  const timer = window.setTimeout(() => {
    const preload = () => VIEWS.forEach(preloadView);
    if (typeof window.requestIdleCallback === 'function') idle = window.requestIdleCallback(preload, { timeout: 3000 });
    else preload();
  }, afterMs);
  return () => {
    window.clearTimeout(timer);
    if (idle !== undefined) window.cancelIdleCallback(idle);
  };
}
