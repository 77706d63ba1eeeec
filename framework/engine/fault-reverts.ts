import type { CleanupStack } from './cleanup-stack.js';
import type { Revert } from '../faults/fault.js';
import type { Timeline } from '../observe/timeline.js';

/** How long an undo may take at cleanup (starting a node and seeing it Ready again). */
export const REVERT_TIMEOUT_MS = 3 * 60_000;

interface Registered {
  readonly step: { readonly index: number; readonly name: string };
  readonly revert: Revert;
  done: boolean;
}

/**
 * The undo actions of faults that changed something outside the namespace (a stopped node, a
 * cordoned one). Each is put on the cleanup stack when registered, before the fault acts, so it
 * runs whatever happens; a `revert` step runs it earlier, and cleanup then has nothing left to do.
 */
export class FaultReverts {
  private readonly registered: Registered[] = [];

  constructor(private readonly cleanup: CleanupStack, private readonly timeline: Timeline, private readonly timeoutMs = REVERT_TIMEOUT_MS) {}

  register(step: { index: number; name: string }, revert: Revert): void {
    const entry: Registered = { step, revert, done: false };
    this.registered.push(entry);
    // The description names the command to run by hand: a cleanup that fails, or a third Ctrl-C, shows it.
    this.cleanup.push(`${revert.description} (if it fails, run: ${revert.manual})`, async () => {
      if (!entry.done) await this.run(entry, AbortSignal.timeout(this.timeoutMs));
    });
  }

  /** Runs the undo actions the fault of step `stepName` registered; resolves with their summaries. */
  async revertStep(stepName: string, signal: AbortSignal): Promise<string[]> {
    const entries = this.registered.filter((entry) => entry.step.name === stepName);
    if (entries.length === 0) {
      throw new Error(`step "${stepName}" has nothing to revert: only a nodeLoss or drainNode step that ran before this one can be reverted`);
    }
    const pending = entries.filter((entry) => !entry.done);
    if (pending.length === 0) throw new Error(`step "${stepName}" was reverted already`);
    const summaries: string[] = [];
    for (const entry of pending) summaries.push(await this.run(entry, signal));
    return summaries;
  }

  private async run(entry: Registered, signal: AbortSignal): Promise<string> {
    const summary = await entry.revert.run(signal);
    entry.done = true;
    if (entry.revert.node !== undefined) this.timeline.markNode('fault-reverted', summary, entry.step.index, entry.revert.node);
    else this.timeline.mark('fault-reverted', summary, entry.step.index);
    return summary;
  }
}
