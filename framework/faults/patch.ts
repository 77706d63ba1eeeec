import { PATCH_TYPES, type PatchType } from '../cluster/cluster-access.js';
import { FaultNotEffectiveError, type FaultPlugin } from './fault.js';
import {
  describeRef, objectRefProblems, objectRefSchema, onExistingObject, podsOf, resolveObjectRef, type ObjectRefSpec,
} from './object-ref.js';
import { describeLeaf, describeMismatch, patchLeaves, patchMismatches } from './patch-mismatches.js';

export interface PatchSpec {
  object: ObjectRefSpec;
  /** The patch, as `kubectl patch -p` takes it. */
  patch: Record<string, unknown>;
  /** Default strategic. */
  type?: PatchType;
}

/** How many fields or mismatches a message lists before it says "and N more". */
const SHOWN = 3;

/**
 * Patches any object of the run's namespace, as `kubectl patch` does (e.g. a Deployment's probe),
 * then reads it back and proves every field of the patch is in effect.
 */
export const patch: FaultPlugin<PatchSpec, 'patch'> = {
  kind: 'patch',
  schema: {
    type: 'object',
    description: 'Patch an object of the run\'s namespace (kubectl patch), e.g. change a Deployment\'s probe; the object is read back to check the patch is in effect.',
    required: ['object', 'patch'],
    properties: {
      object: objectRefSchema(),
      patch: {
        type: 'object',
        minProperties: 1,
        description: 'The patch: the fields to set, nested as in the object; null removes a field. Strategic patches merge containers by name.',
      },
      type: { enum: [...PATCH_TYPES], description: 'strategic (default; lists of containers, env, volumes merge by name) or merge (RFC 7386: lists are replaced; use it for custom resources).' },
    },
  },
  describe: (spec) => `patch ${describeRef(spec.object)} (${spec.type ?? 'strategic'})`,
  validate(spec) {
    const problems = objectRefProblems(spec.object);
    if (patchLeaves(spec.patch, spec.type ?? 'strategic').length === 0) {
      problems.push({ path: 'patch', message: 'the patch sets no field: give at least one value (null removes a field)' });
    }
    return problems;
  },
  async inject(context, spec) {
    const ref = resolveObjectRef(spec.object);
    const type = spec.type ?? 'strategic';
    await onExistingObject(ref, context.namespace, () => context.cluster.patchObject(context.namespace, ref, spec.patch, type, context.signal));
    const live = await context.cluster.readObject(context.namespace, ref, context.signal);
    if (live === undefined) throw new FaultNotEffectiveError(`${describeRef(ref)} was patched, but it was gone when read back`);
    const mismatches = patchMismatches(spec.patch, live, type);
    if (mismatches.length > 0) {
      throw new FaultNotEffectiveError(
        `the API server accepted the ${type} patch of ${describeRef(ref)}, but reading it back shows it not in effect: ${listed(mismatches.map(describeMismatch))}`
        + ' (did a controller or an admission webhook change it back, or does the server store it differently?)',
      );
    }
    const leaves = patchLeaves(spec.patch, type);
    return {
      summary: `patched ${describeRef(ref)} (${type}): ${listed(leaves.map(describeLeaf))} (read back: in effect)`,
      pods: podsOf(ref),
    };
  },
};

/** `a; b; c; and 2 more` */
function listed(items: readonly string[]): string {
  const shown = items.slice(0, SHOWN).join('; ');
  return items.length > SHOWN ? `${shown}; and ${items.length - SHOWN} more` : shown;
}
