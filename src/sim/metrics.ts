/**
 * The run's measurements, from ground truth (Dynamo §6): latency percentiles per operation kind,
 * stale reads, versions per read (§6.3), hint backlog (§4.6), anti-entropy traffic (§4.7) and
 * messages per operation — as totals and as a per-second series for the live charts.
 */
import type { MessageKind } from '../core/messages.ts';
import { LatencyHistogram } from './histogram.ts';
import type { Fault } from './world-config.ts';

export type OpKind = 'get' | 'put';

export interface StaleRead {
  opId: number;
  key: string;
  atMs: number;
  /** The acknowledged write the read missed. */
  missedOpId: number;
}

/** A change of the cluster, the network or the traffic, when it took effect: a mark on the charts. */
export interface AppliedFault {
  atMs: number;
  fault: Fault;
}

/** One second of virtual time, for the charts. */
export interface MetricsBucket {
  startMs: number;
  reads: number;
  writes: number;
  failed: number;
  readP50Ms: number;
  readP99Ms: number;
  writeP50Ms: number;
  writeP99Ms: number;
  staleReads: number;
  maxVersions: number;
  hintBacklog: number;
  antiEntropyKeys: number;
  messages: number;
}

const BUCKET_MS = 1000;
const MAX_BUCKETS = 3600;
const MAX_STALE_KEPT = 1000;
const MAX_FAULTS_KEPT = 1000;

export class Metrics {
  readonly latency: Record<OpKind, LatencyHistogram> = { get: new LatencyHistogram(), put: new LatencyHistogram() };
  readonly ops: Record<OpKind, { ok: number; failed: number }> = { get: { ok: 0, failed: 0 }, put: { ok: 0, failed: 0 } };
  /** Reads by number of versions returned (§6.3: "divergent versions"). */
  readonly versionsPerRead = new Map<number, number>();
  readonly staleReads: StaleRead[] = [];
  /** The run's first changes of cluster, network or traffic (hand-made reads and writes are not). */
  readonly faults: AppliedFault[] = [];
  staleReadCount = 0;
  messages = 0;
  operationMessages = 0;
  dropped = 0;
  hintBacklog = 0;
  antiEntropy = { exchanges: 0, hashesCompared: 0, keysSent: 0, messages: 0 };
  readRepairs = 0;
  readonly series: MetricsBucket[] = [];
  private bucket: MetricsBucket = emptyBucket(0);
  private bucketLatency = { get: new LatencyHistogram(), put: new LatencyHistogram() };

  /** Moves the current bucket forward to the one holding `nowMs`. */
  advance(nowMs: number): void {
    while (nowMs >= this.bucket.startMs + BUCKET_MS) {
      this.closeBucket();
      this.bucket = emptyBucket(this.bucket.startMs + BUCKET_MS);
    }
  }

  private closeBucket(): void {
    const b = this.bucket;
    b.readP50Ms = this.bucketLatency.get.count() ? this.bucketLatency.get.percentile(50) : 0;
    b.readP99Ms = this.bucketLatency.get.count() ? this.bucketLatency.get.percentile(99) : 0;
    b.writeP50Ms = this.bucketLatency.put.count() ? this.bucketLatency.put.percentile(50) : 0;
    b.writeP99Ms = this.bucketLatency.put.count() ? this.bucketLatency.put.percentile(99) : 0;
    b.hintBacklog = this.hintBacklog;
    this.series.push(b);
    if (this.series.length > MAX_BUCKETS) this.series.shift();
    this.bucketLatency.get.reset();
    this.bucketLatency.put.reset();
  }

  /** The series including the bucket in progress. */
  currentSeries(): MetricsBucket[] {
    const live = { ...this.bucket, hintBacklog: this.hintBacklog };
    return [...this.series, live];
  }

  opDone(op: OpKind, ok: boolean, latencyMs: number, versions?: number): void {
    this.ops[op][ok ? 'ok' : 'failed']++;
    if (!ok) {
      this.bucket.failed++;
      return;
    }
    this.latency[op].record(latencyMs);
    this.bucketLatency[op].record(latencyMs);
    if (op === 'get') {
      this.bucket.reads++;
      const n = versions ?? 0;
      this.versionsPerRead.set(n, (this.versionsPerRead.get(n) ?? 0) + 1);
      this.bucket.maxVersions = Math.max(this.bucket.maxVersions, n);
    } else {
      this.bucket.writes++;
    }
  }

  /** A fault or intervention took effect; reads and writes by hand are operations, not changes. */
  faultApplied(atMs: number, fault: Fault): void {
    if (fault.kind === 'put' || fault.kind === 'get') return;
    if (this.faults.length < MAX_FAULTS_KEPT) this.faults.push({ atMs, fault });
  }

  stale(read: StaleRead): void {
    this.staleReadCount++;
    this.bucket.staleReads++;
    if (this.staleReads.length < MAX_STALE_KEPT) this.staleReads.push(read);
  }

  message(kind: MessageKind): void {
    this.messages++;
    this.bucket.messages++;
    let category = categoryOf.get(kind);
    if (category === undefined) categoryOf.set(kind, (category = categorize(kind)));
    if (category === 'anti-entropy') this.antiEntropy.messages++;
    else if (category === 'operation') this.operationMessages++;
  }

  antiEntropyExchange(hashesCompared: number, keysSent: number): void {
    this.antiEntropy.exchanges++;
    this.antiEntropy.hashesCompared += hashesCompared;
    this.antiEntropy.keysSent += keysSent;
    this.bucket.antiEntropyKeys += keysSent;
  }

  maxVersionsPerRead(): number {
    return Math.max(0, ...this.versionsPerRead.keys());
  }

  summary(): MetricsSummary {
    const ops = this.ops.get.ok + this.ops.get.failed + this.ops.put.ok + this.ops.put.failed;
    return {
      operations: {
        get: { ...this.ops.get, latencyMs: this.latency.get.summary() },
        put: { ...this.ops.put, latencyMs: this.latency.put.summary() },
      },
      staleReads: this.staleReadCount,
      maxVersionsPerRead: this.maxVersionsPerRead(),
      versionsPerRead: Object.fromEntries([...this.versionsPerRead].sort(([a], [b]) => a - b)),
      messages: this.messages,
      messagesPerOperation: ops === 0 ? 0 : this.operationMessages / ops,
      dropped: this.dropped,
      hintBacklog: this.hintBacklog,
      antiEntropy: { ...this.antiEntropy },
      readRepairs: this.readRepairs,
    };
  }
}

export interface MetricsSummary {
  operations: Record<OpKind, { ok: number; failed: number; latencyMs: ReturnType<LatencyHistogram['summary']> }>;
  staleReads: number;
  maxVersionsPerRead: number;
  versionsPerRead: Record<string, number>;
  messages: number;
  messagesPerOperation: number;
  dropped: number;
  hintBacklog: number;
  antiEntropy: { exchanges: number; hashesCompared: number; keysSent: number; messages: number };
  readRepairs: number;
}

type MessageCategory = 'anti-entropy' | 'operation' | 'other';

/** Each message kind's category, worked out once: every message sent is counted. */
const categoryOf = new Map<MessageKind, MessageCategory>();

function categorize(kind: MessageKind): MessageCategory {
  if (kind.startsWith('ae.')) return 'anti-entropy';
  if (kind.startsWith('client.') || kind.startsWith('put.') || kind.startsWith('get.') || kind === 'read-repair') return 'operation';
  return 'other';
}

function emptyBucket(startMs: number): MetricsBucket {
  return {
    startMs,
    reads: 0,
    writes: 0,
    failed: 0,
    readP50Ms: 0,
    readP99Ms: 0,
    writeP50Ms: 0,
    writeP99Ms: 0,
    staleReads: 0,
    maxVersions: 0,
    hintBacklog: 0,
    antiEntropyKeys: 0,
    messages: 0,
  };
}
