/**
 * How long a scenario's steps take, from the timing calculator: for each expect and waitFor step,
 * the longest of its expectations' times, summed over the steps. A `for` or `never` window lasts its
 * whole length; a `within` one lasts until its `after` and until the kubelet acts (the calculator's
 * earliest or typical time, counted from the step's start only when the cause is the fault just
 * before it or the containers' start in this step). Expectations the calculator cannot time count
 * as their `after` only.
 *
 * With 'earliest' the sum is a lower bound (the bench's kubelet minimum); with 'typical' it is a
 * guess, good enough to start the longest scenarios first.
 */
import type { Scenario } from '../model/scenario.js';
import { scenarioTiming } from './scenario-timing.js';

export type DurationBound = 'earliest' | 'typical';

export interface ScenarioDuration {
  readonly ms: number;
  /** Each expect or waitFor step's time, by step index. */
  readonly steps: ReadonlyMap<number, number>;
  /** Expectations the calculator could not time. */
  readonly untimed: number;
}

export function scenarioDuration(scenario: Scenario, bound: DurationBound): ScenarioDuration {
  const timing = scenarioTiming(scenario);
  const byStep = new Map<number, number>();
  let untimed = 0;
  for (const { step, use, result, anchor } of timing.expectations) {
    let ms = 0;
    if (use.window.mode !== 'within') ms = use.window.ms;
    else {
      ms = use.window.afterMs;
      if ('estimate' in result && (anchor === 'fault-just-before' || anchor === 'cause-after-step-start')) {
        const range = result.estimate.range;
        ms = Math.max(ms, bound === 'earliest' ? range.earliestMs : range.typicalMs);
      } else if (!('estimate' in result)) untimed++;
    }
    byStep.set(step, Math.max(byStep.get(step) ?? 0, ms));
  }
  return { ms: [...byStep.values()].reduce((sum, ms) => sum + ms, 0), steps: byStep, untimed };
}

/** The scenarios, longest first by their typical duration (ties keep their order): a pool that starts them so ends sooner. */
export function longestFirst<T extends Scenario>(scenarios: readonly T[]): T[] {
  const typical = new Map(scenarios.map((scenario) => [scenario, scenarioDuration(scenario, 'typical').ms]));
  return [...scenarios].sort((a, b) => typical.get(b)! - typical.get(a)!);
}
