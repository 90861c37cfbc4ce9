/**
 * The clock's text for a virtual time. It drops the digits it does not show, as a clock does, and
 * never rounds up: a step back stops just before a batch (runtime/step-back.ts), and 4,233.999 ms
 * must not read as the batch's own 4.234 s. A hair of slack keeps a time that arithmetic left just
 * under a whole digit on that digit.
 */
export function formatVirtualTime(ms: number): string {
  // The slack, in ms, is far below a step back's distance from its batch (1e-6 ms).
  const kept = ms + 1e-8;
  if (ms < 1000) return `${(Math.floor(kept * 10) / 10).toFixed(1)} ms`;
  if (ms < 10_000) return `${(Math.floor(kept) / 1000).toFixed(3)} s`;
  return `${(Math.floor(kept / 10) / 100).toFixed(2)} s`;
}
