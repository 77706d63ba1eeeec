/** The answers the proxy makes up itself, shaped as the API server's own (metav1.Status). */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

const REASONS: Readonly<Record<number, string>> = {
  410: 'Expired', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable',
};

export function statusBody(code: number, message: string, retryAfterSeconds?: number): string {
  return JSON.stringify({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: REASONS[code] ?? 'Unknown', code,
    ...(retryAfterSeconds !== undefined && { details: { retryAfterSeconds } }),
  });
}

/** Answers `res` with a Status of `code` (and a Retry-After header when given). */
export function sendStatus(res: ServerResponse, code: number, message: string, retryAfterSeconds?: number): void {
  const body = statusBody(code, message, retryAfterSeconds);
  res.writeHead(code, {
    'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body),
    ...(retryAfterSeconds !== undefined && { 'Retry-After': String(retryAfterSeconds) }),
  });
  res.end(body);
}

/** The same answer written raw on the socket of a websocket upgrade that is refused. */
export function refuseUpgrade(socket: Duplex, code: number, message: string, retryAfterSeconds?: number): void {
  const body = statusBody(code, message, retryAfterSeconds);
  socket.end([
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(retryAfterSeconds !== undefined ? [`Retry-After: ${retryAfterSeconds}`] : []),
    'Connection: close',
    '', body,
  ].join('\r\n'));
}

/** A watch answered 200 whose only event is the 410 the API server sends for an expired resourceVersion. */
export function sendExpiredWatch(res: ServerResponse, resourceVersion: string): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  const status = JSON.parse(statusBody(410, `too old resource version: ${resourceVersion}`)) as object;
  res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
}
