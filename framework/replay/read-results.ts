import { readFile } from 'node:fs/promises';
import { VERDICTS, type ScenarioResult } from '../engine/scenario-result.js';
import { MARKERS } from '../observe/timeline-entry.js';
import { RESULTS_FORMAT, RESULTS_VERSION, type ResultsDocument } from './results-format.js';
import { isMapping } from '../model/is-mapping.js';

/** A results file that is missing, not JSON, or not in the format replay reads. The message names the file. */
export class InvalidResultsError extends Error {
  override readonly name = 'InvalidResultsError';
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
  }
}

/**
 * Reads and checks a results file written by the JSON reporter: its format and version, and the parts
 * of each result that replay relies on (steps, and timeline entries with their times).
 *
 * @example
 * const { results } = await readResultsFile('reports/results.json');
 */
export async function readResultsFile(file: string): Promise<ResultsDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidResultsError(file, code === 'ENOENT' ? 'no such file' : `cannot be read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidResultsError(file, `not JSON (${(error as Error).message}); expected a results file written by \`faultline run --reporter json\``);
  }
  return checkDocument(value, (problem) => new InvalidResultsError(file, problem));
}

type Fail = (problem: string) => Error;

function checkDocument(value: unknown, fail: Fail): ResultsDocument {
  if (!isMapping(value) || value['format'] !== RESULTS_FORMAT) {
    const got = isMapping(value) ? `"format": ${describe(value['format'])}` : describe(value);
    throw fail(`not a Faultline results file: expected "format": "${RESULTS_FORMAT}", got ${got}`);
  }
  const version = value['version'];
  if (version !== RESULTS_VERSION) {
    const newer = typeof version === 'number' && version > RESULTS_VERSION;
    throw fail(`results format version ${describe(version)} is not supported: this Faultline reads version ${RESULTS_VERSION}`
      + (newer ? ' (the file was written by a newer Faultline)' : ''));
  }
  if (typeof value['startedAt'] !== 'string') throw fail(`startedAt: expected an ISO 8601 time, got ${describe(value['startedAt'])}`);
  const results = value['results'];
  if (!Array.isArray(results)) throw fail(`results: expected a list of scenario results, got ${describe(results)}`);
  results.forEach((result, index) => checkResult(result, `results[${index}]`, fail));
  return value as unknown as ResultsDocument;
}

function checkResult(value: unknown, path: string, fail: Fail): asserts value is ScenarioResult {
  if (!isMapping(value)) throw fail(`${path}: expected a scenario result, got ${describe(value)}`);
  for (const field of ['scenario', 'file', 'runId', 'namespace'] as const) {
    if (typeof value[field] !== 'string') throw fail(`${path}.${field}: expected a string, got ${describe(value[field])}`);
  }
  if (!(VERDICTS as readonly unknown[]).includes(value['verdict'])) {
    throw fail(`${path}.verdict: expected one of ${VERDICTS.join(', ')}, got ${describe(value['verdict'])}`);
  }
  for (const field of ['startedAt', 'durationMs'] as const) {
    if (typeof value[field] !== 'number') throw fail(`${path}.${field}: expected a number of milliseconds, got ${describe(value[field])}`);
  }
  const steps = value['steps'];
  if (!Array.isArray(steps)) throw fail(`${path}.steps: expected a list, got ${describe(steps)}`);
  steps.forEach((step, index) => {
    const where = `${path}.steps[${index}]`;
    if (!isMapping(step)) throw fail(`${where}: expected a step outcome, got ${describe(step)}`);
    if (typeof step['index'] !== 'number') throw fail(`${where}.index: expected a number, got ${describe(step['index'])}`);
    if (!['fault', 'expect', 'waitFor'].includes(step['action'] as string)) throw fail(`${where}.action: expected fault, expect or waitFor, got ${describe(step['action'])}`);
    if (typeof step['status'] !== 'string') throw fail(`${where}.status: expected a string, got ${describe(step['status'])}`);
    if (!Array.isArray(step['expectations'])) throw fail(`${where}.expectations: expected a list, got ${describe(step['expectations'])}`);
  });
  if (!Array.isArray(value['cleanupProblems'])) throw fail(`${path}.cleanupProblems: expected a list, got ${describe(value['cleanupProblems'])}`);
  const timeline = value['timeline'];
  if (!Array.isArray(timeline)) throw fail(`${path}.timeline: expected a list of timeline entries, got ${describe(timeline)}`);
  timeline.forEach((entry, index) => checkEntry(entry, `${path}.timeline[${index}]`, fail));
}

function checkEntry(entry: unknown, path: string, fail: Fail): void {
  if (!isMapping(entry)) throw fail(`${path}: expected a timeline entry, got ${describe(entry)}`);
  if (typeof entry['at'] !== 'number') throw fail(`${path}.at: expected milliseconds since the epoch, got ${describe(entry['at'])}`);
  switch (entry['type']) {
    case 'marker':
      if (!(MARKERS as readonly unknown[]).includes(entry['marker'])) throw fail(`${path}.marker: expected one of ${MARKERS.join(', ')}, got ${describe(entry['marker'])}`);
      return;
    case 'change':
      if (!isMapping(entry['object'])) throw fail(`${path}.object: expected the object the watch delivered, got ${describe(entry['object'])}`);
      if (typeof entry['kind'] !== 'string' || typeof entry['verb'] !== 'string') throw fail(`${path}: expected a change with verb and kind`);
      return;
    case 'http':
      if (typeof entry['path'] !== 'string') throw fail(`${path}.path: expected a string, got ${describe(entry['path'])}`);
      return;
    default:
      throw fail(`${path}.type: expected change, marker or http, got ${describe(entry['type'])}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'an object';
  return JSON.stringify(value);
}
