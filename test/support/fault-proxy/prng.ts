/**
 * Seeded randomness for the fault proxy: mulberry32, and a stable 32-bit hash to derive one
 * generator per request, so a seed decides the same faults whatever order concurrent requests
 * happen to arrive in.
 */

/** A generator of floats in [0, 1), fully decided by `seed`. */
export type Random = () => number;

/** mulberry32: tiny, fast, and good enough to pick faults (not for cryptography). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a over the text's UTF-16 code units: a stable 32-bit number for a string. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A whole number in [min, max], drawn from `random`. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
