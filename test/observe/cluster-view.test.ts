import { expect } from 'chai';
import type { V1Node } from '@kubernetes/client-node';
import { ClusterView } from '../../framework/observe/cluster-view.js';
import type { ObjectChange, TimelineEntry } from '../../framework/observe/timeline-entry.js';
import { endpointSlice, endpoints } from '../builders/endpoints.js';
import { event, MESSAGES } from '../builders/event.js';
import { pod } from '../builders/pod.js';
import { T0 } from '../builders/time.js';
import { added, deleted, modified, type Change } from '../builders/timeline-script.js';
import { workload } from '../builders/workload.js';

const at = (ms: number, c: Change): ObjectChange => ({ type: 'change', at: T0 + ms, ...c });
const fold = (...entries: TimelineEntry[]): ClusterView => ClusterView.fold(entries);
const sorted = (set: ReadonlySet<string> | undefined): string[] => [...(set ?? [])].sort();

function node(name: string, ready: 'True' | 'False' | 'Unknown'): V1Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-node-${name}` }, status: { conditions: [{ type: 'Ready', status: ready }] } };
}

describe('ClusterView', () => {
  it('starts empty', () => {
    const view = ClusterView.empty(T0);
    expect(view.at).to.equal(T0);
    expect(view.pods).to.deep.equal([]);
    expect(view.allPods).to.deep.equal([]);
    expect(view.events).to.deep.equal([]);
    expect(view.nodes).to.deep.equal([]);
    expect(view.workloads).to.deep.equal([]);
    expect(view.endpointsOf('web')).to.equal(undefined);
  });

  describe('pods', () => {
    it('keeps the latest object and the moment the pod was first seen', () => {
      const view = fold(at(1_200, added(pod({ phase: 'Pending', waiting: 'ContainerCreating' }))), at(3_400, modified(pod())));
      expect(view.at).to.equal(T0 + 3_400);
      expect(view.pods).to.have.length(1);
      expect(view.pods[0]!.firstSeenAt).to.equal(T0 + 1_200);
      expect(view.pods[0]!.pod.status?.phase).to.equal('Running');
      expect(view.pods[0]).to.not.have.any.keys('terminatingSeenAt', 'deletedAt');
    });

    it('records when deletionTimestamp was first seen and keeps that moment', () => {
      const view = fold(
        at(0, added(pod())),
        at(5_000, modified(pod({ deletionTimestamp: 5_000 }))),
        at(6_000, modified(pod({ deletionTimestamp: 5_000, podReady: false }))),
      );
      expect(view.pods[0]!.terminatingSeenAt).to.equal(T0 + 5_000);
      expect(view.pods[0]!.pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).to.equal('False');
    });

    it('marks a DELETED pod gone: out of pods, still in allPods with deletedAt', () => {
      const view = fold(
        at(0, added(pod({ name: 'web-0' }))),
        at(0, added(pod({ name: 'web-1' }))),
        at(5_000, modified(pod({ name: 'web-0', deletionTimestamp: 5_000 }))),
        at(27_000, deleted(pod({ name: 'web-0', deletionTimestamp: 5_000 }))),
      );
      expect(view.pods.map((r) => r.pod.metadata?.name)).to.deep.equal(['web-1']);
      const gone = view.allPods.find((r) => r.pod.metadata?.name === 'web-0')!;
      expect(gone.terminatingSeenAt).to.equal(T0 + 5_000);
      expect(gone.deletedAt).to.equal(T0 + 27_000);
    });

    it('dates Terminating at the DELETED event when deletion was immediate (grace period 0)', () => {
      const view = fold(at(0, added(pod())), at(2_000, deleted(pod({ deletionTimestamp: 2_000, deletionGracePeriodSeconds: 0 }))));
      expect(view.allPods[0]!.terminatingSeenAt).to.equal(T0 + 2_000);
      expect(view.allPods[0]!.deletedAt).to.equal(T0 + 2_000);
    });

    it('tells a pod recreated under the same name apart by uid', () => {
      const view = fold(
        at(0, added(pod({ name: 'web-0', uid: 'uid-a' }))),
        at(4_000, deleted(pod({ name: 'web-0', uid: 'uid-a', deletionTimestamp: 1_000 }))),
        at(4_500, added(pod({ name: 'web-0', uid: 'uid-b', phase: 'Pending' }))),
      );
      expect(view.allPods.map((r) => r.pod.metadata?.uid)).to.deep.equal(['uid-a', 'uid-b']);
      expect(view.pods.map((r) => [r.pod.metadata?.uid, r.firstSeenAt])).to.deep.equal([['uid-b', T0 + 4_500]]);
    });

    it('keeps the timeline positions of first sight and deletion, which order changes within one millisecond', () => {
      const view = fold(
        at(0, added(pod({ name: 'web-0' }))),
        at(1_000, modified(pod({ name: 'web-0', deletionTimestamp: 1_000 }))),
        at(1_000, added(pod({ name: 'web-1' }))),
        at(3_000, deleted(pod({ name: 'web-0', deletionTimestamp: 1_000 }))),
      );
      expect(view.allPods.map((r) => [r.pod.metadata?.name, r.firstSeenPosition, r.terminatingSeenPosition, r.deletedPosition]))
        .to.deep.equal([['web-0', 0, 1, 3], ['web-1', 2, undefined, undefined]]);
    });

    it('records when a pod loses its controller reference (released after a relabel), and forgets it on adoption', () => {
      const owner = { kind: 'ReplicaSet', name: 'web-5d4' };
      const released = fold(
        at(0, added(pod({ owner }))),
        at(2_000, modified(pod({ owner, labels: { app: 'debug' } }))),
        at(2_100, modified(pod({ labels: { app: 'debug' } }))),
        at(5_000, modified(pod({ labels: { app: 'debug' }, restartCount: 1 }))),
      );
      expect(released.pods[0]!.released).to.deep.equal({ controller: { kind: 'ReplicaSet', name: 'web-5d4', uid: 'uid-replicaset-web-5d4' }, at: T0 + 2_100, position: 2 });
      const adopted = released.apply(at(6_000, modified(pod({ owner }))));
      expect(adopted.pods[0]).to.not.have.property('released');
      expect(fold(at(0, added(pod()))).pods[0]).to.not.have.property('released');
    });
  });

  describe('workloads', () => {
    it('keeps each kind by name, reading spec.replicas and status counts (absent counts are 0)', () => {
      const view = fold(
        at(0, added(workload({ kind: 'ReplicationController', name: 'web', desired: 3 }))),
        at(0, added(workload({ kind: 'Deployment', name: 'web', current: 3, ready: 3 }))),
        at(0, added(workload({ kind: 'ReplicaSet', name: 'web-5d4', current: 3, ready: 2 }))),
        at(0, added(workload({ kind: 'StatefulSet', name: 'db', desired: 1, current: 1, ready: 1, available: null }))),
      );
      expect(view.workloads.map((w) => [w.kind, w.name, w.specReplicas, w.replicas, w.readyReplicas, w.availableReplicas])).to.deep.equal([
        ['Deployment', 'web', 3, 3, 3, 3],
        ['ReplicaSet', 'web-5d4', 3, 3, 2, 2],
        ['StatefulSet', 'db', 1, 1, 1, undefined],
        ['ReplicationController', 'web', 3, 0, 0, 0],
      ]);
      expect(view.workload('ReplicationController', 'web')?.selector).to.deep.equal({ matchLabels: { app: 'web' } });
      expect(view.workload('ReplicaSet', 'web-5d4')?.uid).to.equal('uid-replicaset-web-5d4');
      expect(view.workload('ReplicaSet', 'web')).to.equal(undefined);
    });

    it('replaces a workload on MODIFIED and drops it on DELETED', () => {
      const rs = (ready: number) => workload({ current: 3, ready });
      const view = fold(at(0, added(rs(3))), at(1_000, modified(rs(2))));
      expect(view.workload('ReplicaSet', 'web-5d4')?.readyReplicas).to.equal(2);
      expect(view.apply(at(2_000, deleted(rs(2)))).workloads).to.deep.equal([]);
    });
  });

  it('remembers the kinds a run cannot watch, from observation-limited markers', () => {
    const text = 'replicasets.apps are not observed: RBAC forbids listing them (replica expectations about ReplicaSets will see none)';
    const view = fold({ type: 'marker', at: T0, marker: 'observation-limited', text, unobserved: 'ReplicaSet' });
    expect(view.unobservedReason('ReplicaSet')).to.equal(text);
    expect(view.unobservedReason('Deployment')).to.equal(undefined);
  });

  it('is immutable: apply returns a new view and leaves the old one as it was', () => {
    const before = fold(at(0, added(pod({ restartCount: 0 }))));
    const after = before.apply(at(1_000, modified(pod({ restartCount: 1 }))));
    expect(before.pods[0]!.pod.status?.containerStatuses?.[0]?.restartCount).to.equal(0);
    expect(after.pods[0]!.pod.status?.containerStatuses?.[0]?.restartCount).to.equal(1);
    expect(before.at).to.equal(T0);
  });

  it('atTime moves the moment only', () => {
    const view = fold(at(0, added(pod())));
    const later = view.atTime(T0 + 9_000);
    expect(later.at).to.equal(T0 + 9_000);
    expect(later.pods).to.deep.equal(view.pods);
  });

  it('a marker moves the moment and changes nothing else', () => {
    const view = fold(at(0, added(pod())), { type: 'marker', at: T0 + 2_000, marker: 'step-start', text: 'expect restarts', step: 1 });
    expect(view.at).to.equal(T0 + 2_000);
    expect(view.pods).to.have.length(1);
  });

  describe('events', () => {
    it('stamps each event with the moment it was observed', () => {
      const view = fold(at(15_000, added(event({ reason: 'Unhealthy', message: MESSAGES.liveness404 }))));
      expect(view.events.map((e) => [e.event.reason, e.seenAt])).to.deep.equal([['Unhealthy', T0 + 15_000]]);
    });

    it('replaces an event updated in place (count x1 -> x3) and moves it to its new moment', () => {
      const view = fold(
        at(15_000, added(event({ reason: 'Unhealthy', message: MESSAGES.liveness404 }))),
        at(16_000, added(event({ type: 'Normal', reason: 'Pulled', message: MESSAGES.pulled }))),
        at(21_000, modified(event({ reason: 'Unhealthy', message: MESSAGES.liveness404, count: 3 }))),
      );
      expect(view.events.map((e) => [e.event.reason, e.event.count, e.seenAt])).to.deep.equal([
        ['Pulled', 1, T0 + 16_000],
        ['Unhealthy', 3, T0 + 21_000],
      ]);
    });

    it('keeps an event deleted by its TTL: it still happened', () => {
      const killing = event({ type: 'Normal', reason: 'Killing', message: MESSAGES.killing });
      const view = fold(at(21_000, added(killing)), at(3_621_000, deleted(killing)));
      expect(view.events.map((e) => [e.event.reason, e.seenAt])).to.deep.equal([['Killing', T0 + 21_000]]);
    });
  });

  describe('endpoints', () => {
    it('reads an Endpoints object: addresses ready, notReadyAddresses not', () => {
      const view = fold(at(0, added(endpoints('web', ['10.244.0.5', '10.244.0.7'], ['10.244.0.6']))));
      expect(sorted(view.endpointsOf('web')?.ready)).to.deep.equal(['10.244.0.5', '10.244.0.7']);
      expect(sorted(view.endpointsOf('web')?.notReady)).to.deep.equal(['10.244.0.6']);
    });

    it('reads an Endpoints object without subsets as a Service with no addresses', () => {
      const view = fold(at(0, added(endpoints('web', []))));
      expect(sorted(view.endpointsOf('web')?.ready)).to.deep.equal([]);
      expect(sorted(view.endpointsOf('web')?.notReady)).to.deep.equal([]);
    });

    it('merges the EndpointSlices of one Service, by its service-name label', () => {
      const view = fold(
        at(0, added(endpointSlice('web', ['10.244.0.5'], ['10.244.0.6'], { name: 'web-abcde' }))),
        at(0, added(endpointSlice('web', ['10.244.1.9'], [], { name: 'web-fghij' }))),
        at(0, added(endpointSlice('db', ['10.244.2.2'], [], { name: 'db-klmno' }))),
      );
      expect(sorted(view.endpointsOf('web')?.ready)).to.deep.equal(['10.244.0.5', '10.244.1.9']);
      expect(sorted(view.endpointsOf('web')?.notReady)).to.deep.equal(['10.244.0.6']);
      expect(sorted(view.endpointsOf('db')?.ready)).to.deep.equal(['10.244.2.2']);
    });

    it('counts an endpoint without a ready condition as ready', () => {
      const view = fold(at(0, added(endpointSlice('web', [], [], { noReadyCondition: ['10.244.0.5'] }))));
      expect(sorted(view.endpointsOf('web')?.ready)).to.deep.equal(['10.244.0.5']);
    });

    it('replaces a slice on MODIFIED and drops it on DELETED', () => {
      const slice = (ready: string[], notReady: string[]) => endpointSlice('web', ready, notReady, { name: 'web-abcde' });
      const modifiedView = fold(at(0, added(slice(['10.244.0.5'], []))), at(12_000, modified(slice([], ['10.244.0.5']))));
      expect(sorted(modifiedView.endpointsOf('web')?.ready)).to.deep.equal([]);
      expect(sorted(modifiedView.endpointsOf('web')?.notReady)).to.deep.equal(['10.244.0.5']);
      const deletedView = modifiedView.apply(at(13_000, deleted(slice([], ['10.244.0.5']))));
      expect(deletedView.endpointsOf('web')).to.equal(undefined);
    });
  });

  it('keeps nodes by name: added, modified, deleted', () => {
    const view = fold(
      at(0, added(node('kind-worker', 'True'))),
      at(0, added(node('kind-worker2', 'True'))),
      at(40_000, modified(node('kind-worker', 'Unknown'))),
      at(50_000, deleted(node('kind-worker2', 'True'))),
    );
    expect(view.nodes.map((n) => [n.metadata?.name, n.status?.conditions?.[0]?.status])).to.deep.equal([['kind-worker', 'Unknown']]);
  });
});
