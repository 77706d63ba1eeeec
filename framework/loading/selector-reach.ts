import { keepsTemplates } from '../timing/fault-effects.js';
import { podTemplates, targetOf, templatesTargeted, type PodTemplate } from '../timing/pod-templates.js';
import type { Manifest } from '../model/scenario.js';
import { expectationEntries } from './expectation-entries.js';
import { childPointer, dottedPath } from './json-pointer.js';
import type { ScenarioProblem } from './problems.js';
import type { YamlDocument } from './source-map.js';

/** Kinds whose pods come only from the pod templates podTemplates() reads. */
const TEMPLATE_KINDS: ReadonlySet<string> = new Set(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

/** Kinds that create no pods of their own. Anything else (a Job, a custom resource with an operator) might. */
const PODLESS_KINDS: ReadonlySet<string> = new Set([
  'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'PersistentVolumeClaim', 'NetworkPolicy',
  'PodDisruptionBudget', 'Endpoints', 'EndpointSlice', 'LimitRange', 'ResourceQuota', 'Ingress', 'HorizontalPodAutoscaler',
]);

/**
 * A target selector that matches none of the pods the manifests create is a typo (`app=wbe`), and
 * the step would wait out its whole window before failing on a cluster. Reported at load time, but
 * only where Faultline can tell: every manifest is a kind whose pods it knows, and no earlier fault
 * may have changed the pods' labels or templates (a label or patch fault; see keepsTemplates).
 */
export function checkSelectorReach(document: YamlDocument, manifests: readonly Manifest[], rejected: (pointer: string) => boolean): ScenarioProblem[] {
  if (!manifests.every((m) => TEMPLATE_KINDS.has(m.object.kind ?? '') || PODLESS_KINDS.has(m.object.kind ?? ''))) return [];
  const templates = podTemplates(manifests);
  const steps = (document.value as { spec?: { steps?: unknown } } | null)?.spec?.steps;
  if (templates.length === 0 || !Array.isArray(steps)) return [];
  const problems: ScenarioProblem[] = [];
  const check = (specPointer: string, spec: unknown): void => {
    const written = (spec as { target?: unknown } | null)?.target;
    const target = targetOf(written);
    if (target?.selector === undefined || rejected(specPointer) || templatesTargeted({ text: target.text, selector: target.selector }, templates).length > 0) return;
    const pointer = typeof written === 'string' ? childPointer(specPointer, 'target') : childPointer(childPointer(specPointer, 'target'), 'selector');
    problems.push(document.problem('invalid-value', pointer, dottedPath(pointer, document.value),
      `selector "${target.selector.text}" matches no pod of the scenario's manifests; expected a selector for their pods: ${describeTemplates(templates)}`));
  };
  for (const [index, step] of steps.entries()) {
    if (step === null || typeof step !== 'object') continue;
    const pointer = childPointer('/spec/steps', index);
    const { fault, expect, waitFor } = step as { fault?: unknown; expect?: unknown; waitFor?: unknown };
    if (fault !== null && typeof fault === 'object' && !Array.isArray(fault)) {
      const [kind, spec] = Object.entries(fault)[0] ?? [];
      if (kind === undefined) continue;
      check(childPointer(childPointer(pointer, 'fault'), kind), spec);
      if (!keepsTemplates(kind)) break;
      continue;
    }
    for (const [action, value] of [['expect', expect], ['waitFor', waitFor]] as const) {
      for (const entry of expectationEntries(value, childPointer(pointer, action))) check(entry.pointer, entry.spec);
    }
  }
  return problems;
}

/** `Deployment web (app=web), Pod probe (app=probe, tier=db)` */
function describeTemplates(templates: readonly PodTemplate[]): string {
  return templates.map((t) => {
    const labels = Object.entries(t.labels).map(([key, value]) => `${key}=${value}`).join(', ');
    return `${t.owner} (${labels === '' ? 'no labels' : labels})`;
  }).join(', ');
}
