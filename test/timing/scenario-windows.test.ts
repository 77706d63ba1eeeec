import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { loadScenario, loadScenarios } from '../../framework/loading/load-scenario.js';
import { formatProblem, InvalidScenarioError } from '../../framework/loading/problems.js';
import type { Window } from '../../framework/model/window.js';
import { P1_PROBE, P5_PROBE } from './pods.js';
import { positionIn, removeScenarioFiles, RENAME, scenarioFile, WAIT, webManifests } from './scenario-files.js';

const P1 = webManifests({ livenessProbe: P1_PROBE });
const restartsWithin = (within: string): string => `
    - expect:
        restarts: { target: { selector: app=web, container: web }, atLeast: 1, within: ${within} }`;

async function problems(file: string): Promise<string[]> {
  return (await loadScenarios([file])).problems.map(formatProblem);
}

describe('the loader and the timing rules', () => {
  after(removeScenarioFiles);

  describe('windows that can never be met', () => {
    it('are reported at the "within" value, saying which rule rules them out', async () => {
      const file = await scenarioFile(`${WAIT}${RENAME}${restartsWithin('5s')}`, P1);
      const at = positionIn(await readFile(file, 'utf8'), '5s }');
      expect(await problems(file)).to.deep.equal([
        `${file}:${at}: spec.steps[2].expect.restarts.within: restarts within 5s can never be met: a liveness probe with periodSeconds 3 and failureThreshold 3 kills the container 6–11s after the rename (step 2), so restartCount 1 comes no sooner than 6s after it (experiments.md, "Timing rules (kubelet)")`,
      ]);
    });

    it('allow the moments the fault step takes after its effect, and say nothing once another step came between', async () => {
      expect(await problems(await scenarioFile(`${WAIT}${RENAME}${restartsWithin('5500ms')}`, P1))).to.deep.equal([]);
      expect(await problems(await scenarioFile(`${WAIT}${RENAME}
    - expect:
        restarts: { target: app=web, exactly: 0, for: 2s }${restartsWithin('3s')}`, P1))).to.deep.equal([]);
    });

    it('count from the containers\' start in the first step, when no fault came before', async () => {
      const file = await scenarioFile(`${restartsWithin('10s')}${restartsWithin('1s')}`, webManifests({ livenessProbe: P5_PROBE }));
      expect(await problems(file)).to.deep.equal([
        `${file}:${positionIn(await readFile(file, 'utf8'), '10s }')}: spec.steps[0].expect.restarts.within: restarts within 10s can never be met: a liveness probe with initialDelaySeconds 5, periodSeconds 3 and failureThreshold 3 kills the container 11–16s after it starts, so restartCount 1 comes no sooner than 11s after the container starts, which is after this step begins (experiments.md, "Timing rules (kubelet)")`,
      ]);
    });

    it('cover Terminating: a never-ending preStop keeps the pod for its whole grace period; a "between" range is left to the run', async () => {
      const file = await scenarioFile(`
    - fault:
        deletePod: { target: { pod: web } }
    - expect:
        terminating: { target: { pod: web }, between: [0s, 5s], within: 10s }
        endpoints: { service: web, present: false, within: 1s }`,
      webManifests({ lifecycle: { preStop: { exec: { command: ['sleep', '10000000'] } } } }, { kind: 'Pod', pod: { terminationGracePeriodSeconds: 20 } }));
      const found = await problems(file);
      expect(found).to.have.length(1);
      expect(found[0]).to.contain('terminating within 10s can never be met: a preStop hook that outlasts the 20s grace period keeps the pod Terminating 20–32s, so the pod goes no sooner than 20s after it');
    });

    it('are left alone by loadScenario unless asked, since programs also run scenarios against simulated kubelets', async () => {
      const file = await scenarioFile(`${WAIT}${RENAME}${restartsWithin('1s')}`, P1);
      expect((await loadScenario(file)).steps[2]).to.deep.include({ action: 'expect' });
      const error = await loadScenario(file, { timingChecks: true }).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidScenarioError);
      expect((error as InvalidScenarioError).problems.map((p) => p.code)).to.deep.equal(['window']);
    });
  });

  describe('default windows', () => {
    const windows = async (steps: string, manifests: string): Promise<Window[][]> => {
      const scenario = await loadScenario(await scenarioFile(steps, manifests));
      return scenario.steps.flatMap((step) => (step.action === 'fault' ? [] : [step.expectations.map((e) => e.window)]));
    };
    const within = (seconds: number): Window => ({ mode: 'within', ms: seconds * 1000, afterMs: 0 });

    it('replace the step\'s flat default with the latest time plus a margin, when the timing is known', async () => {
      expect(await windows(`${WAIT}${RENAME}
    - expect:
        ready: { target: app=web, status: false }
        endpoints: { service: web, target: app=web, present: false }
        event: { reason: Unhealthy }
        restarts: { target: app=web, exactly: 0, after: 1s }`, webManifests({ readinessProbe: P1_PROBE }))).to.deep.equal([
        // The containers' start is not timed: the flat default of waitFor steps.
        [within(120)],
        // NotReady by 12s, out of the endpoints by 13s: + 10s. Events are not timed; "after" was checked against the flat default.
        [within(22), within(23), within(60), { mode: 'within', ms: 60_000, afterMs: 1_000 }],
      ]);
    });

    it('keep an expectation kind\'s own default, and without a fault only ever lengthen the flat one', async () => {
      expect(await windows(`
    - fault:
        deletePod: { target: app=web }
    - expect:
        terminating: { target: app=web, between: [0s, 40s] }`, P1)).to.deep.equal([[within(70)]]);
      // Restart 1 by 20s (+ 10s) stays at 60s; restart 3 by 2m gets 3m.
      expect(await windows(`${restartsWithin('1m')}
    - expect:
        - restarts: { target: app=web, atLeast: 1 }
        - restarts: { target: app=web, atLeast: 3 }`, webManifests({ livenessProbe: P5_PROBE })))
        .to.deep.equal([[within(60)], [within(60), within(180)]]);
    });
  });
});
