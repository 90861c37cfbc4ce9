/**
 * The bodies of recent messages, kept as snapshots arrive whichever view is showing, so a payload
 * card can show what any message in the trace log carried (bounded: oldest forgotten first).
 */
import { BodyCache } from '../spacetime/message-payload.ts';

export const messageBodies = new BodyCache();
