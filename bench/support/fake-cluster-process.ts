/**
 * A fake cluster in a process of its own: the in-process fake API server of the tests, and the
 * simulated kubelet, driven over IPC. Kept out of the benchmark's process so that the CPU and memory
 * measured there are Faultline's alone, and every watch event crosses a real socket between processes.
 */
import { FakeApiServer } from '../../test/support/fake-api-server/index.js';
import { KubeletSimulator } from '../../test/support/kubelet-simulator.js';
import type { Autopilot, Command, Hello, PodChange, Reply, Request, SentRestart, VerbCounts } from './fake-cluster-protocol.js';
import { countByVerb } from './verb-table.js';
import { between, seeded, type Random } from './seeded.js';
import { preciseNow } from './stats.js';

const TOKEN = 'bench-token';

const api = await FakeApiServer.start({ token: TOKEN, podDeletion: 'immediate' });
const sim = new KubeletSimulator(api);
const created = new Map<string, string[]>();
const restarts: SentRestart[] = [];
const podTimers = new Set<NodeJS.Timeout>();
let autopilot: { readonly plan: Autopilot; readonly random: Random } | undefined;

sim.onPod((pod, namespace) => {
  created.get(namespace)?.push(pod);
  if (autopilot) drive(pod, namespace, autopilot.plan, autopilot.random);
});

/** The autopilot's story for one pod: Running, Ready, a Warning event now and then, one restart. */
function drive(pod: string, namespace: string, plan: Autopilot, random: Random): void {
  const later = (ms: number, action: () => void, repeat = false): void => {
    const timer = (repeat ? setInterval : setTimeout)(() => {
      if (!repeat) podTimers.delete(timer);
      // The run may have deleted the pod (its namespace) already: then the story ends.
      if (api.get('pods', namespace, pod) === undefined) {
        clearTimeout(timer);
        podTimers.delete(timer);
        return;
      }
      action();
    }, ms);
    podTimers.add(timer);
  };
  later(plan.startAfterMs, () => sim.start(pod));
  later(plan.readyAfterMs, () => sim.ready(pod, true));
  later(between(random, plan.restartAfterMs[0], plan.restartAfterMs[1]), () => {
    sim.restart(pod, { reason: 'Error', exitCode: 1 });
    restarts.push({ namespace, pod, sentAt: preciseNow() });
  });
  later(plan.eventEveryMs, () => sim.event(pod, { type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 404' }), true);
}

function apply(pod: string, change: PodChange): number {
  switch (change.kind) {
    case 'ready': sim.ready(pod, change.ready); break;
    case 'restart': sim.restart(pod, { reason: 'Error', exitCode: 1 }); break;
    case 'waiting': sim.waiting(pod, change.reason); break;
    case 'event': sim.event(pod, { type: 'Warning', reason: change.reason, message: change.message }); break;
  }
  // The fake writes each watch event to the sockets synchronously, within the change itself.
  return preciseNow();
}

async function deploy(namespace: string, name: string, replicas: number): Promise<string[]> {
  if (api.get('namespaces', undefined, namespace) === undefined) {
    api.put({ kind: 'Namespace', metadata: { name: namespace }, status: { phase: 'Active' } });
  }
  created.set(namespace, created.get(namespace) ?? []);
  const before = created.get(namespace)!.length;
  // Through HTTP, so the simulator's controller hook creates the pods.
  const response = await fetch(`${api.url}/apis/apps/v1/namespaces/${namespace}/deployments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
      spec: {
        replicas, selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'busybox:1.28' }] } },
      },
    }),
  });
  if (!response.ok) throw new Error(`creating deployment ${namespace}/${name}: HTTP ${response.status} ${await response.text()}`);
  return created.get(namespace)!.slice(before);
}

function counts(since: number): VerbCounts {
  return countByVerb(api.requests.slice(since));
}

async function handle(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'deploy': return { pods: await deploy(command.namespace, command.name, command.replicas) };
    case 'start': command.pods.forEach((pod) => sim.start(pod)); return null;
    case 'change': return { sentAt: apply(command.pod, command.change) };
    case 'mark': return { mark: api.requests.length };
    case 'counts': return counts(command.since);
    case 'autopilot':
      autopilot = command.autopilot && { plan: command.autopilot, random: seeded(command.autopilot.seed) };
      if (!autopilot) {
        podTimers.forEach((timer) => clearTimeout(timer));
        podTimers.clear();
      }
      return null;
    case 'restarts': return restarts;
  }
}

process.on('message', (message: Request) => {
  handle(message.command).then(
    (result) => process.send?.({ id: message.id, result } satisfies Reply),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies Reply),
  );
});
process.on('disconnect', () => {
  podTimers.forEach((timer) => clearTimeout(timer));
  void api.stop().then(() => process.exit(0));
});
process.send?.({ hello: { url: api.url, token: TOKEN } } satisfies Hello);
