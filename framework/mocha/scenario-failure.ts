import type { ScenarioResult } from '../engine/scenario-result.js';
import { problemOf } from '../report/scenario-text.js';

/**
 * The error a scenario's mocha test fails with: the one-line message first (what reporters show
 * as the failure message), then the failed step, its expectations and its slice of the timeline.
 */
export class ScenarioFailure extends Error {
  override readonly name = 'ScenarioFailure';
  /** `expectation.restarts`, `fault.renameFile`, `error` or `interrupted`: JUnit's failure type. */
  readonly type: string;

  constructor(readonly result: ScenarioResult) {
    const problem = problemOf(result);
    super(problem ? [problem.message, '', ...problem.details].join('\n') : `scenario ${result.scenario} ${result.verdict}`);
    this.type = problem?.type ?? result.verdict;
    // The stack would point into Faultline, not at anything the user wrote; the message says where.
    this.stack = `${this.name}: ${this.message}`;
  }
}
