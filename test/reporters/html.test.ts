import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mocha from 'mocha';
import { resolveReporters } from '../../framework/cli/reporters.js';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import { attachResult } from '../../framework/report/result-attachment.js';
import FanOutReporter from '../../reporters/fan-out.js';
import HtmlReporter from '../../reporters/html.js';
import { RECORDED } from './html-fixture.js';

function scenarioTest(result: ScenarioResult): Mocha.Test {
  return new Mocha.Test(result.scenario, function (this: Mocha.Context) {
    attachResult(this.test!, result);
    if (result.verdict !== 'passed') throw new Error(result.message);
  });
}

function runMocha(build: (root: Mocha.Suite) => void, reporterOptions: Record<string, unknown>): Promise<number> {
  const mocha = new Mocha({ reporter: HtmlReporter, reporterOptions });
  build(mocha.suite);
  return new Promise((done) => mocha.run(done));
}

describe('HtmlReporter', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'faultline-html-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes one page with a section per scenario, failures first, creating missing folders; plain tests are left out', async () => {
    const output = join(dir, 'new', 'report.html');
    const failures = await runMocha((root) => {
      const suite = Mocha.Suite.create(root, 'probes');
      RECORDED.results.forEach((result) => suite.addTest(scenarioTest(result)));
      suite.addTest(new Mocha.Test('a plain test', () => {}));
    }, { output });
    expect(failures).to.equal(1);
    const html = await readFile(output, 'utf8');
    const sections = [...html.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(sections).to.deep.equal(['liveness-and-readiness-wrong-belief', 'http-liveness-rename', 'http-readiness-rename']);
    expect(html).not.to.contain('a plain test');
  });

  it('fails the run and names the path when the file cannot be written', async () => {
    await writeFile(join(dir, 'a-file'), 'not a folder');
    const output = join(dir, 'a-file', 'report.html');
    const stderr: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    let failures: number;
    try {
      failures = await runMocha((root) => { Mocha.Suite.create(root, 'ok').addTest(new Mocha.Test('passes', () => {})); }, { output });
    } finally {
      process.stderr.write = write;
    }
    expect(failures).to.equal(1);
    expect(stderr.join('')).to.contain(`faultline html reporter: could not create the folder for ${output}`);
  });

  it('rejects an unknown option with what it accepts', () => {
    const runner = new Mocha.Runner(new Mocha.Suite('root'));
    expect(() => new HtmlReporter(runner, { reporterOptions: { outptu: 'x.html' } })).to.throw(/unknown option `outptu`; the only option is `output`, e.g. --reporter-option output=reports\/report.html/);
  });

  it('is what --html FILE adds beside the console reporter, and --reporter html names it', async () => {
    const both = await resolveReporters(undefined, undefined, { html: 'reports/report.html' });
    expect(both.reporter).to.equal(FanOutReporter);
    const children = (both.reporterOptions as { reporters: Array<{ reporter: unknown; options: unknown }> }).reporters;
    expect(children.map((child) => child.reporter)).to.deep.equal([Mocha.reporters.Spec, HtmlReporter]);
    expect(children[1]!.options).to.deep.equal({ output: 'reports/report.html' });
    expect(await resolveReporters(['html'], 'r.html')).to.deep.equal({ reporter: HtmlReporter, reporterOptions: { output: 'r.html' } });
  });
});
