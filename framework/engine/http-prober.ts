import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { Clock } from './clock.js';
import { apiMessageOf, statusCodeOf } from '../cluster/api-errors.js';

/** A request through a Service, as an `http` expectation names it. */
export interface HttpTarget {
  readonly service: string;
  /** Port name or number; default: the Service's first port. */
  readonly port?: string | number;
  readonly path: string;
}

/** What one request through the Service got. */
export interface HttpResponseRecord extends HttpTarget {
  /** The HTTP status the workload answered, or the API server's own when it could not reach one (503: no endpoints). */
  readonly status?: number;
  readonly body: string;
  /** Set when the request did not get an HTTP answer at all. */
  readonly error?: string;
}

export interface HttpProberOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly clock: Clock;
  /** Time between the end of one request and the next (default 1 s). */
  readonly intervalMs?: number;
  readonly onResponse: (response: HttpResponseRecord) => void;
}

/** Longest body kept on the timeline. */
const MAX_BODY = 16 * 1024;

/**
 * Sends GET requests through the API server's service proxy (so they work from outside the
 * cluster network, as kubectl proxy does) while an `http` expectation is judged, and reports each
 * response. Unlike Faultline's watches, this polls: an HTTP answer is the thing being observed.
 */
export class HttpProber {
  private readonly core: CoreV1Api;
  private stopped = false;
  private cancelTimer: (() => void) | undefined;

  constructor(private readonly options: HttpProberOptions) {
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
  }

  start(targets: readonly HttpTarget[]): void {
    for (const target of targets) void this.probe(target);
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
  }

  private async probe(target: HttpTarget): Promise<void> {
    if (this.stopped) return;
    this.options.onResponse(await this.request(target));
    if (this.stopped) return;
    this.cancelTimer = this.options.clock.setTimer(this.options.intervalMs ?? 1000, () => void this.probe(target));
  }

  private async request(target: HttpTarget): Promise<HttpResponseRecord> {
    const name = target.port === undefined ? target.service : `${target.service}:${target.port}`;
    const path = target.path.replace(/^\//, '');
    try {
      const response = await this.core.connectGetNamespacedServiceProxyWithPathWithHttpInfo({ name, namespace: this.options.namespace, path });
      return { ...target, status: response.httpStatusCode, body: truncate(String(response.data ?? '')) };
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === undefined) return { ...target, body: '', error: apiMessageOf(error) };
      const body = (error as { body?: unknown }).body;
      return { ...target, status, body: truncate(typeof body === 'string' ? body : apiMessageOf(error)) };
    }
  }
}

function truncate(text: string): string {
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}…` : text;
}
