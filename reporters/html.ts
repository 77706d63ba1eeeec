import type Mocha from 'mocha';
import type { ReportFile } from './report-file.js';
import { ResultsFileReporter } from './results-file-reporter.js';
import type { ScenarioResult } from '../framework/engine/scenario-result.js';
import { htmlReport } from '../framework/report/html/report-page.js';

export const DEFAULT_OUTPUT = 'faultline-report.html';

const REPORT_FILE: ReportFile = { reporter: 'html', what: 'report', example: 'reports/report.html', defaultOutput: DEFAULT_OUTPUT };

/**
 * Mocha reporter writing one self-contained HTML page (inline CSS and SVG, no script, nothing fetched):
 * per scenario its verdict, the failed expectation, and a timeline chart of its pods (states, Ready,
 * endpoints, restarts), events, faults and expectation windows. Failures come first. Plain mocha tests
 * carry no result and are left out. If the file cannot be written the run fails and stderr names the path.
 *
 * @example
 * // faultline run scenarios/ --html reports/report.html
 * // .mocharc.json
 * { "reporter": "./dist/reporters/html.js", "reporter-option": ["output=reports/report.html"] }
 */
export default class HtmlReporter extends ResultsFileReporter {
  static readonly description = 'one self-contained HTML page with each scenario\'s verdict and timeline chart';

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options, REPORT_FILE);
  }

  protected render(results: ScenarioResult[], startedAt: Date): string {
    return htmlReport(results, { startedAt });
  }
}
