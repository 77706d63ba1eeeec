import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { loadScenario, loadScenarioPlan, loadScenarios } from '../../framework/loading/load-scenario.js';
import { formatProblem } from '../../framework/loading/problems.js';
import type { Window } from '../../framework/model/window.js';
import { planText } from '../../framework/timing/plan-text.js';
import type { ExpectationTiming } from '../../framework/timing/scenario-timing.js';
import { formatRange } from '../../framework/timing/time-range.js';
import { positionIn, removeScenarioFiles, scenarioFile, webManifests } from './scenario-files.js';

const UNREACHABLE = 'node.kubernetes.io/unreachable';
const tolerating = (seconds: number): Record<string, unknown> => ({
  tolerations: [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }],
});
/** Three replicas of web tolerating a lost node for `seconds` (admission's 300s when undefined). */
const web = (seconds?: number): string => webManifests({}, { replicas: 3, ...(seconds !== undefined && { pod: tolerating(seconds) }) });

const WAIT = `
    - waitFor:
        readyReplicas: { object: { kind: Deployment, name: web }, equals: 3 }`;
const LOSE = `
    - name: lose
      fault:
        nodeLoss: { node: { hosting: app=web } }`;
const LOSE_ALL = `
    - name: lose
      fault:
        nodeLoss: { node: { all: true } }`;
const NOTICED = `
    - expect:
        nodeTaint: { key: ${UNREACHABLE}, effect: NoExecute, within: 90s }`;

/** Each expectation as `step kind: ~T (E–L) after CAUSE: OUTCOME`, `step kind: never: OUTCOME`, or `step kind: unknown: WHY`. */
function summary(timing: ExpectationTiming): string {
  const head = `${timing.step} ${timing.use.kind}`;
  if ('never' in timing.result) return `${head}: never: ${timing.result.never.outcome}`;
  if (!('estimate' in timing.result)) return `${head}: unknown: ${timing.result.unknown}`;
  const { estimate } = timing.result;
  return `${head}: ${formatRange(estimate.range)} after ${timing.cause}: ${estimate.outcome}`;
}

async function timeline(steps: string, manifests: string): Promise<string[]> {
  const { plan } = await loadScenarioPlan(await scenarioFile(steps, manifests));
  return plan!.timing.expectations.map(summary);
}

async function problems(file: string): Promise<string[]> {
  return (await loadScenarios([file])).problems.map(formatProblem);
}

describe('the control plane\'s timing rules for node faults', () => {
  after(removeScenarioFiles);

  describe('after a node loss', () => {
    it('times the node turning Unknown, its taints, its pods NotReady and evicted once their toleration runs out', async () => {
      expect(await timeline(`${WAIT}${LOSE}
    - expect:
        nodeCondition: { status: [Unknown, "False"], within: 80s }
        nodeTaint: { key: ${UNREACHABLE}, effect: NoSchedule, within: 80s }
        ready: { target: app=web, status: false, within: 80s }
    - expect:
        nodeTaint: { key: ${UNREACHABLE}, effect: NoExecute, within: 90s }
        evicted: { target: app=web, within: 45s }`, web(10))).to.deep.equal([
        '1 readyReplicas: unknown: readyReplicas expectations are not timed',
        // Grace 40s less one 10s lease renewal, plus up to one 5s controller pass.
        '3 nodeCondition: ~37.5s (30–45s) after the node loss (step 2): Ready=Unknown',
        `3 nodeTaint: ~37.5s (30–46s) after the node loss (step 2): ${UNREACHABLE}:NoSchedule taint`,
        '3 ready: ~37.5s (30–46s) after the node loss (step 2): NotReady',
        // NoExecute in the same pass or the next.
        `4 nodeTaint: ~40s (30–51s) after the node loss (step 2): ${UNREACHABLE}:NoExecute taint`,
        // Then tolerationSeconds 10 (measured: 10.0s after the taint).
        '4 evicted: ~50s (40s–1m02s) after the node loss (step 2): evicted (Terminating)',
      ]);
    });

    it('uses the admission plugin\'s 300s when the template has no toleration, and never evicts pods that tolerate the taint for good', async () => {
      expect(await timeline(`${WAIT}${LOSE}
    - expect:
        evicted: { target: app=web, within: 10m }`, web())).to.deep.equal([
        '1 readyReplicas: unknown: readyReplicas expectations are not timed',
        '3 evicted: ~5m40s (5m30s–5m52s) after the node loss (step 2): evicted (Terminating)',
      ]);
      const forever = webManifests({}, { replicas: 3, pod: { tolerations: [{ key: UNREACHABLE, operator: 'Exists' }] } });
      expect((await timeline(`${WAIT}${LOSE}
    - expect:
        evicted: { target: app=web, count: 1, never: 1m }`, forever))[1]).to.equal('3 evicted: never: evicted');
    });

    it('says what it cannot tell: a lost node never posts False, keeps its taints, and its evicted pods are gone only once it is back', async () => {
      const lines = await timeline(`${WAIT}${LOSE}
    - expect:
        nodeCondition: { status: "False", within: 80s }
        nodeTaint: { key: node.kubernetes.io/not-ready, within: 80s }
        evicted: { target: app=web, gone: true, within: 2m }
        ready: { target: { selector: app=web, match: all }, status: false, within: 80s }
        restarts: { target: app=web, atLeast: 1, within: 80s }`, web(10));
      expect(lines.slice(1)).to.deep.equal([
        '3 nodeCondition: unknown: a lost node turns Ready=Unknown, not False: only a running kubelet posts False',
        `3 nodeTaint: unknown: a lost node is tainted ${UNREACHABLE}; node.kubernetes.io/not-ready follows Ready=False, which only a running kubelet posts`,
        '3 evicted: unknown: a lost node\'s evicted pods stay Terminating until it is back: nobody else can confirm their containers stopped',
        '3 ready: unknown: only some of the 3 replicas of Deployment web run on the lost node',
        '3 restarts: unknown: the node loss (step 2) acts on nodes: what it does to the pods\' probes and restarts is not inferred',
      ]);
    });

    it('leaves alone node expectations that name their own node, and other templates than the one whose node was lost', async () => {
      const manifests = `${web(10)}\n---\n${JSON.stringify({
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'db' },
        spec: { selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'redis:7' }] } } },
      })}`;
      expect((await timeline(`${WAIT}${LOSE}
    - expect:
        nodeCondition: { node: { name: vm-2 }, status: Unknown, within: 80s }
        ready: { target: app=db, status: false, within: 80s }`, manifests)).slice(1)).to.deep.equal([
        '3 nodeCondition: unknown: it names its own node(s), which may not be the ones the node fault acted on',
        '3 ready: unknown: whether pods of Deployment db run on the lost node is up to the scheduler',
      ]);
    });
  });

  describe('when every node is lost', () => {
    it('evicts nothing (full disruption mode) unless the toleration is too short to outlast the nodes turning Unknown one pass apart', async () => {
      const steps = `${WAIT}${LOSE_ALL}
    - expect:
        nodeCondition: { status: Unknown, within: 80s }
        nodeTaint: { key: ${UNREACHABLE}, effect: NoExecute, within: 90s }
        evicted: { target: app=web, count: 1, never: 45s }`;
      expect((await timeline(steps, web(10))).slice(1)).to.deep.equal([
        '3 nodeCondition: ~37.5s (30–45s) after the node loss (step 2): Ready=Unknown',
        '3 nodeTaint: unknown: with every node lost the controller enters full disruption mode and takes NoExecute taints off (one may show for a moment while the nodes turn Unknown)',
        '3 evicted: never: evicted',
      ]);
      expect((await timeline(steps, web(5)))[3]).to.equal('3 evicted: unknown: every node is lost, so nothing should be evicted, but a toleration of 5s may run out while the nodes turn Unknown one controller pass apart');
    });
  });

  describe('after a drain and after reverts', () => {
    const DRAIN = `
    - name: drain
      fault:
        drainNode: { node: { hosting: app=web }, pods: namespace }`;

    it('times the cordon taint and the evictions from the end of the drain step, and the node back from the end of the revert', async () => {
      expect((await timeline(`${WAIT}${DRAIN}
    - expect:
        nodeTaint: { key: node.kubernetes.io/unschedulable, effect: NoSchedule, within: 20s }
        evicted: { target: app=web, within: 20s }
        nodeCondition: { status: Unknown, within: 20s }
    - fault:
        revert: { step: drain }
    - expect:
        nodeTaint: { key: node.kubernetes.io/unschedulable, present: false, within: 20s }`, web(10))).slice(1)).to.deep.equal([
        '3 nodeTaint: ~0.5s (0–2s) after the end of the drain (step 2): node.kubernetes.io/unschedulable:NoSchedule taint',
        '3 evicted: ~0s (0–1s) after the end of the drain (step 2): evicted (Terminating)',
        '3 nodeCondition: unknown: a drain leaves the node\'s conditions as they were',
        '5 nodeTaint: ~0.5s (0–2s) after the end of the revert (step 4): no node.kubernetes.io/unschedulable taint',
      ]);
      expect((await timeline(`${WAIT}${LOSE}${NOTICED}
    - fault:
        revert: { step: lose }
    - expect:
        nodeCondition: { status: "True", within: 30s }
        nodeTaint: { key: ${UNREACHABLE}, present: false, within: 60s }
        evicted: { target: app=web, gone: true, within: 60s }`, web(10))).slice(2)).to.deep.equal([
        '5 nodeCondition: ~0s (0–1s) after the end of the revert (step 4): Ready=True',
        `5 nodeTaint: ~2.5s (0–6s) after the end of the revert (step 4): no ${UNREACHABLE} taint`,
        // nginx stops at once; the pod object goes at the kubelet's next status sync.
        '5 evicted: ~0.5s (0–12s) after the end of the revert (step 4): evicted pods gone',
      ]);
    });

    it('never evicts a DaemonSet\'s pods in a drain', async () => {
      const daemonSet = JSON.stringify({
        apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' },
        spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.28' }] } } },
      });
      expect((await timeline(`
    - name: drain
      fault:
        drainNode: { node: { hosting: app=agent } }
    - expect:
        evicted: { target: app=agent, count: 1, never: 20s }`, daemonSet))).to.deep.equal(['2 evicted: never: evicted']);
    });
  });

  describe('windows that can never be met', () => {
    it('Unknown right after a node loss within 20s: the grace period less one lease renewal, less the driver\'s stop', async () => {
      const file = await scenarioFile(`${WAIT}${LOSE}
    - expect:
        nodeCondition: { status: Unknown, within: 20s }`, web(10));
      expect(await problems(file)).to.deep.equal([
        `${file}:${positionIn(await readFile(file, 'utf8'), '20s }')}: spec.steps[2].expect.nodeCondition.within: nodeCondition within 20s can never be met: the node's last heartbeat (its Lease, renewed every 10s) came up to 10s before the node loss (step 2), and the node lifecycle controller, checking every 5s, turns it Ready=Unknown once that heartbeat is older than the 40s node-monitor grace period, so Ready=Unknown comes no sooner than 30s after it (the control plane's defaults; experiments.md, "Timing rules (kubelet)", node loss)`,
      ]);
      // The driver's stop may return up to 5s after the last heartbeat: 25s is left to the run.
      expect(await problems(await scenarioFile(`${WAIT}${LOSE}
    - expect:
        nodeCondition: { status: Unknown, within: 25s }`, web(10)))).to.deep.equal([]);
    });

    it('evicted within 30s when the template tolerates 300s, even a step after the node loss: the steps since run for at most their windows', async () => {
      const file = await scenarioFile(`${WAIT}${LOSE}${NOTICED}
    - expect:
        evicted: { target: app=web, within: 30s }`, web());
      const found = await problems(file);
      expect(found).to.have.length(1);
      expect(found[0]).to.contain(`${file}:${positionIn(await readFile(file, 'utf8'), '30s }')}: spec.steps[3].expect.evicted.within: evicted within 30s can never be met:`);
      expect(found[0]).to.contain('the taint manager evicts the pods of Deployment web when their tolerationSeconds 300 (added by the DefaultTolerationSeconds admission plugin');
      // 330s at the earliest, less 5s for the driver and 91s for the step before (its 90s window, and a second).
      expect(found[0]).to.contain('so evicted (Terminating) comes no sooner than 5m30s after it; the steps since run for at most 1m36s, so no sooner than 3m54s after this step begins');
      // With the library's 10s toleration the same window is fine.
      expect(await problems(await scenarioFile(`${WAIT}${LOSE}${NOTICED}
    - expect:
        evicted: { target: app=web, within: 30s }`, web(10)))).to.deep.equal([]);
    });

    it('evicted after every node is lost, in any window that waits for it', async () => {
      const file = await scenarioFile(`${WAIT}${LOSE_ALL}
    - expect:
        nodeCondition: { status: Unknown, within: 80s }
    - expect:
        evicted: { target: app=web, within: 2m }`, web(10));
      const found = await problems(file);
      expect(found).to.have.length(1);
      expect(found[0]).to.contain('evicted within 2m can never be met: with every node lost in the node loss (step 2), the node lifecycle controller enters full disruption mode: the nodes turn Unknown, but it takes the NoExecute taints off and evicts nothing (the pods of Deployment web have tolerationSeconds 10)');
    });
  });

  describe('default windows', () => {
    it('are the latest time plus half again for node expectations written without one', async () => {
      const scenario = await loadScenario(await scenarioFile(`${WAIT}${LOSE}
    - expect:
        nodeCondition: { status: Unknown }
        nodeTaint: { key: ${UNREACHABLE}, effect: NoExecute }
    - expect:
        evicted: { target: app=web }`, web(10)));
      const windows = scenario.steps.flatMap((step) => (step.action === 'fault' ? [] : step.expectations.map((e) => e.window)));
      const within = (seconds: number): Window => ({ mode: 'within', ms: seconds * 1000, afterMs: 0 });
      // 45s + 22.5s; 51s + 25.5s; 62s + 31s, counted from the loss: the window opens later, so it is longer than needed.
      expect(windows).to.deep.equal([within(120), within(68), within(77), within(93)]);
    });
  });

  describe('plans', () => {
    it('say what the node fault reaches and print the control plane\'s assumptions', async () => {
      const { plan } = await loadScenarioPlan(await scenarioFile(`${WAIT}${LOSE}${NOTICED}
    - expect:
        evicted: { target: app=web, within: 45s }`, web(10)));
      const text = planText(plan!);
      expect(text).to.contain(`  2. fault "lose" (nodeLoss)
       loses the node hosting pods app=web (Deployment web: some of its 3 replicas)
       the control plane turns it Ready=Unknown (tainted ${UNREACHABLE}) 30–45s later, then evicts each pod once its toleration runs out
       Deployment web: tolerationSeconds 10`);
      expect(text).to.contain('(--node-monitor-grace-period)');
      expect(text).to.contain('--node-eviction-rate 0.1');
      const whole = planText((await loadScenarioPlan(await scenarioFile(`${WAIT}${LOSE_ALL}
    - expect:
        evicted: { target: app=web, count: 1, never: 45s }`, web(10)))).plan!);
      expect(whole).to.contain('never after the node loss (step 2): evicted');
      expect(whole).to.contain('Every node is lost within a few seconds');
    });
  });
});
