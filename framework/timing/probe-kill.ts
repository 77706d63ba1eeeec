import type { ContainerProfile } from './container-profile.js';
import { containerStop, restartOverhead } from './container-stop.js';
import { failuresSeen, successesSeen } from './probe-results.js';
import type { ProbeSettings } from './probe-settings.js';
import { either, formatSpan, plus, type TimeRange } from './time-range.js';

/** A container killed because a liveness or startup probe failed failureThreshold times. */
export interface ProbeKill {
  /** When the kubelet kills the container (the last failure seen). */
  readonly kill: TimeRange;
  /** When its restartCount has gone up: the old container stopped, the new one started. */
  readonly restart: TimeRange;
  /** The old container's stop, from the kill. */
  readonly stop: TimeRange;
  /** In words, for plans and messages: `a liveness probe with periodSeconds 3 and failureThreshold 3 kills the container 6–11s after the rename`. */
  rule(after: string): string;
}

/**
 * A liveness probe broken at a moment while the container runs (a fault): the container is killed once
 * failureThreshold tries in a row have failed, then restarted in place (restartPolicy Always).
 * Undefined when the container has no liveness probe.
 */
export function livenessKillAfterMoment(profile: ContainerProfile): ProbeKill | undefined {
  const liveness = profile.probes.liveness;
  if (!liveness) return undefined;
  return probeKill(profile, liveness, failuresSeen(liveness, { from: 'moment' }), 'period');
}

/**
 * A probe that fails from the container's start (a path or port that is wrong from the outset):
 * a startupProbe fails failureThreshold times after its initialDelaySeconds; a liveness probe, which
 * runs only once a startupProbe has passed, likewise after its own. When the container has both,
 * either may be the broken one, and the range covers both. Undefined without either probe.
 */
export function probeKillFromStart(profile: ContainerProfile): ProbeKill | undefined {
  const { startup, liveness } = profile.probes;
  const gate = startup ? successesSeen(startup, { from: 'container-start' }) : undefined;
  const viaLiveness = liveness && probeKill(profile, liveness, failuresSeen(liveness, { from: 'container-start', ...(gate && { gate }) }), 'start');
  const viaStartup = startup && probeKill(profile, startup, failuresSeen(startup, { from: 'container-start' }), 'start');
  if (viaStartup && viaLiveness) {
    const kill = either(viaStartup.kill, viaLiveness.kill);
    return {
      kill, restart: plus(kill, restartOverhead(profile)), stop: viaStartup.stop,
      rule: (after) => `the startupProbe or, once that passes, the liveness probe kills the container ${formatSpan(kill.earliestMs, kill.latestMs)} after ${after}`,
    };
  }
  return viaStartup ?? viaLiveness;
}

function probeKill(profile: ContainerProfile, probe: ProbeSettings, kill: TimeRange, counted: 'period' | 'start'): ProbeKill {
  const settings = [
    ...(counted === 'start' && probe.initialDelayMs > 0 ? [`initialDelaySeconds ${probe.initialDelayMs / 1000}`] : []),
    `periodSeconds ${probe.periodMs / 1000}`,
  ];
  const name = probe.kind === 'startup' ? 'startupProbe' : `${probe.kind} probe`;
  return {
    kill,
    restart: plus(kill, restartOverhead(profile)),
    stop: containerStop(profile),
    rule: (after) => `a ${name} with ${settings.join(', ')} and failureThreshold ${probe.failureThreshold} kills the container ${formatSpan(kill.earliestMs, kill.latestMs)} after ${after}`,
  };
}
