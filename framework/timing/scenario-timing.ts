import type { ExpectationUse, Manifest, Step } from '../model/scenario.js';
import { NODE_STOP_ALLOWANCE_MS } from './control-plane-constants.js';
import { computedWindow } from './default-window.js';
import { estimateExpectation } from './estimates/registry.js';
import type { Cause, EstimateResult } from './estimates/estimate.js';
import { describeEffect, faultReach, keepsTemplates } from './fault-effects.js';
import { isNodeFaultKind, nodeFaultNotes, nodeFaultOf, type NodeChange, type NodeFault } from './node-changes.js';
import { podTemplates, targetOf, templatesTargeted, type PodTemplate } from './pod-templates.js';
import type { ProbeKind } from './probe-settings.js';

/**
 * How an estimate's cause sits against the start of the expectation's step, which its window counts from:
 * - `fault-just-before`: the fault step came right before, so the window opens moments after the fault;
 * - `cause-earlier`: the cause came before an earlier step, some unknown time before the window opens;
 * - `cause-after-step-start`: the containers start after the step begins (the scenario's first step);
 * - `unknown`: nothing says whether the containers have started yet.
 */
export type Anchor = 'fault-just-before' | 'cause-earlier' | 'cause-after-step-start' | 'unknown';

/** The timing of one expectation of an expect or waitFor step. */
export interface ExpectationTiming {
  /** The step's index, counting from 1. */
  readonly step: number;
  readonly use: ExpectationUse;
  readonly result: EstimateResult;
  readonly anchor: Anchor;
  /** What the estimate counts from: `the rename (step 2)`, `the container starts`. */
  readonly cause: string;
  /** A fault, or the containers' start (then the probe that fails from the start is an assumption). */
  readonly causeKind: Cause['kind'];
  /**
   * After a node fault: the most time that can have passed since the node change when the step begins (a
   * node driver's stop, and the longest the steps since can run before they pass or fail). Undefined otherwise.
   */
  readonly opensWithinMs?: number;
}

/** What a fault step does to the scenario's pods, in words, for plans. */
export interface FaultTiming {
  readonly step: number;
  readonly notes: readonly string[];
}

export interface ScenarioTiming {
  readonly templates: readonly PodTemplate[];
  /** Every expectation of every expect and waitFor step, in order. */
  readonly expectations: readonly ExpectationTiming[];
  readonly faults: readonly FaultTiming[];
}

const FAULT_NAMES: Readonly<Record<string, string>> = {
  renameFile: 'the rename', setListenPort: 'the port change', deletePod: 'the deletion', exec: 'the exec',
  killContainer: 'the signal', writeFile: 'the write', appendFile: 'the append',
  nodeLoss: 'the node loss', drainNode: 'the drain', revert: 'the revert',
};

/** How far past its longest window a step may run before the next one begins (judging, timers firing late). */
const STEP_OVERRUN_MS = 1_000;

/**
 * Walks a scenario's steps and times each expectation from its cause: the last fault step before it (what
 * that fault did to each pod template of the manifests), or, with no fault yet, the containers' start.
 * Keeps track of what earlier faults did (restart counts, probes left broken), so a later fault that mends
 * a probe, or a second liveness fault, is timed from the right state.
 *
 * @example scenarioTiming(await loadScenario('scenarios/probes/http-liveness-rename.yaml')).expectations[1]
 * // => { step: 3, anchor: 'fault-just-before', result: { estimate: { outcome: 'restartCount 1', range: ~9s (6–15s), ... } } }
 */
export function scenarioTiming(scenario: { readonly steps: readonly Step[]; readonly manifests: readonly Manifest[] }): ScenarioTiming {
  const templates = podTemplates(scenario.manifests);
  const history = new PodHistory();
  const expectations: ExpectationTiming[] = [];
  const faults: FaultTiming[] = [];
  let cause: Cause = { kind: 'start' };
  let causeStep: number | undefined;
  /** Node fault steps by name, for the revert steps that name them. */
  const nodeFaults = new Map<string, NodeFault>();
  /** The longest the expect and waitFor steps since the cause can have run. */
  let sinceCauseMs = 0;

  for (const step of scenario.steps) {
    if (step.action === 'fault') {
      const fault = step.fault;
      const name = `${FAULT_NAMES[fault.kind] ?? `the ${fault.kind}`} (step ${step.index})`;
      const before = history.snapshot();
      const node = isNodeFaultKind(fault.kind) ? nodeChange(fault, step.index, nodeFaults) : undefined;
      if (node !== undefined && node.kind !== 'back' && node.kind !== 'uncordoned') nodeFaults.set(step.name, node.fault);
      faults.push({ step: step.index, notes: isNodeFaultKind(fault.kind) ? nodeFaultNotes(node, templates) : faultNotes(fault, templates) });
      sinceCauseMs = 0;
      if (cause.kind !== 'unknown' && isNodeFaultKind(fault.kind)) {
        cause = node === undefined
          ? { kind: 'unknown', why: `${name} names no earlier nodeLoss or drainNode step` }
          : {
            kind: 'fault', faultKind: fault.kind, name, node,
            reach: () => ({ kind: 'unknown', why: `${name} acts on nodes: what it does to the pods' probes and restarts is not inferred` }),
            restartsBefore: () => undefined,
            brokenBefore: () => false,
            readyBefore: () => false,
          };
      } else if (cause.kind !== 'unknown') {
        cause = keepsTemplates(fault.kind)
          ? {
            kind: 'fault', faultKind: fault.kind, name,
            reach: (template) => faultReach(fault, template),
            restartsBefore: (template, container) => before.restarts(template, container),
            brokenBefore: (template, container, probe) => before.broken(template, container, probe),
            readyBefore: (template) => before.ready(template),
          }
          : { kind: 'unknown', why: `${name} may have changed the workloads, so their manifests no longer tell their timing` };
      }
      causeStep = step.index;
      for (const template of templates) history.apply(fault, template);
      continue;
    }
    for (const use of step.expectations) {
      const result = estimateExpectation(use.kind, use.spec, { manifests: scenario.manifests, templates, cause });
      const template = 'estimate' in result ? result.estimate.template : undefined;
      const anchor: Anchor = cause.kind === 'fault'
        ? (causeStep === step.index - 1 ? 'fault-just-before' : 'cause-earlier')
        : step.index === 1 ? 'cause-after-step-start'
          : template !== undefined && history.started(template) ? 'cause-earlier' : 'unknown';
      const causeName = cause.kind === 'fault' ? (cause.node && cause.node.kind !== 'lost' ? `the end of ${cause.name}` : cause.name)
        : cause.kind === 'start' ? 'the container starts' : 'an unknown cause';
      const opensWithinMs = cause.kind === 'fault' && cause.node ? (cause.node.kind === 'lost' ? NODE_STOP_ALLOWANCE_MS : 0) + sinceCauseMs : undefined;
      expectations.push({ step: step.index, use, result, anchor, cause: causeName, causeKind: cause.kind, ...(opensWithinMs !== undefined && { opensWithinMs }) });
    }
    sinceCauseMs += longestRunMs(expectations.filter((e) => e.step === step.index)) + STEP_OVERRUN_MS;
    for (const use of step.expectations) {
      const started = targetOf(provesStarted(use));
      if (started !== undefined) templatesTargeted(started, templates).forEach((t) => history.markStarted(t));
      const ready = targetOf(provesReady(use));
      if (ready !== undefined) templatesTargeted(ready, templates).forEach((t) => history.markReady(t));
    }
  }
  return { templates, expectations, faults };
}

/** The node change a nodeLoss, drainNode or revert step makes, or undefined when Faultline cannot tell. */
function nodeChange(fault: { readonly kind: string; readonly spec: unknown }, step: number, nodeFaults: ReadonlyMap<string, NodeFault>): NodeChange | undefined {
  if (fault.kind === 'revert') {
    const reverted = nodeFaults.get((fault.spec as { step?: unknown } | null)?.step as string);
    return reverted && { kind: reverted.kind === 'nodeLoss' ? 'back' : 'uncordoned', fault: reverted };
  }
  const nodeFault = nodeFaultOf(fault, step);
  return nodeFault && { kind: nodeFault.kind === 'nodeLoss' ? 'lost' : 'drained', fault: nodeFault };
}

/**
 * The longest an expect or waitFor step can run: it ends when its last expectation passes, or when the first
 * fails, so by the end of its longest window, written or computed from the timing rules.
 */
function longestRunMs(timings: readonly ExpectationTiming[]): number {
  return Math.max(0, ...timings.map((t) => Math.max(t.use.window.ms, computedWindow(t, 0)?.ms ?? 0)));
}

function faultNotes(fault: { readonly kind: string; readonly spec: unknown }, templates: readonly PodTemplate[]): string[] {
  const notes = templates.flatMap((template) => {
    const reach = faultReach(fault, template);
    if (reach.kind === 'misses') return [];
    return [`${template.owner}: ${reach.kind === 'known' ? describeEffect(reach.effect) : reach.why}`];
  });
  if (!keepsTemplates(fault.kind)) notes.push(`${fault.kind} may change the workloads: later steps are not timed`);
  return notes.length > 0 ? notes : ['acts on no pod of the manifests'];
}

/** An expectation that can only pass once the target's containers have run, when judged in a `within` window. */
function provesStarted(use: ExpectationUse): unknown {
  if (use.window.mode !== 'within') return undefined;
  switch (use.kind) {
    case 'ready': return use.spec.status === false ? undefined : use.spec.target;
    case 'restarts': return (use.spec.atLeast ?? use.spec.exactly ?? 0) >= 1 ? use.spec.target : undefined;
    case 'terminated':
    case 'waiting': return use.spec.target;
    case 'endpoints': return use.spec.present ? use.spec.target : undefined;
    default: return undefined;
  }
}

/** An expectation that passes only once the target's pods are Ready, when judged in a `within` window. */
function provesReady(use: ExpectationUse): unknown {
  if (use.window.mode !== 'within') return undefined;
  if (use.kind === 'ready') return use.spec.status === false ? undefined : use.spec.target;
  if (use.kind === 'endpoints') return use.spec.present ? use.spec.target : undefined;
  return undefined;
}

/** What the steps so far did to each template's containers: restart counts, broken probes, whether they run and are Ready. */
class PodHistory {
  private readonly restartCounts = new Map<PodTemplate, Map<string, number | undefined>>();
  private readonly brokenProbes = new Map<PodTemplate, Set<string>>();
  private readonly running = new Set<PodTemplate>();
  private readonly seenReady = new Set<PodTemplate>();

  restarts(template: PodTemplate, container: string): number | undefined {
    const counts = this.restartCounts.get(template);
    return counts?.has(container) ? counts.get(container) : 0;
  }

  broken(template: PodTemplate, container: string, probe: ProbeKind): boolean {
    return this.brokenProbes.get(template)?.has(`${container}/${probe}`) ?? false;
  }

  started(template: PodTemplate): boolean {
    return this.running.has(template);
  }

  markStarted(template: PodTemplate): void {
    this.running.add(template);
  }

  ready(template: PodTemplate): boolean {
    return this.seenReady.has(template);
  }

  markReady(template: PodTemplate): void {
    this.seenReady.add(template);
    this.running.add(template);
  }

  /** A frozen copy, for a cause to read the state from just before its fault. */
  snapshot(): Pick<PodHistory, 'restarts' | 'broken' | 'ready'> {
    const copy = new PodHistory();
    this.seenReady.forEach((t) => copy.seenReady.add(t));
    for (const [template, counts] of this.restartCounts) copy.restartCounts.set(template, new Map(counts));
    for (const [template, probes] of this.brokenProbes) copy.brokenProbes.set(template, new Set(probes));
    return copy;
  }

  apply(fault: { readonly kind: string; readonly spec: unknown }, template: PodTemplate): void {
    const reach = faultReach(fault, template);
    if (reach.kind === 'misses') return;
    this.running.add(template);
    // Whatever it did, the pods are not known to be Ready any more until a step sees them so.
    this.seenReady.delete(template);
    const counts = this.restartCounts.get(template) ?? new Map<string, number | undefined>();
    this.restartCounts.set(template, counts);
    const broken = this.brokenProbes.get(template) ?? new Set<string>();
    this.brokenProbes.set(template, broken);
    if (reach.kind === 'unknown') {
      template.containerNames.forEach((name) => counts.set(name, undefined));
      return;
    }
    const { effect } = reach;
    const name = effect.container.name;
    if (effect.deletion) {
      // The pod goes; a controller's replacement starts afresh, with counts the steps no longer follow.
      template.containerNames.forEach((c) => counts.set(c, undefined));
      broken.clear();
      return;
    }
    const killed = effect.breaks.some((p) => p.kind === 'liveness');
    if (killed && !effect.survivesRestart) {
      const before = this.restarts(template, name);
      counts.set(name, before === undefined ? undefined : before + 1);
      [...broken].filter((key) => key.startsWith(`${name}/`)).forEach((key) => broken.delete(key));
      return;
    }
    if (killed) counts.set(name, undefined);
    effect.breaks.forEach((p) => broken.add(`${name}/${p.kind}`));
    effect.mends.forEach((p) => broken.delete(`${name}/${p.kind}`));
  }
}
