/**
 * What the integration and CLI tests share: scenario files in a temporary folder, a retry policy
 * that never waits, and promises for things the fake API server and the engine do.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RetryPolicy } from '../../framework/cluster/retry.js';
import type { FakeApiServer, RecordedRequest } from '../support/fake-api-server/index.js';

/** The Deployment `web` (label app=web, container web) and the Service `web` in front of it. */
export const WEB_MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: 1
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.20.2
          livenessProbe:
            httpGet: { path: /index.html, port: 80 }
            periodSeconds: 3
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
    - port: 80
`;

/** A folder of its own under the system's temporary folder. */
export function temporaryFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'faultline-it-'));
}

/** Writes `files` (relative path → text) under `dir`, creating folders; resolves with the first file's full path. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<string> {
  const paths: string[] = [];
  for (const [relative, text] of Object.entries(files)) {
    const path = join(dir, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
    paths.push(path);
  }
  return paths[0] ?? dir;
}

/** A scenario named `name` over manifests/web.yaml, with `steps` as YAML lines indented under `steps:`. */
export function scenarioYaml(name: string, steps: string, options: { timeout?: string; manifests?: string } = {}): string {
  return [
    'apiVersion: faultline.dev/v1alpha1',
    'kind: Scenario',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  manifests: [${options.manifests ?? 'manifests/web.yaml'}]`,
    `  timeout: ${options.timeout ?? '1m'}`,
    '  steps:',
    steps.replace(/^\n/, '').trimEnd(),
    '',
  ].join('\n');
}

export interface FastRetry {
  readonly policy: RetryPolicy;
  /** Every Retry-After wait asked for, in milliseconds. */
  readonly waits: number[];
}

/** Retries that back off for a few milliseconds and never wait out a Retry-After (they record it). */
export function fastRetry(): FastRetry {
  const waits: number[] = [];
  return {
    waits,
    policy: { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 5, maxRetryAfterMs: 10, wait: async (ms) => { waits.push(ms); } },
  };
}

type RequestListener = (request: RecordedRequest) => void;
const requestListeners = new WeakMap<FakeApiServer, Set<RequestListener>>();

/**
 * Calls `listener` synchronously as each request is recorded, before the fake answers it (so it may
 * still change how the fake answers). The fake has no request hook: its `requests` array is told to
 * announce what is pushed onto it. Returns the function that stops listening.
 */
export function onRequest(api: FakeApiServer, listener: RequestListener): () => void {
  let listeners = requestListeners.get(api);
  if (!listeners) {
    const announced = new Set<RequestListener>();
    listeners = announced;
    requestListeners.set(api, announced);
    const requests = api.requests;
    const push = requests.push.bind(requests);
    requests.push = (...items: RecordedRequest[]): number => {
      const length = push(...items);
      for (const item of items) for (const each of [...announced]) each(item);
      return length;
    };
  }
  const registered = listeners;
  registered.add(listener);
  return () => registered.delete(listener);
}

/** The first request matching `matches`, already received or still to come. */
export function requestArrives(api: FakeApiServer, matches: (request: RecordedRequest) => boolean): Promise<RecordedRequest> {
  const seen = api.requests.find(matches);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const stop = onRequest(api, (request) => {
      if (!matches(request)) return;
      stop();
      resolve(request);
    });
  });
}

/** The watch the run opens on its own namespace while it waits for the namespace to be gone. */
export function namespaceWatch(namespace: string): (request: RecordedRequest) => boolean {
  return (request) => request.verb === 'watch' && request.path === '/api/v1/namespaces'
    && request.query.get('fieldSelector') === `metadata.name=${namespace}`;
}

/** Lines logged by a run, with a promise for the first line containing some text. */
export class LogLines {
  readonly lines: string[] = [];
  private readonly waiters: Array<{ text: string; resolve: () => void }> = [];

  readonly log = (line: string): void => {
    this.lines.push(line);
    for (const waiter of this.waiters.filter((w) => line.includes(w.text))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  until(text: string): Promise<void> {
    if (this.lines.some((line) => line.includes(text))) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ text, resolve }));
  }
}
