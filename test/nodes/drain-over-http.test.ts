import { expect } from 'chai';
import { scenarioYaml } from '../integration/harness.js';
import { ScenarioRig } from '../integration/scenario-rig.js';

/** drainNode end to end through KubeCluster and the fake API server: cordon patch, watch, pod list, Eviction API, uncordon. */
describe('drainNode in runScenario over HTTP (fake API server)', function () {
  this.timeout(10_000);
  let rig: ScenarioRig;

  beforeEach(async () => {
    rig = await ScenarioRig.create();
    rig.api.put({ kind: 'Node', metadata: { name: 'vm-2' }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    rig.api.put({ kind: 'Node', metadata: { name: 'vm' }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  });

  afterEach(async () => {
    await rig.stop();
  });

  it('cordons, evicts the run\'s pod on the node (it turns Terminating), and uncordons at the revert step', async () => {
    rig.sim.onPod((pod, namespace) => {
      rig.api.update('pods', namespace, pod, (object) => { object.spec = { ...object.spec, nodeName: 'vm-2' }; });
      rig.sim.start(pod);
      rig.sim.ready(pod, true);
    });
    const run = await rig.start(scenarioYaml('drain-over-http', `
    - name: web is ready
      waitFor:
        ready: { target: app=web }
    - name: drain
      fault:
        drainNode: { node: { hosting: app=web }, pods: namespace }
    - name: evicted
      expect:
        evicted: { target: app=web, within: 5s }
    - name: uncordon
      fault:
        revert: { step: drain }`), { nodes: rig.cluster });
    const result = await run.result;
    expect(result.verdict, result.message).to.equal('passed');
    const pod = (await rig.sim.pod(run.namespace));
    expect(result.steps[1]!.summary).to.equal(`cordoned node vm-2 and evicted 1 pod(s): ${run.namespace}/${pod}`);
    const writes = rig.api.requests.filter((r) => (r.method === 'PATCH' && r.path === '/api/v1/nodes/vm-2') || r.path.endsWith('/eviction'));
    expect(writes.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`)).to.deep.equal([
      'PATCH /api/v1/nodes/vm-2 {"spec":{"unschedulable":true}}',
      `POST /api/v1/namespaces/${run.namespace}/pods/${pod}/eviction {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"${pod}","namespace":"${run.namespace}"}}`,
      `POST /api/v1/namespaces/${run.namespace}/pods/${pod}/eviction {"apiVersion":"policy/v1beta1","kind":"Eviction","metadata":{"name":"${pod}","namespace":"${run.namespace}"}}`,
      'PATCH /api/v1/nodes/vm-2 {"spec":{"unschedulable":null}}',
    ]);
    expect(rig.api.get('nodes', undefined, 'vm-2')?.spec).to.deep.equal({});
  });
});
