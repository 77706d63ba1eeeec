import type { WaitingSpec } from '../../expectations/waiting.js';
import { CONTAINER_START } from '../kubelet-constants.js';
import { probeKillFromStart } from '../probe-kill.js';
import { crashLoop } from '../restart-backoff.js';
import { causeWords, pickTemplate, unknown, type Estimator } from './estimate.js';
import { fromStartAssumptions } from './restarts.js';

/**
 * `waiting CrashLoopBackOff` of a container whose liveness or startup probe fails from the start: it shows
 * while the kubelet waits out a restart back-off. A fault made inside a container is undone by the restart,
 * so it starts no crash loop; other waiting reasons (image pulls, configuration errors) are not timed.
 */
export const waitingEstimate: Estimator<WaitingSpec> = (spec, context) => {
  if (spec.reason !== 'CrashLoopBackOff') return unknown(`waiting reason ${spec.reason} is not timed`);
  const { cause } = context;
  if (cause.kind === 'unknown') return unknown(cause.why);
  if (cause.kind === 'fault') return unknown(`a crash loop after ${cause.name} is not timed`);
  const picked = pickTemplate(spec.target, context, 'any');
  if ('unknown' in picked) return picked;
  const { container, template } = picked;
  if (container.restartPolicy !== 'Always') return unknown(`restartPolicy ${container.restartPolicy}: restarts depend on how the container exits`);
  if (container.commandOverridden) return unknown(`container ${container.name} runs its own command, which may exit by itself`);
  const kill = probeKillFromStart(container);
  if (!kill) return unknown(`container ${container.name} has no liveness or startup probe`);
  const range = crashLoop({ lifetime: kill.kill, stop: kill.stop, start: CONTAINER_START }).crashLoopBackOff;
  if (!range) return unknown(`container ${container.name} lives longer than the longest back-off, so CrashLoopBackOff may never show`);
  return {
    estimate: {
      outcome: 'waiting CrashLoopBackOff', range, measures: 'moment', template,
      rule: `${kill.rule(causeWords(cause))}, again and again, and CrashLoopBackOff shows once the restart back-off outlasts a container's life`,
      assumptions: fromStartAssumptions(picked, true),
    },
  };
};
