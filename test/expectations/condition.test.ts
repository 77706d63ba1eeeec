import { expect } from 'chai';
import { condition } from '../../framework/expectations/condition.js';
import { context } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { added, viewOf } from '../builders/timeline-script.js';

// R9: a request larger than any node; the scheduler says why on the PodScheduled condition.
const UNSCHEDULABLE = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient memory.' } as const;
const pending = viewOf([added(pod({ name: 'big-0', phase: 'Pending', conditions: [UNSCHEDULABLE], withoutContainerStatuses: true }))]);
const r9 = { target: 'app=web', type: 'PodScheduled', status: 'False', reason: 'Unschedulable' } as const;

describe('condition expectation', () => {
  it('is met by the condition\'s status and reason, and shows its message', () => {
    expect(condition.check(pending, r9, context())).to.deep.equal({
      holds: true, observed: 'big-0: PodScheduled=False (Unschedulable: 0/1 nodes are available: 1 Insufficient memory.)',
    });
  });

  it('is not met when the status matches but the reason does not', () => {
    expect(condition.check(pending, { ...r9, reason: 'SchedulingGated' }, context()).holds).to.equal(false);
    expect(condition.check(pending, { target: 'app=web', type: 'PodScheduled', status: 'False' }, context()).holds).to.equal(true);
  });

  it('does not take a missing condition for any status, and lists the conditions there are', () => {
    expect(condition.check(pending, { target: 'app=web', type: 'Ready', status: 'False' }, context())).to.deep.equal({
      holds: false, observed: 'big-0: no Ready condition (conditions: PodScheduled)',
    });
  });

  it('is met when any target pod has it, or every one with match: all', () => {
    const view = viewOf([added(pod({ name: 'web-0' })), added(pod({ name: 'web-1', podReady: false }))]);
    const notReady = { type: 'Ready', status: 'False' } as const;
    expect(condition.check(view, { target: 'app=web', ...notReady }, context())).to.deep.equal({
      holds: true, observed: 'web-0: Ready=True; web-1: Ready=False',
    });
    expect(condition.check(view, { target: { selector: 'app=web', match: 'all' }, ...notReady }, context()).holds).to.equal(false);
  });

  it('describes itself', () => {
    expect(condition.describe(r9)).to.equal('pods app=web condition PodScheduled=False reason Unschedulable');
  });

  it('catches a condition type written in the wrong case', () => {
    expect(condition.validate!({ ...r9, type: 'podScheduled' })).to.deep.equal([
      { path: 'type', message: '"podScheduled" is written "PodScheduled" (Kubernetes compares it exactly)' },
    ]);
    expect(condition.validate!(r9)).to.deep.equal([]);
  });
});
