import type { FaultPlugin } from './fault.js';

export interface RevertSpec {
  /** The name of the earlier step whose fault to undo (a nodeLoss or drainNode step). */
  step: string;
}

/**
 * Undoes an earlier fault that changed something outside the namespace: starts a lost node again
 * and waits for it to be Ready, or uncordons a drained one. Without this step the undo still runs,
 * at cleanup; with it, the scenario can judge what happens once the node is back.
 */
export const revert: FaultPlugin<RevertSpec, 'revert'> = {
  kind: 'revert',
  // A lost node's undo may run its driver (up to 60 s) and then wait for Ready (up to 150 s).
  defaultTimeoutMs: 4 * 60_000,
  schema: {
    type: 'object',
    description: 'Undo the fault of an earlier step (bring a lost node back, uncordon a drained one).',
    required: ['step'],
    properties: {
      step: { type: 'string', minLength: 1, description: 'The name of the earlier nodeLoss or drainNode step.' },
    },
  },
  describe: (spec) => `revert "${spec.step}"`,
  async inject(context, spec) {
    const summaries = await context.revertStep(spec.step);
    return { summary: summaries.join('; '), pods: [] };
  },
};
