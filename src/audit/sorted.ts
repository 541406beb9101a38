// Offsets kept sorted, searched by halves: the rules ask "is any use of this name inside that node?" once per
// statement, and a scan of every use each time grows with the square of a long function.

/**
 * The index of the first item at or after `at` in a list sorted by `offset` (its length when there is none): numbers,
 * or nodes by their start.
 */
export function firstAtOrAfter<T = number>(
  sorted: readonly T[],
  at: number,
  offset: (item: T) => number = (item) => item as unknown as number,
): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offset(sorted[mid]!) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the sorted numbers lie in [start, end). */
export function countWithin(sorted: readonly number[], start: number, end: number): number {
  return firstAtOrAfter(sorted, end) - firstAtOrAfter(sorted, start);
}
