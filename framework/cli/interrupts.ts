import type { CleanupStack } from '../engine/cleanup-stack.js';

/**
 * Ctrl-C and SIGTERM handling for a run. The first signal aborts the run (its cleanup still runs);
 * a second one says what is still being cleaned up instead of abandoning it; a third exits at once,
 * naming what is left for `faultline sweep`.
 */
export class InterruptGuard {
  readonly controller = new AbortController();
  private readonly cleanups = new Set<CleanupStack>();
  private count = 0;
  private readonly handler = (signal: NodeJS.Signals): void => this.onSignal(signal);

  constructor(private readonly print: (line: string) => void, private readonly exit: (code: number) => void = process.exit) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  install(): void {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  uninstall(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }

  track(cleanup: CleanupStack): void {
    this.cleanups.add(cleanup);
  }

  onSignal(signal: NodeJS.Signals): void {
    this.count++;
    if (this.count === 1) {
      this.print(`\n${signal}: stopping the run and cleaning up (press Ctrl-C again to see what is left).`);
      this.controller.abort(new Error(`interrupted by ${signal}`));
      return;
    }
    const left = [...this.cleanups].flatMap((c) => [c.inProgress, ...c.pending]).filter((x): x is string => x !== undefined);
    if (this.count === 2) {
      this.print(left.length > 0
        ? `Still cleaning up: ${[...new Set(left)].join('; ')}. Press Ctrl-C once more to exit now and leave it to \`faultline sweep\`.`
        : 'Cleanup is finishing. Press Ctrl-C once more to exit now.');
      return;
    }
    this.print(`Exiting without finishing cleanup. Left behind: ${[...new Set(left)].join('; ') || 'nothing known'}. Run \`faultline sweep\` to remove it.`);
    this.exit(130);
  }
}
