import { expect } from 'chai';
import { main } from '../../framework/cli/main.js';
import { P1_PROBE } from '../timing/pods.js';
import { removeScenarioFiles, RENAME, scenarioFile, WAIT, webManifests } from '../timing/scenario-files.js';
import { PROJECT_ROOT } from './cli-harness.js';

async function plan(...files: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['plan', ...files], (text) => out.push(...text.split('\n')), (text) => err.push(...text.split('\n')));
  return { code, out, err };
}

/** The lines from `first` up to the next blank line. */
const section = (lines: readonly string[], first: string): string[] => {
  const start = lines.indexOf(first);
  const end = lines.indexOf('', start);
  return lines.slice(start, end === -1 ? undefined : end);
};

describe('faultline plan', () => {
  after(removeScenarioFiles);

  it('prints the pods\' timing settings, each step\'s expectations with when they can happen and their windows, and the assumptions', async () => {
    const file = await scenarioFile(`${WAIT}${RENAME}
    - name: the kubelet restarts the container
      expect:
        restarts: { target: { selector: app=web, container: web }, atLeast: 1 }
        event: { reason: Unhealthy, within: 30s }`, webManifests({ livenessProbe: P1_PROBE }), 'p1');
    const { code, out, err } = await plan(file);
    expect({ code, err }).to.deep.equal({ code: 0, err: [] });
    expect(out[0]).to.equal(`p1 (${file}), timeout 5m`);
    expect(section(out, 'Pods, from the manifests:')).to.deep.equal([
      'Pods, from the manifests:',
      '  Deployment web (app=web), 1 replica',
      '    container web: terminationGracePeriodSeconds 30, no preStop hook',
      '      liveness httpGet /index.html :80 (initialDelaySeconds 5, periodSeconds 3, timeoutSeconds 2, failureThreshold 3)',
    ]);
    expect(section(out, "Steps (each window counts from its step's start):")).to.deep.equal([
      "Steps (each window counts from its step's start):",
      '  1. waitFor "waitFor ready"',
      '     - ready, within 2m (default of waitFor steps)',
      '         not timed: container web has no readiness probe: Ready as soon as it runs, and its start is not timed',
      '  2. fault "fault renameFile" (renameFile)',
      '       Deployment web: breaks the liveness httpGet /index.html :80 probe (container web)',
      '  3. expect "the kubelet restarts the container"',
      '     - restarts, within 25s (computed: latest 15s + margin)',
      '         ~9s (6–15s) after the rename (step 2): restartCount 1',
      '         because a liveness probe with periodSeconds 3 and failureThreshold 3 kills the container 6–11s after the rename (step 2)',
      '     - event, within 30s (as written)',
      "         not timed: events are not timed (the kubelet's spam filter may drop them)",
    ]);
    const assumptions = section(out, 'Assumptions (experiments.md, "Timing rules (kubelet)"):');
    expect(assumptions).to.have.length(6);
    expect(assumptions).to.include('  - Probes pass until the fault breaks them (the scenario waits for the pods first).');
  });

  it('prints the plan and, as validate does, a window that can never be met: exit 2', async () => {
    const file = await scenarioFile(`${WAIT}${RENAME}
    - expect:
        restarts: { target: app=web, atLeast: 1, within: 3s }`, webManifests({ livenessProbe: P1_PROBE }));
    const { code, out, err } = await plan(file);
    expect(code).to.equal(2);
    expect(out).to.include('         note: the window ends before the latest time (15s): a slow cluster may miss it');
    expect(err[0]).to.match(/^.*scenario\.yaml:\d+:\d+: spec\.steps\[2\]\.expect\.restarts\.within: restarts within 3s can never be met: /);
    expect(err.at(-1)).to.equal('1 problem(s); nothing was sent to any cluster.');
  });

  it('prints only the problems of a file that does not load, and asks for a file when given none', async () => {
    const file = await scenarioFile(`
    - expect:
        restarts: { target: app=web, atLeast: 1, within: soon }`, webManifests({}));
    const broken = await plan(file);
    expect({ code: broken.code, out: broken.out }).to.deep.equal({ code: 2, out: [] });
    expect(broken.err[0]).to.contain('spec.steps[0].expect.restarts.within: expected a duration');
    const none = await plan();
    expect(none.code).to.equal(2);
    expect(none.err).to.deep.equal(['faultline plan: expected a scenario file', 'usage: faultline plan FILE [FILE ...]']);
  });

  it('times the library\'s P1 and P5 as experiments.md measured them (~9s after the rename; first restart ~14s, CrashLoopBackOff within 1-2 min)', async () => {
    const { code, out } = await plan(`${PROJECT_ROOT}scenarios/probes/http-liveness-rename.yaml`, `${PROJECT_ROOT}scenarios/probes/liveness-missing-path.yaml`);
    expect(code).to.equal(0);
    expect(out.filter((line) => /^ {9}~/.test(line))).to.include.members([
      '         ~9s (6–15s) after the rename (step 2): restartCount 1',
      '         ~14s (11–20s) after the container starts: restartCount 1',
      '         ~56s (22s–1m40s) after the container starts: waiting CrashLoopBackOff',
    ]);
  });
});
