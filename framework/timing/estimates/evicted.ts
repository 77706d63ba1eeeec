import type { EvictedSpec } from '../../expectations/evicted.js';
import { ASSUMPTIONS, type Assumption } from '../assumptions.js';
import { containerProfile } from '../container-profile.js';
import { containerStop } from '../container-stop.js';
import {
  CONTROLLER_WRITE, FULL_DISRUPTION_SAFE_TOLERATION_MS, NO_EXECUTE_AFTER_UNKNOWN, NODE_UNKNOWN_AFTER_LOSS, UNREACHABLE_TAINT,
} from '../control-plane-constants.js';
import { STATUS_SYNC } from '../kubelet-constants.js';
import { podsOnNodes, type NodeChange } from '../node-changes.js';
import type { PodTemplate } from '../pod-templates.js';
import { formatSeconds, later, plus, timeRange } from '../time-range.js';
import { describeToleration, toleratedMs, unreachableToleration } from '../tolerations.js';
import { pickTemplate, unknown, type EstimateContext, type EstimateResult, type Estimator } from './estimate.js';
import { LOSS_ASSUMPTIONS, nodeChangeOf, RETURN_ASSUMPTIONS } from './node-cause.js';

/**
 * `evicted`: after a node loss, the taint manager marks each pod of the node for deletion once its toleration
 * for the unreachable:NoExecute taint runs out, unless every node is lost (full disruption mode: nothing is
 * evicted); a drain evicts at once; evicted pods of a lost node are gone only once it is back.
 */
export const evictedEstimate: Estimator<EvictedSpec> = (spec, context) => {
  const node = nodeChangeOf(context);
  if ('unknown' in node) return node;
  const templates = spec.target === undefined ? context.templates : pickedTemplates(spec, context);
  if ('unknown' in templates) return templates;
  if (templates.length === 0) return unknown('no pod template in the manifests');
  const { change, name } = node;
  switch (change.kind) {
    case 'lost':
      if (spec.gone) return unknown('a lost node\'s evicted pods stay Terminating until it is back: nobody else can confirm their containers stopped');
      return afterLoss(change, name, templates, context);
    case 'drained':
      if (spec.gone) return unknown('how long evicted pods take to go is left to the terminating expectation');
      return afterDrain(name, templates);
    case 'back':
      if (!spec.gone) return unknown('a returning node posts Ready=False first and is tainted not-ready:NoExecute until it is Ready: whether a toleration runs out meanwhile depends on how fast its kubelet starts');
      if (change.fault.scope.kind === 'all') return unknown('with every node lost nothing was evicted (full disruption mode)');
      return goneAfterReturn(name, templates);
    case 'uncordoned':
      return unknown('an uncordon evicts nothing');
  }
};

function pickedTemplates(spec: EvictedSpec, context: EstimateContext): PodTemplate[] | { readonly unknown: string } {
  const picked = pickTemplate(spec.target!, context, 'any');
  return 'unknown' in picked ? picked : [picked.template];
}

function afterLoss(change: NodeChange, cause: string, templates: readonly PodTemplate[], context: EstimateContext): EstimateResult {
  const reach = templates.map((template) => podsOnNodes(change.fault, template, context.templates));
  if (reach.every((r) => r === 'unknown')) {
    return unknown(`which of the pods run on ${change.fault.scope.kind === 'hosting' ? 'the lost node' : 'the lost nodes'} is up to the scheduler`);
  }
  const tolerations = templates.map(unreachableToleration);
  const same = tolerations.every((t) => toleratedMs(t) === toleratedMs(tolerations[0]!));
  if (!same) return unknown(`the pods tolerate the lost node for different times (${templates.map((t, i) => `${t.owner}: ${describeToleration(tolerations[i]!)}`).join('; ')})`);
  const toleration = tolerations[0]!;
  const owners = templates.map((t) => t.owner).join(', ');
  if (change.fault.scope.kind === 'all') {
    if (toleratedMs(toleration) < FULL_DISRUPTION_SAFE_TOLERATION_MS) {
      return unknown(`every node is lost, so nothing should be evicted, but a toleration of ${formatSeconds(toleratedMs(toleration))} may run out while the nodes turn Unknown one controller pass apart`);
    }
    return {
      never: {
        outcome: 'evicted',
        rule: `with every node lost in ${cause}, the node lifecycle controller enters full disruption mode: the nodes turn Unknown, but it takes the NoExecute taints off and evicts nothing (the pods of ${owners} have ${describeToleration(toleration)})`,
        assumptions: [ASSUMPTIONS.controlPlaneDefaults, ASSUMPTIONS.lostTogether],
      },
    };
  }
  if (change.fault.scope.kind === 'selector') return unknown('with several nodes lost the controller taints them NoExecute one every 10s (--node-eviction-rate 0.1), and evicts nothing if the selector matched every node');
  if (toleration.source === 'forever') {
    return { never: { outcome: 'evicted', rule: `${toleration.why}, so the taint manager never evicts them from a lost node`, assumptions: [ASSUMPTIONS.tolerationEviction] } };
  }
  const tolerated = timeRange(toleration.seconds * 1000, toleration.seconds * 1000, toleration.seconds * 1000);
  const assumptions: Assumption[] = [...LOSS_ASSUMPTIONS.slice(0, -1), ASSUMPTIONS.tolerationEviction, ASSUMPTIONS.otherNodesReady, ASSUMPTIONS.notOverloaded];
  return {
    estimate: {
      outcome: 'evicted (Terminating)', measures: 'moment', assumptions,
      range: plus(NODE_UNKNOWN_AFTER_LOSS, NO_EXECUTE_AFTER_UNKNOWN, tolerated, CONTROLLER_WRITE),
      rule: `the node lifecycle controller taints the node ${UNREACHABLE_TAINT}:NoExecute 30–51s after ${cause} (Ready=Unknown 40s after its last heartbeat, renewed every 10s; the taint in the same 5s pass or the next), and the taint manager evicts the pods of ${owners} when their ${describeToleration(toleration)} run out`,
      ...(templates.length === 1 && { template: templates[0]! }),
    },
  };
}

function afterDrain(cause: string, templates: readonly PodTemplate[]): EstimateResult {
  const daemonSets = templates.filter((t) => t.owner.startsWith('DaemonSet '));
  if (daemonSets.length === templates.length) {
    return { never: { outcome: 'evicted', rule: `a drain leaves DaemonSet pods (${daemonSets.map((t) => t.owner).join(', ')}) on the node: their controller ignores the cordon`, assumptions: [ASSUMPTIONS.drainEvictsAtOnce] } };
  }
  if (daemonSets.length > 0) return unknown(`a drain leaves DaemonSet pods (${daemonSets.map((t) => t.owner).join(', ')}) on the node`);
  return {
    estimate: {
      outcome: 'evicted (Terminating)', measures: 'moment', range: CONTROLLER_WRITE,
      rule: `${cause} ends only once the run's pods that were on the node are Terminating (evicted through the Eviction API, no toleration)`,
      assumptions: [ASSUMPTIONS.drainEvictsAtOnce, ASSUMPTIONS.notOverloaded],
      ...(templates.length === 1 && { template: templates[0]! }),
    },
  };
}

/**
 * A lost node's evicted pods go once it is back: its kubelet stops their containers (within their grace
 * period) and the pod objects go at its next status sync. The kubelet starts before the node is Ready,
 * so this counts from the end of the revert step at the latest.
 */
function goneAfterReturn(cause: string, templates: readonly PodTemplate[]): EstimateResult {
  const stops = templates.flatMap((t) => t.containerNames.flatMap((container) => {
    const profile = containerProfile(t.podSpec, container);
    return profile ? [containerStop(profile)] : [];
  }));
  if (stops.length === 0) return unknown('the templates name no container');
  const stop = stops.reduce(later);
  return {
    estimate: {
      outcome: 'evicted pods gone', measures: 'moment',
      range: timeRange(0, stop.typicalMs, stop.latestMs + STATUS_SYNC.latestMs),
      rule: `${cause} ends once the node is Ready, and its kubelet, started before that, stops the evicted pods' containers and deletes them at its next status sync`,
      assumptions: [...RETURN_ASSUMPTIONS.slice(0, -1), ASSUMPTIONS.statusSync, ASSUMPTIONS.notOverloaded],
      ...(templates.length === 1 && { template: templates[0]! }),
    },
  };
}
