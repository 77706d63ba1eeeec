import type { ReadySpec } from '../../expectations/ready.js';
import { resolveTarget } from '../../model/target.js';
import { CONTROLLER_WRITE, NODE_UNKNOWN_AFTER_LOSS } from '../control-plane-constants.js';
import { podsOnNodes } from '../node-changes.js';
import { plus } from '../time-range.js';
import { pickTemplate, unknown, type EstimateContext, type EstimateResult } from './estimate.js';
import { LOSS_ASSUMPTIONS, nodeChangeOf } from './node-cause.js';

/**
 * `ready` after a node fault: the pods of a lost node turn not Ready in the same controller pass that turns
 * the node Ready=Unknown (the controller writes their Ready condition, as their kubelet cannot). Whatever
 * else follows a node fault (replacements starting elsewhere, pods back on a node) is not timed.
 */
export function readyAfterNodeFault(spec: ReadySpec, context: EstimateContext): EstimateResult {
  const node = nodeChangeOf(context);
  if ('unknown' in node) return node;
  const { change, name } = node;
  if (change.kind !== 'lost') return unknown(`Ready after ${name} depends on pods starting, which is not timed`);
  if (spec.status !== false) return unknown(`pods turn Ready after a node loss only as replacements start elsewhere, which is not timed`);
  const target = resolveTarget(spec.target);
  const picked = pickTemplate(spec.target, context, 'any');
  if ('unknown' in picked) return picked;
  const on = podsOnNodes(change.fault, picked.template, context.templates);
  if (on === 'unknown') return unknown(`whether pods of ${picked.template.owner} run on the lost node is up to the scheduler`);
  if (target.match === 'all' && on !== 'every') return unknown(`only some of the ${picked.template.replicas} replicas of ${picked.template.owner} run on the lost node`);
  return {
    estimate: {
      outcome: 'NotReady', measures: 'moment', assumptions: LOSS_ASSUMPTIONS, template: picked.template,
      range: plus(NODE_UNKNOWN_AFTER_LOSS, CONTROLLER_WRITE),
      rule: `the node lifecycle controller turns the node Ready=Unknown 30–45s after ${name} (40s node-monitor grace period after its last heartbeat, renewed every 10s; checked every 5s) and marks its pods not Ready in the same pass`,
    },
  };
}
