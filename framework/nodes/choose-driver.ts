import { driverChoiceOf, NODE_DRIVER_NAMES, type NodeDriverChoice, type NodeDriverSpec } from './drivers/registry.js';

/**
 * The driver a node fault uses: the command line's (the operator knows the machines), else the
 * scenario's, else kind's for a kind-* context. `command` named without its commands takes them
 * from the command line. Returns a problem that says what to pass when none fits.
 */
export function chooseNodeDriver(
  scenario: NodeDriverSpec | undefined, commandLine: NodeDriverChoice | undefined, contextName: string,
): { choice: NodeDriverChoice } | { problem: string } {
  if (commandLine !== undefined) return { choice: commandLine };
  if (scenario !== undefined) {
    const choice = driverChoiceOf(scenario);
    if (choice.name === 'command' && (choice.settings.stop === undefined || choice.settings.start === undefined)) {
      return { problem: 'the scenario asks for the command driver but gives no commands: pass --node-driver command --node-stop-command CMD --node-start-command CMD ({node} is the node name), or write them in the scenario (driver: { command: { stop, start } })' };
    }
    return { choice };
  }
  if (contextName.startsWith('kind-')) return { choice: { name: 'kind', settings: {} } };
  return {
    problem: `no node driver: the scenario names none and context "${contextName}" is not a kind cluster. `
      + `Pass --node-driver (${NODE_DRIVER_NAMES.join(' or ')}), e.g. --node-driver command --node-stop-command 'ssh {node} sudo systemctl stop k3s-agent' --node-start-command 'ssh {node} sudo systemctl start k3s-agent'`,
  };
}
