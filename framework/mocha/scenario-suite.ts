import { relative } from 'node:path';
import Mocha from 'mocha';
import type { CleanupStack } from '../engine/cleanup-stack.js';
import { runScenario, type RunScenarioOptions } from '../engine/run-scenario.js';
import type { ScenarioResult } from '../engine/scenario-result.js';
import type { Scenario } from '../model/scenario.js';
import { attachResult } from '../report/result-attachment.js';
import { RunPool } from './run-pool.js';
import { ScenarioFailure } from './scenario-failure.js';

/** What every scenario test of a run shares. */
export interface ScenarioRuntime extends Omit<RunScenarioOptions, 'runId' | 'onCleanup'> {
  /** Told about each run's cleanup, so an interrupt handler can report it. */
  readonly onCleanup?: (cleanup: CleanupStack) => void;
  /** How many scenarios run at once (default 1). Each has its own namespace. */
  readonly concurrency?: number;
}

/**
 * Adds one mocha suite per scenario file and one test per scenario under `parent`, so any mocha
 * reporter (and .mocharc.json) works with scenario runs. With concurrency above 1, every scenario
 * starts when the suite does (at most `concurrency` at once) and each test awaits its own result,
 * so reporters still see one test per scenario, in file order.
 */
export function addScenarioSuites(parent: Mocha.Suite, scenarios: readonly Scenario[], runtime: ScenarioRuntime, baseDir = process.cwd()): void {
  const pool = new RunPool(runtime.concurrency ?? 1);
  const runs = scenarios.map((scenario) => lazyRun(scenario, runtime, pool));
  if (pool.limit > 1) parent.beforeAll('start the scenarios', () => { runs.forEach((run) => void run.start().catch(() => undefined)); });
  const byFile = new Map<string, Array<ReturnType<typeof lazyRun>>>();
  for (const run of runs) byFile.set(run.scenario.file, [...(byFile.get(run.scenario.file) ?? []), run]);
  for (const [file, fileRuns] of byFile) {
    const suite = Mocha.Suite.create(parent, relative(baseDir, file) || file);
    for (const run of fileRuns) suite.addTest(testOf(run.scenario, run.start));
  }
}

/** One scenario as a mocha test: runs it, attaches the result for reporters, fails with the reason. */
export function scenarioTest(scenario: Scenario, runtime: ScenarioRuntime): Mocha.Test {
  return testOf(scenario, lazyRun(scenario, runtime, new RunPool(1)).start);
}

function lazyRun(scenario: Scenario, runtime: ScenarioRuntime, pool: RunPool): { scenario: Scenario; start: () => Promise<ScenarioResult> } {
  let started: Promise<ScenarioResult> | undefined;
  // Scenarios may run side by side: each progress line says whose it is.
  const log = runtime.log && ((line: string): void => runtime.log!(`${scenario.name} │ ${line}`));
  return { scenario, start: () => (started ??= pool.run(() => runScenario(scenario, { ...runtime, ...(log && { log }) }))) };
}

function testOf(scenario: Scenario, result: () => Promise<ScenarioResult>): Mocha.Test {
  const test = new Mocha.Test(scenario.name, async () => {
    const outcome = await result();
    attachResult(test, outcome);
    if (outcome.verdict !== 'passed') throw new ScenarioFailure(outcome);
  });
  // The scenario's own timeout governs (and cleanup follows it); a queued run may wait its turn.
  test.timeout(0);
  return test;
}
