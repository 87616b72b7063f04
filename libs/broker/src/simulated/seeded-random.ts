/**
 * mulberry32: a small, fast PRNG whose whole state is one 32-bit integer, so a random walk can be
 * saved to the state file and resumed exactly. Never Math.random: runs must repeat.
 */
export function nextRandom(state: number): { value: number; state: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: ((t ^ (t >>> 14)) >>> 0) / 4294967296, state: next };
}

/** A whole number in [min, max], and the next state. */
export function nextInteger(state: number, min: number, max: number): { value: number; state: number } {
  const { value, state: next } = nextRandom(state);
  return { value: min + Math.floor(value * (max - min + 1)), state: next };
}
