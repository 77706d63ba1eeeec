import { resolveTarget, targetProblems } from '../model/target.js';
import { FaultNotEffectiveError, type FaultPlugin } from './fault.js';
import { describeText, fileTextSchema, readBack, type FileTextSpec } from './file-text.js';
import { pickPods } from './pick-pods.js';
import { runInContainer, shell } from './run-in-container.js';

export type AppendFileSpec = FileTextSpec;

/**
 * Appends text to a file in a container (creating it if needed), through exec with the path and
 * text as arguments, never quoted into the script; then reads the file back and proves it ends
 * with that text.
 */
export const appendFile: FaultPlugin<AppendFileSpec, 'appendFile'> = {
  kind: 'appendFile',
  schema: fileTextSchema(
    'Append text to a file in a container (printf >> file), creating it if needed; the file is read back.',
    { minLength: 1, description: 'The text to append, as is: end it with a newline ("...\\n") to add a whole line.' },
  ),
  describe: (spec) => `append ${describeText(spec.content)} to ${spec.path} in ${resolveTarget(spec.target).text}`,
  validate: (spec) => targetProblems(spec.target),
  async inject(context, spec) {
    const { pods } = pickPods(context, spec.target);
    for (const picked of pods) {
      await runInContainer(context, picked, shell('printf %s "$2" >> "$1"', spec.path, spec.content), `appending to ${spec.path}`);
      const text = await readBack(context, picked, spec.path);
      if (!text.endsWith(spec.content)) {
        throw new FaultNotEffectiveError(
          `appended ${describeText(spec.content)} to ${spec.path} in ${picked.name}/${picked.container}, but reading it back, the file does not end with it: `
          + `it ends with ${describeText(text.slice(-Math.max(spec.content.length, 40)))}`,
        );
      }
    }
    return {
      summary: `appended ${describeText(spec.content)} to ${spec.path} in ${pods.map((p) => `${p.name}/${p.container}`).join(', ')} (read back: the file ends with it)`,
      pods: pods.map((p) => p.name),
    };
  },
};
