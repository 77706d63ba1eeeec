import type { ScenarioResult, StepOutcome } from '../engine/scenario-result.js';
import type { TimelinePoint } from '../observe/timeline.js';
import type { Marker, TimelineEntry } from '../observe/timeline-entry.js';

/**
 * Where the evidence a replayed step may use ends: the recording's cleanup (which deletes the pods), its
 * end, or the start of a later fault step (what follows shows that fault's effects, not what the cluster
 * would have done without it).
 */
export interface EvidenceEnd {
  readonly at: number;
  /** The first entry that is no longer evidence. */
  readonly position: number;
  /** Set when a later fault step ends the evidence. */
  readonly fault?: { readonly index: number; readonly name: string };
}

/** One step as the recorded run started it. */
export interface RecordedStep {
  readonly index: number;
  /** Its 'step-start' marker: the time, and the marker's position (what `timeline.point()` was just before it). */
  readonly start: TimelinePoint;
  /** Its outcome in the recorded run (a fault's summary, or why it failed). */
  readonly outcome?: StepOutcome;
  readonly evidenceEnd: EvidenceEnd;
}

/**
 * A recorded run, indexed for replay: its timeline, and each step found by its 'step-start' marker.
 *
 * @example
 * const recording = new Recording(result);
 * recording.step(3)?.start // => { at: 1736935212600, position: 41 }
 */
export class Recording {
  readonly entries: readonly TimelineEntry[];
  private readonly steps = new Map<number, RecordedStep>();

  constructor(readonly result: ScenarioResult) {
    this.entries = result.timeline;
    const outcomes = new Map(result.steps.map((outcome) => [outcome.index, outcome]));
    this.entries.forEach((entry, position) => {
      if (!isStepStart(entry) || this.steps.has(entry.step)) return;
      const outcome = outcomes.get(entry.step);
      this.steps.set(entry.step, {
        index: entry.step,
        start: { at: entry.at, position },
        ...(outcome !== undefined && { outcome }),
        evidenceEnd: this.evidenceEndAfter(position, entry.step, outcomes),
      });
    });
  }

  /** The step with this index (1-based), or undefined when the recorded run never started it. */
  step(index: number): RecordedStep | undefined {
    return this.steps.get(index);
  }

  /**
   * Where the steps' evidence window began before any fault: `timeline.point()` just before the first
   * step started, which is the first step's start marker (the engine appends nothing in between).
   */
  firstStepStart(): TimelinePoint {
    const first = [...this.steps.values()].sort((a, b) => a.start.position - b.start.position)[0];
    return first?.start ?? { at: this.entries.at(-1)?.at ?? this.result.startedAt, position: this.entries.length };
  }

  /** The time the replay clock starts from: before the first entry. */
  origin(): number {
    return Math.min(this.result.startedAt, this.entries[0]?.at ?? this.result.startedAt);
  }

  private evidenceEndAfter(position: number, index: number, outcomes: ReadonlyMap<number, StepOutcome>): EvidenceEnd {
    for (let next = position + 1; next < this.entries.length; next++) {
      const entry = this.entries[next]!;
      if (entry.type !== 'marker') continue;
      if (entry.marker === 'cleanup-start' || entry.marker === 'run-end') return { at: entry.at, position: next };
      if (isStepStart(entry) && entry.step > index) {
        const later = outcomes.get(entry.step);
        if (later?.action === 'fault') return { at: entry.at, position: next, fault: { index: later.index, name: later.name } };
      }
    }
    return { at: this.entries.at(-1)?.at ?? this.result.startedAt, position: this.entries.length };
  }
}

function isStepStart(entry: TimelineEntry): entry is Marker & { readonly step: number } {
  return entry.type === 'marker' && entry.marker === 'step-start' && typeof entry.step === 'number';
}
