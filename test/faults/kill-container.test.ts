import { expect } from 'chai';
import { ExecIncompleteError } from '../../framework/cluster/exec-command.js';
import { killContainer } from '../../framework/faults/kill-container.js';
import { exited, FakeCluster } from '../builders/fake-cluster.js';
import { outcomeAtDeadline, runFault } from '../builders/fault-run.js';
import { pod } from '../builders/pod.js';
import { flushMicrotasks } from '../builders/promises.js';
import { added, modified, TimelineScript } from '../builders/timeline-script.js';

function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(1_000, added(pod({ containerID: 'containerd://3f1c0a' })));
  script.advanceTo(10_000);
  return script;
}

const PID1_EXPLANATION = 'PID 1 ignores signals it installs no handler for (the kernel protects a PID namespace\'s init). '
  + 'Use a signal the process handles (nginx: TERM or QUIT), or deletePod.';

describe('killContainer fault', () => {
  it('sends kill -TERM 1 in the container and passes when a new containerID shows it was restarted', async () => {
    const script = cluster();
    const fake = new FakeCluster();
    const run = runFault(script, 'killContainer', { target: 'app=web' }, { cluster: fake });
    await flushMicrotasks();
    expect(fake.execs.map((r) => [r.pod, r.container, r.command])).to.deep.equal([['web-0', 'web', ['kill', '-TERM', '1']]]);
    expect(script.clock.pendingTimers).to.equal(2);
    script.at(10_300, modified(pod({ containerID: 'containerd://3f1c0a', podReady: false, ready: false })));
    await flushMicrotasks();
    expect(run.step.state, 'a NotReady pod is not a stopped container').to.equal('pending');
    script.at(11_200, modified(pod({ containerID: 'containerd://9b7e44' })));
    expect(await run.outcome()).to.deep.include({
      status: 'passed', summary: 'sent SIGTERM to PID 1 of web-0/web (seen: container stopped)', durationMs: 1_200,
    });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('passes on a higher restartCount', async () => {
    const script = cluster();
    const run = runFault(script, 'killContainer', { target: 'app=web', signal: 'QUIT' });
    await flushMicrotasks();
    script.at(10_700, modified(pod({ containerID: 'containerd://3f1c0a', restartCount: 1 })));
    expect(await run.outcome()).to.deep.include({ status: 'passed', summary: 'sent SIGQUIT to PID 1 of web-0/web (seen: container stopped)' });
  });

  it('passes on a terminated container state (restartPolicy Never)', async () => {
    const script = cluster();
    const run = runFault(script, 'killContainer', { target: 'app=web' });
    await flushMicrotasks();
    script.at(10_500, modified(pod({ containerID: 'containerd://3f1c0a', phase: 'Failed', terminated: { reason: 'Error', exitCode: 143 } })));
    expect((await run.outcome()).status).to.equal('passed');
  });

  it('sends the chosen signal to the named container', async () => {
    const script = new TimelineScript();
    script.at(1_000, added(pod({ containers: [{ name: 'web' }, { name: 'log-agent' }] })));
    const fake = new FakeCluster();
    const run = runFault(script, 'killContainer', { target: { selector: 'app=web', container: 'log-agent' }, signal: 'HUP' }, { cluster: fake });
    await flushMicrotasks();
    expect(fake.execs.map((r) => [r.container, r.command])).to.deep.equal([['log-agent', ['kill', '-HUP', '1']]]);
    script.at(2_000, modified(pod({ containers: [{ name: 'web' }, { name: 'log-agent', restartCount: 1 }] })));
    expect((await run.outcome()).summary).to.equal('sent SIGHUP to PID 1 of web-0/log-agent (seen: container stopped)');
  });

  it('treats an exec session cut short by the dying container as expected', async () => {
    const script = cluster();
    const fake = new FakeCluster({ exec: () => { throw new ExecIncompleteError('exec ["kill","-TERM","1"] in web-0/web ended without an exit status'); } });
    const run = runFault(script, 'killContainer', { target: 'app=web' }, { cluster: fake });
    await flushMicrotasks();
    script.at(10_900, modified(pod({ containerID: 'containerd://9b7e44', restartCount: 1 })));
    expect((await run.outcome()).status).to.equal('passed');
  });

  it('is an error when the exec itself is refused', async () => {
    const fake = new FakeCluster({ exec: () => { throw new Error('exec failed: container not found ("web")'); } });
    const outcome = await runFault(cluster(), 'killContainer', { target: 'app=web' }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({ status: 'error', error: 'killContainer: exec failed: container not found ("web")' });
  });

  it('fails with the PID 1 explanation when the container never stops', async () => {
    const script = cluster();
    const run = runFault(script, 'killContainer', { target: 'app=web' });
    await flushMicrotasks();
    script.at(20_000, modified(pod({ containerID: 'containerd://3f1c0a', resourceVersion: '1002' })));
    expect(await outcomeAtDeadline(script, run, 40_000)).to.deep.include({
      status: 'failed',
      error: `killContainer: SIGTERM to PID 1 of web-0/web did not stop the container within 30s: ${PID1_EXPLANATION}`,
      durationMs: 30_000,
    });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('waits as long as the given timeout', async () => {
    const script = cluster();
    const run = runFault(script, 'killContainer', { target: 'app=web', signal: 'USR1', timeout: '10s' });
    await flushMicrotasks();
    script.advanceTo(20_000);
    expect((await run.outcome()).error).to.equal(`killContainer: SIGUSR1 to PID 1 of web-0/web did not stop the container within 10s: ${PID1_EXPLANATION}`);
  });

  it('fails at once, with the exit code and stderr, when kill itself fails', async () => {
    const script = cluster();
    const fake = new FakeCluster({ exec: () => exited(1, 'sh: can\'t kill pid 1: Operation not permitted\n') });
    const run = runFault(script, 'killContainer', { target: 'app=web' }, { cluster: fake });
    await flushMicrotasks();
    expect(run.step.state, 'the step should be over without waiting for the timeout').to.equal('fulfilled');
    const outcome = await run.outcome();
    expect(outcome.status).to.equal('failed');
    expect(outcome.error).to.include('exited with code 1').and.to.include('Operation not permitted');
  });

  it('describes itself', () => {
    expect(killContainer.describe({ target: 'app=web' })).to.equal('send SIGTERM to PID 1 of pods app=web');
    expect(killContainer.describe({ target: { pod: 'web-0', container: 'web' }, signal: 'QUIT' })).to.equal('send SIGQUIT to PID 1 of pod web-0, container web');
  });
});
