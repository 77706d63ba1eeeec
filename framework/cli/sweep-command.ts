import type { Command, Output } from './command.js';
import { CLUSTER_OPTIONS, clusterOptionValues } from './cluster-options.js';
import { EXIT, UsageError } from './exit-codes.js';
import { checkReachable, loadKubeConfig } from '../cluster/connect.js';
import { KubeCluster } from '../cluster/kube-cluster.js';
import { LABELS, MANAGED_BY, sweepNamespaces } from '../cluster/namespaces.js';
import { parseDuration } from '../model/duration.js';

/** `faultline sweep`: deletes what killed runs left behind, found by label. */
export function sweepCommand(out: Output, err: Output): Command {
  return {
    name: 'sweep',
    summary: `delete namespaces left by earlier runs (label ${LABELS.managedBy}=${MANAGED_BY})`,
    usage: 'faultline sweep [--older-than 10m] [--context NAME] [--kubeconfig FILE]',
    options: {
      ...CLUSTER_OPTIONS,
      'older-than': { type: 'string', description: 'only namespaces created longer ago than this (default: all)' },
    },
    async run({ values }) {
      const olderThan = values['older-than'];
      const olderThanMs = typeof olderThan === 'string' ? parseDuration(olderThan) : 0;
      if (olderThanMs === undefined) throw new UsageError(`--older-than: expected a duration like "10m" or "1h", got "${String(olderThan)}"`);
      const kubeConfig = loadKubeConfig(clusterOptionValues(values));
      await checkReachable(kubeConfig, clusterOptionValues(values));
      const { deleted, problems } = await sweepNamespaces(new KubeCluster({ kubeConfig }), { olderThanMs });
      out(deleted.length === 0 ? 'nothing to sweep' : `deleted ${deleted.length} namespace(s): ${deleted.join(', ')}`);
      problems.forEach((problem) => err(`could not finish: ${problem}`));
      return problems.length > 0 ? EXIT.failed : EXIT.passed;
    },
  };
}
