import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import type { EndpointSliceLike } from '../../framework/observe/cluster-view.js';
import { podLanes } from '../../framework/report/html/pod-lanes.js';
import { htmlReport } from '../../framework/report/html/report-page.js';
import { runMarks, windowSpan } from '../../framework/report/html/run-marks.js';
import { count, recorded, RECORDED, sectionOf } from './html-fixture.js';

const P1 = 'http-liveness-rename';
const P2 = 'http-readiness-rename';
const FAILING = 'liveness-and-readiness-wrong-belief';

describe('the HTML report of a recorded run', () => {
  const html = htmlReport(RECORDED.results, { startedAt: new Date(RECORDED.startedAt) });

  it('puts the failed scenario first, its verdict and failed expectation before any chart', () => {
    const beforeFirstChart = html.slice(0, html.indexOf('<svg'));
    expect(html.indexOf(`>${FAILING}</h2>`)).to.be.lessThan(html.indexOf(`>${P1}</h2>`));
    expect(beforeFirstChart).to.contain(`<header class="verdict-banner verdict-failed"><span class="verdict-word">✗ failed</span><h2 id="scenario-3-name">${FAILING}</h2>`);
    expect(beforeFirstChart).to.contain('expectation.restarts');
    expect(beforeFirstChart).to.contain('restartCount of pods app=web, container web == 0 for 30s');
    expect(beforeFirstChart).to.contain('it stopped holding after 6.30s');
    expect(beforeFirstChart).to.contain('web-758dbb4ddd-dzm55/web: restartCount 1');
    expect(html).to.match(/<title>Faultline report: 1 failed, 2 passed<\/title>/);
    expect(sectionOf(html, P1)).to.contain('verdict-banner verdict-passed').and.not.contain('class="failure"');
  });

  it('draws one lane per pod the run saw', () => {
    for (const result of RECORDED.results) {
      const pods = new Set(result.timeline.flatMap((entry) => (entry.type === 'change' && entry.kind === 'Pod' ? [entry.object.metadata!.name!] : [])));
      const lanes = [...sectionOf(html, result.scenario).matchAll(/<g class="lane" data-pod="([^"]+)">/g)].map((match) => match[1]);
      expect(lanes, result.scenario).to.have.members([...pods]).and.have.length(pods.size);
    }
  });

  it('marks the liveness restart of P1 and of the failing run, and none in P2 (readiness never restarts)', () => {
    expect(count(sectionOf(html, P1), /class="restart-marker"/)).to.equal(1);
    expect(sectionOf(html, P1)).to.match(/class="restart-marker" data-container="web"><title>\+\d+\.\d\ds web restarted \(restartCount 1\); last terminated Completed exit 0<\/title>/);
    expect(count(sectionOf(html, FAILING), /class="restart-marker"/)).to.equal(1);
    expect(count(sectionOf(html, P2), /class="restart-marker"/)).to.equal(0);
  });

  it('shows P2\'s pod leaving the Service\'s endpoints once, after the rename, and rejoining', () => {
    const section = sectionOf(html, P2);
    expect(count(section, /endpoint-removal/)).to.equal(1);
    expect(section).to.match(/class="segment membership-out endpoint-removal"><title>not-ready address \(removed from the endpoints at \+\d+\.\d\ds\)/);
  });

  it('marks each fault where it was proved, and each expectation window coloured by its outcome', () => {
    for (const result of RECORDED.results) {
      const section = sectionOf(html, result.scenario);
      const faults = result.steps.filter((step) => step.action === 'fault' && step.startedAt !== undefined);
      expect(count(section, /<g class="fault-marker" data-step="\d+">/), result.scenario).to.equal(faults.length);
      const expectations = result.steps.flatMap((step) => step.expectations);
      expect(count(section, /class="window-band window-passed"/), result.scenario).to.equal(expectations.filter((e) => e.passed).length);
      expect(count(section, /class="window-band window-failed"/), result.scenario).to.equal(expectations.filter((e) => !e.passed).length);
    }
    expect(sectionOf(html, FAILING)).to.contain('<g class="window-band window-failed" data-step="4" data-kind="restarts">');
    expect(sectionOf(html, P1)).to.match(/<g class="fault-marker" data-step="2"><title>\+\d+\.\d\ds step 2 fault renameFile: renamed \/usr\/share\/nginx\/html\/index.html/);
  });

  it('lists every event occurrence below the chart, with a marker for each on it', () => {
    const result = recorded(P1);
    const section = sectionOf(html, P1);
    const marks = runMarks(result).events;
    expect(marks.length).to.be.greaterThan(5);
    expect(count(section, /<g class="event-marker event-(warning|normal)">/)).to.equal(marks.length);
    expect(count(section, /<tr class="event-(warning|normal)">/)).to.equal(marks.length);
    expect(section).to.contain('Liveness probe failed: HTTP probe failed with statuscode: 404');
  });

  it('is self-contained: no script, no stylesheet link, no external URL in src or href', () => {
    expect(html).not.to.match(/<script|<link|<iframe|<img|url\(/i);
    expect(html).not.to.match(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]).every((href) => href!.startsWith('#'))).to.equal(true);
  });

  it('escapes text from the cluster: event messages, names and failure reasons', () => {
    const hostile = '<img src=x onerror="alert(1)"> & \'quoted\'';
    const base = recorded(FAILING);
    const result: ScenarioResult = {
      ...base,
      scenario: 'evil<b>name',
      message: `step 4 failed: ${hostile}`,
      timeline: base.timeline.map((entry) => (entry.type === 'change' && entry.kind === 'Event'
        ? { ...entry, object: { ...entry.object, message: hostile } as typeof entry.object } : entry)),
    };
    const page = htmlReport([result], { startedAt: new Date(0) });
    expect(page).not.to.contain('<img').and.not.to.contain('<b>name');
    expect(page).to.contain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;quoted&#39;');
    expect(page).to.contain('evil&lt;b&gt;name');
  });

  it('says so when no scenario ran', () => {
    const page = htmlReport([], { startedAt: new Date(0) });
    expect(page).to.contain('<title>Faultline report: no scenarios</title>').and.contain('No scenario results were recorded.');
  });
});

describe('podLanes (the recorded timeline folded into lanes)', () => {
  it('gives P2\'s pod: in the endpoints, out from the EndpointSlice change that dropped its IP, in again', () => {
    const result = recorded(P2);
    const [lane] = podLanes(result.timeline, { end: runMarks(result).end });
    const ip = (result.timeline.find((entry) => entry.type === 'change' && entry.kind === 'Pod' && (entry.object as V1Pod).status?.podIP) as { object: V1Pod }).object.status!.podIP!;
    const fault = result.steps.find((step) => step.action === 'fault')!;
    const dropped = result.timeline.find((entry) => entry.type === 'change' && entry.kind === 'EndpointSlice' && entry.at > fault.startedAt!
      && !(entry.object as EndpointSliceLike).endpoints?.some((endpoint) => endpoint.conditions?.ready !== false && endpoint.addresses?.includes(ip)))!;
    const states = lane!.endpoints[0]!.segments.map((segment) => `${segment.state}${segment.removal ? ' (removal)' : ''}`);
    expect(lane!.endpoints.map((track) => track.service)).to.deep.equal(['web']);
    expect(states.filter((state, index) => state !== states[index - 1])).to.deep.equal(['out', 'in', 'out (removal)', 'in']);
    expect(lane!.endpoints[0]!.segments.find((segment) => segment.removal)!.from).to.equal(dropped.at);
    expect(lane!.containers[0]!.restarts).to.deep.equal([]);
  });

  it('gives P1\'s container one restart, when the watch first showed restartCount 1', () => {
    const result = recorded(P1);
    const [lane] = podLanes(result.timeline, { end: runMarks(result).end });
    const firstRestarted = result.timeline.find((entry) => entry.type === 'change' && entry.kind === 'Pod'
      && (entry.object as V1Pod).status?.containerStatuses?.[0]?.restartCount === 1)!;
    expect(lane!.containers.map((c) => c.name)).to.deep.equal(['web']);
    expect(lane!.containers[0]!.restarts.map((r) => [r.at, r.restartCount])).to.deep.equal([[firstRestarted.at, 1]]);
    const phases = lane!.containers[0]!.segments.map((segment) => segment.state);
    expect(phases[0]).to.be.oneOf(['pending', 'waiting']);
    expect(phases).to.include('running');
  });
});

describe('windowSpan', () => {
  it('reads back each form describeWindow writes', () => {
    expect(windowSpan('within 45s')).to.deep.equal({ startMs: 0, endMs: 45_000 });
    expect(windowSpan('between 9s and 1m30s')).to.deep.equal({ startMs: 9_000, endMs: 90_000 });
    expect(windowSpan('for 12s')).to.deep.equal({ startMs: 0, endMs: 12_000 });
    expect(windowSpan('never during 2m')).to.deep.equal({ startMs: 0, endMs: 120_000 });
    expect(windowSpan('soon')).to.equal(undefined);
  });
});
