// Small vector helpers shared by the least-squares code.

/** ‖x[start .. start+len)‖, scaled by the largest entry so extreme values neither overflow nor
 * underflow when squared. NaN and ±Infinity propagate. */
export function euclideanNorm(x: Float64Array, start = 0, len = x.length - start): number {
  let largest = 0;
  for (let i = 0; i < len; i++) largest = Math.max(largest, Math.abs(x[start + i]!));
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  let sum = 0;
  for (let i = 0; i < len; i++) {
    const scaled = x[start + i]! / largest;
    sum += scaled * scaled;
  }
  return largest * Math.sqrt(sum);
}
