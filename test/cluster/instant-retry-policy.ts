import type { RetryPolicy } from '../../framework/cluster/retry.js';

export interface InstantRetryPolicy {
  readonly policy: RetryPolicy;
  /** Every Retry-After wait asked for, in milliseconds, in order. */
  readonly waits: number[];
}

/**
 * A RetryPolicy that never waits on a timer: exponential backoff is zero, and each Retry-After wait is
 * recorded and resolved at once (or rejected when its signal has aborted, as the real wait does).
 */
export function instantRetryPolicy(overrides: Partial<RetryPolicy> = {}): InstantRetryPolicy {
  const waits: number[] = [];
  const policy: RetryPolicy = {
    retries: 3,
    minTimeoutMs: 0,
    maxTimeoutMs: 0,
    maxRetryAfterMs: 30_000,
    wait: async (ms, signal) => {
      waits.push(ms);
      signal?.throwIfAborted();
    },
    ...overrides,
  };
  return { policy, waits };
}
