import { expect } from 'chai';
import { endpoints as endpointsExpectation } from '../../framework/expectations/endpoints.js';
import { context } from '../builders/expectation-use.js';
import { endpointSlice, endpoints } from '../builders/endpoints.js';
import { pod } from '../builders/pod.js';
import { added, viewOf, type Change } from '../builders/timeline-script.js';

const check = (changes: Change[], spec: Parameters<typeof endpointsExpectation.check>[1]) =>
  endpointsExpectation.check(viewOf(changes), spec, context());

const web0 = pod({ name: 'web-0', ip: '10.244.0.5' });
const web1 = pod({ name: 'web-1', ip: '10.244.0.6' });

describe('endpoints expectation', () => {
  describe('without a target: the Service as a whole', () => {
    it('present: at least one ready address', () => {
      expect(check([added(endpointSlice('web', ['10.244.0.5'], ['10.244.0.6']))], { service: 'web', present: true })).to.deep.equal({
        holds: true, observed: 'service web: ready [10.244.0.5], not ready [10.244.0.6]',
      });
      expect(check([added(endpointSlice('web', [], ['10.244.0.5']))], { service: 'web', present: true }).holds).to.equal(false);
    });

    it('absent: no ready address (not-ready ones do not count)', () => {
      expect(check([added(endpointSlice('web', [], ['10.244.0.5']))], { service: 'web', present: false }).holds).to.equal(true);
      expect(check([added(endpointSlice('web', ['10.244.0.5']))], { service: 'web', present: false }).holds).to.equal(false);
    });

    it('says when nothing was observed for the Service', () => {
      expect(check([added(endpointSlice('db', ['10.244.0.9']))], { service: 'web', present: true })).to.deep.equal({
        holds: false, observed: 'no endpoints observed for service web',
      });
      expect(check([], { service: 'web', present: false }).holds).to.equal(true);
    });

    it('reads Endpoints objects on clusters without EndpointSlices', () => {
      expect(check([added(endpoints('web', ['10.244.0.5'], ['10.244.0.6']))], { service: 'web', present: true })).to.deep.equal({
        holds: true, observed: 'service web: ready [10.244.0.5], not ready [10.244.0.6]',
      });
      expect(check([added(endpoints('web', []))], { service: 'web', present: false })).to.deep.equal({
        holds: true, observed: 'service web: ready [], not ready []',
      });
    });

    it('counts an endpoint with no ready condition as ready', () => {
      expect(check([added(endpointSlice('web', [], [], { noReadyCondition: ['10.244.0.5'] }))], { service: 'web', present: true }).holds).to.equal(true);
    });
  });

  describe('with a target: the target pods\' IPs', () => {
    it('present needs every target pod\'s IP among the ready addresses, merged over slices', () => {
      const result = check([
        added(web0), added(web1),
        added(endpointSlice('web', ['10.244.0.5'], [], { name: 'web-abcde' })),
        added(endpointSlice('web', ['10.244.0.6'], [], { name: 'web-fghij' })),
      ], { service: 'web', target: 'app=web', present: true });
      expect(result).to.deep.equal({
        holds: true,
        observed: 'service web: ready [10.244.0.5, 10.244.0.6], not ready []; target pods: web-0 10.244.0.5, web-1 10.244.0.6',
      });
    });

    it('present is not met while one target pod is only not-ready; match: any accepts one', () => {
      const changes = [added(web0), added(web1), added(endpointSlice('web', ['10.244.0.5'], ['10.244.0.6']))];
      expect(check(changes, { service: 'web', target: 'app=web', present: true }).holds).to.equal(false);
      expect(check(changes, { service: 'web', target: { selector: 'app=web', match: 'any' }, present: true }).holds).to.equal(true);
    });

    it('present is not met by a pod without an IP, which the observation shows', () => {
      const pending = pod({ name: 'web-2', phase: 'Pending', ip: null });
      const result = check([added(web0), added(pending), added(endpointSlice('web', ['10.244.0.5']))], { service: 'web', target: 'app=web', present: true });
      expect(result).to.deep.equal({
        holds: false,
        observed: 'service web: ready [10.244.0.5], not ready []; target pods: web-0 10.244.0.5, web-2 (no IP yet)',
      });
      const onlyPending = check([added(pending), added(endpointSlice('web', ['10.244.0.5']))], { service: 'web', target: { selector: 'app=web', match: 'any' }, present: true });
      expect(onlyPending.holds).to.equal(false);
    });

    it('present works with Endpoints objects too', () => {
      expect(check([added(web0), added(endpoints('web', ['10.244.0.5']))], { service: 'web', target: 'app=web', present: true }).holds).to.equal(true);
    });

    it('absent holds when no target pod\'s IP is ready, even if others are', () => {
      const changes = [added(web0), added(web1), added(endpointSlice('web', ['10.244.0.6'], ['10.244.0.5']))];
      expect(check(changes, { service: 'web', target: { pod: 'web-0' }, present: false })).to.deep.equal({
        holds: true,
        observed: 'service web: ready [10.244.0.6], not ready [10.244.0.5]; target pods: web-0 10.244.0.5',
      });
      expect(check(changes, { service: 'web', target: 'app=web', present: false }).holds).to.equal(false);
    });

    it('absent holds for a pod without an IP: it cannot be an endpoint', () => {
      const pending = pod({ name: 'web-2', phase: 'Pending', ip: null });
      expect(check([added(pending), added(endpointSlice('web', ['10.244.0.5']))], { service: 'web', target: 'app=web', present: false }).holds).to.equal(true);
    });

    it('says when the target matches no pod', () => {
      const result = check([added(endpointSlice('web', ['10.244.0.5']))], { service: 'web', target: 'app=api', present: true });
      expect(result).to.deep.equal({
        holds: false, observed: 'service web: ready [10.244.0.5], not ready []; no pod matches app=api (no pods present)',
      });
    });
  });

  it('describes itself', () => {
    expect(endpointsExpectation.describe({ service: 'web', present: true })).to.equal('any address in the ready endpoints of service web');
    expect(endpointsExpectation.describe({ service: 'web', target: 'app=web', present: false }))
      .to.equal('the IPs of pods app=web absent from the ready endpoints of service web');
  });

  it('validates the target only when there is one', () => {
    expect(endpointsExpectation.validate!({ service: 'web', present: true })).to.deep.equal([]);
    expect(endpointsExpectation.validate!({ service: 'web', target: 'app=', present: true })).to.deep.equal([]);
    expect(endpointsExpectation.validate!({ service: 'web', target: 'app in (a', present: true })).to.have.length(1);
  });
});
