import type { Command, Output } from './command.js';
import { CLUSTER_OPTIONS, clusterOptionValues } from './cluster-options.js';
import { EXIT, UsageError } from './exit-codes.js';
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
