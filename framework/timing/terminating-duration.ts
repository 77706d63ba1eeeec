import type { ContainerProfile } from './container-profile.js';
import { containerStop } from './container-stop.js';
import { STATUS_SYNC } from './kubelet-constants.js';
import { formatSeconds, formatSpan, plus, timeRange, type TimeRange } from './time-range.js';

/** How long a deleted pod stays Terminating, and why. */
export interface TerminatingDuration {
  readonly range: TimeRange;
  /** `a preStop hook that outlasts the 20s grace period keeps the pod Terminating 20–32s`. */
  readonly rule: string;
}

/**
 * From a pod's deletion (deletionTimestamp set, kubectl's STATUS Terminating) to its object's removal:
 * the container's stop (preStop hook, then the stop signal, SIGKILL when the grace period ends), then the
 * kubelet's next status sync. So at least min(preStop, grace period), and about grace period + status
 * sync at most: ~10 s more on kubelet 1.20 with syncFrequency 10 s. The local cluster showed ~30 s for a
 * 20 s grace period with a never-ending preStop, and over 40 s under load (ASSUMPTIONS.statusSync).
 * `gracePeriodMs` overrides the pod's, as `kubectl delete --grace-period` does; 0 removes the object at once.
 *
 * @example terminatingDuration(webWithSleepForever).range // grace 20s => { earliestMs: 20000, typicalMs: 30000, latestMs: 32000 }
 */
export function terminatingDuration(profile: ContainerProfile, gracePeriodMs = profile.gracePeriodMs): TerminatingDuration {
  const grace = formatSeconds(gracePeriodMs);
  if (gracePeriodMs === 0) return { range: timeRange(0, 0, 1_000), rule: 'a deletion with grace period 0 removes the pod at once' };
  const range = plus(containerStop(profile, gracePeriodMs), STATUS_SYNC);
  const span = formatSpan(range.earliestMs, range.latestMs);
  const preStop = profile.preStop;
  switch (preStop.kind) {
    case 'none':
      return { range, rule: `without a preStop hook the pod stays Terminating ${span}: its container's stop, then the kubelet's status sync (grace period ${grace})` };
    case 'sleep':
      return {
        range,
        rule: preStop.ms >= gracePeriodMs
          ? `a preStop hook that outlasts the ${grace} grace period keeps the pod Terminating ${span}`
          : `a preStop hook of ${formatSeconds(preStop.ms)} keeps the pod Terminating ${span}`,
      };
    case 'unknown':
      return { range, rule: `a preStop hook (${preStop.text}) may keep the pod Terminating for up to its ${grace} grace period: ${span}` };
  }
}
