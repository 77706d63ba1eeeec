import type { ScenarioResult, StepOutcome } from '../engine/scenario-result.js';
import type { JUnitOutcome, JUnitTestCase } from './junit-document.js';
import { problemOf, stepLines, type ScenarioProblem } from './scenario-text.js';
import { renderTimeline } from './timeline-text.js';

/**
 * One JUnit test case per step of a scenario, for reports that show each step (`--junit-steps`):
 * named `<scenario> › step <index> <name>`, timed by the step, failed or errored by the step's own
 * outcome, with the step's expectations and its slice of the timeline as output. A scenario that did
 * not pass for a reason outside its steps (rejected manifests, a failed cleanup) gets one more test
 * case, named after the scenario, so that no failure is left out of the report.
 *
 * @example
 * stepTestCases(result, 'scenarios/probes/http-liveness-rename.yaml')
 * // [{ name: 'http-liveness-rename › step 1 web is ready', timeMs: 4366, outcome: { status: 'passed' }, … }, …]
 */
export function stepTestCases(result: ScenarioResult, classname: string): JUnitTestCase[] {
  const cases = result.steps.map((step) => stepTestCase(result, step, classname));
  const problem = problemOf(result);
  const stepsCarryIt = result.steps.some((step) => problemStatus(step) !== undefined);
  if (problem && !stepsCarryIt) {
    cases.push({ classname, name: result.scenario, timeMs: result.durationMs, outcome: problemOutcome(problem) });
  }
  return cases;
}

function stepTestCase(result: ScenarioResult, step: StepOutcome, classname: string): JUnitTestCase {
  const name = `${result.scenario} › step ${step.index} ${step.name}`;
  if (step.status === 'skipped') return { classname, name, timeMs: 0, outcome: { status: 'skipped' } };
  return { classname, name, timeMs: step.durationMs ?? 0, outcome: stepOutcome(result, step), systemOut: stepStory(result, step).join('\n') };
}

/** The step's status as the verdict of a scenario made of that step alone, or undefined when it passed. */
function problemStatus(step: StepOutcome): 'failed' | 'error' | 'interrupted' | undefined {
  return step.status === 'failed' || step.status === 'error' || step.status === 'interrupted' ? step.status : undefined;
}

/** A failed step is judged as a scenario of that one step would be, so its type names the failed expectation or fault. */
function stepOutcome(result: ScenarioResult, step: StepOutcome): JUnitOutcome {
  const verdict = problemStatus(step);
  if (verdict === undefined) return { status: 'passed' };
  const { message: _scenarioMessage, ...rest } = result;
  return problemOutcome(problemOf({ ...rest, verdict, steps: [step], ...(step.error !== undefined && { message: step.error }) })!);
}

/** A scenario's problem as a JUnit outcome: a failed verdict is a failure, any other an error. */
export function problemOutcome(problem: ScenarioProblem): JUnitOutcome {
  return {
    status: problem.verdict === 'failed' ? 'failure' : 'error',
    type: problem.type,
    message: problem.message,
    details: problem.details.join('\n'),
  };
}

/** The step, each expectation's outcome, and everything the timeline holds from the step's start to its end. */
function stepStory(result: ScenarioResult, step: StepOutcome): string[] {
  const lines = stepLines(step, `${result.scenario} (${result.file})`);
  if (step.startedAt === undefined) return lines;
  const until = step.durationMs === undefined ? undefined : step.startedAt + step.durationMs;
  const timeline = renderTimeline(result.timeline, { start: result.startedAt, since: step.startedAt, ...(until !== undefined && { until }) });
  return [...lines, '', `timeline of step ${step.index} (times from the scenario's start):`, ...timeline.map((line) => `  ${line}`)];
}
