// Python's built-in min and max of two numbers, and C's fmin and fmax, for the scipy code ported
// here. Python's keep the first argument unless the second compares smaller (larger), so
// min(1.0, NaN) is 1.0 but min(NaN, 1.0) NaN; C's ignore a NaN argument either side; Math.min and
// Math.max give NaN. scipy's line searches rely on theirs when a trial value is NaN.

/** Python's min(a, b). */
export function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}

/** Python's max(a, b). */
export function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}

/** C's fmin(a, b): the smaller, ignoring a NaN argument (NaN only when both are). */
export function cMin(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return b < a ? b : a;
}

/** C's fmax(a, b): the larger, ignoring a NaN argument (NaN only when both are). */
export function cMax(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return b > a ? b : a;
}
