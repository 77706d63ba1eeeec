import type { V1Node } from '@kubernetes/client-node';
import { FaultNotEffectiveError, type FaultContext, type FaultPlugin } from './fault.js';
import { chooseNodeDriver } from '../nodes/choose-driver.js';
import { driverOf, NODE_DRIVER_SCHEMA, type NodeDriverChoice, type NodeDriverSpec } from '../nodes/drivers/registry.js';
import {
  describeNodeSelection, isControlPlane, nameOf, NODE_SELECTION_SCHEMA, nodeSelectionProblems, selectNodes, type NodeSelectionSpec,
} from '../nodes/node-selection.js';
import { driverProblems } from '../nodes/driver-problems.js';

export interface NodeLossSpec {
  node: NodeSelectionSpec;
  driver?: NodeDriverSpec;
  /** Losing a control-plane node loses the API server too; refused unless this is true. */
  allowControlPlane?: boolean;
}

/** How long a driver command may run (a kind container stop waits for its processes). */
const DRIVER_TIMEOUT_MS = 60_000;
/** How long a node may take to be Ready again once its driver started it. */
const BACK_TIMEOUT_MS = 150_000;

/**
 * The node stops talking to the control plane, as when a machine dies (C4): its driver stops it
 * (kind: the node's container; command: the user's command, e.g. stopping the kubelet). Its undo,
 * registered before the node is touched, starts it again and waits for Ready=True; it runs at a
 * `revert` step or at cleanup, whatever happens.
 *
 * The fault's own proof is the driver's success: the control plane notices a lost node only after
 * its node-monitor grace period (40 s by default), which is for the scenario's expectations
 * (nodeCondition, nodeTaint, evicted) to judge.
 */
export const nodeLoss: FaultPlugin<NodeLossSpec, 'nodeLoss'> = {
  kind: 'nodeLoss',
  reach: 'node',
  // The driver may take up to DRIVER_TIMEOUT_MS per node.
  defaultTimeoutMs: 3 * 60_000,
  schema: {
    type: 'object',
    description: 'Lose a node, as when its machine dies: it stops talking to the control plane until reverted (a revert step, or cleanup).',
    required: ['node'],
    properties: {
      node: NODE_SELECTION_SCHEMA,
      driver: NODE_DRIVER_SCHEMA,
      allowControlPlane: { type: 'boolean', description: 'Allow losing a control-plane node, and with it the API server (default false).' },
    },
  },
  describe: (spec) => `lose ${describeNodeSelection(spec.node)}`,
  validate: (spec) => [...nodeSelectionProblems(spec.node), ...driverProblems(spec.driver)],
  async inject(context, spec) {
    const nodes = chosenNodes(context, spec.node);
    const refused = nodes.filter((node) => isControlPlane(node) && spec.allowControlPlane !== true);
    if (refused.length > 0) {
      throw new FaultNotEffectiveError(`${refused.map(nameOf).join(', ')} run(s) the control plane: losing it loses the API server and the run with it (set allowControlPlane: true if that is the experiment)`);
    }
    const chosen = chooseNodeDriver(spec.driver, context.nodeDriver, context.cluster.contextName);
    if ('problem' in chosen) throw new Error(chosen.problem);
    const done: string[] = [];
    for (const node of nodes) done.push(await loseNode(context, nameOf(node), chosen.choice));
    return { summary: `${done.join('; ')}; the control plane notices after its node-monitor grace period (40s by default)`, pods: [] };
  },
};

export function chosenNodes(context: FaultContext, spec: NodeSelectionSpec): V1Node[] {
  if (context.nodes === undefined) {
    throw new Error('node faults are not enabled for this run: the cluster was not allowed (see --allow-context)');
  }
  try {
    return selectNodes(context.view(), spec);
  } catch (error) {
    throw new FaultNotEffectiveError((error as Error).message);
  }
}

async function loseNode(context: FaultContext, node: string, choice: NodeDriverChoice): Promise<string> {
  const driver = driverOf(choice);
  const settings = choice.settings;
  await context.onRevert({
    description: `bring node ${node} back`,
    manual: driver.describeStart(settings, node),
    node,
    pending: { node, action: 'start', driver: choice.name },
    async run(signal) {
      const started = await driver.start(settings, node, { signal, timeoutMs: DRIVER_TIMEOUT_MS });
      const ready = await context.waitFor((view) => isReady(view.node(node)), BACK_TIMEOUT_MS, signal);
      if (!ready) throw new Error(`${started}, but node ${node} was not Ready again within ${BACK_TIMEOUT_MS / 1000}s`);
      return `node ${node} back (${started}) and Ready`;
    },
  });
  context.markNode(node, `nodeLoss: ${driver.describeStop(settings, node)}`);
  context.log(`losing node ${node}: ${driver.describeStop(settings, node)}`);
  const stopped = await driver.stop(settings, node, { signal: context.signal, timeoutMs: DRIVER_TIMEOUT_MS });
  return `lost node ${node} (${stopped})`;
}

function isReady(node: V1Node | undefined): boolean {
  return node?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}
