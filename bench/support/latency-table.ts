/** The side-by-side table of verdict latency and requests for the approaches, and its figures. */
import type { ApproachResult } from './approaches.js';
import { formatValue, table, type Figure } from './figure.js';
import { quantile } from './stats.js';

export function latencyTable(results: readonly ApproachResult[]): string {
  const watch = results[0]!;
  const watchP50 = quantile(watch.latenciesMs, 0.5);
  const watchP99 = quantile(watch.latenciesMs, 0.99);
  return table(
    ['approach', 'n', 'p50', 'p99', 'max', 'p50 / watch', 'p99 / watch', 'requests deciding', 'requests set-up'],
    results.map((r) => {
      const p50 = quantile(r.latenciesMs, 0.5);
      const p99 = quantile(r.latenciesMs, 0.99);
      return [
        r.approach.name, String(r.latenciesMs.length), formatValue(p50, 'ms'), formatValue(p99, 'ms'),
        formatValue(Math.max(...r.latenciesMs), 'ms'), `${(p50 / watchP50).toFixed(1)}x`, `${(p99 / watchP99).toFixed(1)}x`,
        `${r.decidingRequests}${r.decidingRequests > 0 ? ` (${Object.entries(r.decidingByVerb).map(([verb, n]) => `${verb} ${n}`).join(', ')})` : ''}`, String(r.setupRequests),
      ];
    }),
  );
}

/** The issue's figures from one comparison: Faultline's p50 and p99 against `targetMs`, its polling requests, and the peers' ratios. */
export function latencyFigures(results: readonly ApproachResult[], where: string, targetMs: number): Figure[] {
  const [watch, ...polls] = results;
  if (!watch) return [];
  const n = watch.latenciesMs.length;
  return [
    { name: `verdict latency p50, ${where}`, value: quantile(watch.latenciesMs, 0.5), unit: 'ms', note: `${n} expectations` },
    { name: `verdict latency p99, ${where}`, value: quantile(watch.latenciesMs, 0.99), unit: 'ms', target: targetMs, note: `${n} expectations` },
    { name: `polling requests while deciding, ${where}`, value: watch.decidingRequests, unit: 'requests', target: 0, note: `set-up: ${watch.setupRequests} (lists, watches, discovery)` },
    ...polls.map((poll): Figure => ({
      name: `${poll.approach.name} p99 / watch p99, ${where}`,
      value: quantile(poll.latenciesMs, 0.99) / quantile(watch.latenciesMs, 0.99), unit: 'ratio',
      note: `p50 ${formatValue(quantile(poll.latenciesMs, 0.5), 'ms')}, p99 ${formatValue(quantile(poll.latenciesMs, 0.99), 'ms')}; ${poll.decidingRequests} requests vs ${watch.decidingRequests + watch.setupRequests}`,
    })),
  ];
}
