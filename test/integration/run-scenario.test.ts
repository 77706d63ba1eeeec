import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import { ManualClock } from '../../framework/engine/clock.js';
import { flushMicrotasks } from '../builders/promises.js';
import { scenarioYaml } from './harness.js';
import {
  changesOf, HTML, isRenameCheck, markersOf, RENAME, ScenarioRig, WAIT_FOR_RESTART, WAIT_READY,
} from './scenario-rig.js';

const PROBE_404 = 'Liveness probe failed: HTTP probe failed with statuscode: 404';

const P1 = scenarioYaml('http-liveness-rename', `${WAIT_READY}${RENAME}
    - name: the kubelet restarts the container
      expect:
        - restarts: { target: { selector: app=web, container: web }, atLeast: 1, within: 30s }
        - event: { type: Warning, reason: Unhealthy, message: "${PROBE_404}", count: 3 }`);

/** P2's story (readiness fails, no restart) with a wrong expectation: the restart never comes. */
const WRONG_EXPECTATION = scenarioYaml('expects-a-restart', `${WAIT_READY}${RENAME}
    - name: the container restarts
      expect:
        restarts: { target: { selector: app=web, container: web }, atLeast: 1, within: 300ms }`);

describe('runScenario over HTTP against the fake API server and a simulated kubelet', function () {
  this.timeout(10_000);
  let rig: ScenarioRig;

  beforeEach(async () => { rig = await ScenarioRig.create(); });
  afterEach(async () => { await rig.stop(); });

  it('passes P1: ready, index.html renamed (proved by exec), Unhealthy x3 and a restart; the labelled namespace is deleted and awaited', async () => {
    await rig.stop();
    rig = await ScenarioRig.create({ namespaceDeletion: 'manual' });
    const { api, sim } = rig;
    let probeFailures: Promise<void> | undefined;
    api.onExec(({ pod, command }) => {
      // The liveness probe starts failing once the file has really moved (after the reply).
      if (isRenameCheck(command)) probeFailures = Promise.resolve().then(() => {
        for (let i = 0; i < 3; i++) sim.event(pod, { type: 'Warning', reason: 'Unhealthy', message: PROBE_404 });
      });
      return { exitCode: 0 };
    });
    const run = await rig.start(P1);
    const pod = await rig.readyPod();
    await run.log.until('step 3/3');
    await probeFailures;
    sim.event(pod, { type: 'Normal', reason: 'Killing', message: 'Container web failed liveness probe, will be restarted' });
    sim.restart(pod, { reason: 'Completed', exitCode: 0 });
    await rig.finishNamespaceDeletionOnceAwaited(run);
    const result = await run.result;

    expect(result.verdict, result.message).to.equal('passed');
    expect(result.message).to.equal(undefined);
    expect(result).to.include({ namespace: 'fl-http-liveness-rename-r1', runId: 'r1', context: 'fake', server: api.url });
    expect(result.steps.map((s) => [s.name, s.status])).to.deep.equal([
      ['web is ready', 'passed'], ['rename index.html', 'passed'], ['the kubelet restarts the container', 'passed'],
    ]);
    expect(result.steps[1]).to.include({ action: 'fault', fault: 'renameFile' });
    expect(result.steps[1]?.summary).to.equal(`renamed ${HTML}/index.html to ${HTML}/index.htm in ${pod}/web (checked: old name gone, new name present)`);
    expect(result.steps[2]?.expectations.map((e) => [e.kind, e.passed])).to.deep.equal([['restarts', true], ['event', true]]);
    expect(result.steps[2]?.expectations[0]?.observed).to.equal(`${pod}/web: restartCount 1`);
    expect(result.steps[2]?.expectations[1]?.observed).to.match(new RegExp(`^3 matching: Warning Unhealthy pod/${pod}: Liveness probe failed`));
    expect(result.cleanupProblems).to.deep.equal([]);

    const exec = { namespace: run.namespace, pod, container: 'web', stdin: false, stdout: true, stderr: true, tty: false };
    expect(api.execs).to.deep.equal([
      { ...exec, command: ['mv', `${HTML}/index.html`, `${HTML}/index.htm`] },
      { ...exec, command: ['sh', '-c', 'test ! -e "$1" && test -e "$2"', 'sh', `${HTML}/index.html`, `${HTML}/index.htm`] },
    ]);

    const changes = changesOf(result);
    const restarted = changes.find((c) => c.kind === 'Pod' && (c.object as V1Pod).status?.containerStatuses?.[0]?.restartCount === 1);
    expect(restarted?.verb).to.equal('MODIFIED');
    expect((restarted?.object as V1Pod).status?.containerStatuses?.[0]?.lastState?.terminated).to.include({ reason: 'Completed', exitCode: 0 });
    expect(changes.some((c) => c.kind === 'Event' && (c.object as { reason?: string }).reason === 'Unhealthy')).to.equal(true);
    expect(changes.some((c) => c.kind === 'EndpointSlice')).to.equal(true);
    expect(markersOf(result)).to.include.members(['run-start', 'namespace-created', 'manifests-applied', 'fault-injected', 'cleanup-start', 'run-end']);

    const created = rig.sent('POST', '/api/v1/namespaces');
    expect(created).to.have.length(1);
    expect((created[0]?.body as { metadata: { labels: Record<string, string> } }).metadata.labels).to.include({
      'app.kubernetes.io/managed-by': 'faultline', 'faultline.dev/run': 'r1',
    });
    rig.expectNamespaceDeleted(run.namespace);
    expect(api.errors).to.deep.equal([]);
  });

  it('fails a wrong expectation (a restart that never comes) with the kind and the observed restartCount, and still cleans up', async () => {
    let readinessFails: Promise<void> | undefined;
    rig.api.onExec(({ pod, command }) => {
      if (isRenameCheck(command)) readinessFails = Promise.resolve().then(() => rig.sim.ready(pod, false));
      return { exitCode: 0 };
    });
    const run = await rig.start(WRONG_EXPECTATION);
    const pod = await rig.readyPod();
    const result = await run.result;
    await readinessFails;

    expect(result.verdict).to.equal('failed');
    expect(result.message).to.equal(`step 3 "the container restarts" failed: restarts: not met within 300ms (observed: ${pod}/web: restartCount 0)`);
    expect(result.steps.map((s) => s.status)).to.deep.equal(['passed', 'passed', 'failed']);
    const failed = result.steps[2]?.expectations[0];
    expect(failed).to.include({ kind: 'restarts', passed: false, reason: 'not met within 300ms', observed: `${pod}/web: restartCount 0`, window: 'within 300ms' });
    expect(failed?.source).to.match(/scenario\.yaml:\d+:\d+$/);
    expect(failed?.decidedAfterMs).to.be.at.least(300);
    rig.expectNamespaceDeleted(run.namespace);
    expect(markersOf(result).slice(-2)).to.deep.equal(['cleanup-start', 'run-end']);
  });

  it('says in the failure message what was observed (restartCount 0), not only that the window ran out', async () => {
    rig.api.onExec(() => ({ exitCode: 0 }));
    const run = await rig.start(WRONG_EXPECTATION);
    const pod = await rig.readyPod();
    const result = await run.result;
    expect(result.message).to.include('restarts').and.to.include(`${pod}/web: restartCount 0`);
  });

  it('judges every state since the fault began: a NotReady that came and went during the fault is not missed', async () => {
    rig.api.onExec(({ pod, command }) => {
      if (isRenameCheck(command)) {
        rig.sim.ready(pod, false);
        rig.sim.ready(pod, true);
      }
      return { exitCode: 0 };
    });
    const run = await rig.start(scenarioYaml('transient-not-ready', `${WAIT_READY}${RENAME}
    - name: the pod was NotReady and left the endpoints
      expect:
        - ready: { target: app=web, status: false }
        - endpoints: { service: web, target: app=web, present: false }`));
    const pod = await rig.readyPod();
    const result = await run.result;

    expect(result.verdict, result.message).to.equal('passed');
    expect(result.steps[2]?.expectations.map((e) => [e.kind, e.passed])).to.deep.equal([['ready', true], ['endpoints', true]]);
    expect(result.steps[2]?.expectations[0]?.observed).to.equal(`${pod}: not Ready`);
    // Which state the endpoints were judged in is not asserted: it may be one from before the fault (next test).
  });

  it('never takes a state from before the fault as evidence, even when the clock has not moved since', async () => {
    rig.api.onExec(() => ({ exitCode: 0 }));
    const clock = new ManualClock(Date.now());
    const run = await rig.start(scenarioYaml('fault-without-effect', `${WAIT_READY}${RENAME}
    - name: the pod is NotReady
      expect:
        ready: { target: app=web, status: false, within: 30s }`), { clock });
    await rig.readyPod();
    await run.log.until('step 3/3');
    clock.advance(30_000);
    const result = await run.result;
    expect(result.verdict).to.equal('failed');
    expect(result.steps[2]?.expectations[0]).to.include({ passed: false, reason: 'not met within 30s' });
  });

  describe('faults that do not take effect', () => {
    it('fails when the exec exits non-zero, naming the command, the exit code and stderr', async () => {
      const stderr = `mv: can't rename '${HTML}/index.html': No such file or directory`;
      rig.api.onExec(() => ({ exitCode: 1, stderr: `${stderr}\n` }));
      const run = await rig.start(P1);
      const pod = await rig.readyPod();
      const result = await run.result;

      expect(result.verdict).to.equal('failed');
      expect(result.message).to.equal(`step 2 "rename index.html" failed: renameFile: mv ${HTML}/index.html ${HTML}/index.htm in ${pod}/web failed: `
        + `["mv","${HTML}/index.html","${HTML}/index.htm"] exited with code 1; stderr: ${stderr}`);
      expect(result.steps.map((s) => s.status)).to.deep.equal(['passed', 'failed', 'skipped']);
      expect(rig.api.execs.map((e) => e.command[0]), 'no check after a failed mv').to.deep.equal(['mv']);
      rig.expectNamespaceDeleted(run.namespace);
    });

    it('fails when the selector matches no pod, naming the pods there are, without any exec', async () => {
      const run = await rig.start(scenarioYaml('matches-nothing', `${WAIT_READY}
    - name: rename in nothing
      fault:
        renameFile: { target: app=nothing, from: /a, to: /b }`));
      const pod = await rig.readyPod();
      const result = await run.result;

      expect(result.verdict).to.equal('failed');
      // The wording is `no pod matches app=nothing` today (reported): the check reads either way.
      expect(result.message).to.match(/^step 2 "rename in nothing" failed: renameFile: no pod matches /)
        .and.to.include(`app=nothing (pods present: ${pod})`);
      expect(rig.api.execs).to.deep.equal([]);
      rig.expectNamespaceDeleted(run.namespace);
    });

    it('is an error, not a failure, when the API server refuses the exec with 403', async () => {
      rig.api.failNext({ method: 'GET', path: /\/exec$/, status: 403 });
      const run = await rig.start(P1);
      const pod = await rig.readyPod();
      const result = await run.result;

      expect(result.verdict).to.equal('error');
      expect(result.message).to.include(`step 2 "rename index.html" error: renameFile: exec ["mv","${HTML}/index.html","${HTML}/index.htm"] in pod ${pod} failed with HTTP 403`);
      expect(result.message).to.include('RBAC');
      expect(rig.api.requests.filter((r) => r.verb === 'exec'), 'a 403 is not retried').to.have.length(1);
      expect(rig.api.execs).to.deep.equal([]);
      rig.expectNamespaceDeleted(run.namespace);
    });
  });

  it('runs two scenarios in parallel in namespaces of their own; neither sees nor deletes the other\'s', async () => {
    const { api, sim } = rig;
    const first = await rig.start(WAIT_FOR_RESTART, { runId: 'a1' });
    const second = await rig.start(WAIT_FOR_RESTART, { runId: 'b2' });
    expect(first.namespace).to.not.equal(second.namespace);
    const [firstPod, secondPod] = await Promise.all([rig.readyPod(first.namespace), rig.readyPod(second.namespace)]);
    await Promise.all([first.log.until('step 2/2'), second.log.until('step 2/2')]);

    sim.restart(firstPod, { reason: 'Completed', exitCode: 0 });
    const firstResult = await first.result;
    expect(firstResult.verdict, firstResult.message).to.equal('passed');
    await flushMicrotasks();
    expect(second.tracked.state, 'a restart in the other namespace does not count').to.equal('pending');
    expect(api.get('namespaces', undefined, second.namespace)?.status).to.deep.equal({ phase: 'Active' });
    expect(api.get('pods', second.namespace, secondPod)).to.not.equal(undefined);

    sim.restart(secondPod, { reason: 'Completed', exitCode: 0 });
    const secondResult = await second.result;
    expect(secondResult.verdict, secondResult.message).to.equal('passed');
    const deletes = api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
    expect(deletes.filter((path) => /^\/api\/v1\/namespaces\/[^/]+$/.test(path))).to.deep.equal([
      `/api/v1/namespaces/${first.namespace}`, `/api/v1/namespaces/${second.namespace}`,
    ]);
    const firstDone = deletes.indexOf(`/api/v1/namespaces/${first.namespace}`);
    expect(deletes.slice(0, firstDone + 1).filter((path) => path.includes(second.namespace)), 'nothing of the second run deleted by the first').to.deep.equal([]);
    expect(changesOf(firstResult).every((c) => c.kind === 'Node' || c.object.metadata?.namespace === first.namespace)).to.equal(true);
  });
});
