import type { ContainerProfile } from './container-profile.js';
import { ENDPOINTS_UPDATE, READY_CONDITION_UPDATE } from './kubelet-constants.js';
import { failuresSeen, successesSeen, type ProbeStart } from './probe-results.js';
import { formatSpan, plus, type TimeRange } from './time-range.js';

/** A pod's Ready condition changing because of its readiness probe, and its IP following in the endpoints. */
export interface ReadinessChange {
  /** When the pod's Ready condition has changed in the API. */
  readonly ready: TimeRange;
  /** When the pod's IP has left (or joined) its Services' ready endpoints. */
  readonly endpoints: TimeRange;
  /** `a readiness probe with periodSeconds 3 and failureThreshold 3 marks the pod NotReady 6–11s after the rename`. */
  rule(after: string): string;
}

/**
 * A readiness probe broken at a moment (a fault): NotReady once failureThreshold tries in a row have
 * failed, and out of the endpoints right after. The container is not restarted.
 * Undefined when the container has no readiness probe.
 */
export function notReadyAfterMoment(profile: ContainerProfile): ReadinessChange | undefined {
  const readiness = profile.probes.readiness;
  if (!readiness) return undefined;
  const seen = failuresSeen(readiness, { from: 'moment' });
  return change(seen, (span, after) => `a readiness probe with periodSeconds ${readiness.periodMs / 1000} and failureThreshold ${readiness.failureThreshold} marks the pod NotReady ${span} after ${after}`);
}

/**
 * A readiness probe that passes again from a moment (a fault mended), or from the container's start
 * (after initialDelaySeconds, and once a startupProbe has passed): Ready after successThreshold
 * successes in a row. Undefined when the container has no readiness probe.
 */
export function readyAfter(profile: ContainerProfile, from: 'moment' | 'container-start'): ReadinessChange | undefined {
  const readiness = profile.probes.readiness;
  if (!readiness) return undefined;
  const startup = profile.probes.startup;
  const start: ProbeStart = from === 'moment' || !startup
    ? { from }
    : { from, gate: successesSeen(startup, { from: 'container-start' }) };
  const seen = successesSeen(readiness, start);
  const delay = from === 'container-start' && readiness.initialDelayMs > 0 ? `initialDelaySeconds ${readiness.initialDelayMs / 1000}, ` : '';
  return change(seen, (span, after) => `a readiness probe with ${delay}periodSeconds ${readiness.periodMs / 1000} and successThreshold ${readiness.successThreshold} marks the pod Ready ${span} after ${after}`);
}

function change(seen: TimeRange, words: (span: string, after: string) => string): ReadinessChange {
  const ready = plus(seen, READY_CONDITION_UPDATE);
  return { ready, endpoints: plus(ready, ENDPOINTS_UPDATE), rule: (after) => words(formatSpan(seen.earliestMs, seen.latestMs), after) };
}
