import type { ExpectationOutcome, ScenarioResult, StepOutcome } from '../engine/scenario-result.js';
import { formatDuration } from '../model/duration.js';
import { renderTimeline } from './timeline-text.js';

/** Why a scenario did not pass, in the shape test reports want: a type, a one-line message, details. */
export interface ScenarioProblem {
  readonly verdict: 'failed' | 'error' | 'interrupted';
  /** `expectation.restarts`, `fault.renameFile`, `error` or `interrupted`. */
  readonly type: string;
  /** One line. */
  readonly message: string;
  /** The failed step, its expectations and the timeline of that step. */
  readonly details: readonly string[];
}

/** Lines of the timeline shown with a failed step; the whole timeline goes elsewhere. */
const STEP_TIMELINE_LINES = 40;

/** The step a scenario's verdict comes from: the one with that status, else the first that neither passed nor was skipped. */
export function problemStep(result: ScenarioResult): StepOutcome | undefined {
  return result.steps.find((candidate) => candidate.status === result.verdict)
    ?? result.steps.find((candidate) => candidate.status !== 'passed' && candidate.status !== 'skipped');
}

/**
 * What went wrong in a scenario, or undefined when it passed.
 *
 * @example
 * problemOf(result) // { verdict: 'failed', type: 'expectation.restarts', message: 'restarts: … not met', details: [...] }
 */
export function problemOf(result: ScenarioResult): ScenarioProblem | undefined {
  if (result.verdict === 'passed') return undefined;
  const step = problemStep(result);
  const expectation = step?.expectations.find((candidate) => !candidate.passed);
  const details = [
    `${result.scenario} (${result.file}) ${result.verdict} after ${formatDuration(result.durationMs)}`,
    ...(result.message ? [result.message] : []),
    ...(step ? ['', ...stepLines(step), ...stepTimeline(result, step)] : []),
  ];
  return {
    verdict: result.verdict,
    type: result.verdict === 'failed' ? failureType(step, expectation) : result.verdict,
    message: oneLine(result.message ?? fallbackMessage(result, step, expectation)),
    details,
  };
}

/**
 * The whole story of a run for a log: header, every step with its expectations, cleanup problems
 * and the full timeline.
 */
export function renderScenario(result: ScenarioResult): string[] {
  const lines = [
    `scenario ${result.scenario} (${result.file}): ${result.verdict} in ${formatDuration(result.durationMs)}`,
    `run ${result.runId}, namespace ${result.namespace}, context ${result.context}`
      + (result.kubernetesVersion ? `, Kubernetes ${result.kubernetesVersion}` : ''),
    '',
    'steps:',
    ...result.steps.flatMap((step) => stepLines(step).map((line) => `  ${line}`)),
  ];
  if (result.cleanupProblems.length > 0) {
    lines.push('', 'cleanup problems:', ...result.cleanupProblems.map((problem) => `  - ${problem}`));
  }
  lines.push('', 'timeline:', ...renderTimeline(result.timeline, { start: result.startedAt }).map((line) => `  ${line}`));
  return lines;
}

/** The step's status line (`of` names its scenario where the step stands alone), then each expectation's outcome. */
export function stepLines(step: StepOutcome, of?: string): string[] {
  const took = step.durationMs === undefined ? '' : ` in ${formatDuration(step.durationMs)}`;
  const lines = [`step ${step.index} ${step.name}${of === undefined ? '' : ` of ${of}`}: ${step.status}${took}${step.summary ? ` — ${step.summary}` : ''}`];
  if (step.error) lines.push(`  error: ${step.error}`);
  for (const expectation of step.expectations) lines.push(...expectationLines(expectation).map((line) => `  ${line}`));
  return lines;
}

/** One expectation's outcome: a ✓ line, or ✗ with the reason, what was observed and where it is written. */
export function expectationLines(expectation: ExpectationOutcome): string[] {
  const after = `after ${formatDuration(expectation.decidedAfterMs)}`;
  if (expectation.passed) return [`✓ ${expectation.description} (${after}: ${expectation.observed})`];
  return [
    `✗ ${expectation.description}`,
    ...(expectation.reason ? [`    reason: ${expectation.reason}`] : []),
    `    observed: ${expectation.observed}`,
    `    judged ${expectation.window}, decided ${after}, at ${expectation.source}`,
  ];
}

function stepTimeline(result: ScenarioResult, step: StepOutcome): string[] {
  if (step.startedAt === undefined) return [];
  const until = step.durationMs === undefined ? undefined : step.startedAt + step.durationMs;
  const lines = renderTimeline(result.timeline, {
    start: result.startedAt, since: step.startedAt, until, maxLines: STEP_TIMELINE_LINES,
  });
  return lines.length === 0 ? [] : ['', `timeline of step ${step.index}:`, ...lines.map((line) => `  ${line}`)];
}

function failureType(step: StepOutcome | undefined, expectation: ExpectationOutcome | undefined): string {
  if (expectation) return `expectation.${expectation.kind}`;
  if (step?.action === 'fault') return step.fault ? `fault.${step.fault}` : 'fault';
  return step ? 'expectation' : 'failed';
}

function fallbackMessage(result: ScenarioResult, step: StepOutcome | undefined, expectation: ExpectationOutcome | undefined): string {
  if (expectation) return `${expectation.description}: ${expectation.reason ?? 'not met'} (observed: ${expectation.observed})`;
  if (step) return `step ${step.index} ${step.name} ${step.status}${step.error ? `: ${step.error}` : ''}`;
  return `scenario ${result.scenario} ${result.verdict}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
