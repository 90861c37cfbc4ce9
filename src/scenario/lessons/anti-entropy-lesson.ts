/**
 * Lesson: read repair and Merkle-tree anti-entropy (Dynamo §5, §4.7) — a replica that missed two
 * writes gets one back from a read and the other from a background Merkle exchange.
 */
import type { LessonEntry } from './lesson-entry.ts';

export const antiEntropyLesson: LessonEntry = {
  id: 'read-repair-anti-entropy',
  title: 'Read repair and Merkle anti-entropy',
  sections: '§4.7, §5',
  summary:
    'n4 misses two writes behind a partition: a read repairs one, a Merkle-tree exchange finds and repairs the other.',
  scenario: {
    version: 1,
    name: 'Lesson: read repair and Merkle anti-entropy',
    description:
      'Strict quorum, so no hints. n4 is cut off from 1 s to 2.5 s while Alice writes cart and profile through n3. Alice reads cart at 2.6 s; nobody reads profile.',
    seed: 7,
    untilMs: 9000,
    cluster: { nodes: 5, N: 3, R: 2, W: 2, quorumMode: 'strict', antiEntropyIntervalMs: 3000 },
    schedule: [
      {
        atMs: 1000,
        fault: { kind: 'partition', groups: [['n4'], ['n1', 'n2', 'n3', 'n5', 'alice']] },
      },
      {
        atMs: 1500,
        fault: { kind: 'put', client: 'alice', key: 'cart', value: ['book'], coordinator: 'n3' },
      },
      {
        atMs: 1600,
        fault: {
          kind: 'put',
          client: 'alice',
          key: 'profile',
          value: 'likes: books',
          coordinator: 'n3',
        },
      },
      { atMs: 2500, fault: { kind: 'heal' } },
      { atMs: 2600, fault: { kind: 'get', client: 'alice', key: 'cart', coordinator: 'n3' } },
    ],
    lesson: {
      goal: 'Replicas that diverge are brought back together by reads (read repair) and, for keys nobody reads, by Merkle-tree exchanges.',
      steps: [
        {
          atMs: 1200,
          view: 'cluster',
          title: 'n4 cut off',
          narration:
            'cart and profile both live on n3, n5 and n4. At 1 s the network cuts n4 off. This cluster uses a strict quorum — writes go only to home replicas, no hints — so what n4 misses can only come back through replica synchronization.',
          highlight: ['node-n4'],
        },
        {
          atMs: 2550,
          view: 'spacetime',
          key: 'cart',
          title: 'Two writes missed',
          narration:
            'Alice wrote cart (1.5 s) and profile (1.6 s) through n3; n3 and n5 made W = 2 and n4 heard nothing. The partition healed at 2.5 s, but healing moves no data: the key inspector still shows n4 without cart.',
          highlight: ['key-inspector'],
          question: {
            prompt:
              'At 2.6 s Alice reads cart through n3 with R = 2, and n4 answers with nothing. What happens to n4’s copy?',
            choices: [
              'Nothing until someone writes cart again',
              'After answering Alice, n3 sends n4 the newer version (read repair)',
              'Alice’s read fails because the replicas disagree',
            ],
            answer: 1,
            explanation:
              '“After the read response has been returned to the caller the state machine waits for a small period of time to receive any outstanding responses. If stale versions were returned in any of the responses, the coordinator updates those nodes with the latest version” (§5).',
          },
        },
        {
          atMs: 2800,
          view: 'spacetime',
          key: 'cart',
          title: 'Read repair',
          narration:
            'n4 now holds cart: the read repaired it, sparing anti-entropy the work (§5). But nobody reads profile.',
          highlight: ['key-inspector'],
          question: {
            prompt: 'Will n4 ever get profile?',
            choices: [
              'No: only reads repair replicas',
              'Yes: replicas compare Merkle trees in the background and send only the keys that differ',
              'Only if n4 restarts',
            ],
            answer: 1,
            explanation:
              'Anti-entropy (§4.7): replicas exchange the roots of the Merkle trees of the key ranges they share; equal roots mean equal data, and where they differ they descend only into differing children down to the leaves, which name the keys out of sync.',
          },
        },
        {
          atMs: 7000,
          view: 'spacetime',
          key: 'profile',
          title: 'Merkle anti-entropy',
          narration:
            'A background exchange between n4 and another replica found their Merkle roots for profile’s range different, walked down the tree and sent just profile. Every replica of both keys now agrees.',
          highlight: ['key-inspector'],
        },
        {
          atMs: 9000,
          view: 'metrics',
          title: 'What it cost',
          narration:
            'The anti-entropy chart counts keys sent by Merkle exchanges: only the one key that differed, not the whole range.',
          highlight: ['chart-anti-entropy', 'stat-ae'],
        },
      ],
    },
  },
};
