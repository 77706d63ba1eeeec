import Mocha from 'mocha';
import { parseOutputOption, writeReportFile, type ReportFile } from './report-file.js';
import type { ScenarioResult } from '../framework/engine/scenario-result.js';
import { htmlReport } from '../framework/report/html/report-page.js';
import { resultOf } from '../framework/report/result-attachment.js';

const { EVENT_RUN_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;

export const DEFAULT_OUTPUT = 'faultline-report.html';

const REPORT_FILE: ReportFile = { reporter: 'html', what: 'report', example: 'reports/report.html', defaultOutput: DEFAULT_OUTPUT };

/** What `--reporter-option key=value` (or `reporterOptions`) may set. */
export interface HtmlReporterOptions {
  /** Where to write the page, relative to the working directory; missing folders are created. */
  readonly output: string;
}

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
export default class HtmlReporter extends Mocha.reporters.Base {
  static readonly description = 'one self-contained HTML page with each scenario\'s verdict and timeline chart';

  private readonly options: HtmlReporterOptions;
  private readonly results = new Map<Mocha.Runnable, ScenarioResult>();
  private runStart = new Date();

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    this.options = parseOutputOption(options?.reporterOptions, REPORT_FILE);
    runner.on(EVENT_RUN_BEGIN, () => { this.runStart = new Date(); });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => this.record(test));
    runner.on(EVENT_TEST_FAIL, (runnable: Mocha.Runnable) => this.record(runnable));
  }

  /** Called by mocha once the run is over; `fn` receives the failure count that becomes the exit code. */
  override done(failures: number, fn: (failures: number) => void = () => {}): void {
    writeReportFile(REPORT_FILE, this.options.output, () => htmlReport([...this.results.values()], { startedAt: this.runStart }), failures, fn);
  }

  /** Mocha may report a test twice (failed after passing): the result is kept once, in first-finished order. */
  private record(runnable: Mocha.Runnable): void {
    const result = resultOf(runnable);
    if (result && !this.results.has(runnable)) this.results.set(runnable, result);
  }
}
