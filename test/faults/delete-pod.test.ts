import { expect } from 'chai';
import type { DeletePodRequest } from '../../framework/cluster/cluster-access.js';
import { deletePod } from '../../framework/faults/delete-pod.js';
import { FakeCluster } from '../builders/fake-cluster.js';
import { outcomeAtDeadline, runFault } from '../builders/fault-run.js';
import { pod } from '../builders/pod.js';
import { flushMicrotasks } from '../builders/promises.js';
import { NAMESPACE } from '../builders/time.js';
import { added, deleted, modified, TimelineScript } from '../builders/timeline-script.js';

function cluster(...names: string[]): TimelineScript {
  const script = new TimelineScript();
  for (const name of names.length > 0 ? names : ['web-0']) script.at(1_000, added(pod({ name })));
  script.advanceTo(10_000);
  return script;
}

/** The API server's answer as the watch shows it: the pod Terminating, right away. */
function showsTerminating(script: TimelineScript) {
  return (request: DeletePodRequest): void => {
    script.timeline.record(modified(pod({ name: request.pod, deletionTimestamp: script.now, deletionGracePeriodSeconds: request.gracePeriodSeconds ?? 30 })));
  };
}

const withoutSignal = (requests: DeletePodRequest[]) => requests.map(({ signal: _signal, ...rest }) => rest);

describe('deletePod fault', () => {
  it('deletes the pod and passes once the watch shows it Terminating', async () => {
    const script = cluster();
    const fake = new FakeCluster({ deletePod: showsTerminating(script) });
    const outcome = await runFault(script, 'deletePod', { target: 'app=web' }, { cluster: fake }).outcome();
    expect(withoutSignal(fake.deletions)).to.deep.equal([{ namespace: NAMESPACE, pod: 'web-0' }]);
    expect(fake.deletions[0]!.signal).to.be.instanceOf(AbortSignal);
    expect(outcome).to.deep.include({ status: 'passed', summary: 'deleted web-0 (seen Terminating)', durationMs: 0 });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('passes the grace period in whole seconds, rounded down', async () => {
    for (const [gracePeriod, seconds] of [['2s', 2], ['1500ms', 1], ['1m', 60]] as const) {
      const script = cluster();
      const fake = new FakeCluster({ deletePod: showsTerminating(script) });
      const outcome = await runFault(script, 'deletePod', { target: 'app=web', gracePeriod }, { cluster: fake }).outcome();
      expect(fake.deletions[0]!.gracePeriodSeconds, gracePeriod).to.equal(seconds);
      expect(outcome.summary).to.equal(`deleted web-0 with grace period ${seconds}s (seen Terminating)`);
    }
  });

  it('accepts a pod gone at once (grace period 0) as proof', async () => {
    const script = cluster();
    const fake = new FakeCluster({
      deletePod: (request) => { script.timeline.record(deleted(pod({ name: request.pod, deletionTimestamp: script.now, deletionGracePeriodSeconds: 0 }))); },
    });
    const outcome = await runFault(script, 'deletePod', { target: 'app=web', gracePeriod: '0s' }, { cluster: fake }).outcome();
    expect(fake.deletions[0]!.gracePeriodSeconds).to.equal(0);
    expect(outcome).to.deep.include({ status: 'passed', summary: 'deleted web-0 with grace period 0s (seen Terminating)' });
  });

  it('waits for the watch: passes when the Terminating pod shows up later', async () => {
    const script = cluster();
    const run = runFault(script, 'deletePod', { target: 'app=web' });
    await flushMicrotasks();
    script.at(10_400, modified(pod({ resourceVersion: '1001' })));
    await flushMicrotasks();
    expect(run.step.state).to.equal('pending');
    script.at(10_800, modified(pod({ deletionTimestamp: 10_000 })));
    expect(await run.outcome()).to.deep.include({ status: 'passed', durationMs: 800 });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('with match: all, deletes every pod in name order and waits until all are seen Terminating', async () => {
    const script = cluster('web-1', 'web-0');
    const fake = new FakeCluster();
    const run = runFault(script, 'deletePod', { target: { selector: 'app=web', match: 'all' } }, { cluster: fake });
    await flushMicrotasks();
    expect(fake.deletions.map((d) => d.pod)).to.deep.equal(['web-0', 'web-1']);
    script.at(10_500, modified(pod({ name: 'web-0', deletionTimestamp: 10_000 })));
    await flushMicrotasks();
    expect(run.step.state).to.equal('pending');
    script.at(11_000, modified(pod({ name: 'web-1', deletionTimestamp: 10_000 })));
    expect(await run.outcome()).to.deep.include({ status: 'passed', summary: 'deleted web-0, web-1 (seen Terminating)', durationMs: 1_000 });
  });

  it('does not pick a pod that is already Terminating', async () => {
    const script = new TimelineScript();
    script.at(1_000, added(pod({ name: 'web-0', deletionTimestamp: 900 })), added(pod({ name: 'web-1' })));
    const fake = new FakeCluster({ deletePod: showsTerminating(script) });
    await runFault(script, 'deletePod', { target: 'app=web' }, { cluster: fake }).outcome();
    expect(fake.deletions.map((d) => d.pod)).to.deep.equal(['web-1']);
  });

  it('fails when no watch event shows the deletion within 30s', async () => {
    const script = cluster();
    const run = runFault(script, 'deletePod', { target: 'app=web' });
    expect(await outcomeAtDeadline(script, run, 40_000)).to.deep.include({
      status: 'failed',
      error: 'deletePod: the API server accepted the deletion of web-0, but no watch event showed them Terminating or gone within 30s',
      durationMs: 30_000,
    });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('is an error when the API refuses the deletion', async () => {
    const fake = new FakeCluster({ deletePod: () => { throw new Error('DELETE pods/web-0: HTTP 403: pods "web-0" is forbidden'); } });
    const outcome = await runFault(cluster(), 'deletePod', { target: 'app=web' }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({ status: 'error', error: 'deletePod: DELETE pods/web-0: HTTP 403: pods "web-0" is forbidden' });
  });

  it('fails without deleting anything when no pod matches', async () => {
    const fake = new FakeCluster();
    const outcome = await runFault(cluster(), 'deletePod', { target: 'app=api' }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({ status: 'failed', error: 'deletePod: no pod matches app=api (pods present: web-0)' });
    expect(fake.deletions).to.deep.equal([]);
  });

  it('describes itself', () => {
    expect(deletePod.describe({ target: 'app=web', gracePeriod: '2s' })).to.equal('delete pods app=web with grace period 2s');
    expect(deletePod.describe({ target: { pod: 'web-0' } })).to.equal('delete pod web-0');
  });
});
