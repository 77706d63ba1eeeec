import type { SchemaObject } from 'ajv';
import { parseLabelSelector, SelectorSyntaxError, type LabelSelector } from './label-selector.js';

export type Quantifier = 'any' | 'all';

/**
 * Which pods (and which container in them) a fault or an expectation is about.
 * In a scenario file it is either a selector string (`app=web`) or an object.
 * `match` says whether any or all of the matching pods must satisfy an expectation
 * (each kind has a sensible default), or, for faults, whether to hit one pod or all.
 */
export type TargetSpec = string | { selector?: string; pod?: string; container?: string; match?: Quantifier };

export interface Target {
  readonly selector?: LabelSelector;
  readonly pod?: string;
  readonly container?: string;
  readonly match?: Quantifier;
  /** For messages: `pods app=web, container web`. */
  readonly text: string;
}

export const TARGET_SCHEMA: SchemaObject = {
  description: 'The pods to act on or judge: a label selector as kubectl writes it ("app=web"), or an object.',
  oneOf: [
    { type: 'string', minLength: 1, description: 'A label selector, e.g. "app=web" or "tier in (web,api)".' },
    {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      anyOf: [{ required: ['selector'] }, { required: ['pod'] }],
      properties: {
        selector: { type: 'string', minLength: 1, description: 'Label selector, as kubectl writes it.' },
        pod: { type: 'string', minLength: 1, description: 'A pod name.' },
        container: { type: 'string', minLength: 1, description: 'Container name; the first container when absent.' },
        match: { enum: ['any', 'all'], description: 'Whether any or all matching pods must satisfy it (faults: hit one pod or all).' },
      },
    },
  ],
};

export function resolveTarget(spec: TargetSpec): Target {
  const fields = typeof spec === 'string' ? { selector: spec } : spec;
  const selector = fields.selector === undefined ? undefined : parseLabelSelector(fields.selector);
  const parts = [
    fields.pod !== undefined ? `pod ${fields.pod}` : `pods ${fields.selector}`,
    ...(fields.container !== undefined ? [`container ${fields.container}`] : []),
  ];
  return {
    ...(selector && { selector }),
    ...(fields.pod !== undefined && { pod: fields.pod }),
    ...(fields.container !== undefined && { container: fields.container }),
    ...(fields.match !== undefined && { match: fields.match }),
    text: parts.join(', '),
  };
}

/** Semantic problems of a target (selector syntax), for plugins' `validate`. */
export function targetProblems(spec: TargetSpec, path = 'target'): Array<{ path: string; message: string }> {
  const selector = typeof spec === 'string' ? spec : spec.selector;
  if (selector === undefined) return [];
  try {
    parseLabelSelector(selector);
    return [];
  } catch (error) {
    if (!(error instanceof SelectorSyntaxError)) throw error;
    const selectorPath = typeof spec === 'string' ? path : `${path}/selector`;
    return [{ path: selectorPath, message: `invalid label selector: ${error.message}` }];
  }
}
