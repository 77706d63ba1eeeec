/** A fault-injecting reverse proxy for the Kubernetes API, for reliability tests (and by hand: main.ts). */
export { FaultProxy, type FaultProxyOptions, type InjectedRecord, type Outage, type Upstream } from './proxy.js';
export {
  DEFAULT_RATES, FaultPlan, isResumedWatch, isWatch, NO_FAULTS, ScriptedFaults,
  type FaultKind, type FaultSource, type FaultRates, type InjectedFault, type RequestIdentity,
} from './fault-plan.js';
export type { Gate, RequestMatcher } from './gates.js';
export { mulberry32 } from './prng.js';
