import type { Manifest } from '../../model/scenario.js';
import { resolveTarget, type Target, type TargetSpec } from '../../model/target.js';
import type { Assumption } from '../assumptions.js';
import { containerProfile, type ContainerProfile } from '../container-profile.js';
import type { FaultEffect, FaultReach } from '../fault-effects.js';
import type { NodeChange } from '../node-changes.js';
import { templatesTargeted, type PodTemplate } from '../pod-templates.js';
import type { ProbeKind } from '../probe-settings.js';
import type { TimeRange } from '../time-range.js';

/** When an expectation can first become true, and why. */
export interface Estimate {
  /** What becomes true: `restartCount 1`, `NotReady`, `waiting CrashLoopBackOff`. */
  readonly outcome: string;
  /** Counted from the cause (the fault, or the container's start). */
  readonly range: TimeRange;
  /** `moment`: when it becomes true; `duration`: how long what it measures lasts (Terminating), from the cause. */
  readonly measures: 'moment' | 'duration';
  /** The rule, in words: `a liveness probe with periodSeconds 3 and failureThreshold 3 kills the container 6–11s after the rename (step 2)`. */
  readonly rule: string;
  readonly assumptions: readonly Assumption[];
  /** The pods it is about (none for a node's own condition or taints). */
  readonly template?: PodTemplate;
}

/** An outcome the rules say does not come after its cause (nothing is evicted while every node is lost). */
export interface NeverComes {
  /** What does not come: `evicted`. */
  readonly outcome: string;
  /** The rule, in words, with its numbers. */
  readonly rule: string;
  readonly assumptions: readonly Assumption[];
}

/** An estimate, an outcome that never comes, or why there is neither: Faultline says nothing it cannot tell. */
export type EstimateResult = { readonly estimate: Estimate } | { readonly never: NeverComes } | { readonly unknown: string };

/** What set the expectation's clock going: the last fault before it, or the containers' start. */
export type Cause =
  | {
    readonly kind: 'fault';
    readonly faultKind: string;
    /** `the rename (step 2)`. */
    readonly name: string;
    reach(template: PodTemplate): FaultReach;
    /** restartCount of a container just before the fault, when known. */
    restartsBefore(template: PodTemplate, container: string): number | undefined;
    /** Whether a probe of a container was broken (by an earlier fault) just before this fault. */
    brokenBefore(template: PodTemplate, container: string, probe: ProbeKind): boolean;
    /** Whether an earlier step saw the template's pods Ready, with no fault on them since. */
    readyBefore(template: PodTemplate): boolean;
    /** Set for node faults (nodeLoss, drainNode, and reverts of them): what happened to the node(s). */
    readonly node?: NodeChange;
  }
  | { readonly kind: 'start' }
  | { readonly kind: 'unknown'; readonly why: string };

export interface EstimateContext {
  readonly manifests: readonly Manifest[];
  readonly templates: readonly PodTemplate[];
  readonly cause: Cause;
}

/** One expectation kind's estimate from its spec. */
export type Estimator<Spec> = (spec: Spec, context: EstimateContext) => EstimateResult;

export const unknown = (why: string): EstimateResult => ({ unknown: why });

/** The words for rules: `the rename (step 2)`, or `it starts`. */
export function causeWords(cause: Cause): string {
  return cause.kind === 'fault' ? cause.name : 'it starts';
}

export interface Picked {
  readonly template: PodTemplate;
  readonly container: ContainerProfile;
  readonly target: Target;
}

/**
 * The one pod template `target` selects, and its container (the target's, or the first). `quantifier`
 * says whether the expectation needs every target pod: then a template with several replicas, of which a
 * fault hits one, cannot be timed.
 */
export function pickTemplate(spec: TargetSpec, context: EstimateContext, quantifier: 'any' | 'all'): Picked | { readonly unknown: string } {
  const target = resolveTarget(spec);
  const matching = templatesTargeted(target, context.templates);
  if (matching.length === 0) return { unknown: `no pod template in the manifests matches ${target.text}` };
  if (matching.length > 1) return { unknown: `${matching.length} pod templates match ${target.text} (${matching.map((t) => t.owner).join(', ')}); their timings are not combined` };
  const template = matching[0]!;
  if (quantifier === 'all' && template.replicas !== 1) {
    return { unknown: `${template.owner} has ${template.replicas === Infinity ? 'a pod per node' : `${template.replicas} replicas`} and the expectation needs every one of them` };
  }
  const container = containerProfile(template.podSpec, target.container);
  if (!container) return { unknown: `${template.owner} has no container ${target.container ?? ''}`.trimEnd() };
  return { template, container, target };
}

/** What a fault did to a picked template, or why that does not help. */
export function knownEffect(cause: Extract<Cause, { kind: 'fault' }>, picked: Picked): { readonly effect: FaultEffect } | { readonly unknown: string } {
  const reach = cause.reach(picked.template);
  if (reach.kind === 'misses') return { unknown: `${cause.name} acts on other pods than ${picked.target.text}` };
  if (reach.kind === 'unknown') return { unknown: reach.why };
  return { effect: reach.effect };
}
