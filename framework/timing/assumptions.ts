/**
 * What the timing estimates take for granted, in words `faultline plan` prints. Every estimate names
 * the ones it relies on, so a plan lists exactly those.
 */
export const ASSUMPTIONS = {
  probePhase: 'A probe runs on its own period, whenever the fault happens: the next try comes within one period (half a period on average).',
  quickFailure: 'A broken probe fails at once (404, connection refused); timeoutSeconds only widens the latest time.',
  promptStop: "Without a preStop hook the container's main process exits within ~2s of its stop signal (nginx does); one that ignores SIGTERM is killed only after terminationGracePeriodSeconds.",
  probesPassBeforeFault: 'Probes pass until the fault breaks them (the scenario waits for the pods first).',
  undoneByRestart: 'A change made inside a container (a renamed file, an edited config) is undone by a restart, which starts from the image: the fault restarts the container once.',
  failsFromStart: 'With no fault before it, a restart comes from a probe that fails from the container\'s start (a wrong path or port), not from the process exiting on its own.',
  readinessPassesFromStart: 'With no fault before it, Ready is timed for a readiness probe that passes from the start; one that never passes (a wrong path) keeps the pod NotReady.',
  containerStartNotCounted: "Times after a container starts leave out scheduling, image pulls and container creation, so they give no default window for a scenario's first steps.",
  startupAnswersAtOnce: 'An application behind a startupProbe answers it at its first try.',
  kubeletBackOff: 'Restart back-off as kubelet 1.20 keeps it: 10s doubling to 300s, checked against the exit of the container before the one just killed, so the first restarts are immediate and CrashLoopBackOff shows once a back-off outlasts a container\'s life.',
  statusSync: "A deleted pod's object goes at the kubelet's next status sync after its containers died: within syncFrequency (10s on the local cluster, 1m by default); a busy kubelet 1.20 took over 40s for a 20s grace period.",
  endpointsFollow: "A pod's Ready change reaches its Service's endpoints within a second.",
  controlPlaneDefaults: "The control plane keeps Kubernetes' defaults: the kubelet renews its node Lease every 10s (nodeLeaseDurationSeconds 40 × 0.25); the node lifecycle controller checks every 5s (--node-monitor-period) and turns a node Ready=Unknown once its last heartbeat is 40s old (--node-monitor-grace-period), tainting it node.kubernetes.io/unreachable:NoSchedule, and :NoExecute in the same pass or the next.",
  nodeStopReturns: "A node driver's stop returns within 5s of the node's last heartbeat (k8s-local's node-stop waits for the kubelet to exit; kind's docker stop takes a few seconds).",
  tolerationEviction: 'The taint manager evicts (marks for deletion) a pod once its tolerationSeconds for node.kubernetes.io/unreachable:NoExecute run out after the taint; the DefaultTolerationSeconds admission plugin gives 300s to pods whose template has no such toleration.',
  otherNodesReady: 'Other nodes stay Ready: when every node is lost (a single-node cluster too), the controller enters full disruption mode and evicts nothing; with several nodes lost at once it taints one NoExecute every 10s (--node-eviction-rate 0.1).',
  lostTogether: 'Every node is lost within a few seconds: they turn Unknown at most two controller passes apart, so a node tainted NoExecute before the last one turns Unknown keeps the taint for less than 10s, and no toleration of 10s or more runs out.',
  nodeReturnNotTimed: 'How long a node takes to come back depends on its driver and is not timed: times after a revert count from the end of the revert step, which waits for the node to be Ready (or schedulable) again.',
  drainEvictsAtOnce: 'A drain evicts through the Eviction API, with no toleration: its step ends once the run\'s pods on the node are Terminating, and the node is cordoned first.',
  notOverloaded: 'Latest times hold on a cluster that is not overloaded; only earliest times are hard limits.',
} as const;

export type Assumption = (typeof ASSUMPTIONS)[keyof typeof ASSUMPTIONS];
