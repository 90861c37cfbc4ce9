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
            'MD5("wishlist") falls between two tokens. Walking clockwise from there, the first token is n4’s, so n4 is the key’s coordinator. The next tokens on the walk are n1’s and then another of n4’s.',
          highlight: ['key-position', 'key-walk'],
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
            'The ring view lists wishlist’s preference list: n4, n1, n2 are its N = 3 home replicas. The list goes on past N, so that when a home replica is down a write can walk on to the next healthy node (§4.3, §4.6). Every node computes the same list from its own copy of the ring.',
          highlight: ['preference-list'],
        },
        {
          atMs: 900,
          view: 'cluster',
          title: 'A put follows the ring',
          narration:
            'At 1 s Alice puts wishlist through n4, the first node of its preference list.',
          highlight: ['node-n4'],
          question: {
            prompt: 'Which nodes will hold wishlist once the put is done?',
            choices: ['All five nodes', 'n4, n1 and n2', 'Only n4, the coordinator'],
            answer: 1,
            explanation:
              'The coordinator writes its own copy and sends the new version to the other N − 1 nodes of the preference list (§4.3, §4.5). n3 and n5 are not in wishlist’s top three, so they never see it.',
          },
        },
        {
          atMs: 1200,
          view: 'spacetime',
          key: 'wishlist',
          title: 'Three replicas, no more',
          narration:
            'The key inspector shows wishlist on every live node: n4, n1 and n2 hold the version with clock [(n4,1)]; n3 and n5 hold nothing. The arrows above are the put’s messages: n4 to n1 and n2 and their acknowledgements.',
          highlight: ['key-inspector', 'space-time'],
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
