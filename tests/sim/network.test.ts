import { describe, expect, it } from 'vitest';
import { Network, type NetworkOptions } from '../../src/sim/network.ts';
import { defaultNetworkOptions, NetworkOptionsError, validateNetworkOptions } from '../../src/sim/network-options.ts';
import { createPrng } from '../../src/sim/prng.ts';

const options = (patch: Partial<NetworkOptions> = {}): NetworkOptions => ({ ...defaultNetworkOptions, ...patch });
const network = (patch: Partial<NetworkOptions> = {}, seed = 1): Network => new Network(options(patch), createPrng(seed, 'network'));

function delay(outcome: ReturnType<Network['send']>): number {
  if (!('deliverAtMs' in outcome)) throw new Error(`dropped: ${outcome.dropped}`);
  return outcome.deliverAtMs;
}

describe('latency', () => {
  it('uses the leg’s own model and falls back to the default', () => {
    const net = network({ latency: { default: 'const(3)', write: 'const(10)', ack: 'const(1)' } });
    expect(delay(net.send('n1', 'n2', 'write', 100))).toBe(110);
    expect(delay(net.send('n2', 'n1', 'ack', 100))).toBe(101);
    expect(delay(net.send('n1', 'n2', 'read', 100))).toBe(103);
    expect(delay(net.send('n1', 'n2', 'other', 100))).toBe(103);
  });

  it('adds the inter-data-center term only between two different data centers', () => {
    const net = network({
      latency: { default: 'const(2)' },
      interDataCenterLatency: 'const(40)',
      dataCenterOf: { n1: 'us-east', n2: 'us-east', n3: 'eu-west' },
    });
    expect(delay(net.send('n1', 'n2', 'write', 0))).toBe(2);
    expect(delay(net.send('n1', 'n3', 'write', 0))).toBe(42);
    expect(delay(net.send('c1', 'n3', 'write', 0))).toBe(2); // c1 has no data center
  });

  it('a slow node multiplies every link touching it, both ends compounding', () => {
    const net = network({ latency: { default: 'const(2)' }, slowNodes: { n2: 5, n3: 3 } });
    expect(delay(net.send('n1', 'n2', 'write', 0))).toBe(10);
    expect(delay(net.send('n2', 'n1', 'ack', 0))).toBe(10);
    expect(delay(net.send('n1', 'n4', 'write', 0))).toBe(2);
    expect(delay(net.send('n2', 'n3', 'write', 0))).toBe(30);
    expect(delay(net.send('n2', 'n2', 'write', 0))).toBe(10);
  });

  it('the safe window is the smallest lower bound over all legs, slow nodes and DC terms aside', () => {
    const net = network({
      latency: { default: 'uniform(4, 9)', write: 'const(2) + 1', response: 'pareto(3.5, 2)' },
      interDataCenterLatency: 'const(50)',
      slowNodes: { n1: 10 },
    });
    expect(net.minLatencyMs()).toBe(3);
    net.setOptions({ latency: { default: 'exp(1)' } });
    expect(net.minLatencyMs()).toBe(0);
    expect(network().minLatencyMs()).toBe(1);
  });
});

describe('drops', () => {
  it('loses messages at about the configured rate, with reason loss', () => {
    const net = network({ lossProbability: 0.2 });
    let lost = 0;
    for (let i = 0; i < 10_000; i++) {
      const outcome = net.send('n1', 'n2', 'write', 0);
      if ('dropped' in outcome) {
        expect(outcome.dropped).toBe('loss');
        expect(outcome.wouldArriveAtMs).toBeGreaterThanOrEqual(1);
        lost++;
      }
    }
    expect(lost / 10_000).toBeGreaterThan(0.18);
    expect(lost / 10_000).toBeLessThan(0.22);
  });

  it('changing the loss rate does not shift later latencies', () => {
    const arrivals = (lossProbability: number): number[] => {
      const net = network({ lossProbability }, 7);
      return Array.from({ length: 200 }, () => {
        const outcome = net.send('n1', 'n2', 'read', 0);
        return 'deliverAtMs' in outcome ? outcome.deliverAtMs : outcome.wouldArriveAtMs;
      });
    };
    expect(arrivals(0.5)).toEqual(arrivals(0));
  });

  it('partitions block across groups at delivery time; unlisted endpoints form their own group', () => {
    const net = network();
    expect(net.canDeliver('n1', 'n4')).toBe(true);
    net.setOptions({ partitions: [['n1', 'n2'], ['n3']] });
    expect(net.canDeliver('n1', 'n2')).toBe(true);
    expect(net.canDeliver('n1', 'n3')).toBe('partition');
    expect(net.canDeliver('n3', 'n2')).toBe('partition');
    expect(net.canDeliver('c1', 'n4')).toBe(true);
    expect(net.canDeliver('c1', 'n1')).toBe('partition');
    expect(net.canDeliver('n3', 'n3')).toBe(true);
    net.setOptions({ partitions: [] });
    expect(net.canDeliver('n1', 'n3')).toBe(true);
  });

  it('a cut link drops one way only', () => {
    const net = network({ cutLinks: [{ from: 'n1', to: 'n2' }] });
    expect(net.canDeliver('n1', 'n2')).toBe('cut');
    expect(net.canDeliver('n2', 'n1')).toBe(true);
    expect(net.canDeliver('n1', 'n3')).toBe(true);
  });

  it('send never drops for partitions or cuts: those are judged on arrival', () => {
    const net = network({ partitions: [['n1'], ['n2']], cutLinks: [{ from: 'n1', to: 'n2' }] });
    expect('deliverAtMs' in net.send('n1', 'n2', 'write', 0)).toBe(true);
  });
});

describe('determinism', () => {
  it('the same seed and options give the same arrivals', () => {
    const run = (): number[] => {
      const net = network({ latency: { default: 'mix(0.9:normal(5,1), 0.1:pareto(20,1.5))' }, lossProbability: 0.1 }, 42);
      return Array.from({ length: 100 }, (_, i) => {
        const outcome = net.send('n1', `n${i % 5}`, 'write', i);
        return 'deliverAtMs' in outcome ? outcome.deliverAtMs : -1;
      });
    };
    expect(run()).toEqual(run());
  });
});

describe('validateNetworkOptions', () => {
  it('fills defaults and keeps a valid configuration', () => {
    expect(validateNetworkOptions({})).toEqual(defaultNetworkOptions);
    const full: NetworkOptions = {
      latency: { default: 'const(1)', write: 'exp(0.5)' },
      interDataCenterLatency: 'normal(40, 5)',
      lossProbability: 0.01,
      partitions: [['n1'], ['n2', 'c1']],
      cutLinks: [{ from: 'n1', to: 'n3' }],
      slowNodes: { n4: 2.5 },
      dataCenterOf: { n1: 'dc1' },
    };
    expect(validateNetworkOptions(full)).toEqual(full);
  });

  it.each([
    [{ lossProbability: 1.5 }, 'lossProbability'],
    [{ latency: { default: 'uniform(1,' } }, 'latency.default'],
    [{ latency: { default: 'const(1)', wrte: 'const(2)' } }, 'latency.wrte'],
    [{ latency: {} }, 'latency.default'],
    [{ partitions: [['n1'], ['n2', 'n1']] }, 'partitions[1][1]'],
    [{ partitions: [['n1', 3]] }, 'partitions[0][1]'],
    [{ cutLinks: [{ from: 'n1' }] }, 'cutLinks[0].to'],
    [{ slowNodes: { n2: 0.5 } }, 'slowNodes.n2'],
    [{ dataCenterOf: { n2: '' } }, 'dataCenterOf.n2'],
    [{ interDataCenterLatency: 5 }, 'interDataCenterLatency'],
    [{ loss: 0.1 }, 'loss'],
  ])('refuses %j naming %s', (input, path) => {
    let error: unknown;
    try {
      validateNetworkOptions(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NetworkOptionsError);
    expect((error as NetworkOptionsError).path).toBe(path);
    expect((error as Error).message).toContain(path);
  });

  it('the latency spec error carries its column', () => {
    expect(() => validateNetworkOptions({ latency: { default: 'uniform(1,' } })).toThrow(
      'network options: latency.default: at column 11: expected a number for HI in uniform(LO,HI)',
    );
  });

  it('setOptions refuses a bad patch and keeps the old options', () => {
    const net = network({ lossProbability: 0.1 });
    expect(() => net.setOptions({ lossProbability: -1 })).toThrow(/lossProbability/);
    expect(net.options().lossProbability).toBe(0.1);
  });
});
