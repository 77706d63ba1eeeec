import type { NodeConditionSpec } from '../../expectations/node-condition.js';
import { CONTROLLER_WRITE, NODE_UNKNOWN_AFTER_LOSS } from '../control-plane-constants.js';
import { unknown, type Estimator } from './estimate.js';
import { LOSS_ASSUMPTIONS, nodeChangeOf, RETURN_ASSUMPTIONS } from './node-cause.js';

/** The conditions the node lifecycle controller sets to Unknown when it gives up on a node (NetworkUnavailable is left). */
const SET_UNKNOWN_BY_CONTROLLER: ReadonlySet<string> = new Set(['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']);

/**
 * `nodeCondition`: Unknown after a node loss, once the node-monitor grace period has passed since its last
 * heartbeat; Ready=True again when a revert step ends (it waits for that).
 */
export const nodeConditionEstimate: Estimator<NodeConditionSpec> = (spec, context) => {
  const node = nodeChangeOf(context, spec.node);
  if ('unknown' in node) return node;
  const type = spec.type ?? 'Ready';
  const statuses = Array.isArray(spec.status) ? spec.status : [spec.status];
  const { change, name } = node;
  switch (change.kind) {
    case 'lost':
      if (!statuses.includes('Unknown')) {
        return unknown(statuses.includes('True')
          ? `a lost node keeps ${type}=True until the control plane gives up on it`
          : `a lost node turns ${type}=Unknown, not False: only a running kubelet posts False`);
      }
      if (!SET_UNKNOWN_BY_CONTROLLER.has(type)) return unknown(`the node lifecycle controller leaves condition ${type} as the kubelet last posted it`);
      return {
        estimate: {
          outcome: `${type}=Unknown`, range: NODE_UNKNOWN_AFTER_LOSS, measures: 'moment', assumptions: LOSS_ASSUMPTIONS,
          rule: `the node's last heartbeat (its Lease, renewed every 10s) came up to 10s before ${name}, and the node lifecycle controller, checking every 5s, turns it ${type}=Unknown once that heartbeat is older than the 40s node-monitor grace period`,
        },
      };
    case 'back':
      if (type !== 'Ready' || !statuses.includes('True')) return unknown(`the revert step waits for Ready=True only; ${type} is up to the node's kubelet`);
      return {
        estimate: {
          outcome: 'Ready=True', range: CONTROLLER_WRITE, measures: 'moment', assumptions: RETURN_ASSUMPTIONS,
          rule: `${name} ends only once the watch shows the node Ready again`,
        },
      };
    case 'drained':
    case 'uncordoned':
      return unknown('a drain leaves the node\'s conditions as they were');
  }
};
