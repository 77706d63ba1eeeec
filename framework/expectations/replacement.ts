import type { V1Pod } from '@kubernetes/client-node';
import type { ExpectationPlugin } from './expectation.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import type { PodRecord } from '../observe/cluster-view.js';
import { kubectlStatus } from '../observe/kubectl-status.js';
import { controllerOf, describeController } from '../observe/owners.js';
import { isPodReady, podName, targeted } from '../observe/target-pods.js';

export interface ReplacementSpec {
  /** The controller's pods, by its selector: `app=web`. */
  target: TargetSpec;
  /** At least this many target pods must have gone (deleted or Terminating) since the window began; default 1. */
  count?: number;
  /** The replacements must be Ready too, not only Running. */
  ready?: boolean;
  /** Each replacement must run on another node than the pod it replaces (a lost or drained node's pods). */
  elsewhere?: boolean;
}

/**
 * A controller replaced the pods that went away (C1): for every target pod deleted or turned
 * Terminating since the evidence window began, a new pod (first seen after that, another uid: a
 * StatefulSet reuses the name) with the same controller ownerReference exists, is not Terminating,
 * and is in phase Running (and Ready, with `ready: true`). Each new pod replaces one old pod only.
 * A gone pod without a controller can never be replaced: the expectation fails at once.
 */
export const replacement: ExpectationPlugin<ReplacementSpec, 'replacement'> = {
  kind: 'replacement',
  schema: {
    type: 'object',
    description: "A controller replaced each target pod deleted or turned Terminating since the fault: a new pod it owns is Running.",
    required: ['target'],
    properties: {
      target: TARGET_SCHEMA,
      count: { type: 'integer', minimum: 1, description: 'At least this many target pods must have gone and been replaced (default 1).' },
      ready: { type: 'boolean', description: 'The replacements must also be Ready (default false: Running is enough).' },
      elsewhere: { type: 'boolean', description: 'Each replacement must run on another node than the pod it replaces (default false).' },
    },
  },
  describe(spec) {
    const count = spec.count ?? 1;
    const what = count === 1 ? 'a deleted pod' : `${count} deleted pods`;
    return `${what} among ${resolveTarget(spec.target).text} replaced by ${spec.ready ? 'Ready' : 'Running'} new pods of the same controller${spec.elsewhere ? ' on other nodes' : ''}`;
  },
  validate: (spec) => targetProblems(spec.target),
  check(view, spec, context) {
    const target = resolveTarget(spec.target);
    const gone = targeted(view.allPods, target)
      .map((record) => ({ record, from: record.terminatingSeenPosition ?? record.deletedPosition }))
      .filter((g): g is { record: PodRecord; from: number } => g.from !== undefined && g.from >= context.since.position)
      .sort((a, b) => a.from - b.from);
    const wanted = spec.count ?? 1;
    if (gone.length === 0) {
      const present = targeted(view.pods, target).map((r) => podName(r.pod)).join(', ') || 'none';
      return { holds: false, observed: `no pod of ${target.text} was deleted or turned Terminating since the window began (present: ${present})` };
    }
    const goneUids = new Set(gone.map((g) => uidOf(g.record.pod)));
    const taken = new Set<string>();
    const lines: string[] = [];
    let replaced = 0;
    let impossible: string | undefined;
    for (const { record, from } of gone) {
      const old = podName(record.pod);
      const controller = controllerOf(record.pod);
      if (controller === undefined) {
        lines.push(`${old} (no controller) → none`);
        impossible ??= `pod ${old} has no controller ownerReference: nothing replaces it`;
        continue;
      }
      const candidates = view.pods
        .filter((r) => !goneUids.has(uidOf(r.pod)) && !taken.has(uidOf(r.pod)) && r.pod.metadata?.deletionTimestamp == null
          && controllerOf(r.pod)?.uid === controller.uid && r.firstSeenPosition > from
          && (spec.elsewhere !== true || isOnAnotherNode(r.pod, record.pod)))
        .sort((a, b) => a.firstSeenPosition - b.firstSeenPosition);
      const up = candidates.find((r) => isUp(r.pod, spec.ready === true));
      const chosen = up ?? candidates[0];
      if (chosen) taken.add(uidOf(chosen.pod));
      if (up) replaced++;
      const where = (pod: V1Pod) => (spec.elsewhere ? ` on ${pod.spec?.nodeName || 'no node yet'}` : '');
      lines.push(`${old}${where(record.pod)} (${describeController(controller)}) → ${chosen ? `${podName(chosen.pod)}${where(chosen.pod)} (${stateOf(chosen.pod)})` : 'none yet'}`);
    }
    const shortfall = gone.length < wanted ? `; ${gone.length} of the ${wanted} pods wanted have gone` : '';
    const observed = `${lines.join('; ')}${shortfall}`;
    if (impossible !== undefined) return { holds: false, observed, impossible };
    return { holds: replaced === gone.length && gone.length >= wanted, observed };
  },
};

/** Bound to a node, and not the one `old` was on. */
function isOnAnotherNode(pod: V1Pod, old: V1Pod): boolean {
  const node = pod.spec?.nodeName;
  return node !== undefined && node !== '' && node !== old.spec?.nodeName;
}

function isUp(pod: V1Pod, ready: boolean): boolean {
  return pod.status?.phase === 'Running' && (!ready || isPodReady(pod));
}

/** `Running, Ready` or `ContainerCreating, not Ready`: kubectl's STATUS and READY. */
function stateOf(pod: V1Pod): string {
  return `${kubectlStatus(pod)}, ${isPodReady(pod) ? 'Ready' : 'not Ready'}`;
}

function uidOf(pod: V1Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}
