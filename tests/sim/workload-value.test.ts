import { describe, expect, it } from 'vitest';
import { workloadValue } from '../../src/sim/clients.ts';

describe('a workload write’s value', () => {
  it('names the client and the write, padded to the value size', () => {
    expect(workloadValue('shop-c4', 7, 8)).toBe('c4#7....');
    expect(workloadValue('shop-c4', 123, 8)).toBe('c4#123..');
    expect(workloadValue('shop-c4', 7, 20)).toHaveLength(20);
  });

  it('keeps the write’s number when the client does not fit', () => {
    expect(workloadValue('w-c12', 12345, 7)).toBe('c#12345');
    expect(workloadValue('w-c12', 123456, 7)).toBe('#123456');
    expect(new Set([1, 2, 3, 10, 11].map((n) => workloadValue('big-c3', n, 4))).size).toBe(5);
  });

  it('is as long as asked, down to one byte', () => {
    expect(workloadValue('w-c1', 5, 1)).toHaveLength(1);
    expect(workloadValue('w-c1', 5, 0)).toHaveLength(1);
  });
});
