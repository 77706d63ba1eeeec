import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import { scenarioYaml, temporaryFolder, WEB_MANIFESTS, writeFiles } from '../integration/harness.js';
import { runCli } from './cli-harness.js';

const VALID = scenarioYaml('web-restarts', `
    - waitFor:
        ready: { target: app=web }
    - expect:
        restarts: { target: app=web, atLeast: 1, within: 30s }`);

/** Two problems: a duration that is not one, and a fault kind that does not exist. */
const INVALID = scenarioYaml('broken', `
    - expect:
        restarts: { target: app=web, atLeast: 1, within: soon }
    - fault:
        renameFiel: { target: app=web, from: /a, to: /b }`);

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 1-based line and column of the first `text` in `yaml`. */
function positionOf(yaml: string, text: string): string {
  const lines = yaml.split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  return `${line + 1}:${(lines[line]?.indexOf(text) ?? 0) + 1}`;
}

describe('faultline validate, help and usage errors (in-process)', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await temporaryFolder();
    await writeFiles(dir, { 'manifests/web.yaml': WEB_MANIFESTS });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('validate: exit 0 and the scenario names for a valid file', async () => {
    const file = await writeFiles(dir, { 'valid.yaml': VALID });
    const { code, out, err } = await runCli(['validate', file]);
    expect({ code, out, err }).to.deep.equal({ code: 0, out: ['1 scenario(s) valid: web-restarts'], err: [] });
  });

  it('validate: exit 2 and one file:line:col line per problem for an invalid file', async () => {
    const file = await writeFiles(dir, { 'invalid.yaml': INVALID });
    const { code, out, err } = await runCli(['validate', file]);
    expect(code).to.equal(2);
    expect(out).to.deep.equal([]);
    const problems = err.filter((line) => line.startsWith(`${file}:`));
    expect(problems).to.have.length(2);
    expect(problems[0]).to.equal(`${file}:${positionOf(INVALID, 'soon')}: spec.steps[0].expect.restarts.within: expected a duration like "500ms", "30s", "2m" or "1m30s", got "soon"`);
    expect(problems[1]).to.match(new RegExp(`^${escaped(file)}:${positionOf(INVALID, 'renameFiel')}: spec\\.steps\\[1\\]\\.fault\\.renameFiel: unknown fault "renameFiel"; .*did you mean "renameFile"\\?$`));
    expect(err.at(-1)).to.equal('2 problem(s) in 1 file(s); nothing was sent to any cluster.');
  });

  it('validate: a directory holds scenarios and manifests; only scenarios are validated', async () => {
    await writeFiles(dir, { 'a.yaml': VALID, 'b.yaml': VALID.replace('web-restarts', 'web-restarts-too') });
    const { code, out } = await runCli(['validate', dir]);
    expect(code).to.equal(0);
    expect(out).to.deep.equal(['2 scenario(s) valid: web-restarts, web-restarts-too']);
  });

  it('--help: the usage with every command and the exit codes, on stdout, exit 0', async () => {
    const { code, out, err } = await runCli(['--help']);
    expect(code).to.equal(0);
    expect(err).to.deep.equal([]);
    expect(out).to.include('usage: faultline <command> [options]');
    expect(out.filter((line) => /^ {2}(run|validate|sweep) /.test(line))).to.have.length(3);
    expect(out.join('\n')).to.include('Exit codes: 0 all passed, 1 a scenario failed, 2 invalid input or usage, 3 cluster unreachable, 130 interrupted.');
  });

  it('no command at all: the usage, exit 2', async () => {
    const { code, out } = await runCli([]);
    expect(code).to.equal(2);
    expect(out).to.include('usage: faultline <command> [options]');
  });

  it('an unknown command: exit 2, naming the commands there are', async () => {
    const { code, out, err } = await runCli(['rnu', 'scenarios/']);
    expect({ code, out }).to.deep.equal({ code: 2, out: [] });
    expect(err).to.deep.equal(['faultline: unknown command "rnu"; expected one of: run, validate, plan, replay, sweep. See faultline --help.']);
  });

  it('an unknown option: exit 2 with the command\'s usage line', async () => {
    const { code, err } = await runCli(['run', '--reportr', 'junit']);
    expect(code).to.equal(2);
    expect(err[0]).to.match(/^faultline run: Unknown option '--reportr'/);
    expect(err.find((line) => line.startsWith('usage: faultline run '))).to.not.equal(undefined);
  });

  it('<command> --help: that command\'s options, exit 0', async () => {
    const { code, out } = await runCli(['sweep', '--help']);
    expect(code).to.equal(0);
    expect(out[0]).to.equal('usage: faultline sweep [--older-than 10m] [--context NAME] [--kubeconfig FILE] [--node-driver kind|command ...]');
    expect(out.some((line) => line.trimStart().startsWith('--older-than'))).to.equal(true);
    expect(out.some((line) => line.trimStart().startsWith('--node-start-command')), 'sweep brings back nodes a killed run lost').to.equal(true);
  });
});
