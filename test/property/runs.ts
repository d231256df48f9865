// Two runs of one random computation, to compare: the op sequences of forward.test.ts (and their
// gradients under a tape), evaluated by the library and read back as plain numbers. Used by
// compiled.test.ts (eager against tf.function) and eviction.test.ts (a large memory budget against
// a tiny one).
import fc from 'fast-check';
import * as tf from 'gradtape';
import { FORWARD_OPS, type OpsCase } from './forward-ops';
import type { Plan } from './plan';
import { type DType, sizeOf } from './reference';

const dimArb = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 4 }), weight: 6 }, { arbitrary: fc.constant(0), weight: 1 });
const shapeArb = fc.array(dimArb, { maxLength: 4 }).filter((s) => sizeOf(s) <= 64);
const isFloat = (d: string) => d === 'float32' || d === 'float64';

export interface RunCase extends OpsCase {
  /** Also the gradient of the last result's sum with respect to every float leaf tensor. */
  withGradient: boolean;
  /** The gradient from a persistent tape, taken twice (the tape may be moved out of wasm between). */
  persistent: boolean;
}

/** The plan's values (tensors among JavaScript leaves), and with `withGradient` the gradients
 * after them: what both runs compute. `given` replaces leaves by id. */
export function evaluate(plan: Plan, withGradient: boolean, persistent = false, given?: ReadonlyMap<number, tf.Tensor>): unknown[] {
  if (!withGradient) return plan.evalLib(undefined, given);
  const tape = new tf.GradientTape({ persistent });
  const leaves: tf.Tensor[] = [];
  const values = tape.record(() =>
    plan.evalLib((_, v) => {
      if (v instanceof tf.Tensor && isFloat(v.dtype)) {
        tape.watch(v);
        leaves.push(v);
      }
    }, given),
  );
  const last = values[values.length - 1];
  if (!(last instanceof tf.Tensor) || !isFloat(last.dtype) || leaves.length === 0) return values;
  if (!persistent) return [...values, ...tape.gradient(last, leaves)];
  const first = tape.gradient(last, leaves);
  const again = tape.gradient(last, leaves);
  tape.dispose();
  return [...values, ...first, ...again];
}

/** The case's results read back, or null when the computation throws (forward.test.ts and
 * gradients.test.ts judge those). */
export function resultsOf(plan: Plan, c: RunCase): (Snapshot | null)[] | null {
  try {
    return snapshot(evaluate(plan, c.withGradient, c.persistent));
  } catch {
    return null;
  }
}

export interface Snapshot {
  shape: number[];
  dtype: DType;
  data: number[];
}

export const snapshot = (values: unknown[]): (Snapshot | null)[] =>
  values.map((v) => (v instanceof tf.Tensor ? { shape: v.shape.slice(), dtype: v.dtype as DType, data: Array.from(v.dataSync(), Number) } : null));

/** How the second run's results differ from the first's (`names` of the two runs, in messages):
 * shapes, dtypes and values bit for bit (any NaN for a NaN). */
export function differences(first: (Snapshot | null)[], second: (Snapshot | null)[], names: [string, string]): string[] {
  if (first.length !== second.length) return [`${names[1]}: ${second.length} results, ${names[0]}: ${first.length}`];
  const out: string[] = [];
  first.forEach((a, i) => {
    const b = second[i]!;
    if (a === null || b === null) {
      if (a !== b) out.push(`result ${i}: a tensor in one run only`);
      return;
    }
    if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) {
      out.push(`result ${i}: ${names[1]} ${b.dtype} [${b.shape}], ${names[0]} ${a.dtype} [${a.shape}]`);
      return;
    }
    a.data.forEach((x, k) => {
      const y = b.data[k]!;
      const same = Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
      if (!same && out.length < 8) out.push(`result ${i} [${k}]: ${names[1]} ${y}, ${names[0]} ${x} (${a.dtype})`);
    });
  });
  return out;
}

/** Start shapes of 2^14 to 2^15 elements: the op results above the size at which an evicted
 * tensor is freed without a copy and made again from its recipe (tensor.ts). */
export const largeShapeArb: fc.Arbitrary<number[]> = fc.constantFrom([16384], [128, 128], [2, 8192], [64, 256], [4, 64, 64], [1, 32768], [2, 2, 4096]);

/** Random cases: sequences of 1-6 ops on a start tensor of rank 0-4 (by default at most 64
 * elements, zero-size dimensions included) of one of `dtypes`. */
export const runCaseArb = (withGradient: fc.Arbitrary<boolean>, dtypes: DType[], shape: fc.Arbitrary<number[]> = shapeArb): fc.Arbitrary<RunCase> =>
  fc.record({
    sequence: fc.constant(true),
    shape,
    dtype: fc.constantFrom(...dtypes),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    ops: fc.array(fc.constantFrom(...FORWARD_OPS), { minLength: 1, maxLength: 6 }),
    withGradient,
    persistent: fc.boolean(),
  });
