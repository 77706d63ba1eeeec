import { driverChoiceOf, driverOf, type NodeDriverSpec } from './drivers/registry.js';

/** A scenario's driver settings checked beyond the schema (a command without {node}). */
export function driverProblems(spec: NodeDriverSpec | undefined, path = 'driver'): Array<{ path: string; message: string }> {
  if (spec === undefined || typeof spec === 'string') return [];
  const choice = driverChoiceOf(spec);
  return (driverOf(choice).validate?.(choice.settings) ?? []).map((p) => ({ path: `${path}/${choice.name}/${p.path}`, message: p.message }));
}
