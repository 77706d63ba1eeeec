import { formatLimit, parseDuration } from './duration.js';

/**
 * When an expectation is judged, relative to the start of its step.
 * - `within`: must become true before the window ends (the default mode).
 * - `for`: must hold at every moment of the window ("consistently").
 * - `never`: must not become true at any moment of the window.
 * - `after`: with `within`, becoming true earlier than this is a failure too ("between A and B").
 */
export interface WindowSpec {
  within?: string;
  for?: string;
  never?: string;
  after?: string;
}

export type Window =
  | { readonly mode: 'within'; readonly ms: number; readonly afterMs: number }
  | { readonly mode: 'for'; readonly ms: number }
  | { readonly mode: 'never'; readonly ms: number };

export const WINDOW_KEYS = ['within', 'for', 'never', 'after'] as const;

/** Builds the window from validated spec fields; `defaultMs` applies when no mode is given. */
export function resolveWindow(spec: WindowSpec, defaultMs: number): Window {
  if (spec.for !== undefined) return { mode: 'for', ms: parseDuration(spec.for)! };
  if (spec.never !== undefined) return { mode: 'never', ms: parseDuration(spec.never)! };
  const ms = spec.within !== undefined ? parseDuration(spec.within)! : defaultMs;
  return { mode: 'within', ms, afterMs: spec.after !== undefined ? parseDuration(spec.after)! : 0 };
}

export function describeWindow(window: Window): string {
  switch (window.mode) {
    case 'within':
      return window.afterMs > 0
        ? `between ${formatLimit(window.afterMs)} and ${formatLimit(window.ms)}`
        : `within ${formatLimit(window.ms)}`;
    case 'for': return `for ${formatLimit(window.ms)}`;
    case 'never': return `never during ${formatLimit(window.ms)}`;
  }
}
