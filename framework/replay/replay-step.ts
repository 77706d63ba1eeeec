import { evaluateExpectation } from '../engine/evaluate-expectation.js';
import type { ExpectationOutcome, StepOutcome } from '../engine/scenario-result.js';
import { formatDuration } from '../model/duration.js';
import type { ExpectStep, Step } from '../model/scenario.js';
import { Timeline, type TimelinePoint } from '../observe/timeline.js';
import type { TimelineEntry } from '../observe/timeline-entry.js';
import { appendRecorded } from './append-recorded.js';
import { ReplayClock, settle } from './replay-clock.js';
import type { EvidenceEnd } from './recording.js';

export interface ReplayStepOptions {
  readonly step: Step & ExpectStep;
  /** The recorded timeline. */
  readonly entries: readonly TimelineEntry[];
  /** Where the replay clock starts: at or before the first entry. */
  readonly origin: number;
  /** The step's 'step-start' marker in the recording. */
  readonly start: TimelinePoint;
  /** As run-scenario computes them: the last fault step's start, and the previous step's start when it was a fault. */
  readonly since: TimelinePoint;
  readonly replayFrom?: TimelinePoint;
  readonly evidenceEnd: EvidenceEnd;
  readonly namespace: string;
}

type Judged = Omit<StepOutcome, 'index' | 'name' | 'action' | 'startedAt' | 'durationMs'>;

/**
 * Judges an expect or waitFor step again over a recorded timeline: the entries up to the step's start are
 * there when its expectations start, as they were live; the rest arrive one by one at their recorded times,
 * until every expectation has its verdict or the evidence ends, after which the windows run out.
 */
export async function replayExpectStep(options: ReplayStepOptions): Promise<StepOutcome> {
  const { step, entries, start, evidenceEnd } = options;
  const clock = new ReplayClock(options.origin);
  const timeline = new Timeline(clock);
  // The step-start marker too: the live step recorded it before its expectations began.
  for (const entry of entries.slice(0, start.position + 1)) {
    clock.advance(Math.max(0, entry.at - clock.now()));
    appendRecorded(timeline, clock, entry);
  }

  let finishedAt: number | undefined;
  const judged = judgeExpectations(step, { ...options, timeline, clock }).then((outcome) => {
    finishedAt = clock.now();
    return outcome;
  });
  const over = (): boolean => finishedAt !== undefined;
  await settle();
  for (let position = start.position + 1; position < evidenceEnd.position && !over(); position++) {
    const entry = entries[position]!;
    await clock.advanceTo(entry.at, over);
    if (over()) break;
    appendRecorded(timeline, clock, entry);
    await settle();
  }
  // The evidence is over: the windows run out on the clock alone, each deadline in turn.
  await clock.runOut(over);
  if (!over()) throw new Error(`replay of step ${step.index} "${step.name}": its expectations had no verdict once every timer had fired`);
  const outcome = await judged;
  return { index: step.index, name: step.name, action: step.action, startedAt: start.at, ...outcome, durationMs: finishedAt! - start.at };
}

interface JudgeEnvironment extends ReplayStepOptions {
  readonly timeline: Timeline;
  readonly clock: ReplayClock;
}

/**
 * What engine/run-step.ts's runExpectations does, minus the HTTP prober (the answers it got are on the
 * recorded timeline): one failure cancels the others, a step timeout fails the step, the same wording.
 */
async function judgeExpectations(step: Step & ExpectStep, env: JudgeEnvironment): Promise<Judged> {
  const cancelOthers = new AbortController();
  const limit = new AbortController();
  const stopLimit = step.timeoutMs === undefined ? undefined
    : env.clock.setTimer(step.timeoutMs, () => limit.abort(new Error(`step "${step.name}" did not finish within its timeout of ${formatDuration(step.timeoutMs!)}`)));
  const signal = AbortSignal.any([limit.signal, cancelOthers.signal]);
  const settled = await Promise.allSettled(step.expectations.map(async (use) => {
    const outcome = beyondEvidence(await evaluateExpectation({
      use, timeline: env.timeline, clock: env.clock, stepStart: env.start.at, since: env.since, namespace: env.namespace, signal,
      ...(env.replayFrom !== undefined && { replayFrom: env.replayFrom }),
    }), env);
    if (!outcome.passed) cancelOthers.abort(new Error('another expectation of this step failed'));
    return outcome;
  }));
  stopLimit?.();
  const outcomes: ExpectationOutcome[] = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (limit.signal.aborted && !outcomes.some((o) => !o.passed)) {
    return { status: 'failed', error: (limit.signal.reason as Error).message, expectations: outcomes };
  }
  const failed = outcomes.filter((o) => !o.passed);
  if (failed.length > 0) {
    return { status: 'failed', error: failed.map((o) => `${o.kind}: ${o.reason} (observed: ${o.observed})`).join('; '), expectations: outcomes };
  }
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason instanceof Error ? s.reason.message : String(s.reason)] : []));
  if (errors.length > 0) return { status: 'error', error: errors.join('; '), expectations: outcomes };
  const slowest = Math.max(...outcomes.map((o) => o.decidedAfterMs));
  return { status: 'passed', summary: `${outcomes.length} expectation(s) met, the last after ${(slowest / 1000).toFixed(2)}s`, expectations: outcomes };
}

/**
 * A verdict reached after the evidence ended is what the recording can tell, not what the cluster did:
 * the outcome says so (in `reason` when it failed, in `observed` when it passed, which has no reason).
 */
function beyondEvidence(outcome: ExpectationOutcome, env: JudgeEnvironment): ExpectationOutcome {
  if (env.start.at + outcome.decidedAfterMs <= env.evidenceEnd.at) return outcome;
  const into = `${(Math.max(0, env.evidenceEnd.at - env.start.at) / 1000).toFixed(1)}s into this window`;
  const fault = env.evidenceEnd.fault;
  const ends = fault === undefined
    ? `the recording ends ${into}`
    : `the recording's evidence ends ${into}, where step ${fault.index} "${fault.name}" injected its fault`;
  return outcome.passed
    ? { ...outcome, observed: `${outcome.observed} (as far as the recording tells: ${ends})` }
    : { ...outcome, reason: `${outcome.reason ?? 'not met'}; ${ends}` };
}
