import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import { resultsDocument } from '../../framework/replay/results-format.js';
import { runCli } from '../cli/cli-harness.js';
import { NAME, p1Yaml, recordP1, TwinFolder } from './recorded-runs.js';

describe('faultline replay RESULTS.json [SCENARIO.yaml ...]', function () {
  this.timeout(10_000);
  let twins: TwinFolder;
  let p1: ScenarioResult;
  let pod: string;
  let results: string;
  let scenario: string;

  before(async () => {
    twins = await TwinFolder.create();
    ({ result: p1, pod } = await recordP1());
    scenario = await twins.write('p1.yaml', p1Yaml());
    // The recorded file was the rig's, gone now: the results name the copy, as a run from this folder would.
    results = join(twins.dir, 'results.json');
    await writeFile(results, JSON.stringify(resultsDocument([{ ...p1, file: scenario }], { startedAt: new Date(p1.startedAt) })));
  });
  after(() => twins.remove());

  it('exit 0 when every replayed scenario passes, printing each step and expectation', async () => {
    const { code, out, err } = await runCli(['replay', results, scenario]);
    expect({ code, err }).to.deep.equal({ code: 0, err: [] });
    expect(out[0]).to.equal(`replaying 1 scenario(s) over ${results}; faults come from the recording and are not re-run`);
    expect(out).to.include(`✓ ${NAME} (${scenario}): passed, recorded run r1: passed`);
    expect(out).to.include('    ✓ 3 the kubelet restarts the container');
    expect(out).to.include(`        ✓ restartCount of pods app=web, container web >= 1 within 2s (after 600ms: ${pod}/web: restartCount 1)`);
    expect(out.at(-1)).to.equal('1 passing');
  });

  it('reads the scenario files the results name when none is given', async () => {
    const { code, out } = await runCli(['replay', results]);
    expect(code).to.equal(0);
    expect(out).to.include(`✓ ${NAME} (${relative(process.cwd(), scenario)}): passed, recorded run r1: passed`);
  });

  it('exit 1 when one fails, with its reason and what was observed', async () => {
    const twin = await twins.write('twin.yaml', p1Yaml('restarts: { target: { selector: app=web, container: web }, atLeast: 1, within: 100ms }'));
    const { code, out } = await runCli(['replay', results, twin]);
    expect(code).to.equal(1);
    expect(out).to.include.members([
      `✗ ${NAME} (${twin}): failed, recorded run r1: passed`,
      '    ✗ 3 the kubelet restarts the container: failed',
      '        ✗ restartCount of pods app=web, container web >= 1 within 100ms',
      '            reason: not met within 100ms',
      `            observed: ${pod}/web: restartCount 0`,
    ]);
    expect(out.at(-1)).to.equal('0 passing, 1 failing');
  });

  describe('exit 2 for invalid input, replaying nothing', () => {
    it('a results file that is missing', async () => {
      const missing = join(twins.dir, 'missing.json');
      expect(await runCli(['replay', missing, scenario])).to.deep.equal({ code: 2, out: [], err: [`faultline replay: ${missing}: no such file`] });
    });

    it('a JSON file that is not a results file, or of another version', async () => {
      const junit = join(twins.dir, 'other.json');
      await writeFile(junit, JSON.stringify({ format: 'junit', results: [] }));
      expect((await runCli(['replay', junit])).err).to.deep.equal([
        `faultline replay: ${junit}: not a Faultline results file: expected "format": "faultline.dev/results", got "format": "junit"`,
      ]);
      const newer = join(twins.dir, 'newer.json');
      await writeFile(newer, JSON.stringify({ ...resultsDocument([], { startedAt: new Date(0) }), version: 2 }));
      const { code, err } = await runCli(['replay', newer]);
      expect({ code, err }).to.deep.equal({ code: 2, err: [
        `faultline replay: ${newer}: results format version 2 is not supported: this Faultline reads version 1 (the file was written by a newer Faultline)`,
      ] });
    });

    it('a results file whose timeline is damaged, naming the entry', async () => {
      const damaged = join(twins.dir, 'damaged.json');
      const document = resultsDocument([p1], { startedAt: new Date(0) });
      await writeFile(damaged, JSON.stringify({ ...document, results: [{ ...p1, timeline: [p1.timeline[0], { type: 'marker', marker: 'run-start' }] }] }));
      const { code, err } = await runCli(['replay', damaged, scenario]);
      expect({ code, err }).to.deep.equal({ code: 2, err: [`faultline replay: ${damaged}: results[0].timeline[1].at: expected milliseconds since the epoch, got nothing`] });
    });

    it('a scenario the results do not hold, naming those they do', async () => {
      const other = await twins.write('other.yaml', p1Yaml().replace(`name: ${NAME}`, 'name: another-scenario'));
      const { code, out, err } = await runCli(['replay', results, other]);
      expect({ code, out }).to.deep.equal({ code: 2, out: [] });
      expect(err).to.deep.equal([
        `faultline replay: ${other}: scenario "another-scenario" is not in ${results}, which holds: "${NAME}"`, '', '1 problem(s); nothing was replayed.',
      ]);
    });

    it('a scenario file that is missing or invalid, with its problems', async () => {
      const { code, err } = await runCli(['replay', results, join(twins.dir, 'nope.yaml')]);
      expect(code).to.equal(2);
      expect(err[0]).to.match(/nope\.yaml:1:1: .*/);
      expect(err.at(-1)).to.equal('1 problem(s); nothing was replayed.');
    });

    it('no results file at all: the usage', async () => {
      const { code, err } = await runCli(['replay']);
      expect(code).to.equal(2);
      expect(err).to.deep.equal([
        'faultline replay: expected a results file written by `faultline run --reporter json`',
        'usage: faultline replay RESULTS.json [SCENARIO.yaml ...]   (default: the scenario files the results name)',
      ]);
    });
  });
});
