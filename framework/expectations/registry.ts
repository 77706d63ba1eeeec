import type { ExpectationPlugin } from './expectation.js';
import type { ExpectationUse } from '../model/scenario.js';
import { describeWindow } from '../model/window.js';
import { condition, type ConditionSpec } from './condition.js';
import { endpoints, type EndpointsSpec } from './endpoints.js';
import { event, type EventSpec } from './event.js';
import { evicted, type EvictedSpec } from './evicted.js';
import { http, type HttpSpec } from './http.js';
import { nodeCondition, type NodeConditionSpec } from './node-condition.js';
import { nodeTaint, type NodeTaintSpec } from './node-taint.js';
import { orphaned, type OrphanedSpec } from './orphaned.js';
import { phase, type PhaseSpec } from './phase.js';
import { podStatus, type PodStatusSpec } from './pod-status.js';
import { ready, type ReadySpec } from './ready.js';
import { readyReplicas, type ReadyReplicasSpec } from './ready-replicas.js';
import { replacement, type ReplacementSpec } from './replacement.js';
import { restarts, type RestartsSpec } from './restarts.js';
import { sequencePlugin, type SequenceItemPlugins, type SequenceSpec } from './sequence.js';
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
  phase: PhaseSpec;
  condition: ConditionSpec;
  podStatus: PodStatusSpec;
  replacement: ReplacementSpec;
  orphaned: OrphanedSpec;
  readyReplicas: ReadyReplicasSpec;
  http: HttpSpec;
  nodeCondition: NodeConditionSpec;
  nodeTaint: NodeTaintSpec;
  evicted: EvictedSpec;
  sequence: SequenceSpec;
}

export type ExpectationKind = keyof ExpectationSpecs;

/** The kinds a sequence may hold: all but sequence itself. */
const sequenceItems: SequenceItemPlugins = {
  restarts, waiting, terminated, ready, endpoints, terminating, event, phase, condition, podStatus, replacement, orphaned, readyReplicas, http,
  nodeCondition, nodeTaint, evicted,
};

export const expectationPlugins: { readonly [K in ExpectationKind]: ExpectationPlugin<ExpectationSpecs[K], K> } = {
  ...sequenceItems,
  sequence: sequencePlugin(sequenceItems),
};

export const EXPECTATION_KINDS = Object.keys(expectationPlugins) as ExpectationKind[];

export function expectationPlugin<K extends ExpectationKind>(kind: K): ExpectationPlugin<ExpectationSpecs[K], K> {
  return expectationPlugins[kind];
}

/** An expectation as reports and progress lines show it: `restartCount of pods app=web >= 1 within 45s`. */
export function describeExpectation(use: ExpectationUse): string {
  const plugin = expectationPlugins[use.kind] as unknown as ExpectationPlugin<ExpectationSpecs[ExpectationKind]>;
  return `${plugin.describe(use.spec)} ${describeWindow(use.window)}`;
}
