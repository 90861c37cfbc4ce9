/**
 * How a node's observation (a request changing state, a key stored, a hint handed on, an exchange
 * finished…) stands in the trace: its text, for the trace views and the canonical form, and its
 * binary form, which the trace hash folds directly (trace.ts `recordObservation`). The world
 * observes several times per operation, and building each text only to hash it character by
 * character had cost a tenth of a standard run; the text is now built only when a view reads it.
 *
 * The binary form holds exactly what the text shows, field by field in the text's order: the
 * observation's type, then each field as a string (its length, then its UTF-16 units) or a number
 * (see `foldNumber`). The type decides which fields follow, so a decoder could read it back.
 */
import type { Observation } from '../core/effects.ts';
import type { TraceHash } from './trace-hash.ts';

/** The text of an observation, as the trace views show it. */
export function describeObservation(o: Observation): string {
  switch (o.type) {
    case 'request':
      return `request ${o.op} ${o.key} #${o.reqId} ${o.state} ${o.replied.length}/${o.needed}`;
    case 'stored':
      return `stored ${o.key} ${o.versions}`;
    case 'hint.stored':
      return `hint.stored ${o.key} for ${o.intendedFor}`;
    case 'hint.delivered':
      return `hint.delivered ${o.key} to ${o.intendedFor}`;
    case 'read-repair':
      return `read-repair ${o.key} ${o.targets.join(',')}`;
    case 'anti-entropy':
      return `anti-entropy ${o.peer} r${o.rangeId} ${o.hashesCompared}h ${o.keysSent}k ${o.inSync ? 'in-sync' : 'repaired'}`;
    case 'membership':
      return `membership ${o.version} ${o.members}`;
    case 'reachability':
      return `${o.peer} ${o.reachable ? 'reachable' : 'unreachable'}`;
    case 'transfer':
      return `transfer ${o.phase} ${o.peer} ${o.keys}`;
    case 'buffer-flush':
      return `flush ${o.objects}`;
    case 'handed-off':
      return 'handed-off';
  }
}

/** One word per observation type, in the order of `Observation`'s union. */
const typeCode: Record<Observation['type'], number> = {
  request: 1,
  stored: 2,
  'hint.stored': 3,
  'hint.delivered': 4,
  'read-repair': 5,
  'anti-entropy': 6,
  membership: 7,
  reachability: 8,
  transfer: 9,
  'buffer-flush': 10,
  'handed-off': 11,
};

/** Marks a number that is not a uint32: its float64 bits follow. */
const NOT_UINT32 = 0xffffffff;

/** A uint32 below 2^32 − 1 as one word; any other number as the marker and its float64 bits. */
function foldNumber(h: TraceHash, n: number): void {
  if (n >>> 0 === n && n !== NOT_UINT32) {
    h.word(n);
    return;
  }
  h.word(NOT_UINT32);
  h.float64(n);
}

/** The observation's binary form, folded into a trace hash (trace.ts, header slot 9). */
export function foldObservation(h: TraceHash, o: Observation): void {
  h.word(typeCode[o.type]);
  switch (o.type) {
    case 'request':
      h.string(o.op);
      h.string(o.key);
      foldNumber(h, o.reqId);
      h.string(o.state);
      foldNumber(h, o.replied.length);
      foldNumber(h, o.needed);
      return;
    case 'stored':
      h.string(o.key);
      foldNumber(h, o.versions);
      return;
    case 'hint.stored':
    case 'hint.delivered':
      h.string(o.key);
      h.string(o.intendedFor);
      return;
    case 'read-repair':
      h.string(o.key);
      foldNumber(h, o.targets.length);
      for (const target of o.targets) h.string(target);
      return;
    case 'anti-entropy':
      h.string(o.peer);
      foldNumber(h, o.rangeId);
      foldNumber(h, o.hashesCompared);
      foldNumber(h, o.keysSent);
      h.word(o.inSync ? 1 : 0);
      return;
    case 'membership':
      h.string(o.version);
      foldNumber(h, o.members);
      return;
    case 'reachability':
      h.string(o.peer);
      h.word(o.reachable ? 1 : 0);
      return;
    case 'transfer':
      h.string(o.phase);
      h.string(o.peer);
      foldNumber(h, o.keys);
      return;
    case 'buffer-flush':
      foldNumber(h, o.objects);
      return;
    case 'handed-off':
      return;
  }
}
