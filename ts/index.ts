// gradtape: TensorFlow 2's constant, Variable, GradientTape and Keras optimizers for JS/TS.
//   import * as tf from 'gradtape'

import * as creation from './creation';
import { type DType, getFloatx, setFloatx } from './dtype';
import * as ops from './ops';
import * as opt from './optimizers';
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
export {
  add, sub, mul, div, pow, neg, square, sqrt, exp, log, abs, matmul, reduceSum, reduceMean,
  reshape, transpose, broadcastTo, concat, cast, stopGradient,
} from './ops';

export const float32: DType = 'float32';
export const float64: DType = 'float64';
export const int32: DType = 'int32';

/** Resolves once the WebAssembly module is running. Needed in browsers before the first op; in
 * Node the module also starts synchronously on first use. */
export async function ready(): Promise<void> {
  await wasmReady();
}

/** `tf.subtract` etc.: TensorFlow's long names. */
export const subtract = ops.sub;
export const multiply = ops.mul;
export const divide = ops.div;
export const negative = ops.neg;

export const random = {
  normal: creation.randomNormal,
  uniform: creation.randomUniform,
  setSeed,
};

export const math = {
  polyval: ops.polyval,
  add: ops.add, subtract: ops.sub, multiply: ops.mul, divide: ops.div, pow: ops.pow,
  negative: ops.neg, square: ops.square, sqrt: ops.sqrt, exp: ops.exp, log: ops.log, abs: ops.abs,
  reduceSum: ops.reduceSum, reduceMean: ops.reduceMean,
};

export const optimizers = { SGD: opt.SGD, Adam: opt.Adam, Nadam: opt.Nadam, Optimizer: opt.Optimizer };

export const keras = {
  optimizers,
  backend: { setFloatx, floatx: getFloatx },
};

export { setFloatx, getFloatx as floatx };

/** True when `x` is a tensor or variable. */
export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

// Node and workers start the module at import, so no `await` is needed there. Browsers may refuse
// synchronous compilation on the main thread; `await tf.ready()` covers them.
try {
  initSync();
} catch {
  /* started later by ready() or on first use */
}
