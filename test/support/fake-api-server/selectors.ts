/** labelSelector and fieldSelector parsing and matching, with the apiserver's grammar. */
import type { ResourceType } from './resources.js';
import { badRequest } from './status.js';
import type { KubeObject } from './types.js';

type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' }
  | { key: string; op: 'gt' | 'lt'; value: number };

export type ObjectFilter = (object: KubeObject) => boolean;

/** Splits on commas that are not inside parentheses (`env in (a,b),tier`). */
function splitOutsideParens(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

const LABEL_TERM = /^\s*(!)?\s*([A-Za-z0-9][-A-Za-z0-9_./]*)\s*(?:(==|=|!=|>|<)\s*([-A-Za-z0-9_.]*)|\s+(in|notin)\s*\(([^)]*)\))?\s*$/;

function parseLabelTerm(term: string): LabelRequirement {
  const m = LABEL_TERM.exec(term);
  if (!m) throw badRequest(`unable to parse requirement: found '${term.trim()}', expected: label selector term`);
  const [, bang, key = '', op, value = '', setOp, setValues] = m;
  if (bang) {
    if (op || setOp) throw badRequest(`unable to parse requirement: found '${op ?? setOp}', expected: ',' or 'end of string'`);
    return { key, op: 'doesnotexist' };
  }
  if (setOp === 'in' || setOp === 'notin') {
    return { key, op: setOp, values: (setValues ?? '').split(',').map((v) => v.trim()) };
  }
  switch (op) {
    case undefined: return { key, op: 'exists' };
    case '=': case '==': return { key, op: 'in', values: [value] };
    case '!=': return { key, op: 'notin', values: [value] };
    default: {
      const n = Number(value);
      if (value === '' || !Number.isInteger(n)) throw badRequest(`unable to parse requirement: for 'gt', 'lt' operators, the value must be an integer`);
      return { key, op: op === '>' ? 'gt' : 'lt', value: n };
    }
  }
}

function matchesLabel(req: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const actual = labels[req.key];
  switch (req.op) {
    case 'exists': return has;
    case 'doesnotexist': return !has;
    case 'in': return has && req.values.includes(actual ?? '');
    case 'notin': return !has || !req.values.includes(actual ?? '');
    case 'gt': return has && Number(actual) > req.value;
    case 'lt': return has && Number(actual) < req.value;
  }
}

export function parseLabelSelector(text: string | null): ObjectFilter {
  if (text === null || text.trim() === '') return () => true;
  const requirements = splitOutsideParens(text).map(parseLabelTerm);
  return (object) => requirements.every((req) => matchesLabel(req, object.metadata.labels ?? {}));
}

/** Splits on an unescaped separator; field selector values escape `\,` `\=` `\\`. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1];
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

const unescape = (value: string): string => value.replace(/\\(.)/g, '$1');

function readPath(object: KubeObject, path: string): string {
  let value: unknown = object;
  for (const part of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function parseFieldSelector(text: string | null, resource: ResourceType): ObjectFilter {
  if (text === null || text.trim() === '') return () => true;
  const fields: Readonly<Record<string, string>> = {
    'metadata.name': 'metadata.name', 'metadata.namespace': 'metadata.namespace', ...resource.fieldSelectors,
  };
  const terms = splitUnescaped(text, ',').map((term) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)(.*)$/s.exec(term);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [, field = '', op, value = ''] = m;
    const path = fields[field];
    if (path === undefined) {
      throw badRequest(Object.keys(resource.fieldSelectors).length > 0
        ? `field label not supported: ${field}`
        : `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    return { path, negate: op === '!=', value: unescape(value.trim()) };
  });
  return (object) => terms.every((t) => (readPath(object, t.path) === t.value) !== t.negate);
}
