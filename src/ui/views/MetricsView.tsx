/** The live metrics view (Dynamo §6): latency percentiles, staleness, divergence, hints and anti-entropy over time. */
import { MetricsPanel } from '../metrics/MetricsPanel.tsx';

export function MetricsView() {
  return <MetricsPanel />;
}
