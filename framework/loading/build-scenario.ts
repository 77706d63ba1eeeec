import { parseDuration } from '../model/duration.js';
import { DEFAULTS, type ExpectationUse, type FaultStep, type Manifest, type Scenario, type SourcePosition, type Step } from '../model/scenario.js';
import { resolveWindow } from '../model/window.js';
import { computedWindow, type WindowChoice } from '../timing/default-window.js';
import { scenarioTiming, type ExpectationTiming, type ScenarioTiming } from '../timing/scenario-timing.js';
import { defaultWindowMs, expectationEntries, splitWindow } from './expectation-entries.js';
import { childPointer } from './json-pointer.js';
import type { PluginCatalog } from './plugin-catalog.js';
import type { ScenarioFile, StepFile } from './scenario-schema.js';
import type { YamlDocument } from './source-map.js';

/**
 * The Scenario model from a document that passed every check: durations in milliseconds,
 * windows resolved (window fields taken out of the expectation specs), step names derived
 * where none was given, and where each part was written.
 *
 * An expectation with no window written gets, in this order: its kind's own default; a window from the
 * kubelet's timing rules (the latest time they give plus a margin, see `timing/default-window.ts`); the
 * step's flat default (DEFAULTS).
 *
 * The casts to the registry's spec types are sound because the schema that accepted the
 * document was assembled from the same plugins' schemas.
 */
export function buildScenario(document: YamlDocument, manifests: readonly Manifest[], plugins: PluginCatalog): Scenario {
  return planScenario(document, manifests, plugins).scenario;
}

/** One expectation of a planned scenario: its timing (with the window it got), where it is written, where its window came from. */
export interface PlannedExpectation {
  readonly timing: ExpectationTiming;
  /** JSON Pointer to the expectation's spec in the scenario document. */
  readonly pointer: string;
  readonly window: WindowChoice;
}

/** A scenario with the timing of each expectation: what `faultline plan` prints and `validate` checks. */
export interface PlannedScenario {
  readonly scenario: Scenario;
  readonly timing: ScenarioTiming;
  /** Every expectation, in step order. */
  readonly expectations: readonly PlannedExpectation[];
}

/** buildScenario, keeping the timing it computed. */
export function planScenario(document: YamlDocument, manifests: readonly Manifest[], plugins: PluginCatalog): PlannedScenario {
  const file = document.value as ScenarioFile;
  const at = (pointer: string, place: 'key' | 'value' = 'value'): SourcePosition =>
    ({ file: document.file, ...(place === 'key' ? document.keyAt(pointer) : document.valueAt(pointer)) });
  const places: Array<{ pointer: string; window: WindowChoice; after: boolean; defaultMs: number }> = [];

  const steps = file.spec.steps.map((step, index): Step => {
    const pointer = childPointer('/spec/steps', index);
    const common = {
      index: index + 1,
      ...(step.timeout !== undefined && { timeoutMs: parseDuration(step.timeout)! }),
      source: at(pointer),
    };
    if (step.fault !== undefined) {
      const [kind, spec] = Object.entries(step.fault)[0]!;
      return { ...common, name: step.name ?? `fault ${kind}`, action: 'fault', fault: { kind, spec } as FaultStep['fault'] };
    }
    const action = step.expect !== undefined ? 'expect' : 'waitFor';
    const expectations = expectationEntries(step[action], childPointer(pointer, action)).map((entry): ExpectationUse => {
      const { window, own } = splitWindow(entry.spec as Record<string, unknown>);
      const plugin = plugins.expectations[entry.kind]!;
      const written = window.within !== undefined || window.for !== undefined || window.never !== undefined;
      const choice: WindowChoice = written ? { kind: 'written' }
        : plugin.defaultWindowMs?.(own) !== undefined ? { kind: 'expectation-default' } : { kind: 'step-default', action };
      places.push({ pointer: entry.pointer, window: choice, after: window.after !== undefined, defaultMs: defaultWindowMs(action, plugin, own) });
      return {
        kind: entry.kind,
        spec: own,
        window: resolveWindow(window, defaultWindowMs(action, plugin, own)),
        source: at(entry.pointer, 'key'),
      } as ExpectationUse;
    });
    return { ...common, name: step.name ?? derivedName(action, expectations), action, expectations };
  });

  const draft: Scenario = {
    file: document.file,
    name: file.metadata.name,
    description: file.metadata.description ?? '',
    timeoutMs: file.spec.timeout !== undefined ? parseDuration(file.spec.timeout)! : DEFAULTS.scenarioTimeoutMs,
    manifests,
    steps,
    source: at(''),
  };
  const timing = scenarioTiming(draft);
  const planned = timing.expectations.map((draftTiming, i): PlannedExpectation => {
    const place = places[i]!;
    // The timing replaces only the step's flat default, and not under "after", which was checked against that default.
    const computed = place.window.kind === 'step-default' && !place.after ? computedWindow(draftTiming, place.defaultMs) : undefined;
    if (!computed) return { timing: draftTiming, pointer: place.pointer, window: place.window };
    const use = { ...draftTiming.use, window: { mode: 'within', ms: computed.ms, afterMs: 0 } } as ExpectationUse;
    return { timing: { ...draftTiming, use }, pointer: place.pointer, window: computed.choice };
  });
  let next = 0;
  const scenario: Scenario = {
    ...draft,
    steps: steps.map((step) => (step.action === 'fault' ? step : { ...step, expectations: step.expectations.map(() => planned[next++]!.timing.use) })),
  };
  return { scenario, timing: { ...timing, expectations: planned.map((p) => p.timing) }, expectations: planned };
}

/** `expect restarts, event`, `waitFor ready`. */
function derivedName(action: Exclude<keyof StepFile, 'name' | 'timeout' | 'fault'>, expectations: readonly ExpectationUse[]): string {
  return `${action} ${expectations.map((e) => e.kind).join(', ')}`;
}
