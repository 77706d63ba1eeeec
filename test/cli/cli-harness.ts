/** Running the faultline command in-process (through `main`) and as a child process, with its output captured. */
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { main } from '../../framework/cli/main.js';
import { FakeApiServer, type FakeApiServerOptions } from '../support/fake-api-server/index.js';
import { scenarioYaml, temporaryFolder, writeFiles } from '../integration/harness.js';

/** The project root, where `bin/faultline.js` lives (this file runs from dist/test/cli/). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(PROJECT_ROOT, 'bin', 'faultline.js');

/** Passes once the pod is Ready and in the Service's endpoints. */
export const PASSING = scenarioYaml('web-comes-up', `
    - waitFor:
        - ready: { target: app=web }
        - endpoints: { service: web, target: app=web, present: true }`);

/** Nothing ever restarts the container. */
export const FAILING = scenarioYaml('web-restarts', `
    - waitFor:
        ready: { target: app=web }
    - name: the container restarts
      expect:
        restarts: { target: { selector: app=web, container: web }, atLeast: 1, within: 200ms }`);

export interface CliOutcome {
  readonly code: number;
  /** What was printed, one entry per line. */
  readonly out: string[];
  readonly err: string[];
}

/** Runs `faultline <argv>` in this process, with KUBECONFIG set to `kubeconfig` (or unset) for the duration. */
export async function runCli(argv: readonly string[], options: { kubeconfig?: string } = {}): Promise<CliOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = process.env['KUBECONFIG'];
  if (options.kubeconfig === undefined) delete process.env['KUBECONFIG'];
  else process.env['KUBECONFIG'] = options.kubeconfig;
  try {
    const code = await main(argv, (line) => out.push(...line.split('\n')), (line) => err.push(...line.split('\n')));
    return { code, out, err };
  } finally {
    if (saved === undefined) delete process.env['KUBECONFIG'];
    else process.env['KUBECONFIG'] = saved;
  }
}

/** What `withFakeCluster` makes for a test. */
export interface FakeClusterSetup {
  readonly api: FakeApiServer;
  /** A folder of its own, removed afterwards. */
  readonly dir: string;
  /** A kubeconfig file in `dir` whose current context points at `api`. */
  readonly kubeconfig: string;
}

export interface FakeClusterOptions {
  readonly server?: FakeApiServerOptions;
  /** Files written into the folder first (relative path → text). */
  readonly files?: Record<string, string>;
  /** 'each' (default): a fresh server and folder for every test; 'all': one for the whole suite. */
  readonly per?: 'each' | 'all';
}

/**
 * Registers the mocha hooks that make a fake API server, a temporary folder and a kubeconfig for it
 * before each test (or once, with per: 'all') and remove them after; `use` receives them.
 *
 * @example
 * let api: FakeApiServer; let kubeconfig: string;
 * withFakeCluster((made) => ({ api, kubeconfig } = made), { files: { 'scenarios/manifests/web.yaml': WEB_MANIFESTS } });
 */
export function withFakeCluster(use: (setup: FakeClusterSetup) => void, options: FakeClusterOptions = {}): void {
  const [setUp, tearDown] = options.per === 'all' ? [before, after] : [beforeEach, afterEach];
  let made: { api: FakeApiServer; dir: string } | undefined;
  setUp(async () => {
    const api = await FakeApiServer.start(options.server);
    const dir = await temporaryFolder();
    made = { api, dir };
    if (options.files) await writeFiles(dir, options.files);
    use({ api, dir, kubeconfig: await writeKubeconfig(dir, api) });
  });
  tearDown(async () => {
    if (!made) return;
    const { api, dir } = made;
    made = undefined;
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  });
}

/** Writes a kubeconfig file whose current context 'fake' points at the fake API server. */
export async function writeKubeconfig(dir: string, api: FakeApiServer): Promise<string> {
  const path = join(dir, 'kubeconfig.json');
  await writeFile(path, api.kubeConfig().exportConfig(), 'utf8');
  return path;
}

/** Writes a kubeconfig file for a server that refuses connections: a port that was free a moment ago. */
export async function writeClosedPortKubeconfig(dir: string): Promise<{ path: string; server: string }> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
  const server = `https://127.0.0.1:${port}`;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'gone', server, skipTLSVerify: true }],
    users: [{ name: 'gone', token: 'test-token' }],
    contexts: [{ name: 'gone-context', cluster: 'gone', user: 'gone' }],
    currentContext: 'gone-context',
  });
  const path = join(dir, 'closed.kubeconfig.json');
  await writeFile(path, kubeConfig.exportConfig(), 'utf8');
  return { path, server };
}

export interface ChildCli {
  /** Sends a signal to the child, e.g. SIGINT as Ctrl-C does. */
  kill(signal: NodeJS.Signals): void;
  /** Resolves once the child has written `text` to stderr. */
  stderrIncludes(text: string): Promise<void>;
  /** Resolves when the child has exited, with its exit code and everything it printed. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `node bin/faultline.js <args>` from the project root, with KUBECONFIG as given. */
export function spawnCli(args: readonly string[], options: { kubeconfig: string }): ChildCli {
  const env = { ...process.env, KUBECONFIG: options.kubeconfig, NO_COLOR: '1', FORCE_COLOR: '0' };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const waiter of waiters.filter((w) => stderr.includes(w.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    kill: (signal) => { child.kill(signal); },
    stderrIncludes: (text) => (stderr.includes(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ text, resolve }))),
    exited,
  };
}
