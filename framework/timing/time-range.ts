/**
 * When something can happen, counted from some moment (a fault, a container's start): no sooner than
 * `earliestMs`, typically around `typicalMs`, and by `latestMs` on a cluster that is not overloaded.
 * Only `earliestMs` is a hard bound (the kubelet cannot act sooner); `latestMs` is what the timing
 * rules give plus the slack their assumptions name.
 *
 * @example formatRange(timeRange(6_000, 9_000, 15_000)) // => '~9s (6–15s)'
 */
export interface TimeRange {
  readonly earliestMs: number;
  readonly typicalMs: number;
  readonly latestMs: number;
}

export const NO_TIME: TimeRange = { earliestMs: 0, typicalMs: 0, latestMs: 0 };

export function timeRange(earliestMs: number, typicalMs: number, latestMs: number): TimeRange {
  if (!(earliestMs <= typicalMs && typicalMs <= latestMs) || earliestMs < 0) {
    throw new RangeError(`a time range needs 0 <= earliest <= typical <= latest, got ${earliestMs}, ${typicalMs}, ${latestMs}`);
  }
  return { earliestMs, typicalMs, latestMs };
}

/** One thing after another: the bounds add up. */
export function plus(...ranges: readonly TimeRange[]): TimeRange {
  return ranges.reduce((sum, r) => ({
    earliestMs: sum.earliestMs + r.earliestMs, typicalMs: sum.typicalMs + r.typicalMs, latestMs: sum.latestMs + r.latestMs,
  }), NO_TIME);
}

/** Whichever comes last of two things that both must happen (bound by bound). */
export function later(a: TimeRange, b: TimeRange): TimeRange {
  return {
    earliestMs: Math.max(a.earliestMs, b.earliestMs), typicalMs: Math.max(a.typicalMs, b.typicalMs), latestMs: Math.max(a.latestMs, b.latestMs),
  };
}

/** Either of two ways it may happen: the earliest of both, the latest of both, and `a`'s typical time. */
export function either(a: TimeRange, b: TimeRange): TimeRange {
  return {
    earliestMs: Math.min(a.earliestMs, b.earliestMs), typicalMs: a.typicalMs, latestMs: Math.max(a.latestMs, b.latestMs),
  };
}

/** The same thing `count` times in a row. */
export function times(range: TimeRange, count: number): TimeRange {
  return { earliestMs: range.earliestMs * count, typicalMs: range.typicalMs * count, latestMs: range.latestMs * count };
}

/** Seconds for people, to a tenth: `9s`, `1.5s`, `1m40s`. */
export function formatSeconds(ms: number): string {
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  const rest = seconds % 60;
  return rest === 0 ? `${Math.floor(seconds / 60)}m` : `${Math.floor(seconds / 60)}m${String(rest).padStart(2, '0')}s`;
}

/** `6–11s` (the unit once when both are plain seconds), `22s–1m40s` otherwise. */
export function formatSpan(fromMs: number, toMs: number): string {
  const from = formatSeconds(fromMs);
  const to = formatSeconds(toMs);
  if (from === to) return from;
  return from.endsWith('s') && !from.includes('m') && !to.includes('m') ? `${from.slice(0, -1)}–${to}` : `${from}–${to}`;
}

/** `~9s (6–15s)`: the typical time, then the range. */
export function formatRange(range: TimeRange): string {
  return `~${formatSeconds(range.typicalMs)} (${formatSpan(range.earliestMs, range.latestMs)})`;
}
