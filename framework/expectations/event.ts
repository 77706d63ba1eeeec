import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { ExpectationPlugin } from './expectation.js';
import { textMatcher } from '../model/text-pattern.js';
import { summarizeEvent } from '../report/timeline-text.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type Target, type TargetSpec } from '../model/target.js';
import { occurrencesSince } from '../observe/cluster-view.js';
import { isTargeted } from '../observe/target-pods.js';

export interface EventSpec {
  reason?: string;
  /** A substring of the message, or a regular expression written `/.../flags`. */
  message?: string;
  type?: 'Normal' | 'Warning';
  /** Only events about these pods (kubectl describe's Events section). */
  target?: TargetSpec;
  /** At least this many occurrences, summing the events' `count` (kubectl's "x3"). Default 1. */
  count?: number;
}

/**
 * A Kubernetes Event observed since the step's evidence window began (the fault step before it),
 * matched on reason, message and type. Observation time is Faultline's, so clock skew between
 * this machine and the API server cannot hide or invent an event.
 */
export const event: ExpectationPlugin<EventSpec, 'event'> = {
  kind: 'event',
  schema: {
    type: 'object',
    description: 'A Kubernetes Event, as kubectl describe lists them.',
    anyOf: [{ required: ['reason'] }, { required: ['message'] }],
    properties: {
      reason: { type: 'string', minLength: 1, description: 'Event reason, e.g. Unhealthy, Killing, BackOff.' },
      message: { type: 'string', minLength: 1, description: 'Substring of the message, or /regular expression/.' },
      type: { enum: ['Normal', 'Warning'], description: 'Event type: Normal or Warning.' },
      target: TARGET_SCHEMA,
      count: { type: 'integer', minimum: 1, description: 'At least this many occurrences (sum of the events\' count).' },
    },
  },
  describe(spec) {
    const parts = [spec.type, spec.reason, spec.message && `"${spec.message}"`].filter(Boolean).join(' ');
    const about = spec.target === undefined ? '' : ` about ${resolveTarget(spec.target).text}`;
    return `event ${parts}${about}${(spec.count ?? 1) > 1 ? ` x${spec.count}` : ''}`;
  },
  validate(spec) {
    const problems = spec.target === undefined ? [] : targetProblems(spec.target);
    try {
      textMatcher(spec.message);
    } catch (error) {
      problems.push({ path: 'message', message: (error as Error).message });
    }
    return problems;
  },
  check(view, spec, context) {
    const matchesMessage = textMatcher(spec.message);
    const target = spec.target === undefined ? undefined : resolveTarget(spec.target);
    const podsByName = new Map(view.allPods.map((record) => [record.pod.metadata?.name, record.pod]));
    const recentObserved = view.events.filter((observed) => observed.seenPosition >= context.since.position);
    const matchingObserved = recentObserved.filter(({ event: e }) => (spec.reason === undefined || e.reason === spec.reason)
      && (spec.type === undefined || e.type === spec.type)
      && matchesMessage(e.message ?? '')
      && (target === undefined || isAbout(e, target, podsByName)));
    const recent = recentObserved.map((observed) => observed.event);
    const matching = matchingObserved.map((observed) => observed.event);
    // Occurrences before the window (an event whose count was already 2) do not count.
    const occurrences = matchingObserved.reduce((sum, observed) => sum + occurrencesSince(observed, context.since.position), 0);
    const wanted = spec.count ?? 1;
    const observed = matching.length > 0
      ? `${occurrences} matching: ${matching.slice(-3).map(summarizeEvent).join(' | ')}`
      : `no matching event; ${recent.length} event(s) since the window began${recent.length > 0 ? `, latest: ${recent.slice(-3).map(summarizeEvent).join(' | ')}` : ''}`;
    return { holds: occurrences >= wanted, observed };
  },
};

function isAbout(e: CoreV1Event, target: Target, pods: ReadonlyMap<string | undefined, V1Pod>): boolean {
  if (e.involvedObject?.kind !== 'Pod') return false;
  const pod = pods.get(e.involvedObject.name);
  return pod !== undefined && isTargeted(pod, target);
}
