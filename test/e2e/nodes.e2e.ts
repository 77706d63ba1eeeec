import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { dump, load } from 'js-yaml';
import { XMLParser } from 'fast-xml-parser';
import { CoreV1Api, type V1Node } from '@kubernetes/client-node';
import { loadKubeConfig } from '../../framework/cluster/connect.js';
import { LABELS, MANAGED_BY } from '../../framework/cluster/namespaces.js';
import { loadScenarios } from '../../framework/loading/load-scenario.js';
import { usesNodeFaults } from '../../framework/nodes/allowed-clusters.js';
import { PENDING_REVERTS_ANNOTATION } from '../../framework/nodes/pending-reverts.js';
import { readResultsFile } from '../../framework/replay/read-results.js';
import { loadTwins, wrongTwins } from './twins.js';
import { faultline, REPO_ROOT } from './cli-process.js';

/**
 * Node faults end to end, on k8s-local with two nodes (`up --nodes 2`), with the command driver
 * (its node-stop / node-start scripts). They run alone: losing a node disturbs every pod on it.
 */
const K8S_LOCAL = resolve(process.env['K8S_LOCAL'] ?? join(REPO_ROOT, '../shared/tools/k8s-local'));
const DRIVER = ['--node-driver', 'command', '--node-stop-command', `${K8S_LOCAL}/node-stop {node}`, '--node-start-command', `${K8S_LOCAL}/node-start {node}`];

const kubeConfig = loadKubeConfig();
const core = kubeConfig.makeApiClient(CoreV1Api);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase'].includes(name) });

async function faultlineNamespaces(): Promise<string[]> {
  const list = await core.listNamespace({ labelSelector: `${LABELS.managedBy}=${MANAGED_BY}` });
  return list.items.map((ns) => ns.metadata!.name!);
}

/** Each node as `name Ready=True schedulable`, for before/after comparisons. */
async function nodeStates(): Promise<string[]> {
  const { items } = await core.listNode();
  return items.map((node: V1Node) => `${node.metadata?.name} Ready=${node.status?.conditions?.find((c) => c.type === 'Ready')?.status} ${node.spec?.unschedulable ? 'cordoned' : 'schedulable'}`).sort();
}

describe('node faults on a real cluster with two nodes', function () {
  this.timeout(20 * 60_000);

  before(async () => {
    const states = await nodeStates();
    console.log(`      nodes before: ${states.join(', ')}`);
    expect(states.length, 'node faults need `k8s-local/up --nodes 2`').to.be.at.least(2);
    expect(states.every((s) => s.endsWith('Ready=True schedulable')), 'every node Ready and schedulable to start with').to.equal(true);
  });

  it('refuses a context that is not allowed: exit 2, the reason and the way out, and not one connection to its API server', async () => {
    // A listener on the machine's non-loopback address stands in for that context's API server and counts connections.
    const counter = await connectionCounter('192.0.2.2');
    try {
      const dir = await mkdtemp(join(tmpdir(), 'faultline-refusal-'));
      const file = join(dir, 'kubeconfig');
      await writeFile(file, renamedKubeconfig(await readFile(process.env['KUBECONFIG']!, 'utf8'), 'prod-eu', `https://192.0.2.2:${counter.port}`));
      const namespacesBefore = await faultlineNamespaces();
      const nodesBefore = await nodeStates();
      const { code, stderr } = await faultline(['run', 'scenarios/nodes/node-loss-eviction.yaml', '--kubeconfig', file, ...DRIVER], 'refused').done;
      expect(code).to.equal(2);
      expect(stderr).to.contain('Refusing to run').and.contain('context "prod-eu"').and.contain('--allow-context prod-eu').and.contain('Nothing was sent to the cluster');
      expect(counter.connections(), 'connections to the refused API server').to.equal(0);
      expect(await faultlineNamespaces()).to.deep.equal(namespacesBefore);
      expect(await nodeStates()).to.deep.equal(nodesBefore);
    } finally {
      await counter.close();
    }
  });

  it('passes the node scenarios with the command driver: C4 evicts and replaces, a whole-cluster loss evicts nothing, a drain honours the budget', async () => {
    const { code } = await faultline(['run', 'scenarios/nodes/', ...DRIVER, '--junit', 'reports/e2e-nodes-junit.xml', '--json', 'reports/e2e-nodes-results.json'], 'nodes').done;
    const { scenarios } = await loadScenarios([join(REPO_ROOT, 'scenarios/nodes')]);
    const parsed = parser.parse(await readFile(join(REPO_ROOT, 'reports/e2e-nodes-junit.xml'), 'utf8')) as { testsuites: { testsuite: Array<{ testcase: Array<{ '@name': string; failure?: unknown; error?: unknown; skipped?: unknown }> }> } };
    const cases = parsed.testsuites.testsuite.flatMap((suite) => suite.testcase);
    expect(cases.map((c) => c['@name']).sort()).to.deep.equal(scenarios.map((s) => s.name).sort());
    expect(cases.filter((c) => c.failure !== undefined || c.error !== undefined || c.skipped !== undefined).map((c) => c['@name'])).to.deep.equal([]);
    expect(code).to.equal(0);
    expect(await nodeStates(), 'every node back, Ready and schedulable').to.satisfy((states: string[]) => states.every((s) => s.endsWith('Ready=True schedulable')));
  });

  it('fails every node twin replayed on its scenario\'s recorded timeline, through the expectation written to catch it', async () => {
    const recorded = await readResultsFile(join(REPO_ROOT, 'reports/e2e-nodes-results.json'));
    const { scenarios } = await loadScenarios([join(REPO_ROOT, 'scenarios')]);
    const twins = await loadTwins(join(REPO_ROOT, 'test/e2e/node-twins.yaml'));
    expect(twins.map((t) => t.scenario).sort(), 'every node scenario has a twin').to.deep.equal(scenarios.filter(usesNodeFaults).map((s) => s.name).sort());
    const wrong = await wrongTwins(twins, scenarios, recorded);
    expect(wrong).to.deep.equal([]);
  });

  it('after a SIGKILL during a node loss, the namespace records the lost node, and sweep brings it back and removes the namespace', async () => {
    const run = faultline(['run', 'scenarios/nodes/node-loss-eviction.yaml', ...DRIVER], 'killed');
    const node = await new Promise<string>((resolveNode, reject) => {
      let seen = '';
      run.child.stderr!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const lost = /lost node (\S+) \(/.exec(seen);
        if (lost) resolveNode(lost[1]!);
      });
      void run.done.then(() => reject(new Error(`the run ended before losing a node:\n${seen}`)));
    });
    run.child.kill('SIGKILL');
    await run.done;
    const [namespace] = await faultlineNamespaces();
    expect(namespace, 'the killed run left its namespace').to.be.a('string');
    const record = (await core.readNamespace({ name: namespace! })).metadata?.annotations?.[PENDING_REVERTS_ANNOTATION];
    expect(JSON.parse(record ?? '[]')).to.deep.equal([{ node, action: 'start', driver: 'command' }]);

    const swept = await faultline(['sweep', ...DRIVER], 'sweep').done;
    expect(swept.code, swept.stderr).to.equal(0);
    expect(swept.stdout).to.contain(`started node ${node}`).and.contain(`deleted 1 namespace(s): ${namespace}`);
    expect(await faultlineNamespaces()).to.deep.equal([]);
    expect(await nodeStates()).to.satisfy((states: string[]) => states.every((s) => s.endsWith('Ready=True schedulable')));
  });

  after(async () => {
    console.log(`      nodes after: ${(await nodeStates()).join(', ')}`);
    expect(await faultlineNamespaces(), 'namespaces left behind').to.deep.equal([]);
  });
});

/** The kubeconfig with its current context renamed and pointed at another server (and no CA: nothing will be sent). */
function renamedKubeconfig(text: string, context: string, server: string): string {
  const config = load(text) as {
    'current-context': string;
    contexts: Array<{ name: string; context: { cluster: string } }>;
    clusters: Array<{ name: string; cluster: Record<string, unknown> }>;
  };
  const current = config.contexts.find((c) => c.name === config['current-context'])!;
  const cluster = config.clusters.find((c) => c.name === current.context.cluster)!;
  cluster.cluster = { server, 'insecure-skip-tls-verify': true };
  current.name = context;
  config['current-context'] = context;
  return dump(config);
}

async function connectionCounter(host: string): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((socket) => { count++; socket.destroy(); });
  await new Promise<void>((ready) => server.listen(0, host, ready));
  const port = (server.address() as { port: number }).port;
  return { port, connections: () => count, close: () => new Promise((done) => server.close(() => done())) };
}
