import { expect } from 'chai';
import { renderTimeline, summarizePod } from '../../framework/report/timeline-text.js';
import type { EndpointSliceLike } from '../../framework/observe/cluster-view.js';
import type { TimelineEntry } from '../../framework/observe/timeline-entry.js';
import { T0, change, container, endpoints, event, marker, node, p1Timeline, pod } from './fixtures.js';

describe('renderTimeline', () => {
  it('tells the story of a liveness restart, one line per visible change', () => {
    expect(renderTimeline(p1Timeline, { start: T0 })).to.deep.equal([
      ' +0.00s  ── run p1-7f3a in namespace faultline-p1 ──',
      ' +0.50s  node kind-control-plane ADDED: Ready, no taints',
      ' +1.20s  pod web-7d9c4 ADDED: Pending; web: waiting ContainerCreating',
      ' +3.40s  pod web-7d9c4: Running, NotReady; web: running; IP 10.244.0.5',
      ' +3.50s  endpoints web ADDED: ready [], not ready [10.244.0.5]',
      ' +9.10s  pod web-7d9c4: Running, Ready; web: running; IP 10.244.0.5',
      ' +9.20s  endpoints web: ready [10.244.0.5], not ready []',
      // +9.30s pod resourceVersion churn and +10.00s node heartbeat: left out.
      '+12.10s  ── step 1 fault renameFile ──',
      '+12.50s  ── step 1 fault renameFile: renamed /usr/share/nginx/html/index.html to index.htm in pod web-7d9c4/web ──',
      '+12.50s  ── step 1 fault renameFile passed ──',
      '+12.60s  ── step 2 expect restarts, event ──',
      '+15.00s  Warning Unhealthy pod/web-7d9c4: Liveness probe failed: HTTP probe failed with statuscode: 404',
      '+18.00s  Warning Unhealthy pod/web-7d9c4: Liveness probe failed: HTTP probe failed with statuscode: 404 (x2)',
      '+21.00s  Warning Unhealthy pod/web-7d9c4: Liveness probe failed: HTTP probe failed with statuscode: 404 (x3)',
      '+21.00s  Normal Killing pod/web-7d9c4: Container web failed liveness probe, will be restarted',
      '+21.40s  pod web-7d9c4: Running, NotReady; web: running, restarts 1, last terminated Completed exit 0; IP 10.244.0.5',
      '+22.30s  pod web-7d9c4: Running, Ready; web: running, restarts 1, last terminated Completed exit 0; IP 10.244.0.5',
      '+22.30s  ── step 2 expect restarts, event passed ──',
      '+23.00s  ── verdict passed ──',
    ]);
  });

  it('shows a slice, judging "unchanged" against what came before it', () => {
    const lines = renderTimeline(p1Timeline, { start: T0, since: T0 + 9_300, until: T0 + 15_000 });
    expect(lines).to.deep.equal([
      '+12.10s  ── step 1 fault renameFile ──',
      '+12.50s  ── step 1 fault renameFile: renamed /usr/share/nginx/html/index.html to index.htm in pod web-7d9c4/web ──',
      '+12.50s  ── step 1 fault renameFile passed ──',
      '+12.60s  ── step 2 expect restarts, event ──',
      '+15.00s  Warning Unhealthy pod/web-7d9c4: Liveness probe failed: HTTP probe failed with statuscode: 404',
    ]);
  });

  it('keeps the last maxLines and says how many came before', () => {
    const lines = renderTimeline(p1Timeline, { start: T0 + 12_100, maxLines: 2 });
    expect(lines).to.deep.equal([
      '… 17 earlier lines',
      '+10.20s  ── step 2 expect restarts, event passed ──',
      '+10.90s  ── verdict passed ──',
    ]);
  });

  it('writes entries before start with a minus sign', () => {
    expect(renderTimeline(p1Timeline, { start: T0 + 1_000, until: T0 + 500 })).to.deep.equal([
      '-1.00s  ── run p1-7f3a in namespace faultline-p1 ──',
      '-0.50s  node kind-control-plane ADDED: Ready, no taints',
    ]);
  });

  it('renders deletions, endpoint slices, tainted nodes, and leaves out expired events', () => {
    const slice: EndpointSliceLike = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: { name: 'web-x7k2p', uid: 'slice-1', labels: { 'kubernetes.io/service-name': 'web' } },
      endpoints: [{ addresses: ['10.244.0.9'] }, { addresses: ['10.244.0.7'], conditions: { ready: false } }],
    };
    const entries: TimelineEntry[] = [
      change(1, 'MODIFIED', 'Pod', pod({ ready: false, ip: '10.244.0.7', terminating: true, containers: [container('web', { running: {} })] })),
      change(2, 'DELETED', 'Pod', pod({ ready: false, terminating: true, containers: [container('web', { terminated: { reason: 'Error', exitCode: 137 } })] })),
      change(2, 'DELETED', 'Event', event({ uid: 'old', type: 'Normal', reason: 'Pulled', pod: 'web-7d9c4', message: 'pulled' })),
      change(3, 'ADDED', 'EndpointSlice', slice),
      change(4, 'MODIFIED', 'Node', node('kind-worker', 'Unknown', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }])),
      change(5, 'MODIFIED', 'Endpoints', endpoints('web', ['10.244.0.9'], [], '7')),
      change(6, 'MODIFIED', 'Endpoints', endpoints('web', ['10.244.0.9'], [], '8')),
      marker(7, 'cleanup-start', ''),
    ];
    expect(renderTimeline(entries, { start: T0 })).to.deep.equal([
      '+1.00s  pod web-7d9c4: Running, Terminating, NotReady; web: running; IP 10.244.0.7',
      '+2.00s  pod web-7d9c4 DELETED: Running, Terminating, NotReady; web: terminated Error exit 137',
      '+3.00s  endpointslice web-x7k2p (service web) ADDED: ready [10.244.0.9], not ready [10.244.0.7]',
      '+4.00s  node kind-worker: NotReady (Ready=Unknown), taints [node.kubernetes.io/unreachable:NoExecute]',
      '+5.00s  endpoints web: ready [10.244.0.9], not ready []',
      '+7.00s  ── cleanup-start ──',
    ]);
  });

  it('rejects options it cannot honour, saying what it expected', () => {
    expect(() => renderTimeline([], { start: T0, maxLines: 0 })).to.throw('expected `maxLines` to be a positive integer, got 0');
    expect(() => renderTimeline([], { start: Number.NaN })).to.throw('expected `start` to be a time in milliseconds, got NaN');
  });
});

describe('summarizePod', () => {
  it('shows CrashLoopBackOff with the last termination', () => {
    const crashing = pod({
      ready: false, ip: '10.244.0.5',
      containers: [container('web', { waiting: { reason: 'CrashLoopBackOff' } }, 3, { terminated: { reason: 'Completed', exitCode: 0 } })],
    });
    expect(summarizePod(crashing)).to.equal(
      'pod web-7d9c4: Running, NotReady; web: waiting CrashLoopBackOff, restarts 3, last terminated Completed exit 0; IP 10.244.0.5');
  });

  it('shows init containers while they are running, and why a pod is not scheduled', () => {
    const initializing = pod({
      phase: 'Pending', ready: false,
      initContainers: [
        container('write-lines', { terminated: { reason: 'Completed', exitCode: 0 } }),
        container('chmod', { running: {} }),
      ],
      containers: [container('web', { waiting: { reason: 'PodInitializing' } })],
    });
    expect(summarizePod(initializing)).to.equal(
      'pod web-7d9c4: Pending, NotReady; init write-lines: terminated Completed exit 0; init chmod: running; web: waiting PodInitializing');
    const unschedulable = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] });
    expect(summarizePod(unschedulable)).to.equal('pod web-7d9c4: Pending, Unschedulable');
  });
});
