/**
 * Recognising what went wrong with a request to the API server. client-node reports failures in
 * several shapes (ApiException with `code`, watch errors with `statusCode`, websocket upgrade
 * errors as text, node-fetch system errors with `code`); this is the one place that knows them.
 */

/** Errors worth retrying: the request may succeed if sent again. */
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
const TRANSIENT_NETWORK = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET',
  // node-fetch 2 (client-node's HTTP library) reports a chunked answer cut off by a reset this way.
  'ERR_STREAM_PREMATURE_CLOSE',
]);

interface ErrorFields {
  code?: unknown;
  statusCode?: unknown;
  body?: unknown;
  headers?: unknown;
  message?: unknown;
  error?: unknown;
  cause?: unknown;
}

/** The HTTP status of a failed request, when there was one. */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const fields = error as ErrorFields;
  if (typeof fields.statusCode === 'number') return fields.statusCode;
  if (typeof fields.code === 'number') return fields.code;
  const upgrade = /Unexpected server response: (\d{3})/.exec(messageOf(error));
  return upgrade ? Number(upgrade[1]) : undefined;
}

/** A network-level failure code such as ECONNRESET, when there was one. */
export function networkCodeOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const fields = current as ErrorFields;
    if (typeof fields.code === 'string') return fields.code;
    current = fields.cause ?? fields.error;
  }
  const match = /\b(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|socket hang up|Premature close)\b/.exec(messageOf(error));
  if (!match) return undefined;
  if (match[1] === 'Premature close') return 'ERR_STREAM_PREMATURE_CLOSE';
  return match[1] === 'socket hang up' ? 'ECONNRESET' : match[1];
}

/** Whether the error came from talking to the API server (an HTTP status or a network failure). */
export function isApiFailure(error: unknown): boolean {
  return error instanceof ClusterRequestError || statusCodeOf(error) !== undefined || networkCodeOf(error) !== undefined;
}

export function isTransient(error: unknown): boolean {
  const status = statusCodeOf(error);
  if (status !== undefined) return TRANSIENT_STATUS.has(status);
  const network = networkCodeOf(error);
  return network !== undefined && TRANSIENT_NETWORK.has(network);
}

/** Retry-After in milliseconds, from a 429/503 answer that carried one. */
export function retryAfterMsOf(error: unknown): number | undefined {
  const headers = (error as ErrorFields | undefined)?.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const entry = Object.entries(headers as Record<string, unknown>).find(([name]) => name.toLowerCase() === 'retry-after');
  const seconds = Number(entry?.[1]);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** The API server's own explanation (the Status message), else the error's message. */
export function apiMessageOf(error: unknown): string {
  const parsed = statusOf(error);
  if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { message?: unknown }).message === 'string') {
    return (parsed as { message: string }).message;
  }
  // client-node's ApiException without a body reads "HTTP-Code: 401\nMessage: ...\nBody: ...\nHeaders: ...".
  const text = messageOf(error);
  return /^HTTP-Code: \d+\nMessage: (.*)$/m.exec(text)?.[1] ?? text;
}

/** The Status reason (NotFound, NamespaceTerminating...), when the API server sent one. */
function apiReasonOf(error: unknown): string | undefined {
  const parsed = statusOf(error);
  const reason = (parsed as { reason?: unknown; details?: { causes?: Array<{ reason?: unknown }> } } | undefined);
  if (typeof reason?.reason === 'string') return reason.reason;
  const cause = reason?.details?.causes?.find((c) => typeof c.reason === 'string');
  return typeof cause?.reason === 'string' ? cause.reason : undefined;
}

/** A request the API server refused or that could not be sent, named so a person can act on it. */
export class ClusterRequestError extends Error {
  override readonly name = 'ClusterRequestError';
  constructor(readonly request: string, readonly status: number | undefined, readonly detail: string, options?: { cause?: unknown; reason?: string; attempts?: number }) {
    const attempts = options?.attempts ?? 1;
    const gaveUp = attempts > 1 ? ` ${attempts} times (the API server kept failing; Faultline gave up retrying)` : '';
    super(`${request} failed${status !== undefined ? ` with HTTP ${status}` : ''}${gaveUp}: ${detail}${adviceFor(status, options?.reason)}`, options);
  }

  /** `attempts`: how many times the request was sent, when transient failures were retried until none was left. */
  static from(request: string, error: unknown, attempts?: number): ClusterRequestError {
    if (error instanceof ClusterRequestError) return error;
    const reason = apiReasonOf(error);
    return new ClusterRequestError(request, statusCodeOf(error), apiMessageOf(error), {
      cause: error, ...(reason !== undefined && { reason }), ...(attempts !== undefined && { attempts }),
    });
  }
}

function adviceFor(status: number | undefined, reason: string | undefined): string {
  if (reason === 'NamespaceTerminating') return ' (the namespace is being deleted)';
  switch (status) {
    case 401: return ' (the credentials in the kubeconfig were rejected: are they expired?)';
    case 403: return ' (RBAC refused it: the user needs permission for this verb and resource; see docs/rbac.yaml)';
    case 404: return ' (the object does not exist: was it deleted, or is the name wrong?)';
    default: return '';
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as ErrorFields).message === 'string') return (error as { message: string }).message;
  return String(error);
}

/** The messages of the Status's causes (an eviction refusal names the disruption budget there). */
export function apiCauseMessagesOf(error: unknown): string[] {
  const causes = (statusOf(error) as { details?: { causes?: Array<{ message?: unknown }> } } | undefined)?.details?.causes ?? [];
  return causes.flatMap((cause) => (typeof cause.message === 'string' ? [cause.message] : []));
}

/** The API server's Status object in an error's body, parsed when it came as text. */
function statusOf(error: unknown): unknown {
  const body = (error as ErrorFields | undefined)?.body;
  return typeof body === 'string' ? safeJson(body) : body;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
