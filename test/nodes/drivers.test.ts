import { expect } from 'chai';
import { chooseNodeDriver } from '../../framework/nodes/choose-driver.js';
import { driverProblems } from '../../framework/nodes/driver-problems.js';
import { commandDriver, fill } from '../../framework/nodes/drivers/command.js';
import { kindDriver } from '../../framework/nodes/drivers/kind.js';
import type { DriverContext } from '../../framework/nodes/drivers/node-driver.js';
import { driverOf } from '../../framework/nodes/drivers/registry.js';
import { CommandLog, FAKE_DOCKER } from './node-fault-support.js';

const FAKE_ENV = ['FAKE_DOCKER_LOG', 'FAKE_DOCKER_EXIT', 'FAKE_DOCKER_STDERR', 'FAULTLINE_DOCKER'] as const;

function driverContext(): DriverContext {
  return { signal: new AbortController().signal, timeoutMs: 10_000 };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the driver to fail, but it succeeded');
}

describe('node drivers', () => {
  let log: CommandLog;
  const saved: Partial<Record<(typeof FAKE_ENV)[number], string>> = {};

  beforeEach(async () => {
    log = await CommandLog.create();
    for (const name of FAKE_ENV) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    process.env['FAKE_DOCKER_LOG'] = log.file;
  });

  afterEach(async () => {
    for (const name of FAKE_ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await log.remove();
  });

  describe('kind (against a fake docker executable)', () => {
    it('stops the node container, then starts it: exactly `docker stop NODE`, `docker start NODE`', async () => {
      const settings = { docker: FAKE_DOCKER };
      expect(await kindDriver.stop(settings, 'kind-worker2', driverContext())).to.equal(`${FAKE_DOCKER} stop kind-worker2: done`);
      expect(await log.lines()).to.deep.equal(['stop kind-worker2']);
      expect(await kindDriver.start(settings, 'kind-worker2', driverContext())).to.equal(`${FAKE_DOCKER} start kind-worker2: done`);
      expect(await log.lines()).to.deep.equal(['stop kind-worker2', 'start kind-worker2']);
    });

    it('pause mode freezes and thaws it instead: `docker pause NODE`, `docker unpause NODE`', async () => {
      const settings = { docker: FAKE_DOCKER, mode: 'pause' as const };
      await kindDriver.stop(settings, 'kind-worker', driverContext());
      await kindDriver.start(settings, 'kind-worker', driverContext());
      expect(await log.lines()).to.deep.equal(['pause kind-worker', 'unpause kind-worker']);
      expect(kindDriver.describeStop(settings, 'kind-worker')).to.equal(`${FAKE_DOCKER} pause kind-worker`);
      expect(kindDriver.describeStart(settings, 'kind-worker')).to.equal(`${FAKE_DOCKER} unpause kind-worker`);
    });

    it('finds docker through $FAULTLINE_DOCKER when the scenario names none, else runs `docker`', async () => {
      expect(kindDriver.describeStart({}, 'kind-worker')).to.equal('docker start kind-worker');
      process.env['FAULTLINE_DOCKER'] = FAKE_DOCKER;
      expect(kindDriver.describeStart({}, 'kind-worker')).to.equal(`${FAKE_DOCKER} start kind-worker`);
      await kindDriver.stop({}, 'kind-worker', driverContext());
      expect(await log.lines()).to.deep.equal(['stop kind-worker']);
    });

    it('a failing docker command fails with the command, its exit code and what it printed', async () => {
      process.env['FAKE_DOCKER_EXIT'] = '1';
      process.env['FAKE_DOCKER_STDERR'] = 'Error response from daemon: No such container: kind-worker9';
      const error = await rejection(kindDriver.stop({ docker: FAKE_DOCKER }, 'kind-worker9', driverContext()));
      expect(error.message).to.equal(`\`${FAKE_DOCKER} stop kind-worker9\` exited with 1: Error response from daemon: No such container: kind-worker9`
        + ' (is kind-worker9 a kind node container? `docker ps` lists them)');
    });

    it('a docker executable that does not exist is reported as not found', async () => {
      const missing = `${log.dir}/no-such-docker`;
      const error = await rejection(kindDriver.stop({ docker: missing }, 'kind-worker', driverContext()));
      expect(error.message).to.equal(`${missing} was not found: is it installed and on PATH?`);
    });
  });

  describe('command', () => {
    it('replaces every {node} with the node name and runs the stop and start commands through the shell', async () => {
      const settings = { stop: `echo stop {node} {node} >> '${log.file}'`, start: `echo start {node} >> '${log.file}'` };
      expect(await commandDriver.stop(settings, 'vm-2', driverContext())).to.equal(`\`echo stop vm-2 vm-2 >> '${log.file}'\`: exit 0`);
      expect(await commandDriver.start(settings, 'vm-2', driverContext())).to.equal(`\`echo start vm-2 >> '${log.file}'\`: exit 0`);
      expect(await log.lines()).to.deep.equal(['stop vm-2 vm-2', 'start vm-2']);
    });

    it('shell-quotes a node name the shell would otherwise split or expand', async () => {
      const name = `it's $HOME; a node`;
      expect(fill('ssh {node} true', name)).to.equal(`ssh 'it'\\''s $HOME; a node' true`);
      await commandDriver.stop({ stop: `printf '%s\\n' {node} >> '${log.file}'`, start: 'true' }, name, driverContext());
      expect(await log.lines(), 'the command received the name as one word, unexpanded').to.deep.equal([name]);
    });

    it('a command that exits non-zero fails with the command, the exit code and the tail of its output', async () => {
      const stop = 'for i in 1 2 3 4 5 6 7; do echo line $i; done; echo ssh: connect to host vm-2: No route to host >&2; exit 255';
      const error = await rejection(commandDriver.stop({ stop, start: 'true' }, 'vm-2', driverContext()));
      expect(error.message).to.equal(`\`${stop}\` exited with 255: line 4\nline 5\nline 6\nline 7\nssh: connect to host vm-2: No route to host`);
    });

    it('rejects a command without {node}: it would act on the same machine whichever node the scenario picks', () => {
      const message = 'has no {node} placeholder: the command would act on the same machine whichever node the scenario picks';
      expect(commandDriver.validate!({ stop: 'systemctl stop kubelet', start: 'ssh {node} systemctl start kubelet' })).to.deep.equal([{ path: 'stop', message }]);
      expect(driverProblems({ command: { stop: 'ssh {node} x', start: 'systemctl start kubelet' } })).to.deep.equal([{ path: 'driver/command/start', message }]);
      expect(driverProblems('kind')).to.deep.equal([]);
      expect(driverProblems({ kind: { mode: 'pause' } })).to.deep.equal([]);
    });

    it('describes what it will run, with the node filled in', () => {
      const choice = { name: 'command', settings: { stop: 'k8s-local/node-stop {node}', start: 'k8s-local/node-start {node}' } } as const;
      expect(driverOf(choice).describeStop(choice.settings, 'vm-2')).to.equal('k8s-local/node-stop vm-2');
      expect(driverOf(choice).describeStart(choice.settings, 'vm-2')).to.equal('k8s-local/node-start vm-2');
    });
  });

  describe('choosing the driver', () => {
    const commandLine = { name: 'command', settings: { stop: 'a {node}', start: 'b {node}' } } as const;

    it('the command line wins over the scenario; the scenario wins over the kind default', () => {
      expect(chooseNodeDriver('kind', commandLine, 'kind-kind')).to.deep.equal({ choice: commandLine });
      expect(chooseNodeDriver({ kind: { mode: 'pause' } }, undefined, 'prod')).to.deep.equal({ choice: { name: 'kind', settings: { mode: 'pause' } } });
      expect(chooseNodeDriver(undefined, undefined, 'kind-kind')).to.deep.equal({ choice: { name: 'kind', settings: {} } });
    });

    it('names the flags to pass when there is no driver, or the scenario asks for commands it does not give', () => {
      const none = chooseNodeDriver(undefined, undefined, 'k8s-local');
      expect(none).to.have.property('problem').that.includes('no node driver: the scenario names none and context "k8s-local" is not a kind cluster. Pass --node-driver (kind or command)');
      const bare = chooseNodeDriver('command', undefined, 'kind-kind');
      expect(bare).to.have.property('problem').that.includes('pass --node-driver command --node-stop-command CMD --node-start-command CMD');
    });
  });
});
