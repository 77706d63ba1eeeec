import type { ExpectationKind, ExpectationSpecs } from '../../expectations/registry.js';
import type { EstimateContext, EstimateResult, Estimator } from './estimate.js';
import { endpointsEstimate } from './endpoints.js';
import { evictedEstimate } from './evicted.js';
import { nodeConditionEstimate } from './node-condition.js';
import { nodeTaintEstimate } from './node-taint.js';
import { readyEstimate } from './ready.js';
import { restartsEstimate } from './restarts.js';
import { terminatedEstimate } from './terminated.js';
import { terminatingEstimate } from './terminating.js';
import { waitingEstimate } from './waiting.js';

/**
 * The expectation kinds whose timing follows from the kubelet's rules (and, for node faults, the control plane's). The map is typed over the registry's
 * kinds, but partial by design: a kind without an estimator (events, which the kubelet's spam filter may
 * drop; kinds added later) simply gets no estimate, which is always safe.
 */
const ESTIMATORS: { readonly [K in ExpectationKind]?: Estimator<ExpectationSpecs[K]> } = {
  restarts: restartsEstimate,
  terminated: terminatedEstimate,
  waiting: waitingEstimate,
  ready: readyEstimate,
  endpoints: endpointsEstimate,
  terminating: terminatingEstimate,
  nodeCondition: nodeConditionEstimate,
  nodeTaint: nodeTaintEstimate,
  evicted: evictedEstimate,
};

/** The estimate for one expectation, or why there is none. */
export function estimateExpectation(kind: string, spec: unknown, context: EstimateContext): EstimateResult {
  const estimator = Object.hasOwn(ESTIMATORS, kind) ? (ESTIMATORS as Record<string, Estimator<unknown>>)[kind] : undefined;
  if (!estimator) return { unknown: kind === 'event' ? 'events are not timed (the kubelet\'s spam filter may drop them)' : `${kind} expectations are not timed` };
  if (context.cause.kind === 'unknown') return { unknown: context.cause.why };
  return estimator(spec, context);
}
