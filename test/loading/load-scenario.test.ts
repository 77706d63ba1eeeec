import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenario, loadScenarios } from '../../framework/loading/load-scenario.js';
import { formatProblem, InvalidScenarioError } from '../../framework/loading/problems.js';
import { EXPECTATION_KINDS } from '../../framework/expectations/registry.js';
import { FAULT_KINDS } from '../../framework/faults/registry.js';
import { fakePlugins } from './fake-plugins.js';
import { fixture, problemsOf } from './fixtures.js';

const valid = fixture('valid');
const invalid = fixture('invalid');

describe('loadScenario', () => {
  it('builds the model of a valid scenario: manifests, steps, windows, names and positions', async () => {
    const file = `${valid}/http-liveness-rename.yaml`;
    const at = (line: number, column: number) => ({ file, line, column });
    const scenario = await loadScenario(file);
    expect(scenario).to.deep.include({
      file,
      name: 'http-liveness-rename',
      description: 'Renaming index.html fails the httpGet liveness probe; the kubelet restarts the container.',
      timeoutMs: 180_000,
      source: at(1, 1),
    });
    const manifestFile = `${valid}/manifests/nginx-http-liveness.yaml`;
    expect(scenario.manifests.map((m) => [m.object.kind, m.object.metadata?.name, m.source])).to.deep.equal([
      ['Deployment', 'web', { file: manifestFile, line: 2, column: 1 }],
      ['Service', 'web', { file: manifestFile, line: 24, column: 1 }],
      ['ConfigMap', 'x', at(9, 7)],
    ]);
    const webContainer = { selector: 'app=web', container: 'web' };
    expect(scenario.steps).to.deep.equal([
      {
        index: 1, name: 'web is ready', action: 'waitFor', source: at(12, 7),
        expectations: [{ kind: 'ready', spec: { target: 'app=web' }, window: { mode: 'within', ms: 120_000, afterMs: 0 }, source: at(14, 9) }],
      },
      {
        index: 2, name: 'fault renameFile', action: 'fault', timeoutMs: 30_000, source: at(15, 7),
        fault: { kind: 'renameFile', spec: { target: webContainer, from: '/usr/share/nginx/html/index.html', to: '/usr/share/nginx/html/index.htm' } },
      },
      {
        index: 3, name: 'expect restarts, event', action: 'expect', source: at(18, 7),
        expectations: [
          { kind: 'restarts', spec: { target: webContainer, atLeast: 1 }, window: { mode: 'within', ms: 30_000, afterMs: 0 }, source: at(19, 9) },
          {
            kind: 'event', spec: { reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 404' },
            window: { mode: 'within', ms: 60_000, afterMs: 0 }, source: at(20, 9),
          },
        ],
      },
      {
        index: 4, name: 'expect endpoints, endpoints', action: 'expect', source: at(21, 7),
        expectations: [
          { kind: 'endpoints', spec: { service: 'web', target: 'app=web', present: false }, window: { mode: 'within', ms: 60_000, afterMs: 0 }, source: at(22, 11) },
          { kind: 'endpoints', spec: { service: 'web-2', target: 'app=web', present: false }, window: { mode: 'for', ms: 10_000 }, source: at(23, 11) },
        ],
      },
    ]);
  });

  it('applies defaults: scenario timeout, the plugin\'s own default window, "after" with the default window', async () => {
    const scenario = await loadScenario(`${valid}/delete-pod-grace.yml`);
    expect(scenario.timeoutMs).to.equal(300_000);
    expect(scenario.description).to.equal('');
    expect(scenario.manifests).to.deep.equal([]);
    expect(scenario.steps.map((s) => [s.name, s.action === 'fault' ? s.fault.spec : s.expectations.map((e) => e.window)])).to.deep.equal([
      ['fault deletePod', { target: 'app=web', gracePeriod: '0s' }],
      ['expect terminating', [{ mode: 'within', ms: 70_000, afterMs: 0 }]],
      ['waitFor ready', [{ mode: 'within', ms: 120_000, afterMs: 5_000 }]],
    ]);
  });

  it('throws InvalidScenarioError listing every problem, one line each', async () => {
    const error = await loadScenario(`${invalid}/windows.yaml`).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidScenarioError);
    const lines = (error as InvalidScenarioError).message.split('\n');
    expect(lines[0]).to.equal(`4 problems in ${invalid}/windows.yaml:`);
    expect(lines.slice(1)).to.deep.equal((error as InvalidScenarioError).problems.map(formatProblem));
  });

  describe('reports, with file:line:col', () => {
    const cases: Array<{ what: string; file: string; problems: string[] }> = [
      {
        what: 'YAML syntax errors',
        file: 'syntax-error.yaml',
        problems: [
          `${invalid}/syntax-error.yaml:9:6: invalid YAML: bad indentation of a sequence entry (this line is indented 5 spaces and the one above 8: entries of one mapping or list line up, and what belongs under a key is indented deeper than the key)`,
        ],
      },
      {
        what: 'unknown fields (also in fault specs), faults and expectations at their keys, with suggestions',
        file: 'unknown-fields.yaml',
        problems: [
          `${invalid}/unknown-fields.yaml:5:3: metadata.labels: unknown field "labels"; expected one of: name, description`,
          `${invalid}/unknown-fields.yaml:9:9: spec.steps[0].fault.renameFiel: unknown fault "renameFiel"; expected one of: ${FAULT_KINDS.join(', ')}; did you mean "renameFile"?`,
          `${invalid}/unknown-fields.yaml:11:50: spec.steps[1].expect.restarts.withn: unknown field "withn"; expected one of: target, atLeast, exactly, atMost, within, for, never, after; did you mean "within"?`,
          `${invalid}/unknown-fields.yaml:12:9: spec.steps[1].expect.restart: unknown expectation "restart"; expected one of: ${EXPECTATION_KINDS.join(', ')}; did you mean "restarts"?`,
          `${invalid}/unknown-fields.yaml:13:7: spec.steps[2].fualt: unknown field "fualt"; expected one of: name, timeout, fault, expect, waitFor; did you mean "fault"?`,
          `${invalid}/unknown-fields.yaml:16:39: spec.steps[3].fault.deletePod.graceperiod: unknown field "graceperiod"; expected one of: target, gracePeriod; did you mean "gracePeriod"?`,
        ],
      },
      {
        what: 'wrong types',
        file: 'wrong-types.yaml',
        problems: [
          `${invalid}/wrong-types.yaml:10:20: spec.steps[0].expect.restarts.atLeast: expected a whole number, got "three"`,
          `${invalid}/wrong-types.yaml:12:26: spec.steps[1].waitFor.ready.target: expected a string or a mapping, got 5`,
          `${invalid}/wrong-types.yaml:12:37: spec.steps[1].waitFor.ready.status: expected true or false, got "maybe"`,
          `${invalid}/wrong-types.yaml:13:15: spec.steps[2].expect: expected a mapping or a list, got "soon"`,
        ],
      },
      {
        what: 'durations that do not parse or are zero',
        file: 'durations.yaml',
        problems: [
          `${invalid}/durations.yaml:6:12: spec.timeout: expected a duration greater than zero, got "0s"`,
          `${invalid}/durations.yaml:9:43: spec.steps[0].expect.ready.within: expected a duration like "500ms", "30s", "2m" or "1m30s", got "soon"`,
          `${invalid}/durations.yaml:10:16: spec.steps[0].timeout: expected a duration like "500ms", "30s", "2m" or "1m30s", got 10`,
          `${invalid}/durations.yaml:14:16: spec.steps[1].expect.ready.for: expected a duration like "500ms", "30s", "2m" or "1m30s", got "1 minute"`,
        ],
      },
      {
        what: 'steps without exactly one action, duplicate step names, several faults in one step',
        file: 'steps.yaml',
        problems: [
          `${invalid}/steps.yaml:9:7: spec.steps[1]: expected exactly one of fault, expect, waitFor`,
          `${invalid}/steps.yaml:9:13: spec.steps[1].name: duplicate step name "check"; spec.steps[0] (line 7) has it too; step names are unique within a scenario, so reports can tell the steps apart`,
          `${invalid}/steps.yaml:11:7: spec.steps[2]: expected exactly one of fault, expect, waitFor; got fault and expect`,
          `${invalid}/steps.yaml:15:9: spec.steps[3].fault.killContainer: a step injects exactly one fault, got 2: deletePod, killContainer; put each fault in its own step`,
          `${invalid}/steps.yaml:16:14: spec.steps[4].fault: expected one fault, one of: ${FAULT_KINDS.join(', ')}; got an empty mapping`,
          `${invalid}/steps.yaml:19:11: spec.steps[5].expect[0].event: a list item holds exactly one expectation, got 2: ready, event; write each as its own item (- ready: ..., - event: ...)`,
        ],
      },
      {
        what: 'window rules',
        file: 'windows.yaml',
        problems: [
          `${invalid}/windows.yaml:8:48: spec.steps[0].expect.ready.for: expected at most one of within, for, never; got within and for`,
          `${invalid}/windows.yaml:10:46: spec.steps[1].expect.ready.after: "after" works only with "within" (true between after and within), not with "never"; remove "after" or use "within"`,
          `${invalid}/windows.yaml:12:55: spec.steps[2].expect.ready.after: "after" (40s) must be shorter than "within" (30s)`,
          `${invalid}/windows.yaml:14:42: spec.steps[3].waitFor.ready.after: "after" (3m) must be shorter than the window, which is 2m00s when "within" is not given`,
        ],
      },
      {
        what: 'the plugins\' own checks (selector syntax, regular expressions) at the field they name',
        file: 'plugin-checks.yaml',
        problems: [
          `${invalid}/plugin-checks.yaml:8:30: spec.steps[0].fault.deletePod.target: invalid label selector: empty requirement (two commas in a row, or a trailing comma)`,
          `${invalid}/plugin-checks.yaml:10:46: spec.steps[1].expect.event.message: Invalid regular expression: /probe (failed/: Unterminated group`,
          `${invalid}/plugin-checks.yaml:11:38: spec.steps[1].expect.ready.target.selector: invalid label selector: "app in (web": "(" is never closed (expected e.g. "env in (prod,staging)")`,
        ],
      },
      {
        what: 'manifests: missing, unparseable, empty, namespaced, cluster-scoped, incomplete, duplicated, List, a directory',
        file: 'manifests.yaml',
        problems: [
          `${invalid}/manifests.yaml:7:7: spec.manifests[0]: manifest file ${invalid}/manifests/missing.yaml not found (paths are relative to the scenario file)`,
          `${invalid}/manifests.yaml:9:7: spec.manifests[2]: manifest file ${invalid}/manifests/empty.yaml is empty; expected at least one Kubernetes object`,
          `${invalid}/manifests.yaml:11:57: spec.manifests[4].kind: ClusterRole is cluster-scoped; a scenario may only create namespaced objects, which are deleted with the run's namespace`,
          `${invalid}/manifests.yaml:12:60: spec.manifests[5].metadata.name: duplicate manifest ConfigMap "web"; ${invalid}/manifests/namespaced.yaml:4:9 defines it too`,
          `${invalid}/manifests.yaml:13:7: spec.manifests[6]: missing required field "kind"`,
          `${invalid}/manifests.yaml:14:33: spec.manifests[6].metadata.generateName: metadata.generateName is not supported; set metadata.name (steps and reports refer to objects by name)`,
          `${invalid}/manifests.yaml:15:31: spec.manifests[7].kind: kind List is not supported; write each object as its own YAML document (separated by ---)`,
          `${invalid}/manifests.yaml:16:7: spec.manifests[8]: manifest file ${invalid}/manifests/ is a directory; expected a YAML file`,
          `${invalid}/manifests/broken.yaml:5:2: invalid YAML: bad indentation of a mapping entry (this line is indented 1 spaces and the one above 2: entries of one mapping or list line up, and what belongs under a key is indented deeper than the key) (in a manifest file listed at ${invalid}/manifests.yaml:8:7)`,
          `${invalid}/manifests/namespaced.yaml:5:14: metadata.namespace: manifests are applied into the run's own namespace; remove metadata.namespace`,
          `${invalid}/manifests/namespaced.yaml:10:9: metadata.name: duplicate manifest ConfigMap "web"; ${invalid}/manifests/namespaced.yaml:4:9 defines it too`,
        ],
      },
      {
        what: 'a file that is not a scenario',
        file: 'not-a-scenario.yaml',
        problems: [
          `${invalid}/not-a-scenario.yaml:1:13: apiVersion: not a Faultline scenario: expected apiVersion "faultline.dev/v1alpha1" and kind "Scenario", got apiVersion "v1", kind "ConfigMap" (manifests belong under a scenario's spec.manifests)`,
        ],
      },
      {
        what: 'an unsupported version, and an empty step list',
        file: 'wrong-version.yaml',
        problems: [
          `${invalid}/wrong-version.yaml:1:13: apiVersion: expected "faultline.dev/v1alpha1", got "faultline.dev/v1"`,
          `${invalid}/wrong-version.yaml:6:10: spec.steps: expected at least 1 item, got 0`,
        ],
      },
      {
        what: 'a second document in a scenario file',
        file: 'two-documents.yaml',
        problems: [
          `${invalid}/two-documents.yaml:9:1: a scenario file holds one YAML document, found 2; put manifests in their own file and list it under spec.manifests`,
        ],
      },
      {
        what: 'an empty file',
        file: 'empty.yaml',
        problems: [
          `${invalid}/empty.yaml:1:1: scenario file is empty; expected a Scenario with apiVersion, kind, metadata and spec`,
        ],
      },
    ];
    for (const { what, file, problems } of cases) {
      it(what, async () => {
        expect(await problemsOf(loadScenario(`${invalid}/${file}`))).to.deep.equal(problems);
      });
    }
  });

  describe('refuses files that cannot be YAML', () => {
    let dir = '';
    beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'faultline-load-')); });
    afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

    it('a missing file', async () => {
      expect(await problemsOf(loadScenario(path.join(dir, 'nope.yaml')))).to.deep.equal([`${dir}/nope.yaml:1:1: scenario file not found`]);
    });

    it('binary data, pointing at the first NUL byte', async () => {
      await writeFile(path.join(dir, 'bin.yaml'), Buffer.from('apiVersion: x\nab\0cd'));
      expect(await problemsOf(loadScenario(path.join(dir, 'bin.yaml')))).to.deep.equal([
        `${dir}/bin.yaml:2:3: scenario file is binary (it contains a NUL byte); expected YAML text`,
      ]);
    });

    it('text that is not UTF-8', async () => {
      await writeFile(path.join(dir, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
      expect(await problemsOf(loadScenario(path.join(dir, 'latin1.yaml')))).to.deep.equal([
        `${dir}/latin1.yaml:1:4: scenario file is not valid UTF-8; expected YAML text saved as UTF-8`,
      ]);
    });

    it('a file larger than 1 MiB', async () => {
      await writeFile(path.join(dir, 'huge.yaml'), `apiVersion: faultline.dev/v1alpha1\n${'#'.repeat(1024 * 1024)}\n`);
      expect(await problemsOf(loadScenario(path.join(dir, 'huge.yaml')))).to.deep.equal([
        `${dir}/huge.yaml:1:1: scenario file is 1048612 bytes; expected at most 1 MiB (1048576 bytes) of YAML`,
      ]);
    });

    it('a directory', async () => {
      expect(await problemsOf(loadScenario(dir))).to.deep.equal([`${dir}:1:1: scenario file is a directory; expected a YAML file`]);
    });
  });

  it('uses the plugins it is given instead of the registries', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'faultline-plugins-'));
    try {
      const file = path.join(dir, 'fake.yaml');
      await writeFile(file, [
        'apiVersion: faultline.dev/v1alpha1', 'kind: Scenario', 'metadata: { name: fake }', 'spec:', '  steps:',
        '    - fault: { kill: { target: "a b" } }',
        '    - expect: { up: { target: web, count: 7 } }',
        '    - expect: { renameFile: {} }',
      ].join('\n'));
      expect(await problemsOf(loadScenario(file, { plugins: fakePlugins }))).to.deep.equal([
        `${file}:6:32: spec.steps[0].fault.kill.target: no spaces allowed`,
        `${file}:8:17: spec.steps[2].expect.renameFile: unknown expectation "renameFile"; expected one of: up, seen`,
      ]);
      await writeFile(file, [
        'apiVersion: faultline.dev/v1alpha1', 'kind: Scenario', 'metadata: { name: fake }', 'spec:', '  steps:',
        '    - expect: { up: { target: web, count: 7 } }',
      ].join('\n'));
      const scenario = await loadScenario(file, { plugins: fakePlugins });
      expect(scenario.steps[0]).to.deep.include({ name: 'expect up', action: 'expect' });
      expect(scenario.steps[0]!.action === 'expect' && scenario.steps[0]!.expectations[0]!.window).to.deep.equal({ mode: 'within', ms: 7_000, afterMs: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadScenarios', () => {
  it('finds scenarios in directories recursively, skipping manifests and other files', async () => {
    const { scenarios, problems } = await loadScenarios([valid]);
    expect(problems).to.deep.equal([]);
    expect(scenarios.map((s) => [s.file, s.name])).to.deep.equal([
      [`${valid}/delete-pod-grace.yml`, 'delete-pod-grace'],
      [`${valid}/http-liveness-rename.yaml`, 'http-liveness-rename'],
    ]);
  });

  it('reports broken scenarios and duplicate names, skips broken non-scenarios, and still returns the valid ones', async () => {
    const dir = `${invalid}/directory`;
    const { scenarios, problems } = await loadScenarios([dir, `${valid}/delete-pod-grace.yml`, `${valid}/manifests/nginx-http-liveness.yaml`]);
    expect(scenarios.map((s) => s.name)).to.deep.equal(['same-name', 'delete-pod-grace']);
    expect(problems.map(formatProblem)).to.deep.equal([
      `${dir}/nested/b.yml:4:9: metadata.name: duplicate scenario name "same-name"; ${dir}/a.yaml:4:9 uses it too`,
      `${dir}/nested/broken-scenario.yaml:4:9: invalid YAML: the "[" opened here is never closed; expected a closing ] (the parser gave up at line 5, column 1: deficient indentation)`,
      `${valid}/manifests/nginx-http-liveness.yaml:2:13: apiVersion: not a Faultline scenario: expected apiVersion "faultline.dev/v1alpha1" and kind "Scenario", got apiVersion "apps/v1", kind "Deployment" (manifests belong under a scenario's spec.manifests)`,
    ]);
  });

  it('loads a file once even when it is named and also found in a directory', async () => {
    const { scenarios } = await loadScenarios([`${valid}/delete-pod-grace.yml`, valid]);
    expect(scenarios.map((s) => s.name)).to.deep.equal(['delete-pod-grace', 'http-liveness-rename']);
  });
});
