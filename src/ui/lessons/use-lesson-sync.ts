/**
 * Keeps the playground where the lesson's current step wants it (Dynamo lessons): the step's view,
 * its key selected on the ring and in the key inspector, and the run paused at the step's time —
 * played forward to it, or replayed from the seed when the student steps back.
 */
import { useEffect, useRef } from 'react';
import { currentStep, stepTimeMs } from '../../scenario/lessons/lesson-player.ts';
import { useAppStore } from '../store/store.ts';
import { useLessonStore } from './lesson-store.ts';

/** Times closer than this are the same moment (the timeline's own rounding). */
const SAME_TIME_MS = 1e-6;

export function useLessonSync(): void {
  const entry = useLessonStore((s) => s.entry);
  const stepIndex = useLessonStore((s) => s.progress?.stepIndex ?? null);
  const playback = useAppStore((s) => s.playback);
  const nowMs = useAppStore((s) => s.snapshot?.status.nowMs ?? null);
  const controller = useAppStore((s) => s.controller);

  useEffect(() => {
    if (entry === null || stepIndex === null) return;
    const step = currentStep(entry, { lessonId: entry.id, stepIndex, answers: {} });
    const app = useAppStore.getState();
    if (step.view !== undefined) app.showView(step.view);
    if (step.spaceTimeSpanMs !== undefined) app.followPlayhead(step.spaceTimeSpanMs);
    if (step.strategyLabJoins !== undefined) {
      // Unchanged when the lab already shows as many joins (a student's own click kept as it is).
      const joins = app.labChanges.filter((c) => c.kind === 'join').length;
      if (joins !== step.strategyLabJoins || app.labChanges.length !== joins) {
        app.resetLab();
        for (let i = 0; i < step.strategyLabJoins; i++) useAppStore.getState().addLabNode();
      }
    }
    if (step.key !== undefined) {
      app.setKey(step.key);
      app.inspectKey(step.key);
    }
  }, [entry, stepIndex]);

  // Each step seeks once, when the run can move (not while it starts); playing on from there is the student's choice.
  const pending = useRef<number | null>(null);
  useEffect(() => {
    pending.current = stepIndex;
  }, [entry, stepIndex]);
  useEffect(() => {
    if (entry === null || pending.current === null || controller === null || nowMs === null) return;
    const target = stepTimeMs(entry, pending.current);
    if (target === undefined || Math.abs(target - nowMs) < SAME_TIME_MS) {
      pending.current = null;
      return;
    }
    if (playback === 'playing') controller.pause();
    else if (playback === 'paused' || playback === 'faulted') {
      pending.current = null;
      controller.seek(target);
    }
  }, [entry, stepIndex, controller, playback, nowMs]);
}
