/**
 * `npm run bench`: measures what the performance issue asks for and prints every figure with its
 * target and the ratio to it, in one table at the end.
 *
 *   npm run bench                      fake API server figures, start-up, and the real cluster's when reachable
 *   npm run bench -- --cluster         the real cluster's figures too, failing loudly if it cannot be reached
 *   npm run bench -- --suite           also the suite wall time on the real cluster (about 15 minutes)
 *   npm run bench -- --only startup    only the benchmarks whose name contains this text
 */
import { parseArgs } from 'node:util';
import { BENCHMARKS, type BenchContext } from './benchmarks.js';
import { figureTable, type Figure } from './support/figure.js';
import { findCluster } from './support/real-cluster.js';

const { values } = parseArgs({
  options: {
    cluster: { type: 'boolean', default: false },
    suite: { type: 'boolean', default: false },
    only: { type: 'string' },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
  },
});

const cluster = await findCluster({
  required: values.cluster || values.suite,
  ...(values.kubeconfig !== undefined && { kubeconfig: values.kubeconfig }),
  ...(values.context !== undefined && { context: values.context }),
}).catch((error: unknown) => {
  // --cluster or --suite asked for the real cluster: without one there is nothing honest to print.
  console.error(`bench: ${(error as Error).message}`);
  process.exit(3);
});
const context: BenchContext = {
  cluster, suite: values.suite, print: (text) => console.log(text),
  connect: {
    ...(values.kubeconfig !== undefined && { kubeconfig: values.kubeconfig }),
    ...(values.context !== undefined && { context: values.context }),
  },
};
if ('unreachable' in cluster) console.log(`real cluster: ${cluster.unreachable}`);
else console.log(`real cluster: context ${cluster.contextName} at ${cluster.server}`);

const figures: Figure[] = [];
for (const benchmark of BENCHMARKS.filter((b) => values.only === undefined || b.name.includes(values.only))) {
  console.log(`\n== ${benchmark.name}`);
  const started = performance.now();
  try {
    figures.push(...await benchmark.run(context));
  } catch (error) {
    // One broken benchmark must not hide the others' figures, nor pass silently.
    process.exitCode = 1;
    console.log(`${benchmark.name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    figures.push({ name: benchmark.name, value: { notMeasured: `the benchmark failed: ${error instanceof Error ? error.message : String(error)}` }, unit: 'ms' });
  }
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

console.log('\n== every figure, with its target and the ratio to it (ratio = measured / target; at most 1 meets it)\n');
console.log(figureTable(figures));
