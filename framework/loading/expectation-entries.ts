import type { ExpectationPlugin } from '../expectations/expectation.js';
import { DEFAULTS } from '../model/scenario.js';
import { WINDOW_KEYS, type WindowSpec } from '../model/window.js';
import { childPointer } from './json-pointer.js';

/** One expectation as written in a step, in either form, with the pointer to its spec. */
export interface ExpectationEntry {
  readonly kind: string;
  readonly spec: unknown;
  /** `/spec/steps/2/expect/restarts` or, in the list form, `/spec/steps/2/expect/0/restarts`. */
  readonly pointer: string;
}

/**
 * The expectations of an `expect` or `waitFor` value, in order: the mapping form
 * (`{ restarts: {...}, event: {...} }`) and the list form (`[{ endpoints: {...} }, ...]`).
 * Parts that are not mappings are left out: the schema reports them.
 */
export function expectationEntries(expectations: unknown, pointer: string): ExpectationEntry[] {
  if (Array.isArray(expectations)) {
    return expectations.flatMap((item, index) => mappingEntries(item, childPointer(pointer, index)));
  }
  return mappingEntries(expectations, pointer);
}

function mappingEntries(value: unknown, pointer: string): ExpectationEntry[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).map(([kind, spec]) => ({ kind, spec, pointer: childPointer(pointer, kind) }));
}

/** Separates the window fields, which the engine owns, from the plugin's own spec. */
export function splitWindow(spec: Readonly<Record<string, unknown>>): { window: WindowSpec; own: Record<string, unknown> } {
  const window: WindowSpec = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if ((WINDOW_KEYS as readonly string[]).includes(key)) window[key as keyof WindowSpec] = value as string;
    else own[key] = value;
  }
  return { window, own };
}

/** The window when none is written: what the plugin asks for this spec, else the step's default. */
export function defaultWindowMs(action: 'expect' | 'waitFor', plugin: ExpectationPlugin<unknown>, own: unknown): number {
  return plugin.defaultWindowMs?.(own) ?? (action === 'expect' ? DEFAULTS.expectWindowMs : DEFAULTS.waitForWindowMs);
}
