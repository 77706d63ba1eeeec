/** The process's exit codes, documented in the README and `faultline --help`. */
export const EXIT = {
  passed: 0,
  failed: 1,
  invalidInput: 2,
  clusterUnreachable: 3,
  interrupted: 130,
} as const;

/** A problem with what the user typed: printed without a stack trace, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
