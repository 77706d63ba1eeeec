import { ASSUMPTIONS, type Assumption } from '../assumptions.js';
import { probeOf } from '../fault-effects.js';
import { notReadyAfterMoment, readyAfter, type ReadinessChange } from '../readiness-change.js';
import type { TimeRange } from '../time-range.js';
import { causeWords, knownEffect, type EstimateContext, type Picked } from './estimate.js';

export interface ReadinessTiming {
  readonly change: ReadinessChange;
  readonly rule: string;
  readonly assumptions: readonly Assumption[];
}

/**
 * When the picked pods' readiness turns: `lost` after a fault that breaks a readiness probe; `gained` after a
 * fault that mends one it had broken, or, with no fault before, once the readiness probe first passes.
 */
export function readinessTiming(picked: Picked, context: EstimateContext, direction: 'lost' | 'gained'): ReadinessTiming | { readonly unknown: string } {
  const { cause } = context;
  if (cause.kind === 'unknown') return { unknown: cause.why };
  if (cause.kind === 'start') {
    if (direction === 'lost') return { unknown: 'a pod is not Ready until its readiness probe first passes; nothing turns it NotReady later without a fault' };
    const { template, container } = picked;
    if (template.containerNames.length !== 1) return { unknown: `${template.owner} has ${template.containerNames.length} containers; Faultline times Ready for one` };
    const change = readyAfter(container, 'container-start');
    if (!change) return { unknown: `container ${container.name} has no readiness probe: Ready as soon as it runs, and its start is not timed` };
    return {
      change, rule: `${change.rule(causeWords(cause))}, if the probe passes`,
      assumptions: [
        ASSUMPTIONS.readinessPassesFromStart, ASSUMPTIONS.containerStartNotCounted, ASSUMPTIONS.probePhase,
        ...(container.probes.startup ? [ASSUMPTIONS.startupAnswersAtOnce] : []), ASSUMPTIONS.notOverloaded,
      ],
    };
  }
  const known = knownEffect(cause, picked);
  if ('unknown' in known) return known;
  const { effect } = known;
  if (direction === 'lost') {
    if (!probeOf(effect, 'readiness', 'breaks')) {
      return { unknown: `${cause.name} breaks no readiness probe of ${picked.template.owner} (a liveness restart makes a pod NotReady only briefly, if the API sees it at all)` };
    }
    const change = notReadyAfterMoment(effect.container)!;
    const assumptions = [ASSUMPTIONS.probesPassBeforeFault, ASSUMPTIONS.probePhase, ASSUMPTIONS.quickFailure, ASSUMPTIONS.notOverloaded];
    if (cause.readyBefore(picked.template)) return { change, rule: change.rule(causeWords(cause)), assumptions };
    // Pods no step saw Ready may be NotReady already: at once, then.
    const atOnce = (range: TimeRange): TimeRange => ({ ...range, earliestMs: 0 });
    return {
      change: { ...change, ready: atOnce(change.ready), endpoints: atOnce(change.endpoints) },
      rule: `${change.rule(causeWords(cause))}, or at once if it was not Ready yet (no step before saw it Ready)`,
      assumptions,
    };
  }
  if (!effect.container.probes.readiness) return { unknown: `container ${effect.container.name} has no readiness probe: Ready whenever it runs` };
  if (!probeOf(effect, 'readiness', 'mends')) return { unknown: `${cause.name} mends no readiness probe of ${picked.template.owner}` };
  if (!cause.brokenBefore(picked.template, effect.container.name, 'readiness')) return { unknown: `no earlier fault broke the readiness probe that ${cause.name} mends` };
  const change = readyAfter(effect.container, 'moment')!;
  return { change, rule: change.rule(causeWords(cause)), assumptions: [ASSUMPTIONS.probePhase, ASSUMPTIONS.notOverloaded] };
}
