import type { KubeConfig } from '@kubernetes/client-node';
import type { NodeFaultOptions } from './node-fault-options.js';
import type { NodeLossSpec } from '../faults/node-loss.js';
import type { Scenario } from '../model/scenario.js';
import { allowedContexts, clusterPermission, nodeFaultSteps, refusalMessage, usesNodeFaults } from '../nodes/allowed-clusters.js';
import { chooseNodeDriver } from '../nodes/choose-driver.js';
import type { NodeDriverChoice } from '../nodes/drivers/registry.js';

export type NodeFaultDecision =
  | { readonly refusal: string }
  | {
    /** Whether node faults may act (a NodeAccess is given to the run). */
    readonly allowed: boolean;
    readonly driver?: NodeDriverChoice;
    /** Why a scenario is left out, if it is. */
    readonly skip: (scenario: Scenario) => string | undefined;
    /** Lines for the console: what was allowed and why, what was left out. */
    readonly notes: string[];
  };

const SKIPPED = 'left out with --skip-node-faults (it stops or drains nodes)';

/**
 * The safety guard, before anything runs: scenarios with node faults run only on clusters the user
 * allowed, and only with a node driver for each nodeLoss; otherwise the whole run is refused.
 */
export function checkNodeFaults(scenarios: readonly Scenario[], kubeConfig: KubeConfig, options: NodeFaultOptions): NodeFaultDecision {
  const reaching = scenarios.filter(usesNodeFaults);
  const notes: string[] = [];
  if (options.skip) {
    if (reaching.length > 0) notes.push(`Skipping ${reaching.length} scenario(s) with node faults (--skip-node-faults): ${reaching.map((s) => s.name).join(', ')}`);
    return { allowed: false, skip: (scenario) => (usesNodeFaults(scenario) ? SKIPPED : undefined), notes };
  }
  const none = { allowed: false, skip: () => undefined, notes };
  if (reaching.length === 0) return none;
  const identity = { context: kubeConfig.getCurrentContext(), server: kubeConfig.getCurrentCluster()?.server ?? '' };
  const permission = clusterPermission(identity, allowedContexts(options.allowContexts));
  if (!permission.allowed) return { refusal: refusalMessage(identity, reaching) };
  const problems = reaching.flatMap((scenario) => nodeFaultSteps(scenario).flatMap((step) => {
    if (step.action !== 'fault' || step.fault.kind !== 'nodeLoss') return [];
    const chosen = chooseNodeDriver((step.fault.spec as NodeLossSpec).driver, options.driver, identity.context);
    return 'problem' in chosen ? [`${step.source.file}:${step.source.line}:${step.source.column}: step "${step.name}": ${chosen.problem}`] : [];
  }));
  if (problems.length > 0) return { refusal: `${problems.join('\n')}\nNothing was sent to the cluster.` };
  notes.push(`Node faults allowed: ${permission.because}.`);
  return { allowed: true, skip: () => undefined, notes, ...(options.driver !== undefined && { driver: options.driver }) };
}
