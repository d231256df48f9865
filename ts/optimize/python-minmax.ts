// Python's built-in min and max of two numbers, for the scipy code ported here. They keep the first
// argument unless the second compares smaller (larger), so min(1.0, NaN) is 1.0 where Math.min gives
// NaN; scipy's line searches rely on that when a trial value is NaN.

/** Python's min(a, b). */
export function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}

/** Python's max(a, b). */
export function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}
