import type { CoreV1Event } from '@kubernetes/client-node';
import type { ScenarioResult, StepOutcome } from '../../engine/scenario-result.js';
import { parseDuration } from '../../model/duration.js';
import type { Marker, TimelineEntry } from '../../observe/timeline-entry.js';
import { summarizeEvent } from '../timeline-text.js';

/** One occurrence of an Event (a new Event, or its count going up). */
export interface EventMark {
  readonly at: number;
  readonly type: string;
  readonly reason: string;
  /** `pod/web-7d9`. */
  readonly object: string;
  readonly message: string;
  /** summarizeEvent's one line, for tooltips. */
  readonly text: string;
}

/** A fault step: when it began, when its effect was proved (absent when it was not), and how it ended. */
export interface FaultMark {
  readonly step: number;
  readonly name: string;
  readonly kind: string;
  readonly startedAt: number;
  readonly injectedAt?: number;
  readonly status: StepOutcome['status'];
  readonly text: string;
}

/** An expectation's window: from its start to its deadline, and the moment it was decided. */
export interface WindowMark {
  readonly step: number;
  readonly kind: string;
  readonly description: string;
  readonly passed: boolean;
  /** When judging began (the step's start, or the start plus `after`). */
  readonly from: number;
  /** The window's end; absent when the window text could not be read. */
  readonly deadline?: number;
  readonly decidedAt: number;
  readonly text: string;
}

/** The span of one step, for the chart's step row. */
export interface StepSpan {
  readonly index: number;
  readonly name: string;
  readonly action: StepOutcome['action'];
  readonly status: StepOutcome['status'];
  readonly from: number;
  readonly to: number;
}

/** What Faultline itself did, placed on the chart next to the pods. */
export interface RunMarks {
  readonly start: number;
  readonly end: number;
  /** When cleanup began; absent in a recording cut short. */
  readonly cleanupAt?: number;
  readonly steps: readonly StepSpan[];
  readonly faults: readonly FaultMark[];
  readonly windows: readonly WindowMark[];
  readonly events: readonly EventMark[];
}

/**
 * The run's own marks, read from the result: steps, faults (from their step-start to their
 * fault-injected marker), expectation windows, events, and the cleanup.
 *
 * @example
 * runMarks(result).windows[0] // { step: 3, kind: 'restarts', passed: true, from, deadline: from + 45_000, decidedAt, text }
 */
export function runMarks(result: ScenarioResult): RunMarks {
  const markers = result.timeline.filter((entry): entry is Marker => entry.type === 'marker');
  const end = markers.find((marker) => marker.marker === 'run-end')?.at
    ?? Math.max(result.startedAt + result.durationMs, result.timeline.at(-1)?.at ?? result.startedAt);
  const cleanupAt = markers.find((marker) => marker.marker === 'cleanup-start')?.at;
  const steps = result.steps.filter((step): step is StepOutcome & { startedAt: number } => step.startedAt !== undefined);
  return {
    start: Math.min(result.startedAt, result.timeline[0]?.at ?? result.startedAt),
    end,
    ...(cleanupAt !== undefined && { cleanupAt }),
    steps: steps.map((step) => ({
      index: step.index, name: step.name, action: step.action, status: step.status,
      from: step.startedAt, to: step.startedAt + (step.durationMs ?? 0),
    })),
    faults: steps.filter((step) => step.action === 'fault').map((step) => faultMark(step, markers)),
    windows: steps.flatMap((step) => step.expectations.map((expectation) => {
      const span = windowSpan(expectation.window);
      const deadline = span && step.startedAt + span.endMs;
      return {
        step: step.index, kind: expectation.kind, description: expectation.description, passed: expectation.passed,
        from: step.startedAt + (span?.startMs ?? 0),
        ...(deadline !== undefined && { deadline }),
        decidedAt: step.startedAt + expectation.decidedAfterMs,
        text: `step ${step.index}: ${expectation.description}: ${expectation.passed ? 'met' : `not met (${expectation.reason ?? 'failed'})`}`
          + ` after ${(expectation.decidedAfterMs / 1000).toFixed(2)}s; observed ${expectation.observed}`,
      };
    })),
    events: eventMarks(result.timeline),
  };
}

function faultMark(step: StepOutcome & { startedAt: number }, markers: readonly Marker[]): FaultMark {
  const injected = markers.find((marker) => marker.marker === 'fault-injected' && marker.step === step.index);
  return {
    step: step.index, name: step.name, kind: step.fault ?? 'fault', startedAt: step.startedAt,
    ...(injected !== undefined && { injectedAt: injected.at }),
    status: step.status,
    text: `step ${step.index} fault ${step.fault ?? ''}: ${step.summary ?? step.error ?? step.status}`,
  };
}

/**
 * Reads back describeWindow's text (`within 45s`, `between 9s and 30s`, `for 12s`, `never during 20s`):
 * where the window starts and ends, from the step's start.
 */
export function windowSpan(text: string): { startMs: number; endMs: number } | undefined {
  const between = /^between (\S+) and (\S+)$/.exec(text);
  if (between) {
    const startMs = parseDuration(between[1]!);
    const endMs = parseDuration(between[2]!);
    return startMs === undefined || endMs === undefined ? undefined : { startMs, endMs };
  }
  const single = /^(?:within|for|never during) (\S+)$/.exec(text);
  const endMs = single ? parseDuration(single[1]!) : undefined;
  return endMs === undefined ? undefined : { startMs: 0, endMs };
}

/** Every Event occurrence: a new Event, or a new version whose one-line summary changed (its count went up). */
function eventMarks(entries: readonly TimelineEntry[]): EventMark[] {
  const last = new Map<string, string>();
  const marks: EventMark[] = [];
  for (const entry of entries) {
    if (entry.type !== 'change' || entry.kind !== 'Event' || entry.verb === 'DELETED') continue;
    const event = entry.object as CoreV1Event;
    const text = summarizeEvent(event);
    const uid = event.metadata?.uid ?? event.metadata?.name ?? '';
    if (last.get(uid) === text) continue;
    last.set(uid, text);
    marks.push({
      at: entry.at, type: event.type ?? 'Normal', reason: event.reason ?? '',
      object: `${(event.involvedObject?.kind ?? 'object').toLowerCase()}/${event.involvedObject?.name ?? '?'}`,
      message: (event.message ?? '').trim(), text,
    });
  }
  return marks;
}
