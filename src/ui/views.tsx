/**
 * The playground's views, in tab order. A new view adds one entry here (and its id to `ViewId`
 * in store/view-slice.ts); the shell needs no other change.
 */
import type { ComponentType } from 'react';
import type { ViewId } from './store/view-slice.ts';
import { ClusterView } from './views/ClusterView.tsx';
import { ExperimentsView } from './views/ExperimentsView.tsx';
import { LessonsView } from './lessons/LessonsView.tsx';
import { MetricsView } from './views/MetricsView.tsx';
import { RingView } from './views/RingView.tsx';
import { SpaceTimeView } from './views/SpaceTimeView.tsx';
import { StrategyLabView } from './views/StrategyLabView.tsx';

export interface ViewEntry {
  id: ViewId;
  label: string;
  /** One line shown as the tab's tooltip. */
  description: string;
  component: ComponentType;
  /** Shows the live run: showing it starts the simulation worker, and the toolbar gets time control. */
  live?: boolean;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'ring', label: 'Ring', description: 'Consistent hashing: tokens, ranges and a key’s preference list (§4.2–4.3)', component: RingView },
  { id: 'strategies', label: 'Strategies', description: 'The three partitioning strategies side by side (§6.2)', component: StrategyLabView },
  { id: 'cluster', label: 'Live cluster', description: 'The cluster running for real: messages in flight, failures and requests by hand (§4.5–4.9)', component: ClusterView, live: true },
  { id: 'spacetime', label: 'Space-time', description: 'Every message as an arrow between node lanes over time; payloads, request machines and a key’s replicas (§4.4–4.7)', component: SpaceTimeView, live: true },
  { id: 'metrics', label: 'Metrics', description: 'Live latency percentiles, stale reads, versions per read, hint backlog and anti-entropy traffic (§6)', component: MetricsView, live: true },
  { id: 'experiments', label: 'Experiments', description: 'Staleness, partitioning (Figure 8), divergence and availability studies run in a worker, with charts and exports (§4.5, §4.6, §6.2, §6.3)', component: ExperimentsView },
  { id: 'lessons', label: 'Lessons', description: 'Eight guided lessons: each runs a small scenario, pauses, points at what to watch and asks you to predict what happens next (§4–§6)', component: LessonsView },
];
