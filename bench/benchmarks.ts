/** Every benchmark of `npm run bench`, in the order they run. Each returns the figures it measured. */
import { scaleBenchmark } from './scale.js';
import { timelineCost } from './timeline-cost.js';
import { fakeVerdictLatency } from './verdict-latency-fake.js';
import { FakeCluster } from './support/fake-cluster.js';
import type { Figure } from './support/figure.js';
import { formatValue, table } from './support/figure.js';
import { latencyFigures, latencyTable } from './support/latency-table.js';
import { quantile } from './support/stats.js';
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
    name: 'timeline cost as a run grows (in process)',
    async run({ print }) {
      const costs = await timelineCost();
      print(table(['timeline entries', 'append one change', 'replay since a fault (within)'],
        costs.map((c) => [String(c.entries), `${c.appendMicros.toFixed(1)} µs`, formatValue(c.replayMs, 'ms')])));
      const largest = costs.at(-1)!;
      const library = costs[0]!;
      return [
        { name: `timeline: replay after a fault, ${library.entries} entries`, value: library.replayMs, unit: 'ms', note: 'the library\'s longest timeline is about 200 entries' },
        { name: `timeline: replay after a fault, ${largest.entries} entries`, value: largest.replayMs, unit: 'ms', note: `append ${largest.appendMicros.toFixed(1)} µs per change` },
      ];
    },
  },
  {
    name: 'verdict latency, fake API server',
    async run({ print }) {
      const results = await withFakeCluster((fake) => fakeVerdictLatency(fake));
      print(latencyTable(results));
      return latencyFigures(results, 'fake API server', 20);
    },
  },
  {
    name: 'scale: 50 scenarios, 200 pods, fake API server',
    async run({ print }) {
      const scale = await withFakeCluster((fake) => scaleBenchmark(fake));
      const { use, latenciesMs } = scale;
      const passed = scale.results.filter((r) => r.verdict === 'passed').length;
      const failures = scale.results.filter((r) => r.verdict !== 'passed').map((r) => `${r.scenario}: ${r.message ?? r.verdict}`);
      print(`${passed}/${scale.results.length} scenarios passed in ${(use.wallMs / 1000).toFixed(1)} s; ${scale.timelineEntries} timeline entries in all`);
      failures.slice(0, 5).forEach((line) => print(`  ${line}`));
      print(`restart verdicts timed: ${latenciesMs.length} (${scale.decidedEarly} decided at their step's start by an earlier restart)`);
      const n = `${latenciesMs.length} scenarios, ${passed}/${scale.results.length} passed`;
      return [
        { name: 'scale: CPU of the Faultline process', value: use.cpuPercent, unit: '%', note: `of one core, over ${(use.wallMs / 1000).toFixed(1)} s` },
        { name: 'scale: peak RSS of the Faultline process', value: use.peakRssMb, unit: 'MB', note: `${use.startRssMb.toFixed(0)} MB before` },
        { name: 'scale: peak JS heap of the Faultline process', value: use.peakHeapMb, unit: 'MB' },
        { name: 'scale: verdict latency p50 under load', value: quantile(latenciesMs, 0.5), unit: 'ms', note: n },
        { name: 'scale: verdict latency p99 under load', value: quantile(latenciesMs, 0.99), unit: 'ms', target: 20, note: n },
      ];
    },
  },
];
