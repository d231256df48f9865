// tf.keras.layers.Bidirectional and TimeDistributed (keras/src/layers/rnn/bidirectional.py,
// keras/src/layers/rnn/time_distributed.py): layers around another layer.
//
// Bidirectional runs a sequence through a forward and a backward copy of a recurrent layer (both
// made from its config, as Keras makes them, named 'forward_<name>' and 'backward_<name>') and
// merges their outputs. The copies are deserialized from the layer's serialized config: an RNN's
// cell (or stacked cells) of your own is made again by its class's fromConfig, the class taken from
// the cell in hand (Keras looks it up among the registered classes, and fails for one that is not). A backward layer reads the sequence last timestep first and, with
// `returnSequences`, gives its outputs in that order; they are reversed along the time axis before
// the merge, so that timestep t of the merged output sees x_0..x_t forward and x_t..x_T backward.
//
// Masks: Bidirectional gives both layers the input's mask (the backward one reads it last
// timestep first, with its inputs) and, as Keras does, sets their zeroOutputForMask to
// returnSequences, so masked timesteps of the merged sequence are zeros; its output keeps the mask
// with returnSequences. TimeDistributed passes the mask on and gives the wrapped layer's call
// each timestep's column of it.
//
// TimeDistributed applies one layer to every timestep of [batch, timesteps, ...]: Keras 3 calls
// the layer's `call` once per timestep on the [batch, ...] slice and stacks the results along
// axis 1 (not one call on [batch·timesteps, ...]: a layer with batch statistics, BatchNormalization
// in training, sees each timestep's batch on its own), and so does gradtape.
//
// Keras 3 names a weight by where it is built, so the wrapped layers' weights are named under the
// wrapper ('bidirectional/forward_lstm/lstm_cell/kernel', 'time_distributed/dense/kernel'): the
// wrapper moves a layer it holds under its own name scope before building it.

import { checkOptions, describe, isPlainObject, type PositionalThenOptions } from '../describe';
import { add, mul } from '../generated/ops';
import { concat } from '../ops';
import { reverse, stack, unstack } from '../shape';
import type { Tensor, TensorLike } from '../tensor';
import type { Variable } from '../variable';
import { KerasTensor } from './keras-tensor';
import {
  configObject, Layer, requiredLayerArguments, layerArguments, type LayerCallArguments, type LayerMask, type LayerOptions, type LayerShape, type LayerTensors, resolvedTraining, shapeText,
  type SymbolicOutputs,
} from './layer';
import type { RecurrentCallArguments } from './recurrent';
import type { Nest } from './nest';
import { type DeserializeOptions, type SerializedLayer, classNameOf, deserialize, serialize } from './serialization';

/** How Bidirectional combines the forward and backward outputs: concatenated on the last axis,
 * summed, multiplied, averaged, or null (both returned, forward first). */
export type BidirectionalMergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

const MERGE_MODES: readonly BidirectionalMergeMode[] = ['concat', 'sum', 'mul', 'ave', null];

/** Options of `new tf.keras.layers.Bidirectional(layer, options)`. */
export interface BidirectionalOptions extends LayerOptions {
  /** How the forward and backward outputs are combined: 'concat' (default, on the last axis),
   * 'sum', 'mul', 'ave', or null (an array of the two). */
  mergeMode?: BidirectionalMergeMode;
  /** The layer that reads the sequence backwards, used as given (its weights are not copied):
   * `goBackwards` opposite to `layer`'s, the same `returnSequences`, `returnState` and
   * `stateful`. Default: a copy of `layer` made from its config with `goBackwards: true`. */
  backwardLayer?: Layer | null;
  /** Initial weights, the forward layer's then the backward layer's (half each), set when the
   * layer is built. (Keras 3 stores them but never applies them.) */
  weights?: readonly TensorLike[] | null;
}

/** What Bidirectional needs of the layer it wraps: a sequence layer with the recurrent flags
 * (SimpleRNN, LSTM, GRU, or a layer of your own with these properties and getConfig/fromConfig). */
interface SequenceLayer extends Layer {
  goBackwards: boolean;
  returnSequences: boolean;
  returnState: boolean;
  zeroOutputForMask?: boolean;
  stateful?: boolean;
  states?: Variable[] | null;
  resetStates?: () => void;
}


/** `layer` checked to be a layer, for the wrapper's error messages. */
function checkLayer(layer: unknown, op: string, what: string): Layer {
  if (!(layer instanceof Layer)) {
    throw new Error(`${op}: Please initialize \`${what}\` layer with a \`keras.layers.Layer\` instance, e.g. new tf.keras.layers.LSTM(8). Received: ${describe(layer)}.`);
  }
  return layer;
}

/** `layer` checked to have the recurrent flags Bidirectional reads. */
function checkSequenceLayer(layer: Layer, op: string, argument: string): SequenceLayer {
  const flags = layer as unknown as Record<string, unknown>;
  for (const flag of ['goBackwards', 'returnSequences', 'returnState']) {
    if (typeof flags[flag] !== 'boolean') {
      throw new Error(`${op}: ${argument} '${layer.name}' has no boolean \`${flag}\`; Bidirectional wraps a sequence layer with goBackwards, returnSequences and returnState (SimpleRNN, LSTM, GRU).`);
    }
  }
  return layer as SequenceLayer;
}

/** The classes of `layer` and of every layer it holds (an RNN's cell, stacked cells), by the names
 * they are serialized under: where Keras looks a class of one's own up among the registered ones,
 * a copy made here finds it on the layers in hand. */
function heldClasses(layer: Layer): Record<string, unknown> {
  const classes: Record<string, unknown> = {};
  const seen = new Set<Layer>();
  const visit = (l: Layer): void => {
    if (seen.has(l)) return;
    seen.add(l);
    classes[classNameOf(l)] ??= l.constructor;
    l._sublayers().forEach(visit);
  };
  visit(layer);
  return classes;
}

/** The state sizes of a recurrent layer's cell as text (null for a layer without a cell), to compare a copy's with the original's. */
const cellStateSizes = (layer: Layer): string | null => {
  const cell = (layer as { cell?: unknown }).cell;
  return cell instanceof Layer ? JSON.stringify((cell as { stateSize?: unknown }).stateSize) : null;
};

/**
 * The forward or backward copy of `layer`: a new layer of its class made from its config with
 * `changes` (Keras' `deserialize_keras_object(serialize_keras_object(layer))`), its cell too, with
 * new weights. A cell of your own is made again by its class's `fromConfig` from its `getConfig()`,
 * so these must carry the constructor's arguments (Keras 3 records them itself, for a class
 * registered with `register_keras_serializable`).
 */
function copyFromConfig(layer: Layer, changes: Record<string, unknown>, op: string, direction: 'forward' | 'backward'): Layer {
  const help = `A layer or cell of your own needs getConfig() to return its constructor's arguments (units, ...) and a static fromConfig(config) that takes them back${direction === 'backward' ? ', or give the backward layer as `backwardLayer`' : ''}.`;
  let copy: Layer;
  try {
    copy = deserialize({ className: classNameOf(layer), config: { ...layer.getConfig(), ...changes } }, { customObjects: heldClasses(layer) });
  } catch (e) {
    throw new Error(`${op}: the ${direction} layer is made from the config of layer '${layer.name}', which failed: ${(e as Error).message} ${help}`);
  }
  const [want, got] = [cellStateSizes(layer), cellStateSizes(copy)];
  if (want !== got) {
    throw new Error(`${op}: the ${direction} layer made from the config of layer '${layer.name}' has a cell of stateSize ${got}, where '${layer.name}''s cell has ${want}: its config lacks an argument. ${help}`);
  }
  return copy;
}

/** `prefix + name` without `prefix` repeated (Keras' `f"forward_{removeprefix(name, 'forward_')}"`). */
const prefixed = (prefix: string, name: string): string => prefix + (name.startsWith(prefix) ? name.slice(prefix.length) : name);

/** A nested layer's `{className, config}` without its `buildConfig`: the wrapper's own build builds it,
 * under the wrapper's name scope. */
function withoutBuild(value: unknown, op: string, key: string): SerializedLayer {
  if (!isPlainObject(value) || typeof value.className !== 'string' || !isPlainObject(value.config)) {
    throw new Error(`${op}: the config's \`${key}\` must be a serialized layer {className, config} (as getConfig() gives), got ${describe(value)}.`);
  }
  return { className: value.className, config: value.config };
}

/** Builds `layer` for `inputShape` as a part of `wrapper`: its weights named under the wrapper's scope. */
function buildInside(wrapper: Layer, layer: Layer, inputShape: LayerShape): void {
  if (layer.built) return;
  layer._rescope(wrapper.nameScope);
  layer._buildFor(inputShape);
}

/** Keras 3's positional arguments of Bidirectional after its required ones, in its order. */
type BidirectionalPositional = [
  mergeMode?: BidirectionalMergeMode, weights?: readonly TensorLike[] | null, backwardLayer?: Layer | null,
];

/**
 * keras.layers.Bidirectional(layer): a recurrent layer run forward and backward over the sequence,
 * the two outputs merged. The forward and backward layers are made from `layer`'s config (new
 * weights; `layer` itself is not used; an RNN's cells of your own are made by their classes'
 * `fromConfig`), named `forward_<name>` and `backward_<name>`, the backward
 * one with `goBackwards: true`; with `returnSequences` the backward outputs are reversed back so
 * that timesteps align. With `returnState` the call returns `[output, ...forward states,
 * ...backward states]` (with `mergeMode: null`, both outputs first). Weights are the forward
 * layer's then the backward layer's, `'bidirectional/forward_lstm/lstm_cell/kernel'`, as Keras
 * 3 names and orders them. A mask reaches both directions (masked timesteps of the sequences are
 * zeros, Keras' zeroOutputForMask); `initialState` is the forward states then the backward ones.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const bi = new tf.keras.layers.Bidirectional(new tf.keras.layers.LSTM(3, { returnSequences: true }));
 * console.log(bi(tf.ones([2, 5, 4])).shape);          // [ 2, 5, 6 ]
 * console.log(bi.weights.map((w) => w.name)[3]);        // bidirectional/backward_lstm/lstm_cell/kernel
 * const summed = new tf.keras.layers.Bidirectional(new tf.keras.layers.GRU(2), { mergeMode: 'sum' });
 * console.log(summed(tf.ones([2, 5, 4])).shape);      // [ 2, 2 ]
 * ```
 */
export class Bidirectional extends Layer {
  /** The layer reading the sequence first timestep first. */
  readonly forwardLayer: SequenceLayer;
  /** The layer reading the sequence last timestep first. */
  readonly backwardLayer: SequenceLayer;
  /** How the two outputs are combined. */
  readonly mergeMode: BidirectionalMergeMode;
  /** Whether the wrapped layers return every timestep's output. */
  readonly returnSequences: boolean;
  /** Whether the call returns the final states after the output. */
  readonly returnState: boolean;
  /** Whether the wrapped layers carry their states from call to call. */
  readonly stateful: boolean;
  readonly #initialWeights: readonly TensorLike[] | null;

  /**
   * @param layer The recurrent layer to run both ways (SimpleRNN, LSTM, GRU, an RNN of any cells):
   * its config makes the forward and backward layers (a cell of your own needs getConfig() with
   * its constructor's arguments and a fromConfig that takes them).
   * @param options `mergeMode` (default 'concat'), `backwardLayer`, `weights` and the layer options.
   */
  constructor(layer: Layer, options?: BidirectionalOptions);
  /** Keras 3's positional form: `Bidirectional(layer, merge_mode, weights, backward_layer)`. */
  constructor(layer: Layer, ...positional: BidirectionalPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(layer: Layer, ...positionalThenOptions: PositionalThenOptions<BidirectionalPositional, BidirectionalOptions>);
  /** Python's keyword form, `Bidirectional(layer=...)`: `layer` among the options. */
  constructor(options: BidirectionalOptions & { layer: Layer });
  constructor(...given: unknown[]) {
    const [[layer], args] = requiredLayerArguments(new.target, given, ['layer'], true) as [[Layer], unknown[]];
    const options = layerArguments<BidirectionalOptions>(new.target, args, ['mergeMode', 'weights', 'backwardLayer'], ['weights', 'backwardLayer']);
    const op = 'keras.layers.Bidirectional';
    checkLayer(layer, op, 'Bidirectional');
    const o = checkOptions(options, op, ['mergeMode', 'backwardLayer', 'weights', 'name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape'], "{mergeMode: 'sum'}") as BidirectionalOptions;
    const mergeMode = o.mergeMode === undefined ? 'concat' : o.mergeMode;
    if (!MERGE_MODES.includes(mergeMode)) {
      throw new Error(`${op}: Invalid merge mode. Received: ${describe(mergeMode)}. Merge mode should be one of 'sum', 'mul', 'ave', 'concat' or null.`);
    }
    const backwardGiven = o.backwardLayer ?? null;
    if (backwardGiven !== null && !(backwardGiven instanceof Layer)) {
      throw new Error(`${op}: \`backwardLayer\` needs to be a \`keras.layers.Layer\` instance (or null for a copy of \`layer\`). Received: ${describe(backwardGiven)}.`);
    }
    if (o.weights !== undefined && o.weights !== null && !Array.isArray(o.weights)) {
      throw new Error(`${op}: weights must be an array of the forward then the backward layer's weight values, got ${describe(o.weights)}.`);
    }
    const { mergeMode: _m, backwardLayer: _b, weights: _w, ...layerOptions } = o;
    super(layerOptions, []);
    const wrapped = checkSequenceLayer(layer, op, 'layer');
    // Made from the config, as Keras does, so that nothing of `layer`'s state is carried over.
    this.forwardLayer = checkSequenceLayer(copyFromConfig(layer, { name: prefixed('forward_', layer.name) }, op, 'forward'), op, 'layer');
    this.backwardLayer = backwardGiven === null
      ? checkSequenceLayer(copyFromConfig(layer, { goBackwards: true, name: prefixed('backward_', layer.name) }, op, 'backward'), op, 'layer')
      : checkSequenceLayer(backwardGiven, op, 'backwardLayer');
    this.verifyLayers(op);
    // Keras' force_zero_output_for_mask: masked timesteps of the sequences are zeros.
    for (const inner of [this.forwardLayer, this.backwardLayer]) if (typeof inner.zeroOutputForMask === 'boolean') inner.zeroOutputForMask = inner.returnSequences;
    this.supportsMasking = true;
    this.mergeMode = mergeMode;
    this.returnSequences = wrapped.returnSequences;
    this.returnState = wrapped.returnState;
    this.stateful = wrapped.stateful ?? false;
    this.#initialWeights = o.weights ?? null;
    this.inputSpec = layer.inputSpec;
  }

  /** Keras' `_verify_layer_config`: opposite goBackwards, the same stateful, returnSequences, returnState. */
  private verifyLayers(op: string): void {
    const forward = this.forwardLayer;
    const backward = this.backwardLayer;
    if (forward.goBackwards === backward.goBackwards) {
      throw new Error(
        `${op}: Forward layer and backward layer should have different \`goBackwards\` value. Received: forwardLayer.goBackwards ${forward.goBackwards}, backwardLayer.goBackwards=${backward.goBackwards}. ` +
          (forward.goBackwards ? 'Wrap a layer with goBackwards: false (the backward copy is made from it with goBackwards: true).' : 'Give the backward layer goBackwards: true.'),
      );
    }
    for (const attribute of ['stateful', 'returnSequences', 'returnState'] as const) {
      const forwardValue = forward[attribute] ?? false;
      const backwardValue = backward[attribute] ?? false;
      if (forwardValue !== backwardValue) {
        throw new Error(`${op}: Forward layer and backward layer are expected to have the same value for attribute "${attribute}", got "${forwardValue}" for forward layer and "${backwardValue}" for backward layer. Give the backward layer ${attribute}: ${forwardValue}.`);
      }
    }
  }

  /** Builds the forward and backward layers for inputs [batch, timesteps, features], their weights
   * named under this layer ('bidirectional/forward_lstm/...'), and sets the `weights` option's values. */
  override build(inputShape: Nest<LayerShape>): void {
    const shape = inputShape as LayerShape;
    buildInside(this, this.forwardLayer, shape);
    buildInside(this, this.backwardLayer, shape);
    const initial = this.#initialWeights;
    if (initial !== null && initial.length > 0) {
      const half = Math.floor(initial.length / 2);
      this.forwardLayer.setWeights(initial.slice(0, half));
      this.backwardLayer.setWeights(initial.slice(half));
    }
    this.built = true;
  }

  /** The merged output (or both with `mergeMode: null`), then with `returnState` the forward
   * layer's final states and the backward layer's. */
  override call(inputs: Tensor, options: RecurrentCallArguments): Tensor | Tensor[] {
    const mask = (options.mask ?? null) as Tensor | null;
    // Keras: the first half of initialState is the forward layer's, the second the backward one's.
    const given = options.initialState;
    const states = given === undefined || given === null ? null : Array.isArray(given) ? given : [given];
    const half = states === null ? 0 : Math.floor(states.length / 2);
    const forwardState = states === null ? null : states.slice(0, half);
    const backwardState = states === null ? null : states.slice(half);
    // Keras passes its own training value on, None included (each layer then takes its default).
    const forward = this.forwardLayer.apply<Tensor | Tensor[]>(inputs, { training: resolvedTraining(options), mask, initialState: forwardState as Tensor[] | null });
    const backward = this.backwardLayer.apply<Tensor | Tensor[]>(inputs, { training: resolvedTraining(options), mask, initialState: backwardState as Tensor[] | null });
    const [y, ...forwardStates] = Array.isArray(forward) ? forward : [forward];
    const [backwardOutput, ...backwardStates] = Array.isArray(backward) ? backward : [backward];
    // The backward layer's outputs come last input first: reversed, timestep t is x_t's again.
    const yReversed = this.returnSequences ? reverse(backwardOutput!, [1]) : backwardOutput!;
    const merged = this.merge(y!, yReversed);
    if (!this.returnState) return merged.length === 1 ? merged[0]! : merged;
    return [...merged, ...forwardStates, ...backwardStates];
  }

  /** @internal `initialState`: the forward layer's states then the backward layer's. */
  protected override get _callOptionKeys(): readonly string[] {
    return ['initialState'];
  }

  /** The input's mask on the output with `returnSequences` (on both outputs with mergeMode null), else none. */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): LayerMask | null {
    void inputs;
    const first = Array.isArray(mask) ? ((mask[0] ?? null) as Tensor | null) : (mask as Tensor | null);
    if (this.returnSequences) return this.mergeMode === null ? [first, first] : first;
    return null;
  }

  /** The outputs combined by `mergeMode`: one tensor, or both for null. */
  private merge(y: Tensor, yReversed: Tensor): Tensor[] {
    switch (this.mergeMode) {
      case 'concat': return [concat([y, yReversed], -1)];
      case 'sum': return [add(y, yReversed)];
      case 'ave': return [mul(add(y, yReversed), 0.5)];
      case 'mul': return [mul(y, yReversed)];
      default: return [y, yReversed];
    }
  }

  /** The output shape: the wrapped layer's, the last axis doubled for 'concat' (with `returnState`
   * or `mergeMode: null` a call gives several tensors; see `computeOutputSpec`). */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const shape = this.forwardLayer.computeOutputShape(inputShape);
    if (this.mergeMode !== 'concat') return shape;
    const last = shape.at(-1) ?? null;
    return [...shape.slice(0, -1), last === null ? null : 2 * last];
  }

  /** The KerasTensors of a call: the merged output (or both), then the states of each direction. */
  override computeOutputSpec(inputs: Nest<KerasTensor>): SymbolicOutputs {
    const asList = (spec: SymbolicOutputs): KerasTensor[] => (spec instanceof KerasTensor ? [spec] : (spec as KerasTensor[]));
    const [y, ...forwardStates] = asList(this.forwardLayer.computeOutputSpec(inputs));
    const [, ...backwardStates] = asList(this.backwardLayer.computeOutputSpec(inputs));
    const outputs = this.mergeMode === null ? [y!, new KerasTensor(y!.shape, y!.dtype)] : [new KerasTensor(this.computeOutputShape(mapShape(inputs)), this.dtype)];
    if (!this.returnState) return outputs.length === 1 ? outputs[0]! : outputs;
    return [...outputs, ...forwardStates, ...backwardStates];
  }

  /** The states of both layers, forward then backward, when they are stateful and built; else null. */
  get states(): Variable[] | null {
    const forward = this.forwardLayer.states ?? null;
    const backward = this.backwardLayer.states ?? null;
    return forward !== null && backward !== null && forward.length > 0 && backward.length > 0 ? [...forward, ...backward] : null;
  }

  /** Zeroes the states of both layers (Keras' `reset_state`); for a stateful layer only. */
  resetStates(): void {
    if (!this.stateful) throw new Error(`keras.layers.Bidirectional: resetStates() is for a layer wrapping one made with stateful: true; layer '${this.name}' wraps '${this.forwardLayer.name}', which is not stateful.`);
    this.forwardLayer.resetStates?.();
    this.backwardLayer.resetStates?.();
  }

  /** The same as `resetStates()` (Keras 3's name). */
  resetState(): void {
    this.resetStates();
  }

  /** Keras' config: `mergeMode`, and `layer` and `backwardLayer` as serialized layers ({className, config}). */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), mergeMode: this.mergeMode, layer: serialize(this.forwardLayer), backwardLayer: serialize(this.backwardLayer) };
  }

  /** A new Bidirectional from `getConfig()`'s object (Keras' `from_config`): the nested layers
   * deserialized (classes of your own from `customObjects`), new weights. */
  static override fromConfig(config: Record<string, unknown>, options: DeserializeOptions = {}): Bidirectional {
    const op = 'Bidirectional.fromConfig';
    const { layer, backwardLayer, ...rest } = configObject(config, 'Bidirectional');
    if (layer === undefined) throw new Error(`${op}: the config lacks \`layer\`; pass the object getConfig() returns.`);
    const forward = deserialize(withoutBuild(layer, op, 'layer'), options);
    const backward = backwardLayer === undefined || backwardLayer === null ? null : deserialize(withoutBuild(backwardLayer, op, 'backwardLayer'), options);
    return new this(forward, { ...(rest as BidirectionalOptions), backwardLayer: backward });
  }
}

/** The shapes of KerasTensors. */
const mapShape = (inputs: Nest<KerasTensor>): LayerShape => (inputs instanceof KerasTensor ? inputs.shape : (inputs as KerasTensor[])[0]!.shape);

/** Options of `new tf.keras.layers.TimeDistributed(layer, options)`: the layer options. */
export type TimeDistributedOptions = LayerOptions;

/**
 * keras.layers.TimeDistributed(layer): `layer` applied to every timestep of inputs [batch,
 * timesteps, ...]: its `call` runs on each [batch, ...] slice, the results stacked on axis 1 (as
 * Keras 3 does), the same weights at every timestep. The output is [batch, timesteps, ...layer's
 * output for one step]. The weights are `layer`'s, named under this layer
 * (`'time_distributed/dense/kernel'`) when this layer builds it. The input's mask passes on to
 * the output; the wrapped layer's call gets each timestep's column of it.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const perStep = new tf.keras.layers.TimeDistributed(new tf.keras.layers.Dense(2, { kernelInitializer: 'ones' }));
 * const out = perStep(tf.ones([4, 3, 5])); // [batch 4, 3 timesteps, 5 features]
 * console.log(out.shape, out.arraySync()[0][2]);    // [ 4, 3, 2 ] [ 5, 5 ]
 * console.log(perStep.weights.map((w) => w.name));  // [ 'time_distributed/dense/kernel', 'time_distributed/dense/bias' ]
 * ```
 */
export class TimeDistributed extends Layer {
  /** The layer applied to every timestep. */
  readonly layer: Layer;

  /**
   * @param layer The layer to apply to each timestep's [batch, ...] slice.
   * @param options The layer options (`name`, `trainable`, `dtype`, ...).
   */
  constructor(layer: Layer, options?: TimeDistributedOptions);
  /** Python's keyword form, `TimeDistributed(layer=...)`: `layer` among the options. */
  constructor(options: TimeDistributedOptions & { layer: Layer });
  constructor(...given: unknown[]) {
    const [[layer], [options = {}]] = requiredLayerArguments(new.target, given, ['layer'], true) as [[Layer], [TimeDistributedOptions?]];
    checkLayer(layer, 'keras.layers.TimeDistributed', 'TimeDistributed');
    super(options, []);
    this.layer = layer;
    this.inputSpec = { minNdim: 3 };
    this.supportsMasking = true;
  }

  /** One timestep's shape: [batch, ...] of [batch, timesteps, ...]. */
  private childShape(inputShape: Nest<LayerShape>): LayerShape {
    const shape = inputShape as LayerShape;
    if (!Array.isArray(shape) || shape.length < 3) {
      throw new Error(`${this.qualifiedName}: \`TimeDistributed\` Layer should be passed an \`input_shape\` with at least 3 dimensions ([batch, timesteps, ...]), received: ${Array.isArray(shape) ? shapeText(shape) : describe(shape)}.`);
    }
    return [shape[0]!, ...shape.slice(2)];
  }

  /** Builds the wrapped layer for one timestep's shape, its weights named under this layer. */
  override build(inputShape: Nest<LayerShape>): void {
    buildInside(this, this.layer, this.childShape(inputShape));
    this.built = true;
  }

  /** The wrapped layer's `call` on each timestep (with that timestep's column of the mask), stacked on axis 1. */
  override call(inputs: Tensor, options: LayerCallArguments): Tensor {
    const mask = (options.mask ?? null) as Tensor | null;
    if (mask !== null) {
      if (mask.rank < 2) {
        throw new Error(`${this.qualifiedName}: The \`mask\` passed to the \`TimeDistributed\` layer must be at least 2D (e.g., \`(batch_size, timesteps)\`), but it has ${mask.rank} dimension(s) with shape ${shapeText(mask.shape)}.`);
      }
      if (mask.shape[0] !== inputs.shape[0] || mask.shape[1] !== inputs.shape[1]) {
        throw new Error(
          `${this.qualifiedName}: The \`mask\` passed to the \`TimeDistributed\` layer has a shape ${shapeText(mask.shape)} that is incompatible with the input shape ${shapeText(inputs.shape)}. ` +
            `The first two dimensions of the mask (batch size and timesteps) must match the input's first two dimensions. Expected mask shape prefix: (${inputs.shape[0]}, ${inputs.shape[1]}).`,
        );
      }
    }
    const stepMasks = mask === null ? null : unstack(mask, 1);
    const steps = unstack(inputs, 1).map((step, t) => this.layer.call(step, { training: options.training, mask: stepMasks?.[t] ?? null }));
    if (!steps.every((s): s is Tensor => !Array.isArray(s) && !isPlainObject(s))) {
      throw new Error(`${this.qualifiedName}: the wrapped layer '${this.layer.name}' returned several tensors; TimeDistributed wraps a layer of one output.`);
    }
    return stack(steps, 1);
  }

  /** [batch, timesteps, ...the wrapped layer's output shape for one timestep without its batch]. */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const child = this.layer.computeOutputShape(this.childShape(inputShape));
    return [child[0] ?? null, (inputShape as LayerShape)[1] ?? null, ...child.slice(1)];
  }

  /** Keras' config: `layer` as a serialized layer ({className, config}). */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: serialize(this.layer) };
  }

  /** A new TimeDistributed from `getConfig()`'s object (Keras' `from_config`): the wrapped layer
   * deserialized (classes of your own from `customObjects`), new weights. */
  static override fromConfig(config: Record<string, unknown>, options: DeserializeOptions = {}): TimeDistributed {
    const op = 'TimeDistributed.fromConfig';
    const { layer, ...rest } = configObject(config, 'TimeDistributed');
    if (layer === undefined) throw new Error(`${op}: the config lacks \`layer\`; pass the object getConfig() returns.`);
    return new this(deserialize(withoutBuild(layer, op, 'layer'), options), rest as TimeDistributedOptions);
  }
}
