import type { ExpectationPlugin } from './expectation.js';
import { textMatcher } from '../model/text-pattern.js';
import type { HttpTarget } from '../engine/http-prober.js';
import type { HttpResponseEntry } from '../observe/timeline-entry.js';

export interface HttpSpec {
  service: string;
  /** Port name or number; default: the Service's first port. */
  port?: string | number;
  /** Default `/`. */
  path?: string;
  /** A status (`200`, `503`) or a class (`2xx`, `5xx`). Default `2xx`. */
  status?: number | string;
  /** A substring of the body, or a regular expression written `/.../flags`. */
  body?: string;
}

/**
 * A GET request through the Service answers with `status` and a body matching `body`. While the
 * step runs, Faultline sends the request through the API server's service proxy once a second and
 * records each answer on the timeline; the expectation judges the latest answer. A Service with
 * no ready endpoints answers 503 from the API server.
 */
export const http: ExpectationPlugin<HttpSpec, 'http'> = {
  kind: 'http',
  schema: {
    type: 'object',
    description: 'A GET request through the Service (via the API server\'s service proxy) answers with this status and body.',
    required: ['service'],
    properties: {
      service: { type: 'string', minLength: 1, description: 'The Service name.' },
      port: { oneOf: [{ type: 'integer', minimum: 1, maximum: 65535 }, { type: 'string', minLength: 1 }], description: 'Port name or number (default: the first port).' },
      path: { type: 'string', pattern: '^/', description: 'Request path (default /).' },
      status: { oneOf: [{ type: 'integer', minimum: 100, maximum: 599 }, { type: 'string', pattern: '^[1-5]xx$' }], description: 'Status, e.g. 200, or a class, e.g. "2xx" (default "2xx").' },
      body: { type: 'string', minLength: 1, description: 'Substring of the body, or /regular expression/.' },
    },
  },
  describe(spec) {
    const body = spec.body === undefined ? '' : ` with a body matching ${JSON.stringify(spec.body)}`;
    return `GET ${requestText(spec)} answers ${spec.status ?? '2xx'}${body}`;
  },
  validate(spec) {
    try {
      textMatcher(spec.body);
      return [];
    } catch (error) {
      return [{ path: 'body', message: (error as Error).message }];
    }
  },
  check(view, spec, context) {
    const target = httpTargetOf(spec);
    const answers = view.responses.filter(({ response, position }) => position >= context.since.position && sameRequest(response, target));
    const latest = answers.at(-1)?.response;
    if (latest === undefined) return { holds: false, observed: `no answer yet to GET ${requestText(spec)}` };
    const statusOk = latest.status !== undefined && statusMatches(spec.status ?? '2xx', latest.status);
    const bodyOk = textMatcher(spec.body)(latest.body);
    return { holds: statusOk && bodyOk, observed: `${answers.length} request(s); latest: ${describeAnswer(latest)}` };
  },
};

/** The request an http expectation makes, for the prober. */
export function httpTargetOf(spec: HttpSpec): HttpTarget {
  return { service: spec.service, path: spec.path ?? '/', ...(spec.port !== undefined && { port: spec.port }) };
}

function sameRequest(response: HttpResponseEntry, target: HttpTarget): boolean {
  return response.service === target.service && response.path === target.path && response.port === target.port;
}

function statusMatches(wanted: number | string, status: number): boolean {
  return typeof wanted === 'number' ? status === wanted : Math.floor(status / 100) === Number(wanted[0]);
}

function requestText(spec: HttpSpec): string {
  return `service ${spec.service}${spec.port === undefined ? '' : `:${spec.port}`}${spec.path ?? '/'}`;
}

function describeAnswer(response: HttpResponseEntry): string {
  if (response.status === undefined) return `no answer (${response.error ?? 'unknown error'})`;
  const body = response.body.replace(/\s+/g, ' ').trim();
  return `${response.status}, body ${JSON.stringify(body.length > 120 ? `…${body.slice(-120)}` : body)}`;
}
