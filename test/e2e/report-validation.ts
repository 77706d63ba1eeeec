import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import Mocha from 'mocha';
import { validateXML } from 'xmllint-wasm';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import { attachResult } from '../../framework/report/result-attachment.js';
import JUnitReporter, { type JUnitReporterOptions } from '../../reporters/junit.js';
import { REPO_ROOT } from './cli-process.js';

/** Checks of the reports of a real run against their schemas: the results' JSON Schema, the vendored JUnit XSDs. */

/** ajv's complaints about a results file, as `path keyword: message`; none when it matches schema/results.v1.schema.json. */
export async function resultsSchemaErrors(document: unknown): Promise<string[]> {
  const schema = JSON.parse(await readFile(join(REPO_ROOT, 'schema/results.v1.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
  validate(document);
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}: ${error.message ?? ''}`);
}

/** xmllint's complaints about `xml` against test/fixtures/xsd/<jenkins|ant>-junit.xsd; none when valid. */
export async function xsdErrors(xml: string, schema: 'jenkins' | 'ant'): Promise<string[]> {
  const fileName = `${schema}-junit.xsd`;
  const contents = await readFile(join(REPO_ROOT, 'test/fixtures/xsd', fileName), 'utf8');
  const validation = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName, contents }] });
  return validation.errors.map((error) => error.rawMessage);
}

/**
 * The JUnit report the JUnit reporter writes for `results` (one suite per file, as `faultline run`
 * makes them) with other options than the run had, e.g. the Ant layout of a run's recorded results.
 */
export async function junitOfResults(results: readonly ScenarioResult[], options: Omit<JUnitReporterOptions, 'output'>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-e2e-junit-'));
  try {
    const output = join(dir, 'junit.xml');
    const mocha = new Mocha({ reporter: JUnitReporter, reporterOptions: { ...options, output } });
    for (const file of new Set(results.map((result) => result.file))) {
      const suite = Mocha.Suite.create(mocha.suite, file);
      for (const result of results.filter((candidate) => candidate.file === file)) {
        suite.addTest(new Mocha.Test(result.scenario, function (this: Mocha.Context) {
          attachResult(this.test!, result);
          if (result.verdict !== 'passed') throw new Error(result.message);
        }));
      }
    }
    await new Promise((done) => mocha.run(done));
    return await readFile(output, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
