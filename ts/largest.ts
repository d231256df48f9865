// The largest of many numbers by a loop: Math.max(...values) passes each value as an argument, and
// about 150,000 of them overflow the stack (a million labels in keras.utils.toCategorical, a batch
// of as many elements in Dataset.paddedBatch).

/** The largest of `values` and `atLeast` (which is what no values give). */
export function largest(values: readonly number[], atLeast: number): number {
  let most = atLeast;
  for (const v of values) if (v > most) most = v;
  return most;
}
