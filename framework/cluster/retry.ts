import pRetry, { AbortError } from 'p-retry';
import { ClusterRequestError, isApiFailure, isTransient, retryAfterMsOf } from './api-errors.js';

/** How transient failures are retried. Injectable so tests run the exact schedule without waiting. */
export interface RetryPolicy {
  readonly retries: number;
  readonly minTimeoutMs: number;
  readonly maxTimeoutMs: number;
  /** Waits `ms` (used to honour Retry-After); rejects when `signal` aborts. */
  readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Longest Retry-After honoured, so a server cannot stall a run for minutes. */
  readonly maxRetryAfterMs: number;
  /**
   * Longest one attempt may take before it counts as a dropped connection and is retried.
   * client-node's HTTP library (node-fetch 2) never settles a request whose answer, sent with a
   * Content-Length, is cut off by a connection reset: without this, such a request hangs the run.
   */
  readonly attemptTimeoutMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 6,
  minTimeoutMs: 200,
  maxTimeoutMs: 5_000,
  maxRetryAfterMs: 30_000,
  attemptTimeoutMs: 60_000,
  wait: (ms, signal) => new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
  }),
};

export interface RetryOptions {
  /** What is being done, for messages: `apply Deployment web`. */
  readonly what: string;
  readonly policy?: RetryPolicy;
  readonly signal?: AbortSignal;
  /** Told about each retry, e.g. to log it. */
  readonly onRetry?: (attempt: number, error: unknown) => void;
  /**
   * false: no attempt timeout, for operations that bound their own time and must not be sent twice
   * after a slow answer (an exec runs a command).
   */
  readonly attemptTimeout?: false;
}

/**
 * Runs `operation`, retrying transient failures (429, 5xx, connection resets) with exponential
 * backoff and honouring Retry-After; anything else fails at once as a ClusterRequestError.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  let attempts = 0;
  try {
    return await pRetry(async () => {
      attempts++;
      try {
        const limit = options.attemptTimeout === false ? undefined : policy.attemptTimeoutMs;
        return await (limit === undefined ? operation() : withinAttemptTimeout(operation(), limit, options.what));
      } catch (error) {
        if (options.signal?.aborted) throw new AbortError(toError(options.signal.reason));
        // Errors of Faultline's own making (an exec that ended without status) pass through unchanged.
        if (!isApiFailure(error)) throw new AbortError(toError(error));
        if (!isTransient(error)) throw new AbortError(ClusterRequestError.from(options.what, error));
        throw toError(error);
      }
    }, {
      retries: policy.retries,
      minTimeout: policy.minTimeoutMs,
      maxTimeout: policy.maxTimeoutMs,
      randomize: policy.minTimeoutMs > 0,
      ...(options.signal && { signal: options.signal }),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft === 0) return;
        options.onRetry?.(attemptNumber, error);
        const retryAfter = retryAfterMsOf(originalOf(error));
        if (retryAfter !== undefined) await policy.wait(Math.min(retryAfter, policy.maxRetryAfterMs), options.signal);
      },
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    const original = originalOf(error);
    if (!isApiFailure(original)) throw original;
    // A transient failure that ends the retries is an outage, and the message says so.
    throw ClusterRequestError.from(options.what, original, isTransient(original) ? attempts : undefined);
  }
}

/** An attempt with no complete answer in time: treated as the dropped connection it almost always is. */
export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError';
  readonly code = 'ETIMEDOUT';
}

function withinAttemptTimeout<T>(attempt: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new AttemptTimeoutError(`${what}: no complete answer within ${ms / 1000}s (the connection may have dropped mid-answer)`)), ms);
    timer.unref();
  });
  return Promise.race([attempt, timeout]).finally(() => clearTimeout(timer));
}

/** p-retry requires Error instances; keep the original reachable for status and header inspection. */
function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  const wrapped = new Error(typeof value === 'object' && value !== null && 'message' in value ? String((value as { message: unknown }).message) : String(value));
  Object.assign(wrapped, { original: value });
  return wrapped;
}

function originalOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'original' in error ? (error as { original: unknown }).original : error;
}
