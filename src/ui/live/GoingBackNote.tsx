/**
 * Going back in a big run takes seconds (restoring the nearest checkpoint, then replaying to the
 * time chosen: design.md "Time control"), and until it lands the views still draw the run where it
 * was while the clock already reads the time chosen. This note says so over the live views, which
 * it dims, once the wait is long enough to notice; a quick seek shows nothing.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/store.ts';
import { formatVirtualTime } from '../virtual-time-format.ts';
import './going-back.css';

/** A seek shorter than this shows no note, ms: most land within a frame or two. */
const NOTICE_AFTER_MS = 400;

export function GoingBackNote() {
  const playback = useAppStore((s) => s.playback);
  const shownMs = useAppStore((s) => s.snapshot?.status.nowMs);
  // A step back is a seek to just before the latest batch, and reads as one.
  const goingBack = playback === 'seeking';
  const [long, setLong] = useState(false);
  useEffect(() => {
    setLong(false);
    if (!goingBack) return;
    const timer = window.setTimeout(() => setLong(true), NOTICE_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [goingBack]);
  useEffect(() => {
    const panel = document.getElementById('view-panel');
    if (!panel) return;
    if (goingBack && long) panel.setAttribute('data-going-back', '');
    else panel.removeAttribute('data-going-back');
    return () => panel.removeAttribute('data-going-back');
  }, [goingBack, long]);
  if (!goingBack || !long) return null;
  return (
    // Over the views, not above them: nothing moves while it shows.
    <div className="going-back">
      <p className="going-back-note" data-testid="going-back-note" role="status">
        Going back: restoring the nearest checkpoint and replaying to the time chosen. Until it gets
        there the views show the run as it was{shownMs === undefined ? '' : `, at ${formatVirtualTime(shownMs)}`}.
      </p>
    </div>
  );
}
