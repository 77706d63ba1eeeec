/**
 * A reverse proxy that sits between client-node and an API server (the fake one in tests, or a
 * real one over https) and injects the faults a FaultPlan picks: 429 with Retry-After, 500/503,
 * connections reset before the request is served or part-way through the answer, watch streams
 * cut after a few events, and 410 Gone for resumed watches. Exec websockets are tunnelled.
 *
 * @example
 * const proxy = await FaultProxy.start({ target: api.url, plan: new FaultPlan(42) });
 * const cluster = new KubeCluster({ kubeConfig: proxy.kubeConfig({ token: 'test-token' }) });
 * // ... run; proxy.injected lists every fault it injected
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { KubeConfig } from '@kubernetes/client-node';
import { FaultPlan, isWatch, NO_FAULTS, type FaultSource, type InjectedFault, type RequestIdentity } from './fault-plan.js';
import { Gates, type Gate, type RequestMatcher } from './gates.js';
import { refuseUpgrade, sendExpiredWatch, sendStatus } from './status-answers.js';

/** How the proxy reaches and authenticates to the API server behind it. */
export interface Upstream {
  /** `http://127.0.0.1:6443` or `https://10.0.0.1:6443`. */
  readonly target: string;
  readonly ca?: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** Check the server's certificate (default true when `ca` is given). */
  readonly rejectUnauthorized?: boolean;
  /** Headers added to every request sent upstream (e.g. Authorization from a kubeconfig's token). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FaultProxyOptions extends Upstream {
  /** Which faults to inject; default none (a plain proxy, still able to hold requests). */
  readonly plan?: FaultSource;
  readonly host?: string;
  readonly port?: number;
}

/** One fault the proxy injected, for the test to count and to print with a failing seed. */
export interface InjectedRecord {
  readonly fault: InjectedFault | { readonly kind: 'outage'; readonly status: number | 'reset' };
  readonly method: string;
  readonly path: string;
  readonly watch: boolean;
}

/** Answers every request this way while set (except those `spare` accepts): the API server is down. */
export interface Outage {
  readonly status: 503 | 'reset';
  readonly spare?: RequestMatcher;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

export class FaultProxy {
  readonly injected: InjectedRecord[] = [];
  private readonly gates = new Gates();
  private readonly target: URL;
  private readonly plan: FaultSource;
  private readonly sockets = new Set<Duplex>();
  private down: Outage | undefined;
  private address = '';

  private constructor(private readonly options: FaultProxyOptions, private readonly server: Server) {
    this.target = new URL(options.target);
    if (this.target.protocol !== 'http:' && this.target.protocol !== 'https:') {
      throw new Error(`fault-proxy: --target must be an http:// or https:// URL, got ${options.target}`);
    }
    this.plan = options.plan ?? new FaultPlan(0, NO_FAULTS);
    server.on('request', (req, res) => void this.serve(req, res));
    server.on('upgrade', (req, socket, head) => void this.tunnel(req, socket, head));
    server.on('connection', (socket) => this.track(socket));
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const proxy = new FaultProxy(options, createServer());
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const { address, port } = proxy.server.address() as AddressInfo;
    proxy.address = `${address}:${port}`;
    return proxy;
  }

  get url(): string {
    return `http://${this.address}`;
  }

  get seed(): number {
    return this.plan.seed;
  }

  /** A KubeConfig whose current context points at the proxy (plain http, so skipTLSVerify as client-node requires). */
  kubeConfig(user: { token?: string } = {}): KubeConfig {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'fault-proxy', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'fault-proxy', ...(user.token !== undefined && { token: user.token }) }],
      contexts: [{ name: 'fault-proxy', cluster: 'fault-proxy', user: 'fault-proxy' }],
      currentContext: 'fault-proxy',
    });
    return kubeConfig;
  }

  /** Holds the first request `matches` accepts (its answer, or an exec before it is tunnelled) until released. */
  hold(matches: RequestMatcher): Gate {
    return this.gates.hold(matches);
  }

  /** While set, every request gets this answer instead of reaching the API server; undefined ends the outage. */
  outage(outage: Outage | undefined): void {
    this.down = outage;
  }

  /** Counts of injected faults by kind. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { fault } of this.injected) counts[fault.kind] = (counts[fault.kind] ?? 0) + 1;
    return counts;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await closed;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = identify(req, false);
    if (this.answerOutage(request, () => sendStatus(res, 503, 'fault-proxy: the API server is down (outage)'), () => req.socket.destroy())) return;
    const fault = this.plan.decide(request);
    if (fault) this.injected.push({ fault, method: request.method, path: request.path, watch: isWatch(request) });
    switch (fault?.kind) {
      case 'throttle': return sendStatus(res, 429, 'fault-proxy: too many requests, please try again later', fault.retryAfterSeconds);
      case 'server-error': return sendStatus(res, fault.status, `fault-proxy: injected HTTP ${fault.status}`);
      case 'reset-request': {
        req.socket.destroy();
        return;
      }
      case 'gone': {
        const resourceVersion = request.query.get('resourceVersion') ?? '';
        if (fault.as === 'status') return sendStatus(res, 410, `too old resource version: ${resourceVersion}`);
        return sendExpiredWatch(res, resourceVersion);
      }
      default: break;
    }
    const body = await readAll(req);
    let upstream: IncomingMessage;
    const outgoing = this.send(req, body);
    // A client that goes away (an aborted watch) ends the upstream request too.
    res.on('close', () => outgoing.destroy());
    try {
      upstream = await new Promise<IncomingMessage>((resolve, reject) => {
        outgoing.once('response', resolve);
        outgoing.once('error', reject);
        outgoing.end(body);
      });
    } catch (error) {
      if (!res.headersSent && !res.destroyed) sendStatus(res, 502, `fault-proxy: the API server behind the proxy did not answer: ${(error as Error).message}`);
      return;
    }
    await this.gates.pass(request);
    if (res.destroyed) {
      upstream.destroy();
      return;
    }
    const headers = forwardedHeaders(upstream.headers);
    if (fault?.kind === 'reset-response' && fault.framing === 'chunked') delete headers['content-length'];
    res.writeHead(upstream.statusCode ?? 502, headers);
    // A watch's answer has headers long before its first event: the client waits for them.
    res.flushHeaders();
    if (fault?.kind === 'reset-response') return cutAnswer(upstream, res);
    if (fault?.kind === 'drop-watch') return cutWatch(upstream, res, fault.afterEvents);
    upstream.pipe(res);
    upstream.on('error', () => res.destroy());
  }

  /** Exec websockets: faults that keep the command from starting, a gate, then a raw tunnel. */
  private async tunnel(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    this.track(socket);
    const request = identify(req, true);
    if (this.answerOutage(request, () => refuseUpgrade(socket, 503, 'fault-proxy: the API server is down (outage)'), () => socket.destroy())) return;
    const fault = this.plan.decide(request);
    if (fault) this.injected.push({ fault, method: request.method, path: request.path, watch: isWatch(request) });
    if (fault?.kind === 'throttle') return refuseUpgrade(socket, 429, 'fault-proxy: too many requests', fault.retryAfterSeconds);
    if (fault?.kind === 'server-error') return refuseUpgrade(socket, fault.status, `fault-proxy: injected HTTP ${fault.status}`);
    if (fault?.kind === 'reset-request') {
      socket.destroy();
      return;
    }
    await this.gates.pass(request);
    if (socket.destroyed) return;
    const upstream = this.connectUpstream();
    this.track(upstream);
    const headers = { ...req.headers, ...this.options.headers, host: this.target.host };
    const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`, ...headerLines(headers), '', ''];
    upstream.write(lines.join('\r\n'));
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket).pipe(upstream);
    const closeBoth = (): void => { upstream.destroy(); socket.destroy(); };
    upstream.on('error', closeBoth);
    socket.on('error', closeBoth);
    upstream.on('close', closeBoth);
    socket.on('close', closeBoth);
  }

  private answerOutage(request: RequestIdentity, answer503: () => void, reset: () => void): boolean {
    const down = this.down;
    if (!down || down.spare?.(request)) return false;
    this.injected.push({ fault: { kind: 'outage', status: down.status }, method: request.method, path: request.path, watch: isWatch(request) });
    if (down.status === 'reset') reset();
    else answer503();
    return true;
  }

  private send(req: IncomingMessage, body: Buffer): ReturnType<typeof httpRequest> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    Object.assign(headers, this.options.headers, { host: this.target.host, 'content-length': String(body.length) });
    const common = { method: req.method ?? 'GET', path: req.url ?? '/', headers, host: this.target.hostname, port: this.target.port || undefined };
    if (this.target.protocol === 'http:') return httpRequest({ ...common, agent: false });
    return httpsRequest({ ...common, agent: false, ...this.tlsOptions() });
  }

  private connectUpstream(): Socket {
    const port = Number(this.target.port || (this.target.protocol === 'https:' ? 443 : 80));
    if (this.target.protocol === 'http:') return netConnect(port, this.target.hostname);
    return tlsConnect({ port, host: this.target.hostname, servername: this.target.hostname, ...this.tlsOptions() });
  }

  private tlsOptions(): { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized: boolean } {
    const { ca, cert, key } = this.options;
    return {
      ...(ca !== undefined && { ca }), ...(cert !== undefined && { cert }), ...(key !== undefined && { key }),
      rejectUnauthorized: this.options.rejectUnauthorized ?? ca !== undefined,
    };
  }

  private track(socket: Duplex): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}

function identify(req: IncomingMessage, upgrade: boolean): RequestIdentity {
  const url = new URL(req.url ?? '/', 'http://proxy');
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, upgrade };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

function headerLines(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): string[] {
  return Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [value].flat().map((v) => `${name}: ${v}`)));
}

/** The API server did the work; its answer is cut off half-way and the connection reset. */
function cutAnswer(upstream: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
  upstream.on('end', () => {
    const body = Buffer.concat(chunks);
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
  });
}

/** Passes `afterEvents` whole watch events through, then resets the connection. */
function cutWatch(upstream: IncomingMessage, res: ServerResponse, afterEvents: number): void {
  let passed = 0;
  let pending = '';
  const cut = (): void => {
    upstream.destroy();
    res.socket?.destroy();
  };
  if (afterEvents === 0) {
    setImmediate(cut);
    return;
  }
  upstream.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let newline: number;
    while ((newline = pending.indexOf('\n')) !== -1) {
      const line = pending.slice(0, newline + 1);
      pending = pending.slice(newline + 1);
      res.write(line);
      if (++passed >= afterEvents) {
        upstream.removeAllListeners('data');
        res.write('', () => cut());
        return;
      }
    }
  });
  upstream.on('end', () => res.end(pending));
  upstream.on('error', cut);
}

