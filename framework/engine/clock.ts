/** Time as the engine sees it: injectable so tests assert exact sequences without sleeping. */
export interface Clock {
  now(): number;
  /** Calls `callback` after `ms`; returns a function that cancels it. */
  setTimer(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, callback) {
    // Node's timers may fire a millisecond early against Date.now(); a window must not end early.
    const due = Date.now() + ms;
    let handle: ReturnType<typeof setTimeout>;
    const arm = (delay: number): void => {
      handle = setTimeout(() => {
        const left = due - Date.now();
        if (left > 0) arm(left);
        else callback();
      }, delay);
    };
    arm(ms);
    return () => clearTimeout(handle);
  },
};

/**
 * A clock that moves only when told to. Timers fire in order of their due time during `advance`.
 *
 * @example
 * const clock = new ManualClock(0);
 * clock.setTimer(1000, () => fired.push('a'));
 * clock.advance(1000); // fired: ['a']
 */
export class ManualClock implements Clock {
  private timers: Array<{ due: number; seq: number; callback: () => void }> = [];
  private seq = 0;

  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  setTimer(ms: number, callback: () => void): () => void {
    const timer = { due: this.current + ms, seq: this.seq++, callback };
    this.timers.push(timer);
    return () => { this.timers = this.timers.filter((t) => t !== timer); };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.due;
      next.callback();
    }
    this.current = target;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}
