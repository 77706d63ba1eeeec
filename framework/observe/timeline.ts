import { ClusterView } from './cluster-view.js';
import type { MarkerKind, ObjectChange, TimelineEntry } from './timeline-entry.js';
import type { Clock } from '../engine/clock.js';

export type TimelineListener = (entry: TimelineEntry, view: ClusterView) => void;

/**
 * Every change observed during a run, in arrival order, and the view they fold into.
 * Listeners are called synchronously for each entry, so a predicate sees every intermediate
 * state, including a pod that was NotReady for a moment only.
 */
export class Timeline {
  private readonly items: TimelineEntry[] = [];
  private readonly listeners = new Set<TimelineListener>();
  private current: ClusterView;

  constructor(private readonly clock: Clock) {
    this.current = ClusterView.empty(clock.now());
  }

  get entries(): readonly TimelineEntry[] {
    return this.items;
  }

  get view(): ClusterView {
    return this.current;
  }

  /** Records a change delivered by a watch. */
  record(change: Omit<ObjectChange, 'type' | 'at'>): ObjectChange {
    const entry: ObjectChange = { type: 'change', at: this.clock.now(), ...change };
    this.append(entry);
    return entry;
  }

  /** Records something Faultline did, on the same time axis. */
  mark(marker: MarkerKind, text: string, step?: number): void {
    this.append({ type: 'marker', at: this.clock.now(), marker, text, ...(step !== undefined && { step }) });
  }

  /** Calls `listener` for every later entry; returns the unsubscribe function. */
  subscribe(listener: TimelineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The view as it was just before `at`: every entry strictly earlier, folded. */
  viewBefore(at: number): ClusterView {
    return ClusterView.fold(this.items.filter((entry) => entry.at < at));
  }

  /** Entries at or after `at`. */
  since(at: number): TimelineEntry[] {
    return this.items.filter((entry) => entry.at >= at);
  }

  private append(entry: TimelineEntry): void {
    this.items.push(entry);
    this.current = this.current.apply(entry);
    for (const listener of [...this.listeners]) listener(entry, this.current);
  }
}
