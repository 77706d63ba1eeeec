/** The messages between a benchmark and its fake cluster process (see fake-cluster-process.ts). */
import type { KubeVerb } from '../../test/support/fake-api-server/index.js';

/** One change the simulated kubelet makes to a pod; each is one watch event. */
export type PodChange =
  | { readonly kind: 'ready'; readonly ready: boolean }
  | { readonly kind: 'restart' }
  | { readonly kind: 'waiting'; readonly reason: string }
  | { readonly kind: 'event'; readonly reason: string; readonly message: string };

/** What the simulated kubelet does by itself to every pod created while it is on (for load). */
export interface Autopilot {
  readonly seed: number;
  /** Running, then Ready, this long after the pod is created. */
  readonly startAfterMs: number;
  readonly readyAfterMs: number;
  /** The container restarts once, at a seeded moment in this range after the pod is created. */
  readonly restartAfterMs: readonly [number, number];
  /** Every pod gets a Warning event this often (the same one, so its count rises). */
  readonly eventEveryMs: number;
}

export type Command =
  | { readonly op: 'deploy'; readonly namespace: string; readonly name: string; readonly replicas: number }
  | { readonly op: 'start'; readonly pods: readonly string[] }
  | { readonly op: 'change'; readonly pod: string; readonly change: PodChange }
  | { readonly op: 'mark' }
  | { readonly op: 'counts'; readonly since: number }
  | { readonly op: 'autopilot'; readonly autopilot: Autopilot | undefined }
  | { readonly op: 'restarts' };

/** Requests by verb, counted as the fake API server received them. */
export type VerbCounts = Partial<Record<KubeVerb, number>>;

/** A restart the autopilot made, and when its watch event was written to the sockets. */
export interface SentRestart {
  readonly namespace: string;
  readonly pod: string;
  readonly sentAt: number;
}

export interface Replies {
  deploy: { readonly pods: string[] };
  start: null;
  /** When the change's watch event was written to every open watch (ms since the epoch, sub-ms). */
  change: { readonly sentAt: number };
  /** The number of requests received so far, to count from. */
  mark: { readonly mark: number };
  counts: VerbCounts;
  autopilot: null;
  restarts: SentRestart[];
}

export type Request = { readonly id: number; readonly command: Command };
export type Reply =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: string };
/** Sent once, when the server listens. */
export interface Hello {
  readonly hello: { readonly url: string; readonly token: string };
}
