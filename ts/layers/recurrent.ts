// tf.keras.layers.SimpleRNN, LSTM and GRU (keras/src/layers/rnn/{rnn,simple_rnn,lstm,gru}.py):
// inputs [batch, timesteps, features] run through a cell one timestep at a time, the cell's
// states carried from each step to the next. The recurrence is a JS loop over the timesteps of
// ordinary differentiable ops (matmul, add, the activations, split and stack), so it runs eagerly,
// under a GradientTape and inside tf.function (fit's compiled train step) alike: a trace records
// every step (the timesteps are known when tracing, as every shape is).
//
// The weights are Keras' and in Keras' layout: `kernel` [features, gates·units], `recurrent_kernel`
// [units, gates·units] and `bias`, the gates side by side in Keras' order (LSTM: i, f, c, o; GRU:
// z, r, h), named as Keras 3 names their paths ('lstm/lstm_cell/kernel'): Keras keeps them in a
// cell sublayer, gradtape in the layer itself under the cell's name.
//
// The input part of every step, x_t · kernel + bias, is computed for all the timesteps in one
// matmul before the loop (the dropout masks are the same at every step, so this is the same sum);
// the loop does the recurrent part, h_{t-1} · recurrent_kernel, and the gates.
//
// Dropout as Keras' DropoutRNNCell: in training, masks of the step input's shape [batch, features]
// and of the state's [batch, units] are drawn once per call and reused at every timestep. LSTM and
// GRU with recurrentDropout use Keras' `implementation=1`: a mask per gate for the input and for
// h_{t-1}; without it, one input mask shared by the gates (`implementation=2`).
//
// A mask of the timesteps ([batch, timesteps], from Masking, Embedding's maskZero, or passed as
// `mask`) as Keras' backend rnn (its scan, the unroll=false default): at a masked timestep of a
// sample, its states stay those before the step and its output is the previous output (h_{t-1},
// the first state), or zeros with `zeroOutputForMask` (which Bidirectional sets to
// returnSequences). With `returnSequences` the output carries the input's mask on.

import { constant, ones, onesLike, zeros } from '../creation';
import { checkBoolean, describe } from '../describe';
import { add, mul, sub } from '../generated/ops';
import { dropout as dropoutOp } from '../nn';
import { cast, concat, matmul, where } from '../ops';
import { expandDims, slice, split, squeeze, stack, unstack } from '../shape';
import { Tensor } from '../tensor';
import { Variable } from '../variable';
import { KerasTensor } from './keras-tensor';
import {
  type ActivationLike, type ConstraintLike, type InitializerLike, Layer, type LayerCallArguments, type LayerMask, type LayerOptions, type LayerShape, type LayerTensors, type RegularizerLike, type SymbolicOutputs,
  resolveActivation, resolveConstraint, resolveInitializer, resolveRegularizer, serializeOption, shapeText, takeArguments,
} from './layer';
import type { Nest } from './nest';

/** Options of every recurrent layer: `new tf.keras.layers.SimpleRNN(units, options)`, and LSTM's and GRU's. */
export interface RecurrentOptions extends LayerOptions {
  /** The activation of the output (SimpleRNN) or of the candidate and cell (LSTM, GRU): a name or
   * a function; default 'tanh'; null is linear. */
  activation?: ActivationLike;
  /** Whether the layer adds a bias (default true). */
  useBias?: boolean;
  /** How the input kernel starts (default 'glorot_uniform'). */
  kernelInitializer?: InitializerLike;
  /** How the recurrent kernel starts (default 'orthogonal'). */
  recurrentInitializer?: InitializerLike;
  /** How the bias starts (default 'zeros'; see LSTM's `unitForgetBias`). */
  biasInitializer?: InitializerLike;
  /** A penalty of the input kernel, added to `losses`. */
  kernelRegularizer?: RegularizerLike | null;
  /** A penalty of the recurrent kernel, added to `losses`. */
  recurrentRegularizer?: RegularizerLike | null;
  /** A penalty of the bias, added to `losses`. */
  biasRegularizer?: RegularizerLike | null;
  /** A projection of the input kernel applied after each optimizer update. */
  kernelConstraint?: ConstraintLike | null;
  /** A projection of the recurrent kernel applied after each optimizer update. */
  recurrentConstraint?: ConstraintLike | null;
  /** A projection of the bias applied after each optimizer update. */
  biasConstraint?: ConstraintLike | null;
  /** The fraction of the step inputs' units dropped in training, in [0, 1) (default 0): one mask
   * per call (per gate for LSTM and GRU with `recurrentDropout`), the same at every timestep. */
  dropout?: number;
  /** The fraction of h_{t-1}'s units dropped in the recurrent product in training, in [0, 1)
   * (default 0): one mask per call (per gate for LSTM and GRU), the same at every timestep. */
  recurrentDropout?: number;
  /** A seed for the dropout masks (`tf.nn.dropout`'s op seed: with one, every call draws the same
   * masks; without, new ones). */
  seed?: number | null;
  /** Whether the output is every timestep's, [batch, timesteps, units], or the last one's,
   * [batch, units] (default false). */
  returnSequences?: boolean;
  /** Whether the call returns `[output, ...final states]` rather than the output (default false):
   * one state [batch, units] for SimpleRNN and GRU, two (h, c) for LSTM. */
  returnState?: boolean;
  /** Whether the sequence is read from its last timestep to its first (default false); with
   * `returnSequences` the outputs are in that order, the last input's first, as Keras returns them. */
  goBackwards?: boolean;
  /** Whether each call starts from the states the previous call ended with, sample i of a batch
   * from sample i of the previous batch (default false). Needs a fixed batch size (a
   * `tf.keras.Input` with `batchSize`, or the first call's). `resetStates()` zeroes them. */
  stateful?: boolean;
  /** Keras' unroll (default false): accepted for compatibility; gradtape always runs the steps as
   * a JS loop, which is what unrolling means, so it changes nothing (masked steps follow Keras'
   * default, unroll false). */
  unroll?: boolean;
  /** With a mask, whether a masked timestep's output is zeros (true) or the previous output
   * (default false); Bidirectional sets it to `returnSequences`, as Keras does. */
  zeroOutputForMask?: boolean;
}

/** What a recurrent layer's `call` receives: `training`, the timesteps' mask, `initialState`. */
export interface RecurrentCallArguments extends LayerCallArguments {
  /** The first states ([batch, units] each), instead of zeros or the stateful states. */
  initialState?: readonly (Tensor | TensorLikeState)[] | Tensor | null;
}

/** A state given as numbers: converted to a tensor of the layer's dtype. */
type TensorLikeState = number[][];

/** Options of `new tf.keras.layers.SimpleRNN(units, options)`: those of every recurrent layer. */
export type SimpleRNNOptions = RecurrentOptions;

/** Options of `new tf.keras.layers.LSTM(units, options)`. */
export interface LSTMOptions extends RecurrentOptions {
  /** The activation of the input, forget and output gates (default 'sigmoid'). */
  recurrentActivation?: ActivationLike;
  /** Whether the forget gate's bias starts at 1 (with the rest from `biasInitializer`), as
   * Jozefowicz et al. advise (default true). */
  unitForgetBias?: boolean;
}

/** Options of `new tf.keras.layers.GRU(units, options)`. */
export interface GRUOptions extends RecurrentOptions {
  /** The activation of the update and reset gates (default 'sigmoid'). */
  recurrentActivation?: ActivationLike;
  /** Whether the reset gate multiplies h_{t-1} · recurrent_kernel after the product (Keras 3's
   * default, true, cuDNN's convention; the bias is then [2, 3·units], input and recurrent rows) or
   * h_{t-1} before it (false; the bias is [3·units]). */
  resetAfter?: boolean;
}

const RECURRENT_KEYS = [
  'activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer',
  'biasRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout', 'seed',
  'returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll', 'zeroOutputForMask',
];

/** A dropout rate option: a number in [0, 1). */
function dropoutRate(value: unknown, op: string, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new Error(`${op}: ${name} must be a number in [0, 1), the fraction of units dropped in training, got ${describe(value)}.`);
  }
  return value;
}

/**
 * What the timesteps of one recurrent layer call share: the recurrent kernel's column blocks (cut
 * once per call, not at every step), the recurrent bias and the recurrent dropout masks, so that a
 * cell's step asks for h_{t-1} · U of the gates it needs.
 */
export class StepContext {
  readonly #blocks = new Map<number, Tensor>();

  constructor(
    private readonly recurrentKernel: Tensor,
    private readonly units: number,
    private readonly gates: number,
    /** One mask of h_{t-1} (SimpleRNN) or one per gate, or null (inference, or no recurrent dropout). */
    private readonly masks: Tensor[] | null,
    /** The bias added to h_{t-1} · U (GRU with resetAfter: the bias's second row), or null. */
    readonly recurrentBias: Tensor | null,
  ) {}

  /** h_{t-1} as gate `gate` sees it: times its recurrent dropout mask, if any. */
  seen(h: Tensor, gate: number): Tensor {
    if (this.masks === null) return h;
    return mul(h, this.masks[this.masks.length === 1 ? 0 : gate]!);
  }

  /** The recurrent kernel's columns of gates [from, to). */
  block(from: number, to: number): Tensor {
    if (from === 0 && to === this.gates) return this.recurrentKernel;
    const key = from * (this.gates + 1) + to;
    let block = this.#blocks.get(key);
    if (block === undefined) {
      block = slice(this.recurrentKernel, [0, from * this.units], [-1, (to - from) * this.units]);
      this.#blocks.set(key, block);
    }
    return block;
  }

  /** h_{t-1} · R for the gates [from, to), each gate's h_{t-1} with its mask: [batch, (to - from)·units]. */
  project(h: Tensor, from: number, to: number): Tensor {
    if (this.masks === null || this.masks.length === 1) return matmul(this.seen(h, from), this.block(from, to));
    const parts: Tensor[] = [];
    for (let g = from; g < to; g++) parts.push(matmul(this.seen(h, g), this.block(g, g + 1)));
    return parts.length === 1 ? parts[0]! : concat(parts, -1);
  }
}

/** How a recurrent layer's cell is made: its gates, states and names. */
interface CellSpec {
  /** The number of gate blocks in the kernels' columns: 1 (SimpleRNN), 4 (LSTM), 3 (GRU). */
  gates: number;
  /** The number of states: 1 (h), or 2 for LSTM (h, c). */
  states: number;
  /** The Keras cell's name, under which the weights are named ('lstm_cell'). */
  cellName: string;
}

/**
 * The loop over timesteps that SimpleRNN, LSTM and GRU share (Keras' RNN layer around a cell):
 * the weights, options, dropout masks, states (and stateful ones), goBackwards, returnSequences
 * and returnState. A subclass gives the cell's step.
 */
export abstract class RecurrentLayer extends Layer {
  /** The size of the output and of each state. */
  readonly units: number;
  /** The activation of the output (SimpleRNN) or candidate and cell (LSTM, GRU). */
  readonly activation: (x: Tensor) => Tensor;
  /** Whether the layer adds a bias. */
  readonly useBias: boolean;
  /** The fraction of the step inputs dropped in training. */
  readonly dropout: number;
  /** The fraction of h_{t-1} dropped in the recurrent product in training. */
  readonly recurrentDropout: number;
  /** The seed of the dropout masks, or null. */
  readonly seed: number | null;
  /** Whether the output is every timestep's ([batch, timesteps, units]) or the last one's. */
  readonly returnSequences: boolean;
  /** Whether the call returns `[output, ...final states]`. */
  readonly returnState: boolean;
  /** Whether the sequence is read from its last timestep to its first. */
  readonly goBackwards: boolean;
  /** Whether each call starts from the states the previous call ended with. */
  readonly stateful: boolean;
  /** Keras' unroll flag, kept for the config (the steps are always a JS loop). */
  readonly unroll: boolean;
  /** With a mask, whether masked timesteps output zeros rather than the previous output (Keras'
   * `zero_output_for_mask`; Bidirectional sets it to `returnSequences`). */
  zeroOutputForMask: boolean;
  /** The input kernel, [features, gates·units]; null until built. */
  kernel: Variable | null = null;
  /** The recurrent kernel, [units, gates·units]; null until built. */
  recurrentKernel: Variable | null = null;
  /** The bias; null until built, and when `useBias` is false. */
  bias: Variable | null = null;
  /** With `stateful`, the states carried between calls ([batch, units] each, not weights); else null. */
  states: Variable[] | null = null;
  readonly #options: RecurrentOptions;
  readonly #cell: CellSpec;

  /**
   * @param units The size of the output and states, a positive integer.
   * @param options The recurrent options and the layer options.
   * @param ownKeys The subclass's own option keys.
   * @param cell The cell's gates, states and name.
   */
  protected constructor(units: number, options: RecurrentOptions, ownKeys: readonly string[], cell: CellSpec) {
    super(options, [...RECURRENT_KEYS, ...ownKeys]);
    const op = this.qualifiedName;
    if (!Number.isInteger(units) || units <= 0) {
      throw new Error(`${op}: Received an invalid value for argument \`units\`, expected a positive integer, got ${describe(units)}.`);
    }
    const o = options ?? {};
    this.units = units;
    this.activation = resolveActivation(o.activation === undefined ? 'tanh' : o.activation, op);
    this.useBias = checkBoolean(o.useBias, op, 'useBias', true);
    resolveInitializer(o.kernelInitializer ?? 'glorot_uniform', op);
    resolveInitializer(o.recurrentInitializer ?? 'orthogonal', op);
    resolveInitializer(o.biasInitializer ?? 'zeros', op);
    for (const key of ['kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer'] as const) resolveRegularizer(o[key], op);
    for (const key of ['kernelConstraint', 'recurrentConstraint', 'biasConstraint'] as const) resolveConstraint(o[key], op);
    this.dropout = dropoutRate(o.dropout, op, 'dropout');
    this.recurrentDropout = dropoutRate(o.recurrentDropout, op, 'recurrentDropout');
    if (o.seed !== undefined && o.seed !== null && !Number.isSafeInteger(o.seed)) throw new Error(`${op}: seed must be an integer or null, got ${describe(o.seed)}.`);
    this.seed = o.seed ?? null;
    this.returnSequences = checkBoolean(o.returnSequences, op, 'returnSequences', false);
    this.returnState = checkBoolean(o.returnState, op, 'returnState', false);
    this.goBackwards = checkBoolean(o.goBackwards, op, 'goBackwards', false);
    this.stateful = checkBoolean(o.stateful, op, 'stateful', false);
    this.unroll = checkBoolean(o.unroll, op, 'unroll', false);
    this.zeroOutputForMask = checkBoolean(o.zeroOutputForMask, op, 'zeroOutputForMask', false);
    this.supportsMasking = true;
    this.#options = { ...o };
    this.#cell = cell;
    this.inputSpec = { ndim: 3 };
  }

  /** The bias's shape: [gates·units] (GRU with resetAfter: [2, 3·units]). */
  protected biasShape(): number[] {
    return [this.#cell.gates * this.units];
  }

  /** The bias's initializer (LSTM's unitForgetBias puts ones in the forget gate's block). */
  protected biasInitializer(): InitializerLike {
    return this.#options.biasInitializer ?? 'zeros';
  }

  /** The bias added to x_t · kernel (GRU with resetAfter: the bias's first row). */
  protected inputBias(): Tensor | null {
    return this.bias;
  }

  /** The bias added to h_{t-1} · recurrent_kernel (GRU with resetAfter: the bias's second row), or null. */
  protected recurrentBias(): Tensor | null {
    return null;
  }

  /** One timestep of the cell: x_t · kernel + input bias ([batch, gates·units]) and the states
   * before, to the states after; the step's output is the first of them. */
  protected abstract step(inputPart: Tensor, states: Tensor[], context: StepContext): Tensor[];

  /** Makes `kernel` ([features, gates·units]), `recurrentKernel` ([units, gates·units]) and `bias`,
   * and with `stateful` the states, for inputs [batch, timesteps, features]. */
  override build(inputShape: LayerShape): void {
    const op = this.qualifiedName;
    const features = inputShape[2];
    if (inputShape.length !== 3 || typeof features !== 'number') {
      throw new Error(`${op}: expected inputs [batch, timesteps, features] with the features known, got input shape ${shapeText(inputShape)}.`);
    }
    const o = this.#options;
    const { gates, cellName } = this.#cell;
    const width = gates * this.units;
    this.kernel = this.addWeight({ name: `${cellName}/kernel`, shape: [features, width], initializer: o.kernelInitializer ?? 'glorot_uniform', regularizer: o.kernelRegularizer, constraint: o.kernelConstraint });
    this.recurrentKernel = this.addWeight({ name: `${cellName}/recurrent_kernel`, shape: [this.units, width], initializer: o.recurrentInitializer ?? 'orthogonal', regularizer: o.recurrentRegularizer, constraint: o.recurrentConstraint });
    if (this.useBias) this.bias = this.addWeight({ name: `${cellName}/bias`, shape: this.biasShape(), initializer: this.biasInitializer(), regularizer: o.biasRegularizer, constraint: o.biasConstraint });
    if (this.stateful) {
      const batch = inputShape[0];
      if (typeof batch !== 'number') {
        throw new Error(
          `${op}: When using \`stateful: true\` in a RNN, the batch size must be static. Found dynamic batch size: sequence.shape=${shapeText(inputShape)}. ` +
            'Give it with tf.keras.Input([timesteps, features], { batchSize }), or build the layer from a call on a batch.',
        );
      }
      // Not weights (Keras does not track them): saved weights and `fit` leave them alone.
      this.states = Array.from({ length: this.#cell.states }, () => new Variable(zeros([batch, this.units], this.dtype), { name: 'rnn_state', trainable: false, dtype: this.dtype }));
    }
    this.inputSpec = { ndim: 3, axes: { [-1]: features } };
    this.built = true;
  }

  /** Sets the stateful states back to zeros (Keras' `reset_state`). */
  resetStates(): void {
    if (this.states === null) {
      throw new Error(`${this.qualifiedName}: resetStates() is for a layer made with stateful: true${this.stateful ? ' once it is built' : ''}; layer '${this.name}' has no states to reset.`);
    }
    for (const state of this.states) state.assign(zeros(state.shape, state.dtype));
  }

  /** The same as `resetStates()` (Keras 3's name). */
  resetState(): void {
    this.resetStates();
  }

  /** Dropout masks of `like`'s shape (ones scaled by 1 / (1 - rate), some zeroed): `count` of them, drawn now. */
  private masks(like: Tensor, rate: number, count: number, seedOffset: number): Tensor[] {
    const ones = onesLike(like);
    return Array.from({ length: count }, (_, k) => dropoutOp(ones, rate, this.seed === null ? {} : { seed: this.seed + seedOffset + k }));
  }

  /** @internal `initialState`, which a recurrent layer call takes besides `training` and `mask`. */
  protected override get _callOptionKeys(): readonly string[] {
    return ['initialState'];
  }

  /** The output's mask: the input's with `returnSequences` (the timesteps stay), else none; with
   * `returnState`, none for the states. */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): LayerMask | null {
    void inputs;
    const first = mask === null || mask instanceof Tensor ? mask : (Object.values(mask)[0] ?? null);
    const outputMask = this.returnSequences ? first : null;
    return this.returnState ? [outputMask, ...Array.from({ length: this.#cell.states }, () => null)] : outputMask;
  }

  /** `initialState` checked ([batch, units] each, as many as the cell's states) and converted. */
  private initialStates(given: RecurrentCallArguments['initialState'], batch: number, op: string): Tensor[] {
    const list = this.checkedStateList(given, batch, op);
    return list.map((state, i) => {
      const t = state instanceof Tensor ? (state.dtype === this.dtype ? state : cast(state, this.dtype)) : constant(state as TensorLikeState, this.dtype, op);
      this.checkStateShape(t.shape, i, batch, op);
      return t;
    });
  }

  /** `initialState` as a list of as many states as the cell has (not yet converted). */
  private checkedStateList<T>(given: T | readonly T[] | null | undefined, batch: number | null, op: string): readonly T[] {
    const count = this.#cell.states;
    const list: readonly T[] | null = given instanceof Tensor || given instanceof KerasTensor ? [given as T] : Array.isArray(given) ? (given as readonly T[]) : null;
    if (list === null || list.length !== count) {
      throw new Error(`${op}: initialState must hold ${this.expectedStates(batch)} for layer '${this.name}', got ${list === null ? describe(given) : `${list.length} tensor(s)`}.`);
    }
    return list;
  }

  /** What initialState must hold, for the error messages. */
  private expectedStates(batch: number | null): string {
    const count = this.#cell.states;
    return `${count === 1 ? 'one state' : `${count} states ([h, c])`} of shape ${shapeText([batch, this.units])} ([batch, units])`;
  }

  /** A state's shape must be [batch, units] (a null size, symbolic, matches any). */
  private checkStateShape(shape: LayerShape, index: number, batch: number | null, op: string): void {
    const fits = (d: number | null | undefined, want: number | null): boolean => d === null || want === null || d === want;
    if (shape.length !== 2 || !fits(shape[0], batch) || !fits(shape[1], this.units)) {
      throw new Error(`${op}: initialState[${index}] has shape ${shapeText(shape)}; layer '${this.name}' takes ${this.expectedStates(batch)}.`);
    }
  }

  /** @internal A functional call's KerasTensor states are checked when the call is made. */
  protected override _checkSymbolicCall(inputs: Nest<KerasTensor>, options: RecurrentCallArguments | Record<string, unknown>): void {
    const given = (options as { initialState?: unknown }).initialState;
    if (given === undefined || given === null || !(inputs instanceof KerasTensor)) return;
    const batch = inputs.shape[0] ?? null;
    this.checkedStateList(given as unknown, batch, this.qualifiedName).forEach((state, i) => {
      if (state instanceof KerasTensor || state instanceof Tensor) this.checkStateShape(state.shape, i, batch, this.qualifiedName);
    });
  }

  /** The mask as [batch, 1] bool tensors, one per timestep in reading order, checked against the inputs. */
  private stepMasks(mask: LayerMask | null | undefined, batch: number, timesteps: number, op: string): Tensor[] | null {
    if (mask === null || mask === undefined) return null;
    const m = mask instanceof Tensor ? mask : (Object.values(mask).find((v) => v !== null) ?? null);
    if (m === null) return null;
    if (m.rank !== 2 || m.shape[0] !== batch || m.shape[1] !== timesteps) {
      throw new Error(`${op}: the mask must be [batch, timesteps] = (${batch}, ${timesteps}) for inputs of shape (${batch}, ${timesteps}, ...), got a mask of shape ${shapeText(m.shape)}.`);
    }
    const steps = unstack(expandDims(m.dtype === 'bool' ? m : cast(m, 'bool'), -1), 1);
    return this.goBackwards ? steps.reverse() : steps;
  }

  /** The output (every step's or the last) and, with `returnState`, the final states after it. */
  override call(inputs: Tensor, options: RecurrentCallArguments): Tensor | Tensor[] {
    const op = this.qualifiedName;
    const [batch, timesteps] = inputs.shape as [number, number, number];
    if (timesteps === 0) throw new Error(`${op}: the inputs have no timesteps (shape ${shapeText(inputs.shape)}); a recurrent layer needs at least one.`);
    const { gates, states: stateCount } = this.#cell;
    const stepMasks = this.stepMasks(options.mask, batch, timesteps, op);

    let initial: Tensor[];
    if (options.initialState !== undefined && options.initialState !== null) {
      initial = this.initialStates(options.initialState, batch, op);
    } else if (this.states !== null) {
      const expected = this.states[0]!.shape[0];
      if (batch !== expected) {
        throw new Error(`${op}: If an RNN is stateful, the batch size of the input sequences must be the same as the batch size of the initial state. Expected batch size: ${expected}. Received batch size: ${batch}. resetStates() keeps the batch size; make the layer again for another.`);
      }
      initial = this.states.slice();
    } else {
      initial = Array.from({ length: stateCount }, () => zeros([batch, this.units], inputs.dtype));
    }

    // Keras: LSTM and GRU with recurrent dropout take a mask per gate (implementation 1).
    const perGate = gates > 1 && this.recurrentDropout > 0 ? gates : 1;
    const training = options.training;
    // The masks have the shape of one step's input, [batch, features], and of a state.
    const inputMasks = training && this.dropout > 0 ? this.masks(squeeze(slice(inputs, [0, 0, 0], [-1, 1, -1]), [1]), this.dropout, perGate, 0) : null;
    const recurrentMasks = training && this.recurrentDropout > 0 ? this.masks(initial[0]!, this.recurrentDropout, perGate, gates) : null;

    // x_t · kernel + bias for every t at once: [batch, timesteps, gates·units].
    let inputPart: Tensor;
    if (inputMasks === null) {
      inputPart = matmul(inputs, this.kernel!);
    } else if (inputMasks.length === 1) {
      inputPart = matmul(mul(inputs, expandDims(inputMasks[0]!, 1)), this.kernel!);
    } else {
      const blocks = split(this.kernel!, gates, 1);
      inputPart = concat(blocks.map((block, g) => matmul(mul(inputs, expandDims(inputMasks[g]!, 1)), block)), -1);
    }
    const inputBias = this.inputBias();
    if (inputBias !== null) inputPart = add(inputPart, inputBias);

    const steps = unstack(inputPart, 1);
    if (this.goBackwards) steps.reverse();
    const context = new StepContext(this.recurrentKernel!, this.units, gates, recurrentMasks, this.recurrentBias());
    let states = initial;
    let lastOutput = states[0]!;
    const outputs: Tensor[] = [];
    steps.forEach((x, t) => {
      const next = this.step(x, states, context);
      let output = next[0]!;
      const keep = stepMasks?.[t];
      if (keep !== undefined) {
        // Keras' masked scan step: a masked sample keeps its states; its output is h_{t-1} (the
        // first state before the step), or zeros with zeroOutputForMask.
        output = where(keep, output, this.zeroOutputForMask ? 0 : states[0]!);
        const before = states;
        states = next.map((s, i) => where(keep, s, before[i]!));
      } else {
        states = next;
      }
      lastOutput = output;
      if (this.returnSequences) outputs.push(output);
    });
    if (this.states !== null) this.states.forEach((state, i) => state.assign(states[i]!));
    const output = this.returnSequences ? stack(outputs, 1) : lastOutput;
    return this.returnState ? [output, ...states] : output;
  }

  /** [batch, timesteps, units] with `returnSequences`, else [batch, units] (the output's shape; with
   * `returnState` each state is [batch, units] besides). */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return this.returnSequences ? [inputShape[0] ?? null, inputShape[1] ?? null, this.units] : [inputShape[0] ?? null, this.units];
  }

  /** The output's KerasTensor, and with `returnState` one per state ([batch, units]) after it. */
  override computeOutputSpec(inputs: Nest<KerasTensor>): SymbolicOutputs {
    if (!this.returnState || !(inputs instanceof KerasTensor)) return super.computeOutputSpec(inputs);
    const batch = inputs.shape[0] ?? null;
    const states = Array.from({ length: this.#cell.states }, () => new KerasTensor([batch, this.units], this.dtype));
    return [new KerasTensor(this.computeOutputShape(inputs.shape), this.dtype), ...states];
  }

  /** Keras' config: units, the activations, initializers, regularizers, constraints, dropout,
   * seed, and returnSequences, returnState, goBackwards, stateful, unroll. */
  override getConfig(): Record<string, unknown> {
    const o = this.#options;
    const op = this.qualifiedName;
    return {
      ...super.getConfig(),
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
      zeroOutputForMask: this.zeroOutputForMask,
      units: this.units,
      activation: serializeOption(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeOption(resolveInitializer(o.kernelInitializer ?? 'glorot_uniform', op)),
      recurrentInitializer: serializeOption(resolveInitializer(o.recurrentInitializer ?? 'orthogonal', op)),
      biasInitializer: serializeOption(resolveInitializer(o.biasInitializer ?? 'zeros', op)),
      kernelRegularizer: serializeOption(resolveRegularizer(o.kernelRegularizer, op)),
      recurrentRegularizer: serializeOption(resolveRegularizer(o.recurrentRegularizer, op)),
      biasRegularizer: serializeOption(resolveRegularizer(o.biasRegularizer, op)),
      kernelConstraint: serializeOption(resolveConstraint(o.kernelConstraint, op)),
      recurrentConstraint: serializeOption(resolveConstraint(o.recurrentConstraint, op)),
      biasConstraint: serializeOption(resolveConstraint(o.biasConstraint, op)),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.seed,
    };
  }
}

/**
 * keras.layers.SimpleRNN(units): the fully connected recurrence h_t = activation(x_t · kernel +
 * h_{t-1} · recurrent_kernel + bias), h_0 = 0, over inputs [batch, timesteps, features]; the
 * output is h_T ([batch, units]), or every h_t with `returnSequences`. Weights
 * `'simple_rnn/simple_rnn_cell/kernel'` [features, units], `recurrent_kernel` [units, units] and
 * `bias` [units], as Keras 3 names and orders them. A call takes `mask` (by default the input's,
 * from `Masking` or `Embedding` with `maskZero`: masked timesteps keep the state) and
 * `initialState: [h0]` (instead of zeros).
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const rnn = new tf.keras.layers.SimpleRNN(2, { returnSequences: true, kernelInitializer: 'ones', recurrentInitializer: 'zeros' });
 * const out = rnn([[[0.5], [1], [0]]]); // [batch 1, 3 timesteps, 1 feature]
 * console.log(out.shape, out.arraySync()[0].map((h) => h[0].toFixed(4))); // [ 1, 3, 2 ] [ '0.4621', '0.7616', '0.0000' ]
 * console.log(rnn.kernel!.name, rnn.weights.map((w) => w.shape.join('x'))); // simple_rnn/simple_rnn_cell/kernel [ '1x2', '2x2', '2' ]
 * const skipped = rnn([[[0.5], [1], [0]]], { mask: [[true, false, true]] }); // timestep 1 masked: h_1 = h_0
 * console.log(skipped.arraySync()[0].map((h) => h[0].toFixed(4)));              // [ '0.4621', '0.4621', '0.0000' ]
 * ```
 */
export class SimpleRNN extends RecurrentLayer {
  /**
   * @param units The size of the output and state, a positive integer.
   * @param options `activation` (default 'tanh'), `useBias`, the initializers, regularizers and
   * constraints of `kernel`, `recurrentKernel` and `bias`, `dropout`, `recurrentDropout`, `seed`,
   * `returnSequences`, `returnState`, `goBackwards`, `stateful`, `unroll` and the layer options.
   */
  constructor(units: number, options: SimpleRNNOptions = {}) {
    super(units, options, [], { gates: 1, states: 1, cellName: 'simple_rnn_cell' });
  }

  /** h_t = activation(x_t · W + b + h_{t-1} · U). */
  protected override step(inputPart: Tensor, states: Tensor[], context: StepContext): Tensor[] {
    return [this.activation(add(inputPart, context.project(states[0]!, 0, 1)))];
  }

  /** A new SimpleRNN from `getConfig()`'s object (Keras' `from_config`): `units` and the options. */
  static override fromConfig(config: Record<string, unknown>): SimpleRNN {
    const [[units], options] = takeArguments(config, 'SimpleRNN', ['units']);
    return new this(units as number, options);
  }
}

/**
 * keras.layers.LSTM(units): the long short-term memory over inputs [batch, timesteps, features],
 * with gates i, f, c, o side by side in the kernels' columns, as Keras':
 * `z = x_t · kernel + h_{t-1} · recurrent_kernel + bias`, split into z_i, z_f, z_c, z_o;
 * i = σ(z_i), f = σ(z_f), o = σ(z_o) (σ the `recurrentActivation`), c_t = f ⊙ c_{t-1} + i ⊙
 * tanh(z_c), h_t = o ⊙ tanh(c_t) (tanh the `activation`). The output is h_T, or every h_t with
 * `returnSequences`; `returnState` adds [h_T, c_T]. Weights `'lstm/lstm_cell/kernel'`
 * [features, 4·units], `recurrent_kernel` [units, 4·units], `bias` [4·units] (forget block
 * starting at 1 with `unitForgetBias`). A call takes `mask` (by default the input's) and
 * `initialState: [h0, c0]`.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const lstm = new tf.keras.layers.LSTM(3, { returnState: true });
 * const [output, h, c] = lstm(tf.ones([2, 5, 4])) as unknown as tf.Tensor[];
 * console.log(output.shape, h.shape, c.shape);             // [ 2, 3 ] [ 2, 3 ] [ 2, 3 ]
 * console.log(lstm.weights.map((w) => w.shape.join('x'))); // [ '4x12', '3x12', '12' ]
 * console.log(lstm.bias!.arraySync().slice(0, 6));         // [ 0, 0, 0, 1, 1, 1 ]
 * ```
 */
export class LSTM extends RecurrentLayer {
  /** The activation of the input, forget and output gates. */
  readonly recurrentActivation: (x: Tensor) => Tensor;
  /** Whether the forget gate's bias starts at 1. */
  readonly unitForgetBias: boolean;

  /**
   * @param units The size of the output and states, a positive integer.
   * @param options `activation` (default 'tanh'), `recurrentActivation` (default 'sigmoid'),
   * `useBias`, `unitForgetBias`, the initializers, regularizers and constraints, `dropout`,
   * `recurrentDropout`, `seed`, `returnSequences`, `returnState`, `goBackwards`, `stateful`,
   * `unroll` and the layer options.
   */
  constructor(units: number, options: LSTMOptions = {}) {
    super(units, options, ['recurrentActivation', 'unitForgetBias'], { gates: 4, states: 2, cellName: 'lstm_cell' });
    const o = options ?? {};
    this.recurrentActivation = resolveActivation(o.recurrentActivation === undefined ? 'sigmoid' : o.recurrentActivation, this.qualifiedName);
    this.unitForgetBias = checkBoolean(o.unitForgetBias, this.qualifiedName, 'unitForgetBias', true);
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

  /** i, f, o = σ(z_i, z_f, z_o); c_t = f ⊙ c_{t-1} + i ⊙ tanh(z_c); h_t = o ⊙ tanh(c_t). */
  protected override step(inputPart: Tensor, states: Tensor[], context: StepContext): Tensor[] {
    const [h, c] = states as [Tensor, Tensor];
    const [zi, zf, zc, zo] = split(add(inputPart, context.project(h, 0, 4)), 4, -1) as [Tensor, Tensor, Tensor, Tensor];
    const i = this.recurrentActivation(zi);
    const f = this.recurrentActivation(zf);
    const cNext = add(mul(f, c), mul(i, this.activation(zc)));
    const o = this.recurrentActivation(zo);
    return [mul(o, this.activation(cNext)), cNext];
  }

  /** A new LSTM from `getConfig()`'s object (Keras' `from_config`): `units` and the options. */
  static override fromConfig(config: Record<string, unknown>): LSTM {
    const [[units], options] = takeArguments(config, 'LSTM', ['units']);
    return new this(units as number, options);
  }

  /** The recurrent layers' config with `recurrentActivation` and `unitForgetBias`. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: serializeOption(this.recurrentActivation), unitForgetBias: this.unitForgetBias };
  }
}

/**
 * keras.layers.GRU(units): the gated recurrent unit over inputs [batch, timesteps, features],
 * gates z (update), r (reset), h (candidate) side by side in the kernels' columns, as Keras':
 * z = σ(x_z + h_{t-1} · U_z), r = σ(x_r + h_{t-1} · U_r), with x = x_t · kernel + input bias;
 * the candidate ĥ = tanh(x_h + r ⊙ (h_{t-1} · U_h + b_rec,h)) with `resetAfter` (Keras 3's
 * default; the bias is [2, 3·units], input and recurrent rows, the recurrent one inside the
 * gates too) or ĥ = tanh(x_h + (r ⊙ h_{t-1}) · U_h) without (the bias [3·units]); then
 * h_t = z ⊙ h_{t-1} + (1 − z) ⊙ ĥ. Weights `'gru/gru_cell/kernel'` [features, 3·units],
 * `recurrent_kernel` [units, 3·units] and `bias`. A call takes `mask` (by default the input's) and
 * `initialState: [h0]`.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const gru = new tf.keras.layers.GRU(2, { returnSequences: true });
 * console.log(gru(tf.ones([1, 4, 3])).shape);               // [ 1, 4, 2 ]
 * console.log(gru.weights.map((w) => w.shape.join('x')));   // [ '3x6', '2x6', '2x6' ]
 * const v1 = new tf.keras.layers.GRU(2, { resetAfter: false });
 * v1.build([null, 4, 3]);
 * console.log(v1.bias!.shape);                              // [ 6 ]
 * ```
 */
export class GRU extends RecurrentLayer {
  /** The activation of the update and reset gates. */
  readonly recurrentActivation: (x: Tensor) => Tensor;
  /** Whether the reset gate applies after the recurrent product (bias [2, 3·units]) or before it. */
  readonly resetAfter: boolean;

  /**
   * @param units The size of the output and state, a positive integer.
   * @param options `activation` (default 'tanh'), `recurrentActivation` (default 'sigmoid'),
   * `useBias`, `resetAfter` (default true), the initializers, regularizers and constraints,
   * `dropout`, `recurrentDropout`, `seed`, `returnSequences`, `returnState`, `goBackwards`,
   * `stateful`, `unroll` and the layer options.
   */
  constructor(units: number, options: GRUOptions = {}) {
    super(units, options, ['recurrentActivation', 'resetAfter'], { gates: 3, states: 1, cellName: 'gru_cell' });
    const o = options ?? {};
    this.recurrentActivation = resolveActivation(o.recurrentActivation === undefined ? 'sigmoid' : o.recurrentActivation, this.qualifiedName);
    this.resetAfter = checkBoolean(o.resetAfter, this.qualifiedName, 'resetAfter', true);
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

  /** With `resetAfter`, the bias's second row; else none. */
  protected override recurrentBias(): Tensor | null {
    if (this.bias === null || !this.resetAfter) return null;
    return squeeze(slice(this.bias, [1, 0], [1, -1]), [0]);
  }

  /** z, r = σ(...); ĥ = tanh(x_h + r ⊙ (h·U_h + b_h)) or tanh(x_h + (r ⊙ h)·U_h); h_t = z ⊙ h + (1 − z) ⊙ ĥ. */
  protected override step(inputPart: Tensor, states: Tensor[], context: StepContext): Tensor[] {
    const h = states[0]!;
    const [xz, xr, xh] = split(inputPart, 3, -1) as [Tensor, Tensor, Tensor];
    let candidate: Tensor;
    let z: Tensor;
    if (this.resetAfter) {
      let inner = context.project(h, 0, 3);
      if (context.recurrentBias !== null) inner = add(inner, context.recurrentBias);
      const [hz, hr, hh] = split(inner, 3, -1) as [Tensor, Tensor, Tensor];
      z = this.recurrentActivation(add(xz, hz));
      const r = this.recurrentActivation(add(xr, hr));
      candidate = this.activation(add(xh, mul(r, hh)));
    } else {
      const [hz, hr] = split(context.project(h, 0, 2), 2, -1) as [Tensor, Tensor];
      z = this.recurrentActivation(add(xz, hz));
      const r = this.recurrentActivation(add(xr, hr));
      candidate = this.activation(add(xh, matmul(mul(r, context.seen(h, 2)), context.block(2, 3))));
    }
    return [add(mul(z, h), mul(sub(1, z), candidate))];
  }

  /** A new GRU from `getConfig()`'s object (Keras' `from_config`): `units` and the options. */
  static override fromConfig(config: Record<string, unknown>): GRU {
    const [[units], options] = takeArguments(config, 'GRU', ['units']);
    return new this(units as number, options);
  }

  /** The recurrent layers' config with `recurrentActivation` and `resetAfter`. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: serializeOption(this.recurrentActivation), resetAfter: this.resetAfter };
  }
}
