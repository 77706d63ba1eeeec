/**
 * The fake API server and simulated kubelet of the integration tests, with the fault proxy between
 * them and Faultline: runs go through seeded API faults, retries never sleep (Retry-After waits
 * are recorded instead), and time moves only when the test moves it.
 */
import { rm } from 'node:fs/promises';
import { KubeCluster } from '../../../framework/cluster/kube-cluster.js';
import { namespaceName } from '../../../framework/cluster/namespaces.js';
import type { RetryPolicy } from '../../../framework/cluster/retry.js';
import { runScenario, type RunScenarioOptions } from '../../../framework/engine/run-scenario.js';
import type { ScenarioResult } from '../../../framework/engine/scenario-result.js';
import { loadScenario } from '../../../framework/loading/load-scenario.js';
import { LogLines, temporaryFolder, WEB_MANIFESTS, writeFiles } from '../../integration/harness.js';
import { FakeApiServer, type FakeApiServerOptions } from '../fake-api-server/index.js';
import { KubeletSimulator } from '../kubelet-simulator.js';
import { DEFAULT_RATES, FaultPlan, NO_FAULTS, type FaultRates, type FaultSource } from './fault-plan.js';
import { FaultProxy } from './proxy.js';
import { SettlingClock } from './settling-clock.js';

export interface FaultyClusterOptions {
  /** undefined: no faults at all (the fault-free baseline). */
  readonly seed?: number;
  /** Faults of its own (e.g. ScriptedFaults) instead of a seeded plan. */
  readonly faults?: FaultSource;
  /** Default: DEFAULT_RATES with every cut-off answer chunked, so none waits out an attempt timeout. */
  readonly rates?: FaultRates;
  readonly server?: FakeApiServerOptions;
  /** Attempts per request; enough that seeded faults never exhaust them (default 12 retries). */
  readonly retries?: number;
}

export interface FaultyRun {
  readonly result: Promise<ScenarioResult>;
  readonly log: LogLines;
  readonly namespace: string;
  readonly clock: SettlingClock;
}

export class FaultyCluster {
  /** Every Retry-After wait the retries asked for, in milliseconds (none is slept). */
  readonly waits: number[] = [];
  readonly policy: RetryPolicy;
  readonly cluster: KubeCluster;
  readonly sim: KubeletSimulator;

  private constructor(readonly api: FakeApiServer, readonly proxy: FaultProxy, readonly dir: string, retries: number) {
    this.policy = {
      // Only an answer cut off after announcing its length waits this out (see FaultRates.lengthFramed);
      // long enough that a busy machine never times out an answer that is merely slow.
      retries, minTimeoutMs: 0, maxTimeoutMs: 0, maxRetryAfterMs: 60_000, attemptTimeoutMs: 3_000,
      wait: async (ms, signal) => {
        this.waits.push(ms);
        signal?.throwIfAborted();
      },
    };
    this.sim = new KubeletSimulator(api);
    this.cluster = new KubeCluster({ kubeConfig: proxy.kubeConfig({ token: 'test-token' }), retryPolicy: this.policy });
  }

  static async create(options: FaultyClusterOptions = {}): Promise<FaultyCluster> {
    const api = await FakeApiServer.start(options.server);
    const plan = options.faults
      ?? (options.seed === undefined ? new FaultPlan(0, NO_FAULTS) : new FaultPlan(options.seed, options.rates ?? { ...DEFAULT_RATES, lengthFramed: 0 }));
    const proxy = await FaultProxy.start({ target: api.url, plan });
    const dir = await temporaryFolder();
    await writeFiles(dir, { 'manifests/web.yaml': WEB_MANIFESTS });
    return new FaultyCluster(api, proxy, dir, options.retries ?? 12);
  }

  async stop(): Promise<void> {
    await this.proxy.stop();
    await this.api.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Writes scenario.yaml next to manifests/web.yaml and starts running it (run id r1) on a SettlingClock. */
  async start(yaml: string, options: Partial<RunScenarioOptions> = {}): Promise<FaultyRun> {
    const scenario = await loadScenario(await writeFiles(this.dir, { 'scenario.yaml': yaml }));
    const log = new LogLines();
    const clock = new SettlingClock();
    const runId = options.runId ?? 'r1';
    const result = runScenario(scenario, { cluster: this.cluster, runId, log: log.log, clock, watch: { backoffMs: [0] }, ...options });
    return { result, log, namespace: namespaceName(scenario.name, runId), clock };
  }

  /** Plays the kubelet up to a Running, Ready pod (in `namespace`); resolves with its name. */
  async readyPod(namespace?: string): Promise<string> {
    const pod = await this.sim.pod(namespace);
    this.sim.start(pod);
    this.sim.ready(pod, true);
    return pod;
  }
}
