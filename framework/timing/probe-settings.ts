import { PROBE_DEFAULTS } from './kubelet-constants.js';
import { isMapping } from '../model/is-mapping.js';

export const PROBE_KINDS = ['startup', 'liveness', 'readiness'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** What a probe checks: enough to tell which faults break it. */
export type ProbeHandler =
  | { readonly kind: 'httpGet'; readonly path: string; readonly port: number | string }
  | { readonly kind: 'tcpSocket'; readonly port: number | string }
  | { readonly kind: 'grpc'; readonly port: number | string }
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'unknown' };

/** A probe with the API server's defaults applied, in milliseconds. */
export interface ProbeSettings {
  readonly kind: ProbeKind;
  readonly handler: ProbeHandler;
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly failureThreshold: number;
  /** Always 1 for liveness and startup probes (the API server rejects anything else). */
  readonly successThreshold: number;
}

/**
 * Reads a container's probe as written in a manifest, applying the defaults: periodSeconds 10
 * (at least 1), timeoutSeconds 1, failureThreshold 3, successThreshold 1, initialDelaySeconds 0.
 * A field that is absent, zero or not a whole number gets its default, as the API server gives it.
 *
 * @example probeSettings('liveness', { httpGet: { path: '/index.html', port: 80 }, periodSeconds: 3 }).periodMs // => 3000
 */
export function probeSettings(kind: ProbeKind, probe: unknown): ProbeSettings {
  const fields = isMapping(probe) ? probe : {};
  const seconds = (name: keyof typeof PROBE_DEFAULTS, minimum: number): number => {
    const value = fields[name];
    return typeof value === 'number' && Number.isInteger(value) && value >= minimum && value !== 0 ? value : PROBE_DEFAULTS[name];
  };
  return {
    kind,
    handler: handlerOf(fields),
    initialDelayMs: seconds('initialDelaySeconds', 0) * 1000,
    periodMs: seconds('periodSeconds', 1) * 1000,
    timeoutMs: seconds('timeoutSeconds', 1) * 1000,
    failureThreshold: seconds('failureThreshold', 1),
    successThreshold: kind === 'readiness' ? seconds('successThreshold', 1) : 1,
  };
}

/** `liveness httpGet /index.html :80`. */
export function describeHandler(settings: ProbeSettings): string {
  const { handler } = settings;
  switch (handler.kind) {
    case 'httpGet': return `${settings.kind} httpGet ${handler.path} :${handler.port}`;
    case 'tcpSocket': return `${settings.kind} tcpSocket :${handler.port}`;
    case 'grpc': return `${settings.kind} grpc :${handler.port}`;
    case 'exec': return `${settings.kind} exec [${handler.command.join(' ')}]`;
    case 'unknown': return `${settings.kind} probe`;
  }
}

/** `initialDelaySeconds 5, periodSeconds 3, timeoutSeconds 2, failureThreshold 3` (successThreshold when not 1). */
export function describeSettings(settings: ProbeSettings): string {
  return [
    `initialDelaySeconds ${settings.initialDelayMs / 1000}`,
    `periodSeconds ${settings.periodMs / 1000}`,
    `timeoutSeconds ${settings.timeoutMs / 1000}`,
    `failureThreshold ${settings.failureThreshold}`,
    ...(settings.successThreshold !== 1 ? [`successThreshold ${settings.successThreshold}`] : []),
  ].join(', ');
}

function handlerOf(fields: Record<string, unknown>): ProbeHandler {
  const port = (value: unknown): number | string | undefined => (isMapping(value) && (typeof value.port === 'number' || typeof value.port === 'string') ? value.port : undefined);
  const http = fields.httpGet;
  const httpPort = port(http);
  if (isMapping(http) && httpPort !== undefined) return { kind: 'httpGet', path: typeof http.path === 'string' && http.path !== '' ? http.path : '/', port: httpPort };
  const tcpPort = port(fields.tcpSocket);
  if (tcpPort !== undefined) return { kind: 'tcpSocket', port: tcpPort };
  const grpcPort = port(fields.grpc);
  if (grpcPort !== undefined) return { kind: 'grpc', port: grpcPort };
  const command = isMapping(fields.exec) ? fields.exec.command : undefined;
  if (Array.isArray(command) && command.every((c) => typeof c === 'string')) return { kind: 'exec', command };
  return { kind: 'unknown' };
}
