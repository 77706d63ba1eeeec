import { expect } from 'chai';
import { event as eventExpectation, type EventSpec } from '../../framework/expectations/event.js';
import { context } from '../builders/expectation-use.js';
import { event, MESSAGES } from '../builders/event.js';
import { pod } from '../builders/pod.js';
import { added, deleted, modified, TimelineScript, type Change } from '../builders/timeline-script.js';

/** Changes observed at the given offsets (ms after T0); the check's window starts at +10s. */
function judge(changes: Array<[number, Change]>, spec: EventSpec, since = 10_000) {
  const script = new TimelineScript();
  for (const [ms, c] of changes) script.at(ms, c);
  return eventExpectation.check(script.timeline.view, spec, context(since, script.timeline));
}

const unhealthy = (count = 1, podName = 'web-0') => event({ reason: 'Unhealthy', message: MESSAGES.liveness404, count, pod: podName });
const killing = event({ type: 'Normal', reason: 'Killing', message: MESSAGES.killing });

describe('event expectation', () => {
  it('matches a substring of the message', () => {
    expect(judge([[15_000, added(unhealthy())]], { message: 'statuscode: 404' })).to.deep.equal({
      holds: true, observed: `1 matching: Warning Unhealthy pod/web-0: ${MESSAGES.liveness404}`,
    });
  });

  it('matches a /regular expression/ with flags', () => {
    expect(judge([[15_000, added(unhealthy())]], { message: '/^liveness probe failed: .* 40[0-9]$/i' }).holds).to.equal(true);
    expect(judge([[15_000, added(unhealthy())]], { message: '/^Readiness/' }).holds).to.equal(false);
  });

  it('filters on reason and type', () => {
    const changes: Array<[number, Change]> = [[15_000, added(unhealthy())], [21_000, added(killing)]];
    expect(judge(changes, { reason: 'Killing', type: 'Normal' }).observed).to.equal(`1 matching: Normal Killing pod/web-0: ${MESSAGES.killing}`);
    expect(judge(changes, { reason: 'Killing', type: 'Warning' }).holds).to.equal(false);
    expect(judge(changes, { reason: 'BackOff' }).holds).to.equal(false);
  });

  it('sums the events\' count towards count (kubectl\'s x3)', () => {
    const changes: Array<[number, Change]> = [
      [15_000, added(unhealthy(3, 'web-0'))],
      [16_000, added(unhealthy(2, 'web-1'))],
    ];
    expect(judge(changes, { reason: 'Unhealthy', count: 5 })).to.deep.equal({
      holds: true,
      observed: `5 matching: Warning Unhealthy pod/web-0: ${MESSAGES.liveness404} (x3) | Warning Unhealthy pod/web-1: ${MESSAGES.liveness404} (x2)`,
    });
    expect(judge(changes, { reason: 'Unhealthy', count: 6 }).holds).to.equal(false);
  });

  it('counts an event updated in place once, at its latest count', () => {
    const changes: Array<[number, Change]> = [[15_000, added(unhealthy(1))], [18_000, modified(unhealthy(2))], [21_000, modified(unhealthy(3))]];
    expect(judge(changes, { reason: 'Unhealthy', count: 3 }).observed).to.match(/^3 matching: /);
    expect(judge(changes, { reason: 'Unhealthy', count: 4 }).holds).to.equal(false);
  });

  it('counts only events seen at or after the start of the evidence window', () => {
    const changes: Array<[number, Change]> = [[9_999, added(unhealthy())], [10_000, added(killing)]];
    expect(judge(changes, { reason: 'Unhealthy' })).to.deep.equal({
      holds: false,
      observed: `no matching event; 1 event(s) since the window began, latest: Normal Killing pod/web-0: ${MESSAGES.killing}`,
    });
    expect(judge(changes, { reason: 'Killing' }).holds).to.equal(true);
  });

  it('says when no event at all was seen in the window', () => {
    expect(judge([], { reason: 'Unhealthy' })).to.deep.equal({ holds: false, observed: 'no matching event; 0 event(s) since the window began' });
  });

  it('shows the last three events seen when nothing matches', () => {
    const changes: Array<[number, Change]> = ['Scheduled', 'Pulled', 'Created', 'Started'].map((reason, i) =>
      [11_000 + i, added(event({ type: 'Normal', reason, message: `${reason} it` }))]);
    expect(judge(changes, { reason: 'Killing' }).observed).to.equal(
      'no matching event; 4 event(s) since the window began, latest: Normal Pulled pod/web-0: Pulled it | Normal Created pod/web-0: Created it | Normal Started pod/web-0: Started it',
    );
  });

  it('with a target, counts only events about the target\'s pods', () => {
    const changes: Array<[number, Change]> = [
      [0, added(pod({ name: 'web-0' }))],
      [0, added(pod({ name: 'db-0', labels: { app: 'db' } }))],
      [15_000, added(unhealthy(1, 'db-0'))],
      [16_000, added(event({ reason: 'Unhealthy', message: MESSAGES.liveness404, pod: 'web-7d9c4', kind: 'ReplicaSet' }))],
    ];
    expect(judge(changes, { reason: 'Unhealthy', target: 'app=web' }).holds).to.equal(false);
    expect(judge(changes, { reason: 'Unhealthy', target: 'app=db' }).holds).to.equal(true);
    expect(judge(changes, { reason: 'Unhealthy' }).observed).to.match(/^2 matching: /);
  });

  it('with a target, still counts events about a pod that is gone', () => {
    const changes: Array<[number, Change]> = [
      [0, added(pod({ name: 'web-0' }))],
      [12_000, added(event({ type: 'Normal', reason: 'Killing', message: 'Stopping container web' }))],
      [30_000, deleted(pod({ name: 'web-0', deletionTimestamp: 12_000 }))],
    ];
    expect(judge(changes, { reason: 'Killing', target: 'app=web' }).holds).to.equal(true);
  });

  it('keeps counting an event after it was deleted by its TTL', () => {
    expect(judge([[15_000, added(killing)], [20_000, deleted(killing)]], { reason: 'Killing' }).holds).to.equal(true);
  });

  it('a /pattern/g counts every matching event', () => {
    const changes: Array<[number, Change]> = [
      [15_000, added(event({ reason: 'BackOff', message: MESSAGES.backOff, pod: 'web-0' }))],
      [16_000, added(event({ reason: 'BackOff', message: MESSAGES.backOff, pod: 'web-1' }))],
    ];
    expect(judge(changes, { message: '/Back-off/', count: 2 }).holds).to.equal(true);
    expect(judge(changes, { message: '/Back-off/g', count: 2 }).holds).to.equal(true);
  });

  it('reports an invalid regular expression at validation', () => {
    const problems = eventExpectation.validate!({ message: '/probe (failed/' });
    expect(problems).to.have.length(1);
    expect(problems[0]!.path).to.equal('message');
    expect(problems[0]!.message).to.match(/^Invalid regular expression: .*Unterminated group/);
    expect(eventExpectation.validate!({ message: 'probe (failed' })).to.deep.equal([]);
  });

  it('describes itself', () => {
    expect(eventExpectation.describe({ type: 'Warning', reason: 'Unhealthy', message: 'statuscode: 404', target: 'app=web', count: 3 }))
      .to.equal('event Warning Unhealthy "statuscode: 404" about pods app=web x3');
    expect(eventExpectation.describe({ reason: 'Killing' })).to.equal('event Killing');
  });
});
