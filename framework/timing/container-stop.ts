import type { ContainerProfile } from './container-profile.js';
import { CONTAINER_START, MINIMUM_STOP_GRACE_MS, PROMPT_STOP } from './kubelet-constants.js';
import { plus, timeRange, type TimeRange } from './time-range.js';

/**
 * From the kubelet deciding to stop a container (a liveness kill, a deletion) to the container's exit.
 * The kubelet runs the preStop hook first, for at most the grace period, then sends the stop signal;
 * after a hook it allows at least 2 s more before SIGKILL. Without a hook the process is assumed to
 * exit promptly (ASSUMPTIONS.promptStop); a hook whose length is not known may take the whole grace period.
 *
 * `gracePeriodMs` overrides the pod's (`kubectl delete --grace-period`).
 *
 * @example containerStop(webWithSleepForever) // grace 20s => { earliestMs: 20000, typicalMs: 22000, latestMs: 22000 }
 */
export function containerStop(profile: ContainerProfile, gracePeriodMs = profile.gracePeriodMs): TimeRange {
  const grace = gracePeriodMs;
  const killedBy = grace + MINIMUM_STOP_GRACE_MS;
  switch (profile.preStop.kind) {
    case 'none':
      return timeRange(Math.min(PROMPT_STOP.earliestMs, grace), Math.min(PROMPT_STOP.typicalMs, grace), Math.min(PROMPT_STOP.latestMs, killedBy));
    case 'sleep': {
      const hook = profile.preStop.ms;
      if (hook >= grace) return timeRange(grace, killedBy, killedBy);
      return timeRange(hook, hook + PROMPT_STOP.typicalMs, Math.min(hook + PROMPT_STOP.latestMs, killedBy));
    }
    case 'unknown':
      return timeRange(0, grace, killedBy);
  }
}

/** From a liveness or startup kill to restartCount + 1: the old container stops, the new one starts. */
export function restartOverhead(profile: ContainerProfile): TimeRange {
  return plus(containerStop(profile), CONTAINER_START);
}
