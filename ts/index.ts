// gradtape: TensorFlow 2's constant, Variable, GradientTape and Keras optimizers for JS/TS.
//   import * as tf from 'gradtape'

import * as activations from './activations';
import * as creation from './creation';
import * as debug from './debugging';
import { type DType, getFloatx, setFloatx } from './dtype';
import * as gen from './generated/ops';
import * as losses from './losses';
import * as nnOps from './nn';
import * as la from './linalg';
import * as ops from './ops';
import * as opt from './optimizers';
import * as fitting from './optimize';
import * as sched from './schedules';
import { ForwardAccumulator } from './autodiff';
import * as shape from './shape';
import { setSeed } from './random';
import * as red from './reductions';
import * as sorting from './sorting';
import { Tensor } from './tensor';
import { ready as wasmReady, initSync } from './wasm/runtime';

export type { DType } from './dtype';
export type { TensorLike, NestedArray, MemoryInfo } from './tensor';
export type { GradientTapeOptions, GradientOptions, Structure, GradientOf } from './tape';
export type { VariableOptions } from './variable';
export type {
  SGDOptions, AdamOptions, AdamWOptions, NadamOptions, RMSpropOptions, AdagradOptions, AdadeltaOptions, AdamaxOptions, LionOptions,
  FtrlOptions, LambOptions, AdafactorOptions, BaseOptimizerOptions, LearningRate, GradientPair,
  Optimizer, SGD, Adam, AdamW, Nadam, RMSprop, Adagrad, Adadelta, Adamax, Lion, Ftrl, Lamb, Adafactor,
} from './optimizers';
export type {
  LearningRateSchedule, ExponentialDecayOptions, InverseTimeDecayOptions, PolynomialDecayOptions, PiecewiseConstantDecayOptions,
  CosineDecayOptions, CosineDecayRestartsOptions,
} from './schedules';
export type { XentArgs, SoftmaxXentArgs, DropoutOptions } from './nn';
export type { Activation } from './activations';
export type {
  Reduction, LossOptions, CrossentropyOptions, SparseCategoricalCrossentropyOptions, HuberOptions, CosineSimilarityOptions,
} from './losses';
export type { NormalOptions, UniformOptions, CategoricalOptions } from './creation';
export type { CurveFitModel, CurveFitOptions, CurveFitResult, FitOptions, LeastSquaresResult, LmIterationInfo } from './optimize';
export type { MinimizeMethod, MinimizeOptions, MinimizeResult, MinimizeIterationInfo } from './optimize';
export { Tensor, memory, setMemoryBudget } from './tensor';
export { Variable } from './variable';
export { GradientTape } from './tape';
export { customGradient } from './autodiff';
export type { GradFn, CustomGradientExtras } from './autodiff';
export { tidy, keep, dispose } from './memory';
export { constant, fill, zeros, ones, zerosLike, onesLike } from './creation';
export * from './generated/ops';
export {
  matmul, reduceMean, reshape, transpose, broadcastTo, concat, cast, stopGradient, where, polyval,
} from './ops';
export { tensorOps } from './generated/ops';
export { sort, argsort, topK } from './sorting';
export type { Direction } from './sorting';
export { reduceLogSumExp, clipByValue, clipByNorm, clipByGlobalNorm, addN } from './reductions';
/** TensorFlow.js spelling of reduceLogSumExp. */
export const logSumExp = red.reduceLogSumExp;
/** tf.truediv: `/` (int32 operands give float64, as TensorFlow's true division). */
export const truediv = gen.div;
export {
  slice, stridedSlice, gather, gatherNd, scatterNd, tensorScatterUpdate, tile, pad, reverse, oneHot, expandDims, squeeze,
  stack, unstack, split, identity, meshgrid, range, eye, linspace, tensordot, einsum, roll, repeat, shape, size, rank,
} from './shape';
export type { StridedSliceOptions, GatherOptions, OneHotOptions, MeshgridOptions, PadMode } from './shape';
/** TensorFlow's full name of tensorScatterUpdate (tf.tensor_scatter_nd_update). */
export { tensorScatterUpdate as tensorScatterNdUpdate } from './shape';

/** `tf.float32`: the dtype name `'float32'` (strings work everywhere a dtype is taken). */
export const float32: DType = 'float32';
/** `tf.float64`: the dtype name `'float64'`. */
export const float64: DType = 'float64';
/** `tf.int32`: the dtype name `'int32'`. */
export const int32: DType = 'int32';
/** `tf.bool`: the dtype name `'bool'`. */
export const bool: DType = 'bool';

/** Resolves once the WebAssembly module is running. Needed in browsers before the first op; in
 * Node the module also starts synchronously on first use. */
export async function ready(): Promise<void> {
  await wasmReady();
}

/** `tf.subtract` etc.: TensorFlow's long names. */
export const subtract = gen.sub;
export const multiply = gen.mul;
export const divide = gen.div;
export const negative = gen.neg;
export const floormod = gen.mod;
export const floordiv = gen.floorDiv;
/** TensorFlow.js's name of argmax. */
export const argMax = gen.argmax;
/** The literal camelCase of tf.math.is_nan (TF.js spells it isNaN). */
export const isNan = gen.isNaN;
/** TensorFlow.js's name of argmin. */
export const argMin = gen.argmin;

/**
 * `tf.random`: seeded random tensors with TensorFlow's global and op seed rules.
 *
 * @example
 * ```ts
 * tf.random.setSeed(42);
 * const a = tf.random.uniform([3]).arraySync();
 * tf.random.setSeed(42);
 * console.log(tf.random.uniform([3]).arraySync().toString() === a.toString()); // true
 * ```
 */
export const random = {
  normal: creation.randomNormal,
  uniform: creation.randomUniform,
  truncatedNormal: creation.randomTruncatedNormal,
  shuffle: creation.randomShuffle,
  categorical: creation.randomCategorical,
  setSeed,
};

/** `tf.debugging`: value checks. */
export const debugging = { checkNumerics: debug.checkNumerics, assertAllFinite: debug.assertAllFinite };

/** `tf.math`: the elementwise ops, comparisons and reductions under TensorFlow's namespace. */
export const math = {
  ...gen,
  polyval: ops.polyval, reduceMean: ops.reduceMean,
  reduceLogSumExp: red.reduceLogSumExp, reduceVariance: red.reduceVariance, reduceStd: red.reduceStd, addN: red.addN,
  l2Normalize: nnOps.l2Normalize,
  subtract: gen.sub, multiply: gen.mul, divide: gen.div, negative: gen.neg,
  floormod: gen.mod, floordiv: gen.floorDiv, argMax: gen.argmax, argMin: gen.argmin,
  topK: sorting.topK, logSigmoid: nnOps.logSigmoid, truediv: gen.div,
  reduceEuclideanNorm: red.reduceEuclideanNorm, countNonzero: red.countNonzero,
  // The literal camelCase of TensorFlow's is_nan and reduce_logsumexp.
  isNan: gen.isNaN, reduceLogsumexp: red.reduceLogSumExp,
};

/** `tf.linalg`: products, structure, solves, decompositions (decompositions return arrays where
 * TensorFlow returns tuples) and norms. */
export const linalg = {
  matmul: ops.matmul, matvec: la.matvec, diag: la.diag, diagPart: la.diagPart, bandPart: la.bandPart, trace: la.trace,
  inv: la.inv, solve: la.solve, cholesky: la.cholesky, triangularSolve: la.triangularSolve, det: la.det,
  slogdet: la.slogdet, logdet: la.logdet, qr: la.qr, svd: la.svd, eigh: la.eigh, eigvalsh: la.eigvalsh,
  lstsq: la.lstsq, pinv: la.pinv, norm: la.norm,
  einsum: shape.einsum, tensordot: shape.tensordot, eye: shape.eye,
};
export type { NormOrd } from './linalg';
export const norm = la.norm;

/** `tf.nn`: activations, softmax, cross entropies and the other neural-network helpers. */
export const nn = {
  relu: gen.relu, relu6: gen.relu6, elu: gen.elu, selu: gen.selu, silu: gen.silu, swish: gen.silu,
  sigmoid: gen.sigmoid, softplus: gen.softplus, softsign: gen.softsign, tanh: gen.tanh,
  gelu: nnOps.gelu, leakyRelu: nnOps.leakyRelu, softmax: ops.softmax, logSoftmax: ops.logSoftmax,
  sigmoidCrossEntropyWithLogits: nnOps.sigmoidCrossEntropyWithLogits,
  softmaxCrossEntropyWithLogits: nnOps.softmaxCrossEntropyWithLogits,
  sparseSoftmaxCrossEntropyWithLogits: nnOps.sparseSoftmaxCrossEntropyWithLogits,
  l2Loss: nnOps.l2Loss, biasAdd: nnOps.biasAdd, moments: nnOps.moments, l2Normalize: nnOps.l2Normalize,
  dropout: nnOps.dropout, topK: sorting.topK,
};

/** `tf.optimize`: scipy.optimize's curve_fit and least_squares (methods 'lm' and 'trf', bounds,
 * robust losses) with exact Jacobians from automatic differentiation, and minimize (L-BFGS-B,
 * BFGS, Nelder-Mead). */
export const optimize = { curveFit: fitting.curveFit, leastSquares: fitting.leastSquares, minimize: fitting.minimize };

/** `tf.autodiff`: forward-mode differentiation. */
export const autodiff = { ForwardAccumulator };

/** `tf.optimizers` and `tf.keras.optimizers`: the Keras 3 optimizers (classes, usable as types too). */
export const optimizers = {
  Optimizer: opt.Optimizer, SGD: opt.SGD, Adam: opt.Adam, AdamW: opt.AdamW, Nadam: opt.Nadam, RMSprop: opt.RMSprop,
  Adagrad: opt.Adagrad, Adadelta: opt.Adadelta, Adamax: opt.Adamax, Lion: opt.Lion, Ftrl: opt.Ftrl, Lamb: opt.Lamb,
  Adafactor: opt.Adafactor,
  /** `tf.keras.optimizers.schedules`: callable learning-rate schedules. */
  schedules: {
    LearningRateSchedule: sched.LearningRateSchedule, ExponentialDecay: sched.ExponentialDecay, InverseTimeDecay: sched.InverseTimeDecay,
    PolynomialDecay: sched.PolynomialDecay, PiecewiseConstantDecay: sched.PiecewiseConstantDecay, CosineDecay: sched.CosineDecay,
    CosineDecayRestarts: sched.CosineDecayRestarts,
  },
};
/** The optimizer classes as types: `const o: tf.optimizers.Adam = new tf.optimizers.Adam()`. */
export declare namespace optimizers {
  type Optimizer = opt.OptimizerClass;
  type SGD = opt.SGDClass;
  type Adam = opt.AdamClass;
  type AdamW = opt.AdamWClass;
  type Nadam = opt.NadamClass;
  type RMSprop = opt.RMSpropClass;
  type Adagrad = opt.AdagradClass;
  type Adadelta = opt.AdadeltaClass;
  type Adamax = opt.AdamaxClass;
  type Lion = opt.LionClass;
  type Ftrl = opt.FtrlClass;
  type Lamb = opt.LambClass;
  type Adafactor = opt.AdafactorClass;
  namespace schedules {
    type LearningRateSchedule = sched.LearningRateScheduleClass;
    type ExponentialDecay = sched.ExponentialDecayClass;
    type InverseTimeDecay = sched.InverseTimeDecayClass;
    type PolynomialDecay = sched.PolynomialDecayClass;
    type PiecewiseConstantDecay = sched.PiecewiseConstantDecayClass;
    type CosineDecay = sched.CosineDecayClass;
    type CosineDecayRestarts = sched.CosineDecayRestartsClass;
  }
}

/** `tf.keras`: the optimizers (and their schedules), losses, activations and backend settings. */
export const keras = {
  optimizers,
  /** `tf.keras.losses`: loss classes (callable objects, as in Keras) and loss functions. */
  losses: {
    Loss: losses.Loss,
    MeanSquaredError: losses.MeanSquaredError, MeanAbsoluteError: losses.MeanAbsoluteError,
    MeanAbsolutePercentageError: losses.MeanAbsolutePercentageError, MeanSquaredLogarithmicError: losses.MeanSquaredLogarithmicError,
    Huber: losses.Huber, LogCosh: losses.LogCosh, BinaryCrossentropy: losses.BinaryCrossentropy,
    CategoricalCrossentropy: losses.CategoricalCrossentropy, SparseCategoricalCrossentropy: losses.SparseCategoricalCrossentropy,
    KLDivergence: losses.KLDivergence, Poisson: losses.Poisson, CosineSimilarity: losses.CosineSimilarity, Hinge: losses.Hinge,
    meanSquaredError: losses.meanSquaredError, meanAbsoluteError: losses.meanAbsoluteError,
    meanAbsolutePercentageError: losses.meanAbsolutePercentageError, meanSquaredLogarithmicError: losses.meanSquaredLogarithmicError,
    huber: losses.huber, logCosh: losses.logCosh, binaryCrossentropy: losses.binaryCrossentropy,
    categoricalCrossentropy: losses.categoricalCrossentropy, sparseCategoricalCrossentropy: losses.sparseCategoricalCrossentropy,
    klDivergence: losses.klDivergence, poisson: losses.poisson, cosineSimilarity: losses.cosineSimilarity, hinge: losses.hinge,
    // Keras' short names of the function forms.
    mse: losses.meanSquaredError, mae: losses.meanAbsoluteError, mape: losses.meanAbsolutePercentageError,
    msle: losses.meanSquaredLogarithmicError, kld: losses.klDivergence, logcosh: losses.logCosh,
  },
  /** `tf.keras.activations`: activation functions, and `get(name)` / `serialize(fn)`. */
  activations: {
    relu: activations.relu, leakyRelu: activations.leakyRelu, relu6: activations.relu6, sigmoid: activations.sigmoid,
    tanh: activations.tanh, softmax: activations.softmax, logSoftmax: activations.logSoftmax, softplus: activations.softplus,
    softsign: activations.softsign, elu: activations.elu, selu: activations.selu, gelu: activations.gelu,
    silu: activations.silu, swish: activations.silu, exponential: activations.exponential, linear: activations.linear,
    hardSigmoid: activations.hardSigmoid, hardSilu: activations.hardSilu, hardSwish: activations.hardSilu,
    mish: activations.mish, crelu: activations.crelu, get: activations.get, serialize: activations.serialize,
  },
  /** `tf.keras.backend`: `setFloatx(dtype)` and `floatx()`, the default float dtype. */
  backend: { setFloatx, floatx: getFloatx },
};
/** `tf.keras.optimizers.X` as a type, as `tf.optimizers.X`. */
export declare namespace keras {
  namespace optimizers {
    type Optimizer = opt.OptimizerClass;
    type SGD = opt.SGDClass;
    type Adam = opt.AdamClass;
    type AdamW = opt.AdamWClass;
    type Nadam = opt.NadamClass;
    type RMSprop = opt.RMSpropClass;
    type Adagrad = opt.AdagradClass;
    type Adadelta = opt.AdadeltaClass;
    type Adamax = opt.AdamaxClass;
    type Lion = opt.LionClass;
    type Ftrl = opt.FtrlClass;
    type Lamb = opt.LambClass;
    type Adafactor = opt.AdafactorClass;
    namespace schedules {
      type LearningRateSchedule = sched.LearningRateScheduleClass;
      type ExponentialDecay = sched.ExponentialDecayClass;
      type InverseTimeDecay = sched.InverseTimeDecayClass;
      type PolynomialDecay = sched.PolynomialDecayClass;
      type PiecewiseConstantDecay = sched.PiecewiseConstantDecayClass;
      type CosineDecay = sched.CosineDecayClass;
      type CosineDecayRestarts = sched.CosineDecayRestartsClass;
    }
  }
}

export { setFloatx, getFloatx as floatx };

// The op table's ops as Tensor methods (`x.sigmoid()`), and the hand-written ones' methods.
Object.assign(Tensor.prototype, gen.tensorOps);

/** True when `x` is a tensor or variable. */
export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

// Node and workers start the module at import, so no `await` is needed there. Browsers may refuse
// synchronous compilation on the main thread; `await tf.ready()` covers them.
try {
  initSync();
} catch {
  /* started later by ready() or on first use */
}
