import { expect } from 'chai';
import { ClusterView } from '../../framework/observe/cluster-view.js';
import { pod } from '../builders/pod.js';
import { modified, TimelineScript } from '../builders/timeline-script.js';

/** viewAt serves old views from checkpoints the timeline keeps; they must be the same as folding from the start. */
describe('Timeline.viewAt over a long run', () => {
  it('gives the fold of the first `position` entries at every position, across checkpoints', () => {
    const script = new TimelineScript();
    for (let restarts = 0; restarts < 300; restarts++) {
      script.at(restarts * 10, modified(pod({ restartCount: restarts })));
      if (restarts % 7 === 0) script.mark(restarts * 10 + 5, 'step-start', `step ${restarts}`, 1);
    }
    const entries = script.timeline.entries;
    for (const position of [0, 1, 63, 64, 65, 127, 128, 200, entries.length - 1, entries.length]) {
      const view = script.timeline.viewAt(position);
      const folded = ClusterView.fold(entries.slice(0, position));
      expect([view.position, view.at], `position ${position}`).to.deep.equal([folded.position, folded.at]);
      expect(view.allPods.map((r) => r.pod.status?.containerStatuses?.[0]?.restartCount), `position ${position}`)
        .to.deep.equal(folded.allPods.map((r) => r.pod.status?.containerStatuses?.[0]?.restartCount));
    }
  });

  it('treats a position past the end as the end', () => {
    const script = new TimelineScript();
    script.at(10, modified(pod({ restartCount: 2 })));
    expect(script.timeline.viewAt(99).position).to.equal(1);
  });
});
