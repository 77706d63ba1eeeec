/**
 * Which fault, if any, the proxy injects into one request. Decided by the seed and by the request's
 * identity (method, path, watch or not) and ordinal among requests of that identity, never by
 * arrival order across requests: a seed replays the same faults however the requests interleave.
 */
import { between, hash32, mulberry32 } from './prng.js';

/** What the proxy can do to a request instead of (or while) passing it through. */
export type InjectedFault =
  /** 429 Too Many Requests with a Retry-After header (seconds). */
  | { readonly kind: 'throttle'; readonly retryAfterSeconds: number }
  /** 500 or 503 with a Status body, as an overloaded or restarting API server answers. */
  | { readonly kind: 'server-error'; readonly status: 500 | 503 }
  /** The connection is reset before the request reaches the API server: nothing happened there. */
  | { readonly kind: 'reset-request' }
  /**
   * The API server did the work, then the connection is reset part-way through its answer. The
   * answer goes out `chunked`, or with its `length` announced (client-node's node-fetch 2 then never
   * notices the cut: only an attempt timeout ends the request).
   */
  | { readonly kind: 'reset-response'; readonly framing: 'chunked' | 'length' }
  /** A watch resumed from a resourceVersion is told it expired: 410 Gone, as an HTTP status or as an ERROR event. */
  | { readonly kind: 'gone'; readonly as: 'status' | 'event' }
  /** The watch stream is cut (socket destroyed) after this many events. */
  | { readonly kind: 'drop-watch'; readonly afterEvents: number };

export type FaultKind = InjectedFault['kind'];

/** The chance of each fault, per request it can apply to. */
export interface FaultRates {
  readonly throttle: number;
  readonly serverError: number;
  readonly resetRequest: number;
  /** Only for requests that are not websocket upgrades: an exec that may have run is never retried. */
  readonly resetResponse: number;
  /** Of those, the share sent with a Content-Length (each costs an attempt timeout to notice). */
  readonly lengthFramed: number;
  /** Only for watches given a resourceVersion other than "" and "0". */
  readonly gone: number;
  readonly dropWatch: number;
}

/** Rates at which a scenario sees every kind of fault a few times, and each request still gets through within a few retries. */
export const DEFAULT_RATES: FaultRates = {
  throttle: 0.06, serverError: 0.06, resetRequest: 0.05, resetResponse: 0.05, lengthFramed: 0.5, gone: 0.25, dropWatch: 0.35,
};

export const NO_FAULTS: FaultRates = { throttle: 0, serverError: 0, resetRequest: 0, resetResponse: 0, lengthFramed: 0, gone: 0, dropWatch: 0 };

/** What the plan needs to know of a request. */
export interface RequestIdentity {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** A websocket upgrade (exec). */
  readonly upgrade: boolean;
}

export function isWatch(request: Pick<RequestIdentity, 'query' | 'path'>): boolean {
  return request.query.get('watch') === 'true' || request.query.get('watch') === '1' || request.path.includes('/watch/');
}

/** A watch that asks to start from a resourceVersion it saw earlier (a resume, or the watch after a list). */
export function isResumedWatch(request: Pick<RequestIdentity, 'query' | 'path'>): boolean {
  const resourceVersion = request.query.get('resourceVersion');
  return isWatch(request) && resourceVersion !== null && resourceVersion !== '' && resourceVersion !== '0';
}

export class FaultPlan implements FaultSource {
  private readonly ordinals = new Map<string, number>();

  constructor(readonly seed: number, readonly rates: FaultRates = DEFAULT_RATES) {
    for (const [name, rate] of Object.entries(rates)) {
      if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate ${name}: expected a number from 0 to 1, got ${String(rate)}`);
    }
  }

  /** The fault for this request, or undefined to pass it through untouched. */
  decide(request: RequestIdentity): InjectedFault | undefined {
    const watch = isWatch(request);
    const identity = `${request.method} ${request.path}${watch ? ' (watch)' : ''}`;
    const ordinal = this.ordinals.get(identity) ?? 0;
    this.ordinals.set(identity, ordinal + 1);
    const random = mulberry32(hash32(`${this.seed}|${identity}|${ordinal}`));
    const { rates } = this;
    const roll = random();
    let edge = rates.throttle;
    if (roll < edge) return { kind: 'throttle', retryAfterSeconds: between(random, 1, 5) };
    if (roll < (edge += rates.serverError)) return { kind: 'server-error', status: random() < 0.5 ? 500 : 503 };
    if (roll < (edge += rates.resetRequest)) return { kind: 'reset-request' };
    if (!request.upgrade && !watch && roll < (edge += rates.resetResponse)) {
      return { kind: 'reset-response', framing: random() < rates.lengthFramed ? 'length' : 'chunked' };
    }
    if (!watch) return undefined;
    if (isResumedWatch(request) && random() < rates.gone) return { kind: 'gone', as: random() < 0.5 ? 'status' : 'event' };
    if (random() < rates.dropWatch) return { kind: 'drop-watch', afterEvents: between(random, 0, 4) };
    return undefined;
  }
}

/** Decides faults for a proxy: the seeded FaultPlan, or a script. */
export interface FaultSource {
  readonly seed: number;
  decide(request: RequestIdentity): InjectedFault | undefined;
}

/**
 * Faults written out for one test: each entry injects its fault into the first request it matches
 * that no earlier entry took; every other request passes.
 */
export class ScriptedFaults implements FaultSource {
  readonly seed = 0;
  private readonly entries: Array<{ matches: (request: RequestIdentity) => boolean; fault: InjectedFault }>;

  constructor(entries: ReadonlyArray<{ matches: (request: RequestIdentity) => boolean; fault: InjectedFault }>) {
    this.entries = [...entries];
  }

  decide(request: RequestIdentity): InjectedFault | undefined {
    const index = this.entries.findIndex((entry) => entry.matches(request));
    if (index === -1) return undefined;
    return this.entries.splice(index, 1)[0]!.fault;
  }
}
