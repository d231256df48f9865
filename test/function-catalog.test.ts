// tf.function covers the whole op catalog: every op listed in docs/ops.md (the op table's
// primitives and every public function of the op namespaces) has a case here that runs it eagerly
// and compiled, on two input sets, and compares the values bit for bit (with the gradient of
// sum(y²) for float results), in float64 and float32 and, where the op takes it, int32; or it is
// in `excluded` with a reason that a test checks. The catalog is read from docs/ops.md, which
// test/ops-doc.test.ts keeps equal to what scripts/ops-doc.ts generates from the op table and the
// doc comments, so a new op fails the coverage test below until it has a case here. The tests at
// the end cover losses that decide from their labels' values, and errors raised by replays.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

type Dt = 'float64' | 'float32' | 'int32' | 'bool';
/** A catalog entry's function (or, for loss classes, constructor): each case calls its op with
 * that op's own arguments, so the type is loose. */
type Op = ((...args: any[]) => any) & (new (...args: any[]) => any);
type Inputs = [tf.Tensor[], tf.Tensor[]];

// ---------------------------------------------------------------------------------------------
// The catalog, as docs/ops.md lists it.

const doc = readFileSync(new URL('../docs/ops.md', import.meta.url), 'utf8');

/** The op table's public primitives with their dtype class (`float`, `numeric`, `any`, `bool`). */
const primitiveSection = doc.split('\n## Primitives')[1]!.split('\n## ')[0]!;
const primitiveRows = [...primitiveSection.matchAll(/^\| `(\w+)` \| `[^`]+` \| (?:n|\d+) \| ([^|]+?) \|/gm)];
const DTYPE_CLASSES: Record<string, Dt[]> = {
  'float32, float64': ['float64', 'float32'],
  'float32, float64, int32': ['float64', 'float32', 'int32'],
  any: ['float64', 'float32', 'int32'], // bool too, but bool is only run for the logical ops
  bool: ['bool'],
};
const primitives = new Map(primitiveRows.map((m) => [m[1]!, DTYPE_CLASSES[m[2]!]!]));

/** Sections of "Functions and classes by namespace" whose entries are ops, by their namespace
 * under `tf` ('tf' is the top level). */
const OP_SECTIONS = ['tf', 'math', 'math.special', 'nn', 'linalg', 'image', 'signal', 'bitwise', 'random', 'random.experimental', 'debugging', 'optimize', 'keras.activations', 'keras.losses', 'keras.regularizers', 'keras.constraints', 'keras.backend', 'keras.utils'];
/** The other sections: classes that are not ops, and where compiled functions use them. */
const OTHER_SECTIONS: Record<string, string> = {
  autodiff: 'ForwardAccumulator, a recorder of forward-mode derivatives as GradientTape is of reverse-mode ones',
  train: 'Checkpoint and CheckpointManager, which save and restore variables, and the readers of their files: no ops (test/checkpoint.test.ts, test/checkpoint-management.test.ts)',
  dtypes: 'cast, saturateCast and asDType, the top-level functions of those names (whose cases and exclusion are above and below)',
  config: 'device, placement and tf.function settings: JavaScript values and side effects, no ops (test/config.test.ts)',
  'config.threading': 'thread settings, JavaScript side effects as tf.setNumThreads is (test/config.test.ts)',
  'config.experimental': 'device settings: JavaScript values and errors, no ops (test/config.test.ts)',
  optimizers: 'the optimizers: test/function.test.ts compiles a training step with every one of them',
  'optimizers.schedules': 'learning-rate schedules, which run in JavaScript at every step (test/function.test.ts)',
  keras: 'Keras\' top-level classes (Model, Sequential, Layer, Variable, the base classes of the namespaces below) and Input: objects, no ops of their own (test/keras-fit.test.ts compiles models\' training steps; test/keras-variable.test.ts)',
  'keras.initializers': 'weight initializers, which make variables before a step runs; their values are tf.random\'s (whose compiled cases are above) and linalg.qr\'s',
  'keras.layers': 'layers, objects that make their variables on their first call and then run ops: test/keras-fit.test.ts compiles Model.fit\'s training steps through them and compares them with eager ones',
  'keras.models': 'making, cloning and loading models from configs, JSON, bytes and files: no ops of their own (test/keras-saving.test.ts)',
  'keras.saving': 'Keras objects to JSON-ready data and back, saving and loading models, and the custom-object registry: no ops of their own (test/keras-serialization.test.ts)',
  'keras.callbacks': 'History, the record of the epochs fit returns (JavaScript numbers, no tensors)',
  'keras.ops': 'Keras 3\'s op namespace, each entry one of the ops above or a thin adapter over them: test/keras-ops.test.ts runs every entry\'s Keras fixture cases eagerly and compiled by tf.function and compares them bit for bit, gradients included',
  'keras.ops.image': 'Keras 3\'s image ops, made of the ops above: test/keras-ops-image.test.ts runs every entry\'s Keras fixture cases eagerly and compiled by tf.function and compares them bit for bit, gradients included',
  'keras.metrics': 'stateful metrics, objects whose updateState assigns their variables: test/metrics.test.ts compiles steps that update them (and the accuracy functions they wrap) against eager ones',
};

interface Entry {
  /** The namespace under `tf`, 'tf' for the top level. */
  section: string;
  name: string;
  /** `section.name`, e.g. 'tf.add', 'math.add', 'keras.losses.Huber'. */
  qualified: string;
}
const sectionTexts = doc.split('\n### ').slice(1).map((text) => {
  const title = /^`tf(?:\.([\w.]+))?` \((\d+)\)/.exec(text)!;
  const names = [...text.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]!);
  return { section: title[1] ?? 'tf', count: Number(title[2]), names };
});
const catalog: Entry[] = sectionTexts
  .filter((s) => OP_SECTIONS.includes(s.section))
  .flatMap((s) => s.names.map((name) => ({ section: s.section, name, qualified: `${s.section}.${name}` })));

/** The namespace object of a section, as a user reaches it from `tf`. */
const namespaceOf = (section: string) =>
  (section === 'tf' ? [] : section.split('.')).reduce((ns, part) => ns[part] as Record<string, unknown>, tf as unknown as Record<string, unknown>);
/** The function (or class) a catalog entry names. */
const lookup = (e: Entry) => namespaceOf(e.section)[e.name] as Op;

// ---------------------------------------------------------------------------------------------
// Comparing eager and compiled calls.

/** The values (and dtype and shape) of every tensor in a nested result, for bitwise comparison. */
function values(r: unknown): unknown {
  if (r instanceof tf.Tensor) return { dtype: r.dtype, shape: r.shape, data: Array.from(r.dataSync() as ArrayLike<number>) };
  if (Array.isArray(r)) return r.map(values);
  if (r !== null && typeof r === 'object') return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, values(v)]));
  return r;
}

const tensorsIn = (r: unknown): tf.Tensor[] =>
  r instanceof tf.Tensor ? [r] : Array.isArray(r) ? r.flatMap(tensorsIn)
    : r !== null && typeof r === 'object' ? Object.values(r).flatMap(tensorsIn) : [];
const isFloat = (t: tf.Tensor) => t.dtype === 'float32' || t.dtype === 'float64';

/** `fn(...xs)` and the gradient of Σ sum(y²) over its float results y with respect to the float
 * arguments: the traced program holds the forward ops and the gradient sweep's. */
const withGradient = (fn: (...xs: tf.Tensor[]) => unknown) => (...xs: tf.Tensor[]) => {
  const tape = new tf.GradientTape();
  const sources = xs.filter(isFloat);
  for (const x of sources) tape.watch(x);
  const y = tape.record(() => fn(...xs));
  const floats = tensorsIn(y).filter(isFloat);
  if (sources.length === 0 || floats.length === 0) return [y, null];
  const loss = tape.record(() => floats.map((t) => tf.reduceSum(tf.mul(t, t))).reduce((a, b) => tf.add(a, tf.cast(b, a.dtype))));
  return [y, tape.gradient(loss, sources)];
};

/** Calls `fn` eagerly and compiled (the traced call, then replays, twice over the argument
 * lists): the results must be equal bit for bit (toEqual compares NaN and -0 by Object.is), and
 * the compiled function must have traced once. `before` runs before every call (random seeds). */
function expectSameCompiled(fn: (...xs: tf.Tensor[]) => unknown, argLists: tf.Tensor[][], label: string, before = () => {}) {
  const compiled = tf.function(fn);
  for (let round = 0; round < 2; round++) {
    for (const [i, args] of argLists.entries()) {
      before();
      const eager = values(fn(...args));
      before();
      expect(values(compiled(...args)), `${label}, input set ${i + 1}, round ${round + 1}`).toEqual(eager);
    }
  }
  expect(compiled.experimentalGetTracingCount(), label).toBe(1);
}

// ---------------------------------------------------------------------------------------------
// Inputs.

const F = JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url), 'utf8')) as {
  unary: Record<string, { x: number[] }>;
  binary: Record<string, { a: number[]; b: number[] }>;
  compare: { a: number[]; b: number[] };
};
const c = (v: unknown, dtype: Dt) => tf.constant(v as number[], dtype);
const idx = (v: unknown) => tf.constant(v as number[], 'int32');

// 19 entries: not a multiple of the SIMD width, so kernels' tails run too; -0 and 0 both.
const VEC = [-6, -2.5, -1, -0.75, -0.25, -0, 0, 0.125, 0.5, 0.9, 1, 1.5, 2, 3, 4.25, 7, 10, -3.5, 0.3];
const INT_VEC: [number[], number[]] = [[-7, -3, -1, 0, 2, 5, 7, 9, -8, 1, 6], [4, -6, 1, 0, -2, 8, 3, 6, -1, 12, -5]];
// The second set of a float vector: moved (x·0.75 + 0.125), as in test/function.test.ts.
const moved = (v: number[]) => v.map((x) => x * 0.75 + 0.125);

/** One vector; the fixture's inputs of the primitive `like` when it has some. */
const vector = (like?: string) => (dtype: Dt): Inputs => {
  if (dtype === 'int32') return [[c(INT_VEC[0], dtype)], [c(INT_VEC[1], dtype)]];
  const x = (like && F.unary[like]?.x) || VEC;
  return [[c(x, dtype)], [c(moved(x), dtype)]];
};
/** NaN, infinities, signed zeros and a value float32 rounds to infinity. */
const specials = (dtype: Dt): Inputs => [
  [c([NaN, Infinity, -Infinity, 0, -0, -1.5, 2, 1e300], dtype)],
  [c([1, NaN, -2, Infinity, 1e-300, -Infinity, NaN, 0.5], dtype)],
];
/** Two vectors; the fixture's of the primitive `like` when it has some. */
const vectors = (like?: string) => (dtype: Dt): Inputs => {
  if (dtype === 'int32') {
    // Positive divisors and exponents: int32 division by 0 and negative powers are errors.
    const a = [7, -7, 3, 0, 5, -4, 2, 9, -1, 11, 6], b = [2, 3, 1, 4, 3, 5, 1, 2, 7, 3, 1];
    return [[c(a, dtype), c(b, dtype)], [c(b, dtype), c([1, 2, 3, 1, 2, 1, 4, 2, 1, 1, 3], dtype)]];
  }
  const f = (like && F.binary[like]) || { a: VEC, b: VEC.map((v, i) => (i % 3) - 1.25 + v * 0.5) };
  return [[c(f.a, dtype), c(f.b, dtype)], [c(moved(f.b), dtype), c(f.a, dtype)]];
};
const comparands = (dtype: Dt): Inputs => {
  if (dtype === 'int32') return [[c([1, 2, 3, -4, 0], dtype), c([3, 2, 1, -4, 1], dtype)], [c([0, 0, 5, 5, -1], dtype), c([0, 1, 5, 4, -2], dtype)]];
  const { a, b } = F.compare;
  return [[c([...a, NaN], dtype), c([...b, NaN], dtype)], [c([...b, 1], dtype), c([...a, NaN], dtype)]];
};
const bools = (n: 1 | 2) => (): Inputs => {
  const p = [true, false, true, false, true], q = [true, true, false, false, false];
  return n === 1 ? [[c(p, 'bool')], [c(q, 'bool')]] : [[c(p, 'bool'), c(q, 'bool')], [c(q, 'bool'), c([false, true, true, false, true], 'bool')]];
};
// Symmetric positive definite matrices (for cholesky, logdet, eigh, ...); the int32 ones have
// zeros and negative entries.
const M1 = [[4, 1, 0.5], [1, 3, 0.25], [0.5, 0.25, 2]];
const M2 = [[4.5, 1, 0.5], [1, 3.25, 0.25], [0.5, 0.25, 3]];
const I1 = [[4, 1, -2], [1, 3, 0], [5, -1, 2]];
const I2 = [[0, 2, 1], [-3, 3, 7], [1, 1, 1]];
const matrix = (dtype: Dt): Inputs => (dtype === 'int32' ? [[c(I1, dtype)], [c(I2, dtype)]] : [[c(M1, dtype)], [c(M2, dtype)]]);
/** Nonsymmetric matrices with negative entries and no ties in a row or column, for the ops that
 * need no symmetry (and should not get it: transposes would go unseen). */
const G1 = [[2, -1, 0.5], [0.25, 3, 1], [1, 0.5, -2]], G2 = [[1, 2, 0], [-1, 0.5, 3], [0.75, -2, 4]];
const general = (dtype: Dt): Inputs => (dtype === 'int32' ? [[c(I2, dtype)], [c(I1, dtype)]] : [[c(G1, dtype)], [c(G2, dtype)]]);
const bools2d = (): Inputs => [[c([[true, false, true], [true, true, true]], 'bool')], [c([[false, false, true], [false, false, false]], 'bool')]];
// Labels (rows of probabilities) and predictions (probabilities, or logits) for the losses.
const P1 = [[0.2, 0.3, 0.5], [0, 1, 0]], P2 = [[0.6, 0.4, 0], [0.1, 0.1, 0.8]];
const Q1 = [[0.1, 0.6, 0.3], [0.25, 0.5, 0.25]], Q2 = [[0.7, 0.2, 0.1], [0.05, 0.15, 0.8]];
const labelsAndPredictions = (dtype: Dt): Inputs => [[c(P1, dtype), c(Q1, dtype)], [c(P2, dtype), c(Q2, dtype)]];
const predictions = (dtype: Dt): Inputs => [[c(Q1, dtype)], [c(Q2, dtype)]];
/** `base`'s arguments and int32 indices after them (an argument too: replays take new indices). */
const withIndices = (base: (dtype: Dt) => Inputs, i1: unknown, i2: unknown) => (dtype: Dt): Inputs => {
  const [a, b] = base(dtype);
  return [[...a, idx(i1)], [...b, idx(i2)]];
};
const scalars = (dtype: Dt): Inputs => [[c(-1.5, dtype), c(2, dtype)], [c(0.25, dtype), c(-3, dtype)]];

// ---------------------------------------------------------------------------------------------
// The cases.

interface Case {
  /** The two argument lists of the compiled function, tensors of the dtype run. */
  inputs: (dtype: Dt) => Inputs;
  /** What is compiled: a call of the op (`op`, the catalog entry's function) on the arguments. */
  call: (op: Op, ...xs: tf.Tensor[]) => unknown;
  /** The dtypes run: by default the op table's for a primitive (or for the primitive named by
   * `like`), float64 and float32 for the others. */
  dtypes?: readonly Dt[];
  /** The primitive this op is an alias or a form of: its fixture inputs and dtypes. */
  like?: string;
  /** Random ops: tf.random.setSeed(1234) runs before every call, eager and compiled, so that
   * both draw the same numbers (a replay's random ops draw from the global generator, as eager
   * ops do: test/function.test.ts). */
  seeded?: boolean;
}

/** Cases by an op's name (for every catalog entry of that name) or by its qualified name (for
 * that entry alone; it takes precedence). */
const cases: Record<string, Case> = {};
const add = (names: string[], make: (name: string) => Case) => {
  for (const name of names) {
    if (name in cases) throw new Error(`two cases for ${name}`);
    cases[name] = make(name);
  }
};
// Aliases and the primitive whose fixtures and dtypes they share.
const ALIAS: Record<string, string> = {
  negative: 'neg', subtract: 'sub', multiply: 'mul', divide: 'div', truediv: 'div', floormod: 'mod', floordiv: 'floorDiv',
  swish: 'silu', isNan: 'isNaN', argMax: 'argmax', argMin: 'argmin', tensorScatterNdUpdate: 'tensorScatterUpdate', rint: 'round', divideNoNan: 'divNoNan',
};
const like = (name: string) => ALIAS[name] ?? name;

// Elementwise, one input.
add(['neg', 'negative', 'rint', 'exp', 'log', 'sqrt', 'abs', 'square', 'sign', 'reciprocal', 'rsqrt', 'floor', 'ceil', 'round', 'sin', 'cos',
  'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sigmoid', 'softplus', 'softsign', 'log1p',
  'expm1', 'erf', 'erfc', 'erfinv', 'ndtri', 'lgamma', 'digamma', 'relu6', 'selu', 'silu', 'swish', 'logSigmoid', 'exponential', 'hardSigmoid',
  'hardSilu', 'hardSwish', 'linear', 'mish', 'identity', 'stopGradient'],
(name) => ({ inputs: vector(like(name)), call: (op, x) => op(x), like: like(name), dtypes: ['identity', 'stopGradient'].includes(name) ? ['float64', 'float32', 'int32'] : undefined }));
add(['relu', 'elu', 'gelu'], (name) => ({ inputs: vector(name), call: (op, x) => op(x) }));
add(['nn.gelu', 'keras.activations.gelu'], () => ({ inputs: vector('gelu'), call: (op, x) => [op(x), op(x, true)] }));
add(['keras.activations.relu'], () => ({
  inputs: vector('relu'),
  call: (op, x) => (x.dtype === 'int32' ? [op(x), op(x, 0, 4, 1)] : [op(x), op(x, 0.1, 4, 0.5), op(x, 0, null, 1)]),
}));
add(['keras.activations.elu'], () => ({ inputs: vector('elu'), call: (op, x) => [op(x), op(x, 0.5)] }));
add(['leakyRelu'], () => ({ inputs: vector(), call: (op, x) => [op(x), op(x, 0.3)] }));
add(['isNaN', 'isNan', 'isInf', 'isFinite'], (name) => ({ inputs: specials, call: (op, x) => op(x), like: like(name) }));
add(['logicalNot'], () => ({ inputs: bools(1), call: (op, x) => op(x) }));

// Special functions (values: test/special-functions.test.ts), each on its domain; the second
// input set of the binary ones swaps a few values in, and each also runs against a scalar.
add(['besselI0', 'besselI0e', 'besselI1', 'besselI1e'], () => ({ inputs: vector(), call: (op, x) => op(x) }));
// tf.math.special's: the vector's negative entries give the NaN and infinities of Y, K, expint and spence.
add(['besselJ0', 'besselJ1', 'besselY0', 'besselY1', 'besselK0', 'besselK0e', 'besselK1', 'besselK1e', 'dawsn', 'expint', 'fresnelCos', 'fresnelSin', 'spence'],
  () => ({ inputs: vector(), call: (op, x) => op(x) }));
add(['erfcinv'], () => ({ inputs: (dtype) => [[c([0.05, 0.3, 1, 1.25, 1.9], dtype)], [c([0.2, 0.75, 1.1, 1.5, 1.99], dtype)]], call: (op, x) => op(x) }));
add(['math.betainc'], () => ({
  inputs: (dtype) => [[c([0.5, 2, 3, 10, 1], dtype), c([1.5, 3, 0.5, 4, 1], dtype), c([0.1, 0.5, 0.7, 0.9, 0.3], dtype)],
    [c([1, 2.5, 0.3, 6, 2], dtype), c([2, 1, 4, 3, 8], dtype), c([0.4, 0.2, 0.95, 0.6, 0.05], dtype)]],
  call: (op, a, b, x) => [op(a, b, x), op(a.slice([1], [1]).reshape([]), b, x)],
}));
const SPECIAL_INPUTS: Record<string, [number[], number[], number[]]> = {
  igamma: [[0.5, 1, 2.5, 4, 9], [0.3, 1.5, 2, 6, 8], [0.7, 2, 0.1, 3, 12]],
  igammac: [[0.5, 1, 2.5, 4, 9], [0.3, 1.5, 2, 6, 8], [0.7, 2, 0.1, 3, 12]],
  zeta: [[1.5, 2, 3, 4.5, 6], [0.5, 1, 2.25, 3, 0.1], [2, 1.25, 3.5, 5, 8]],
  polygamma: [[0, 1, 2, 3, 1], [0.5, 1, 2.25, 3, 7], [1, 2, 0, 4, 3]],
  nextafter: [[-2, 0, 1, 3.5, 1e-3], [1, -1, 1, 0, 2], [0.5, 0.25, -3, 8, 0]],
};
add(Object.keys(SPECIAL_INPUTS), (name) => {
  const [a, b, a2] = SPECIAL_INPUTS[name]!;
  return { inputs: (dtype) => [[c(a, dtype), c(b, dtype)], [c(a2, dtype), c(b, dtype)]], call: (op, x, y) => [op(x, y), op(x, y.slice([1], [1]).reshape([]))] };
});

// Elementwise, two inputs (with broadcasting against a scalar and a JS number too).
add(['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'squaredDifference', 'mod', 'floorDiv', 'atan2', 'xlogy', 'divNoNan', 'divideNoNan',
  'subtract', 'multiply', 'divide', 'truediv', 'floormod', 'floordiv'],
(name) => ({ inputs: vectors(like(name)), call: (op, a, b) => [op(a, b), op(a, b.slice([1], [1]).reshape([])), op(b, 2)], like: like(name) }));
add(['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'], () => ({ inputs: comparands, call: (op, a, b) => [op(a, b), op(a, 0)] }));
add(['logicalAnd', 'logicalOr', 'logicalXor'], () => ({ inputs: bools(2), call: (op, a, b) => op(a, b) }));

// Reductions, scans and normalizations of a matrix, over one axis, all axes and with keepdims.
add(['reduceSum', 'reduceMax', 'reduceMin', 'reduceProd', 'reduceMean', 'reduceLogSumExp', 'logSumExp', 'reduceLogsumexp',
  'reduceVariance', 'reduceStd', 'reduceEuclideanNorm'],
(name) => ({ inputs: matrix, call: (op, t) => [op(t, 1), op(t, [0, 1], true), op(t), op(t, -2, true)], dtypes: name === 'reduceMean' ? ['float64', 'float32', 'int32'] : undefined }));
add(['countNonzero'], () => ({ inputs: matrix, call: (op, t) => [op(tf.relu(t.sub(2)), 1), op(t), op(tf.relu(t.sub(2)), [0], true)], dtypes: ['float64', 'float32', 'int32'] }));
add(['reduceAll', 'reduceAny'], () => ({ inputs: bools2d, call: (op, t) => [op(t, 1), op(t), op(t, 0, true)] }));
add(['argmax', 'argMax', 'argmin', 'argMin'], (name) => ({ inputs: general, call: (op, t) => [op(t, 1), op(t, 0), op(t)], like: like(name) }));
add(['cumsum', 'cumprod'], () => ({ inputs: general, call: (op, t) => [op(t, 1), op(t, 0, true), op(t, 1, false, true), op(t, -1, true, true)] }));
add(['softmax', 'logSoftmax'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, 0)] }));
add(['keras.activations.softmax', 'keras.activations.logSoftmax'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, 0), op(t, null)] }));
// Keras 3's newer activations; the vector holds their kinks (-1, 0, 0.5, 1).
add(['celu', 'hardShrink', 'softShrink', 'squareplus'], () => ({ inputs: vector(), call: (op, x) => [op(x), op(x, 0.75)] }));
add(['hardTanh', 'sparsePlus', 'tanhShrink'], () => ({ inputs: vector(), call: (op, x) => op(x) }));
add(['threshold'], () => ({ inputs: vector(), call: (op, x) => [op(x, 0.5, -2), op(x, 1, 0)] }));
add(['glu'], () => ({ inputs: general, call: (op, t) => [op(tf.concat([t, t.neg()], 1)), op(tf.concat([t, t.square()], 0), 0)] }));
// Supports of one entry (t) and of all three (t·0.2).
add(['sparsemax'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, 0), op(t.mul(0.2)), op(t.mul(0.2), 0)] }));
add(['crelu'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, 0)] }));
add(['l2Normalize'], () => ({ inputs: general, call: (op, t) => [op(t, 1), op(t), op(t, 0, 100)] }));
add(['l2Loss'], () => ({ inputs: general, call: (op, t) => op(t) }));
add(['reciprocalNoNan'], () => ({ inputs: general, call: (op, t) => [op(t), op(tf.relu(t))] }));
add(['batchNormalization'], () => ({
  inputs: general,
  call: (op, t) => {
    const [mean, variance] = tf.nn.moments(t, [0], null, true);
    return [op(t, mean, variance, null, null, 1e-3), op(t, mean, variance, t.slice([0, 0], [1, 3]), t.slice([1, 0], [1, 3]).square(), 0.5)];
  },
}));
add(['weightedCrossEntropyWithLogits'], () => ({ inputs: general, call: (op, t) => [op({ labels: t.sigmoid(), logits: t.mul(3), posWeight: 2 }), op({ labels: c([[1, 0, 1], [0, 0, 1], [1, 1, 0]], t.dtype as Dt), logits: t, posWeight: t.abs() })] }));
add(['logPoissonLoss'], () => ({ inputs: general, call: (op, t) => [op(t.abs().mul(3), t), op(c([[0, 0.5, 2], [1, 3, 7], [4, 0, 1]], t.dtype as Dt), t, true)] }));
add(['embeddingLookup'], () => ({ inputs: general, call: (op, t) => [op(t, idx([2, 0, 2])), op(t, idx([[1], [0]]))] }));
// Convolution and pooling: a [batch, ...spatial, channels] input (values from a sine, distinct)
// and filters; strided, padded 'SAME', 'VALID' and explicitly, dilated, channels first.
const grid = (shape: number[], phase: number, dtype: Dt) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, (_, i) => (dtype === 'int32' ? Math.round(5 * Math.sin(i * 1.3 + phase)) : Math.sin(i * 1.3 + phase) * 2));
  return tf.reshape(c(v, dtype), shape);
};
const convInputs = (x: number[], w: number[]) => (dtype: Dt): Inputs => [[grid(x, 0, dtype), grid(w, 0.5, dtype)], [grid(x, 1, dtype), grid(w, 2, dtype)]];
const poolInputs = (x: number[]) => (dtype: Dt): Inputs => [[grid(x, 0, dtype)], [grid(x, 1, dtype)]];
add(['conv1d'], () => ({ inputs: convInputs([2, 7, 2], [3, 2, 3]), call: (op, x, w) => [op(x, w, 1, 'SAME'), op(x, w, 2, 'VALID', 'NWC', 1), op(x, w, 1, 'VALID', 'NWC', 2)], dtypes: ['float64', 'float32', 'int32'] }));
add(['conv2d'], () => ({
  inputs: convInputs([2, 5, 4, 2], [3, 2, 2, 3]),
  call: (op, x, w) => [op(x, w, 1, 'SAME'), op(x, w, [2, 1], 'VALID'), op(x, w, 1, [[0, 0], [1, 0], [0, 2], [0, 0]], 'NHWC', 2), op(tf.transpose(x, [0, 3, 1, 2]), w, 2, 'SAME', 'NCHW')],
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['depthwiseConv2d'], () => ({ inputs: convInputs([2, 5, 4, 2], [3, 2, 2, 2]), call: (op, x, w) => [op(x, w, 1, 'SAME'), op(x, w, [1, 2, 2, 1], 'VALID', 'NHWC', [1, 1])] }));
add(['conv1dTranspose'], () => ({ inputs: convInputs([2, 4, 3], [3, 2, 3]), call: (op, x, w) => [op(x, w, [2, 8, 2], 2), op(x, w, [2, 9, 2], 2, 'VALID')] }));
add(['conv2dTranspose'], () => ({ inputs: convInputs([2, 3, 2, 3], [3, 2, 2, 3]), call: (op, x, w) => [op(x, w, [2, 6, 4, 2], 2), op(x, w, [2, 5, 3, 2], 1, 'VALID')], dtypes: ['float64', 'float32', 'int32'] }));
add(['conv3dTranspose'], () => ({ inputs: convInputs([1, 2, 2, 2, 2], [2, 2, 2, 3, 2]), call: (op, x, w) => [op(x, w, [1, 4, 4, 4, 3], 2), op(x, w, [1, 3, 3, 3, 3], 1, 'VALID')] }));
add(['separableConv2d'], () => ({ inputs: convInputs([2, 5, 4, 2], [3, 2, 2, 2]), call: (op, x, w) => [op(x, w, tf.reshape(w.slice([0, 0, 0, 0], [1, 2, 2, 2]), [1, 1, 4, 2]), 1, 'SAME'), op(x, w, tf.ones([1, 1, 4, 3], w.dtype), [2, 1], 'VALID')] }));
add(['extractPatches'], () => ({ inputs: poolInputs([2, 5, 4, 3]), call: (op, x) => [op(x, [1, 2, 2, 1], [1, 2, 1, 1], [1, 1, 1, 1], 'SAME'), op(x, [1, 3, 2, 1], [1, 1, 1, 1], [1, 1, 2, 1], 'VALID')], dtypes: ['float64', 'float32', 'int32'] }));
// tf.image: resizes by every method (and antialiased), crops, pads, flips, colour, measures.
const image3 = (x: tf.Tensor) => tf.reshape(x.slice([0, 0, 0, 0], [1, -1, -1, -1]), x.shape.slice(1));
add(['resize'], () => ({
  inputs: poolInputs([2, 5, 4, 3]),
  call: (op, x) => [op(x, [7, 3]), op(x, [3, 6], 'nearest'), op(x, [4, 5], 'bicubic'), op(x, [2, 3], 'area'), op(x, [3, 2], 'bilinear', false, true), op(image3(x), [8, 8], 'bicubic', true, true),
    op(x, [7, 6], 'lanczos3'), op(x, [2, 2], 'lanczos5', false, true), op(x, [3, 2], 'gaussian'), op(image3(x), [9, 3], 'mitchellcubic', false, true)],
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['cropAndResize'], () => ({
  inputs: (dtype) => {
    const boxDtype = dtype === 'int32' ? 'float32' : dtype;
    return [[grid([2, 5, 4, 3], 0, dtype), c([[0.1, 0.2, 0.8, 0.7], [0.9, 0.05, 0.2, 0.95], [-0.2, 0.3, 0.5, 1.2]], boxDtype)],
      [grid([2, 5, 4, 3], 1, dtype), c([[0.3, 0.1, 0.6, 0.9], [1, 0, 0, 1], [0.25, -0.5, 0.75, 0.5]], boxDtype)]];
  },
  call: (op, x, bx) => [op(x, bx, idx([1, 0, 1]), [3, 2]), op(x, bx, idx([0, 0, 1]), [1, 4], 'nearest', -1)],
  dtypes: ['float64', 'float32', 'int32'],
}));
// Non-max suppression: the selection reads values, so a compiled call runs as written.
const nmsBoxes = [[0, 0, 1, 1], [0, 0.1, 1, 1.1], [1, 1, 0, 0.2], [0, 3, 1, 4], [0.2, 3.1, 1.1, 4.2], [5, 5, 6, 6]];
add(['nonMaxSuppression', 'nonMaxSuppressionWithScores', 'nonMaxSuppressionPadded'], (name) => ({
  inputs: (dtype) => [[c(nmsBoxes, dtype), c([0.9, 0.8, 0.75, 0.6, 0.7, 0.1], dtype)], [c(nmsBoxes, dtype), c([0.2, 0.8, 0.9, 0.6, 0.5, 0.4], dtype)]],
  call: (op, b, sc) =>
    name === 'nonMaxSuppression' ? [op(b, sc, 4), op(b, sc, 6, 0.3, 0.5)]
    : name === 'nonMaxSuppressionWithScores' ? [...op(b, sc, 4), ...op(b, sc, 6, 0.5, 0.2, 0.5)]
    : [...op(b, sc, 4), ...op(b, sc, 5, 0.3, 0.1, true)],
}));
add(['nonMaxSuppressionOverlaps'], () => ({
  inputs: (dtype) => [[c([[1, 0.7, 0.2], [0.7, 1, 0.1], [0.2, 0.1, 1]], dtype), c([0.9, 0.8, 0.7], dtype)], [c([[1, 0.2, 0.6], [0.2, 1, 0.4], [0.6, 0.4, 1]], dtype), c([0.5, 0.8, 0.7], dtype)]],
  call: (op, o, sc) => [op(o, sc, 3), op(o, sc, 2, 0.3)],
}));
add(['combinedNonMaxSuppression'], () => ({
  inputs: (dtype) => [
    [c(nmsBoxes, dtype).reshape([1, 6, 1, 4]), c([[[0.9, 0.1], [0.8, 0.7], [0.2, 0.6], [0.5, 0.5], [0.3, 0.9], [0.05, 0.4]]], dtype)],
    [c(nmsBoxes, dtype).reshape([1, 6, 1, 4]), c([[[0.1, 0.9], [0.7, 0.8], [0.6, 0.2], [0.5, 0.4], [0.9, 0.3], [0.4, 0.05]]], dtype)],
  ],
  call: (op, b, sc) => [...Object.values(op(b, sc, 2, 5)), ...Object.values(op(b, sc, 3, 4, 0.3, 0.2, true, false))],
}));
// Boxes and glimpse windows are placed in JavaScript (a host step in a compiled call), the pixels moved by ops.
add(['drawBoundingBoxes'], () => ({
  inputs: (dtype) => [[grid([2, 5, 4, 3], 0, dtype), c([[[0.1, 0.2, 0.8, 0.7], [-0.2, 0.3, 0.5, 1.2]], [[0.3, 0.1, 0.6, 0.9], [0.9, 0.05, 0.2, 0.95]]], dtype)],
    [grid([2, 5, 4, 3], 1, dtype), c([[[0, 0, 1, 1], [0.5, 0.5, 0.75, 0.75]], [[0.2, 0.2, 0.4, 0.4], [-1, -1, 0.3, 2]]], dtype)]],
  call: (op, x, bx) => [op(x, bx), op(x, bx, [[0.5, 0.25, 1], [0, 1, 0.75]])],
}));
add(['extractGlimpse'], () => ({
  inputs: (dtype) => [[grid([2, 5, 4, 3], 0, dtype), c([[0.2, -0.4], [0.9, 0.8]], dtype)], [grid([2, 5, 4, 3], 1, dtype), c([[-1, 1], [0, 0]], dtype)]],
  call: (op, x, o) => [op(x, [2, 3], o, { noise: 'zero' }), op(x, [3, 2], o, { centered: false, normalized: false, noise: 'zero' })],
}));
add(['resizeWithPad'], () => ({ inputs: poolInputs([2, 5, 4, 3]), call: (op, x) => [op(x, 7, 3), op(image3(x), 4, 9, 'nearest')], dtypes: ['float64', 'float32', 'int32'] }));
add(['resizeWithCropOrPad', 'cropToBoundingBox', 'padToBoundingBox', 'centralCrop'], (name) => ({
  inputs: poolInputs([2, 5, 4, 3]),
  call: (op, x) => ({
    resizeWithCropOrPad: () => [op(x, 3, 6), op(image3(x), 7, 2)],
    cropToBoundingBox: () => [op(x, 1, 1, 3, 2), op(image3(x), 0, 2, 5, 2)],
    padToBoundingBox: () => [op(x, 1, 2, 7, 7), op(image3(x), 0, 0, 5, 5)],
    centralCrop: () => [op(x, 0.5), op(image3(x), 0.8)],
  })[name]!(),
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['flipLeftRight', 'flipUpDown', 'image.transpose'], () => ({ inputs: poolInputs([2, 5, 4, 3]), call: (op, x) => [op(x), op(image3(x))], dtypes: ['float64', 'float32', 'int32'] }));
add(['rot90'], () => ({ inputs: poolInputs([2, 5, 4, 3]), call: (op, x) => [op(x), op(x, 2), op(image3(x), -1)], dtypes: ['float64', 'float32', 'int32'] }));
add(['convertImageDtype'], () => ({
  inputs: poolInputs([2, 3, 4, 2]),
  call: (op, x) => (x.dtype === 'int32' ? [op(x, 'float32'), op(x, 'float64')] : [op(tf.sigmoid(x), 'int32'), op(x, 'int32', true), op(x, x.dtype === 'float32' ? 'float64' : 'float32')]),
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['rgbToGrayscale'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => [op(x), op(image3(x))], dtypes: ['float64', 'float32', 'int32'] }));
add(['grayscaleToRgb'], () => ({ inputs: poolInputs([2, 3, 4, 1]), call: (op, x) => [op(x), op(image3(x))], dtypes: ['float64', 'float32', 'int32'] }));
add(['rgbToYiq', 'yiqToRgb', 'rgbToYuv', 'yuvToRgb'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => [op(x), op(image3(x))] }));
add(['rgbToHsv', 'hsvToRgb'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => [op(tf.sigmoid(x)), op(image3(tf.sigmoid(x)))] }));
add(['adjustSaturation', 'adjustHue'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => [op(tf.sigmoid(x), 0.5), op(image3(tf.sigmoid(x)), -0.25)] }));
// Random augmentation: the stateless ops with a literal seed and with a seed computed from the
// input (seedOf, below); the stateful ones after the same global seed, seedless and with an op seed.
add(['statelessRandomFlipLeftRight', 'statelessRandomFlipUpDown'], () => ({ inputs: poolInputs([3, 3, 4, 3]), call: (op, x) => [op(x, [1, 2]), op(image3(x), seedOf(x))], dtypes: ['float64', 'float32', 'int32'] }));
add(['statelessRandomBrightness', 'statelessRandomHue'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => [op(tf.sigmoid(x), 0.2, [1, 2]), op(image3(tf.sigmoid(x)), 0.4, seedOf(x))] }));
add(['statelessRandomContrast', 'statelessRandomSaturation'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => [op(tf.sigmoid(x), 0.5, 1.5, [1, 2]), op(image3(tf.sigmoid(x)), 0.2, 0.8, seedOf(x))] }));
add(['statelessRandomCrop'], () => ({ inputs: poolInputs([2, 5, 4, 3]), call: (op, x) => [op(x, [1, 3, 2, 3], [1, 2]), op(image3(x), [2, 2, 3], seedOf(x))], dtypes: ['float64', 'float32', 'int32'] }));
add(['randomFlipLeftRight', 'randomFlipUpDown'], () => ({ inputs: poolInputs([3, 3, 4, 3]), seeded: true, call: (op, x) => [op(x), op(image3(x), 5)], dtypes: ['float64', 'float32', 'int32'] }));
add(['randomBrightness', 'randomHue'], () => ({ inputs: poolInputs([2, 3, 4, 3]), seeded: true, call: (op, x) => [op(tf.sigmoid(x), 0.3), op(image3(tf.sigmoid(x)), 0.4, 5)] }));
add(['randomContrast', 'randomSaturation'], () => ({ inputs: poolInputs([2, 3, 4, 3]), seeded: true, call: (op, x) => [op(tf.sigmoid(x), 0.5, 1.5), op(image3(tf.sigmoid(x)), 0.2, 0.8, 5)] }));
add(['randomCrop'], () => ({ inputs: poolInputs([2, 5, 4, 3]), seeded: true, call: (op, x) => [op(x, [1, 3, 2, 3]), op(image3(x), [2, 2, 3], 5)], dtypes: ['float64', 'float32', 'int32'] }));
add(['adjustGamma'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => [op(tf.sigmoid(x), 2.2, 0.5), op(tf.abs(x))] }));
add(['ssim'], () => ({ inputs: (dtype) => [[grid([2, 6, 7, 3], 0, dtype), grid([2, 6, 7, 3], 0.5, dtype)], [grid([2, 6, 7, 3], 1, dtype), grid([2, 6, 7, 3], 2, dtype)]], call: (op, a, b) => [op(a, b, 4, 5), op(image3(a), image3(b), 1, 3, 0.8), op(a, image3(b), 2, 3, 1, 0.01, 0.03, true)], dtypes: ['float64', 'float32', 'int32'] }));
add(['ssimMultiscale'], () => ({ inputs: (dtype) => [[grid([2, 7, 9, 2], 0, dtype), grid([2, 7, 9, 2], 0.5, dtype)], [grid([2, 7, 9, 2], 1, dtype), grid([2, 7, 9, 2], 2, dtype)]], call: (op, a, b) => [op(a, b, 4, [0.3, 0.7], 3), op(image3(a), image3(b), 2, [0.2, 0.3, 0.5], 2, 0.8)], dtypes: ['float64', 'float32', 'int32'] }));
add(['adjustBrightness', 'adjustContrast'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => [op(x, 0.25), op(image3(x), 1.5)], dtypes: ['float64', 'float32', 'int32'] }));
add(['perImageStandardization', 'totalVariation'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => [op(x), op(image3(x))], dtypes: ['float64', 'float32', 'int32'] }));
add(['imageGradients'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => op(x), dtypes: ['float64', 'float32', 'int32'] }));
add(['sobelEdges'], () => ({ inputs: poolInputs([2, 3, 4, 3]), call: (op, x) => op(x) }));
add(['psnr'], () => ({ inputs: (dtype) => [[grid([2, 3, 4, 3], 0, dtype), grid([2, 3, 4, 3], 0.5, dtype)], [grid([2, 3, 4, 3], 1, dtype), grid([2, 3, 4, 3], 2, dtype)]], call: (op, a, b) => [op(a, b, 4), op(image3(a), image3(b), 1)], dtypes: ['float64', 'float32', 'int32'] }));
add(['conv3d'], () => ({ inputs: convInputs([1, 3, 4, 3, 2], [2, 2, 2, 2, 2]), call: (op, x, w) => [op(x, w, 1, 'SAME'), op(x, w, [1, 2, 1], 'VALID')] }));
add(['convolution'], () => ({ inputs: convInputs([2, 5, 4, 2], [3, 2, 1, 4]), call: (op, x, w) => [op(x, w), op(x, w, 2, 'SAME', null, 1)] })); // two groups
add(['maxPool', 'maxPool2d'], () => ({ inputs: poolInputs([2, 5, 4, 3]), call: (op, x) => [op(x, 2, 2, 'SAME'), op(x, [3, 2], 1, 'VALID')], dtypes: ['float64', 'float32', 'int32'] }));
add(['avgPool', 'avgPool2d'], () => ({ inputs: poolInputs([2, 5, 4, 3]), call: (op, x) => [op(x, 2, 2, 'SAME'), op(x, [3, 2], 1, 'VALID')] }));
add(['maxPool1d', 'avgPool1d'], () => ({ inputs: poolInputs([2, 7, 2]), call: (op, x) => [op(x, 3, 2, 'SAME'), op(x, 2, 1, 'VALID')] }));
add(['maxPool3d', 'avgPool3d'], () => ({ inputs: poolInputs([1, 3, 4, 3, 2]), call: (op, x) => [op(x, 2, 2, 'SAME'), op(x, [1, 2, 2], 1, 'VALID')] }));
// Block rearrangements (any dtype) and the tf.nn statistics and loss helpers.
add(['spaceToDepth'], () => ({ inputs: poolInputs([2, 4, 6, 3]), call: (op, x) => [op(x, 2), op(tf.transpose(x, [0, 3, 1, 2]), 2, 'NCHW')], dtypes: ['float64', 'float32', 'int32'] }));
add(['depthToSpace'], () => ({ inputs: poolInputs([2, 2, 3, 8]), call: (op, x) => [op(x, 2), op(tf.transpose(x, [0, 3, 1, 2]), 2, 'NCHW')], dtypes: ['float64', 'float32', 'int32'] }));
add(['spaceToBatch', 'spaceToBatchNd', 'spaceToBatchND'], () => ({ inputs: poolInputs([2, 5, 4, 3]), call: (op, x) => [op(x, [2, 2], [[1, 0], [0, 2]]), op(x, [5], [[0, 0]])], dtypes: ['float64', 'float32', 'int32'] }));
add(['batchToSpace', 'batchToSpaceND'], () => ({ inputs: poolInputs([12, 2, 3, 2]), call: (op, x) => [op(x, [2, 3], [[1, 0], [0, 2]]), op(x, [4], [[0, 1]])], dtypes: ['float64', 'float32', 'int32'] }));
add(['zeroFraction'], () => ({ inputs: general, call: (op, t) => [op(t), op(tf.relu(t))], dtypes: ['float64', 'float32', 'int32'] }));
add(['sufficientStatistics'], () => ({ inputs: general, call: (op, t) => [op(t, [0]), op(t, [0, 1], 0.5, true), op(t, [1], t.slice([0, 0], [3, 1]))] }));
add(['normalizeMoments'], () => ({ inputs: general, call: (op, t) => [op(3, t.sum(0), t.square().sum(0), null), op(t.abs().add(1), t, t.square().mul(2), t.mul(0.5))] }));
add(['weightedMoments'], () => ({ inputs: general, call: (op, t) => [op(t, [0], t.abs().add(0.5)), op(t, [0, 1], [[1], [2], [0.5]], true)] }));
add(['computeAverageLoss'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, t.abs(), 7), op(t, [1, 0.5, 2])] }));
add(['scaleRegularizationLoss'], () => ({ inputs: general, call: (op, t) => [op(t), op([t, t.square()])] }));
add(['localResponseNormalization', 'lrn'], () => ({ inputs: poolInputs([2, 2, 3, 7]), call: (op, x) => [op(x), op(x, 2, 0.5, 0.25, 0.75)] }));
add(['atrousConv2d'], () => ({ inputs: convInputs([2, 6, 5, 2], [2, 2, 2, 3]), call: (op, x, w) => [op(x, w, 2, 'SAME'), op(x, w, 2, 'VALID')], dtypes: ['float64', 'float32', 'int32'] }));
add(['atrousConv2dTranspose'], () => ({ inputs: convInputs([2, 4, 3, 3], [2, 2, 2, 3]), call: (op, x, w) => [op(x, w, [2, 4, 3, 2], 2, 'SAME'), op(x, w, [2, 6, 5, 2], 2, 'VALID')] }));
add(['convTranspose'], () => ({ inputs: convInputs([2, 3, 2, 3], [3, 2, 2, 3]), call: (op, x, w) => [op(x, w, [2, 6, 4, 2], 2), op(tf.reshape(x, [2, 6, 3]), tf.reshape(w, [6, 2, 3]), [2, 11, 2], 1, 'VALID')] }));
add(['pool'], () => ({ inputs: poolInputs([2, 5, 6, 2]), call: (op, x) => [op(x, [2, 2], 'MAX', [2, 1], 'SAME'), op(x, [2, 3], 'AVG', null, 'SAME', null, [2, 2]), op(x, [2, 2], 'MAX', null, 'VALID', null, [1, 2])] }));
add(['maxPoolWithArgmax'], () => ({ inputs: poolInputs([2, 5, 4, 3]), call: (op, x) => [op(x, 2, 2, 'SAME'), op(x, [3, 2], 1, 'VALID', 'NHWC', 'int32', true)], dtypes: ['float64', 'float32', 'int32'] }));
add(['dilation2d', 'erosion2d'], () => ({ inputs: poolInputs([2, 5, 4, 2]), call: (op, x) => [op(x, tf.reshape(x.slice([0, 0, 0, 0], [1, 2, 2, 2]), [2, 2, 2]), 1, 'SAME'), op(x, tf.reshape(x.slice([1, 1, 1, 0], [1, 2, 1, 2]), [2, 1, 2]), [2, 1], 'VALID', 'NHWC', [1, 2])], dtypes: ['float64', 'float32', 'int32'] }));
add(['moments'], () => ({ inputs: general, call: (op, t) => [op(t, [0]), op(t, [0, 1], null, true)] }));
add(['topK'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, 2), op(t, 3, false)], dtypes: ['float64', 'float32', 'int32'] }));
add(['approxMaxK', 'approxMinK'], () => ({ inputs: general, call: (op, t) => [...op(t, 2), ...op(t, 1, 0), ...op(t, 3, -2, 0.5, 10)] }));
add(['sort', 'argsort'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, 0, 'DESCENDING')], dtypes: ['float64', 'float32', 'int32'] }));
add(['norm'], () => ({
  inputs: general,
  call: (op, t) => [op(t), op(t, 1, 1), op(t, 3, 1, true), op(t, Infinity, 0), op(t, 'fro', [0, 1]), op(t, 1, [0, 1]), op(t, Infinity, [0, 1]), op(t, 2, [0, 1])],
}));
add(['clipByValue'], () => ({ inputs: general, call: (op, t) => [op(t, 0, 3), op(t, -1, 1), op(t, tf.reduceMin(t, 0), tf.reduceMax(t, 1, true))], dtypes: ['float64', 'float32', 'int32'] }));
add(['clipByNorm'], () => ({ inputs: general, call: (op, t) => [op(t, 1), op(t, 2, [1]), op(t, 100), op(t, tf.reduceMax(t))] }));
add(['clipByGlobalNorm'], () => ({ inputs: general, call: (op, t) => [op([t, t.mul(2), null], 3), op([t], 100), op([t], 1, tf.reduceMax(t))] }));
add(['addN'], () => ({ inputs: general, call: (op, t) => op([t, t, t.mul(2)]), dtypes: ['float64', 'float32', 'int32'] }));
add(['polyval'], () => ({ inputs: general, call: (op, t) => [op([1, -2, 3], t), op([t, 1], t), op([], t)] }));
add(['biasAdd'], () => ({ inputs: general, call: (op, t) => [op(t, t.slice([0, 0], [1, 3]).reshape([3])), op(t, t.slice([1, 0], [1, 3]).reshape([3]), 'NCHW')] }));

// Shape, indexing and dtype ops, on a matrix (int32 too: they take any dtype).
add(['reshape'], () => ({ inputs: matrix, call: (op, t) => [op(t, [9]), op(t, [1, -1]), op(t, [3, 1, 3])] }));
add(['transpose'], () => ({ inputs: matrix, call: (op, t) => [op(t), op(t, [1, 0]), op(t.reshape([3, 3, 1]), [2, 0, 1])] }));
add(['broadcastTo'], () => ({ inputs: matrix, call: (op, t) => [op(t, [2, 3, 3]), op(t.slice([0, 0], [1, 3]), [4, 3])] }));
add(['concat'], () => ({ inputs: matrix, call: (op, t) => [op([t, t], 0), op([t, t.add(t)], 1), op([t.slice([0, 0], [1, 3]), t], -2)] }));
add(['stack'], () => ({ inputs: matrix, call: (op, t) => [op([t, t.add(t)]), op([t, t], 2)], dtypes: ['float64', 'float32', 'int32'] }));
add(['unstack'], () => ({ inputs: matrix, call: (op, t) => [op(t), op(t, 1)], dtypes: ['float64', 'float32', 'int32'] }));
add(['split'], () => ({ inputs: matrix, call: (op, t) => [op(t, 3, 1), op(t, [1, -1], 0)], dtypes: ['float64', 'float32', 'int32'] }));
add(['expandDims'], () => ({ inputs: matrix, call: (op, t) => [op(t), op(t, 1), op(t, -1)], dtypes: ['float64', 'float32', 'int32'] }));
add(['squeeze'], () => ({ inputs: matrix, call: (op, t) => [op(t.reshape([3, 1, 3])), op(t.reshape([1, 3, 1, 3]), 0), op(t.reshape([1, 9, 1]), [0, 2])], dtypes: ['float64', 'float32', 'int32'] }));
add(['cast'], () => ({ inputs: matrix, call: (op, t) => (['float64', 'float32', 'int32', 'bool'] as const).map((d) => [op(t, d), op(t.neg(), d)]) }));
add(['bitcast'], () => ({
  inputs: matrix,
  // (float64 to int32 adds a last dimension; int32 and float32 share a size.)
  call: (op, t) => [op(t, 'int32'), op(t, 'float32'), ...(t.dtype === 'float64' ? [op(op(t, 'int32'), 'float64')] : [])],
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['slice'], () => ({ inputs: matrix, call: (op, t) => [op(t, [1, 0], [2, 2]), op(t, [0, 1], [-1, 1]), op(t, 1)], dtypes: ['float64', 'float32', 'int32'] }));
add(['getitem'], () => ({
  inputs: matrix,
  call: (op, t) => [op(t, [1, '::-1']), op(t, ['...', null, '1:']), op(t, [{ start: 0, stop: 2 }, -1]), op(t, null)],
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['stridedSlice'], () => ({
  inputs: matrix,
  call: (op, t) => [op(t, [0, 2], [3, 0], [2, -1]), op(t, [1], [2], [1], { shrinkAxisMask: 1 }), op(t, [0, 1], [0, 3], [1, 1], { beginMask: 1, endMask: 1, newAxisMask: 0 })],
}));
// Indexing ops: their indices are arguments too (the second set repeats an index).
add(['gather'], () => ({
  inputs: withIndices(matrix, [2, 0], [1, 1]),
  call: (op, t, i) => [op(t, i), op(t, i, 1), op(t, i.reshape([2, 1])), op(t, idx([[0, 2], [1, 1]]))],
}));
add(['gatherNd'], () => ({ inputs: withIndices(matrix, [[0, 1], [2, 2]], [[1, 0], [1, 0]]), call: (op, t, i) => [op(t, i), op(t, i.slice([0, 0], [2, 1]))] }));
add(['scatterNd'], () => ({
  // Duplicate indices add up.
  inputs: withIndices(matrix, [[1], [3]], [[2], [2]]),
  call: (op, t, i) => [op(i, t.slice([0, 0], [2, 3]), [5, 3]), op(idx([[1, 1], [1, 1]]), t.slice([0, 0], [1, 2]).reshape([2]), [2, 2])],
}));
add(['tensorScatterUpdate', 'tensorScatterNdUpdate'], (name) => ({
  // For a repeated index the last update shows.
  inputs: withIndices(matrix, [[1], [0]], [[2], [2]]), like: like(name),
  call: (op, t, i) => [op(t, i, t.slice([0, 0], [2, 3]).neg()), op(t, idx([[0, 0], [2, 1]]), t.slice([1, 0], [1, 2]).reshape([2]))],
}));
add(['tensorScatterAdd', 'tensorScatterNdAdd', 'tensorScatterSub', 'tensorScatterNdSub'], () => ({
  // Repeated indices add up.
  inputs: withIndices(matrix, [[1], [0]], [[2], [2]]),
  call: (op, t, i) => [op(t, i, t.slice([0, 0], [2, 3]).neg()), op(t, idx([[0, 0], [2, 1]]), t.slice([1, 0], [1, 2]).reshape([2]))],
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['tensorScatterNdMax', 'tensorScatterNdMin'], () => ({
  // Repeated indices all count; the index values are read on the host, so they are constants here.
  inputs: matrix,
  call: (op, t) => [op(t, idx([[1], [0], [1]]), t.neg()), op(t, idx([[0, 0], [2, 1]]), t.slice([1, 0], [1, 2]).reshape([2]))],
  dtypes: ['float64', 'float32', 'int32'],
}));
// Ops read by index values: constant ones keep the function compiled (values from the arguments
// make it run as written at every call, test/indexing.test.ts; these cases then compare that).
add(['booleanMask'], () => ({
  inputs: matrix,
  call: (op, t) => [op(t, c([true, false, true], 'bool')), op(t, c([[true, false, true], [false, false, true], [true, true, false]], 'bool')), op(t, c([false, true, true], 'bool'), 1)],
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['unsortedSegmentSum', 'segmentSum'], (name) => ({
  inputs: matrix,
  call: (op, t) => (name === 'segmentSum' ? [op(t, idx([0, 0, 2])), op(t.reshape([9]), idx([0, 1, 1, 1, 3, 3, 4, 4, 4]))] : [op(t, idx([2, -1, 2]), 4), op(t, idx([[0, 1, 0], [1, 1, 1], [2, 0, -1]]), 3)]),
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['unsortedSegmentMax', 'unsortedSegmentMin', 'segmentMax', 'segmentMin'], (name) => ({
  inputs: general,
  call: (op, t) => (name.startsWith('segment') ? [op(t, idx([0, 0, 2])), op(t.reshape([9]), idx([0, 1, 1, 1, 3, 3, 4, 4, 4]))] : [op(t, idx([2, -1, 2]), 4), op(t.transpose(), idx([[0, 1, 0], [1, 1, 1], [2, 0, -1]]), 3)]),
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['unsortedSegmentMean', 'unsortedSegmentSqrtN', 'segmentMean'], (name) => ({
  inputs: matrix,
  call: (op, t) => (name === 'segmentMean' ? [op(t, idx([0, 0, 2]))] : [op(t, idx([2, -1, 2]), 4), op(t.reshape([9]), idx([0, 1, 1, 1, 3, 3, 2, 2, 2]), 5)]),
}));
add(['unique', 'uniqueWithCounts'], () => ({ inputs: matrix, call: (op, t) => [op(t.reshape([9])), op(tf.abs(t).reshape([9]))], dtypes: ['float64', 'float32', 'int32'] }));
add(['searchsorted'], () => ({ inputs: matrix, call: (op, t) => [op(c([-1, 0, 1, 3], t.dtype), t.reshape([9])), op(c([[0, 1, 2], [1, 2, 3], [2, 2, 2]], t.dtype), t, 'right')], dtypes: ['float64', 'float32', 'int32'] }));
add(['bincount'], () => ({ inputs: matrix, call: (op, t) => { const i = tf.cast(tf.abs(t), 'int32').reshape([9]); return [op(i), op(i, t.reshape([9]), 8), op(i, null, null, 2, 'float32')]; } }));
add(['sequenceMask'], () => ({ inputs: general, call: (op, t) => [op(c([1, 3, 0], 'int32'), 4), tf.where(op(c([[2], [1]], 'int32'), 3, t.dtype).greater(0), t.slice([0, 0], [2, 3]).reshape([2, 1, 3]), 0)] }));
add(['confusionMatrix'], () => ({ inputs: general, call: (op, t) => [op(c([0, 2, 1], 'int32'), c([0, 1, 1], 'int32'), 3, t.slice([0, 0], [1, 3]).reshape([3]), t.dtype), op(c([1, 1], 'int32'), c([0, 1], 'int32'))] }));
add(['ensureShape'], () => ({ inputs: general, call: (op, t) => [op(t, [3, null]).square(), op(t.sum(0), [-1])], dtypes: ['float64', 'float32', 'int32'] }));
add(['cross'], () => ({ inputs: general, call: (op, t) => [op(t, t.add(1)), op(t, t.slice([0, 0], [1, 3]))], dtypes: ['float64', 'float32', 'int32'] }));
add(['tile'], () => ({ inputs: matrix, call: (op, t) => [op(t, [2, 1]), op(t, [1, 3])] }));
add(['pad'], () => ({
  inputs: matrix,
  call: (op, t) => [op(t, [[1, 0], [0, 2]]), op(t, [[1, 1], [0, 1]], 'REFLECT'), op(t, [[2, 1], [1, 0]], 'SYMMETRIC'), op(t, [[0, 1], [1, 1]], 'CONSTANT', 7)],
}));
add(['reverse'], () => ({ inputs: matrix, call: (op, t) => [op(t, [0]), op(t, [1]), op(t), op(t, [0, 1])] }));
add(['roll'], () => ({ inputs: matrix, call: (op, t) => [op(t, 1, 0), op(t, [1, -2], [0, 1]), op(t, [1, 1], [1, 1])], dtypes: ['float64', 'float32', 'int32'] }));
add(['repeat'], () => ({ inputs: matrix, call: (op, t) => [op(t, 2, 1), op(t, [1, 0, 2], 0), op(t, 2)], dtypes: ['float64', 'float32', 'int32'] }));
add(['shape', 'size', 'rank'], () => ({ inputs: matrix, call: (op, t) => [op(t), op(t.reshape([9, 1]))], dtypes: ['float64', 'float32', 'int32'] }));
add(['where'], () => ({ inputs: matrix, call: (op, t) => [op(tf.greater(t, 1), t, tf.square(t)), op(tf.less(t, 2), t, 0), op(c([true, false, true], 'bool'), t.neg(), t)] }));
add(['oneHot'], () => ({
  // The indices come from the argument (argmax), the result is multiplied back into it.
  inputs: matrix,
  call: (op, t) => {
    const i = tf.argmax(t, 1);
    return [op(i, 4), op(i.sub(1), 3, { onValue: 2, offValue: -1, axis: 0, dtype: t.dtype }).mul(t), op(i, 2, 5, 6, 'int32')];
  },
}));
add(['meshgrid'], () => ({
  inputs: matrix,
  call: (op, t) => {
    const u = t.slice([0, 0], [1, 3]).reshape([3]), v = t.slice([1, 0], [1, 2]).reshape([2]);
    return [op(u, v), op(u, v, { indexing: 'ij' }), op(u, v, u)];
  },
  dtypes: ['float64', 'float32', 'int32'],
}));

// Products and linear algebra.
add(['matmul'], () => ({ inputs: general, call: (op, t) => [op(t, t), op(t, t.add(1), false, true), op(t, t.reshape([1, 3, 3]), true, false)] }));
add(['matvec'], () => ({
  inputs: general,
  call: (op, t) => [op(t, t.slice([0, 0], [1, 3]).reshape([3])), op(t, t.slice([1, 0], [1, 3]).reshape([3]), true)],
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['tensordot'], () => ({ inputs: general, call: (op, t) => [op(t, t, 1), op(t, t, [[0], [1]]), op(t, t, 2), op(t, t, 0)], dtypes: ['float64', 'float32', 'int32'] }));
add(['einsum'], () => ({
  inputs: general,
  call: (op, t) => [op('ij,jk->ik', t, t), op('ii->', t), op('ij->ji', t), op('ii->i', t), op('ij,ij->i', t, t), op('...ij,...jk->...ik', t.reshape([1, 3, 3]), t)],
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['bandPart'], () => ({ inputs: general, call: (op, t) => [op(t, 1, 0), op(t, -1, 0), op(t, 0, -1), op(t, 0, 0)], dtypes: ['float64', 'float32', 'int32'] }));
add(['diag'], () => ({ inputs: general, call: (op, t) => [op(t.slice([0, 0], [1, 3]).reshape([3])), op(t)], dtypes: ['float64', 'float32', 'int32'] }));
add(['diagPart', 'trace'], () => ({ inputs: general, call: (op, t) => [op(t), op(t.slice([0, 0], [2, 3]))], dtypes: ['float64', 'float32', 'int32'] }));
add(['cholesky', 'det', 'logdet', 'eigh', 'eigvalsh', 'slogdet'], () => ({ inputs: matrix, call: (op, t) => op(t) }));
add(['inv'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, true)] }));
add(['adjoint', 'matrixTranspose'], () => ({ inputs: general, call: (op, t) => [op(t), op(tf.stack([t, t.mul(2)]))], dtypes: ['float64', 'float32', 'int32'] }));
add(['setDiag'], () => ({ inputs: general, call: (op, t) => [op(t, t.slice([0, 0], [1, 3]).reshape([3])), op(t.slice([0, 0], [2, 3]), t.slice([1, 1], [1, 2]).reshape([2]))] }));
add(['matrixRank'], () => ({ inputs: general, call: (op, t) => [op(t), op(t.slice([0, 0], [2, 3]), 0.5), op(tf.stack([t, t.mul(0)]))] }));
add(['choleskySolve'], () => ({ inputs: matrix, call: (op, t) => op(tf.linalg.cholesky(t), t.slice([0, 0], [3, 2])) }));
add(['normalize'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, 1, 0), op(t, 'euclidean', [0, 1])] }));
add(['globalNorm'], () => ({ inputs: general, call: (op, t) => op([t, null, t.slice([0, 0], [1, 2])]) }));
add(['multiplyNoNan'], () => ({ inputs: general, call: (op, t) => [op(t, tf.relu(t)), op(t.div(0), tf.relu(t.neg()))] }));
add(['scalarMul'], () => ({ inputs: general, call: (op, t) => [op(3, t), op(t.slice([0, 0], [1, 1]).reshape([]), t)], dtypes: ['float64', 'float32', 'int32'] }));
add(['lbeta'], () => ({ inputs: general, call: (op, t) => [op(t.abs().add(0.5)), op(t.abs().add(1).slice([0, 0], [2, 3]))] }));
add(['cumulativeLogsumexp'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, 1, true), op(t, 1, false, true), op(t, 0, true, true)] }));
add(['isNonDecreasing', 'isStrictlyIncreasing'], () => ({ inputs: general, call: (op, t) => [op(t), op(tf.sort(t.reshape([-1]))), op(t.slice([0, 0], [1, 1]))], dtypes: ['float64', 'float32', 'int32'] }));
add(['inTopK'], () => ({ inputs: general, call: (op, t) => [op(tf.constant([0, 1, 2], 'int32'), t, 1), op(tf.constant([2, 2, 0], 'int32'), t, 2)] }));
// TensorFlow functions composed of ops (ts/array-composites.ts, ts/tridiagonal.ts, control flow).
const pairs = (dtype: Dt): Inputs => [[c([0, 2, -1.5, 0], dtype), c([0, 4, 3, -1], dtype)], [c([1, 0, 2, 3], dtype), c([2, -1, 0.5, 0], dtype)]];
add(['xdivy', 'xlog1py'], () => ({ inputs: pairs, call: (op, x, y) => op(x, y) }));
add(['real', 'imag', 'conj', 'angle'], () => ({ inputs: general, call: (op, t) => op(t) }));
add(['invertPermutation'], () => ({ inputs: () => [[idx([2, 0, 3, 1])], [idx([1, 3, 0, 2])]], call: (op, p) => op(p), dtypes: ['int32'] }));
add(['accumulateN'], () => ({ inputs: general, call: (op, t) => op([t, t.mul(2)]), dtypes: ['float64', 'float32', 'int32'] }));
add(['truncatediv'], () => ({ inputs: () => [[idx([-7, 7, -6, 5]), idx([2, -2, 4, 3])], [idx([9, -9, 1, 0]), idx([-4, 4, -1, 5])]], call: (op, x, y) => op(x, y), dtypes: ['int32'] }));
add(['truncatemod'], () => ({
  inputs: (dtype) => [[c([dtype === 'int32' ? -7 : -7.5, 7, -6, 5], dtype), c([2, -2, 4, 3], dtype)], [c([9, dtype === 'int32' ? -9 : -9.25, 1, 0], dtype), c([-4, 4, -1, 5], dtype)]],
  call: (op, x, y) => op(x, y),
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['realdiv'], () => ({ inputs: pairs, call: (op, x, y) => op(x, y.add(5)) }));
add(['saturateCast'], () => ({ inputs: general, call: (op, t) => [op(t.mul(1e12), 'int32'), op(t, 'float32'), op(t.mul(1e300), 'float32')], dtypes: ['float64'] }));
add(['identityN'], () => ({ inputs: general, call: (op, t) => op([t, t.mul(2)]) }));
add(['shapeN'], () => ({ inputs: general, call: (op, t) => op([t, t.reshape([9])]) }));
add(['parallelStack'], () => ({ inputs: general, call: (op, t) => op([t, t.mul(2)]) }));
add(['unravelIndex'], () => ({ inputs: () => [[idx([0, 5, 11])], [idx([3, 7, 2])]], call: (op, i) => [op(i, [3, 4]), op(i, [2, 2, 3])], dtypes: ['int32'] }));
add(['reverseSequence'], () => ({ inputs: withIndices(general, [3, 0, 2], [1, 2, 3]), call: (op, t, lengths) => [op(t, lengths!, 1), op(t, lengths!, 0, 1)] }));
add(['histogramFixedWidth', 'histogramFixedWidthBins'], () => ({ inputs: general, call: (op, t) => [op(t, [-1, 2], 4), op(t.reshape([9]), [0, 1])] }));
add(['dynamicPartition'], () => ({ inputs: withIndices(general, [0, 1, 0], [2, 2, 1]), call: (op, t, p) => op(t, p!, 3) }));
add(['dynamicStitch'], () => ({ inputs: withIndices(general, [0, 2, 1], [1, 0, 1]), call: (op, t, i) => op([i!, idx([3])], [t, t.slice([0, 0], [1, 3])]) }));
add(['broadcastDynamicShape'], () => ({ inputs: () => [[idx([3, 1]), idx([1, 4])], [idx([2, 1]), idx([1, 7])]], call: (op, a, b) => op(a, b), dtypes: ['int32'] }));
add(['convertToTensor'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, t.dtype)] }));
add(['switchCase'], () => ({ inputs: withIndices(general, 1, 0), call: (op, t, i) => op(i!.reshape([]), [() => t.add(1), () => t.mul(3)]) }));
add(['gradPassThrough'], () => ({
  inputs: general,
  call: (op, t) => {
    const tape = new tf.GradientTape();
    tape.watch(t);
    const y = tape.record(() => (op as unknown as (f: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor) => tf.Tensor)(tf.round)(t).mul(t).sum());
    return [y, tape.gradient(y, t)];
  },
}));
add(['recomputeGrad'], () => ({ inputs: general, call: (op, t) => (op as unknown as (f: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor) => tf.Tensor)((x) => x.square())(t) }));
add(['tensorDiag', 'tensorDiagPart'], () => ({ inputs: general, call: (op, t) => (op === tf.linalg.tensorDiag ? op(t) : op(tf.linalg.tensorDiag(t))) }));
add(['tridiagonalMatmul', 'tridiagonalSolve'], () => ({ inputs: general, call: (op, t) => [op(t, t.add(0.5)), op([t.slice([0, 0], [1, 3]).reshape([3]), t.slice([1, 0], [1, 3]).reshape([3]).add(5), t.slice([2, 0], [1, 3]).reshape([3])], t, 'sequence')] }));
add(['unsortedSegmentProd', 'segmentProd'], () => ({ inputs: withIndices(general, [0, 0, 2], [1, 1, 1]), call: (op, t, ids) => (op === tf.math.segmentProd ? op(t, ids!) : op(t, ids!, 3)), dtypes: ['float64', 'float32', 'int32'] }));
// sqrtm reads its input's values (a compiled call runs as written); the diagonal shifts keep the
// eigenvalues off the negative axis. Float only, as TensorFlow's real kernel.
add(['sqrtm'], () => ({
  inputs: general,
  call: (op, t) => [op(tf.add(t, tf.eye(3, 3, null, t.dtype).mul(6))), op(tf.stack([tf.add(t, tf.eye(3, 3, null, t.dtype).mul(8)), tf.eye(3, 3, null, t.dtype).mul(4)]))],
  dtypes: ['float64', 'float32'],
}));
add(['expm'], () => ({ inputs: general, call: (op, t) => [op(t), op(t.mul(0.01)), op(tf.stack([t.mul(4), t.mul(0.1)]))] }));
// The pools depend on the values: a compiled call runs as written (a fit of each input set, both
// directions, along both axes; int32 input gives float64).
add(['isotonicRegression'], () => ({
  inputs: (dtype) => [[c(dtype === 'int32' ? I1 : G1, dtype)], [c(dtype === 'int32' ? I2 : G2, dtype)]],
  call: (op, t) => [op(t), op(t, { decreasing: false }), op(t, { axis: 0 }), op(t.reshape([9]), { decreasing: false })],
  dtypes: ['float64', 'float32', 'int32'],
}));
// Float32 only (TensorFlow's dense CTC loss fails on float64); it reads the labels and lengths.
add(['ctcLoss'], () => ({
  inputs: () => [[grid([5, 2, 4], 0, 'float32')], [grid([5, 2, 4], 1, 'float32')]],
  call: (op, x) => [op([[1, 2, 2], [3, 1, 0]], x, [3, 2], [5, 4]), op([[1, 0], [2, 2]], tf.transpose(x, [1, 0, 2]), [1, 2], [3, 5], { logitsTimeMajor: false, blankIndex: -1 })],
  dtypes: ['float32'],
}));
// The decoders read the inputs' values (a compiled call runs as written); float32 and float64.
add(['ctcGreedyDecoder', 'ctcBeamSearchDecoder'], () => ({
  inputs: (dtype) => [[grid([5, 2, 4], 0, dtype)], [grid([5, 2, 4], 1, dtype)]],
  call: (op, x) => (op === tf.nn.ctcGreedyDecoder
    ? [op(x, [5, 3]), op(x, [4, 5], { mergeRepeated: false, blankIndex: 0 })]
    : [op(x, [5, 3]), op(x, [4, 5], { beamWidth: 3, topPaths: 2 })]),
  dtypes: ['float64', 'float32'],
}));
add(['solve'], () => ({ inputs: general, call: (op, t) => [op(t, t.slice([0, 0], [3, 1])), op(t, t.add(1), true)] }));
add(['triangularSolve'], () => ({
  inputs: general,
  call: (op, t) => [op(tf.linalg.bandPart(t, -1, 0), t), op(tf.linalg.bandPart(t, 0, -1), t, false), op(t, t.slice([0, 0], [3, 1]), true, true)],
}));
add(['bandedTriangularSolve'], () => ({
  inputs: general,
  call: (op, t) => [op(t.slice([0, 0], [2, 3]).add(tf.constant([[3], [0]], t.dtype)), t), op(t.add(tf.constant([[0], [0], [3]], t.dtype)), t, false, true)],
}));
add(['lu'], () => ({ inputs: general, call: (op, t) => [...op(t), ...op(tf.stack([t, t.add(tf.eye(3, null, null, t.dtype))]))] }));
add(['luSolve', 'luReconstruct', 'luMatrixInverse'], () => ({
  inputs: general,
  call: (op, t) => {
    const [f, p] = tf.linalg.lu(t);
    return op === tf.linalg.luSolve ? [op(f, p, t), op(f, p, t.slice([0, 0], [3, 1]))] : op(f, p);
  },
}));
add(['qr'], () => ({ inputs: general, call: (op, t) => [op(t), op(t.slice([0, 0], [3, 2])), op(t.slice([0, 0], [2, 3]))] }));
add(['svd'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, false, false), op(t.slice([0, 0], [3, 2]))] }));
add(['lstsq'], () => ({ inputs: general, call: (op, t) => [op(t.slice([0, 0], [3, 2]), t.slice([0, 2], [3, 1])), op(t, t, 0.5), op(t, t, tf.abs(tf.reduceMin(t)))] }));
add(['pinv'], () => ({ inputs: general, call: (op, t) => [op(t), op(t.slice([0, 0], [3, 2])), op(t, 0.5), op(t, tf.abs(tf.reduceMin(t)).mul(0.1))] }));

// Tensors made from shapes and values: they enter the arguments' computation.
add(['constant'], () => ({ inputs: matrix, call: (op, t) => [t.add(op([[1, 2, 3]], t.dtype)), t.mul(op(2, t.dtype))], dtypes: ['float64', 'float32', 'int32'] }));
add(['fill'], () => ({ inputs: matrix, call: (op, t) => t.mul(op([3, 3], 2, t.dtype)), dtypes: ['float64', 'float32', 'int32'] }));
add(['zeros', 'ones'], () => ({ inputs: matrix, call: (op, t) => [t.add(op([3, 3], t.dtype)), op([2])], dtypes: ['float64', 'float32', 'int32'] }));
add(['zerosLike', 'onesLike'], () => ({ inputs: matrix, call: (op, t) => [op(t), op(t, 'float64').add(t.cast('float64'))], dtypes: ['float64', 'float32', 'int32'] }));
add(['eye'], () => ({ inputs: matrix, call: (op, t) => [t.add(op(3, null, null, t.dtype)), op(2, 3), op(2, 2, [2])] }));
add(['range'], () => ({ inputs: matrix, call: (op, t) => [t.add(op(0, 3, 1, t.dtype)), op(5), op(1, 0, -0.25)], dtypes: ['float64', 'float32', 'int32'] }));
add(['linspace'], () => ({ inputs: scalars, call: (op, a, b) => [op(a, b, 5), op(a, b, 1), op(b, a, 4)] }));
add(['math.sobolSample'], () => ({ inputs: matrix, call: (op, t) => [t.add(op(3, 3, 5, t.dtype)), op(2, 4)] }));

// Losses and cross entropies: labels and predictions (probabilities) are both arguments.
add(['meanSquaredError', 'mse', 'meanAbsoluteError', 'mae', 'meanAbsolutePercentageError', 'mape', 'meanSquaredLogarithmicError', 'msle',
  'logCosh', 'logcosh', 'klDivergence', 'kld', 'poisson', 'MSE', 'MAE', 'MAPE', 'MSLE', 'KLD', 'kullbackLeiblerDivergence'], () => ({ inputs: labelsAndPredictions, call: (op, p, q) => op(p, q) }));
add(['cosineSimilarity'], () => ({ inputs: labelsAndPredictions, call: (op, p, q) => [op(p, q), op(p, q, 0)] }));
add(['huber'], () => ({ inputs: labelsAndPredictions, call: (op, p, q) => [op(p, q), op(p, q, 0.1)] }));
add(['binaryCrossentropy', 'categoricalCrossentropy'], () => ({
  inputs: labelsAndPredictions, call: (op, p, q) => [op(p, q), op(p, q.sub(0.5).mul(4), true, 0.1), op(p, q, false, 0, 0)],
}));
// (The labels as a function's argument: see the label tests at the end.)
add(['sparseCategoricalCrossentropy'], () => ({ inputs: predictions, call: (op, q) => [op(idx([2, 0]), q), op(idx([1, 2]), q.mul(3), true), op(idx([1, 0]), q, false, 0)] }));
add(['sigmoidCrossEntropyWithLogits'], () => ({ inputs: labelsAndPredictions, call: (op, p, q) => op({ labels: p, logits: q.sub(0.5).mul(8) }) }));
add(['softmaxCrossEntropyWithLogits'], () => ({ inputs: labelsAndPredictions, call: (op, p, q) => [op({ labels: p, logits: q.mul(5) }), op({ labels: p, logits: q, axis: 0 })] }));
add(['sparseSoftmaxCrossEntropyWithLogits'], () => ({
  inputs: predictions,
  call: (op, q) => [op({ labels: idx([2, 0]), logits: q.mul(5) }), op({ labels: idx([[1, 1]]), logits: q.reshape([1, 2, 3]) })],
}));
// Loss objects: constructed in the function, called with sample weights (computed from the
// arguments too), reduced in several ways.
add(['MeanSquaredError', 'MeanAbsoluteError', 'MeanAbsolutePercentageError', 'MeanSquaredLogarithmicError', 'CosineSimilarity', 'Huber',
  'LogCosh', 'KLDivergence', 'Poisson', 'BinaryCrossentropy', 'CategoricalCrossentropy', 'SquaredHinge', 'CategoricalHinge', 'BinaryFocalCrossentropy',
  'CategoricalFocalCrossentropy', 'Dice', 'Tversky'], () => ({
  inputs: labelsAndPredictions,
  call: (Loss, p, q) => {
    const dtype = q.dtype as 'float32' | 'float64';
    const weights = q.slice([0, 0], [2, 1]).reshape([2]).add(0.5);
    return [
      new Loss({ dtype })(p, q), new Loss({ dtype, reduction: 'none' })(p, q), new Loss({ dtype, reduction: 'sum' })(p, q, c([0.5, 2], dtype)),
      new Loss({ dtype, reduction: 'mean_with_sample_weight' })(p, q, weights),
    ];
  },
}));
// (The labels as a function's argument: see the label tests at the end.)
const BINARY = [[0, 1, 1], [1, 0, 0]];
add(['hinge'], () => ({ inputs: predictions, call: (op, q) => [op(c(BINARY, q.dtype as Dt), q), op(c(P1, q.dtype as Dt), q.sub(0.5))] }));
add(['Hinge'], () => ({
  inputs: predictions,
  call: (Loss, q) => {
    const dtype = q.dtype as 'float32' | 'float64';
    return [new Loss({ dtype })(c(BINARY, dtype), q), new Loss({ dtype, reduction: 'sum' })(c(P1, dtype), q, c([0.5, 2], dtype))];
  },
}));
add(['squaredHinge'], () => ({ inputs: predictions, call: (op, q) => [op(c(BINARY, q.dtype as Dt), q), op(c(P1, q.dtype as Dt), q.sub(0.5))] }));
add(['categoricalHinge'], () => ({ inputs: labelsAndPredictions, call: (op, p, q) => [op(p, q), op(p, q.sub(0.5))] }));
add(['binaryFocalCrossentropy'], () => ({
  inputs: labelsAndPredictions, call: (op, p, q) => [op(p, q), op(p, q.sub(0.5).mul(4), true, 0.5, 3, true, 0.1), op(p, q, false, 0.25, 0, false, 0, 0)],
}));
add(['categoricalFocalCrossentropy'], () => ({
  inputs: labelsAndPredictions, call: (op, p, q) => [op(p, q), op(p, q.mul(3), [0.2, 0.3, 0.5], 1.5, true, 0.1), op(p, q, 0.5, 2, false, 0, 0)],
}));
add(['dice'], () => ({ inputs: labelsAndPredictions, call: (op, p, q) => [op(p, q), op(p, q, 1), op(p, q, [0, 1])] }));
add(['tversky'], () => ({ inputs: labelsAndPredictions, call: (op, p, q) => [op(p, q), op(p, q, 0.7, 0.3), op(p, q, 0.5, 0.5, 0)] }));
// Keras 3.15's losses of class ids, embeddings and sequences: the labels are int32 arguments (replays
// take new ones; CTC reads them, so its compiled call runs as written).
add(['categoricalGeneralizedCrossEntropy'], () => ({
  inputs: withIndices(predictions, [2, 0], [1, 5]),
  call: (op, q, ids) => [op(ids, q, 0.5), op(ids, q.mul(0.5), 0.1), op(ids.reshape([2, 1]), q, 0.9)],
}));
add(['CategoricalGeneralizedCrossEntropy'], () => ({
  inputs: withIndices(predictions, [2, 0], [1, -1]),
  call: (Loss, q, ids) => {
    const dtype = q.dtype as 'float32' | 'float64';
    return [new Loss({ dtype })(ids, q), new Loss({ dtype, q: 0.2, reduction: 'sum' })(ids, q, c([0.5, 2], dtype)), new Loss({ dtype, reduction: 'none' })(ids, q)];
  },
}));
add(['circle'], () => ({
  inputs: withIndices(general, [0, 1, 0], [1, 1, 2]),
  call: (op, e, ids) => [op(ids, e, null, null, true, 4, 0.25), op(ids, e.mul(0.5), ids, e, false, 16), op(ids, e, c([0, 2], 'int32'), e.slice([0, 0], [2, 3]), true, 2, 0.1)],
}));
add(['Circle'], () => ({
  inputs: withIndices(general, [0, 1, 0], [1, 1, 2]),
  call: (Loss, e, ids) => {
    const dtype = e.dtype as 'float32' | 'float64';
    return [new Loss({ dtype, gamma: 4 })(ids, e), new Loss({ dtype, gamma: 8, margin: 0.2, reduction: 'sum' })(ids, e, c([0.5, 2, 1], dtype)), new Loss({ dtype, removeDiagonal: false, reduction: 'none' })(ids, e)];
  },
}));
add(['ctc'], () => ({
  inputs: (dtype) => [[grid([2, 5, 4], 0, dtype), idx([[1, 2, 2], [3, 0, 0]])], [grid([2, 5, 4], 1, dtype), idx([[1, 0, 0], [2, 3, 1]])]],
  call: (op, x, labels) => [op(labels, x), op(labels.slice([0, 0], [2, 2]), x.mul(2))],
}));
add(['CTC'], () => ({
  inputs: (dtype) => [[grid([2, 5, 4], 0, dtype), idx([[1, 2, 2], [3, 0, 0]])], [grid([2, 5, 4], 1, dtype), idx([[1, 0, 0], [2, 3, 1]])]],
  call: (Loss, x, labels) => {
    const dtype = x.dtype as 'float32' | 'float64';
    return [new Loss({ dtype })(labels, x), new Loss({ dtype, reduction: 'mean_with_sample_weight' })(labels, x, c([0.5, 2], dtype))];
  },
}));
// Losses by name and config, and the names and configs of losses.
add(['keras.losses.get'], () => ({
  inputs: labelsAndPredictions,
  call: (op, p, q) => [op('mse')(p, q), op('BinaryFocalCrossentropy')(p, q), op({ className: 'Dice', config: { axis: 1, reduction: 'none' } })(p, q), op(tf.keras.losses.mae)(p, q)],
}));
add(['keras.losses.serialize'], () => ({
  inputs: labelsAndPredictions,
  call: (op, p, q) => [op(new tf.keras.losses.Huber({ delta: 2 })), tf.keras.losses.deserialize(op(new tf.keras.losses.Tversky({ alpha: 0.3 })))(p, q), op(tf.keras.losses.squaredHinge)],
}));
add(['keras.losses.deserialize'], () => ({
  inputs: labelsAndPredictions,
  call: (op, p, q) => [op('categorical_hinge')(p, q), op({ class_name: 'CategoricalFocalCrossentropy', config: { gamma: 1, from_logits: true } })(p, q), op({ className: 'function', config: 'dice' })(p, q)],
}));
add(['SparseCategoricalCrossentropy'], () => ({
  inputs: predictions,
  call: (Loss, q) => [new Loss({ dtype: q.dtype })(idx([2, 0]), q), new Loss({ dtype: q.dtype, fromLogits: true, reduction: 'none', ignoreClass: 1 })(idx([1, 2]), q.mul(3))],
}));
add(['Loss'], () => ({
  // The base class, as the documentation says to use it: a subclass with its own perSample.
  inputs: labelsAndPredictions,
  call: (Loss, p, q) => {
    const Cubed = class extends (Loss as unknown as typeof tf.keras.losses.Loss) {
      perSample(t: tf.Tensor, u: tf.Tensor) {
        return tf.reduceSum(tf.pow(tf.abs(t.sub(u)), 3), -1);
      }
    };
    const dtype = q.dtype as 'float32' | 'float64';
    return [new Cubed({ dtype }, 'cubed')(p, q), new Cubed({ dtype, reduction: 'mean_with_sample_weight' }, 'cubed')(p, q, p.slice([0, 0], [2, 1]).reshape([2]).add(0.5))];
  },
}));

// Control flow: conditions on constants keep the function compiled; a condition on the arguments
// makes it run as written (test/control-flow.test.ts), which these cases then compare too.
add(['cond'], () => ({ inputs: general, call: (op, t) => [op(true, () => t.square(), () => t), op(tf.greater(t.sum(), 0), () => t.mul(2), () => t.neg())] }));
add(['whileLoop'], () => ({
  inputs: general,
  call: (op, t) => [op((k: tf.Tensor) => tf.less(k, 3), (k: tf.Tensor, v: tf.Tensor) => [k.add(1), v.matmul(t)], [tf.constant(0), t]), op((v: tf.Tensor) => tf.less(tf.reduceMax(v), 100), (v: tf.Tensor) => v.mul(3), [t.abs().add(1)])],
}));
add(['mapFn', 'vectorizedMap'], () => ({ inputs: general, call: (op, t) => [op((r: tf.Tensor) => r.square().sum(), t), op(([a, b]: tf.Tensor[]) => [a!.mul(b!), a!.sub(b!)], [t, t.transpose()])] }));
add(['scan'], () => ({ inputs: general, call: (op, t) => [op((a: tf.Tensor, x: tf.Tensor) => a.add(x), t), op((a: tf.Tensor, x: tf.Tensor) => a.mul(x), t, { reverse: true, initializer: t.slice([0, 0], [1, 3]).reshape([3]) })] }));
add(['foldl', 'foldr'], () => ({ inputs: general, call: (op, t) => [op((a: tf.Tensor, x: tf.Tensor) => a.mul(2).add(x), t), op((a: tf.Tensor, x: tf.Tensor) => a.add(x.sum()), t, tf.zeros([], t.dtype))] }));

add(['case'], () => ({
  inputs: general,
  call: (op, t) => [
    op([[tf.constant(false), () => t.neg()], [tf.constant(true), () => t.mul(2)]]),
    op([[tf.greater(t.sum(), 100), () => t]], { default: () => t.square() }),
    op([[tf.greater(t.sum(), 0), () => [t.add(1)]]], { default: () => [t], exclusive: true }),
  ],
}));

// Contexts around the math: they run their function, which is compiled with the rest.
add(['nameScope'], () => ({ inputs: general, call: (op, t) => op('block', () => op('inner', () => t.mul(2))) }));
add(['controlDependencies'], () => ({ inputs: general, call: (op, t) => op([t, null], () => t.add(1)) }));
// (initScope is lifted out of a compiled function, as TensorFlow lifts it out of the graph: it
// computes from constants, not from the function's arguments.)
add(['initScope'], () => ({ inputs: general, call: (op, t) => t.mul(3).add(op(() => tf.constant(2, t.dtype).square())) }));
add(['device'], () => ({ inputs: general, call: (op, t) => [op('/CPU:0', () => t.add(1)), op('/GPU:0', () => t.mul(2)), op(null, () => t)] }));

// tf.bitwise on int32, with broadcasting; shift amounts outside [0, 31] included.
const bitInputs = (): Inputs => [[idx(INT_VEC[0]), idx(INT_VEC[1])], [idx(INT_VEC[1]), idx([0, 31, 32, -1, 7, 40, 3, 1, 2, -33, 5])]];
add(['bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'leftShift', 'rightShift'], () => ({
  inputs: bitInputs,
  call: (op, a, b) => [op(a, b), op(a, b.slice([1], [1]).reshape([])), op(a.reshape([11, 1]), b.slice([0], [3])), op(a, 3)],
  dtypes: ['int32'],
}));
add(['invert'], () => ({ inputs: bitInputs, call: (op, a, b) => [op(a), op(b.reshape([1, 11]))], dtypes: ['int32'] }));

// Constraint objects: constructed in the function and called on the argument.
add(['NonNeg', 'nonNeg'], () => ({ inputs: general, call: (C, t) => new C()(t) }));
add(['MaxNorm', 'maxNorm'], () => ({ inputs: general, call: (C, t) => [new C()(t), new C({ maxValue: 1.5, axis: 1 })(t), new C({ maxValue: 10, axis: [0, 1] })(t)] }));
add(['UnitNorm', 'unitNorm'], () => ({ inputs: general, call: (C, t) => [new C()(t), new C({ axis: 1 })(t)] }));
add(['MinMaxNorm', 'minMaxNorm'], () => ({ inputs: general, call: (C, t) => [new C()(t), new C({ minValue: 2, maxValue: 3, rate: 0.5, axis: 1 })(t)] }));
// Constraints by name and config, and the configs of constraints.
add(['keras.constraints.get'], () => ({
  inputs: general,
  call: (op, t) => [op('max_norm')(t), op({ className: 'MinMaxNorm', config: { minValue: 1, maxValue: 2 } })(t), op(new tf.keras.constraints.UnitNorm({ axis: 1 }))(t)],
}));
add(['keras.constraints.serialize'], () => ({
  inputs: general,
  call: (op, t) => [op(new tf.keras.constraints.MaxNorm({ maxValue: 1 })), tf.keras.constraints.deserialize(op(new tf.keras.constraints.MinMaxNorm({ rate: 0.5 })))(t)],
}));
add(['keras.constraints.deserialize'], () => ({
  inputs: general,
  call: (op, t) => [op('non_neg')(t), op({ className: 'MaxNorm', config: { maxValue: 1.5, axis: 1 } })(t)],
}));
add(['Constraint'], () => ({
  // The base class, as the documentation says to use it: a subclass with its own call.
  inputs: general,
  call: (C, t) => {
    const Clip = class extends (C as unknown as typeof tf.keras.constraints.Constraint) {
      constructor() {
        super();
      }
      call(w: tf.TensorLike) {
        return tf.clipByValue(w, -1, 1);
      }
      getConfig() {
        return {};
      }
    };
    return new Clip()(t);
  },
}));

// Regularizer objects: constructed in the function and called on the argument.
add(['L1', 'L2'], (name) => ({ inputs: general, call: (R, t) => [new R()(t), new R(0.5)(t), new R({ [name.toLowerCase()]: 2 })(t)] }));
add(['L1L2'], () => ({ inputs: general, call: (R, t) => [new R(0.5, 0.25)(t), new R({ l2: 0.75 })(t), new R({ l1: 0.1 })(t)] }));
add(['OrthogonalRegularizer', 'orthogonalRegularizer'], () => ({ inputs: general, call: (R, t) => [new R()(t), new R({ factor: 0.5, mode: 'columns' })(t), new R(2, 'rows')(t)] }));
add(['l1', 'l2', 'l1l2', 'l1L2'], () => ({ inputs: general, call: (op, t) => [op(0.5)(t), op(undefined)(t.mul(2))] }));
add(['Regularizer'], () => ({
  // The base class, as the documentation says to use it: a subclass with its own call.
  inputs: general,
  call: (R, t) => {
    const Quartic = class extends (R as unknown as typeof tf.keras.regularizers.Regularizer) {
      override call(x: tf.TensorLike) {
        return tf.reduceSum(tf.pow(x, 4));
      }
    };
    return [new Quartic()(t), new R()(t).add(t.sum())];
  },
}));
add(['keras.regularizers.get'], () => ({
  inputs: general,
  call: (op, t) => [op('l2')(t), op({ className: 'L1L2', config: { l1: 0.1, l2: 0.2 } })(t), op(new tf.keras.regularizers.L1(0.3))(t)],
}));
add(['keras.regularizers.serialize'], () => ({
  inputs: general,
  call: (op, t) => [op(new tf.keras.regularizers.L2(0.5)), tf.keras.regularizers.deserialize(op(new tf.keras.regularizers.OrthogonalRegularizer({ factor: 1 })))(t)],
}));
add(['keras.regularizers.deserialize'], () => ({
  inputs: general,
  call: (op, t) => [op({ className: 'L1', config: { l1: 0.5 } })(t), op('orthogonal_regularizer')(t), op({ class_name: 'L1L2', config: { l1: 0.1, l2: 0.2 }, module: 'keras.regularizers', registered_name: null })(t)],
}));

// tf.keras.utils: the data helpers (a tensor of labels is one-hot encoded with ops, as Keras
// encodes a backend tensor) and fit's data layouts.
const labelSets = (): Inputs => [[c([0, 2, 1, 5], 'int32')], [c([1, 0, 2, 0], 'int32')]];
add(['keras.utils.toCategorical'], () => ({ inputs: labelSets, dtypes: ['int32'], call: (op, t) => [op(t, 3), op(t, 6), op(t.reshape([4, 1]), 3)] }));
add(['keras.utils.normalize'], () => ({ inputs: general, call: (op, t) => [op(t), op(t, 0), op(t, -1, 1), op(t, 1, 3)] }));
add(['keras.utils.packXYSampleWeight'], () => ({ inputs: vectors(), call: (op, x, y) => [op(x), op(x, y), op(x, y, y.mul(2))] }));
add(['keras.utils.unpackXYSampleWeight'], () => ({ inputs: vectors(), call: (op, x, y) => [op(x), op([x, y]), op([x, y, y.mul(2)])] }));

// Random ops, with the same global seed before the eager and the compiled call.
add(['normal', 'truncatedNormal'], () => ({ inputs: matrix, seeded: true, call: (op, t) => [t.mul(op([3, 3], { dtype: t.dtype, stddev: 2 })), op([4], { seed: 3, mean: 1, dtype: t.dtype })] }));
add(['uniform'], () => ({
  inputs: matrix, seeded: true,
  call: (op, t) => [t.add(op([3, 3], { dtype: t.dtype, maxval: t.dtype === 'int32' ? 10 : 1 })), op([4], { seed: 3, minval: -2, maxval: 5, dtype: t.dtype })],
  dtypes: ['float64', 'float32', 'int32'],
}));
add(['shuffle'], () => ({ inputs: matrix, seeded: true, call: (op, t) => [op(t), op(t.reshape([9]), 5)], dtypes: ['float64', 'float32', 'int32'] }));
add(['categorical'], () => ({ inputs: general, seeded: true, call: (op, t) => [op(t, 6), op(t.mul(3), 4, { seed: 2 })] }));
// Candidate samplers and the sampled losses: the true classes computed from the input (read on the host while tracing).
const classesOf = (t: tf.Tensor, n: number) => tf.cast(tf.abs(t.reshape([-1]).slice([0], [2 * n])).mul(3), 'int32').reshape([2, n]);
add(['uniformCandidateSampler', 'logUniformCandidateSampler', 'learnedUnigramCandidateSampler'], () => ({
  inputs: matrix, seeded: true,
  call: (op, t) => [...op(classesOf(t, 1), 1, 5, true, 40), ...op(classesOf(t, 2), 2, 3, false, 40, { seed: 4 })],
}));
add(['fixedUnigramCandidateSampler'], () => ({
  inputs: matrix, seeded: true,
  call: (op, t) => [...op(classesOf(t, 1), 1, 3, true, 40, { unigrams: Array.from({ length: 40 }, (_, i) => 40 - i) }), ...op(classesOf(t, 2), 2, 4, false, 40, { unigrams: Array.from({ length: 40 }, (_, i) => 1 + (i % 7)), distortion: 0.75, seed: 2 })],
}));
add(['allCandidateSampler'], () => ({ inputs: matrix, call: (op, t) => [...op(classesOf(t, 1), 1, 4, true), ...op(classesOf(t, 2), 2, 2, false)] }));
add(['computeAccidentalHits'], () => ({ inputs: matrix, call: (op, t) => [...op(classesOf(t, 2), [3, 0, 9, 5], 2), ...op(classesOf(t, 1), classesOf(t, 1).reshape([2]), 1)] }));
add(['nceLoss', 'sampledSoftmaxLoss'], () => ({
  inputs: matrix, seeded: true,
  call: (op, t) => {
    const weights = tf.concat([t, t.mul(0.5), t.add(1), t.sub(2)], 0).slice([0, 0], [10, 3]);
    const args = { weights, biases: tf.linspace(-1, 1, 10).cast(t.dtype), inputs: t.slice([0, 0], [2, 3]), numSampled: 3, numClasses: 10 };
    const given: tf.SampledValues = [tf.constant([1, 4, 7], 'int32'), tf.constant([[0.5], [0.25]], t.dtype), tf.constant([0.3, 0.2, 0.1], t.dtype)];
    return [op({ ...args, labels: [[2], [7]] }), op({ ...args, labels: [[1, 4], [0, 9]], numTrue: 2, sampledValues: [given[0], given[1].tile([1, 2]), given[2]], removeAccidentalHits: true })];
  },
}));
// Stateless random ops: the same numbers at every call, from a literal seed and from a seed
// computed from the input (a host step that a replay runs again on that call's seed).
const seedOf = (t: tf.Tensor) => tf.cast(tf.abs(tf.reshape(t, [-1]).slice([0], [2])).mul(7), 'int32');
add(['statelessNormal', 'statelessTruncatedNormal', 'statelessUniform'], () => ({
  inputs: matrix, call: (op, t) => [t.mul(op([3, 3], [1, 2], { dtype: t.dtype })), op([5], seedOf(t), { dtype: t.dtype })],
}));
add(['statelessCategorical'], () => ({ inputs: general, call: (op, t) => [op(t, 6, [3, 4]), op(t.mul(3), 4, seedOf(t))] }));
add(['statelessSplit'], () => ({ inputs: matrix, call: (op, t) => [op([5, 6], 3), op(seedOf(t))] }));
add(['statelessShuffle'], () => ({ inputs: matrix, call: (op, t) => [op(t, [1, 2]), op(t.reshape([9]), seedOf(t))], dtypes: ['float64', 'float32', 'int32'] }));
add(['statelessFoldIn'], () => ({ inputs: matrix, call: (op, t) => [op([5, 6], 3), op(seedOf(t), tf.cast(t.reshape([-1]).slice([2], [1]).reshape([]), 'int32'))] }));
// The samplers of rates and shapes: a parameter computed from the input (read on the host while
// tracing, so a replay reads that call's), and a literal one.
const positive3 = (t: tf.Tensor) => tf.abs(t.reshape([-1]).slice([0], [3])).add(0.5);
add(['random.statelessGamma'], () => ({
  inputs: matrix, call: (op, t) => [op([2, 3], [1, 2], positive3(t), null, t.dtype), op([4], seedOf(t), 2.5, 1.5, t.dtype)],
}));
add(['random.statelessPoisson'], () => ({ inputs: matrix, call: (op, t) => [op([2, 3], [1, 2], positive3(t).mul(3), t.dtype), op([4], seedOf(t), 4)] }));
add(['random.statelessBinomial'], () => ({
  inputs: matrix, call: (op, t) => [op([2, 3], [1, 2], tf.fill([3], 10, t.dtype), tf.sigmoid(t.reshape([-1]).slice([0], [3])), t.dtype), op([4], seedOf(t), 20, 0.3)],
}));
add(['random.gamma'], () => ({ inputs: matrix, seeded: true, call: (op, t) => [op([2], positive3(t), { dtype: t.dtype }), op([3], 2, { seed: 3, beta: 2, dtype: t.dtype })] }));
add(['random.poisson'], () => ({ inputs: matrix, seeded: true, call: (op, t) => [op([2], positive3(t).mul(3), { dtype: t.dtype }), op([3], 4, { seed: 3 })] }));
add(['dropout'], () => ({ inputs: general, seeded: true, call: (op, t) => [op(t, 0.5), op(t, 0.3, [3, 1]), op(t, 0.25, { noiseShape: [1, null], seed: 4 })] }));

// Keras activations by name, and the name of an activation.
add(['get'], () => ({ inputs: vector(), call: (op, x) => [op('relu')(x), op('leaky_relu')(x), op('hardSilu')(x), op(null)(x), op(tf.tanh)(x)] }));
add(['serialize'], () => ({ inputs: vector(), call: (op, x) => [op(tf.keras.activations.gelu), tf.keras.activations.get(op(tf.keras.activations.swish))(x)] }));
add(['keras.activations.deserialize'], () => ({ inputs: vector(), call: (op, x) => [op('relu')(x), op({ className: 'function', config: 'hard_silu' })(x), op('mine', { mine: tf.tanh })(x)] }));

// TensorFlow 2's initializers: made and called inside the function (the seeded random ones are
// stateless; the unseeded ones draw after the same global seed).
add(['zerosInitializer', 'onesInitializer'], () => ({ inputs: vector(), call: (op, x) => [x.add(op()([x.shape[0]!], x.dtype)), op()([2, 2], 'int32')], dtypes: ['float64', 'float32', 'int32'] }));
add(['constantInitializer'], () => ({ inputs: vector(), call: (op, x) => [x.mul(op(2.5)([x.shape[0]!], x.dtype)), op([1, 2, 3, 4])([2, 2])] }));
add(['randomNormalInitializer'], () => ({ inputs: vector(), seeded: true, call: (op, x) => [x.add(op({ seed: 3 })([x.shape[0]!], x.dtype)), op(0, 1)([3], x.dtype)] }));
add(['randomUniformInitializer'], () => ({ inputs: vector(), seeded: true, call: (op, x) => [x.add(op(-1, 1, 5)([x.shape[0]!], x.dtype)), op()([3], x.dtype), op(0, 10, 7)([4], 'int32')] }));

// TensorFlow's eager group, no_op and tuple: null, null and the tensors themselves.
add(['noOp'], () => ({ inputs: vector(), call: (op, x) => [x.add(1), op()], dtypes: ['float64', 'float32', 'int32'] }));
add(['group'], () => ({ inputs: vector(), call: (op, x) => [op(x.mul(2), x.add(1)), x.sub(1)], dtypes: ['float64', 'float32', 'int32'] }));
add(['tuple'], () => ({ inputs: vector(), call: (op, x) => op([x.mul(2), null, x.add(1)]), dtypes: ['float64', 'float32', 'int32'] }));

// Tapes, scopes and tf.function itself, inside a compiled function.
add(['customGradient'], () => ({
  // TensorFlow's log1pexp example: a numerically stable gradient.
  inputs: vector(),
  call: (op, x) => op((v: tf.Tensor) => {
    const e = tf.exp(v);
    return [tf.log(tf.add(1, e)), (dy: tf.Tensor) => dy.mul(tf.sub(1, tf.div(1, tf.add(1, e))))];
  })(x.mul(3)),
}));
add(['tidy'], () => ({ inputs: vector(), call: (op, x) => op(() => x.square().add(x).sin()) }));
add(['keep'], () => ({
  inputs: vector(),
  call: (op, x) => {
    let kept: tf.Tensor | undefined;
    tf.tidy(() => {
      kept = op(x.square());
    });
    return kept!.add(x);
  },
}));
add(['dispose'], () => ({
  // Intermediates disposed in the function, one of them on the gradient's path.
  inputs: vector(),
  call: (op, x) => {
    const a = x.mul(3), b = a.sin(), side = x.exp();
    op([a, side]);
    return b.add(x);
  },
}));
add(['isTensor'], () => ({ inputs: vector(), call: (op, x) => [op(x), op(3), op([x]), x.mul(2)], dtypes: ['float64', 'float32', 'int32'] }));
add(['floatx'], () => ({ inputs: vector(), call: (op, x) => [op(), tf.cast(x, op())] }));
add(['epsilon'], () => ({ inputs: vector(), call: (op, x) => [op(), tf.maximum(x, op())] }));
add(['imageDataFormat'], () => ({ inputs: vector(), call: (op, x) => [op(), x.add(op() === 'channels_last' ? 1 : 2)] }));
add(['function'], () => ({ inputs: vector(), call: (op, x) => op((u: tf.Tensor) => u.sin().mul(u))(x) }));

// tf.signal: the windows and the mel matrix are made from their arguments alone (multiplied with
// the input so that a gradient flows); the others take the input vector, reshaped into frames.
const firstOf = (x: tf.Tensor, n: number) => x.slice([0], [n]);
const framesOf = (x: tf.Tensor, width: number) => tf.reshape(firstOf(x, Math.floor(x.size / width) * width), [-1, width]);
add(['hannWindow', 'hammingWindow', 'kaiserWindow', 'kaiserBesselDerivedWindow', 'vorbisWindow'], () => ({
  inputs: vector(), call: (op, x) => [tf.mul(firstOf(x, 6), op(6, x.dtype)), tf.mul(firstOf(x, 8), op(8, x.dtype))],
}));
add(['frame'], () => ({ inputs: vector(), call: (op, x) => [op(x, 4, 3), op(x, 4, 3, true, 2), op(framesOf(x, 2), 2, 1, { axis: 0 })], dtypes: ['float64', 'float32', 'int32'] }));
add(['overlapAndAdd'], () => ({ inputs: vector(), call: (op, x) => [op(framesOf(x, 3), 2), op(framesOf(x, 2), 3)], dtypes: ['float64', 'float32', 'int32'] }));
add(['fftshift', 'ifftshift'], () => ({ inputs: vector(), call: (op, x) => [op(x), op(framesOf(x, 3)), op(framesOf(x, 3), 1)], dtypes: ['float64', 'float32', 'int32'] }));
add(['dct', 'idct'], () => ({ inputs: vector(), call: (op, x) => [op(x), op(x, 1), op(x, { type: 3, norm: 'ortho' }), op(framesOf(x, 6), 4, 8)] }));
add(['mdct'], () => ({ inputs: vector(), call: (op, x) => [op(x, 8), op(x, 4, { padEnd: true, norm: 'ortho' })] }));
add(['inverseMdct'], () => ({ inputs: vector(), call: (op, x) => [op(framesOf(x, 4)), op(framesOf(x, 6), { windowFn: null, norm: 'ortho' })] }));
add(['inverseStftWindowFn'], () => ({ inputs: vector(), call: (op, x) => tf.mul(firstOf(x, 8), op(3)(8, x.dtype)) }));
add(['linearToMelWeightMatrix'], () => ({ inputs: vector(), call: (op, x) => tf.matmul(tf.reshape(firstOf(x, 9), [1, 9]), op(4, 9, 800, 50, 400, x.dtype)) }));
add(['mfccsFromLogMelSpectrograms'], () => ({ inputs: vector(), call: (op, x) => [op(x), op(framesOf(x, 6))] }));

/** The case of a catalog entry: by its qualified name first, then by its name. */
const caseOf = (e: Entry) => cases[e.qualified] ?? cases[e.name];

// ---------------------------------------------------------------------------------------------
// Ops that cannot be compared this way, and why (each reason is checked below).

const excluded: Record<string, { reason: string; check: () => void }> = {
  ...Object.fromEntries(['fft', 'ifft', 'fft2d', 'ifft2d', 'fft3d', 'ifft3d', 'fftnd', 'ifftnd', 'rfft', 'rfft2d', 'rfft3d', 'rfftnd',
    'irfft', 'irfft2d', 'irfft3d', 'irfftnd', 'stft', 'inverseStft'].map((name) => [`signal.${name}`, {
    reason: 'not supported (its input or result is complex, and gradtape has no complex dtypes): it throws, eagerly and compiled',
    check: () => {
      const op = (tf.signal as unknown as Record<string, (x: tf.Tensor) => tf.Tensor>)[name]!;
      expect(() => op(tf.zeros([4]))).toThrow(/gradtape has no complex dtypes/);
      expect(() => tf.function((x: tf.Tensor) => op(x))(tf.zeros([4]))).toThrow(/gradtape has no complex dtypes/);
    },
  }])),
  'random.setSeed': {
    reason: 'a JavaScript side effect, run while tracing only (as TensorFlow runs Python side effects): replays continue the sequence instead of restarting it, so they differ from eager calls',
    check: () => {
      const draw = (x: tf.Tensor) => {
        tf.random.setSeed(3);
        return x.add(tf.random.uniform([3]));
      };
      const x = tf.zeros([3]);
      const eager = [values(draw(x)), values(draw(x))];
      expect(eager[1]).toEqual(eager[0]); // eagerly the seed restarts the sequence at each call
      const compiled = tf.function(draw);
      const calls = [values(compiled(x)), values(compiled(x)), values(compiled(x))];
      // Compiled: the draws of one setSeed(3) followed by three calls.
      tf.random.setSeed(3);
      expect(calls).toEqual([0, 1, 2].map(() => values(x.add(tf.random.uniform([3])))));
      expect(calls[1]).not.toEqual(calls[0]);
    },
  },
  ...Object.fromEntries(([['tf.setFloatx', tf.setFloatx], ['keras.backend.setFloatx', tf.keras.backend.setFloatx]] as const).map(([name, setFloatx]) => [name, {
    reason: 'sets a global option: a JavaScript side effect that a compiled function runs while tracing only',
    check: () => expectSideEffectOnlyWhileTracing(() => setFloatx('float64'), () => tf.floatx() === 'float64', () => setFloatx('float32')),
  }])),
  'keras.backend.setEpsilon': {
    reason: 'sets a global option: a JavaScript side effect that a compiled function runs while tracing only',
    check: () => expectSideEffectOnlyWhileTracing(() => tf.keras.backend.setEpsilon(1e-4), () => tf.keras.backend.epsilon() === 1e-4, () => tf.keras.backend.setEpsilon(1e-7)),
  },
  'keras.backend.setImageDataFormat': {
    reason: 'sets a global option: a JavaScript side effect that a compiled function runs while tracing only',
    check: () =>
      expectSideEffectOnlyWhileTracing(
        () => tf.keras.backend.setImageDataFormat('channels_first'),
        () => tf.keras.backend.imageDataFormat() === 'channels_first',
        () => tf.keras.backend.setImageDataFormat('channels_last'),
      ),
  },
  ...Object.fromEntries((['random.Generator', 'random.experimental.Generator'] as const).map((name) => [name, {
    reason: 'a class, not an op: its draws are host steps that a compiled function runs again at every call, each from the state it finds, so a replay continues the sequence as further eager draws do',
    check: () => {
      const Generator = name === 'random.Generator' ? tf.random.Generator : tf.random.experimental.Generator;
      const g = Generator.fromSeed(5);
      const compiled = tf.function((x: tf.Tensor) => x.add(g.normal([3])));
      const calls = [0, 1, 2].map(() => values(compiled(tf.zeros([3]))));
      const eager = Generator.fromSeed(5);
      expect(calls).toEqual([0, 1, 2].map(() => values(eager.normal([3]))));
      expect(compiled.experimentalGetTracingCount()).toBe(1);
    },
  }])),
  'random.setGlobalGenerator': {
    reason: 'replaces the global generator: a JavaScript side effect that a compiled function runs while tracing only',
    check: () => {
      const before = tf.random.getGlobalGenerator();
      const mine = tf.random.Generator.fromSeed(1);
      expectSideEffectOnlyWhileTracing(() => tf.random.setGlobalGenerator(mine), () => tf.random.getGlobalGenerator() === mine, () => tf.random.setGlobalGenerator(before));
    },
  },
  'random.getGlobalGenerator': {
    reason: 'returns the global generator object (made at the first call): no tensor to compare; draws from it behave as any generator\'s',
    check: () => {
      const g = tf.random.getGlobalGenerator();
      expect(tf.random.getGlobalGenerator()).toBe(g);
      expect(g).toBeInstanceOf(tf.random.Generator);
    },
  },
  'keras.backend.clearSession': {
    reason: 'resets the automatic layer names: a JavaScript side effect that a compiled function runs while tracing only',
    check: () => {
      // A new layer is named 'dense' just after clearSession, 'dense_1' after another one.
      const named = () => new tf.keras.layers.Dense(1).name === 'dense';
      expectSideEffectOnlyWhileTracing(() => tf.keras.backend.clearSession(), named, () => {});
    },
  },
  'keras.utils.clearSession': {
    reason: 'keras.backend.clearSession under another name: resets the automatic layer names, a JavaScript side effect that a compiled function runs while tracing only',
    check: () => {
      expect(tf.keras.utils.clearSession).toBe(tf.keras.backend.clearSession);
      const named = () => new tf.keras.layers.Dense(1).name === 'dense';
      expectSideEffectOnlyWhileTracing(() => tf.keras.utils.clearSession(), named, () => {});
    },
  },
  'keras.utils.setRandomSeed': {
    reason: 'tf.random.setSeed under Keras\' name: a JavaScript side effect, run while tracing only, so replays continue the sequence instead of restarting it',
    check: () => {
      const draw = (x: tf.Tensor) => {
        tf.keras.utils.setRandomSeed(3);
        return x.add(tf.random.uniform([3]));
      };
      const x = tf.zeros([3]);
      expect(values(draw(x))).toEqual(values(draw(x)));
      const compiled = tf.function(draw);
      const calls = [values(compiled(x)), values(compiled(x))];
      tf.random.setSeed(3);
      expect(calls).toEqual([0, 1].map(() => values(x.add(tf.random.uniform([3])))));
    },
  },
  'keras.utils.padSequences': {
    reason: 'reads its sequences in JavaScript (Keras in NumPy) to lay them out: a compiled function cannot pass it sequences computed from its arguments, as Keras\' cannot pass symbolic tensors; its values are checked against Keras in test/keras-utils.test.ts',
    check: () => {
      const pad = (a: tf.Tensor, b: tf.Tensor) => tf.keras.utils.padSequences([a, b]);
      const [a, b] = [tf.constant([1, 2, 3], 'int32'), tf.constant([4], 'int32')];
      expect(pad(a, b).arraySync()).toEqual([[1, 2, 3], [0, 0, 4]]);
      expect(() => tf.function(pad)(a, b)).toThrow(/reads the values of a tensor computed from its arguments/);
    },
  },
  'keras.utils.timeseriesDatasetFromArray': {
    reason: 'makes a tf.data dataset, an iterable of batches read in JavaScript (its windows are slices: test/keras-utils.test.ts checks them against Keras), not a tensor a compiled function returns',
    check: () => {
      const batches = [...tf.keras.utils.timeseriesDatasetFromArray(tf.range(0, 5), null, 2, { batchSize: 2 })] as tf.Tensor[];
      expect(batches.map((b) => b.arraySync())).toEqual([[[0, 1], [1, 2]], [[2, 3], [3, 4]]]);
    },
  },
  ...Object.fromEntries((['serializeKerasObject', 'deserializeKerasObject'] as const).map((name) => [`keras.utils.${name}`, {
    reason: `tf.keras.saving.${name} under another name (Keras exports it in both): objects to JSON-ready data and back, no ops of their own (test/keras-serialization.test.ts)`,
    check: () => expect(tf.keras.utils[name]).toBe(tf.keras.saving[name]),
  }])),
  ...Object.fromEntries((['registerKerasSerializable', 'getCustomObjects', 'getRegisteredName', 'getRegisteredObject', 'CustomObjectScope', 'customObjectScope'] as const).map((name) => [`keras.utils.${name}`, {
    reason: 'the registry of custom objects deserialization finds by name: JavaScript objects, no tensors (test/keras-serialization.test.ts)',
    check: () => {
      expect(tf.keras.utils[name]).toBe(tf.keras.saving[name]);
      const squareOf = (x: tf.Tensor) => x.mul(x);
      expect(tf.keras.utils.customObjectScope({ squareOf }, () => tf.keras.utils.getRegisteredObject('squareOf'))).toBe(squareOf);
      expect(tf.keras.utils.getRegisteredObject('squareOf')).toBeNull();
    },
  }])),
  'tf.setMemoryBudget': {
    reason: 'sets a global option: a JavaScript side effect that a compiled function runs while tracing only',
    check: () => {
      const budget = tf.memory().budgetBytes;
      expectSideEffectOnlyWhileTracing(() => tf.setMemoryBudget(budget + 4096), () => tf.memory().budgetBytes === budget + 4096, () => tf.setMemoryBudget(budget));
    },
  },
  'tf.setNumThreads': {
    reason: 'sets a global option: a JavaScript side effect that a compiled function runs while tracing only',
    check: () => {
      const threads = tf.backendInfo().threads;
      expect(threads).toBeGreaterThan(1); // Node shares memory with workers: 1 would not show the effect
      expectSideEffectOnlyWhileTracing(() => tf.setNumThreads(1), () => tf.backendInfo().threads === 1, () => tf.setNumThreads(threads));
    },
  },
  'tf.memory': {
    reason: 'reports live tensors and bytes as JavaScript numbers: a compiled function returns the ones of its trace',
    check: () => {
      const f = (x: tf.Tensor) => [x.add(1), tf.memory().numTensors];
      const compiled = tf.function(f);
      const x = tf.ones([2]);
      const traced = compiled(x)[1];
      const extra = [tf.ones([1]), tf.ones([1])];
      expect(f(x)[1]).not.toBe(traced); // eagerly: the count of now
      expect(compiled(x)[1]).toBe(traced);
      expect(compiled.experimentalGetTracingCount()).toBe(1);
      tf.dispose(extra);
    },
  },
  'tf.backendInfo': {
    reason: 'reports what runs the kernels as a JavaScript object, not a tensor: a compiled function returns the one of its trace',
    check: () => {
      const compiled = tf.function((x: tf.Tensor) => [x.add(1), tf.backendInfo()]);
      const x = tf.ones([2]);
      expect(compiled(x)[1]).toEqual(tf.backendInfo());
      expect(compiled(x)[1]).toEqual(tf.backendInfo());
      expect(compiled.experimentalGetTracingCount()).toBe(1);
    },
  },
  ...Object.fromEntries((['checkNumerics', 'assertAllFinite'] as const).map((name) => [`debugging.${name}`, {
    reason: 'reads the tensor\'s values in JavaScript to throw on NaN or Inf: on a tensor computed from the arguments the compiled function checks at every call (it runs as written), as TensorFlow\'s op does',
    check: () => {
      const f = (x: tf.Tensor) => tf.debugging[name](x.mul(2), 'bad input');
      expect(values(f(tf.constant([1, 2], 'float64')))).toEqual({ dtype: 'float64', shape: [2], data: [2, 4] });
      expect(() => f(tf.constant([1, NaN], 'float64'))).toThrow(/bad input : Tensor had NaN values/);
      const compiled = tf.function(f);
      expect(values(compiled(tf.constant([1, 2], 'float64')))).toEqual({ dtype: 'float64', shape: [2], data: [2, 4] });
      expect(() => compiled(tf.constant([1, NaN], 'float64'))).toThrow(/bad input : Tensor had NaN values/);
      expect(values(compiled(tf.constant([3, 4], 'float64')))).toEqual({ dtype: 'float64', shape: [2], data: [6, 8] });
    },
  }])),
  ...Object.fromEntries(
    [
      ['debugging.assertEqual', (x: tf.Tensor) => tf.debugging.assertEqual(x, 1)],
      ['tf.assertEqual', (x: tf.Tensor) => tf.assertEqual(x, 1)],
      ['debugging.assertNoneEqual', (x: tf.Tensor) => tf.debugging.assertNoneEqual(x, 3)],
      ['debugging.assertLess', (x: tf.Tensor) => tf.debugging.assertLess(x, 2)],
      ['tf.assertLess', (x: tf.Tensor) => tf.assertLess(x, 2)],
      ['debugging.assertLessEqual', (x: tf.Tensor) => tf.debugging.assertLessEqual(x, 1)],
      ['debugging.assertGreater', (x: tf.Tensor) => tf.debugging.assertGreater(x.neg(), -2)],
      ['tf.assertGreater', (x: tf.Tensor) => tf.assertGreater(x.neg(), -2)],
      ['debugging.assertGreaterEqual', (x: tf.Tensor) => tf.debugging.assertGreaterEqual(x.neg(), -1)],
      ['debugging.assertNear', (x: tf.Tensor) => tf.debugging.assertNear(x, tf.onesLike(x))],
      ['debugging.assertPositive', (x: tf.Tensor) => tf.debugging.assertPositive(tf.sub(2, x))],
      ['debugging.assertNonNegative', (x: tf.Tensor) => tf.debugging.assertNonNegative(tf.sub(1, x))],
      ['debugging.assertNegative', (x: tf.Tensor) => tf.debugging.assertNegative(tf.sub(x, 2))],
      ['debugging.assertNonPositive', (x: tf.Tensor) => tf.debugging.assertNonPositive(tf.sub(x, 1))],
      ['debugging.Assert', (x: tf.Tensor) => tf.debugging.Assert(tf.equal(x, 1).reduceAll(), ['x:', x])],
      ['tf.Assert', (x: tf.Tensor) => tf.Assert(tf.equal(x, 1).reduceAll(), ['x:', x])],
    ].map(([name, check]) => [name as string, {
      reason: 'checks the values in JavaScript and returns nothing: on values computed from the arguments a compiled function checks at every call (it runs as written), as TensorFlow\'s assert ops do',
      check: () => expectCheckedAtEveryCall(check as (x: tf.Tensor) => void),
    }]),
  ),
  ...Object.fromEntries(
    [
      ['debugging.assertRank', (x: tf.Tensor) => tf.debugging.assertRank(x, 1)],
      ['tf.assertRank', (x: tf.Tensor) => tf.assertRank(x, 1)],
      ['debugging.assertRankAtLeast', (x: tf.Tensor) => tf.debugging.assertRankAtLeast(x, 1)],
      ['debugging.assertRankIn', (x: tf.Tensor) => tf.debugging.assertRankIn(x, [1, 2])],
      ['debugging.assertType', (x: tf.Tensor) => tf.debugging.assertType(x, 'float64')],
    ].map(([name, check]) => [name as string, {
      reason: 'checks the rank or dtype, which a signature fixes: the check runs while tracing, and a call with another rank or dtype traces again',
      check: () => {
        const f = tf.function((x: tf.Tensor) => {
          (check as (x: tf.Tensor) => void)(x);
          return x.add(1);
        });
        expect(values(f(tf.constant([1, 2], 'float64')))).toEqual({ dtype: 'float64', shape: [2], data: [2, 3] });
        expect(() => f(tf.constant(1, 'float32'))).toThrow();
      },
    }]),
  ),
  'debugging.assertScalar': {
    reason: 'checks the shape, which a signature fixes, and returns its input: the check runs while tracing, and a call with another shape traces again',
    check: () => {
      const f = tf.function((x: tf.Tensor) => tf.debugging.assertScalar(x).add(1));
      expect(values(f(tf.constant(1, 'float64')))).toEqual({ dtype: 'float64', shape: [], data: [2] });
      expect(() => f(tf.constant([1], 'float64'))).toThrow(/Expected scalar shape/);
    },
  },
  'tf.print': {
    reason: 'writes text, a JavaScript side effect: a compiled function that prints runs as written, so it prints at every call, as TensorFlow\'s print op does',
    check: () => {
      const lines: string[] = [];
      const f = tf.function((x: tf.Tensor) => {
        tf.print(x, { outputStream: (s: string) => lines.push(s) });
        return x.add(1);
      });
      f(tf.constant([1, 2], 'int32'));
      f(tf.constant([3, 4], 'int32'));
      expect(lines).toEqual(['[1 2]\n', '[3 4]\n']);
    },
  },
  'tf.broadcastStaticShape': {
    reason: 'works on shapes given as JavaScript arrays and returns one: there is no tensor to compile',
    check: () => expect(tf.broadcastStaticShape([3, 1], [1, 4])).toEqual([3, 4]),
  },
  'tf.getStaticValue': {
    reason: 'returns JavaScript values, known while tracing only for tensors not computed from the arguments (null for the others)',
    check: () => {
      const seen: unknown[] = [];
      const k = tf.constant([5, 6]);
      const f = tf.function((x: tf.Tensor) => {
        seen.push(tf.getStaticValue(x.add(1)), tf.getStaticValue(k));
        return x;
      });
      f(tf.constant([1]));
      f(tf.constant([2]));
      expect(seen).toEqual([null, [5, 6]]);
    },
  },
  // The solvers iterate in JavaScript on the values of their objective.
  'optimize.minimize': {
    reason: 'iterates in JavaScript on the values of the objective, so a compiled function refuses an objective computed from its arguments',
    check: () => expectSolverRefused((y) => tf.optimize.minimize((x) => x.sub(y).square().sum(), [0, 0]).x),
  },
  'optimize.leastSquares': {
    reason: 'iterates in JavaScript on the values of the residuals, so a compiled function refuses residuals computed from its arguments',
    check: () => expectSolverRefused((y) => tf.optimize.leastSquares((x) => x.sub(y), [0, 0]).x),
  },
  'optimize.curveFit': {
    reason: 'iterates in JavaScript on the values of the model and the data, so a compiled function refuses data computed from its arguments',
    // The line through (0, a) and (1, b), fitted to y = [1, 2]: a = 1, b = 2.
    check: () => expectSolverRefused((y) => tf.optimize.curveFit((x, a, b) => a!.add(b!.sub(a!).mul(x)), tf.constant([0, 1], 'float64'), y, [0, 0]).params),
  },
  'optimize.root': {
    reason: 'iterates in JavaScript on the values of the residuals, so a compiled function refuses residuals computed from its arguments',
    check: () => expectSolverRefused((y) => tf.optimize.root((x) => x.sub(y), [0, 0]).x),
  },
  'optimize.fsolve': {
    reason: 'iterates in JavaScript on the values of the residuals, so a compiled function refuses residuals computed from its arguments',
    check: () => expectSolverRefused((y) => tf.optimize.fsolve((x) => x.sub(y), [0, 0])),
  },
  'optimize.differentialEvolution': {
    reason: 'iterates in JavaScript on the values of the objective, so a compiled function refuses an objective computed from its arguments',
    check: () => expectSolverRefused((y) => tf.optimize.differentialEvolution((x: tf.Tensor) => x.sub(y).square().sum(), [[-5, 5], [-5, 5]], { rng: 0 }).x),
  },
  'optimize.nnls': {
    reason: 'solves in JavaScript on the values of A and b, so a compiled function refuses a b (or A) computed from its arguments',
    check: () => expectSolverRefused((y) => tf.optimize.nnls([[1, 0], [0, 1]], y).x),
  },
  'optimize.lsqLinear': {
    reason: 'solves in JavaScript on the values of A and b, so a compiled function refuses a b (or A) computed from its arguments',
    check: () => expectSolverRefused((y) => tf.optimize.lsqLinear([[1, 0], [0, 1]], y, { bounds: [0, 5] }).x),
  },
  'optimize.lsmr': {
    reason: 'iterates in JavaScript on the values of A and b, so a compiled function refuses a b (or A) computed from its arguments',
    check: () => expectSolverRefused((y) => tf.optimize.lsmr([[1, 0], [0, 1]], y).x),
  },
  'optimize.basinhopping': {
    reason: 'iterates in JavaScript on the values of the objective, so a compiled function refuses an objective computed from its arguments',
    check: () => expectSolverRefused((y) => tf.optimize.basinhopping((x) => x.sub(y).square().sum(), [0, 0], { niter: 2, rng: 0 }).x),
  },
  'optimize.brute': {
    reason: 'evaluates the objective in JavaScript at every grid point, so a compiled function refuses an objective computed from its arguments',
    check: () => expectSolverRefused((y) => tf.optimize.brute((x: tf.Tensor) => x.sub(y).square().sum(), [[-5, 5, 1], [-5, 5, 1]], { finish: null })),
  },
  'optimize.minimizeScalar': {
    reason: 'iterates in JavaScript on the values of the objective, so a compiled function refuses an objective computed from its arguments',
    check: () => expectScalarSolverRefused((y) => tf.optimize.minimizeScalar((x: tf.Tensor) => x.sub(y).square()).x),
  },
  ...Object.fromEntries((['brentq', 'brenth', 'ridder', 'bisect', 'toms748'] as const).map((name) => [`optimize.${name}`, {
    reason: 'iterates in JavaScript on the values of the function, so a compiled function refuses a function computed from its arguments',
    check: () => expectScalarSolverRefused((y) => tf.optimize[name]((x: tf.Tensor) => x.sub(y), 0, 3)),
  }])),
  'optimize.rootScalar': {
    reason: 'iterates in JavaScript on the values of the function, so a compiled function refuses a function computed from its arguments',
    check: () => expectScalarSolverRefused((y) => tf.optimize.rootScalar((x: tf.Tensor) => x.sub(y), { x0: 0 }).root),
  },
  'optimize.newton': {
    reason: 'iterates in JavaScript on the values of the function, so a compiled function refuses a function computed from its arguments',
    check: () => expectScalarSolverRefused((y) => tf.optimize.newton((x: tf.Tensor) => x.sub(y), 0, { fprime: true })),
  },
  'tf.executingEagerly': {
    reason: 'reports whether a trace is running, as a JavaScript boolean: false in the traced call of a compiled function, whose replays return what the trace saw',
    check: () => {
      const f = (x: tf.Tensor) => [x.add(1), tf.executingEagerly()];
      const compiled = tf.function(f);
      expect(f(tf.ones([2]))[1]).toBe(true);
      expect(compiled(tf.ones([2]))[1]).toBe(false);
      expect(compiled(tf.ones([2]))[1]).toBe(false);
      expect(compiled.experimentalGetTracingCount()).toBe(1);
      expect(tf.executingEagerly()).toBe(true);
    },
  },
  'tf.insideFunction': {
    reason: 'reports whether a trace is running, as a JavaScript boolean: true in the traced call of a compiled function, whose replays return what the trace saw',
    check: () => {
      const f = (x: tf.Tensor) => [x.add(1), tf.insideFunction()];
      const compiled = tf.function(f);
      expect(f(tf.ones([2]))[1]).toBe(false);
      expect(compiled(tf.ones([2]))[1]).toBe(true);
      expect(compiled(tf.ones([2]))[1]).toBe(true);
      expect(compiled.experimentalGetTracingCount()).toBe(1);
      expect(tf.insideFunction()).toBe(false);
    },
  },
  'tf.timestamp': {
    reason: 'reads the clock: a compiled function reads it again at every call (a host step), so replays differ from an eager call by the time between them',
    check: () => {
      const f = tf.function(() => tf.timestamp());
      const [a, b] = [f().item(), f().item()];
      const now = tf.timestamp().item();
      expect(a).toBeLessThanOrEqual(b);
      expect(b).toBeLessThanOrEqual(now);
      expect(now - a).toBeLessThan(5);
      expect(f.experimentalGetTracingCount()).toBe(1);
    },
  },
  'tf.asDType': {
    reason: 'works on dtype names (JavaScript strings), no tensor: there is nothing to compile',
    check: () => {
      expect([tf.asDType('double'), tf.asDType('float32'), tf.asDType('int64')]).toEqual(['float64', 'float32', 'int64']);
      expect(() => tf.asDType('foo')).toThrow(/Cannot convert the argument `type_value`/);
    },
  },
  'tf.ready': {
    reason: 'returns a Promise (resolved once the WebAssembly module runs), no tensor: a compiled function must be synchronous',
    check: () => {
      expect(tf.ready()).toBeInstanceOf(Promise);
      expect(() => tf.function((x: tf.Tensor) => tf.ready().then(() => x))(tf.ones([1]))).toThrow(/got a promise from the function.*must be synchronous/s);
    },
  },
};

/** `check(x)` passes on ones and throws on other values, eagerly and compiled, at every call. */
function expectCheckedAtEveryCall(check: (x: tf.Tensor) => void) {
  const good = tf.constant([1, 1], 'float64');
  const bad = tf.constant([1, 3], 'float64');
  expect(() => check(good)).not.toThrow();
  expect(() => check(bad)).toThrow(/InvalidArgumentError|did not hold|to be true/);
  const f = tf.function((x: tf.Tensor) => {
    check(x);
    return x.add(1);
  });
  expect(values(f(good))).toEqual({ dtype: 'float64', shape: [2], data: [2, 2] });
  expect(() => f(bad)).toThrow();
  expect(values(f(good))).toEqual({ dtype: 'float64', shape: [2], data: [2, 2] });
}

/** `solve(y)` gives the solution [1, 2] eagerly, and is refused when compiled, with the error that
 * says why. */
function expectSolverRefused(solve: (y: tf.Tensor) => ArrayLike<number>) {
  const y = tf.constant([1, 2], 'float64');
  const x = Array.from(solve(y));
  expect(x[0]).toBeCloseTo(1, 5);
  expect(x[1]).toBeCloseTo(2, 5);
  expect(() => tf.function((t: tf.Tensor) => solve(t))(y)).toThrow(/tf\.function: the function reads the values of a tensor computed from its arguments.*while it is traced/s);
}

/** As expectSolverRefused, for the solvers of one unknown: the solution is y = 2. */
function expectScalarSolverRefused(solve: (y: tf.Tensor) => number) {
  const y = tf.constant(2, 'float64');
  expect(solve(y)).toBeCloseTo(2, 5);
  expect(() => tf.function((t: tf.Tensor) => solve(t))(y)).toThrow(/tf\.function: the function reads the values of a tensor computed from its arguments.*while it is traced/s);
}

/** `set` run in a compiled function changes `isSet` on the traced call only. */
function expectSideEffectOnlyWhileTracing(set: () => void, isSet: () => boolean, reset: () => void) {
  const compiled = tf.function((x: tf.Tensor) => {
    set();
    return x.add(1);
  });
  try {
    compiled(tf.ones([2]));
    expect(isSet()).toBe(true);
    reset();
    compiled(tf.ones([2]));
    expect(isSet()).toBe(false);
    expect(compiled.experimentalGetTracingCount()).toBe(1);
  } finally {
    reset();
  }
}

// ---------------------------------------------------------------------------------------------

describe('the op catalog of docs/ops.md', () => {
  it('is parsed whole: every primitive and every section entry', () => {
    expect(primitives.size).toBe(Number(/## Primitives \((\d+) public/.exec(doc)![1]));
    expect(primitives.size).toBeGreaterThan(100);
    for (const s of sectionTexts) expect(s.names.length, s.section).toBe(s.count);
    expect(sectionTexts.map((s) => s.section).sort()).toEqual([...OP_SECTIONS, ...Object.keys(OTHER_SECTIONS)].sort());
    for (const e of catalog) expect(typeof lookup(e), e.qualified).toBe('function');
  });

  it('lists every function the built package exports in those namespaces (so none escapes the coverage check)', () => {
    // test/ops-doc.test.ts checks docs/ops.md against the sources; this checks it against dist.
    const unlisted = OP_SECTIONS.flatMap((section) => {
      const listed = new Set(catalog.filter((e) => e.section === section).map((e) => e.name));
      return Object.entries(namespaceOf(section))
        // The top level lists functions; its classes (Tensor, Variable, the loss classes, ...) are in their namespaces.
        .filter(([name, v]) => typeof v === 'function' && !(section === 'tf' && /^[A-Z]/.test(name)) && !listed.has(name))
        .map(([name]) => `${section}.${name}`);
    });
    expect(unlisted).toEqual([]);
  });

  it('names every primitive as a public function of tf, tf.math, tf.nn or tf.linalg', () => {
    const exported = new Set(catalog.filter((e) => ['tf', 'math', 'nn', 'linalg'].includes(e.section)).map((e) => e.name));
    expect([...primitives.keys()].filter((p) => !exported.has(p))).toEqual([]);
  });

  it('has a compiled case or an exclusion for every op, and no case or exclusion for an op it does not list', () => {
    const names = new Set(catalog.map((e) => e.name)), qualified = new Set(catalog.map((e) => e.qualified));
    // A case's key is qualified when it has a dot (no op name has one).
    const known = (k: string) => (k.includes('.') ? qualified.has(k) : names.has(k));
    expect({
      neitherRunNorExcluded: catalog.filter((e) => !caseOf(e) && !(e.qualified in excluded)).map((e) => e.qualified),
      bothRunAndExcluded: catalog.filter((e) => cases[e.qualified] && e.qualified in excluded).map((e) => e.qualified),
      casesOfUnknownOps: Object.keys(cases).filter((k) => !known(k)),
      exclusionsOfUnknownOps: Object.keys(excluded).filter((k) => !qualified.has(k)),
      aliasesOfUnknownPrimitives: Object.entries(ALIAS).filter(([, p]) => !primitives.has(p)).map(([k]) => k),
    }).toEqual({ neitherRunNorExcluded: [], bothRunAndExcluded: [], casesOfUnknownOps: [], exclusionsOfUnknownOps: [], aliasesOfUnknownPrimitives: [] });
  });
});

describe('every op of the catalog: tf.function equals eager execution bit for bit', () => {
  for (const e of catalog) {
    const k = caseOf(e);
    if (!k || e.qualified in excluded) continue;
    const dtypes = k.dtypes ?? primitives.get(k.like ?? e.name) ?? ['float64', 'float32'];
    const run = () => {
      const op = lookup(e);
      for (const dtype of dtypes) {
        const body = (...xs: tf.Tensor[]) => k.call(op, ...xs);
        const fn = dtype === 'float64' || dtype === 'float32' ? withGradient(body) : body;
        expectSameCompiled(fn, k.inputs(dtype), `${e.qualified} ${dtype}`, k.seeded ? () => tf.random.setSeed(1234) : undefined);
      }
    };
    it(`${e.qualified} (${dtypes.join(', ')})`, run);
  }
});

describe('ops excluded from the comparison, for the reasons given', () => {
  for (const [name, { reason, check }] of Object.entries(excluded)) it(`${name}: ${reason}`, check);
});

// Losses that decide something from their labels' values (hinge: are they all 0 or 1; the sparse
// cross entropies: is every class id in range) decide it with ops, as TensorFlow and Keras do, so
// a compiled function takes its labels as an argument and decides at every call.
describe('losses whose labels are a compiled function\'s argument', () => {
  it('keras.losses.hinge and keras.losses.Hinge map 0/1 labels to -1/1 at every call', () => {
    const losses = [tf.keras.losses.hinge, (t: tf.Tensor, p: tf.Tensor) => new tf.keras.losses.Hinge({ dtype: 'float64', reduction: 'none' })(t, p)];
    for (const hinge of losses) {
      const f = (t: tf.Tensor, p: tf.Tensor) => hinge(t, p);
      const compiled = tf.function(f);
      const p = tf.constant(Q1, 'float64');
      const binary = tf.constant(BINARY, 'float64'), signed = tf.constant([[-1, 1, 1], [1, -1, 0.5]], 'float64');
      const eager = Array.from(f(binary, p).dataSync());
      expect(eager[0]).toBeCloseTo((1.1 + 0.4 + 0.7) / 3, 14); // the labels mapped to [-1, 1, 1], [1, -1, -1]
      expect(eager[1]).toBeCloseTo((0.75 + 1.5 + 1.25) / 3, 14);
      for (const t of [binary, signed, binary]) expect(values(compiled(t, p))).toEqual(values(f(t, p)));
      expect(compiled.experimentalGetTracingCount()).toBe(1);
    }
  });

  it('nn.sparseSoftmaxCrossEntropyWithLogits, keras.losses.sparseCategoricalCrossentropy and SparseCategoricalCrossentropy check the class ids at every call', () => {
    const losses = [
      (i: tf.Tensor, q: tf.Tensor) => tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: i, logits: q }),
      (i: tf.Tensor, q: tf.Tensor) => tf.keras.losses.sparseCategoricalCrossentropy(i, q, true),
      (i: tf.Tensor, q: tf.Tensor) => new tf.keras.losses.SparseCategoricalCrossentropy({ dtype: 'float64', fromLogits: true, reduction: 'none' })(i, q),
    ];
    const q = tf.constant(Q1, 'float64');
    const expected = Q1.map((row, r) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[[2, 0][r]!]!);
    for (const loss of losses) {
      const compiled = tf.function(loss);
      const i = tf.constant([2, 0], 'int32');
      const eager = Array.from(loss(i, q).dataSync());
      expect(eager[0]).toBeCloseTo(expected[0]!, 14);
      expect(eager[1]).toBeCloseTo(expected[1]!, 14);
      expect(values(compiled(i, q))).toEqual(values(loss(i, q)));
      expect(values(compiled(tf.constant([1, 1], 'int32'), q))).toEqual(values(loss(tf.constant([1, 1], 'int32'), q)));
      // An id out of range: TensorFlow's message eagerly, the gather's at a replay; the function stays usable.
      expect(() => loss(tf.constant([3, 0], 'int32'), q)).toThrow(/label value of 3 which is outside the valid range of \[0, 3\)/);
      expect(() => compiled(tf.constant([3, 0], 'int32'), q)).toThrow(/indices\[0\] = 3 is not in \[0, 3\)/);
      expect(values(compiled(i, q))).toEqual(values(loss(i, q)));
      expect(compiled.experimentalGetTracingCount()).toBe(1);
    }
  });
});

describe('errors that depend on the values are raised by replays too, and the function stays usable', () => {
  const M = [[4, 1, 0.5], [1, 3, 0.25], [0.5, 0.25, 2]], singular = [[1, 2, 3], [2, 4, 6], [0, 0, 1]];
  const checks: [string, (x: tf.Tensor, i: tf.Tensor) => tf.Tensor, [number[][], unknown], [number[][], unknown], RegExp][] = [
    ['gather', (x, i) => tf.gather(x, i), [M, [1]], [M, [5]], /gather: indices\[0\] = 5 is not in \[0, 3\)/],
    ['gatherNd', (x, i) => tf.gatherNd(x, i), [M, [[1, 1]]], [M, [[1, 3]]], /gatherNd: indices\[0\] = \[1, 3\] does not index into param shape \[3,3\]/],
    ['scatterNd', (x, i) => tf.scatterNd(i, x.slice([0, 0], [1, 3]), [3, 3]), [M, [[1]]], [M, [[4]]], /scatterNd: indices\[0\] = \[4\] does not index into shape \[3,3\]/],
    ['tensorScatterUpdate', (x, i) => tf.tensorScatterUpdate(x, i, x.slice([0, 0], [1, 3])), [M, [[1]]], [M, [[-1]]], /tensorScatterUpdate: indices\[0\] = \[-1\] does not index into shape \[3,3\]/],
    ['keras.ops.cholesky', (x) => tf.keras.ops.cholesky(x), [M, []], [singular, []], /Cholesky decomposition failed: Cholesky : Tensor had NaN values/],
    ['linalg.inv', (x) => tf.linalg.inv(x), [M, []], [singular, []], /inv: Input matrix is not invertible/],
    ['linalg.solve', (x) => tf.linalg.solve(x, x), [M, []], [singular, []], /solve: Input matrix is not invertible/],
  ];
  for (const [name, f, good, bad, error] of checks) {
    it(name, () => {
      const args = ([m, i]: [number[][], unknown]) => [tf.constant(m, 'float64'), tf.constant(i as number[], 'int32')] as const;
      const compiled = tf.function(f);
      const expected = values(f(...args(good)));
      expect(values(compiled(...args(good)))).toEqual(expected);
      expect(() => f(...args(bad))).toThrow(error);
      expect(() => compiled(...args(bad))).toThrow(error);
      expect(values(compiled(...args(good)))).toEqual(expected);
      expect(compiled.experimentalGetTracingCount()).toBe(1);
    });
  }
});
