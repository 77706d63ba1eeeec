import type Mocha from 'mocha';

type ReporterClass = new (runner: Mocha.Runner, options: Mocha.MochaOptions) => Mocha.reporters.Base & { done?: (failures: number, fn: (failures: number) => void) => void };

export interface FanOutOptions {
  readonly reporters: ReadonlyArray<{ readonly reporter: ReporterClass; readonly options?: Record<string, unknown> }>;
}

/**
 * Several mocha reporters on one run (e.g. spec on the console and JUnit to a file).
 * Each listens to the same runner; `done` waits for every reporter that flushes asynchronously,
 * and passes on the highest failure count any of them reports (a report that could not be written
 * counts as a failure).
 */
export default class FanOutReporter {
  private readonly reporters: Array<InstanceType<ReporterClass>>;

  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    const children: FanOutOptions['reporters'] = (options.reporterOptions as FanOutOptions | undefined)?.reporters ?? [];
    this.reporters = children.map(({ reporter, options: reporterOptions }) => new reporter(runner, { ...options, reporterOptions: reporterOptions ?? {} }));
  }

  done(failures: number, fn: (failures: number) => void): void {
    const flushing = this.reporters.filter((r) => typeof r.done === 'function');
    let pending = flushing.length;
    let worst = failures;
    if (pending === 0) return fn(failures);
    for (const reporter of flushing) {
      reporter.done!(failures, (reported) => {
        worst = Math.max(worst, reported);
        if (--pending === 0) fn(worst);
      });
    }
  }
}
