import { availableParallelism, loadavg } from 'node:os';
/** Every benchmark of `npm run bench`, in the order they run. Each returns the figures it measured. */
import { fakeApiLoad } from './api-load-fake.js';
import { realApiLoad } from './api-load-real.js';
import { realVerdictLatency } from './verdict-latency-real.js';
import { scaleBenchmark } from './scale.js';
import { startupTimes } from './startup.js';
import { phasesOf, suiteWallTime, sumPhases, workloadStartMs } from './suite-wall-time.js';
import { timelineCost } from './timeline-cost.js';
import { fakeVerdictLatency } from './verdict-latency-fake.js';
import { FakeCluster } from './support/fake-cluster.js';
import { loadScenarios } from '../framework/loading/load-scenario.js';
import { DEFAULT_CONCURRENCY } from '../framework/cli/run-command.js';
import { WATCH_TIMEOUT_SECONDS } from '../framework/observe/resilient-watch.js';
import type { Figure } from './support/figure.js';
import { formatValue, table } from './support/figure.js';
import { latencyFigures, latencyTable } from './support/latency-table.js';
import { quantile } from './support/stats.js';
import { growth, total, verbTable } from './support/verb-table.js';
import { NO_CLUSTER, type ClusterFinding } from './support/real-cluster.js';

export interface BenchContext {
  readonly cluster: ClusterFinding;
  /** --suite: run the scenario library too (about 15 minutes). */
  readonly suite: boolean;
  readonly print: (text: string) => void;
  /** --kubeconfig and --context as given, for what runs the CLI. */
  readonly connect: { readonly kubeconfig?: string; readonly context?: string };
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
    name: 'start-up, cold',
    async run({ print }) {
      const times = await startupTimes();
      print(table(['command', 'median', 'min', 'max', 'runs'], times.map((t) => [
        t.command, formatValue(t.medianMs / 1000, 's'), formatValue(Math.min(...t.samplesMs) / 1000, 's'), formatValue(Math.max(...t.samplesMs) / 1000, 's'), String(t.samplesMs.length),
      ])));
      const [floor, help, validate] = times;
      // The machine may be shared: its load says how much of the time was waiting for a CPU.
      const note = (t: typeof help): string => `median of ${t!.samplesMs.length}; bare node ${formatValue(floor!.medianMs / 1000, 's')}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`;
      return [
        { name: 'start-up: faultline --help', value: help!.medianMs / 1000, unit: 's', target: 0.3, note: note(help) },
        { name: 'start-up: faultline validate scenarios/', value: validate!.medianMs / 1000, unit: 's', target: 1, note: note(validate) },
      ];
    },
  },
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
    name: 'API load per scenario, fake API server',
    async run({ print }) {
      const runs = await withFakeCluster((fake) => fakeApiLoad(fake));
      print(verbTable(runs));
      printPhases(runs, print);
      runs.filter((r) => r.result.verdict !== 'passed').forEach((r) => print(`  ${r.result.scenario} ${r.result.verdict}: ${r.result.message ?? ''}`));
      return apiLoadFigures(runs, 'fake API server', await libraryLongestTimeLimitS());
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
  {
    name: 'verdict latency, real cluster',
    async run({ cluster, print }) {
      if ('unreachable' in cluster) {
        return [
          { name: 'verdict latency p50, real cluster', value: { notMeasured: NO_CLUSTER }, unit: 'ms' },
          { name: 'verdict latency p99, real cluster', value: { notMeasured: NO_CLUSTER }, unit: 'ms', target: 50 },
          { name: 'polling requests while deciding, real cluster', value: { notMeasured: NO_CLUSTER }, unit: 'requests', target: 0 },
        ];
      }
      const results = await realVerdictLatency(cluster);
      print(latencyTable(results));
      return latencyFigures(results, 'real cluster', 50);
    },
  },
  {
    name: 'API load per scenario, real cluster',
    async run({ cluster, print }) {
      if ('unreachable' in cluster) return [{ name: 'API load: requests that grow with duration, real cluster', value: { notMeasured: NO_CLUSTER }, unit: 'requests', target: 0 }];
      const runs = await realApiLoad(cluster);
      print(verbTable(runs));
      printPhases(runs, print);
      runs.filter((r) => r.result.verdict !== 'passed').forEach((r) => print(`  ${r.result.scenario} ${r.result.verdict}: ${r.result.message ?? ''}`));
      return apiLoadFigures(runs, 'real cluster', await libraryLongestTimeLimitS());
    },
  },
  {
    name: 'suite wall time, real cluster',
    async run({ cluster, suite, print, connect }) {
      const names = ['suite wall time, concurrency 1', `suite wall time, concurrency ${DEFAULT_CONCURRENCY} (default)`];
      if ('unreachable' in cluster) return names.map((name) => ({ name, value: { notMeasured: NO_CLUSTER }, unit: 's' }));
      if (!suite) return names.map((name) => ({ name, value: { notMeasured: 'run with --suite (about 15 minutes)' }, unit: 's' }));
      const { minimums, runs } = await suiteWallTime({ ...connect, log: print });
      const sum = minimums.reduce((total, m) => total + m.ms, 0);
      const longest = minimums.reduce((a, b) => (b.ms > a.ms ? b : a));
      const [serial, parallel] = runs;
      const slowest = parallel!.results.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
      const longestResult = parallel!.results.find((r) => r.scenario === longest.scenario);
      const firstStep = longestResult?.steps[0]?.index ?? 1;
      const startMs = longestResult ? Math.max(0, (workloadStartMs(longestResult) ?? 0) - (longest.steps.get(firstStep) ?? 0)) : 0;
      const targetS = (1.2 * longest.ms + startMs) / 1000;
      const cleanupOf = (result: typeof longestResult): string => (result ? formatValue(phasesOf(result).cleanupMs / 1000, 's') : '');
      print(table(['scenario', 'kubelet minimum', 'untimed expectations', 'took (concurrency 1)', 'of it cleanup', `took (concurrency ${DEFAULT_CONCURRENCY})`, 'of it cleanup'], minimums.map((m) => {
        const one = serial!.results.find((r) => r.scenario === m.scenario);
        const four = parallel!.results.find((r) => r.scenario === m.scenario);
        return [
          m.scenario, formatValue(m.ms / 1000, 's'), String(m.untimed),
          formatValue((one?.durationMs ?? Number.NaN) / 1000, 's'), cleanupOf(one),
          formatValue((four?.durationMs ?? Number.NaN) / 1000, 's'), cleanupOf(four),
        ];
      })));
      for (const run of runs) {
        const phases = sumPhases(run.results);
        print(`concurrency ${run.concurrency}: scenarios' time summed: set-up ${formatValue(phases.setupMs / 1000, 's')}, steps ${formatValue(phases.stepsMs / 1000, 's')}, cleanup ${formatValue(phases.cleanupMs / 1000, 's')}`);
      }
      const passed = (run: typeof serial): string => `${run!.results.filter((r) => r.verdict === 'passed').length}/${run!.results.length} passed`;
      return [
        { name: 'suite: sum of kubelet minimums', value: sum / 1000, unit: 's', note: `${minimums.length} scenarios` },
        { name: 'suite: longest kubelet minimum', value: longest.ms / 1000, unit: 's', note: longest.scenario },
        { name: names[0]!, value: serial!.wallMs / 1000, unit: 's', note: `${(serial!.wallMs / sum).toFixed(2)}x the sum of minimums; ${passed(serial)}` },
        {
          name: `suite: cleanup share of the scenarios' time (concurrency ${DEFAULT_CONCURRENCY})`, value: (100 * sumPhases(parallel!.results).cleanupMs) / parallel!.results.reduce((t, r) => t + r.durationMs, 0), unit: '%',
          note: 'namespace deletion, waited for until gone',
        },
        {
          name: names[1]!, value: parallel!.wallMs / 1000, unit: 's', target: targetS,
          targetText: `<= ${formatValue(targetS, 's')}`,
          note: `1.2 x ${formatValue(longest.ms / 1000, 's')} + ${formatValue(startMs / 1000, 's')} start-up of ${longest.scenario}'s workload; ${passed(parallel)}`,
        },
        {
          // The floor no scheduling can beat: the suite cannot end before its slowest scenario, whose
          // time is mostly the kubelet's (in 1.20 a killed pod's object goes 30-60 s after its grace period).
          name: `suite wall time / its slowest scenario (concurrency ${DEFAULT_CONCURRENCY})`, value: parallel!.wallMs / slowest.durationMs, unit: 'ratio',
          note: `${slowest.scenario} took ${formatValue(slowest.durationMs / 1000, 's')} in this run`,
        },
      ];
    },
  },
];

/** Where each run's time went, so a slow run can be told from a slow cluster. */
function printPhases(runs: ReadonlyArray<{ readonly title: string; readonly result: Parameters<typeof phasesOf>[0] }>, print: (text: string) => void): void {
  for (const run of runs) {
    const { setupMs, stepsMs, cleanupMs } = phasesOf(run.result);
    print(`${run.title}: set-up ${formatValue(setupMs / 1000, 's')}, steps ${formatValue(stepsMs / 1000, 's')}, cleanup ${formatValue(cleanupMs / 1000, 's')}`);
  }
}


/** The longest time limit of the scenario library's scenarios, in seconds. */
async function libraryLongestTimeLimitS(): Promise<number> {
  const { scenarios } = await loadScenarios(['scenarios/']);
  return Math.max(...scenarios.map((scenario) => scenario.timeoutMs)) / 1000;
}

/** Watches per run, and how many more requests the long run sent than the short one (target: none). */
export function apiLoadFigures(runs: ReadonlyArray<{ readonly title: string; readonly counts: Partial<Record<string, number>> }>, where: string, longestTimeLimitS: number): Figure[] {
  const short = runs[0];
  const long = runs.at(-1);
  if (!short || !long) return [];
  const passedNote = `short ${short.title}, long ${long.title}`;
  // One watch of a run is cleanup's, on its namespace while it goes; the others are the observer's, open all run long.
  const observerWatches = Math.max(0, (long.counts.watch ?? 0) - 1);
  return [
    { name: `API load: requests per scenario (short), ${where}`, value: total(short.counts), unit: 'requests', note: `${short.counts.watch ?? 0} watches, ${short.counts.list ?? 0} lists, ${short.counts.get ?? 0} gets` },
    { name: `API load: requests per scenario (long), ${where}`, value: total(long.counts), unit: 'requests', note: `${long.counts.watch ?? 0} watches, ${long.counts.list ?? 0} lists, ${long.counts.get ?? 0} gets` },
    { name: `API load: requests that grow with duration, ${where}`, value: growth(short.counts, long.counts), unit: 'requests', target: 0, note: passedNote },
    {
      // Not reached by the runs above: each watch asks the server to end it after WATCH_TIMEOUT_SECONDS, and is then renewed.
      name: `API load: watch renewals within a scenario's time limit (computed), ${where}`,
      value: observerWatches * Math.floor(longestTimeLimitS / WATCH_TIMEOUT_SECONDS), unit: 'watches', target: 0,
      note: `the observer's ${observerWatches} watches each last ${WATCH_TIMEOUT_SECONDS} s (resilient-watch.ts), longer than the library's longest time limit, ${longestTimeLimitS} s`,
    },
  ];
}
