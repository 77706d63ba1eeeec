import type { ExecResult } from '../cluster/cluster-access.js';
import { FaultNotEffectiveError, type FaultContext } from './fault.js';
import type { PickedPod } from './pick-pods.js';

/** Exit codes a shell uses when the command itself could not be run. */
const NOT_RUNNABLE: Readonly<Record<number, string>> = { 126: 'not executable', 127: 'not found' };

/**
 * Runs a command in the picked container and returns its result; a non-zero exit fails the fault
 * with the command, the exit code and stderr, since a fault whose command failed did not happen.
 */
export async function runInContainer(context: FaultContext, picked: PickedPod, command: readonly string[], what: string): Promise<ExecResult> {
  const result = await context.cluster.exec({
    namespace: context.namespace, pod: picked.name, container: picked.container, command, signal: context.signal,
  });
  if (result.exitCode !== 0) {
    const hint = NOT_RUNNABLE[result.exitCode] ? ` (${NOT_RUNNABLE[result.exitCode]}: does the image have a shell and this tool?)` : '';
    throw new FaultNotEffectiveError(
      `${what} in ${picked.name}/${picked.container} failed: ${describeCommand(command)} exited with code ${result.exitCode}${hint}`
      + (result.stderr.trim() ? `; stderr: ${result.stderr.trim()}` : ''),
    );
  }
  return result;
}

/** The command for a message: in full when short, else its first words (scripts are long). */
function describeCommand(command: readonly string[]): string {
  const text = JSON.stringify(command);
  return text.length <= 200 ? text : `${JSON.stringify(command.slice(0, 2)).slice(0, 60)}…`;
}

/** A `sh -c` command whose script reads its arguments as "$1", "$2"...: no quoting of user input into the script. */
export function shell(script: string, ...args: string[]): string[] {
  return ['sh', '-c', script, 'sh', ...args];
}
