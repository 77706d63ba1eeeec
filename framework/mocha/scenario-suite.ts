import { relative } from 'node:path';
import Mocha from 'mocha';
import type { CleanupStack } from '../engine/cleanup-stack.js';
import { runScenario, type RunScenarioOptions } from '../engine/run-scenario.js';
import type { Scenario } from '../model/scenario.js';
import { attachResult } from '../report/result-attachment.js';
import { ScenarioFailure } from './scenario-failure.js';

/** What every scenario test of a run shares. */
export interface ScenarioRuntime extends Omit<RunScenarioOptions, 'runId' | 'onCleanup'> {
  /** Told about each run's cleanup, so an interrupt handler can report it. */
  readonly onCleanup?: (cleanup: CleanupStack) => void;
}

/** Time mocha allows beyond a scenario's own timeout, for namespace deletion. */
const CLEANUP_ALLOWANCE_MS = 3 * 60_000;

/**
 * Adds one mocha suite per scenario file and one test per scenario under `parent`, so any mocha
 * reporter (and .mocharc.json) works with scenario runs.
 */
export function addScenarioSuites(parent: Mocha.Suite, scenarios: readonly Scenario[], runtime: ScenarioRuntime, baseDir = process.cwd()): void {
  const byFile = new Map<string, Scenario[]>();
  for (const scenario of scenarios) byFile.set(scenario.file, [...(byFile.get(scenario.file) ?? []), scenario]);
  for (const [file, fileScenarios] of byFile) {
    const suite = Mocha.Suite.create(parent, relative(baseDir, file) || file);
    for (const scenario of fileScenarios) suite.addTest(scenarioTest(scenario, runtime));
  }
}

/** One scenario as a mocha test: runs it, attaches the result for reporters, fails with the reason. */
export function scenarioTest(scenario: Scenario, runtime: ScenarioRuntime): Mocha.Test {
  const test = new Mocha.Test(scenario.name, async function run(this: Mocha.Context) {
    const result = await runScenario(scenario, runtime);
    attachResult(test, result);
    if (result.verdict !== 'passed') throw new ScenarioFailure(result);
  });
  test.timeout(scenario.timeoutMs + CLEANUP_ALLOWANCE_MS);
  return test;
}
