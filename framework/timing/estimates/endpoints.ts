import type { EndpointsSpec } from '../../expectations/endpoints.js';
import { ASSUMPTIONS } from '../assumptions.js';
import { ENDPOINTS_UPDATE } from '../kubelet-constants.js';
import { serviceNamed, serviceSelects } from '../pod-templates.js';
import { plus } from '../time-range.js';
import { knownEffect, pickTemplate, unknown, type Estimator } from './estimate.js';
import { readinessTiming } from './readiness.js';

/**
 * `endpoints`: the pods' IPs leave a Service's ready endpoints right after they turn NotReady (a fault that
 * breaks a readiness probe) or as soon as their deletion starts; they rejoin right after turning Ready.
 * Without a target, the Service's pods must come from one template with one replica.
 */
export const endpointsEstimate: Estimator<EndpointsSpec> = (spec, context) => {
  const service = serviceNamed(context.manifests, spec.service);
  if (!service) return unknown(`no Service ${spec.service} among the manifests`);
  const selector = Object.entries(service.selector ?? {}).map(([key, value]) => `${key}=${value}`).join(',');
  if (selector === '') return unknown(`service ${spec.service} has no pod selector`);
  const picked = pickTemplate(spec.target ?? selector, context, 'all');
  if ('unknown' in picked) return picked;
  if (!serviceSelects(service, picked.template)) return unknown(`service ${spec.service} does not select the pods of ${picked.template.owner}`);
  const outcome = spec.present ? `in the endpoints of service ${spec.service}` : `out of the endpoints of service ${spec.service}`;
  const { cause } = context;
  if (!spec.present && cause.kind === 'fault') {
    const known = knownEffect(cause, picked);
    if (!('unknown' in known) && known.effect.deletion) {
      return {
        estimate: {
          outcome, range: plus(ENDPOINTS_UPDATE), measures: 'moment', template: picked.template,
          rule: `a deleted pod leaves its Services' ready endpoints as soon as ${cause.name} starts`,
          assumptions: [ASSUMPTIONS.endpointsFollow, ASSUMPTIONS.notOverloaded],
        },
      };
    }
  }
  const timing = readinessTiming(picked, context, spec.present ? 'gained' : 'lost');
  if ('unknown' in timing) return timing;
  return {
    estimate: {
      outcome, range: timing.change.endpoints, measures: 'moment', template: picked.template,
      rule: timing.rule, assumptions: [...timing.assumptions.filter((a) => a !== ASSUMPTIONS.notOverloaded), ASSUMPTIONS.endpointsFollow, ASSUMPTIONS.notOverloaded],
    },
  };
};
