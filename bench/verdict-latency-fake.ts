/**
 * Verdict latency on the fake API server: the fake kubelet makes the deciding change at a seeded
 * moment, the fake server stamps when it wrote the watch event, and each approach's verdict moment
 * is stamped where it resolves. The same kinds, pods and moments for every approach.
 */
import { systemClock } from '../framework/engine/clock.js';
import { Observer } from '../framework/observe/observer.js';
import { Timeline } from '../framework/observe/timeline.js';
import { APPROACHES, type Approach, type ApproachResult } from './support/approaches.js';
import { DECIDED_KINDS, decidingChange, expectationAbout, pollDecision, watchDecision } from './support/decisions.js';
import type { FakeCluster } from './support/fake-cluster.js';
import { between, seeded } from './support/seeded.js';
import { total } from './support/verb-table.js';

export interface LatencyPlan {
  readonly rounds: number;
  /** Expectations decided at once in a round, one pod each. */
  readonly perRound: number;
  /** Each deciding change comes at a seeded moment within this long after its round starts. */
  readonly spreadMs: number;
  readonly seed: number;
}

export const DEFAULT_LATENCY_PLAN: LatencyPlan = { rounds: 10, perRound: 20, spreadMs: 800, seed: 6 };


export async function fakeVerdictLatency(fake: FakeCluster, plan = DEFAULT_LATENCY_PLAN): Promise<ApproachResult[]> {
  const results: ApproachResult[] = [];
  for (const approach of APPROACHES) results.push(await measureApproach(fake, approach, plan));
  return results;
}

async function measureApproach(fake: FakeCluster, approach: Approach, plan: LatencyPlan): Promise<ApproachResult> {
  const namespace = `latency-${approach.pollMs ?? 'watch'}`;
  const rounds: string[][] = [];
  for (let round = 0; round < plan.rounds; round++) {
    const { pods } = await fake.send({ op: 'deploy', namespace, name: `round-${round}`, replicas: plan.perRound });
    await fake.send({ op: 'start', pods });
    rounds.push(pods);
  }
  const kubeConfig = fake.kubeConfig();
  const { mark: beforeSetup } = await fake.send({ op: 'mark' });
  const timeline = new Timeline(systemClock);
  const observer = approach.pollMs === undefined ? new Observer({ kubeConfig, namespace, timeline, clock: systemClock }) : undefined;
  await observer?.start();
  const { mark: beforeDeciding } = await fake.send({ op: 'mark' });
  const random = seeded(plan.seed);
  const stop = new AbortController();
  const latenciesMs: number[] = [];
  try {
    for (const [round, pods] of rounds.entries()) {
      await Promise.all(pods.map(async (pod, index) => {
        const kind = DECIDED_KINDS[(round * plan.perRound + index) % DECIDED_KINDS.length]!;
        const use = expectationAbout(kind, pod);
        const verdict = approach.pollMs === undefined
          ? watchDecision(use, timeline, namespace)
          : pollDecision(use, { kubeConfig, namespace, pod, intervalMs: approach.pollMs, signal: stop.signal });
        await new Promise((resolve) => setTimeout(resolve, between(random, 0, plan.spreadMs)));
        const { sentAt } = await fake.send({ op: 'change', pod, change: decidingChange(kind, pod) });
        latenciesMs.push((await verdict) - sentAt);
      }));
    }
  } finally {
    stop.abort();
    observer?.stop();
  }
  const decidingByVerb = await fake.countsSince(beforeDeciding);
  const deciding = total(decidingByVerb);
  const setup = total(await fake.countsSince(beforeSetup)) - deciding;
  return { approach, latenciesMs, decidingRequests: deciding, decidingByVerb, setupRequests: setup };
}
