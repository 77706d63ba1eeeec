import { expect } from 'chai';
import type { ScenarioResult, StepOutcome } from '../../framework/engine/scenario-result.js';
import { replayScenario } from '../../framework/replay/replay-scenario.js';
import { scenarioYaml } from '../integration/harness.js';
import { RENAME, WAIT_READY } from '../integration/scenario-rig.js';
import { NAME, p1Yaml, record, recordP1, T0, TwinFolder } from './recorded-runs.js';

const RESTARTS = (rest: string) => `restarts: { target: { selector: app=web, container: web }, ${rest} }`;

describe('replayScenario over a recorded run', function () {
  this.timeout(10_000);
  let twins: TwinFolder;
  let p1: ScenarioResult;
  let pod: string;

  before(async () => {
    twins = await TwinFolder.create();
    ({ result: p1, pod } = await recordP1());
  });
  after(() => twins.remove());

  it('records what the tests below rely on: P1 passed, its restart 600ms into step 3', () => {
    expect(p1.verdict, p1.message).to.equal('passed');
    expect(p1.steps[2]?.expectations[0]).to.include({ passed: true, decidedAfterMs: 600, observed: `${pod}/web: restartCount 1` });
  });

  it('passes the same scenario with the same verdicts, and keeps the recorded run, namespace and timeline', async () => {
    const replayed = await replayScenario(await twins.load('p1.yaml', p1Yaml()), p1);
    expect(replayed.verdict, replayed.message).to.equal('passed');
    expect(replayed).not.to.have.property('message');
    expect(replayed).to.include({ replayedFrom: p1.runId, runId: p1.runId, namespace: p1.namespace, context: p1.context, startedAt: T0 });
    expect(replayed.timeline).to.equal(p1.timeline);
    expect(replayed.steps.map((s) => [s.index, s.name, s.status, s.startedAt])).to.deep.equal(p1.steps.map((s) => [s.index, s.name, s.status, s.startedAt]));
    const sourceless = (steps: readonly StepOutcome[]) => steps.map((s) => s.expectations).map((list) => list.map(({ source: _source, ...rest }) => rest));
    expect(sourceless(replayed.steps)).to.deep.equal(sourceless(p1.steps));
    expect(replayed.steps[2]?.durationMs).to.equal(600);
  });

  it('keeps each fault\'s recorded outcome and says it comes from the recording', async () => {
    const replayed = await replayScenario(await twins.load('p1.yaml', p1Yaml()), p1);
    expect(replayed.steps[1]).to.include({ action: 'fault', fault: 'renameFile', status: 'passed' });
    expect(replayed.steps[1]?.summary).to.equal(`${p1.steps[1]?.summary} [from the recording of run r1: faults are not re-run]`);
  });

  it('fails a twin with a wrong expectation (exactly 0 restarts for 10s) when the restart comes, with what was observed', async () => {
    const replayed = await replayScenario(await twins.load('twin.yaml', p1Yaml(RESTARTS('exactly: 0, for: 10s'))), p1);
    expect(replayed.verdict).to.equal('failed');
    expect(replayed.steps[2]?.expectations[0]).to.include({
      kind: 'restarts', passed: false, reason: 'it stopped holding after 600ms', observed: `${pod}/web: restartCount 1`, decidedAfterMs: 600, window: 'for 10s',
    });
    expect(replayed.message).to.equal(`step 3 "the kubelet restarts the container" failed: restarts: it stopped holding after 600ms (observed: ${pod}/web: restartCount 1)`);
  });

  it('flips the verdict when only the window changes: within 100ms, when the restart came after 600ms', async () => {
    const replayed = await replayScenario(await twins.load('twin.yaml', p1Yaml(RESTARTS('atLeast: 1, within: 100ms'))), p1);
    expect(replayed.verdict).to.equal('failed');
    expect(replayed.steps[2]?.expectations[0]).to.include({
      passed: false, reason: 'not met within 100ms', observed: `${pod}/web: restartCount 0`, decidedAfterMs: 100,
    });
    expect(replayed.steps.map((s) => s.status)).to.deep.equal(['passed', 'passed', 'failed']);
  });

  it('says a verdict reached after the recording ends is all the recording can tell', async () => {
    const replayed = await replayScenario(await twins.load('twin.yaml', p1Yaml('ready: { target: app=web, status: false, within: 5s }')), p1);
    expect(replayed.steps[2]?.expectations[0]).to.include({
      kind: 'ready', passed: false, decidedAfterMs: 5_000, reason: 'not met within 5s; the recording ends 0.6s into this window', observed: `${pod}: Ready`,
    });
  });

  it('skips a step the recording never reached, saying why, and the verdict is not a pass', async () => {
    const fourth = `
    - name: ready again
      expect:
        ready: { target: app=web }`;
    const replayed = await replayScenario(await twins.load('longer.yaml', p1Yaml(undefined, fourth)), p1);
    expect(replayed.verdict).to.equal('error');
    expect(replayed.steps.map((s) => s.status)).to.deep.equal(['passed', 'passed', 'passed', 'skipped']);
    expect(replayed.steps[3]?.error).to.equal('not replayed: the recorded run r1 never started this step, so it holds no evidence for it (the recorded scenario had 3 step(s))');
    expect(replayed.message).to.equal(`step 4 "ready again" skipped: ${replayed.steps[3]?.error}`);
  });

  it('refuses steps that no longer line up with the recording: an expectation where a fault was recorded', async () => {
    const replayed = await replayScenario(await twins.load('reordered.yaml', scenarioYaml(NAME, `${WAIT_READY}
    - name: restarted already
      expect:
        ${RESTARTS('atLeast: 1')}`)), p1);
    expect(replayed.verdict).to.equal('error');
    expect(replayed.steps[1]?.error).to.match(/^the recording's step 2 was a fault \(renameFile\) \("rename index.html"\), but the scenario's is an expect step: steps are matched by position/);
  });

  describe('a recording that failed before its last step', () => {
    let failedRun: ScenarioResult;
    const withFourth = (restarts: string) => p1Yaml(RESTARTS(restarts), `
    - name: still ready
      expect:
        ready: { target: app=web }`);

    before(async () => {
      // Fails when the restart comes, so the recording holds it (a run cleans up right after a failure).
      ({ result: failedRun } = await recordP1(withFourth('exactly: 0, for: 10s')));
    });

    it('passes the step once its expectation is right, and skips the one the run never started, quoting why', async () => {
      expect(failedRun.verdict).to.equal('failed');
      const replayed = await replayScenario(await twins.load('fixed.yaml', withFourth('atLeast: 1, within: 2s')), failedRun);
      expect(replayed.steps.map((s) => s.status)).to.deep.equal(['passed', 'passed', 'passed', 'skipped']);
      expect(replayed.steps[2]?.expectations[0]).to.include({ passed: true, decidedAfterMs: 600 });
      expect(replayed.steps[3]?.error).to.equal(`not replayed: the recorded run r1 never started this step, so it holds no evidence for it (the recorded run failed: ${failedRun.message})`);
      expect(replayed.verdict).to.equal('error');
    });
  });

  describe('a later fault ends the evidence for the steps before it', () => {
    let run: ScenarioResult;
    let runPod: string;
    const yaml = (third: string) => scenarioYaml(NAME, `${WAIT_READY}${RENAME}
    - name: one restart
      expect:
        ${third}
    - name: rename it back
      fault:
        renameFile: { target: { selector: app=web, container: web }, from: /usr/share/nginx/html/index.htm, to: /usr/share/nginx/html/index.html }
    - name: another restart
      expect:
        ${RESTARTS('atLeast: 2, within: 2s')}`);

    before(async () => {
      ({ result: run, pod: runPod } = await record(yaml(RESTARTS('atLeast: 1, within: 2s')), async ({ rig, run: live, clock, pod: name }) => {
        await live.log.until('step 3/');
        clock.advance(600);
        rig.sim.restart(name, { reason: 'Completed', exitCode: 0 });
        await live.log.until('step 5/');
        clock.advance(100);
        rig.sim.restart(name, { reason: 'Completed', exitCode: 0 });
      }));
    });

    it('judges "at most 1 for 5s" only up to the next fault, and says so, leaving out the restart after it', async () => {
      expect(run.verdict, run.message).to.equal('passed');
      const replayed = await replayScenario(await twins.load('bounded.yaml', yaml(RESTARTS('atMost: 1, for: 5s'))), run);
      expect(replayed.verdict, replayed.message).to.equal('passed');
      expect(replayed.steps[2]?.expectations[0]).to.include({
        passed: true, decidedAfterMs: 5_000,
        observed: `${runPod}/web: restartCount 1 (as far as the recording tells: the recording's evidence ends 0.6s into this window, where step 4 "rename it back" injected its fault)`,
      });
      expect(replayed.steps[4]?.expectations[0]).to.include({ passed: true, decidedAfterMs: 100 });
    });
  });
});
