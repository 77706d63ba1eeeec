import type { NodeTaintSpec } from '../../expectations/node-taint.js';
import { ASSUMPTIONS } from '../assumptions.js';
import {
  CONTROLLER_WRITE, CORDON_TAINT, NO_EXECUTE_AFTER_UNKNOWN, NODE_UNKNOWN_AFTER_LOSS, NOT_READY_TAINT, TAINTS_CLEARED_AFTER_READY,
  UNREACHABLE_TAINT, UNSCHEDULABLE_TAINT,
} from '../control-plane-constants.js';
import { plus } from '../time-range.js';
import { unknown, type EstimateResult, type Estimator } from './estimate.js';
import { LOSS_ASSUMPTIONS, nodeChangeOf, RETURN_ASSUMPTIONS } from './node-cause.js';

/**
 * `nodeTaint`: the taints the control plane puts on a lost node (unreachable:NoSchedule with the Unknown
 * condition, :NoExecute in the same controller pass or the next) and takes off when it is back, and the
 * unschedulable taint of a cordoned node.
 */
export const nodeTaintEstimate: Estimator<NodeTaintSpec> = (spec, context) => {
  const node = nodeChangeOf(context, spec.node);
  if ('unknown' in node) return node;
  const present = spec.present ?? true;
  const { change, name } = node;
  const taint = `${spec.key}${spec.effect ? `:${spec.effect}` : ''}`;
  switch (change.kind) {
    case 'lost': {
      if (!present) return unknown(`a lost node keeps its taints until it is back`);
      if (spec.key === NOT_READY_TAINT) return unknown(`a lost node is tainted ${UNREACHABLE_TAINT}; ${NOT_READY_TAINT} follows Ready=False, which only a running kubelet posts`);
      if (spec.key !== UNREACHABLE_TAINT) return unknown(`a node loss brings no ${spec.key} taint`);
      if (spec.effect === 'PreferNoSchedule') return unknown(`the controller taints a lost node NoSchedule and NoExecute, never PreferNoSchedule`);
      if (spec.effect !== 'NoExecute') return lossTaint(taint, name, false);
      if (change.fault.scope.kind === 'all') return unknown('with every node lost the controller enters full disruption mode and takes NoExecute taints off (one may show for a moment while the nodes turn Unknown)');
      if (change.fault.scope.kind === 'selector') return unknown('with several nodes lost the controller taints them NoExecute one every 10s (--node-eviction-rate 0.1), and not at all if the selector matched every node');
      return lossTaint(taint, name, true);
    }
    case 'back':
      if (present) return unknown(`a node that is back loses its ${UNREACHABLE_TAINT} and ${NOT_READY_TAINT} taints`);
      if (spec.key !== UNREACHABLE_TAINT && spec.key !== NOT_READY_TAINT) return unknown(`the control plane's node taints are ${UNREACHABLE_TAINT} and ${NOT_READY_TAINT}; ${spec.key} is not one of them`);
      return {
        estimate: {
          outcome: `no ${taint} taint`, range: TAINTS_CLEARED_AFTER_READY, measures: 'moment', assumptions: RETURN_ASSUMPTIONS,
          rule: `${name} ends once the node is Ready again; the controller takes the NoSchedule taints off with that condition and the NoExecute ones at its next pass, every 5s`,
        },
      };
    case 'drained':
    case 'uncordoned': {
      const wanted = change.kind === 'drained';
      if (spec.key !== UNSCHEDULABLE_TAINT || (spec.effect !== undefined && spec.effect !== 'NoSchedule')) return unknown(`a cordon adds or removes only the ${UNSCHEDULABLE_TAINT}:NoSchedule taint`);
      if (present !== wanted) return unknown(wanted ? 'a drained node stays cordoned until it is uncordoned' : 'an uncordoned node stays schedulable');
      return {
        estimate: {
          outcome: `${present ? '' : 'no '}${taint} taint`, range: CORDON_TAINT, measures: 'moment',
          assumptions: [...(wanted ? [ASSUMPTIONS.drainEvictsAtOnce] : []), ASSUMPTIONS.controlPlaneDefaults, ASSUMPTIONS.notOverloaded],
          rule: `${name} ${wanted ? 'cordons the node first' : 'makes the node schedulable'}, and the node lifecycle controller ${wanted ? 'adds' : 'removes'} the ${UNSCHEDULABLE_TAINT}:NoSchedule taint as soon as it sees the node change`,
        },
      };
    }
  }
};

function lossTaint(taint: string, cause: string, noExecute: boolean): EstimateResult {
  return {
    estimate: {
      outcome: `${taint} taint`, measures: 'moment', assumptions: LOSS_ASSUMPTIONS,
      range: noExecute ? plus(NODE_UNKNOWN_AFTER_LOSS, NO_EXECUTE_AFTER_UNKNOWN) : plus(NODE_UNKNOWN_AFTER_LOSS, CONTROLLER_WRITE),
      rule: noExecute
        ? `the node lifecycle controller turns the node Ready=Unknown 30–45s after ${cause} (40s node-monitor grace period after its last heartbeat, renewed every 10s; checked every 5s) and adds ${UNREACHABLE_TAINT}:NoExecute in the same pass or the next`
        : `the node lifecycle controller turns the node Ready=Unknown 30–45s after ${cause} (40s node-monitor grace period after its last heartbeat, renewed every 10s; checked every 5s) and taints it ${UNREACHABLE_TAINT}:NoSchedule with it`,
    },
  };
}
