/**
 * Lesson: the three partitioning strategies (Dynamo §6.2, Figures 7 and 8) — load balance,
 * membership metadata, and how much of the key space a join moves under each.
 */
import type { LessonEntry } from './lesson-entry.ts';

/**
 * What answers "which strategy balances load best": each card's mean/max load and load-share bars,
 * hidden from the first card's step until the question about them is answered.
 */
const BALANCE = ['efficiency-1', 'efficiency-2', 'efficiency-3', 'load-share-1', 'load-share-2', 'load-share-3'];

export const partitioningStrategiesLesson: LessonEntry = {
  id: 'partitioning-strategies',
  title: 'The three partitioning strategies',
  sections: '§6.2',
  summary:
    'Random tokens against equal partitions: which spreads load best, which keeps the least metadata, and what a join moves.',
  scenario: {
    version: 1,
    name: 'Lesson: the three partitioning strategies',
    description:
      'Five nodes, T = 8 random tokens each for strategies 1 and 2, Q = 40 equal partitions for strategies 2 and 3 (8 per node under strategy 3). The live run uses strategy 2.',
    seed: 7,
    untilMs: 2000,
    cluster: { nodes: 5, strategy: 2, tokensPerNode: 8, partitionCount: 40, N: 3, R: 2, W: 2 },
    workloads: [{ id: 'shop', ratePerSec: 20, keyCount: 20, startMs: 100, stopMs: 1500 }],
    lesson: {
      goal: 'Strategy 3 balances load best with the least metadata; a join changes the replica set of about N/(S+1) of the keys.',
      steps: [
        {
          view: 'strategies',
          strategyLabJoins: 0,
          title: 'Strategy 1: T random tokens, partition by token value',
          narration:
            'Dynamo’s first scheme (§4.2, §6.2): each node draws T tokens at random and every two consecutive tokens bound a range. The ranges are as uneven as the gaps between random numbers, and they change whenever a node joins or leaves.',
          highlight: ['strategy-card-1'],
          conceal: BALANCE,
        },
        {
          view: 'strategies',
          strategyLabJoins: 0,
          title: 'Strategy 2: T random tokens, Q equal partitions',
          narration:
            'The hash space is cut into Q equal partitions; the random tokens only decide placement: a partition lives on the first N distinct nodes met walking clockwise from its end (§6.2). Amazon used it only while migrating from strategy 1 to 3.',
          highlight: ['strategy-card-2'],
          conceal: BALANCE,
        },
        {
          view: 'strategies',
          strategyLabJoins: 0,
          title: 'Strategy 3: Q/S tokens per node, Q equal partitions',
          narration:
            'Still Q equal partitions, but each of the S nodes holds exactly Q/S of them, and joins and leaves move whole partitions so that stays true (§6.2). Here every strategy has 5 nodes with 8 tokens each and Q = 40.',
          highlight: ['strategy-card-3'],
          conceal: BALANCE,
          question: {
            prompt: 'Which strategy puts the least load on its hottest node, relative to the mean?',
            choices: ['Strategy 1', 'Strategy 2', 'Strategy 3'],
            answer: 2,
            explanation:
              'Figure 8: “strategy 3 achieves the best load balancing efficiency and strategy 2 has the worst”. Here each node coordinates exactly 8 of the 40 equal partitions, so strategy 3’s efficiency (mean load ÷ max load) is 1.00, against about 0.85 for strategy 1 and 0.67 for strategy 2.',
          },
        },
        {
          view: 'strategies',
          strategyLabJoins: 0,
          title: 'Efficiency and metadata',
          narration:
            'Compare the cards’ mean/max load and load-share bars, now shown: strategy 3’s nodes carry exactly equal shares. It also keeps far less membership data per node — which partitions each node holds, not every node’s 128-bit token positions (50 bytes against 650 here). At Amazon’s scale that was three orders of magnitude (§6.2).',
          highlight: ['efficiency-1', 'efficiency-2', 'efficiency-3', 'metadata-1', 'metadata-3'],
        },
        {
          view: 'strategies',
          strategyLabJoins: 0,
          title: 'A new node',
          narration: 'Click “Add node” to join n6 to the same cluster under all three strategies.',
          highlight: ['add-node'],
          conceal: ['moved-fraction-1', 'moved-fraction-2', 'moved-fraction-3'],
          question: {
            prompt:
              'With N = 3 replicas, roughly what share of the keys gets a different set of replicas when n6 joins?',
            choices: ['About 1/6', 'About 1/2', 'All of them'],
            answer: 1,
            explanation:
              'n6 takes about 1/6 of the ring, and a key’s three replicas are the three nodes after it, so n6 becomes one of the replicas of about 3/6 of the key space. Every other key stays put: only the new tokens’ neighbourhoods change (§4.2). The moved-fraction figures show values near 0.5.',
          },
        },
        {
          view: 'strategies',
          strategyLabJoins: 1,
          title: 'Moving partitions as files',
          narration:
            'Under strategy 3 a join moves whole partitions, so a transfer can be a file copy and Merkle trees of untouched partitions stay valid: the paper’s “faster bootstrapping/recovery” and “ease of archival” (§6.2). The price: membership changes must be coordinated to keep Q/S tokens per node.',
          highlight: ['moved-fraction-1', 'moved-fraction-2', 'moved-fraction-3'],
        },
      ],
    },
  },
};
