import { expect } from 'chai';
import { exec } from '../../framework/faults/exec.js';
import { exited, FakeCluster, hangUntilAborted, ok } from '../builders/fake-cluster.js';
import { runFault } from '../builders/fault-run.js';
import { pod } from '../builders/pod.js';
import { flushMicrotasks } from '../builders/promises.js';
import { added, TimelineScript } from '../builders/timeline-script.js';

function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(1_000, added(pod()));
  script.advanceTo(10_000);
  return script;
}

describe('exec fault', () => {
  it('runs a string with sh -c in the target container', async () => {
    const fake = new FakeCluster();
    const outcome = await runFault(cluster(), 'exec', { target: 'app=web', command: 'rm /usr/share/nginx/html/index.html' }, { cluster: fake }).outcome();
    expect(fake.execs.map((r) => [r.pod, r.container, r.command])).to.deep.equal([['web-0', 'web', ['sh', '-c', 'rm /usr/share/nginx/html/index.html']]]);
    expect(outcome).to.deep.include({ status: 'passed', summary: 'ran ["sh","-c","rm /usr/share/nginx/html/index.html"]: web-0/web: exit 0' });
  });

  it('passes an argument list as it is, and reports trimmed stdout', async () => {
    const fake = new FakeCluster({ exec: () => ok('  index.htm\n50x.html\n') });
    const outcome = await runFault(cluster(), 'exec', { target: 'app=web', command: ['ls', '/usr/share/nginx/html'] }, { cluster: fake }).outcome();
    expect(fake.commands).to.deep.equal([['ls', '/usr/share/nginx/html']]);
    expect(outcome.summary).to.equal('ran ["ls","/usr/share/nginx/html"]: web-0/web: exit 0, stdout: index.htm\n50x.html');
  });

  it('cuts stdout at 200 characters', async () => {
    const fake = new FakeCluster({ exec: () => ok('x'.repeat(250)) });
    const outcome = await runFault(cluster(), 'exec', { target: 'app=web', command: ['cat', '/var/log/nginx/access.log'] }, { cluster: fake }).outcome();
    expect(outcome.summary).to.equal(`ran ["cat","/var/log/nginx/access.log"]: web-0/web: exit 0, stdout: ${'x'.repeat(200)}…`);
  });

  it('fails when the exit code is not the expected one, with stderr', async () => {
    const fake = new FakeCluster({ exec: () => exited(1, 'rm: can\'t remove \'/nope\': No such file or directory\n') });
    const outcome = await runFault(cluster(), 'exec', { target: 'app=web', command: ['rm', '/nope'] }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({
      status: 'failed',
      error: 'exec: exec ["rm","/nope"] in web-0/web exited with code 1, expected 0; stderr: rm: can\'t remove \'/nope\': No such file or directory',
    });
  });

  it('accepts the expected exit code, or any with "any"', async () => {
    const killed = new FakeCluster({ exec: () => exited(137) });
    expect((await runFault(cluster(), 'exec', { target: 'app=web', command: 'nginx -s stop; sleep 60', expectExitCode: 137 }, { cluster: killed }).outcome()).status).to.equal('passed');
    const anything = new FakeCluster({ exec: () => exited(2) });
    const outcome = await runFault(cluster(), 'exec', { target: 'app=web', command: ['false'], expectExitCode: 'any' }, { cluster: anything }).outcome();
    expect(outcome).to.deep.include({ status: 'passed', summary: 'ran ["false"]: web-0/web: exit 2' });
    const wrong = new FakeCluster({ exec: () => exited(0) });
    expect((await runFault(cluster(), 'exec', { target: 'app=web', command: ['true'], expectExitCode: 137 }, { cluster: wrong }).outcome()).error)
      .to.equal('exec: exec ["true"] in web-0/web exited with code 0, expected 137');
  });

  it('ends with an error when the step\'s time limit passes, cancelling the exec', async () => {
    const script = cluster();
    const fake = new FakeCluster({ exec: hangUntilAborted });
    const run = runFault(script, 'exec', { target: 'app=web', command: ['sleep', '3600'] }, { cluster: fake, timeoutMs: 5_000 });
    await flushMicrotasks();
    script.advanceTo(14_999);
    await flushMicrotasks();
    expect(run.step.state).to.equal('pending');
    script.advanceTo(15_000);
    const outcome = await run.outcome();
    expect(outcome).to.deep.include({ status: 'error', error: 'exec: fault step "fault exec" did not finish within 5s', durationMs: 5_000 });
    expect(fake.execs[0]!.signal?.aborted).to.equal(true);
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('uses the default 60s fault time limit', async () => {
    const script = cluster();
    const run = runFault(script, 'exec', { target: 'app=web', command: ['sleep', '3600'] }, { cluster: new FakeCluster({ exec: hangUntilAborted }) });
    await flushMicrotasks();
    script.advanceTo(70_000);
    expect((await run.outcome()).error).to.equal('exec: fault step "fault exec" did not finish within 60s');
  });

  it('is interrupted when the run is aborted', async () => {
    const script = cluster();
    const runSignal = new AbortController();
    const run = runFault(script, 'exec', { target: 'app=web', command: ['sleep', '3600'] }, { cluster: new FakeCluster({ exec: hangUntilAborted }), signal: runSignal.signal });
    await flushMicrotasks();
    runSignal.abort(new Error('interrupted by SIGINT'));
    expect(await run.outcome()).to.deep.include({ status: 'interrupted', error: 'interrupted by SIGINT' });
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('describes itself', () => {
    expect(exec.describe({ target: 'app=web', command: 'nginx -s stop' })).to.equal('exec ["sh","-c","nginx -s stop"] in pods app=web');
  });
});
