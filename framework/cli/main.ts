import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command, Output } from './command.js';
import { EXIT, UsageError } from './exit-codes.js';
import { planCommand } from './plan-command.js';
import { replayCommand } from './replay-command.js';
import { runCommand } from './run-command.js';
import { sweepCommand } from './sweep-command.js';
import { validateCommand } from './validate-command.js';
import { ClusterRequestError } from '../cluster/api-errors.js';

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function main(argv: readonly string[], out: Output = console.log, err: Output = console.error): Promise<number> {
  const commands = [runCommand(err), validateCommand(out, err), planCommand(out, err), replayCommand(out, err), sweepCommand(out, err)];
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(usage(commands));
    return name === undefined ? EXIT.invalidInput : EXIT.passed;
  }
  if (name === '--version' || name === '-v') {
    out(version());
    return EXIT.passed;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    err(`faultline: unknown command "${name}"; expected one of: ${commands.map((c) => c.name).join(', ')}. See faultline --help.`);
    return EXIT.invalidInput;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest], allowPositionals: true, strict: true,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    });
    if (values['help']) {
      out(commandHelp(command));
      return EXIT.passed;
    }
    return await command.run({ values, positionals });
  } catch (error) {
    return report(error, command, err);
  }
}

async function report(error: unknown, command: Command, err: Output): Promise<number> {
  // Imported only when something failed: client-node (which connect.js loads) is slow to import.
  const { ClusterUnreachableError, KubeConfigError } = await import('../cluster/connect.js');
  if (error instanceof ClusterUnreachableError) {
    err(error.message);
    return EXIT.clusterUnreachable;
  }
  if (error instanceof KubeConfigError) {
    err(`faultline ${command.name}: ${error.message}`);
    return EXIT.clusterUnreachable;
  }
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    err(`faultline ${command.name}: ${(error as Error).message}\nusage: ${command.usage}`);
    return EXIT.invalidInput;
  }
  if (error instanceof ClusterRequestError) {
    err(`faultline ${command.name}: ${error.message}`);
    return EXIT.failed;
  }
  throw error;
}

function usage(commands: readonly Command[]): string {
  return [
    'faultline: declarative chaos and scenario tests for Kubernetes workloads',
    '',
    'usage: faultline <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Run `faultline <command> --help` for its options.',
    'Exit codes: 0 all passed, 1 a scenario failed, 2 invalid input or usage, 3 cluster unreachable, 130 interrupted.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const options = Object.entries(command.options).map(([name, o]) => `  --${name.padEnd(12)} ${o.description}`);
  return [`usage: ${command.usage}`, '', command.summary, ...(options.length > 0 ? ['', 'options:', ...options] : [])].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
