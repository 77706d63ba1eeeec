import { expect } from 'chai';
import type { ClusterView } from '../../framework/observe/cluster-view.js';
import type { TimelineEntry } from '../../framework/observe/timeline-entry.js';
import { isPodReady } from '../../framework/observe/target-pods.js';
import { pod } from '../builders/pod.js';
import { T0 } from '../builders/time.js';
import { added, deleted, modified, TimelineScript } from '../builders/timeline-script.js';

describe('Timeline', () => {
  it('stamps each change with the clock and keeps arrival order', () => {
    const script = new TimelineScript();
    script.at(1_200, added(pod({ phase: 'Pending' })));
    script.mark(2_000, 'step-start', 'fault renameFile', 1);
    script.at(3_400, modified(pod()));
    expect(script.timeline.entries.map((e) => [e.type, e.at])).to.deep.equal([
      ['change', T0 + 1_200], ['marker', T0 + 2_000], ['change', T0 + 3_400],
    ]);
    expect(script.timeline.entries[1]).to.deep.equal({ type: 'marker', at: T0 + 2_000, marker: 'step-start', text: 'fault renameFile', step: 1 });
  });

  it('leaves the step out of a marker that belongs to none', () => {
    const script = new TimelineScript();
    script.mark(0, 'run-start', 'run p1');
    expect(script.timeline.entries[0]).to.deep.equal({ type: 'marker', at: T0, marker: 'run-start', text: 'run p1' });
  });

  it('marks a kind the run cannot watch, and the view remembers why', () => {
    const script = new TimelineScript();
    script.advanceTo(300);
    script.timeline.markUnobserved('Node', 'nodes are not observed: RBAC forbids listing nodes (node expectations will see none)');
    expect(script.timeline.entries[0]).to.deep.equal({
      type: 'marker', at: T0 + 300, marker: 'observation-limited',
      text: 'nodes are not observed: RBAC forbids listing nodes (node expectations will see none)', unobserved: 'Node',
    });
    expect(script.timeline.view.unobservedReason('Node')).to.match(/^nodes are not observed/);
  });

  it('returns the recorded change', () => {
    const script = new TimelineScript();
    const [entry] = script.at(500, added(pod()));
    expect(entry).to.include({ type: 'change', at: T0 + 500, verb: 'ADDED', kind: 'Pod' });
  });

  it('keeps the view as the fold of its entries', () => {
    const script = new TimelineScript();
    expect(script.timeline.view.at).to.equal(T0);
    script.at(1_000, added(pod({ restartCount: 0 })));
    script.at(2_000, modified(pod({ restartCount: 1 })));
    expect(script.timeline.view.at).to.equal(T0 + 2_000);
    expect(script.timeline.view.pods[0]!.pod.status?.containerStatuses?.[0]?.restartCount).to.equal(1);
  });

  it('gives listeners every entry with the view right after it, so a blip is seen', () => {
    const script = new TimelineScript();
    const seen: Array<[string, boolean]> = [];
    script.timeline.subscribe((entry: TimelineEntry, view: ClusterView) => {
      if (entry.type === 'change') seen.push([entry.verb, isPodReady(view.pods[0]!.pod)]);
    });
    script.at(0, added(pod()));
    script.at(12_000, modified(pod({ podReady: false })), modified(pod()));
    expect(seen).to.deep.equal([['ADDED', true], ['MODIFIED', false], ['MODIFIED', true]]);
  });

  it('stops calling a listener once unsubscribed, and lets one unsubscribe while being called', () => {
    const script = new TimelineScript();
    const calls: string[] = [];
    const unsubscribeA = script.timeline.subscribe(() => { calls.push('a'); unsubscribeA(); });
    const unsubscribeB = script.timeline.subscribe(() => calls.push('b'));
    script.at(0, added(pod()));
    unsubscribeB();
    script.at(1, modified(pod()));
    expect(calls).to.deep.equal(['a', 'b']);
  });

  it('pointAt places a moment before the first entry at or after it; viewAt and entriesFrom split there', () => {
    const script = new TimelineScript();
    script.at(1_000, added(pod({ restartCount: 0 })));
    script.at(5_000, modified(pod({ restartCount: 1 })));
    script.at(9_000, deleted(pod({ restartCount: 1, deletionTimestamp: 8_000 })));
    const point = script.timeline.pointAt(T0 + 5_000);
    expect(point).to.deep.equal({ at: T0 + 5_000, position: 1 });
    expect(script.timeline.viewAt(point.position).pods[0]!.pod.status?.containerStatuses?.[0]?.restartCount).to.equal(0);
    expect(script.timeline.viewAt(0).allPods).to.deep.equal([]);
    expect(script.timeline.entriesFrom(point.position).map((e) => e.at)).to.deep.equal([T0 + 5_000, T0 + 9_000]);
    expect(script.timeline.pointAt(T0 + 9_001)).to.deep.equal({ at: T0 + 9_001, position: 3 });
  });

  it('orders changes that share a millisecond by position: point() is after everything recorded', () => {
    const script = new TimelineScript();
    script.at(1_000, added(pod({ podReady: false })));
    const point = script.timeline.point();
    script.at(1_000, modified(pod()));
    expect(point.position).to.equal(1);
    expect(script.timeline.entriesFrom(point.position)).to.have.length(1);
  });
});
