/**
 * Lesson: adding and removing nodes (Dynamo §4.9, §4.2) — a join takes over only the ranges its new
 * tokens cover and receives their keys; a leave hands its keys on before going.
 */
import type { LessonEntry } from './lesson-entry.ts';

export const membershipChangeLesson: LessonEntry = {
  id: 'adding-removing-nodes',
  title: 'Adding and removing nodes',
  sections: '§4.9',
  summary:
    'n6 joins and receives the keys of the ranges it now holds; n2 leaves and hands its keys on; no write is lost.',
  scenario: {
    version: 1,
    name: 'Lesson: adding and removing nodes',
    description: 'A workload writes 30 keys for 2 s. n6 joins at 3 s; n2 leaves at 7 s.',
    seed: 7,
    untilMs: 12000,
    cluster: { nodes: 5, N: 3, R: 2, W: 2 },
    workloads: [
      { id: 'shop', ratePerSec: 40, readFraction: 0.2, keyCount: 30, startMs: 200, stopMs: 2000 },
    ],
    schedule: [
      { atMs: 3000, fault: { kind: 'join', node: 'n6' } },
      { atMs: 7000, fault: { kind: 'leave', node: 'n2' } },
    ],
    lesson: {
      goal: 'Membership changes move only the ranges that change hands, by transfer between the old and new holders, and lose nothing.',
      steps: [
        {
          atMs: 2500,
          view: 'cluster',
          title: 'A loaded cluster',
          narration:
            'For 2 s clients wrote keys into five nodes; each key sits on its N = 3 home replicas. At 3 s an administrator adds n6. The ring is cut into Q equal partitions (strategy 3, §6.2), so n6 “steals” partitions from the others until every node holds about Q/S of them (§4.9, §6.2).',
          highlight: ['node-n1', 'node-n2', 'node-n3', 'node-n4', 'node-n5'],
          question: {
            prompt: 'Which keys move when n6 joins?',
            choices: [
              'All of them: every key is rehashed',
              'Only keys in the ranges n6 now holds; the nodes that no longer need them transfer them to n6',
              'None: n6 only receives new writes',
            ],
            answer: 1,
            explanation:
              'Consistent hashing: “departure or arrival of a node only affects its immediate neighbors” (§4.2). For each range n6 takes over, the nodes that no longer have to store it “will offer to and upon confirmation from X transfer the appropriate set of keys” (§4.9).',
          },
        },
        {
          atMs: 5500,
          view: 'spacetime',
          key: 'k7',
          title: 'n6 has its keys',
          narration:
            'Once gossip told the old holders about n6’s tokens, they offered n6 the keys of the ranges it took over, and n6 confirmed before they were sent, so no range is received twice (§4.9). The key inspector shows one such key, k7. Before the join its home replicas were n4, n3 and n5; on the new ring they are n4, n6 and n5. n6’s row now holds the same version as n4 and n5, sent by n3, and n3’s row shows none. Keys outside n6’s new ranges did not move.',
          highlight: ['key-inspector'],
        },
        {
          atMs: 6900,
          view: 'cluster',
          title: 'n2 leaves',
          narration: 'At 7 s an administrator removes n2 from the ring.',
          highlight: ['node-n2'],
          question: {
            prompt: 'What happens to the keys n2 stores?',
            choices: [
              'They are lost with n2',
              'n2 hands them to the nodes that take over its ranges: joining in reverse',
              'Nothing until anti-entropy notices',
            ],
            answer: 1,
            explanation:
              '“When a node is removed from the system, the reallocation of keys happens in a reverse process” (§4.9): the ranges n2 held now belong to other nodes, and n2 transfers their keys to them.',
          },
        },
        {
          atMs: 12000,
          view: 'cluster',
          title: 'Nothing lost',
          narration:
            'n2 has left the ring. Every key’s home replicas on the new ring hold the same versions, and every acknowledged write can still be read.',
          highlight: ['node-n2', 'node-n6'],
        },
      ],
    },
  },
};
