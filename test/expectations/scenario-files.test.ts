import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import { formatProblem, InvalidScenarioError } from '../../framework/loading/problems.js';

const HEADER = `apiVersion: faultline.dev/v1alpha1
kind: Scenario
metadata:
  name: new-expectations
spec:
  steps:
    - name: judge
      expect:
`;

/** The new expectation kinds as scenario files write them: loaded through the schema and each plugin's validate. */
describe('the pod, controller and sequence expectations in scenario files', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(path.join(tmpdir(), 'fl-expectations-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  async function load(expectations: string): Promise<{ problems: string[]; kinds: string[] }> {
    const file = path.join(dir, 'scenario.yaml');
    await writeFile(file, HEADER + expectations);
    try {
      const scenario = await loadScenario(file);
      const step = scenario.steps[0]!;
      return { problems: [], kinds: 'expectations' in step ? step.expectations.map((e) => e.kind) : [] };
    } catch (error) {
      if (!(error instanceof InvalidScenarioError)) throw error;
      return { problems: error.problems.map((p) => formatProblem(p).replace(`${file}:`, '')), kinds: [] };
    }
  }

  it('loads every new kind in the shapes scenario files use', async () => {
    const loaded = await load(`        - phase: { target: app=job, phase: Succeeded }
        - condition: { target: app=big, type: PodScheduled, status: "False", reason: Unschedulable }
        - podStatus: { target: app=web, status: CrashLoopBackOff, within: 3m }
        - replacement: { target: app=web, count: 1, ready: true }
        - orphaned: { target: debug=true }
        - readyReplicas: { object: { kind: ReplicaSet, name: web }, equals: 3, replicas: 3 }
        - sequence:
            within: 2m
            of:
              - podStatus: { target: app=web, status: "Init:0/2" }
              - podStatus: { target: app=web, status: "Init:1/2" }
              - podStatus: { target: app=web, status: PodInitializing }
              - podStatus: { target: app=web, status: Running }
`);
    expect(loaded).to.deep.equal({ problems: [], kinds: ['phase', 'condition', 'podStatus', 'replacement', 'orphaned', 'readyReplicas', 'sequence'] });
  });

  it('reports problems inside a sequence item at their line, and refuses an item\'s own window', async () => {
    const { problems } = await load(`        sequence:
          of:
            - ready: { target: app=web, status: false, within: 10s }
            - podStatus: { target: app=web, status: Running }
`);
    expect(problems).to.deep.equal([
      '11:56: spec.steps[0].expect.sequence.of[0].ready.within: unknown field "within"; expected one of: target, status, count',
    ]);
    const { problems: semantic } = await load(`        sequence:
          of:
            - podStatus: { target: app=web, status: crashloopbackoff }
            - readyReplicas: { object: { kind: ReplicaSet, name: web }, equals: 3, atLeast: 2 }
`);
    expect(semantic).to.deep.equal([
      '11:53: spec.steps[0].expect.sequence.of[0].podStatus.status: "crashloopbackoff" is written "CrashLoopBackOff" (STATUS is compared exactly)',
      '12:93: spec.steps[0].expect.sequence.of[1].readyReplicas.atLeast: give equals or atLeast, not both',
    ]);
  });

  it('names a misspelt kind inside a sequence as an expectation', async () => {
    const { problems } = await load(`        sequence:
          of:
            - podstatus: { target: app=web, status: Running }
            - phase: { target: app=web, phase: Running }
`);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^11:15: spec\.steps\[0\]\.expect\.sequence\.of\[0\]\.podstatus: unknown expectation "podstatus"; expected one of: .*; did you mean "podStatus"\?$/);
  });

  it('refuses a workload kind it does not watch, and a condition status written as a boolean', async () => {
    const { problems } = await load(`        readyReplicas: { object: { kind: DaemonSet, name: agent }, equals: 1 }
        condition: { target: app=web, type: Ready, status: true }
`);
    expect(problems).to.deep.equal([
      '9:42: spec.steps[0].expect.readyReplicas.object.kind: expected one of: Deployment, ReplicaSet, StatefulSet, ReplicationController; got "DaemonSet"',
      '10:60: spec.steps[0].expect.condition.status: expected one of: True, False, Unknown; got true',
    ]);
  });
});
