// Forward properties: every public op, alone and in random sequences of 1-6 ops, on random shapes
// (rank 0-4, zero-size dimensions included) and dtypes (float32, float64, int32 where TensorFlow
// allows it), against the float64 reference in reference.ts: shape, dtype and values of every
// intermediate result. Values are compared within rtol·|ref| + 4·(error bound), rtol 1e-5 for
// float32, 1e-12 for float64, exact for int32 (see reference.ts for the error bounds).
import fc from 'fast-check';
import * as tf from 'gradtape';
import { afterAll, describe, expect, it } from 'vitest';
import { FORWARD_OPS, type ForwardOp, type OpsCase, buildPlan } from './forward-ops';
import { checkProperty, describeError, logTally } from './harness';
import { type LeafForm, type Plan, Rng, genValues, leafCode, literal, makeLeafTensor, nest, nestable, styleFor } from './plan';
import { type CompareStats, type DType, compareToRef, constantRef, filledRef, fmtShape, sizeOf } from './reference';

afterAll(() => logTally('forward.test.ts'));

const dimArb = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 4 }), weight: 6 }, { arbitrary: fc.constant(0), weight: 1 });
/** Rank 0-4 shapes with at most 64 elements (zero-size dims included). */
const shapeArb = (minRank = 0) => fc.array(dimArb, { minLength: minRank, maxLength: 4 }).filter((s) => sizeOf(s) <= 64);
const dtypeArb = fc.constantFrom<DType>('float32', 'float64', 'int32');
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

interface PlanCase extends OpsCase {
  underTape: boolean;
}

/** Runs the plan through gradtape (inside a recording tape if asked) and compares every tensor
 * it made with the reference. Returns the mismatches (empty when all agree). */
function runPlan(plan: Plan, underTape: boolean, stats: CompareStats): string[] {
  let values: unknown[];
  const tape = underTape ? new tf.GradientTape() : null;
  try {
    values = tape ? tape.record(() => plan.evalLib()) : plan.evalLib();
  } catch (e) {
    return [`gradtape threw ${describeError(e)} where TensorFlow computes a result`];
  } finally {
    tape?.dispose();
  }
  const problems: string[] = [];
  plan.nodes.forEach((n, i) => {
    if (n.op === 'leaf' && n.form !== 'tensor' && n.form !== 'variable') return;
    problems.push(...compareToRef(values[i] as tf.Tensor, plan.refs[i]!, stats, `v${i}`));
  });
  return problems;
}

function failure(plan: Plan, underTape: boolean, problems: string[]): Error {
  return new Error(
    `${problems.slice(0, 8).join('\n')}\n--- reproduction${underTape ? ' (run inside tape.record(() => { ... }))' : ''}:\n${plan.code()}`,
  );
}

function planProperty(name: string, arb: fc.Arbitrary<PlanCase>, numRuns: number, seed: number): void {
  const stats: CompareStats = { checked: 0, skipped: 0 };
  checkProperty(
    name,
    fc.property(arb, (c) => {
      const plan = buildPlan(c);
      const problems = runPlan(plan, c.underTape, stats);
      if (problems.length) throw failure(plan, c.underTape, problems);
    }),
    { seed, numRuns },
    () => `${stats.checked} elements compared, ${stats.skipped} unverifiable`,
  );
  // Guard against a vacuous pass: most elements must have been checkable.
  expect(stats.checked, 'no element was compared').toBeGreaterThan(0);
  expect(stats.skipped / (stats.checked + stats.skipped), 'too many unverifiable elements').toBeLessThan(0.25);
}

describe('single ops against the reference (random shapes rank 0-4 with zero-size dims, all dtypes)', () => {
  FORWARD_OPS.forEach((op, k) => {
    it(`${op}`, () => {
      const arb = fc.record({
        sequence: fc.constant(false),
        shape: shapeArb(op === 'matmul' ? 2 : 0),
        dtype: dtypeArb,
        seed: seedArb,
        ops: fc.constant<ForwardOp[]>([op]),
        underTape: fc.boolean(),
      });
      planProperty(`forward: single op ${op}`, arb, 4000, 1000 + k);
    });
  });
});

describe('random op sequences against the reference', () => {
  const opArb = fc.constantFrom(...FORWARD_OPS);
  it('chains of 1-6 ops, eager', () => {
    const arb = fc.record({
      sequence: fc.constant(true),
      shape: shapeArb(),
      dtype: dtypeArb,
      seed: seedArb,
      ops: fc.array(opArb, { minLength: 1, maxLength: 6 }),
      underTape: fc.constant(false),
    });
    planProperty('forward: op sequences (eager)', arb, 15000, 2024);
  });

  it('chains of 1-6 ops, inside a recording GradientTape (the tensor path for scalars too)', () => {
    const arb = fc.record({
      sequence: fc.constant(true),
      shape: shapeArb(),
      dtype: dtypeArb,
      seed: seedArb,
      ops: fc.array(opArb, { minLength: 1, maxLength: 6 }),
      underTape: fc.constant(true),
    });
    planProperty('forward: op sequences (under a tape)', arb, 10000, 2025);
  });
});

// ---- creation ops -------------------------------------------------------------------------------------

type Creation = 'constant' | 'zeros' | 'ones' | 'fill' | 'zerosLike' | 'onesLike';

describe('creation ops against the reference', () => {
  it('constant / zeros / ones / fill / zerosLike / onesLike: shape, dtype (incl. floatx) and values', () => {
    const arb = fc.record({
      fn: fc.constantFrom<Creation>('constant', 'zeros', 'ones', 'fill', 'zerosLike', 'onesLike'),
      shape: shapeArb(),
      dtype: fc.option(dtypeArb, { nil: undefined }),
      floatx: fc.constantFrom<'float32' | 'float64'>('float32', 'float64'),
      form: fc.constantFrom<LeafForm>('tensor', 'typed', 'nested', 'number'),
      seed: seedArb,
    });
    checkProperty(
      'forward: creation ops',
      fc.property(arb, (c) => {
        const rng = new Rng(c.seed);
        const prevFloatx = tf.floatx();
        tf.setFloatx(c.floatx);
        try {
          let result: tf.Tensor;
          let expected;
          let code: string;
          const valueDtype: DType = c.dtype ?? (rng.bool(0.5) ? 'int32' : 'float32');
          switch (c.fn) {
            case 'zeros':
            case 'ones': {
              result = c.dtype === undefined ? tf[c.fn](c.shape) : tf[c.fn](c.shape, c.dtype);
              expected = filledRef(c.shape, c.fn === 'zeros' ? 0 : 1, c.dtype ?? c.floatx);
              code = `tf.${c.fn}(${fmtShape(c.shape)}${c.dtype ? `, '${c.dtype}'` : ''})`;
              break;
            }
            case 'fill': {
              const v = genValues(rng, 1, styleFor(rng, valueDtype))[0]!;
              result = c.dtype === undefined ? tf.fill(c.shape, v) : tf.fill(c.shape, v, c.dtype);
              expected = filledRef(c.shape, v, c.dtype ?? c.floatx);
              code = `tf.fill(${fmtShape(c.shape)}, ${v}${c.dtype ? `, '${c.dtype}'` : ''})`;
              break;
            }
            case 'zerosLike':
            case 'onesLike': {
              const srcDtype: DType = rng.pick(['float32', 'float64', 'int32']);
              const spec = { shape: c.shape, dtype: srcDtype, values: genValues(rng, sizeOf(c.shape), styleFor(rng, srcDtype)) };
              const form = rng.bool(0.7) ? 'tensor' : 'variable';
              const src = makeLeafTensor(spec, form) as tf.Tensor;
              result = c.dtype === undefined ? tf[c.fn](src) : tf[c.fn](src, c.dtype);
              expected = filledRef(c.shape, c.fn === 'zerosLike' ? 0 : 1, c.dtype ?? srcDtype);
              code = `tf.${c.fn}(${leafCode(spec, form)}${c.dtype ? `, '${c.dtype}'` : ''})`;
              break;
            }
            case 'constant': {
              // the form decides what can be expressed: numbers are rank 0, typed arrays rank 1
              let shape = c.shape;
              if (c.form === 'number') shape = [];
              else if (c.form === 'typed') shape = [sizeOf(c.shape)];
              else if (!nestable(shape)) shape = [0];
              const typedDtype: DType = rng.pick(['float32', 'float64', 'int32']);
              // values must be representable in the target dtype (non-integers to int32 are an error)
              const target = c.dtype ?? (c.form === 'typed' ? typedDtype : c.floatx);
              const intValues = target === 'int32' || (c.form === 'typed' && typedDtype === 'int32');
              // (wide int32 values only where they are exact: not in a Float32Array)
              const exactWide = !(c.form === 'typed' && typedDtype === 'float32');
              const values = genValues(rng, sizeOf(shape), intValues ? (exactWide ? rng.pick(['small', 'intwide'] as const) : 'small') : styleFor(rng, 'float64'));
              const input: unknown =
                c.form === 'number'
                  ? values[0]
                  : c.form === 'typed'
                    ? makeLeafTensor({ shape, dtype: typedDtype, values }, 'typed')
                    : c.form === 'tensor' && shape.length > 0
                      ? nest(values, shape)
                      : nest(values, shape);
              result = c.dtype === undefined ? tf.constant(input as number[]) : tf.constant(input as number[], c.dtype);
              expected = constantRef(input, c.dtype, c.floatx);
              code = `tf.constant(${c.form === 'typed' ? leafCode({ shape, dtype: typedDtype, values }, 'typed') : literal(input)}${c.dtype ? `, '${c.dtype}'` : ''})`;
              break;
            }
          }
          const problems = compareToRef(result, expected);
          if (problems.length) throw new Error(`${problems.join('\n')}\n--- reproduction (floatx ${c.floatx}):\n${code}`);
        } finally {
          tf.setFloatx(prevFloatx);
        }
      }),
      { seed: 3031, numRuns: 6000 },
    );
  });

  // tf.constant(v) converts the variable to a tensor: a snapshot of its value. (tf.cast(v, v.dtype)
  // is NOT checked here: TensorFlow's math_ops.cast returns a ResourceVariable itself when the
  // dtype already matches, so returning the live variable there is TensorFlow's behaviour.)
  it('constant(v) of a Variable is a snapshot: assigning the variable later does not change it', () => {
    const arb = fc.record({ shape: shapeArb(), dtype: dtypeArb, seed: seedArb, dtypeArg: fc.boolean() });
    checkProperty(
      'forward: constant(variable) is a snapshot',
      fc.property(arb, (c) => {
        const rng = new Rng(c.seed);
        const spec = { shape: c.shape, dtype: c.dtype, values: genValues(rng, sizeOf(c.shape), styleFor(rng, c.dtype)) };
        const v = makeLeafTensor(spec, 'variable') as tf.Variable;
        const before = Array.from(v.dataSync());
        const snap = c.dtypeArg ? tf.constant(v, c.dtype) : tf.constant(v);
        v.assign(tf.fill(c.shape, 7, c.dtype));
        const after = Array.from(snap.dataSync());
        const call = c.dtypeArg ? `tf.constant(v, '${c.dtype}')` : 'tf.constant(v)';
        const code = `const v = ${leafCode(spec, 'variable')};\nconst s = ${call};\nv.assign(tf.fill(${fmtShape(c.shape)}, 7, '${c.dtype}'));\n// s must still hold the old values`;
        if (snap instanceof tf.Variable) throw new Error(`${call} returned the live Variable itself\n--- reproduction:\n${code}`);
        if (after.some((x, i) => !(x === before[i] || (Number.isNaN(x) && Number.isNaN(before[i]!))))) {
          throw new Error(`${call}: the tensor changed after v.assign: ${JSON.stringify(before)} -> ${JSON.stringify(after)}\n--- reproduction:\n${code}`);
        }
      }),
      { seed: 3032, numRuns: 300 },
    );
  });
});
