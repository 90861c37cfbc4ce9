/** Placeholder until ring-metrics lands. */
export function StrategyLabView() {
  return <section data-testid="strategy-lab">Strategy lab</section>;
}
