/** Turns HTTP requests (and exec upgrades) into discovery, REST, watch and exec calls, after auth and injected faults. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Discovery } from './discovery.js';
import type { EvictionEndpoint } from './eviction-endpoint.js';
import type { ExecEndpoint } from './exec-endpoint.js';
import type { FaultInjector } from './fault-injection.js';
import { readBody, refuseUpgrade, sendJson, sendStatus } from './http-io.js';
import type { Operations, Target } from './operations.js';
import { parsePath, verbOf, type ParsedPath } from './request-path.js';
import type { ResourceCatalog } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { badRequest, failure, StatusError } from './status.js';
import type { KubeVerb, RecordedRequest } from './types.js';
import type { WatchHub } from './watch-hub.js';

export interface RouterParts {
  catalog: ResourceCatalog;
  discovery: Discovery;
  operations: Operations;
  watches: WatchHub;
  exec: ExecEndpoint;
  evictions: EvictionEndpoint;
  faults: FaultInjector;
  requests: RecordedRequest[];
  /** The bearer token every request must carry; undefined accepts anything. */
  token: string | undefined;
}

interface Incoming {
  method: string;
  path: string;
  query: URLSearchParams;
  parsed: ParsedPath;
  verb: KubeVerb;
}

const unknownResource = (): StatusError => new StatusError(failure(404, 'the server could not find the requested resource', 'NotFound', {}));

export class HttpRouter {
  constructor(private readonly parts: RouterParts) {}

  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    this.serve(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendStatus(res, error instanceof StatusError
        ? error
        : new StatusError(failure(500, `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`, 'InternalError')));
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const incoming = this.describe(req);
    this.record(incoming, req, undefined);
    const refusal = this.gate(req, incoming);
    if (refusal === 'reset') {
      socket.destroy();
      return;
    }
    if (refusal) {
      refuseUpgrade(socket, refusal);
      return;
    }
    const { parsed } = incoming;
    try {
      const target = this.resolve(parsed);
      if (target.resource.plural !== 'pods' || target.subresource !== 'exec' || target.namespace === undefined || target.name === undefined) {
        throw badRequest('websocket upgrades are only served for pods/exec');
      }
      this.parts.exec.upgrade(req, socket, head, target.namespace, target.name, incoming.query);
    } catch (error) {
      refuseUpgrade(socket, error instanceof StatusError ? error : new StatusError(failure(500, String(error), 'InternalError')));
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const incoming = this.describe(req);
    const text = await readBody(req);
    this.record(incoming, req, text);
    const refusal = this.gate(req, incoming);
    if (refusal === 'reset') {
      req.socket.destroy();
      return;
    }
    if (refusal) throw refusal;
    const { parsed, verb, query } = incoming;
    if (parsed.type === 'unknown') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
      return;
    }
    if (parsed.type === 'discovery') {
      const document = this.parts.discovery.document(incoming.path);
      if (document === undefined) throw unknownResource();
      sendJson(res, 200, document);
      return;
    }
    const target = this.resolve(parsed);
    const ops = this.parts.operations;
    // Patch bodies are parsed by the patch itself: an apply body may be YAML.
    const body = (): unknown => (text === '' ? undefined : parseBody(text));
    switch (verb) {
      case 'watch': return this.watch(res, target, query);
      case 'list': return reply(res, ops.list(target, query));
      case 'get':
        if (target.subresource === 'log') {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.end('');
          return;
        }
        return reply(res, ops.get(target));
      case 'create':
        if (target.subresource === 'eviction' && target.namespace !== undefined && target.name !== undefined) {
          return reply(res, this.parts.evictions.evict(target.namespace, target.name, body()));
        }
        if (target.name !== undefined) throw methodNotAllowed();
        return reply(res, ops.create(target, body()));
      case 'update':
        if (target.name === undefined) throw methodNotAllowed();
        return reply(res, ops.update(target, body()));
      case 'patch':
        if (target.name === undefined) throw methodNotAllowed();
        return reply(res, ops.patch(target, text, mediaType(req), query));
      case 'delete': return reply(res, ops.delete(target, query, body()));
      case 'deletecollection':
        if (target.resource.plural === 'namespaces') throw methodNotAllowed();
        return reply(res, ops.deleteCollection(target, query, body()));
      case 'exec': throw badRequest('Upgrade request required');
      case 'discovery': throw unknownResource();
    }
  }

  private watch(res: ServerResponse, target: Target, query: URLSearchParams): void {
    const byLabel = parseLabelSelector(query.get('labelSelector'));
    const byField = parseFieldSelector(query.get('fieldSelector'), target.resource);
    const name = target.name;
    const timeout = query.get('timeoutSeconds');
    this.parts.watches.open(res, {
      resource: target.resource,
      ...(target.namespace !== undefined && { namespace: target.namespace }),
      filter: (o) => byLabel(o) && byField(o) && (name === undefined || o.metadata.name === name),
      ...(query.get('resourceVersion') !== null && { resourceVersion: query.get('resourceVersion') ?? '' }),
      allowBookmarks: query.get('allowWatchBookmarks') === 'true',
      ...(timeout !== null && { timeoutSeconds: Number(timeout) }),
    });
  }

  private describe(req: IncomingMessage): Incoming {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const parsed = parsePath(url.pathname);
    return { method, path: url.pathname, query: url.searchParams, parsed, verb: verbOf(method, parsed, url.searchParams) };
  }

  private record(incoming: Incoming, req: IncomingMessage, text: string | undefined): void {
    const contentType = req.headers['content-type'];
    this.parts.requests.push({
      method: incoming.method, path: incoming.path, query: incoming.query, verb: incoming.verb,
      ...(contentType !== undefined && { contentType }),
      ...(text !== undefined && text !== '' && { body: tryParse(text) }),
    });
  }

  /** Authentication, then any injected fault: what answers before the request reaches the API. */
  private gate(req: IncomingMessage, incoming: Incoming): StatusError | 'reset' | undefined {
    const { token } = this.parts;
    if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
      return new StatusError(failure(401, 'Unauthorized', 'Unauthorized'));
    }
    const fault = this.parts.faults.take(incoming.method, incoming.path);
    if (!fault) return undefined;
    return fault.reset ? 'reset' : fault.error;
  }

  private resolve(parsed: ParsedPath): Target {
    if (parsed.type !== 'resource') throw unknownResource();
    const resource = this.parts.catalog.find(parsed.group, parsed.version, parsed.plural);
    if (!resource || (!resource.namespaced && parsed.namespace !== undefined)) throw unknownResource();
    if (parsed.subresource !== undefined && !resource.subresources.some((s) => s.name === parsed.subresource)) throw unknownResource();
    return {
      resource,
      ...(parsed.namespace !== undefined && { namespace: parsed.namespace }),
      ...(parsed.name !== undefined && { name: parsed.name }),
      ...(parsed.subresource !== undefined && { subresource: parsed.subresource }),
    };
  }
}

function reply(res: ServerResponse, answer: { code: number; body: unknown }): void {
  sendJson(res, answer.code, answer.body);
}

function methodNotAllowed(): StatusError {
  return new StatusError(failure(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed', {}));
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest(`the body of the request was in an unknown format - accepted media types include: application/json`);
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
