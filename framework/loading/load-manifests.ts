import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest, SourcePosition } from '../model/scenario.js';
import { childPointer, dottedPath } from './json-pointer.js';
import { checkManifest } from './manifest-rules.js';
import type { ScenarioProblem } from './problems.js';
import { readSourceText } from './read-source.js';
import { parseYamlDocuments, type YamlDocument } from './source-map.js';

export interface LoadedManifests {
  readonly manifests: Manifest[];
  readonly problems: ScenarioProblem[];
}

/**
 * Reads the scenario's `spec.manifests`: files (relative to the scenario file, several documents
 * each allowed) and inline objects, in order. A file that is missing or does not parse is reported
 * at its entry in the scenario; a problem inside a manifest is reported where it is written.
 * `skip(pointer)` tells which entries the schema already rejected.
 */
export async function loadManifests(scenario: YamlDocument, entries: unknown, skip: (pointer: string) => boolean): Promise<LoadedManifests> {
  const manifests: Manifest[] = [];
  const problems: ScenarioProblem[] = [];
  const seen = new Map<string, SourcePosition>();
  const accept = (document: YamlDocument, pointer: string): void => {
    const check = checkManifest(document, pointer);
    problems.push(...check.problems);
    const duplicate = check.identity === undefined ? undefined : recordIdentity(seen, check.identity, document, pointer);
    if (duplicate) problems.push(duplicate);
    else if (check.object) manifests.push({ object: check.object, source: { file: document.file, ...document.valueAt(pointer) } });
  };
  if (!Array.isArray(entries)) return { manifests, problems };

  for (const [index, entry] of entries.entries()) {
    const pointer = childPointer('/spec/manifests', index);
    if (skip(pointer)) continue;
    if (typeof entry !== 'string') {
      accept(scenario, pointer);
      continue;
    }
    const entryProblem = (message: string): ScenarioProblem =>
      scenario.problem('manifest', pointer, dottedPath(pointer, scenario.value), message);
    const file = path.isAbsolute(entry) ? entry : path.join(path.dirname(scenario.file), entry);
    const source = await readSourceText(file, `manifest file ${file}`);
    if (!source.ok) {
      const hint = source.reason === 'missing' ? await missingFileHint(entry, scenario.file) : '';
      problems.push(entryProblem(`${source.problem.message}${hint}`));
      continue;
    }
    const parsed = parseYamlDocuments(source.text, file);
    if (!parsed.ok) {
      // Reported where the fix belongs, in the manifest file, saying which scenario entry lists it.
      const listed = scenario.valueAt(pointer);
      problems.push({ ...parsed.problem, message: `${parsed.problem.message} (in a manifest file listed at ${scenario.file}:${listed.line}:${listed.column})` });
      continue;
    }
    const documents = parsed.documents.filter((d) => d.value !== null && d.value !== undefined);
    if (documents.length === 0) {
      problems.push(entryProblem(`manifest file ${file} is empty; expected at least one Kubernetes object`));
      continue;
    }
    for (const document of documents) accept(document, '');
  }
  return { manifests, problems };
}

/** Two manifests with the same kind and name would overwrite each other when applied. */
function recordIdentity(seen: Map<string, SourcePosition>, identity: string, document: YamlDocument, pointer: string): ScenarioProblem | undefined {
  const namePointer = childPointer(childPointer(pointer, 'metadata'), 'name');
  const first = seen.get(identity);
  if (!first) {
    seen.set(identity, { file: document.file, ...document.valueAt(namePointer) });
    return undefined;
  }
  const [kind, name] = identity.split('/') as [string, string];
  return document.problem('duplicate', namePointer, dottedPath(namePointer, document.value),
    `duplicate manifest ${kind} "${name}"; ${first.file}:${first.line}:${first.column} defines it too`);
}

/**
 * Why a manifest path was not found, and what to write instead when the path names a file
 * relative to the working directory (where the command ran) rather than to the scenario.
 */
async function missingFileHint(entry: string, scenarioFile: string): Promise<string> {
  const fromCwd = path.resolve(entry);
  const exists = await stat(fromCwd).then((s) => s.isFile(), () => false);
  if (path.isAbsolute(entry) || !exists) return ' (paths are relative to the scenario file)';
  const relative = path.relative(path.dirname(path.resolve(scenarioFile)), fromCwd).split(path.sep).join('/');
  return ` (paths are relative to the scenario file, not to the working directory: write ${relative})`;
}
