import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setListenPort } from '../../framework/faults/set-listen-port.js';
import { exited, FakeCluster } from '../builders/fake-cluster.js';
import { runFault } from '../builders/fault-run.js';
import { pod } from '../builders/pod.js';
import { added, TimelineScript } from '../builders/timeline-script.js';

const CONF = '/etc/nginx/conf.d/default.conf';

/** nginx:1.20.2's /etc/nginx/conf.d/default.conf, as P3/P4 edit it. */
const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    # proxy the PHP scripts to Apache listening on 127.0.0.1:80
    #location ~ \\.php$ {
    #    proxy_pass   http://127.0.0.1;
    #}
}
`;

function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(1_000, added(pod()));
  script.advanceTo(10_000);
  return script;
}

async function inject(fake: FakeCluster, spec: Partial<Parameters<typeof setListenPort.inject>[1]> = {}) {
  return runFault(cluster(), 'setListenPort', { target: 'app=web', to: 81, ...spec }, { cluster: fake }).outcome();
}

/** The edit script the fault sent, run on a local copy of a config file. */
function runEdit(command: readonly string[], conf: string, args: readonly string[]): { status: number | null; stderr: string; after: string } {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-listen-'));
  try {
    const file = join(dir, 'default.conf');
    writeFileSync(file, conf);
    const run = spawnSync(command[0]!, [command[1]!, command[2]!, command[3]!, file, ...args], { encoding: 'utf8' });
    return { status: run.status, stderr: run.stderr.replaceAll(file, '<file>'), after: readFileSync(file, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('setListenPort fault', () => {
  it('edits the config, reloads nginx, then proves the ports from the socket table: three execs', async () => {
    const fake = new FakeCluster();
    const outcome = await inject(fake);
    const [edit, reload, prove] = fake.commands;
    expect(fake.commands).to.have.length(3);
    expect([...edit!.slice(0, 2), ...edit!.slice(3)]).to.deep.equal(['sh', '-c', 'sh', CONF, '80', '81']);
    expect(edit![2]).to.include('sed -i -E');
    expect(reload).to.deep.equal(['sh', '-c', 'nginx -s reload', 'sh']);
    expect([...prove!.slice(0, 2), ...prove!.slice(3)]).to.deep.equal(['sh', '-c', 'sh', '80', '81']);
    expect(prove![2]).to.include('/proc/net/tcp');
    expect(fake.execs.every((r) => r.pod === 'web-0' && r.container === 'web')).to.equal(true);
    expect(outcome).to.deep.include({
      status: 'passed',
      summary: `moved the listen port 80 -> 81 in ${CONF} of web-0/web (checked: 81 listening, 80 not)`,
    });
  });

  it('uses the given current port, file and reload command', async () => {
    const fake = new FakeCluster();
    const outcome = await inject(fake, { from: 8080, to: 9090, file: '/etc/nginx/nginx.conf', reload: 'kill -HUP 1' });
    expect(fake.commands[0]!.slice(3)).to.deep.equal(['sh', '/etc/nginx/nginx.conf', '8080', '9090']);
    expect(fake.commands[1]).to.deep.equal(['sh', '-c', 'kill -HUP 1', 'sh']);
    expect(fake.commands[2]!.slice(3)).to.deep.equal(['sh', '8080', '9090']);
    expect(outcome.summary).to.equal('moved the listen port 8080 -> 9090 in /etc/nginx/nginx.conf of web-0/web (checked: 9090 listening, 8080 not)');
  });

  it('fails at the edit when the file has no such listen directive, with the script\'s explanation', async () => {
    const fake = new FakeCluster({ exec: () => exited(3, `no 'listen 80' directive in ${CONF}\n`) });
    const outcome = await inject(fake);
    expect(outcome.status).to.equal('failed');
    expect(outcome.error).to.match(new RegExp(`^setListenPort: editing ${CONF} in web-0/web failed: `));
    expect(outcome.error).to.match(new RegExp(` exited with code 3; stderr: no 'listen 80' directive in ${CONF}$`));
    expect(fake.commands).to.have.length(1);
  });

  it('fails at the reload when nginx refuses it', async () => {
    const fake = new FakeCluster({ exec: (_r, index) => (index === 1 ? exited(1, 'nginx: [emerg] invalid port in "81x" of the "listen" directive') : exited(0)) });
    const outcome = await inject(fake);
    expect(outcome.error).to.equal(
      'setListenPort: reloading (nginx -s reload) in web-0/web failed: ["sh","-c","nginx -s reload","sh"] exited with code 1; stderr: nginx: [emerg] invalid port in "81x" of the "listen" directive',
    );
  });

  it('fails when the ports did not move after the reload, saying what listens', async () => {
    const fake = new FakeCluster({ exec: (_r, index) => (index === 2 ? exited(5, '10s after the reload: port 81 not listening, port 80 listening\n') : exited(0)) });
    const outcome = await inject(fake);
    expect(outcome.status).to.equal('failed');
    expect(outcome.error).to.match(/^setListenPort: checking that port 81 listens and 80 does not in web-0\/web failed: /);
    expect(outcome.error).to.match(/ exited with code 5; stderr: 10s after the reload: port 81 not listening, port 80 listening$/);
  });

  describe('the edit script it sends, run on nginx\'s default.conf', () => {
    let edit: readonly string[];
    before(async () => {
      const fake = new FakeCluster();
      await inject(fake);
      edit = fake.commands[0]!;
    });

    it('moves both the IPv4 and the IPv6 listen directives and nothing else', () => {
      const { status, after } = runEdit(edit, NGINX_DEFAULT_CONF, ['80', '81']);
      expect(status).to.equal(0);
      expect(after).to.equal(NGINX_DEFAULT_CONF.replace('listen       80;', 'listen       81;').replace('listen  [::]:80;', 'listen  [::]:81;'));
    });

    it('leaves a port that merely starts with the old one alone (8080 is not 80)', () => {
      const { status, stderr, after } = runEdit(edit, 'server {\n    listen 8080;\n}\n', ['80', '81']);
      expect(status).to.equal(3);
      expect(stderr).to.equal("no 'listen 80' directive in <file>\n");
      expect(after).to.equal('server {\n    listen 8080;\n}\n');
    });

    it('keeps what follows the port, e.g. default_server', () => {
      const { status, after } = runEdit(edit, 'server {\n    listen 80 default_server;\n}\n', ['80', '81']);
      expect(status).to.equal(0);
      expect(after).to.equal('server {\n    listen 81 default_server;\n}\n');
    });
  });

  it('rejects moving to the port it already listens on', () => {
    expect(setListenPort.validate!({ target: 'app=web', to: 80 })).to.deep.equal([{ path: 'to', message: 'the new port equals the current one (80)' }]);
    expect(setListenPort.validate!({ target: 'app=web', from: 8080, to: 80 })).to.deep.equal([]);
  });

  it('describes itself', () => {
    expect(setListenPort.describe({ target: 'app=web', to: 81 })).to.equal('move the listen port 80 -> 81 in pods app=web');
  });
});
