/** Wire-level shapes shared by the fake API server's parts (JSON as the apiserver sends it, timestamps as strings). */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  [field: string]: unknown;
}

/** An object as the fake stores and serves it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [field: string]: unknown;
}

/** What callers hand in: everything but kind may be missing and is filled in by the store. */
export interface KubeObjectInput {
  apiVersion?: string;
  kind: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.Status as the apiserver returns it for failures. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code?: number;
}

export type KubeVerb =
  | 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch'
  | 'delete' | 'deletecollection' | 'exec' | 'discovery';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  verb: KubeVerb;
  contentType?: string;
  /** The parsed JSON body, when there was one. */
  body?: unknown;
}

export interface FailRule {
  method?: string;
  /** Tested against the path without the query string. */
  path?: RegExp;
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  retryAfterSeconds?: number;
  /** Destroy the socket instead of answering, as a connection reset. */
  reset?: boolean;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  /** The container asked for, or the pod's only container when none was named. */
  container: string;
  command: string[];
  /** Which streams the client asked for; output goes only to those. */
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface ExecReply {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Close without a channel-3 status, as client-node issue #714 describes. */
  omitStatus?: boolean;
  delayMs?: number;
  /** Destroy the socket instead of closing the websocket. */
  closeAbruptly?: boolean;
}

export type ExecHandler = (request: ExecRequest) => ExecReply | Promise<ExecReply>;
