import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliRun {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or 128 + signal) and everything printed. */
  readonly done: Promise<{ code: number; stdout: string; stderr: string }>;
}

/** Starts `node bin/faultline.js ...args`; its output is echoed, prefixed, so CI logs show progress. */
export function faultline(args: readonly string[], prefix: string): CliRun {
  const child = spawn(process.execPath, ['bin/faultline.js', ...args], { cwd: REPO_ROOT, env: process.env });
  let stdout = '';
  let stderr = '';
  const echo = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) process.stdout.write(`      ${prefix} │ ${line}\n`);
  };
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); echo(chunk); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); echo(chunk); });
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15), stdout, stderr }));
  });
  return { child, done };
}
