/**
 * The lesson library (Dynamo §4–§6 in eight guided runs): one card per lesson with the sections it
 * teaches; starting one loads its scenario into the live run and opens the lesson player.
 */
import { LESSONS } from '../../scenario/lessons/lessons.ts';
import { stepCount } from '../../scenario/lessons/lesson-player.ts';
import { openLesson, useLessonStore } from './lesson-store.ts';
import './lessons.css';

export function LessonsView() {
  const open = useLessonStore((s) => s.entry?.id ?? null);
  return (
    <section className="lessons-view" data-testid="lessons-view" aria-label="Lessons">
      <p className="help">
        Each lesson runs a small scenario on the real engine. It pauses at each step, points at the
        part of the playground to watch, and asks you to predict what happens next before it plays
        on. Keys: → or PageDown next step, ← or PageUp back, Space play/pause, ? all shortcuts.
      </p>
      <ol className="lesson-list">
        {LESSONS.map((lesson, i) => (
          <li
            key={lesson.id}
            className="lesson-card"
            data-testid={`lesson-card-${lesson.id}`}
            data-open={open === lesson.id}
          >
            <h2 className="lesson-card-title">
              {i + 1}. {lesson.title} <span className="lesson-sections">{lesson.sections}</span>
            </h2>
            <p>{lesson.summary}</p>
            <p className="lesson-meta">
              {stepCount(lesson)} steps ·{' '}
              {lesson.scenario.lesson.steps.filter((s) => s.question).length} predictions ·{' '}
              {(lesson.scenario.untilMs ?? 0) / 1000} s of virtual time
            </p>
            <button
              type="button"
              className="button primary"
              data-testid={`lesson-start-${lesson.id}`}
              onClick={() => openLesson(lesson)}
            >
              {open === lesson.id ? 'Restart lesson' : 'Start lesson'}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
