/**
 * Start-up, cold: each run is a fresh node process (nothing cached in memory), timed from spawn to exit.
 * The median of several runs, since the machine may be shared; bare `node` is measured the same way,
 * as the floor no CLI can go below.
 */
import { spawn } from 'node:child_process';
import { median } from './support/stats.js';

export interface StartupTimes {
  readonly command: string;
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
}

function timeOnce(args: readonly string[]): Promise<number> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with code ${code}`));
      else resolve(performance.now() - began);
    });
  });
}

export async function startupTimes(runs = 7): Promise<StartupTimes[]> {
  const commands: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['node -e 0 (the floor)', ['-e', '0']],
    ['faultline --help', ['bin/faultline.js', '--help']],
    ['faultline validate scenarios/', ['bin/faultline.js', 'validate', 'scenarios/']],
  ];
  const times: StartupTimes[] = [];
  for (const [command, args] of commands) {
    const samplesMs: number[] = [];
    // One you do not count: the first run reads the files from disk into the page cache.
    await timeOnce(args);
    for (let i = 0; i < runs; i++) samplesMs.push(await timeOnce(args));
    times.push({ command, samplesMs, medianMs: median(samplesMs) });
  }
  return times;
}
