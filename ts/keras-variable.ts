// keras.Variable: Keras 3's backend-agnostic variable (keras/src/backend/common/variables.py), as
// a thin subclass of tf.Variable, so that it goes wherever a tf.Variable goes: tapes watch it when
// it is made trainable, optimizers update it, every op takes it. What differs is Keras' own: the
// constructor takes an initializer and a shape (or a value), `name` is the plain name and `path`
// the name in the scope it was made in, updates cast to the variable's dtype, `trainable`,
// `constraint` and `regularizer` can be set, and its text is Keras' repr.

import { makeConstant } from './creation';
import { checkBoolean, checkOptions, describe } from './describe';
import { type DType, checkDType, getFloatx, isFloat } from './dtype';
import * as initializers from './initializers';
import { currentPath, pathFor } from './layers/keras-path';
import { toSnakeCase, uniqueName } from './layers/names';
import { currentNameScope } from './name-scope';
import { broadcastShapes } from './array-composites';
import { broadcastTo, cast } from './ops';
import { Tensor, type TensorLike, shapeString } from './tensor';
import { Variable } from './variable';

/** An initializer as keras.Variable takes it: a `tf.keras.initializers` object or name ('ones',
 * 'glorot_uniform'), or a function of `(shape, dtype)` returning the value. */
export type KerasVariableInitializer = initializers.Initializer | string | ((shape: number[], dtype: DType) => TensorLike);

/** How a distributed variable is aggregated (Keras' `aggregation`); a note only here, as gradtape runs on one device. */
export type VariableAggregation = 'none' | 'mean' | 'sum' | 'only_first_replica';
/** When a distributed variable is synchronized (Keras' `synchronization`); a note only here. */
export type VariableSynchronization = 'none' | 'on_read' | 'on_write' | 'auto';

/** Options of `new tf.keras.Variable(initializer, options)` (Keras' keyword arguments). */
export interface KerasVariableOptions {
  /** The shape: needed when `initializer` is an initializer, ignored (as in Keras) when it is a value. */
  shape?: readonly number[] | null;
  /** The dtype; by default the value's, or the default float (`tf.keras.backend.floatx()`) for an
   * initializer. A value of another dtype is cast to it. */
  dtype?: DType | null;
  /** Whether it is trainable (default true): tapes watch it when read, optimizers and layers train it. The
   * property can be changed later for optimizers and layers; tapes keep the flag it was made with. */
  trainable?: boolean;
  /** Keras' autocast flag (default true): whether a layer computing in a narrower float dtype reads
   * it in that dtype. gradtape has no float16 or bfloat16, so no layer casts it; kept as Keras keeps it. */
  autocast?: boolean;
  /** 'none' (default; null means it too), 'mean', 'sum' or 'only_first_replica'. */
  aggregation?: VariableAggregation | null;
  /** 'auto' (default), 'none' (null means it too), 'on_read' or 'on_write'. */
  synchronization?: VariableSynchronization | null;
  /** Its name, without '/': by default 'variable', then 'variable_1', ... (Keras' automatic names,
   * counted with the layers' and started over by `tf.keras.backend.clearSession()`). */
  name?: string | null;
}

const AGGREGATIONS = ['none', 'mean', 'sum', 'only_first_replica'];
const SYNCHRONIZATIONS = ['none', 'on_read', 'on_write', 'auto'];

/** Python's repr of a shape tuple with what it holds (None for null): `(2, 3)`, `(2,)`, `(None, 2)`. */
function pythonTuple(shape: readonly unknown[]): string {
  const items = shape.map((d) => (d === null ? 'None' : typeof d === 'string' ? `'${d}'` : String(d)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** Keras' standardize_shape and _validate_shape: a list of non-negative integers, none unknown. */
function checkVariableShape(shape: unknown, path: string): number[] {
  const op = 'keras.Variable';
  if (!Array.isArray(shape)) throw new Error(`${op}: Cannot convert '${describe(shape)}' to a shape.`);
  for (const d of shape) {
    if (d === null) continue;
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      throw new Error(`${op}: Cannot convert '${pythonTuple(shape)}' to a shape. Found invalid dimension '${String(d)}' of type '${typeof d}'.`);
    }
    if (d < 0) throw new Error(`${op}: Cannot convert '${pythonTuple(shape)}' to a shape. Negative dimensions are not allowed.`);
  }
  if (shape.includes(null)) {
    throw new Error(`${op}: Shapes used to initialize variables must be fully-defined (no \`None\` dimensions). Received: shape=${pythonTuple(shape)} for variable path='${path}'`);
  }
  return shape.slice() as number[];
}

/** `value` as a tensor of `dtype`, converted as Keras' convert_to_tensor(value, dtype) does: a
 * tensor or typed array keeps its values and is cast (floats to int32 truncate); plain numbers are
 * read in the variable's float dtype (or float64, then cast, for an int32 or bool variable). */
function converted(value: TensorLike, dtype: DType | undefined, op: string): Tensor {
  if (value instanceof Tensor || ArrayBuffer.isView(value)) {
    const t = makeConstant(value, undefined, op);
    return dtype === undefined || t.dtype === dtype ? t : cast(t, dtype);
  }
  if (dtype === undefined || isFloat(dtype)) return makeConstant(value, dtype, op);
  return cast(makeConstant(value, 'float64', op), dtype);
}

/**
 * keras.Variable: Keras 3's variable, a {@link Variable} (so a tensor) made from a value or from
 * an initializer and a shape. Everything that takes a tf.Variable takes it: tapes watch it while
 * trainable, `optimizer.applyGradients` updates it, ops read it. A layer lists a keras.Variable
 * set as one of its properties (in `build`) among its weights, as Keras tracks it. Keras' `value`
 * property is the method `value()` here (tf.Variable's: a snapshot), and `assign*` return the
 * variable, holding the new value.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const w = new tf.keras.Variable('ones', { shape: [2] });
 * console.log(w.name, w.path, w.dtype, w.numpy()); // variable variable float32 [ 1, 1 ]
 * w.assign([3, 4]);
 * console.log(String(w)); // <Variable path=variable, shape=(2,), dtype=float32, value=[3. 4.]>
 * ```
 */
export class KerasVariable extends Variable {
  /** The name given (or Keras' automatic one, 'variable', 'variable_1', ...), without the scope. */
  override readonly name: string;
  /** The name in the Keras scopes it was made in: 'sequential/dense/kernel' for a variable a
   * Sequential's layer 'dense' makes in `build`, the name alone at the top level. */
  override readonly path: string;
  /** Whether optimizers train it (a layer lists it among its trainable weights); can be changed.
   * Tapes watch it by the flag it was made with, as they watch the tf.Variable under Keras'. */
  override trainable: boolean;
  /** Keras' autocast flag (see the option). */
  readonly autocast: boolean;
  /** 'none', 'mean', 'sum' or 'only_first_replica'. */
  readonly aggregation: VariableAggregation;
  /** 'auto', 'none', 'on_read' or 'on_write'. */
  readonly synchronization: VariableSynchronization;
  /** The projection optimizers apply after updating it (a function of the variable's value, such as a
   * `tf.keras.constraints` object), or null; can be set. */
  override constraint: ((value: Tensor) => Tensor) | null;
  /** A penalty of its value (a `tf.keras.regularizers` object or a function), or null: a layer that
   * holds the variable adds it to `losses`, as Keras does. Can be set. */
  regularizer: ((value: Tensor) => Tensor) | null = null;

  /**
   * A variable of `initializer`: a value (a tensor, a number, nested arrays, a typed array), or an
   * initializer (a `tf.keras.initializers` object or name, or a function of `(shape, dtype)`), which
   * needs `shape`.
   * @param initializer The value, or what makes it.
   * @param options `shape`, `dtype`, `trainable`, `name`, `autocast`, `aggregation`,
   *   `synchronization`; or the shape alone (Keras' second positional argument).
   */
  constructor(initializer: (shape: number[], dtype: DType) => TensorLike, options: KerasVariableOptions | readonly number[]);
  constructor(initializer: TensorLike | KerasVariableInitializer, options?: KerasVariableOptions | readonly number[]);
  constructor(initializer: TensorLike | KerasVariableInitializer, options: KerasVariableOptions | readonly number[] = {}) {
    const op = 'keras.Variable';
    const o = (Array.isArray(options) ? { shape: options } : checkOptions(options, op, ['shape', 'dtype', 'trainable', 'autocast', 'aggregation', 'synchronization', 'name'], "{shape: [2, 3], dtype: 'float32'}")) as KerasVariableOptions;
    const given = o.name;
    if (given !== undefined && given !== null && (typeof given !== 'string' || given.includes('/'))) {
      throw new Error(`${op}: Argument \`name\` must be a string and cannot contain character \`/\`. Received: name=${typeof given === 'string' ? given : describe(given)}`);
    }
    const aggregation = o.aggregation ?? 'none';
    if (!AGGREGATIONS.includes(aggregation)) {
      throw new Error(`${op}: Invalid value for argument \`aggregation\`. Expected one of \`None\`, \`'none'\`, \`'mean'\`, \`'sum'\`, \`'only_first_replica'\`. Received: aggregation=${String(aggregation)}`);
    }
    // ('auto' when not given; null is 'none', as Keras' None.)
    const synchronization = o.synchronization === undefined ? 'auto' : o.synchronization ?? 'none';
    if (!SYNCHRONIZATIONS.includes(synchronization)) {
      throw new Error(`${op}: Invalid value for argument \`synchronization\`. Expected one of \`None\`, \`'none'\`, \`'on_read'\`, \`'on_write'\`, \`'auto'\`. Received: synchronization=${String(synchronization)}`);
    }
    const trainable = checkBoolean(o.trainable, op, 'trainable', true);
    const autocast = checkBoolean(o.autocast, op, 'autocast', true);
    // (The automatic name is taken after the checks, as Keras takes it first but a failed call's
    // number is not worth keeping; it takes the next number of the layers' counter.)
    const name = given || uniqueName(toSnakeCase('Variable'));
    // Keras' path: inside a layer (its build or call), the layers' scopes; at the top level the
    // name scope it is made in.
    const path = currentPath() === '' ? currentNameScope() + name : pathFor(name);
    let dtype = o.dtype === undefined || o.dtype === null ? undefined : checkDType(o.dtype, op);
    let value: Tensor;
    let fresh = false;
    if (typeof initializer === 'string' || typeof initializer === 'function') {
      // Keras' initializers.get: a name is made into an initializer object.
      let init: (shape: number[], dtype: DType) => TensorLike;
      if (typeof initializer === 'string') {
        try {
          init = initializers.get(initializer) as (shape: number[], dtype: DType) => TensorLike;
        } catch (e) {
          throw new Error(`${op}: Could not interpret initializer identifier: ${initializer} (${(e as Error).message})`);
        }
      } else {
        init = initializer as (shape: number[], dtype: DType) => TensorLike;
      }
      if (o.shape === undefined || o.shape === null) {
        throw new Error(`${op}: When creating a Variable from an initializer, the \`shape\` argument should be specified. Received: initializer=${describe(initializer)} and shape=None`);
      }
      const shape = checkVariableShape(o.shape, path);
      dtype ??= getFloatx();
      const made = init(shape, dtype);
      value = converted(made, dtype, op);
      // A built-in initializer's tensor is a new one, freed once copied; a function's may be one it keeps.
      fresh = value !== made || initializer instanceof initializers.Initializer || typeof initializer === 'string';
    } else {
      value = converted(initializer, dtype, op);
      fresh = value !== initializer;
      dtype ??= value.dtype;
    }
    super(value, { name, dtype, trainable });
    if (fresh) value.dispose();
    this.name = name;
    this.path = path;
    this.trainable = trainable;
    this.autocast = autocast;
    this.aggregation = aggregation as VariableAggregation;
    this.synchronization = synchronization as VariableSynchronization;
    this.constraint = null;
  }

  /**
   * Replaces the value, cast to the variable's dtype as Keras casts it (a float value of an int32
   * variable is truncated); the shape must be the variable's. Returns the variable.
   *
   * @example
   * ```ts
   * const v = new tf.keras.Variable(new Int32Array([1, 2]));
   * console.log(v.assign(new Float32Array([3.7, -4.7])).numpy()); // [ 3, -4 ]
   * ```
   */
  override assign(value: TensorLike): this {
    const t = converted(value, this.dtype, 'keras.Variable.assign');
    if (t.shape.length !== this.shape.length || t.shape.some((d, i) => d !== this.shape[i])) {
      throw new Error(
        `keras.Variable.assign: The shape of the target variable and the shape of the target value in \`variable.assign(value)\` must match. variable.shape=${shapeString(this.shape)}, Received: value.shape=${shapeString(t.shape)}. Target variable: ${this.toString()}`,
      );
    }
    return super.assign(t);
  }

  /** Adds `delta` in place (Keras' `assign_add`: `assign(variable + delta)`, so a delta that
   * broadcasts to the variable's shape is taken); returns the variable. */
  override assignAdd(delta: TensorLike): this {
    return super.assignAdd(this.update(delta, 'keras.Variable.assignAdd'));
  }

  /** Subtracts `delta` in place (Keras' `assign_sub`); returns the variable. */
  override assignSub(delta: TensorLike): this {
    return super.assignSub(this.update(delta, 'keras.Variable.assignSub'));
  }

  /** `delta` in the variable's dtype, broadcast to its shape; a delta of a shape `variable + delta`
   * does not keep is the shape error `assign` gives. */
  private update(delta: TensorLike, op: string): Tensor {
    const t = converted(delta, this.dtype, op);
    const shape = broadcastShapes(this.shape, t.shape);
    if (shape === null || shape.length !== this.shape.length || shape.some((d, i) => d !== this.shape[i])) {
      throw new Error(
        `${op}: The shape of the target variable and the shape of the target value in \`variable.assign(value)\` must match. variable.shape=${shapeString(this.shape)}, Received: value.shape=${shapeString(shape ?? t.shape)}. Target variable: ${this.toString()}`,
      );
    }
    return broadcastTo(t, this.shape);
  }

  /** Keras' repr: `<Variable path=w, shape=(2,), dtype=float32, value=[1. 2.]>`. */
  override toString(): string {
    return `<Variable path=${this.path}, shape=${shapeString(this.shape)}, dtype=${this.dtype}, value=${this.toStringValues()}>`;
  }
}
