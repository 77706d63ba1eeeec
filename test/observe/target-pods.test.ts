import { expect } from 'chai';
import { resolveTarget } from '../../framework/model/target.js';
import { ClusterView } from '../../framework/observe/cluster-view.js';
import {
  containerStatusOf, describeContainerState, describeNoMatch, isPodReady, podLabel, targetPods,
} from '../../framework/observe/target-pods.js';
import { pod } from '../builders/pod.js';
import { T0 } from '../builders/time.js';
import { added, deleted, type Change } from '../builders/timeline-script.js';

const view = (...changes: Change[]): ClusterView => ClusterView.fold(changes.map((c) => ({ type: 'change' as const, at: T0, ...c })));

describe('targetPods', () => {
  const cluster = view(
    added(pod({ name: 'web-1' })),
    added(pod({ name: 'web-0' })),
    added(pod({ name: 'db-0', labels: { app: 'db' } })),
    added(pod({ name: 'web-2' })),
    deleted(pod({ name: 'web-2', deletionTimestamp: 0 })),
  );

  it('returns the present pods the selector matches, sorted by name', () => {
    expect(targetPods(cluster, resolveTarget('app=web')).map((r) => r.pod.metadata?.name)).to.deep.equal(['web-0', 'web-1']);
  });

  it('narrows to a named pod', () => {
    expect(targetPods(cluster, resolveTarget({ pod: 'web-1' })).map((r) => r.pod.metadata?.name)).to.deep.equal(['web-1']);
    expect(targetPods(cluster, resolveTarget({ pod: 'web-1', selector: 'app=db' }))).to.deep.equal([]);
  });

  it('describes a target that matches nothing with the pods present', () => {
    expect(describeNoMatch(cluster, resolveTarget('app=api'))).to.equal('no pod matches app=api (pods present: db-0, web-0, web-1)');
    expect(describeNoMatch(ClusterView.empty(), resolveTarget('app=api'))).to.equal('no pod matches app=api (no pods present)');
  });
});

describe('containerStatusOf', () => {
  const twoContainers = pod({ containers: [{ name: 'web', restartCount: 2 }, { name: 'log-agent', restartCount: 0 }] });

  it('finds a container by name, and nothing for an unknown name', () => {
    expect(containerStatusOf(twoContainers, 'web')?.restartCount).to.equal(2);
    expect(containerStatusOf(twoContainers, 'log-agent')?.restartCount).to.equal(0);
    expect(containerStatusOf(twoContainers, 'nginx')).to.equal(undefined);
  });

  it('returns nothing for a pod without container statuses yet', () => {
    const pending = pod({ phase: 'Pending' });
    delete pending.status!.containerStatuses;
    expect(containerStatusOf(pending)).to.equal(undefined);
  });

  it('without a name, uses the first container of the spec, as faults do', () => {
    expect(twoContainers.spec?.containers.map((c) => c.name)).to.deep.equal(['web', 'log-agent']);
    expect(containerStatusOf(twoContainers)?.name).to.equal('web');
  });
});

describe('isPodReady', () => {
  it('reads the Ready condition', () => {
    expect(isPodReady(pod())).to.equal(true);
    expect(isPodReady(pod({ podReady: false }))).to.equal(false);
    expect(isPodReady({ metadata: { name: 'new' } })).to.equal(false);
  });
});

describe('podLabel', () => {
  it('adds the container when the target names one', () => {
    expect(podLabel(pod({ name: 'web-0' }))).to.equal('web-0');
    expect(podLabel(pod({ name: 'web-0' }), 'web')).to.equal('web-0/web');
  });
});

describe('describeContainerState', () => {
  const state = (p: ReturnType<typeof pod>): string => describeContainerState(p.status?.containerStatuses?.[0]);

  it('says running, waiting with its reason, or terminated with reason and exit code', () => {
    expect(state(pod())).to.equal('running');
    expect(state(pod({ waiting: 'CrashLoopBackOff' }))).to.equal('waiting CrashLoopBackOff');
    expect(state(pod({ terminated: { reason: 'Error', exitCode: 137 } }))).to.equal('terminated Error exit 137');
  });

  it('leaves out a missing reason without a double space', () => {
    expect(describeContainerState({ name: 'web', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: {} } })).to.equal('waiting');
    expect(state(pod({ terminated: { exitCode: 0 } }))).to.equal('terminated exit 0');
  });

  it('says so when there is no status yet', () => {
    expect(describeContainerState(undefined)).to.equal('no container status yet');
  });
});
