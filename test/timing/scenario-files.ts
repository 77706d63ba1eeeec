/** Scenario files over chosen manifests, in a temporary folder, for the timing tests of whole scenarios. */
import { rm } from 'node:fs/promises';
import { scenarioYaml, temporaryFolder, writeFiles } from '../integration/harness.js';
import { nginxPodSpec } from './pods.js';

const HTML = '/usr/share/nginx/html';

/** Steps, as YAML lines under `steps:`: wait for app=web, rename its index.html, rename it back. */
export const WAIT = `
    - waitFor:
        ready: { target: app=web }`;
export const RENAME = `
    - fault:
        renameFile: { target: { selector: app=web, container: web }, from: ${HTML}/index.html, to: ${HTML}/index.htm }`;
export const RENAME_BACK = `
    - fault:
        renameFile: { target: { selector: app=web, container: web }, from: ${HTML}/index.htm, to: ${HTML}/index.html }`;

export interface WorkloadOptions {
  readonly kind?: 'Deployment' | 'Pod';
  readonly replicas?: number;
  readonly pod?: Record<string, unknown>;
}

/** A Deployment (or bare Pod) `web`, labels app=web, one nginx container `web` with `container` fields, and a Service `web` (JSON is YAML). */
export function webManifests(container: Record<string, unknown>, options: WorkloadOptions = {}): string {
  const podSpec = nginxPodSpec(container, options.pod);
  const workload = options.kind === 'Pod'
    ? { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: podSpec }
    : {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: options.replicas ?? 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec } },
    };
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
  return [workload, service].map((o) => JSON.stringify(o)).join('\n---\n');
}

/** Folders made by `scenarioFile`, removed by `removeScenarioFiles`. */
const folders: string[] = [];

/** Writes manifests/web.yaml and scenario.yaml (steps as YAML lines under `steps:`) to a new folder; resolves with the scenario's path. */
export async function scenarioFile(steps: string, manifests: string, name = 'timed'): Promise<string> {
  const dir = await temporaryFolder();
  folders.push(dir);
  return writeFiles(dir, { 'scenario.yaml': scenarioYaml(name, steps, { timeout: '5m' }), 'manifests/web.yaml': manifests });
}

export async function removeScenarioFiles(): Promise<void> {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** 1-based `line:column` of the first `text` in the file's YAML. */
export function positionIn(yaml: string, text: string): string {
  const lines = yaml.split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  return `${line + 1}:${lines[line]!.indexOf(text) + 1}`;
}
