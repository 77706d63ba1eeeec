import type { V1ContainerStateTerminated, V1Pod, V1PodStatus } from '@kubernetes/client-node';

/**
 * The STATUS column of `kubectl get pods`: `Init:1/2`, `PodInitializing`, `CrashLoopBackOff`,
 * `Completed`, `Terminating`, ... The API server computes it (kubectl asks for a Table), so this is
 * a port of printPod in k8s.io/kubernetes pkg/printers/internalversion/printers.go as Kubernetes
 * 1.20 has it, the version of the local test cluster:
 *
 * 1. the phase, or `status.reason` when set (`Evicted`, `NodeLost`);
 * 2. the first init container that has not exited 0 decides, and then the main containers are not
 *    looked at: `Init:<terminated reason>` (or `Init:Signal:N`, `Init:ExitCode:N` without one),
 *    `Init:<waiting reason>` unless that is PodInitializing, else `Init:<index>/<count>`;
 * 3. otherwise the containers, the last in status order first so the first one wins: a waiting
 *    reason, a terminated reason (or `Signal:N`, `ExitCode:N`); `Completed` while another container
 *    is running and ready reads `Running` (`NotReady` if the pod's Ready condition is not True);
 * 4. a deletionTimestamp makes it `Terminating`, or `Unknown` when the reason is NodeLost.
 *
 * Fields 1.20 lacks are read as later servers read them: sidecar init containers
 * (`restartPolicy: Always`, 1.28) and scheduling gates (`SchedulingGated`, 1.26). Two later changes
 * alter what 1.20 prints for the same pod and are not followed: from 1.31 a deleted pod that already
 * Succeeded or Failed keeps its status instead of `Terminating`, and from 1.28 an Initialized pod with
 * a sidecar that restarted is judged by its main containers.
 *
 * @example kubectlStatus(pod) // 'Init:1/2'
 */
export function kubectlStatus(pod: V1Pod): string {
  const status: V1PodStatus = pod.status ?? {};
  let reason = status.reason || status.phase || '';
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  const specInits = pod.spec?.initContainers ?? [];
  const sidecars = new Set(specInits.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  let initializing = false;
  for (const [index, init] of (status.initContainerStatuses ?? []).entries()) {
    const terminated = init.state?.terminated;
    const waiting = init.state?.waiting;
    if (terminated !== undefined && terminated.exitCode === 0) continue;
    if (sidecars.has(init.name) && init.started === true) continue;
    if (terminated !== undefined) reason = `Init:${terminatedReason(terminated)}`;
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`;
    else reason = `Init:${index}/${specInits.length}`;
    initializing = true;
    break;
  }

  // The Initialized shortcut came with sidecars; without one, 1.20's rule applies unchanged.
  if (!initializing || (sidecars.size > 0 && hasTrueCondition(status, 'Initialized'))) {
    let hasRunning = false;
    const containers = status.containerStatuses ?? [];
    for (let i = containers.length - 1; i >= 0; i--) {
      const state = containers[i]!.state;
      if (state?.waiting?.reason) reason = state.waiting.reason;
      else if (state?.terminated !== undefined) reason = terminatedReason(state.terminated);
      else if (containers[i]!.ready && state?.running !== undefined) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) reason = hasTrueCondition(status, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp != null) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

/** The reason, else `Signal:N`, else `ExitCode:N`. */
function terminatedReason(terminated: V1ContainerStateTerminated): string {
  if (terminated.reason) return terminated.reason;
  return terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
}

function hasTrueCondition(status: V1PodStatus, type: string): boolean {
  return status.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}
