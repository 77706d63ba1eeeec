import type { ScenarioResult } from '../engine/scenario-result.js';

// Reporters run in the process that runs the tests, so a WeakMap is enough: no serialisation,
// and a result goes away with its test.
const results = new WeakMap<Mocha.Runnable, ScenarioResult>();

/**
 * Attaches the outcome of a scenario to the mocha test that ran it, for reporters to read.
 * Takes a Runnable because that is how @types/mocha types `this.test` inside `it`.
 *
 * @example
 * it(scenario.name, async function () {
 *   const result = await engine.run(scenario);
 *   attachResult(this.test!, result);
 *   if (result.verdict !== 'passed') throw new ScenarioFailedError(result);
 * });
 */
export function attachResult(test: Mocha.Runnable, result: ScenarioResult): void {
  results.set(test, result);
}

/** The result attached to `test`, or undefined for a plain mocha test (or a hook). */
export function resultOf(test: Mocha.Runnable): ScenarioResult | undefined {
  return results.get(test);
}
