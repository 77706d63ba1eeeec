import { parseDuration } from '../model/duration.js';
import { DEFAULTS, type ExpectationUse, type FaultStep, type Manifest, type Scenario, type SourcePosition, type Step } from '../model/scenario.js';
import { resolveWindow } from '../model/window.js';
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
 * The casts to the registry's spec types are sound because the schema that accepted the
 * document was assembled from the same plugins' schemas.
 */
export function buildScenario(document: YamlDocument, manifests: readonly Manifest[], plugins: PluginCatalog): Scenario {
  const file = document.value as ScenarioFile;
  const at = (pointer: string, place: 'key' | 'value' = 'value'): SourcePosition =>
    ({ file: document.file, ...(place === 'key' ? document.keyAt(pointer) : document.valueAt(pointer)) });

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
      return {
        kind: entry.kind,
        spec: own,
        window: resolveWindow(window, defaultWindowMs(action, plugin, own)),
        source: at(entry.pointer, 'key'),
      } as ExpectationUse;
    });
    return { ...common, name: step.name ?? derivedName(action, expectations), action, expectations };
  });

  return {
    file: document.file,
    name: file.metadata.name,
    description: file.metadata.description ?? '',
    timeoutMs: file.spec.timeout !== undefined ? parseDuration(file.spec.timeout)! : DEFAULTS.scenarioTimeoutMs,
    manifests,
    steps,
    source: at(''),
  };
}

/** `expect restarts, event`, `waitFor ready`. */
function derivedName(action: Exclude<keyof StepFile, 'name' | 'timeout' | 'fault'>, expectations: readonly ExpectationUse[]): string {
  return `${action} ${expectations.map((e) => e.kind).join(', ')}`;
}
