import type { ScenarioResult, StepOutcome } from '../engine/scenario-result.js';
import type { ReplayResult } from './replay-scenario.js';
import { expectationLines } from '../report/scenario-text.js';

/**
 * A replayed scenario as `faultline replay` prints it, like mocha's spec reporter: the verdict next to
 * the recorded one, each step, and under it each expectation with its reason and what was observed.
 *
 * @example
 * replaySummary(replayed, recorded)
 * // ['✗ http-liveness-rename (scenario.yaml): failed, recorded run r1: passed',
 * //  '    ✓ 1 web is ready', '        ✓ pods app=web Ready within 2m (after 120ms: web-x: Ready)', ...]
 */
export function replaySummary(replayed: ReplayResult, recorded: ScenarioResult): string[] {
  const lines = [`${mark(replayed.verdict === 'passed')} ${replayed.scenario} (${replayed.file}): ${replayed.verdict}, recorded run ${replayed.replayedFrom}: ${recorded.verdict}`];
  for (const step of replayed.steps) lines.push(...stepLines(step).map((line) => `    ${line}`));
  // The steps say why they did not pass; a message beyond them is about the run (its cleanup).
  if (replayed.message && replayed.steps.every((step) => step.status === 'passed')) lines.push(`    ${replayed.message}`);
  return lines;
}

function stepLines(step: StepOutcome): string[] {
  const symbol = step.status === 'passed' ? '✓' : step.status === 'skipped' ? '-' : '✗';
  const head = `${symbol} ${step.index} ${step.name}${step.status === 'passed' ? '' : `: ${step.status}`}`;
  if (step.action === 'fault') {
    return [`${head}${step.summary ? ` — ${step.summary}` : ''}`, ...(step.error ? [`    ${step.error}`] : [])];
  }
  const lines = [head];
  if (step.status === 'skipped' && step.error) lines.push(`    ${step.error}`);
  // A step that failed without a failed expectation (its timeout) says why in its error.
  if (step.status !== 'skipped' && step.status !== 'passed' && !step.expectations.some((e) => !e.passed) && step.error) lines.push(`    ${step.error}`);
  for (const expectation of step.expectations) lines.push(...expectationLines(expectation).map((line) => `    ${line}`));
  return lines;
}


function mark(passed: boolean): string {
  return passed ? '✓' : '✗';
}
