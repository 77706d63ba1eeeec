import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

/** Debian's Chromium; .ci/run installs it (`apt-get install -y chromium`). */
export const CHROMIUM = process.env['CHROMIUM'] ?? 'chromium';

/**
 * Headless Chromium driven over the DevTools protocol, through one page.
 *
 * @example
 * const browser = await Chromium.launch({ width: 1280, height: 1000 });
 * await browser.open('file:///tmp/report.html');
 * const png = await browser.screenshot();
 */
export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Set<(method: string, params: Record<string, unknown>) => void>();

  private constructor(private readonly child: ChildProcess, private readonly socket: WebSocket, private readonly profile: string, private session = '') {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: Record<string, unknown> };
      if (message.id !== undefined) {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(`DevTools: ${message.error.message}`));
        else waiter?.resolve(message.result);
      } else if (message.method) {
        this.listeners.forEach((listener) => listener(message.method!, message.params ?? {}));
      }
    });
  }

  static async launch(viewport: { width: number; height: number }): Promise<Chromium> {
    const profile = await mkdtemp(join(tmpdir(), 'faultline-chromium-'));
    const child = spawn(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-extensions',
      '--remote-debugging-port=0', `--user-data-dir=${profile}`, `--window-size=${viewport.width},${viewport.height}`, 'about:blank',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    // Chromium prints where its DevTools endpoint listens once it is ready.
    const endpoint = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child.on('error', (error) => reject(new Error(`could not start ${CHROMIUM} (${error.message}): install it with \`apt-get install -y chromium\``)));
      child.on('exit', (code) => reject(new Error(`${CHROMIUM} exited with ${code} before DevTools listened:\n${stderr}`)));
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /DevTools listening on (ws:\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
    });
    const socket = new WebSocket(endpoint, { perMessageDeflate: false });
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
    const browser = new Chromium(child, socket, profile);
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' }) as { targetId: string };
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
    browser.session = sessionId;
    await browser.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
    return browser;
  }

  /** Sends a DevTools command to the page (or to the browser before a page is attached). */
  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params, ...(this.session && { sessionId: this.session }) }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** Loads `url` and resolves once its load event fired, with every URL the page requested. */
  async open(url: string): Promise<string[]> {
    const requested: string[] = [];
    await this.send('Network.enable');
    await this.send('Page.enable');
    const loaded = new Promise<void>((resolve) => {
      const listener = (method: string, params: Record<string, unknown>): void => {
        if (method === 'Network.requestWillBeSent') requested.push((params['request'] as { url: string }).url);
        if (method === 'Page.loadEventFired') { this.listeners.delete(listener); resolve(); }
      };
      this.listeners.add(listener);
    });
    await this.send('Page.navigate', { url });
    await loaded;
    return requested;
  }

  /** Evaluates `expression` in the page and returns its value (JSON-serialisable). */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, returnByValue: true }) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.text}`);
    return result.value;
  }

  /** A PNG of the viewport. */
  async screenshot(): Promise<Buffer> {
    const { data } = await this.send('Page.captureScreenshot', { format: 'png' }) as { data: string };
    return Buffer.from(data, 'base64');
  }

  async close(): Promise<void> {
    this.socket.close();
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
    await rm(this.profile, { recursive: true, force: true });
  }
}
