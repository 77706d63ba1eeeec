import { expect } from 'chai';
import { loadScenarioPlan } from '../../framework/loading/load-scenario.js';
import type { Manifest, Step } from '../../framework/model/scenario.js';
import { scenarioTiming, type ExpectationTiming } from '../../framework/timing/scenario-timing.js';
import { formatRange } from '../../framework/timing/time-range.js';
import { P1_PROBE, P5_PROBE } from './pods.js';
import { removeScenarioFiles, RENAME, RENAME_BACK, scenarioFile, WAIT, webManifests, type WorkloadOptions } from './scenario-files.js';

/** Each expectation as `step kind (anchor): ~9s (6–15s) after CAUSE: OUTCOME`, or `step kind: unknown: WHY`. */
function summary(timing: ExpectationTiming): string {
  const head = `${timing.step} ${timing.use.kind}`;
  if ('never' in timing.result) return `${head}: never: ${timing.result.never.outcome}`;
  if (!('estimate' in timing.result)) return `${head}: unknown: ${timing.result.unknown}`;
  const { estimate } = timing.result;
  return `${head} (${timing.anchor}): ${formatRange(estimate.range)} after ${timing.cause}: ${estimate.outcome}`;
}

async function timeline(steps: string, container: Record<string, unknown>, options?: WorkloadOptions): Promise<string[]> {
  const { plan, problems } = await loadScenarioPlan(await scenarioFile(steps, webManifests(container, options)));
  expect(problems).to.deep.equal([]);
  return plan!.timing.expectations.map(summary);
}

describe('timing a scenario\'s expectations', () => {
  after(removeScenarioFiles);

  it('P1: the restart after a rename that breaks the liveness probe, also from a later step', async () => {
    expect(await timeline(`${WAIT}${RENAME}
    - expect:
        restarts: { target: { selector: app=web, container: web }, atLeast: 1, within: 45s }
    - expect:
        restarts: { target: { selector: app=web, container: web }, exactly: 1, within: 30s }
        ready: { target: app=web, within: 30s }`, { livenessProbe: P1_PROBE })).to.deep.equal([
      '1 ready: unknown: container web has no readiness probe: Ready as soon as it runs, and its start is not timed',
      '3 restarts (fault-just-before): ~9s (6–15s) after the rename (step 2): restartCount 1',
      '4 restarts (cause-earlier): ~9s (6–15s) after the rename (step 2): restartCount 1',
      '4 ready: unknown: container web has no readiness probe: Ready whenever it runs',
    ]);
  });

  it('P2: NotReady and out of the endpoints after the rename, Ready again after renaming it back', async () => {
    expect(await timeline(`${WAIT}${RENAME}
    - expect:
        ready: { target: app=web, status: false }
        endpoints: { service: web, target: app=web, present: false }
        restarts: { target: app=web, atLeast: 1 }${RENAME_BACK}
    - expect:
        ready: { target: app=web }
        endpoints: { service: web, present: true }`, { readinessProbe: { ...P1_PROBE, initialDelaySeconds: 2 } })).to.deep.equal([
      '1 ready (cause-after-step-start): ~3.5s (2–8s) after the container starts: Ready',
      '3 ready (fault-just-before): ~7.5s (6–12s) after the rename (step 2): NotReady',
      '3 endpoints (fault-just-before): ~7.5s (6–13s) after the rename (step 2): out of the endpoints of service web',
      '3 restarts: unknown: the rename (step 2) breaks no liveness probe of container web',
      '5 ready (fault-just-before): ~1.5s (0–6s) after the rename (step 4): Ready',
      '5 endpoints (fault-just-before): ~1.5s (0–7s) after the rename (step 4): in the endpoints of service web',
    ]);
  });

  it('does not rule out an early NotReady when no step saw the pod Ready before the fault', async () => {
    expect(await timeline(`${RENAME}
    - expect:
        ready: { target: app=web, status: false }`, { readinessProbe: P1_PROBE })).to.deep.equal([
      '2 ready (fault-just-before): ~7.5s (0–12s) after the rename (step 1): NotReady',
    ]);
  });

  it('counts restarts across faults: a second break restarts the container a second time, maybe after a back-off', async () => {
    expect(await timeline(`${WAIT}${RENAME}
    - expect:
        restarts: { target: app=web, atLeast: 2 }
    - expect:
        restarts: { target: app=web, atLeast: 1 }${RENAME}
    - expect:
        restarts: { target: app=web, atLeast: 2 }${RENAME_BACK}
    - expect:
        ready: { target: app=web }`, { livenessProbe: P1_PROBE })).to.deep.equal([
      '1 ready: unknown: container web has no readiness probe: Ready as soon as it runs, and its start is not timed',
      '3 restarts: unknown: the restart undoes the rename (step 2) (the new container starts from the image), so restartCount goes to 1 only',
      '4 restarts (cause-earlier): ~9s (6–15s) after the rename (step 2): restartCount 1',
      '6 restarts (fault-just-before): ~9s (6–40s) after the rename (step 5): restartCount 2',
      '8 ready: unknown: container web has no readiness probe: Ready whenever it runs',
    ]);
  });

  it('P5: with no fault, from the containers\' start; later steps only once an earlier one saw the container run', async () => {
    expect(await timeline(`
    - expect:
        restarts: { target: app=web, exactly: 0, for: 5s }
    - expect:
        restarts: { target: app=web, atLeast: 1, within: 1m }
        terminated: { target: app=web, reason: Completed, state: last, within: 1m }
    - expect:
        waiting: { target: app=web, reason: CrashLoopBackOff, within: 3m }
        restarts: { target: app=web, atLeast: 3, within: 3m }`, { livenessProbe: P5_PROBE })).to.deep.equal([
      '1 restarts: unknown: restartCount 0 holds from the start',
      '2 restarts (unknown): ~14s (11–20s) after the container starts: restartCount 1',
      '2 terminated (unknown): ~14s (11–20s) after the container starts: last state Terminated (restartCount 1)',
      '3 waiting (cause-earlier): ~56s (22s–1m40s) after the container starts: waiting CrashLoopBackOff',
      '3 restarts (cause-earlier): ~42s (33s–2m) after the container starts: restartCount 3',
    ]);
  });

  it('says nothing it cannot tell: other workloads, every one of several replicas, own commands, unknown faults', async () => {
    expect(await timeline(`${WAIT}${RENAME}
    - expect:
        endpoints: { service: web, target: app=web, present: false }
        ready: { target: app=web, status: false }
        restarts: { target: app=api, atLeast: 1 }
        event: { reason: Unhealthy }`, { readinessProbe: P1_PROBE }, { replicas: 3 })).to.deep.equal([
      '1 ready: unknown: Deployment web has 3 replicas and the expectation needs every one of them',
      '3 endpoints: unknown: Deployment web has 3 replicas and the expectation needs every one of them',
      '3 ready (fault-just-before): ~7.5s (6–12s) after the rename (step 2): NotReady',
      '3 restarts: unknown: no pod template in the manifests matches pods app=api',
      "3 event: unknown: events are not timed (the kubelet's spam filter may drop them)",
    ]);
    expect(await timeline(`
    - expect:
        restarts: { target: app=web, atLeast: 1, within: 1m }
    - fault:
        exec: { target: app=web, command: "true" }
    - expect:
        restarts: { target: app=web, atLeast: 2 }`, { livenessProbe: P5_PROBE, command: ['sh', '-c', 'exit 1'] })).to.deep.equal([
      '1 restarts: unknown: container web runs its own command, which may exit by itself',
      '3 restarts: unknown: Faultline does not infer what exec faults do to probes',
    ]);
  });

  it('L2: how long the deleted pod stays Terminating, and that it leaves the endpoints at once', async () => {
    const prestop = { lifecycle: { preStop: { exec: { command: ['sleep', '10000000'] } } } };
    expect(await timeline(`
    - waitFor:
        ready: { target: { pod: web } }
    - fault:
        deletePod: { target: { pod: web } }
    - expect:
        endpoints: { service: web, target: { pod: web }, present: false, within: 5s }
        terminating: { target: { pod: web }, between: [20s, 60s] }`, prestop, { kind: 'Pod', pod: { terminationGracePeriodSeconds: 20 } })).to.deep.equal([
      '1 ready: unknown: container web has no readiness probe: Ready as soon as it runs, and its start is not timed',
      '3 endpoints (fault-just-before): ~0s (0–1s) after the deletion (step 2): out of the endpoints of service web',
      '3 terminating (fault-just-before): ~30s (20–32s) after the deletion (step 2): Terminating',
    ]);
  });

  it('stops after a fault that may change the workloads themselves (scale, patch, label, ...)', () => {
    const manifests: Manifest[] = [];
    const use = { kind: 'restarts', spec: { target: 'app=web', atLeast: 1 }, window: { mode: 'within', ms: 60_000, afterMs: 0 }, source: { file: 'f', line: 1, column: 1 } };
    const steps = [
      { index: 1, name: 'scale', action: 'fault', fault: { kind: 'scale', spec: { target: 'app=web' } }, source: use.source },
      { index: 2, name: 'expect', action: 'expect', expectations: [use], source: use.source },
    ] as unknown as Step[];
    const [timing] = scenarioTiming({ steps, manifests }).expectations;
    expect(timing?.result).to.deep.equal({ unknown: 'the scale (step 1) may have changed the workloads, so their manifests no longer tell their timing' });
  });
});
