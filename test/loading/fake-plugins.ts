import type { ExpectationPlugin } from '../../framework/expectations/expectation.js';
import type { FaultPlugin } from '../../framework/faults/fault.js';
import type { PluginCatalog } from '../../framework/loading/plugin-catalog.js';

/** Small stand-ins for the registries, so schema and validation tests do not depend on real plugins. */

interface KillSpec { target: string; signal?: 'TERM' | 'KILL' }
interface PauseSpec { target: string }
interface UpSpec { target: string | { selector: string }; count?: number }
interface SeenSpec { reason?: string; message?: string }

const kill: FaultPlugin<KillSpec, 'kill'> = {
  kind: 'kill',
  schema: {
    type: 'object',
    description: 'Kill the main process.',
    required: ['target'],
    properties: { target: { type: 'string' }, signal: { enum: ['TERM', 'KILL'] } },
  },
  describe: (spec) => `kill ${spec.target}`,
  inject: () => Promise.reject(new Error('fakes do not inject')),
  validate: (spec) => (spec.target.includes(' ') ? [{ path: 'target', message: 'no spaces allowed' }] : []),
};

const pause: FaultPlugin<PauseSpec, 'pause'> = {
  kind: 'pause',
  schema: { type: 'object', required: ['target'], properties: { target: { type: 'string' } } },
  describe: (spec) => `pause ${spec.target}`,
  inject: () => Promise.reject(new Error('fakes do not inject')),
};

const up: ExpectationPlugin<UpSpec, 'up'> = {
  kind: 'up',
  schema: {
    type: 'object',
    description: 'The target is up.',
    required: ['target'],
    properties: {
      target: {
        oneOf: [
          { type: 'string' },
          { type: 'object', additionalProperties: false, required: ['selector'], properties: { selector: { type: 'string' } } },
        ],
      },
      count: { type: 'number', minimum: 1 },
    },
  },
  describe: () => 'up',
  check: () => ({ holds: true, observed: 'up' }),
  validate: (spec) => (spec.target === 'bad' ? [{ path: 'target', message: 'bad target' }] : []),
  defaultWindowMs: (spec) => (spec.count === 7 ? 7_000 : undefined),
};

const seen: ExpectationPlugin<SeenSpec, 'seen'> = {
  kind: 'seen',
  schema: {
    type: 'object',
    anyOf: [{ required: ['reason'] }, { required: ['message'] }],
    properties: { reason: { type: 'string' }, message: { type: 'string' } },
  },
  describe: () => 'seen',
  check: () => ({ holds: true, observed: 'seen' }),
};

export const fakePlugins: PluginCatalog = { faults: { kill, pause }, expectations: { up, seen } };
