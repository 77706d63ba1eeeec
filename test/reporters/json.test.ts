import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';
import { resolveReporters } from '../../framework/cli/reporters.js';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import { readResultsFile } from '../../framework/replay/read-results.js';
import { attachResult } from '../../framework/report/result-attachment.js';
import JsonReporter from '../../reporters/json.js';
import { scenarioResult } from '../report/fixtures.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MOCHA_BIN = join(REPO_ROOT, 'node_modules/mocha/bin/mocha.js');
const SECRET_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.faultline-secret-token';

// A real result never carries kubeconfig data; this one does, to prove only the result's own fields are written.
const p1 = {
  ...scenarioResult({ file: join(process.cwd(), 'scenarios', 'probes.yaml') }),
  server: `https://admin:hunter2@127.0.0.1:6443/?token=${SECRET_TOKEN}`,
  kubeconfig: { users: [{ name: 'admin', user: { token: SECRET_TOKEN } }] },
};
const p2 = scenarioResult({ scenario: 'P2 readiness', verdict: 'failed', message: 'step 3 "expect endpoints" failed: not met within 30s' });

function scenarioTest(result: ScenarioResult): Mocha.Test {
  return new Mocha.Test(result.scenario, function (this: Mocha.Context) {
    attachResult(this.test!, result);
    if (result.verdict !== 'passed') throw new Error(result.message);
  });
}

function runMocha(build: (root: Mocha.Suite) => void, reporterOptions: Record<string, unknown>): Promise<number> {
  const mocha = new Mocha({ reporter: JsonReporter, reporterOptions });
  build(mocha.suite);
  return new Promise((done) => mocha.run(done));
}

const onePassingTest = (root: Mocha.Suite): void => { Mocha.Suite.create(root, 'ok').addTest(new Mocha.Test('passes', () => {})); };

describe('JsonReporter', function () {
  this.timeout(30_000); // one test starts the mocha CLI
  let dir: string;

  before(async () => { dir = await mkdtemp(join(tmpdir(), 'faultline-json-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  describe('a run with scenarios and plain tests', () => {
    let text: string;
    let document: Record<string, unknown> & { results: Array<Record<string, unknown>> };
    let failures: number;
    const testStart = Date.now();

    before(async () => {
      const output = join(dir, 'results.json');
      failures = await runMocha((root) => {
        const probes = Mocha.Suite.create(root, 'probes.yaml');
        [p1, p2].forEach((result) => probes.addTest(scenarioTest(result)));
        probes.addTest(new Mocha.Test('P7 never ready'));
        probes.addTest(new Mocha.Test('a plain test', () => {}));
      }, { output });
      text = await readFile(output, 'utf8');
      document = JSON.parse(text) as typeof document;
    });

    it('writes the versioned format, with the run\'s start', () => {
      expect(failures).to.equal(1);
      expect(Object.keys(document)).to.deep.equal(['format', 'version', 'startedAt', 'results']);
      expect(document).to.include({ format: 'faultline.dev/results', version: 1 });
      expect(Date.parse(document['startedAt'] as string)).to.be.within(testStart, Date.now());
      expect(document['startedAt']).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('holds each scenario\'s result as it is, with its file relative to the working directory, and nothing for plain tests', () => {
      expect(document.results.map((r) => r['scenario'])).to.deep.equal([p1.scenario, p2.scenario]);
      const { kubeconfig: _kubeconfig, ...p1Fields } = p1;
      expect(document.results[0]).to.deep.equal(JSON.parse(JSON.stringify({ ...p1Fields, file: 'scenarios/probes.yaml', server: 'https://127.0.0.1:6443' })));
      expect(document.results[1]).to.deep.equal(JSON.parse(JSON.stringify(p2)));
      expect((document.results[0]?.['timeline'] as unknown[]).length).to.equal(p1.timeline.length);
    });

    it('never writes kubeconfig data: no extra fields, no credentials or token in the server address', () => {
      for (const secret of [SECRET_TOKEN, 'hunter2', 'admin:', 'kubeconfig']) expect(text).not.to.contain(secret);
    });

    it('is what faultline replay reads', async () => {
      const read = await readResultsFile(join(dir, 'results.json'));
      expect(read.results).to.have.length(2);
    });
  });

  it('creates missing folders', async () => {
    const output = join(dir, 'new', 'folder', 'results.json');
    expect(await runMocha(onePassingTest, { output })).to.equal(0);
    expect(JSON.parse(await readFile(output, 'utf8'))).to.include({ format: 'faultline.dev/results' });
  });

  it('writes faultline-results.json in the working directory by default', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await runMocha(onePassingTest, {})).to.equal(0);
    } finally {
      process.chdir(cwd);
    }
    expect(JSON.parse(await readFile(join(dir, 'faultline-results.json'), 'utf8'))).to.include({ version: 1 });
  });

  it('fails the run and names the path when the file cannot be written', async () => {
    await writeFile(join(dir, 'a-file'), 'not a folder');
    const output = join(dir, 'a-file', 'results.json');
    const stderr: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    let failures: number;
    try {
      failures = await runMocha(onePassingTest, { output });
    } finally {
      process.stderr.write = write;
    }
    expect(failures).to.equal(1);
    expect(stderr.join('')).to.contain(`faultline json reporter: could not create the folder for ${output}: EEXIST`)
      .and.to.contain('The run is marked failed');
  });

  it('refuses an unknown option, naming the right one', () => {
    const mocha = new Mocha({ reporter: JsonReporter, reporterOptions: { ouput: 'x.json' } });
    expect(() => mocha.run()).to.throw('unknown option `ouput`; the only option is `output`');
  });

  it('is `--reporter json` of faultline run, which --output points at', async () => {
    expect(await resolveReporters(['json'], 'reports/results.json')).to.deep.equal({ reporter: JsonReporter, reporterOptions: { output: 'reports/results.json' } });
    const both = await resolveReporters(['spec', 'json'], 'r.json');
    expect((both.reporterOptions as { reporters: Array<{ options: unknown }> }).reporters.map((r) => r.options)).to.deep.equal([{}, { output: 'r.json' }]);
    await resolveReporters(['junit', 'json'], 'r.json').then(() => expect.fail('one --output for two files'), (error: Error) => {
      expect(error.message).to.match(/^--output names one file, but junit and json both write one/);
    });
  });

  it('--junit FILE and --json FILE add those reporters, each with its own file, beside the console one', async () => {
    const options = await resolveReporters(['spec'], undefined, { junit: 'r/junit.xml', json: 'r/results.json' });
    const children = (options.reporterOptions as { reporters: Array<{ reporter: unknown; options: unknown }> }).reporters;
    expect(children.map((c) => c.options)).to.deep.equal([{}, { output: 'r/junit.xml' }, { output: 'r/results.json' }]);
    expect(children[2]!.reporter).to.equal(JsonReporter);
    await resolveReporters(['json'], undefined, { json: 'x.json' }).then(() => expect.fail('json twice'), (error: Error) => {
      expect(error.message).to.equal('--json FILE already adds the json reporter: leave out --reporter json');
    });
  });

  it('works from .mocharc.json as "reporter": "./dist/reporters/json.js"', async () => {
    const spec = join(dir, 'cli.spec.mjs');
    const config = join(dir, 'mocharc.json');
    const output = join(dir, 'cli.json');
    await writeFile(spec, "describe('cli', () => { it('passes', () => {}); });\n");
    await writeFile(config, JSON.stringify({ reporter: './dist/reporters/json.js', 'reporter-option': [`output=${output}`], spec: [spec] }));
    const child = spawn(process.execPath, [MOCHA_BIN, '--config', config, '--no-package'], { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const code = await new Promise<number | null>((done, fail) => {
      child.on('error', fail);
      child.on('close', done);
    });
    expect(code, stderr).to.equal(0);
    expect(JSON.parse(await readFile(output, 'utf8'))).to.include({ format: 'faultline.dev/results', version: 1 }).and.to.have.deep.property('results', []);
  });
});
