import { expect } from 'chai';
import { label } from '../../framework/faults/label.js';
import { FakeCluster } from '../builders/fake-cluster.js';
import { outcomeAtDeadline, runFault } from '../builders/fault-run.js';
import { pod } from '../builders/pod.js';
import { flushMicrotasks } from '../builders/promises.js';
import { NAMESPACE } from '../builders/time.js';
import { added, deleted, modified, TimelineScript } from '../builders/timeline-script.js';
import { faultProblems } from './fault-problems.js';

const RS_LABELS = { app: 'web', 'pod-template-hash': '7d9f8' };

function cluster(...names: string[]): TimelineScript {
  const script = new TimelineScript();
  for (const name of names.length > 0 ? names : ['web-0']) script.at(1_000, added(pod({ name, labels: RS_LABELS })));
  script.advanceTo(10_000);
  return script;
}

/** The API server's answer as the watch shows it: the pod with its new labels, at once. */
function showsLabels(script: TimelineScript, labels: Record<string, string>): FakeCluster {
  return new FakeCluster({
    patchObject: (request) => {
      const relabelled = pod({ name: request.ref.name, labels, resourceVersion: '1001' });
      script.timeline.record(modified(relabelled));
      return relabelled;
    },
  });
}

describe('label fault', () => {
  it('merge-patches the pod\'s labels (null removes) and passes once the watch shows them', async () => {
    const script = cluster();
    const fake = showsLabels(script, { app: 'web-debug' });
    const outcome = await runFault(script, 'label', { target: 'app=web', set: { app: 'web-debug' }, remove: ['pod-template-hash'] }, { cluster: fake }).outcome();
    expect(fake.objectCalls).to.deep.equal([{
      verb: 'patch', namespace: NAMESPACE, ref: { apiVersion: 'v1', kind: 'Pod', name: 'web-0' },
      patch: { metadata: { labels: { app: 'web-debug', 'pod-template-hash': null } } }, type: 'merge',
    }]);
    expect(fake.objectRequests[0]!.signal).to.be.instanceOf(AbortSignal);
    expect(outcome).to.deep.include({ status: 'passed', summary: 'relabelled web-0: set app=web-debug, removed pod-template-hash (seen on the watch)', durationMs: 0 });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('waits for the watch: passes when the relabelled pod shows up later', async () => {
    const script = cluster();
    const fake = new FakeCluster({ patchObject: () => pod({ labels: { app: 'web' } }) });
    const run = runFault(script, 'label', { target: 'app=web', remove: ['pod-template-hash'] }, { cluster: fake });
    await flushMicrotasks();
    script.at(10_300, modified(pod({ labels: { ...RS_LABELS, tier: 'front' }, resourceVersion: '1001' })));
    await flushMicrotasks();
    expect(run.step.state).to.equal('pending');
    script.at(10_700, modified(pod({ labels: { app: 'web' }, resourceVersion: '1002' })));
    expect(await run.outcome()).to.deep.include({ status: 'passed', summary: 'relabelled web-0: removed pod-template-hash (seen on the watch)', durationMs: 700 });
  });

  it('with match: all, relabels every pod in name order and waits until all show it', async () => {
    const script = cluster('web-1', 'web-0');
    const fake = new FakeCluster({ patchObject: (request) => pod({ name: request.ref.name }) });
    const run = runFault(script, 'label', { target: { selector: 'app=web', match: 'all' }, set: { app: 'orphan' } }, { cluster: fake });
    await flushMicrotasks();
    expect(fake.objectCalls.map((c) => c.ref.name)).to.deep.equal(['web-0', 'web-1']);
    script.at(10_100, modified(pod({ name: 'web-1', labels: { app: 'orphan' } })));
    await flushMicrotasks();
    expect(run.step.state).to.equal('pending');
    script.at(10_200, modified(pod({ name: 'web-0', labels: { app: 'orphan' } })));
    expect((await run.outcome()).summary).to.equal('relabelled web-0, web-1: set app=orphan (seen on the watch)');
  });

  it('fails after 30s when no watch event shows the labels, saying which labels were last seen', async () => {
    const script = cluster();
    const fake = new FakeCluster({ patchObject: () => pod() });
    const run = runFault(script, 'label', { target: 'app=web', set: { app: 'orphan' } }, { cluster: fake });
    expect(await outcomeAtDeadline(script, run, 40_000)).to.deep.include({
      status: 'failed',
      error: 'label: the API server accepted the new labels of web-0 (set app=orphan), but no watch event showed them within 30s; last seen labels: web-0: app=web, pod-template-hash=7d9f8',
      durationMs: 30_000,
    });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('fails when the pod is gone before it could be patched', async () => {
    const script = cluster();
    const outcome = await runFault(script, 'label', { target: 'app=web', set: { app: 'orphan' } }, { cluster: new FakeCluster() }).outcome();
    expect(outcome).to.deep.include({ status: 'failed', error: `label: there is no Pod web-0 (v1) in namespace ${NAMESPACE}` });
  });

  it('does not count a deleted pod as relabelled', async () => {
    const script = cluster();
    const fake = new FakeCluster({ patchObject: () => pod() });
    const run = runFault(script, 'label', { target: 'app=web', set: { app: 'orphan' } }, { cluster: fake });
    await flushMicrotasks();
    script.at(10_500, deleted(pod({ labels: RS_LABELS, deletionTimestamp: 10_000 })));
    script.advanceTo(40_000);
    expect((await run.outcome()).error).to.match(/within 30s; last seen labels: web-0: app=web, pod-template-hash=7d9f8$/);
  });

  it('fails without a request when no pod matches', async () => {
    const fake = new FakeCluster();
    const outcome = await runFault(cluster(), 'label', { target: 'app=api', set: { app: 'x' } }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({ status: 'failed', error: 'label: no pod matches app=api (pods present: web-0)' });
    expect(fake.objectRequests).to.deep.equal([]);
  });

  it('needs set or remove, label keys and values the API server accepts, and no key both set and removed', async () => {
    const at = (path: string) => `spec.steps[0].fault.label${path}`;
    expect(await faultProblems('label', { target: 'app=web' })).to.deep.equal([
      `${at('')}: give "set" (labels to add or change) or "remove" (keys to remove), or both`,
    ]);
    expect(await faultProblems('label', { target: 'app=web', set: {} })).to.deep.equal([`${at('.set')}: expected at least 1 field, got 0`]);
    expect(await faultProblems('label', { target: 'app=web', set: { version: 2 } })).to.deep.equal([`${at('.set.version')}: expected a string, got 2`]);
    expect(await faultProblems('label', {
      target: 'app in (web', set: { 'bad key!': 'x', app: 'not ok!', 'app.kubernetes.io/name': '-x' }, remove: ['app', 'tier', 'tier', 'a/b/c'],
    })).to.deep.equal([
      `${at('.target')}: invalid label selector: "app in (web": "(" is never closed (expected e.g. "env in (prod,staging)")`,
      `${at('.set')}: "-x" is not a valid value for label app.kubernetes.io/name (at most 63 characters: letters, digits, "-", "_", ".", starting and ending with a letter or digit)`,
      `${at('.set')}: "bad key!" is not a valid label key (expected e.g. "app" or "example.com/tier")`,
      `${at('.set.app')}: "not ok!" is not a valid value for label app (at most 63 characters: letters, digits, "-", "_", ".", starting and ending with a letter or digit)`,
      `${at('.remove[0]')}: "app" is both set and removed; do one or the other`,
      `${at('.remove[2]')}: "tier" is listed twice`,
      `${at('.remove[3]')}: "a/b/c" is not a valid label key (expected e.g. "app" or "example.com/tier")`,
    ]);
    expect(await faultProblems('label', { target: 'app=web', set: { 'example.com/tier': '' }, remove: ['app'] })).to.deep.equal([]);
  });

  it('describes itself', () => {
    expect(label.describe({ target: { pod: 'web-0' }, set: { app: 'orphan' }, remove: ['tier'] })).to.equal('relabel pod web-0: set app=orphan, removed tier');
  });
});
