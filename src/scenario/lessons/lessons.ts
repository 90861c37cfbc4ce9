/**
 * The lesson library (Dynamo §4–§6 in eight guided runs), in teaching order: where keys live, how
 * the ring is cut, quorums, failures, versions, repair, membership.
 */
import { antiEntropyLesson } from './anti-entropy-lesson.ts';
import { consistentHashingLesson } from './consistent-hashing-lesson.ts';
import { gossipLesson } from './gossip-lesson.ts';
import { hintedHandoffLesson } from './hinted-handoff-lesson.ts';
import type { LessonEntry } from './lesson-entry.ts';
import { membershipChangeLesson } from './membership-change-lesson.ts';
import { partitioningStrategiesLesson } from './partitioning-strategies-lesson.ts';
import { quorumLesson } from './quorum-lesson.ts';
import { vectorClocksLesson } from './vector-clocks-lesson.ts';

export type { LessonEntry } from './lesson-entry.ts';

export const LESSONS: readonly LessonEntry[] = [
  consistentHashingLesson,
  partitioningStrategiesLesson,
  quorumLesson,
  hintedHandoffLesson,
  vectorClocksLesson,
  antiEntropyLesson,
  gossipLesson,
  membershipChangeLesson,
];

export function lessonById(id: string): LessonEntry | undefined {
  return LESSONS.find((l) => l.id === id);
}
