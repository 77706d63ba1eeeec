/**
 * A test double for what the kubelet and the controllers would do, on top of the fake API server.
 * It does nothing by itself beyond creating pods for Deployments and EndpointSlices for Services:
 * a test moves the story on by calling `start`, `ready`, `restart`, `waiting` and `event`, and each
 * call is one change the watches see.
 *
 * @example
 * const sim = new KubeletSimulator(api);
 * const pod = await sim.pod();          // created when the scenario's Deployment was
 * sim.start(pod); sim.ready(pod, true); // Running, then Ready and in the Service's endpoints
 * sim.restart(pod, { reason: 'Completed', exitCode: 0 });
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FakeApiServer, KubeObject } from './fake-api-server/index.js';

export interface Termination { reason: string; exitCode: number }
export interface SimulatedEvent { type: 'Normal' | 'Warning'; reason: string; message: string }

type PodListener = (pod: string, namespace: string) => void;

/** The slice version a v1.20 cluster (the fake's default) serves. */
const SLICE_API_VERSION = 'discovery.k8s.io/v1beta1';
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

interface ContainerStatus {
  name: string; image?: string; ready: boolean; started?: boolean; restartCount: number; containerID?: string;
  state: Record<string, unknown>; lastState: Record<string, unknown>;
}

export class KubeletSimulator {
  private readonly namespaces = new Map<string, string>();
  private readonly listeners: PodListener[] = [];
  private nextIp = 10;

  constructor(private readonly api: FakeApiServer) {
    api.onCreate('deployments', (deployment) => this.createPods(deployment));
    api.onCreate('services', (service) => this.syncSlices(service.metadata.namespace ?? 'default'));
  }

  /** Calls `listener` for every pod created from now on (e.g. to start each one at once). */
  onPod(listener: PodListener): void {
    this.listeners.push(listener);
  }

  /** The first pod created (in `namespace`, if given), whether it already exists or comes later. */
  pod(namespace?: string): Promise<string> {
    const existing = [...this.namespaces].find(([, ns]) => namespace === undefined || ns === namespace);
    if (existing) return Promise.resolve(existing[0]);
    return new Promise((resolve) => {
      let done = false;
      this.onPod((pod, ns) => {
        if (done || (namespace !== undefined && ns !== namespace)) return;
        done = true;
        resolve(pod);
      });
    });
  }

  /** The container runtime started it: Running, with an IP and a container ID, not yet Ready. */
  start(pod: string): void {
    this.updatePod(pod, (object) => {
      const now = new Date().toISOString();
      object.status = {
        ...object.status, phase: 'Running', podIP: `10.244.0.${this.nextIp++}`, hostIP: '172.18.0.2', startTime: now,
        conditions: conditions(false),
      };
      for (const status of containerStatuses(object)) {
        Object.assign(status, { started: true, containerID: containerId(), state: { running: { startedAt: now } } });
      }
    });
  }

  /** The readiness probe's verdict: the Ready condition, and the pod's entry in its Services' EndpointSlices. */
  ready(pod: string, ready: boolean): void {
    this.updatePod(pod, (object) => {
      object.status = { ...object.status, conditions: conditions(ready) };
      for (const status of containerStatuses(object)) status.ready = ready;
    });
    this.syncSlices(this.namespaceOf(pod));
  }

  /** The container was killed and started again: restartCount + 1, a new container ID, Last State terminated. */
  restart(pod: string, termination: Termination, container?: string): void {
    this.updatePod(pod, (object) => {
      const now = new Date().toISOString();
      const status = containerStatuses(object).find((s) => container === undefined || s.name === container);
      if (!status) throw new Error(`kubelet-simulator: pod ${pod} has no container ${container ?? ''}`);
      const startedAt = (status.state['running'] as { startedAt?: string } | undefined)?.startedAt ?? now;
      status.lastState = { terminated: { ...termination, startedAt, finishedAt: now, containerID: status.containerID } };
      Object.assign(status, { restartCount: status.restartCount + 1, containerID: containerId(), state: { running: { startedAt: now } } });
    });
  }

  /** The container waits (CrashLoopBackOff, ImagePullBackOff...) and is not ready. */
  waiting(pod: string, reason: string, container?: string): void {
    this.updatePod(pod, (object) => {
      for (const status of containerStatuses(object).filter((s) => container === undefined || s.name === container)) {
        Object.assign(status, { ready: false, started: false, state: { waiting: { reason } } });
      }
    });
  }

  /** An Event about the pod, as the kubelet records it; the same event again bumps its count. */
  event(pod: string, event: SimulatedEvent): void {
    const namespace = this.namespaceOf(pod);
    const uid = this.api.get('pods', namespace, pod)?.metadata.uid;
    this.api.recordEvent({
      namespace, type: event.type, reason: event.reason, message: event.message,
      involvedObject: { kind: 'Pod', apiVersion: 'v1', name: pod, namespace, ...(uid !== undefined && { uid }) },
    });
  }

  private createPods(deployment: KubeObject): void {
    const namespace = deployment.metadata.namespace ?? 'default';
    const name = deployment.metadata.name ?? 'pod';
    const spec = deployment.spec as { replicas?: number; template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: Array<{ name: string; image?: string }> } } };
    const containers = spec.template?.spec?.containers ?? [];
    for (let replica = 0; replica < (spec.replicas ?? 1); replica++) {
      const pod = `${name}-${suffix(`${namespace}/${name}/${replica}`)}`;
      this.api.put({
        kind: 'Pod',
        metadata: {
          name: pod, namespace, labels: { ...spec.template?.metadata?.labels },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: deployment.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
        },
        spec: { ...spec.template?.spec, nodeName: 'node-1' },
        status: {
          phase: 'Pending', conditions: conditions(false),
          containerStatuses: containers.map((c): ContainerStatus => ({
            name: c.name, image: c.image, ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {},
          })),
        },
      });
      this.namespaces.set(pod, namespace);
      for (const listener of [...this.listeners]) listener(pod, namespace);
    }
  }

  /** What the EndpointSlice controller does: one slice per Service, listing the selected pods that have an IP. */
  private syncSlices(namespace: string): void {
    const pods = this.api.list('pods', namespace).filter((p) => p.status?.['podIP'] !== undefined);
    for (const service of this.api.list('services', namespace)) {
      const selector = (service.spec?.['selector'] ?? {}) as Record<string, string>;
      const selected = pods.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
      const serviceName = service.metadata.name ?? '';
      this.api.put({
        apiVersion: SLICE_API_VERSION, kind: 'EndpointSlice',
        metadata: { name: `${serviceName}-${suffix(serviceName)}`, namespace, labels: { 'kubernetes.io/service-name': serviceName } },
        addressType: 'IPv4',
        endpoints: selected.map((p) => ({
          addresses: [p.status?.['podIP']],
          conditions: { ready: isReady(p) },
          targetRef: { kind: 'Pod', namespace, name: p.metadata.name, uid: p.metadata.uid },
        })),
        ports: [{ name: '', protocol: 'TCP', port: 80 }],
      });
    }
  }

  private updatePod(pod: string, mutate: (object: KubeObject) => void): void {
    this.api.update('pods', this.namespaceOf(pod), pod, mutate);
  }

  private namespaceOf(pod: string): string {
    const namespace = this.namespaces.get(pod);
    if (namespace === undefined) throw new Error(`kubelet-simulator: no pod ${pod} was created (pods: ${[...this.namespaces.keys()].join(', ') || 'none'})`);
    return namespace;
  }
}

function containerStatuses(pod: KubeObject): ContainerStatus[] {
  return (pod.status?.['containerStatuses'] ?? []) as ContainerStatus[];
}

function conditions(ready: boolean): Array<Record<string, string>> {
  const status = ready ? 'True' : 'False';
  return [
    { type: 'Initialized', status: 'True' }, { type: 'Ready', status },
    { type: 'ContainersReady', status }, { type: 'PodScheduled', status: 'True' },
  ];
}

function isReady(pod: KubeObject): boolean {
  return ((pod.status?.['conditions'] ?? []) as Array<{ type: string; status: string }>).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** A stable 5-character suffix in the apiserver's generateName alphabet. */
function suffix(seed: string): string {
  return [...createHash('sha256').update(seed).digest().subarray(0, 5)].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('');
}

function containerId(): string {
  return `containerd://${randomBytes(16).toString('hex')}`;
}
