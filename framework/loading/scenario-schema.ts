import type { KubernetesObject } from '@kubernetes/client-node';
import type { SchemaObject } from 'ajv';
import { DURATION_HINT } from '../model/duration.js';
import { API_VERSION, DEFAULTS, SCENARIO_KIND } from '../model/scenario.js';
import type { WindowSpec } from '../model/window.js';
import { BUILTIN_PLUGINS, type PluginCatalog } from './plugin-catalog.js';

/**
 * The JSON Schema of a scenario file (draft-07, which editors such as VS Code's YAML extension
 * understand best), assembled from a base schema and every plugin's own spec schema.
 * The committed copy in schema/ is generated from this by write-schema.ts.
 */
export const SCENARIO_SCHEMA_ID = 'https://faultline.dev/schema/scenario.v1alpha1.schema.json';

/**
 * An annotation keyword marking the parts of the schema whose errors read better with a
 * tailored message (`unknown fault "renameFiel"` rather than `unknown field`). Validators ignore it.
 */
export const ROLE_KEYWORD = 'x-faultline-role';
export type SchemaRole = 'faults' | 'expectations' | 'window-rules' | 'duration';

/** VS Code's YAML extension shows this instead of "does not match pattern". */
export const PATTERN_MESSAGE_KEYWORD = 'patternErrorMessage';

/** A duration greater than zero: the duration syntax, with at least one non-zero digit. */
export const POSITIVE_DURATION_PATTERN = '^(?=.*[1-9])(\\d+(\\.\\d+)?(ms|s|m|h))+$';

const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
export const MAX_NAME_LENGTH = 40;

/** The shape of a scenario file once the schema accepted it. */
export interface ScenarioFile {
  apiVersion: string;
  kind: typeof SCENARIO_KIND;
  metadata: { name: string; description?: string };
  spec: { manifests?: Array<string | KubernetesObject>; timeout?: string; steps: StepFile[] };
}

export interface StepFile {
  name?: string;
  timeout?: string;
  fault?: Record<string, unknown>;
  expect?: ExpectationsFile;
  waitFor?: ExpectationsFile;
}

export type ExpectationSpecFile = Record<string, unknown> & WindowSpec;
/** `{ restarts: {...}, event: {...} }`, or `[{ endpoints: {...} }, { endpoints: {...} }]`. */
export type ExpectationsFile = Record<string, ExpectationSpecFile> | Array<Record<string, ExpectationSpecFile>>;

export const STEP_ACTIONS = ['fault', 'expect', 'waitFor'] as const;

/** Assembles the scenario schema from the plugins' schemas. */
export function buildScenarioSchema(plugins: PluginCatalog = BUILTIN_PLUGINS): SchemaObject {
  const definitions: Record<string, SchemaObject> = {};
  const faultRefs: Record<string, SchemaObject> = {};
  for (const [kind, plugin] of Object.entries(plugins.faults)) {
    checkPlugin('fault', kind, plugin.kind, plugin.schema);
    definitions[`fault.${kind}`] = closed(plugin.schema);
    faultRefs[kind] = { $ref: `#/definitions/fault.${kind}` };
  }
  const expectationRefs: Record<string, SchemaObject> = {};
  for (const [kind, plugin] of Object.entries(plugins.expectations)) {
    checkPlugin('expectation', kind, plugin.kind, plugin.schema);
    definitions[`expectation.${kind}`] = withWindow(kind, plugin.schema);
    expectationRefs[kind] = { $ref: `#/definitions/expectation.${kind}` };
  }
  const faultKinds = Object.keys(faultRefs).join(', ');
  const expectationKinds = Object.keys(expectationRefs).join(', ');

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCENARIO_SCHEMA_ID,
    $comment: 'Generated from the fault and expectation plugins by framework/loading/write-schema.ts; do not edit by hand.',
    title: 'Faultline scenario (v1alpha1)',
    description: 'A chaos scenario: manifests to apply into a fresh namespace, then steps that inject faults and judge what Kubernetes does.',
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    additionalProperties: false,
    properties: {
      apiVersion: { const: API_VERSION, description: `The scenario format version: ${API_VERSION}.` },
      kind: { const: SCENARIO_KIND, description: `Always ${SCENARIO_KIND}.` },
      metadata: {
        type: 'object',
        description: 'Who the scenario is.',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: {
            type: 'string',
            pattern: DNS_LABEL_PATTERN,
            maxLength: MAX_NAME_LENGTH,
            [PATTERN_MESSAGE_KEYWORD]: 'Expected a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit.',
            description: `Unique name, used in reports and in the run's namespace: a DNS-1123 label of at most ${MAX_NAME_LENGTH} characters, e.g. http-liveness-rename.`,
          },
          description: { type: 'string', description: 'What the scenario shows, in a sentence or two; reports print it.' },
        },
      },
      spec: {
        type: 'object',
        description: 'What to apply and what to do.',
        required: ['steps'],
        additionalProperties: false,
        properties: {
          manifests: {
            type: 'array',
            description: 'Objects applied into the run\'s namespace before the first step: paths relative to this file (multi-document YAML allowed), or inline objects.',
            items: {
              description: 'A path relative to this file, or an inline Kubernetes object.',
              anyOf: [
                { type: 'string', minLength: 1, description: 'A YAML file relative to this scenario, e.g. manifests/web.yaml.' },
                { type: 'object', description: 'An inline Kubernetes object with apiVersion, kind and metadata.name.' },
              ],
            },
          },
          timeout: positiveDuration(`The whole scenario's time limit. Default: ${DEFAULTS.scenarioTimeoutMs / 1000}s.`),
          steps: {
            type: 'array',
            minItems: 1,
            description: 'Run in order; each injects a fault, or judges expectations (expect), or waits for them (waitFor).',
            items: { $ref: '#/definitions/step' },
          },
        },
      },
    },
    definitions: {
      step: {
        type: 'object',
        description: 'One step: exactly one of fault, expect or waitFor.',
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, description: 'Shown in reports; unique within the scenario. Default: derived, e.g. "fault renameFile".' },
          timeout: positiveDuration('This step\'s time limit.'),
          fault: { $ref: '#/definitions/fault', description: `Inject one fault: ${faultKinds}.` },
          expect: { $ref: '#/definitions/expectations', description: `The verdict: expectations judged from the start of this step (default window: within ${DEFAULTS.expectWindowMs / 1000}s).` },
          waitFor: { $ref: '#/definitions/expectations', description: `Set-up: wait until the expectations hold (default window: within ${DEFAULTS.waitForWindowMs / 1000}s).` },
        },
        oneOf: STEP_ACTIONS.map((action) => ({ required: [action] })),
      },
      fault: {
        type: 'object',
        description: `Exactly one fault: ${faultKinds}.`,
        [ROLE_KEYWORD]: 'faults' satisfies SchemaRole,
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: faultRefs,
      },
      expectations: {
        description: 'A mapping of expectation kinds to specs, or a list of single-kind mappings (to use a kind twice).',
        anyOf: [
          expectationMap(expectationRefs, expectationKinds, { minProperties: 1 }),
          {
            type: 'array',
            minItems: 1,
            description: 'A list of single-kind mappings, e.g. - endpoints: {...}.',
            items: expectationMap(expectationRefs, expectationKinds, { minProperties: 1, maxProperties: 1 }),
          },
        ],
      },
      windowRules: {
        [ROLE_KEYWORD]: 'window-rules' satisfies SchemaRole,
        description: 'At most one of within, for and never; after only with within.',
        not: {
          anyOf: [['within', 'for'], ['within', 'never'], ['for', 'never'], ['after', 'for'], ['after', 'never']]
            .map((pair) => ({ required: pair })),
        },
      },
      ...definitions,
    },
  };
}

function expectationMap(refs: Record<string, SchemaObject>, kinds: string, counts: SchemaObject): SchemaObject {
  return {
    type: 'object',
    description: `Expectation kinds: ${kinds}.`,
    [ROLE_KEYWORD]: 'expectations' satisfies SchemaRole,
    ...counts,
    additionalProperties: false,
    properties: refs,
  };
}

/** The window fields every expectation accepts; the engine owns windows, plugins never see them. */
function windowProperties(): Record<string, SchemaObject> {
  return {
    within: positiveDuration('Must become true within this long after the step starts (the default mode).'),
    for: positiveDuration('Must hold at every moment for this long ("consistently").'),
    never: positiveDuration('Must not become true at any moment for this long.'),
    after: positiveDuration('With within, or alone: becoming true earlier than this fails too ("between after and within").'),
  };
}

function positiveDuration(description: string): SchemaObject {
  return {
    type: 'string',
    pattern: POSITIVE_DURATION_PATTERN,
    [ROLE_KEYWORD]: 'duration' satisfies SchemaRole,
    [PATTERN_MESSAGE_KEYWORD]: `Expected ${DURATION_HINT}, greater than zero.`,
    description,
  };
}

/** The plugin's spec schema plus the window fields, closed to anything else. */
function withWindow(kind: string, schema: SchemaObject): SchemaObject {
  const own = (schema.properties ?? {}) as Record<string, SchemaObject>;
  const clash = Object.keys(own).filter((name) => name in windowProperties());
  if (clash.length > 0) {
    throw new Error(`expectation plugin "${kind}" declares ${clash.join(', ')}; the window fields are added by the schema assembler, remove them from the plugin's schema`);
  }
  const allOf = Array.isArray(schema.allOf) ? (schema.allOf as SchemaObject[]) : [];
  return {
    ...schema,
    type: 'object',
    properties: { ...own, ...windowProperties() },
    additionalProperties: false,
    allOf: [...allOf, { $ref: '#/definitions/windowRules' }],
  };
}

/** A fault spec admits only the fields its plugin declares, so a misspelt optional field is reported, not ignored. */
function closed(schema: SchemaObject): SchemaObject {
  return schema.additionalProperties === undefined ? { ...schema, additionalProperties: false } : schema;
}

function checkPlugin(what: string, key: string, kind: string, schema: SchemaObject): void {
  if (key !== kind) throw new Error(`the ${what} registry lists "${key}" but that plugin's kind is "${kind}"; they must match`);
  if (schema.type !== 'object') throw new Error(`${what} plugin "${kind}": its schema must have type "object", got ${JSON.stringify(schema.type)}`);
}
