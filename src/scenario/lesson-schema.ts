/**
 * The schema of a scenario's optional lesson: narrated steps over a run, each pointing at parts of
 * the playground and perhaps asking a question about what the paper predicts (Dynamo §4–§6).
 * Kept general so lessons can be written on top of any scenario.
 */
import { z } from 'zod';
import { timeMs } from './fault-schema.ts';

const question = z
  .strictObject({
    prompt: z.string().min(1),
    choices: z.array(z.string().min(1)).min(2),
    /** Index into `choices` of the right answer. */
    answer: z.int().min(0),
    /** Shown after answering: why, in the paper's terms. */
    explanation: z.string().min(1),
  })
  .superRefine((q, ctx) => {
    if (q.answer >= q.choices.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['answer'],
        message: `answer ${q.answer} is not one of the ${q.choices.length} choices (counting from 0)`,
        input: q.answer,
      });
    }
  });

/** The playground views a step can show (ids of ui/views.tsx). */
export const lessonViews = ['ring', 'strategies', 'cluster', 'spacetime', 'metrics'] as const;
export type LessonView = (typeof lessonViews)[number];

export const lessonStepSchema = z.strictObject({
  /** Play the run to this virtual time before showing the step; absent: wherever the run is. */
  atMs: timeMs.optional(),
  /** The view to show for this step; absent: the view stays as it is. */
  view: z.enum(lessonViews).optional(),
  /** A key to pick out: its position and preference list on the ring, its replicas in the inspector. */
  key: z.string().min(1).optional(),
  /**
   * The strategy lab shows the cluster with this many nodes joined (0: as configured), so stepping
   * back undoes a join the student made later and a step that discusses a join has one.
   */
  strategyLabJoins: z.int().min(0).max(16).optional(),
  /** How much time the space-time view shows, ms, following the playhead (a gossip round needs a second). */
  spaceTimeSpanMs: z.number().positive().max(120_000).optional(),
  title: z.string().min(1),
  narration: z.string().min(1),
  /** Targets in the playground to draw attention to, named like data-testid values (`node-n2`, `ring-view`). */
  highlight: z.array(z.string().min(1)).optional(),
  /**
   * Parts of the playground that would give the answer away (named like `highlight`), hidden while
   * the step shows until its question is answered; on a step without a question, for the whole step.
   */
  conceal: z.array(z.string().min(1)).optional(),
  question: question.optional(),
});

export const lessonSchema = z.strictObject({
  /** One sentence: what the student will have seen for themselves at the end. */
  goal: z.string().min(1).optional(),
  steps: z.array(lessonStepSchema).min(1),
});

export type LessonStep = z.infer<typeof lessonStepSchema>;
export type Lesson = z.infer<typeof lessonSchema>;
