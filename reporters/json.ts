import Mocha from 'mocha';
import { parseOutputOption, writeReportFile, type ReportFile } from './report-file.js';
import type { ScenarioResult } from '../framework/engine/scenario-result.js';
import { resultOf } from '../framework/report/result-attachment.js';
import { resultsDocument } from '../framework/replay/results-format.js';

const { EVENT_RUN_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;

export const DEFAULT_OUTPUT = 'faultline-results.json';

const REPORT_FILE: ReportFile = { reporter: 'json', what: 'results', example: 'reports/results.json', defaultOutput: DEFAULT_OUTPUT };

/** What `--reporter-option key=value` (or `reporterOptions`) may set. */
export interface JsonReporterOptions {
  /** Where to write the results, relative to the working directory; missing folders are created. */
  readonly output: string;
}

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
export default class JsonReporter extends Mocha.reporters.Base {
  static readonly description = 'Faultline results as JSON (faultline.dev/results, version 1), for tools and `faultline replay`';

  private readonly options: JsonReporterOptions;
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
    writeReportFile(REPORT_FILE, this.options.output, () => `${JSON.stringify(resultsDocument([...this.results.values()], { startedAt: this.runStart }), null, 2)}\n`, failures, fn);
  }


  /** Mocha may report a test twice (failed after passing): the result is the same object, kept once, in first-finished order. */
  private record(runnable: Mocha.Runnable): void {
    const result = resultOf(runnable);
    if (result && !this.results.has(runnable)) this.results.set(runnable, result);
  }
}

