// Statistics the report uses. salesByRegion reaches `median`, topProducts does not:
// `npm run demo` edits `median` and shows that only salesByRegion recomputes.

/** The middle value (the upper one of an even count). Sorts `values` in place. */
export function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** The arithmetic mean. */
export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
