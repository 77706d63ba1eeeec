import type { ExpectationPlugin } from './expectation.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';
import { describeNoMatch, podName, targeted, targetPods } from '../observe/target-pods.js';

export interface EndpointsSpec {
  /** The Service's name. */
  service: string;
  /** The pods whose IPs are judged; without it, the Service's ready addresses as a whole. */
  target?: TargetSpec;
  /** true: in the Service's ready endpoints; false: not in them. */
  present: boolean;
}

/**
 * Membership of pod IPs in a Service's ready endpoints (EndpointSlices, or Endpoints on clusters
 * without them). Without a target: present means at least one ready address, absent means none.
 */
export const endpoints: ExpectationPlugin<EndpointsSpec, 'endpoints'> = {
  kind: 'endpoints',
  schema: {
    type: 'object',
    description: "Whether pod IPs are among a Service's ready endpoints.",
    required: ['service', 'present'],
    properties: {
      service: { type: 'string', minLength: 1, description: 'The Service name.' },
      target: TARGET_SCHEMA,
      present: { type: 'boolean', description: 'true: in the ready endpoints; false: not in them.' },
    },
  },
  describe(spec) {
    const who = spec.target === undefined ? 'any address' : `the IPs of ${resolveTarget(spec.target).text}`;
    return `${who} ${spec.present ? 'in' : 'absent from'} the ready endpoints of service ${spec.service}`;
  },
  validate: (spec) => (spec.target === undefined ? [] : targetProblems(spec.target)),
  check(view, spec) {
    const endpoints = view.endpointsOf(spec.service);
    const ready = endpoints?.ready ?? new Set<string>();
    const addresses = `ready [${[...ready].sort().join(', ')}], not ready [${[...(endpoints?.notReady ?? [])].sort().join(', ')}]`;
    const observedService = endpoints === undefined ? `no endpoints observed for service ${spec.service}` : `service ${spec.service}: ${addresses}`;
    if (spec.target === undefined) {
      return { holds: spec.present ? ready.size > 0 : ready.size === 0, observed: observedService };
    }
    const target = resolveTarget(spec.target);
    // "absent" must not pass because a typo in the selector matched nothing.
    if (targeted(view.allPods, target).length === 0) return { holds: false, observed: `${observedService}; ${describeNoMatch(view, target)}` };
    const pods = targetPods(view, target).map(({ pod }) => ({ name: podName(pod), ip: pod.status?.podIP }));
    const withIp = pods.filter((p): p is { name: string; ip: string } => p.ip !== undefined);
    const podsText = pods.map((p) => `${p.name} ${p.ip ?? '(no IP yet)'}`).join(', ') || `no pod matches ${target.text}`;
    const observed = `${observedService}; target pods: ${podsText}`;
    if (spec.present) {
      const quantifier = target.match ?? 'all';
      const inside = withIp.filter((p) => ready.has(p.ip)).length;
      return { holds: withIp.length > 0 && (quantifier === 'all' ? inside === pods.length : inside > 0), observed };
    }
    return { holds: withIp.every((p) => !ready.has(p.ip)), observed };
  },
};
