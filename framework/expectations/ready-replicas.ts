import type { ExpectationPlugin } from './expectation.js';
import { describeWorkload, WORKLOAD_KINDS, type WorkloadKind } from '../observe/workloads.js';

export interface ReadyReplicasSpec {
  /** The workload: `{ kind: ReplicaSet, name: web }`. */
  object: { kind: WorkloadKind; name: string };
  /** status.readyReplicas equals this. */
  equals?: number;
  /** status.readyReplicas is at least this. */
  atLeast?: number;
  /** status.replicas (kubectl's CURRENT) equals this. */
  replicas?: number;
}

/**
 * A controller's ready count (kubectl get rs: READY), from its observed status.readyReplicas (a
 * missing count is 0), and optionally its current count, status.replicas: `equals: 3, replicas: 3`
 * after a replaced pod is Ready again (C1), or while scaling (C3). Fails at once when the run cannot
 * watch that kind (RBAC, or a server that does not serve it).
 */
export const readyReplicas: ExpectationPlugin<ReadyReplicasSpec, 'readyReplicas'> = {
  kind: 'readyReplicas',
  schema: {
    type: 'object',
    description: "A Deployment's, ReplicaSet's, StatefulSet's or ReplicationController's status.readyReplicas (kubectl get: READY), and optionally status.replicas.",
    required: ['object'],
    anyOf: [{ required: ['equals'] }, { required: ['atLeast'] }, { required: ['replicas'] }],
    properties: {
      object: {
        type: 'object',
        description: 'The workload, by kind and name.',
        required: ['kind', 'name'],
        additionalProperties: false,
        properties: {
          kind: { enum: [...WORKLOAD_KINDS], description: 'Deployment, ReplicaSet, StatefulSet or ReplicationController.' },
          name: { type: 'string', minLength: 1, description: 'Its name.' },
        },
      },
      equals: { type: 'integer', minimum: 0, description: 'Met while status.readyReplicas equals this.' },
      atLeast: { type: 'integer', minimum: 0, description: 'Met while status.readyReplicas is at least this.' },
      replicas: { type: 'integer', minimum: 0, description: 'Met while status.replicas (kubectl: CURRENT) equals this too.' },
    },
  },
  describe(spec) {
    const conditions = [
      spec.equals !== undefined && `readyReplicas == ${spec.equals}`,
      spec.atLeast !== undefined && `readyReplicas >= ${spec.atLeast}`,
      spec.replicas !== undefined && `replicas == ${spec.replicas}`,
    ].filter(Boolean);
    return `${spec.object.kind} ${spec.object.name} ${conditions.join(', ')}`;
  },
  validate(spec) {
    return spec.equals !== undefined && spec.atLeast !== undefined
      ? [{ path: 'atLeast', message: 'give equals or atLeast, not both' }]
      : [];
  },
  check(view, spec) {
    const { kind, name } = spec.object;
    const record = view.workload(kind, name);
    if (record === undefined) {
      const unobserved = view.unobservedReason(kind);
      const present = view.workloads.filter((w) => w.kind === kind).map((w) => w.name).join(', ');
      const observed = `no ${kind} ${name} observed${present ? ` (${kind}s present: ${present})` : ''}`;
      return unobserved === undefined ? { holds: false, observed } : { holds: false, observed, impossible: unobserved };
    }
    const holds = (spec.equals === undefined || record.readyReplicas === spec.equals)
      && (spec.atLeast === undefined || record.readyReplicas >= spec.atLeast)
      && (spec.replicas === undefined || record.replicas === spec.replicas);
    return { holds, observed: describeWorkload(record) };
  },
};
