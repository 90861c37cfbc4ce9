/**
 * The lesson player: the open lesson's current step — its narration, the parts of the playground
 * it points at, and a question whose answer and explanation appear only once the student has
 * predicted — with previous, next and close. Presenter shortcuts drive the same moves.
 */
import {
  currentStep,
  isCorrect,
  mayAdvance,
  stepCount,
} from '../../scenario/lessons/lesson-player.ts';
import { showConcealed, useConcealed } from './use-concealed.ts';
import { useHighlights } from './use-highlights.ts';
import { useLessonSync } from './use-lesson-sync.ts';
import {
  answerStep,
  closeLesson,
  nextLessonStep,
  previousLessonStep,
  useLessonStore,
} from './lesson-store.ts';
import './lessons.css';

const NO_TARGETS: readonly string[] = [];

export function LessonPlayer() {
  const entry = useLessonStore((s) => s.entry);
  const progress = useLessonStore((s) => s.progress);
  useLessonSync();
  const step = entry && progress ? currentStep(entry, progress) : null;
  useHighlights(step?.highlight ?? NO_TARGETS);
  const chosen = progress?.answers[progress.stepIndex];
  // What would answer the question stays hidden until the student has predicted.
  const concealing = step?.conceal !== undefined && (step.question === undefined || chosen === undefined);
  const outOfSight = useConcealed(concealing ? (step.conceal ?? NO_TARGETS) : NO_TARGETS);
  if (!entry || !progress || !step) return null;
  const index = progress.stepIndex;
  const correct = isCorrect(entry, progress);
  const last = index === stepCount(entry) - 1;
  const question = step.question;
  return (
    <section
      className="lesson-player"
      data-testid="lesson-player"
      data-lesson={entry.id}
      data-step={index}
      aria-label={`Lesson: ${entry.title}`}
    >
      <header className="lesson-head">
        <span className="lesson-name">
          {entry.title} <span className="lesson-sections">{entry.sections}</span>
        </span>
        <span className="lesson-counter" data-testid="lesson-step-counter">
          Step {index + 1} of {stepCount(entry)}
        </span>
      </header>
      <div className="lesson-body">
        <h2 className="lesson-step-title" data-testid="lesson-step-title">
          {step.title}
        </h2>
        <p className="lesson-narration" data-testid="lesson-narration">
          {step.narration}
        </p>
        {concealing ? (
          <p className="lesson-concealed-note" data-testid="lesson-concealed-note">
            {question
              ? 'The hatched parts of the view would give the answer away: they show once you predict.'
              : 'The hatched parts of the view would answer a question still to come: they show after it.'}
            {/* One at a time: bringing one into view usually brings its neighbours, and the note stays short. */}
            {outOfSight.slice(0, 1).map(({ testId, name, where }) => (
              <span key={testId}>
                {' '}
                {name === undefined ? 'One is' : `“${name}” is`} out of sight {where}:{' '}
                <button
                  type="button"
                  className="lesson-show-concealed"
                  data-testid={`lesson-show-concealed-${testId}`}
                  onClick={() => showConcealed(testId)}
                >
                  show it
                </button>
                .
              </span>
            ))}
          </p>
        ) : null}
        {question ? (
          <div className="lesson-question" data-testid="lesson-question">
            <p className="lesson-prompt">
              <strong>Predict:</strong> {question.prompt}
            </p>
            <div className="lesson-choices" role="group" aria-label="Your prediction">
              {question.choices.map((choice, i) => (
                <button
                  key={choice}
                  type="button"
                  className="button lesson-choice"
                  data-testid={`lesson-choice-${i}`}
                  data-chosen={chosen === i}
                  data-right={chosen !== undefined && i === question.answer}
                  disabled={chosen !== undefined}
                  onClick={() => answerStep(i)}
                >
                  {String.fromCharCode(65 + i)}. {choice}
                </button>
              ))}
            </div>
            {chosen !== undefined ? (
              <p
                className="lesson-explanation"
                data-testid="lesson-explanation"
                data-correct={correct === true}
              >
                <strong>
                  {correct
                    ? 'Right.'
                    : `Not quite — the answer is ${String.fromCharCode(65 + question.answer)}.`}
                </strong>{' '}
                {question.explanation}
              </p>
            ) : null}
          </div>
        ) : null}
        {last && entry.scenario.lesson.goal ? (
          <p className="lesson-goal" data-testid="lesson-goal">
            <strong>What you saw:</strong> {entry.scenario.lesson.goal}
          </p>
        ) : null}
      </div>
      <footer className="lesson-nav">
        <button
          type="button"
          className="button"
          data-testid="lesson-prev"
          disabled={index === 0}
          onClick={previousLessonStep}
        >
          ◀ Back
        </button>
        <button
          type="button"
          className="button primary"
          data-testid="lesson-next"
          disabled={!mayAdvance(entry, progress)}
          onClick={nextLessonStep}
          title={question && chosen === undefined ? 'Make your prediction first' : undefined}
        >
          {question && chosen === undefined ? 'Predict to go on' : 'Next ▶'}
        </button>
        <button type="button" className="button" data-testid="lesson-close" onClick={closeLesson}>
          {last ? 'Finish lesson' : 'Close lesson'}
        </button>
      </footer>
    </section>
  );
}
