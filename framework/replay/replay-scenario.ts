import type { ScenarioResult, StepOutcome, Verdict } from '../engine/scenario-result.js';
import type { ExpectStep, FaultStep, Scenario, Step } from '../model/scenario.js';
import type { TimelinePoint } from '../observe/timeline.js';
import { Recording, type RecordedStep } from './recording.js';
import { replayExpectStep } from './replay-step.js';

/** A scenario judged again over a recorded run: the recording's run, namespace and timeline, with new verdicts. */
export type ReplayResult = ScenarioResult & {
  /** The run id of the recording the verdicts were reached over. */
  readonly replayedFrom: string;
};

/**
 * Judges `scenario`'s expect and waitFor steps again over the timeline `recorded` holds, with no cluster
 * and no real time: tune a window or an expectation and see what the recorded run would have said, or
 * use recorded runs as test fixtures. Steps are matched by index to the recording's 'step-start'
 * markers. Faults are not re-run: a fault step keeps its recorded outcome. A step the recorded run never
 * started is skipped, and the verdict says why. Steps after one that did not pass are skipped, as in a run.
 *
 * @example
 * const { results } = await readResultsFile('results.json');
 * const scenario = await loadScenario('scenarios/probes/http-liveness-rename.yaml');
 * const replayed = await replayScenario(scenario, results.find((r) => r.scenario === scenario.name)!);
 * replayed.verdict // 'failed' once `within: 45s` became `within: 5s`
 */
export async function replayScenario(scenario: Scenario, recorded: ScenarioResult): Promise<ReplayResult> {
  const recording = new Recording(recorded);
  const steps: StepOutcome[] = [];
  let verdict: Verdict = 'passed';
  let message: string | undefined;
  // As run-scenario.ts: the evidence window starts with the steps, then with each fault step.
  let since = recording.firstStepStart();
  let faultJustBefore: TimelinePoint | undefined;
  for (const step of scenario.steps) {
    const recordedStep = recording.step(step.index);
    let outcome: StepOutcome;
    if (recordedStep === undefined) {
      outcome = { ...base(step), status: 'skipped', error: neverStarted(recorded), expectations: [] };
    } else {
      if (step.action === 'fault') since = recordedStep.start;
      outcome = mismatch(step, recordedStep)
        ?? (step.action === 'fault'
          ? recordedFault(step as Step & FaultStep, recordedStep, recorded.runId)
          : await replayExpectStep({
            step: step as Step & ExpectStep, entries: recording.entries, origin: recording.origin(), start: recordedStep.start,
            since, evidenceEnd: recordedStep.evidenceEnd, namespace: recorded.namespace,
            ...(faultJustBefore !== undefined && { replayFrom: faultJustBefore }),
          }));
      faultJustBefore = step.action === 'fault' ? recordedStep.start : undefined;
    }
    steps.push(outcome);
    if (outcome.status !== 'passed') {
      verdict = outcome.status === 'failed' ? 'failed' : outcome.status === 'interrupted' ? 'interrupted' : 'error';
      message = `step ${step.index} "${step.name}" ${outcome.status}: ${outcome.error ?? ''}`;
      break;
    }
  }
  for (const step of scenario.steps.slice(steps.length)) steps.push({ ...base(step), status: 'skipped', expectations: [] });
  if (recorded.cleanupProblems.length > 0 && verdict === 'passed') {
    // As in the run: something it created may have outlived it.
    verdict = 'error';
    message = `the scenario passed, but the recorded run's cleanup failed: ${recorded.cleanupProblems.join('; ')}`;
  }
  const { message: _recordedMessage, ...kept } = recorded;
  return {
    ...kept, scenario: scenario.name, file: scenario.file, verdict,
    ...(message !== undefined && { message }),
    steps, replayedFrom: recorded.runId,
  };
}

function base(step: Step): Pick<StepOutcome, 'index' | 'name' | 'action'> {
  return { index: step.index, name: step.name, action: step.action };
}

/** Why a step cannot be judged: the recording holds no evidence from it. */
function neverStarted(recorded: ScenarioResult): string {
  const ran = recorded.steps.filter((s) => s.status !== 'skipped').length;
  const why = recorded.verdict === 'passed'
    ? `the recorded scenario had ${ran} step(s)`
    : `the recorded run ${recorded.verdict}${recorded.message ? `: ${recorded.message}` : ''}`;
  return `not replayed: the recorded run ${recorded.runId} never started this step, so it holds no evidence for it (${why})`;
}

/** Steps are matched by index: a fault where the recording judged expectations (or the reverse) means they no longer line up. */
function mismatch(step: Step, recorded: RecordedStep): StepOutcome | undefined {
  const recordedAction = recorded.outcome?.action;
  const isFault = step.action === 'fault';
  if (recordedAction === undefined ? !isFault : (recordedAction === 'fault') === isFault) return undefined;
  const was = recordedAction === undefined ? 'has no outcome for it'
    : `was ${recordedAction === 'fault' ? `a fault (${recorded.outcome?.fault ?? 'unknown kind'})` : `an ${recordedAction} step`} ("${recorded.outcome?.name}")`;
  return {
    ...base(step), status: 'error', expectations: [],
    error: `the recording's step ${step.index} ${was}, but the scenario's is ${isFault ? 'a fault' : `an ${step.action} step`}: `
      + 'steps are matched by position, and faults are not re-run, so the scenario must keep the recording\'s order of fault and expectation steps',
  };
}

/** A fault as the recording has it: faults are not re-run, whatever the scenario's fault now says. */
function recordedFault(step: Step & FaultStep, recorded: RecordedStep, runId: string): StepOutcome {
  const outcome = recorded.outcome!;
  const kindNote = outcome.fault !== undefined && outcome.fault !== step.fault.kind ? `, where the fault was ${outcome.fault}, not ${step.fault.kind}` : '';
  const note = `[from the recording of run ${runId}${kindNote}: faults are not re-run]`;
  return { ...outcome, ...base(step), summary: outcome.summary === undefined ? note : `${outcome.summary} ${note}` };
}
