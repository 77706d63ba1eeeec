import { expect } from 'chai';
import { http } from '../../framework/expectations/http.js';
import { Timeline } from '../../framework/observe/timeline.js';
import { ManualClock } from '../../framework/engine/clock.js';
import { renderTimeline } from '../../framework/report/timeline-text.js';

const T0 = 1_700_000_000_000;

function recorded(...answers: Array<{ status?: number; body?: string; error?: string; path?: string }>): Timeline {
  const clock = new ManualClock(T0);
  const timeline = new Timeline(clock);
  for (const answer of answers) {
    clock.advance(1000);
    timeline.recordResponse({ service: 'web', path: answer.path ?? '/index.html', body: answer.body ?? '', ...(answer.status !== undefined && { status: answer.status }), ...(answer.error && { error: answer.error }) });
  }
  return timeline;
}

const since = { at: T0, position: 0 };

describe('http expectation', () => {
  it('judges the latest answer to its request: status and body pattern', () => {
    const timeline = recorded({ status: 503, body: 'no endpoints available' }, { status: 200, body: '<p>hello from postStart handler</p>' });
    const check = http.check(timeline.view, { service: 'web', path: '/index.html', status: 200, body: 'hello from postStart handler' }, { namespace: 'ns', since });
    expect(check).to.deep.equal({ holds: true, observed: '2 request(s); latest: 200, body "<p>hello from postStart handler</p>"' });
  });

  it('defaults to any 2xx, accepts classes such as 5xx, and matches /regex/ bodies', () => {
    const timeline = recorded({ status: 204, body: '' });
    expect(http.check(timeline.view, { service: 'web', path: '/index.html' }, { namespace: 'ns', since }).holds).to.equal(true);
    const failing = recorded({ status: 503, body: 'no endpoints available for service "web"' });
    expect(http.check(failing.view, { service: 'web', path: '/index.html', status: '5xx', body: '/no endpoints? available/' }, { namespace: 'ns', since }).holds).to.equal(true);
    expect(http.check(failing.view, { service: 'web', path: '/index.html' }, { namespace: 'ns', since }).holds).to.equal(false);
  });

  it('ignores answers to other requests and answers from before its evidence window', () => {
    const timeline = recorded({ status: 200, body: 'old' }, { status: 500, path: '/other' });
    const check = http.check(timeline.view, { service: 'web', path: '/index.html' }, { namespace: 'ns', since: { at: T0 + 1500, position: 1 } });
    expect(check).to.deep.equal({ holds: false, observed: 'no answer yet to GET service web/index.html' });
  });

  it('says when no HTTP answer came at all', () => {
    const timeline = recorded({ error: 'ECONNREFUSED' });
    expect(http.check(timeline.view, { service: 'web', path: '/index.html' }, { namespace: 'ns', since }).observed).to.equal('1 request(s); latest: no answer (ECONNREFUSED)');
  });

  it('rejects an invalid body pattern at validation', () => {
    expect(http.validate!({ service: 'web', body: '/(/' })[0]!.path).to.equal('body');
  });

  it('shows each new answer on the timeline once, not every identical repeat', () => {
    const timeline = recorded({ status: 503, body: 'x' }, { status: 503, body: 'x' }, { status: 200, body: 'ok' });
    expect(renderTimeline(timeline.entries, { start: T0 })).to.deep.equal([
      '+1.00s  GET web/index.html: 503 (1 bytes)',
      '+3.00s  GET web/index.html: 200 (2 bytes)',
    ]);
  });
});
