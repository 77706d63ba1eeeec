import type { ExpectationTiming } from './scenario-timing.js';
import { formatSeconds } from './time-range.js';

/** A computed window's margin over the latest time the timing rules give: half as much again, at least 10 s. */
export const WINDOW_MARGIN = { factor: 0.5, minimumMs: 10_000 } as const;

/**
 * The window for an expectation with none written, when its timing is known: the latest time plus
 * the margin, rounded up to whole seconds.
 *
 * @example timingWindowMs(15_000) // => 25_000
 * @example timingWindowMs(100_000) // => 150_000
 */
export function timingWindowMs(latestMs: number): number {
  const margin = Math.max(latestMs * WINDOW_MARGIN.factor, WINDOW_MARGIN.minimumMs);
  return Math.ceil((latestMs + margin) / 1000) * 1000;
}

/** Where an expectation's window came from. */
export type WindowChoice =
  | { readonly kind: 'written' }
  /** The expectation kind's own default (e.g. terminating: its range's end + 30s). */
  | { readonly kind: 'expectation-default' }
  /** The step's flat default: 60s for expect, 2m for waitFor. */
  | { readonly kind: 'step-default'; readonly action: 'expect' | 'waitFor' }
  /** Computed from the timing rules: `latestMs` plus the margin. */
  | { readonly kind: 'timing'; readonly latestMs: number };

/** `written`, `default of expect steps`, `computed: latest 15s + margin`. */
export function describeWindowChoice(choice: WindowChoice): string {
  switch (choice.kind) {
    case 'written': return 'as written';
    case 'expectation-default': return "the expectation's own default";
    case 'step-default': return `default of ${choice.action} steps`;
    case 'timing': return `computed: latest ${formatSeconds(choice.latestMs)} + margin`;
  }
}

/**
 * The window computed for an expectation with none written, instead of the step's flat default
 * (`stepDefaultMs`): its latest time plus the margin. Only when the cause comes before the window opens (a
 * fault step before it, or containers an earlier step saw running): then the latest time after the cause
 * bounds the time after the window's start too. Without a fault, that a probe fails from the container's
 * start is itself an assumption, so there the computed window only ever lengthens the flat default.
 * Undefined when the flat default stays.
 */
export function computedWindow(timing: ExpectationTiming, stepDefaultMs: number): { readonly ms: number; readonly choice: WindowChoice } | undefined {
  if (!('estimate' in timing.result) || timing.result.estimate.measures !== 'moment') return undefined;
  if (timing.anchor !== 'fault-just-before' && timing.anchor !== 'cause-earlier') return undefined;
  const latestMs = timing.result.estimate.range.latestMs;
  const ms = timingWindowMs(latestMs);
  if (timing.causeKind !== 'fault' && ms <= stepDefaultMs) return undefined;
  return { ms, choice: { kind: 'timing', latestMs } };
}
