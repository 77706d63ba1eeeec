import { expect } from 'chai';
import type { StepOutcome } from '../../framework/engine/scenario-result.js';
import { problemOf, renderScenario } from '../../framework/report/scenario-text.js';
import { scenarioResult } from './fixtures.js';

const passed = scenarioResult();
const [waitStep, faultStep, expectStep] = passed.steps as [StepOutcome, StepOutcome, StepOutcome];

const restartsNotMet: StepOutcome = {
  ...expectStep, status: 'failed', durationMs: 30_000,
  expectations: [{
    ...expectStep.expectations[0]!, passed: false, decidedAfterMs: 30_000,
    observed: 'restartCount 0 (pod web-7d9c4 container web)', reason: 'no restart within 30s',
  }],
};

describe('problemOf', () => {
  it('is undefined for a passed scenario', () => {
    expect(problemOf(passed)).to.equal(undefined);
  });

  it('names the failed expectation and shows the timeline of its step only', () => {
    const problem = problemOf(scenarioResult({
      verdict: 'failed', steps: [waitStep, faultStep, restartsNotMet],
      message: 'restarts: container web of pods app=web restartCount >= 1 within 30s\nwas not met: no restart within 30s',
    }));
    expect(problem?.type).to.equal('expectation.restarts');
    expect(problem?.message).to.equal('restarts: container web of pods app=web restartCount >= 1 within 30s was not met: no restart within 30s');
    const details = problem?.details.join('\n') ?? '';
    expect(details).to.contain('step 2 expect restarts, event: failed in 30.0s\n'
      + '  ✗ restarts: container web of pods app=web restartCount >= 1 within 30s\n'
      + '      reason: no restart within 30s\n'
      + '      observed: restartCount 0 (pod web-7d9c4 container web)\n'
      + '      judged within 30s, decided after 30.0s, at scenarios/probes.yaml:20:9');
    expect(details).to.contain('timeline of step 2:\n  +12.60s  ── step 2 expect restarts, event ──');
    expect(details).to.contain('(x3)');
    expect(details).not.to.contain('+9.10s'); // before the step
  });

  it('names the fault of a fault step that did not take effect', () => {
    const notEffective: StepOutcome = { ...faultStep, status: 'failed', error: 'no pod matched app=web' };
    const problem = problemOf(scenarioResult({ verdict: 'failed', steps: [waitStep, notEffective] }));
    expect(problem?.type).to.equal('fault.renameFile');
    expect(problem?.message).to.equal('step 1 fault renameFile failed: no pod matched app=web');
    const named = problemOf(scenarioResult({ verdict: 'failed', steps: [{ ...notEffective, name: 'break the page' }] }));
    expect(named?.type).to.equal('fault.renameFile');
  });

  it('reports error and interrupted verdicts as such', () => {
    const refused: StepOutcome = { ...faultStep, status: 'error', error: 'pods "web-7d9c4" is forbidden' };
    expect(problemOf(scenarioResult({ verdict: 'error', steps: [waitStep, refused] }))).to.include({
      verdict: 'error', type: 'error', message: 'step 1 fault renameFile error: pods "web-7d9c4" is forbidden',
    });
    expect(problemOf(scenarioResult({ verdict: 'interrupted', message: 'SIGINT received', steps: [] }))).to.include({
      verdict: 'interrupted', type: 'interrupted', message: 'SIGINT received',
    });
  });
});

describe('renderScenario', () => {
  it('lists the run, every step, cleanup problems and the whole timeline', () => {
    const text = renderScenario(scenarioResult({ cleanupProblems: ['namespace faultline-p1 still Terminating after 2m'] })).join('\n');
    expect(text).to.match(/^scenario P1 liveness probe failure restarts the container \(scenarios\/probes\.yaml\): passed in 23\.0s\n/);
    expect(text).to.contain('run p1-7f3a, namespace faultline-p1, context kind-faultline, Kubernetes v1.31.0');
    expect(text).to.contain('  step 1 fault renameFile: passed in 400ms — renamed /usr/share/nginx/html/index.html');
    expect(text).to.contain('cleanup problems:\n  - namespace faultline-p1 still Terminating after 2m');
    expect(text).to.contain('timeline:\n   +0.00s  ── run p1-7f3a');
    expect(text).to.contain('+22.30s  pod web-7d9c4: Running, Ready; web: running, restarts 1');
  });
});
