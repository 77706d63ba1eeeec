import type { FaultKind, FaultSpecs } from '../../framework/faults/registry.js';
import type { ExpectationUse, Step } from '../../framework/model/scenario.js';

const source = { file: 'scenarios/p1.yaml', line: 9, column: 5 };

/** A fault step as the loader builds it. */
export function faultStep<K extends FaultKind>(kind: K, spec: FaultSpecs[K], options: { index?: number; name?: string; timeoutMs?: number } = {}): Step {
  return {
    index: options.index ?? 1,
    name: options.name ?? `fault ${kind}`,
    action: 'fault',
    fault: { kind, spec } as Extract<Step, { action: 'fault' }>['fault'],
    source,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
}

/** An expect (or waitFor) step as the loader builds it. */
export function expectStep(expectations: readonly ExpectationUse[], options: { index?: number; name?: string; action?: 'expect' | 'waitFor'; timeoutMs?: number } = {}): Step {
  return {
    index: options.index ?? 2,
    name: options.name ?? `expect ${expectations.map((e) => e.kind).join(', ')}`,
    action: options.action ?? 'expect',
    expectations,
    source,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
}
