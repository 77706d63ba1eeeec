import { expect } from 'chai';
import { KubeConfig } from '@kubernetes/client-node';
import { checkNodeFaults } from '../../framework/cli/node-fault-guard.js';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import type { Scenario } from '../../framework/model/scenario.js';
import {
  ALLOW_CONTEXTS_ENV, allowedContexts, clusterPermission, nodeFaultSteps, refusalMessage, usesNodeFaults,
} from '../../framework/nodes/allowed-clusters.js';
import { fromRoot } from '../loading/fixtures.js';

const NODE_LOSS = fromRoot('scenarios', 'nodes', 'node-loss-eviction.yaml');
const DRAIN = fromRoot('scenarios', 'nodes', 'drain-node.yaml');
const NO_NODE_FAULT = fromRoot('scenarios', 'controllers', 'delete-pod-deployment.yaml');

function kubeConfig(context: string, server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: context, cluster: 'c', user: 'u' }],
    currentContext: context,
  });
  return kc;
}

describe('the node-fault safety guard: clusterPermission', () => {
  const allowedFor = (context: string, server: string, allowed: readonly string[] = []) => clusterPermission({ context, server }, allowed);

  it('allows the contexts of local throwaway clusters, saying why', () => {
    expect(allowedFor('kind-kind', 'https://10.0.0.5:6443')).to.deep.equal({ allowed: true, because: 'context kind-kind matches kind-*, a local cluster' });
    expect(allowedFor('k3d-dev', 'https://10.0.0.5:6443')).to.deep.equal({ allowed: true, because: 'context k3d-dev matches k3d-*, a local cluster' });
    expect(allowedFor('minikube', 'https://192.168.49.2:8443')).to.deep.equal({ allowed: true, because: 'context minikube matches minikube, a local cluster' });
  });

  it('allows API servers on a loopback address, whatever the context is called', () => {
    for (const server of ['https://127.0.0.1:6443', 'https://127.3.4.5:6443', 'https://[::1]:6443', 'https://localhost:6443', 'http://api.localhost:8080']) {
      expect(allowedFor('prod-eu', server), server).to.deep.equal({ allowed: true, because: `the API server ${server} is on a loopback address` });
    }
  });

  it('refuses any other cluster', () => {
    expect(allowedFor('prod-eu', 'https://10.0.0.5:6443')).to.deep.equal({ allowed: false });
    expect(allowedFor('kindly', 'https://10.0.0.5:6443'), 'a context that only starts like kind').to.deep.equal({ allowed: false });
    expect(allowedFor('minikube-prod', 'https://10.0.0.5:6443')).to.deep.equal({ allowed: false });
    expect(allowedFor('prod-eu', 'https://127.example.com:6443'), 'a name that only starts like a loopback address').to.deep.equal({ allowed: false });
    expect(allowedFor('prod-eu', 'https://[::2]:6443')).to.deep.equal({ allowed: false });
    expect(allowedFor('prod-eu', 'not a url')).to.deep.equal({ allowed: false });
  });

  it('allows a context named explicitly, and only that one', () => {
    expect(allowedFor('prod-eu', 'https://10.0.0.5:6443', ['staging', 'prod-eu'])).to.deep.equal({ allowed: true, because: 'context prod-eu was allowed explicitly' });
    expect(allowedFor('prod-us', 'https://10.0.0.5:6443', ['staging', 'prod-eu'])).to.deep.equal({ allowed: false });
  });

  it('takes the allowed contexts from --allow-context and from $FAULTLINE_ALLOW_CONTEXTS (comma-separated, blanks ignored)', () => {
    expect(ALLOW_CONTEXTS_ENV).to.equal('FAULTLINE_ALLOW_CONTEXTS');
    expect(allowedContexts(['a'], { FAULTLINE_ALLOW_CONTEXTS: ' prod-eu , ,staging' })).to.deep.equal(['a', 'prod-eu', 'staging']);
    expect(allowedContexts([], {})).to.deep.equal([]);
  });
});

describe('the node-fault safety guard: which scenarios it concerns, and its refusal', () => {
  let nodeLoss: Scenario;
  let drain: Scenario;
  let plain: Scenario;

  before(async () => {
    [nodeLoss, drain, plain] = await Promise.all([loadScenario(NODE_LOSS), loadScenario(DRAIN), loadScenario(NO_NODE_FAULT)]);
  });

  it('finds the nodeLoss and drainNode steps, not revert steps or namespace faults', () => {
    expect(nodeFaultSteps(nodeLoss).map((s) => s.name)).to.deep.equal(['lose the node of a replica']);
    expect(nodeFaultSteps(drain).map((s) => s.name)).to.deep.equal(['drain the node of a replica']);
    expect(usesNodeFaults(plain)).to.equal(false);
  });

  it('refuses with every node step at file:line:col, how to allow the cluster, and that nothing was sent', () => {
    const step = nodeFaultSteps(nodeLoss)[0]!;
    const message = refusalMessage({ context: 'prod-eu', server: 'https://10.0.0.5:6443' }, [nodeLoss, plain, drain]);
    const lines = message.split('\n');
    expect(lines[0]).to.equal('Refusing to run: these steps stop or drain nodes, which affects every workload on them, and context "prod-eu" (https://10.0.0.5:6443) is not one Faultline may disturb:');
    expect(lines[1]).to.equal(`  ${NODE_LOSS}:${step.source.line}:${step.source.column}: step "lose the node of a replica" (nodeLoss)`);
    expect(lines[2]).to.match(new RegExp(`^  ${DRAIN}:\\d+:\\d+: step "drain the node of a replica" \\(drainNode\\)$`));
    expect(message).to.include('--allow-context prod-eu (or FAULTLINE_ALLOW_CONTEXTS=prod-eu)');
    expect(message).to.include('--skip-node-faults');
    expect(lines.at(-1)).to.equal('Nothing was sent to the cluster.');
  });

  it('checkNodeFaults: refuses a cluster that is not allowed, from the kubeconfig alone', () => {
    const decision = checkNodeFaults([plain, nodeLoss], kubeConfig('prod-eu', 'https://10.0.0.5:6443'), { allowContexts: [], skip: false });
    expect(decision).to.have.property('refusal').that.includes('context "prod-eu" (https://10.0.0.5:6443) is not one Faultline may disturb');
  });

  it('checkNodeFaults: lets a run without node faults through on any cluster, with no NodeAccess', () => {
    const decision = checkNodeFaults([plain], kubeConfig('prod-eu', 'https://10.0.0.5:6443'), { allowContexts: [], skip: false });
    expect(decision).to.deep.include({ allowed: false, notes: [] });
    expect('skip' in decision && decision.skip(plain)).to.equal(undefined);
  });

  it('checkNodeFaults: on an allowed cluster, a nodeLoss with no driver to use is refused at its step, naming the flags', () => {
    const decision = checkNodeFaults([nodeLoss], kubeConfig('prod-eu', 'https://10.0.0.5:6443'), { allowContexts: ['prod-eu'], skip: false });
    const step = nodeFaultSteps(nodeLoss)[0]!;
    expect(decision).to.have.property('refusal');
    const refusal = (decision as { refusal: string }).refusal;
    expect(refusal).to.include(`${NODE_LOSS}:${step.source.line}:${step.source.column}: step "lose the node of a replica": no node driver`);
    expect(refusal).to.include('--node-driver command --node-stop-command');
    expect(refusal.split('\n').at(-1)).to.equal('Nothing was sent to the cluster.');
  });

  it('checkNodeFaults: allowed, with a driver: gives the run NodeAccess and the driver, and says why', () => {
    const driver = { name: 'command', settings: { stop: 'k8s-local/node-stop {node}', start: 'k8s-local/node-start {node}' } } as const;
    const decision = checkNodeFaults([nodeLoss, drain], kubeConfig('prod-eu', 'https://10.0.0.5:6443'), { allowContexts: ['prod-eu'], skip: false, driver });
    expect(decision).to.deep.include({ allowed: true, driver, notes: ['Node faults allowed: context prod-eu was allowed explicitly.'] });
  });

  it('checkNodeFaults: a kind-* context needs no driver (kind is the default there)', () => {
    const decision = checkNodeFaults([nodeLoss], kubeConfig('kind-kind', 'https://127.0.0.1:35555'), { allowContexts: [], skip: false });
    expect(decision).to.deep.include({ allowed: true, notes: ['Node faults allowed: context kind-kind matches kind-*, a local cluster.'] });
  });

  it('checkNodeFaults: --skip-node-faults leaves those scenarios out (whatever the cluster), and runs the others', () => {
    const decision = checkNodeFaults([plain, nodeLoss, drain], kubeConfig('prod-eu', 'https://10.0.0.5:6443'), { allowContexts: [], skip: true });
    expect(decision).to.not.have.property('refusal');
    const allowed = decision as Exclude<typeof decision, { refusal: string }>;
    expect(allowed.allowed).to.equal(false);
    expect(allowed.skip(plain)).to.equal(undefined);
    expect(allowed.skip(nodeLoss)).to.equal('left out with --skip-node-faults (it stops or drains nodes)');
    expect(allowed.notes).to.deep.equal(['Skipping 2 scenario(s) with node faults (--skip-node-faults): node-loss-eviction, drain-node']);
  });
});
