import type { TimelineEntry } from '../observe/timeline-entry.js';

export const VERDICTS = ['passed', 'failed', 'error', 'interrupted'] as const;
/**
 * - passed: every step passed.
 * - failed: an expectation was not met, or a fault did not take effect.
 * - error: the run could not reach a verdict (API refused a request, manifests rejected, watch lost for good).
 * - interrupted: SIGINT/SIGTERM or the scenario timeout stopped it.
 */
export type Verdict = (typeof VERDICTS)[number];

export interface ExpectationOutcome {
  readonly kind: string;
  /** `restarts: container web of pods app=web restartCount >= 1 within 30s`. */
  readonly description: string;
  readonly passed: boolean;
  /** What was last observed when the verdict was reached. */
  readonly observed: string;
  /** Why it failed, in one sentence; absent when passed. */
  readonly reason?: string;
  /** Milliseconds from the step's start to the verdict. */
  readonly decidedAfterMs: number;
  /** The window within which it was judged, e.g. `within 30s`. */
  readonly window: string;
  /** `file:line:col` of the expectation in the scenario. */
  readonly source: string;
}

export interface StepOutcome {
  readonly index: number;
  readonly name: string;
  readonly action: 'fault' | 'expect' | 'waitFor';
  /** For fault steps: the fault's kind, e.g. renameFile. */
  readonly fault?: string;
  readonly status: 'passed' | 'failed' | 'error' | 'skipped' | 'interrupted';
  readonly startedAt?: number;
  readonly durationMs?: number;
  /** For faults: what was done and proved. For expectations: summary line. */
  readonly summary?: string;
  readonly error?: string;
  readonly expectations: readonly ExpectationOutcome[];
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly file: string;
  readonly verdict: Verdict;
  /** One paragraph saying why, for a failure message. Absent when passed. */
  readonly message?: string;
  readonly runId: string;
  readonly namespace: string;
  readonly context: string;
  readonly server: string;
  readonly kubernetesVersion?: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly steps: readonly StepOutcome[];
  readonly timeline: readonly TimelineEntry[];
  /** Problems met while cleaning up (a namespace that would not go away). */
  readonly cleanupProblems: readonly string[];
}
