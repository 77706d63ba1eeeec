import type { SchemaObject } from 'ajv';

/** What a driver may use while it acts on a node. */
export interface DriverContext {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
}

/**
 * A way to make a node stop talking to the control plane and to bring it back: a machine that dies
 * and comes back, as far as Kubernetes can tell. One file per driver; the registry lists them.
 */
export interface NodeDriver<Settings> {
  readonly name: string;
  /** JSON Schema of the settings a scenario may give (`driver: { command: {...} }`). */
  readonly schema: SchemaObject;
  /** `docker stop kind-worker`: what `stop` will do, for plans and messages. */
  describeStop(settings: Settings, node: string): string;
  /** What `start` will do; also what a person runs by hand when Faultline could not revert. */
  describeStart(settings: Settings, node: string): string;
  /** Cuts the node off; resolves with a summary once the driver reports success, rejects otherwise. */
  stop(settings: Settings, node: string, context: DriverContext): Promise<string>;
  /** Brings it back; resolves with a summary once the driver reports success. */
  start(settings: Settings, node: string, context: DriverContext): Promise<string>;
  validate?(settings: Settings): Array<{ path: string; message: string }>;
}
