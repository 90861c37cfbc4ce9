/**
 * Lesson: sloppy quorum and hinted handoff (Dynamo §4.6) — a home replica is down, its copy of a
 * write goes to the next healthy node with a hint, and comes back when the owner recovers.
 */
import type { LessonEntry } from './lesson-entry.ts';

export const hintedHandoffLesson: LessonEntry = {
  id: 'hinted-handoff',
  title: 'Sloppy quorum and hinted handoff',
  sections: '§4.6',
  summary:
    'n4 is down when Alice writes her cart: n1 keeps n4’s copy with a hint and hands it back when n4 returns.',
  scenario: {
    version: 1,
    name: 'Lesson: sloppy quorum and hinted handoff',
    description:
      'cart’s home replicas are n3, n5 and n4. n4 crashes at 1 s, Alice puts cart at 1.5 s, n4 recovers at 4 s and Bob reads cart through n4 at 7 s.',
    seed: 7,
    untilMs: 8000,
    cluster: { nodes: 5, N: 3, R: 2, W: 2, quorumMode: 'sloppy' },
    schedule: [
      { atMs: 1000, fault: { kind: 'crash', node: 'n4' } },
      {
        atMs: 1500,
        fault: { kind: 'put', client: 'alice', key: 'cart', value: ['book'], coordinator: 'n3' },
      },
      { atMs: 2500, fault: { kind: 'get', client: 'alice', key: 'cart', coordinator: 'n3' } },
      { atMs: 4000, fault: { kind: 'recover', node: 'n4' } },
      { atMs: 7000, fault: { kind: 'get', client: 'bob', key: 'cart', coordinator: 'n4' } },
    ],
    lesson: {
      goal: 'A write is accepted while a home replica is down, and the replica count is restored without anyone asking.',
      steps: [
        {
          atMs: 0,
          view: 'ring',
          key: 'cart',
          title: 'cart’s preference list',
          narration:
            'cart’s preference list is n3, n5, n4, then n1 and n2. With N = 3, n3, n5 and n4 are its home replicas (§4.3).',
          highlight: ['preference-list'],
        },
        {
          atMs: 1200,
          view: 'cluster',
          title: 'n4 crashes',
          narration:
            'At 1 s n4 crashes. Nobody removes it from the ring: “a node outage rarely signifies a permanent departure” (§4.8). At 1.5 s Alice puts cart through n3 with W = 2.',
          highlight: ['node-n4'],
          question: {
            prompt: 'What happens to the copy of cart meant for n4?',
            choices: [
              'The put fails: a home replica is down',
              'It goes to n1, the next healthy node of the preference list, with a hint naming n4',
              'It is dropped; anti-entropy will copy it to n4 later',
            ],
            answer: 1,
            explanation:
              'Dynamo uses a sloppy quorum: “all read and write operations are performed on the first N healthy nodes from the preference list” (§4.6). n1 stands in for n4 and keeps the replica with a hint naming the intended owner.',
          },
        },
        {
          atMs: 2000,
          view: 'cluster',
          title: 'A hinted replica',
          narration:
            'The put succeeded (n3 and n5 made W = 2) and n1’s badge shows 1 hinted replica. n1 keeps it “in a separate local database that is scanned periodically” (§4.6): it is not one of n1’s own keys.',
          highlight: ['hints-n1', 'node-n1'],
        },
        {
          atMs: 4200,
          view: 'cluster',
          title: 'n4 is back',
          narration: 'n4 recovered at 4 s, its disk intact but without Alice’s write.',
          highlight: ['node-n4', 'hints-n1'],
          question: {
            prompt: 'What will n1 do with its hinted replica?',
            choices: [
              'Keep it for good: it is now a fourth replica',
              'Send it to n4, then delete its own copy',
              'Wait until someone reads cart',
            ],
            answer: 1,
            explanation:
              '“Upon detecting that A has recovered, D will attempt to deliver the replica to A. Once the transfer succeeds, D may delete the object from its local store without decreasing the total number of replicas in the system” (§4.6).',
          },
        },
        {
          atMs: 5500,
          view: 'cluster',
          title: 'Handed off',
          narration:
            'n1’s periodic hint scan found n4 reachable, delivered cart and, once n4 acknowledged it, deleted the hint: n1’s badge is gone and no hints are pending anywhere.',
          highlight: ['hints-n1', 'node-n4'],
        },
        {
          atMs: 7200,
          view: 'spacetime',
          key: 'cart',
          title: 'n4 has Alice’s write',
          narration:
            'At 7 s Bob reads cart through n4 and gets Alice’s book. The key inspector shows the same version on n3, n5 and n4, and nothing left on n1.',
          highlight: ['key-inspector'],
        },
      ],
    },
  },
};
