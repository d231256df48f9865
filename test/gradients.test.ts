// Every differentiable op's gradient against central differences in float64, with a non-trivial
// upstream gradient (see test/helpers/gradcheck.ts), plus second derivatives through nested tapes.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import {
  type GradInput,
  type RandomValueOptions,
  type Shape,
  expectClose,
  expectGradcheck,
  f64,
  nestValues,
  nestedSecondDerivative,
  randomValues,
  seededRandom,
  sizeOf,
} from './helpers/gradcheck';

const POSITIVE: RandomValueOptions = { min: 0.5, max: 2 };
const NONZERO: RandomValueOptions = { min: -2, max: 2, awayFromZero: 0.5 };
const fmt = (s: Shape) => `[${s.join(',')}]`;

// ---------------------------------------------------------------------------------------------
// Elementwise binary ops, with broadcasting and JS number operands on either side
// ---------------------------------------------------------------------------------------------

interface BinaryCase {
  name: string;
  fn: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  /** fn with a JS number as the second / first operand. */
  numRight: (a: tf.Tensor, n: number) => tf.Tensor;
  numLeft: (n: number, b: tf.Tensor) => tf.Tensor;
  a: RandomValueOptions;
  b: RandomValueOptions;
}

const binaryOps: BinaryCase[] = [
  { name: 'add', fn: tf.add, numRight: tf.add, numLeft: tf.add, a: {}, b: {} },
  { name: 'sub', fn: tf.sub, numRight: tf.sub, numLeft: tf.sub, a: {}, b: {} },
  { name: 'mul', fn: tf.mul, numRight: tf.mul, numLeft: tf.mul, a: {}, b: {} },
  { name: 'div', fn: tf.div, numRight: tf.div, numLeft: tf.div, a: {}, b: NONZERO },
  // pow's gradient w.r.t. the exponent is a^b·ln(a): keep the base positive.
  { name: 'pow', fn: tf.pow, numRight: tf.pow, numLeft: tf.pow, a: POSITIVE, b: { min: -1.5, max: 2.5 } },
];

const broadcastShapes: [Shape, Shape][] = [
  [[2, 3], [2, 3]],
  [[2, 3], [3]],
  [[3], [2, 3]],
  [[2, 1], [1, 3]],
  [[1, 3], [2, 1]],
  [[], [2, 3]],
  [[2, 3], []],
  [[2, 3, 4], [3, 1]],
  [[4], [2, 3, 4]],
  [[2, 1, 4], [3, 1]],
];

describe('binary op gradients vs central differences (float64)', () => {
  for (const op of binaryOps) {
    describe(op.name, () => {
      for (const [sa, sb] of broadcastShapes) {
        it(`${fmt(sa)} with ${fmt(sb)}`, () => {
          expectGradcheck(op.fn, [{ shape: sa, ...op.a }, { shape: sb, ...op.b }]);
        });
      }

      it('tensor with a JS number on the right', () => {
        const n = op.name === 'pow' ? 2.5 : op.name === 'div' ? -1.7 : 1.7;
        expectGradcheck((a) => op.numRight(a, n), [{ shape: [2, 3], ...op.a }]);
      });

      it('JS number on the left with a tensor', () => {
        // pow(1.7, x) = 1.7^x; div(1.7, x) needs x away from 0.
        const n = 1.7;
        const spec: GradInput = { shape: [2, 3], ...(op.name === 'div' ? NONZERO : op.name === 'pow' ? { min: -2, max: 2 } : {}) };
        expectGradcheck((b) => op.numLeft(n, b), [spec]);
      });

      it('same tensor as both operands (gradients from both uses are summed)', () => {
        if (op.name === 'sub' || op.name === 'div') {
          // x - x and x / x are constant: the two contributions must cancel to exact zeros (not null).
          const x = f64([0.5, -1.5, 2], [3]);
          const tape = new tf.GradientTape();
          const y = tape.record(() => {
            tape.watch(x);
            return tf.reduceSum(tf.mul(op.fn(x, x), f64([1, 2, 3], [3])));
          });
          expectClose(tape.gradient(y, x), [0, 0, 0], 0, 1e-12);
          // ... and with a different second use, the sum is non-trivial.
          expectGradcheck((a) => op.fn(tf.mul(a, a), a), [{ shape: [2, 3], ...NONZERO }]);
        } else {
          expectGradcheck((a) => op.fn(a, a), [{ shape: [2, 3], ...op.a }]);
        }
      });

      it('with float64 Variables as sources (watched automatically)', () => {
        expectGradcheck(op.fn, [{ shape: [2, 3], ...op.a }, { shape: [3], ...op.b }], { variables: true });
      });

      it('with outputGradients as the upstream gradient', () => {
        expectGradcheck(op.fn, [{ shape: [2, 1], ...op.a }, { shape: [1, 3], ...op.b }], { upstream: 'outputGradients' });
      });
    });
  }

  it('pow(x, 3) has gradient 3x² for negative bases too', () => {
    expectGradcheck((x) => tf.pow(x, 3), [{ shape: [5], values: [-2, -1.5, -0.5, 0.75, 1.25] }]);
  });

  it('pow(x, 2) at x = 0 has gradient 0, not NaN', () => {
    const x = f64([0, 0, 1], [3]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(tf.mul(tf.pow(x, 2), f64([1, 2, 3], [3])));
    });
    expectClose(tape.gradient(y, x), [0, 0, 6]);
  });

  it('pow(a, b) w.r.t. both operands at a = 0 is finite: d/da = 0 for b = 2, d/db = 0 (TensorFlow sets log(0) terms to 0)', () => {
    const a = f64([0, 2], [2]);
    const b = f64([2, 3], [2]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch([a, b]);
      return tf.reduceSum(tf.pow(a, b));
    });
    const [ga, gb] = tape.gradient(y, [a, b]);
    expectClose(ga, [0, 12]);
    expectClose(gb, [0, 8 * Math.log(2)]);
  });
});

// ---------------------------------------------------------------------------------------------
// Elementwise unary ops
// ---------------------------------------------------------------------------------------------

const unaryOps: [string, (x: tf.Tensor) => tf.Tensor, RandomValueOptions][] = [
  ['neg', tf.neg, {}],
  ['square', tf.square, {}],
  ['sqrt', tf.sqrt, POSITIVE],
  ['exp', tf.exp, {}],
  ['log', tf.log, POSITIVE],
  ['abs', tf.abs, NONZERO],
];

describe('unary op gradients vs central differences (float64)', () => {
  for (const [name, fn, range] of unaryOps) {
    for (const shape of [[], [7], [2, 3, 4]] as Shape[]) {
      it(`${name} on shape ${fmt(shape)}`, () => {
        expectGradcheck(fn, [{ shape, ...range }]);
      });
    }
    it(`${name} with outputGradients`, () => {
      expectGradcheck(fn, [{ shape: [3, 2], ...range }], { upstream: 'outputGradients' });
    });
    it(`${name} via the chainable method`, () => {
      const method = (x: tf.Tensor) => (x as unknown as Record<string, () => tf.Tensor>)[name]!.call(x);
      expectGradcheck(method, [{ shape: [4], ...range }]);
    });
  }

  it('abs has gradient sign(x): -1 for negative, +1 for positive inputs', () => {
    const x = f64([-3, -0.5, 0.5, 3], [4]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(tf.mul(tf.abs(x), f64([1, 2, 3, 4], [4])));
    });
    expectClose(tape.gradient(y, x), [-1, -2, 3, 4]);
  });
});

// ---------------------------------------------------------------------------------------------
// matmul
// ---------------------------------------------------------------------------------------------

interface MatmulCase {
  a: Shape;
  b: Shape;
  ta?: boolean;
  tb?: boolean;
  out: Shape;
}

const matmulCases: MatmulCase[] = [
  // 2-D, all transpose combinations: logical [3,4] @ [4,5]
  { a: [3, 4], b: [4, 5], out: [3, 5] },
  { a: [4, 3], b: [4, 5], ta: true, out: [3, 5] },
  { a: [3, 4], b: [5, 4], tb: true, out: [3, 5] },
  { a: [4, 3], b: [5, 4], ta: true, tb: true, out: [3, 5] },
  // square matrices (a wrong transpose in a rule would still have the right shape)
  { a: [3, 3], b: [3, 3], out: [3, 3] },
  { a: [3, 3], b: [3, 3], ta: true, out: [3, 3] },
  { a: [3, 3], b: [3, 3], tb: true, out: [3, 3] },
  { a: [3, 3], b: [3, 3], ta: true, tb: true, out: [3, 3] },
  // vectors as matrices
  { a: [1, 4], b: [4, 1], out: [1, 1] },
  { a: [4, 1], b: [1, 3], out: [4, 3] },
  // batched 3-D
  { a: [2, 3, 4], b: [2, 4, 5], out: [2, 3, 5] },
  { a: [2, 4, 3], b: [2, 4, 5], ta: true, out: [2, 3, 5] },
  { a: [2, 3, 4], b: [2, 5, 4], tb: true, out: [2, 3, 5] },
  { a: [2, 4, 3], b: [2, 5, 4], ta: true, tb: true, out: [2, 3, 5] },
  // broadcast batch dims
  { a: [2, 3, 4], b: [4, 5], out: [2, 3, 5] },
  { a: [3, 4], b: [2, 4, 5], out: [2, 3, 5] },
  { a: [1, 3, 4], b: [2, 4, 5], out: [2, 3, 5] },
  { a: [2, 3, 4], b: [1, 4, 5], out: [2, 3, 5] },
  { a: [2, 1, 3, 4], b: [3, 4, 5], out: [2, 3, 3, 5] },
  { a: [2, 4, 3], b: [5, 4], ta: true, tb: true, out: [2, 3, 5] },
];

describe('matmul gradients vs central differences (float64)', () => {
  for (const c of matmulCases) {
    const label = `${fmt(c.a)}${c.ta ? 'ᵀ' : ''} @ ${fmt(c.b)}${c.tb ? 'ᵀ' : ''} -> ${fmt(c.out)}`;
    it(label, () => {
      const r = expectGradcheck((a, b) => tf.matmul(a, b, c.ta ?? false, c.tb ?? false), [{ shape: c.a }, { shape: c.b }]);
      expect(r.outputShape).toEqual(c.out);
    });
  }

  it('[2,3,4] @ [4,5] with outputGradients', () => {
    expectGradcheck((a, b) => tf.matmul(a, b), [{ shape: [2, 3, 4] }, { shape: [4, 5] }], { upstream: 'outputGradients' });
  });

  it('with float64 Variables, via the chainable method', () => {
    expectGradcheck((a, b) => a.matmul(b, false, true), [{ shape: [2, 3] }, { shape: [4, 3] }], { variables: true });
  });
});

// ---------------------------------------------------------------------------------------------
// Reductions
// ---------------------------------------------------------------------------------------------

const reductionAxes: (number | number[] | undefined)[] = [undefined, 0, 1, 2, -1, -2, -3, [0, 1], [0, 2], [1, 2], [-1, 0], [2, -3], [0, 1, 2], []];

function reducedShape(shape: Shape, axis: number | number[] | undefined, keepdims: boolean): number[] {
  const rank = shape.length;
  const axes = axis === undefined ? shape.map((_, i) => i) : (typeof axis === 'number' ? [axis] : axis).map((a) => (a < 0 ? a + rank : a));
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

describe('reduction gradients vs central differences (float64)', () => {
  const shape = [2, 3, 4];
  for (const [name, fn] of [
    ['reduceSum', tf.reduceSum],
    ['reduceMean', tf.reduceMean],
  ] as const) {
    describe(name, () => {
      for (const axis of reductionAxes) {
        for (const keepdims of [false, true]) {
          it(`axis ${JSON.stringify(axis) ?? 'none'}, keepdims ${keepdims}`, () => {
            const r = expectGradcheck((x) => fn(x, axis, keepdims), [{ shape }]);
            expect(r.outputShape).toEqual(reducedShape(shape, axis, keepdims));
          });
        }
      }
      it('axis null means all axes', () => {
        const r = expectGradcheck((x) => fn(x, null), [{ shape: [3, 2] }]);
        expect(r.outputShape).toEqual([]);
      });
      it('of a 1-D tensor, with outputGradients', () => {
        expectGradcheck((x) => fn(x, 0, true), [{ shape: [5] }], { upstream: 'outputGradients' });
      });
      it('chained reductions over two axes in turn', () => {
        expectGradcheck((x) => fn(fn(x, 1), -1, true), [{ shape }]);
      });
    });
  }

  it('tf.math.reduceMean is the same op', () => {
    expectGradcheck((x) => tf.math.reduceMean(x, [0, 2]), [{ shape }]);
  });

  // The reduced gradient broadcasts back as it is when the reduced axes lead, and is reshaped
  // with 1s where they do not: both ways for each rule that reads it.
  for (const [name, fn, values] of [
    ['reduceMax', tf.reduceMax, {}],
    ['reduceMin', tf.reduceMin, {}],
    ['reduceProd', tf.reduceProd, NONZERO],
  ] as const) {
    for (const axis of [undefined, 0, [0, 1], 1, 2, [0, 2], [1, 2]]) {
      for (const keepdims of [false, true]) {
        it(`${name}, axis ${JSON.stringify(axis) ?? 'none'}, keepdims ${keepdims}`, () => {
          const r = expectGradcheck((x) => fn(x, axis, keepdims), [{ shape, ...values }]);
          expect(r.outputShape).toEqual(reducedShape(shape, axis, keepdims));
        });
      }
    }
  }

  it('reduceMax over the leading axis shares the gradient among ties, as TensorFlow does', () => {
    const x = f64([1, 5, 2, 3, 5, 2], [2, 3]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.mul(tf.reduceMax(x, 0), f64([1, 2, 4], [3])));
    // Column 0: the 3 takes its weight 1; columns 1 and 2: ties of 5s and 2s share 2 and 4.
    expectClose(tape.gradient(y, x), [0, 1, 2, 1, 1, 2]);
  });
});

// ---------------------------------------------------------------------------------------------
// Shape ops, cast, broadcastTo, polyval
// ---------------------------------------------------------------------------------------------

describe('reshape / transpose / concat / broadcastTo gradients (float64)', () => {
  const reshapes: [Shape, number[]][] = [
    [[2, 3, 4], [6, 4]],
    [[2, 3, 4], [4, -1]],
    [[2, 3, 4], [24]],
    [[6], [3, 2]],
    [[1, 1], []],
    [[2, 3], [3, 1, 2]],
  ];
  for (const [from, to] of reshapes) {
    it(`reshape ${fmt(from)} -> ${fmt(to)}`, () => {
      // A non-linear op after the reshape makes element positions matter.
      expectGradcheck((x) => tf.mul(tf.reshape(x, to), tf.reshape(x, to)), [{ shape: from }]);
    });
  }

  const transposes: [Shape, number[] | undefined][] = [
    [[2, 3], undefined],
    [[2, 3, 4], undefined],
    [[2, 3, 4], [1, 0, 2]],
    [[2, 3, 4], [2, 0, 1]],
    [[2, 3, 4], [1, 2, 0]],
    [[2, 3, 4], [0, 2, 1]],
    [[2, 3, 4, 5], [3, 1, 0, 2]],
  ];
  for (const [shape, perm] of transposes) {
    it(`transpose ${fmt(shape)} perm ${perm ? fmt(perm) : 'default'}`, () => {
      expectGradcheck((x) => tf.transpose(x, perm), [{ shape }]);
    });
  }

  const concats: [Shape[], number][] = [
    [[[2, 3], [1, 3]], 0],
    [[[2, 3], [2, 2]], 1],
    [[[2, 3, 1], [2, 3, 2]], -1],
    [[[2, 1], [2, 3], [2, 2]], 1],
    [[[1, 3], [2, 3], [3, 3]], 0],
    [[[2, 1, 4], [2, 2, 4], [2, 1, 4]], 1],
  ];
  for (const [shapes, axis] of concats) {
    it(`concat ${shapes.map(fmt).join(' ')} on axis ${axis}`, () => {
      expectGradcheck((...xs) => tf.concat(xs, axis), shapes.map((shape) => ({ shape })));
    });
  }

  it('concat with the same tensor twice sums both slices of the gradient', () => {
    expectGradcheck((x) => tf.concat([x, x], 0), [{ shape: [2, 3] }]);
  });

  it('concat through the chainable method', () => {
    expectGradcheck((a, b, c) => a.concat([b, c], 1), [{ shape: [2, 1] }, { shape: [2, 2] }, { shape: [2, 3] }]);
  });

  for (const [from, to] of [
    [[3], [2, 3]],
    [[2, 1], [2, 3]],
    [[], [2, 2]],
    [[1, 3], [4, 2, 3]],
  ] as [Shape, number[]][]) {
    it(`broadcastTo ${fmt(from)} -> ${fmt(to)}`, () => {
      expectGradcheck((x) => tf.broadcastTo(x, to), [{ shape: from }]);
    });
  }
});

describe('cast gradients', () => {
  // Values that are exact in float32, with a step that keeps x ± h exact too, so the float32 leg
  // of the path adds no rounding and the difference quotient stays accurate to ~1e-7.
  const h = 2 ** -10;
  const exact = [-1.5, -0.75, 0.25, 0.5, 1.125, 1.875];

  it('float64 -> float32 -> float64 -> exp: gradient is float64 and matches central differences', () => {
    const r = expectGradcheck((x) => tf.exp(tf.cast(tf.cast(x, 'float32'), 'float64')), [{ shape: [2, 3], values: exact }], { h });
    expect(r.outputDtype).toBe('float64');
  });

  it('float64 -> float32 op -> float64: gradient flows through float32 math', () => {
    const w = tf.constant([[2, -1, 0.5]], 'float32');
    expectGradcheck(
      (x) => tf.cast(tf.mul(tf.mul(tf.cast(x, 'float32'), tf.cast(x, 'float32')), w), 'float64'),
      [{ shape: [2, 3], values: exact }],
      { h, rtol: 1e-5 },
    );
  });

  it('identity cast chain passes the upstream gradient through unchanged', () => {
    const x = f64([0.1, 0.2, 0.3], [3]);
    const c = [1.25, -2.5, 0.75];
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.cast(tf.cast(x, 'float32'), 'float64');
    });
    const g = tape.gradient(y, x, { outputGradients: f64(c, [3]) });
    expect(g?.dtype).toBe('float64');
    expectClose(g, c);
  });

  it('cast to int32 stops the gradient (null), as TensorFlow does for integer paths', () => {
    const x = f64([1, 2, 3], [3]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.cast(tf.cast(x, 'int32'), 'float64');
    });
    expect(tape.gradient(y, x)).toBeNull();
  });
});

describe('polyval gradients', () => {
  it('w.r.t. tensor coefficients (highest power first) and x', () => {
    expectGradcheck((c0, c1, c2, x) => tf.math.polyval([c0, c1, c2], x), [{ shape: [] }, { shape: [] }, { shape: [] }, { shape: [5] }]);
  });

  it('with vector coefficients broadcasting against x', () => {
    expectGradcheck((c0, c1, x) => tf.math.polyval([c0, c1, 0.5], x), [{ shape: [3] }, { shape: [3] }, { shape: [2, 3] }]);
  });

  it('with mixed JS-number and tensor coefficients', () => {
    const r = expectGradcheck((c, x) => tf.math.polyval([1.5, c, -2, 0.25], x), [{ shape: [] }, { shape: [4] }]);
    // d/dc of Σ C·(1.5x³ + c x² - 2x + 0.25) is Σ C·x²: check the closed form too.
    const xVals = r.inputs[1]!;
    let expected = 0;
    xVals.forEach((x, i) => (expected += r.upstream[i]! * x * x));
    expectClose(r.analytic[0]!, [expected], 1e-9);
  });

  it('polyval value matches TensorFlow’s example: polyval([1, 2.5, -4.2], 5) = 33.3', () => {
    expect(tf.math.polyval([1, 2.5, -4.2], tf.constant(5, 'float64')).item()).toBeCloseTo(33.3, 10);
  });
});

describe('compositions', () => {
  it('least squares: reduceSum(square(x @ w - y))', () => {
    expectGradcheck((x, w, y) => tf.reduceSum(tf.square(tf.sub(tf.matmul(x, w), y))), [{ shape: [5, 3] }, { shape: [3, 1] }, { shape: [5, 1] }]);
  });

  it('softplus-like: log(1 + exp(x)) / sqrt(1 + x²)', () => {
    expectGradcheck((x) => tf.div(tf.log(tf.add(1, tf.exp(x))), tf.sqrt(tf.add(1, tf.square(x)))), [{ shape: [3, 2] }]);
  });

  it('normalisation: (x - mean(x, 1, keepdims)) / sqrt(mean(square(x - mean), 1, keepdims))', () => {
    expectGradcheck((x) => {
      const c = tf.sub(x, tf.reduceMean(x, 1, true));
      return tf.div(c, tf.sqrt(tf.reduceMean(tf.square(c), 1, true)));
    }, [{ shape: [2, 4] }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Second derivatives through nested tapes
// ---------------------------------------------------------------------------------------------

describe('second derivatives through nested tapes', () => {
  it("TensorFlow's example: x³ at x = 1 gives dy/dx = 3 and d²y/dx² = 6 (float32 Variable)", () => {
    const x = new tf.Variable(1.0);
    const t2 = new tf.GradientTape();
    let dyDx: tf.Tensor | null = null;
    t2.record(() => {
      const t1 = new tf.GradientTape();
      const y = t1.record(() => x.mul(x).mul(x));
      dyDx = t1.gradient(y, x); // computed INSIDE t2.record, so t2 records the gradient ops
    });
    const d2yDx2 = t2.gradient(dyDx!, x);
    expect(dyDx).not.toBeNull();
    expect(dyDx!.dtype).toBe('float32');
    expect(dyDx!.item()).toBeCloseTo(3, 6);
    expect(d2yDx2).not.toBeNull();
    expect(d2yDx2!.item()).toBeCloseTo(6, 6);
  });

  it('x³ at x = 1 in float64, via pow and via mul', () => {
    for (const f of [(x: tf.Tensor) => tf.pow(x, 3), (x: tf.Tensor) => x.mul(x).mul(x)]) {
      const { first, second } = nestedSecondDerivative(f, 1);
      expectClose(first, 3);
      expectClose(second, 6);
    }
  });

  const x0 = 0.7;
  const analytic: [string, (x: tf.Tensor) => tf.Tensor, number, number][] = [
    ['exp', tf.exp, Math.exp(x0), Math.exp(x0)],
    ['log', tf.log, 1 / x0, -1 / x0 ** 2],
    ['sqrt', tf.sqrt, 0.5 / Math.sqrt(x0), -0.25 * x0 ** -1.5],
    ['1 / x (div, number numerator)', (x) => tf.div(1, x), -1 / x0 ** 2, 2 / x0 ** 3],
    ['x / (1 + x) (div, both operands depend on x)', (x) => tf.div(x, tf.add(1, x)), 1 / (1 + x0) ** 2, -2 / (1 + x0) ** 3],
    ['x^2.5 (pow, base)', (x) => tf.pow(x, 2.5), 2.5 * x0 ** 1.5, 3.75 * x0 ** 0.5],
    ['2^x (pow, exponent)', (x) => tf.pow(2, x), Math.LN2 * 2 ** x0, Math.LN2 ** 2 * 2 ** x0],
    [
      'x^x (pow, both operands)',
      (x) => tf.pow(x, x),
      x0 ** x0 * (Math.log(x0) + 1),
      x0 ** x0 * (Math.log(x0) + 1) ** 2 + x0 ** (x0 - 1),
    ],
    ['sin-free: exp(-x²) (composition)', (x) => tf.exp(tf.neg(tf.square(x))), -2 * x0 * Math.exp(-x0 * x0), (4 * x0 * x0 - 2) * Math.exp(-x0 * x0)],
  ];
  for (const [name, f, d1, d2] of analytic) {
    it(`${name} at x = ${x0}: first and second derivative match the closed form`, () => {
      const { first, second } = nestedSecondDerivative(f, x0);
      expectClose(first, d1, 1e-10);
      expectClose(second, d2, 1e-10);
    });
  }

  it('elementwise on a vector: d²/dx² of Σx³ is 6x', () => {
    const { first, second } = nestedSecondDerivative((x) => tf.reduceSum(tf.pow(x, 3)), [0.5, -1, 2]);
    expectClose(first, [0.75, 3, 12]);
    expectClose(second, [3, -6, 12]);
  });

  it('mixed partial: f = x²y³ gives ∂²f/∂y∂x = 6xy²', () => {
    const x = new tf.Variable(1.5, { dtype: 'float64' });
    const y = new tf.Variable(-0.5, { dtype: 'float64' });
    const outer = new tf.GradientTape();
    const dfdx = outer.record(() => {
      const inner = new tf.GradientTape();
      const f = inner.record(() => tf.mul(tf.square(x), tf.pow(y, 3)));
      return inner.gradient(f, x);
    });
    expectClose(dfdx, 2 * 1.5 * (-0.5) ** 3);
    const [dxx, dxy] = outer.gradient(dfdx!, [x, y]);
    expectClose(dxx, 2 * (-0.5) ** 3);
    expectClose(dxy, 6 * 1.5 * 0.25);
  });

  it('third derivative with three nested tapes: d³/dx³ x⁴ = 24x', () => {
    const x = new tf.Variable(1.25, { dtype: 'float64' });
    const t3 = new tf.GradientTape();
    const d2 = t3.record(() => {
      const t2 = new tf.GradientTape();
      const d1 = t2.record(() => {
        const t1 = new tf.GradientTape();
        const y = t1.record(() => tf.pow(x, 4));
        return t1.gradient(y, x);
      });
      return t2.gradient(d1!, x);
    });
    expectClose(d2, 12 * 1.25 ** 2);
    expectClose(t3.gradient(d2!, x), 24 * 1.25);
  });

  it('Hessian-vector product of a quadratic form ½xᵀAx via matmul equals ½(A + Aᵀ)v', () => {
    const A = [
      [2, -1, 0.5],
      [0.25, 3, -2],
      [1, 0.5, 4],
    ];
    const xv = [0.3, -1.2, 0.8];
    const v = [1, -2, 0.5];
    const a = tf.constant(A, 'float64');
    const x = new tf.Variable([[xv[0]!], [xv[1]!], [xv[2]!]], { dtype: 'float64' });
    const vt = tf.constant([[v[0]!], [v[1]!], [v[2]!]], 'float64');

    const outer = new tf.GradientTape();
    const gv = outer.record(() => {
      const inner = new tf.GradientTape();
      const f = inner.record(() => tf.mul(tf.reduceSum(tf.matmul(tf.matmul(x, a, true), x)), 0.5));
      const g = inner.gradient(f, x)!;
      // gradient = ½(A + Aᵀ)x
      const sym = (i: number, j: number) => 0.5 * (A[i]![j]! + A[j]![i]!);
      expectClose(g, [0, 1, 2].map((i) => sym(i, 0) * xv[0]! + sym(i, 1) * xv[1]! + sym(i, 2) * xv[2]!), 1e-12);
      return tf.reduceSum(tf.mul(g, vt));
    });
    const hv = outer.gradient(gv, x);
    const expected = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + 0.5 * (A[i]![j]! + A[j]![i]!) * v[j]!, 0));
    expect(hv?.shape).toEqual([3, 1]);
    expectClose(hv, expected, 1e-12);
  });

  it('Hessian-vector product via outputGradients on the outer tape', () => {
    const A = [
      [1, 2],
      [0, -3],
    ];
    const x = new tf.Variable([[0.5], [2]], { dtype: 'float64' });
    const outer = new tf.GradientTape();
    const g = outer.record(() => {
      const inner = new tf.GradientTape();
      const f = inner.record(() => tf.mul(tf.reduceSum(tf.matmul(tf.matmul(x, tf.constant(A, 'float64'), true), x)), 0.5));
      return inner.gradient(f, x)!;
    });
    const hv = outer.gradient(g, x, { outputGradients: tf.constant([[3], [-1]], 'float64') });
    // ½(A + Aᵀ) = [[1, 1], [1, -3]]; times [3, -1] = [2, 6]
    expectClose(hv, [2, 6], 1e-12);
  });
});

// Second-order check for many ops at once: the outer tape's gradient of Σ V·g(x), where g is the
// inner tape's gradient of Σ C·f(x), against central differences of Σ V·g (g from fresh tapes).
describe('second-order gradients vs central differences of the first gradient (float64)', () => {
  function innerGradient(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, c: tf.Tensor): tf.Tensor {
    const t = new tf.GradientTape();
    const y = t.record(() => {
      t.watch(x);
      return tf.reduceSum(tf.mul(f(x), c));
    });
    const g = t.gradient(y, x);
    if (g === null) throw new Error('inner gradient is null');
    return g;
  }

  function secondOrderCheck(f: (x: tf.Tensor) => tf.Tensor, shape: Shape, range: RandomValueOptions, seed = 99): void {
    const rand = seededRandom(seed);
    const xv = randomValues(sizeOf(shape), rand, range);
    const outShape = tf.tidy(() => f(f64(xv, shape)).shape.slice());
    const c = f64(randomValues(sizeOf(outShape), rand, { min: -1.5, max: 1.5, awayFromZero: 0.25 }), outShape);
    const vVals = randomValues(sizeOf(shape), rand, { min: -1.5, max: 1.5, awayFromZero: 0.25 });
    const v = f64(vVals, shape);

    const x = f64(xv, shape);
    const outer = new tf.GradientTape();
    const gv = outer.record(() => {
      outer.watch(x);
      return tf.reduceSum(tf.mul(innerGradient(f, x, c), v));
    });
    const analytic = outer.gradient(gv, x);
    expect(analytic, 'second-order gradient is null').not.toBeNull();
    expect(analytic!.shape).toEqual([...shape]);
    const a = analytic!.dataSync();

    const h = 1e-5;
    const phi = (vals: Float64Array) =>
      tf.tidy(() => {
        const g = innerGradient(f, f64(vals, shape), c).dataSync();
        let s = 0;
        for (let i = 0; i < g.length; i++) s += g[i]! * vVals[i]!;
        return s;
      });
    const bad: string[] = [];
    for (let e = 0; e < xv.length; e++) {
      const p = Float64Array.from(xv);
      const m = Float64Array.from(xv);
      p[e] += h;
      m[e] -= h;
      const num = (phi(p) - phi(m)) / (2 * h);
      if (!(Math.abs(a[e]! - num) <= 1e-7 + 1e-6 * Math.abs(num))) bad.push(`[${e}] tape ${a[e]} vs numeric ${num}`);
    }
    expect(bad, bad.join('\n')).toEqual([]);
  }

  const w = () => f64([0.5, -1.25, 2], [3]);
  const cases: [string, (x: tf.Tensor) => tf.Tensor, Shape, RandomValueOptions][] = [
    ['mul (x·x·w)', (x) => tf.mul(tf.mul(x, x), w()), [2, 3], {}],
    ['div (w / x)', (x) => tf.div(w(), x), [2, 3], NONZERO],
    ['div (x / (2 + x²))', (x) => tf.div(x, tf.add(2, tf.square(x))), [2, 3], {}],
    ['pow (x^2.5)', (x) => tf.pow(x, 2.5), [2, 3], POSITIVE],
    ['pow (1.5^x)', (x) => tf.pow(1.5, x), [2, 3], {}],
    ['pow (x^x)', (x) => tf.pow(x, x), [2, 3], POSITIVE],
    ['exp', tf.exp, [2, 3], {}],
    ['log', tf.log, [2, 3], POSITIVE],
    ['sqrt', tf.sqrt, [2, 3], POSITIVE],
    ['matmul (x @ xᵀ)', (x) => tf.matmul(x, x, false, true), [2, 3], {}],
    ['matmul batched (xᵀ @ x)', (x) => tf.matmul(x, x, true, false), [2, 3, 2], {}],
    ['reduceMean of a square', (x) => tf.reduceMean(tf.square(x), 1, true), [2, 3], {}],
    ['reduceSum then broadcast mul', (x) => tf.mul(x, tf.reduceSum(x, 0)), [2, 3], {}],
    ['transpose + reshape + concat', (x) => tf.mul(tf.reshape(tf.transpose(x), [6]), tf.concat([x, x], 0).reshape([12]).reshape([2, 6]).reduceSum(0)), [2, 3], {}],
  ];
  for (const [name, f, shape, range] of cases) {
    it(name, () => secondOrderCheck(f, shape, range));
  }
});

// Helpers used above are exported for other test files too; sanity-check the checker itself so
// a broken helper cannot make every test pass.
describe('gradcheck helper catches wrong gradients', () => {
  it('reports a mismatch when the analytic gradient is wrong (stopGradient hides a dependence)', async () => {
    const { gradcheck } = await import('./helpers/gradcheck');
    // Forward value x², but the tape sees only x·stopGradient(x): gradient x instead of 2x.
    const r = gradcheck((x) => tf.mul(x, tf.stopGradient(x)), [{ shape: [4] }]);
    expect(r.mismatches.length).toBeGreaterThan(0);
  });

  it('nestValues builds nested arrays row-major', () => {
    expect(nestValues([1, 2, 3, 4, 5, 6], [2, 3])).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(nestValues([7], [])).toBe(7);
  });
});
