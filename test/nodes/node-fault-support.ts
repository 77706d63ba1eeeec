/**
 * What the node-fault tests share: a NodeAccess that records its calls, a node fault step run through
 * the engine (runStep) with reverts on a cleanup stack, node drivers whose commands log to a file, and
 * a wait for work done by a child process (a driver's command), which no fake clock can move on.
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { EvictionResult, NodeAccess } from '../../framework/cluster/node-access.js';
import { CleanupStack } from '../../framework/engine/cleanup-stack.js';
import { FaultReverts } from '../../framework/engine/fault-reverts.js';
import { runStep } from '../../framework/engine/run-step.js';
import type { StepOutcome } from '../../framework/engine/scenario-result.js';
import type { FaultKind, FaultSpecs } from '../../framework/faults/registry.js';
import type { NodeDriverChoice } from '../../framework/nodes/drivers/registry.js';
import { FakeCluster } from '../builders/fake-cluster.js';
import { track, type Tracked } from '../builders/promises.js';
import { stepEnvironment } from '../builders/step-environment.js';
import { faultStep } from '../builders/steps.js';
import type { TimelineScript } from '../builders/timeline-script.js';

/** The fake docker executable (see test/fixtures/fake-docker/README.md); this file runs from dist/test/nodes/. */
export const FAKE_DOCKER = fileURLToPath(new URL('../../../test/fixtures/fake-docker/docker', import.meta.url));

export type NodeCall =
  | { readonly call: 'setUnschedulable'; readonly node: string; readonly unschedulable: boolean }
  | { readonly call: 'podsOnNode'; readonly node: string }
  | { readonly call: 'evictPod'; readonly namespace: string; readonly pod: string };

export interface FakeNodeAccessOptions {
  /** Every pod bound to each node, in every namespace. */
  readonly pods?: Readonly<Record<string, readonly V1Pod[]>>;
  /** The answer to each eviction; default: evicted. */
  readonly evict?: (namespace: string, pod: string, attempt: number) => EvictionResult;
  /** What the API server's watch shows after each accepted request (e.g. the node cordoned). */
  readonly onCordon?: (node: string, unschedulable: boolean) => void;
  readonly onEvict?: (namespace: string, pod: string) => void;
}

/** NodeAccess without a cluster: records every call, answers from the test's script. */
export class FakeNodeAccess implements NodeAccess {
  readonly calls: NodeCall[] = [];

  constructor(private readonly options: FakeNodeAccessOptions = {}) {}

  async readNode(): Promise<V1Node | undefined> {
    throw new Error('FakeNodeAccess: readNode is not part of this test');
  }

  async setUnschedulable(node: string, unschedulable: boolean): Promise<V1Node> {
    this.calls.push({ call: 'setUnschedulable', node, unschedulable });
    this.options.onCordon?.(node, unschedulable);
    return { metadata: { name: node }, spec: { unschedulable } };
  }

  async podsOnNode(node: string): Promise<V1Pod[]> {
    this.calls.push({ call: 'podsOnNode', node });
    return [...(this.options.pods?.[node] ?? [])];
  }

  async evictPod(namespace: string, pod: string): Promise<EvictionResult> {
    this.calls.push({ call: 'evictPod', namespace, pod });
    const attempt = this.calls.filter((c) => c.call === 'evictPod' && c.namespace === namespace && c.pod === pod).length;
    const result = this.options.evict?.(namespace, pod, attempt) ?? { evicted: true };
    if (result.evicted) this.options.onEvict?.(namespace, pod);
    return result;
  }
}

export interface NodeFaultRun {
  readonly promise: Promise<StepOutcome>;
  readonly step: Tracked<StepOutcome>;
  readonly cleanup: CleanupStack;
  readonly reverts: FaultReverts;
  readonly logs: string[];
}

/**
 * Starts a node fault step through runStep, with reverts registered on a fresh cleanup stack (as
 * runScenario does). `nodes: false` runs it as on a cluster the guard did not allow.
 */
export function runNodeFault<K extends FaultKind>(
  script: TimelineScript, kind: K, spec: FaultSpecs[K],
  options: { nodes?: NodeAccess | false; nodeDriver?: NodeDriverChoice; name?: string; index?: number; timeoutMs?: number; cluster?: FakeCluster; reverts?: FaultReverts; cleanup?: CleanupStack } = {},
): NodeFaultRun {
  const cleanup = options.cleanup ?? new CleanupStack();
  const reverts = options.reverts ?? new FaultReverts(cleanup, script.timeline);
  const env = stepEnvironment(script, { cluster: options.cluster ?? new FakeCluster() });
  const nodes = options.nodes === false ? undefined : options.nodes ?? new FakeNodeAccess();
  const promise = runStep(faultStep(kind, spec, {
    ...(options.name !== undefined && { name: options.name }),
    ...(options.index !== undefined && { index: options.index }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  }), {
    ...env, reverts,
    ...(nodes !== undefined && { nodes }),
    ...(options.nodeDriver !== undefined && { nodeDriver: options.nodeDriver }),
  });
  return { promise, step: track(promise), cleanup, reverts, logs: env.logs };
}

/** A folder with a `calls` file that driver commands append to. */
export class CommandLog {
  private constructor(readonly dir: string) {}

  static async create(): Promise<CommandLog> {
    return new CommandLog(await mkdtemp(join(tmpdir(), 'faultline-nodes-')));
  }

  get file(): string {
    return join(this.dir, 'calls');
  }

  /** The command driver, its commands logging `stop NODE` / `start NODE`, then running `then` (e.g. `exit 3`). */
  commandDriver(options: { stopThen?: string; startThen?: string } = {}): NodeDriverChoice {
    const quoted = `'${this.file}'`;
    return {
      name: 'command',
      settings: {
        stop: `echo stop {node} >> ${quoted}${options.stopThen ? `; ${options.stopThen}` : ''}`,
        start: `echo start {node} >> ${quoted}${options.startThen ? `; ${options.startThen}` : ''}`,
      },
    };
  }

  async lines(): Promise<string[]> {
    try {
      return (await readFile(this.file, 'utf8')).split('\n').filter((line) => line !== '');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async note(line: string): Promise<void> {
    await appendFile(this.file, `${line}\n`);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Yields to the event loop until `condition` holds: for what a child process does (a driver's
 * command), which a ManualClock cannot move on. Gives up after 5 s of real time, saying what it awaited.
 */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const giveUpAt = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
