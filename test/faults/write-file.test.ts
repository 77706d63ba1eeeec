import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecRequest } from '../../framework/cluster/cluster-access.js';
import { writeFile } from '../../framework/faults/write-file.js';
import { exited, FakeCluster, ok } from '../builders/fake-cluster.js';
import { runFault } from '../builders/fault-run.js';
import { pod } from '../builders/pod.js';
import { NAMESPACE } from '../builders/time.js';
import { added, TimelineScript } from '../builders/timeline-script.js';
import { faultProblems } from './fault-problems.js';

const PATH = '/etc/nginx/conf.d/default.conf';
const CONTENT = 'server { listen 81; }\n';
const WRITE = (path: string, content: string) => ['sh', '-c', 'printf %s "$2" > "$1"', 'sh', path, content];

function cluster(...pods: Array<ReturnType<typeof pod>>): TimelineScript {
  const script = new TimelineScript();
  for (const p of pods.length > 0 ? pods : [pod()]) script.at(1_000, added(p));
  script.advanceTo(10_000);
  return script;
}

/** A container whose file holds what was last written: `cat` answers it. */
function fileSystem(): FakeCluster {
  let content = '';
  return new FakeCluster({
    exec: (request: ExecRequest) => {
      if (request.command[0] === 'cat') return ok(content);
      content = request.command[5] ?? '';
      return ok();
    },
  });
}

describe('writeFile fault', () => {
  it('writes with the path and text as arguments, reads the file back, and passes when it holds exactly the text', async () => {
    const fake = fileSystem();
    const outcome = await runFault(cluster(), 'writeFile', { target: 'app=web', path: PATH, content: CONTENT }, { cluster: fake }).outcome();
    expect(fake.commands).to.deep.equal([WRITE(PATH, CONTENT), ['cat', PATH]]);
    expect(fake.execs.map((r) => [r.namespace, r.pod, r.container])).to.deep.equal([[NAMESPACE, 'web-0', 'web'], [NAMESPACE, 'web-0', 'web']]);
    expect(fake.execs[0]!.signal).to.be.instanceOf(AbortSignal);
    expect(outcome).to.deep.include({
      status: 'passed',
      summary: `wrote "server { listen 81; }\\n" (22 bytes) to ${PATH} in web-0/web (read back: same content)`,
    });
  });

  it('writes to every pod with match: all', async () => {
    const fake = fileSystem();
    await runFault(cluster(pod({ name: 'web-1' }), pod({ name: 'web-0' })), 'writeFile',
      { target: { selector: 'app=web', match: 'all' }, path: PATH, content: '' }, { cluster: fake }).outcome();
    expect(fake.execs.map((r) => [r.pod, r.command[0]])).to.deep.equal([['web-0', 'sh'], ['web-0', 'cat'], ['web-1', 'sh'], ['web-1', 'cat']]);
  });

  it('fails when the file read back holds something else', async () => {
    const fake = new FakeCluster({ exec: (request) => ok(request.command[0] === 'cat' ? 'server { listen 80; }\n' : '') });
    const outcome = await runFault(cluster(), 'writeFile', { target: 'app=web', path: PATH, content: CONTENT }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({
      status: 'failed',
      error: `writeFile: wrote "server { listen 81; }\\n" (22 bytes) to ${PATH} in web-0/web, but reading it back gives "server { listen 80; }\\n" (22 bytes)`,
    });
  });

  it('fails with the shell\'s complaint when the write fails, and does not read back', async () => {
    const fake = new FakeCluster({ exec: () => exited(1, `sh: can't create ${PATH}: Read-only file system\n`) });
    const outcome = await runFault(cluster(), 'writeFile', { target: 'app=web', path: PATH, content: 'x' }, { cluster: fake }).outcome();
    expect(outcome.status).to.equal('failed');
    expect(outcome.error).to.equal(
      `writeFile: writing ${PATH} in web-0/web failed: ${JSON.stringify(WRITE(PATH, 'x'))} exited with code 1; stderr: sh: can't create ${PATH}: Read-only file system`,
    );
    expect(fake.commands).to.have.length(1);
  });

  it('fails without exec when no pod matches', async () => {
    const fake = new FakeCluster();
    const outcome = await runFault(cluster(), 'writeFile', { target: 'app=api', path: PATH, content: 'x' }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({ status: 'failed', error: 'writeFile: no pod matches app=api (pods present: web-0)' });
    expect(fake.execs).to.deep.equal([]);
  });

  it('sends a command that writes any text exactly, quotes and $(...) included, running none of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-write-'));
    try {
      const file = join(dir, 'index.html');
      writeFileSync(file, 'old content that is longer than the new one');
      const content = `it's "$(touch ${join(dir, 'pwned')})" \`id\` $HOME %s\\n -n\n`;
      const [command, ...args] = WRITE(file, content);
      expect(spawnSync(command!, args).status).to.equal(0);
      expect(readFileSync(file, 'utf8')).to.equal(content);
      expect(existsSync(join(dir, 'pwned'))).to.equal(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs an absolute path and the content', async () => {
    expect(await faultProblems('writeFile', { target: 'app=web', path: 'etc/x', content: 'x' })).to.deep.equal([
      'spec.steps[0].fault.writeFile.path: expected a string matching ^/ (Absolute path of the file in the container), got "etc/x"',
    ]);
    expect(await faultProblems('writeFile', { target: 'app=web', path: '/etc/x' })).to.deep.equal(['spec.steps[0].fault.writeFile: missing required field "content"']);
    expect(await faultProblems('writeFile', { target: 'app=web', path: '/etc/x', content: '' })).to.deep.equal([]);
  });

  it('describes itself', () => {
    expect(writeFile.describe({ target: 'app=web', path: '/tmp/x', content: 'a'.repeat(100) }))
      .to.equal(`write "${'a'.repeat(77)}"... (100 bytes) to /tmp/x in pods app=web`);
  });
});
