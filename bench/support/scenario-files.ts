/** Scenario files written for a benchmark into a temporary folder, and loaded as the CLI would. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import type { Scenario } from '../../framework/model/scenario.js';

/** A Deployment `web` of `replicas` busybox pods (label app=web, container main), no probes. */
export function webDeployment(replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: main
          image: busybox:1.28
          command: [sleep, "3600"]
`;
}

/** A scenario over manifests/web.yaml, its steps as YAML lines indented under `steps:`. */
export function scenarioYaml(name: string, steps: string, timeout = '3m'): string {
  return `apiVersion: faultline.dev/v1alpha1
kind: Scenario
metadata:
  name: ${name}
spec:
  manifests: [manifests/web.yaml]
  timeout: ${timeout}
  steps:
${steps.replace(/^\n/, '').trimEnd()}
`;
}

export class ScenarioFolder {
  private constructor(readonly dir: string) {}

  static async create(manifest: string): Promise<ScenarioFolder> {
    const dir = await mkdtemp(join(tmpdir(), 'faultline-bench-'));
    await mkdir(join(dir, 'manifests'));
    await writeFile(join(dir, 'manifests', 'web.yaml'), manifest, 'utf8');
    return new ScenarioFolder(dir);
  }

  async scenario(name: string, yaml: string): Promise<Scenario> {
    const file = join(this.dir, `${name}.yaml`);
    await writeFile(file, yaml, 'utf8');
    return loadScenario(file);
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}
