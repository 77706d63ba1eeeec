/**
 * What a scenario file got wrong, each problem pinned to a file, line and column.
 *
 * @example
 * formatProblem(problem)
 * // => 'scenarios/p2.yaml:14:17: spec.steps[2].expect.restarts.within: expected a duration like "500ms", "30s", "2m" or "1m30s", got "soon"'
 */
export const PROBLEM_CODES = [
  /** The file is missing, unreadable, empty, binary or too large. */
  'file',
  /** YAML that does not parse. */
  'yaml-syntax',
  /** A file named explicitly is not a Faultline scenario, or holds more than one document. */
  'not-a-scenario',
  'unknown-field',
  'missing-field',
  'wrong-type',
  /** A value of the right type that is not allowed: a bad duration, an unknown enum value, a plugin's semantic check. */
  'invalid-value',
  /** `within`, `for`, `never` and `after` combined in a way that has no meaning. */
  'window',
  /** Two steps, scenarios or manifests with the same name. */
  'duplicate',
  /** A manifest that cannot be applied into the run's namespace. */
  'manifest',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface ScenarioProblem {
  readonly code: ProblemCode;
  /** The file the problem is in, as given (relative paths stay relative). */
  readonly file: string;
  /** 1-based; a problem about the whole file points at 1:1. */
  readonly line: number;
  readonly column: number;
  /** Where in the document, dotted: `spec.steps[2].expect.restarts.within`; '' for the document itself. */
  readonly path: string;
  /** What is wrong and what was expected: `expected a duration like "30s", got "soon"`. */
  readonly message: string;
}

/** `file:line:col: path: message`, the form editors and terminals turn into links. */
export function formatProblem(problem: ScenarioProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

/** Sorted by file, line and column, without repeats (a manifest shared by two scenarios is reported once). */
export function sortProblems(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  const unique = new Map(problems.map((p) => [formatProblem(p), p]));
  return [...unique.values()].sort((a, b) =>
    compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.path, b.path) || compareText(a.message, b.message));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Thrown by `loadScenario` with every problem found, not just the first.
 * The message has one line per problem, so CI logs show all of them.
 */
export class InvalidScenarioError extends Error {
  override readonly name = 'InvalidScenarioError';
  readonly problems: readonly ScenarioProblem[];

  constructor(problems: readonly ScenarioProblem[]) {
    const sorted = sortProblems(problems);
    const files = [...new Set(sorted.map((p) => p.file))];
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
    super([`${count} in ${files.join(', ')}:`, ...sorted.map(formatProblem)].join('\n'));
    this.problems = sorted;
  }
}
