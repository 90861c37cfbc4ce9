import { describe, expect, it } from 'vitest';
import { countAnomalies, staleCause } from '../../src/check/anomaly-counter.ts';
import { defaultNodeConfig } from '../../src/core/node-config.ts';
import type { OpResult } from '../../src/sim/clients.ts';
import type { ScheduledFault } from '../../src/sim/world-config.ts';
import { version } from './forge.ts';

const strict = { ...defaultNodeConfig, N: 3, R: 2, W: 2, quorumMode: 'strict' as const };
const crash: ScheduledFault = { atMs: 100, fault: { kind: 'crash', node: 'n2' } };

function read(extra: Partial<OpResult>): OpResult {
  return {
    opId: 1,
    client: 'c1',
    kind: 'get',
    key: 'cart',
    ok: true,
    startMs: 200,
    endMs: 210,
    versions: [],
    ...extra,
  };
}

describe('what Dynamo does on purpose, counted (§4.4–§4.6)', () => {
  it('explains a stale read by the first cause that applies', () => {
    expect(staleCause({ ...strict, R: 1, W: 2 }, [], 210)).toBe('weak-quorum');
    expect(staleCause({ ...strict, resolution: 'lww' }, [], 210)).toBe('last-writer-wins');
    expect(staleCause({ ...strict, quorumMode: 'sloppy' }, [crash], 210)).toBe('sloppy-quorum');
    expect(staleCause({ ...strict, quorumMode: 'sloppy' }, [crash], 50)).toBeUndefined();
    expect(
      staleCause(
        strict,
        [{ atMs: 100, fault: { kind: 'crash', node: 'n2', loseDisk: true } }],
        210,
      ),
    ).toBe('data-loss');
    expect(staleCause(strict, [{ atMs: 100, fault: { kind: 'join', node: 'n9' } }], 210)).toBe(
      'membership-change',
    );
    expect(staleCause({ ...strict, writeMode: 'buffered' }, [crash], 210)).toBe('buffered-writes');
  });

  it('a stale read under a strict quorum with R + W > N and no fault is a violation (notes #19)', () => {
    const report = countAnomalies([read({ stale: true })], strict, [crash]);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({
      checker: 'strict-quorum',
      key: 'cart',
      atMs: 210,
    });
    expect(
      countAnomalies([read({ stale: true })], { ...strict, quorumMode: 'sloppy' }, [crash])
        .anomalies.staleReads['sloppy-quorum'],
    ).toBe(1);
  });

  it('counts siblings, and the items a cart union brings back that the newest sibling dropped', () => {
    const older = { ...version('x', 'n1', 1), value: ['book', 'pen'] };
    const newer = { ...version('x', 'n2', 2), value: ['book'] };
    const report = countAnomalies(
      [
        read({ versions: [older, newer] }),
        read({ ok: false }),
        { ...read({}), kind: 'put', ok: false },
      ],
      strict,
      [],
    );
    expect(report.anomalies).toMatchObject({
      siblingReads: 1,
      cartResurrections: 1,
      failedReads: 1,
      indeterminateWrites: 1,
    });
    expect(report.violations).toEqual([]);
  });
});
