/**
 * A scenario's kubelet-imposed minimum time, from the timing calculator: for each expect and waitFor
 * step, the longest of its expectations' earliest moments (a `for` or `never` window lasts its whole
 * length; a `within` one cannot pass before its `after` nor before the kubelet can act), summed over
 * the steps. Expectations the calculator cannot time count as 0: the figure is a lower bound.
 */
import type { Scenario } from '../../framework/model/scenario.js';
import { scenarioTiming } from '../../framework/timing/scenario-timing.js';

export interface MinimumTime {
  readonly scenario: string;
  readonly ms: number;
  /** Each expect or waitFor step's minimum, by step index. */
  readonly steps: ReadonlyMap<number, number>;
  /** Expectations the calculator could not time (counted as 0). */
  readonly untimed: number;
}

export function minimumTime(scenario: Scenario): MinimumTime {
  const timing = scenarioTiming(scenario);
  const byStep = new Map<number, number>();
  let untimed = 0;
  for (const { step, use, result, anchor } of timing.expectations) {
    let earliest = 0;
    if (use.window.mode !== 'within') earliest = use.window.ms;
    else {
      earliest = use.window.afterMs;
      // Counted from the step's start only when the cause is the fault just before or the containers' start in this step.
      if ('estimate' in result && (anchor === 'fault-just-before' || anchor === 'cause-after-step-start')) {
        earliest = Math.max(earliest, result.estimate.range.earliestMs);
      } else if (!('estimate' in result)) untimed++;
    }
    byStep.set(step, Math.max(byStep.get(step) ?? 0, earliest));
  }
  return { scenario: scenario.name, ms: [...byStep.values()].reduce((sum, ms) => sum + ms, 0), steps: byStep, untimed };
}
