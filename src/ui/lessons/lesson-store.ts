/**
 * The open lesson and the student's progress through it (lesson-player.ts's rules), with the
 * moves a person or a presentation clicker makes: start, answer, next, previous, close. The run
 * the lesson replaced is kept, and closing (or finishing) the lesson gives it back.
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
import { keepCurrentRun, loadScenario, restoreRun, showNotice } from '../share/active-scenario.ts';
import { describeRun, isWorthKeeping, type KeptRun } from '../share/replaced-run.ts';

export interface LessonState {
  entry: LessonEntry | null;
  progress: LessonProgress | null;
  /** The person's own run the lesson replaced, given back when the lesson closes. */
  yourRun: KeptRun | null;
}

export const useLessonStore = create<LessonState>()(() => ({
  entry: null,
  progress: null,
  yourRun: null,
}));

/**
 * Opens a lesson: its scenario becomes the live run, paused at the start. The run it replaces is
 * kept (from one lesson to the next, the run before the first) and the notice says it comes back.
 */
export function openLesson(entry: LessonEntry): void {
  const open = useLessonStore.getState();
  const yourRun = open.entry !== null && open.yourRun !== null ? open.yourRun : keepCurrentRun();
  const problem = loadScenario(entry.scenario, {
    source: 'Lesson',
    replaced: isWorthKeeping(yourRun)
      ? {
          text: `The lesson replaced your run (${describeRun(yourRun)}). Your run comes back when you close the lesson.`,
          action: { label: 'Back to your run', run: closeLesson },
        }
      : null,
  });
  if (problem !== null) {
    showNotice('error', problem);
    return;
  }
  useLessonStore.setState({ entry, progress: startLesson(entry), yourRun });
}

/** Closes (or finishes) the lesson: the run it replaced comes back, at the time it had reached. */
export function closeLesson(): void {
  const { entry, yourRun } = useLessonStore.getState();
  if (entry === null) return;
  useLessonStore.setState({ entry: null, progress: null, yourRun: null });
  if (yourRun !== null) restoreRun(yourRun);
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
