import { relative } from 'node:path';
import Mocha from 'mocha';
import type { CleanupStack } from '../engine/cleanup-stack.js';
import { runScenario, type RunScenarioOptions } from '../engine/run-scenario.js';
import type { ScenarioResult } from '../engine/scenario-result.js';
import type { Scenario } from '../model/scenario.js';
import { attachResult } from '../report/result-attachment.js';
import { RunPool } from './run-pool.js';
import { usesNodeFaults } from '../nodes/allowed-clusters.js';
import { longestFirst } from '../timing/scenario-duration.js';
import { ScenarioFailure } from './scenario-failure.js';

/** What every scenario test of a run shares. */
export interface ScenarioRuntime extends Omit<RunScenarioOptions, 'runId' | 'onCleanup'> {
  /** Told about each run's cleanup, so an interrupt handler can report it. */
  readonly onCleanup?: (cleanup: CleanupStack) => void;
  /** How many scenarios run at once (default 1). Each has its own namespace. */
  readonly concurrency?: number;
  /** Why a scenario is left out (reported as a skipped test), or undefined to run it. */
  readonly skip?: (scenario: Scenario) => string | undefined;
}

/**
 * Adds one mocha suite per scenario file and one test per scenario under `parent`, so any mocha
 * reporter (and .mocharc.json) works with scenario runs. With concurrency above 1, every scenario
 * starts when the suite does (at most `concurrency` at once, in `startOrder`) and each test awaits
 * its own result, so reporters still see one test per scenario, in file order.
 */
export function addScenarioSuites(parent: Mocha.Suite, scenarios: readonly Scenario[], runtime: ScenarioRuntime, baseDir = process.cwd()): void {
  const pool = new RunPool(runtime.concurrency ?? 1);
  const skipped = new Map(scenarios.flatMap((scenario) => {
    const reason = runtime.skip?.(scenario);
    return reason === undefined ? [] : [[scenario, reason] as const];
  }));
  const runs = scenarios.filter((scenario) => !skipped.has(scenario)).map((scenario) => lazyRun(scenario, runtime, pool));
  const runOf = new Map(runs.map((run) => [run.scenario, run]));
  if (pool.limit > 1) {
    parent.beforeAll('start the scenarios', () => {
      startOrder([...runOf.keys()]).forEach((scenario) => void runOf.get(scenario)!.start().catch(() => undefined));
    });
  }
  const byFile = new Map<string, Scenario[]>();
  for (const scenario of scenarios) byFile.set(scenario.file, [...(byFile.get(scenario.file) ?? []), scenario]);
  for (const [file, fileScenarios] of byFile) {
    const suite = Mocha.Suite.create(parent, relative(baseDir, file) || file);
    for (const scenario of fileScenarios) {
      const run = runOf.get(scenario);
      // A test without a function is pending: every reporter shows it as skipped, with the reason in its title.
      suite.addTest(run ? testOf(scenario, run.start) : new Mocha.Test(`${scenario.name} (skipped: ${skipped.get(scenario)})`));
    }
  }
}

/**
 * The order a pool starts scenarios in. Longest first, by the timing calculator: a short scenario
 * queued last ends soon after the others, a long one would end long after. Node-fault scenarios,
 * which run alone anyway, come after the others and in their given (file) order: on
 * kube-controller-manager before 1.21 (kubernetes/kubernetes#96876) a whole-cluster loss can leave
 * the node lifecycle controller unable to taint a node it queued twice, so that a later single-node
 * loss evicts nothing; the library's file order puts its whole-cluster loss last.
 */
export function startOrder<T extends Scenario>(scenarios: readonly T[]): T[] {
  return [...longestFirst(scenarios.filter((s) => !usesNodeFaults(s))), ...scenarios.filter(usesNodeFaults)];
}

/** One scenario as a mocha test: runs it, attaches the result for reporters, fails with the reason. */
export function scenarioTest(scenario: Scenario, runtime: ScenarioRuntime): Mocha.Test {
  return testOf(scenario, lazyRun(scenario, runtime, new RunPool(1)).start);
}

function lazyRun(scenario: Scenario, runtime: ScenarioRuntime, pool: RunPool): { scenario: Scenario; start: () => Promise<ScenarioResult> } {
  let started: Promise<ScenarioResult> | undefined;
  // Scenarios may run side by side: each progress line says whose it is.
  const log = runtime.log && ((line: string): void => runtime.log!(`${scenario.name} │ ${line}`));
  // A scenario that stops or drains nodes disturbs every pod on them: it runs alone, its cleanup (which
  // brings the nodes back) included. Any other gives its place to the next one once its steps are over:
  // deleting its namespace can take a minute, and needs no place.
  const exclusive = usesNodeFaults(scenario);
  const run = (): Promise<ScenarioResult> => new Promise((resolve, reject) => {
    void pool.run(() => new Promise<void>((placeFree) => {
      runScenario(scenario, { ...runtime, ...(log && { log }), ...(!exclusive && { onStepsDone: placeFree }) })
        .then(resolve, reject)
        .finally(placeFree);
    }), { exclusive });
  });
  return { scenario, start: () => (started ??= run()) };
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
