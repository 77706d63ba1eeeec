/**
 * Holding one request at the proxy until the test lets it go, so a test can act (send a signal) at
 * an exact moment of a run without sleeping: "while the namespace create is in flight".
 */
import type { RequestIdentity } from './fault-plan.js';

export type RequestMatcher = (request: RequestIdentity) => boolean;

export interface Gate {
  /** Resolves when a matching request has reached the gate and is being held. */
  readonly arrived: Promise<RequestIdentity>;
  /** Lets the held request (or, if none came yet, the next one) go on. */
  release(): void;
}

interface OpenGate {
  readonly matches: RequestMatcher;
  readonly arrive: (request: RequestIdentity) => void;
  readonly released: Promise<void>;
}

export class Gates {
  private readonly open: OpenGate[] = [];

  /** Holds the first request `matches` accepts; each gate holds one request only. */
  hold(matches: RequestMatcher): Gate {
    let arrive!: (request: RequestIdentity) => void;
    let release!: () => void;
    const arrived = new Promise<RequestIdentity>((resolve) => { arrive = resolve; });
    const released = new Promise<void>((resolve) => { release = resolve; });
    this.open.push({ matches, arrive, released });
    return { arrived, release };
  }

  /** Resolves when the request may go on: at once unless a gate takes it. */
  pass(request: RequestIdentity): Promise<void> {
    const gate = this.open.find((g) => g.matches(request));
    if (!gate) return Promise.resolve();
    this.open.splice(this.open.indexOf(gate), 1);
    gate.arrive(request);
    return gate.released;
  }
}
