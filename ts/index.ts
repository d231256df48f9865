// gradtape: TensorFlow 2's constant, Variable, GradientTape and Keras optimizers for JS/TS.
//   import * as tf from 'gradtape'

import * as creation from './creation';
import { type DType, getFloatx, setFloatx } from './dtype';
import * as gen from './generated/ops';
import * as ops from './ops';
import * as opt from './optimizers';
import * as shape from './shape';
import { setSeed } from './random';
import { Tensor } from './tensor';
import { ready as wasmReady, initSync } from './wasm/runtime';

export type { DType } from './dtype';
export type { TensorLike, NestedArray, MemoryInfo } from './tensor';
export type { GradientTapeOptions, GradientOptions, Structure, GradientOf } from './tape';
export type { VariableOptions } from './variable';
export type { SGDOptions, AdamOptions, NadamOptions, GradientPair } from './optimizers';
export { Tensor, memory, setMemoryBudget } from './tensor';
export { Variable } from './variable';
export { GradientTape } from './tape';
export { tidy, keep, dispose } from './memory';
export { constant, fill, zeros, ones, zerosLike, onesLike } from './creation';
export * from './generated/ops';
export {
  matmul, reduceMean, reshape, transpose, broadcastTo, concat, cast, stopGradient, where, polyval,
} from './ops';
export { tensorOps } from './generated/ops';
export {
  slice, stridedSlice, gather, gatherNd, scatterNd, tensorScatterUpdate, tile, pad, reverse, oneHot, expandDims, squeeze,
  stack, unstack, split, identity, meshgrid, range, eye, linspace, tensordot, einsum,
} from './shape';
export type { StridedSliceOptions, GatherOptions, OneHotOptions, MeshgridOptions, PadMode } from './shape';
/** TensorFlow's full name of tensorScatterUpdate (tf.tensor_scatter_nd_update). */
export { tensorScatterUpdate as tensorScatterNdUpdate } from './shape';

export const float32: DType = 'float32';
export const float64: DType = 'float64';
export const int32: DType = 'int32';
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
/** TensorFlow.js spellings. */
export const argMax = gen.argmax;
export const argMin = gen.argmin;

export const random = {
  normal: creation.randomNormal,
  uniform: creation.randomUniform,
  setSeed,
};

/** `tf.math`: the elementwise ops, comparisons and reductions under TensorFlow's namespace. */
export const math = {
  ...gen,
  polyval: ops.polyval, reduceMean: ops.reduceMean,
  subtract: gen.sub, multiply: gen.mul, divide: gen.div, negative: gen.neg,
  floormod: gen.mod, floordiv: gen.floorDiv, argMax: gen.argmax, argMin: gen.argmin,
};

/** `tf.linalg`: the contractions and eye, under TensorFlow's namespace. */
export const linalg = { matmul: ops.matmul, einsum: shape.einsum, tensordot: shape.tensordot, eye: shape.eye };

/** `tf.nn`: activations and softmax. */
export const nn = {
  relu: gen.relu, relu6: gen.relu6, elu: gen.elu, selu: gen.selu, silu: gen.silu, swish: gen.silu,
  sigmoid: gen.sigmoid, softplus: gen.softplus, softsign: gen.softsign, tanh: gen.tanh,
  gelu: gen.gelu, softmax: ops.softmax, logSoftmax: ops.logSoftmax,
};

export const optimizers = { SGD: opt.SGD, Adam: opt.Adam, Nadam: opt.Nadam, Optimizer: opt.Optimizer };

export const keras = {
  optimizers,
  backend: { setFloatx, floatx: getFloatx },
};

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
