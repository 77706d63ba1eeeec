import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import { dottedPath, isWithin } from './json-pointer.js';
import type { ScenarioProblem } from './problems.js';
import { PATTERN_MESSAGE_KEYWORD, ROLE_KEYWORD } from './scenario-schema.js';
import { describeSchemaError, describeTypes, describeValue, type SchemaIssue } from './schema-messages.js';
import type { YamlDocument } from './source-map.js';

/** A schema problem, with the pointer it is about (semantic checks skip parts that already failed). */
export interface SchemaFinding {
  readonly pointer: string;
  readonly problem: ScenarioProblem;
}

/**
 * Validates documents against a scenario schema with ajv (all errors), and turns ajv's errors
 * into one clear problem each: anyOf/oneOf alternatives are resolved to the one the author
 * evidently meant, so a target written as an object reports that object's mistake, not
 * "must be string" as well.
 *
 * @example
 * const validator = new SchemaValidator(buildScenarioSchema());
 * validator.validate(document) // => [{ pointer: '/spec/timeout', problem: { line: 7, ... } }]
 */
export class SchemaValidator {
  private readonly check: ValidateFunction;
  private readonly reachable = new WeakMap<object, ReadonlySet<object>>();

  constructor(private readonly schema: SchemaObject) {
    // No optimisation passes over the generated code: they took 40 % of the compile (330 ms -> 200 ms
    // of `faultline validate`'s start-up), and scenario files are too small for them to pay back.
    const ajv = new Ajv({ allErrors: true, verbose: true, strictTypes: false, strictRequired: false, strictTuples: false, code: { optimize: false } });
    ajv.addKeyword({ keyword: ROLE_KEYWORD, schemaType: 'string' });
    ajv.addKeyword({ keyword: PATTERN_MESSAGE_KEYWORD, schemaType: 'string' });
    this.check = ajv.compile(schema);
  }

  validate(document: YamlDocument): SchemaFinding[] {
    if (this.check(document.value)) return [];
    const issues = tidy(this.collapse(this.check.errors ?? [], document));
    return issues.map((issue) => ({
      pointer: issue.pointer,
      problem: document.problem(issue.code, issue.pointer, dottedPath(issue.pointer, document.value), issue.message, issue.at),
    }));
  }

  /** Resolves the outermost anyOf/oneOf first, then what is left, recursively. */
  private collapse(errors: readonly ErrorObject[], document: YamlDocument): SchemaIssue[] {
    const combinators = errors.filter(isCombinator);
    const outer = combinators.find((c) => !combinators.some((o) => o !== c && this.isChildOf(c, o))) ?? combinators[0];
    if (!outer) return errors.map((error) => describeSchemaError(error, document));
    const children = errors.filter((e) => e !== outer && this.isChildOf(e, outer));
    const rest = errors.filter((e) => e !== outer && !children.includes(e));
    return [...this.collapse(rest, document), ...this.resolveAlternatives(outer, children, document)];
  }

  private resolveAlternatives(combinator: ErrorObject, children: readonly ErrorObject[], document: YamlDocument): SchemaIssue[] {
    const pointer = combinator.instancePath;
    const branches = combinator.schema as SchemaObject[];
    const passing = (combinator.params as { passingSchemas?: number[] | null }).passingSchemas;
    const requiredOnly = branches.every((b) => Array.isArray(b.required) && Object.keys(b).every((k) => k === 'required' || k === 'description'));
    if (requiredOnly) {
      const names = branches.flatMap((b) => b.required as string[]);
      if (passing) {
        const given = passing.map((i) => names[i]);
        return [{ code: 'invalid-value', pointer, at: 'value', message: `expected exactly one of ${names.join(', ')}; got ${given.join(' and ')}` }];
      }
      const quantity = combinator.keyword === 'oneOf' ? 'exactly one' : 'at least one';
      return [{ code: 'missing-field', pointer, at: 'value', message: `expected ${quantity} of ${names.join(', ')}`, missing: names }];
    }
    if (passing) {
      return [{ code: 'invalid-value', pointer, at: 'value', message: `ambiguous: matches ${passing.length} of the allowed forms; expected exactly one` }];
    }
    const byBranch = branches.map((branch) => children.filter((e) => this.reach(branch).has(e.parentSchema as object)));
    const survivors = byBranch
      .map((errors, index) => ({ errors, index }))
      .filter(({ errors }) => !errors.some((e) => e.keyword === 'type' && e.instancePath === pointer));
    if (survivors.length === 0) {
      const expected = branches.map((b) => describeTypes(this.resolve(b).type) ?? 'another form').join(' or ');
      return [{ code: 'wrong-type', pointer, at: 'value', message: `expected ${expected}, got ${describeValue(combinator.data)}` }];
    }
    // Several alternatives of the right type: the one with the fewest mistakes is what the author meant.
    const chosen = survivors.reduce((best, s) => (s.errors.length < best.errors.length ? s : best));
    return this.collapse(chosen.errors, document);
  }

  private isChildOf(error: ErrorObject, combinator: ErrorObject): boolean {
    if (!isWithin(error.instancePath, combinator.instancePath)) return false;
    return (combinator.schema as SchemaObject[]).some((branch) => this.reach(branch).has(error.parentSchema as object));
  }

  /** Every schema object reachable from `start`, following local `$ref`s. */
  private reach(start: object): ReadonlySet<object> {
    const cached = this.reachable.get(start);
    if (cached) return cached;
    const seen = new Set<object>();
    const pending: unknown[] = [start];
    while (pending.length > 0) {
      const node = pending.pop();
      if (node === null || typeof node !== 'object' || seen.has(node)) continue;
      seen.add(node);
      const ref = (node as { $ref?: unknown }).$ref;
      if (typeof ref === 'string') pending.push(this.resolve(node as SchemaObject));
      pending.push(...Object.values(node));
    }
    this.reachable.set(start, seen);
    return seen;
  }

  /** Follows a local `$ref` (`#/definitions/step`); other schemas are returned as they are. */
  private resolve(schema: SchemaObject): SchemaObject {
    const ref = schema.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
    let node: unknown = this.schema;
    for (const segment of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    return (node ?? schema) as SchemaObject;
  }
}

function isCombinator(error: ErrorObject): boolean {
  return error.keyword === 'anyOf' || error.keyword === 'oneOf';
}

/**
 * One problem per mistake: missing fields at one place are merged; a missing field that an
 * unknown field probably meant to be (`fualt` for `fault`) is left to that unknown field's message;
 * a field count ("at least 2 fields") is dropped when something more specific was said about the same mapping.
 */
function tidy(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const suggested = new Map<string, Set<string>>();
  for (const issue of issues) {
    if (issue.code !== 'unknown-field' || issue.suggestion === undefined) continue;
    const parent = issue.pointer.slice(0, issue.pointer.lastIndexOf('/'));
    suggested.set(parent, (suggested.get(parent) ?? new Set()).add(issue.suggestion));
  }
  const result: SchemaIssue[] = [];
  const missingAt = new Map<string, string[]>();
  for (const issue of issues) {
    if (issue.missing) {
      const meant = suggested.get(issue.pointer);
      if (meant && issue.missing.some((name) => meant.has(name))) continue;
      if (issue.required) {
        missingAt.set(issue.pointer, [...(missingAt.get(issue.pointer) ?? []), ...issue.missing]);
        continue;
      }
    }
    result.push(issue);
  }
  for (const [pointer, names] of missingAt) {
    const list = names.map((n) => `"${n}"`).join(', ');
    result.push({ code: 'missing-field', pointer, at: 'value', message: names.length === 1 ? `missing required field ${list}` : `missing required fields ${list}`, missing: names });
  }
  const specific = new Set(result.filter((i) => !i.weak).map((i) => i.pointer));
  const unique = new Map<string, SchemaIssue>();
  for (const issue of result) {
    if (issue.weak && specific.has(issue.pointer)) continue;
    unique.set(`${issue.pointer}\0${issue.message}`, issue);
  }
  return [...unique.values()];
}
