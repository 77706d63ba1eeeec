import { ManualClock, type Clock } from '../../../framework/engine/clock.js';

/**
 * A ManualClock whose zero-delay timers fire on the next turn of the event loop. Time stands still
 * unless the test moves it, so no window ends by itself, yet a watch that reconnects "at once"
 * (backoff 0) does so while the proxy injects faults.
 */
export class SettlingClock implements Clock {
  private readonly manual: ManualClock;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.manual = new ManualClock(start);
  }

  now(): number {
    return this.manual.now();
  }

  setTimer(ms: number, callback: () => void): () => void {
    if (ms > 0) return this.manual.setTimer(ms, callback);
    const immediate = setImmediate(callback);
    return () => clearImmediate(immediate);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    this.manual.advance(ms);
  }
}
