import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendFile } from '../../framework/faults/append-file.js';
import { exited, FakeCluster, ok } from '../builders/fake-cluster.js';
import { runFault } from '../builders/fault-run.js';
import { pod } from '../builders/pod.js';
import { added, TimelineScript } from '../builders/timeline-script.js';
import { faultProblems } from './fault-problems.js';

const PATH = '/usr/share/nginx/html/index.html';
const LINE = 'hello from postStart handler\n';
const APPEND = (path: string, content: string) => ['sh', '-c', 'printf %s "$2" >> "$1"', 'sh', path, content];

function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(1_000, added(pod()));
  script.advanceTo(10_000);
  return script;
}

describe('appendFile fault', () => {
  it('appends with the path and text as arguments, reads the file back, and passes when it ends with the text', async () => {
    const fake = new FakeCluster({ exec: (request) => ok(request.command[0] === 'cat' ? `<h1>Welcome to nginx!</h1>\n${LINE}` : '') });
    const outcome = await runFault(cluster(), 'appendFile', { target: 'app=web', path: PATH, content: LINE }, { cluster: fake }).outcome();
    expect(fake.commands).to.deep.equal([APPEND(PATH, LINE), ['cat', PATH]]);
    expect(outcome).to.deep.include({
      status: 'passed',
      summary: `appended "hello from postStart handler\\n" (29 bytes) to ${PATH} in web-0/web (read back: the file ends with it)`,
    });
  });

  it('fails when the file read back does not end with the text, showing how it ends', async () => {
    const fake = new FakeCluster({ exec: (request) => ok(request.command[0] === 'cat' ? '<h1>Welcome to nginx!</h1>\n' : '') });
    const outcome = await runFault(cluster(), 'appendFile', { target: 'app=web', path: PATH, content: LINE }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({
      status: 'failed',
      error: `appendFile: appended "hello from postStart handler\\n" (29 bytes) to ${PATH} in web-0/web, but reading it back, the file does not end with it: `
        + 'it ends with "<h1>Welcome to nginx!</h1>\\n" (27 bytes)',
    });
  });

  it('fails with the shell\'s complaint when the append fails', async () => {
    const fake = new FakeCluster({ exec: () => exited(1, `sh: can't create ${PATH}: Permission denied`) });
    const outcome = await runFault(cluster(), 'appendFile', { target: 'app=web', path: PATH, content: LINE }, { cluster: fake }).outcome();
    expect(outcome.error).to.equal(
      `appendFile: appending to ${PATH} in web-0/web failed: ${JSON.stringify(APPEND(PATH, LINE))} exited with code 1; stderr: sh: can't create ${PATH}: Permission denied`,
    );
    expect(fake.commands).to.have.length(1);
  });

  it('fails without exec when no pod matches', async () => {
    const fake = new FakeCluster();
    const outcome = await runFault(cluster(), 'appendFile', { target: { pod: 'web-9' }, path: PATH, content: LINE }, { cluster: fake }).outcome();
    expect(outcome).to.deep.include({ status: 'failed', error: 'appendFile: no pod is named web-9 (pods present: web-0)' });
    expect(fake.execs).to.deep.equal([]);
  });

  it('sends a command that appends any text exactly, running none of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-append-'));
    try {
      const file = join(dir, 'index.html');
      writeFileSync(file, 'first\n');
      const content = `"; touch ${join(dir, 'pwned')}; echo "$(id)\n`;
      const [command, ...args] = APPEND(file, content);
      expect(spawnSync(command!, args).status).to.equal(0);
      expect(spawnSync(command!, args).status).to.equal(0);
      expect(readFileSync(file, 'utf8')).to.equal(`first\n${content}${content}`);
      expect(existsSync(join(dir, 'pwned'))).to.equal(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs an absolute path and some text', async () => {
    expect(await faultProblems('appendFile', { target: 'app=web', path: '/x', content: '' })).to.deep.equal([
      'spec.steps[0].fault.appendFile.content: expected a non-empty string, got ""',
    ]);
    expect(await faultProblems('appendFile', { target: 'app=web', path: 'x', content: 'y' })).to.deep.equal([
      'spec.steps[0].fault.appendFile.path: expected a string matching ^/ (Absolute path of the file in the container), got "x"',
    ]);
  });

  it('describes itself', () => {
    expect(appendFile.describe({ target: { selector: 'app=web', container: 'web' }, path: PATH, content: LINE }))
      .to.equal(`append "hello from postStart handler\\n" (29 bytes) to ${PATH} in pods app=web, container web`);
  });
});
