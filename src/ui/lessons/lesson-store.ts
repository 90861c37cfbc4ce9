/**
 * The open lesson and the student's progress through it (lesson-player.ts's rules), with the
 * moves a person or a presentation clicker makes: start, answer, next, previous, close.
 */
import { create } from 'zustand';
import type { LessonEntry } from '../../scenario/lessons/lesson-entry.ts';
import {
  answer,
  nextStep,
  previousStep,
  startLesson,
  type LessonProgress,
} from '../../scenario/lessons/lesson-player.ts';
import { clearScenario, loadScenario, showNotice } from '../share/active-scenario.ts';

export interface LessonState {
  entry: LessonEntry | null;
  progress: LessonProgress | null;
}

export const useLessonStore = create<LessonState>()(() => ({ entry: null, progress: null }));

/** Opens a lesson: its scenario becomes the live run, paused at the start. */
export function openLesson(entry: LessonEntry): void {
  const problem = loadScenario(entry.scenario, { source: 'Lesson' });
  if (problem !== null) {
    showNotice('error', problem);
    return;
  }
  useLessonStore.setState({ entry, progress: startLesson(entry) });
}

export function closeLesson(): void {
  if (useLessonStore.getState().entry === null) return;
  useLessonStore.setState({ entry: null, progress: null });
  clearScenario();
}

export function answerStep(choice: number): void {
  const { entry, progress } = useLessonStore.getState();
  if (entry && progress) useLessonStore.setState({ progress: answer(entry, progress, choice) });
}

/** Moves on when the step allows it (a question answered); returns whether it moved. */
export function nextLessonStep(): boolean {
  const { entry, progress } = useLessonStore.getState();
  if (!entry || !progress) return false;
  const next = nextStep(entry, progress);
  useLessonStore.setState({ progress: next });
  return next !== progress;
}

export function previousLessonStep(): boolean {
  const { progress } = useLessonStore.getState();
  if (!progress) return false;
  const previous = previousStep(progress);
  useLessonStore.setState({ progress: previous });
  return previous !== progress;
}
