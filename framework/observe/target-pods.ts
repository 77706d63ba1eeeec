import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { matchesSelector } from '../model/label-selector.js';
import type { Target } from '../model/target.js';
import type { ClusterView, PodRecord } from './cluster-view.js';

/** Pods of the view that the target names, present ones only, sorted by name for stable messages. */
export function targetPods(view: ClusterView, target: Target): PodRecord[] {
  return targeted(view.pods, target);
}

/** The records the target names, sorted by name; pass `view.allPods` to include deleted pods. */
export function targeted(records: readonly PodRecord[], target: Target): PodRecord[] {
  return records.filter((record) => isTargeted(record.pod, target)).sort(byName);
}

export function isTargeted(pod: V1Pod, target: Target): boolean {
  if (target.pod !== undefined && pod.metadata?.name !== target.pod) return false;
  if (target.selector !== undefined && !matchesSelector(target.selector, pod.metadata?.labels)) return false;
  return true;
}

/**
 * The status of the target's container in a pod: the named one, else the pod spec's first container
 * (as faults choose it; the kubelet sorts containerStatuses by name, so statuses[0] may be another).
 */
export function containerStatusOf(pod: V1Pod, container?: string): V1ContainerStatus | undefined {
  const name = container ?? pod.spec?.containers[0]?.name;
  const statuses = pod.status?.containerStatuses ?? [];
  return name === undefined ? statuses[0] : statuses.find((status) => status.name === name);
}

export function podName(pod: V1Pod): string {
  return pod.metadata?.name ?? '?';
}

export function isPodReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** `web-7d9` or `web-7d9/web` when the target names a container. */
export function podLabel(pod: V1Pod, container?: string): string {
  return container === undefined ? podName(pod) : `${podName(pod)}/${container}`;
}

/** For "nothing matched" messages: `no pod matches app=web (pods seen: db-0, cache-1)`. */
export function describeNoMatch(view: ClusterView, target: Target): string {
  const names = view.pods.map((record) => podName(record.pod)).sort();
  const wanted = target.pod !== undefined ? `no pod is named ${target.pod}` : `no pod matches ${target.selector?.text ?? ''}`;
  return wanted + (names.length > 0 ? ` (pods present: ${names.join(', ')})` : ' (no pods present)');
}

function byName(a: PodRecord, b: PodRecord): number {
  return podName(a.pod).localeCompare(podName(b.pod));
}

/** `running`, `waiting CrashLoopBackOff`, `terminated Error exit 137`, or `no container status yet`. */
export function describeContainerState(status: V1ContainerStatus | undefined): string {
  const state = status?.state;
  if (state?.running) return 'running';
  if (state?.waiting) return `waiting ${state.waiting.reason ?? ''}`.trimEnd();
  if (state?.terminated) return `terminated ${state.terminated.reason ?? ''} exit ${state.terminated.exitCode}`.replace('  ', ' ');
  return 'no container status yet';
}
