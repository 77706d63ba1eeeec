import type { NodeReferenceSpec } from '../../nodes/node-reference.js';
import { ASSUMPTIONS, type Assumption } from '../assumptions.js';
import type { NodeChange } from '../node-changes.js';
import type { EstimateContext } from './estimate.js';

/**
 * The node change a node expectation is timed from: the node fault step (or its revert) just before it, as
 * long as the expectation judges that fault's node(s), i.e. names none of its own.
 */
export function nodeChangeOf(context: EstimateContext, reference?: NodeReferenceSpec): { readonly change: NodeChange; readonly name: string } | { readonly unknown: string } {
  const { cause } = context;
  if (cause.kind === 'unknown') return { unknown: cause.why };
  if (cause.kind !== 'fault' || cause.node === undefined) {
    return { unknown: cause.kind === 'fault' ? `${cause.name} acts on no node` : 'no node fault comes before this step' };
  }
  if (reference !== undefined) return { unknown: 'it names its own node(s), which may not be the ones the node fault acted on' };
  return { change: cause.node, name: cause.name };
}

/** The assumptions behind every time counted from a node loss. */
export const LOSS_ASSUMPTIONS: readonly Assumption[] = [ASSUMPTIONS.controlPlaneDefaults, ASSUMPTIONS.nodeStopReturns, ASSUMPTIONS.notOverloaded];

/** The assumptions behind times counted from the end of a revert step. */
export const RETURN_ASSUMPTIONS: readonly Assumption[] = [ASSUMPTIONS.nodeReturnNotTimed, ASSUMPTIONS.controlPlaneDefaults, ASSUMPTIONS.notOverloaded];
