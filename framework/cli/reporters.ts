import { createRequire } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import Mocha from 'mocha';
import { UsageError } from './exit-codes.js';
import FanOutReporter from '../../reporters/fan-out.js';
import JUnitReporter from '../../reporters/junit.js';

type ReporterClass = new (runner: Mocha.Runner, options: Mocha.MochaOptions) => Mocha.reporters.Base;

/** Faultline's own reporters, by the names `--reporter` accepts. */
const OWN_REPORTERS: Readonly<Record<string, ReporterClass>> = { junit: JUnitReporter as unknown as ReporterClass };

/**
 * Mocha options for `--reporter` values: Faultline's (junit), mocha's built-ins (spec, dot, list…),
 * or a module path. Several reporters run together through a fan-out reporter.
 */
export async function resolveReporters(names: readonly string[] | undefined, output: string | undefined): Promise<Pick<Mocha.MochaOptions, 'reporter' | 'reporterOptions'>> {
  const wanted = names && names.length > 0 ? names.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean) : ['spec'];
  if (output !== undefined && !wanted.includes('junit')) throw new UsageError('--output is the junit reporter\'s file: add --reporter junit');
  const children = await Promise.all(wanted.map(async (name) => ({
    reporter: await reporterClass(name),
    options: name === 'junit' && output !== undefined ? { output } : {},
  })));
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
