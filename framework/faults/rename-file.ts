import type { FaultPlugin } from './fault.js';
import { pickPods } from './pick-pods.js';
import { runInContainer, shell } from './run-in-container.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';

export interface RenameFileSpec {
  target: TargetSpec;
  from: string;
  to: string;
}

/**
 * Renames a file in a container (e.g. nginx's index.html, so an httpGet probe gets 404),
 * then proves it: `from` is gone and `to` exists.
 */
export const renameFile: FaultPlugin<RenameFileSpec, 'renameFile'> = {
  kind: 'renameFile',
  schema: {
    type: 'object',
    description: 'Rename a file in a container (mv), e.g. so an httpGet probe fails with 404.',
    required: ['target', 'from', 'to'],
    properties: {
      target: TARGET_SCHEMA,
      from: { type: 'string', pattern: '^/', description: 'Absolute path of the file to rename.' },
      to: { type: 'string', pattern: '^/', description: 'Absolute path of the new name.' },
    },
  },
  describe: (spec) => `rename ${spec.from} to ${spec.to} in ${resolveTarget(spec.target).text}`,
  validate: (spec) => targetProblems(spec.target),
  async inject(context, spec) {
    const { pods } = pickPods(context, spec.target);
    for (const picked of pods) {
      await runInContainer(context, picked, ['mv', spec.from, spec.to], `mv ${spec.from} ${spec.to}`);
      await runInContainer(context, picked, shell('test ! -e "$1" && test -e "$2"', spec.from, spec.to),
        `checking that ${spec.from} is gone and ${spec.to} exists`);
    }
    return {
      summary: `renamed ${spec.from} to ${spec.to} in ${pods.map((p) => `${p.name}/${p.container}`).join(', ')} (checked: old name gone, new name present)`,
      pods: pods.map((p) => p.name),
    };
  },
};
