/**
 * Where a student is in a lesson, as plain data and pure functions: the step shown, the answers
 * given, whether the next step may be shown (a question must be answered first: predict, then
 * watch), and the virtual time each step plays the run to (Dynamo §4–§6 lessons, lesson-schema.ts).
 */
import type { LessonStep } from '../lesson-schema.ts';
import type { LessonEntry } from './lesson-entry.ts';

export interface LessonProgress {
  lessonId: string;
  stepIndex: number;
  /** The choice made at each step with a question; absent until answered. Answers are final. */
  answers: Readonly<Record<number, number>>;
}

export function startLesson(entry: LessonEntry): LessonProgress {
  return { lessonId: entry.id, stepIndex: 0, answers: {} };
}

export function currentStep(entry: LessonEntry, progress: LessonProgress): LessonStep {
  const step = entry.scenario.lesson.steps[progress.stepIndex];
  if (step === undefined) throw new Error(`lesson ${entry.id} has no step ${progress.stepIndex}`);
  return step;
}

export function stepCount(entry: LessonEntry): number {
  return entry.scenario.lesson.steps.length;
}

/** The time the run is at while step `index` shows: its own `atMs`, else the latest before it. */
export function stepTimeMs(entry: LessonEntry, index: number): number | undefined {
  const steps = entry.scenario.lesson.steps;
  for (let i = Math.min(index, steps.length - 1); i >= 0; i--) {
    const atMs = steps[i]?.atMs;
    if (atMs !== undefined) return atMs;
  }
  return undefined;
}

export function isAnswered(progress: LessonProgress, index = progress.stepIndex): boolean {
  return progress.answers[index] !== undefined;
}

/** A step with a question waits for the prediction before the run is allowed to show the answer. */
export function mayAdvance(entry: LessonEntry, progress: LessonProgress): boolean {
  if (progress.stepIndex >= stepCount(entry) - 1) return false;
  return currentStep(entry, progress).question === undefined || isAnswered(progress);
}

export function answer(
  entry: LessonEntry,
  progress: LessonProgress,
  choice: number,
): LessonProgress {
  const question = currentStep(entry, progress).question;
  if (question === undefined)
    throw new Error(`answer: step ${progress.stepIndex} of ${entry.id} asks no question`);
  if (!Number.isInteger(choice) || choice < 0 || choice >= question.choices.length)
    throw new Error(`answer: choice must be 0..${question.choices.length - 1}, got ${choice}`);
  if (isAnswered(progress)) return progress;
  return { ...progress, answers: { ...progress.answers, [progress.stepIndex]: choice } };
}

export function isCorrect(
  entry: LessonEntry,
  progress: LessonProgress,
  index = progress.stepIndex,
): boolean | undefined {
  const chosen = progress.answers[index];
  const question = entry.scenario.lesson.steps[index]?.question;
  return chosen === undefined || question === undefined ? undefined : chosen === question.answer;
}

export function nextStep(entry: LessonEntry, progress: LessonProgress): LessonProgress {
  return mayAdvance(entry, progress)
    ? { ...progress, stepIndex: progress.stepIndex + 1 }
    : progress;
}

export function previousStep(progress: LessonProgress): LessonProgress {
  return progress.stepIndex === 0 ? progress : { ...progress, stepIndex: progress.stepIndex - 1 };
}

/** What is wrong with a lesson's steps as a sequence (the schema checks each step alone). */
export function lessonProblems(entry: LessonEntry): string[] {
  const problems: string[] = [];
  const untilMs = entry.scenario.untilMs;
  let last = 0;
  entry.scenario.lesson.steps.forEach((step, i) => {
    if (step.atMs === undefined) return;
    if (step.atMs < last)
      problems.push(
        `steps[${i}].atMs ${step.atMs} goes back before ${last}: steps play the run forward`,
      );
    if (untilMs !== undefined && step.atMs > untilMs)
      problems.push(`steps[${i}].atMs ${step.atMs} is after the run ends (${untilMs})`);
    last = Math.max(last, step.atMs);
  });
  if (!entry.scenario.lesson.steps.some((s) => s.question !== undefined))
    problems.push('no step asks the student to predict anything');
  return problems;
}
