/**
 * Lets queued promise callbacks run, with no timer and no real time: enough turns for a chain of
 * awaits (a fault's exec, then its wait on the timeline) to reach the point where it waits.
 */
export async function flushMicrotasks(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

export interface Tracked<T> {
  readonly state: 'pending' | 'fulfilled' | 'rejected';
  readonly value?: T;
  readonly reason?: unknown;
}

/** Follows a promise's state synchronously, to assert that it has (or has not yet) settled. */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const tracked: { state: Tracked<T>['state']; value?: T; reason?: unknown } = { state: 'pending' };
  promise.then(
    (value) => { tracked.state = 'fulfilled'; tracked.value = value; },
    (reason: unknown) => { tracked.state = 'rejected'; tracked.reason = reason; },
  );
  return tracked;
}

/** The value once the promise has settled (after letting callbacks run); fails the test if it is pending or rejected. */
export async function settledValue<T>(tracked: Tracked<T>, what = 'the promise'): Promise<T> {
  await flushMicrotasks();
  if (tracked.state === 'pending') throw new Error(`expected ${what} to be over, but it is still pending`);
  if (tracked.state === 'rejected') throw new Error(`expected ${what} to resolve, but it rejected: ${String(tracked.reason)}`);
  return tracked.value!;
}
