import type { NodeDriver } from './node-driver.js';
import { commandDriver, type CommandDriverSettings } from './command.js';
import { kindDriver, type KindDriverSettings } from './kind.js';

/** Every node driver and its settings. Adding a name here without a driver is a compile error. */
export interface NodeDriverSettings {
  kind: KindDriverSettings;
  command: CommandDriverSettings;
}

export type NodeDriverName = keyof NodeDriverSettings;

export const nodeDrivers: { readonly [N in NodeDriverName]: NodeDriver<NodeDriverSettings[N]> } = {
  kind: kindDriver,
  command: commandDriver,
};

export const NODE_DRIVER_NAMES = Object.keys(nodeDrivers) as NodeDriverName[];

/** A driver with its settings, as a scenario or the command line chose it. */
export type NodeDriverChoice = { [N in NodeDriverName]: { readonly name: N; readonly settings: NodeDriverSettings[N] } }[NodeDriverName];

/** `driver: kind` or `driver: { command: { stop, start } }` in a scenario. */
export type NodeDriverSpec = NodeDriverName | Partial<{ [N in NodeDriverName]: NodeDriverSettings[N] }>;

export const NODE_DRIVER_SCHEMA = {
  description: `How to lose the node: ${NODE_DRIVER_NAMES.join(' or ')}, by name or with settings. Default: the command line's --node-driver, else kind for kind-* contexts.`,
  oneOf: [
    { enum: NODE_DRIVER_NAMES },
    {
      type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: false,
      properties: Object.fromEntries(NODE_DRIVER_NAMES.map((name) => [name, nodeDrivers[name].schema])),
    },
  ],
} as const;

export function driverChoiceOf(spec: NodeDriverSpec): NodeDriverChoice {
  if (typeof spec === 'string') return { name: spec, settings: {} } as NodeDriverChoice;
  const [name, settings] = Object.entries(spec)[0]! as [NodeDriverName, NodeDriverSettings[NodeDriverName]];
  return { name, settings } as NodeDriverChoice;
}

export function driverOf(choice: NodeDriverChoice): NodeDriver<unknown> {
  return nodeDrivers[choice.name] as NodeDriver<unknown>;
}
