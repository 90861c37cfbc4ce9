/**
 * The time controls' Step back (design.md "Time control"): the run as it was before its latest
 * batch, reached by the same deterministic seek as the timeline. Kept apart from the session so
 * the page can compute it without loading the engine.
 */

/**
 * Where a step back seeks, given when the latest batch began: just before it, so the replay stops
 * at the batch boundary before it (a seek runs every batch that begins by its target). Undefined
 * when there is no earlier boundary to go to. Two batches that begin at the same time are stepped
 * back over together.
 */
export function stepBackTargetMs(batchStartMs: number | undefined): number | undefined {
  if (batchStartMs === undefined || !(batchStartMs > 0)) return undefined;
  return Math.max(0, batchStartMs - STEP_BACK_BEFORE_MS);
}

/** How far before a batch's start a step back seeks, ms: far below any gap between two batch starts. */
const STEP_BACK_BEFORE_MS = 1e-6;
