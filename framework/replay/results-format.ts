import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ScenarioResult } from '../engine/scenario-result.js';

/** The `format` of a Faultline results file (docs/results-format.md). */
export const RESULTS_FORMAT = 'faultline.dev/results';
/** Raised when a change would make older readers misread a file; additions keep the version. */
export const RESULTS_VERSION = 1;

/**
 * A results file: what the JSON reporter writes and `faultline replay` reads.
 *
 * @example
 * { "format": "faultline.dev/results", "version": 1, "startedAt": "2025-01-15T10:00:00.000Z",
 *   "results": [{ "scenario": "http-liveness-rename", "file": "scenarios/probes/http-liveness-rename.yaml", "verdict": "passed", ... }] }
 */
export interface ResultsDocument {
  readonly format: typeof RESULTS_FORMAT;
  readonly version: typeof RESULTS_VERSION;
  /** When the run began, ISO 8601. */
  readonly startedAt: string;
  /** One per scenario that ran, in the order they finished; `file` relative to the working directory. */
  readonly results: readonly ScenarioResult[];
}

export interface ResultsDocumentOptions {
  readonly startedAt: Date;
  /** `file` paths are written relative to it (default: the working directory). */
  readonly cwd?: string;
}

/** The results file for `results`, ready for JSON.stringify. */
export function resultsDocument(results: readonly ScenarioResult[], options: ResultsDocumentOptions): ResultsDocument {
  const cwd = options.cwd ?? process.cwd();
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    startedAt: options.startedAt.toISOString(),
    results: results.map((result) => publishable(result, cwd)),
  };
}

/**
 * The result's own fields, in a fixed order, and nothing else: a results file is published (CI
 * artifacts), so whatever else an object handed to a reporter carries stays out of it, and the server
 * address loses any `user:password@` and query (a URL can carry a token).
 */
function publishable(result: ScenarioResult, cwd: string): ScenarioResult {
  const server = serverAddress(result.server);
  return {
    scenario: result.scenario,
    file: relativeFile(result.file, cwd),
    verdict: result.verdict,
    ...(result.message !== undefined && { message: result.message }),
    runId: result.runId,
    namespace: result.namespace,
    context: result.context,
    server,
    ...(result.kubernetesVersion !== undefined && { kubernetesVersion: result.kubernetesVersion }),
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    steps: result.steps,
    timeline: result.timeline,
    cleanupProblems: result.cleanupProblems,
  };
}

/** Relative to `cwd`, with `/` on every platform, so a file written on one machine reads on another. */
function relativeFile(file: string, cwd: string): string {
  const path = relative(cwd, isAbsolute(file) ? file : resolve(cwd, file)) || file;
  return path.split(sep).join('/');
}

/** Scheme, host and path; '' when it is not a URL at all. */
function serverAddress(server: string): string {
  try {
    const url = new URL(server);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '';
  }
}
