/**
 * Lesson: N, R, W and quorums (Dynamo §4.5) — with R + W ≤ N a read can miss an acknowledged
 * write without any failure; with R + W > N it cannot, and puts wait for the slower replica.
 */
import type { LessonEntry } from './lesson-entry.ts';

export const quorumLesson: LessonEntry = {
  id: 'quorums',
  title: 'N, R, W and quorums',
  sections: '§4.5',
  summary:
    'R = W = 1 is fast and reads stale values with no failure at all; R + W > N makes read and write quorums overlap.',
  scenario: {
    version: 1,
    name: 'Lesson: N, R, W and quorums',
    description:
      'Five nodes, N = 3, R = W = 1. Write messages (a client’s put and the coordinator’s copies) take 20–60 ms, every other message 3 ms on average. A workload reads and writes three keys for 2.5 s.',
    seed: 7,
    untilMs: 4000,
    cluster: { nodes: 5, N: 3, R: 1, W: 1 },
    network: { latency: { default: 'exp(0.5) + 1', write: 'uniform(20, 60)' } },
    workloads: [
      { id: 'shop', ratePerSec: 100, readFraction: 0.5, keyCount: 3, startMs: 500, stopMs: 3000 },
    ],
    lesson: {
      goal: 'R + W > N is what makes a read see the latest acknowledged write; R = W = 1 trades that for speed.',
      steps: [
        {
          atMs: 0,
          view: 'cluster',
          title: 'N, R and W',
          narration:
            'Every key lives on N = 3 nodes. A put succeeds once W of them, the coordinator included, have written it; a get returns after R of them have answered (§4.5). Here R = W = 1. The network is lopsided: a write message (the client’s put, each copy the coordinator sends) takes 20–60 ms, every other message 3 ms on average. In this run a get takes about 8 ms from request to answer and a put about 57 ms (medians; the Metrics tab’s latency charts show p50 second by second).',
          highlight: ['cluster-summary'],
          question: {
            prompt:
              'With R = W = 1 and no failures, will a client ever read an older value than one already acknowledged?',
            choices: [
              'No: without failures every read sees the latest write',
              'Yes: the read may be answered by a replica the write has not reached yet',
              'Only when two clients write at once',
            ],
            answer: 1,
            explanation:
              'R + W = 2 is not more than N = 3, so the one replica that acknowledged the write and the one that answers the read need not be the same (§4.5). The put is acknowledged after the coordinator’s local write, while the copies are still on their way.',
          },
        },
        {
          atMs: 3000,
          view: 'metrics',
          title: 'Stale reads, no failures',
          narration:
            'The clients have run for 2.5 s. The engine checks every get against the acknowledged writes (its ground truth): the stale-read chart and counter show reads that missed one. Click a mark on the chart to see that read’s messages in the space-time view.',
          highlight: ['chart-stale-reads', 'stat-stale'],
        },
        {
          atMs: 3000,
          view: 'metrics',
          title: 'Quorums that overlap',
          narration: 'Now imagine the same run with R = 2 and W = 2: R + W = 4 > N = 3.',
          highlight: ['stat-write-p99', 'chart-write-latency'],
          question: {
            prompt:
              'With R = W = 2 on the same seed, what happens to stale reads and to put latency?',
            choices: [
              'Stale reads vanish; puts get slower',
              'Stale reads vanish; puts get faster',
              'Nothing changes',
            ],
            answer: 0,
            explanation:
              'Every read quorum now shares a node with every write quorum, so no read misses an acknowledged write (in a run without failures; sloppy quorums under failures are another story, §4.6). The price: “the latency of a get (or put) operation is dictated by the slowest of the R (or W) replicas” — a put now waits for one copy over the slow write leg. Set R and W to 2 in the settings and watch.',
          },
        },
        {
          atMs: 4000,
          view: 'metrics',
          title: 'The knob Dynamo gives you',
          narration:
            'Dynamo’s common configuration is (N, R, W) = (3, 2, 2) (§6). Services that need very fast reads choose R = 1, W = N; the paper reminds that W = 1 means a write is accepted while a single node has it (§4.6).',
          highlight: ['metrics'],
        },
      ],
    },
  },
};
