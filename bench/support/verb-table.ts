/** Requests by verb for a short and a long run of the same steps, side by side. */
import type { VerbCounts } from './fake-cluster-protocol.js';
import { table } from './figure.js';

/** The verbs the issue asks about, then any other the runs used. */
export const VERBS = ['list', 'watch', 'get', 'create', 'patch', 'delete', 'exec'] as const;

/** Requests counted by verb. */
export function countByVerb(requests: ReadonlyArray<{ readonly verb: keyof VerbCounts }>): VerbCounts {
  const counts: VerbCounts = {};
  for (const request of requests) counts[request.verb] = (counts[request.verb] ?? 0) + 1;
  return counts;
}

export function total(counts: VerbCounts): number {
  return Object.values(counts).reduce<number>((sum, n) => sum + (n ?? 0), 0);
}

export function verbTable(columns: ReadonlyArray<{ readonly title: string; readonly counts: VerbCounts }>): string {
  const others = [...new Set(columns.flatMap((c) => Object.keys(c.counts)))].filter((verb) => !(VERBS as readonly string[]).includes(verb)).sort();
  const verbs = [...VERBS, ...others];
  return table(['verb', ...columns.map((c) => c.title)], [
    ...verbs.map((verb) => [verb, ...columns.map((c) => String(c.counts[verb as keyof VerbCounts] ?? 0))]),
    ['total', ...columns.map((c) => String(total(c.counts)))],
  ]);
}

/** Requests of any verb the long run sent beyond what the short one did (a verb that went down offsets nothing). */
export function growth(short: VerbCounts, long: VerbCounts): number {
  return Object.entries(long).reduce((sum, [verb, n]) => sum + Math.max(0, (n ?? 0) - (short[verb as keyof VerbCounts] ?? 0)), 0);
}
