import type { StepOutcome } from './scenario-result.js';
import type { Step } from '../model/scenario.js';
import type { ClusterView } from '../observe/cluster-view.js';

/** A step that has just begun. */
export interface StepStarted {
  readonly scenario: string;
  readonly step: Step;
  readonly stepCount: number;
  /** When it began, on the run's clock. */
  readonly at: number;
  /** The cluster as observed now (the timeline's fold): read it whenever a display refreshes. */
  readonly view: () => ClusterView;
}

/**
 * Told when each step of a run begins and ends, for live displays (framework/cli/live-progress.ts).
 * Called synchronously by the engine: a listener must return at once and never throw.
 */
export interface StepProgressListener {
  stepStarted(started: StepStarted): void;
  stepEnded(scenario: string, outcome: StepOutcome): void;
}
