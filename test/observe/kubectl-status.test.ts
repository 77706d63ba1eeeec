import { expect } from 'chai';
import { kubectlStatus } from '../../framework/observe/kubectl-status.js';
import { pod, type InitContainerShape } from '../builders/pod.js';

const done: InitContainerShape = { terminated: { reason: 'Completed', exitCode: 0 } };
const waitingToStart: InitContainerShape = { waiting: 'PodInitializing' };
const unschedulable = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient memory.' }] as const;

describe('kubectlStatus: the STATUS column of kubectl get pods', () => {
  describe('the experiments, row by row', () => {
    const rows: Array<[string, string, ReturnType<typeof pod>]> = [
      // L4: two init containers, then nginx.
      ['L4 first init container starting', 'Init:0/2', pod({ phase: 'Pending', initContainers: [waitingToStart, waitingToStart], waiting: 'PodInitializing' })],
      ['L4 first init container running', 'Init:0/2', pod({ phase: 'Pending', initContainers: [{}, waitingToStart], waiting: 'PodInitializing' })],
      ['L4', 'Init:1/2', pod({ phase: 'Pending', initContainers: [done, {}], waiting: 'PodInitializing' })],
      ['L4', 'PodInitializing', pod({ phase: 'Pending', initContainers: [done, done], waiting: 'PodInitializing' })],
      ['L4', 'Running', pod({ initContainers: [done, done] })],
      // L5: an init container exits 1.
      ['L5', 'Init:Error', pod({ phase: 'Pending', initContainers: [{ terminated: { reason: 'Error', exitCode: 1 } }], waiting: 'PodInitializing' })],
      ['L5', 'Init:CrashLoopBackOff', pod({ phase: 'Pending', initContainers: [{ waiting: 'CrashLoopBackOff', restartCount: 2, lastTerminated: { reason: 'Error', exitCode: 1 } }], waiting: 'PodInitializing' })],
      // L6 / R1: the container exits at once under restartPolicy Always.
      ['L6', 'Completed', pod({ terminated: { reason: 'Completed', exitCode: 0 }, podReady: false })],
      ['L6', 'CrashLoopBackOff', pod({ waiting: 'CrashLoopBackOff', restartCount: 3, lastTerminated: { reason: 'Completed', exitCode: 0 } })],
      // R2 / R4: restartPolicy OnFailure exit 0, Never exit 1.
      ['R2', 'Completed', pod({ phase: 'Succeeded', terminated: { reason: 'Completed', exitCode: 0 }, podReady: false })],
      ['R4', 'Error', pod({ phase: 'Failed', terminated: { reason: 'Error', exitCode: 1 }, podReady: false })],
      // R5: the memory limit is hit.
      ['R5', 'OOMKilled', pod({ terminated: { reason: 'OOMKilled', exitCode: 137 }, restartCount: 1 })],
      // R6-R8: images.
      ['R6', 'ErrImageNeverPull', pod({ phase: 'Pending', waiting: 'ErrImageNeverPull' })],
      ['R7', 'ErrImagePull', pod({ phase: 'Pending', waiting: 'ErrImagePull' })],
      ['R7', 'ImagePullBackOff', pod({ phase: 'Pending', waiting: 'ImagePullBackOff' })],
      ['R8', 'InvalidImageName', pod({ phase: 'Pending', waiting: 'InvalidImageName' })],
      // R9: no node can take it; no container status at all.
      ['R9', 'Pending', pod({ phase: 'Pending', conditions: unschedulable, withoutContainerStatuses: true })],
      // L2 / C1: deleted.
      ['L2', 'Terminating', pod({ deletionTimestamp: 1_000 })],
      ['P1', 'Running', pod()],
      ['-', 'ContainerCreating', pod({ phase: 'Pending', waiting: 'ContainerCreating' })],
    ];
    for (const [row, status, shown] of rows) {
      it(`${row}: ${status}`, () => expect(kubectlStatus(shown)).to.equal(status));
    }
  });

  describe('init containers', () => {
    it('names the failed one by its terminated reason, or by signal or exit code without one', () => {
      const failed = (terminated: { reason?: string; exitCode: number; signal?: number }) =>
        kubectlStatus(pod({ phase: 'Pending', initContainers: [done, { terminated }], waiting: 'PodInitializing' }));
      expect(failed({ reason: 'OOMKilled', exitCode: 137 })).to.equal('Init:OOMKilled');
      expect(failed({ exitCode: 137, signal: 9 })).to.equal('Init:Signal:9');
      expect(failed({ exitCode: 2 })).to.equal('Init:ExitCode:2');
    });

    it('stops at the first unfinished one: the main containers are not looked at', () => {
      expect(kubectlStatus(pod({ phase: 'Pending', initContainers: [{ waiting: 'ImagePullBackOff' }, {}], waiting: 'CrashLoopBackOff' }))).to.equal('Init:ImagePullBackOff');
    });

    it('counts a sidecar (restartPolicy Always) once started, and counts it in Init:N/M', () => {
      expect(kubectlStatus(pod({ initContainers: [{ sidecar: true, started: true }, done] }))).to.equal('Running');
      expect(kubectlStatus(pod({ phase: 'Pending', initContainers: [{ sidecar: true, started: true }, {}], waiting: 'PodInitializing' }))).to.equal('Init:1/2');
      expect(kubectlStatus(pod({ phase: 'Pending', initContainers: [{ sidecar: true, started: false }, waitingToStart], waiting: 'PodInitializing' }))).to.equal('Init:0/2');
    });

    it('with a sidecar, judges an Initialized pod by its main containers too while the sidecar restarts', () => {
      const initialized = [{ type: 'Initialized', status: 'True' }] as const;
      const restarting: InitContainerShape = { sidecar: true, started: false, waiting: 'CrashLoopBackOff' };
      expect(kubectlStatus(pod({ initContainers: [restarting], terminated: { reason: 'Error', exitCode: 1 }, conditions: initialized }))).to.equal('Error');
      // Without a sidecar, 1.20's rule: an unfinished init container hides the main containers.
      expect(kubectlStatus(pod({ initContainers: [{ waiting: 'CrashLoopBackOff' }], terminated: { reason: 'Error', exitCode: 1 }, conditions: initialized }))).to.equal('Init:CrashLoopBackOff');
    });
  });

  describe('containers', () => {
    it('lets the first container in status order decide (they are judged last to first)', () => {
      const shown = pod({ containers: [{ name: 'a', waiting: 'CrashLoopBackOff' }, { name: 'b', terminated: { reason: 'Error', exitCode: 1 } }] });
      expect(kubectlStatus(shown)).to.equal('CrashLoopBackOff');
    });

    it('reads a terminated container without a reason as Signal:N or ExitCode:N', () => {
      expect(kubectlStatus(pod({ terminated: { exitCode: 143, signal: 15 } }))).to.equal('Signal:15');
      expect(kubectlStatus(pod({ terminated: { exitCode: 3 } }))).to.equal('ExitCode:3');
    });

    it('shows Completed as Running while another container runs and the pod is Ready, else NotReady', () => {
      const containers = [{ name: 'job', terminated: { reason: 'Completed', exitCode: 0 } }, { name: 'web', ready: true }];
      expect(kubectlStatus(pod({ containers, podReady: true }))).to.equal('Running');
      expect(kubectlStatus(pod({ containers, podReady: false }))).to.equal('NotReady');
    });

    it('falls back to the phase when no container says more (a running container not yet ready)', () => {
      expect(kubectlStatus(pod({ ready: false }))).to.equal('Running');
    });
  });

  describe('the pod as a whole', () => {
    it('prefers status.reason to the phase', () => {
      expect(kubectlStatus(pod({ phase: 'Failed', reason: 'Evicted', withoutContainerStatuses: true }))).to.equal('Evicted');
    });

    it('shows Terminating for any deleted pod, even one that completed (as 1.20 does), and Unknown for a lost node', () => {
      expect(kubectlStatus(pod({ phase: 'Succeeded', terminated: { reason: 'Completed', exitCode: 0 }, deletionTimestamp: 0 }))).to.equal('Terminating');
      expect(kubectlStatus(pod({ reason: 'NodeLost', phase: 'Running', deletionTimestamp: 0 }))).to.equal('Unknown');
    });

    it('shows SchedulingGated for a pod held by scheduling gates', () => {
      expect(kubectlStatus(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }], withoutContainerStatuses: true }))).to.equal('SchedulingGated');
    });
  });
});
