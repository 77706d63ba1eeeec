import type { KubernetesObject } from '@kubernetes/client-node';
import { ManualClock } from '../../framework/engine/clock.js';
import { ClusterView } from '../../framework/observe/cluster-view.js';
import { Timeline } from '../../framework/observe/timeline.js';
import { OBSERVED_KINDS, type MarkerKind, type ObjectChange, type ObservedKind, type WatchVerb } from '../../framework/observe/timeline-entry.js';
import { T0 } from './time.js';

/** A change as a watch delivers it, before the timeline stamps it. */
export type Change = Omit<ObjectChange, 'type' | 'at'>;

export const added = (object: KubernetesObject): Change => change('ADDED', object);
export const modified = (object: KubernetesObject): Change => change('MODIFIED', object);
export const deleted = (object: KubernetesObject): Change => change('DELETED', object);

function change(verb: WatchVerb, object: KubernetesObject): Change {
  const kind = object.kind as ObservedKind;
  if (!OBSERVED_KINDS.includes(kind)) throw new Error(`builders: ${String(object.kind)} is not an observed kind`);
  return { verb, kind, object };
}

/**
 * A Timeline on a ManualClock that starts at T0, driven the way the observer drives it:
 * `at(ms, change)` moves the clock to T0 + ms (firing every timer due on the way, in order)
 * and records the change, so listeners see it at exactly that moment.
 *
 * @example
 * const script = new TimelineScript();
 * script.at(1_200, added(pod({ phase: 'Pending' })));
 * script.at(3_400, modified(pod()));
 */
export class TimelineScript {
  readonly clock = new ManualClock(T0);
  readonly timeline = new Timeline(this.clock);

  /** Milliseconds since T0. */
  get now(): number {
    return this.clock.now() - T0;
  }

  /** Moves the clock to T0 + ms; time never goes back. */
  advanceTo(ms: number): void {
    if (ms < this.now) throw new Error(`builders: cannot go back in time from +${this.now}ms to +${ms}ms`);
    this.clock.advance(ms - this.now);
  }

  at(ms: number, ...changes: Change[]): ObjectChange[] {
    this.advanceTo(ms);
    return changes.map((c) => this.timeline.record(c));
  }

  mark(ms: number, marker: MarkerKind, text: string, step?: number): void {
    this.advanceTo(ms);
    this.timeline.mark(marker, text, step);
  }
}

/** The view after these changes, all observed at T0 + ms (default T0). */
export function viewOf(changes: readonly Change[], ms = 0): ClusterView {
  return ClusterView.fold(changes.map((c) => ({ type: 'change' as const, at: T0 + ms, ...c })));
}
