/**
 * Lesson: gossip and failure detection (Dynamo §4.8) — failure is noticed locally by whoever gets
 * no answer; a join spreads by gossip, one random peer per node per second.
 */
import type { LessonEntry } from './lesson-entry.ts';

export const gossipLesson: LessonEntry = {
  id: 'gossip-failure-detection',
  title: 'Gossip and failure detection',
  sections: '§4.8',
  summary:
    'n5 crashes and only the node that talks to it notices; n6 joins and the news spreads by gossip.',
  scenario: {
    version: 1,
    name: 'Lesson: gossip and failure detection',
    description:
      'n5 crashes at 1 s and stays down. Alice puts cart through n3 at 1.5 s. An administrator joins n6 at 3 s.',
    seed: 7,
    untilMs: 9000,
    cluster: { nodes: 5, N: 3, R: 2, W: 2, gossipIntervalMs: 1000 },
    schedule: [
      { atMs: 1000, fault: { kind: 'crash', node: 'n5' } },
      {
        atMs: 1500,
        fault: { kind: 'put', client: 'alice', key: 'cart', value: ['book'], coordinator: 'n3' },
      },
      { atMs: 3000, fault: { kind: 'join', node: 'n6' } },
    ],
    lesson: {
      goal: 'Dynamo has no global failure view and no broadcast: each node judges its peers by their answers, and membership spreads by gossip.',
      steps: [
        {
          atMs: 900,
          view: 'spacetime',
          // Every node gossips once a second: the last second shows each node's round.
          spaceTimeSpanMs: 1000,
          title: 'Gossip',
          narration:
            '“Each node contacts a peer chosen at random every second and the two nodes efficiently reconcile their persisted membership change histories” (§4.8.1) — the gossip arrows in the space-time view. Their token maps travel the same way, so every node can route any key.',
          highlight: ['space-time'],
        },
        {
          atMs: 1100,
          view: 'cluster',
          title: 'n5 crashes',
          narration:
            'At 1 s n5 crashes. At 1.5 s Alice puts cart, whose home replicas are n3, n5 and n4, through n3.',
          highlight: ['node-n5'],
          // What each node believes would say who can notice before the student answers.
          conceal: ['membership-views'],
          question: {
            prompt: 'Who will consider n5 failed a moment later?',
            choices: [
              'Every node at once: there is a global failure detector',
              'Only nodes that sent n5 a message and got no answer in time — here n3',
              'Nobody until an administrator removes n5',
            ],
            answer: 1,
            explanation:
              'Failure detection is local: “node A may consider node B failed if node B does not respond to node A’s messages (even if B is responsive to node C’s messages)” (§4.8.3). n3 marks n5 unreachable and uses n1 instead; n1 and n2 have not tried n5 and still consider it fine.',
          },
        },
        {
          atMs: 1620,
          view: 'spacetime',
          key: 'cart',
          // 1.49–1.62 s: the put, the copy n5 never answers, and the hinted copy n3 sends instead.
          spaceTimeSpanMs: 130,
          title: 'A local verdict',
          narration:
            'The put succeeded. In the diagram, n3’s copy for n5 is dropped at the crashed node (dashed, ending in a cross) and nothing comes back. 100 ms later n3 gives up waiting, marks n5 unreachable in its own failure detector and sends n5’s copy to n1 with a hint (see the key inspector). No other node has sent n5 anything, so n1, n2 and n4 still consider it fine: in “What each node believes”, only n3’s row marks n5 ✕. The Live cluster draws n5 crashed because the simulator knows it, not because any node does. n1 learns when the hinted copy it holds for n5 cannot be handed back (it finds n5 unresponsive at 3.609 s in this run); n2 not at all: its gossip push to n5 at 1.997 s needs no answer, and failures are noticed by the traffic that does (§4.8.3). An outage is not a departure: n5 stays in the ring (§4.8).',
          highlight: ['space-time', 'key-inspector', 'membership-views'],
        },
        {
          atMs: 3100,
          view: 'cluster',
          title: 'n6 joins',
          narration:
            'At 3 s an administrator joins n6. n6 chooses its tokens and writes the change to its own membership history; the others do not know yet.',
          highlight: ['node-n6'],
          // What each node believes shows the join spreading: the question's answer.
          conceal: ['membership-views'],
          question: {
            prompt: 'How does the rest of the cluster learn about n6?',
            choices: [
              'The administrator’s tool broadcasts it to every node at once',
              'By gossip: the change spreads a peer at a time, over a few seconds',
              'Each node must be told by the administrator',
            ],
            answer: 1,
            explanation:
              'Membership changes and token maps spread by the same gossip exchange (§4.8.1). Seeds, known to every node, make sure no two joins stay unaware of each other (§4.8.2).',
          },
        },
        {
          atMs: 6500,
          view: 'spacetime',
          title: 'Everyone knows',
          narration:
            'In this run n1 learned of n6 by 3.5 s, n4 by 4.25 s, n2 by 5.25 s and n3 by 6.25 s: three seconds of gossip rounds for five nodes. In “What each node believes” every row now has n6, and n5, still down, remains a member of everyone’s view: n3 and n1 mark it ✕, while n2, n4 and n6 still count on it: none has given up waiting for an answer from it yet.',
          // The card first: it is what shows that everyone knows.
          highlight: ['membership-views', 'space-time'],
        },
      ],
    },
  },
};
