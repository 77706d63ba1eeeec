import { randomBytes } from 'node:crypto';
import { CleanupStack } from './cleanup-stack.js';
import { systemClock, type Clock } from './clock.js';
import { runStep } from './run-step.js';
import type { ScenarioResult, StepOutcome, Verdict } from './scenario-result.js';
import { ClusterRequestError } from '../cluster/api-errors.js';
import type { KubeCluster } from '../cluster/kube-cluster.js';
import { createRunNamespace, deleteNamespaceAndWait, namespaceName } from '../cluster/namespaces.js';
import { formatDuration } from '../model/duration.js';
import type { Scenario } from '../model/scenario.js';
import { Observer } from '../observe/observer.js';
import { Timeline, type TimelinePoint } from '../observe/timeline.js';
import type { StepProgressListener } from './step-progress.js';
import type { NodeAccess } from '../cluster/node-access.js';
import type { NodeDriverChoice } from '../nodes/drivers/registry.js';
import { FaultReverts } from './fault-reverts.js';
import { recordPendingReverts } from '../nodes/pending-reverts.js';
import { observesNodes } from '../nodes/allowed-clusters.js';

export interface RunScenarioOptions {
  readonly cluster: KubeCluster;
  readonly clock?: Clock;
  /** Aborting it (Ctrl-C) stops the run; cleanup still happens. */
  readonly signal?: AbortSignal;
  readonly runId?: string;
  readonly kubernetesVersion?: string;
  /** Progress lines for people (console reporters). */
  readonly log?: (line: string) => void;
  /** Told when each step begins and ends, for live displays (the CLI's status line). */
  readonly progress?: StepProgressListener;
  /** Called once cleanup is registered, so an interrupt handler can say what is being cleaned. */
  readonly onCleanup?: (cleanup: CleanupStack) => void;
  /** Called once the steps are over and only cleanup is left (a pool may start the next scenario). */
  readonly onStepsDone?: () => void;
  readonly namespaceDeletionTimeoutMs?: number;
  /** Cluster-scoped node operations for node faults; absent, node faults fail with an explanation. */
  readonly nodes?: NodeAccess;
  /** The node driver chosen on the command line (wins over the scenario's). */
  readonly nodeDriver?: NodeDriverChoice;
  /** Passed to the observer's watches (tests use short ones). */
  readonly watch?: { readonly silenceMs?: number; readonly backoffMs?: readonly number[] };
}

/** A short random id for a run: namespaces and labels carry it. */
export function newRunId(): string {
  return randomBytes(4).toString('hex').slice(0, 6);
}

/**
 * Runs one scenario in a namespace of its own: create and label it, start watching, apply the
 * manifests, run the steps, and delete everything, whatever happened. Never throws for what
 * happens in the cluster: the result says what happened.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const runId = options.runId ?? newRunId();
  const namespace = namespaceName(scenario.name, runId);
  const timeline = new Timeline(clock);
  const cleanup = new CleanupStack();
  const reverts = new FaultReverts(cleanup, timeline, {
    log,
    persist: (pending) => recordPendingReverts(options.cluster, namespace, pending),
  });
  options.onCleanup?.(cleanup);
  const startedAt = clock.now();
  const steps: StepOutcome[] = [];

  const timeout = new AbortController();
  const cancelTimeout = clock.setTimer(scenario.timeoutMs, () => timeout.abort(new ScenarioTimeout(scenario.timeoutMs)));
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;

  timeline.mark('run-start', `scenario ${scenario.name} (${scenario.file}) in namespace ${namespace}, context ${options.cluster.contextName}`);
  let verdict: Verdict = 'passed';
  let message: string | undefined;
  try {
    // Registered before the create: an interrupt while the request is in flight must not leak it
    // (deleting a namespace that never came into being is a 404, which counts as gone).
    cleanup.push(`delete namespace ${namespace}`, () => deleteNamespaceAndWait(options.cluster, namespace, {
      ...(options.namespaceDeletionTimeoutMs !== undefined && { timeoutMs: options.namespaceDeletionTimeoutMs }),
    }));
    await createRunNamespace(options.cluster, { name: namespace, runId, scenario: scenario.name, file: scenario.file }, signal);
    timeline.mark('namespace-created', namespace);
    log(`namespace ${namespace} created`);

    const observer = new Observer({
      kubeConfig: options.cluster.kubeConfig, namespace, timeline, clock, retryPolicy: options.cluster.policy,
      nodes: observesNodes(scenario),
      ...(options.watch?.silenceMs !== undefined && { silenceMs: options.watch.silenceMs }),
      ...(options.watch?.backoffMs !== undefined && { backoffMs: options.watch.backoffMs }),
    });
    cleanup.push('stop watching', async () => observer.stop());
    await observer.start();

    for (const manifest of scenario.manifests) {
      const what = `${manifest.object.kind} ${manifest.object.metadata?.name}`;
      try {
        await options.cluster.create(namespace, manifest.object, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        throw new ManifestRejected(`${manifest.source.file}:${manifest.source.line}:${manifest.source.column}: ${what} was rejected: ${(error as Error).message}`);
      }
    }
    timeline.mark('manifests-applied', scenario.manifests.map((m) => `${m.object.kind}/${m.object.metadata?.name}`).join(', '));
    log(`applied ${scenario.manifests.length} manifest(s)`);

    let since = timeline.point();
    let faultJustBefore: TimelinePoint | undefined;
    for (const step of scenario.steps) {
      const stepStart = timeline.point();
      if (step.action === 'fault') since = stepStart;
      log(`step ${step.index}/${scenario.steps.length}: ${step.name}`);
      options.progress?.stepStarted({ scenario: scenario.name, step, stepCount: scenario.steps.length, at: clock.now(), view: () => timeline.view });
      const outcome = await runStep(step, {
        namespace, cluster: options.cluster, timeline, clock, signal, since, log, reverts,
        observation: observer,
        ...(options.nodes !== undefined && { nodes: options.nodes }),
        ...(options.nodeDriver !== undefined && { nodeDriver: options.nodeDriver }),
        ...(faultJustBefore !== undefined && { replayFrom: faultJustBefore }),
      });
      faultJustBefore = step.action === 'fault' ? stepStart : undefined;
      steps.push(outcome);
      options.progress?.stepEnded(scenario.name, outcome);
      log(`  ${outcome.status}${outcome.summary ? `: ${outcome.summary}` : ''}${outcome.error ? `: ${outcome.error}` : ''}`);
      if (outcome.status !== 'passed') {
        verdict = outcome.status === 'failed' ? 'failed' : outcome.status === 'interrupted' ? 'interrupted' : 'error';
        message = `step ${step.index} "${step.name}" ${outcome.status}: ${outcome.error ?? ''}`;
        break;
      }
    }
    if (timeout.signal.aborted) ({ verdict, message } = timedOut(scenario.timeoutMs, steps));
  } catch (error) {
    ({ verdict, message } = classify(error, signal, timeout.signal, scenario.timeoutMs, steps));
  } finally {
    cancelTimeout();
  }

  options.onStepsDone?.();
  timeline.mark('cleanup-start', cleanup.pending.join(', '));
  const cleanupProblems = await cleanup.run();
  if (cleanupProblems.length > 0) {
    // Something the run created or changed may outlive it: that must never pass silently in CI.
    cleanupProblems.forEach((problem) => log(`cleanup failed: ${problem}`));
    const advice = `(run \`faultline sweep\` to retry)`;
    if (verdict === 'passed') {
      verdict = 'error';
      message = `the scenario passed, but cleanup failed: ${cleanupProblems.join('; ')} ${advice}`;
    } else {
      message = `${message ?? verdict}; cleanup failed too: ${cleanupProblems.join('; ')} ${advice}`;
    }
  }
  timeline.mark('run-end', verdict);
  for (const step of scenario.steps.slice(steps.length)) {
    steps.push({ index: step.index, name: step.name, action: step.action, status: 'skipped', expectations: [] });
  }
  return {
    scenario: scenario.name, file: scenario.file, verdict,
    ...(message !== undefined && { message }),
    runId, namespace, context: options.cluster.contextName, server: options.cluster.server,
    ...(options.kubernetesVersion !== undefined && { kubernetesVersion: options.kubernetesVersion }),
    startedAt, durationMs: clock.now() - startedAt, steps, timeline: timeline.entries, cleanupProblems,
  };
}

class ScenarioTimeout extends Error {
  override readonly name = 'ScenarioTimeout';
  constructor(readonly ms: number) {
    super(`the scenario did not finish within its timeout of ${formatDuration(ms)}`);
  }
}

class ManifestRejected extends Error {
  override readonly name = 'ManifestRejected';
}

function timedOut(ms: number, steps: readonly StepOutcome[]): { verdict: Verdict; message: string } {
  const last = steps.at(-1);
  return { verdict: 'failed', message: `the scenario did not finish within its timeout of ${formatDuration(ms)}${last ? ` (during step "${last.name}")` : ''}` };
}

function classify(error: unknown, signal: AbortSignal, timeout: AbortSignal, timeoutMs: number, steps: readonly StepOutcome[]): { verdict: Verdict; message: string } {
  if (timeout.aborted) return timedOut(timeoutMs, steps);
  if (signal.aborted) return { verdict: 'interrupted', message: `interrupted: ${(signal.reason as Error)?.message ?? 'aborted'}` };
  if (error instanceof ManifestRejected || error instanceof ClusterRequestError) return { verdict: 'error', message: error.message };
  return { verdict: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
