import { expect } from 'chai';
import { ClusterRequestError } from '../../framework/cluster/api-errors.js';
import { ManualClock } from '../../framework/engine/clock.js';
import { Observer, type ObserverOptions } from '../../framework/observe/observer.js';
import { Timeline } from '../../framework/observe/timeline.js';
import type { TimelineEntry } from '../../framework/observe/timeline-entry.js';
import { FakeApiServer, type FakeApiServerOptions } from '../support/fake-api-server/index.js';
import { instantRetryPolicy } from '../cluster/instant-retry-policy.js';

const NS = 'fl-observe-a1b2c3';
const MINUTE = 60_000;
/** Watches open once started against the fake: pods, events, endpoint slices, deployments, replica sets, stateful sets, nodes. */
const WATCHED = 7;

/** `ADDED Pod v1 web-1`, `marker watch-resumed`: one line per entry, for whole-sequence comparisons. */
function describeEntry(entry: TimelineEntry): string {
  if (entry.type === 'marker') return `marker ${entry.marker}`;
  if (entry.type === 'http') return `http ${entry.service}${entry.path} ${entry.status ?? '-'}`;
  return `${entry.verb} ${entry.kind} ${entry.object.apiVersion ?? '?'} ${entry.object.metadata?.name ?? '?'}`;
}

/** Resolves with the first entry, recorded already or later, that `matches`. */
function entryWhere(timeline: Timeline, matches: (entry: TimelineEntry) => boolean): Promise<TimelineEntry> {
  const found = timeline.entries.find(matches);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const unsubscribe = timeline.subscribe((entry) => {
      if (!matches(entry)) return;
      unsubscribe();
      resolve(entry);
    });
  });
}

const named = (kind: string, name: string) => (entry: TimelineEntry) =>
  entry.type === 'change' && entry.kind === kind && entry.object.metadata?.name === name;

describe('Observer', function () {
  this.timeout(10_000);
  let api: FakeApiServer;
  let clock: ManualClock;
  let timeline: Timeline;
  let observer: Observer | undefined;

  async function serve(options: FakeApiServerOptions = {}): Promise<void> {
    await api?.stop();
    api = await FakeApiServer.start(options);
  }

  function observe(options: Partial<ObserverOptions> = {}): Observer {
    // Retries without real backoff: a request cut off by api.stop() in afterEach must not keep mocha waiting.
    observer = new Observer({ kubeConfig: api.kubeConfig(), namespace: NS, timeline, clock, retryPolicy: instantRetryPolicy().policy, ...options });
    return observer;
  }

  const watchPaths = () => api.requests.filter((r) => r.verb === 'watch').map((r) => r.path);

  beforeEach(async () => {
    api = await FakeApiServer.start();
    clock = new ManualClock(1_000_000);
    timeline = new Timeline(clock);
    observer = undefined;
  });

  afterEach(async () => {
    observer?.stop();
    await api.stop();
  });

  function seedCluster(sliceVersion = 'discovery.k8s.io/v1beta1'): void {
    api.put({ kind: 'Pod', metadata: { name: 'web-1', namespace: NS }, spec: { containers: [{ name: 'web' }] } });
    api.put({ kind: 'Pod', metadata: { name: 'not-mine', namespace: 'default' } });
    api.recordEvent({ namespace: NS, involvedObject: { kind: 'Pod', name: 'web-1' }, reason: 'Scheduled', message: 'assigned' });
    api.put({ apiVersion: sliceVersion, kind: 'EndpointSlice', metadata: { name: 'web-abcde', namespace: NS, labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.5'] }] });
    api.put({ kind: 'Node', metadata: { name: 'node-1' } });
    api.put({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: NS }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } } }, status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 } });
    api.put({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d4', namespace: NS }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } } }, status: { replicas: 3, readyReplicas: 2, availableReplicas: 2 } });
    api.put({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: NS }, spec: { replicas: 1, selector: { matchLabels: { app: 'db' } } }, status: { replicas: 1 } });
  }

  /** The fake API server serves no replicationcontrollers: their list is answered 404, so they are left out with this marker. */
  const RC_NOT_SERVED = 'replicationcontrollers are not observed: the server does not serve them (replica expectations about ReplicationControllers will see none)';

  it("records what the lists find as ADDED, with each item's kind and apiVersion restored", async () => {
    seedCluster();
    await observe().start();
    const event = api.list('events', NS)[0]?.metadata.name ?? '';
    expect(timeline.entries.map(describeEntry)).to.have.members([
      'ADDED Pod v1 web-1', `ADDED Event v1 ${event}`, 'ADDED EndpointSlice discovery.k8s.io/v1beta1 web-abcde', 'ADDED Node v1 node-1',
      'ADDED Deployment apps/v1 web', 'ADDED ReplicaSet apps/v1 web-5d4', 'ADDED StatefulSet apps/v1 db', 'marker observation-limited',
    ]);
    expect(timeline.entries[0]?.at).to.equal(1_000_000);
    expect(timeline.view.endpointsOf('web')?.ready).to.deep.equal(new Set(['10.0.0.5']));
    expect(timeline.view.workloads.map((w) => `${w.kind} ${w.name}: ${w.specReplicas} ${w.replicas} ${w.readyReplicas} ${w.availableReplicas}`)).to.deep.equal([
      'Deployment web: 3 3 3 3', 'ReplicaSet web-5d4: 3 3 2 2', 'StatefulSet db: 1 1 0 undefined',
    ]);
  });

  it("records workloads' changes, so replica counts follow the controllers", async () => {
    await observe({ nodes: false }).start();
    api.put({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d4', namespace: NS, uid: 'uid-rs' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } } } });
    api.update('replicasets', NS, 'web-5d4', (rs) => { rs.status = { replicas: 3, readyReplicas: 3, availableReplicas: 3 }; });
    await entryWhere(timeline, (e) => e.type === 'change' && e.kind === 'ReplicaSet' && e.verb === 'MODIFIED');
    expect(timeline.view.workload('ReplicaSet', 'web-5d4')).to.include({ uid: 'uid-rs', specReplicas: 3, replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(timeline.view.workload('ReplicaSet', 'web-5d4')?.selector).to.deep.equal({ matchLabels: { app: 'web' } });
    api.remove('replicasets', NS, 'web-5d4');
    await entryWhere(timeline, (e) => e.type === 'change' && e.kind === 'ReplicaSet' && e.verb === 'DELETED');
    expect(timeline.view.workloads).to.deep.equal([]);
  });

  it('leaves a workload kind out with a marker, not a failure, when RBAC forbids it or the server does not serve it', async () => {
    api.failNext({ method: 'GET', path: new RegExp(`^/apis/apps/v1/namespaces/${NS}/replicasets$`), status: 403 });
    api.failNext({ method: 'GET', path: new RegExp(`^/apis/apps/v1/namespaces/${NS}/statefulsets$`), status: 404 });
    await observe({ nodes: false }).start();
    expect(timeline.entries.flatMap((e) => (e.type === 'marker' ? [`${e.unobserved}: ${e.text}`] : []))).to.have.members([
      'ReplicaSet: replicasets.apps are not observed: RBAC forbids listing them (replica expectations about ReplicaSets will see none)',
      'StatefulSet: statefulsets.apps are not observed: the server does not serve them (replica expectations about StatefulSets will see none)',
      `ReplicationController: ${RC_NOT_SERVED}`,
    ]);
    expect(timeline.view.unobservedReason('ReplicaSet')).to.match(/^replicasets.apps are not observed: RBAC forbids/);
    expect(timeline.view.unobservedReason('Deployment')).to.equal(undefined);
    expect(watchPaths().filter((p) => p.includes('/apps/'))).to.deep.equal([`/apis/apps/v1/namespaces/${NS}/deployments`]);
  });

  it('does not list or watch workloads when told not to', async () => {
    await observe({ workloads: false }).start();
    expect(api.requests.some((r) => /deployments|replicasets|statefulsets|replicationcontrollers/.test(r.path))).to.equal(false);
  });

  it('records live changes of pods, events, endpoint slices and nodes in the namespace', async () => {
    await observe().start();
    api.put({ kind: 'Pod', metadata: { name: 'web-1', namespace: NS } });
    api.update('pods', NS, 'web-1', (pod) => { pod.status = { phase: 'Running' }; });
    api.remove('pods', NS, 'web-1');
    api.put({ kind: 'Pod', metadata: { name: 'elsewhere', namespace: 'default' } });
    api.recordEvent({ namespace: NS, involvedObject: { kind: 'Pod', name: 'web-1' }, reason: 'Killing', message: 'Stopping container web' });
    api.put({ apiVersion: 'discovery.k8s.io/v1beta1', kind: 'EndpointSlice', metadata: { name: 'web-abcde', namespace: NS }, addressType: 'IPv4', endpoints: [] });
    api.put({ kind: 'Node', metadata: { name: 'node-2' } });
    await Promise.all([entryWhere(timeline, named('Node', 'node-2')), entryWhere(timeline, named('EndpointSlice', 'web-abcde')), entryWhere(timeline, (e) => e.type === 'change' && e.kind === 'Event'), entryWhere(timeline, (e) => e.type === 'change' && e.verb === 'DELETED')]);
    const pods = timeline.entries.filter((e) => e.type === 'change' && e.kind === 'Pod').map(describeEntry);
    expect(pods).to.deep.equal(['ADDED Pod v1 web-1', 'MODIFIED Pod v1 web-1', 'DELETED Pod v1 web-1']);
    expect(timeline.view.allPods.map((p) => p.deletedAt)).to.deep.equal([1_000_000]);
  });

  describe('chooses where Service endpoints come from by discovery', () => {
    it('EndpointSlices v1beta1 on Kubernetes 1.20', async () => {
      await observe().start();
      expect(watchPaths()).to.include(`/apis/discovery.k8s.io/v1beta1/namespaces/${NS}/endpointslices`);
    });

    it('EndpointSlices v1 on Kubernetes 1.25', async () => {
      await serve({ version: 'v1.25.0' });
      seedCluster('discovery.k8s.io/v1');
      await observe().start();
      expect(watchPaths()).to.include(`/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`);
      expect(timeline.entries.map(describeEntry)).to.include('ADDED EndpointSlice discovery.k8s.io/v1 web-abcde');
    });

    it('Endpoints when the discovery.k8s.io group is not served', async () => {
      await serve({ endpointSlices: false });
      api.put({ kind: 'Endpoints', metadata: { name: 'web', namespace: NS }, subsets: [{ addresses: [{ ip: '10.0.0.7' }], notReadyAddresses: [{ ip: '10.0.0.8' }] }] });
      await observe().start();
      expect(watchPaths()).to.include(`/api/v1/namespaces/${NS}/endpoints`);
      expect(watchPaths().some((p) => p.includes('endpointslices'))).to.equal(false);
      expect(timeline.entries.map(describeEntry)).to.include('ADDED Endpoints v1 web');
      expect(timeline.view.endpointsOf('web')).to.deep.equal({ ready: new Set(['10.0.0.7']), notReady: new Set(['10.0.0.8']) });
    });
  });

  it('leaves nodes out with a marker, not a failure, when RBAC forbids listing them', async () => {
    api.failNext({ method: 'GET', path: /^\/api\/v1\/nodes$/, status: 403 });
    await observe().start();
    expect(timeline.entries.filter((e) => e.type === 'marker').map((e) => e.type === 'marker' && e.text))
      .to.have.members(['nodes are not observed: RBAC forbids listing nodes (node expectations will see none)', RC_NOT_SERVED]);
    expect(timeline.view.unobservedReason('Node')).to.equal('nodes are not observed: RBAC forbids listing nodes (node expectations will see none)');
    expect(watchPaths().some((p) => p.includes('/nodes'))).to.equal(false);
    api.put({ kind: 'Pod', metadata: { name: 'still-seen', namespace: NS } });
    await entryWhere(timeline, named('Pod', 'still-seen'));
  });

  it('does not list or watch nodes when told not to', async () => {
    await observe({ nodes: false }).start();
    expect(api.requests.some((r) => r.path.includes('/nodes'))).to.equal(false);
  });

  it('fails to start, naming the list and the RBAC problem, when pods cannot be listed', async () => {
    api.failNext({ method: 'GET', path: new RegExp(`^/api/v1/namespaces/${NS}/pods$`), status: 403 });
    const error = await observe({ nodes: false }).start().then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ClusterRequestError);
    expect((error as Error).message).to.equal(`list /api/v1/namespaces/${NS}/pods failed with HTTP 403: injected failure (HTTP 403) (RBAC refused it: the user needs permission for this verb and resource; see docs/rbac.yaml)`);
  });

  it('marks watch recoveries on the timeline', async () => {
    const RESUME_MS = 250;
    let scheduled = 0;
    const allScheduled = new Promise<void>((resolve) => {
      const setTimer = clock.setTimer.bind(clock);
      clock.setTimer = (ms, callback) => {
        if (ms === RESUME_MS && ++scheduled === WATCHED) resolve();
        return setTimer(ms, callback);
      };
    });
    await observe({ backoffMs: [RESUME_MS] }).start();
    api.dropWatches();
    // Each dropped watch schedules its resume on the clock; once all of them have, move time on.
    await allScheduled;
    clock.advance(RESUME_MS);
    expect(timeline.entries.filter((e) => e.type === 'marker' && e.marker === 'watch-resumed')).to.have.length(WATCHED);
  });

  it('starts with exactly one list and one watch per resource', async () => {
    await observe().start();
    expect(api.requests.filter((r) => r.verb === 'list' || r.verb === 'watch').map((r) => `${r.verb} ${r.path}`)).to.have.members([
      `list /api/v1/namespaces/${NS}/pods`, `watch /api/v1/namespaces/${NS}/pods`,
      `list /api/v1/namespaces/${NS}/events`, `watch /api/v1/namespaces/${NS}/events`,
      `list /apis/discovery.k8s.io/v1beta1/namespaces/${NS}/endpointslices`, `watch /apis/discovery.k8s.io/v1beta1/namespaces/${NS}/endpointslices`,
      `list /apis/apps/v1/namespaces/${NS}/deployments`, `watch /apis/apps/v1/namespaces/${NS}/deployments`,
      `list /apis/apps/v1/namespaces/${NS}/replicasets`, `watch /apis/apps/v1/namespaces/${NS}/replicasets`,
      `list /apis/apps/v1/namespaces/${NS}/statefulsets`, `watch /apis/apps/v1/namespaces/${NS}/statefulsets`,
      // Answered 404 by the fake, which serves no replicationcontrollers: not retried, not watched.
      `list /api/v1/namespaces/${NS}/replicationcontrollers`,
      'list /api/v1/nodes', 'watch /api/v1/nodes',
    ]);
  });

  it('needs a single discovery request (GET /apis) to start', async () => {
    await observe().start();
    expect(api.requests.filter((r) => r.verb === 'discovery').map((r) => r.path)).to.deep.equal(['/apis']);
    expect(api.requests).to.have.length(1 + 2 * WATCHED + 1);
  });

  it('does not poll while idle: minutes pass with no list or get, and only silent watches are reopened', async () => {
    await observe().start();
    const started = api.requests.length;
    clock.advance(2 * MINUTE);
    // A change made now arrives over the watches already open: a sync point after which nothing else was sent.
    api.put({ kind: 'Pod', metadata: { name: 'idle-check', namespace: NS } });
    await entryWhere(timeline, named('Pod', 'idle-check'));
    expect(api.requests.slice(started)).to.deep.equal([]);

    // Past the silence limit (default 150 s, with no bookmark) each watch is reopened from where it was: watches only.
    // At 4.7 min: the pods watch (last event at 2 min) reopened at 4.5 min, the others at 2.5 min (and not yet again at 5).
    clock.advance(2.7 * MINUTE);
    // One change per resource: each arrives only once its watch has been reopened.
    api.put({ kind: 'Node', metadata: { name: 'after-resume' } });
    api.put({ kind: 'Pod', metadata: { name: 'after-resume', namespace: NS } });
    api.put({ kind: 'Event', metadata: { name: 'after-resume', namespace: NS }, reason: 'Test' });
    api.put({ apiVersion: 'discovery.k8s.io/v1beta1', kind: 'EndpointSlice', metadata: { name: 'after-resume', namespace: NS }, addressType: 'IPv4', endpoints: [] });
    for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet']) api.put({ apiVersion: 'apps/v1', kind, metadata: { name: 'after-resume', namespace: NS } });
    await Promise.all(['Node', 'Pod', 'Event', 'EndpointSlice', 'Deployment', 'ReplicaSet', 'StatefulSet'].map((kind) => entryWhere(timeline, named(kind, 'after-resume'))));
    const later = api.requests.slice(started);
    expect(later.map((r) => r.verb)).to.deep.equal(Array(WATCHED).fill('watch'));
    expect(later.every((r) => r.query.get('resourceVersion') !== '')).to.equal(true);
  });

  it('stop() closes every watch and leaves no timer behind', async () => {
    await observe().start();
    expect(api.openWatchCount).to.equal(WATCHED);
    observer?.stop();
    expect(clock.pendingTimers).to.equal(0);
  });

  it('stop() during start() leaves no watch running', async () => {
    const starting = observe().start();
    observer?.stop();
    await starting;
    expect(clock.pendingTimers).to.equal(0);
  });
});
