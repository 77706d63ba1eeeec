import type Mocha from 'mocha';
import type { ReportFile } from './report-file.js';
import { ResultsFileReporter } from './results-file-reporter.js';
import type { ScenarioResult } from '../framework/engine/scenario-result.js';
import { resultsDocument } from '../framework/replay/results-format.js';

export const DEFAULT_OUTPUT = 'faultline-results.json';

const REPORT_FILE: ReportFile = { reporter: 'json', what: 'results', example: 'reports/results.json', defaultOutput: DEFAULT_OUTPUT };

/**
 * Mocha reporter writing every scenario's result (verdict, steps, expectations, the whole timeline) as
 * one JSON file in the versioned format of docs/results-format.md, which `faultline replay` reads.
 * Plain mocha tests carry no result and are left out. If the file cannot be written the run fails and
 * stderr names the path.
 *
 * @example
 * // faultline run scenarios/ --reporter spec --reporter json --output reports/results.json
 * // .mocharc.json
 * { "reporter": "./dist/reporters/json.js", "reporter-option": ["output=reports/results.json"] }
 */
export default class JsonReporter extends ResultsFileReporter {
  static readonly description = 'Faultline results as JSON (faultline.dev/results, version 1), for tools and `faultline replay`';

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options, REPORT_FILE);
  }

  protected render(results: ScenarioResult[], startedAt: Date): string {
    return `${JSON.stringify(resultsDocument(results, { startedAt }), null, 2)}\n`;
  }
}
