import type { SchemaObject } from 'ajv';
import { TARGET_SCHEMA, type TargetSpec } from '../model/target.js';
import type { FaultContext } from './fault.js';
import type { PickedPod } from './pick-pods.js';
import { runInContainer } from './run-in-container.js';

/** What writeFile and appendFile take: text for a file in a container. */
export interface FileTextSpec {
  target: TargetSpec;
  /** Absolute path in the container. */
  path: string;
  content: string;
}

/** Text travels as one command-line argument; Linux caps one at 128 KiB. */
const MAX_CONTENT = 65_536;

export function fileTextSchema(description: string, content: SchemaObject): SchemaObject {
  return {
    type: 'object',
    description,
    required: ['target', 'path', 'content'],
    properties: {
      target: TARGET_SCHEMA,
      path: { type: 'string', pattern: '^/', description: 'Absolute path of the file in the container.' },
      content: { type: 'string', maxLength: MAX_CONTENT, ...content },
    },
  };
}

/** The file's text as the container sees it (`cat`); a file that cannot be read fails the fault. */
export async function readBack(context: FaultContext, picked: PickedPod, path: string): Promise<string> {
  const result = await runInContainer(context, picked, ['cat', path], `reading ${path} back`);
  return result.stdout;
}

/** Text for a message: quoted, cut short, with its length. */
export function describeText(text: string): string {
  const bytes = Buffer.byteLength(text);
  const shown = text.length > 80 ? `${JSON.stringify(text.slice(0, 77))}...` : JSON.stringify(text);
  return `${shown} (${bytes} byte${bytes === 1 ? '' : 's'})`;
}
