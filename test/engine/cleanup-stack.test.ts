import { expect } from 'chai';
import { CleanupStack } from '../../framework/engine/cleanup-stack.js';

describe('CleanupStack', () => {
  it('undoes in reverse order of registration', async () => {
    const stack = new CleanupStack();
    const done: string[] = [];
    stack.push('delete namespace fl-p1-x2k9', async () => { done.push('namespace'); });
    stack.push('stop observer', async () => { done.push('observer'); });
    stack.push('restore index.html', async () => { done.push('file'); });
    expect(await stack.run()).to.deep.equal([]);
    expect(done).to.deep.equal(['file', 'observer', 'namespace']);
  });

  it('runs every action even when some fail, and returns each failure with its description', async () => {
    const stack = new CleanupStack();
    const done: string[] = [];
    stack.push('delete namespace fl-p1-x2k9', async () => { done.push('namespace'); throw new Error('namespaces "fl-p1-x2k9" is forbidden'); });
    stack.push('stop observer', async () => { done.push('observer'); });
    stack.push('close port-forward', async () => { done.push('port-forward'); throw 'socket already closed'; });
    expect(await stack.run()).to.deep.equal([
      'close port-forward: socket already closed',
      'delete namespace fl-p1-x2k9: namespaces "fl-p1-x2k9" is forbidden',
    ]);
    expect(done).to.deep.equal(['port-forward', 'observer', 'namespace']);
  });

  it('lists pending actions in the order they will run, and empties as it runs', async () => {
    const stack = new CleanupStack();
    stack.push('delete namespace fl-p1-x2k9', async () => undefined);
    stack.push('stop observer', async () => undefined);
    expect(stack.pending).to.deep.equal(['stop observer', 'delete namespace fl-p1-x2k9']);
    await stack.run();
    expect(stack.pending).to.deep.equal([]);
  });

  it('says what is being undone right now, for a second Ctrl-C', async () => {
    const stack = new CleanupStack();
    const seen: Array<[string | undefined, string[]]> = [];
    stack.push('delete namespace fl-p1-x2k9', async () => { seen.push([stack.inProgress, stack.pending]); });
    stack.push('stop observer', async () => { seen.push([stack.inProgress, stack.pending]); });
    expect(stack.inProgress).to.equal(undefined);
    await stack.run();
    expect(seen).to.deep.equal([
      ['stop observer', ['delete namespace fl-p1-x2k9']],
      ['delete namespace fl-p1-x2k9', []],
    ]);
    expect(stack.inProgress).to.equal(undefined);
  });

  it('clears inProgress even when the last action fails', async () => {
    const stack = new CleanupStack();
    stack.push('delete namespace fl-p1-x2k9', async () => { throw new Error('timeout'); });
    await stack.run();
    expect(stack.inProgress).to.equal(undefined);
  });

  it('runs an action registered while cleaning up, and nothing twice', async () => {
    const stack = new CleanupStack();
    const done: string[] = [];
    stack.push('delete namespace', async () => { done.push('namespace'); });
    stack.push('stop observer', async () => { done.push('observer'); stack.push('flush report', async () => { done.push('report'); }); });
    await stack.run();
    expect(await stack.run()).to.deep.equal([]);
    expect(done).to.deep.equal(['observer', 'report', 'namespace']);
  });
});
