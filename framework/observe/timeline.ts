import { ClusterView } from './cluster-view.js';
import type { HttpResponseEntry, MarkerKind, ObjectChange, ObservedKind, TimelineEntry } from './timeline-entry.js';
import type { Clock } from '../engine/clock.js';

/** How often the timeline keeps the view it folded (see `viewAt`). */
const CHECKPOINT_EVERY = 64;

export type TimelineListener = (entry: TimelineEntry, view: ClusterView) => void;

/**
 * A moment of the timeline: its time, and the position of the next entry. Positions order
 * entries that share a millisecond, so "since the fault" never includes a change made before it.
 */
export interface TimelinePoint {
  readonly at: number;
  readonly position: number;
}

/**
 * Every change observed during a run, in arrival order, and the view they fold into.
 * Listeners are called synchronously for each entry, so a predicate sees every intermediate
 * state, including a pod that was NotReady for a moment only.
 */
export class Timeline {
  private readonly items: TimelineEntry[] = [];
  private readonly listeners = new Set<TimelineListener>();
  private current: ClusterView;
  /**
   * The view at every CHECKPOINT_EVERY-th position (views are immutable, so keeping one is free of
   * copies): `viewAt` folds at most that many entries instead of the whole run.
   */
  private readonly checkpoints: ClusterView[];

  constructor(private readonly clock: Clock) {
    this.current = ClusterView.empty(clock.now());
    this.checkpoints = [ClusterView.empty()];
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

  /** Records the answer to an `http` expectation's request. */
  recordResponse(response: Omit<HttpResponseEntry, 'type' | 'at'>): void {
    this.append({ type: 'http', at: this.clock.now(), ...response });
  }

  /** Records something Faultline did, on the same time axis. */
  mark(marker: MarkerKind, text: string, step?: number): void {
    this.append({ type: 'marker', at: this.clock.now(), marker, text, ...(step !== undefined && { step }) });
  }

  /** A node fault acting on `node` (or undoing it): node expectations find their node by these markers. */
  markNode(marker: 'node-fault' | 'fault-reverted', text: string, step: number, node: string): void {
    this.append({ type: 'marker', at: this.clock.now(), marker, text, step, node });
  }

  /** Records that `kind` cannot be watched in this run, so expectations about it can say so instead of waiting. */
  markUnobserved(kind: ObservedKind, text: string): void {
    this.append({ type: 'marker', at: this.clock.now(), marker: 'observation-limited', text, unobserved: kind });
  }

  /** Calls `listener` for every later entry; returns the unsubscribe function. */
  subscribe(listener: TimelineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This moment: now, and the position the next entry will take. */
  point(): TimelinePoint {
    return { at: this.clock.now(), position: this.items.length };
  }

  /** The point of time `at` in a recorded timeline: before the first entry at or after it. */
  pointAt(at: number): TimelinePoint {
    const index = this.items.findIndex((entry) => entry.at >= at);
    return { at, position: index === -1 ? this.items.length : index };
  }

  /** The view as it was at `position`: the first `position` entries, folded. */
  viewAt(position: number): ClusterView {
    const end = Math.max(0, Math.min(position, this.items.length));
    const checkpoint = Math.floor(end / CHECKPOINT_EVERY);
    return ClusterView.fold(this.items.slice(checkpoint * CHECKPOINT_EVERY, end), this.checkpoints[checkpoint]);
  }

  /** Entries from `position` on. */
  entriesFrom(position: number): TimelineEntry[] {
    return this.items.slice(position);
  }

  private append(entry: TimelineEntry): void {
    this.items.push(entry);
    this.current = this.current.apply(entry);
    if (this.items.length % CHECKPOINT_EVERY === 0) this.checkpoints.push(this.current);
    for (const listener of [...this.listeners]) listener(entry, this.current);
  }
}
