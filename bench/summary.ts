/** The bench's human summary and its target checks (issue 12), from the JSON report. */
import type { BenchReport } from './run.ts';

export function targetsOf(r: BenchReport): Record<string, boolean | null> {
  const check = (value: number | null | undefined, ok: (v: number) => boolean): boolean | null =>
    value === null || value === undefined ? null : ok(value);
  return {
    engine: check(r.engine?.ratio, (v) => v >= 0.05),
    scaling: check(r.scaling?.ratio, (v) => v >= 0.5),
    workers: check(r.workers?.ratio, (v) => v >= 2),
    staleness: check(r.staleness?.slowdown, (v) => v <= 40),
    merkle: check(r.merkle?.ratio, (v) => v <= 3),
    merkleDiff: r.merkle
      ? r.merkle.hashesCompared <= r.merkle.hashesBound * 1.5 &&
        r.merkle.keysSent === r.merkle.differingKeys
      : null,
    memory: check(r.memory?.bytesPerVersion, (v) => v < 400),
    uiFrame: check(r.ui?.frameMsP95, (v) => v <= 20),
    uiReady: check(r.ui?.readyMs, (v) => v <= 1500),
    bundle: check(r.bundle?.gzipKB, (v) => v <= 400),
  };
}

const mark = (ok: boolean | null | undefined): string =>
  ok === null || ok === undefined ? '  -  ' : ok ? ' met ' : ' MISS';

export function summarize(r: BenchReport): string {
  const t = r.targets;
  const lines = [
    `Dynamo Playground bench (${r.mode}) on ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}, load ${r.machine.loadAverage.join(' ')}, memory latency ${r.machine.memoryLatencyNs ?? '?'} ns`,
    `medians of repeated runs; ratios against baselines measured in this run`,
    '',
  ];
  const row = (ok: boolean | null | undefined, text: string): void =>
    void lines.push(`[${mark(ok)}] ${text}`);
  const e = r.engine;
  row(
    t.engine,
    e
      ? `engine: ${e.eventsPerSec} events/s vs bare loop ${e.baselineEventsPerSec}/s = ${e.ratio} (target ≥ 0.05); ${e.usPerOperation} µs/op, request machine ${e.xstate.usPerRequest} µs/request compiled (XState's transition: ${e.xstate.usPerRequestWithTransition}, an actor per request: ${e.xstate.usPerRequestWithActor}, createActor ${e.xstate.usCreateActor}) = ${Math.round(e.xstate.shareOfOperation * 1000) / 10}% of an op`
      : 'engine: not measured',
  );
  const s = r.scaling;
  row(
    t.scaling,
    s
      ? `scaling: 512 nodes ${s.eventsPerSecAt512} events/s vs 8 nodes ${s.eventsPerSecAt8}/s = ${s.ratio} (target ≥ 0.5)`
      : 'scaling: not measured',
  );
  const w = r.workers;
  row(
    t.workers,
    w
      ? `workers: ${w.nodes} threads ${w.eventsPerSec} events/s vs bare round trips ${w.baselineEventsPerSec}/s = ${w.ratio} (target ≥ 2; threads running no node code reach ${w.ceilingEventsPerSec}/s = ${w.ceilingRatio}); ${w.eventsPerBatch} events and ${w.messagesPerBatch} worker messages per batch, start ${w.startMs} ms`
      : 'workers: not measured',
  );
  const st = r.staleness;
  row(
    t.staleness,
    st
      ? `staleness: protocol ${st.protocolUsPerTrial} µs/trial on ${st.protocolCores} cores (${st.protocolCpuUsPerTrial} µs CPU) vs Monte Carlo ${st.monteCarloUsPerTrial} µs/trial on one = ${st.slowdown}× (target ≤ 40×)`
      : 'staleness: not measured',
  );
  const m = r.merkle;
  row(
    t.merkle,
    m
      ? `merkle: build ${m.buildMs} ms vs hashing ${m.hashOnlyMs} ms over ${m.keys} keys = ${m.ratio}× (target ≤ 3×)`
      : 'merkle: not measured',
  );
  row(
    t.merkleDiff,
    m
      ? `merkle diff: ${m.differingKeys} differing keys, ${m.hashesCompared} hashes compared (≈ bound ${m.hashesBound}), ${m.keysSent} keys sent (${m.objectsSent} objects), ${m.keyHashesOffered} key hashes offered`
      : 'merkle diff: not measured',
  );
  const mem = r.memory;
  row(
    t.memory,
    mem
      ? `memory: ${mem.bytesPerVersion} bytes per stored version (${mem.versions} versions, ${mem.keys} keys, ${mem.nodes} nodes; target < 400)`
      : 'memory: not measured',
  );
  row(
    t.uiFrame,
    `ui: frame p95 ${r.ui?.frameMsP95 ?? 'null'} ms on the live view, ${r.ui?.ringFrameMsP95 ?? 'null'} ms on the Ring view, ${r.ui?.inFlight ?? 'null'} messages in flight (target ≤ 20)`,
  );
  row(t.uiReady, `ui: ready ${r.ui?.readyMs ?? 'null'} ms after navigation (target ≤ 1500)`);
  row(t.bundle, `bundle: ${r.bundle?.gzipKB ?? 'null'} kB gzip (target ≤ 400)`);
  lines.push('', `${r.seconds} s`);
  return lines.join('\n');
}
