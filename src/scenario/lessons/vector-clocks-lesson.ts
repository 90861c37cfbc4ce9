/**
 * Lesson: vector clocks and siblings, the shopping cart (Dynamo §4.4, Figure 3) — two concurrent
 * puts both survive as siblings; a put whose context covers both reconciles them.
 */
import type { LessonEntry } from './lesson-entry.ts';

export const vectorClocksLesson: LessonEntry = {
  id: 'vector-clocks',
  title: 'Vector clocks and siblings: the shopping cart',
  sections: '§4.4',
  summary:
    'Alice and Bob add to the same cart at once; a read returns both versions, and Alice’s merge supersedes them.',
  scenario: {
    version: 1,
    name: 'Lesson: vector clocks and siblings',
    description:
      'Alice and Bob read the cart, then add an item at the same moment through n1 and n4. Alice reads two siblings, merges them and writes the union.',
    seed: 3,
    untilMs: 6000,
    cluster: { nodes: 5, N: 3, R: 2, W: 2, resolution: 'siblings' },
    schedule: [
      {
        atMs: 1000,
        fault: { kind: 'put', client: 'alice', key: 'cart', value: ['book'], coordinator: 'n1' },
      },
      { atMs: 1500, fault: { kind: 'get', client: 'alice', key: 'cart', coordinator: 'n1' } },
      { atMs: 1500, fault: { kind: 'get', client: 'bob', key: 'cart', coordinator: 'n4' } },
      {
        atMs: 2000,
        fault: {
          kind: 'put',
          client: 'alice',
          key: 'cart',
          value: ['book', 'pen'],
          coordinator: 'n1',
        },
      },
      {
        atMs: 2000,
        fault: {
          kind: 'put',
          client: 'bob',
          key: 'cart',
          value: ['book', 'mug'],
          coordinator: 'n4',
        },
      },
      { atMs: 3000, fault: { kind: 'get', client: 'alice', key: 'cart', coordinator: 'n3' } },
      {
        atMs: 3500,
        fault: {
          kind: 'put',
          client: 'alice',
          key: 'cart',
          value: ['book', 'mug', 'pen'],
          coordinator: 'n3',
        },
      },
      { atMs: 4500, fault: { kind: 'get', client: 'bob', key: 'cart', coordinator: 'n4' } },
    ],
    lesson: {
      goal: 'Concurrent writes are never lost: they come back as siblings, and the client’s merge collapses them.',
      steps: [
        {
          atMs: 1200,
          view: 'spacetime',
          key: 'cart',
          title: 'A first version',
          narration:
            'At 1 s Alice puts ["book"] through n1. The coordinator stamps the new version with a vector clock, a list of (node, counter) pairs: [(n1,1)] (§4.4). The key inspector shows it on cart’s home replicas n1, n4 and n3.',
          highlight: ['key-inspector'],
        },
        {
          atMs: 1700,
          view: 'spacetime',
          key: 'cart',
          // The reads at 1.5 s in view: the diagram's default 120 ms would show only what follows them.
          spaceTimeSpanMs: 400,
          title: 'Both read the cart',
          narration:
            'At 1.5 s Alice and Bob each read cart and get ["book"] with context [(n1,1)]. At 2 s Alice adds a pen through n1 and Bob adds a mug through n4, each putting with the context it read.',
          highlight: ['space-time'],
          question: {
            prompt: 'What will a read of cart return after both puts?',
            choices: [
              'Only the later write: the last writer wins',
              'Both versions: their clocks [(n1,2)] and [(n1,1),(n4,1)] are concurrent',
              'An error: the second put is refused',
            ],
            answer: 1,
            explanation:
              'Neither clock is ≤ the other, so neither version descends from the other: “the two changes are considered to be in conflict” and Dynamo keeps both (§4.4, like D3 and D4 in Figure 3). Writes are always accepted; reconciliation happens on read.',
          },
        },
        {
          atMs: 3200,
          view: 'spacetime',
          key: 'cart',
          title: 'Two siblings',
          narration:
            'Alice’s read at 3 s returned two versions: ["book","pen"] with [(n1,2)] and ["book","mug"] with [(n1,1),(n4,1)], and one context that merges both clocks, [(n1,2),(n4,1)]. The key inspector shows both on the replicas.',
          highlight: ['key-inspector', 'replica-table'],
          question: {
            prompt:
              'Alice merges the cart (book, mug, pen) and puts it through n3 with the merged context. What does Bob read at 4.5 s?',
            choices: [
              'Three versions: the two siblings and Alice’s merge',
              'One version, book + mug + pen, with clock [(n1,2),(n3,1),(n4,1)]',
              'Still the two siblings: n4 coordinated Bob’s version',
            ],
            answer: 1,
            explanation:
              '“An update using this context is considered to have reconciled the divergent versions and the branches are collapsed into a single new version” (§4.4) — Figure 3’s D5. The cart’s union never loses an added item, though a deleted one can come back.',
          },
        },
        {
          atMs: 4700,
          view: 'spacetime',
          key: 'cart',
          title: 'One cart again',
          narration:
            'Bob’s read returns one version, ["book","mug","pen"], clock [(n1,2),(n3,1),(n4,1)]: it descends from both siblings, so the replicas dropped them.',
          highlight: ['key-inspector'],
        },
      ],
    },
  },
};
