/** Core v1 Events as the kubelet's event recorder writes them, repeats folded into a count. */
import { randomBytes } from 'node:crypto';
import { sameJson } from './patch.js';
import type { ResourceType } from './resources.js';
import { timestamp, type Store } from './store.js';
import type { KubeObject } from './types.js';

export interface EventInput {
  namespace: string;
  involvedObject: { kind: string; name: string; uid?: string; namespace?: string; apiVersion?: string; fieldPath?: string };
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  /** source.component; default 'kubelet'. */
  source?: string;
}

export function recordEvent(store: Store, events: ResourceType, input: EventInput): KubeObject {
  const involvedObject = { namespace: input.namespace, ...input.involvedObject };
  const type = input.type ?? 'Normal';
  const source = { component: input.source ?? 'kubelet' };
  const now = timestamp();
  const repeat = store.list(events, input.namespace).find((e) =>
    sameJson(e['involvedObject'], involvedObject) && sameJson(e['source'], source)
    && e['reason'] === input.reason && e['message'] === input.message && e['type'] === type);
  if (repeat) {
    repeat['count'] = (typeof repeat['count'] === 'number' ? repeat['count'] : 1) + 1;
    repeat['lastTimestamp'] = now;
    return store.replace(events, repeat);
  }
  return store.create(events, {
    apiVersion: 'v1', kind: 'Event',
    // The recorder names an event after its object plus a unique hex suffix.
    metadata: { name: `${input.involvedObject.name}.${randomBytes(8).toString('hex')}`, namespace: input.namespace },
    involvedObject, reason: input.reason, message: input.message, type, source,
    firstTimestamp: now, lastTimestamp: now, count: 1, eventTime: null, reportingComponent: '', reportingInstance: '',
  });
}
