/** Reading request bodies and writing JSON answers, on an HTTP response or a raw socket awaiting upgrade. */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest, type StatusError } from './status.js';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`the body of the request was in an unknown format: ${(error as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendStatus(res: ServerResponse, error: StatusError): void {
  sendJson(res, error.code, error.status, error.headers);
}

/** Answers an upgrade request with a plain HTTP response, as the apiserver refuses an exec it cannot serve. */
export function refuseUpgrade(socket: Duplex, error: StatusError): void {
  const text = JSON.stringify(error.status);
  const headers = {
    'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), Connection: 'close', ...error.headers,
  };
  const head = [`HTTP/1.1 ${error.code} ${STATUS_CODES[error.code] ?? 'Unknown'}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.end(`${head.join('\r\n')}\r\n\r\n${text}`);
}
