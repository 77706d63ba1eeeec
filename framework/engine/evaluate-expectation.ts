import type { Clock } from './clock.js';
import type { ExpectationOutcome } from './scenario-result.js';
import { describeExpectation, expectationPlugins, type ExpectationKind, type ExpectationSpecs } from '../expectations/registry.js';
import { judgeOf, type Check, type CheckContext, type ExpectationPlugin } from '../expectations/expectation.js';
import { formatDuration } from '../model/duration.js';
import type { ExpectationUse } from '../model/scenario.js';
import { describeWindow, type Window } from '../model/window.js';
import { ClusterView } from '../observe/cluster-view.js';
import type { Timeline, TimelinePoint } from '../observe/timeline.js';
import { nodeFaultsOf } from '../nodes/node-fault-record.js';
import type { WatchGap } from '../observe/resilient-watch.js';

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
  /**
   * How well the watches saw the cluster. A verdict that rests on nothing having happened (a `within`
   * not met, a `for` or `never` kept) is given only over a window the watches saw: if one is down when
   * the window ends, the verdict waits for it to catch up (it resumes from its resourceVersion, so
   * every change arrives, late); if it re-listed during the window (410 Gone: transient states lost),
   * or does not come back, or a change that decides arrives only during the catch-up (too late to
   * tell on which side of the deadline it happened), the evaluation rejects with ObservationLostError
   * and the step is an error, not a guess.
   */
  readonly observation?: Observation;
}

export interface Observation {
  gaps(): readonly WatchGap[];
  /** Resolves once every watch is connected again. */
  whenConnected(): Promise<void>;
}

/** Outages shorter than this (a watch the server ended, reconnected at once) hide nothing worth a verdict. */
export const GAP_TOLERANCE_MS = 2_000;
/** How long a verdict waits, after its window, for a watch that is down to catch up. */
export const CATCH_UP_MS = 30_000;

/** The run could not see the cluster during the window: there is no honest verdict. */
export class ObservationLostError extends Error {
  override readonly name = 'ObservationLostError';
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
    description: describeExpectation(use),
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
    /** Ends the evaluation once, whichever way: timers and the subscription go with it. */
    const finish = (end: () => void): void => {
      if (settled) return;
      settled = true;
      cleanups.forEach((cleanup) => cleanup());
      end();
    };
    const settle = (result: ExpectationOutcome): void => finish(() => resolve(result));
    const onAbort = (): void => finish(() => reject(signal?.reason));

    const replayed = statesToReplay(options, window);
    for (const view of replayed) {
      const verdict = judge(view);
      if (verdict) return settle(verdict);
    }

    const lost = (why: string): void => finish(() => reject(new ObservationLostError(`${use.kind}: no verdict ${describeWindow(window)}: ${why}; last observed: ${last.observed}`)));
    const windowStart = Math.min(stepStart, options.replayFrom?.at ?? stepStart);
    /** Settles as the window's end decides, unless a re-list during the window hid transient states. */
    const byWindowEnd = (view: ClusterView): void => {
      // Events are records, not states: a re-list still shows each one, with its count.
      const statesLost = (options.observation?.gaps() ?? []).filter((gap) => gap.relisted && !gap.path.endsWith('/events'));
      const relisted = blindSpots(statesLost, windowStart, deadline, clock.now());
      if (relisted.length > 0) return lost(`the watches saw only end states during the window (${relisted.join('; ')})`);
      if (window.mode === 'within') return settle(outcome(false, view.at, `not met ${describeWindow(window)}`));
      return settle(outcome(true, view.at));
    };
    let catchingUp = false;
    const onEnd = (): void => {
      const view = timeline.view.atTime(clock.now());
      const verdict = judge(view);
      if (verdict) return settle(verdict);
      const observation = options.observation;
      const down = (observation?.gaps() ?? []).filter((gap) => gap.to === undefined);
      if (observation === undefined || down.length === 0) return byWindowEnd(view);
      // A watch is down as the window ends: what happened before the deadline may still be on its way.
      catchingUp = true;
      cleanups.push(clock.setTimer(CATCH_UP_MS, () => lost(
        `the watches could not see the cluster at the window's end and did not catch up within ${formatDuration(CATCH_UP_MS)} (${blindSpots(observation.gaps(), windowStart, Infinity, clock.now()).join('; ')})`,
      )));
      void observation.whenConnected().then(() => {
        if (!settled) byWindowEnd(timeline.view.atTime(clock.now()));
      });
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
      if (verdict && catchingUp) {
        // It arrived after the window ended, through a watch that was down: it may have happened on either side of the deadline.
        return lost(`the change that decides it arrived ${formatDuration(clock.now() - deadline)} after the window ended, while a watch caught up after an outage, so it may have happened on either side of the deadline`);
      }
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

/** The outages that overlap the window, for people. */
function blindSpots(gaps: readonly WatchGap[], from: number, to: number, now: number): string[] {
  return gaps
    .filter((gap) => gap.from < to && (gap.to ?? now) > from && (gap.relisted || (gap.to ?? now) - gap.from > GAP_TOLERANCE_MS))
    .map((gap) => `${gap.path} ${gap.to === undefined ? 'down' : 'was down'} for ${formatDuration((gap.to ?? now) - gap.from)}${gap.to === undefined ? ' and still is' : ''}: ${gap.reason}`);
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
