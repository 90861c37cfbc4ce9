/**
 * Lesson: consistent hashing and virtual nodes (Dynamo §4.2, §4.3) — a key's MD5 position, the
 * clockwise walk, and a preference list that skips a second token of the same physical node.
 */
import type { LessonEntry } from './lesson-entry.ts';

export const consistentHashingLesson: LessonEntry = {
  id: 'consistent-hashing',
  title: 'Consistent hashing and virtual nodes',
  sections: '§4.2–§4.3',
  summary:
    'Where a key lives: its MD5 position on the ring, the clockwise walk, and why the walk skips a node it has already met.',
  scenario: {
    version: 1,
    name: 'Lesson: consistent hashing and virtual nodes',
    description:
      'Five nodes with four random tokens each (strategy 1). Alice puts wishlist through n4 and reads it back through n1.',
    seed: 7,
    untilMs: 3000,
    cluster: { nodes: 5, strategy: 1, tokensPerNode: 4, N: 3, R: 2, W: 2 },
    schedule: [
      {
        atMs: 1000,
        fault: {
          kind: 'put',
          client: 'alice',
          key: 'wishlist',
          value: ['a kettle'],
          coordinator: 'n4',
        },
      },
      { atMs: 2000, fault: { kind: 'get', client: 'alice', key: 'wishlist', coordinator: 'n1' } },
    ],
    lesson: {
      goal: 'A key is stored on the first N distinct nodes clockwise from its hash, and every node can work that list out by itself.',
      steps: [
        {
          atMs: 0,
          view: 'ring',
          title: 'A ring of tokens',
          narration:
            'Dynamo hashes each key with MD5 to a 128-bit position on a ring (§4.2). Each node holds several positions on it, its tokens or virtual nodes: here 5 nodes × T = 4 random tokens. A token is responsible for the range between it and the token before it.',
          highlight: ['ring-diagram'],
        },
        {
          atMs: 0,
          view: 'ring',
          key: 'wishlist',
          title: 'Where wishlist lands',
          narration:
            'MD5("wishlist") falls between two tokens: the marker on the ring, in the highlighted range. Walking clockwise from there, the first token is n4’s, so n4 is the key’s coordinator. The next tokens on the walk are n1’s and then another of n4’s.',
          highlight: ['key-position', 'key-walk'],
          // The walk's numbered replicas and the preference list are the answer.
          conceal: ['preference-list', 'key-walk-span', 'key-walk-replicas'],
          question: {
            prompt: 'With N = 3, which nodes store wishlist?',
            choices: [
              'n4, n1 and n4 again: two copies on n4',
              'n4, n1 and n2: the walk skips n4’s second token',
              'Only n4 and n1',
            ],
            answer: 1,
            explanation:
              '“The preference list for a key is constructed by skipping positions in the ring to ensure that the list contains only distinct physical nodes” (§4.3). Two replicas on one machine would both be lost when it fails.',
          },
        },
        {
          atMs: 0,
          view: 'ring',
          key: 'wishlist',
          title: 'The preference list',
          narration:
            'The ring view lists wishlist’s preference list, and the walk numbers its stops: n4, n1, n2 are its N = 3 home replicas. The list goes on past N, so that when a home replica is down a write can walk on to the next healthy node (§4.3, §4.6). Every node computes the same list from its own copy of the ring.',
          highlight: ['preference-list'],
        },
        {
          atMs: 900,
          view: 'cluster',
          title: 'A put follows the ring',
          narration:
            'At 1 s Alice puts wishlist through n4, the first node of its preference list. n4 will write its own copy and send the new version to the other home replicas, n1 and n2. Here W = 2.',
          highlight: ['node-n4'],
          question: {
            prompt: 'When does n4 tell Alice her put succeeded?',
            choices: [
              'As soon as its own copy is written',
              'Once its own copy is written and one of n1 and n2 has acknowledged',
              'Only after both n1 and n2 have acknowledged',
            ],
            answer: 1,
            explanation:
              '“The coordinator … writes the new version locally. The coordinator then sends the new version … to the N highest-ranked reachable nodes. If at least W-1 nodes respond then the write is considered successful” (§4.5). With W = 2 that is n4’s own write and the first acknowledgement; the third copy still lands, after Alice has her answer.',
          },
        },
        {
          atMs: 1020,
          view: 'spacetime',
          key: 'wishlist',
          // 995–1020 ms: the whole put, Alice's request to the last acknowledgement.
          spaceTimeSpanMs: 25,
          title: 'Three replicas, no more',
          narration:
            'The diagram shows 995–1020 ms: Alice’s put reaches n4, n4 sends the version to n1 and n2, and its reply to Alice leaves the moment n1’s acknowledgement arrives, before n2’s. The arrows just before the put, among n2, n3 and n4, are gossip (§4.8). Below, the key inspector shows wishlist on every live node: n4, n1 and n2 hold the version with clock [(n4,1)]; n3 and n5 hold nothing.',
          highlight: ['space-time', 'key-inspector'],
        },
        {
          atMs: 2200,
          view: 'ring',
          key: 'wishlist',
          title: 'Why virtual nodes',
          narration:
            'At 2 s Alice read wishlist back through n1. Because each node has several tokens scattered over the ring, a node that fails leaves several small gaps taken over by different neighbours, and a new node takes a little load from many nodes instead of a lot from one (§4.2).',
          highlight: ['ring-diagram'],
        },
      ],
    },
  },
};
