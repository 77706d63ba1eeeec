/** Watch streams with the apiserver's semantics: initial state or history replay, then live changes, bookmarks, faults. */
import type { ServerResponse } from 'node:http';
import { apiVersionOf, storageKey, type ResourceType } from './resources.js';
import type { ObjectFilter } from './selectors.js';
import { badRequest, expired } from './status.js';
import type { Change, Store } from './store.js';
import type { KubeObject, Status, WatchEventType } from './types.js';

export interface WatchRequest {
  resource: ResourceType;
  namespace?: string;
  filter: ObjectFilter;
  resourceVersion?: string;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
}

class WatchStream {
  /** A stalled stream stays open but nothing more reaches the client, not even its end. */
  stalled = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(readonly request: WatchRequest, private readonly res: ServerResponse) {}

  addTimer(timer: NodeJS.Timeout): void {
    this.timers.push(timer);
  }

  deliver(change: Change): void {
    const { resource, namespace, filter } = this.request;
    if (this.stalled || storageKey(change.resource) !== storageKey(resource)) return;
    if (namespace !== undefined && change.object.metadata.namespace !== namespace) return;
    const now = filter(change.object);
    // A selector watch sees an object enter or leave its selection as ADDED or DELETED, as the watch cache does.
    const before = change.previous ? filter(change.previous) : now;
    if (change.type !== 'MODIFIED') {
      if (now) this.send(change.type, change.object);
    } else if (now) {
      this.send(before ? 'MODIFIED' : 'ADDED', change.object);
    } else if (before) {
      this.send('DELETED', change.object);
    }
  }

  send(type: WatchEventType, object: KubeObject | Status | Record<string, unknown>): void {
    if (this.stalled) return;
    const served = type === 'ERROR' ? object : { ...object, apiVersion: apiVersionOf(this.request.resource) };
    this.res.write(`${JSON.stringify({ type, object: served })}\n`);
  }

  bookmark(resourceVersion: number): void {
    if (!this.request.allowBookmarks) return;
    this.send('BOOKMARK', { kind: this.request.resource.kind, metadata: { resourceVersion: String(resourceVersion) } });
  }

  end(): void {
    this.clearTimers();
    if (!this.stalled) this.res.end();
  }

  destroy(): void {
    this.clearTimers();
    this.res.socket?.destroy();
    this.res.destroy();
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }
}

export class WatchHub {
  private readonly streams = new Set<WatchStream>();
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];
  private expireNextFlag = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store, private readonly bookmarkIntervalMs?: number) {
    this.unsubscribe = store.subscribe((change) => {
      for (const stream of this.streams) stream.deliver(change);
    });
  }

  get openCount(): number {
    return this.streams.size;
  }

  /** Resolves once at least `count` watch streams are open. */
  waitFor(count: number): Promise<void> {
    if (this.streams.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  expireNext(): void {
    this.expireNextFlag = true;
  }

  open(res: ServerResponse, request: WatchRequest): void {
    const replay = this.initialEvents(request);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const stream = new WatchStream(request, res);
    if (replay.expired) {
      // The real server answers an expired resourceVersion with 200 and one ERROR event, then ends the stream.
      stream.send('ERROR', replay.expired);
      res.end();
      return;
    }
    for (const event of replay.events) {
      if (event.type === 'ADDED') stream.send('ADDED', event.object);
      else stream.deliver(event.change);
    }
    this.streams.add(stream);
    // The response's close, not the request's, tells when the client has gone.
    res.on('close', () => {
      this.streams.delete(stream);
      stream.end();
    });
    if (request.timeoutSeconds !== undefined && request.timeoutSeconds > 0) {
      stream.addTimer(setTimeout(() => stream.end(), request.timeoutSeconds * 1000));
    }
    if (this.bookmarkIntervalMs !== undefined && request.allowBookmarks) {
      stream.addTimer(setInterval(() => stream.bookmark(this.store.resourceVersion), this.bookmarkIntervalMs));
    }
    for (const waiter of this.waiters.filter((w) => this.streams.size >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  sendBookmarks(): void {
    for (const stream of this.streams) stream.bookmark(this.store.resourceVersion);
  }

  /** Connection reset: every open watch's socket is destroyed. */
  dropAll(): void {
    for (const stream of this.takeAll()) stream.destroy();
  }

  /** Server-side timeout: every open watch ends cleanly. */
  endAll(): void {
    for (const stream of this.takeAll()) stream.end();
  }

  /** Open watches go silent for good; watches opened later work normally. */
  stallAll(): void {
    for (const stream of this.streams) stream.stalled = true;
  }

  close(): void {
    this.unsubscribe();
    this.dropAll();
  }

  private takeAll(): WatchStream[] {
    const all = [...this.streams];
    this.streams.clear();
    return all;
  }

  private initialEvents(request: WatchRequest): {
    expired?: Status;
    events: Array<{ type: 'ADDED'; object: KubeObject } | { type: 'CHANGE'; change: Change }>;
  } {
    const rv = request.resourceVersion;
    if (this.expireNextFlag) {
      this.expireNextFlag = false;
      return { expired: expired(`too old resource version: ${rv || this.store.resourceVersion} (${this.store.resourceVersion})`), events: [] };
    }
    if (rv === undefined || rv === '' || rv === '0') {
      // "Get state and start at most recent": synthetic ADDED for what exists now.
      const objects = this.store.list(request.resource, request.namespace).filter(request.filter);
      return { events: objects.map((object) => ({ type: 'ADDED' as const, object })) };
    }
    const from = Number(rv);
    if (!Number.isInteger(from) || from < 0) throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);
    const changes = this.store.changesSince(from);
    if (!changes) {
      return { expired: expired(`too old resource version: ${from} (${this.store.compactedThrough})`), events: [] };
    }
    return { events: changes.map((change) => ({ type: 'CHANGE' as const, change })) };
  }
}
