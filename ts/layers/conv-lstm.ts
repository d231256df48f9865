// tf.keras.layers.ConvLSTM1D, ConvLSTM2D and ConvLSTM3D (keras/src/layers/rnn/conv_lstm.py,
// conv_lstm{1,2,3}d.py): an LSTM whose input and recurrent products are convolutions, over
// sequences of images [batch, time, ...spatial, channels] (or [batch, time, channels, ...spatial]
// channels first). As in Keras 3 the layer is an RNN of a ConvLSTMCell (not exported by Keras), so
// the RNN machinery (recurrent.ts) runs the steps: goBackwards, returnSequences, returnState,
// stateful, initialState, masks. One step, gates i, f, c, o side by side in the kernels' last axis:
//   z_g = conv(x_t, kernel_g; strides, padding, dilationRate) + bias_g
//         + conv(h_{t-1}, recurrent_kernel_g; stride 1, 'same', no dilation)
//   i, f, o = σ(z_i, z_f, z_o)   c_t = f ⊙ c_{t-1} + i ⊙ tanh(z_c)   h_t = o ⊙ tanh(c_t)
// with σ the `recurrentActivation` and tanh the `activation`. The states h and c are images of
// the input convolution's output shape, [batch, ...spatial out, filters].
//
// Dropout as Keras' cell: in training, four masks of the step input's shape (one per gate) and
// four of h_{t-1}'s, drawn at a sequence's first step and kept to its last.
//
// Masks: Keras' JAX backend cannot mask a ConvLSTM (its rnn broadcasts the [batch, 1] step mask
// against the image states and fails); gradtape masks as its TensorFlow backend does, whole
// samples: a masked step keeps a sample's states and repeats its previous output.

import { ones, onesLike, zeros } from '../creation';
import { conv1d, conv2d, conv3d } from '../convolution';
import { checkBoolean, describe, type PositionalThenOptions } from '../describe';
import { add, mul } from '../generated/ops';
import { SeedGenerator, dropout as dropoutOp } from '../keras-random';
import { concat, reshape } from '../ops';
import { split } from '../shape';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import { type DataFormat, channelAxis, standardizeDataFormat, standardizePadding, standardizeTuple } from './arguments';
import {
  type ActivationLike, type CellStates, type ConstraintLike, type InitializerLike, Layer, requiredLayerArguments, layerArguments, type LayerShape, promoteToFloat, type RegularizerLike,
  resolveActivation, resolveInitializer, serializeOption, shapeText, takeArguments,
} from './layer';
import type { Nest } from './nest';
import { RNN, type RecurrentOptions } from './recurrent';
import { registerLayerClass } from './serialization';
import { RECURRENT_NONE, dropoutRate } from './recurrent-cells';
import { type WeightRole, resolveWeightOptions, weightOptionKeys, weightOptionsConfig, weightOptionsOf } from './weight-options';
import { convOutputShape } from './window-shapes';

/** Options of `new tf.keras.layers.ConvLSTM2D(filters, kernelSize, options)`, and of ConvLSTM1D's
 * and ConvLSTM3D's: the input convolution's window, the LSTM's activations and weights, dropout,
 * and the RNN's flags. */
export interface ConvLSTMOptions extends RecurrentOptions {
  /** The step between the input convolution's windows: one integer for every spatial axis, or one
   * per axis (default 1); the recurrent convolution always steps by 1. */
  strides?: number | readonly number[];
  /** The input convolution's padding: 'valid' (default: none) or 'same'; any case. The recurrent
   * convolution is always 'same'. */
  padding?: 'valid' | 'same';
  /** 'channels_last' (default: inputs [batch, time, ...spatial, channels]) or 'channels_first'
   * ([batch, time, channels, ...spatial]). */
  dataFormat?: DataFormat | null;
  /** The spacing of the input kernel's taps: one integer or one per axis (default 1); more than 1
   * cannot be combined with strides above 1. */
  dilationRate?: number | readonly number[];
  /** The activation of the input, forget and output gates (default 'sigmoid'). */
  recurrentActivation?: ActivationLike;
  /** Whether the forget gate's bias starts at 1 (with the rest from `biasInitializer`), as
   * Jozefowicz et al. advise (default true). */
  unitForgetBias?: boolean;
}

/** The cell's weights, in Keras' order. */
const ROLES: readonly WeightRole[] = ['kernel', 'recurrent', 'bias'];

/** The option keys of the cell (the layer's besides the RNN flags). */
const CELL_KEYS: readonly string[] = [
  'strides', 'padding', 'dataFormat', 'dilationRate', 'activation', 'recurrentActivation', 'useBias', ...weightOptionKeys(ROLES), 'unitForgetBias', 'dropout', 'recurrentDropout', 'seed',
];

/** The data format letters of the convolution ops, by rank and `dataFormat`. */
const OP_FORMATS: Record<number, [string, string]> = { 1: ['NWC', 'NCW'], 2: ['NHWC', 'NCHW'], 3: ['NDHWC', 'NCDHW'] };

/**
 * One step of ConvLSTM (Keras' ConvLSTMCell, which keras.layers does not export): the step's
 * image [batch, ...spatial, channels] and the states [h, c] to `[h_t, [h_t, c_t]]`. Weights
 * `kernel` [...kernelSize, channels, 4·filters], `recurrent_kernel` [...kernelSize, filters,
 * 4·filters] and `bias` [4·filters].
 */
export class ConvLSTMCell extends Layer {
  /** @internal Keras' `call(..., training=False)`: inference unless a mode is given. */
  override _defaultTraining: boolean | null = false;

  /** The number of spatial axes: 1, 2 or 3. */
  readonly rank: number;
  /** The output's channels, and each state's. */
  readonly filters: number;
  /** The window's size along each spatial axis (the input and the recurrent convolution's). */
  readonly kernelSize: number[];
  /** The input convolution's step along each spatial axis. */
  readonly strides: number[];
  /** The input convolution's padding, 'valid' or 'same'. */
  readonly padding: 'valid' | 'same';
  /** The order of the input's axes. */
  readonly dataFormat: DataFormat;
  /** The spacing of the input kernel's taps along each spatial axis. */
  readonly dilationRate: number[];
  /** The activation of the candidate and of the cell state. */
  readonly activation: (x: Tensor) => Tensor;
  /** The activation of the input, forget and output gates. */
  readonly recurrentActivation: (x: Tensor) => Tensor;
  /** Whether the cell adds a bias. */
  readonly useBias: boolean;
  /** Whether the forget gate's bias starts at 1. */
  readonly unitForgetBias: boolean;
  /** The fraction of the step input dropped in training. */
  readonly dropout: number;
  /** The fraction of h_{t-1} dropped in the recurrent convolution in training. */
  readonly recurrentDropout: number;
  /** The seed of the dropout masks, or null. */
  readonly seed: number | null;
  /** The input kernel; null until built. */
  kernel: Variable | null = null;
  /** The recurrent kernel; null until built. */
  recurrentKernel: Variable | null = null;
  /** The bias, [4·filters]; null until built, and when `useBias` is false. */
  bias: Variable | null = null;
  /** The step input's spatial sizes and channels, known once built. */
  #spatial: number[] | null = null;
  #channels = 0;
  #inputMasks: Tensor[] | null = null;
  #recurrentMasks: Tensor[] | null = null;
  /** The dropout masks' seeds (made first, as Keras' ConvLSTMCell makes it). */
  readonly #seedGenerator: SeedGenerator;
  readonly #options: Record<string, unknown>;
  /** The name the errors give: the layer that made the cell. */
  readonly #op: string;

  /**
   * @param rank The number of spatial axes, 1 to 3.
   * @param filters The output's channels, a positive integer.
   * @param kernelSize The window: one integer for every spatial axis, or one per axis.
   * @param options The cell's options of {@link ConvLSTMOptions} and the layer options.
   * @param op The name the option errors give (the layer making the cell).
   */
  constructor(rank: number, filters: number, kernelSize: number | readonly number[], options: ConvLSTMOptions = {}, op = 'keras.layers.ConvLSTMCell') {
    super(options, CELL_KEYS);
    const o = (options ?? {}) as ConvLSTMOptions & Record<string, unknown>;
    if (o.seed !== undefined && o.seed !== null && !Number.isSafeInteger(o.seed)) throw new Error(`${op}: seed must be an integer or null, got ${describe(o.seed)}.`);
    this.seed = o.seed ?? null;
    this.#seedGenerator = new SeedGenerator(this.seed);
    if (!Number.isSafeInteger(filters) || filters <= 0) {
      throw new Error(`${op}: Invalid value for argument \`filters\`. Expected a strictly positive integer. Received filters=${describe(filters)}.`);
    }
    this.rank = rank;
    this.filters = filters;
    this.kernelSize = standardizeTuple(kernelSize, rank, 'kernelSize', op);
    this.strides = standardizeTuple(o.strides ?? 1, rank, 'strides', op);
    this.padding = standardizePadding(o.padding ?? 'valid', op);
    this.dataFormat = standardizeDataFormat(o.dataFormat, op);
    this.dilationRate = standardizeTuple(o.dilationRate ?? 1, rank, 'dilationRate', op);
    if (Math.max(...this.strides) > 1 && Math.max(...this.dilationRate) > 1) {
      throw new Error(
        `${op}: Specifying \`strides > 1\` is not compatible with \`dilationRate > 1\`. Please provide \`strides=1\` or \`dilationRate=1\`. ` +
          `Received: strides=[${this.strides.join(', ')}] and dilationRate=[${this.dilationRate.join(', ')}]`,
      );
    }
    this.activation = resolveActivation(o.activation === undefined ? 'tanh' : o.activation, op);
    this.recurrentActivation = resolveActivation(o.recurrentActivation === undefined ? 'sigmoid' : o.recurrentActivation, op);
    this.useBias = checkBoolean(o.useBias, op, 'useBias', true);
    this.unitForgetBias = checkBoolean(o.unitForgetBias, op, 'unitForgetBias', true);
    const resolved = resolveWeightOptions(o, ROLES, op);
    this.dropout = dropoutRate(o.dropout, op, 'dropout');
    this.recurrentDropout = dropoutRate(o.recurrentDropout, op, 'recurrentDropout');
    this.#options = resolved;
    this.#op = op;
  }

  /** The RNN protocol's state sizes: h and c, `filters` channels each (each state is an image,
   * `stateShape`). */
  get stateSize(): number[] {
    return [this.filters, this.filters];
  }

  /** The output's channels: `filters`. */
  get outputSize(): number {
    return this.filters;
  }

  /** The input convolution's output shape for a step input of `stepShape`: each state's shape. */
  outputShapeFor(stepShape: LayerShape): (number | null)[] {
    return convOutputShape(stepShape, { filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, padding: this.padding, dataFormat: this.dataFormat, dilationRate: this.dilationRate }, this.#op);
  }

  /** Each state's shape for a batch of `batch`: [batch, ...spatial out, filters] (or channels
   * first); the spatial sizes null before the cell is built. */
  stateShape(batch: number | null): (number | null)[] {
    if (this.#spatial === null) return [batch, ...Array<null>(this.rank + 1).fill(null)];
    const step = this.dataFormat === 'channels_last' ? [batch, ...this.#spatial, this.#channels] : [batch, this.#channels, ...this.#spatial];
    return this.outputShapeFor(step);
  }

  /** Makes `kernel`, `recurrentKernel` and `bias` for step inputs [batch, ...spatial, channels]
   * (or channels first), whose spatial sizes must be known (the states' shapes follow from them). */
  override build(inputShape: Nest<LayerShape>): void {
    const shape = inputShape as LayerShape;
    const spatial = this.dataFormat === 'channels_first' ? shape.slice(2) : shape.slice(1, -1);
    if (spatial.some((d) => d === null || d === undefined)) {
      throw new Error(`${this.#op}: ConvLSTM layers only support static input shapes for the spatial dimension. Received invalid input shape: input_shape=${shapeText(shape)}`);
    }
    const channels = shape[channelAxis(shape.length, this.dataFormat)];
    if (typeof channels !== 'number') {
      throw new Error(`${this.#op}: The channel dimension of the inputs (last axis) should be defined. Found None. Full input shape received: input_shape=${shapeText(shape)}`);
    }
    this.#spatial = spatial as number[];
    this.#channels = channels;
    // Checks that the windows fit, before any weight is made.
    this.outputShapeFor(shape);
    const o = this.#options;
    const width = 4 * this.filters;
    this.kernel = this.addWeight({ name: 'kernel', shape: [...this.kernelSize, channels, width], ...weightOptionsOf(o, 'kernel') });
    this.recurrentKernel = this.addWeight({ name: 'recurrent_kernel', shape: [...this.kernelSize, this.filters, width], ...weightOptionsOf(o, 'recurrent') });
    if (this.useBias) this.bias = this.addWeight({ name: 'bias', shape: [width], ...weightOptionsOf(o, 'bias'), initializer: this.biasInitializer() });
    this.built = true;
  }

  /** The bias's initializer: with `unitForgetBias`, the given one's values with ones in the forget gate's block. */
  private biasInitializer(): InitializerLike {
    const given = (this.#options.biasInitializer as InitializerLike | undefined) ?? 'zeros';
    if (!this.unitForgetBias) return given;
    const init = resolveInitializer(given, this.qualifiedName);
    const filters = this.filters;
    // Keras: concatenate([init((filters,)), ones((filters,)), init((2·filters,))]).
    return (_shape: number[], dtype?: Parameters<typeof init>[1]) => concat([init([filters], dtype), ones([filters], dtype), init([2 * filters], dtype)], 0);
  }

  /** Zeros of `stateShape(batchSize)` for h and c (Keras' get_initial_state). */
  getInitialState(batchSize: number): Tensor[] {
    const shape = this.stateShape(batchSize) as number[];
    return [zeros(shape, this.dtype), zeros(shape, this.dtype)];
  }

  /** Four dropout masks of `like`'s shape (one per gate), drawn now from the cell's SeedGenerator. */
  private drawMasks(like: Tensor, rate: number): Tensor[] {
    const ones = onesLike(like);
    return [0, 1, 2, 3].map(() => dropoutOp(ones, rate, { seed: this.#seedGenerator }));
  }

  /** Forgets the input's dropout masks: the next sequence draws new ones (the RNN calls it after its last step). */
  resetDropoutMask(): void {
    this.#inputMasks = null;
  }

  /** Forgets h_{t-1}'s dropout masks. */
  resetRecurrentDropoutMask(): void {
    this.#recurrentMasks = null;
  }

  /** The convolution of the step (`x` [batch, ...spatial, channels]) with `kernel`. */
  private convolve(x: Tensor, kernel: Tensor, strides: number[], padding: 'valid' | 'same', dilation: number[]): Tensor {
    const format = OP_FORMATS[this.rank]![this.dataFormat === 'channels_last' ? 0 : 1]!;
    const pad = padding === 'same' ? 'SAME' : 'VALID';
    if (this.rank === 1) return conv1d(x, kernel, strides, pad, format as 'NWC' | 'NCW', dilation);
    if (this.rank === 2) return conv2d(x, kernel, strides, pad, format as 'NHWC' | 'NCHW', dilation);
    return conv3d(x, kernel, strides, pad, format as 'NDHWC' | 'NCDHW', dilation);
  }

  /** The four gates' pre-activations of one convolution: `x` (or, with masks, x ⊙ mask_g for gate
   * g) convolved with each gate's block of `kernel`. Without masks one convolution of all
   * 4·filters output channels, split: each output channel is computed alone either way. */
  private gateConvolutions(x: Tensor, kernel: Tensor, masks: Tensor[] | null, strides: number[], padding: 'valid' | 'same', dilation: number[]): Tensor[] {
    const axis = this.dataFormat === 'channels_last' ? this.rank + 1 : 1;
    if (masks === null) return split(this.convolve(x, kernel, strides, padding, dilation), 4, axis);
    const blocks = split(kernel, 4, this.rank + 1);
    return blocks.map((block, g) => this.convolve(mul(x, masks[g]!), block, strides, padding, dilation));
  }

  /** i, f, o = σ(z_i, z_f, z_o); c_t = f ⊙ c_{t-1} + i ⊙ tanh(z_c); h_t = o ⊙ tanh(c_t). */
  override call(inputs: Tensor, states: CellStates, training = false): [Tensor, CellStates] {
    const [h, c] = states as [Tensor, Tensor];
    const x = promoteToFloat(inputs, this.dtype);
    if (training && this.dropout > 0) this.#inputMasks ??= this.drawMasks(x, this.dropout);
    if (training && this.recurrentDropout > 0) this.#recurrentMasks ??= this.drawMasks(h, this.recurrentDropout);
    const xs = this.gateConvolutions(x, this.kernel!, training ? this.#inputMasks : null, this.strides, this.padding, this.dilationRate);
    const ones = Array<number>(this.rank).fill(1);
    const hs = this.gateConvolutions(h, this.recurrentKernel!, training ? this.#recurrentMasks : null, ones, 'same', ones);
    const biases = this.bias === null ? null : split(this.bias, 4, 0).map((b) => (this.dataFormat === 'channels_last' ? b : reshape(b, [1, this.filters, ...ones])));
    const z = xs.map((xg, g) => add(biases === null ? xg : add(xg, biases[g]!), hs[g]!));
    const i = this.recurrentActivation(z[0]!);
    const f = this.recurrentActivation(z[1]!);
    const cNext = add(mul(f, c), mul(i, this.activation(z[2]!)));
    const o = this.recurrentActivation(z[3]!);
    const hNext = mul(o, this.activation(cNext));
    return [hNext, [hNext, cNext]];
  }

  /** Keras' cell config: filters, the window, the activations, useBias, the initializers,
   * regularizers and constraints, unitForgetBias, dropout, recurrentDropout and seed. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize.slice(),
      strides: this.strides.slice(),
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate.slice(),
      activation: serializeOption(this.activation),
      recurrentActivation: serializeOption(this.recurrentActivation),
      useBias: this.useBias,
      ...weightOptionsConfig(this.#options, ROLES, this.qualifiedName),
      unitForgetBias: this.unitForgetBias,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.seed,
    };
  }
}

/** `options`' entries of the cell's keys, for the cell a ConvLSTM layer makes. */
function cellOptions(options: ConvLSTMOptions | null | undefined): Record<string, unknown> {
  const o = (options ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of [...CELL_KEYS, 'dtype', 'trainable']) if (key in o) out[key] = o[key];
  return out;
}

/** Keras 3's ConvLSTM1D/2D/3D arguments after filters and kernel_size, in its order (no unroll:
 * Keras takes it as a keyword only), and those whose default is None. */
const CONV_LSTM_POSITIONAL = [
  'strides', 'padding', 'dataFormat', 'dilationRate', 'activation', 'recurrentActivation', 'useBias', 'kernelInitializer', 'recurrentInitializer',
  'biasInitializer', 'unitForgetBias', 'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint',
  'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout', 'seed', 'returnSequences', 'returnState', 'goBackwards', 'stateful',
];
const CONV_LSTM_NONE = ['dataFormat', ...RECURRENT_NONE];
/** RNN's arguments that ConvLSTM1D/2D/3D take through their `**kwargs`, so only by name: they may
 * follow the positional arguments. */
const CONV_LSTM_KEYWORDS = ['unroll', 'zeroOutputForMask'];

/** Keras 3's positional arguments of a ConvLSTM layer after filters and kernel_size. */
type ConvLSTMPositional = [
  strides?: number | readonly number[], padding?: 'valid' | 'same', dataFormat?: DataFormat | null, dilationRate?: number | readonly number[],
  activation?: ActivationLike, recurrentActivation?: ActivationLike, useBias?: boolean, kernelInitializer?: InitializerLike, recurrentInitializer?: InitializerLike,
  biasInitializer?: InitializerLike, unitForgetBias?: boolean, kernelRegularizer?: RegularizerLike | null, recurrentRegularizer?: RegularizerLike | null,
  biasRegularizer?: RegularizerLike | null, activityRegularizer?: RegularizerLike | null, kernelConstraint?: ConstraintLike | null,
  recurrentConstraint?: ConstraintLike | null, biasConstraint?: ConstraintLike | null, dropout?: number, recurrentDropout?: number, seed?: number | null,
  returnSequences?: boolean, returnState?: boolean, goBackwards?: boolean, stateful?: boolean,
];

/**
 * What ConvLSTM1D, ConvLSTM2D and ConvLSTM3D share (Keras' ConvLSTM): an RNN of a ConvLSTMCell
 * named 'conv_lstm_cell', whose options and weights read as the layer's own, its config merged
 * into the layer's (without `cell`, as Keras' get_config deletes it).
 */
export abstract class ConvLSTM extends RNN {
  declare readonly cell: ConvLSTMCell;

  /** @internal */
  protected static override _cellOptionKeys: readonly string[] = CELL_KEYS;

  /**
   * @param rank The number of spatial axes, 1 to 3.
   * @param filters The output's channels, a positive integer.
   * @param kernelSize The window: one integer for every spatial axis, or one per axis.
   * @param options {@link ConvLSTMOptions}.
   */
  protected constructor(rank: number, filters: number, kernelSize: number | readonly number[], options: ConvLSTMOptions = {}) {
    const op = `${Layer._namespace}.${new.target.name}`;
    super(new ConvLSTMCell(rank, filters, kernelSize, { ...cellOptions(options), name: 'conv_lstm_cell' }, op), options);
    this.inputSpec = { ndim: rank + 3 };
  }

  /** The output's channels, and each state's. */
  get filters(): number {
    return this.cell.filters;
  }

  /** The window's size along each spatial axis. */
  get kernelSize(): number[] {
    return this.cell.kernelSize;
  }

  /** The input convolution's step along each spatial axis. */
  get strides(): number[] {
    return this.cell.strides;
  }

  /** The input convolution's padding, 'valid' or 'same'. */
  get padding(): 'valid' | 'same' {
    return this.cell.padding;
  }

  /** The order of the input's axes. */
  get dataFormat(): DataFormat {
    return this.cell.dataFormat;
  }

  /** The spacing of the input kernel's taps along each spatial axis. */
  get dilationRate(): number[] {
    return this.cell.dilationRate;
  }

  /** The activation of the candidate and of the cell state. */
  get activation(): (x: Tensor) => Tensor {
    return this.cell.activation;
  }

  /** The activation of the input, forget and output gates. */
  get recurrentActivation(): (x: Tensor) => Tensor {
    return this.cell.recurrentActivation;
  }

  /** Whether the layer adds a bias. */
  get useBias(): boolean {
    return this.cell.useBias;
  }

  /** Whether the forget gate's bias starts at 1. */
  get unitForgetBias(): boolean {
    return this.cell.unitForgetBias;
  }

  /** The fraction of the step input dropped in training. */
  get dropout(): number {
    return this.cell.dropout;
  }

  /** The fraction of h_{t-1} dropped in the recurrent convolution in training. */
  get recurrentDropout(): number {
    return this.cell.recurrentDropout;
  }

  /** The seed of the dropout masks, or null. */
  get seed(): number | null {
    return this.cell.seed;
  }

  /** The input kernel, [...kernelSize, channels, 4·filters]; null until built. */
  get kernel(): Variable | null {
    return this.cell.kernel;
  }

  /** The recurrent kernel, [...kernelSize, filters, 4·filters]; null until built. */
  get recurrentKernel(): Variable | null {
    return this.cell.recurrentKernel;
  }

  /** The bias, [4·filters]; null until built, and when `useBias` is false. */
  get bias(): Variable | null {
    return this.cell.bias;
  }

  /** @internal Each state is an image: [batch, ...spatial out, filters] (or channels first). */
  protected override _stateShape(index: number, batch: number | null): LayerShape {
    void index;
    return this.cell.stateShape(batch);
  }

  /** @internal What initialState must hold, for the error messages. */
  protected override _expectedStates(batch: number | null): string {
    return `2 states ([h, c]) of shape ${shapeText(this.cell.stateShape(batch))} (the input convolution's output)`;
  }

  /** [batch, time, ...spatial out, filters] with `returnSequences`, else [batch, ...spatial out,
   * filters] (channels first: filters before the spatial sizes); with `returnState` each state
   * is the latter besides. */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const shape = inputShape as LayerShape;
    const state = this.cell.outputShapeFor([shape[0] ?? null, ...shape.slice(2)]).slice(1);
    return this.returnSequences ? [shape[0] ?? null, shape[1] ?? null, ...state] : [shape[0] ?? null, ...state];
  }

  /** Keras' config: the RNN's flags and the cell's options in one object (no `cell`), with
   * activityRegularizer. */
  override getConfig(): Record<string, unknown> {
    const { cell: _cell, ...own } = super.getConfig();
    const { name: _name, trainable: _trainable, dtype: _dtype, ...cellConfig } = this.cell.getConfig();
    return { ...own, ...cellConfig, activityRegularizer: serializeOption(this.activityRegularizer) };
  }

  /** A new layer from `getConfig()`'s object (Keras' `from_config`): `filters`, `kernelSize` and the options. */
  static override fromConfig(config: Record<string, unknown>): Layer {
    const [[filters, kernelSize], options] = takeArguments(config, this.name, ['filters', 'kernelSize']);
    return new (this as unknown as new (filters: number, kernelSize: number[], options: Record<string, unknown>) => Layer)(filters as number, kernelSize as number[], options);
  }
}

/**
 * keras.layers.ConvLSTM1D(filters, kernelSize): the convolutional LSTM over sequences of 1-D
 * signals [batch, time, steps, channels] (or [batch, time, channels, steps] channels first): an
 * LSTM whose products with the input and with h_{t-1} are 1-D convolutions, gates i, f, c, o:
 * z = conv(x_t, kernel) + bias + conv(h_{t-1}, recurrent_kernel), i, f, o = σ(z_i, z_f, z_o),
 * c_t = f ⊙ c_{t-1} + i ⊙ tanh(z_c), h_t = o ⊙ tanh(c_t). The states h, c are [batch, steps out,
 * filters]. The output is h_T, or every h_t with `returnSequences`; `returnState` adds [h_T,
 * c_T]. Weights `'conv_lstm1d/conv_lstm_cell/kernel'` [kernelSize, channels, 4·filters],
 * `recurrent_kernel` [kernelSize, filters, 4·filters], `bias` [4·filters]. A call takes `mask`
 * ([batch, time]) and `initialState: [h0, c0]`.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const layer = new tf.keras.layers.ConvLSTM1D(4, 3, { padding: 'same', returnState: true });
 * const [output, h, c] = layer(tf.ones([2, 5, 10, 3])) as unknown as tf.Tensor[]; // 5 steps of 10 x 3 channels
 * console.log(output.shape, c.shape);                                     // [ 2, 10, 4 ] [ 2, 10, 4 ]
 * console.log(layer.kernel!.name, layer.weights.map((w) => w.shape.join('x'))); // conv_lstm1d/conv_lstm_cell/kernel [ '3x3x16', '3x4x16', '16' ]
 * ```
 */
export class ConvLSTM1D extends ConvLSTM {
  /**
   * @param filters The output's channels, a positive integer.
   * @param kernelSize The window's length, an integer (or a list of one).
   * @param options `strides`, `padding` ('valid' or 'same'), `dataFormat`, `dilationRate`,
   * `activation` (default 'tanh'), `recurrentActivation` (default 'sigmoid'), `useBias`,
   * `unitForgetBias`, the initializers, regularizers and constraints of `kernel`,
   * `recurrentKernel` and `bias`, `dropout`, `recurrentDropout`, `seed`, `returnSequences`,
   * `returnState`, `goBackwards`, `stateful`, `unroll` and the layer options.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: ConvLSTMOptions);
  /** Keras 3's positional form: `ConvLSTM1D(filters, kernel_size, strides, padding, data_format, dilation_rate, activation, recurrent_activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer, unit_forget_bias, kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed, return_sequences, return_state, go_backwards, stateful)`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: ConvLSTMPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (unroll and zeroOutputForMask among them). */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<ConvLSTMPositional, ConvLSTMOptions>);
  /** Python's keyword form, `ConvLSTM1D(filters, kernel_size=...)` or `ConvLSTM1D(filters=..., kernel_size=...)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: ConvLSTMOptions & { kernelSize: number | readonly number[] });
  constructor(options: ConvLSTMOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[filters, kernelSize], args] = requiredLayerArguments(new.target, given, ['filters', 'kernelSize']) as [[number, number | readonly number[]], unknown[]];
    super(1, filters, kernelSize, layerArguments(new.target, args, CONV_LSTM_POSITIONAL, CONV_LSTM_NONE, {}, CONV_LSTM_KEYWORDS));
  }
}

/**
 * keras.layers.ConvLSTM2D(filters, kernelSize): the convolutional LSTM over sequences of images
 * [batch, time, rows, cols, channels] (or [batch, time, channels, rows, cols] channels first), as
 * ConvLSTM1D with 2-D convolutions (Shi et al., 2015). The states h, c are [batch, rows out, cols
 * out, filters]. Weights `kernel` [kh, kw, channels, 4·filters], `recurrent_kernel` [kh, kw,
 * filters, 4·filters], `bias` [4·filters].
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const layer = new tf.keras.layers.ConvLSTM2D(2, 3, { padding: 'same', returnSequences: true });
 * const video = tf.ones([1, 4, 8, 8, 1]); // 4 frames of 8 x 8, one channel
 * console.log(layer(video).shape);                          // [ 1, 4, 8, 8, 2 ]
 * console.log(layer.kernel!.shape, layer.bias!.arraySync().join(' ')); // [ 3, 3, 1, 8 ] 0 0 1 1 0 0 0 0
 * console.log(new tf.keras.layers.ConvLSTM2D(6, 3).computeOutputShape([null, 4, 8, 8, 1])); // [ null, 6, 6, 6 ]
 * ```
 */
export class ConvLSTM2D extends ConvLSTM {
  /**
   * @param filters The output's channels, a positive integer.
   * @param kernelSize The window's height and width: one integer for both, or [height, width].
   * @param options As ConvLSTM1D's.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: ConvLSTMOptions);
  /** Keras 3's positional form: `ConvLSTM2D(filters, kernel_size, strides, padding, data_format, dilation_rate, activation, recurrent_activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer, unit_forget_bias, kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed, return_sequences, return_state, go_backwards, stateful)`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: ConvLSTMPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (unroll and zeroOutputForMask among them). */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<ConvLSTMPositional, ConvLSTMOptions>);
  /** Python's keyword form, `ConvLSTM2D(filters, kernel_size=...)` or `ConvLSTM2D(filters=..., kernel_size=...)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: ConvLSTMOptions & { kernelSize: number | readonly number[] });
  constructor(options: ConvLSTMOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[filters, kernelSize], args] = requiredLayerArguments(new.target, given, ['filters', 'kernelSize']) as [[number, number | readonly number[]], unknown[]];
    super(2, filters, kernelSize, layerArguments(new.target, args, CONV_LSTM_POSITIONAL, CONV_LSTM_NONE, {}, CONV_LSTM_KEYWORDS));
  }
}

/**
 * keras.layers.ConvLSTM3D(filters, kernelSize): the convolutional LSTM over sequences of volumes
 * [batch, time, d1, d2, d3, channels] (or channels first), as ConvLSTM1D with 3-D convolutions.
 * The states h, c are [batch, d1 out, d2 out, d3 out, filters]. Weights `kernel` [k1, k2, k3,
 * channels, 4·filters], `recurrent_kernel` [k1, k2, k3, filters, 4·filters], `bias` [4·filters].
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const layer = new tf.keras.layers.ConvLSTM3D(2, [1, 2, 2], { dataFormat: 'channels_first' });
 * console.log(layer(tf.ones([1, 3, 1, 4, 5, 5])).shape, layer.kernel!.shape); // [ 1, 2, 4, 4, 4 ] [ 1, 2, 2, 1, 8 ]
 * ```
 */
export class ConvLSTM3D extends ConvLSTM {
  /**
   * @param filters The output's channels, a positive integer.
   * @param kernelSize The window's depth, height and width: one integer for all, or three.
   * @param options As ConvLSTM1D's.
   */
  constructor(filters: number, kernelSize: number | readonly number[], options?: ConvLSTMOptions);
  /** Keras 3's positional form: `ConvLSTM3D(filters, kernel_size, strides, padding, data_format, dilation_rate, activation, recurrent_activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer, unit_forget_bias, kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed, return_sequences, return_state, go_backwards, stateful)`. */
  constructor(filters: number, kernelSize: number | readonly number[], ...positional: ConvLSTMPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (unroll and zeroOutputForMask among them). */
  constructor(filters: number, kernelSize: number | readonly number[], ...positionalThenOptions: PositionalThenOptions<ConvLSTMPositional, ConvLSTMOptions>);
  /** Python's keyword form, `ConvLSTM3D(filters, kernel_size=...)` or `ConvLSTM3D(filters=..., kernel_size=...)`: the required arguments from `kernelSize` (or `filters`) on among the options. */
  constructor(filters: number, options: ConvLSTMOptions & { kernelSize: number | readonly number[] });
  constructor(options: ConvLSTMOptions & { filters: number; kernelSize: number | readonly number[] });
  constructor(...given: unknown[]) {
    const [[filters, kernelSize], args] = requiredLayerArguments(new.target, given, ['filters', 'kernelSize']) as [[number, number | readonly number[]], unknown[]];
    super(3, filters, kernelSize, layerArguments(new.target, args, CONV_LSTM_POSITIONAL, CONV_LSTM_NONE, {}, CONV_LSTM_KEYWORDS));
  }
}

// Registered here rather than in serialization.ts's table: this module imports recurrent.ts,
// which imports serialization.ts, so the table cannot import it back.
registerLayerClass('ConvLSTM1D', ConvLSTM1D);
registerLayerClass('ConvLSTM2D', ConvLSTM2D);
registerLayerClass('ConvLSTM3D', ConvLSTM3D);
