import type { V1Pod } from '@kubernetes/client-node';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import type { ClusterView } from '../observe/cluster-view.js';
import { FaultNotEffectiveError, type FaultPlugin } from './fault.js';
import { onExistingObject } from './object-ref.js';
import { pickPods } from './pick-pods.js';

export interface LabelSpec {
  target: TargetSpec;
  /** Labels to add or change. */
  set?: Record<string, string>;
  /** Label keys to remove. */
  remove?: string[];
}

/** How long the watch may take to show the new labels before the fault is judged not to have happened. */
const PROOF_TIMEOUT_MS = 30_000;

/**
 * Relabels pods, as `kubectl label pod` does: e.g. out of their controller's selector, which then
 * makes a replacement and lets the relabelled pod go (C2). Proves it from the watch: the pod shows
 * the new labels.
 */
export const label: FaultPlugin<LabelSpec, 'label'> = {
  kind: 'label',
  schema: {
    type: 'object',
    description: 'Set or remove labels of pods (kubectl label pod), e.g. to take a pod out of its controller\'s selector.',
    required: ['target'],
    properties: {
      target: TARGET_SCHEMA,
      set: {
        type: 'object',
        minProperties: 1,
        additionalProperties: { type: 'string' },
        description: 'Labels to add or change, e.g. { app: web-debug }. Quote values YAML would read as numbers or booleans.',
      },
      remove: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', minLength: 1 },
        description: 'Label keys to remove, e.g. [app].',
      },
    },
  },
  describe: (spec) => `relabel ${resolveTarget(spec.target).text}: ${describeChange(spec)}`,
  validate(spec) {
    const problems = targetProblems(spec.target);
    if (spec.set === undefined && spec.remove === undefined) {
      problems.push({ path: '', message: 'give "set" (labels to add or change) or "remove" (keys to remove), or both' });
    }
    for (const [key, value] of Object.entries(spec.set ?? {})) {
      const keyProblem = labelKeyProblem(key);
      // A key with "." or "/" would read as a path: point at the mapping instead.
      const at = /^[\w-]+$/.test(key) ? `set/${key}` : 'set';
      if (keyProblem !== undefined) problems.push({ path: 'set', message: keyProblem });
      else if (!isLabelValue(value)) problems.push({ path: at, message: `"${value}" is not a valid value for label ${key} (at most 63 characters: letters, digits, "-", "_", ".", starting and ending with a letter or digit)` });
    }
    (spec.remove ?? []).forEach((key, index) => {
      const keyProblem = labelKeyProblem(key);
      if (keyProblem !== undefined) problems.push({ path: `remove[${index}]`, message: keyProblem });
      else if (spec.set?.[key] !== undefined) problems.push({ path: `remove[${index}]`, message: `"${key}" is both set and removed; do one or the other` });
      else if (spec.remove!.indexOf(key) < index) problems.push({ path: `remove[${index}]`, message: `"${key}" is listed twice` });
    });
    return problems;
  },
  async inject(context, spec) {
    const { pods } = pickPods(context, spec.target);
    const labels: Record<string, string | null> = { ...spec.set };
    for (const key of spec.remove ?? []) labels[key] = null;
    for (const picked of pods) {
      const ref = { apiVersion: 'v1', kind: 'Pod', name: picked.name };
      await onExistingObject(ref, context.namespace,
        () => context.cluster.patchObject(context.namespace, ref, { metadata: { labels } }, 'merge', context.signal));
    }
    const uids = pods.map((picked) => picked.pod.metadata?.uid);
    const relabelled = (view: ClusterView): boolean => uids.every((uid) => {
      const record = view.allPods.find((r) => r.pod.metadata?.uid === uid);
      return record !== undefined && hasLabels(record.pod, spec);
    });
    const seen = await context.waitFor(relabelled, PROOF_TIMEOUT_MS);
    if (!seen) {
      const last = pods.map((picked) => {
        const record = context.view().allPods.find((r) => r.pod.metadata?.uid === picked.pod.metadata?.uid);
        return `${picked.name}: ${describeLabels(record?.pod)}`;
      });
      throw new FaultNotEffectiveError(
        `the API server accepted the new labels of ${pods.map((p) => p.name).join(', ')} (${describeChange(spec)}), `
        + `but no watch event showed them within ${PROOF_TIMEOUT_MS / 1000}s; last seen labels: ${last.join('; ')}`,
      );
    }
    return { summary: `relabelled ${pods.map((p) => p.name).join(', ')}: ${describeChange(spec)} (seen on the watch)`, pods: pods.map((p) => p.name) };
  },
};

function hasLabels(pod: V1Pod, spec: LabelSpec): boolean {
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(spec.set ?? {}).every(([key, value]) => labels[key] === value)
    && (spec.remove ?? []).every((key) => labels[key] === undefined);
}

/** `set app=web-debug, removed tier` */
function describeChange(spec: LabelSpec): string {
  const set = Object.entries(spec.set ?? {}).map(([key, value]) => `${key}=${value}`);
  return [
    ...(set.length > 0 ? [`set ${set.join(', ')}`] : []),
    ...((spec.remove ?? []).length > 0 ? [`removed ${spec.remove!.join(', ')}`] : []),
  ].join(', ');
}

function describeLabels(pod: V1Pod | undefined): string {
  if (pod === undefined) return 'not seen';
  const entries = Object.entries(pod.metadata?.labels ?? {});
  return entries.length === 0 ? 'none' : entries.map(([key, value]) => `${key}=${value}`).join(', ');
}

// Label syntax, as the API server checks it: a key is `[prefix/]name`, the prefix a DNS subdomain.
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  const valid = (prefix === undefined || (PREFIX.test(prefix) && prefix.length <= 253)) && NAME.test(name) && name.length <= 63;
  return valid ? undefined : `"${key}" is not a valid label key (expected e.g. "app" or "example.com/tier")`;
}

function isLabelValue(value: string): boolean {
  return value === '' || (NAME.test(value) && value.length <= 63);
}
