import type { Clock } from './clock.js';
import { evaluateExpectation } from './evaluate-expectation.js';
import { HttpProber } from './http-prober.js';
import { httpTargetOf, type HttpSpec } from '../expectations/http.js';
import { expectationsWithin } from '../expectations/sequence.js';
import type { ExpectationOutcome, StepOutcome } from './scenario-result.js';
import type { ClusterAccess } from '../cluster/cluster-access.js';
import { FaultNotEffectiveError, type FaultContext, type FaultPlugin } from '../faults/fault.js';
import { faultPlugins, type FaultKind, type FaultSpecs } from '../faults/registry.js';
import { formatDuration } from '../model/duration.js';
import { DEFAULTS, type ExpectStep, type FaultStep, type Step } from '../model/scenario.js';
import type { Timeline, TimelinePoint } from '../observe/timeline.js';
import type { NodeAccess } from '../cluster/node-access.js';
import type { NodeDriverChoice } from '../nodes/drivers/registry.js';
import type { FaultReverts } from './fault-reverts.js';
import type { Observation } from './evaluate-expectation.js';
import { waitForView } from '../observe/wait-for-view.js';

export interface StepEnvironment {
  readonly namespace: string;
  readonly cluster: ClusterAccess;
  readonly timeline: Timeline;
  readonly clock: Clock;
  /** Aborted on scenario timeout and interrupt. */
  readonly signal: AbortSignal;
  /** Start of the evidence window for events and deletions (the last fault step's start). */
  readonly since: TimelinePoint;
  /**
   * When the step right before this one was a fault: its start. `within` expectations then judge
   * every state the cluster went through since, so a transient during the fault is not missed.
   */
  readonly replayFrom?: TimelinePoint;
  readonly log: (message: string) => void;
  /** For faults with `reach: 'node'`; absent when the run may not touch nodes. */
  readonly nodes?: NodeAccess;
  readonly nodeDriver?: NodeDriverChoice;
  /** Where faults register how to undo what they did outside the namespace. */
  readonly reverts?: FaultReverts;
  /** How well the run's watches saw the cluster (see evaluateExpectation). */
  readonly observation?: Observation;
}

/** What a step's own work decides; runStep adds where and when. */
type StepVerdict = Omit<StepOutcome, 'index' | 'name' | 'action' | 'fault' | 'startedAt' | 'durationMs'>;

/** Runs one step, turning every outcome (including thrown errors) into a StepOutcome. */
export async function runStep(step: Step, env: StepEnvironment): Promise<StepOutcome> {
  const startedAt = env.clock.now();
  env.timeline.mark('step-start', step.name, step.index);
  const base = { index: step.index, name: step.name, action: step.action, startedAt, ...(step.action === 'fault' && { fault: (step as FaultStep).fault.kind }) };
  const finish = (outcome: StepVerdict): StepOutcome => {
    const result = { ...base, ...outcome, durationMs: env.clock.now() - startedAt };
    env.timeline.mark('step-end', `${step.name}: ${result.status}${result.error ? ` (${result.error})` : ''}`, step.index);
    return result;
  };
  return step.action === 'fault'
    ? finish(await runFault(step as Step & FaultStep, env))
    : finish(await runExpectations(step as Step & ExpectStep, env, startedAt));
}

async function runFault(step: Step & FaultStep, env: StepEnvironment): Promise<StepVerdict> {
  const plugin = faultPlugins[step.fault.kind] as unknown as FaultPlugin<FaultSpecs[FaultKind]>;
  const timeoutMs = step.timeoutMs ?? plugin.defaultTimeoutMs ?? DEFAULTS.faultTimeoutMs;
  const { signal, dispose } = stepSignal(env, timeoutMs, `fault step "${step.name}" did not finish within ${timeoutMs / 1000}s`);
  const context: FaultContext = {
    namespace: env.namespace, cluster: env.cluster, timeline: env.timeline, signal, log: env.log,
    step: { index: step.index, name: step.name },
    view: () => env.timeline.view,
    waitFor: (predicate, ms, own) => waitForView(predicate, { timeline: env.timeline, clock: env.clock, timeoutMs: ms, signal: own ?? signal }),
    delay: (ms, own) => delay(env.clock, ms, own ?? signal),
    ...(plugin.reach === 'node' && env.nodes !== undefined && { nodes: env.nodes }),
    ...(env.nodeDriver !== undefined && { nodeDriver: env.nodeDriver }),
    onRevert: async (revert) => {
      if (!env.reverts) throw new Error('this run cannot register reverts (no cleanup stack): node faults run only inside runScenario');
      await env.reverts.register({ index: step.index, name: step.name }, revert);
    },
    revertStep: (stepName) => {
      if (!env.reverts) throw new Error('this run cannot revert faults (no cleanup stack)');
      return env.reverts.revertStep(stepName, signal);
    },
    markNode: (node, text) => env.timeline.markNode('node-fault', text, step.index, node),
  };
  try {
    const outcome = await plugin.inject(context, step.fault.spec);
    env.timeline.mark('fault-injected', `${step.fault.kind}: ${outcome.summary}`, step.index);
    return { status: 'passed', summary: outcome.summary, expectations: [] };
  } catch (error) {
    if (env.signal.aborted) return { status: 'interrupted', error: reasonText(env.signal.reason), expectations: [] };
    const message = signal.aborted ? reasonText(signal.reason) : errorText(error);
    return { status: error instanceof FaultNotEffectiveError ? 'failed' : 'error', error: `${step.fault.kind}: ${message}`, expectations: [] };
  } finally {
    dispose();
  }
}

async function runExpectations(step: Step & ExpectStep, env: StepEnvironment, startedAt: number): Promise<StepVerdict> {
  // http expectations need requests sent while they are judged; their answers land on the timeline.
  const prober = startHttpProber(step, env);
  // One failure decides the step: the others are cancelled rather than left to run out their windows.
  const cancelOthers = new AbortController();
  const limit = step.timeoutMs === undefined ? undefined
    : stepSignal(env, step.timeoutMs, `step "${step.name}" did not finish within its timeout of ${formatDuration(step.timeoutMs)}`);
  const signal = AbortSignal.any([limit?.signal ?? env.signal, cancelOthers.signal]);
  const settled = await Promise.allSettled(step.expectations.map(async (use) => {
    const outcome = await evaluateExpectation({
      use, timeline: env.timeline, clock: env.clock, stepStart: startedAt, since: env.since, namespace: env.namespace, signal,
      ...(env.observation !== undefined && { observation: env.observation }),
      ...(env.replayFrom !== undefined && { replayFrom: env.replayFrom }),
    });
    if (!outcome.passed) cancelOthers.abort(new Error('another expectation of this step failed'));
    return outcome;
  }));
  limit?.dispose();
  prober?.stop();
  const outcomes: ExpectationOutcome[] = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (env.signal.aborted) return { status: 'interrupted', error: reasonText(env.signal.reason), expectations: outcomes };
  if (limit?.signal.aborted && !outcomes.some((o) => !o.passed)) {
    return { status: 'failed', error: reasonText(limit.signal.reason), expectations: outcomes };
  }
  const failed = outcomes.filter((o) => !o.passed);
  if (failed.length > 0) {
    return { status: 'failed', error: failed.map((o) => `${o.kind}: ${o.reason} (observed: ${o.observed})`).join('; '), expectations: outcomes };
  }
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [errorText(s.reason)] : []));
  if (errors.length > 0) return { status: 'error', error: errors.join('; '), expectations: outcomes };
  const slowest = Math.max(...outcomes.map((o) => o.decidedAfterMs));
  return { status: 'passed', summary: `${outcomes.length} expectation(s) met, the last after ${(slowest / 1000).toFixed(2)}s`, expectations: outcomes };
}

function stepSignal(env: StepEnvironment, timeoutMs: number, message: string): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const cancel = env.clock.setTimer(timeoutMs, () => controller.abort(new Error(message)));
  return { signal: AbortSignal.any([env.signal, controller.signal]), dispose: cancel };
}

function delay(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => { cancel(); reject(signal.reason); };
    const cancel = clock.setTimer(ms, () => { signal.removeEventListener('abort', onAbort); resolve(); });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason ?? 'aborted');
}

/** Starts sending the step's http requests (those in sequences too), or returns undefined when it has none. */
function startHttpProber(step: Step & ExpectStep, env: StepEnvironment): HttpProber | undefined {
  const specs = step.expectations.flatMap((use) => httpSpecsOf(use.kind, use.spec));
  if (specs.length === 0) return undefined;
  const prober = new HttpProber({
    kubeConfig: env.cluster.kubeConfig, namespace: env.namespace, clock: env.clock,
    onResponse: (response) => env.timeline.recordResponse(response),
  });
  prober.start(specs.map(httpTargetOf));
  return prober;
}

function httpSpecsOf(kind: string, spec: unknown): HttpSpec[] {
  return expectationsWithin(kind, spec).flatMap(([itemKind, itemSpec]) => (itemKind === 'http' ? [itemSpec as HttpSpec] : []));
}
