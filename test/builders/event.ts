import type { CoreV1Event } from '@kubernetes/client-node';
import { NAMESPACE, T0, timestamp } from './time.js';

export interface EventShape {
  /** Default: derived from pod, reason and message, so the same occurrence keeps its identity. */
  readonly uid?: string;
  readonly type?: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** The involved object's name; default `web-0`. */
  readonly pod?: string;
  /** The involved object's kind; default Pod. */
  readonly kind?: string;
  /** kubectl's "x3"; default 1. */
  readonly count?: number;
  readonly component?: string;
}

/**
 * A core/v1 Event as the kubelet records it.
 *
 * @example event({ reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 404', count: 3 })
 */
export function event(shape: EventShape): CoreV1Event {
  const pod = shape.pod ?? 'web-0';
  const uid = shape.uid ?? `uid-ev-${pod}-${shape.reason}-${hash(shape.message)}`;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${pod}.${hash(uid)}`, namespace: NAMESPACE, uid, resourceVersion: '2000' },
    involvedObject: {
      apiVersion: 'v1', kind: shape.kind ?? 'Pod', name: pod, namespace: NAMESPACE, uid: `uid-${pod}`,
      ...((shape.kind ?? 'Pod') === 'Pod' && { fieldPath: 'spec.containers{web}' }),
    },
    type: shape.type ?? 'Warning',
    reason: shape.reason,
    message: shape.message,
    count: shape.count ?? 1,
    source: { component: shape.component ?? 'kubelet', host: 'kind-control-plane' },
    firstTimestamp: timestamp(T0),
    lastTimestamp: timestamp(T0),
    reportingComponent: '',
    reportingInstance: '',
  };
}

/** A short hex digest, like the suffix of an Event's name. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The kubelet's messages for the probe experiments, word for word. */
export const MESSAGES = {
  liveness404: 'Liveness probe failed: HTTP probe failed with statuscode: 404',
  readiness404: 'Readiness probe failed: HTTP probe failed with statuscode: 404',
  killing: 'Container web failed liveness probe, will be restarted',
  backOff: 'Back-off restarting failed container',
  pulled: 'Container image "nginx:1.20.2" already present on machine',
} as const;
