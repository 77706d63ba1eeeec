import type { Clock } from './clock.js';
import type { ExpectationOutcome } from './scenario-result.js';
import { expectationPlugins, type ExpectationKind, type ExpectationSpecs } from '../expectations/registry.js';
import { judgeOf, type Check, type CheckContext, type ExpectationPlugin } from '../expectations/expectation.js';
import { formatDuration } from '../model/duration.js';
import type { ExpectationUse } from '../model/scenario.js';
import { describeWindow, type Window } from '../model/window.js';
import { ClusterView } from '../observe/cluster-view.js';
import type { Timeline, TimelinePoint } from '../observe/timeline.js';
import { nodeFaultsOf } from '../nodes/node-fault-record.js';

export interface EvaluateOptions {
  readonly use: ExpectationUse;
  readonly timeline: Timeline;
  readonly clock: Clock;
  /** When the step began: windows are measured from here. */
  readonly stepStart: number;
  /** Start of the evidence window for events and deletions (the last fault step's start). */
  readonly since: TimelinePoint;
  /** When a fault step came right before: its start. `within` judges every state since then. */
  readonly replayFrom?: TimelinePoint;
  readonly namespace: string;
  readonly signal?: AbortSignal;
}

/**
 * Judges one expectation over the timeline: at every intermediate state since the evidence window
 * began, then at each new change as it arrives, plus one timer for the window's end (and one for a
 * plugin's recheck moment). Resolves the moment the verdict is known.
 */
export function evaluateExpectation(options: EvaluateOptions): Promise<ExpectationOutcome> {
  const { use, timeline, clock, stepStart, signal } = options;
  const plugin = expectationPlugins[use.kind] as unknown as ExpectationPlugin<ExpectationSpecs[ExpectationKind]>;
  const context: CheckContext = { namespace: options.namespace, since: options.since, stepStart, nodeFaults: nodeFaultsOf(timeline) };
  const verdicts = judgeOf(plugin, use.spec, context);
  const window = use.window;
  const deadline = stepStart + window.ms;
  let last: Check = { holds: false, observed: 'nothing observed yet' };

  const outcome = (passed: boolean, at: number, reason?: string): ExpectationOutcome => ({
    kind: use.kind,
    description: `${plugin.describe(use.spec)} ${describeWindow(window)}`,
    passed,
    observed: last.observed,
    ...(reason !== undefined && { reason }),
    decidedAfterMs: Math.max(0, at - stepStart),
    window: describeWindow(window),
    source: `${use.source.file}:${use.source.line}:${use.source.column}`,
  });

  /** The verdict this view forces, if any. */
  const judge = (view: ClusterView): ExpectationOutcome | undefined => {
    last = verdicts.check(view);
    const at = view.at;
    const elapsed = formatDuration(Math.max(0, at - stepStart));
    if (last.inapplicable !== undefined) return outcome(false, at, last.inapplicable);
    if (last.impossible !== undefined && window.mode !== 'never') return outcome(false, at, last.impossible);
    switch (window.mode) {
      case 'within':
        if (!last.holds) return undefined;
        if (window.afterMs > 0 && at < stepStart + window.afterMs) return outcome(false, at, `it happened after ${elapsed}, earlier than the ${formatDuration(window.afterMs)} allowed`);
        return outcome(true, at);
      case 'for':
        return last.holds || at < stepStart ? undefined : outcome(false, at, `it stopped holding after ${elapsed}`);
      case 'never':
        return last.holds && at >= stepStart ? outcome(false, at, `it happened after ${elapsed}`) : undefined;
    }
  };

  return new Promise<ExpectationOutcome>((resolve, reject) => {
    let settled = false;
    const cleanups: Array<() => void> = [];
    const settle = (result: ExpectationOutcome): void => {
      if (settled) return;
      settled = true;
      cleanups.forEach((cleanup) => cleanup());
      resolve(result);
    };
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      cleanups.forEach((cleanup) => cleanup());
      reject(signal?.reason);
    };

    const replayed = statesToReplay(options, window);
    for (const view of replayed) {
      const verdict = judge(view);
      if (verdict) return settle(verdict);
    }

    const onEnd = (): void => {
      const view = timeline.view.atTime(clock.now());
      const verdict = judge(view);
      if (verdict) return settle(verdict);
      if (window.mode === 'within') {
        return settle(outcome(false, view.at, `not met ${describeWindow(window)}`));
      }
      return settle(outcome(true, view.at));
    };
    let cancelRecheck: (() => void) | undefined;
    const scheduleRecheck = (view: ClusterView): void => {
      cancelRecheck?.();
      const at = verdicts.recheckAt?.(view);
      if (at === undefined) return;
      cancelRecheck = clock.setTimer(Math.max(0, at - clock.now()), () => {
        const verdict = judge(timeline.view.atTime(clock.now()));
        if (verdict) settle(verdict);
      });
    };

    cleanups.push(timeline.subscribe((_entry, view) => {
      const verdict = judge(view);
      if (verdict) settle(verdict);
      else scheduleRecheck(view);
    }));
    cleanups.push(clock.setTimer(Math.max(0, deadline - clock.now()), onEnd));
    cleanups.push(() => cancelRecheck?.());
    scheduleRecheck(timeline.view);
    if (signal) {
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
  });
}

/**
 * The states to judge before live changes arrive: the current one, and for `within` right after a
 * fault, every state produced by a change since that fault began, so a transient state that came
 * and went during the fault is not missed. The state from before the fault is never judged as
 * evidence: it is what the fault was meant to change.
 */
function statesToReplay(options: EvaluateOptions, window: Window): ClusterView[] {
  const { timeline, replayFrom, clock } = options;
  const now = timeline.view.atTime(clock.now());
  if (window.mode !== 'within' || replayFrom === undefined) return [now];
  const views: ClusterView[] = [];
  let view = timeline.viewAt(replayFrom.position);
  for (const entry of timeline.entriesFrom(replayFrom.position)) {
    view = view.apply(entry);
    views.push(view);
  }
  views.push(now);
  return views;
}
