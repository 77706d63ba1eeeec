import { resolveTarget, targetProblems } from '../model/target.js';
import { FaultNotEffectiveError, type FaultPlugin } from './fault.js';
import { describeText, fileTextSchema, readBack, type FileTextSpec } from './file-text.js';
import { pickPods } from './pick-pods.js';
import { runInContainer, shell } from './run-in-container.js';

export type WriteFileSpec = FileTextSpec;

/**
 * Replaces a file's content in a container (e.g. a config file or a page a probe reads), through
 * exec with the path and text as arguments, never quoted into the script; then reads the file
 * back and proves it holds exactly that text.
 */
export const writeFile: FaultPlugin<WriteFileSpec, 'writeFile'> = {
  kind: 'writeFile',
  schema: fileTextSchema(
    'Write text to a file in a container, replacing what it held (printf > file), e.g. to break a config; the file is read back.',
    { description: 'The file\'s new content, written as is (no newline is added). Empty makes an empty file.' },
  ),
  describe: (spec) => `write ${describeText(spec.content)} to ${spec.path} in ${resolveTarget(spec.target).text}`,
  validate: (spec) => targetProblems(spec.target),
  async inject(context, spec) {
    const { pods } = pickPods(context, spec.target);
    for (const picked of pods) {
      await runInContainer(context, picked, shell('printf %s "$2" > "$1"', spec.path, spec.content), `writing ${spec.path}`);
      const text = await readBack(context, picked, spec.path);
      if (text !== spec.content) {
        throw new FaultNotEffectiveError(
          `wrote ${describeText(spec.content)} to ${spec.path} in ${picked.name}/${picked.container}, but reading it back gives ${describeText(text)}`,
        );
      }
    }
    return {
      summary: `wrote ${describeText(spec.content)} to ${spec.path} in ${pods.map((p) => `${p.name}/${p.container}`).join(', ')} (read back: same content)`,
      pods: pods.map((p) => p.name),
    };
  },
};
