import type { V1Pod } from '@kubernetes/client-node';
import type { FaultPlugin } from './fault.js';
import { FaultNotEffectiveError } from './fault.js';
import { pickPods } from './pick-pods.js';
import { ExecIncompleteError } from '../cluster/exec-command.js';
import { DURATION_SCHEMA, parseDuration } from '../model/duration.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import { containerStatusOf } from '../observe/target-pods.js';

export const KILL_SIGNALS = ['TERM', 'INT', 'QUIT', 'HUP', 'USR1', 'USR2'] as const;

export interface KillContainerSpec {
  target: TargetSpec;
  /** Signal sent to the container's PID 1 (default TERM). */
  signal?: (typeof KILL_SIGNALS)[number];
  /** How long the container may take to stop (default 30s). */
  timeout?: string;
}

/**
 * Signals the container's main process (PID 1) from inside the container, then proves the
 * container stopped: its containerID changed, its restartCount rose, or it is terminated.
 * The kernel drops signals sent to a PID namespace's init from inside it unless the process
 * handles them, so SIGKILL can never work this way and an unhandled SIGTERM does nothing:
 * that case fails with an explanation instead of passing silently.
 */
export const killContainer: FaultPlugin<KillContainerSpec, 'killContainer'> = {
  kind: 'killContainer',
  schema: {
    type: 'object',
    description: "Signal the container's main process (PID 1) and check that the container stopped.",
    required: ['target'],
    properties: {
      target: TARGET_SCHEMA,
      signal: { enum: [...KILL_SIGNALS], description: 'Signal for PID 1 (default TERM). KILL is not possible from inside a container.' },
      timeout: { ...DURATION_SCHEMA, description: 'How long the container may take to stop (default 30s).' },
    },
  },
  describe: (spec) => `send SIG${spec.signal ?? 'TERM'} to PID 1 of ${resolveTarget(spec.target).text}`,
  validate: (spec) => targetProblems(spec.target),
  async inject(context, spec) {
    const { pods } = pickPods(context, spec.target);
    const signal = spec.signal ?? 'TERM';
    const timeoutMs = spec.timeout === undefined ? 30_000 : parseDuration(spec.timeout)!;
    const before = pods.map((picked) => ({ picked, fingerprint: fingerprint(picked.pod, picked.container) }));
    for (const { picked } of before) {
      try {
        const result = await context.cluster.exec({
          namespace: context.namespace, pod: picked.name, container: picked.container,
          command: ['kill', `-${signal}`, '1'], signal: context.signal,
        });
        if (result.exitCode !== 0) {
          throw new FaultNotEffectiveError(`kill -${signal} 1 in ${picked.name}/${picked.container} exited with code ${result.exitCode}`
            + (result.stderr.trim() ? `; stderr: ${result.stderr.trim()}` : ''));
        }
      } catch (error) {
        // The session may die with the container it stopped; that is the expected outcome.
        if (!(error instanceof ExecIncompleteError)) throw error;
      }
    }
    const stopped = await context.waitFor((view) => before.every(({ picked, fingerprint: was }) => {
      const record = view.allPods.find((r) => r.pod.metadata?.uid === picked.pod.metadata?.uid);
      return record !== undefined && hasStopped(was, fingerprint(record.pod, picked.container));
    }), timeoutMs);
    if (!stopped) {
      throw new FaultNotEffectiveError(
        `SIG${signal} to PID 1 of ${before.map(({ picked }) => `${picked.name}/${picked.container}`).join(', ')} did not stop the container within ${timeoutMs / 1000}s: `
        + 'PID 1 ignores signals it installs no handler for (the kernel protects a PID namespace\'s init). '
        + 'Use a signal the process handles (nginx: TERM or QUIT), or deletePod.',
      );
    }
    return { summary: `sent SIG${signal} to PID 1 of ${pods.map((p) => `${p.name}/${p.container}`).join(', ')} (seen: container stopped)`, pods: pods.map((p) => p.name) };
  },
};

interface Fingerprint {
  readonly containerID?: string;
  readonly restartCount: number;
  readonly terminated: boolean;
}

function fingerprint(pod: V1Pod, container: string): Fingerprint {
  const status = containerStatusOf(pod, container);
  return {
    ...(status?.containerID !== undefined && { containerID: status.containerID }),
    restartCount: status?.restartCount ?? 0,
    terminated: status?.state?.terminated !== undefined,
  };
}

function hasStopped(before: Fingerprint, now: Fingerprint): boolean {
  return now.restartCount > before.restartCount || now.terminated
    || (now.containerID !== undefined && before.containerID !== undefined && now.containerID !== before.containerID);
}

