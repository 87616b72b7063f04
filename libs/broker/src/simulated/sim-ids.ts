/**
 * Deterministic, UUID-shaped ids from a counter, so two runs of the same script give the same ids
 * and an id read in a log points at one order. Version nibble 4, variant 8, like a random UUID.
 */
export function simulatedId(counter: number): string {
  const hex = counter.toString(16).padStart(12, '0');
  return `51a00000-0000-4000-8000-${hex}`;
}
