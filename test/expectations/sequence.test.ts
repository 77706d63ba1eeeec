import { expect } from 'chai';
import { Ajv } from 'ajv';
import { expectationPlugins } from '../../framework/expectations/registry.js';
import type { SequenceSpec } from '../../framework/expectations/sequence.js';
import { ROLE_KEYWORD } from '../../framework/loading/scenario-schema.js';
import { context } from '../builders/expectation-use.js';
import { endpointSlice } from '../builders/endpoints.js';
import { event, MESSAGES } from '../builders/event.js';
import { pod, podIp, type InitContainerShape } from '../builders/pod.js';
import { T0 } from '../builders/time.js';
import { added, modified, viewOf } from '../builders/timeline-script.js';
import { ClusterView } from '../../framework/observe/cluster-view.js';

const { sequence } = expectationPlugins;
const done: InitContainerShape = { terminated: { reason: 'Completed', exitCode: 0 } };
const initializing = (inits: InitContainerShape[]) => pod({ phase: 'Pending', initContainers: inits, waiting: 'PodInitializing', ip: null });

/** L4: the four STATUS values, in order. */
const L4: SequenceSpec = {
  of: ['Init:0/2', 'Init:1/2', 'PodInitializing', 'Running'].map((status) => ({ podStatus: { target: 'app=web', status } })),
};

/** The view after `changes`, observed at T0 + ms. */
const at = (ms: number, ...changes: Parameters<typeof viewOf>[0]) => viewOf(changes, ms);

describe('sequence expectation', () => {
  it('meets the items in order, remembering each one across views, with the moment each was met', () => {
    const judge = sequence.judge!(L4, { ...context(), stepStart: T0 });
    expect(judge.check(at(1_000, added(initializing([{}, {}]))))).to.deep.equal({
      holds: false,
      observed: 'met [1] pods app=web STATUS Init:0/2 at +1.00s; waiting for [2] pods app=web STATUS Init:1/2 (observed: web-0: Init:0/2); '
        + 'then [3] pods app=web STATUS PodInitializing, then [4] pods app=web STATUS Running',
    });
    expect(judge.check(at(4_000, added(initializing([done, {}])))).holds).to.equal(false);
    expect(judge.check(at(6_000, added(initializing([done, done])))).holds).to.equal(false);
    expect(judge.check(at(9_500, added(pod({ initContainers: [done, done] }))))).to.deep.equal({
      holds: true,
      observed: 'met [1] pods app=web STATUS Init:0/2 at +1.00s, [2] pods app=web STATUS Init:1/2 at +4.00s, '
        + '[3] pods app=web STATUS PodInitializing at +6.00s, [4] pods app=web STATUS Running at +9.50s',
    });
  });

  it('does not count an item that held before the one ahead of it was met', () => {
    const spec: SequenceSpec = { of: [{ ready: { target: 'app=web', status: false } }, { ready: { target: 'app=web' } }] };
    const judge = sequence.judge!(spec, context());
    // Ready first: item 2 holds, but item 1 has not been met, so nothing is.
    expect(judge.check(at(0, added(pod())))).to.include({ holds: false });
    expect(judge.check(at(1_000, added(pod({ podReady: false })))).holds).to.equal(false);
    expect(judge.check(at(2_000, added(pod()))).holds).to.equal(true);
  });

  it('counts for an item only the events seen from the change that met the item before it', () => {
    const spec: SequenceSpec = { of: [{ ready: { target: 'app=web', status: false } }, { event: { reason: 'Unhealthy' } }] };
    const judge = sequence.judge!(spec, context());
    let view = ClusterView.empty(T0);
    const step = (ms: number, change: ReturnType<typeof added>) => {
      view = view.apply({ type: 'change', at: T0 + ms, ...change });
      return judge.check(view).holds;
    };
    expect(step(0, added(pod()))).to.equal(false);
    expect(step(1_000, added(event({ reason: 'Unhealthy', message: MESSAGES.readiness404 })))).to.equal(false);
    expect(step(2_000, modified(pod({ podReady: false })))).to.equal(false);
    expect(step(5_000, modified(event({ reason: 'Unhealthy', message: MESSAGES.readiness404, count: 2 })))).to.equal(true);
  });

  it('lets one state meet consecutive items that hold together, and judging it twice changes nothing', () => {
    const spec: SequenceSpec = { of: [{ phase: { target: 'app=web', phase: 'Running' } }, { ready: { target: 'app=web' } }] };
    const judge = sequence.judge!(spec, context());
    const view = at(3_000, added(pod()));
    expect(judge.check(view).holds).to.equal(true);
    expect(judge.check(view).holds).to.equal(true);
  });

  it('stays met once complete, whatever comes after', () => {
    const judge = sequence.judge!(L4, context());
    for (const [ms, p] of [[0, initializing([{}, {}])], [1, initializing([done, {}])], [2, initializing([done, done])], [3, pod({ initContainers: [done, done] })]] as const) {
      judge.check(at(ms, added(p)));
    }
    expect(judge.check(at(9, added(pod({ waiting: 'CrashLoopBackOff' })))).holds).to.equal(true);
  });

  it('judges the not-Ready, out of endpoints, Ready, back in endpoints cycle of a readiness probe (P2)', () => {
    const ip = podIp('web-0');
    const spec: SequenceSpec = {
      of: [
        { ready: { target: 'app=web', status: false } },
        { endpoints: { service: 'web', target: 'app=web', present: false } },
        { ready: { target: 'app=web' } },
        { endpoints: { service: 'web', target: 'app=web', present: true } },
      ],
    };
    const judge = sequence.judge!(spec, context());
    let view = ClusterView.fold([]);
    const step = (ms: number, change: ReturnType<typeof added>) => {
      view = view.apply({ type: 'change', at: T0 + ms, ...change });
      return judge.check(view).holds;
    };
    expect(step(0, added(pod()))).to.equal(false);
    expect(step(0, added(endpointSlice('web', [ip])))).to.equal(false);
    expect(step(5_000, modified(pod({ podReady: false })))).to.equal(false);
    expect(step(5_100, modified(endpointSlice('web', [], [ip])))).to.equal(false);
    expect(step(9_000, modified(pod()))).to.equal(false);
    expect(step(9_100, modified(endpointSlice('web', [ip])))).to.equal(true);
  });

  it('fails at once when the item it waits for can no longer be met', () => {
    const spec: SequenceSpec = { of: [{ podStatus: { target: 'app=web', status: 'Running' } }, { readyReplicas: { object: { kind: 'ReplicaSet', name: 'web' }, equals: 3 } }] };
    const limited = ClusterView.fold([
      { type: 'marker', at: T0, marker: 'observation-limited', text: 'replicasets.apps are not observed: RBAC forbids listing them', unobserved: 'ReplicaSet' },
      { type: 'change', at: T0, ...added(pod()) },
    ]);
    expect(sequence.judge!(spec, context()).check(limited)).to.deep.include({
      holds: false,
      impossible: '[2] ReplicaSet web readyReplicas == 3 can no longer be met: replicasets.apps are not observed: RBAC forbids listing them',
    });
  });

  it('does not apply when the item it waits for does not (a node expectation with no node fault before it)', () => {
    const spec: SequenceSpec = { of: [{ podStatus: { target: 'app=web', status: 'Running' } }, { nodeTaint: { key: 'node.kubernetes.io/unreachable' } }] };
    expect(sequence.judge!(spec, { ...context(), nodeFaults: [] }).check(at(0, added(pod())))).to.deep.include({
      holds: false,
      inapplicable: '[2] the lost node(s) tainted node.kubernetes.io/unreachable does not apply: no node fault came before this step, so there is no lost node to judge: name the node (node: { name: ... })',
    });
  });

  it('alone, check judges one view: met only when every item holds in it', () => {
    const spec: SequenceSpec = { of: [{ phase: { target: 'app=web', phase: 'Running' } }, { ready: { target: 'app=web' } }] };
    expect(sequence.check(at(0, added(pod())), spec, context()).holds).to.equal(true);
    expect(sequence.check(at(0, added(initializing([{}, {}]))), L4, context()).holds).to.equal(false);
  });

  it('asks the items for a recheck moment, the one it waits for only', () => {
    const spec: SequenceSpec = { of: [{ podStatus: { target: 'app=web', status: 'Terminating' } }, { terminating: { target: 'app=web', between: ['20s', '40s'] } }] };
    const judge = sequence.judge!(spec, context());
    const view = at(5_000, added(pod({ deletionTimestamp: 5_000 })));
    expect(judge.recheckAt!(view)).to.equal(undefined);
    judge.check(view);
    expect(judge.recheckAt!(view)).to.equal(T0 + 5_000 + 40_000 + 1);
  });

  it('describes itself item by item, and takes the longest default window of its items', () => {
    expect(sequence.describe({ of: L4.of.slice(0, 2) })).to.equal('in order: pods app=web STATUS Init:0/2, then pods app=web STATUS Init:1/2');
    expect(sequence.defaultWindowMs!(L4)).to.equal(undefined);
    expect(sequence.defaultWindowMs!({ of: [...L4.of, { terminating: { target: 'app=web', between: ['20s', '40s'] } }] })).to.equal(70_000);
  });

  it('validates each item with its own plugin, pointing inside the item', () => {
    expect(sequence.validate!({ of: [{ podStatus: { target: 'app in (web', status: 'crashloopbackoff' } }, { ready: { target: 'app=web', status: false, count: 1 } }] })).to.deep.equal([
      { path: 'of/0/podStatus/target', message: 'invalid label selector: "app in (web": "(" is never closed (expected e.g. "env in (prod,staging)")' },
      { path: 'of/0/podStatus/status', message: '"crashloopbackoff" is written "CrashLoopBackOff" (STATUS is compared exactly)' },
      { path: 'of/1/ready/count', message: 'count applies only to status: true' },
    ]);
  });

  describe('schema', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(sequence.schema);

    it('takes single-kind items with each kind\'s own fields, and at least two of them', () => {
      expect(validate(L4)).to.equal(true);
      expect(validate({ of: [L4.of[0]] })).to.equal(false);
      expect(validate({ of: [{ podStatus: { target: 'app=web', status: 'Running' }, ready: { target: 'app=web' } }, L4.of[1]] })).to.equal(false);
    });

    it('refuses window fields inside an item (the sequence\'s window applies) and sequences inside a sequence', () => {
      expect(validate({ of: [{ podStatus: { target: 'app=web', status: 'Running', within: '30s' } }, L4.of[1]] })).to.equal(false);
      expect(validate.errors?.map((e) => [e.keyword, e.params])).to.deep.include(['additionalProperties', { additionalProperty: 'within' }]);
      expect(validate({ of: [{ sequence: L4 }, L4.of[1]] })).to.equal(false);
    });

    it('marks items as expectation mappings, so errors name unknown kinds as expectations', () => {
      expect((sequence.schema.properties as { of: { items: Record<string, unknown> } }).of.items[ROLE_KEYWORD]).to.equal('expectations');
    });
  });
});
