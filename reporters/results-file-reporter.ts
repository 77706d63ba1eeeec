import Mocha from 'mocha';
import { parseOutputOption, writeReportFile, type ReportFile } from './report-file.js';
import type { ScenarioResult } from '../framework/engine/scenario-result.js';
import { resultOf } from '../framework/report/result-attachment.js';

const { EVENT_RUN_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;

/** What `--reporter-option key=value` (or `reporterOptions`) may set for a reporter that writes one file of results. */
export interface ResultsFileReporterOptions {
  /** Where to write the file, relative to the working directory; missing folders are created. */
  readonly output: string;
}

/**
 * A mocha reporter that collects every scenario's result and, once the run is over, writes them to
 * one file as `render` makes it (JSON results, the HTML page). Plain mocha tests carry no result and
 * are left out. If the file cannot be written the run fails and stderr names the path.
 */
export abstract class ResultsFileReporter extends Mocha.reporters.Base {
  private readonly options: ResultsFileReporterOptions;
  private readonly results = new Map<Mocha.Runnable, ScenarioResult>();
  private runStart = new Date();

  protected constructor(runner: Mocha.Runner, options: Mocha.MochaOptions | undefined, private readonly file: ReportFile) {
    super(runner, options);
    this.options = parseOutputOption(options?.reporterOptions, file);
    runner.on(EVENT_RUN_BEGIN, () => { this.runStart = new Date(); });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => this.record(test));
    runner.on(EVENT_TEST_FAIL, (runnable: Mocha.Runnable) => this.record(runnable));
  }

  /** The file's text, from the results in first-finished order. */
  protected abstract render(results: ScenarioResult[], startedAt: Date): string;

  /** Called by mocha once the run is over; `fn` receives the failure count that becomes the exit code. */
  override done(failures: number, fn: (failures: number) => void = () => {}): void {
    writeReportFile(this.file, this.options.output, () => this.render([...this.results.values()], this.runStart), failures, fn);
  }

  /** Mocha may report a test twice (failed after passing): the result is the same object, kept once, in first-finished order. */
  private record(runnable: Mocha.Runnable): void {
    const result = resultOf(runnable);
    if (result && !this.results.has(runnable)) this.results.set(runnable, result);
  }
}
