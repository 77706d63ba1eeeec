/** The benchmark's side of a fake cluster process: start it, send it commands, point a KubeConfig at it. */
import { fork, type ChildProcess } from 'node:child_process';
import { KubeConfig } from '@kubernetes/client-node';
import type { Command, Hello, Replies, Reply, Request, VerbCounts } from './fake-cluster-protocol.js';

export class FakeCluster {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly child: ChildProcess, readonly url: string, private readonly token: string) {
    child.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if ('error' in message) waiter.reject(new Error(`fake cluster: ${message.error}`));
      else waiter.resolve(message.result);
    });
  }

  static async start(): Promise<FakeCluster> {
    const child = fork(new URL('./fake-cluster-process.js', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const hello = await new Promise<Hello['hello']>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the fake cluster process exited with code ${code} before it listened`)));
      child.once('message', (message: Hello) => resolve(message.hello));
    });
    child.removeAllListeners('exit');
    return new FakeCluster(child, hello.url, hello.token);
  }

  send<C extends Command>(command: C): Promise<Replies[C['op']]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, command } satisfies Request);
    });
  }

  /** Requests by verb received since `mark` (from `send({ op: 'mark' })`). */
  async countsSince(mark: number): Promise<VerbCounts> {
    return this.send({ op: 'counts', since: mark });
  }

  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      // client-node refuses plain http unless skipTLSVerify is set.
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'bench', token: this.token }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'bench' }],
      currentContext: 'fake',
    });
    return kc;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    await exited;
  }
}
