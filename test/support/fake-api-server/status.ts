/** Builders for metav1.Status failures, worded as the real apiserver words them. */
import { qualifiedName, type ResourceType } from './resources.js';
import type { Status, StatusCause } from './types.js';

const REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
  406: 'NotAcceptable', 409: 'Conflict', 410: 'Expired', 415: 'UnsupportedMediaType', 422: 'Invalid',
  429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
};

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  429: 'Too many requests, please try again later.',
  500: 'Internal error occurred: injected failure',
  503: 'the server is currently unable to handle the request',
  504: 'the server was unable to return a response in the time allotted, but may still be processing the request',
};

export function failure(code: number, message: string, reason = REASONS[code] ?? 'Unknown', details?: Status['details']): Status {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason,
    ...(details !== undefined && { details }), code,
  };
}

/** A Status thrown through the request handlers and answered as the HTTP response. */
export class StatusError extends Error {
  constructor(readonly status: Status, readonly headers: Readonly<Record<string, string>> = {}) {
    super(status.message);
  }

  get code(): number {
    return this.status.code ?? 500;
  }
}

function subject(resource: ResourceType, name: string): NonNullable<Status['details']> {
  return { name, ...(resource.group !== '' && { group: resource.group }), kind: resource.plural };
}

export function notFound(resource: ResourceType, name: string): StatusError {
  return new StatusError(failure(404, `${qualifiedName(resource)} "${name}" not found`, 'NotFound', subject(resource, name)));
}

export function namespaceNotFound(namespace: string): StatusError {
  return new StatusError(failure(404, `namespaces "${namespace}" not found`, 'NotFound', { name: namespace, kind: 'namespaces' }));
}

export function alreadyExists(resource: ResourceType, name: string): StatusError {
  return new StatusError(failure(409, `${qualifiedName(resource)} "${name}" already exists`, 'AlreadyExists', subject(resource, name)));
}

export function conflict(resource: ResourceType, name: string): StatusError {
  return new StatusError(failure(409,
    `Operation cannot be fulfilled on ${qualifiedName(resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    'Conflict', subject(resource, name)));
}

export function namespaceTerminating(resource: ResourceType, name: string, namespace: string): StatusError {
  return new StatusError(failure(403,
    `${qualifiedName(resource)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
    'Forbidden', {
      ...subject(resource, name),
      causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
    }));
}

export function forbidden(resource: ResourceType, name: string, why: string): StatusError {
  return new StatusError(failure(403, `${qualifiedName(resource)} "${name}" is forbidden: ${why}`, 'Forbidden', subject(resource, name)));
}

export function badRequest(message: string): StatusError {
  return new StatusError(failure(400, message, 'BadRequest'));
}

export function invalid(kind: string, name: string, causes: StatusCause[]): StatusError {
  const summary = causes.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`).join(', ');
  return new StatusError(failure(422, `${kind} "${name}" is invalid: ${summary}`, 'Invalid', { name, kind, causes }));
}

export function expired(message: string): Status {
  return failure(410, message, 'Expired');
}

/** The failure answered for an injected fault of the given HTTP status. */
export function injected(code: number, retryAfterSeconds?: number): StatusError {
  const message = DEFAULT_MESSAGES[code] ?? `injected failure (HTTP ${code})`;
  const details = retryAfterSeconds !== undefined ? { retryAfterSeconds } : undefined;
  const headers: Record<string, string> = retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
  return new StatusError(failure(code, message, REASONS[code] ?? 'Unknown', details), headers);
}
