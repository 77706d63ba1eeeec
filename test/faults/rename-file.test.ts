import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renameFile } from '../../framework/faults/rename-file.js';
import { exited, FakeCluster, ok } from '../builders/fake-cluster.js';
import { runFault } from '../builders/fault-run.js';
import { pod } from '../builders/pod.js';
import { NAMESPACE } from '../builders/time.js';
import { added, TimelineScript } from '../builders/timeline-script.js';

const FROM = '/usr/share/nginx/html/index.html';
const TO = '/usr/share/nginx/html/index.htm';
const MV = ['mv', FROM, TO];
const CHECK = ['sh', '-c', 'test ! -e "$1" && test -e "$2"', 'sh', FROM, TO];

function cluster(...pods: Array<ReturnType<typeof pod>>): TimelineScript {
  const script = new TimelineScript();
  for (const p of pods.length > 0 ? pods : [pod()]) script.at(1_000, added(p));
  script.advanceTo(10_000);
  return script;
}

describe('renameFile fault', () => {
  it('runs mv, then checks the old name is gone and the new one exists, in the target\'s first container', async () => {
    const script = cluster();
    const fake = new FakeCluster();
    const outcome = await runFault(script, 'renameFile', { target: 'app=web', from: FROM, to: TO }, { cluster: fake }).outcome();
    expect(fake.commands).to.deep.equal([MV, CHECK]);
    expect(fake.execs.map((r) => [r.namespace, r.pod, r.container])).to.deep.equal([[NAMESPACE, 'web-0', 'web'], [NAMESPACE, 'web-0', 'web']]);
    expect(fake.execs[0]!.signal).to.be.instanceOf(AbortSignal);
    expect(outcome).to.deep.include({
      status: 'passed', action: 'fault', fault: 'renameFile',
      summary: `renamed ${FROM} to ${TO} in web-0/web (checked: old name gone, new name present)`,
    });
    expect(script.timeline.entries.filter((e) => e.type === 'marker').map((e) => e.type === 'marker' && [e.marker, e.text])).to.deep.equal([
      ['step-start', 'fault renameFile'],
      ['fault-injected', `renameFile: renamed ${FROM} to ${TO} in web-0/web (checked: old name gone, new name present)`],
      ['step-end', 'fault renameFile: passed'],
    ]);
    expect(script.clock.pendingTimers).to.equal(0);
  });

  it('acts on the first pod by name, or on every pod with match: all', async () => {
    const one = new FakeCluster();
    await runFault(cluster(pod({ name: 'web-1' }), pod({ name: 'web-0' })), 'renameFile', { target: 'app=web', from: FROM, to: TO }, { cluster: one }).outcome();
    expect(one.execs.map((r) => r.pod)).to.deep.equal(['web-0', 'web-0']);

    const all = new FakeCluster();
    const outcome = await runFault(cluster(pod({ name: 'web-1' }), pod({ name: 'web-0' })), 'renameFile',
      { target: { selector: 'app=web', match: 'all', container: 'web' }, from: FROM, to: TO }, { cluster: all }).outcome();
    expect(all.execs.map((r) => r.pod)).to.deep.equal(['web-0', 'web-0', 'web-1', 'web-1']);
    expect(outcome.summary).to.equal(`renamed ${FROM} to ${TO} in web-0/web, web-1/web (checked: old name gone, new name present)`);
  });

  it('fails with the command, exit code and stderr when mv fails, and goes no further', async () => {
    const fake = new FakeCluster({ exec: () => exited(1, `mv: can't rename '${FROM}': No such file or directory\n`) });
    const outcome = await runFault(cluster(), 'renameFile', { target: 'app=web', from: FROM, to: TO }, { cluster: fake }).outcome();
    expect(outcome.status).to.equal('failed');
    expect(outcome.error).to.equal(
      `renameFile: mv ${FROM} ${TO} in web-0/web failed: ${JSON.stringify(MV)} exited with code 1; stderr: mv: can't rename '${FROM}': No such file or directory`,
    );
    expect(fake.commands).to.deep.equal([MV]);
  });

  it('fails when the check finds the rename did not happen', async () => {
    const fake = new FakeCluster({ exec: (_request, index) => (index === 0 ? ok() : exited(1)) });
    const outcome = await runFault(cluster(), 'renameFile', { target: 'app=web', from: FROM, to: TO }, { cluster: fake }).outcome();
    expect(outcome.status).to.equal('failed');
    expect(outcome.error).to.equal(`renameFile: checking that ${FROM} is gone and ${TO} exists in web-0/web failed: ${JSON.stringify(CHECK)} exited with code 1`);
  });

  it('explains exit codes 127 and 126: the image lacks the tool', async () => {
    const notFound = await runFault(cluster(), 'renameFile', { target: 'app=web', from: FROM, to: TO },
      { cluster: new FakeCluster({ exec: () => exited(127, 'sh: mv: not found') }) }).outcome();
    expect(notFound.error).to.include('exited with code 127 (not found: does the image have a shell and this tool?); stderr: sh: mv: not found');
    const notExecutable = await runFault(cluster(), 'renameFile', { target: 'app=web', from: FROM, to: TO },
      { cluster: new FakeCluster({ exec: () => exited(126) }) }).outcome();
    expect(notExecutable.error).to.include('exited with code 126 (not executable: does the image have a shell and this tool?)');
  });

  it('fails without exec when no pod matches, naming the pods present', async () => {
    const fake = new FakeCluster();
    const outcome = await runFault(cluster(pod({ name: 'db-0', labels: { app: 'db' } })), 'renameFile', { target: 'app=web', from: FROM, to: TO }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({ status: 'failed', error: 'renameFile: no pod matches app=web (pods present: db-0)' });
    expect(fake.execs).to.deep.equal([]);
  });

  it('fails without exec when the named container does not exist', async () => {
    const fake = new FakeCluster();
    const outcome = await runFault(cluster(), 'renameFile', { target: { selector: 'app=web', container: 'nginx' }, from: FROM, to: TO }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({ status: 'failed', error: 'renameFile: pod web-0 has no container "nginx" (containers: web)' });
    expect(fake.execs).to.deep.equal([]);
  });

  it('skips pods that are not Running or are Terminating, and says so when none is left', async () => {
    const script = cluster(pod({ name: 'web-0', phase: 'Pending', waiting: 'ContainerCreating' }), pod({ name: 'web-1', deletionTimestamp: 500 }));
    const outcome = await runFault(script, 'renameFile', { target: 'app=web', from: FROM, to: TO }).outcome();
    expect(outcome.status).to.equal('failed');
    expect(outcome.error).to.equal('renameFile: pods of pods app=web exist but none is Running and not Terminating (web-0: Pending, web-1: Running)');
  });

  it('is an error, not a failure, when the API refuses the exec', async () => {
    const fake = new FakeCluster({ exec: () => { throw new Error('exec into web-0/web refused: HTTP 403 (pods/exec is forbidden)'); } });
    const outcome = await runFault(cluster(), 'renameFile', { target: 'app=web', from: FROM, to: TO }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({ status: 'error', error: 'renameFile: exec into web-0/web refused: HTTP 403 (pods/exec is forbidden)' });
  });

  it('sends a check that really tells a renamed file from one that was not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-rename-'));
    try {
      const from = join(dir, 'index.html');
      const to = join(dir, 'index.htm');
      writeFileSync(from, '<h1>Welcome to nginx!</h1>');
      const check = (): number | null => spawnSync(CHECK[0]!, [...CHECK.slice(1, 4), from, to]).status;
      expect(check()).to.equal(1);
      renameSync(from, to);
      expect(check()).to.equal(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes itself', () => {
    expect(renameFile.describe({ target: 'app=web', from: FROM, to: TO })).to.equal(`rename ${FROM} to ${TO} in pods app=web`);
  });
});
