import { ManualClock } from '../engine/clock.js';

/**
 * A ManualClock that knows when its next timer is due, and moves one timer at a time, letting promise
 * callbacks run in between. In a live run each timer is its own task: when an expectation's window ends
 * and fails the step, the step cancels the other expectations before any later timer fires. Replay
 * keeps that order, with no real time.
 *
 * @example
 * const clock = new ReplayClock(t0);
 * await clock.advanceTo(t0 + 30_000); // fires every timer due by then, in order, settling after each
 */
export class ReplayClock extends ManualClock {
  private readonly dues = new Set<{ readonly due: number }>();

  override setTimer(ms: number, callback: () => void): () => void {
    const timer = { due: this.now() + ms };
    this.dues.add(timer);
    const cancel = super.setTimer(ms, () => {
      this.dues.delete(timer);
      callback();
    });
    return () => {
      this.dues.delete(timer);
      cancel();
    };
  }

  /** When the next timer falls due, or undefined when none is pending. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const { due } of this.dues) if (next === undefined || due < next) next = due;
    return next;
  }

  /**
   * Moves to `at` (never backwards), firing due timers one by one and letting callbacks run after each;
   * stops where it is as soon as `until()` says so.
   */
  async advanceTo(at: number, until: () => boolean = () => false): Promise<void> {
    for (let due = this.nextDue(); due !== undefined && due <= at && !until(); due = this.nextDue()) {
      this.advance(Math.max(0, due - this.now()));
      await settle();
    }
    if (at > this.now() && !until()) this.advance(at - this.now());
  }

  /** Fires every pending timer, in order, until none is left or `until()` says to stop. */
  async runOut(until: () => boolean): Promise<void> {
    for (let due = this.nextDue(); due !== undefined && !until(); due = this.nextDue()) {
      this.advance(Math.max(0, due - this.now()));
      await settle();
    }
  }
}

/**
 * Lets every queued promise callback run: a macrotask hop (not a timer), after which the chains an
 * entry or a timer set off (a verdict, the step cancelling the others) have all happened.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
