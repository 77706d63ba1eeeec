import { formatDuration, parseDuration } from '../model/duration.js';
import { neverMet } from '../timing/never-met.js';
import type { PlannedScenario } from './build-scenario.js';
import { defaultWindowMs, expectationEntries, splitWindow } from './expectation-entries.js';
import { childPointer, dottedPath, joinRelativePath } from './json-pointer.js';
import type { PluginCatalog } from './plugin-catalog.js';
import type { ScenarioProblem } from './problems.js';
import { STEP_ACTIONS } from './scenario-schema.js';
import type { YamlDocument } from './source-map.js';

/**
 * Checks the schema cannot express: each plugin's own `validate` (selector syntax, regular
 * expressions), unique step names, and `after` falling inside its window. Parts the schema
 * rejected (`rejected(pointer)`) are skipped, so plugins only ever see specs of the right shape.
 */
export function checkSemantics(document: YamlDocument, plugins: PluginCatalog, rejected: (pointer: string) => boolean): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const report = (pointer: string, code: 'duplicate' | 'invalid-value' | 'window', message: string): void => {
    problems.push(document.problem(code, pointer, dottedPath(pointer, document.value), message));
  };
  const steps = (document.value as { spec?: { steps?: unknown } } | null)?.spec?.steps;
  if (!Array.isArray(steps)) return problems;

  const names = new Map<string, number>();
  const reverted = new Set<string>();
  steps.forEach((step: unknown, index) => {
    if (step === null || typeof step !== 'object') return;
    const pointer = childPointer('/spec/steps', index);
    const fields = step as Record<string, unknown>;
    if (typeof fields.name === 'string') {
      const first = names.get(fields.name);
      if (first === undefined) names.set(fields.name, index);
      else {
        const line = document.valueAt(childPointer('/spec/steps', first)).line;
        report(childPointer(pointer, 'name'), 'duplicate', `duplicate step name ${JSON.stringify(fields.name)}; spec.steps[${first}] (line ${line}) has it too; step names are unique within a scenario, so reports can tell the steps apart`);
      }
    }
    for (const action of STEP_ACTIONS) {
      const value = fields[action];
      const actionPointer = childPointer(pointer, action);
      if (value === null || typeof value !== 'object') continue;
      if (action === 'fault') {
        for (const [kind, spec] of Object.entries(value)) {
          const plugin = plugins.faults[kind];
          const specPointer = childPointer(actionPointer, kind);
          if (kind === 'revert' && !rejected(specPointer)) {
            const problem = revertProblem((spec as { step: string }).step, steps, names, index, reverted, plugins);
            if (problem !== undefined) report(childPointer(specPointer, 'step'), 'invalid-value', problem);
          }
          if (!plugin?.validate || rejected(specPointer)) continue;
          for (const p of plugin.validate(spec)) report(joinRelativePath(specPointer, p.path), 'invalid-value', p.message);
        }
        continue;
      }
      for (const entry of expectationEntries(value, actionPointer)) {
        const plugin = plugins.expectations[entry.kind];
        if (!plugin || rejected(entry.pointer)) continue;
        const { window, own } = splitWindow(entry.spec as Record<string, unknown>);
        for (const p of plugin.validate?.(own) ?? []) report(joinRelativePath(entry.pointer, p.path), 'invalid-value', p.message);
        if (window.after === undefined) continue;
        const afterMs = parseDuration(window.after)!;
        const withinMs = window.within === undefined ? defaultWindowMs(action, plugin, own) : parseDuration(window.within)!;
        if (afterMs < withinMs) continue;
        const bound = window.within === undefined
          ? `the window, which is ${formatDuration(withinMs)} when "within" is not given`
          : `"within" (${window.within})`;
        report(childPointer(entry.pointer, 'after'), 'window', `"after" (${window.after}) must be shorter than ${bound}`);
      }
    }
  });
  return problems;
}

/** What is wrong with a revert step's reference to the step it undoes, if anything. */
function revertProblem(
  name: string, steps: readonly unknown[], names: ReadonlyMap<string, number>, index: number, reverted: Set<string>, plugins: PluginCatalog,
): string | undefined {
  const target = names.get(name);
  const earlier = [...names.keys()].filter((n) => names.get(n)! < index).map((n) => JSON.stringify(n));
  if (target === undefined || target >= index) {
    return `no earlier step is named ${JSON.stringify(name)}; revert names a nodeLoss or drainNode step before it${earlier.length > 0 ? ` (earlier steps: ${earlier.join(', ')})` : ''}`;
  }
  const fault = (steps[target] as { fault?: unknown }).fault;
  const kind = fault !== null && typeof fault === 'object' ? Object.keys(fault)[0] : undefined;
  if (kind === undefined || plugins.faults[kind]?.reach !== 'node') {
    return `step ${JSON.stringify(name)} ${kind === undefined ? 'is not a fault' : `injects ${kind}, which has nothing to undo`}: revert undoes nodeLoss and drainNode steps`;
  }
  if (reverted.has(name)) return `step ${JSON.stringify(name)} is reverted by an earlier step already`;
  reverted.add(name);
  return undefined;
}

/**
 * Windows the kubelet's timing rules say can never be met: a `within` shorter than the earliest moment
 * the expected change can come after its cause (`timing/never-met.ts`), reported at the `within` value.
 * Faultline says nothing when it cannot tell (no manifest for the target, a fault whose effect it does not know).
 */
export function checkTimingWindows(document: YamlDocument, planned: PlannedScenario): ScenarioProblem[] {
  return planned.expectations.flatMap((expectation) => {
    if (expectation.window.kind !== 'written') return [];
    const message = neverMet(expectation.timing);
    if (message === undefined) return [];
    const pointer = childPointer(expectation.pointer, 'within');
    return [document.problem('window', pointer, dottedPath(pointer, document.value), message)];
  });
}
