import type { V1Namespace } from '@kubernetes/client-node';
import type { KubeCluster } from '../cluster/kube-cluster.js';
import type { NodeAccess } from '../cluster/node-access.js';
import { chooseNodeDriver } from './choose-driver.js';
import { driverOf, NODE_DRIVER_NAMES, type NodeDriverChoice, type NodeDriverName } from './drivers/registry.js';

/**
 * On the run's namespace: what its node faults changed and had not undone yet, as JSON. A run
 * killed with SIGKILL cannot revert; `faultline sweep` reads this and does it (or says what to do).
 * Only names are stored, never commands: sweep runs its own driver, so an annotation written by
 * someone else cannot make it execute anything.
 */
export const PENDING_REVERTS_ANNOTATION = 'faultline.dev/pending-node-reverts';

export interface PendingNodeRevert {
  readonly node: string;
  /** start: the node was lost (bring it back with its driver); uncordon: it was drained. */
  readonly action: 'start' | 'uncordon';
  /** For start: the driver the run used. */
  readonly driver?: NodeDriverName;
}

/** Writes the namespace's list of pending reverts (a merge patch of one annotation). */
export async function recordPendingReverts(cluster: KubeCluster, namespace: string, pending: readonly PendingNodeRevert[], signal?: AbortSignal): Promise<void> {
  await cluster.patchObject('', { apiVersion: 'v1', kind: 'Namespace', name: namespace },
    { metadata: { annotations: { [PENDING_REVERTS_ANNOTATION]: pending.length === 0 ? null : JSON.stringify(pending) } } }, 'merge', signal);
}

/** The pending reverts recorded on a namespace; malformed entries are ignored (and named in `problems`). */
export function pendingRevertsOf(namespace: V1Namespace): { pending: PendingNodeRevert[]; problems: string[] } {
  const text = namespace.metadata?.annotations?.[PENDING_REVERTS_ANNOTATION];
  if (text === undefined) return { pending: [], problems: [] };
  const name = namespace.metadata?.name ?? '';
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new Error('not a list');
    const pending = parsed.filter(isPendingRevert);
    const problems = parsed.length === pending.length ? [] : [`namespace ${name}: ${parsed.length - pending.length} unreadable entr(ies) in ${PENDING_REVERTS_ANNOTATION}`];
    return { pending, problems };
  } catch (error) {
    return { pending: [], problems: [`namespace ${name}: annotation ${PENDING_REVERTS_ANNOTATION} is not a JSON list (${(error as Error).message})`] };
  }
}

function isPendingRevert(value: unknown): value is PendingNodeRevert {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry['node'] === 'string' && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(entry['node'])
    && (entry['action'] === 'start' || entry['action'] === 'uncordon')
    && (entry['driver'] === undefined || NODE_DRIVER_NAMES.includes(entry['driver'] as NodeDriverName));
}

export interface SweepRevertOptions {
  readonly nodes: NodeAccess;
  readonly contextName: string;
  /** The driver given to sweep (--node-driver ...); needed to start a lost node, except on kind-* contexts. */
  readonly driver?: NodeDriverChoice;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
}

/**
 * Undoes what a killed run's node faults left: uncordons drained nodes, starts lost ones with the
 * driver sweep was given. Resolves with what it could not do; the caller keeps that namespace (and
 * its record) so a later sweep can try again.
 */
export async function revertPending(pending: readonly PendingNodeRevert[], options: SweepRevertOptions): Promise<string[]> {
  const problems: string[] = [];
  for (const entry of [...pending].reverse()) {
    try {
      if (entry.action === 'uncordon') {
        await options.nodes.setUnschedulable(entry.node, false, options.signal);
        options.log?.(`uncordoned node ${entry.node}, drained by a run that did not finish`);
        continue;
      }
      const chosen = chooseNodeDriver(entry.driver === 'kind' ? 'kind' : undefined, options.driver, options.contextName);
      if ('problem' in chosen) {
        problems.push(`node ${entry.node} was lost by a run that did not finish and may still be down (its ${entry.driver ?? ''} driver stopped it): bring it back, or run sweep with --node-driver and its commands`);
        continue;
      }
      const done = await driverOf(chosen.choice).start(chosen.choice.settings, entry.node, {
        signal: options.signal ?? AbortSignal.timeout(120_000), timeoutMs: 120_000,
      });
      options.log?.(`started node ${entry.node}, lost by a run that did not finish (${done})`);
    } catch (error) {
      problems.push(`could not revert node ${entry.node} (${entry.action}): ${(error as Error).message}`);
    }
  }
  return problems;
}
