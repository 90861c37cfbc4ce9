/**
 * Live metrics (Dynamo §6): headline totals and one chart per measure, updated with each snapshot.
 * A stale read is a mark on its chart; clicking it opens the space-time diagram at that read with
 * the operation selected, replaying the run to it when it has left the trace window.
 */
import { useMemo } from 'react';
import { useAppStore } from '../store/store.ts';
import { LineChart } from './LineChart.tsx';
import type { ChartMark } from './LineChart.tsx';
import { faultMarks } from './fault-marks.ts';
import { METRIC_CHARTS } from './metric-charts.ts';
import { showNotice } from '../share/active-scenario.ts';
import { formatVirtualTime } from '../virtual-time-format.ts';
import { staleReadsInTrace } from './stale-reads.ts';
import './metrics.css';

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

/**
 * The share of reads that found the key and returned exactly one version (§6.3 reports 99.94 %
 * at Amazon), or undefined before any read found one.
 */
export function shareWithOneVersion(versionsPerRead: Readonly<Record<string, number>>): number | undefined {
  let found = 0;
  for (const [versions, reads] of Object.entries(versionsPerRead)) if (Number(versions) >= 1) found += reads;
  return found === 0 ? undefined : (versionsPerRead['1'] ?? 0) / found;
}

/** 0.9994 → "99.94 %"; one decimal more than needed is never shown, and 100 % only when it is. */
export function formatShare(share: number): string {
  const percent = share * 100;
  if (percent === 100) return '100 %';
  const digits = percent >= 99.9 ? 2 : percent >= 99 ? 1 : 0;
  return `${Math.min(percent, 100 - 10 ** -digits).toFixed(digits)} %`;
}

export function MetricsPanel() {
  const snapshot = useAppStore((s) => s.snapshot);
  const traceLog = useAppStore((s) => s.traceLog);
  const showOperationAt = useAppStore((s) => s.showOperationAt);
  const seek = useAppStore((s) => s.seek);
  // The last bucket is the second still running: its rates and percentiles are partial, so the
  // charts show closed seconds and the totals above them show everything.
  const series = useMemo(() => (snapshot?.series ?? []).slice(0, -1), [snapshot]);
  // The snapshot's list reaches further back than the trace window.
  const listed = snapshot?.staleReads;
  const inTrace = useMemo(() => staleReadsInTrace(traceLog), [traceLog]);
  const marks: ChartMark[] = useMemo(() => {
    const byId = new Map<number, { opId: number; key: string; atMs: number }>();
    for (const s of listed ?? []) byId.set(s.opId, s);
    for (const s of inTrace) byId.set(s.opId, s);
    return [...byId.values()].map((s) => ({ id: s.opId, atMs: s.atMs, label: `Stale read: op #${s.opId} get ${s.key} at ${s.atMs.toFixed(0)} ms — show it` }));
  }, [listed, inTrace]);
  const inTraceIds = useMemo(() => new Set(inTrace.map((s) => s.opId)), [inTrace]);
  const appliedFaults = snapshot?.faults;
  const faults = useMemo(() => faultMarks(appliedFaults ?? []), [appliedFaults]);

  const onMark = (mark: ChartMark) => {
    if (!inTraceIds.has(mark.id)) {
      // The read's messages have left the trace window: the run is replayed to it. Say so, and
      // offer the way back to where the person was.
      const fromMs = snapshot?.status.nowMs ?? 0;
      const toMs = mark.atMs + 20;
      seek(toMs);
      showNotice(
        'info',
        `The run went back to ${formatVirtualTime(toMs)} to show stale read op #${mark.id}: its messages had left the trace window.`,
        { label: `Back to ${formatVirtualTime(fromMs)}`, run: () => seek(fromMs) },
      );
    }
    showOperationAt(mark.id, mark.atMs);
  };

  if (!snapshot) {
    return (
      <section className="metrics-panel" data-testid="metrics" data-state="waiting">
        <p className="help">Waiting for the run to start…</p>
      </section>
    );
  }
  const m = snapshot.metrics;
  const gets = m.operations.get;
  const puts = m.operations.put;
  const oneVersion = shareWithOneVersion(m.versionsPerRead);
  return (
    <section className="metrics-panel" data-testid="metrics" aria-label="Live metrics">
      <div className="stats-row">
        <Stat testId="stat-reads" label="gets ok / failed" value={`${gets.ok} / ${gets.failed}`} />
        <Stat testId="stat-writes" label="puts ok / failed" value={`${puts.ok} / ${puts.failed}`} />
        <Stat testId="stat-read-p99" label="read p99 (ms)" value={gets.latencyMs.count > 0 ? gets.latencyMs.p99.toFixed(1) : '—'} />
        <Stat testId="stat-write-p99" label="write p99 (ms)" value={puts.latencyMs.count > 0 ? puts.latencyMs.p99.toFixed(1) : '—'} />
        <Stat testId="stat-stale" label="stale reads" value={String(m.staleReads)} />
        <Stat testId="stat-one-version" label="reads with one version" value={oneVersion === undefined ? '—' : formatShare(oneVersion)} />
        <Stat testId="stat-versions" label="most versions in a read" value={String(m.maxVersionsPerRead)} />
        <Stat testId="stat-hints" label="hint backlog" value={String(m.hintBacklog)} />
        <Stat testId="stat-ae" label="anti-entropy keys sent" value={String(m.antiEntropy.keysSent)} />
        <Stat testId="stat-msgs-per-op" label="request messages per op" value={m.messagesPerOperation.toFixed(1)} />
      </div>
      <p className="stats-note" data-testid="stats-note">
        Totals over the whole run so far (the hint backlog: now). Request messages count a get's or put's own messages; the
        chart below counts every message, gossip and anti-entropy included. Each chart shows one point per second; dashed
        lines mark the changes made to the run.
      </p>
      <div className="chart-grid">
        {METRIC_CHARTS.map((chart) => (
          <LineChart key={chart.id} chart={chart} series={series} faults={faults} {...(chart.id === 'stale-reads' ? { marks, onMark } : {})} />
        ))}
      </div>
    </section>
  );
}
