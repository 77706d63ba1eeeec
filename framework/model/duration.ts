/**
 * Durations written the way kubectl and Go write them: `500ms`, `30s`, `2m`, `1m30s`, `1h`.
 * Stored as whole milliseconds.
 *
 * @example parseDuration('1m30s') // => 90_000
 */
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART_PATTERN = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

export const DURATION_HINT = 'a duration like "500ms", "30s", "2m" or "1m30s"';

/** Returns the duration in milliseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART_PATTERN)) {
    total += Number(amount) * UNIT_MS[unit as Unit];
  }
  return Math.round(total);
}

/** Like parseDuration, but throws with a message naming what was expected. */
export function requireDuration(text: string, what = 'duration'): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`${what}: expected ${DURATION_HINT}, got ${JSON.stringify(text)}`);
  return ms;
}

/** Formats milliseconds for people: `850ms`, `9.99s`, `12.3s`, `2m05s`. Rounds first, then picks the unit. */
export function formatDuration(ms: number): string {
  const rounded = Math.round(ms);
  if (rounded < 1000) return `${rounded}ms`;
  const hundredths = Math.round(ms / 10);
  if (hundredths < 1000) return `${(hundredths / 100).toFixed(2)}s`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * Formats a limit someone wrote (a window, a timeout) the way they would write it: `30s`, `2m`,
 * `1m30s`, `500ms`; measured values go through formatDuration instead.
 */
export function formatLimit(ms: number): string {
  if (ms % 1000 !== 0) return formatDuration(ms);
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}

/** JSON Schema of a duration field. */
export const DURATION_SCHEMA = {
  type: 'string',
  pattern: '^(\\d+(\\.\\d+)?(ms|s|m|h))+$',
  description: `A duration: ${DURATION_HINT}.`,
} as const;
