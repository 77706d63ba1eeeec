import { describeWindow } from '../model/window.js';
import { FAULT_PROOF_ALLOWANCE_MS } from './kubelet-constants.js';
import type { ExpectationTiming } from './scenario-timing.js';
import { formatSeconds } from './time-range.js';

/**
 * Why an expectation's `within` window can never be met, or undefined when it can (or when Faultline
 * cannot tell). Only the earliest time is used, which the kubelet cannot beat, and only when the cause
 * sits right at the window's start: the fault step just before (less the moments its proof takes after
 * the effect), or the containers' start in the scenario's first step. After other steps the window opens
 * an unknown time after the cause, and nothing is claimed.
 *
 * @example
 * neverMet(timingOf('restarts within 5s after a rename that breaks a liveness probe (period 3s, threshold 3)'))
 * // => 'restarts within 5s can never be met: a liveness probe with periodSeconds 3 and failureThreshold 3 kills the
 * //     container 6–11s after the rename (step 2), so restartCount 1 comes no sooner than 6s after it (experiments.md, "Timing rules (kubelet)")'
 */
export function neverMet(timing: ExpectationTiming): string | undefined {
  const { use, result, anchor } = timing;
  if (!('estimate' in result) || use.window.mode !== 'within') return undefined;
  const allowance = anchor === 'fault-just-before' ? FAULT_PROOF_ALLOWANCE_MS : anchor === 'cause-after-step-start' ? 0 : undefined;
  const { estimate } = result;
  if (allowance === undefined || use.window.ms >= estimate.range.earliestMs - allowance) return undefined;
  const earliest = formatSeconds(estimate.range.earliestMs);
  const consequence = estimate.measures === 'duration'
    ? `so the pod goes no sooner than ${earliest} after it`
    : anchor === 'fault-just-before'
      ? `so ${estimate.outcome} comes no sooner than ${earliest} after it`
      : `so ${estimate.outcome} comes no sooner than ${earliest} after the container starts, which is after this step begins`;
  return `${use.kind} ${describeWindow(use.window)} can never be met: ${estimate.rule}, ${consequence} (experiments.md, "Timing rules (kubelet)")`;
}
