import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PLUGINS, type PluginCatalog } from './plugin-catalog.js';
import { buildScenarioSchema } from './scenario-schema.js';

/** Where the committed schema lives, for editors (`# yaml-language-server: $schema=...`). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema/scenario.v1alpha1.schema.json', import.meta.url));

/** The schema file's exact text: stable key order, two-space indent, trailing newline. */
export function scenarioSchemaText(plugins: PluginCatalog = BUILTIN_PLUGINS): string {
  return `${JSON.stringify(buildScenarioSchema(plugins), null, 2)}\n`;
}

/**
 * Regenerates schema/scenario.v1alpha1.schema.json from the plugins. Run after adding or
 * changing a fault or expectation: `node dist/framework/loading/write-schema.js`.
 */
export async function writeScenarioSchema(options: { file?: string; plugins?: PluginCatalog } = {}): Promise<string> {
  const file = options.file ?? SCHEMA_FILE;
  await writeFile(file, scenarioSchemaText(options.plugins));
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeScenarioSchema().then(
    (file) => console.log(`wrote ${file}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
