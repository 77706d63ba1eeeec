import type { TerminatingSpec } from '../../expectations/terminating.js';
import { ASSUMPTIONS } from '../assumptions.js';
import { containerProfile } from '../container-profile.js';
import { terminatingDuration } from '../terminating-duration.js';
import { later } from '../time-range.js';
import { knownEffect, pickTemplate, unknown, type Estimator } from './estimate.js';

/**
 * `terminating`: how long a pod deleted by the fault before stays Terminating. With several containers,
 * the slowest to stop decides.
 */
export const terminatingEstimate: Estimator<TerminatingSpec> = (spec, context) => {
  const { cause } = context;
  if (cause.kind === 'unknown') return unknown(cause.why);
  if (cause.kind === 'start') return unknown('no fault deleted a pod before this step');
  const picked = pickTemplate(spec.target, context, 'any');
  if ('unknown' in picked) return picked;
  const known = knownEffect(cause, picked);
  if ('unknown' in known) return known;
  const deletion = known.effect.deletion;
  if (!deletion) return unknown(`${cause.name} deletes no pod`);
  const durations = picked.template.containerNames
    .flatMap((name) => {
      const profile = containerProfile(picked.template.podSpec, name);
      return profile ? [terminatingDuration(profile, deletion.gracePeriodMs)] : [];
    });
  const slowest = durations.reduce((a, b) => (b.range.latestMs > a.range.latestMs ? b : a));
  return {
    estimate: {
      outcome: 'Terminating', measures: 'duration', template: picked.template,
      range: durations.map((d) => d.range).reduce(later),
      rule: slowest.rule,
      assumptions: [...(picked.container.preStop.kind === 'none' ? [ASSUMPTIONS.promptStop] : []), ASSUMPTIONS.statusSync, ASSUMPTIONS.notOverloaded],
    },
  };
};
