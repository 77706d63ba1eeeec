/**
 * What the timeline costs as a run grows: the time to fold one change into the view (ClusterView
 * copies its maps on every change), and the time a `within` expectation right after a fault takes to
 * rebuild the view at the fault's start (re-folded from the first entry). Measured in this process
 * on synthetic timelines of a crash-looping namespace, at the size of the library's longest run
 * (about 200 entries) and far beyond it.
 */
import { ManualClock } from '../framework/engine/clock.js';
import { evaluateExpectation } from '../framework/engine/evaluate-expectation.js';
import type { ExpectationUse } from '../framework/model/scenario.js';
import { resolveWindow } from '../framework/model/window.js';
import { Timeline } from '../framework/observe/timeline.js';
import type { ObjectChange } from '../framework/observe/timeline-entry.js';
import { between, seeded } from './support/seeded.js';

export interface TimelineCost {
  readonly entries: number;
  /** Mean time to append one change (fold it into the view, tell the listeners). */
  readonly appendMicros: number;
  /** Time to start judging a `within` expectation after a fault that began 50 entries ago. */
  readonly replayMs: number;
}

const PODS = 8;
const NAMESPACE = 'bench';

/** A crash-looping namespace: pods restarting, events repeating (counts rising), a new event now and then. */
function changes(count: number, seed: number): Array<Omit<ObjectChange, 'type' | 'at'>> {
  const random = seeded(seed);
  const out: Array<Omit<ObjectChange, 'type' | 'at'>> = [];
  const restarts = new Array<number>(PODS).fill(0);
  let distinctEvents = 0;
  for (let i = 0; i < count; i++) {
    const pod = between(random, 0, PODS - 1);
    if (random() < 0.5) {
      restarts[pod]!++;
      out.push({
        verb: i < PODS ? 'ADDED' : 'MODIFIED', kind: 'Pod',
        object: {
          apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${pod}`, namespace: NAMESPACE, uid: `uid-${pod}`, labels: { app: 'web' }, resourceVersion: String(i) },
          status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: false, restartCount: restarts[pod]!, image: 'busybox', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
        } as ObjectChange['object'],
      });
    } else {
      // The kubelet's events repeat (count rises); one in ten is a new one.
      if (distinctEvents === 0 || random() < 0.1) distinctEvents++;
      const event = between(random, 0, distinctEvents - 1);
      out.push({
        verb: 'MODIFIED', kind: 'Event',
        object: {
          apiVersion: 'v1', kind: 'Event', metadata: { name: `web.${event}`, namespace: NAMESPACE, uid: `event-${event}`, resourceVersion: String(i) },
          involvedObject: { kind: 'Pod', name: `web-${event % PODS}`, namespace: NAMESPACE }, reason: 'BackOff', message: `Back-off restarting failed container ${event}`, type: 'Warning', count: i,
        } as ObjectChange['object'],
      });
    }
  }
  return out;
}

export async function timelineCost(sizes: readonly number[] = [200, 2_000, 20_000]): Promise<TimelineCost[]> {
  // A first pass warms the JIT, so the small sizes are not charged with compiling the code.
  await measure(sizes[0] ?? 200);
  const costs: TimelineCost[] = [];
  for (const entries of sizes) costs.push(await measure(entries));
  return costs;
}

async function measure(entries: number): Promise<TimelineCost> {
  const clock = new ManualClock(1_000_000);
  const timeline = new Timeline(clock);
  // Three expectations listen, as in a step with three expectations.
  for (let i = 0; i < 3; i++) timeline.subscribe(() => undefined);
  const all = changes(entries, entries);
  const began = performance.now();
  for (const change of all) {
    clock.advance(1);
    timeline.record(change);
  }
  const appendMicros = ((performance.now() - began) * 1000) / entries;
  const use: ExpectationUse = {
    kind: 'restarts', spec: { target: 'app=web', atLeast: 1_000_000_000 }, window: resolveWindow({ within: '10s' }, 10_000),
    source: { file: 'bench', line: 1, column: 1 },
  };
  const faultStart = timeline.pointAt(clock.now() - 50);
  const stop = new AbortController();
  const replayBegan = performance.now();
  const pending = evaluateExpectation({
    use, timeline, clock, stepStart: clock.now(), since: faultStart, replayFrom: faultStart, namespace: NAMESPACE, signal: stop.signal,
  }).catch(() => undefined);
  const replayMs = performance.now() - replayBegan;
  stop.abort();
  await pending;
  return { entries, appendMicros, replayMs };
}
