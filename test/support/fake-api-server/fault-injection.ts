/** failNext(): queued HTTP failures, consumed by the requests they match. */
import { injected, type StatusError } from './status.js';
import type { FailRule } from './types.js';

interface ActiveRule {
  rule: FailRule;
  remaining: number;
}

export type Fault = { reset: true } | { reset: false; error: StatusError };

export class FaultInjector {
  private readonly rules: ActiveRule[] = [];

  failNext(rule: FailRule): void {
    this.rules.push({ rule, remaining: rule.times ?? 1 });
  }

  /** The fault for this request, if a queued rule matches; the first matching rule is used up by one. */
  take(method: string, path: string): Fault | undefined {
    const active = this.rules.find(({ rule }) =>
      (rule.method === undefined || rule.method.toUpperCase() === method.toUpperCase())
      && (rule.path === undefined || matches(rule.path, path)));
    if (!active) return undefined;
    active.remaining--;
    if (active.remaining <= 0) this.rules.splice(this.rules.indexOf(active), 1);
    if (active.rule.reset) return { reset: true };
    return { reset: false, error: injected(active.rule.status, active.rule.retryAfterSeconds) };
  }

  get pending(): number {
    return this.rules.reduce((sum, r) => sum + r.remaining, 0);
  }
}

function matches(pattern: RegExp, path: string): boolean {
  // A global or sticky RegExp keeps lastIndex between calls; matching must not depend on history.
  pattern.lastIndex = 0;
  return pattern.test(path);
}
