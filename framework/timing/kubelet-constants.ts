import { timeRange, type TimeRange } from './time-range.js';

/**
 * The numbers the timing rules use, each with where it comes from: the API server's defaults, the
 * kubelet's code (v1.20, the version of the local test cluster), and what was measured there
 * (`../shared/docs/experiments.md`, "Timing rules (kubelet)"; `../shared/tools/k8s-local/README.md`,
 * "Behaviour verified here").
 */

/** What the API server fills in for a probe's fields (zero or absent means the default). */
export const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  failureThreshold: 3,
  successThreshold: 1,
} as const;

/** `terminationGracePeriodSeconds` when the pod spec leaves it out. */
export const DEFAULT_GRACE_PERIOD_SECONDS = 30;

/**
 * The restart back-off: 10 s, doubling, capped at 300 s (kubelet `backOffPeriod` and
 * `MaxContainerBackOff`); forgotten once a container has run 10 minutes (twice the cap) without
 * a restart.
 */
export const BACK_OFF = { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 } as const;

/**
 * While a container waits out its back-off, the kubelet retries the pod every 10 s plus up to 50 %
 * jitter (pod workers' `backOffPeriod`): the restart comes at the first retry after the back-off
 * ends, so up to 15 s late, on average about 6 s.
 */
export const BACK_OFF_RETRY: TimeRange = timeRange(0, 6_000, 15_000);

/**
 * How long the main process takes to exit once sent its stop signal, when there is no preStop hook.
 * Assumed prompt (nginx exits at once on SIGTERM and SIGQUIT); see ASSUMPTIONS.promptStop.
 */
export const PROMPT_STOP: TimeRange = timeRange(0, 500, 2_000);

/**
 * After a preStop hook, the kubelet gives the stop signal at least 2 s before SIGKILL (kubelet
 * `minimumGracePeriodInSeconds`): the local cluster killed a never-ending preStop at ~22 s for 20 s.
 */
export const MINIMUM_STOP_GRACE_MS = 2_000;

/**
 * From the old container's exit to restartCount + 1 in the API: create and start the new container,
 * the kubelet's PLEG noticing it (it relists every 1 s), and the status update.
 */
export const CONTAINER_START: TimeRange = timeRange(0, 1_000, 2_000);

/** A probe result reaching the pod's Ready condition in the API (the status manager updates at once). */
export const READY_CONDITION_UPDATE: TimeRange = timeRange(0, 0, 1_000);

/** A pod's Ready change (or deletion) reaching its Service's EndpointSlices (the endpoints controllers). */
export const ENDPOINTS_UPDATE: TimeRange = timeRange(0, 0, 1_000);

/**
 * Once its containers are dead, a deleted pod's object goes at the kubelet's next status sync:
 * `syncFrequency` is 10 s on the local cluster (1 min by default). Measured there: a 20 s grace period
 * with a never-ending preStop hook, killed at ~22 s, gone at ~30 s.
 */
export const STATUS_SYNC: TimeRange = timeRange(0, 8_000, 10_000);

/**
 * How long a fault step may still run after its effect began: renameFile proves the move with one more
 * exec, setListenPort sees the old port close within its next 0.2 s check, deletePod waits for the watch
 * to show Terminating. The expectation step after it starts that much later than the fault.
 */
export const FAULT_PROOF_ALLOWANCE_MS = 500;
