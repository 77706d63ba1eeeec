import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidScenarioError, formatProblem } from '../../framework/loading/problems.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A fixture under test/fixtures/scenarios, as a path relative to the working directory (as a user would pass it). */
export function fixture(...parts: string[]): string {
  return path.relative(process.cwd(), path.join(ROOT, 'test', 'fixtures', 'scenarios', ...parts));
}

/** The repository root, for files such as the committed schema. */
export function fromRoot(...parts: string[]): string {
  return path.join(ROOT, ...parts);
}

/** The formatted problems of the InvalidScenarioError `promise` rejects with; fails when it resolves. */
export async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InvalidScenarioError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('expected an InvalidScenarioError, but loading succeeded');
}
