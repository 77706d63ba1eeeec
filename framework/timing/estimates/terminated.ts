import type { TerminatedSpec } from '../../expectations/terminated.js';
import { pickTemplate, unknown, type Estimator } from './estimate.js';
import { restartEstimate } from './restarts.js';

/**
 * `terminated` in the last state (or either state): the first restart gives the container a last state,
 * Terminated with the old container's reason and exit code. The current state is Terminated only
 * between the kill and the restart, which is not timed.
 */
export const terminatedEstimate: Estimator<TerminatedSpec> = (spec, context) => {
  if (spec.state === 'current') return unknown('a current state of Terminated lasts only until the restart, which is not timed');
  const picked = pickTemplate(spec.target, context, 'any');
  if ('unknown' in picked) return picked;
  return restartEstimate(1, picked, context, 'last state Terminated (restartCount 1)');
};
