import { timeRange, type TimeRange } from './time-range.js';

/**
 * The control plane's numbers for node faults, as Kubernetes ships them (v1.20, the version of the
 * local test cluster; kind, k3s and kubeadm keep these defaults), each with its flag and what was
 * measured on the local cluster (`../shared/tools/k8s-local/README.md`, "Node loss, measured here",
 * and the recorded runs of `scenarios/nodes/`).
 */

/** The kubelet's node Lease lasts `nodeLeaseDurationSeconds` (40); it renews it every quarter of that. */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** Lease renewal: `nodeLeaseDurationSeconds` × 0.25 (kubelet `nodeLeaseRenewIntervalFraction`), so 10 s. */
export const LEASE_RENEW_INTERVAL_MS = NODE_LEASE_DURATION_SECONDS * 0.25 * 1000;

/** The node lifecycle controller checks every node this often (kube-controller-manager `--node-monitor-period`). */
export const NODE_MONITOR_PERIOD_MS = 5_000;

/** A node whose last heartbeat is older than this turns Ready=Unknown (`--node-monitor-grace-period`). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;

/**
 * The `tolerationSeconds` the DefaultTolerationSeconds admission plugin gives a pod without a toleration
 * for `node.kubernetes.io/unreachable:NoExecute` (kube-apiserver `--default-unreachable-toleration-seconds`).
 */
export const DEFAULT_UNREACHABLE_TOLERATION_SECONDS = 300;

/** The taint the controller puts on a node it lost, and the one on a node whose kubelet says NotReady. */
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
/** The taint the controller puts on a cordoned node (spec.unschedulable). */
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

/**
 * From the node's loss to Ready=Unknown: the last Lease renewal came up to one renew interval before the
 * loss, the controller gives up the grace period after it, at its next pass (up to one monitor period
 * later): grace − renew interval to grace + monitor period, 30–45 s. Measured on the local cluster:
 * 39.7 s, 33.8 s and 34.7 s after the stop.
 */
export const NODE_UNKNOWN_AFTER_LOSS: TimeRange = timeRange(
  NODE_MONITOR_GRACE_PERIOD_MS - LEASE_RENEW_INTERVAL_MS,
  NODE_MONITOR_GRACE_PERIOD_MS - LEASE_RENEW_INTERVAL_MS / 2 + NODE_MONITOR_PERIOD_MS / 2,
  NODE_MONITOR_GRACE_PERIOD_MS + NODE_MONITOR_PERIOD_MS,
);

/** A controller's write (a taint, a pod's Ready condition, a deletion) reaching the API, once it decided. */
export const CONTROLLER_WRITE: TimeRange = timeRange(0, 0, 1_000);

/**
 * From Ready=Unknown to the `unreachable:NoExecute` taint: within the same controller pass or the next
 * (the NoSchedule taint comes with the Unknown condition itself). Measured: 1.9 s, 4–6 s.
 */
export const NO_EXECUTE_AFTER_UNKNOWN: TimeRange = timeRange(0, NODE_MONITOR_PERIOD_MS / 2, NODE_MONITOR_PERIOD_MS + 1_000);

/**
 * A node driver's stop may return a little after the node's last word to the control plane (k8s-local's
 * node-stop waits for the kubelet to exit; kind's `docker stop` shuts the node's services down in a few
 * seconds): the step after a nodeLoss opens at most this long after the loss.
 */
export const NODE_STOP_ALLOWANCE_MS = 5_000;

/**
 * From a cordon (or uncordon) to the `unschedulable:NoSchedule` taint appearing (or going): the controller
 * acts on the node's update at once. Measured: 0.1 s.
 */
export const CORDON_TAINT: TimeRange = timeRange(0, 500, 2_000);

/**
 * From a lost node's return (Ready=True) to its unreachable and not-ready taints going: the NoSchedule ones
 * with the condition, the NoExecute ones at the controller's next pass. Measured: 1.2 s, 1.7 s.
 */
export const TAINTS_CLEARED_AFTER_READY: TimeRange = timeRange(0, NODE_MONITOR_PERIOD_MS / 2, NODE_MONITOR_PERIOD_MS + 1_000);

/**
 * When every node is lost at once they turn Unknown at most two controller passes apart (their Lease
 * renewals are up to 10 s out of phase); a node tainted NoExecute before the last one turns Unknown loses
 * the taint when the controller enters full disruption mode. A toleration at least this long outlasts that.
 */
export const FULL_DISRUPTION_SAFE_TOLERATION_MS = 2 * NODE_MONITOR_PERIOD_MS;
