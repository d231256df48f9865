// tf.keras.layers.SimpleRNNCell, LSTMCell, GRUCell and StackedRNNCells (keras/src/layers/rnn/
// {simple_rnn,lstm,gru,stacked_rnn_cells,dropout_rnn_cell}.py): one timestep of a recurrence. A
// cell's `call(x_t, states, training)` maps the step's input [batch, features] and the states
// before the step to `[output, states after]`; `tf.keras.layers.RNN` runs it over the timesteps,
// and SimpleRNN, LSTM and GRU are RNNs of these cells, as in Keras 3.
//
// The weights are Keras': `kernel` [features, gates·units], `recurrent_kernel` [units,
// gates·units] and `bias`, the gates side by side in Keras' order (LSTM: i, f, c, o; GRU: z, r, h).
//
// Dropout as Keras' DropoutRNNCell: in training, masks of the step input's shape [batch, features]
// and of the state's [batch, units] are drawn at the first step and kept until the RNN resets them
// after its last step, so every timestep of a sequence sees the same masks. LSTM and GRU with
// recurrentDropout use Keras' `implementation=1`: a mask per gate for the input and for h_{t-1},
// each gate's kernel block multiplied on its own; `implementation=2` (the default) multiplies the
// kernels in one product and shares one input mask between the gates.

import { ones, onesLike, zeros } from '../creation';
import { checkBoolean, describe, type PositionalThenOptions } from '../describe';
import { add, mul, sub } from '../generated/ops';
import { SeedGenerator, dropout as dropoutOp } from '../keras-random';
import { concat, matmul } from '../ops';
import { slice, split, squeeze } from '../shape';
import { Tensor } from '../tensor';
import type { Variable } from '../variable';
import {
  type ActivationLike, type CellStates, configObject, type ConstraintLike, type InitializerLike, Layer, requiredLayerArguments, layerArguments, type LayerCallArguments, type LayerOptions,
  type LayerShape, type LayerTensors, promoteToFloat, type RegularizerLike, resolveActivation, resolveInitializer, serializeOption, shapeText, takeArguments,
} from './layer';
import type { KernelBiasOptions } from './kernel-bias';
import type { Nest } from './nest';
import { type DeserializeOptions, type SerializedLayer, deserialize, serialize } from './serialization';
import { type WeightRole, resolveWeightOptions, weightOptionKeys, weightOptionsConfig, weightOptionsOf } from './weight-options';

/** The sizes of a cell's states: one number per state ([batch, size] each), nested one list per
 * cell for StackedRNNCells. */
export type StateSize = number | readonly StateSize[];

/**
 * What `tf.keras.layers.RNN` runs (Keras' cell protocol): a layer whose `call(inputs, states,
 * training)` takes one timestep's input and the states before it and returns `[output, new
 * states]`, with `stateSize` (a number, or one per state) and optionally `outputSize` (default: the
 * first state's size) and `getInitialState(batchSize)` (default: zeros).
 */
export interface RNNCell extends Layer {
  /** The size of each state: a number for one state, an array for several. */
  readonly stateSize: StateSize;
  /** The size of the step's output (default: the first state's size). */
  readonly outputSize?: number;
  /** The states before the first step (default: zeros of [batch, size] for each state). */
  getInitialState?(batchSize: number): CellStates;
}

/** Options of every cell: `new tf.keras.layers.SimpleRNNCell(units, options)`, and LSTMCell's and
 * GRUCell's. The kernel is the input kernel, besides the recurrent one; see LSTM's `unitForgetBias`
 * for the bias. */
export interface RNNCellOptions extends LayerOptions, KernelBiasOptions {
  /** The activation of the output (SimpleRNN) or of the candidate and cell (LSTM, GRU): a name or
   * a function; default 'tanh'; null is linear. */
  activation?: ActivationLike;
  /** Whether the cell adds a bias (default true). */
  useBias?: boolean;
  /** How the recurrent kernel starts (default 'orthogonal'). */
  recurrentInitializer?: InitializerLike;
  /** A penalty of the recurrent kernel, added to `losses`. */
  recurrentRegularizer?: RegularizerLike | null;
  /** A projection of the recurrent kernel applied after each optimizer update. */
  recurrentConstraint?: ConstraintLike | null;
  /** The fraction of the step inputs' units dropped in training, in [0, 1) (default 0): one mask
   * per sequence (per gate with `implementation: 1`), the same at every timestep. */
  dropout?: number;
  /** The fraction of h_{t-1}'s units dropped in the recurrent product in training, in [0, 1)
   * (default 0): one mask per sequence (per gate for LSTM and GRU), the same at every timestep. */
  recurrentDropout?: number;
  /** The seed of the cell's SeedGenerator, which draws the dropout masks (new ones for each
   * sequence, Keras' for the same seed). */
  seed?: number | null;
}

/** Options of `new tf.keras.layers.LSTMCell(units, options)` and GRUCell's: the gates' activation and how they multiply. */
export interface GatedCellOptions extends RNNCellOptions {
  /** The activation of the gates (default 'sigmoid'). */
  recurrentActivation?: ActivationLike;
  /** Keras' implementation: 2 (default) multiplies the input and recurrent kernels of all the gates
   * in one product each; 1 multiplies each gate's block on its own, with its own dropout masks.
   * `recurrentDropout` makes it 1, as in Keras. The results are the same but for rounding. */
  implementation?: 1 | 2;
}

/** Options of `new tf.keras.layers.LSTMCell(units, options)`. */
export interface LSTMCellOptions extends GatedCellOptions {
  /** Whether the forget gate's bias starts at 1 (with the rest from `biasInitializer`), as
   * Jozefowicz et al. advise (default true). */
  unitForgetBias?: boolean;
}

/** Options of `new tf.keras.layers.GRUCell(units, options)`. */
export interface GRUCellOptions extends GatedCellOptions {
  /** Whether the reset gate multiplies h_{t-1} · recurrent_kernel after the product (Keras 3's
   * default, true, cuDNN's convention; the bias is then [2, 3·units], input and recurrent rows) or
   * h_{t-1} before it (false; the bias is [3·units]). */
  resetAfter?: boolean;
}

/** A cell's weights, in Keras' order. */
const CELL_WEIGHTS: readonly WeightRole[] = ['kernel', 'recurrent', 'bias'];

/** The option keys of every cell. */
export const CELL_KEYS: readonly string[] = ['activation', 'useBias', ...weightOptionKeys(CELL_WEIGHTS), 'dropout', 'recurrentDropout', 'seed'];

/** Keras 3's cell arguments after units, in its order: SimpleRNNCell's, LSTMCell's, GRUCell's. */
export const SIMPLE_RNN_CELL_POSITIONAL = [
  'activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer',
  'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout', 'seed',
];
export const LSTM_CELL_POSITIONAL = [
  'activation', 'recurrentActivation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'unitForgetBias', 'kernelRegularizer',
  'recurrentRegularizer', 'biasRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout', 'seed',
];
export const GRU_CELL_POSITIONAL = [
  'activation', 'recurrentActivation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer',
  'biasRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout', 'resetAfter', 'seed',
];
/** LSTMCell's and GRUCell's argument Keras 3 pops from their `**kwargs`, so only by name: it may
 * follow the positional arguments. */
const CELL_KEYWORDS = ['implementation'];
/** The cells' and recurrent layers' arguments whose Keras default is None (not the activations:
 * their None is linear). */
export const RECURRENT_NONE = ['kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'seed'];

/** The kernel's, recurrent kernel's and bias's initializers and regularizers as positional arguments. */
export type CellWeightArguments = [
  kernelInitializer?: InitializerLike, recurrentInitializer?: InitializerLike, biasInitializer?: InitializerLike,
  kernelRegularizer?: RegularizerLike | null, recurrentRegularizer?: RegularizerLike | null, biasRegularizer?: RegularizerLike | null,
];
/** The kernel's, recurrent kernel's and bias's constraints as positional arguments. */
export type CellConstraintArguments = [kernelConstraint?: ConstraintLike | null, recurrentConstraint?: ConstraintLike | null, biasConstraint?: ConstraintLike | null];

/** The option keys of LSTMCell and GRUCell besides CELL_KEYS. */
export const LSTM_CELL_KEYS = ['recurrentActivation', 'unitForgetBias', 'implementation'] as const;
export const GRU_CELL_KEYS = ['recurrentActivation', 'resetAfter', 'implementation'] as const;

/** The layer a cell is made for (SimpleRNN, LSTM, GRU), whose name the errors in the cell's
 * options give: the user made the layer, not the cell. */
let owner: string | null = null;

/** `make()` with the cell's option errors named after `op` (the layer making the cell). */
export function makeCellFor<T>(op: string, make: () => T): T {
  const previous = owner;
  owner = op;
  try {
    return make();
  } finally {
    owner = previous;
  }
}

/** A dropout rate option: a number in [0, 1). */
export function dropoutRate(value: unknown, op: string, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new Error(`${op}: ${name} must be a number in [0, 1), the fraction of units dropped in training, got ${describe(value)}.`);
  }
  return value;
}

/** The states given to a step as a list: a single tensor (Keras allows it) is one state. */
const stateList = (states: CellStates): readonly CellStates[] => (states instanceof Tensor ? [states] : states);

/**
 * What SimpleRNNCell, LSTMCell and GRUCell share (Keras' DropoutRNNCell and the cells' common
 * options): the weights, the dropout masks of a sequence, the initial states and the config. A
 * subclass gives the step.
 */
export abstract class DropoutRNNCell extends Layer {
  /** @internal Keras' `call(..., training=False)`: inference unless a mode is given. */
  override _defaultTraining: boolean | null = false;

  /** The size of the output and of each state. */
  readonly units: number;
  /** The activation of the output (SimpleRNN) or candidate and cell (LSTM, GRU). */
  readonly activation: (x: Tensor) => Tensor;
  /** Whether the cell adds a bias. */
  readonly useBias: boolean;
  /** The fraction of the step inputs dropped in training. */
  readonly dropout: number;
  /** The fraction of h_{t-1} dropped in the recurrent product in training. */
  readonly recurrentDropout: number;
  /** The seed of the dropout masks, or null. */
  readonly seed: number | null;
  /** The input kernel, [features, gates·units]; null until built. */
  kernel: Variable | null = null;
  /** The recurrent kernel, [units, gates·units]; null until built. */
  recurrentKernel: Variable | null = null;
  /** The bias; null until built, and when `useBias` is false. */
  bias: Variable | null = null;
  /** The number of gate blocks in the kernels' columns: 1 (SimpleRNN), 4 (LSTM), 3 (GRU). */
  protected readonly gates: number;
  /** The dropout masks of the current sequence (one, or one per gate), drawn at its first step. */
  #inputMasks: Tensor[] | null = null;
  #recurrentMasks: Tensor[] | null = null;
  /** The dropout masks' seeds. */
  readonly #seedGenerator: SeedGenerator;
  readonly #options: RNNCellOptions;

  protected constructor(units: number, options: RNNCellOptions, ownKeys: readonly string[], gates: number) {
    super(options, [...CELL_KEYS, ...ownKeys]);
    const op = this.optionOwner;
    if (!Number.isInteger(units) || units <= 0) {
      throw new Error(`${op}: Received an invalid value for argument \`units\`, expected a positive integer, got ${describe(units)}.`);
    }
    const o = options ?? {};
    this.units = units;
    this.gates = gates;
    this.activation = resolveActivation(o.activation === undefined ? 'tanh' : o.activation, op);
    this.useBias = checkBoolean(o.useBias, op, 'useBias', true);
    this.dropout = dropoutRate(o.dropout, op, 'dropout');
    this.recurrentDropout = dropoutRate(o.recurrentDropout, op, 'recurrentDropout');
    if (o.seed !== undefined && o.seed !== null && !Number.isSafeInteger(o.seed)) throw new Error(`${op}: seed must be an integer or null, got ${describe(o.seed)}.`);
    this.seed = o.seed ?? null;
    // Keras' SimpleRNNCell makes its SeedGenerator before its initializers, LSTMCell and GRUCell
    // after: the order in which unseeded ones take their default seeds.
    const first = gates === 1 ? new SeedGenerator(this.seed) : null;
    this.#options = resolveWeightOptions(o, CELL_WEIGHTS, op);
    this.#seedGenerator = first ?? new SeedGenerator(this.seed);
  }

  /** The name the option errors give: the layer that made the cell, else the cell's class. */
  protected get optionOwner(): string {
    return owner ?? this.qualifiedName;
  }

  /** The size of each state. */
  abstract get stateSize(): number | number[];

  /** The size of the step's output: `units`. */
  get outputSize(): number {
    return this.units;
  }

  /** Keras' implementation: 1 (a product per gate) or 2 (one product); LSTM and GRU override it. */
  get implementation(): 1 | 2 {
    return 2;
  }

  /** The bias's shape: [gates·units] (GRU with resetAfter: [2, 3·units]). */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** The bias's initializer (LSTM's unitForgetBias puts ones in the forget gate's block). */
  protected biasInitializer(): InitializerLike {
    return this.#options.biasInitializer ?? 'zeros';
  }

  /** The bias added to x_t · kernel (GRU with resetAfter: the bias's first row). */
  protected inputBias(): Tensor | null {
    return this.bias;
  }

  /** Makes `kernel` ([features, gates·units]), `recurrentKernel` ([units, gates·units]) and `bias`
   * for step inputs [batch, features]. */
  override build(inputShape: Nest<LayerShape>): void {
    const shape = inputShape as LayerShape;
    const features = shape.at(-1);
    if (typeof features !== 'number') {
      throw new Error(`${this.qualifiedName}: expected step inputs [batch, features] with the features known, got input shape ${shapeText(shape)}.`);
    }
    const o = this.#options;
    const width = this.gates * this.units;
    this.kernel = this.addWeight({ name: 'kernel', shape: [features, width], ...weightOptionsOf(o, 'kernel') });
    this.recurrentKernel = this.addWeight({ name: 'recurrent_kernel', shape: [this.units, width], ...weightOptionsOf(o, 'recurrent') });
    if (this.useBias) this.bias = this.addWeight({ name: 'bias', shape: this.biasShape(), ...weightOptionsOf(o, 'bias'), initializer: this.biasInitializer() });
    this.built = true;
  }

  /** Zeros [batchSize, size] for each state (Keras' get_initial_state). */
  getInitialState(batchSize: number): Tensor[] {
    const sizes = this.stateSize;
    return (typeof sizes === 'number' ? [sizes] : sizes).map((size) => zeros([batchSize, size], this.dtype));
  }

  /** How many dropout masks a sequence draws for the input and for h_{t-1}: one per gate with implementation 1. */
  private get maskCount(): number {
    return this.implementation === 1 ? this.gates : 1;
  }

  /** Dropout masks of `like`'s shape (ones scaled by 1 / (1 - rate), some zeroed): `count` of
   * them, drawn now from the cell's SeedGenerator (Keras' DropoutRNNCell). */
  private drawMasks(like: Tensor, rate: number): Tensor[] {
    const ones = onesLike(like);
    return Array.from({ length: this.maskCount }, () => dropoutOp(ones, rate, { seed: this.#seedGenerator }));
  }

  /** The input's dropout masks of this sequence (drawn at its first step), or null without dropout. */
  getDropoutMask(stepInput: Tensor): Tensor[] | null {
    if (this.dropout === 0) return null;
    this.#inputMasks ??= this.drawMasks(stepInput, this.dropout);
    return this.#inputMasks;
  }

  /** h_{t-1}'s dropout masks of this sequence (drawn at its first step), or null without recurrent dropout. */
  getRecurrentDropoutMask(state: Tensor): Tensor[] | null {
    if (this.recurrentDropout === 0) return null;
    this.#recurrentMasks ??= this.drawMasks(state, this.recurrentDropout);
    return this.#recurrentMasks;
  }

  /** Forgets the input's dropout masks: the next sequence draws new ones (the RNN calls it after its last step). */
  resetDropoutMask(): void {
    this.#inputMasks = null;
  }

  /** Forgets h_{t-1}'s dropout masks. */
  resetRecurrentDropoutMask(): void {
    this.#recurrentMasks = null;
  }

  /** x_t · kernel + input bias for the gates, [batch, gates·units], each gate's x_t with its dropout mask in training. */
  protected inputPart(x: Tensor, training: boolean): Tensor {
    const masks = training ? this.getDropoutMask(x) : null;
    let z: Tensor;
    if (this.implementation === 1) {
      const blocks = split(this.kernel!, this.gates, 1);
      z = concat(blocks.map((block, g) => matmul(masks === null ? x : mul(x, masks[g]!), block)), -1);
    } else {
      z = matmul(masks === null ? x : mul(x, masks[0]!), this.kernel!);
    }
    const bias = this.inputBias();
    return bias === null ? z : add(z, bias);
  }

  /** h_{t-1} as gate `gate` sees it: times its recurrent dropout mask in training, if any. */
  protected seen(h: Tensor, gate: number, training: boolean): Tensor {
    const masks = training ? this.getRecurrentDropoutMask(h) : null;
    if (masks === null) return h;
    return mul(h, masks[masks.length === 1 ? 0 : gate]!);
  }

  /** The recurrent kernel's columns of gates [from, to). */
  protected block(from: number, to: number): Tensor {
    if (from === 0 && to === this.gates) return this.recurrentKernel!;
    return slice(this.recurrentKernel!, [0, from * this.units], [-1, (to - from) * this.units]);
  }

  /** h_{t-1} · U for the gates [from, to), [batch, (to - from)·units]: one product (implementation
   * 2), or one per gate, each with its h_{t-1} dropout mask (implementation 1). */
  protected project(h: Tensor, from: number, to: number, training: boolean): Tensor {
    if (this.implementation === 2) return matmul(this.seen(h, from, training), this.block(from, to));
    const parts: Tensor[] = [];
    for (let g = from; g < to; g++) parts.push(matmul(this.seen(h, g, training), this.block(g, g + 1)));
    return parts.length === 1 ? parts[0]! : concat(parts, -1);
  }

  /** One timestep (Keras' cell call): the step's input [batch, features] and the states before it
   * to `[output, states after]`. */
  abstract override call(inputs: Tensor, states: CellStates, training?: boolean): [Tensor, CellStates];

  /** @internal `cell(x_t, { states, training })` runs `call(x_t, states, training)`. */
  protected override _runCall(inputs: LayerTensors, args: LayerCallArguments & Record<string, unknown>): LayerTensors {
    const states = args.states as CellStates | null | undefined;
    if (states === undefined || states === null) {
      throw new Error(`${this.qualifiedName}: a cell's call takes the states before the step: cell(x_t, { states: [${this.stateSize instanceof Array ? 'h, c' : 'h'}] }) (tensors of [batch, ${this.units}]).`);
    }
    const converted = stateList(states).map((s) => (s instanceof Tensor && s.dtype !== this.dtype ? promoteToFloat(s, this.dtype) : s));
    return this.call(inputs as Tensor, states instanceof Tensor ? converted[0]! : converted, args.training) as unknown as LayerTensors;
  }

  /** @internal `states`, which a cell call takes besides `training`. */
  protected override get _callOptionKeys(): readonly string[] {
    return ['states'];
  }

  /** Keras' config: units, the activation, initializers, regularizers, constraints, dropout and seed. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeOption(this.activation),
      useBias: this.useBias,
      ...weightOptionsConfig(this.#options, CELL_WEIGHTS, this.qualifiedName),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.seed,
    };
  }

  /** A new cell from `getConfig()`'s object (Keras' `from_config`): `units` and the options. */
  static override fromConfig(config: Record<string, unknown>): Layer {
    const [[units], options] = takeArguments(config, this.name, ['units']);
    return new (this as unknown as new (units: number, options: Record<string, unknown>) => Layer)(units as number, options);
  }
}

/** The `implementation` option: 1 or 2 (default), and 1 with recurrent dropout (Keras). */
function implementationOf(value: unknown, recurrentDropout: number, op: string): 1 | 2 {
  if (value !== undefined && value !== 1 && value !== 2) throw new Error(`${op}: implementation must be 1 or 2, got ${describe(value)}.`);
  return recurrentDropout > 0 ? 1 : ((value as 1 | 2 | undefined) ?? 2);
}

/** Keras 3's positional arguments of SimpleRNNCell after its required ones, in its order. */
type SimpleRNNCellPositional = [
  activation?: ActivationLike, useBias?: boolean,
  ...CellWeightArguments, ...CellConstraintArguments, dropout?: number, recurrentDropout?: number, seed?: number | null,
];

/**
 * keras.layers.SimpleRNNCell(units): one step of the fully connected recurrence, h_t =
 * activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias); the output is h_t. Weights
 * `kernel` [features, units], `recurrent_kernel` [units, units] and `bias` [units].
 * `tf.keras.layers.RNN(cell)` runs it over a sequence (that is SimpleRNN).
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const cell = new tf.keras.layers.SimpleRNNCell(2, { kernelInitializer: 'ones', recurrentInitializer: 'zeros' });
 * const [output, [h]] = cell.apply([[0.5]], { states: [tf.zeros([1, 2])] }) as unknown as [tf.Tensor, tf.Tensor[]];
 * console.log(output.arraySync()[0].map((v: number) => v.toFixed(4)), h.shape); // [ '0.4621', '0.4621' ] [ 1, 2 ]
 * const rnn = new tf.keras.layers.RNN(new tf.keras.layers.SimpleRNNCell(3), { returnSequences: true });
 * console.log(rnn(tf.ones([2, 5, 4])).shape, rnn.weights[0].name); // [ 2, 5, 3 ] rnn/simple_rnn_cell_1/kernel
 * ```
 */
export class SimpleRNNCell extends DropoutRNNCell {
  /**
   * @param units The size of the output and state, a positive integer.
   * @param options `activation` (default 'tanh'), `useBias`, the initializers, regularizers and
   * constraints of `kernel`, `recurrentKernel` and `bias`, `dropout`, `recurrentDropout`, `seed`
   * and the layer options.
   */
  constructor(units: number, options?: RNNCellOptions);
  /** Keras 3's positional form: `SimpleRNNCell(units, activation, use_bias, kernel_initializer,
   * recurrent_initializer, bias_initializer, kernel_regularizer, recurrent_regularizer,
   * bias_regularizer, kernel_constraint, recurrent_constraint, bias_constraint, dropout,
   * recurrent_dropout, seed)`. */
  constructor(units: number, ...positional: SimpleRNNCellPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(units: number, ...positionalThenOptions: PositionalThenOptions<SimpleRNNCellPositional, RNNCellOptions>);
  /** Python's keyword form, `SimpleRNNCell(units=...)`: `units` among the options. */
  constructor(options: RNNCellOptions & { units: number });
  constructor(...given: unknown[]) {
    const [[units], args] = requiredLayerArguments(new.target, given, ['units']) as [[number], unknown[]];
    super(units, layerArguments<RNNCellOptions>(new.target, args, SIMPLE_RNN_CELL_POSITIONAL, RECURRENT_NONE), [], 1);
  }

  /** One state, h: `units`. */
  get stateSize(): number {
    return this.units;
  }

  /** h_t = activation(x_t · W + b + h_{t-1} · U); the states after are [h_t] (h_t if given one tensor, as Keras). */
  override call(inputs: Tensor, states: CellStates, training = false): [Tensor, CellStates] {
    const h = stateList(states)[0] as Tensor;
    const output = this.activation(add(this.inputPart(promoteToFloat(inputs, this.dtype), training), this.project(h, 0, 1, training)));
    return [output, states instanceof Tensor ? output : [output]];
  }
}

/** Keras 3's positional arguments of LSTMCell after its required ones, in its order. */
type LSTMCellPositional = [
  activation?: ActivationLike, recurrentActivation?: ActivationLike, useBias?: boolean, kernelInitializer?: InitializerLike,
  recurrentInitializer?: InitializerLike, biasInitializer?: InitializerLike, unitForgetBias?: boolean, kernelRegularizer?: RegularizerLike | null,
  recurrentRegularizer?: RegularizerLike | null, biasRegularizer?: RegularizerLike | null,
  ...CellConstraintArguments, dropout?: number, recurrentDropout?: number, seed?: number | null,
];

/**
 * keras.layers.LSTMCell(units): one step of the long short-term memory, gates i, f, c, o side by
 * side in the kernels' columns: z = x_t · kernel + h_{t-1} · recurrent_kernel + bias, split into
 * z_i, z_f, z_c, z_o; i, f, o = σ(z_i, z_f, z_o) (σ the `recurrentActivation`), c_t = f ⊙ c_{t-1}
 * + i ⊙ tanh(z_c), h_t = o ⊙ tanh(c_t) (tanh the `activation`). States [h, c]; the output is h_t.
 * Weights `kernel` [features, 4·units], `recurrent_kernel` [units, 4·units], `bias` [4·units]
 * (the forget block starting at 1 with `unitForgetBias`).
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const cell = new tf.keras.layers.LSTMCell(3);
 * const [h, [h1, c1]] = cell(tf.ones([2, 4]), { states: [tf.zeros([2, 3]), tf.zeros([2, 3])] }) as unknown as [tf.Tensor, tf.Tensor[]];
 * console.log(h.shape, c1.shape, cell.stateSize); // [ 2, 3 ] [ 2, 3 ] [ 3, 3 ]
 * ```
 */
export class LSTMCell extends DropoutRNNCell {
  /** The activation of the input, forget and output gates. */
  readonly recurrentActivation: (x: Tensor) => Tensor;
  /** Whether the forget gate's bias starts at 1. */
  readonly unitForgetBias: boolean;
  readonly #implementation: 1 | 2;

  /**
   * @param units The size of the output and states, a positive integer.
   * @param options `activation` (default 'tanh'), `recurrentActivation` (default 'sigmoid'),
   * `useBias`, `unitForgetBias`, the initializers, regularizers and constraints, `dropout`,
   * `recurrentDropout`, `seed`, `implementation` and the layer options.
   */
  constructor(units: number, options?: LSTMCellOptions);
  /** Keras 3's positional form: `LSTMCell(units, activation, recurrent_activation, use_bias,
   * kernel_initializer, recurrent_initializer, bias_initializer, unit_forget_bias,
   * kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
   * recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed)`. */
  constructor(units: number, ...positional: LSTMCellPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (implementation among them). */
  constructor(units: number, ...positionalThenOptions: PositionalThenOptions<LSTMCellPositional, LSTMCellOptions>);
  /** Python's keyword form, `LSTMCell(units=...)`: `units` among the options. */
  constructor(options: LSTMCellOptions & { units: number });
  constructor(...given: unknown[]) {
    const [[units], args] = requiredLayerArguments(new.target, given, ['units']) as [[number], unknown[]];
    const options = layerArguments<LSTMCellOptions>(new.target, args, LSTM_CELL_POSITIONAL, RECURRENT_NONE, {}, CELL_KEYWORDS);
    super(units, options, LSTM_CELL_KEYS, 4);
    const o = options;
    const op = this.optionOwner;
    this.recurrentActivation = resolveActivation(o.recurrentActivation === undefined ? 'sigmoid' : o.recurrentActivation, op);
    this.unitForgetBias = checkBoolean(o.unitForgetBias, op, 'unitForgetBias', true);
    this.#implementation = implementationOf(o.implementation, this.recurrentDropout, op);
  }

  /** Two states, h and c: [units, units]. */
  get stateSize(): number[] {
    return [this.units, this.units];
  }

  /** 1 (a product per gate; always with recurrent dropout) or 2. */
  override get implementation(): 1 | 2 {
    return this.#implementation;
  }

  /** With `unitForgetBias`: the bias initializer's values, ones in the forget gate's block. */
  protected override biasInitializer(): InitializerLike {
    const given = super.biasInitializer();
    if (!this.unitForgetBias) return given;
    const init = resolveInitializer(given, this.qualifiedName);
    const units = this.units;
    // Keras: concatenate([init((units,)), ones((units,)), init((2·units,))]).
    return (_shape: number[], dtype?: Parameters<typeof init>[1]) => concat([init([units], dtype), ones([units], dtype), init([2 * units], dtype)], 0);
  }

  /** i, f, o = σ(z_i, z_f, z_o); c_t = f ⊙ c_{t-1} + i ⊙ tanh(z_c); h_t = o ⊙ tanh(c_t); the states after are [h_t, c_t]. */
  override call(inputs: Tensor, states: CellStates, training = false): [Tensor, CellStates] {
    const [h, c] = stateList(states) as [Tensor, Tensor];
    const z = add(this.inputPart(promoteToFloat(inputs, this.dtype), training), this.project(h, 0, 4, training));
    const [zi, zf, zc, zo] = split(z, 4, -1) as [Tensor, Tensor, Tensor, Tensor];
    const i = this.recurrentActivation(zi);
    const f = this.recurrentActivation(zf);
    const cNext = add(mul(f, c), mul(i, this.activation(zc)));
    const o = this.recurrentActivation(zo);
    const hNext = mul(o, this.activation(cNext));
    return [hNext, [hNext, cNext]];
  }

  /** The cells' config with `recurrentActivation` and `unitForgetBias`. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: serializeOption(this.recurrentActivation), unitForgetBias: this.unitForgetBias };
  }
}

/** Keras 3's positional arguments of GRUCell after its required ones, in its order. */
type GRUCellPositional = [
  activation?: ActivationLike, recurrentActivation?: ActivationLike, useBias?: boolean,
  ...CellWeightArguments, ...CellConstraintArguments, dropout?: number, recurrentDropout?: number, resetAfter?: boolean, seed?: number | null,
];

/**
 * keras.layers.GRUCell(units): one step of the gated recurrent unit, gates z (update), r (reset),
 * h (candidate) side by side in the kernels' columns: z = σ(x_z + h_{t-1} · U_z), r = σ(x_r +
 * h_{t-1} · U_r), with x = x_t · kernel + input bias; the candidate ĥ = tanh(x_h + r ⊙ (h_{t-1} ·
 * U_h + b_rec,h)) with `resetAfter` (Keras 3's default; the bias is [2, 3·units], input and
 * recurrent rows) or ĥ = tanh(x_h + (r ⊙ h_{t-1}) · U_h) without (the bias [3·units]); then h_t =
 * z ⊙ h_{t-1} + (1 − z) ⊙ ĥ, the output and the one state.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const gru = new tf.keras.layers.RNN(new tf.keras.layers.GRUCell(2, { resetAfter: false }), { returnState: true });
 * const [output, h] = gru(tf.ones([1, 4, 3])) as unknown as tf.Tensor[];
 * console.log(output.shape, h.shape, gru.weights.map((w) => w.shape.join('x'))); // [ 1, 2 ] [ 1, 2 ] [ '3x6', '2x6', '6' ]
 * ```
 */
export class GRUCell extends DropoutRNNCell {
  /** The activation of the update and reset gates. */
  readonly recurrentActivation: (x: Tensor) => Tensor;
  /** Whether the reset gate applies after the recurrent product (bias [2, 3·units]) or before it. */
  readonly resetAfter: boolean;
  readonly #implementation: 1 | 2;

  /**
   * @param units The size of the output and state, a positive integer.
   * @param options `activation` (default 'tanh'), `recurrentActivation` (default 'sigmoid'),
   * `useBias`, `resetAfter` (default true), the initializers, regularizers and constraints,
   * `dropout`, `recurrentDropout`, `seed`, `implementation` and the layer options.
   */
  constructor(units: number, options?: GRUCellOptions);
  /** Keras 3's positional form: `GRUCell(units, activation, recurrent_activation, use_bias,
   * kernel_initializer, recurrent_initializer, bias_initializer, kernel_regularizer,
   * recurrent_regularizer, bias_regularizer, kernel_constraint, recurrent_constraint,
   * bias_constraint, dropout, recurrent_dropout, reset_after, seed)`. */
  constructor(units: number, ...positional: GRUCellPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (implementation among them). */
  constructor(units: number, ...positionalThenOptions: PositionalThenOptions<GRUCellPositional, GRUCellOptions>);
  /** Python's keyword form, `GRUCell(units=...)`: `units` among the options. */
  constructor(options: GRUCellOptions & { units: number });
  constructor(...given: unknown[]) {
    const [[units], args] = requiredLayerArguments(new.target, given, ['units']) as [[number], unknown[]];
    const options = layerArguments<GRUCellOptions>(new.target, args, GRU_CELL_POSITIONAL, RECURRENT_NONE, {}, CELL_KEYWORDS);
    super(units, options, GRU_CELL_KEYS, 3);
    const o = options;
    const op = this.optionOwner;
    this.recurrentActivation = resolveActivation(o.recurrentActivation === undefined ? 'sigmoid' : o.recurrentActivation, op);
    this.resetAfter = checkBoolean(o.resetAfter, op, 'resetAfter', true);
    this.#implementation = implementationOf(o.implementation, this.recurrentDropout, op);
  }

  /** One state, h: `units`. */
  get stateSize(): number {
    return this.units;
  }

  /** 1 (a product per gate; always with recurrent dropout) or 2. */
  override get implementation(): 1 | 2 {
    return this.#implementation;
  }

  /** [2, 3·units] (input and recurrent rows) with `resetAfter`, else [3·units]. */
  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  /** With `resetAfter`, the bias's first row; else the bias. */
  protected override inputBias(): Tensor | null {
    if (this.bias === null || !this.resetAfter) return this.bias;
    return squeeze(slice(this.bias, [0, 0], [1, -1]), [0]);
  }

  /** z, r = σ(...); ĥ = tanh(x_h + r ⊙ (h·U_h + b_h)) or tanh(x_h + (r ⊙ h)·U_h); h_t = z ⊙ h + (1 − z) ⊙ ĥ. */
  override call(inputs: Tensor, states: CellStates, training = false): [Tensor, CellStates] {
    const h = stateList(states)[0] as Tensor;
    const [xz, xr, xh] = split(this.inputPart(promoteToFloat(inputs, this.dtype), training), 3, -1) as [Tensor, Tensor, Tensor];
    let candidate: Tensor;
    let z: Tensor;
    if (this.resetAfter) {
      let inner = this.project(h, 0, 3, training);
      if (this.bias !== null) inner = add(inner, squeeze(slice(this.bias, [1, 0], [1, -1]), [0]));
      const [hz, hr, hh] = split(inner, 3, -1) as [Tensor, Tensor, Tensor];
      z = this.recurrentActivation(add(xz, hz));
      const r = this.recurrentActivation(add(xr, hr));
      candidate = this.activation(add(xh, mul(r, hh)));
    } else {
      const [hz, hr] = split(this.project(h, 0, 2, training), 2, -1) as [Tensor, Tensor];
      z = this.recurrentActivation(add(xz, hz));
      const r = this.recurrentActivation(add(xr, hr));
      candidate = this.activation(add(xh, matmul(mul(r, this.seen(h, 2, training)), this.block(2, 3))));
    }
    const output = add(mul(z, h), mul(sub(1, z), candidate));
    return [output, states instanceof Tensor ? output : [output]];
  }

  /** The cells' config with `recurrentActivation` and `resetAfter`. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: serializeOption(this.recurrentActivation), resetAfter: this.resetAfter };
  }
}

/** `cell` checked to follow the cell protocol: a layer with its own `call` and a `stateSize`. */
export function checkCell(cell: unknown, op: string, what = 'cell'): RNNCell {
  if (!(cell instanceof Layer)) {
    throw new Error(`${op}: ${what} must be a recurrent cell, a tf.keras.layers.Layer with call(inputs, states, training) and stateSize (e.g. new tf.keras.layers.LSTMCell(8)), or an array of them; got ${describe(cell)}.`);
  }
  if (cell.call === Layer.prototype.call) {
    throw new Error(`${op}: ${what} '${cell.name}' (${cell.constructor.name}) has no \`call\` method of its own: a cell needs call(inputs, states, training) returning [output, newStates].`);
  }
  const size = (cell as Partial<RNNCell>).stateSize;
  const valid = (s: unknown): boolean => (Number.isInteger(s) && (s as number) > 0) || (Array.isArray(s) && s.length > 0 && s.every(valid));
  if (size === undefined || size === null) {
    throw new Error(`${op}: ${what} '${cell.name}' (${cell.constructor.name}) has no \`stateSize\`: a cell needs stateSize, the size of its state (a number) or of each state (an array of numbers).`);
  }
  if (!valid(size)) throw new Error(`${op}: ${what} '${cell.name}' (${cell.constructor.name}): stateSize must be a positive integer or an array of them (one per state), got ${Array.isArray(size) ? JSON.stringify(size) : describe(size)}.`);
  const output = (cell as Partial<RNNCell>).outputSize;
  if (output !== undefined && output !== null && !(Number.isInteger(output) && output > 0)) {
    throw new Error(`${op}: ${what} '${cell.name}' (${cell.constructor.name}): outputSize must be a positive integer, got ${describe(output)}.`);
  }
  return cell as RNNCell;
}

/** The size of a cell's output: `outputSize`, else its first state's size. */
export function outputSizeOf(cell: RNNCell): number {
  if (typeof cell.outputSize === 'number') return cell.outputSize;
  let size: StateSize = cell.stateSize;
  while (typeof size !== 'number') size = size[0]!;
  return size;
}

/** Options of `new tf.keras.layers.StackedRNNCells(cells, options)`: the layer options. */
export type StackedRNNCellsOptions = LayerOptions;

/**
 * keras.layers.StackedRNNCells(cells): cells run one after the other within a timestep, each on
 * the output of the one before; its states are one entry per cell (that cell's states: a tensor
 * for a cell of one number-sized state, else an array), and its output the last cell's.
 * `new tf.keras.layers.RNN([cell1, cell2])` stacks them too. Weights are named under it:
 * 'rnn/stacked_rnn_cells/lstm_cell/kernel'.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const cells = new tf.keras.layers.StackedRNNCells([new tf.keras.layers.LSTMCell(4), new tf.keras.layers.GRUCell(2)]);
 * console.log(cells.stateSize, cells.outputSize);                            // [ [ 4, 4 ], 2 ] 2
 * const rnn = new tf.keras.layers.RNN(cells, { returnState: true });
 * const [output, [h1, c1], [h2]] = rnn(tf.ones([3, 5, 6])) as unknown as [tf.Tensor, tf.Tensor[], tf.Tensor[]];
 * console.log(output.shape, c1.shape, h2.shape);                             // [ 3, 2 ] [ 3, 4 ] [ 3, 2 ]
 * ```
 */
export class StackedRNNCells extends Layer {
  /** @internal Keras' `call(..., training=False)`: inference unless a mode is given. */
  override _defaultTraining: boolean | null = false;

  /** The cells, first to last. */
  readonly cells: RNNCell[];

  /**
   * @param cells The cells, in order: built-in cells or your own (layers with `call(inputs, states,
   * training)` and `stateSize`).
   * @param options The layer options.
   */
  constructor(cells: readonly Layer[], options?: StackedRNNCellsOptions);
  /** Python's keyword form, `StackedRNNCells(cells=...)`: `cells` among the options. */
  constructor(options: StackedRNNCellsOptions & { cells: readonly Layer[] });
  constructor(...given: unknown[]) {
    const [[cells], [options = {}]] = requiredLayerArguments(new.target, given, ['cells'], true) as [[readonly Layer[]], [StackedRNNCellsOptions?]];
    const op = 'keras.layers.StackedRNNCells';
    if (!Array.isArray(cells) || cells.length === 0) throw new Error(`${op}: cells must be a non-empty array of recurrent cells, got ${describe(cells)}.`);
    const checked = cells.map((cell, i) => checkCell(cell, op, `cells[${i}]`));
    super(options, []);
    this.cells = checked;
  }

  /** One entry per cell: its `stateSize`. */
  get stateSize(): StateSize[] {
    return this.cells.map((cell) => cell.stateSize);
  }

  /** The last cell's output size. */
  get outputSize(): number {
    return outputSizeOf(this.cells.at(-1)!);
  }

  /** One entry per cell: its initial states (its own getInitialState, else zeros: a tensor for a
   * number-sized state, an array for several). */
  getInitialState(batchSize: number): CellStates[] {
    return this.cells.map((cell) => {
      if (typeof cell.getInitialState === 'function') return cell.getInitialState(batchSize);
      const size = cell.stateSize;
      return typeof size === 'number' ? zeros([batchSize, size], this.dtype) : flatSizes(size).map((s) => zeros([batchSize, s], this.dtype));
    });
  }

  /** Builds each cell for its input: the step input for the first, the previous cell's output for the next. */
  override build(inputShape: Nest<LayerShape>): void {
    const shape = inputShape as LayerShape;
    let stepShape: LayerShape = shape;
    for (const cell of this.cells) {
      if (!cell.built) {
        cell._rescope(this.nameScope);
        cell._buildFor(stepShape);
      }
      stepShape = [shape[0] ?? null, outputSizeOf(cell)];
    }
    this.built = true;
  }

  /** Each cell's step on the previous one's output with its own states: `[last output, [states of each cell]]`. */
  override call(inputs: Tensor, states: CellStates, training = false): [Tensor, CellStates] {
    const perCell = stateList(states);
    if (perCell.length !== this.cells.length) {
      throw new Error(`${this.qualifiedName}: expected the states of ${this.cells.length} cells (one entry per cell), got ${perCell.length}.`);
    }
    let x = inputs;
    const next: CellStates[] = this.cells.map((cell, i) => {
      const given = perCell[i]!;
      // Keras: each cell is given a list of its states, one tensor as a list of one.
      const [output, after] = runCell(cell, x, given instanceof Tensor ? [given] : given, training, this.qualifiedName);
      x = output;
      // Keras: a cell given one tensor (not a list) gets one back.
      return given instanceof Tensor && !(after instanceof Tensor) && after.length === 1 ? after[0]! : after;
    });
    return [x, next];
  }

  /** @internal `cell(x_t, { states, training })` runs `call(x_t, states, training)`. */
  protected override _runCall(inputs: LayerTensors, args: LayerCallArguments & Record<string, unknown>): LayerTensors {
    const states = args.states as CellStates | null | undefined;
    if (states === undefined || states === null) throw new Error(`${this.qualifiedName}: a cell's call takes the states before the step, one entry per cell: cells(x_t, { states }).`);
    return this.call(inputs as Tensor, states, args.training) as unknown as LayerTensors;
  }

  /** @internal `states`, which a cell call takes besides `training`. */
  protected override get _callOptionKeys(): readonly string[] {
    return ['states'];
  }

  /** `{cells: [serialized cells]}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cells: this.cells.map((cell) => serialize(cell)) };
  }

  /** A new StackedRNNCells from `getConfig()`'s object: the cells deserialized (your own from `customObjects`). */
  static override fromConfig(config: Record<string, unknown>, options: DeserializeOptions = {}): StackedRNNCells {
    const { cells, ...rest } = configObject(config, 'StackedRNNCells');
    if (!Array.isArray(cells)) throw new Error(`StackedRNNCells.fromConfig: the config's \`cells\` must be an array of serialized cells, got ${describe(cells)}.`);
    return new this(cells.map((c) => deserialize(withoutBuildConfig(c as SerializedLayer), options)), rest as StackedRNNCellsOptions);
  }
}

/** A serialized layer without its build: the layer holding it builds it, under its own scope. */
export const withoutBuildConfig = (s: SerializedLayer): SerializedLayer => ({ className: s.className, config: s.config });

/** The state sizes in order, nested lists flattened. */
export function flatSizes(size: StateSize): number[] {
  return typeof size === 'number' ? [size] : size.flatMap(flatSizes);
}

/** The states' tensors in order, nested lists flattened. */
export function flattenStates(states: CellStates): Tensor[] {
  return states instanceof Tensor ? [states] : states.flatMap(flattenStates);
}

/** A structure like `template` holding `flat`'s tensors in order. */
export function packStates(template: CellStates, flat: readonly Tensor[]): CellStates {
  let next = 0;
  const pack = (t: CellStates): CellStates => (t instanceof Tensor ? flat[next++]! : t.map(pack));
  return pack(template);
}

/** One step of `cell` (built-in or your own), its result checked to be `[output, new states]`
 * with as many state tensors as it was given. */
export function runCell(cell: RNNCell, x: Tensor, states: CellStates, training: boolean, op: string): [Tensor, CellStates] {
  const result = (cell.call as (inputs: Tensor, states: CellStates, training: boolean) => unknown)(x, states, training);
  if (!Array.isArray(result) || result.length !== 2 || !(result[0] instanceof Tensor)) {
    throw new Error(`${op}: cell '${cell.name}' (${cell.constructor.name}).call must return [output, newStates] (a tensor and the states after the step), got ${describe(result)}.`);
  }
  const after = result[1] as CellStates;
  const valid = (s: unknown): boolean => s instanceof Tensor || (Array.isArray(s) && s.every(valid));
  const count = flattenStates(states).length;
  if (!valid(after) || flattenStates(after).length !== count) {
    throw new Error(`${op}: cell '${cell.name}' (${cell.constructor.name}).call returned ${valid(after) ? `${flattenStates(after).length} state tensor(s)` : describe(after)} as its new states; it was given ${count} (stateSize ${JSON.stringify(cell.stateSize)}).`);
  }
  return [result[0], after];
}
