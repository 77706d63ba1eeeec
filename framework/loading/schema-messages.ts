import type { ErrorObject } from 'ajv';
import { DURATION_HINT, parseDuration } from '../model/duration.js';
import { WINDOW_KEYS } from '../model/window.js';
import { closestName } from './closest-name.js';
import { childPointer } from './json-pointer.js';
import type { ProblemCode } from './problems.js';
import { PATTERN_MESSAGE_KEYWORD, ROLE_KEYWORD, type SchemaRole } from './scenario-schema.js';
import type { YamlDocument } from './source-map.js';

/** One thing the schema rejected, said the way a person would say it. */
export interface SchemaIssue {
  readonly code: ProblemCode;
  readonly pointer: string;
  /** Point at the mapping key (an unknown field) rather than the value. */
  readonly at: 'key' | 'value';
  readonly message: string;
  /** For `missing-field`: the names, so a typo reported as an unknown field can stand in for them. */
  readonly missing?: readonly string[];
  /** For `unknown-field`: the name it probably meant. */
  readonly suggestion?: string;
  /** A single `required` error, to be merged with the others at the same place. */
  readonly required?: true;
  /** Vague ("expected at least 2 fields"): dropped when something more specific is said about the same place. */
  readonly weak?: true;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false',
  object: 'a mapping', array: 'a list', null: 'nothing',
};

/** `"three"`, `3`, `a list`, `a mapping`, `an empty value`: what was found, for "got ...". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  return String(value);
}

/** `a string or a mapping`, from a schema's `type`. */
export function describeTypes(types: unknown): string | undefined {
  const list = (Array.isArray(types) ? types : [types]).filter((t): t is string => typeof t === 'string');
  return list.length === 0 ? undefined : list.map((t) => TYPE_NAMES[t] ?? t).join(' or ');
}

const DURATION_SYNTAX = /^(\d+(\.\d+)?(ms|s|m|h))+$/;

/** Says what one ajv error (not an anyOf/oneOf, which the validator resolves first) means. */
export function describeSchemaError(error: ErrorObject, document: YamlDocument): SchemaIssue {
  const pointer = error.instancePath;
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const role = schema[ROLE_KEYWORD] as SchemaRole | undefined;
  const data: unknown = error.data;
  const got = describeValue(data);
  const issue = (code: ProblemCode, message: string, at: 'key' | 'value' = 'value', where = pointer): SchemaIssue =>
    ({ code, pointer: where, at, message });
  const params = error.params as Record<string, unknown>;

  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((schema.properties ?? {}) as object);
      const noun = role === 'faults' ? 'fault' : role === 'expectations' ? 'expectation' : 'field';
      const suggestion = closestName(name, allowed);
      const expected = allowed.length > 0 ? `; expected one of: ${allowed.join(', ')}` : `; ${pointer === '' ? 'the document' : 'this mapping'} takes no other fields`;
      const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
      return { code: 'unknown-field', pointer: childPointer(pointer, name), at: 'key', message: `unknown ${noun} "${name}"${expected}${hint}`, ...(suggestion && { suggestion }) };
    }
    case 'required': {
      const name = String(params.missingProperty);
      return { code: 'missing-field', pointer, at: 'value', message: `missing required field "${name}"`, missing: [name], required: true };
    }
    case 'type': {
      if (role === 'duration') return issue('wrong-type', `expected ${DURATION_HINT}, got ${got}`);
      return issue('wrong-type', `expected ${describeTypes(params.type) ?? String(params.type)}, got ${got}`);
    }
    case 'pattern': {
      const pattern = String(params.pattern);
      if (role === 'duration' || DURATION_SYNTAX.source === pattern.replace(/\(\?=[^)]*\)/, '')) {
        const zero = typeof data === 'string' && parseDuration(data) !== undefined;
        return issue('invalid-value', zero ? `expected a duration greater than zero, got ${got}` : `expected ${DURATION_HINT}, got ${got}`);
      }
      const custom = schema[PATTERN_MESSAGE_KEYWORD];
      if (typeof custom === 'string') return issue('invalid-value', `${lowerFirst(custom.replace(/\.$/, ''))}, got ${got}`);
      const description = typeof schema.description === 'string' ? ` (${schema.description.replace(/\.$/, '')})` : '';
      return issue('invalid-value', `expected a string matching ${pattern}${description}, got ${got}`);
    }
    case 'const':
      return issue('invalid-value', `expected ${JSON.stringify(params.allowedValue)}, got ${got}`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      const suggestion = typeof data === 'string' ? closestName(data, allowed) : undefined;
      return issue('invalid-value', `expected one of: ${allowed.join(', ')}; got ${got}${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
    }
    case 'minLength':
      return issue('invalid-value', params.limit === 1 ? `expected a non-empty string, got ${got}` : `expected at least ${params.limit} characters, got ${got}`);
    case 'maxLength':
      return issue('invalid-value', `expected at most ${params.limit} characters, got ${String(data).length}`);
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const words = { minimum: 'at least', exclusiveMinimum: 'more than', maximum: 'at most', exclusiveMaximum: 'less than' }[error.keyword];
      return issue('invalid-value', `expected ${words} ${params.limit}, got ${got}`);
    }
    case 'minItems':
      return issue('invalid-value', `expected at least ${params.limit} item${params.limit === 1 ? '' : 's'}, got ${Array.isArray(data) ? data.length : got}`);
    case 'maxItems':
      return issue('invalid-value', `expected at most ${params.limit} item${params.limit === 1 ? '' : 's'}, got ${Array.isArray(data) ? data.length : got}`);
    case 'minProperties':
    case 'maxProperties':
      return describePropertyCount(error.keyword, role, Object.keys((schema.properties ?? {}) as object), data, pointer, Number(params.limit));
    case 'not':
      if (role === 'window-rules') return describeWindowConflict(data, pointer, document);
      return issue('invalid-value', error.message ?? 'is not allowed here');
    default:
      return issue('invalid-value', error.message ?? `is not valid (${error.keyword})`);
  }
}

function describePropertyCount(keyword: 'minProperties' | 'maxProperties', role: SchemaRole | undefined, allowed: string[], data: unknown, pointer: string, limit: number): SchemaIssue {
  const keys = data !== null && typeof data === 'object' ? Object.keys(data) : [];
  const kinds = allowed.join(', ');
  if (keyword === 'minProperties') {
    if (role === 'faults') return { code: 'missing-field', pointer, at: 'value', message: `expected one fault, one of: ${kinds}; got ${describeValue(data)}` };
    if (role === 'expectations') return { code: 'missing-field', pointer, at: 'value', message: `expected at least one expectation, one of: ${kinds}; got ${describeValue(data)}` };
    return { code: 'missing-field', pointer, at: 'value', message: `expected at least ${limit} field${limit === 1 ? '' : 's'}, got ${keys.length}`, weak: true };
  }
  const second = childPointer(pointer, keys[limit] ?? '');
  if (role === 'faults') {
    return { code: 'invalid-value', pointer: second, at: 'key', message: `a step injects exactly one fault, got ${keys.length}: ${keys.join(', ')}; put each fault in its own step` };
  }
  if (role === 'expectations') {
    return { code: 'invalid-value', pointer: second, at: 'key', message: `a list item holds exactly one expectation, got ${keys.length}: ${keys.join(', ')}; write each as its own item (- ${keys[0]}: ..., - ${keys[1]}: ...)` };
  }
  return { code: 'invalid-value', pointer: second, at: 'key', message: `expected at most ${limit} field${limit === 1 ? '' : 's'}, got ${keys.length}`, weak: true };
}

/** `within` + `for`, or `after` + `never`: name the conflict and point at the one written last. */
function describeWindowConflict(data: unknown, pointer: string, document: YamlDocument): SchemaIssue {
  const spec = (data ?? {}) as Record<string, unknown>;
  const present = WINDOW_KEYS.filter((key) => spec[key] !== undefined);
  const modes = present.filter((key) => key !== 'after');
  const later = (keys: readonly string[]): string => {
    const positioned = keys.map((key) => ({ key, at: document.keyAt(childPointer(pointer, key)) }));
    positioned.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
    return positioned[positioned.length - 1]!.key;
  };
  if (modes.length > 1) {
    return {
      code: 'window', pointer: childPointer(pointer, later(modes)), at: 'key',
      message: `expected at most one of within, for, never; got ${modes.join(' and ')}`,
    };
  }
  return {
    code: 'window', pointer: childPointer(pointer, 'after'), at: 'key',
    message: `"after" works only with "within" (true between after and within), not with "${modes[0] ?? 'for'}"; remove "after" or use "within"`,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
