import { expect } from 'chai';
import { terminating, type TerminatingSpec } from '../../framework/expectations/terminating.js';
import { context } from '../builders/expectation-use.js';
import { pod } from '../builders/pod.js';
import { T0 } from '../builders/time.js';
import { added, deleted, modified, TimelineScript } from '../builders/timeline-script.js';

/** L2: preStop sleeps forever, terminationGracePeriodSeconds 20: Terminating for 20-30 s. */
const spec: TerminatingSpec = { target: 'app=web', between: ['20s', '30s'] };

/** web-0 is deleted at +2s (deletionTimestamp first seen then) and removed at `removedAt`, if given. */
function deletion(removedAt?: number, name = 'web-0'): TimelineScript {
  const script = new TimelineScript();
  script.at(0, added(pod({ name })));
  script.at(2_000, modified(pod({ name, deletionTimestamp: 2_000, deletionGracePeriodSeconds: 20 })));
  script.at(2_100, modified(pod({ name, deletionTimestamp: 2_000, deletionGracePeriodSeconds: 20, podReady: false })));
  if (removedAt !== undefined) script.at(removedAt, deleted(pod({ name, deletionTimestamp: 2_000, podReady: false })));
  return script;
}

describe('terminating expectation', () => {
  it('is met when the pod was removed within the range, measured from the first deletionTimestamp sighting', () => {
    const script = deletion(32_000);
    expect(terminating.check(script.timeline.view, spec, context(1_000, script.timeline))).to.deep.equal({
      holds: true, observed: 'web-0: Terminating for 30.0s, then removed',
    });
  });

  it('is not yet met while the pod is Terminating within the range', () => {
    const script = deletion();
    expect(terminating.check(script.timeline.view.atTime(T0 + 12_000), spec, context(1_000, script.timeline))).to.deep.equal({
      holds: false, observed: 'web-0: Terminating for 10.0s so far',
    });
  });

  it('is impossible once the pod was removed too soon', () => {
    const script = deletion(5_000);
    expect(terminating.check(script.timeline.view, spec, context(1_000, script.timeline))).to.deep.equal({
      holds: false,
      observed: 'web-0: Terminating for 3.00s, then removed',
      impossible: 'pod web-0 was removed after 3.00s, before 20s',
    });
  });

  it('is impossible once the pod has been Terminating longer than the maximum, before it is removed', () => {
    const script = deletion();
    const atMax = terminating.check(script.timeline.view.atTime(T0 + 32_000), spec, context(1_000, script.timeline));
    expect(atMax).to.not.have.property('impossible');
    expect(terminating.check(script.timeline.view.atTime(T0 + 32_001), spec, context(1_000, script.timeline))).to.deep.equal({
      holds: false,
      observed: 'web-0: Terminating for 30.0s so far',
      impossible: 'pod web-0 was still Terminating after 30s',
    });
  });

  it('is impossible when removed after the maximum', () => {
    const script = deletion(40_000);
    expect(terminating.check(script.timeline.view, spec, context(1_000, script.timeline)).impossible).to.equal('pod web-0 was still Terminating after 30s');
  });

  it('asks to be judged again one millisecond after the earliest open pod passes its maximum', () => {
    const script = deletion();
    script.at(5_000, modified(pod({ name: 'web-1', deletionTimestamp: 5_000 })));
    expect(terminating.recheckAt!(script.timeline.view, spec, context(1_000, script.timeline))).to.equal(T0 + 2_000 + 30_000 + 1);
  });

  it('asks for no recheck when every terminating pod is gone, or none is terminating', () => {
    expect(terminating.recheckAt!(deletion(25_000).timeline.view, spec, context(1_000, deletion(25_000).timeline))).to.equal(undefined);
    const quiet = new TimelineScript();
    quiet.at(0, added(pod()));
    expect(terminating.recheckAt!(quiet.timeline.view, spec, context())).to.equal(undefined);
  });

  it('ignores pods that started terminating before the evidence window', () => {
    const script = deletion(25_000);
    expect(terminating.check(script.timeline.view, spec, context(2_001, script.timeline))).to.deep.equal({
      holds: false, observed: 'no pod of pods app=web has started terminating',
    });
    expect(terminating.recheckAt!(deletion().timeline.view, spec, context(2_001, deletion().timeline))).to.equal(undefined);
  });

  it('needs every pod that started terminating to be done and in range', () => {
    const script = deletion();
    script.at(3_000, modified(pod({ name: 'web-1', deletionTimestamp: 3_000 })));
    script.at(24_000, deleted(pod({ name: 'web-0', deletionTimestamp: 2_000 })));
    expect(terminating.check(script.timeline.view, spec, context(1_000, script.timeline))).to.deep.equal({
      holds: false, observed: 'web-0: Terminating for 22.0s, then removed; web-1: Terminating for 21.0s so far',
    });
    script.at(26_000, deleted(pod({ name: 'web-1', deletionTimestamp: 3_000 })));
    expect(terminating.check(script.timeline.view, spec, context(1_000, script.timeline)).holds).to.equal(true);
  });

  it('judges only the target\'s pods', () => {
    const script = deletion(5_000, 'db-0');
    expect(terminating.check(script.timeline.view, { target: { pod: 'web-0' }, between: ['20s', '30s'] }, context(1_000, script.timeline)).observed)
      .to.equal('no pod of pod web-0 has started terminating');
  });

  it('rejects an empty range', () => {
    expect(terminating.validate!({ target: 'app=web', between: ['40s', '20s'] })).to.deep.equal([
      { path: 'between', message: 'the range is empty: 40s is more than 20s' },
    ]);
    expect(terminating.validate!({ target: 'app=web', between: ['20s', '20s'] })).to.deep.equal([]);
  });

  it('defaults its window to the maximum plus 30s, and describes itself', () => {
    expect(terminating.measurement).to.equal(true);
    expect(terminating.defaultWindowMs!(spec)).to.equal(60_000);
    expect(terminating.describe(spec)).to.equal('pods app=web Terminating for between 20s and 30s');
  });
});
