// tf.keras.layers.RNN, SimpleRNN, LSTM and GRU (keras/src/layers/rnn/{rnn,simple_rnn,lstm,gru}.py):
// inputs [batch, timesteps, ...] run through a cell one timestep at a time, the cell's states
// carried from each step to the next. As in Keras 3, SimpleRNN, LSTM and GRU are RNNs of their
// cell (SimpleRNNCell, LSTMCell, GRUCell in recurrent-cells.ts), whose options and weights they
// show as their own. The recurrence is a JS loop over the timesteps of ordinary differentiable ops,
// so it runs eagerly, under a GradientTape and inside tf.function (fit's compiled train step)
// alike: a trace records every step (the timesteps are known when tracing, as every shape is).
//
// The weights live in the cell, named as Keras 3 names their paths: 'lstm/lstm_cell/kernel',
// 'rnn/lstm_cell/kernel', 'rnn/stacked_rnn_cells/gru_cell/kernel' (the RNN builds its cell under
// its own name scope).
//
// A mask of the timesteps ([batch, timesteps], from Masking, Embedding's maskZero, or passed as
// `mask`) as Keras' backend rnn (its scan, the unroll=false default): at a masked timestep of a
// sample, its states stay those before the step and its output is the previous output (the first
// state before the step: the last cell's first state for stacked cells), or zeros with
// `zeroOutputForMask` (which Bidirectional sets to returnSequences). With `unroll`, as Keras'
// unrolled loop, the output repeated is the previous step's (zeros before the first step); with
// zeroOutputForMask it is zeros as Keras' TensorFlow backend gives (its JAX backend's unrolled loop
// ignores zero_output_for_mask). With `returnSequences` the output carries the input's mask on.

import { checkBoolean, describe, isPlainObject, type PositionalThenOptions } from '../describe';
import { zeros, zerosLike, makeConstant } from '../creation';
import { tidy } from '../memory';
import { cast, reshape, where } from '../ops';
import { expandDims, unstack, stack } from '../shape';
import { Tensor } from '../tensor';
import { Variable } from '../variable';
import { KerasTensor } from './keras-tensor';
import {
  type ActivationLike, type CellStates, configObject, type InitializerLike, Layer, requiredLayerArguments, layerArguments, type LayerCallArguments, type LayerMask, type LayerOptions,
  type LayerShape, type LayerTensors, promoteToFloat, type RegularizerLike, shapeText, type SymbolicOutputs, takeArguments,
} from './layer';
import type { Nest } from './nest';
import {
  CELL_KEYS, type CellConstraintArguments, type CellWeightArguments, DropoutRNNCell, GRUCell, type GRUCellOptions, GRU_CELL_KEYS, LSTMCell, type LSTMCellOptions, LSTM_CELL_KEYS, type RNNCell, type RNNCellOptions,
  RECURRENT_NONE, SimpleRNNCell, StackedRNNCells, checkCell, flatSizes, flattenStates, makeCellFor, outputSizeOf, packStates, runCell, withoutBuildConfig,
} from './recurrent-cells';
import { type DeserializeOptions, type SerializedLayer, deserialize, serialize } from './serialization';

/** Options of `new tf.keras.layers.RNN(cell, options)`, and of every recurrent layer. */
export interface RNNOptions extends LayerOptions {
  /** Whether the output is every timestep's, [batch, timesteps, units], or the last one's,
   * [batch, units] (default false). */
  returnSequences?: boolean;
  /** Whether the call returns `[output, ...final states]` rather than the output (default false):
   * one state [batch, units] for SimpleRNN and GRU, two (h, c) for LSTM, one entry per cell for
   * stacked cells. */
  returnState?: boolean;
  /** Whether the sequence is read from its last timestep to its first (default false); with
   * `returnSequences` the outputs are in that order, the last input's first, as Keras returns them. */
  goBackwards?: boolean;
  /** Whether each call starts from the states the previous call ended with, sample i of a batch
   * from sample i of the previous batch (default false). Needs a fixed batch size (a
   * `tf.keras.Input` with `batchSize`, or the first call's). `resetStates()` zeroes them. */
  stateful?: boolean;
  /** Keras' unroll (default false). gradtape always runs the steps as a JS loop, which is what
   * unrolling means, so the numbers are the same but for one thing Keras' unrolled loop does: a
   * masked step repeats the previous step's output (zeros before the first step) rather than the
   * first state before the step, which differs only where the first steps are masked and
   * `initialState` is given (or a cell's output is not its first state). */
  unroll?: boolean;
  /** With a mask, whether a masked timestep's output is zeros (true) or the previous output
   * (default false); Bidirectional sets it to `returnSequences`, as Keras does. */
  zeroOutputForMask?: boolean;
}

/** Options of every recurrent layer: `new tf.keras.layers.SimpleRNN(units, options)`, and LSTM's
 * and GRU's: their cell's options and the RNN's. */
export interface RecurrentOptions extends RNNOptions, RNNCellOptions {}

/** What a recurrent layer's `call` receives: `training`, the timesteps' mask, `initialState`. */
export interface RecurrentCallArguments extends LayerCallArguments {
  /** The first states ([batch, size] each), instead of zeros or the stateful states. */
  initialState?: readonly (Tensor | TensorLikeState)[] | Tensor | null;
}

/** A state given as numbers: converted to a tensor of the layer's dtype. */
type TensorLikeState = number[][];

/** Options of `new tf.keras.layers.SimpleRNN(units, options)`: those of every recurrent layer. */
export type SimpleRNNOptions = RecurrentOptions;

/** Options of `new tf.keras.layers.LSTM(units, options)`. */
export interface LSTMOptions extends RecurrentOptions {
  /** The activation of the input, forget and output gates (default 'sigmoid'). */
  recurrentActivation?: LSTMCellOptions['recurrentActivation'];
  /** Whether the forget gate's bias starts at 1 (with the rest from `biasInitializer`), as
   * Jozefowicz et al. advise (default true). */
  unitForgetBias?: boolean;
}

/** Options of `new tf.keras.layers.GRU(units, options)`. */
export interface GRUOptions extends RecurrentOptions {
  /** The activation of the update and reset gates (default 'sigmoid'). */
  recurrentActivation?: GRUCellOptions['recurrentActivation'];
  /** Whether the reset gate multiplies h_{t-1} · recurrent_kernel after the product (Keras 3's
   * default, true, cuDNN's convention; the bias is then [2, 3·units], input and recurrent rows) or
   * h_{t-1} before it (false; the bias is [3·units]). */
  resetAfter?: boolean;
}

const RNN_KEYS = ['returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll', 'zeroOutputForMask'];

/** Keras 3's SimpleRNN, LSTM and GRU arguments after units, in its order: each cell's with
 * activity_regularizer after the regularizers, and RNN's after them (SimpleRNN's seed last; GRU's
 * reset_after after unroll), then LSTM's and GRU's use_cudnn. */
const SEQUENCE_POSITIONAL = ['returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll'];
const SIMPLE_RNN_POSITIONAL = [
  'activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer',
  'activityRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout', ...SEQUENCE_POSITIONAL, 'seed',
];
const LSTM_POSITIONAL = [
  'activation', 'recurrentActivation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'unitForgetBias', 'kernelRegularizer',
  'recurrentRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout',
  'seed', ...SEQUENCE_POSITIONAL, 'useCudnn',
];
const GRU_POSITIONAL = [
  'activation', 'recurrentActivation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer',
  'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout', 'recurrentDropout', 'seed',
  ...SEQUENCE_POSITIONAL, 'resetAfter', 'useCudnn',
];

/** RNN's argument that SimpleRNN, LSTM and GRU take through their `**kwargs`, so only by name: it
 * may follow their positional arguments. */
const RECURRENT_KEYWORDS = ['zeroOutputForMask'];

/** RNN's return_sequences, return_state, go_backwards, stateful and unroll as positional arguments. */
type SequenceArguments = [returnSequences?: boolean, returnState?: boolean, goBackwards?: boolean, stateful?: boolean, unroll?: boolean];

/** The states as a list (Keras: a single state is a list of one). */
const asStateList = (states: CellStates): CellStates[] => (states instanceof Tensor ? [states] : states.slice());

/** Whether a given initial state is one state (a tensor, or numbers [batch][size]) rather than a list of them. */
const isStateLeaf = (v: unknown): boolean =>
  v instanceof Tensor || v instanceof KerasTensor || (Array.isArray(v) && v.length > 0 && v.every((row) => Array.isArray(row) && row.every((n) => typeof n === 'number')));

/** The given initial states in order, nested lists (stacked cells') flattened; null when not a list of states. */
function flattenGiven(given: unknown): unknown[] | null {
  if (isStateLeaf(given)) return [given];
  if (!Array.isArray(given)) return null;
  const out: unknown[] = [];
  for (const item of given) {
    const inner = flattenGiven(item);
    if (inner === null) return null;
    out.push(...inner);
  }
  return out;
}

/** Keras 3's positional arguments of RNN after its required ones, in its order. */
type RNNPositional = [
  returnSequences?: boolean, returnState?: boolean, goBackwards?: boolean, stateful?: boolean, unroll?: boolean, zeroOutputForMask?: boolean,
];

/**
 * keras.layers.RNN(cell): any recurrent cell run over inputs [batch, timesteps, ...], one
 * timestep at a time: `cell.call(x_t, states, training)` gives the step's output and the states
 * the next step starts from. `cell` is a built-in cell (SimpleRNNCell, LSTMCell, GRUCell), an array
 * of cells (stacked: a StackedRNNCells), or a cell of your own: a Layer with `call(inputs, states,
 * training)` returning `[output, newStates]`, `stateSize` (a number, or one per state) and
 * optionally `outputSize` and `getInitialState(batchSize)`, as in Keras. The output is the last
 * step's, or every step's with `returnSequences`; `returnState` adds the final states. A call takes
 * `mask` (by default the input's, from Masking or Embedding's maskZero: masked timesteps keep the
 * states) and `initialState` (instead of zeros).
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * class MinimalRNNCell extends tf.keras.layers.Layer {
 *   readonly stateSize = 2;
 *   kernel: tf.Variable | null = null;
 *   build(inputShape: (number | null)[]) {
 *     this.kernel = this.addWeight({ shape: [inputShape.at(-1)!, 2], initializer: 'ones', name: 'kernel' });
 *   }
 *   call(inputs: tf.Tensor, states: tf.Tensor[]): [tf.Tensor, tf.Tensor[]] {
 *     const output = tf.add(tf.matmul(inputs, this.kernel!), states[0]); // h_t = x_t · W + h_{t-1}
 *     return [output, [output]];
 *   }
 * }
 * const rnn = new tf.keras.layers.RNN(new MinimalRNNCell(), { returnSequences: true });
 * console.log(rnn([[[1], [2], [3]]]).arraySync()[0]); // [ [ 1, 1 ], [ 3, 3 ], [ 6, 6 ] ]
 * const stacked = new tf.keras.layers.RNN([new tf.keras.layers.LSTMCell(4), new tf.keras.layers.GRUCell(2)]);
 * console.log(stacked(tf.ones([3, 5, 6])).shape, stacked.weights[3].name); // [ 3, 2 ] rnn_1/stacked_rnn_cells/gru_cell/kernel
 * ```
 */
export class RNN extends Layer {
  /** @internal Keras' `call(..., training=False)`: inference unless a mode is given. */
  override _defaultTraining: boolean | null = false;

  /** The cell run at every timestep (a StackedRNNCells for an array of cells). */
  readonly cell: RNNCell;
  /** Whether the output is every timestep's ([batch, timesteps, units]) or the last one's. */
  readonly returnSequences: boolean;
  /** Whether the call returns `[output, ...final states]`. */
  readonly returnState: boolean;
  /** Whether the sequence is read from its last timestep to its first. */
  readonly goBackwards: boolean;
  /** Whether each call starts from the states the previous call ended with. */
  readonly stateful: boolean;
  /** Keras' unroll flag: a masked step repeats the previous output rather than the first state
   * (the steps are always a JS loop). */
  readonly unroll: boolean;
  /** With a mask, whether masked timesteps output zeros rather than the previous output (Keras'
   * `zero_output_for_mask`; Bidirectional sets it to `returnSequences`). */
  zeroOutputForMask: boolean;
  /** With `stateful`, the states carried between calls ([batch, size] each, in order, not
   * weights); else null. */
  states: Variable[] | null = null;

  /** @internal The option keys of the cell a subclass makes (SimpleRNN's, LSTM's, GRU's). */
  protected static _cellOptionKeys: readonly string[] = [];

  /**
   * @param cell A recurrent cell (built-in or your own), or an array of cells (stacked).
   * @param options `returnSequences`, `returnState`, `goBackwards`, `stateful`, `unroll`,
   * `zeroOutputForMask` and the layer options.
   */
  constructor(cell: Layer | readonly Layer[], options?: RNNOptions);
  /** Keras 3's positional form: `RNN(cell, return_sequences, return_state, go_backwards, stateful,
   * unroll, zero_output_for_mask)`. */
  constructor(cell: Layer | readonly Layer[], ...positional: RNNPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(cell: Layer | readonly Layer[], ...positionalThenOptions: PositionalThenOptions<RNNPositional, RNNOptions>);
  /** Python's keyword form, `RNN(cell=...)`: `cell` among the options. */
  constructor(options: RNNOptions & { cell: Layer | readonly Layer[] });
  constructor(...given: unknown[]) {
    const [[cell], args] = requiredLayerArguments(new.target, given, ['cell'], true) as [[Layer | readonly Layer[]], unknown[]];
    const options = layerArguments<RNNOptions>(new.target, args, RNN_KEYS);
    const op = `${(new.target as typeof RNN)._namespace}.${new.target.name}`;
    const checked = Array.isArray(cell) ? new StackedRNNCells(cell) : checkCell(cell, op);
    super(options, [...RNN_KEYS, ...(new.target as typeof RNN)._cellOptionKeys]);
    const o = options;
    this.cell = checked;
    this.returnSequences = checkBoolean(o.returnSequences, op, 'returnSequences', false);
    this.returnState = checkBoolean(o.returnState, op, 'returnState', false);
    this.goBackwards = checkBoolean(o.goBackwards, op, 'goBackwards', false);
    this.stateful = checkBoolean(o.stateful, op, 'stateful', false);
    this.unroll = checkBoolean(o.unroll, op, 'unroll', false);
    this.zeroOutputForMask = checkBoolean(o.zeroOutputForMask, op, 'zeroOutputForMask', false);
    this.supportsMasking = true;
    this.inputSpec = { minNdim: 3 };
  }

  /** Each state's size, in order (stacked cells' flattened). */
  private get stateSizes(): number[] {
    return flatSizes(this.cell.stateSize);
  }

  /** Builds the cell for one timestep's input [batch, ...] under this layer's name scope, and with
   * `stateful` makes the states, for inputs [batch, timesteps, ...]. */
  override build(inputShape: Nest<LayerShape>): void {
    const op = this.qualifiedName;
    const shape = inputShape as LayerShape;
    const features = shape.at(-1);
    if (shape.length < 3 || typeof features !== 'number') {
      throw new Error(`${op}: expected inputs [batch, timesteps, features] with the features known, got input shape ${shapeText(shape)}.`);
    }
    if (!this.cell.built) {
      this.cell._rescope(this.nameScope);
      this.cell._buildFor([shape[0] ?? null, ...shape.slice(2)]);
    }
    if (this.stateful) {
      const batch = shape[0];
      if (typeof batch !== 'number') {
        throw new Error(
          `${op}: When using \`stateful: true\` in a RNN, the batch size must be static. Found dynamic batch size: sequence.shape=${shapeText(shape)}. ` +
            'Give it with tf.keras.Input([timesteps, features], { batchSize }), or build the layer from a call on a batch.',
        );
      }
      // Not weights (Keras does not track them): saved weights and `fit` leave them alone.
      this.states = flattenStates(this.defaultStates(batch)).map((s) => new Variable(s, { name: 'rnn_state', trainable: false, dtype: this.dtype }));
    }
    this.inputSpec = { ...this.inputSpec, axes: { [-1]: features } };
    this.built = true;
  }

  /** The states before the first step without `initialState`: the cell's `getInitialState`, else zeros. */
  private defaultStates(batch: number): CellStates[] {
    const own = this.cell.getInitialState;
    if (typeof own === 'function') return asStateList(own.call(this.cell, batch));
    return this.stateSizes.map((size) => zeros([batch, size], this.dtype));
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
    return this.returnState ? [outputMask, ...this.stateSizes.map(() => null)] : outputMask;
  }

  /** `initialState` checked ([batch, size] each, as many as the cell's states) and converted, in the cell's structure. */
  private initialStates(given: RecurrentCallArguments['initialState'], batch: number, op: string): CellStates[] {
    const list = this.checkedStateList(given, batch, op).map((state, i) => {
      const t = state instanceof Tensor ? (state.dtype === this.dtype ? state : cast(state, this.dtype)) : makeConstant(state as TensorLikeState, this.dtype, op);
      this.checkStateShape(t.shape, i, batch, op);
      return t;
    });
    return asStateList(packStates(this.defaultStates(batch), list));
  }

  /** `initialState` as the list of as many states as the cell has (not yet converted). */
  private checkedStateList(given: unknown, batch: number | null, op: string): unknown[] {
    const list = flattenGiven(given);
    if (list === null || list.length !== this.stateSizes.length) {
      throw new Error(`${op}: initialState must hold ${this._expectedStates(batch)} for layer '${this.name}', got ${list === null ? describe(given) : `${list.length} tensor(s)`}.`);
    }
    return list;
  }

  /** @internal State `index`'s shape for a batch of `batch` samples: [batch, its size] (ConvLSTM's
   * states are images, [batch, ...spatial, filters]). */
  protected _stateShape(index: number, batch: number | null): LayerShape {
    return [batch, this.stateSizes[index]!];
  }

  /** @internal What initialState must hold, for the error messages. */
  protected _expectedStates(batch: number | null): string {
    const sizes = this.stateSizes;
    if (sizes.length === 1) return `one state of shape ${shapeText([batch, sizes[0]!])} ([batch, units])`;
    if (sizes.every((s) => s === sizes[0])) return `${sizes.length} states${this.cell instanceof LSTMCell ? ' ([h, c])' : ''} of shape ${shapeText([batch, sizes[0]!])} ([batch, units])`;
    return `${sizes.length} states of shapes ${sizes.map((s) => shapeText([batch, s])).join(', ')}`;
  }

  /** State `index`'s shape must be `_stateShape` ([batch, its size]; a null size, symbolic, matches any). */
  private checkStateShape(shape: LayerShape, index: number, batch: number | null, op: string): void {
    const fits = (d: number | null | undefined, want: number | null | undefined): boolean => d === null || want === null || d === want;
    const want = this._stateShape(index, batch);
    if (shape.length !== want.length || shape.some((d, i) => !fits(d, want[i]))) {
      throw new Error(`${op}: initialState[${index}] has shape ${shapeText(shape)}; layer '${this.name}' takes ${this._expectedStates(batch)}.`);
    }
  }

  /** @internal A functional call's KerasTensor states are checked when the call is made. */
  protected override _checkSymbolicCall(inputs: Nest<KerasTensor>, options: RecurrentCallArguments | Record<string, unknown>): void {
    const given = (options as { initialState?: unknown }).initialState;
    if (given === undefined || given === null || !(inputs instanceof KerasTensor)) return;
    const batch = inputs.shape[0] ?? null;
    this.checkedStateList(given, batch, this.qualifiedName).forEach((state, i) => {
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

  /** The first states of a call: `initialState`, else the stateful states, else the cell's initial ones. */
  private startStates(given: RecurrentCallArguments['initialState'], batch: number, op: string): CellStates[] {
    if (given !== undefined && given !== null) return this.initialStates(given, batch, op);
    if (this.states === null) return this.defaultStates(batch);
    const expected = this.states[0]!.shape[0];
    if (batch !== expected) {
      throw new Error(`${op}: If an RNN is stateful, the batch size of the input sequences must be the same as the batch size of the initial state. Expected batch size: ${expected}. Received batch size: ${batch}. resetStates() keeps the batch size; make the layer again for another.`);
    }
    return asStateList(packStates(this.defaultStates(batch), this.states));
  }

  /** The output (every step's or the last) and, with `returnState`, the final states after it. */
  override call(inputs: Tensor, options: RecurrentCallArguments): Tensor | Tensor[] {
    const op = this.qualifiedName;
    const sequence = promoteToFloat(inputs, this.dtype);
    const [batch, timesteps] = sequence.shape as [number, number];
    if (timesteps === 0) throw new Error(`${op}: the inputs have no timesteps (shape ${shapeText(sequence.shape)}); a recurrent layer needs at least one.`);
    const stepMasks = this.stepMasks(options.mask, batch, timesteps, op);
    let states = this.startStates(options.initialState, batch, op);
    const steps = unstack(sequence, 1);
    if (this.goBackwards) steps.reverse();
    let lastOutput: Tensor | null = null;
    const outputs: Tensor[] = [];
    try {
      steps.forEach((x, t) => {
        const [stepOutput, after] = runCell(this.cell, x, states, options.training, op);
        let output = stepOutput;
        let next = asStateList(after);
        const keep = stepMasks?.[t];
        if (keep !== undefined) {
          // Keras' masked step: a masked sample keeps its states; its output is zeros with
          // zeroOutputForMask, else the previous one: in the scan (unroll false) the first state
          // before the step, in the unrolled loop the previous step's output (zeros before the first).
          const repeated = this.zeroOutputForMask ? 0 : this.unroll ? (lastOutput ?? zerosLike(output)) : previousOutput(states);
          output = where(keepFor(keep, output), output, repeated);
          const before = flattenStates(states);
          next = asStateList(packStates(next, flattenStates(next).map((s, i) => where(keepFor(keep, s), s, before[i]!))));
        }
        states = next;
        lastOutput = output;
        if (this.returnSequences) outputs.push(output);
      });
    } finally {
      resetDropoutMasks(this.cell);
    }
    if (this.states !== null) flattenStates(states).forEach((s, i) => this.states![i]!.assign(s));
    const output = this.returnSequences ? stack(outputs, 1) : lastOutput!;
    return this.returnState ? ([output, ...states] as Tensor[]) : output;
  }

  /** [batch, timesteps, output size] with `returnSequences`, else [batch, output size] (the
   * output's shape; with `returnState` each state is [batch, size] besides). */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const shape = inputShape as LayerShape;
    const size = outputSizeOf(this.cell);
    return this.returnSequences ? [shape[0] ?? null, shape[1] ?? null, size] : [shape[0] ?? null, size];
  }

  /** The output's KerasTensor, and with `returnState` the states' after it, in the cell's structure. */
  override computeOutputSpec(inputs: Nest<KerasTensor>): SymbolicOutputs {
    if (!this.returnState || !(inputs instanceof KerasTensor)) return super.computeOutputSpec(inputs);
    const batch = inputs.shape[0] ?? null;
    const symbolic = (states: CellStates): unknown => (states instanceof Tensor ? new KerasTensor([batch, ...states.shape.slice(1)], this.dtype) : states.map(symbolic));
    const states = tidy(() => {
      const template = this.defaultStates(1);
      const out = template.map(symbolic);
      flattenStates(template).forEach((t) => t.dispose());
      return out;
    });
    return [new KerasTensor(this.computeOutputShape(inputs.shape), this.dtype), ...states] as SymbolicOutputs;
  }

  /** Keras' config: returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask,
   * and `cell` serialized ({className, config}). */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
      zeroOutputForMask: this.zeroOutputForMask,
      cell: serialize(this.cell),
    };
  }

  /** A new RNN from `getConfig()`'s object (Keras' `from_config`): the cell deserialized (a class of
   * your own from `customObjects`), new weights. */
  static override fromConfig(config: Record<string, unknown>, options: DeserializeOptions = {}): Layer {
    const { cell, ...rest } = configObject(config, 'RNN');
    if (!isPlainObject(cell) || typeof cell.className !== 'string') throw new Error(`RNN.fromConfig: the config's \`cell\` must be a serialized cell {className, config} (as getConfig() gives), got ${describe(cell)}.`);
    return new this(deserialize(withoutBuildConfig(cell as unknown as SerializedLayer), options), rest as RNNOptions);
  }
}

/** A step's mask [batch, 1] shaped to select whole samples of `like` ([batch, ...]: ConvLSTM's are images). */
const keepFor = (keep: Tensor, like: Tensor): Tensor => (like.rank <= 2 ? keep : reshape(keep, [keep.shape[0]!, ...Array<number>(like.rank - 1).fill(1)]));

/** The output a masked step repeats: the first state before the step (Keras: for stacked cells,
 * whose first entry is a list, the last cell's first state). */
function previousOutput(states: readonly CellStates[]): Tensor {
  const first = states[0]!;
  return first instanceof Tensor ? first : flattenStates(states.at(-1)!)[0]!;
}

/** Forgets the dropout masks of the cell (and of stacked cells) after a sequence (Keras' _maybe_reset_dropout_masks):
 * a DropoutRNNCell's, or any cell's with resetDropoutMask and resetRecurrentDropoutMask (ConvLSTM's). */
function resetDropoutMasks(cell: RNNCell): void {
  const own = cell as Partial<Pick<DropoutRNNCell, 'resetDropoutMask' | 'resetRecurrentDropoutMask'>>;
  if (cell instanceof DropoutRNNCell || (typeof own.resetDropoutMask === 'function' && typeof own.resetRecurrentDropoutMask === 'function')) {
    own.resetDropoutMask!.call(cell);
    own.resetRecurrentDropoutMask!.call(cell);
  }
  if (cell instanceof StackedRNNCells) cell.cells.forEach(resetDropoutMasks);
}

/** `options`' entries of `keys`, for the cell a recurrent layer makes. */
function cellOptions(options: Record<string, unknown> | null | undefined, keys: readonly string[]): Record<string, unknown> {
  const o = options ?? {};
  const out: Record<string, unknown> = {};
  for (const key of [...keys, 'dtype', 'trainable']) if (key in o) out[key] = o[key];
  return out;
}

/**
 * SimpleRNN, LSTM and GRU: an RNN of their built-in cell (named 'simple_rnn_cell', 'lstm_cell',
 * 'gru_cell', as Keras 3 names it), made from the layer's options; the cell's options and weights
 * read as the layer's own (`layer.units`, `layer.kernel`), and its config merged into the layer's.
 */
export abstract class RecurrentLayer<C extends DropoutRNNCell = DropoutRNNCell> extends RNN {
  declare readonly cell: C;

  /** The size of the output and of each state. */
  get units(): number {
    return this.cell.units;
  }

  /** The activation of the output (SimpleRNN) or candidate and cell (LSTM, GRU). */
  get activation(): (x: Tensor) => Tensor {
    return this.cell.activation;
  }

  /** Whether the layer adds a bias. */
  get useBias(): boolean {
    return this.cell.useBias;
  }

  /** The fraction of the step inputs dropped in training. */
  get dropout(): number {
    return this.cell.dropout;
  }

  /** The fraction of h_{t-1} dropped in the recurrent product in training. */
  get recurrentDropout(): number {
    return this.cell.recurrentDropout;
  }

  /** The seed of the dropout masks, or null. */
  get seed(): number | null {
    return this.cell.seed;
  }

  /** The input kernel, [features, gates·units]; null until built. */
  get kernel(): Variable | null {
    return this.cell.kernel;
  }

  /** The recurrent kernel, [units, gates·units]; null until built. */
  get recurrentKernel(): Variable | null {
    return this.cell.recurrentKernel;
  }

  /** The bias; null until built, and when `useBias` is false. */
  get bias(): Variable | null {
    return this.cell.bias;
  }

  /** The RNN's config and the cell's options in one object (Keras' LSTM.get_config): units, the
   * activations, initializers, regularizers, constraints, dropout, seed, and the RNN flags. */
  override getConfig(): Record<string, unknown> {
    const { cell: _cell, ...own } = super.getConfig();
    const { name: _name, trainable: _trainable, dtype: _dtype, ...cellConfig } = this.cell.getConfig();
    return { ...own, ...cellConfig };
  }

  /** A new layer from `getConfig()`'s object (Keras' `from_config`): `units` and the options. */
  static override fromConfig(config: Record<string, unknown>): Layer {
    const [[units], options] = takeArguments(config, this.name, ['units']);
    return new (this as unknown as new (units: number, options: Record<string, unknown>) => Layer)(units as number, options);
  }
}

/** Keras 3's positional arguments of SimpleRNN after its required ones, in its order. */
type SimpleRNNPositional = [
  activation?: ActivationLike, useBias?: boolean,
  ...CellWeightArguments, activityRegularizer?: RegularizerLike | null, ...CellConstraintArguments, dropout?: number, recurrentDropout?: number, ...SequenceArguments, seed?: number | null,
];

/**
 * keras.layers.SimpleRNN(units): the fully connected recurrence h_t = activation(x_t · kernel +
 * h_{t-1} · recurrent_kernel + bias), h_0 = 0, over inputs [batch, timesteps, features] (an RNN of
 * a SimpleRNNCell); the output is h_T ([batch, units]), or every h_t with `returnSequences`. Weights
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
export class SimpleRNN extends RecurrentLayer<SimpleRNNCell> {
  /** @internal */
  protected static override _cellOptionKeys: readonly string[] = CELL_KEYS;

  /**
   * @param units The size of the output and state, a positive integer.
   * @param options `activation` (default 'tanh'), `useBias`, the initializers, regularizers and
   * constraints of `kernel`, `recurrentKernel` and `bias`, `dropout`, `recurrentDropout`, `seed`,
   * `returnSequences`, `returnState`, `goBackwards`, `stateful`, `unroll` and the layer options.
   */
  constructor(units: number, options?: SimpleRNNOptions);
  /** Keras 3's positional form: `SimpleRNN(units, activation, use_bias, kernel_initializer,
   * recurrent_initializer, bias_initializer, kernel_regularizer, recurrent_regularizer,
   * bias_regularizer, activity_regularizer, kernel_constraint, recurrent_constraint,
   * bias_constraint, dropout, recurrent_dropout, return_sequences, return_state, go_backwards,
   * stateful, unroll, seed)`. */
  constructor(units: number, ...positional: SimpleRNNPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (zeroOutputForMask among them). */
  constructor(units: number, ...positionalThenOptions: PositionalThenOptions<SimpleRNNPositional, SimpleRNNOptions>);
  /** Python's keyword form, `SimpleRNN(units=...)`: `units` among the options. */
  constructor(options: SimpleRNNOptions & { units: number });
  constructor(...given: unknown[]) {
    const [[units], args] = requiredLayerArguments(new.target, given, ['units']) as [[number], unknown[]];
    const options = layerArguments<SimpleRNNOptions>(new.target, args, SIMPLE_RNN_POSITIONAL, RECURRENT_NONE, {}, RECURRENT_KEYWORDS);
    const op = `${Layer._namespace}.${new.target.name}`;
    super(makeCellFor(op, () => new SimpleRNNCell(units, { ...cellOptions(options as Record<string, unknown>, CELL_KEYS), name: 'simple_rnn_cell' })), options);
    this.inputSpec = { ndim: 3 };
  }
}

/** Keras 3's positional arguments of LSTM after its required ones, in its order. */
type LSTMPositional = [
  activation?: ActivationLike, recurrentActivation?: ActivationLike, useBias?: boolean, kernelInitializer?: InitializerLike,
  recurrentInitializer?: InitializerLike, biasInitializer?: InitializerLike, unitForgetBias?: boolean, kernelRegularizer?: RegularizerLike | null,
  recurrentRegularizer?: RegularizerLike | null, biasRegularizer?: RegularizerLike | null, activityRegularizer?: RegularizerLike | null,
  ...CellConstraintArguments, dropout?: number, recurrentDropout?: number, seed?: number | null, ...SequenceArguments, useCudnn?: 'auto',
];

/**
 * keras.layers.LSTM(units): the long short-term memory over inputs [batch, timesteps, features]
 * (an RNN of an LSTMCell), with gates i, f, c, o side by side in the kernels' columns, as Keras':
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
export class LSTM extends RecurrentLayer<LSTMCell> {
  /** @internal */
  protected static override _cellOptionKeys: readonly string[] = [...CELL_KEYS, 'recurrentActivation', 'unitForgetBias'];

  /**
   * @param units The size of the output and states, a positive integer.
   * @param options `activation` (default 'tanh'), `recurrentActivation` (default 'sigmoid'),
   * `useBias`, `unitForgetBias`, the initializers, regularizers and constraints, `dropout`,
   * `recurrentDropout`, `seed`, `returnSequences`, `returnState`, `goBackwards`, `stateful`,
   * `unroll` and the layer options.
   */
  constructor(units: number, options?: LSTMOptions);
  /** Keras 3's positional form: `LSTM(units, activation, recurrent_activation, use_bias,
   * kernel_initializer, recurrent_initializer, bias_initializer, unit_forget_bias,
   * kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer,
   * kernel_constraint, recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed,
   * return_sequences, return_state, go_backwards, stateful, unroll, use_cudnn)` (use_cudnn only
   * 'auto': gradtape has no cuDNN). */
  constructor(units: number, ...positional: LSTMPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (zeroOutputForMask among them). */
  constructor(units: number, ...positionalThenOptions: PositionalThenOptions<LSTMPositional, LSTMOptions>);
  /** Python's keyword form, `LSTM(units=...)`: `units` among the options. */
  constructor(options: LSTMOptions & { units: number });
  constructor(...given: unknown[]) {
    const [[units], args] = requiredLayerArguments(new.target, given, ['units']) as [[number], unknown[]];
    const options = layerArguments<LSTMOptions>(new.target, args, LSTM_POSITIONAL, RECURRENT_NONE, { useCudnn: 'auto' }, RECURRENT_KEYWORDS);
    const op = `${Layer._namespace}.${new.target.name}`;
    const keys = LSTM_CELL_KEYS.filter((k) => k !== 'implementation');
    super(makeCellFor(op, () => new LSTMCell(units, { ...cellOptions(options as Record<string, unknown>, [...CELL_KEYS, ...keys]), name: 'lstm_cell' })), options);
    this.inputSpec = { ndim: 3 };
  }

  /** The activation of the input, forget and output gates. */
  get recurrentActivation(): (x: Tensor) => Tensor {
    return this.cell.recurrentActivation;
  }

  /** Whether the forget gate's bias starts at 1. */
  get unitForgetBias(): boolean {
    return this.cell.unitForgetBias;
  }
}

/** Keras 3's positional arguments of GRU after its required ones, in its order. */
type GRUPositional = [
  activation?: ActivationLike, recurrentActivation?: ActivationLike, useBias?: boolean,
  ...CellWeightArguments, activityRegularizer?: RegularizerLike | null, ...CellConstraintArguments, dropout?: number, recurrentDropout?: number, seed?: number | null,
  ...SequenceArguments, resetAfter?: boolean, useCudnn?: 'auto',
];

/**
 * keras.layers.GRU(units): the gated recurrent unit over inputs [batch, timesteps, features] (an
 * RNN of a GRUCell), gates z (update), r (reset), h (candidate) side by side in the kernels'
 * columns, as Keras': z = σ(x_z + h_{t-1} · U_z), r = σ(x_r + h_{t-1} · U_r), with x = x_t ·
 * kernel + input bias; the candidate ĥ = tanh(x_h + r ⊙ (h_{t-1} · U_h + b_rec,h)) with
 * `resetAfter` (Keras 3's default; the bias is [2, 3·units], input and recurrent rows, the
 * recurrent one inside the gates too) or ĥ = tanh(x_h + (r ⊙ h_{t-1}) · U_h) without (the bias
 * [3·units]); then h_t = z ⊙ h_{t-1} + (1 − z) ⊙ ĥ. Weights `'gru/gru_cell/kernel'` [features,
 * 3·units], `recurrent_kernel` [units, 3·units] and `bias`. A call takes `mask` (by default the
 * input's) and `initialState: [h0]`.
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
export class GRU extends RecurrentLayer<GRUCell> {
  /** @internal */
  protected static override _cellOptionKeys: readonly string[] = [...CELL_KEYS, 'recurrentActivation', 'resetAfter'];

  /**
   * @param units The size of the output and state, a positive integer.
   * @param options `activation` (default 'tanh'), `recurrentActivation` (default 'sigmoid'),
   * `useBias`, `resetAfter` (default true), the initializers, regularizers and constraints,
   * `dropout`, `recurrentDropout`, `seed`, `returnSequences`, `returnState`, `goBackwards`,
   * `stateful`, `unroll` and the layer options.
   */
  constructor(units: number, options?: GRUOptions);
  /** Keras 3's positional form: `GRU(units, activation, recurrent_activation, use_bias,
   * kernel_initializer, recurrent_initializer, bias_initializer, kernel_regularizer,
   * recurrent_regularizer, bias_regularizer, activity_regularizer, kernel_constraint,
   * recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed, return_sequences,
   * return_state, go_backwards, stateful, unroll, reset_after, use_cudnn)` (use_cudnn only 'auto':
   * gradtape has no cuDNN). */
  constructor(units: number, ...positional: GRUPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (zeroOutputForMask among them). */
  constructor(units: number, ...positionalThenOptions: PositionalThenOptions<GRUPositional, GRUOptions>);
  /** Python's keyword form, `GRU(units=...)`: `units` among the options. */
  constructor(options: GRUOptions & { units: number });
  constructor(...given: unknown[]) {
    const [[units], args] = requiredLayerArguments(new.target, given, ['units']) as [[number], unknown[]];
    const options = layerArguments<GRUOptions>(new.target, args, GRU_POSITIONAL, RECURRENT_NONE, { useCudnn: 'auto' }, RECURRENT_KEYWORDS);
    const op = `${Layer._namespace}.${new.target.name}`;
    const keys = GRU_CELL_KEYS.filter((k) => k !== 'implementation');
    super(makeCellFor(op, () => new GRUCell(units, { ...cellOptions(options as Record<string, unknown>, [...CELL_KEYS, ...keys]), name: 'gru_cell' })), options);
    this.inputSpec = { ndim: 3 };
  }

  /** The activation of the update and reset gates. */
  get recurrentActivation(): (x: Tensor) => Tensor {
    return this.cell.recurrentActivation;
  }

  /** Whether the reset gate applies after the recurrent product (bias [2, 3·units]) or before it. */
  get resetAfter(): boolean {
    return this.cell.resetAfter;
  }
}
