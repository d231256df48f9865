// The points of numpy's mgrid[slices] along each axis, as scipy.optimize.brute builds its grid
// (numpy/lib/_index_tricks_impl.py, nd_grid.__getitem__). A slice with an imaginary step Nj has N
// points from start to stop inclusive, the k-th start + k·((stop - start)/(N - 1)); a real step
// gives ceil((stop - start)/step) points, stop excluded. Two or more slices take the k-th point as
// k·step + start; a single slice goes through np.arange, whose k-th point (k >= 2) is
// start + k·δ with δ = (start + step) - start, the step as rounded by one addition.

/** A slice of mgrid: start:stop:step, or start:stop:N·j (`points` N, the step then unused). */
export interface GridSlice {
  readonly start: number;
  readonly stop: number;
  readonly step: number;
  readonly points?: number;
}

/** The points along each axis of mgrid[slices] (mgrid[slices[0]] for one slice). */
export function mgridAxes(slices: readonly GridSlice[]): Float64Array[] {
  if (slices.length === 1) return [singleSlice(slices[0]!)];
  return slices.map((s) => {
    if (s.points !== undefined) return evenlySpaced(s);
    const size = Math.ceil((s.stop - s.start) / s.step);
    return Float64Array.from({ length: Math.max(size, 0) }, (_, k) => k * s.step + s.start);
  });
}

/** start + k·((stop - start)/(N - 1)) for k < N (the step stays 1 when N is 1). */
function evenlySpaced(s: GridSlice): Float64Array {
  const points = s.points!;
  const step = points !== 1 ? (s.stop - s.start) / (points - 1) : 1;
  return Float64Array.from({ length: points }, (_, k) => k * step + s.start);
}

/** mgrid[start:stop:step] for one slice: np.arange(start, stop, step), or evenly spaced points. */
function singleSlice(s: GridSlice): Float64Array {
  if (s.points !== undefined) return evenlySpaced(s);
  const length = Math.max(Math.ceil((s.stop - s.start) / s.step), 0);
  const out = new Float64Array(length);
  if (length === 0) return out;
  out[0] = s.start;
  if (length === 1) return out;
  out[1] = s.start + s.step;
  // numpy's DOUBLE_fill: the step recovered from the first two entries.
  const delta = out[1] - out[0]!;
  for (let k = 2; k < length; k++) out[k] = s.start + k * delta;
  return out;
}
