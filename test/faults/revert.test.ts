import { expect } from 'chai';
import { revert } from '../../framework/faults/revert.js';
import { node } from '../builders/node.js';
import { added, TimelineScript } from '../builders/timeline-script.js';
import { CommandLog, runNodeFault } from '../nodes/node-fault-support.js';

/** Node vm-2, Ready. */
function cluster(): TimelineScript {
  const script = new TimelineScript();
  script.at(0, added(node({ name: 'vm-2' })));
  script.advanceTo(10_000);
  return script;
}

describe('revert fault', () => {
  let log: CommandLog;

  beforeEach(async () => {
    log = await CommandLog.create();
  });

  afterEach(async () => {
    await log.remove();
  });

  it('runs the undo of the named earlier step, with its summary, and leaves nothing for cleanup', async () => {
    const script = cluster();
    const lost = runNodeFault(script, 'nodeLoss', { node: { name: 'vm-2' } }, { nodeDriver: log.commandDriver(), name: 'lose vm-2', index: 1 });
    expect((await lost.promise).status).to.equal('passed');
    const back = await runNodeFault(script, 'revert', { step: 'lose vm-2' }, { index: 2, reverts: lost.reverts, cleanup: lost.cleanup }).promise;
    expect(back).to.deep.include({ status: 'passed', summary: `node vm-2 back (\`echo start vm-2 >> '${log.file}'\`: exit 0) and Ready` });
    expect(await lost.cleanup.run()).to.deep.equal([]);
    expect(await log.lines()).to.deep.equal(['stop vm-2', 'start vm-2']);
  });

  it('is an error, saying why, for a step reverted already or one with nothing to revert', async () => {
    const script = cluster();
    const lost = runNodeFault(script, 'nodeLoss', { node: { name: 'vm-2' } }, { nodeDriver: log.commandDriver(), name: 'lose vm-2' });
    await lost.promise;
    const shared = { reverts: lost.reverts, cleanup: lost.cleanup };
    await runNodeFault(script, 'revert', { step: 'lose vm-2' }, shared).promise;
    expect(await runNodeFault(script, 'revert', { step: 'lose vm-2' }, shared).promise).to.deep.include({
      status: 'error', error: 'revert: step "lose vm-2" was reverted already',
    });
    expect(await runNodeFault(script, 'revert', { step: 'web is ready' }, shared).promise).to.deep.include({
      status: 'error', error: 'revert: step "web is ready" has nothing to revert: only a nodeLoss or drainNode step that ran before this one can be reverted',
    });
  });

  it('is an error when the undo fails, and cleanup tries it again', async () => {
    const script = cluster();
    const failOnce = `test -e '${log.dir}/tried' || { touch '${log.dir}/tried'; echo no route to host >&2; exit 4; }`;
    const lost = runNodeFault(script, 'nodeLoss', { node: { name: 'vm-2' } }, { nodeDriver: log.commandDriver({ startThen: failOnce }), name: 'lose vm-2' });
    await lost.promise;
    const back = await runNodeFault(script, 'revert', { step: 'lose vm-2' }, { reverts: lost.reverts, cleanup: lost.cleanup }).promise;
    expect(back.status).to.equal('error');
    expect(back.error).to.match(/^revert: `echo start vm-2 >> .*` exited with 4: no route to host$/);
    expect(await lost.cleanup.run()).to.deep.equal([]);
    expect(await log.lines()).to.deep.equal(['stop vm-2', 'start vm-2', 'start vm-2']);
  });

  it('describes itself, and touches nothing itself (it is not a node fault the guard must check)', () => {
    expect(revert.describe({ step: 'lose vm-2' })).to.equal('revert "lose vm-2"');
    expect(revert.reach).to.equal(undefined);
  });
});
