import { matchesSelector, SelectorSyntaxError } from '../model/label-selector.js';
import type { Manifest, SourcePosition } from '../model/scenario.js';
import { resolveTarget, type Target, type TargetSpec } from '../model/target.js';
import { isMapping } from '../model/is-mapping.js';

/** The pods a scenario's manifests will create, as far as their timing goes: one template per workload. */
export interface PodTemplate {
  /** `Deployment web`, `Pod web`. */
  readonly owner: string;
  readonly labels: Readonly<Record<string, string>>;
  /** A bare Pod's name (controllers' pods get generated names). */
  readonly podName?: string;
  /** How many pods: spec.replicas (default 1), 1 for a bare Pod, Infinity for a DaemonSet (one per node). */
  readonly replicas: number;
  /** The pod spec, as written. */
  readonly podSpec: unknown;
  /** Its containers' names (init containers left out). */
  readonly containerNames: readonly string[];
  readonly source: SourcePosition;
}

/** Kinds whose pods come from `spec.template`; Jobs are left out: their restartPolicy is never Always. */
const CONTROLLERS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

/** The pod templates among `manifests`: Deployments, ReplicaSets, StatefulSets, DaemonSets, ReplicationControllers and bare Pods. */
export function podTemplates(manifests: readonly Manifest[]): PodTemplate[] {
  return manifests.flatMap(({ object, source }): PodTemplate[] => {
    const kind = object.kind ?? '';
    const name = object.metadata?.name ?? '';
    const spec = (object as { spec?: unknown }).spec;
    if (!isMapping(spec)) return [];
    if (kind === 'Pod') {
      return [{ owner: `Pod ${name}`, labels: stringMap(object.metadata?.labels), podName: name, replicas: 1, podSpec: spec, containerNames: containerNames(spec), source }];
    }
    if (!CONTROLLERS.has(kind) || !isMapping(spec.template)) return [];
    const metadata = isMapping(spec.template.metadata) ? spec.template.metadata : {};
    const replicas = kind === 'DaemonSet' ? Infinity : typeof spec.replicas === 'number' ? spec.replicas : 1;
    const podSpec = spec.template.spec;
    return [{ owner: `${kind} ${name}`, labels: stringMap(metadata.labels), replicas, podSpec, containerNames: containerNames(podSpec), source }];
  });
}

/** The templates whose pods `target` selects: by label selector, and by name for bare Pods. */
export function templatesTargeted(target: Target, templates: readonly PodTemplate[]): PodTemplate[] {
  return templates.filter((t) => (target.pod === undefined || t.podName === target.pod)
    && (target.selector === undefined || matchesSelector(target.selector, t.labels)));
}

/**
 * A fault's or expectation's target, or undefined when it has none Faultline can read: plugins from other
 * catalogs may spell targets their own way, and timing must never stop a scenario from loading.
 */
export function targetOf(spec: unknown): Target | undefined {
  if (typeof spec !== 'string' && (spec === null || typeof spec !== 'object' || Array.isArray(spec))) return undefined;
  try {
    return resolveTarget(spec as TargetSpec);
  } catch (error) {
    if (error instanceof SelectorSyntaxError) return undefined;
    throw error;
  }
}

/** A Service among the manifests, with its pod selector (undefined: a Service without one). */
export interface ServiceManifest {
  readonly name: string;
  readonly selector: Readonly<Record<string, string>> | undefined;
}

export function serviceNamed(manifests: readonly Manifest[], name: string): ServiceManifest | undefined {
  const found = manifests.find((m) => m.object.kind === 'Service' && m.object.metadata?.name === name);
  if (!found) return undefined;
  const spec = (found.object as { spec?: unknown }).spec;
  return { name, selector: isMapping(spec) && isMapping(spec.selector) ? stringMap(spec.selector) : undefined };
}

/** Whether a Service's selector (a plain map: every pair must match) selects the template's pods. */
export function serviceSelects(service: ServiceManifest, template: PodTemplate): boolean {
  return service.selector !== undefined && Object.entries(service.selector).every(([key, value]) => template.labels[key] === value);
}

function containerNames(podSpec: unknown): string[] {
  const containers = isMapping(podSpec) && Array.isArray(podSpec.containers) ? podSpec.containers : [];
  return containers.flatMap((c: unknown) => (isMapping(c) && typeof c.name === 'string' ? [c.name] : []));
}

function stringMap(value: unknown): Record<string, string> {
  if (!isMapping(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
