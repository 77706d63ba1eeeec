import type { KubernetesObject } from '@kubernetes/client-node';
import type { ExpectationKind, ExpectationSpecs } from '../expectations/registry.js';
import type { FaultKind, FaultSpecs } from '../faults/registry.js';
import type { Window } from './window.js';

export const API_VERSION = 'faultline.dev/v1alpha1';
export const SCENARIO_KIND = 'Scenario';

/** Where something was written: 1-based line and column. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A manifest to apply, with the place it came from. */
export interface Manifest {
  readonly object: KubernetesObject;
  readonly source: SourcePosition;
}

export interface FaultStep {
  readonly action: 'fault';
  readonly fault: { [K in FaultKind]: { kind: K; spec: FaultSpecs[K] } }[FaultKind];
}

export interface ExpectStep {
  /** `waitFor` reads as set-up (wait for the workload), `expect` as the verdict; both judge expectations. */
  readonly action: 'expect' | 'waitFor';
  readonly expectations: readonly ExpectationUse[];
}

export type ExpectationUse = {
  [K in ExpectationKind]: {
    readonly kind: K;
    readonly spec: ExpectationSpecs[K];
    readonly window: Window;
    readonly source: SourcePosition;
  };
}[ExpectationKind];

export type Step = (FaultStep | ExpectStep) & {
  /** Position in the file, counting from 1 (`spec.steps[index - 1]`), as people number steps. */
  readonly index: number;
  /** Given in the file, or derived: `fault renameFile`, `expect restarts, event`. */
  readonly name: string;
  readonly timeoutMs?: number;
  readonly source: SourcePosition;
};

/** A scenario file, validated and resolved: what the engine runs. */
export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly timeoutMs: number;
  readonly manifests: readonly Manifest[];
  readonly steps: readonly Step[];
  readonly source: SourcePosition;
}

/** Defaults, in one place so docs, schema and engine agree. */
export const DEFAULTS = {
  scenarioTimeoutMs: 5 * 60_000,
  waitForWindowMs: 2 * 60_000,
  expectWindowMs: 60_000,
  faultTimeoutMs: 60_000,
} as const;
