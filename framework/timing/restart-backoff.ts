import { BACK_OFF, BACK_OFF_RETRY } from './kubelet-constants.js';
import { timeRange, type TimeRange } from './time-range.js';

/**
 * The n-th restart back-off (n >= 1): 10 s, 20 s, 40 s, 80 s, 160 s, then 300 s.
 *
 * @example [1, 2, 3, 4, 5, 6, 7].map(backOffDelayMs) // => [10000, 20000, 40000, 80000, 160000, 300000, 300000]
 */
export function backOffDelayMs(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`back-offs are counted from 1, got ${n}`);
  return Math.min(BACK_OFF.initialMs * 2 ** (n - 1), BACK_OFF.maxMs);
}

export interface CrashLoopInput {
  /** From a container's start to its kill, e.g. a liveness probe that fails from the start. */
  readonly lifetime: TimeRange;
  /** From the kill to the old container's exit (preStop, stop signal). */
  readonly stop: TimeRange;
  /** From the exit (or the end of a back-off) to the new container counted in restartCount. */
  readonly start: TimeRange;
}

export interface CrashLoop {
  /** When restartCount reaches `n` (n >= 1), counted from the first container's start. */
  restart(n: number): TimeRange;
  /**
   * When the container first shows waiting CrashLoopBackOff, counted from the first container's
   * start; undefined when it may never show (containers living longer than the longest back-off).
   */
  readonly crashLoopBackOff: TimeRange | undefined;
}

/**
 * The restarts of a container that is killed again and again after `lifetime`.
 *
 * - earliest: no back-off at all, every part as short as it can be;
 * - latest: as if every restart after the first waited its full back-off (`backOffDelayMs(n - 1)` before
 *   restart n) plus the kubelet's retry interval: what the rules in experiments.md say, and more than
 *   kubelet 1.20 ever waits;
 * - typical: kubelet 1.20's own bookkeeping (`kuberuntime_manager.go` doBackOff). The back-off is checked
 *   against the exit of the newest exited container while the killed one still counts as running, so the
 *   first two restarts never wait, and a restart waits only when the back-off outlasts the last
 *   container's life. With containers living ~14 s that is the fourth kill, ~56 s in (the local cluster
 *   showed CrashLoopBackOff within 1-2 min).
 *
 * CrashLoopBackOff shows while a back-off is waited: no sooner than the second kill, and at the latest at
 * the first kill after the back-off has grown longer than a container's whole life.
 */
export function crashLoop(input: CrashLoopInput): CrashLoop {
  const cycle = (bound: keyof TimeRange): number => input.lifetime[bound] + input.stop[bound] + input.start[bound];
  const typical = kubeletBookkeeping(input);
  const restart = (n: number): TimeRange => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`restarts are counted from 1, got ${n}`);
    let waits = 0;
    for (let i = 2; i <= n; i++) waits += backOffDelayMs(i - 1) + BACK_OFF_RETRY.latestMs;
    const earliest = n * cycle('earliestMs');
    const latest = n * cycle('latestMs') + waits;
    return timeRange(earliest, clamp(typical.restart(n), earliest, latest), latest);
  };
  return { restart, crashLoopBackOff: firstBackOff(input, typical.crashLoopBackOff, cycle) };
}

function firstBackOff(input: CrashLoopInput, typicalMs: number | undefined, cycle: (bound: keyof TimeRange) => number): TimeRange | undefined {
  // The back-off checked at kill k + 1 has been advanced k - 1 times, and is compared with the time since the
  // exit before: at most one cycle while nothing waited. So kill m + 1 waits, for the first m where it is longer.
  let m = 2;
  while (backOffDelayMs(m - 1) <= cycle('latestMs')) {
    if (backOffDelayMs(m - 1) >= BACK_OFF.maxMs) return undefined;
    m++;
  }
  const earliest = 2 * input.lifetime.earliestMs + input.start.earliestMs + 2 * input.stop.earliestMs;
  const latest = (m + 1) * cycle('latestMs');
  return timeRange(earliest, clamp(typicalMs ?? latest, earliest, latest), latest);
}

interface Bookkeeping {
  restart(n: number): number;
  readonly crashLoopBackOff: number | undefined;
}

/** Replays kubelet 1.20's back-off entries with typical durations. */
function kubeletBookkeeping(input: CrashLoopInput): Bookkeeping {
  const restarts: number[] = [];
  let crashLoopBackOff: number | undefined;
  let containerStart = 0;
  let newestExit: number | undefined;
  let entry: { backOffMs: number; lastUpdate: number } | undefined;
  const expired = (eventTime: number): boolean => entry !== undefined && eventTime - entry.lastUpdate > BACK_OFF.resetAfterMs;
  const advance = (eventTime: number, now: number): void => {
    entry = entry === undefined || expired(eventTime)
      ? { backOffMs: BACK_OFF.initialMs, lastUpdate: now }
      : { backOffMs: Math.min(entry.backOffMs * 2, BACK_OFF.maxMs), lastUpdate: now };
  };
  const simulateUpTo = (n: number): void => {
    while (restarts.length < n) {
      const kill = containerStart + input.lifetime.typicalMs;
      const exit = kill + input.stop.typicalMs;
      let startAt = exit + input.start.typicalMs;
      if (newestExit !== undefined) {
        const waiting = entry !== undefined && !expired(newestExit) && kill - newestExit < entry.backOffMs;
        if (waiting) {
          crashLoopBackOff ??= exit + input.start.typicalMs;
          const retryAt = exit + entry!.backOffMs + BACK_OFF_RETRY.typicalMs;
          advance(exit, retryAt);
          startAt = retryAt + input.start.typicalMs;
        } else {
          advance(newestExit, kill);
        }
      }
      restarts.push(startAt);
      newestExit = exit;
      containerStart = startAt;
    }
  };
  simulateUpTo(20);
  return {
    restart(n) {
      simulateUpTo(n);
      return restarts[n - 1]!;
    },
    crashLoopBackOff,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
