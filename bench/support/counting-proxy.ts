/**
 * A proxy in front of a real API server that counts every request by Kubernetes verb and stamps each
 * watch event as its bytes pass through, so the benchmarks can count API load and time verdicts from
 * the moment the API server delivered the deciding change. Faultline talks to it over plain HTTP on
 * the loopback; the proxy adds the kubeconfig's credentials and speaks TLS to the API server (or plain
 * HTTP to the tests' fake one).
 * Exec websockets are passed through (and counted) too.
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { KubeConfig } from '@kubernetes/client-node';
import { isWatch, parsePath, verbOf } from '../../test/support/fake-api-server/request-path.js';
import type { KubeVerb } from '../../test/support/fake-api-server/types.js';
import type { VerbCounts } from './fake-cluster-protocol.js';
import { countByVerb } from './verb-table.js';
import { preciseNow } from './stats.js';

export interface CountedRequest {
  readonly verb: KubeVerb;
  readonly method: string;
  readonly path: string;
  readonly at: number;
}

/** One watch event as it passed through: when, and which change of which object. */
export interface PassedEvent {
  readonly at: number;
  readonly type: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly resourceVersion: string;
}

/** Hop-by-hop headers, and the encoding (watch lines are read as they pass, so they stay uncompressed). */
const DROPPED = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'accept-encoding', 'authorization']);

export class CountingProxy {
  readonly requests: CountedRequest[] = [];
  readonly events: PassedEvent[] = [];
  private readonly firstSeen = new Map<string, PassedEvent>();
  private readonly sockets = new Set<Socket | Duplex>();
  private address = '';

  private constructor(private readonly upstream: URL, private readonly base: RequestOptions, private readonly server: Server) {}

  /** Starts a proxy to the current cluster of `kubeConfig`, with its credentials. */
  static async start(kubeConfig: KubeConfig): Promise<CountingProxy> {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('counting proxy: the kubeconfig has no current cluster');
    const upstream = new URL(cluster.server);
    if (upstream.protocol !== 'https:' && upstream.protocol !== 'http:') throw new Error(`counting proxy: expected an http(s) API server, got ${cluster.server}`);
    const base: RequestOptions = {};
    await kubeConfig.applyToHTTPSOptions(base);
    // One keep-alive agent with the kubeconfig's TLS material: no handshake per request.
    base.agent = upstream.protocol === 'http:' ? new HttpAgent({ keepAlive: true }) : new Agent({
      keepAlive: true, ca: base.ca, cert: base.cert, key: base.key,
      ...(base.rejectUnauthorized !== undefined && { rejectUnauthorized: base.rejectUnauthorized }),
      ...(base.servername !== undefined && { servername: base.servername }),
    });
    const server = createServer();
    const proxy = new CountingProxy(upstream, base, server);
    server.on('request', (req, res) => proxy.forward(req, res));
    server.on('upgrade', (req, socket, head) => proxy.forwardUpgrade(req, socket, head));
    server.on('connection', (socket) => {
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** A KubeConfig whose only context talks to the API server through this proxy. */
  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      // client-node refuses plain http unless skipTLSVerify is set; the proxy holds the credentials.
      clusters: [{ name: 'counted', server: `http://${this.address}`, skipTLSVerify: true }],
      users: [{ name: 'counted' }],
      contexts: [{ name: 'counted', cluster: 'counted', user: 'counted' }],
      currentContext: 'counted',
    });
    return kc;
  }

  /** Requests by verb, from position `since` of `requests` on. */
  countsSince(since = 0): VerbCounts {
    return countByVerb(this.requests.slice(since));
  }

  /** The first time a watch delivered this resourceVersion (one change of one object). */
  deliveredAt(resourceVersion: string): PassedEvent | undefined {
    return this.firstSeen.get(resourceVersion);
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.sockets.forEach((socket) => socket.destroy());
    (this.base.agent as HttpAgent).destroy();
    await closed;
  }

  private count(req: IncomingMessage): URL {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const method = req.method ?? 'GET';
    this.requests.push({ verb: verbOf(method, parsePath(url.pathname), url.searchParams), method, path: url.pathname, at: preciseNow() });
    return url;
  }

  private options(req: IncomingMessage, url: URL, extraHeaders: OutgoingHttpHeaders = {}): RequestOptions {
    const headers: OutgoingHttpHeaders = { ...(this.base.headers as OutgoingHttpHeaders | undefined) };
    for (const [name, value] of Object.entries(req.headers)) if (!DROPPED.has(name) && value !== undefined) headers[name] = value;
    return {
      ...this.base, hostname: this.upstream.hostname, port: this.upstream.port || (this.upstream.protocol === 'http:' ? 80 : 443),
      method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, headers: { ...headers, ...extraHeaders },
    };
  }

  /** https to a real API server; plain http to the tests' fake one. */
  private get send(): typeof httpsRequest {
    return this.upstream.protocol === 'http:' ? (httpRequest as unknown as typeof httpsRequest) : httpsRequest;
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const url = this.count(req);
    const watching = isWatch(url.searchParams);
    const upstream = this.send(this.options(req, url), (answer) => {
      res.writeHead(answer.statusCode ?? 502, stripHopByHop(answer.headers));
      // A watch's headers go on at once: the client counts the watch as open when they arrive, events or not.
      if (watching) res.flushHeaders();
      if (watching && (answer.statusCode ?? 0) < 300) this.tapWatch(answer);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`counting proxy: ${error.message}`);
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  /** Stamps every event line of a watch as it arrives, before it is passed on. */
  private tapWatch(answer: IncomingMessage): void {
    let pending = '';
    answer.setEncoding('utf8');
    answer.on('data', (chunk: string) => {
      const at = preciseNow();
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim() !== '') this.recordEvent(line, at);
        newline = pending.indexOf('\n');
      }
    });
  }

  private recordEvent(line: string, at: number): void {
    const { type, object } = JSON.parse(line) as { type: string; object: { kind?: string; metadata?: { namespace?: string; name?: string; resourceVersion?: string } } };
    const event: PassedEvent = {
      at, type, kind: object.kind ?? '', name: object.metadata?.name ?? '', resourceVersion: object.metadata?.resourceVersion ?? '',
      ...(object.metadata?.namespace !== undefined && { namespace: object.metadata.namespace }),
    };
    this.events.push(event);
    if (!this.firstSeen.has(event.resourceVersion)) this.firstSeen.set(event.resourceVersion, event);
  }

  private forwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = this.count(req);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    const upstream = this.send(this.options(req, url, { connection: 'Upgrade', upgrade: req.headers.upgrade ?? 'websocket' }));
    upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
      this.sockets.add(upstreamSocket);
      upstreamSocket.on('close', () => this.sockets.delete(upstreamSocket));
      const lines = [`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`];
      for (let i = 0; i < answer.rawHeaders.length; i += 2) lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (upstreamHead.length > 0) socket.write(upstreamHead);
      if (head.length > 0) upstreamSocket.write(head);
      upstreamSocket.pipe(socket);
      socket.pipe(upstreamSocket);
      upstreamSocket.on('error', () => socket.destroy());
      socket.on('error', () => upstreamSocket.destroy());
    });
    upstream.on('response', (answer) => {
      // Refused (401, 403, 404...): pass the answer on as it came.
      const lines = [`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`];
      for (let i = 0; i < answer.rawHeaders.length; i += 2) {
        if (!/^(transfer-encoding|connection|content-length)$/i.test(answer.rawHeaders[i]!)) lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
      }
      const body: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => body.push(chunk));
      answer.on('end', () => {
        const text = Buffer.concat(body);
        socket.end(`${lines.join('\r\n')}\r\ncontent-length: ${text.length}\r\nconnection: close\r\n\r\n${text.toString('latin1')}`, 'latin1');
      });
    });
    upstream.on('error', () => socket.destroy());
    upstream.end();
  }
}

function stripHopByHop(headers: IncomingMessage['headers']): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!['connection', 'keep-alive', 'transfer-encoding'].includes(name) && value !== undefined) kept[name] = value;
  }
  return kept;
}
