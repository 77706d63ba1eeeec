/**
 * One fake cluster for runScenario tests: the fake API server, the simulated kubelet, a KubeCluster with
 * fast retries, and a folder for scenario files. The test plays the kubelet while a run goes on.
 */
import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import { KubeCluster } from '../../framework/cluster/kube-cluster.js';
import { namespaceName } from '../../framework/cluster/namespaces.js';
import { runScenario, type RunScenarioOptions } from '../../framework/engine/run-scenario.js';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import type { ObjectChange } from '../../framework/observe/timeline-entry.js';
import { flushMicrotasks, track, type Tracked } from '../builders/promises.js';
import { FakeApiServer, type FakeApiServerOptions, type RecordedRequest } from '../support/fake-api-server/index.js';
import { KubeletSimulator } from '../support/kubelet-simulator.js';
import {
  fastRetry, LogLines, namespaceWatch, requestArrives, scenarioYaml, temporaryFolder, WEB_MANIFESTS, writeFiles, type FastRetry,
} from './harness.js';

export const HTML = '/usr/share/nginx/html';

export const WAIT_READY = `
    - name: web is ready
      waitFor:
        - ready: { target: app=web }
        - endpoints: { service: web, target: app=web, present: true }`;

export const RENAME = `
    - name: rename index.html
      fault:
        renameFile:
          target: { selector: app=web, container: web }
          from: ${HTML}/index.html
          to: ${HTML}/index.htm`;

/** Waits for web, then for a restart the test may or may not play. */
export const WAIT_FOR_RESTART = scenarioYaml('waits-for-a-restart', `${WAIT_READY}
    - name: the container restarts
      expect:
        restarts: { target: app=web, atLeast: 1, within: 30s }`);

/** The check renameFile runs after `mv`: the old name is gone and the new one exists. */
export const isRenameCheck = (command: readonly string[]): boolean => command[0] === 'sh' && command[2] === 'test ! -e "$1" && test -e "$2"';

export const changesOf = (result: ScenarioResult): ObjectChange[] => result.timeline.filter((e): e is ObjectChange => e.type === 'change');
export const markersOf = (result: ScenarioResult): string[] => result.timeline.flatMap((e) => (e.type === 'marker' ? [e.marker] : []));

export interface Run {
  readonly result: Promise<ScenarioResult>;
  /** The result's state, readable synchronously. */
  readonly tracked: Tracked<ScenarioResult>;
  readonly log: LogLines;
  readonly namespace: string;
}

export class ScenarioRig {
  private constructor(
    readonly api: FakeApiServer,
    readonly sim: KubeletSimulator,
    readonly retry: FastRetry,
    readonly cluster: KubeCluster,
    readonly dir: string,
  ) {}

  static async create(options: FakeApiServerOptions = {}): Promise<ScenarioRig> {
    const api = await FakeApiServer.start(options);
    const retry = fastRetry();
    const dir = await temporaryFolder();
    await writeFiles(dir, { 'manifests/web.yaml': WEB_MANIFESTS });
    return new ScenarioRig(api, new KubeletSimulator(api), retry, new KubeCluster({ kubeConfig: api.kubeConfig(), retryPolicy: retry.policy }), dir);
  }

  async stop(): Promise<void> {
    await this.api.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Writes scenario.yaml (next to manifests/web.yaml) and starts running it with run id r1 unless told otherwise. */
  async start(yaml: string, options: Partial<RunScenarioOptions> = {}): Promise<Run> {
    const scenario = await loadScenario(await writeFiles(this.dir, { 'scenario.yaml': yaml }));
    const log = new LogLines();
    const runId = options.runId ?? 'r1';
    const result = runScenario(scenario, { cluster: this.cluster, runId, log: log.log, watch: { backoffMs: [0] }, ...options });
    return { result, tracked: track(result), log, namespace: namespaceName(scenario.name, runId) };
  }

  /** Plays the controllers and the kubelet up to a Running, Ready pod (in `namespace`); resolves with its name. */
  async readyPod(namespace?: string): Promise<string> {
    const pod = await this.sim.pod(namespace);
    this.sim.start(pod);
    this.sim.ready(pod, true);
    return pod;
  }

  sent(method: string, path: string): RecordedRequest[] {
    return this.api.requests.filter((r) => r.method === method && r.path === path);
  }

  /** For namespaceDeletion 'manual': once the run watches its namespace go, checks the run is still waiting, then lets it go. */
  async finishNamespaceDeletionOnceAwaited(run: Run): Promise<void> {
    await requestArrives(this.api, namespaceWatch(run.namespace));
    expect(this.sent('DELETE', `/api/v1/namespaces/${run.namespace}`)).to.have.length(1);
    expect(this.api.get('namespaces', undefined, run.namespace)?.status).to.deep.equal({ phase: 'Terminating' });
    await flushMicrotasks();
    expect(run.tracked.state, 'the run must wait until its namespace is gone').to.equal('pending');
    this.api.finishNamespaceDeletion(run.namespace);
  }

  expectNamespaceDeleted(namespace: string): void {
    expect(this.sent('DELETE', `/api/v1/namespaces/${namespace}`), `DELETE of namespace ${namespace}`).to.have.length(1);
    expect(this.api.get('namespaces', undefined, namespace)).to.equal(undefined);
  }
}
