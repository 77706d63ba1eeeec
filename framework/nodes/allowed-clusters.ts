import { isIP } from 'node:net';
import { NODE_REACHING_KINDS } from '../faults/registry.js';
import { expectationsWithin } from '../expectations/sequence.js';
import type { Scenario, Step } from '../model/scenario.js';

/** Comma-separated context names allowed for node faults, beside --allow-context. */
export const ALLOW_CONTEXTS_ENV = 'FAULTLINE_ALLOW_CONTEXTS';

export interface ClusterIdentity {
  /** The kubeconfig context's name. */
  readonly context: string;
  /** Its API server's URL. */
  readonly server: string;
}

export type Permission =
  | { readonly allowed: true; readonly because: string }
  | { readonly allowed: false };

/** Context names of throwaway local clusters: kind and k3d prefix theirs; minikube names its own. */
const LOCAL_CONTEXT_PATTERNS: ReadonlyArray<{ readonly test: (name: string) => boolean; readonly text: string }> = [
  { test: (name) => name.startsWith('kind-'), text: 'kind-*' },
  { test: (name) => name.startsWith('k3d-'), text: 'k3d-*' },
  { test: (name) => name === 'minikube', text: 'minikube' },
];

/**
 * Whether faults that act beyond the namespace (losing or draining a node) may run on this cluster:
 * yes for the contexts of local throwaway clusters (kind-*, k3d-*, minikube) and for API servers on a
 * loopback address; otherwise only when the user named the context (--allow-context or
 * $FAULTLINE_ALLOW_CONTEXTS). Decided from the kubeconfig alone, before any request.
 */
export function clusterPermission(identity: ClusterIdentity, allowedContexts: readonly string[]): Permission {
  if (allowedContexts.includes(identity.context)) return { allowed: true, because: `context ${identity.context} was allowed explicitly` };
  const pattern = LOCAL_CONTEXT_PATTERNS.find((p) => p.test(identity.context));
  if (pattern) return { allowed: true, because: `context ${identity.context} matches ${pattern.text}, a local cluster` };
  const host = hostOf(identity.server);
  if (host !== undefined && isLoopback(host)) return { allowed: true, because: `the API server ${identity.server} is on a loopback address` };
  return { allowed: false };
}

/** The contexts allowed by --allow-context values and the environment variable. */
export function allowedContexts(fromCommandLine: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env[ALLOW_CONTEXTS_ENV] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return [...fromCommandLine, ...fromEnv];
}

/** The steps of a scenario whose faults act on nodes. */
export function nodeFaultSteps(scenario: Scenario): Step[] {
  return scenario.steps.filter((step) => step.action === 'fault' && NODE_REACHING_KINDS.includes(step.fault.kind));
}

export function usesNodeFaults(scenario: Scenario): boolean {
  return nodeFaultSteps(scenario).length > 0;
}

/** The refusal, for people: what would have run, on what, and how to allow it. */
export function refusalMessage(identity: ClusterIdentity, scenarios: readonly Scenario[]): string {
  const lines = scenarios.flatMap((scenario) => nodeFaultSteps(scenario).map((step) => {
    const kind = step.action === 'fault' ? step.fault.kind : step.action;
    return `  ${step.source.file}:${step.source.line}:${step.source.column}: step "${step.name}" (${kind})`;
  }));
  return [
    `Refusing to run: these steps stop or drain nodes, which affects every workload on them, and context "${identity.context}" (${identity.server}) is not one Faultline may disturb:`,
    ...lines,
    'Node faults run by default only on kind-*, k3d-* and minikube contexts and on API servers at a loopback address.',
    `If this cluster is yours to break, allow it: --allow-context ${identity.context} (or ${ALLOW_CONTEXTS_ENV}=${identity.context}); or leave these scenarios out with --skip-node-faults.`,
    'Nothing was sent to the cluster.',
  ].join('\n');
}

function hostOf(server: string): string | undefined {
  try {
    return new URL(server).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Expectation kinds that judge Node objects. */
const NODE_EXPECTATION_KINDS: ReadonlySet<string> = new Set(['nodeCondition', 'nodeTaint']);

/**
 * Whether a run must watch the cluster's nodes: for node faults (which pick and prove nodes by the
 * watch) and node expectations, and for nothing else. A cluster may have thousands of nodes; a run
 * that does not judge them does not list them.
 */
export function observesNodes(scenario: Scenario): boolean {
  if (usesNodeFaults(scenario)) return true;
  return scenario.steps.some((step) => step.action !== 'fault'
    && step.expectations.some((use) => expectationsWithin(use.kind, use.spec).some(([kind]) => NODE_EXPECTATION_KINDS.has(kind))));
}
