/**
 * Real recordings for replay tests: runScenario against the fake API server and the simulated kubelet,
 * on a ManualClock so every entry's time is exact, then through JSON as a results file would carry it.
 */
import { rm } from 'node:fs/promises';
import { ManualClock } from '../../framework/engine/clock.js';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import type { Scenario } from '../../framework/model/scenario.js';
import { scenarioYaml, temporaryFolder, WEB_MANIFESTS, writeFiles } from '../integration/harness.js';
import { RENAME, ScenarioRig, WAIT_READY, type Run } from '../integration/scenario-rig.js';

export const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
export const NAME = 'http-liveness-rename';

/** P1's steps, with the restart expectation as given (YAML of the restarts mapping). */
export function p1Yaml(restarts = 'restarts: { target: { selector: app=web, container: web }, atLeast: 1, within: 2s }', more = ''): string {
  return scenarioYaml(NAME, `${WAIT_READY}${RENAME}
    - name: the kubelet restarts the container
      expect:
        ${restarts}${more}`);
}

export interface Story {
  readonly rig: ScenarioRig;
  readonly run: Run;
  readonly clock: ManualClock;
  readonly pod: string;
}

/** Runs `yaml` while `story` plays the kubelet, and resolves with the result as read back from JSON. */
export async function record(yaml: string, story: (story: Story) => Promise<void>): Promise<{ result: ScenarioResult; pod: string }> {
  const rig = await ScenarioRig.create();
  try {
    rig.api.onExec(() => ({ exitCode: 0 }));
    const clock = new ManualClock(T0);
    const run = await rig.start(yaml, { clock });
    const pod = await rig.readyPod();
    await story({ rig, run, clock, pod });
    const result = await run.result;
    return { result: JSON.parse(JSON.stringify(result)) as ScenarioResult, pod };
  } finally {
    await rig.stop();
  }
}

/** P1: ready at once, index.html renamed, and the kubelet restarts the container 600ms into step 3. */
export function recordP1(yaml = p1Yaml()): Promise<{ result: ScenarioResult; pod: string }> {
  return record(yaml, async ({ rig, run, clock, pod }) => {
    await run.log.until('step 3/');
    clock.advance(600);
    rig.sim.restart(pod, { reason: 'Completed', exitCode: 0 });
  });
}

/** A folder with manifests/web.yaml, where tests write twins of the recorded scenario. */
export class TwinFolder {
  private constructor(readonly dir: string) {}

  static async create(): Promise<TwinFolder> {
    const dir = await temporaryFolder();
    await writeFiles(dir, { 'manifests/web.yaml': WEB_MANIFESTS });
    return new TwinFolder(dir);
  }

  /** Writes `yaml` as `name` and resolves with its path. */
  write(name: string, yaml: string): Promise<string> {
    return writeFiles(this.dir, { [name]: yaml });
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }

  /** Writes and loads a twin. */
  async load(name: string, yaml: string): Promise<Scenario> {
    return loadScenario(await this.write(name, yaml));
  }
}
