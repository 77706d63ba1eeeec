import type { Clock } from '../engine/clock.js';
import type { ClusterView } from './cluster-view.js';
import type { Timeline } from './timeline.js';

export interface WaitForViewOptions {
  readonly timeline: Timeline;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Resolves with the first view (the current one, or one produced by a later change) for which
 * `predicate` holds, or with undefined when `timeoutMs` passes first. Rejects when `signal` aborts.
 * Driven by the timeline's changes and one timer: nothing polls.
 */
export function waitForView(predicate: (view: ClusterView) => boolean, options: WaitForViewOptions): Promise<ClusterView | undefined> {
  const { timeline, clock, timeoutMs, signal } = options;
  if (predicate(timeline.view)) return Promise.resolve(timeline.view);
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void): void => {
      unsubscribe();
      cancelTimer();
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = (): void => finish(() => reject(signal?.reason));
    const unsubscribe = timeline.subscribe((_entry, view) => {
      if (predicate(view)) finish(() => resolve(view));
    });
    const cancelTimer = clock.setTimer(timeoutMs, () => finish(() => resolve(undefined)));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
