import type { RestartsSpec } from '../../expectations/restarts.js';
import { resolveTarget } from '../../model/target.js';
import { ASSUMPTIONS, type Assumption } from '../assumptions.js';
import { probeOf } from '../fault-effects.js';
import { BACK_OFF_RETRY, CONTAINER_START } from '../kubelet-constants.js';
import { livenessKillAfterMoment, probeKillFromStart } from '../probe-kill.js';
import { backOffDelayMs, crashLoop } from '../restart-backoff.js';
import { formatSpan, timeRange, type TimeRange } from '../time-range.js';
import { causeWords, knownEffect, pickTemplate, unknown, type EstimateContext, type EstimateResult, type Estimator, type Picked } from './estimate.js';

/** `restarts atLeast n` (or `exactly n`): when restartCount reaches n. */
export const restartsEstimate: Estimator<RestartsSpec> = (spec, context) => {
  const n = spec.atLeast ?? spec.exactly;
  if (n === undefined) return unknown('"atMost" holds from the start unless restarts come');
  if (n === 0) return unknown('restartCount 0 holds from the start');
  const quantifier = resolveTarget(spec.target).match ?? (spec.atLeast !== undefined ? 'any' : 'all');
  const picked = pickTemplate(spec.target, context, quantifier);
  if ('unknown' in picked) return picked;
  return restartEstimate(n, picked, context, `restartCount ${n}`);
};

/**
 * When the picked container's restartCount reaches `n`: after a fault that breaks its liveness probe (the
 * next restart), or, with no fault before, from a liveness or startup probe failing from the start
 * (restart n of a crash loop).
 */
export function restartEstimate(n: number, picked: Picked, context: EstimateContext, outcome: string): EstimateResult {
  const { template, container } = picked;
  const { cause } = context;
  if (cause.kind === 'unknown') return unknown(cause.why);
  if (container.restartPolicy !== 'Always') return unknown(`restartPolicy ${container.restartPolicy}: restarts depend on how the container exits`);
  if (cause.kind === 'fault') {
    const known = knownEffect(cause, picked);
    if ('unknown' in known) return known;
    const { effect } = known;
    if (effect.container.name !== container.name) return unknown(`${cause.name} acts in container ${effect.container.name}, not ${container.name}`);
    if (!probeOf(effect, 'liveness', 'breaks')) return unknown(`${cause.name} breaks no liveness probe of container ${container.name}`);
    const before = cause.restartsBefore(template, container.name);
    if (before === undefined) return unknown(`restartCount before ${cause.name} is not known`);
    if (n <= before) return unknown(`restartCount was already ${before} before ${cause.name}`);
    if (n > before + 1) {
      return unknown(effect.survivesRestart
        ? 'a crash loop started by a fault is not timed'
        : `the restart undoes ${cause.name} (the new container starts from the image), so restartCount goes to ${before + 1} only`);
    }
    const kill = livenessKillAfterMoment(container)!;
    // A container restarted before may have a back-off entry still running: its next restart can wait for it.
    const range: TimeRange = before === 0 ? kill.restart
      : timeRange(kill.restart.earliestMs, kill.restart.typicalMs, kill.restart.latestMs + backOffDelayMs(before) + BACK_OFF_RETRY.latestMs);
    const assumptions: Assumption[] = [ASSUMPTIONS.probesPassBeforeFault, ASSUMPTIONS.probePhase, ASSUMPTIONS.quickFailure, ASSUMPTIONS.promptStop];
    if (before > 0) assumptions.push(ASSUMPTIONS.kubeletBackOff);
    return { estimate: { outcome, range, measures: 'moment', rule: kill.rule(causeWords(cause)), assumptions: [...assumptions, ASSUMPTIONS.notOverloaded], template } };
  }
  if (container.commandOverridden) return unknown(`container ${container.name} runs its own command, which may exit by itself`);
  const kill = probeKillFromStart(container);
  if (!kill) return unknown(`container ${container.name} has no liveness or startup probe`);
  const range = crashLoop({ lifetime: kill.kill, stop: kill.stop, start: CONTAINER_START }).restart(n);
  const rule = n === 1 ? kill.rule(causeWords(cause))
    : `${kill.rule(causeWords(cause))}, and with the restart back-off restart ${n} comes ${formatSpan(range.earliestMs, range.latestMs)} after it starts`;
  return { estimate: { outcome, range, measures: 'moment', rule, assumptions: fromStartAssumptions(picked, n > 1), template } };
}

export function fromStartAssumptions(picked: Picked, backOff: boolean): Assumption[] {
  const { startup, liveness } = picked.container.probes;
  return [
    ASSUMPTIONS.failsFromStart, ASSUMPTIONS.containerStartNotCounted, ASSUMPTIONS.probePhase, ASSUMPTIONS.quickFailure, ASSUMPTIONS.promptStop,
    ...(startup && liveness ? [ASSUMPTIONS.startupAnswersAtOnce] : []),
    ...(backOff ? [ASSUMPTIONS.kubeletBackOff] : []),
    ASSUMPTIONS.notOverloaded,
  ];
}
