// tf.keras.Sequential (keras/src/models/sequential.py): a model whose layers run one after the
// other. Given an input shape (a first `tf.keras.Input(shape)`, or `inputShape` on the first
// layer), it builds every layer as soon as they are added, so its summary and weights are known
// before any call; otherwise the first call builds it from the data's shape.

import { describe, isPlainObject, kerasArguments, type PositionalThenOptions } from '../describe';
import { InputLayer } from '../layers/input-layer';
import { KerasTensor } from '../layers/keras-tensor';
import { Layer, type LayerCallArguments, type LayerOptions, type LayerShape, type LayerTensors, resolvedTraining, shapeText } from '../layers/layer';
import type { Nest } from '../layers/nest';
import { type DeserializeOptions, type SerializedLayer, checkCustomObjects, deserialize, registerLayerClass, serialize } from '../layers/serialization';
import { Tensor } from '../tensor';
import { adjustInputRank } from './functional';
import { Model } from './model';

/** Keras 3's positional arguments of Sequential after layers, in its order. */
type SequentialPositional = [trainable?: boolean, name?: string | null];

/**
 * keras.Sequential: a stack of layers, each called on the previous one's output. A model like any
 * other: `compile`, `fit`, `evaluate`, `predict`, `summary`, and `trainableVariables` for a custom
 * training loop.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const model = new tf.keras.Sequential([
 *   tf.keras.Input([4]),
 *   new tf.keras.layers.Dense(8, { activation: 'relu' }),
 *   new tf.keras.layers.Dense(1),
 * ], { name: 'regressor' });
 * console.log(model.layers.map((l) => l.name), model.countParams()); // [ 'dense', 'dense_1' ] 49
 * console.log(model.predict(tf.zeros([3, 4])).shape);                 // [ 3, 1 ]
 * ```
 */
export class Sequential extends Model {
  /** The layers in order, an InputLayer first when the model has one. */
  readonly #layers: Layer[] = [];
  /** The shape the model was built for, batch axis included (null before it is built). */
  #inputShape: (number | null)[] | null = null;

  /**
   * @param layers The layers, in order (a first `tf.keras.Input(shape)` gives the input shape).
   * @param options `name`, `trainable`, `dtype`.
   */
  constructor(layers?: readonly (Layer | KerasTensor)[] | null, options?: LayerOptions);
  /** Keras 3's positional form, `Sequential(layers, trainable, name)`. */
  constructor(layers: readonly (Layer | KerasTensor)[] | null, ...positional: SequentialPositional);
  /** Python's keyword arguments after positional ones, `Sequential(layers, False, name='frozen')`: `new Sequential(layers, false, { name: 'frozen' })`. */
  constructor(layers: readonly (Layer | KerasTensor)[] | null, ...positionalThenOptions: PositionalThenOptions<SequentialPositional, LayerOptions>);
  constructor(layers: readonly (Layer | KerasTensor)[] | null = null, ...args: unknown[]) {
    super((kerasArguments('keras.Sequential', args, ['trainable', 'name'], ['name']) ?? {}) as LayerOptions);
    if (layers !== null && !Array.isArray(layers)) throw new Error(`${this.qualifiedName}: layers must be an array of layers, got ${describe(layers)}.`);
    for (const layer of layers ?? []) this.add(layer, false);
    if (this.#layers.length > 0) this.maybeRebuild();
  }

  /** @internal A Sequential stays open after build (Keras' Sequential._lock_state): layers may be added. */
  override _lockState(): void {}

  /** The layers, in order (not the InputLayer). */
  override get layers(): Layer[] {
    const first = this.#layers[0];
    return first instanceof InputLayer ? this.#layers.slice(1) : this.#layers.slice();
  }

  /** @internal */
  override _sublayers(): Layer[] {
    return this.#layers.slice();
  }

  /**
   * Adds a layer on top. A first layer with `inputShape`, or a first InputLayer, gives the model its
   * input shape; the model is then built at once (`rebuild`, default true). A `tf.keras.Input`
   * KerasTensor stands for its InputLayer.
   */
  add(entry: Layer | KerasTensor, rebuild = true): void {
    const op = `${this.qualifiedName}.add`;
    const layer = inputLayerOf(entry) ?? entry;
    if (!(layer instanceof Layer)) throw new Error(`${op}: Only instances of \`keras.Layer\` can be added to a Sequential model. Received: ${describe(layer)}`);
    if (this.#layers.length === 0 && !(layer instanceof InputLayer) && layer._inputShape !== null) this.#layers.push(new InputLayer({ shape: layer._inputShape }));
    if (this.#layers.some((l) => l.name === layer.name)) {
      throw new Error(`${op}: All layers added to a Sequential model should have unique names. Name '${layer.name}' is already the name of a layer in this model. Update the \`name\` argument to pass a unique name.`);
    }
    if (layer instanceof InputLayer && this.#layers.length > 0) {
      const first = this.#layers[0];
      if (first instanceof InputLayer) {
        throw new Error(`${op}: Sequential model '${this.name}' has already been configured to use input shape ${shapeText(first.batchShape)}. You cannot add a different Input layer to it.`);
      }
      throw new Error(`${op}: an InputLayer can only be the first layer of a Sequential model.`);
    }
    this.#layers.push(layer);
    this.built = false;
    this.#inputShape = null;
    if (rebuild) this.maybeRebuild();
  }

  /** Removes the last layer and returns it (the model is rebuilt when it has an input shape). */
  pop(rebuild = true): Layer {
    if (this.layers.length === 0) throw new Error(`${this.qualifiedName}.pop: There are no layers in the model.`);
    const layer = this.#layers.pop()!;
    this.built = false;
    this.#inputShape = null;
    if (rebuild) this.maybeRebuild();
    return layer;
  }

  /** Builds the model when its first layer is an InputLayer and other layers follow it. */
  private maybeRebuild(): void {
    const first = this.#layers[0];
    if (first instanceof InputLayer && this.#layers.length > 1) this._buildFor(first.batchShape);
  }

  /**
   * Builds each layer in turn for `inputShape` (batch axis included), passing each the previous
   * one's output shape. A layer that cannot tell its output shape (no `computeOutputShape`) and
   * those after it are built by the first call instead.
   */
  override build(inputShape: LayerShape): void {
    if (this.#layers.length === 0) {
      throw new Error(`${this.qualifiedName}: Sequential model ${this.name} cannot be built because it has no layers. Call \`model.add(layer)\`.`);
    }
    const first = this.#layers[0];
    let shape: (number | null)[] = first instanceof InputLayer ? first.batchShape : inputShape.slice();
    this.#inputShape = shape.slice();
    for (const layer of this.layers) {
      try {
        layer._buildFor(shape);
        layer._sequentialShape = shape.slice();
        shape = layer.computeOutputShape(shape);
      } catch (e) {
        if (!layer.built) throw e;
        break; // its output shape is not known without a call
      }
    }
    this.built = true;
  }

  /** The input converted to the dtype of the model's Input (if it has one), then each layer called
   * on the previous one's output, with the model call's `training` when it is not null, else the
   * layer's default (as the nodes of Keras' functional model behind a Sequential record it); the first given
   * the model call's `mask` (if any), each next one the mask its input carries. */
  override call(inputs: LayerTensors, options: LayerCallArguments): LayerTensors {
    // As Keras' Sequential runs its functional model: a (batch,) column given to a model built for
    // (batch, 1) gets its trailing axis (and the other way round).
    if (inputs instanceof Tensor && this.#inputShape !== null) inputs = adjustInputRank(inputs, this.#inputShape);
    if (inputs instanceof Tensor) this.checkInput(inputs.shape);
    const first = this.#layers[0];
    // As Keras' Sequential runs its functional model: the input converted to its Input's dtype
    // (int32 token ids given as floats).
    let x = first instanceof InputLayer && inputs instanceof Tensor ? first.toInputDtype(inputs) : inputs;
    let mask = options.mask ?? undefined;
    const training = resolvedTraining(options);
    for (const layer of this.layers) {
      x = layer.apply(x, { training: training ?? layer._nodeTraining(x, {}), mask });
      mask = undefined;
    }
    return x;
  }

  /** The input's shape must be the one the model was built for, but for the batch size. A model
   * built by its first call (no Input) holds only that call's rank: as in Keras (2's relaxed input
   * shape, 3's Sequential without an input spec), a later call on other sizes of the same rank runs
   * the layers, whose own input specs judge it (a Dense fitted on one time step runs on 24). */
  private checkInput(shape: readonly number[]): void {
    const expected = this.#inputShape;
    if (expected === null) return;
    const sized = this.#layers[0] instanceof InputLayer;
    if (shape.length !== expected.length || (sized && expected.some((d, i) => i > 0 && d !== null && d !== shape[i]))) {
      throw new Error(`${this.qualifiedName}: Input 0 of layer "${this.name}" is incompatible with the layer: expected shape=${shapeText([null, ...expected.slice(1)])}, found shape=${shapeText(shape)}`);
    }
  }

  /** Each layer's output shape in turn. */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    return this.layers.reduce<(number | null)[]>((shape, layer) => layer.computeOutputShape(shape), inputShape as (number | null)[]);
  }

  /** `{name, trainable, dtype, layers: [{className, config, buildConfig?}, ...]}` (Keras' Sequential
   * config: each layer serialized, the InputLayer first when the model has one). */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layers: this.#layers.map((l) => serialize(l)) };
  }

  /**
   * A new Sequential from `getConfig()`'s object (Keras' `Sequential.from_config`; also an array
   * of serialized layers): each layer made again (new weights) and added in order; layer classes
   * of your own come from `customObjects`.
   *
   * @example
   * ```ts
   * const model = new tf.keras.Sequential([tf.keras.Input([4]), new tf.keras.layers.Dense(2)], { name: 'small' });
   * const twin = tf.keras.Sequential.fromConfig(model.getConfig());
   * console.log(twin.name, twin.built, twin.countParams()); // small true 10
   * ```
   */
  static override fromConfig(config: Record<string, unknown> | readonly SerializedLayer[], options: DeserializeOptions = {}): Sequential {
    const op = 'keras.Sequential.fromConfig';
    const customObjects = checkCustomObjects(options, op);
    const object = Array.isArray(config) ? { layers: config } : config;
    if (!isPlainObject(object) || !Array.isArray(object.layers)) {
      throw new Error(`${op}: expected the object getConfig() returns ({name, layers: [...]}), got ${describe(config)}.`);
    }
    const layerOptions: LayerOptions = {};
    for (const key of ['name', 'trainable', 'dtype'] as const) if (object[key] !== undefined && object[key] !== null) (layerOptions as Record<string, unknown>)[key] = object[key];
    const model = new this(null, layerOptions);
    const layers = object.layers as SerializedLayer[];
    layers.forEach((entry, i) => model.add(deserialize(entry, { customObjects }), i === layers.length - 1));
    return model;
  }
}

registerLayerClass('Sequential', Sequential);

/** The InputLayer a `tf.keras.Input` KerasTensor comes from, or null (Keras' Sequential takes the Input tensor for its layer). */
function inputLayerOf(entry: unknown): InputLayer | null {
  if (!(entry instanceof KerasTensor)) return null;
  const layer = entry._history?.node.operation;
  return layer instanceof InputLayer ? layer : null;
}
