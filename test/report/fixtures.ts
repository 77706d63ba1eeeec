import type { CoreV1Event, KubernetesObject, V1ContainerStatus, V1Endpoints, V1Node, V1Pod, V1Taint } from '@kubernetes/client-node';
import type { ScenarioResult, StepOutcome } from '../../framework/engine/scenario-result.js';
import type { Marker, MarkerKind, ObjectChange, ObservedKind, TimelineEntry, WatchVerb } from '../../framework/observe/timeline-entry.js';

/** Hand-made cluster objects and a P1 run (liveness probe on a renamed index.html), as the observer would record them. */

export const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const at = (seconds: number) => T0 + Math.round(seconds * 1000);

export function change(seconds: number, verb: WatchVerb, kind: ObservedKind, object: KubernetesObject): ObjectChange {
  return { type: 'change', at: at(seconds), verb, kind, object };
}

export function marker(seconds: number, kind: MarkerKind, text: string, step?: number): Marker {
  return { type: 'marker', at: at(seconds), marker: kind, text, ...(step !== undefined && { step }) };
}

export interface PodShape {
  readonly name?: string;
  readonly phase?: string;
  readonly ready?: boolean;
  readonly ip?: string;
  readonly terminating?: boolean;
  readonly resourceVersion?: string;
  readonly containers?: readonly V1ContainerStatus[];
  readonly initContainers?: readonly V1ContainerStatus[];
  readonly conditions?: NonNullable<V1Pod['status']>['conditions'];
}

export function pod(shape: PodShape = {}): V1Pod {
  const name = shape.name ?? 'web-7d9c4';
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'faultline-p1', uid: `uid-${name}`, resourceVersion: shape.resourceVersion ?? '100',
      ...(shape.terminating && { deletionTimestamp: new Date(at(60)) }),
    },
    status: {
      phase: shape.phase ?? 'Running',
      conditions: shape.conditions
        ?? (shape.ready === undefined ? [] : [{ type: 'Ready', status: shape.ready ? 'True' : 'False' }]),
      ...(shape.ip && { podIP: shape.ip }),
      ...(shape.containers && { containerStatuses: [...shape.containers] }),
      ...(shape.initContainers && { initContainerStatuses: [...shape.initContainers] }),
    },
  };
}

export function container(name: string, state: V1ContainerStatus['state'], restartCount = 0, lastState?: V1ContainerStatus['lastState']): V1ContainerStatus {
  return { name, image: 'nginx:1.20.2', imageID: '', ready: Boolean(state?.running), restartCount, state, ...(lastState && { lastState }) };
}

export function event(shape: { uid: string; type: string; reason: string; pod: string; message: string; count?: number }): CoreV1Event {
  return {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: `${shape.pod}.${shape.uid}`, namespace: 'faultline-p1', uid: shape.uid },
    involvedObject: { kind: 'Pod', name: shape.pod, namespace: 'faultline-p1' },
    type: shape.type, reason: shape.reason, message: shape.message, count: shape.count ?? 1,
  };
}

export function endpoints(name: string, ready: string[], notReady: string[] = [], resourceVersion = '1'): V1Endpoints {
  return {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name, namespace: 'faultline-p1', uid: `uid-ep-${name}`, resourceVersion },
    subsets: [{
      ...(ready.length > 0 && { addresses: ready.map((ip) => ({ ip })) }),
      ...(notReady.length > 0 && { notReadyAddresses: notReady.map((ip) => ({ ip })) }),
    }],
  };
}

export function node(name: string, ready: 'True' | 'False' | 'Unknown', taints: V1Taint[] = [], heartbeat = 0): V1Node {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, uid: `uid-node-${name}` },
    spec: { ...(taints.length > 0 && { taints }) },
    status: { conditions: [{ type: 'Ready', status: ready, lastHeartbeatTime: new Date(at(heartbeat)) }] },
  };
}

const IP = '10.244.0.5';
const running = { running: { startedAt: new Date(T0) } };
const unhealthy = (count: number) => event({
  uid: 'ev-unhealthy', type: 'Warning', reason: 'Unhealthy', pod: 'web-7d9c4', count,
  message: 'Liveness probe failed: HTTP probe failed with statuscode: 404',
});

/** P1: nginx with a liveness probe on /index.html; the fault renames the file; the kubelet restarts the container. */
export const p1Timeline: readonly TimelineEntry[] = [
  marker(0, 'run-start', 'run p1-7f3a in namespace faultline-p1'),
  change(0.5, 'ADDED', 'Node', node('kind-control-plane', 'True')),
  change(1.2, 'ADDED', 'Pod', pod({ phase: 'Pending', containers: [container('web', { waiting: { reason: 'ContainerCreating' } })] })),
  change(3.4, 'MODIFIED', 'Pod', pod({ ready: false, ip: IP, containers: [container('web', running)] })),
  change(3.5, 'ADDED', 'Endpoints', endpoints('web', [], [IP])),
  change(9.1, 'MODIFIED', 'Pod', pod({ ready: true, ip: IP, containers: [container('web', running)] })),
  change(9.2, 'MODIFIED', 'Endpoints', endpoints('web', [IP])),
  // managedFields/resourceVersion churn and a node heartbeat: nothing a reader needs.
  change(9.3, 'MODIFIED', 'Pod', pod({ ready: true, ip: IP, containers: [container('web', running)], resourceVersion: '101' })),
  change(10.0, 'MODIFIED', 'Node', node('kind-control-plane', 'True', [], 10)),
  marker(12.1, 'step-start', 'fault renameFile', 1),
  marker(12.5, 'fault-injected', 'fault renameFile: renamed /usr/share/nginx/html/index.html to index.htm in pod web-7d9c4/web', 1),
  marker(12.5, 'step-end', 'fault renameFile passed', 1),
  marker(12.6, 'step-start', 'expect restarts, event', 2),
  change(15.0, 'ADDED', 'Event', unhealthy(1)),
  change(18.0, 'MODIFIED', 'Event', unhealthy(2)),
  change(21.0, 'MODIFIED', 'Event', unhealthy(3)),
  change(21.0, 'ADDED', 'Event', event({
    uid: 'ev-killing', type: 'Normal', reason: 'Killing', pod: 'web-7d9c4',
    message: 'Container web failed liveness probe, will be restarted',
  })),
  change(21.4, 'MODIFIED', 'Pod', pod({
    ready: false, ip: IP,
    containers: [container('web', running, 1, { terminated: { reason: 'Completed', exitCode: 0 } })],
  })),
  change(22.3, 'MODIFIED', 'Pod', pod({
    ready: true, ip: IP,
    containers: [container('web', running, 1, { terminated: { reason: 'Completed', exitCode: 0 } })],
  })),
  marker(22.3, 'step-end', 'expect restarts, event passed', 2),
  marker(23.0, 'run-end', 'verdict passed'),
];

const passedSteps: readonly StepOutcome[] = [
  {
    index: 0, name: 'waitFor ready', action: 'waitFor', status: 'passed', startedAt: at(0.2), durationMs: 8_900,
    expectations: [{
      kind: 'ready', description: 'ready: pods app=web Ready=true within 2m', passed: true, observed: '1/1 pods Ready',
      decidedAfterMs: 8_900, window: 'within 2m', source: 'scenarios/probes.yaml:12:9',
    }],
  },
  {
    index: 1, name: 'fault renameFile', action: 'fault', fault: 'renameFile', status: 'passed', startedAt: at(12.1), durationMs: 400,
    summary: 'renamed /usr/share/nginx/html/index.html to index.htm in pod web-7d9c4/web', expectations: [],
  },
  {
    index: 2, name: 'expect restarts, event', action: 'expect', status: 'passed', startedAt: at(12.6), durationMs: 9_700,
    expectations: [{
      kind: 'restarts', description: 'restarts: container web of pods app=web restartCount >= 1 within 30s', passed: true,
      observed: 'restartCount 1 (pod web-7d9c4 container web)', decidedAfterMs: 9_700, window: 'within 30s',
      source: 'scenarios/probes.yaml:20:9',
    }],
  },
];

/** A passed P1 run; override fields to make others. */
export function scenarioResult(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    scenario: 'P1 liveness probe failure restarts the container',
    file: 'scenarios/probes.yaml',
    verdict: 'passed',
    runId: 'p1-7f3a',
    namespace: 'faultline-p1',
    context: 'kind-faultline',
    server: 'https://127.0.0.1:6443',
    kubernetesVersion: 'v1.31.0',
    startedAt: T0,
    durationMs: 23_000,
    steps: passedSteps,
    timeline: p1Timeline,
    cleanupProblems: [],
    ...overrides,
  };
}
