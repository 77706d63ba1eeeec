import type { ExpectationPlugin } from '../expectations/expectation.js';
import { expectationPlugins } from '../expectations/registry.js';
import type { FaultPlugin } from '../faults/fault.js';
import { faultPlugins } from '../faults/registry.js';

/**
 * The fault and expectation kinds a scenario may use, by kind. The registries by default;
 * tests pass small fakes.
 *
 * @example loadScenario(file, { plugins: { faults: { fake: fakeFault }, expectations: {} } })
 */
export interface PluginCatalog {
  readonly faults: Readonly<Record<string, FaultPlugin<unknown>>>;
  readonly expectations: Readonly<Record<string, ExpectationPlugin<unknown>>>;
}

export const BUILTIN_PLUGINS: PluginCatalog = { faults: faultPlugins, expectations: expectationPlugins };
