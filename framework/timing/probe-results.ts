import type { ProbeSettings } from './probe-settings.js';
import { later, plus, timeRange, times, type TimeRange } from './time-range.js';

/**
 * Where a probe's new answer begins: at a moment while the container runs (a fault breaks or mends
 * what it checks), or at the container's start (a probe that can never pass). `gate` is when a
 * startupProbe lets liveness and readiness probes run, counted from the container's start.
 */
export type ProbeStart =
  | { readonly from: 'moment' }
  | { readonly from: 'container-start'; readonly gate?: TimeRange };

/**
 * When the kubelet has seen `count` consecutive tries give the new answer, counted from `start`.
 *
 * The kubelet's probe worker tries every periodSeconds on a ticker of its own (v1.20 `prober/worker.go`),
 * skipping tries while the container has run less than initialDelaySeconds, and a try fails after
 * timeoutSeconds at the latest. So:
 * - from a moment: the first try with the new answer comes within one period, then one per period:
 *   no sooner than (count - 1) x period, by period + (count - 1) x max(period, timeout) + timeout
 *   (a try that outlasts the period holds back the next tick);
 * - from the container's start: the same, after initialDelaySeconds (and after `gate`).
 * Typically the first try comes half a period in, and a broken probe fails at once.
 *
 * @example
 * // periodSeconds 3, timeoutSeconds 2: the third failure comes 6s to 11s after the fault, ~7.5s on average
 * consecutiveResults(liveness, 3, { from: 'moment' }) // => { earliestMs: 6000, typicalMs: 7500, latestMs: 11000 }
 */
export function consecutiveResults(probe: ProbeSettings, count: number, start: ProbeStart): TimeRange {
  const period = probe.periodMs;
  const firstTry = start.from === 'moment'
    ? timeRange(0, period / 2, period)
    : plus(later(timeRange(probe.initialDelayMs, probe.initialDelayMs, probe.initialDelayMs), start.gate ?? timeRange(0, 0, 0)), timeRange(0, period / 2, period));
  const laterTries = times(timeRange(period, period, Math.max(period, probe.timeoutMs)), Math.max(0, count - 1));
  return plus(firstTry, laterTries, timeRange(0, 0, probe.timeoutMs));
}

/** When failureThreshold failures in a row have been seen: a liveness or startup kill, readiness turning false. */
export function failuresSeen(probe: ProbeSettings, start: ProbeStart): TimeRange {
  return consecutiveResults(probe, probe.failureThreshold, start);
}

/** When successThreshold successes in a row have been seen: readiness turning true, a startupProbe passing. */
export function successesSeen(probe: ProbeSettings, start: ProbeStart): TimeRange {
  return consecutiveResults(probe, probe.successThreshold, start);
}
