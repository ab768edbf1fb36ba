// Binary search over sorted offsets: line starts, UTF-8 checkpoints, reference positions.

/** Index of the first element of `sorted` that is >= `value` (`sorted.length` when none is). */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last element of `sorted` that is <= `value` (0 when `sorted[0]` is larger: callers start with 0). */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  return Math.max(0, lowerBound(sorted, value + 1) - 1);
}
