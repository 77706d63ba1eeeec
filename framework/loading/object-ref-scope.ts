import type { SchemaObject } from 'ajv';
import { CLUSTER_SCOPED_KINDS } from './cluster-scoped-kinds.js';
import { childPointer, dottedPath } from './json-pointer.js';
import type { PluginCatalog } from './plugin-catalog.js';
import type { ScenarioProblem } from './problems.js';
import type { YamlDocument } from './source-map.js';

/**
 * Faults that name an object by kind and name (patch, deleteObject) act in the run's namespace. A
 * cluster-scoped kind has no namespace, so the request would reach the cluster's own objects
 * (`deleteObject: { object: { apiVersion: v1, kind: Namespace, name: kube-system } }`): refused here,
 * before anything runs. Object references are found through the plugins' schemas: a property that
 * requires `kind` and `name`. A plugin that lists its kinds (an enum) chose them itself and is left alone.
 */
export function checkObjectRefScope(document: YamlDocument, plugins: PluginCatalog, rejected: (pointer: string) => boolean): ScenarioProblem[] {
  const steps = (document.value as { spec?: { steps?: unknown } } | null)?.spec?.steps;
  if (!Array.isArray(steps)) return [];
  return steps.flatMap((step: unknown, index): ScenarioProblem[] => {
    const fault = (step as { fault?: unknown } | null)?.fault;
    if (fault === null || typeof fault !== 'object' || Array.isArray(fault)) return [];
    return Object.entries(fault).flatMap(([kind, spec]) => {
      const plugin = plugins.faults[kind];
      const specPointer = childPointer(childPointer(childPointer('/spec/steps', index), 'fault'), kind);
      if (!plugin || rejected(specPointer) || spec === null || typeof spec !== 'object') return [];
      return objectRefProperties(plugin.schema).flatMap((property) => {
        const refKind = (spec as Record<string, { kind?: unknown } | undefined>)[property]?.kind;
        if (typeof refKind !== 'string' || !CLUSTER_SCOPED_KINDS.has(refKind)) return [];
        const pointer = childPointer(childPointer(specPointer, property), 'kind');
        return [document.problem('invalid-value', pointer, dottedPath(pointer, document.value),
          `${refKind} is cluster-scoped; a ${kind} fault may only address objects in the run's namespace (such as the scenario's manifests), expected a namespaced kind like Deployment, ConfigMap or Pod`)];
      });
    });
  });
}

/** The properties of a fault's schema that are free-form object references: `{ kind, name }` with any kind. */
function objectRefProperties(schema: SchemaObject): string[] {
  const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
  return Object.entries(properties).filter(([, property]) => {
    const required = Array.isArray(property.required) ? (property.required as unknown[]) : [];
    const kind = (property.properties as Record<string, SchemaObject> | undefined)?.kind;
    return required.includes('kind') && required.includes('name') && kind !== undefined && kind.enum === undefined;
  }).map(([name]) => name);
}
