import type { ExpectationKind, ExpectationSpecs } from '../../framework/expectations/registry.js';
import type { Timeline } from '../../framework/observe/timeline.js';
import type { CheckContext } from '../../framework/expectations/expectation.js';
import type { ExpectationUse } from '../../framework/model/scenario.js';
import { resolveWindow, type WindowSpec } from '../../framework/model/window.js';
import { NAMESPACE, T0 } from './time.js';

/**
 * An expectation as the loader builds it from a scenario file.
 *
 * @example use('restarts', { target: 'app=web', atLeast: 1 }, { within: '30s' })
 */
export function use<K extends ExpectationKind>(kind: K, spec: ExpectationSpecs[K], window: WindowSpec = {}, defaultMs = 60_000): ExpectationUse {
  return {
    kind, spec, window: resolveWindow(window, defaultMs),
    source: { file: 'scenarios/p1.yaml', line: 14, column: 9 },
  } as ExpectationUse;
}

/** The context a plugin's check receives; `since` in ms after T0, placed on `timeline` when given. */
export function context(since = 0, timeline?: Timeline): CheckContext {
  return { namespace: NAMESPACE, since: timeline ? timeline.pointAt(T0 + since) : { at: T0 + since, position: 0 } };
}
