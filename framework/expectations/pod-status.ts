import type { ExpectationPlugin } from './expectation.js';
import { checkTargetPods } from './pod-verdicts.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import { kubectlStatus } from '../observe/kubectl-status.js';

/**
 * STATUS values `kubectl get pods` shows, for catching a wrongly cased one (`CrashLoopBackoff`).
 * Not a closed list: any waiting or terminated reason a runtime reports can appear.
 */
export const KNOWN_POD_STATUSES = [
  'Pending', 'Running', 'Succeeded', 'Failed', 'Unknown', 'Terminating', 'NotReady', 'Completed', 'Error', 'OOMKilled',
  'ContainerCreating', 'PodInitializing', 'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull',
  'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'ContainerCannotRun',
  'ContainerStatusUnknown', 'DeadlineExceeded', 'Evicted', 'NodeLost', 'SchedulingGated',
] as const;

export interface PodStatusSpec {
  target: TargetSpec;
  /** The STATUS column exactly: `Init:1/2`, `PodInitializing`, `CrashLoopBackOff`, `Completed`, `Terminating`. */
  status: string;
}

/**
 * kubectl get pods' STATUS column (see kubectlStatus), compared exactly. Met when any target pod
 * shows it (every one with `target.match: all`). Judged at every change, so a state that lasts one
 * change, such as `Init:1/2` between two init containers, is seen.
 */
export const podStatus: ExpectationPlugin<PodStatusSpec, 'podStatus'> = {
  kind: 'podStatus',
  schema: {
    type: 'object',
    description: 'The STATUS column of kubectl get pods, exactly: Init:1/2, PodInitializing, Running, CrashLoopBackOff, Completed, Error, Terminating, ...',
    required: ['target', 'status'],
    properties: {
      target: TARGET_SCHEMA,
      status: {
        type: 'string',
        minLength: 1,
        description: 'e.g. Init:0/2, Init:Error, Init:CrashLoopBackOff, PodInitializing, Running, CrashLoopBackOff, Completed, Error, OOMKilled, '
          + 'ImagePullBackOff, ErrImagePull, ErrImageNeverPull, InvalidImageName, Pending, Terminating.',
      },
    },
  },
  describe: (spec) => `${resolveTarget(spec.target).text} STATUS ${spec.status}`,
  validate(spec) {
    const problems = targetProblems(spec.target);
    const init = /^init:/i.test(spec.status);
    const rest = init ? spec.status.slice('Init:'.length) : spec.status;
    const counted = init ? /^(\d+)\/(\d+)$/.exec(rest) : null;
    if (counted && Number(counted[1]) >= Number(counted[2])) {
      problems.push({ path: 'status', message: `"${spec.status}" is never shown: in Init:N/M, N counts the init containers done and is less than M` });
    }
    const spelled = `${init ? 'Init:' : ''}${KNOWN_POD_STATUSES.find((known) => known.toLowerCase() === rest.toLowerCase()) ?? rest}`;
    if (spelled !== spec.status) problems.push({ path: 'status', message: `"${spec.status}" is written "${spelled}" (STATUS is compared exactly)` });
    return problems;
  },
  check(view, spec) {
    return checkTargetPods(view, resolveTarget(spec.target), 'any', ({ pod }) => {
      const shown = kubectlStatus(pod);
      return { matches: shown === spec.status, text: shown };
    });
  },
};
