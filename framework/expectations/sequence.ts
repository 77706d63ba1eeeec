import type { SchemaObject } from 'ajv';
import { judgeOf, type Check, type ExpectationPlugin, type Judge } from './expectation.js';
import type { ExpectationSpecs } from './registry.js';
import { formatDuration } from '../model/duration.js';
import type { ClusterView } from '../observe/cluster-view.js';

/** Kinds that may be items of a sequence: every kind but sequence itself. */
export type SequenceItemKind = Exclude<keyof ExpectationSpecs, 'sequence'>;

/** One item: a single-kind mapping, `{ podStatus: { target: app=web, status: Init:1/2 } }`, without window fields. */
export type SequenceItem = { [K in SequenceItemKind]: { [P in K]: ExpectationSpecs[P] } }[SequenceItemKind];

export interface SequenceSpec {
  /** The expectations, in the order they must come true. */
  of: SequenceItem[];
}

export type SequenceItemPlugins = { readonly [K in SequenceItemKind]: ExpectationPlugin<ExpectationSpecs[K], K> };

/** The schema keyword scenario-schema.ts reads to word errors about expectation kinds (its ROLE_KEYWORD). */
const ROLE_KEYWORD = 'x-faultline-role';

/**
 * Expectations that come true in the order listed: `Init:0/2`, then `Init:1/2`, then
 * `PodInitializing`, then `Running` (L4); or not Ready, then out of the endpoints, then Ready,
 * then back in them. Judged at every change, so a state that lasts one change is not missed.
 *
 * Item N+1 is judged only from the moment item N was met on; it may be met at that same moment
 * when both hold in the same state (one pod change can make Running and Ready true together). Its
 * evidence window starts at the change that met item N, so an event or a deletion from before that
 * does not count for it. Once every item has been met the sequence stays met. An item that becomes
 * impossible fails it at once. Items take no window fields: the sequence's own window applies to the whole.
 *
 * Built from the other plugins, which judge its items (a function, so the registry can hand them over
 * without an import cycle).
 */
export function sequencePlugin(items: SequenceItemPlugins): ExpectationPlugin<SequenceSpec, 'sequence'> {
  const plugins = items as unknown as Readonly<Record<string, ExpectationPlugin<unknown>>>;
  const entriesOf = (spec: SequenceSpec): Array<{ kind: string; spec: unknown; plugin: ExpectationPlugin<unknown> }> =>
    spec.of.map((item) => {
      const [kind, itemSpec] = Object.entries(item)[0]!;
      return { kind, spec: itemSpec, plugin: plugins[kind]! };
    });

  const plugin: ExpectationPlugin<SequenceSpec, 'sequence'> = {
    kind: 'sequence',
    schema: {
      type: 'object',
      description: 'Expectations that come true in this order (each from the moment the one before it was met); the sequence\'s own window applies to the whole.',
      required: ['of'],
      properties: {
        of: {
          type: 'array',
          minItems: 2,
          description: 'At least two single-kind mappings, e.g. - podStatus: { target: app=web, status: Init:0/2 }. Items take no window fields.',
          items: itemSchema(plugins),
        },
      },
    },
    describe: (spec) => `in order: ${entriesOf(spec).map((e) => e.plugin.describe(e.spec)).join(', then ')}`,
    validate(spec) {
      return entriesOf(spec).flatMap((entry, index) =>
        (entry.plugin.validate?.(entry.spec) ?? []).map((p) => ({ path: `of/${index}/${entry.kind}${p.path ? `/${p.path}` : ''}`, message: p.message })));
    },
    defaultWindowMs(spec) {
      const defaults = entriesOf(spec).map((e) => e.plugin.defaultWindowMs?.(e.spec)).filter((ms): ms is number => ms !== undefined);
      return defaults.length > 0 ? Math.max(...defaults) : undefined;
    },
    // Alone, one view can only meet a sequence whose items all hold at once; the engine uses judge.
    check: (view, spec, context) => plugin.judge!(spec, context).check(view),
    judge(spec, context) {
      const items = entriesOf(spec).map((entry) => ({ ...entry, text: entry.plugin.describe(entry.spec) }));
      const met: Array<{ at: number }> = [];
      let current: Judge = judgeOf(items[0]!.plugin, items[0]!.spec, context);
      let waiting: Check | undefined;
      const origin = context.stepStart ?? context.since.at;
      const label = (index: number): string => `[${index + 1}] ${items[index]!.text}`;
      const observed = (): string => {
        const done = met.map((m, i) => `${label(i)} at ${offset(m.at - origin)}`);
        const parts = [done.length > 0 ? `met ${done.join(', ')}` : 'none met yet'];
        if (met.length < items.length) {
          parts.push(`waiting for ${label(met.length)} (observed: ${waiting?.observed ?? 'nothing yet'})`);
          const rest = items.slice(met.length + 1).map((_, i) => label(met.length + 1 + i));
          if (rest.length > 0) parts.push(`then ${rest.join(', then ')}`);
        }
        return parts.join('; ');
      };
      return {
        check(view: ClusterView): Check {
          while (met.length < items.length) {
            waiting = current.check(view);
            if (waiting.impossible !== undefined) {
              return { holds: false, observed: observed(), impossible: `${label(met.length)} can no longer be met: ${waiting.impossible}` };
            }
            // An item that does not apply makes the whole sequence inapplicable, so a `never` window over it fails too.
            if (waiting.inapplicable !== undefined) {
              return { holds: false, observed: observed(), inapplicable: `${label(met.length)} does not apply: ${waiting.inapplicable}` };
            }
            if (!waiting.holds) break;
            met.push({ at: view.at });
            const next = items[met.length];
            if (next === undefined) break;
            // The next item's evidence starts at the change that met this one: an event, a deletion or a
            // Terminating pod from before it does not count for it. States are judged as they are.
            const since = { at: view.at, position: Math.max(context.since.position, view.position - 1) };
            current = judgeOf(next.plugin, next.spec, { ...context, since });
          }
          return { holds: met.length === items.length, observed: observed() };
        },
        recheckAt: (view: ClusterView) => (met.length < items.length ? current.recheckAt?.(view) : undefined),
      };
    },
  };
  return plugin;
}

/** An expectation and, for a sequence, the items it holds (a sequence holds no sequence): every kind and spec judged. */
export function expectationsWithin(kind: string, spec: unknown): Array<[kind: string, spec: unknown]> {
  if (kind !== 'sequence') return [[kind, spec]];
  return [[kind, spec], ...((spec as SequenceSpec).of ?? []).flatMap((item) => Object.entries(item) as Array<[string, unknown]>)];
}

/** Each item: a mapping of exactly one kind to that kind's own spec schema, closed, so window fields are refused. */
function itemSchema(plugins: Readonly<Record<string, ExpectationPlugin<unknown>>>): SchemaObject {
  const properties = Object.fromEntries(Object.entries(plugins).map(([kind, plugin]) => [kind, {
    ...plugin.schema,
    additionalProperties: plugin.schema.additionalProperties ?? false,
  }]));
  return {
    type: 'object',
    description: `One expectation, without a window: ${Object.keys(plugins).join(', ')}.`,
    [ROLE_KEYWORD]: 'expectations',
    minProperties: 1,
    maxProperties: 1,
    additionalProperties: false,
    properties,
  };
}

/** `+2.10s`, or `-300ms` for a moment before the step began (during the fault before it). */
function offset(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${formatDuration(Math.abs(ms))}`;
}
