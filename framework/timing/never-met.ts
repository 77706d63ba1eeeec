import { describeWindow } from '../model/window.js';
import { FAULT_PROOF_ALLOWANCE_MS } from './kubelet-constants.js';
import type { ExpectationTiming } from './scenario-timing.js';
import type { Estimate } from './estimates/estimate.js';
import { formatSeconds } from './time-range.js';

const CONTROL_PLANE_RULES = '(the control plane\'s defaults; experiments.md, "Timing rules (kubelet)", node loss)';

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
  if (use.window.mode !== 'within') return undefined;
  if ('never' in result) return `${use.kind} ${describeWindow(use.window)} can never be met: ${result.never.rule} ${CONTROL_PLANE_RULES}`;
  if (!('estimate' in result)) return undefined;
  if (timing.opensWithinMs !== undefined) return neverMetAfterNodeFault(timing, result.estimate);
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

/**
 * After a node fault the window opens at most `opensWithinMs` after the node change: a node driver's stop
 * may return a few seconds after the node's last heartbeat, and the expect steps since can only run to
 * the end of their windows. So even a step or two after the fault, a window shorter than the earliest
 * time less that can never be met.
 */
function neverMetAfterNodeFault(timing: ExpectationTiming, estimate: Estimate): string | undefined {
  const { use, anchor } = timing;
  const opensWithinMs = timing.opensWithinMs!;
  const earliestAfterStart = estimate.range.earliestMs - opensWithinMs;
  if (use.window.ms >= earliestAfterStart) return undefined;
  const after = `so ${estimate.outcome} comes no sooner than ${formatSeconds(estimate.range.earliestMs)} after it`;
  const since = anchor === 'fault-just-before' ? ''
    : `; the steps since run for at most ${formatSeconds(opensWithinMs)}, so no sooner than ${formatSeconds(earliestAfterStart)} after this step begins`;
  return `${use.kind} ${describeWindow(use.window)} can never be met: ${estimate.rule}, ${after}${since} ${CONTROL_PLANE_RULES}`;
}
