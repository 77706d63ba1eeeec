import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import { ManualClock } from '../../framework/engine/clock.js';
import type { Marker } from '../../framework/observe/timeline-entry.js';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import { onRequest, scenarioYaml, WEB_MANIFESTS } from './harness.js';
import { changesOf, ScenarioRig, WAIT_FOR_RESTART, WAIT_READY } from './scenario-rig.js';

const WAIT_ONLY = scenarioYaml('waits-for-web', WAIT_READY);

const markerTexts = (result: ScenarioResult, kind: Marker['marker']): string[] =>
  result.timeline.flatMap((e) => (e.type === 'marker' && e.marker === kind ? [e.text] : []));

describe('runScenario when the API server misbehaves, watches break, or the run is stopped', function () {
  this.timeout(10_000);
  let rig: ScenarioRig;

  beforeEach(async () => { rig = await ScenarioRig.create(); });
  afterEach(async () => { await rig.stop(); });

  describe('API errors', () => {
    it('retries 429 (honouring Retry-After), 500 and a reset connection on the namespace and manifest creates, and passes', async () => {
      const { api } = rig;
      for (const path of [/^\/api\/v1\/namespaces$/, /\/deployments$/]) {
        api.failNext({ method: 'POST', path, status: 429, retryAfterSeconds: 7 });
        api.failNext({ method: 'POST', path, status: 500 });
      }
      api.failNext({ method: 'POST', path: /\/services$/, status: 0, reset: true });
      const run = await rig.start(WAIT_ONLY);
      await rig.readyPod();
      const result = await run.result;

      expect(result.verdict, result.message).to.equal('passed');
      const ns = run.namespace;
      expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.path)).to.deep.equal([
        '/api/v1/namespaces', '/api/v1/namespaces', '/api/v1/namespaces',
        `/apis/apps/v1/namespaces/${ns}/deployments`, `/apis/apps/v1/namespaces/${ns}/deployments`, `/apis/apps/v1/namespaces/${ns}/deployments`,
        `/api/v1/namespaces/${ns}/services`, `/api/v1/namespaces/${ns}/services`,
      ]);
      expect(rig.retry.waits, 'Retry-After: 7 is honoured, capped at maxRetryAfterMs').to.deep.equal([10, 10]);
      rig.expectNamespaceDeleted(ns);
    });

    it('is an error naming the manifest\'s file:line:col when the API server rejects it with 422 or 400', async () => {
      const { api } = rig;
      const manifests = `${rig.dir}/manifests/web.yaml`;
      const serviceLine = WEB_MANIFESTS.split('\n').indexOf('---') + 2;
      api.failNext({ method: 'POST', path: /\/services$/, status: 422 });
      const rejected = await (await rig.start(WAIT_ONLY, { runId: 'r422' })).result;
      expect(rejected.verdict).to.equal('error');
      expect(rejected.message).to.equal(`${manifests}:${serviceLine}:1: Service web was rejected: create Service web failed with HTTP 422: injected failure (HTTP 422)`);
      expect(rejected.steps.map((s) => s.status)).to.deep.equal(['skipped']);
      rig.expectNamespaceDeleted(rejected.namespace);

      api.failNext({ method: 'POST', path: /\/deployments$/, status: 400 });
      const bad = await (await rig.start(WAIT_ONLY, { runId: 'r400' })).result;
      expect(bad.verdict).to.equal('error');
      expect(bad.message).to.match(new RegExp(`^${manifests}:1:1: Deployment web was rejected: create Deployment web failed with HTTP 400`));
      rig.expectNamespaceDeleted(bad.namespace);
      expect(api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/services')), 'nothing is created after a rejected manifest').to.have.length(1);
    });
  });

  describe('watches that fail in the middle of a step', () => {
    it('resumes a dropped watch from its resourceVersion and sees the restart made while it was down', async () => {
      const run = await rig.start(WAIT_FOR_RESTART);
      const pod = await rig.readyPod();
      await run.log.until('step 2/2');
      rig.api.dropWatches();
      rig.sim.restart(pod, { reason: 'Error', exitCode: 137 });
      const result = await run.result;

      expect(result.verdict, result.message).to.equal('passed');
      expect(result.steps[1]?.expectations[0]?.observed).to.equal(`${pod}: restartCount 1`);
      expect(markerTexts(result, 'watch-resumed').some((text) => text.startsWith(`/api/v1/namespaces/${run.namespace}/pods: the watch failed`))).to.equal(true);
      rig.expectNamespaceDeleted(run.namespace);
    });

    it('re-lists after 410 Expired and emits the restart made while the watch was down', async () => {
      const run = await rig.start(WAIT_FOR_RESTART);
      const pod = await rig.readyPod();
      await run.log.until('step 2/2');
      const pods = `/api/v1/namespaces/${run.namespace}/pods`;
      // The pods watch's resume is the one that finds its resourceVersion expired.
      const stop = onRequest(rig.api, (request) => {
        if (request.verb !== 'watch' || request.path !== pods) return;
        stop();
        rig.api.expireNextWatch();
      });
      rig.api.dropWatches();
      rig.sim.restart(pod, { reason: 'Error', exitCode: 137 });
      const result = await run.result;

      expect(result.verdict, result.message).to.equal('passed');
      const relisted = markerTexts(result, 'watch-relisted');
      expect(relisted).to.have.length(1);
      expect(relisted[0]).to.match(new RegExp(`^${pods}: resourceVersion expired \\(410 Gone\\); re-listed at \\d+$`));
      const restart = changesOf(result).find((c) => c.kind === 'Pod' && (c.object as V1Pod).status?.containerStatuses?.[0]?.restartCount === 1);
      expect(restart?.verb, 'the re-list reports the difference as a change').to.equal('MODIFIED');
      rig.expectNamespaceDeleted(run.namespace);
    });
  });

  describe('stopping early', () => {
    it('is interrupted when the signal aborts while a step waits; the namespace is still deleted and awaited', async () => {
      await rig.stop();
      rig = await ScenarioRig.create({ namespaceDeletion: 'manual' });
      const interrupt = new AbortController();
      const run = await rig.start(WAIT_FOR_RESTART, { signal: interrupt.signal });
      await rig.readyPod();
      await run.log.until('step 2/2');
      interrupt.abort(new Error('interrupted by SIGINT'));
      await rig.finishNamespaceDeletionOnceAwaited(run);
      const result = await run.result;

      expect(result.verdict).to.equal('interrupted');
      expect(result.message).to.equal('step 2 "the container restarts" interrupted: interrupted by SIGINT');
      expect(result.steps.map((s) => s.status)).to.deep.equal(['passed', 'interrupted']);
      expect(result.cleanupProblems).to.deep.equal([]);
      rig.expectNamespaceDeleted(run.namespace);
    });

    it('deletes the namespace when the interrupt lands while the namespace is being created', async () => {
      const interrupt = new AbortController();
      rig.api.onCreate('namespaces', () => interrupt.abort(new Error('interrupted by SIGINT')));
      const run = await rig.start(WAIT_FOR_RESTART, { signal: interrupt.signal });
      const result = await run.result;

      expect(result.verdict).to.equal('interrupted');
      rig.expectNamespaceDeleted(run.namespace);
    });

    it('fails with the timeout message when the scenario\'s timeout passes while a step waits', async () => {
      const clock = new ManualClock(Date.now());
      const run = await rig.start(scenarioYaml('too-slow', `${WAIT_READY}
    - name: the container restarts
      expect:
        restarts: { target: app=web, atLeast: 1, within: 30s }`, { timeout: '1s' }), { clock });
      await rig.readyPod();
      await run.log.until('step 2/2');
      clock.advance(1_000);
      const result = await run.result;

      expect(result.verdict).to.equal('failed');
      expect(result.message).to.equal('the scenario did not finish within its timeout of 1.00s (during step "the container restarts")');
      expect(result.steps.map((s) => s.status)).to.deep.equal(['passed', 'interrupted']);
      rig.expectNamespaceDeleted(run.namespace);
    });

    it('turns a passed run into an error when its namespace is not gone within namespaceDeletionTimeoutMs', async () => {
      await rig.stop();
      rig = await ScenarioRig.create({ namespaceDeletion: 'manual' });
      const run = await rig.start(WAIT_ONLY, { namespaceDeletionTimeoutMs: 50 });
      await rig.readyPod();
      const result = await run.result;

      expect(result.verdict, result.message).to.equal('error');
      expect(result.message).to.match(/^the scenario passed, but cleanup failed: .* \(run `faultline sweep` to retry\)$/);
      expect(result.cleanupProblems).to.deep.equal([
        `delete namespace ${run.namespace}: namespace ${run.namespace} is still there after 0.05s: phase Terminating`,
      ]);
    });
  });
});
