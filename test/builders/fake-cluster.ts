import { KubeConfig, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';
import type { ClusterAccess, DeletePodRequest, ExecRequest, ExecResult } from '../../framework/cluster/cluster-access.js';

export type ExecReply = (request: ExecRequest, index: number) => ExecResult | Promise<ExecResult>;

export const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '' });
export const exited = (exitCode: number, stderr = '', stdout = ''): ExecResult => ({ exitCode, stdout, stderr });

/** An exec that runs until its signal aborts, then rejects with the reason (as execCommand does). */
export const hangUntilAborted: ExecReply = (request) => new Promise((_resolve, reject) => {
  request.signal?.addEventListener('abort', () => reject(request.signal?.reason), { once: true });
});

export interface FakeClusterOptions {
  /** Answers each exec; default: exit 0, no output. */
  readonly exec?: ExecReply;
  /** Called for each deletion, e.g. to record the watch event the API server would send. */
  readonly deletePod?: (request: DeletePodRequest) => void | Promise<void>;
}

/**
 * ClusterAccess without a cluster: records every request and answers from the test's script.
 * Fault tests assert the exact requests sent.
 */
export class FakeCluster implements ClusterAccess {
  readonly kubeConfig = new KubeConfig();
  readonly contextName = 'kind-faultline';
  readonly server = 'https://127.0.0.1:6443';
  readonly execs: ExecRequest[] = [];
  readonly deletions: DeletePodRequest[] = [];

  constructor(private readonly options: FakeClusterOptions = {}) {}

  /** The commands sent, in order. */
  get commands(): Array<readonly string[]> {
    return this.execs.map((request) => request.command);
  }

  async exec(request: ExecRequest): Promise<ExecResult> {
    this.execs.push(request);
    return (this.options.exec ?? (() => ok()))(request, this.execs.length - 1);
  }

  async deletePod(request: DeletePodRequest): Promise<V1Pod | undefined> {
    this.deletions.push(request);
    await this.options.deletePod?.(request);
    return undefined;
  }

  async readPod(): Promise<V1Pod | undefined> {
    throw new Error('FakeCluster: readPod is not part of this test');
  }

  async create(): Promise<KubernetesObject> {
    throw new Error('FakeCluster: create is not part of this test');
  }
}
