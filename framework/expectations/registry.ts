import type { ExpectationPlugin } from './expectation.js';
import { endpoints, type EndpointsSpec } from './endpoints.js';
import { event, type EventSpec } from './event.js';
import { ready, type ReadySpec } from './ready.js';
import { restarts, type RestartsSpec } from './restarts.js';
import { terminated, type TerminatedSpec } from './terminated.js';
import { terminating, type TerminatingSpec } from './terminating.js';
import { waiting, type WaitingSpec } from './waiting.js';

/** Every expectation kind and the spec it takes. Adding a kind here without a plugin is a compile error. */
export interface ExpectationSpecs {
  restarts: RestartsSpec;
  waiting: WaitingSpec;
  terminated: TerminatedSpec;
  ready: ReadySpec;
  endpoints: EndpointsSpec;
  terminating: TerminatingSpec;
  event: EventSpec;
}

export type ExpectationKind = keyof ExpectationSpecs;

export const expectationPlugins: { readonly [K in ExpectationKind]: ExpectationPlugin<ExpectationSpecs[K], K> } = {
  restarts, waiting, terminated, ready, endpoints, terminating, event,
};

export const EXPECTATION_KINDS = Object.keys(expectationPlugins) as ExpectationKind[];

export function expectationPlugin<K extends ExpectationKind>(kind: K): ExpectationPlugin<ExpectationSpecs[K], K> {
  return expectationPlugins[kind];
}
