import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { V1Node } from '@kubernetes/client-node';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import type { ResultsDocument } from '../../framework/replay/results-format.js';
import { nodeLanes, type NodeLane } from '../../framework/report/html/node-lanes.js';
import { CHART_FILLS, CHART_INK, PAGE_BACKGROUND } from '../../framework/report/html/palette.js';
import { podLanes } from '../../framework/report/html/pod-lanes.js';
import { htmlReport } from '../../framework/report/html/report-page.js';
import { runMarks } from '../../framework/report/html/run-marks.js';
import { change, marker, node, T0 } from '../report/fixtures.js';
import { count, RECORDED, sectionOf } from './html-fixture.js';

/**
 * Results recorded on the local two-node cluster (test/fixtures/results/node-loss-run.json): drain-node,
 * which drains vm-2 and uncordons it, and node-loss-eviction, which stops vm-2 until its pods are evicted
 * and replaced on vm, then starts it again.
 */
const NODES_RUN: ResultsDocument = JSON.parse(readFileSync(new URL('../../../test/fixtures/results/node-loss-run.json', import.meta.url), 'utf8'));
const LOSS = 'node-loss-eviction';
const DRAIN = 'drain-node';

function result(scenario: string): ScenarioResult {
  const found = NODES_RUN.results.find((candidate) => candidate.scenario === scenario);
  if (!found) throw new Error(`no result for ${scenario} in node-loss-run.json`);
  return found;
}

function lanesOf(scenario: string): NodeLane[] {
  const recorded = result(scenario);
  return nodeLanes(recorded, { end: runMarks(recorded).end });
}

/** Seconds from the run's start, to the millisecond. */
const seconds = (scenario: string, at: number): number => Math.round(at - result(scenario).startedAt) / 1000;

/** WCAG 2 contrast ratio of two `#rrggbb` colours, 1 to 21. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255)
      .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('node lanes in the HTML report', () => {
  const html = htmlReport(NODES_RUN.results, { startedAt: new Date(NODES_RUN.startedAt) });

  it('draws a lane only for the node a fault acted on: vm-2, not vm, which the run also watched', () => {
    for (const scenario of [LOSS, DRAIN]) {
      const watched = new Set(result(scenario).timeline.flatMap((entry) => (entry.type === 'change' && entry.kind === 'Node' ? [entry.object.metadata!.name!] : [])));
      expect([...watched], scenario).to.have.members(['vm', 'vm-2']);
      expect(lanesOf(scenario).map((lane) => lane.name), scenario).to.deep.equal(['vm-2']);
      expect([...sectionOf(html, scenario).matchAll(/<g class="node-lane" data-node="([^"]+)">/g)].map((match) => match[1]), scenario).to.deep.equal(['vm-2']);
    }
  });

  it('shows the lost node Ready True, then Unknown NodeStatusUnknown from the moment nodeCondition passed, then False, then True again', () => {
    const [lane] = lanesOf(LOSS);
    expect(lane!.ready.map((segment) => [segment.label, seconds(LOSS, segment.from), seconds(LOSS, segment.to)])).to.deep.equal([
      ['True KubeletReady', 0.495, 45.099],
      ['Unknown NodeStatusUnknown', 45.099, 68.388],
      ['False KubeletNotReady', 68.388, 78.455],
      ['True KubeletReady', 78.455, seconds(LOSS, runMarks(result(LOSS)).end)],
    ]);
    // The engine decided "Ready Unknown" at the very change where the lane turns Unknown.
    const noticed = result(LOSS).steps.find((step) => step.index === 3)!;
    const condition = noticed.expectations.find((expectation) => expectation.kind === 'nodeCondition')!;
    expect(seconds(LOSS, noticed.startedAt! + condition.decidedAfterMs)).to.equal(45.099);
    expect(sectionOf(html, LOSS)).to.contain('<g class="segment node-ready node-ready-unknown"><title>Unknown NodeStatusUnknown, +45.10s to +68.39s</title>');
  });

  it('shows the unreachable taints while the node was away, and the not-ready taints while it came back', () => {
    const [lane] = lanesOf(LOSS);
    expect(lane!.taints.map((track) => [track.taint, ...track.segments.map((segment) => [seconds(LOSS, segment.from), seconds(LOSS, segment.to)])])).to.deep.equal([
      ['node.kubernetes.io/unreachable:NoSchedule', [45.106, 68.436]],
      ['node.kubernetes.io/unreachable:NoExecute', [47.007, 70.175]],
      ['node.kubernetes.io/not-ready:NoSchedule', [68.413, 78.472]],
      ['node.kubernetes.io/not-ready:NoExecute', [70.160, 80.187]],
    ]);
    expect(lane!.cordoned).to.deep.equal([]);
    const section = sectionOf(html, LOSS);
    expect(section).to.match(/<g class="taint-track" data-taint="node.kubernetes.io\/unreachable:NoExecute"><text [^>]+>taint unreachable:NoExecute<title>taint node.kubernetes.io\/unreachable:NoExecute<\/title><\/text>/);
    expect(section).to.contain('<g class="segment node-taint"><title>node.kubernetes.io/unreachable:NoExecute, +47.01s to +70.17s</title>');
    expect(section).to.contain(`fill="${CHART_FILLS.taintNoExecute}"`);
    expect(section).not.to.contain('class="segment node-cordoned"');
  });

  it('shows the drained node cordoned and tainted unschedulable until the revert, and Ready throughout', () => {
    const [lane] = lanesOf(DRAIN);
    expect(lane!.cordoned.map((segment) => [segment.label, seconds(DRAIN, segment.from), seconds(DRAIN, segment.to)]))
      .to.deep.equal([['cordoned (spec.unschedulable)', 5.561, 11.086]]);
    expect(lane!.taints.map((track) => [track.taint, ...track.segments.map((segment) => [seconds(DRAIN, segment.from), seconds(DRAIN, segment.to)])]))
      .to.deep.equal([['node.kubernetes.io/unschedulable:NoSchedule', [5.589, 11.231]]]);
    expect(lane!.ready.map((segment) => segment.label)).to.deep.equal(['True KubeletReady']);
    expect(sectionOf(html, DRAIN)).to.contain('<g class="segment node-cordoned"><title>cordoned (spec.unschedulable), +5.56s to +11.09s</title>');
  });

  it('marks when the fault acted on the node (lost, drained) and when it was reverted (back)', () => {
    for (const [scenario, word, faultAt, backAt] of [[LOSS, 'lost', 5.52, 80.92], [DRAIN, 'drained', 5.5, 11.23]] as const) {
      const [lane] = lanesOf(scenario);
      expect(lane!.faults.map((mark) => [mark.word, mark.step, Math.round(seconds(scenario, mark.at) * 100) / 100]), scenario).to.deep.equal([[word, 2, faultAt]]);
      expect(lane!.reverts.map((mark) => [mark.word, mark.step, Math.round(seconds(scenario, mark.at) * 100) / 100]), scenario).to.deep.equal([['back', 2, backAt]]);
      const section = sectionOf(html, scenario);
      expect(count(section, /<g class="node-fault-marker" data-step="2">/), scenario).to.equal(1);
      expect(count(section, /<g class="node-revert-marker" data-step="2">/), scenario).to.equal(1);
      expect(section, scenario).to.contain(`>⚡ ${word}</text>`).and.contain('>↺ back</text>');
    }
    expect(sectionOf(html, LOSS)).to.match(/<g class="node-fault-marker" data-step="2"><title>\+5\.52s lost: nodeLoss: \S+node-stop vm-2<\/title>/);
    expect(sectionOf(html, DRAIN)).to.contain('<g class="node-revert-marker" data-step="2"><title>+11.23s back: uncordoned node vm-2</title>');
  });

  it('names each pod\'s node, in the fault\'s colour for the pods on the lost node, and the replacements on the other', () => {
    const recorded = result(LOSS);
    const pods = podLanes(recorded.timeline, { end: runMarks(recorded).end });
    expect(Object.fromEntries(pods.map((lane) => [lane.name, lane.node]))).to.deep.equal({
      'spread-5559557868-8w6l8': 'vm-2', 'spread-5559557868-q82jq': 'vm-2',
      'spread-5559557868-wnrzn': 'vm', 'spread-5559557868-xxsk7': 'vm',
      'spread-5559557868-czkdv': 'vm', 'spread-5559557868-6hdh5': 'vm',
    });
    const section = sectionOf(html, LOSS);
    expect(section).to.contain(`pod spread-5559557868-8w6l8<tspan class="pod-node pod-node-faulted" data-node="vm-2" fill="${CHART_FILLS.fault}" font-weight="700"> on vm-2</tspan>`);
    expect(section).to.contain('pod spread-5559557868-czkdv<tspan class="pod-node" data-node="vm"');
    expect(section).to.contain('<title>pod spread-5559557868-czkdv on node vm</title>');
    expect(count(section, /class="pod-node pod-node-faulted"/)).to.equal(2);
  });

  it('tells screen readers what happened to the node, and which pods were on it', () => {
    expect(sectionOf(html, LOSS)).to.match(new RegExp('<desc id="[^"]+">[^<]*node vm-2 lost at 5\\.5s, Ready Unknown NodeStatusUnknown at 45\\.1s, '
      + 'Ready False KubeletNotReady at 68\\.4s, Ready True KubeletReady at 78\\.5s, back at 80\\.9s, '
      + 'tainted node.kubernetes.io/unreachable:NoSchedule from 45\\.1s to 68\\.4s'));
    expect(sectionOf(html, LOSS)).to.match(/<desc id="[^"]+">[^<]*pods on vm-2: spread-5559557868-8w6l8, spread-5559557868-q82jq[.;]/);
    expect(sectionOf(html, DRAIN)).to.match(/<desc id="[^"]+">[^<]*node vm-2 drained at 5\.5s, back at 11\.2s, tainted node.kubernetes.io\/unschedulable:NoSchedule from 5\.6s to 11\.2s, cordoned from 5\.6s to 11\.1s/);
  });

  it('keeps ordinary reports without node faults free of node lanes and of the node legend', () => {
    const ordinary = htmlReport(RECORDED.results, { startedAt: new Date(RECORDED.startedAt) });
    for (const recorded of RECORDED.results) expect(nodeLanes(recorded, { end: runMarks(recorded).end }), recorded.scenario).to.deep.equal([]);
    expect(ordinary).not.to.match(/node-lane|node-legend|node-fault-marker|node-revert-marker|pod-node-faulted/);
    expect(html).to.contain('<ul class="legend node-legend">');
    // Pods still say where they ran.
    expect(ordinary).to.match(/<tspan class="pod-node" data-node="vm(-2)?" fill="[^"]+" font-weight="400"> on vm(-2)?<\/tspan>/);
  });

  it('keeps text readable: chart ink on every node fill, and the fault and revert words on the page, at 4.5:1 or more', () => {
    for (const fill of [CHART_FILLS.nodeReady, CHART_FILLS.nodeUnknown, CHART_FILLS.nodeNotReady, CHART_FILLS.taintNoSchedule, CHART_FILLS.taintNoExecute, CHART_FILLS.cordoned]) {
      expect(contrast(CHART_INK, fill), fill).to.be.at.least(4.5);
    }
    expect(contrast(CHART_FILLS.fault, PAGE_BACKGROUND)).to.be.at.least(4.5);
    expect(contrast(CHART_FILLS.revert, PAGE_BACKGROUND)).to.be.at.least(4.5);
  });

  it('ends a node\'s tracks while the node is deleted, and draws a node never watched with its marks only', () => {
    const cordonedNode = (name: string): V1Node => ({ ...node(name, 'True'), spec: { unschedulable: true } });
    const lanes = nodeLanes({
      steps: [{ index: 1, name: 'lose both', action: 'fault', fault: 'nodeLoss', status: 'passed', expectations: [] }],
      timeline: [
        change(0, 'ADDED', 'Node', node('a', 'True')),
        { ...marker(1, 'node-fault', 'nodeLoss: stop a', 1), node: 'a' },
        { ...marker(1, 'node-fault', 'nodeLoss: stop b', 1), node: 'b' },
        change(2, 'MODIFIED', 'Node', cordonedNode('a')),
        change(3, 'DELETED', 'Node', cordonedNode('a')),
        change(4, 'ADDED', 'Node', node('a', 'True')),
      ],
    }, { end: T0 + 10_000 });
    expect(lanes.map((lane) => lane.name)).to.deep.equal(['a', 'b']);
    const [a, b] = lanes;
    expect(a!.ready.map((segment) => [segment.label, segment.from - T0, segment.to - T0])).to.deep.equal([['True', 0, 3000], ['True', 4000, 10_000]]);
    expect(a!.cordoned.map((segment) => [segment.from - T0, segment.to - T0])).to.deep.equal([[2000, 3000]]);
    expect(b).to.deep.equal({ name: 'b', ready: [], taints: [], cordoned: [], faults: [{ at: T0 + 1000, step: 1, word: 'lost', text: 'nodeLoss: stop b' }], reverts: [] });
  });
});
