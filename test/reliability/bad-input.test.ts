/**
 * The bad-input corpus (test/fixtures/bad-scenarios): each file is a small realistic scenario with one
 * thing wrong, and expected-errors.json says where (file, line, column, and the text found there),
 * which field, and what the message must say was expected. Every file is also run through the real
 * CLI against the fake API server: exit 2 and not a single request, since validation comes first.
 */
import { expect } from 'chai';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadScenarios } from '../../framework/loading/load-scenario.js';
import { formatProblem } from '../../framework/loading/problems.js';
import { MAX_SOURCE_BYTES } from '../../framework/loading/read-source.js';
import type { FakeApiServer } from '../support/fake-api-server/index.js';
import { PROJECT_ROOT, runCli, withFakeCluster } from '../cli/cli-harness.js';
import { scenarioYaml, WEB_MANIFESTS, writeFiles } from '../integration/harness.js';

interface ExpectedError {
  /** The file the problem is in, relative to the corpus, when it is not the scenario (a manifest). */
  readonly file?: string;
  readonly line: number;
  readonly column: number;
  /** The text at line:column, which proves the position is the right one. */
  readonly at: string;
  /** The field, dotted; '' for the file as a whole or a YAML syntax error. */
  readonly path: string;
  /** What the message must say: what was expected, or what to write instead. */
  readonly expected: string;
}

/** As a user passes it: relative to the working directory. */
const CORPUS = path.relative(process.cwd(), path.join(PROJECT_ROOT, 'test', 'fixtures', 'bad-scenarios'));
/** Files a directory search skips by design: they do not say they are scenarios (empty, a manifest); the rest are reported. */
const NOT_SCENARIOS_IN_A_DIRECTORY = ['empty.yaml', 'only-comments.yaml', 'not-a-scenario-deployment.yaml', 'no-scenarios-here'];

const table = JSON.parse(await readFile(path.join(CORPUS, 'expected-errors.json'), 'utf8')) as Record<string, ExpectedError>;
const entries = Object.entries(table);

/** `file:line:col: path: ` of an entry, as the CLI prints it. */
function prefixOf(name: string, expected: ExpectedError): string {
  const file = path.join(CORPUS, expected.file ?? name);
  return `${file}:${expected.line}:${expected.column}: ${expected.path === '' ? '' : `${expected.path}: `}`;
}

describe('bad input: the corpus of broken scenarios', () => {
  it('holds at least 60 broken scenarios, every one with its expected error and nothing stale', async () => {
    const listed = await readdir(CORPUS, { withFileTypes: true });
    const scenarios = listed.filter((e) => e.isFile() && e.name.endsWith('.yaml')).map((e) => e.name);
    const directories = listed.filter((e) => e.isDirectory() && e.name !== 'manifests').map((e) => e.name);
    expect(scenarios.length).to.be.at.least(60);
    expect(Object.keys(table).sort()).to.deep.equal([...scenarios, ...directories].sort());
  });

  for (const [name, expected] of entries) {
    it(`${name}: one problem at ${expected.file ?? name}:${expected.line}:${expected.column}, naming ${expected.path || 'the file'} and what was expected`, async () => {
      const { scenarios, problems } = await loadScenarios([path.join(CORPUS, name)]);
      expect(scenarios).to.deep.equal([]);
      expect(problems.map(formatProblem)).to.have.length(1);
      const line = formatProblem(problems[0]!);
      expect(line.startsWith(prefixOf(name, expected)), line).to.equal(true);
      expect(line).to.include(expected.expected);

      const where = path.join(CORPUS, expected.file ?? name);
      if (!(await stat(where)).isFile()) return;
      const text = (await readFile(where, 'latin1')).split(/\r\n|\n|\r/)[expected.line - 1] ?? '';
      expect(text.slice(expected.column - 1).startsWith(expected.at), `${where}:${expected.line} is ${JSON.stringify(text)}`).to.equal(true);
    });
  }
});

describe('bad input: the CLI refuses every corpus file before it connects', function () {
  this.timeout(60_000);
  let api: FakeApiServer;
  let dir: string;
  let kubeconfig: string;
  withFakeCluster((made) => ({ api, dir, kubeconfig } = made), { per: 'all' });

  it('faultline run FILE: exit 2, the error on stderr, and not one request to the API server, for each file', async () => {
    for (const [name, expected] of entries) {
      const { code, out, err } = await runCli(['run', path.join(CORPUS, name)], { kubeconfig });
      expect({ name, code, out }).to.deep.equal({ name, code: 2, out: [] });
      expect(err.some((line) => line.startsWith(prefixOf(name, expected)) && line.includes(expected.expected)), `${name}: ${err.join('\n')}`).to.equal(true);
      expect(api.requests, name).to.deep.equal([]);
    }
  });

  it('faultline validate with every file named: exit 2 and every file\'s error, not just the first', async () => {
    const { code, out, err } = await runCli(['validate', ...entries.map(([name]) => path.join(CORPUS, name))]);
    expect(code).to.equal(2);
    expect(out).to.deep.equal([]);
    for (const [name, expected] of entries) {
      expect(err.filter((line) => line.startsWith(prefixOf(name, expected))), name).to.have.length(1);
    }
    expect(err.at(-1)).to.match(new RegExp(`^${entries.length} problem\\(s\\) in \\d+ file\\(s\\); nothing was sent to any cluster\\.$`));
  });

  it('faultline validate DIR: every file that says it is a scenario is reported, corrupted ones included', async () => {
    const { code, err } = await runCli(['validate', CORPUS]);
    expect(code).to.equal(2);
    const reported = entries.filter(([name, expected]) => err.some((line) => line.startsWith(prefixOf(name, expected)))).map(([name]) => name);
    expect(reported).to.deep.equal(entries.map(([name]) => name).filter((name) => !NOT_SCENARIOS_IN_A_DIRECTORY.includes(name)));
    expect(reported).to.include.members(['binary-nul-byte.yaml', 'invalid-utf8-latin1.yaml', 'utf16-saved-by-editor.yaml']);
  });

  it('a file larger than the 1 MiB limit (generated here): exit 2, its size and the limit, not one request', async () => {
    await writeFiles(dir, { 'manifests/web.yaml': WEB_MANIFESTS });
    const valid = scenarioYaml('huge', `
    - waitFor:
        ready: { target: app=web }`);
    const file = path.join(dir, 'huge.yaml');
    const padding = `# ${'x'.repeat(98)}\n`.repeat(Math.ceil(MAX_SOURCE_BYTES / 100) + 1);
    await writeFile(file, valid + padding, 'utf8');
    const size = (await stat(file)).size;
    expect(size).to.be.greaterThan(MAX_SOURCE_BYTES);

    for (const command of ['run', 'validate']) {
      const { code, err } = await runCli([command, file], { kubeconfig });
      expect(code, command).to.equal(2);
      expect(err[0]).to.equal(`${file}:1:1: scenario file is ${size} bytes; expected at most 1 MiB (${MAX_SOURCE_BYTES} bytes) of YAML`);
    }
    expect(api.requests).to.deep.equal([]);
  });
});
