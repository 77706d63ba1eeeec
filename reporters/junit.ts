import { hostname } from 'node:os';
import Mocha from 'mocha';
import { parseOutputOption, writeReportFile, type ReportFile } from './report-file.js';
import type { ScenarioResult } from '../framework/engine/scenario-result.js';
import { JUNIT_SCHEMAS, junitXml, type JUnitOutcome, type JUnitProperty, type JUnitSchema, type JUnitSuite, type JUnitTestCase } from '../framework/report/junit-document.js';
import { problemOutcome, stepTestCases } from '../framework/report/junit-step-cases.js';
import { resultOf } from '../framework/report/result-attachment.js';
import { problemOf, renderScenario } from '../framework/report/scenario-text.js';

const { EVENT_RUN_BEGIN, EVENT_SUITE_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

export const DEFAULT_OUTPUT = 'faultline-junit.xml';

const REPORT_FILE: ReportFile = { reporter: 'junit', what: 'report', example: 'reports/faultline.xml', defaultOutput: DEFAULT_OUTPUT };

/** What `--reporter-option key=value` (or `reporterOptions`) may set. */
export interface JUnitReporterOptions {
  /** Where to write the XML, relative to the working directory; missing folders are created. */
  readonly output: string;
  /** One test case per step of each scenario instead of one per scenario (`steps=true`, `faultline run --junit-steps`). */
  readonly steps: boolean;
  /** The schema the report is laid out for: `jenkins` (default) or `ant`, valid against both (`faultline run --junit-schema ant`). */
  readonly schema: JUnitSchema;
}

const OPTION_NAMES = ['output', 'steps', 'schema'] as const;

type Outcome =
  | { readonly state: 'passed' | 'pending' }
  | { readonly state: 'failed'; readonly error: unknown };

/**
 * Mocha reporter writing JUnit XML for Jenkins, GitLab and GitHub's test-report actions: one
 * `<testsuite>` per scenario file, one `<testcase>` per scenario (or per step, with `steps=true`), with
 * the steps and the timeline in `<system-out>`. `schema=ant` lays the report out so that the Ant JUnit
 * schema accepts it too (see JUNIT_SCHEMAS). If the file cannot be written the run fails and stderr
 * names the path.
 *
 * @example
 * // .mocharc.json
 * { "reporter": "./dist/reporters/junit.js", "reporter-option": ["output=reports/faultline.xml", "steps=true"] }
 * // or: new Mocha({ reporter: JUnitReporter, reporterOptions: { output: 'reports/faultline.xml', schema: 'ant' } })
 */
export default class JUnitReporter extends Mocha.reporters.Base {
  static readonly description = 'JUnit XML (Jenkins schema, or Ant\'s with schema=ant), one testsuite per scenario file';

  private readonly options: JUnitReporterOptions;
  private readonly outcomes = new Map<Mocha.Runnable, Outcome>();
  private readonly suiteStarts = new Map<Mocha.Suite, number>();
  private runStart = Date.now();

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    this.options = parseJUnitOptions(options?.reporterOptions);
    runner.on(EVENT_RUN_BEGIN, () => { this.runStart = Date.now(); });
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => { this.suiteStarts.set(suite, Date.now()); });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => this.record(test, { state: 'passed' }));
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => this.record(test, { state: 'pending' }));
    // Also fires for hooks, and a second time for a test that failed after passing (an error in afterEach, a late `done`).
    runner.on(EVENT_TEST_FAIL, (runnable: Mocha.Runnable, error: unknown) => this.record(runnable, { state: 'failed', error }));
  }

  /** Called by mocha once the run is over; `fn` receives the failure count that becomes the exit code. */
  override done(failures: number, fn: (failures: number) => void = () => {}): void {
    writeReportFile(REPORT_FILE, this.options.output, () => junitXml({ name: 'faultline', suites: this.suites() }, this.options.schema), failures, fn);
  }


  private record(runnable: Mocha.Runnable, outcome: Outcome): void {
    const previous = this.outcomes.get(runnable);
    if (previous?.state === 'failed') return; // the first failure is the one to report
    this.outcomes.set(runnable, outcome);
  }

  private suites(): JUnitSuite[] {
    const bySuite = new Map<Mocha.Suite | undefined, { testCases: JUnitTestCase[]; results: ScenarioResult[] }>();
    for (const [runnable, outcome] of this.outcomes) {
      const suite = runnable.parent;
      const result = resultOf(runnable);
      const collected = bySuite.get(suite) ?? { testCases: [], results: [] };
      if (result) collected.results.push(result);
      collected.testCases.push(...(this.options.steps ? stepCasesOf(runnable, outcome, result) : [testCaseOf(runnable, outcome, result)]));
      bySuite.set(suite, collected);
    }
    return [...bySuite].map(([suite, { testCases, results }]) => ({
      name: suiteName(suite),
      timestamp: new Date((suite && this.suiteStarts.get(suite)) ?? this.runStart),
      hostname: hostname() || 'localhost',
      properties: propertiesOf(results[0]),
      testCases,
      // With a test case per step, each step has its slice of the timeline: the suite keeps every scenario's whole story.
      ...(this.options.steps && results.length > 0 && { systemOut: results.map((result) => renderScenario(result).join('\n')).join('\n\n') }),
    }));
  }
}


function suiteName(suite: Mocha.Suite | undefined): string {
  return suite?.fullTitle() || '(root)';
}

/** Reads the reporter's options, failing with what was expected. */
function parseJUnitOptions(raw: unknown): JUnitReporterOptions {
  const options: Record<string, unknown> = typeof raw === 'object' && raw !== null ? { ...raw } : {};
  const unknown = Object.keys(options).filter((key) => !(OPTION_NAMES as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new TypeError(`faultline junit reporter: unknown option ${unknown.map((key) => `\`${key}\``).join(', ')}; `
      + `the options are ${OPTION_NAMES.map((name) => `\`${name}\``).join(', ')}, e.g. --reporter-option output=${REPORT_FILE.example} --reporter-option steps=true`);
  }
  const { steps = false, schema = 'jenkins' } = options;
  if (![true, false, 'true', 'false'].includes(steps as boolean | string)) {
    throw new TypeError(`faultline junit reporter: expected \`steps\` to be true or false, got ${JSON.stringify(steps)}`);
  }
  if (!(JUNIT_SCHEMAS as readonly unknown[]).includes(schema)) {
    throw new TypeError(`faultline junit reporter: expected \`schema\` to be ${JUNIT_SCHEMAS.join(' or ')}, got ${JSON.stringify(schema)}`);
  }
  const { output } = parseOutputOption(options['output'] === undefined ? {} : { output: options['output'] }, REPORT_FILE);
  return { output, steps: steps === true || steps === 'true', schema: schema as JUnitSchema };
}

/**
 * With `steps=true`: a scenario's steps, each a test case. A scenario that failed after a passing
 * verdict (an afterEach hook, a late error) also gets the test case of its error.
 */
function stepCasesOf(runnable: Mocha.Runnable, outcome: Outcome, result: ScenarioResult | undefined): JUnitTestCase[] {
  if (!result || outcome.state === 'pending') return [testCaseOf(runnable, outcome, result)];
  const cases = stepTestCases(result, suiteName(runnable.parent));
  if (outcome.state === 'failed' && result.verdict === 'passed') cases.push(testCaseOf(runnable, outcome, undefined));
  return cases;
}

function testCaseOf(runnable: Mocha.Runnable, outcome: Outcome, result: ScenarioResult | undefined): JUnitTestCase {
  const classname = suiteName(runnable.parent);
  const timeMs = result?.durationMs ?? runnable.duration ?? 0;
  const systemOut = result ? renderScenario(result).join('\n') : undefined;
  const base = { classname, name: runnable.title, timeMs, ...(systemOut !== undefined && { systemOut }) };
  switch (outcome.state) {
    case 'passed': return { ...base, outcome: { status: 'passed' } };
    case 'pending': return { classname, name: runnable.title, timeMs: 0, outcome: { status: 'skipped' } };
    case 'failed': return { ...base, outcome: failedOutcome(outcome.error, result) };
  }
}

function failedOutcome(error: unknown, result: ScenarioResult | undefined): JUnitOutcome {
  const problem = result && problemOf(result);
  if (problem) return problemOutcome(problem);
  // A plain mocha test, or a scenario whose test failed after a passing verdict.
  const { name, message, stack, code } = errorFields(error);
  return {
    status: /AssertionError/.test(name) ? 'failure' : 'error',
    type: code ?? name,
    message: message || name,
    details: stack ?? `${name}: ${message}`,
  };
}

function errorFields(error: unknown): { name: string; message: string; stack?: string; code?: string } {
  if (typeof error !== 'object' || error === null) return { name: 'Error', message: String(error) };
  const { name, message, stack, code } = error as Record<string, unknown>;
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(error),
    ...(typeof stack === 'string' && { stack }),
    ...(typeof code === 'string' && { code }),
  };
}

/**
 * Only these fields of the first result, never anything read from a kubeconfig: a run can be
 * authenticated with tokens or client keys, and a report is published.
 */
function propertiesOf(result: ScenarioResult | undefined): JUnitProperty[] {
  if (!result) return [];
  const properties: Array<[string, string | undefined]> = [
    ['context', result.context],
    ['server', serverAddress(result.server)],
    ['kubernetesVersion', result.kubernetesVersion],
    ['namespace', result.namespace],
    ['runId', result.runId],
  ];
  return properties.filter((entry): entry is [string, string] => Boolean(entry[1])).map(([name, value]) => ({ name, value }));
}

/** Scheme, host and path only: a URL can carry `user:password@` or a `?token=`. */
function serverAddress(server: string): string | undefined {
  try {
    const url = new URL(server);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return undefined;
  }
}
