import type { CleanupStack } from './cleanup-stack.js';
import type { Revert } from '../faults/fault.js';
import type { Timeline } from '../observe/timeline.js';
import type { PendingNodeRevert } from '../nodes/pending-reverts.js';

export interface FaultRevertsOptions {
  readonly timeoutMs?: number;
  /**
   * Records what is still to undo where a later `faultline sweep` finds it (the run's namespace), in
   * case this process is killed before it can undo it itself.
   */
  readonly persist?: (pending: PendingNodeRevert[]) => Promise<void>;
  readonly log?: (line: string) => void;
}

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

  private readonly timeoutMs: number;

  constructor(private readonly cleanup: CleanupStack, private readonly timeline: Timeline, private readonly options: FaultRevertsOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? REVERT_TIMEOUT_MS;
  }

  /** Puts the undo on the cleanup stack at once, then records it for sweep; call it before the fault acts. */
  async register(step: { index: number; name: string }, revert: Revert): Promise<void> {
    const entry: Registered = { step, revert, done: false };
    this.registered.push(entry);
    // The description names the command to run by hand: a cleanup that fails, or a third Ctrl-C, shows it.
    this.cleanup.push(`${revert.description} (if it fails, run: ${revert.manual})`, async () => {
      if (!entry.done) await this.run(entry, AbortSignal.timeout(this.timeoutMs));
    });
    if (revert.pending !== undefined) await this.persist();
  }

  /** Runs the undo actions the fault of step `stepName` registered; resolves with their summaries. */
  async revertStep(stepName: string, signal: AbortSignal): Promise<string[]> {
    const entries = this.registered.filter((entry) => entry.step.name === stepName);
    if (entries.length === 0) {
      throw new Error(`step "${stepName}" has nothing to revert: only a nodeLoss or drainNode step that ran before this one can be reverted`);
    }
    const pending = entries.filter((entry) => !entry.done);
    if (pending.length === 0) throw new Error(`step "${stepName}" was reverted already`);
    // Last registered first, as at cleanup: k8s-local's node 1 comes back with `up`, which would drop a node 2 still down.
    const summaries: string[] = [];
    for (const entry of pending.reverse()) summaries.push(await this.run(entry, signal));
    return summaries;
  }

  private async run(entry: Registered, signal: AbortSignal): Promise<string> {
    const summary = await entry.revert.run(signal);
    entry.done = true;
    if (entry.revert.pending !== undefined) await this.persist();
    if (entry.revert.node !== undefined) this.timeline.markNode('fault-reverted', summary, entry.step.index, entry.revert.node);
    else this.timeline.mark('fault-reverted', summary, entry.step.index);
    return summary;
  }

  /** Best effort: a run that cannot write the record still runs, and says what a kill would leave. */
  private async persist(): Promise<void> {
    if (this.options.persist === undefined) return;
    const pending = this.registered.filter((e) => !e.done && e.revert.pending !== undefined).map((e) => e.revert.pending!);
    try {
      await this.options.persist(pending);
    } catch (error) {
      this.options.log?.(`could not record the pending node reverts on the namespace (${(error as Error).message}): if this process is killed, \`faultline sweep\` will not know to bring ${pending.map((p) => p.node).join(', ') || 'the nodes'} back`);
    }
  }
}
