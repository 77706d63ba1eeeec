/** Every benchmark of `npm run bench`, in the order they run. Each returns the figures it measured. */
import { fakeVerdictLatency } from './verdict-latency-fake.js';
import { FakeCluster } from './support/fake-cluster.js';
import type { Figure } from './support/figure.js';
import { latencyFigures, latencyTable } from './support/latency-table.js';
import type { ClusterFinding } from './support/real-cluster.js';

export interface BenchContext {
  readonly cluster: ClusterFinding;
  /** --suite: run the scenario library too (about 25 minutes). */
  readonly suite: boolean;
  readonly print: (text: string) => void;
}

export interface Benchmark {
  readonly name: string;
  run(context: BenchContext): Promise<Figure[]>;
}

/** Runs `work` against a fake cluster process of its own, stopped afterwards whatever happens. */
export async function withFakeCluster<T>(work: (fake: FakeCluster) => Promise<T>): Promise<T> {
  const fake = await FakeCluster.start();
  try {
    return await work(fake);
  } finally {
    await fake.stop();
  }
}

export const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'verdict latency, fake API server',
    async run({ print }) {
      const results = await withFakeCluster((fake) => fakeVerdictLatency(fake));
      print(latencyTable(results));
      return latencyFigures(results, 'fake API server', 20);
    },
  },
];
