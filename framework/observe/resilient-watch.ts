import { Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Clock } from '../engine/clock.js';
import { statusCodeOf } from '../cluster/api-errors.js';
import type { WatchVerb } from './timeline-entry.js';

export interface ListResult {
  readonly items: readonly KubernetesObject[];
  readonly resourceVersion: string;
}

export interface ResilientWatchOptions {
  readonly kubeConfig: KubeConfig;
  /** The collection's path, e.g. `/api/v1/namespaces/fl-x/pods`. */
  readonly path: string;
  /** Lists the collection (used at start and after 410 Gone). */
  readonly list: () => Promise<ListResult>;
  readonly onChange: (verb: WatchVerb, object: KubernetesObject) => void;
  /** Told when the watch is connected again after an outage. */
  readonly onConnected?: () => void;
  /** Told when the watch had to be resumed or re-listed, for the timeline. */
  readonly onRecovery?: (kind: 'watch-resumed' | 'watch-relisted', text: string) => void;
  readonly clock: Clock;
  /** Ask the server to end each watch after this long; it is then resumed (default WATCH_TIMEOUT_SECONDS). */
  readonly serverTimeoutSeconds?: number;
  /** No event and no bookmark for this long: the watch is presumed stalled and resumed (default DEFAULT_SILENCE_MS). */
  readonly silenceMs?: number;
  /** Delays before reconnecting after consecutive failures; the last one repeats. */
  readonly backoffMs?: readonly number[];
}

const DEFAULT_BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000];

/**
 * The timeoutSeconds each watch asks for: the API server's own default ceiling (--min-request-timeout
 * 1800 s), longer than any scenario's time limit, so a run keeps the watches it opened: their number
 * does not grow with its length.
 */
export const WATCH_TIMEOUT_SECONDS = 1800;
/**
 * With no event and no bookmark for this long, a watch is presumed stalled and resumed (from its
 * resourceVersion, so nothing is lost). API servers send a bookmark about once a minute to watches
 * that ask for them.
 */
export const DEFAULT_SILENCE_MS = 150_000;

/** A stretch of time during which a watch was not connected: changes made then arrive late, or (after a re-list) only as their end state. */
export interface WatchGap {
  /** The collection's path. */
  readonly path: string;
  readonly from: number;
  /** When the watch was connected again; absent while it is still down. */
  readonly to?: number;
  /** Why it went down, and the latest failure while it stayed down: `HTTP 503`, `no event for 270s`. */
  readonly reason: string;
  /**
   * Whether it came back by re-listing (after 410 Gone): changes made in between were seen only as
   * their end state. Otherwise it resumed from its resourceVersion and every change arrived, late.
   */
  readonly relisted: boolean;
}

/**
 * A list+watch that keeps going for a whole run: it resumes from the last resourceVersion when the
 * connection ends or drops, re-lists on 410 Gone (emitting the differences as changes, so no final
 * state is lost), and treats a watch with no event and no bookmark for `silenceMs` as stalled.
 */
export class ResilientWatch {
  private resourceVersion = '';
  private readonly known = new Map<string, { object: KubernetesObject; resourceVersion: string }>();
  private controller: AbortController | undefined;
  private stopped = false;
  private failures = 0;
  private cancelSilence: (() => void) | undefined;
  private cancelReconnect: (() => void) | undefined;
  private connection = 0;
  /** Set when the server answered 410 Gone inside the stream: the next connection must re-list. */
  private expired = false;
  private readonly closedGaps: WatchGap[] = [];
  private down: { from: number; reason: string; relisted: boolean } | undefined;
  private endedConnection = 0;

  constructor(private readonly options: ResilientWatchOptions) {}

  /** Lists, then opens the watch. Resolves once the watch request has been answered. */
  async start(): Promise<void> {
    await this.relist(false);
    await this.connect();
  }

  /** Whether the watch is connected now (no outage open). */
  get isConnected(): boolean {
    return this.down === undefined;
  }

  /** Every time the watch was not connected during the run, the current outage included. */
  get gaps(): readonly WatchGap[] {
    const open = this.down ? [{ path: this.options.path, ...this.down }] : [];
    return [...this.closedGaps, ...open];
  }

  stop(): void {
    this.stopped = true;
    this.cancelSilence?.();
    this.cancelReconnect?.();
    this.controller?.abort();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const connection = ++this.connection;
    const serverTimeout = this.options.serverTimeoutSeconds ?? WATCH_TIMEOUT_SECONDS;
    this.armSilenceTimer(connection);
    this.controller = await new Watch(this.options.kubeConfig).watch(
      this.options.path,
      { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: serverTimeout },
      (type, object) => this.receive(connection, type, object as KubernetesObject),
      (error) => this.ended(connection, error),
    );
    if (this.stopped) this.controller.abort();
    // client-node calls `done` before resolving when the server refused the watch: then it is still down.
    else if (connection === this.connection && this.endedConnection !== connection) this.connected();
  }

  /** The watch request was answered: any outage ends now. */
  private connected(): void {
    if (this.down === undefined) return;
    this.closedGaps.push({ path: this.options.path, ...this.down, to: this.options.clock.now() });
    this.down = undefined;
    this.options.onConnected?.();
  }

  private wentDown(reason: string, relisted = false): void {
    if (this.down === undefined) this.down = { from: this.options.clock.now(), reason, relisted };
    else this.down = { ...this.down, reason: `${this.down.reason}; then ${reason}`, relisted: this.down.relisted || relisted };
  }

  private receive(connection: number, type: string, object: KubernetesObject): void {
    if (connection !== this.connection || this.stopped) return;
    this.armSilenceTimer(connection);
    if (type === 'ERROR') {
      const code = (object as { code?: number }).code;
      this.expired = code === 410;
      this.controller?.abort();
      return;
    }
    const resourceVersion = object.metadata?.resourceVersion;
    if (resourceVersion) this.resourceVersion = resourceVersion;
    // Anything the server sends, a bookmark included, shows the connection works: reset the backoff.
    this.failures = 0;
    if (type === 'BOOKMARK') return;
    if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
    this.track(type, object);
    this.options.onChange(type, object);
  }

  private ended(connection: number, error: unknown): void {
    if (connection !== this.connection || this.stopped) return;
    this.endedConnection = connection;
    this.cancelSilence?.();
    const expired = this.expired || statusCodeOf(error) === 410;
    this.expired = false;
    if (expired) {
      this.wentDown('its resourceVersion expired (410 Gone): changes in between are seen only as their end state', true);
      void this.recover(() => this.relist(true));
      return;
    }
    const clean = error === null || error === undefined;
    const delay = clean ? 0 : this.nextBackoff();
    const reason = clean ? 'the server ended the watch' : `the watch failed (${describe(error)})`;
    this.wentDown(reason);
    this.cancelReconnect = this.options.clock.setTimer(delay, () => {
      if (!clean) this.options.onRecovery?.('watch-resumed', `${this.options.path}: ${reason}; resumed from resourceVersion ${this.resourceVersion}`);
      void this.recover(async () => undefined);
    });
  }

  /** Runs `before` (e.g. a re-list), then reconnects; failures back off and try again. */
  private async recover(before: () => Promise<void>): Promise<void> {
    if (this.stopped) return;
    try {
      await before();
      await this.connect();
    } catch (error) {
      this.wentDown(`could not resume (${describe(error)})`);
      const delay = this.nextBackoff();
      this.options.onRecovery?.('watch-resumed', `${this.options.path}: could not resume (${describe(error)}); trying again in ${delay}ms`);
      this.cancelReconnect = this.options.clock.setTimer(delay, () => void this.recover(before));
    }
  }

  private async relist(afterExpiry: boolean): Promise<void> {
    const { items, resourceVersion } = await this.options.list();
    const seen = new Set<string>();
    for (const item of items) {
      const key = keyOf(item);
      seen.add(key);
      const previous = this.known.get(key);
      if (previous?.resourceVersion === item.metadata?.resourceVersion) continue;
      const verb: WatchVerb = previous ? 'MODIFIED' : 'ADDED';
      this.track(verb, item);
      this.options.onChange(verb, item);
    }
    for (const [key, { object }] of [...this.known]) {
      if (seen.has(key)) continue;
      this.track('DELETED', object);
      this.options.onChange('DELETED', object);
    }
    this.resourceVersion = resourceVersion;
    if (afterExpiry) {
      this.options.onRecovery?.('watch-relisted', `${this.options.path}: resourceVersion expired (410 Gone); re-listed at ${resourceVersion}`);
    }
  }

  private track(verb: WatchVerb, object: KubernetesObject): void {
    const key = keyOf(object);
    if (verb === 'DELETED') this.known.delete(key);
    else this.known.set(key, { object, resourceVersion: object.metadata?.resourceVersion ?? '' });
  }

  private armSilenceTimer(connection: number): void {
    this.cancelSilence?.();
    const silenceMs = this.options.silenceMs ?? DEFAULT_SILENCE_MS;
    this.cancelSilence = this.options.clock.setTimer(silenceMs, () => {
      if (connection !== this.connection || this.stopped) return;
      this.options.onRecovery?.('watch-resumed', `${this.options.path}: no event or bookmark for ${silenceMs / 1000}s; presumed stalled and resumed`);
      this.wentDown(`no event or bookmark for ${silenceMs / 1000}s`);
      this.connection++;
      this.controller?.abort();
      void this.recover(async () => undefined);
    });
  }

  private nextBackoff(): number {
    const schedule = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const delay = schedule[Math.min(this.failures, schedule.length - 1)] ?? 0;
    this.failures++;
    return delay;
  }
}

function keyOf(object: KubernetesObject): string {
  return object.metadata?.uid ?? `${object.metadata?.namespace}/${object.metadata?.name}`;
}

function describe(error: unknown): string {
  const status = statusCodeOf(error);
  if (status !== undefined) return `HTTP ${status}`;
  return error instanceof Error ? error.message : String(error);
}
