import { expect } from 'chai';
import { CoreV1Api, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { ManualClock } from '../../framework/engine/clock.js';
import { ResilientWatch, type ResilientWatchOptions } from '../../framework/observe/resilient-watch.js';
import type { WatchVerb } from '../../framework/observe/timeline-entry.js';
import { FakeApiServer } from '../support/fake-api-server/index.js';

const PATH = '/api/v1/namespaces/default/configmaps';
/** Distinct from every backoff delay, so silence timers and reconnect timers can be told apart. */
const SILENCE_MS = 600_000;
const BACKOFF_MS = [100, 200, 400] as const;

/** A ManualClock that records every timer asked for, and can be awaited for the next one. */
class RecordingClock extends ManualClock {
  readonly delays: number[] = [];
  private waiters: Array<{ matches: (ms: number) => boolean; resolve: (ms: number) => void }> = [];

  override setTimer(ms: number, callback: () => void): () => void {
    this.delays.push(ms);
    const waiter = this.waiters.find((w) => w.matches(ms));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(ms);
    }
    return super.setTimer(ms, callback);
  }

  /** The next timer asked for that `matches`; call before the action that asks for it. */
  nextTimer(matches: (ms: number) => boolean): Promise<number> {
    return new Promise((resolve) => this.waiters.push({ matches, resolve }));
  }

  /** The delay of the next reconnect (any timer that is not a silence timer). */
  nextReconnect(): Promise<number> {
    return this.nextTimer((ms) => ms !== SILENCE_MS);
  }

  get reconnectDelays(): number[] {
    return this.delays.filter((ms) => ms !== SILENCE_MS);
  }
}

/** Everything a ResilientWatch reported, with promises for what is still to come. */
class Reported {
  readonly changes: string[] = [];
  readonly recoveries: Array<{ kind: string; text: string }> = [];
  private waiters: Array<() => void> = [];

  change(verb: WatchVerb, object: KubernetesObject): void {
    this.changes.push(`${verb} ${object.metadata?.name ?? ''}`);
    this.notify();
  }

  recovery(kind: string, text: string): void {
    this.recoveries.push({ kind, text });
    this.notify();
  }

  /** Resolves once `changes` holds `count` entries. */
  changesReach(count: number): Promise<void> {
    return this.until(() => this.changes.length >= count);
  }

  recoveryOf(kind: string): Promise<void> {
    return this.until(() => this.recoveries.some((r) => r.kind === kind));
  }

  private until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (!done()) return;
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  private notify(): void {
    [...this.waiters].forEach((waiter) => waiter());
  }
}

/** Yields to the event loop until `done` holds: for a socket close that only the server side sees. */
async function eventLoopUntil(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !done(); turn++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error('condition still false after 1000 event-loop turns');
}

describe('ResilientWatch', function () {
  this.timeout(10_000);
  let api: FakeApiServer;
  let kc: KubeConfig;
  let clock: RecordingClock;
  let reported: Reported;
  let lists: number;
  let watch: ResilientWatch | undefined;

  beforeEach(async () => {
    api = await FakeApiServer.start();
    kc = api.kubeConfig();
    clock = new RecordingClock(0);
    reported = new Reported();
    lists = 0;
    watch = undefined;
  });

  afterEach(async () => {
    watch?.stop();
    await api.stop();
  });

  function startWatch(options: Partial<ResilientWatchOptions> = {}): Promise<void> {
    const core = kc.makeApiClient(CoreV1Api);
    watch = new ResilientWatch({
      kubeConfig: kc, path: PATH, clock, silenceMs: SILENCE_MS, backoffMs: BACKOFF_MS,
      list: async () => {
        lists++;
        const list = await core.listNamespacedConfigMap({ namespace: 'default' });
        return { items: JSON.parse(JSON.stringify(list.items)) as KubernetesObject[], resourceVersion: list.metadata?.resourceVersion ?? '' };
      },
      onChange: (verb, object) => reported.change(verb, object),
      onRecovery: (kind, text) => reported.recovery(kind, text),
      ...options,
    });
    return watch.start();
  }

  const put = (name: string, value = '1') => api.put({ kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { value } });
  const modify = (name: string, value: string) => api.update('configmaps', 'default', name, (cm) => { cm['data'] = { value }; });
  const rvOf = (name: string) => api.get('configmaps', 'default', name)?.metadata.resourceVersion;
  const watchRequests = () => api.requests.filter((r) => r.verb === 'watch');

  it('emits ADDED for what the initial list finds, then live changes, watching from the list', async () => {
    put('a');
    put('b');
    const listedAt = api.resourceVersion;
    await startWatch();
    expect(reported.changes).to.deep.equal(['ADDED a', 'ADDED b']);
    put('c');
    modify('a', '2');
    api.remove('configmaps', 'default', 'b');
    await reported.changesReach(5);
    expect(reported.changes.slice(2)).to.deep.equal(['ADDED c', 'MODIFIED a', 'DELETED b']);
    const [request] = watchRequests();
    expect(Object.fromEntries(['resourceVersion', 'allowWatchBookmarks', 'timeoutSeconds'].map((q) => [q, request?.query.get(q)])))
      .to.deep.equal({ resourceVersion: listedAt, allowWatchBookmarks: 'true', timeoutSeconds: '1800' });
    expect({ lists, recoveries: reported.recoveries }).to.deep.equal({ lists: 1, recoveries: [] });
  });

  it('resumes a dropped watch from the last resourceVersion it saw: nothing lost, nothing repeated', async () => {
    put('a');
    put('b');
    await startWatch();
    modify('a', '2');
    await reported.changesReach(3);
    const lastSeen = rvOf('a');

    const reconnect = clock.nextReconnect();
    api.dropWatches();
    expect(await reconnect).to.equal(BACKOFF_MS[0]);
    modify('b', '2');
    put('c');
    clock.advance(BACKOFF_MS[0]);
    await reported.changesReach(5);
    api.remove('configmaps', 'default', 'a');
    await reported.changesReach(6);

    expect(reported.changes).to.deep.equal(['ADDED a', 'ADDED b', 'MODIFIED a', 'MODIFIED b', 'ADDED c', 'DELETED a']);
    expect(watchRequests().map((r) => r.query.get('resourceVersion'))[1]).to.equal(lastSeen);
    expect(reported.recoveries.map((r) => r.kind)).to.deep.equal(['watch-resumed']);
    expect(reported.recoveries[0]?.text).to.match(new RegExp(`^${PATH}: the watch failed \\(.+\\); resumed from resourceVersion ${lastSeen}$`));
    expect(lists).to.equal(1);
  });

  it('resumes at once, without a recovery marker, when the server ends a watch cleanly', async () => {
    put('a');
    await startWatch();
    const reconnect = clock.nextReconnect();
    api.endWatches();
    expect(await reconnect).to.equal(0);
    modify('a', '2');
    clock.advance(0);
    await reported.changesReach(2);
    expect(reported.changes).to.deep.equal(['ADDED a', 'MODIFIED a']);
    expect({ recoveries: reported.recoveries, lists }).to.deep.equal({ recoveries: [], lists: 1 });
  });

  it('re-lists after 410 Gone and emits the differences: MODIFIED, ADDED and DELETED', async () => {
    put('a');
    put('b');
    put('unchanged');
    await startWatch();
    const reconnect = clock.nextReconnect();
    api.dropWatches();
    await reconnect;
    modify('a', '2');
    api.remove('configmaps', 'default', 'b');
    put('c');
    api.compactHistory();
    clock.advance(BACKOFF_MS[0]);
    await reported.recoveryOf('watch-relisted');

    expect(reported.changes.slice(3)).to.deep.equal(['MODIFIED a', 'ADDED c', 'DELETED b']);
    const relisted = reported.recoveries.find((r) => r.kind === 'watch-relisted');
    expect(relisted?.text).to.equal(`${PATH}: resourceVersion expired (410 Gone); re-listed at ${api.resourceVersion}`);
    expect(lists).to.equal(2);

    // The watch carries on from the re-list, with no change repeated.
    await api.waitForWatches(1);
    put('d');
    await reported.changesReach(7);
    expect(reported.changes.slice(6)).to.deep.equal(['ADDED d']);
  });

  it('re-lists when a resumed watch is answered with an expired resourceVersion', async () => {
    put('a');
    await startWatch();
    api.expireNextWatch();
    const reconnect = clock.nextReconnect();
    api.endWatches();
    await reconnect;
    modify('a', '2');
    clock.advance(0);
    await reported.recoveryOf('watch-relisted');
    expect(reported.changes).to.deep.equal(['ADDED a', 'MODIFIED a']);
    expect(lists).to.equal(2);
  });

  it('re-lists when the watch request itself is refused with HTTP 410', async () => {
    await startWatch();
    api.failNext({ method: 'GET', path: new RegExp(`^${PATH}$`), status: 410 });
    const reconnect = clock.nextReconnect();
    api.dropWatches();
    put('a');
    clock.advance(await reconnect);
    await reported.recoveryOf('watch-relisted');
    expect({ changes: reported.changes, lists }).to.deep.equal({ changes: ['ADDED a'], lists: 2 });
  });

  it('takes the resourceVersion of a bookmark, so a resume after compaction needs no re-list', async () => {
    await startWatch();
    // Changes elsewhere move the resourceVersion on; only a bookmark tells this watch about it.
    api.put({ kind: 'ConfigMap', metadata: { name: 'x', namespace: 'elsewhere' } });
    api.put({ kind: 'ConfigMap', metadata: { name: 'y', namespace: 'elsewhere' } });
    const bookmarkAt = api.resourceVersion;
    const bookmarkSeen = clock.nextTimer((ms) => ms === SILENCE_MS);
    api.sendBookmarks();
    await bookmarkSeen;
    api.compactHistory();

    const reconnect = clock.nextReconnect();
    api.dropWatches();
    clock.advance(await reconnect);
    await api.waitForWatches(1);
    expect(watchRequests().map((r) => r.query.get('resourceVersion'))).to.deep.equal([watchRequests()[0]?.query.get('resourceVersion'), bookmarkAt]);
    expect({ lists, relisted: reported.recoveries.filter((r) => r.kind === 'watch-relisted') }).to.deep.equal({ lists: 1, relisted: [] });
    expect(reported.changes).to.deep.equal([]);
  });

  it('presumes a watch that is silent for silenceMs stalled, and resumes it from where it was', async () => {
    put('a');
    const listedAt = api.resourceVersion;
    await startWatch();
    api.stallWatches();
    modify('a', '2');
    clock.advance(SILENCE_MS - 1);
    expect(reported.recoveries).to.deep.equal([]);
    clock.advance(1);
    expect(reported.recoveries).to.deep.equal([
      { kind: 'watch-resumed', text: `${PATH}: no event or bookmark for ${SILENCE_MS / 1000}s; presumed stalled and resumed` },
    ]);
    await reported.changesReach(2);
    expect(reported.changes).to.deep.equal(['ADDED a', 'MODIFIED a']);
    expect(watchRequests().map((r) => r.query.get('resourceVersion'))).to.deep.equal([listedAt, listedAt]);
    // The stalled connection was closed, not left behind.
    await eventLoopUntil(() => api.openWatchCount === 1);
  });

  it('backs off on repeated failures by exactly the configured delays, the last one repeating, and starts over once healthy', async () => {
    await startWatch();
    api.failNext({ method: 'GET', path: new RegExp(`^${PATH}$`), status: 500, times: 3 });
    let reconnect = clock.nextReconnect();
    api.dropWatches();
    for (const expected of [100, 200, 400, 400]) {
      expect(await reconnect).to.equal(expected);
      reconnect = clock.nextReconnect();
      clock.advance(expected);
    }
    await api.waitForWatches(1);
    put('healthy');
    await reported.changesReach(1);
    expect(clock.reconnectDelays).to.deep.equal([100, 200, 400, 400]);
    expect(reported.recoveries.map((r) => r.text.replace(/resourceVersion \d+/, 'resourceVersion N'))).to.deep.equal([
      `${PATH}: the watch failed (Premature close); resumed from resourceVersion N`,
      ...Array<string>(3).fill(`${PATH}: the watch failed (HTTP 500); resumed from resourceVersion N`),
    ]);

    api.dropWatches();
    expect(await reconnect).to.equal(100);
  });

  it('records each outage, from the failure to the answered reconnect, with every reason, and an outage still open', async () => {
    await startWatch();
    expect(watch!.gaps).to.deep.equal([]);
    api.failNext({ method: 'GET', path: new RegExp(`^${PATH}$`), status: 503, times: 2 });
    let reconnect = clock.nextReconnect();
    clock.advance(1_000);
    api.dropWatches();
    for (const delay of [100, 200]) {
      expect(await reconnect).to.equal(delay);
      reconnect = clock.nextReconnect();
      expect(watch!.gaps, 'down while the server refuses').to.have.length(1).and.to.satisfy((gaps: Array<{ to?: number }>) => gaps[0]!.to === undefined);
      clock.advance(delay);
    }
    expect(await reconnect).to.equal(400);
    clock.advance(400);
    await api.waitForWatches(1);
    await eventLoopUntil(() => watch!.gaps.every((gap) => gap.to !== undefined));
    expect(watch!.gaps).to.deep.equal([{
      path: PATH, from: 1_000, to: 1_700,
      reason: 'the watch failed (Premature close); then the watch failed (HTTP 503); then the watch failed (HTTP 503)', relisted: false,
    }]);
  });

  it('stop() closes the watch and cancels every timer, even during a backoff wait', async () => {
    await startWatch();
    const reconnect = clock.nextReconnect();
    api.dropWatches();
    await reconnect;
    watch?.stop();
    expect(clock.pendingTimers).to.equal(0);
    clock.advance(60_000);
    expect(watchRequests()).to.have.length(1);
  });

  it('stop() ends an open watch: the server sees it close', async () => {
    await startWatch();
    expect(api.openWatchCount).to.equal(1);
    watch?.stop();
    expect(clock.pendingTimers).to.equal(0);
    await eventLoopUntil(() => api.openWatchCount === 0);
  });
});
