import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { API_VERSION, SCENARIO_KIND, type Scenario } from '../model/scenario.js';
import { planScenario, type PlannedScenario } from './build-scenario.js';
import { isWithin } from './json-pointer.js';
import type { TextPosition } from './line-index.js';
import { loadManifests } from './load-manifests.js';
import { BUILTIN_PLUGINS, type PluginCatalog } from './plugin-catalog.js';
import { InvalidScenarioError, sortProblems, type ScenarioProblem } from './problems.js';
import { readSourceText } from './read-source.js';
import { buildScenarioSchema } from './scenario-schema.js';
import { describeValue } from './schema-messages.js';
import { SchemaValidator } from './schema-validation.js';
import { checkObjectRefScope } from './object-ref-scope.js';
import { checkSelectorReach } from './selector-reach.js';
import { checkSemantics, checkTimingWindows } from './semantic-checks.js';
import { parseYamlDocuments } from './source-map.js';

export interface LoadOptions {
  /** The fault and expectation kinds scenarios may use. Default: the registries. */
  readonly plugins?: PluginCatalog;
  /**
   * Report `within` windows the kubelet's timing rules say can never be met (a restart expected sooner than
   * a liveness probe can fail failureThreshold times). On by default in loadScenarios, which `faultline
   * validate` and `faultline run` use; off by default in loadScenario, which programs also use against
   * simulated kubelets that follow no such rules.
   */
  readonly timingChecks?: boolean;
  /**
   * Report target selectors that match none of the pods the manifests create (`app=wbe`), where Faultline
   * can tell (see selector-reach.ts). On by default in loadScenarios; off by default in loadScenario, whose
   * programs may run against fake clusters that hold pods of their own making.
   */
  readonly selectorChecks?: boolean;
}

/**
 * Loads one scenario file, validated and resolved; never talks to a cluster.
 * Throws InvalidScenarioError with every problem found (schema, semantic, manifests).
 *
 * @example
 * const scenario = await loadScenario('scenarios/http-liveness-rename.yaml');
 * scenario.steps[1] // => { action: 'fault', fault: { kind: 'renameFile', spec: {...} }, ... }
 */
export async function loadScenario(file: string, options: LoadOptions = {}): Promise<Scenario> {
  const outcome = await readScenario(file, 'named', options.plugins ?? BUILTIN_PLUGINS, {
    timing: options.timingChecks ?? false, selectors: options.selectorChecks ?? false,
  });
  if (outcome.kind === 'scenario') return outcome.scenario;
  // A named file is never skipped: it is a scenario or it has problems.
  throw new InvalidScenarioError(outcome.kind === 'invalid' ? outcome.problems : []);
}

/**
 * Loads scenario files and directories. Directories are searched recursively for *.yaml and
 * *.yml; there, only files whose apiVersion starts with `faultline.dev/` are scenarios (the rest
 * are manifests, skipped). A file named explicitly must be a scenario. Scenario names must be
 * unique across everything loaded. Problems come back sorted; valid scenarios load regardless.
 */
export async function loadScenarios(paths: readonly string[], options: LoadOptions = {}): Promise<{ scenarios: Scenario[]; problems: ScenarioProblem[] }> {
  const plugins = options.plugins ?? BUILTIN_PLUGINS;
  const checks: Checks = { timing: options.timingChecks ?? true, selectors: options.selectorChecks ?? true };
  const problems: ScenarioProblem[] = [];
  const scenarios: Scenario[] = [];
  const names = new Map<string, string>();
  const visited = new Set<string>();
  /** Files that are scenarios, valid or not. */
  const claimed = new Set<string>();
  const load = async (file: string, mode: Mode): Promise<void> => {
    if (visited.has(path.resolve(file))) return;
    visited.add(path.resolve(file));
    const outcome = await readScenario(file, mode, plugins, checks);
    if (outcome.kind === 'skipped') return;
    claimed.add(path.resolve(file));
    if (outcome.kind === 'invalid') {
      problems.push(...outcome.problems);
      return;
    }
    const { scenario, namePosition } = outcome;
    const first = names.get(scenario.name);
    if (first !== undefined) {
      problems.push({ code: 'duplicate', file, ...namePosition, path: 'metadata.name', message: `duplicate scenario name "${scenario.name}"; ${first} uses it too` });
      return;
    }
    names.set(scenario.name, `${file}:${namePosition.line}:${namePosition.column}`);
    scenarios.push(scenario);
  };
  for (const given of paths) {
    const isDirectory = await stat(given).then((s) => s.isDirectory(), () => false);
    if (!isDirectory) {
      await load(given, 'named');
      continue;
    }
    const found = await findYamlFiles(given);
    for (const file of found) await load(file, 'found');
    // A directory given on purpose that holds no scenario is a mistake (a wrong path), not an empty success.
    if (!found.some((file) => claimed.has(path.resolve(file)))) {
      const what = found.length === 0 ? 'no *.yaml or *.yml file' : `${found.length} YAML file(s), none of them a scenario`;
      problems.push({ code: 'file', file: given, line: 1, column: 1, path: '',
        message: `directory holds ${what}; expected at least one file with apiVersion "${API_VERSION}" and kind "${SCENARIO_KIND}"` });
    }
  }
  return { scenarios, problems: sortProblems(problems) };
}

/**
 * Loads one scenario file with the timing of each expectation, for `faultline plan`. The plan is there
 * whenever the file loads, also when some `within` can never be met (those are among the problems).
 */
export async function loadScenarioPlan(file: string, options: Omit<LoadOptions, 'timingChecks'> = {}): Promise<{ plan?: PlannedScenario; problems: ScenarioProblem[] }> {
  const outcome = await readScenario(file, 'named', options.plugins ?? BUILTIN_PLUGINS, { timing: true, selectors: options.selectorChecks ?? false });
  if (outcome.kind === 'scenario') return { plan: outcome.planned, problems: [] };
  if (outcome.kind === 'invalid') return { ...(outcome.planned && { plan: outcome.planned }), problems: sortProblems(outcome.problems) };
  return { problems: [] };
}

/** `named`: the caller asked for this file, so it must be a scenario. `found`: met in a directory. */
type Mode = 'named' | 'found';

/** The checks inferred from the manifests, which some callers leave out (see LoadOptions). */
interface Checks {
  readonly timing: boolean;
  readonly selectors: boolean;
}

type Outcome =
  | { readonly kind: 'scenario'; readonly scenario: Scenario; readonly planned: PlannedScenario; readonly namePosition: TextPosition }
  /** `planned` when only the timing checks found problems. */
  | { readonly kind: 'invalid'; readonly problems: readonly ScenarioProblem[]; readonly planned?: PlannedScenario }
  | { readonly kind: 'skipped' };

const validators = new WeakMap<PluginCatalog, SchemaValidator>();

function validatorFor(plugins: PluginCatalog): SchemaValidator {
  let validator = validators.get(plugins);
  if (!validator) validators.set(plugins, (validator = new SchemaValidator(buildScenarioSchema(plugins))));
  return validator;
}

/** A file that cannot be parsed is still a scenario, for reporting, when it says it is one. */
const CLAIMS_SCENARIO = /^apiVersion:[ \t]*["']?faultline\.dev\//m;

async function readScenario(file: string, mode: Mode, plugins: PluginCatalog, checks: Checks): Promise<Outcome> {
  const invalid = (problems: readonly ScenarioProblem[]): Outcome => ({ kind: 'invalid', problems });
  const source = await readSourceText(file, 'scenario file');
  if (!source.ok) return mode === 'found' && !CLAIMS_SCENARIO.test(source.head) ? { kind: 'skipped' } : invalid([source.problem]);
  const parsed = parseYamlDocuments(source.text, file);
  if (!parsed.ok) return mode === 'found' && !CLAIMS_SCENARIO.test(source.text) ? { kind: 'skipped' } : invalid([parsed.problem]);

  const documents = parsed.documents.filter((d) => d.value !== null && d.value !== undefined);
  const document = documents[0];
  if (!document) {
    if (mode === 'found') return { kind: 'skipped' };
    return invalid([{ code: 'file', file, line: 1, column: 1, path: '', message: `scenario file is empty; expected a ${SCENARIO_KIND} with apiVersion, kind, metadata and spec` }]);
  }
  const apiVersion = (document.value as { apiVersion?: unknown }).apiVersion;
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith('faultline.dev/')) {
    if (mode === 'found') return { kind: 'skipped' };
    const pointer = apiVersion === undefined ? '' : '/apiVersion';
    const kind = (document.value as { kind?: unknown }).kind;
    const got = apiVersion === undefined ? 'no apiVersion' : `apiVersion ${describeValue(apiVersion)}${kind === undefined ? '' : `, kind ${describeValue(kind)}`}`;
    return invalid([document.problem('not-a-scenario', pointer, pointer === '' ? '' : 'apiVersion',
      `not a Faultline scenario: expected apiVersion "${API_VERSION}" and kind "${SCENARIO_KIND}", got ${got} (manifests belong under a scenario's spec.manifests)`)]);
  }

  const problems: ScenarioProblem[] = [];
  if (documents.length > 1) {
    problems.push(documents[1]!.problem('not-a-scenario', '', '',
      `a scenario file holds one YAML document, found ${documents.length}; put manifests in their own file and list it under spec.manifests`));
  }
  const findings = validatorFor(plugins).validate(document);
  problems.push(...findings.map((f) => f.problem));
  const rejected = (pointer: string): boolean => findings.some((f) => isWithin(f.pointer, pointer));
  problems.push(...checkSemantics(document, plugins, rejected));
  problems.push(...checkObjectRefScope(document, plugins, rejected));
  const manifests = await loadManifests(document, (document.value as { spec?: { manifests?: unknown } }).spec?.manifests, rejected);
  problems.push(...manifests.problems);
  if (checks.selectors && manifests.problems.length === 0) problems.push(...checkSelectorReach(document, manifests.manifests, rejected));
  if (problems.length > 0) return invalid(problems);
  const planned = planScenario(document, manifests.manifests, plugins);
  const timingProblems = checks.timing ? checkTimingWindows(document, planned) : [];
  if (timingProblems.length > 0) return { kind: 'invalid', problems: timingProblems, planned };
  return { kind: 'scenario', scenario: planned.scenario, planned, namePosition: document.valueAt('/metadata/name') };
}

/** *.yaml and *.yml below `dir`, sorted, skipping hidden directories and node_modules. */
async function findYamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') files.push(...await findYamlFiles(full));
    } else if (/\.ya?ml$/i.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}
