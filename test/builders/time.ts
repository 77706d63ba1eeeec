/** The run's namespace in every builder. */
export const NAMESPACE = 'fl-p1-x2k9';

/** The moment every test run starts: all times in tests are offsets from it, in ms. */
export const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

/**
 * A timestamp as a watch delivers it: an RFC 3339 string. The typed client declares `Date`
 * (it converts list results), but the observer keeps JSON's shape, so builders do too.
 */
export function timestamp(ms: number): Date {
  return new Date(ms).toISOString() as unknown as Date;
}
