/**
 * The four latency legs of a quorum operation — write request, write ack, read request, read
 * response (the WARS model of Bailis et al., "Probabilistically Bounded Staleness") — as specs
 * in the distribution grammar, checked and parsed once (Dynamo §4.5, §6.1).
 */
import { parseDistribution, type Distribution } from '../sim/distribution.ts';
import { ExperimentOptionsError } from './experiment-control.ts';

export type WarsLeg = 'write' | 'ack' | 'read' | 'response';

export const warsLegs: readonly WarsLeg[] = ['write', 'ack', 'read', 'response'];

/** A distribution spec per leg, e.g. `{ write: 'exp(0.5) + 1', … }`. */
export type LegSpecs = Readonly<Record<WarsLeg, string>>;

export type LegDistributions = Readonly<Record<WarsLeg, Distribution>>;

/** The project's LAN default (sim/network-options.ts): about 3 ms per hop with a 1 ms floor. */
export const defaultLatencySpec = 'exp(0.5) + 1';

/** Every leg from `base`, then the legs given one by one. */
export function legSpecs(base: string, overrides: Partial<Record<WarsLeg, string>> = {}): LegSpecs {
  return {
    write: overrides.write ?? base,
    ack: overrides.ack ?? base,
    read: overrides.read ?? base,
    response: overrides.response ?? base,
  };
}

/** Parses each leg; a bad spec names its flag (`latency-write`, …) and the column. */
export function parseLegs(specs: LegSpecs): LegDistributions {
  const parse = (leg: WarsLeg): Distribution => {
    try {
      return parseDistribution(specs[leg]);
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      throw new ExperimentOptionsError(`latency-${leg}`, `${JSON.stringify(specs[leg])}: ${problem}`);
    }
  };
  return { write: parse('write'), ack: parse('ack'), read: parse('read'), response: parse('response') };
}
