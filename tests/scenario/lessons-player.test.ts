/**
 * The lesson player's rules: predict before the run shows the answer, answers are final, and
 * stepping back returns the run to the time the earlier step showed.
 */
import { describe, expect, it } from 'vitest';
import { lessonById } from '../../src/scenario/lessons/lessons.ts';
import {
  answer,
  currentStep,
  isCorrect,
  mayAdvance,
  nextStep,
  previousStep,
  startLesson,
  stepTimeMs,
} from '../../src/scenario/lessons/lesson-player.ts';

const handoff = lessonById('hinted-handoff')!;

describe('the lesson player', () => {
  it('waits for a prediction before showing what happens next', () => {
    let p = startLesson(handoff);
    expect(currentStep(handoff, p).question).toBeUndefined();
    p = nextStep(handoff, p);
    expect(p.stepIndex).toBe(1);
    expect(currentStep(handoff, p).question).toBeDefined();
    expect(mayAdvance(handoff, p)).toBe(false);
    expect(nextStep(handoff, p)).toBe(p);
    p = answer(handoff, p, 0);
    expect(isCorrect(handoff, p)).toBe(false);
    expect(answer(handoff, p, 1)).toBe(p);
    expect(mayAdvance(handoff, p)).toBe(true);
    expect(nextStep(handoff, p).stepIndex).toBe(2);
  });

  it('refuses an answer that is not one of the choices, naming the range', () => {
    const p = nextStep(handoff, startLesson(handoff));
    expect(() => answer(handoff, p, 3)).toThrow('choice must be 0..2, got 3');
    expect(() => answer(handoff, startLesson(handoff), 0)).toThrow('asks no question');
  });

  it('gives each step the time the run is played to, inheriting from the step before', () => {
    const strategies = lessonById('partitioning-strategies')!;
    expect(stepTimeMs(strategies, 2)).toBeUndefined();
    expect(stepTimeMs(handoff, 2)).toBe(2000);
    const quorums = lessonById('quorums')!;
    expect(stepTimeMs(quorums, 2)).toBe(3000);
  });

  it('goes back a step and stops at the first', () => {
    const p = nextStep(handoff, startLesson(handoff));
    expect(previousStep(p).stepIndex).toBe(0);
    expect(previousStep(previousStep(p)).stepIndex).toBe(0);
    const last = { ...p, stepIndex: handoff.scenario.lesson.steps.length - 1 };
    expect(mayAdvance(handoff, last)).toBe(false);
  });
});
