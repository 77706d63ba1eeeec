import type { Command, Output } from './command.js';
import { CLUSTER_OPTIONS, clusterOptionValues } from './cluster-options.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { KubeCluster } from '../cluster/kube-cluster.js';
import { LABELS, MANAGED_BY, sweepNamespaces } from '../cluster/namespaces.js';
import { parseDuration } from '../model/duration.js';
import { NODE_FAULT_OPTIONS, nodeFaultOptionValues } from './node-fault-options.js';
import { pendingRevertsOf, revertPending } from '../nodes/pending-reverts.js';

/** `faultline sweep`: deletes what killed runs left behind, found by label. */
export function sweepCommand(out: Output, err: Output): Command {
  return {
    name: 'sweep',
    summary: `delete namespaces left by earlier runs (label ${LABELS.managedBy}=${MANAGED_BY})`,
    usage: 'faultline sweep [--older-than 10m] [--context NAME] [--kubeconfig FILE] [--node-driver kind|command ...]',
    options: {
      ...CLUSTER_OPTIONS,
      'node-driver': NODE_FAULT_OPTIONS['node-driver']!,
      'node-stop-command': NODE_FAULT_OPTIONS['node-stop-command']!,
      'node-start-command': NODE_FAULT_OPTIONS['node-start-command']!,
      'older-than': { type: 'string', description: 'only namespaces created longer ago than this (default: all)' },
    },
    async run({ values }) {
      const olderThan = values['older-than'];
      const olderThanMs = typeof olderThan === 'string' ? parseDuration(olderThan) : 0;
      if (olderThanMs === undefined) throw new UsageError(`--older-than: expected a duration like "10m" or "1h", got "${String(olderThan)}"`);
      // Loaded on use, so that `faultline --help` starts at once (client-node is slow to import).
      const [{ checkReachable, loadKubeConfig }, { KubeCluster }] = await Promise.all([import('../cluster/connect.js'), import('../cluster/kube-cluster.js')]);
      const kubeConfig = loadKubeConfig(clusterOptionValues(values));
      await checkReachable(kubeConfig, clusterOptionValues(values));
      const cluster = new KubeCluster({ kubeConfig });
      const { driver } = nodeFaultOptionValues(values);
      // A killed run's lost or drained nodes come back before its namespace goes (see nodes/pending-reverts.ts).
      const beforeDelete = async (namespace: Parameters<typeof pendingRevertsOf>[0]): Promise<string[]> => {
        const { pending, problems } = pendingRevertsOf(namespace);
        problems.forEach((problem) => err(problem));
        if (pending.length === 0) return [];
        return revertPending(pending, { nodes: cluster, contextName: cluster.contextName, log: out, ...(driver !== undefined && { driver }) });
      };
      const { deleted, problems } = await sweepNamespaces(cluster, { olderThanMs, beforeDelete });
      out(deleted.length === 0 ? 'nothing to sweep' : `deleted ${deleted.length} namespace(s): ${deleted.join(', ')}`);
      problems.forEach((problem) => err(`could not finish: ${problem}`));
      return problems.length > 0 ? EXIT.failed : EXIT.passed;
    },
  };
}

/** How old a namespace of an earlier run must be for `faultline run` to sweep it first. */
export const DEFAULT_SWEEP_AT_START = '1h';

export const SWEEP_AT_START_OPTION = {
  type: 'string',
  description: `first delete namespaces left by earlier runs (killed, say) created longer ago than this (default ${DEFAULT_SWEEP_AT_START}; 0 or off: never)`,
} as const;

/** The age `--sweep-older-than` asks for, or undefined when sweeping at start is off; a malformed value is a usage error. */
export function sweepAtStartAge(value: unknown): number | undefined {
  const text = typeof value === 'string' ? value : DEFAULT_SWEEP_AT_START;
  if (text === 'off' || text === '0') return undefined;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new UsageError(`--sweep-older-than: expected a duration like "30m" or "1h", or 0 / off, got "${text}"`);
  return ms;
}

/**
 * At the start of a run: asks for the deletion of namespaces earlier runs left behind, created more
 * than `olderThanMs` ago, so that a live run (always younger) is never touched. Does not wait for
 * them to be gone, and never fails the run: what it could not do is said, for `faultline sweep`.
 */
export async function sweepAtStart(cluster: KubeCluster, olderThanMs: number, err: Output): Promise<void> {
  const age = formatAge(olderThanMs);
  try {
    const { deleted, problems } = await sweepNamespaces(cluster, { olderThanMs, wait: false });
    if (deleted.length > 0) err(`swept ${deleted.length} namespace(s) left by runs older than ${age}: ${deleted.join(', ')}`);
    problems.forEach((problem) => err(`could not sweep: ${problem}`));
  } catch (error) {
    err(`could not sweep namespaces older than ${age} (run \`faultline sweep\` later): ${(error as Error).message}`);
  }
}

function formatAge(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}
