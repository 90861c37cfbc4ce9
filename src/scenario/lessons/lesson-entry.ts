/**
 * A guided lesson: a scenario whose run illustrates one idea of the Dynamo paper (§4–§6), with
 * narrated steps that pause the run, point at parts of the playground and ask the student to
 * predict what happens next before the run shows it.
 */
import type { Lesson } from '../lesson-schema.ts';
import type { Scenario } from '../scenario-schema.ts';

export interface LessonEntry {
  /** Stable id, used in links and test names, e.g. `hinted-handoff`. */
  id: string;
  title: string;
  /** The paper sections the lesson teaches, e.g. `§4.6`. */
  sections: string;
  /** One sentence for the lesson list. */
  summary: string;
  scenario: Scenario & { lesson: Lesson };
}
