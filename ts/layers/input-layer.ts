// tf.keras.layers.InputLayer and tf.keras.Input (keras/src/layers/core/input_layer.py): the shape
// and dtype a model's inputs have. An InputLayer makes its KerasTensor (`output`) at construction,
// with a node of no inputs that starts the functional graphs built on it; `tf.keras.Input` returns
// that KerasTensor, which a functional Model takes as an input and a Sequential as its first entry.

import { checkOptions, describe, isPlainObject, kerasArguments, type PositionalThenOptions } from '../describe';
import { type DType, checkDType, isFloat } from '../dtype';
import { cast } from '../ops';
import type { Tensor } from '../tensor';
import { KerasTensor, Node } from './keras-tensor';
import { Layer, type LayerDType, type LayerShape, checkShape, layerArguments, shapeText } from './layer';

/** Options of `new tf.keras.layers.InputLayer(options)`. */
export interface InputLayerOptions {
  /** The shape of one sample (no batch axis); null entries for sizes not known. */
  shape?: LayerShape | null;
  /** The batch size, if fixed (default: any). */
  batchSize?: number | null;
  /** The full shape, batch axis included (instead of `shape` and `batchSize`). */
  batchShape?: LayerShape | null;
  /** The inputs' dtype (default: `tf.keras.backend.floatx()`): 'int32' for token ids (an
   * Embedding's input) or 'bool' too, as Keras' Input takes them. */
  dtype?: DType | null;
  /** The layer's name (default 'input_layer', numbered to be unique). */
  name?: string | null;
}

/** Options of `tf.keras.Input(shape, options)`. */
export interface InputOptions {
  /** The batch size, if fixed (default: any). */
  batchSize?: number | null;
  /** The inputs' dtype (default: `tf.keras.backend.floatx()`; 'int32' for token ids). */
  dtype?: DType | null;
  /** The input layer's name (default 'input_layer', numbered to be unique). */
  name?: string | null;
}

/** The arguments Keras 3's InputLayer and Input start with, in its order (each None by default). */
const INPUT_POSITIONAL = ['shape', 'batchSize', 'dtype', 'sparse'];

/** Keras 3's positional arguments of InputLayer after its required ones, in its order. */
type InputLayerPositional = [
  batchSize?: number | null, dtype?: DType | null, sparse?: null,
];

/**
 * keras.layers.InputLayer: the input of a model, of shape `batchShape` ([batch size or null,
 * ...one sample's shape]). Its `output` is the KerasTensor `tf.keras.Input` returns. Calling it
 * returns its input after checking the shape.
 *
 * @example
 * ```ts
 * const input = new tf.keras.layers.InputLayer({ shape: [4] });
 * console.log(input.batchShape, input.dtype, input.output.shape); // [ null, 4 ] float32 [ null, 4 ]
 * ```
 */
export class InputLayer extends Layer {
  /** The inputs' shape, batch axis first (null where any size is accepted). */
  readonly batchShape: (number | null)[];
  /** The KerasTensor standing for the inputs in the functional API (what `tf.keras.Input` returns). */
  readonly output: KerasTensor;
  /** The inputs' dtype (Keras' InputLayer dtype): the layer's float dtype, or 'int32' or 'bool'. */
  readonly inputDtype: DType;

  /** @param options `shape` (or `batchShape`), `batchSize`, `dtype`, `name`. */
  constructor(options?: InputLayerOptions);
  /** Keras 3's positional form, `InputLayer(shape, batch_size, dtype, sparse)` (sparse only null:
   * gradtape has no sparse tensors; the arguments after it differ between Keras 3 releases). */
  constructor(shape: LayerShape | null, ...positional: InputLayerPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (batchShape among them, after a null shape: `InputLayer(None, batch_shape=(2, 4))`). */
  constructor(shape: LayerShape | null, ...positionalThenOptions: PositionalThenOptions<InputLayerPositional, Omit<InputLayerOptions, 'shape'>>);
  constructor(...args: unknown[]) {
    // batch_shape follows sparse in Keras 3's order, whose later arguments differ between releases:
    // not positional here, but Python takes it by name after the positional arguments.
    const options = layerArguments(new.target, args, INPUT_POSITIONAL, INPUT_POSITIONAL, { sparse: null }, ['batchShape']);
    const o = checkOptions(options, 'keras.layers.InputLayer', ['shape', 'batchSize', 'batchShape', 'dtype', 'name'], '{shape: [4]}') as InputLayerOptions;
    const inputDtype = o.dtype === undefined || o.dtype === null ? null : checkDType(o.dtype, 'keras.layers.InputLayer');
    // (The layer's own dtype is a float one, for weights; an int32 or bool input has none.)
    super({ name: o.name ?? null, dtype: inputDtype !== null && isFloat(inputDtype) ? (inputDtype as LayerDType) : null });
    this.inputDtype = inputDtype ?? this.dtype;
    const op = this.qualifiedName;
    const hasShape = o.shape !== undefined && o.shape !== null;
    const hasBatchShape = o.batchShape !== undefined && o.batchShape !== null;
    if (hasShape && hasBatchShape) throw new Error(`${op}: You cannot pass both \`shape\` and \`batchShape\` at the same time.`);
    if (!hasShape && !hasBatchShape) throw new Error(`${op}: You must pass a \`shape\` argument.`);
    if (o.batchSize !== undefined && o.batchSize !== null && !(Number.isInteger(o.batchSize) && o.batchSize > 0)) {
      throw new Error(`${op}: batchSize must be a positive integer, got ${describe(o.batchSize)}.`);
    }
    this.batchShape = hasShape ? [o.batchSize ?? null, ...checkShape(o.shape, op, 'shape')] : checkShape(o.batchShape, op, 'batchShape');
    this.built = true;
    // Keras names the input's KerasTensor after the layer.
    this.output = new KerasTensor(this.batchShape, this.inputDtype, this.name);
    this._addInboundNode(new Node(this, null, [this.output], {}));
  }

  /** The inputs, after checking that their shape is `batchShape`'s. */
  override call(inputs: Tensor): Tensor {
    const expected = this.batchShape;
    const shape = inputs.shape;
    if (shape.length !== expected.length || expected.some((d, i) => d !== null && d !== shape[i])) {
      throw new Error(`${this.qualifiedName}: Input 0 of layer "${this.name}" is incompatible with the layer: expected shape=${shapeText(expected)}, found shape=${shapeText(shape)}`);
    }
    return inputs;
  }

  /** `inputs` in the dtype this input promises, as Keras converts a model's inputs: token ids
   * given as floats become the int32 of an `Input({ dtype: 'int32' })`, and an integer column
   * given to a float Input becomes float (layers autocast only float inputs, so an int32 column
   * would reach a Normalization's float mean as it is). Float inputs to a float Input are left to
   * the layers, which cast them to their own dtype. */
  toInputDtype(inputs: Tensor): Tensor {
    if (inputs.dtype === this.inputDtype) return inputs;
    return !isFloat(this.inputDtype) || !isFloat(inputs.dtype) ? cast(inputs, this.inputDtype) : inputs;
  }

  /** `batchShape`. */
  override computeOutputShape(): (number | null)[] {
    return this.batchShape.slice();
  }

  /** `{batchShape, dtype, name}`. */
  override getConfig(): Record<string, unknown> {
    return { batchShape: this.batchShape.slice(), dtype: this.inputDtype, name: this.name };
  }
}

/**
 * keras.Input(shape): the KerasTensor standing for a model's inputs, whose samples have shape
 * `shape` (the batch size first in its `shape`, null unless `batchSize`), of `dtype` (floatx by
 * default; 'int32' for token ids: a model converts what it is given to it, as Keras does). Layers called on it give
 * KerasTensors, from which `new tf.keras.Model({ inputs, outputs })` makes a model; a Sequential
 * takes it as its first entry.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const inputs = tf.keras.Input([3], { name: 'features' });
 * const outputs = new tf.keras.layers.Dense(2)(inputs);
 * const model = new tf.keras.Model({ inputs, outputs });
 * console.log(inputs.shape, model.countParams());       // [ null, 3 ] 8
 * const sequential = new tf.keras.Sequential([tf.keras.Input([3]), new tf.keras.layers.Dense(2)]);
 * console.log(sequential.built, sequential.countParams()); // true 8
 * // Token ids for an Embedding: an int32 input (the options may also come in one object).
 * const tokens = tf.keras.Input({ shape: [null], dtype: 'int32' });
 * console.log(tokens.dtype, new tf.keras.layers.Embedding(100, 8)(tokens).shape); // int32 [ null, null, 8 ]
 * ```
 */
export function Input(shape: LayerShape, options?: InputOptions): KerasTensor;
/** Keras 3's positional form, `Input(shape, batch_size, dtype, sparse)` (sparse only null:
 * gradtape has no sparse tensors; the arguments after it differ between Keras 3 releases, so
 * `name` comes only in an options object). */
export function Input(shape: LayerShape, batchSize?: number | null, dtype?: DType | null, sparse?: null): KerasTensor;
/** `tf.keras.Input({ shape, dtype, ... })`: the options in one object, as Keras' keywords (and
 * TensorFlow.js's `tf.input`) give them; `batchShape` instead of `shape` gives the batch size too. */
export function Input(options: InputOptions & { shape?: LayerShape | null; batchShape?: LayerShape | null }): KerasTensor;
export function Input(shape: LayerShape | (InputOptions & { shape?: LayerShape | null; batchShape?: LayerShape | null }), ...args: unknown[]): KerasTensor {
  if (isPlainObject(shape)) {
    const o = checkOptions(shape, 'keras.Input', ['shape', 'batchShape', 'batchSize', 'dtype', 'name'], '{shape: [3], dtype: \'int32\'}') as InputLayerOptions;
    if (args.some((v) => v !== undefined)) throw new Error(`keras.Input: got ${describe(args.find((v) => v !== undefined))} after the options object; pass the options in it alone.`);
    return new InputLayer(o).output;
  }
  const options = kerasArguments('keras.Input', args, INPUT_POSITIONAL.slice(1), INPUT_POSITIONAL, { unsupported: { sparse: null } });
  const o = checkOptions(options ?? {}, 'keras.Input', ['batchSize', 'dtype', 'name'], '{batchSize: 32}') as InputOptions;
  return new InputLayer({ shape: shape as LayerShape, batchSize: o.batchSize ?? null, dtype: o.dtype ?? null, name: o.name ?? null }).output;
}
