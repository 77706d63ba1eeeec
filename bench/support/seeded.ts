/** Seeded randomness for the benchmarks: the same seed schedules the same changes on every run. */
import { mulberry32, type Random } from '../../test/support/fault-proxy/prng.js';

export type { Random };

/** A generator of floats in [0, 1), fully decided by `seed` (the fault proxy's mulberry32). */
export const seeded = mulberry32;

/** A whole number of milliseconds in [min, max]. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
