/**
 * Acknowledgement honesty (Dynamo §4.5; notes #17): a put is acknowledged only after W nodes, the
 * coordinator's own write included, stored it, and a get answers only after R replies. The
 * evidence is independent of the request machine's own count: the acks and replies that actually
 * reached the coordinator, recorded by RunEvidence from the messages delivered.
 */
import type { NodeConfig } from '../core/node-config.ts';
import type { Violation } from './check-types.ts';
import type { RunEvidence } from './run-evidence.ts';

export function checkAckHonesty(evidence: RunEvidence, config: NodeConfig): Violation[] {
  const violations: Violation[] = [];
  const answeredOps = new Set<string>();
  for (const a of evidence.answered) {
    const o = a.observation;
    const needed = o.op === 'put' ? config.W : config.R;
    const label = `${o.op} #${o.opId} (${o.key}) on ${a.node}`;
    answeredOps.add(`${a.node}#${a.incarnation}:${o.op}:${o.opId}`);
    if (o.needed !== needed) {
      violations.push({
        checker: 'ack-honesty',
        atMs: a.atMs,
        node: a.node,
        key: o.key,
        message: `${label} waited for ${o.needed} replies, but ${o.op === 'put' ? 'W' : 'R'} = ${needed}`,
      });
    }
    const replied = new Set(o.replied);
    if (replied.size !== o.replied.length) {
      violations.push({
        checker: 'ack-honesty',
        atMs: a.atMs,
        node: a.node,
        key: o.key,
        message: `${label} counted a node twice: ${o.replied.join(',')}`,
      });
    }
    // The coordinator's own write (put) or read (get) counts when it is one of the targets.
    const selfCounts = o.targets.some((t) => t.node === a.node);
    const proven = new Set(a.evidence);
    if (selfCounts) proven.add(a.node);
    const unproven = [...replied].filter((n) => !proven.has(n));
    if (unproven.length > 0) {
      violations.push({
        checker: 'ack-honesty',
        atMs: a.atMs,
        node: a.node,
        key: o.key,
        message: `${label} counted ${unproven.join(',')} without an ack or reply from them`,
      });
    }
    const honest = [...replied].filter((n) => proven.has(n)).length;
    if (honest < needed) {
      violations.push({
        checker: 'ack-honesty',
        atMs: a.atMs,
        node: a.node,
        key: o.key,
        message: `${label} answered with ${honest} of ${needed} replies in hand (${[...proven].join(',') || 'none'})`,
      });
    }
  }
  for (const r of evidence.replies) {
    if (!r.ok || answeredOps.has(`${r.node}#${r.incarnation}:${r.op}:${r.opId}`)) continue;
    violations.push({
      checker: 'ack-honesty',
      atMs: r.atMs,
      node: r.node,
      message: `${r.node} told the client ${r.op} #${r.opId} succeeded, but no request machine there reached a quorum`,
    });
  }
  return violations;
}
