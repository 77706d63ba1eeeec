import path from 'node:path';
import type { Manifest, SourcePosition } from '../model/scenario.js';
import { childPointer, dottedPath } from './json-pointer.js';
import { checkManifest } from './manifest-rules.js';
import { formatProblem, type ScenarioProblem } from './problems.js';
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
      const hint = source.reason === 'missing' ? ' (paths are relative to the scenario file)' : '';
      problems.push(entryProblem(`${source.problem.message}${hint}`));
      continue;
    }
    const parsed = parseYamlDocuments(source.text, file);
    if (!parsed.ok) {
      problems.push(entryProblem(`manifest file ${file} does not parse: ${formatProblem(parsed.problem)}`));
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
