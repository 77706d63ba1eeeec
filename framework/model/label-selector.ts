/**
 * Label selectors as kubectl writes them: `app=web`, `app==web`, `tier!=cache`,
 * `env in (prod,staging)`, `env notin (dev)`, `canary`, `!canary`, joined by commas.
 */
export type Requirement =
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | 'doesnotexist' };

export interface LabelSelector {
  readonly text: string;
  readonly requirements: readonly Requirement[];
}

const KEY_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KEY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

export class SelectorSyntaxError extends Error {}

/** Parses a selector; throws SelectorSyntaxError saying what was expected. */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements: Requirement[] = [];
  for (const term of splitTerms(text)) requirements.push(parseTerm(term.trim()));
  if (requirements.length === 0) throw new SelectorSyntaxError('expected at least one requirement such as "app=web"');
  return { text, requirements };
}

export function matchesSelector(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  const actual = labels ?? {};
  return selector.requirements.every((req) => {
    const has = Object.prototype.hasOwnProperty.call(actual, req.key);
    switch (req.operator) {
      case 'exists': return has;
      case 'doesnotexist': return !has;
      case 'in': return has && req.values.includes(actual[req.key]!);
      case 'notin': return !has || !req.values.includes(actual[req.key]!);
    }
  });
}

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) throw new SelectorSyntaxError(`"${text.trim()}": ")" without its "(" (expected e.g. "env in (prod,staging)")`);
    if (ch === ',' && depth === 0) { terms.push(current); current = ''; continue; }
    current += ch;
  }
  if (depth > 0) throw new SelectorSyntaxError(`"${text.trim()}": "(" is never closed (expected e.g. "env in (prod,staging)")`);
  if (current.trim() !== '' || terms.length > 0) terms.push(current);
  return terms;
}

function parseTerm(term: string): Requirement {
  if (term === '') throw new SelectorSyntaxError('empty requirement (two commas in a row, or a trailing comma)');
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (setMatch) {
    const [, key, op, list] = setMatch;
    const values = list!.split(',').map((v) => v.trim());
    values.forEach((v) => checkValue(v, term));
    return { key: checkKey(key!, term), operator: op as 'in' | 'notin', values };
  }
  const bareSet = /^(\S+)\s+(in|notin)(?:\s+(.*))?$/.exec(term);
  if (bareSet) throw new SelectorSyntaxError(`"${term}": expected a list in parentheses after "${bareSet[2]}", e.g. "${bareSet[1]} ${bareSet[2]} (${bareSet[3] ?? 'prod,staging'})"`);
  const eqMatch = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (eqMatch) {
    const [, key, op, value] = eqMatch;
    checkValue(value!, term);
    return { key: checkKey(key!, term), operator: op === '!=' ? 'notin' : 'in', values: [value!] };
  }
  if (term.startsWith('!')) return { key: checkKey(term.slice(1).trim(), term), operator: 'doesnotexist' };
  return { key: checkKey(term, term), operator: 'exists' };
}

/** A key is `[prefix/]name`: the prefix a DNS subdomain of at most 253 characters, the name at most 63. */
function checkKey(key: string, term: string): string {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  const prefixOk = prefix === undefined || (KEY_PREFIX.test(prefix) && prefix.length <= 253);
  if (!prefixOk || !KEY_NAME.test(name) || name.length > 63) {
    throw new SelectorSyntaxError(`"${term}": "${key}" is not a valid label key (expected e.g. "app" or "example.com/tier")`);
  }
  return key;
}

function checkValue(value: string, term: string): void {
  if (!VALUE.test(value) || value.length > 63) {
    throw new SelectorSyntaxError(`"${term}": "${value}" is not a valid label value (at most 63 characters: letters, digits, "-", "_", ".")`);
  }
}
