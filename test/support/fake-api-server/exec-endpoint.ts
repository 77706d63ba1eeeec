/** pods/exec over a websocket, speaking the channel.k8s.io framing client-node's Exec expects. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { refuseUpgrade } from './http-io.js';
import type { ResourceCatalog } from './resources.js';
import { badRequest, notFound, StatusError } from './status.js';
import type { Store } from './store.js';
import type { ExecHandler, ExecReply, ExecRequest } from './types.js';

const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;

/** The apiserver proxies exec to the kubelet, which speaks up to v4; from 1.30 the apiserver itself speaks v5. */
function serverProtocols(minor: number): string[] {
  const legacy = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];
  return minor >= 30 ? ['v5.channel.k8s.io', ...legacy] : legacy;
}

function frame(channel: number, text: string): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.from(text, 'utf8')]);
}

/** The V1Status the kubelet sends on channel 3 when the command ends. */
function exitStatus(command: string[], exitCode: number): string {
  if (exitCode === 0) return JSON.stringify({ metadata: {}, status: 'Success' });
  return JSON.stringify({
    metadata: {}, status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  });
}

function internalError(message: string): string {
  return JSON.stringify({ metadata: {}, status: 'Failure', message, reason: 'InternalError', details: { causes: [{ message }] }, code: 500 });
}

export class ExecEndpoint {
  readonly execs: ExecRequest[] = [];
  private handler: ExecHandler = () => ({});
  private readonly server: WebSocketServer;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly store: Store, private readonly catalog: ResourceCatalog, minor: number) {
    const supported = serverProtocols(minor);
    this.server = new WebSocketServer({
      noServer: true,
      handleProtocols: (offered) => supported.find((p) => offered.has(p)) ?? false,
    });
  }

  onExec(handler: ExecHandler): void {
    this.handler = handler;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, namespace: string, pod: string, query: URLSearchParams): void {
    let request: ExecRequest;
    try {
      request = this.validate(namespace, pod, query);
    } catch (error) {
      if (error instanceof StatusError) {
        refuseUpgrade(socket, error);
        return;
      }
      throw error;
    }
    this.execs.push(request);
    this.server.handleUpgrade(req, socket, head, (ws) => {
      void this.run(ws, request);
    });
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    for (const client of this.server.clients) client.terminate();
    this.server.close();
  }

  private validate(namespace: string, podName: string, query: URLSearchParams): ExecRequest {
    const pods = this.catalog.byPlural('pods');
    const pod = this.store.get(pods, namespace, podName);
    if (!pod) throw notFound(pods, podName);
    const command = query.getAll('command');
    if (command.length === 0) throw badRequest('you must specify at least 1 command');
    const streams = ['stdin', 'stdout', 'stderr'].filter((s) => query.get(s) === 'true' || query.get(s) === '1');
    if (streams.length === 0) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
    const phase = pod.status?.['phase'];
    if (phase === 'Succeeded' || phase === 'Failed') {
      throw badRequest(`cannot exec into a container in a completed pod; current phase is ${String(phase)}`);
    }
    const spec = pod.spec?.['containers'];
    const names = Array.isArray(spec) ? spec.map((c: { name?: unknown }) => String(c.name)) : [];
    let container = query.get('container') ?? '';
    if (container === '') {
      if (names.length > 1) throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`);
      container = names[0] ?? '';
    } else if (names.length > 0 && !names.includes(container)) {
      throw badRequest(`container ${container} is not valid for pod ${podName}`);
    }
    return {
      namespace, pod: podName, container, command,
      stdin: streams.includes('stdin'), stdout: streams.includes('stdout'), stderr: streams.includes('stderr'), tty: query.get('tty') === 'true',
    };
  }

  private async run(ws: WebSocket, request: ExecRequest): Promise<void> {
    let reply: ExecReply;
    try {
      reply = await this.handler(request);
    } catch (error) {
      this.send(ws, frame(STATUS, internalError(error instanceof Error ? error.message : String(error))));
      ws.close(1000);
      return;
    }
    if (reply.delayMs !== undefined && reply.delayMs > 0) await this.sleep(reply.delayMs);
    if (reply.stdout && request.stdout) this.send(ws, frame(STDOUT, reply.stdout));
    if (reply.stderr && request.stderr) this.send(ws, frame(STDERR, reply.stderr));
    if (reply.closeAbruptly) {
      ws.terminate();
      return;
    }
    if (!reply.omitStatus) this.send(ws, frame(STATUS, exitStatus(request.command, reply.exitCode ?? 0)));
    ws.close(1000);
  }

  private send(ws: WebSocket, data: Buffer): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(data);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
