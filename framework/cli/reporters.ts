import { createRequire } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import Mocha from 'mocha';
import { UsageError } from './exit-codes.js';
import { JUNIT_SCHEMAS } from '../report/junit-document.js';
import FanOutReporter from '../../reporters/fan-out.js';
import HtmlReporter from '../../reporters/html.js';
import JsonReporter from '../../reporters/json.js';
import JUnitReporter from '../../reporters/junit.js';

type ReporterClass = new (runner: Mocha.Runner, options: Mocha.MochaOptions) => Mocha.reporters.Base;

/** Faultline's own reporters, by the names `--reporter` accepts. */
const OWN_REPORTERS: Readonly<Record<string, ReporterClass>> = {
  junit: JUnitReporter as unknown as ReporterClass,
  json: JsonReporter as unknown as ReporterClass,
  html: HtmlReporter as unknown as ReporterClass,
};

/** The reporters that write a file, which `--output` names. */
const FILE_REPORTERS = ['junit', 'json', 'html'] as const;

/**
 * Mocha options for `--reporter` values: Faultline's (junit, json), mocha's built-ins (spec, dot, list…),
 * or a module path. Several reporters run together through a fan-out reporter.
 */
export async function resolveReporters(
  names: readonly string[] | undefined,
  output: string | undefined,
  /** `--junit FILE` / `--json FILE` / `--html FILE`: these reporters too, each with its own file, beside the others. */
  files: Partial<Record<(typeof FILE_REPORTERS)[number], string>> = {},
  /** `--junit-steps`, `--junit-schema`: options of the junit reporter, however it was asked for. */
  junitOptions: { steps?: boolean; schema?: string } = {},
): Promise<Pick<Mocha.MochaOptions, 'reporter' | 'reporterOptions'>> {
  const wanted = names && names.length > 0 ? names.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean) : ['spec'];
  if (Object.keys(junitOptions).length > 0 && files.junit === undefined && !wanted.includes('junit')) {
    throw new UsageError('--junit-steps and --junit-schema shape the JUnit report: add --junit FILE');
  }
  if (junitOptions.schema !== undefined && !(JUNIT_SCHEMAS as readonly string[]).includes(junitOptions.schema)) {
    throw new UsageError(`--junit-schema: expected ${JUNIT_SCHEMAS.join(' or ')}, got "${junitOptions.schema}"`);
  }
  const optionsOf = (name: string, base: Record<string, unknown>): Record<string, unknown> => (name === 'junit' ? { ...base, ...junitOptions } : base);
  for (const name of FILE_REPORTERS) {
    if (files[name] !== undefined && wanted.includes(name)) throw new UsageError(`--${name} FILE already adds the ${name} reporter: leave out --reporter ${name}`);
  }
  const writers = FILE_REPORTERS.filter((name) => wanted.includes(name));
  if (output !== undefined && writers.length === 0) throw new UsageError('--output is the file the junit, json or html reporter writes: add --reporter junit, json or html');
  if (output !== undefined && writers.length > 1) {
    throw new UsageError(`--output names one file, but ${writers.join(' and ')} both write one: use --output with only one of them, `
      + 'or leave it out and they write faultline-junit.xml, faultline-results.json and faultline-report.html');
  }
  const children = [
    ...await Promise.all(wanted.map(async (name) => ({
      reporter: await reporterClass(name),
      options: optionsOf(name, (FILE_REPORTERS as readonly string[]).includes(name) && output !== undefined ? { output } : {}),
    }))),
    ...FILE_REPORTERS.flatMap((name) => (files[name] === undefined ? [] : [{ reporter: OWN_REPORTERS[name]!, options: optionsOf(name, { output: files[name] }) }])),
  ];
  if (children.length === 1) return { reporter: children[0]!.reporter as unknown as string, reporterOptions: children[0]!.options };
  return { reporter: FanOutReporter as unknown as string, reporterOptions: { reporters: children } };
}

async function reporterClass(name: string): Promise<ReporterClass> {
  const own = OWN_REPORTERS[name];
  if (own) return own;
  const builtin = (Mocha.reporters as unknown as Record<string, ReporterClass | undefined>)[name];
  if (builtin) return builtin;
  try {
    const path = name.startsWith('.') || name.startsWith('/') ? pathToFileURL(resolvePath(name)).href : createRequire(import.meta.url).resolve(name);
    const module = (await import(path)) as { default?: ReporterClass };
    if (typeof module.default === 'function') return module.default;
  } catch (error) {
    throw new UsageError(`--reporter ${name}: not a Faultline or mocha reporter, and it could not be loaded as a module (${(error as Error).message})`);
  }
  throw new UsageError(`--reporter ${name}: the module has no default export reporter class`);
}
