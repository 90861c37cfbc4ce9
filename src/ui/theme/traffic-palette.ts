/**
 * Colours of message traffic (Dynamo §4.5–4.9), one per `TrafficClass`, shared by every view that
 * draws messages (the cluster view, the space-time diagram) so a put looks the same in each.
 * Writes are blues, reads greens, repairs and hints warm, background traffic grey; each reads on
 * the light and the dark surface.
 */
import type { TrafficClass } from '../../core/messages.ts';

export const TRAFFIC_COLOURS: Readonly<Record<TrafficClass, string>> = {
  client: '#7c5cc4',
  put: '#1f6fd1',
  'put-ack': '#5fa2e8',
  get: '#1e9a52',
  'get-reply': '#62c98a',
  repair: '#e0571b',
  hint: '#d4a017',
  'anti-entropy': '#c2408f',
  gossip: '#8a939e',
  handoff: '#8d6e4a',
};

/** Names for the legend, in the paper's words. */
export const TRAFFIC_LABELS: Readonly<Record<TrafficClass, string>> = {
  client: 'client request / reply',
  put: 'write to replica',
  'put-ack': 'write ack',
  get: 'read from replica',
  'get-reply': 'read reply',
  repair: 'read repair',
  hint: 'hinted handoff',
  'anti-entropy': 'anti-entropy (Merkle)',
  gossip: 'gossip / failure detection',
  handoff: 'range transfer',
};

export const TRAFFIC_CLASSES = Object.keys(TRAFFIC_COLOURS) as TrafficClass[];

export function trafficColour(trafficClass: TrafficClass): string {
  return TRAFFIC_COLOURS[trafficClass];
}
