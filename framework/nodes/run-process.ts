import { execFile } from 'node:child_process';

export interface ProcessResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunProcessOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
}

/**
 * Runs an executable with arguments (no shell unless the caller asks for one) and waits for it to
 * exit. A missing executable, a timeout or an abort rejects; a non-zero exit resolves, so the
 * caller can say what the command printed.
 */
export function runProcess(file: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], {
      timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024,
      ...(options.signal && { signal: options.signal }),
    }, (error, stdout, stderr) => {
      if (error === null) return resolve({ exitCode: 0, stdout, stderr });
      const failure = error as NodeJS.ErrnoException & { code?: unknown; killed?: boolean };
      if (failure.name === 'AbortError') return reject(new Error(`${file} was stopped: the run was interrupted`, { cause: error }));
      if (failure.code === 'ENOENT') return reject(new Error(`${file} was not found: is it installed and on PATH?`, { cause: error }));
      if (failure.killed) return reject(new Error(`${file} ${args.join(' ')} did not finish within ${options.timeoutMs / 1000}s and was killed`, { cause: error }));
      if (typeof failure.code === 'number') return resolve({ exitCode: failure.code, stdout, stderr });
      reject(error);
    });
  });
}

/** The last lines of a command's output, for an error message: stderr last, so the error survives a long stdout. */
export function outputTail(result: ProcessResult, lines = 5): string {
  const text = [result.stdout.trim(), result.stderr.trim()].filter((part) => part !== '').join('\n');
  if (text === '') return 'it printed nothing';
  return text.split('\n').slice(-lines).join('\n');
}
