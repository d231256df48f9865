// tf.keras.KerasTensor and the call records of the functional API (keras/src/backend/common/
// keras_tensor.py, keras/src/ops/node.py): a KerasTensor is a symbolic tensor, a shape (null for
// the sizes not known, the batch size first) and a dtype with no values. `tf.keras.Input` makes
// one; calling a layer on KerasTensors makes new ones and records the call as a Node (the layer,
// its inputs, its outputs, the call's options), which a functional Model replays on real tensors.

import type { DType } from '../dtype';
import type { LayerCallOptions, LayerShape } from './layer';
import { uniqueName } from './names';
import { type Nest, flatten } from './nest';

/** What a KerasTensor knows of the layer call that made it (Keras' `_keras_history`). */
export interface KerasHistory {
  /** The call. */
  readonly node: Node;
  /** Its position among the call's outputs (flattened). */
  readonly tensorIndex: number;
}

/** A layer as a Node sees it: its name, its recorded calls. (The Layer class imports this file.) */
export interface NodeOperation {
  readonly name: string;
  /** @internal The calls of the layer on KerasTensors, in order. */
  readonly _inboundNodes: readonly Node[];
}

/** The marker `describe` recognizes, so ops given a KerasTensor say what to do instead. */
export const KERAS_TENSOR_MARK: unique symbol = Symbol.for('gradtape.kerasTensor') as never;

/**
 * keras.KerasTensor: a symbolic tensor of the functional API, with a `shape` (null where the size
 * is not known: the batch size, unless fixed), a `dtype` and a `name`, and no values.
 * `tf.keras.Input(shape)` makes one; calling a layer on KerasTensors gives KerasTensors and records
 * the call, and `new tf.keras.Model({ inputs, outputs })` replays the recorded calls on real
 * tensors. tf ops do not take KerasTensors: compute on them with layers (`tf.keras.layers.Add`,
 * `Multiply`, ... or a Layer subclass).
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const x = tf.keras.Input([3]);
 * const y = new tf.keras.layers.Dense(2)(x);
 * console.log(String(x)); // <KerasTensor shape=(None, 3), dtype=float32, sparse=False, name=input_layer>
 * console.log(y.shape, y instanceof tf.keras.KerasTensor); // [ null, 2 ] true
 * ```
 */
export class KerasTensor {
  /** Makes the class nominal: a Tensor (which has a shape and dtype too) is not a KerasTensor. */
  readonly #symbolic = true;
  /** The shape, the batch axis first; null for sizes not known. */
  readonly shape: (number | null)[];
  /** The dtype the real tensors will have. */
  readonly dtype: DType;
  /** The name (Keras' automatic 'keras_tensor', 'keras_tensor_1', ..., or the input layer's). */
  readonly name: string;
  #history: KerasHistory | null = null;

  /**
   * @param shape The shape (null for sizes not known).
   * @param dtype The dtype.
   * @param name The name (default: Keras' automatic 'keras_tensor', numbered).
   */
  constructor(shape: LayerShape, dtype: DType, name: string | null = null) {
    this.shape = shape.slice();
    this.dtype = dtype;
    this.name = name ?? uniqueName('keras_tensor');
  }

  /** The number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** The same as `rank` (Keras' `ndim`). */
  get ndim(): number {
    return this.shape.length;
  }

  /** @internal The layer call that made the tensor (null before it is recorded). */
  get _history(): KerasHistory | null {
    return this.#history;
  }

  /** @internal Records the call that made the tensor (once). */
  _setHistory(history: KerasHistory): void {
    this.#history = history;
  }

  /** Whether this is a KerasTensor (`describe` reads it without importing the class). */
  get [KERAS_TENSOR_MARK](): boolean {
    return this.#symbolic;
  }

  /** Keras' text: `<KerasTensor shape=(None, 3), dtype=float32, sparse=False, name=keras_tensor>`. */
  toString(): string {
    const dims = this.shape.map((d) => (d === null ? 'None' : String(d))).join(', ');
    return `<KerasTensor shape=(${dims}${this.shape.length === 1 ? ',' : ''}), dtype=${this.dtype}, sparse=False, name=${this.name}>`;
  }

  /** Node's console.log shows Keras' text. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Whether `value` is a KerasTensor. */
export const isKerasTensor = (value: unknown): value is KerasTensor => value instanceof KerasTensor;

/**
 * A recorded layer call (Keras' Node): the layer, the KerasTensors it was called on (in their
 * structure), the KerasTensors it gave (flattened), and the call's options. An InputLayer's node
 * has no inputs.
 */
export class Node {
  /** The layer called. */
  readonly operation: NodeOperation;
  /** The call's inputs, in the structure they were passed (null for an input layer's node). */
  readonly inputs: Nest<KerasTensor> | null;
  /** The call's outputs, in order. */
  readonly outputs: readonly KerasTensor[];
  /** The options the call was given (`training`), passed again when the model runs it. */
  readonly callOptions: LayerCallOptions;

  constructor(operation: NodeOperation, inputs: Nest<KerasTensor> | null, outputs: readonly KerasTensor[], callOptions: LayerCallOptions) {
    this.operation = operation;
    this.inputs = inputs;
    this.outputs = outputs.slice();
    this.callOptions = { ...callOptions };
    outputs.forEach((t, tensorIndex) => t._setHistory({ node: this, tensorIndex }));
  }

  /** The input KerasTensors in order (none for an input layer's node), then those of the call's
   * options (a `mask`, an RNN's `initialState`): the call needs them all, as Keras' node does. */
  get inputTensors(): KerasTensor[] {
    if (this.inputs === null) return [];
    return [...flatten(this.inputs, isKerasTensor), ...optionTensors(this.callOptions)];
  }

  /** Whether this is an input layer's node (no inputs). */
  get isInput(): boolean {
    return this.inputs === null;
  }

  /** The nodes whose outputs this node takes. */
  get parentNodes(): Node[] {
    return this.inputTensors.map((t) => t._history?.node).filter((n): n is Node => n !== undefined);
  }
}

/** The KerasTensors among a call's options (each option a KerasTensor, or an array or object of values). */
export function optionTensors(options: object): KerasTensor[] {
  const out: KerasTensor[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (key === 'training' || value === null || value === undefined) continue;
    const values = value instanceof KerasTensor ? [value] : Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value as object) : [];
    for (const v of values) if (v instanceof KerasTensor) out.push(v);
  }
  return out;
}

/** A call's options with each KerasTensor replaced by `valueOf` it (a functional model's replay). */
export function mapOptionTensors<T>(options: object, valueOf: (t: KerasTensor) => T): Record<string, unknown> {
  const one = (v: unknown): unknown => (v instanceof KerasTensor ? valueOf(v) : v);
  return Object.fromEntries(Object.entries(options).map(([key, value]) => {
    if (Array.isArray(value)) return [key, value.map(one)];
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return [key, Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, one(v)]))];
    return [key, one(value)];
  }));
}
