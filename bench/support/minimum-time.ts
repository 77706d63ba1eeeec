/**
 * A scenario's kubelet-imposed minimum time: the timing calculator's earliest times, summed over its
 * steps (framework/timing/scenario-duration.ts). Expectations the calculator cannot time count as 0
 * beyond their `after`: the figure is a lower bound.
 */
import type { Scenario } from '../../framework/model/scenario.js';
import { scenarioDuration, type ScenarioDuration } from '../../framework/timing/scenario-duration.js';

export interface MinimumTime extends ScenarioDuration {
  readonly scenario: string;
}

export function minimumTime(scenario: Scenario): MinimumTime {
  return { scenario: scenario.name, ...scenarioDuration(scenario, 'earliest') };
}
