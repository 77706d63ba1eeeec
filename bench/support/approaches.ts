import type { VerbCounts } from './fake-cluster-protocol.js';

/** The three ways of deciding an expectation that the latency benchmarks compare. */
export interface Approach {
  /** `watch (Faultline)`, `poll every 50 ms (Chainsaw)`, `poll every 1 s (KUTTL)`. */
  readonly name: string;
  /** Undefined for Faultline's watches. */
  readonly pollMs?: number;
}

export const APPROACHES: readonly Approach[] = [
  { name: 'watch (Faultline)' },
  { name: 'poll every 50 ms (Chainsaw)', pollMs: 50 },
  { name: 'poll every 1 s (KUTTL)', pollMs: 1_000 },
];

export interface ApproachResult {
  readonly approach: Approach;
  /** One per expectation: verdict moment minus the moment the deciding event left the API server. */
  readonly latenciesMs: readonly number[];
  /** Requests sent while the expectations were being decided (after any watch was set up). */
  readonly decidingRequests: number;
  /** The same, by verb. */
  readonly decidingByVerb: VerbCounts;
  /** Requests to set up before deciding (Faultline's lists and watches). */
  readonly setupRequests: number;
}
