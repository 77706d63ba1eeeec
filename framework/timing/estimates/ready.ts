import type { ReadySpec } from '../../expectations/ready.js';
import { resolveTarget } from '../../model/target.js';
import { pickTemplate, type Estimator } from './estimate.js';
import { readyAfterNodeFault } from './node-ready.js';
import { readinessTiming } from './readiness.js';

/** `ready`: NotReady after a fault that breaks a readiness probe, or a node loss; Ready after one that mends it, or once the probe first passes. */
export const readyEstimate: Estimator<ReadySpec> = (spec, context) => {
  if (context.cause.kind === 'fault' && context.cause.node !== undefined) return readyAfterNodeFault(spec, context);
  const wanted = spec.status ?? true;
  const quantifier = resolveTarget(spec.target).match ?? (!wanted || spec.count !== undefined ? 'any' : 'all');
  const picked = pickTemplate(spec.target, context, quantifier);
  if ('unknown' in picked) return picked;
  const timing = readinessTiming(picked, context, wanted ? 'gained' : 'lost');
  if ('unknown' in timing) return timing;
  return {
    estimate: {
      outcome: wanted ? 'Ready' : 'NotReady', range: timing.change.ready, measures: 'moment',
      rule: timing.rule, assumptions: timing.assumptions, template: picked.template,
    },
  };
};
