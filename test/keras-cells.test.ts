// Keras 3 recurrent cells and keras.layers.RNN, Softmax's mask, and integer inputs, against Keras
// 3.15.1. Every number of test/fixtures/keras-cells.json comes from Keras 3.15.1 (JAX backend,
// float32) via scripts/keras_cells_fixtures.py, which builds the same layers and models with the
// same weights and inputs (made by `pattern`, repeated here): outputs and the masks they carry,
// weight names, the gradients of a fixed loss (jax.grad of the layer's stateless_call, with respect
// to the weights and the initial states), one step of each cell, and evaluate, predict and 3 epochs
// of fit. float32 results agree within 1e-5 relative (plus 1e-6 absolute).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import {
  type FitSpec, type KerasFitCase, type KerasLayerCase, type SequenceCase, expectClose, expectKerasFit, expectKerasGradients, expectKerasOutputs, fixtureLoss, fixtureMask, fixtureSequences, fixtureState, flat, pattern, sequenceCase, setPatternWeights, values,
} from './helpers/keras';

const L = tf.keras.layers;

interface LayerCase extends KerasLayerCase { weights: string[] }
interface Fixture {
  layers: Record<string, LayerCase>;
  steps: Record<string, { weights: string[]; outputs: number[][] }>;
  softmax: Record<'mask_broadcast' | 'mask_full_axis1' | 'mask_int', number[]>;
  int_inputs: { dense: number[]; dense_dtype: string; conv1d: number[]; conv1d_dtype: string; lstm: number[]; lstm_dtype: string };
  fit_masking_stacked_cells: KerasFitCase;
  fit_bidirectional_gru_cell: KerasFitCase;
  fit_int_input_dense: KerasFitCase;
  bidirectional_unregistered_cell: string | null;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-cells.json', import.meta.url), 'utf8')) as Fixture;

beforeEach(() => tf.keras.backend.clearSession());

/** A cell of one's own, as the fixture script defines it: h_t = tanh(x_t · W) + 0.5 · h_{t-1} · U. */
class MinimalRNNCell extends L.Layer {
  readonly stateSize: number;
  kernel: tf.Variable | null = null;
  recurrentKernel: tf.Variable | null = null;
  constructor(readonly units: number, options: tf.LayerOptions = {}) {
    super(options);
    this.stateSize = units;
  }
  override build(inputShape: (number | null)[]): void {
    this.kernel = this.addWeight({ shape: [inputShape.at(-1)!, this.units], name: 'kernel' });
    this.recurrentKernel = this.addWeight({ shape: [this.units, this.units], name: 'recurrent_kernel' });
  }
  override call(inputs: tf.Tensor, states: tf.Tensor[]): [tf.Tensor, tf.Tensor[]] {
    const output = tf.add(tf.tanh(tf.matmul(inputs, this.kernel!)), tf.mul(0.5, tf.matmul(states[0]!, this.recurrentKernel!)));
    return [output, [output]];
  }
  /** `units` besides the layer options, so that a copy can be made from the config (Bidirectional's). */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), units: this.units };
  }
  static override fromConfig(config: Record<string, unknown>): MinimalRNNCell {
    const { units, ...rest } = config;
    return new this(units as number, rest);
  }
}

/** Each case's layer, and the call's mask and initial states, as the script makes them. */
const CASES: Record<string, SequenceCase> = {
  rnn_simple_cell_mask: [() => new L.RNN(new L.SimpleRNNCell(3), { returnSequences: true, returnState: true }), { mask: true }],
  rnn_lstm_cell_backwards_state: [() => new L.RNN(new L.LSTMCell(3), { returnSequences: true, returnState: true, goBackwards: true }), { states: () => [fixtureState(3, 2.5), fixtureState(3, 0.9)] }],
  rnn_gru_cell_reset_before_mask: [() => new L.RNN(new L.GRUCell(3, { resetAfter: false }), { returnState: true }), { mask: true }],
  rnn_gru_cell_implementation_1: [() => new L.RNN(new L.GRUCell(2, { implementation: 1 }), { returnSequences: true }), {}],
  rnn_stacked_mask_state: [() => new L.RNN([new L.LSTMCell(3), new L.GRUCell(2)], { returnSequences: true, returnState: true }), { mask: true }],
  rnn_stacked_zero_output: [() => new L.RNN(new L.StackedRNNCells([new L.SimpleRNNCell(2), new L.LSTMCell(2)]), { returnSequences: true, zeroOutputForMask: true }), { mask: true }],
  rnn_stacked_initial_state: [() => new L.RNN([new L.GRUCell(2), new L.LSTMCell(3)], { returnState: true }), { states: () => [[fixtureState(2, 0.4)], [fixtureState(3, 1.4), fixtureState(3, 2.4)]] }],
  rnn_minimal_cell_mask: [() => new L.RNN(new MinimalRNNCell(3), { returnSequences: true, returnState: true }), { mask: true }],
  rnn_lstm_cell_unroll_mask_state: [() => new L.RNN(new L.LSTMCell(3), { returnSequences: true, returnState: true, unroll: true }), { mask: true, states: () => [fixtureState(3, 2.5), fixtureState(3, 0.9)] }],
  lstm_unroll_mask: [() => new L.LSTM(3, { returnSequences: true, unroll: true }), { mask: true }],
  gru_unroll_backwards: [() => new L.GRU(2, { returnSequences: true, goBackwards: true, unroll: true }), {}],
  bi_rnn_lstm_cell_mask: [() => new L.Bidirectional(new L.RNN(new L.LSTMCell(2), { returnSequences: true })), { mask: true }],
  bi_rnn_minimal_cell_mask: [() => new L.Bidirectional(new L.RNN(new MinimalRNNCell(3), { returnSequences: true })), { mask: true }],
  bi_rnn_minimal_cell_state_sum: [() => new L.Bidirectional(new L.RNN(new MinimalRNNCell(2), { returnState: true }), { mergeMode: 'sum' }), {}],
  bi_rnn_stacked_minimal_gru: [() => new L.Bidirectional(new L.RNN([new MinimalRNNCell(2), new L.GRUCell(3)], { returnSequences: true })), {}],
  bi_rnn_stacked_cells_state_ave: [
    () => new L.Bidirectional(new L.RNN(new L.StackedRNNCells([new L.LSTMCell(2), new L.SimpleRNNCell(3)]), { returnState: true }), { mergeMode: 'ave' }), { mask: true },
  ],
};

describe('keras.layers.RNN over cells (built-in, stacked, your own), as Keras 3.15.1', () => {
  it.each(Object.keys(CASES))("%s: the weights' names, the outputs and states, and the masks they carry", (name) => {
    const want = fixture.layers[name]!;
    const { layer, call } = sequenceCase(CASES[name]!);
    expect(layer.weights.map((w) => w.name)).toEqual(want.weights);
    expect(layer.weights.map((w) => w.path)).toEqual(want.weights);
    expectKerasOutputs(name, call(fixtureSequences()), want);
  });

  it.each(Object.keys(CASES))('%s: the gradients of the weights and initial states, eager and inside tf.function', (name) => {
    const { layer, call, states } = sequenceCase(CASES[name]!);
    expectKerasGradients(name, (...inputs) => fixtureLoss(call(inputs.at(-1)!, inputs.slice(0, -1))), [...states, fixtureSequences()], layer.trainableWeights, fixture.layers[name]!, states.length);
  });

  it('LSTM is an RNN of an LSTMCell: the same numbers as RNN(LSTMCell) with the same weights, the cell its sublayer', () => {
    const lstm = new L.LSTM(3, { returnSequences: true });
    const rnn = new L.RNN(new L.LSTMCell(3), { returnSequences: true });
    for (const layer of [lstm, rnn]) {
      layer.build([2, 4, 3]);
      setPatternWeights(layer);
    }
    expect(lstm).toBeInstanceOf(L.RNN);
    expect(lstm.cell).toBeInstanceOf(L.LSTMCell);
    expect(lstm.kernel).toBe(lstm.cell.kernel);
    expect(values(lstm(fixtureSequences(), { mask: fixtureMask() }))).toEqual(values(rnn(fixtureSequences(), { mask: fixtureMask() })));
  });
});

describe('a cell called on one step: cell(x_t, { states }) and cell.call(x_t, states)', () => {
  const XT = (): tf.Tensor => tf.squeeze(tf.slice(fixtureSequences(), [0, 1, 0], [-1, 1, -1]), [1]);
  const STEPS: Record<string, [() => tf.keras.layers.Layer, () => tf.Tensor[] | tf.Tensor[][]]> = {
    simple_rnn_cell: [() => new L.SimpleRNNCell(3), () => [fixtureState(3, 1)]],
    lstm_cell: [() => new L.LSTMCell(3), () => [fixtureState(3, 1), fixtureState(3, 2)]],
    gru_cell: [() => new L.GRUCell(3), () => [fixtureState(3, 1)]],
    stacked_cells: [() => new L.StackedRNNCells([new L.LSTMCell(2), new L.SimpleRNNCell(3)]), () => [[fixtureState(2, 1), fixtureState(2, 2)], [fixtureState(3, 3)]]],
  };

  it.each(Object.keys(STEPS))('%s: [output, new states] and the weight names as Keras', (name) => {
    const [make, states] = STEPS[name]!;
    const want = fixture.steps[name]!;
    const cell = make();
    cell.build([2, 3]);
    expect(cell.weights.map((w) => w.name)).toEqual(want.weights);
    expect(cell.weights.map((w) => w.path)).toEqual(want.weights);
    setPatternWeights(cell);
    const viaApply = flat(cell(XT(), { states: states() as tf.Tensor[] }));
    viaApply.forEach((t, i) => expectClose(t, want.outputs[i]!, `${name} output ${i}`));
    const viaCall = flat((cell as unknown as { call: (x: tf.Tensor, s: unknown) => unknown }).call(XT(), states()));
    expect(viaCall.map(values)).toEqual(viaApply.map(values));
  });

  it("a built-in cell's first call builds it; a call without states says what it takes", () => {
    const cell = new L.GRUCell(4);
    const [output, [h]] = cell(tf.ones([2, 3]), { states: [tf.zeros([2, 4])] }) as unknown as [tf.Tensor, tf.Tensor[]];
    expect([cell.built, output.shape, h!.shape, cell.weights.map((w) => w.name)]).toEqual([true, [2, 4], [2, 4], ['gru_cell/kernel', 'gru_cell/recurrent_kernel', 'gru_cell/bias']]);
    expect(() => cell(tf.ones([2, 3]))).toThrow('keras.layers.GRUCell: a cell\'s call takes the states before the step: cell(x_t, { states: [h] })');
    expect(() => new L.Dense(2)(tf.ones([2, 3]), { states: [tf.zeros([2, 2])] } as never)).toThrow("keras.layers.Dense: unknown option 'states'");
  });
});

describe('cell options, serialization and errors', () => {
  it("cells take the layers' options (implementation 1 with recurrent dropout, as Keras); the layers name option errors after themselves", () => {
    expect(new L.LSTMCell(2).implementation).toBe(2);
    expect(new L.LSTMCell(2, { recurrentDropout: 0.1 }).implementation).toBe(1);
    expect(new L.GRUCell(2, { implementation: 1 }).implementation).toBe(1);
    expect(new L.LSTMCell(2).stateSize).toEqual([2, 2]);
    expect([new L.GRUCell(3).stateSize, new L.GRUCell(3).outputSize]).toEqual([3, 3]);
    expect(() => new L.GRUCell(2, { implementation: 3 as never })).toThrow('keras.layers.GRUCell: implementation must be 1 or 2, got 3.');
    expect(() => new L.LSTMCell(0)).toThrow('keras.layers.LSTMCell: Received an invalid value for argument `units`');
    expect(() => new L.LSTM(2, { dropout: 2 })).toThrow('keras.layers.LSTM: dropout must be a number in [0, 1)');
    expect(() => new L.LSTM(2, { implementation: 1 } as never)).toThrow("keras.layers.LSTM: unknown option 'implementation'");
  });

  it('dropout in training draws one mask per sequence (the same at every step, new for the next sequence) and none in inference', () => {
    const rnn = new L.RNN(new L.SimpleRNNCell(4, { dropout: 0.5, kernelInitializer: 'ones', recurrentInitializer: 'zeros', activation: null }), { returnSequences: true });
    const x = tf.ones([1, 3, 6]);
    const steps = rnn(x, { training: true }).arraySync() as number[][][];
    expect(steps[0]![1]).toEqual(steps[0]![0]);
    expect(steps[0]![2]).toEqual(steps[0]![0]);
    expect(values(rnn(x))).toEqual(Array(12).fill(6));
  });

  it('RNN and the cells are serialized with their cells (a cell of your own through customObjects)', () => {
    const rnn = new L.RNN([new L.LSTMCell(2, { unitForgetBias: false }), new L.GRUCell(3, { resetAfter: false })], { returnState: true, name: 'stack' });
    const config = JSON.parse(JSON.stringify(rnn.getConfig())) as Record<string, unknown>;
    const cell = config.cell as { className: string; config: { cells: { className: string }[] } };
    expect([cell.className, cell.config.cells.map((c) => c.className)]).toEqual(['StackedRNNCells', ['LSTMCell', 'GRUCell']]);
    const twin = L.RNN.fromConfig(config) as tf.keras.layers.RNN;
    expect(twin.getConfig()).toEqual(rnn.getConfig());
    twin.build([2, 4, 3]);
    rnn.build([2, 4, 3]);
    expect(twin.weights.map((w) => [w.name, w.shape])).toEqual(rnn.weights.map((w) => [w.name, w.shape]));

    class Cell extends MinimalRNNCell {}
    const own = new L.RNN(new Cell(3));
    const restored = L.deserialize(JSON.parse(JSON.stringify(L.serialize(own))), { customObjects: { Cell } }) as tf.keras.layers.RNN;
    expect(restored.cell).toBeInstanceOf(Cell);
    expect(() => L.deserialize(L.serialize(own))).toThrow("Unknown layer: 'Cell'");
  });

  it("Bidirectional of an RNN of a cell of your own: the copies made from the config by the cell's class; serialized through customObjects", () => {
    // Keras finds the class again only when it is registered (Could not locate class ...); here the
    // copies are made by the class of the cell in hand, from its getConfig() and fromConfig().
    expect(fixture.bidirectional_unregistered_cell).toContain("Could not locate class 'UnregisteredCell'");
    const bi = new L.Bidirectional(new L.RNN([new MinimalRNNCell(2, { name: 'mine' }), new L.GRUCell(3)], { returnSequences: true }));
    const [forward, backward] = [bi.forwardLayer, bi.backwardLayer] as unknown as tf.keras.layers.RNN[];
    for (const copy of [forward, backward]) {
      const cells = (copy.cell as tf.keras.layers.StackedRNNCells).cells;
      expect(cells[0]).toBeInstanceOf(MinimalRNNCell);
      expect([cells[0]!.name, (cells[0] as MinimalRNNCell).units]).toEqual(['mine', 2]);
    }
    expect([forward.goBackwards, backward.goBackwards]).toEqual([false, true]);
    const y = values(bi(fixtureSequences()));
    expect(() => L.deserialize(L.serialize(bi))).toThrow("Unknown layer: 'MinimalRNNCell'");
    const twin = L.deserialize(JSON.parse(JSON.stringify(L.serialize(bi))), { customObjects: { MinimalRNNCell } });
    twin.setWeights(bi.getWeights());
    expect(values(twin(fixtureSequences()))).toEqual(y);
  });

  it('Bidirectional of a cell whose config cannot make it again says so and what the cell needs', () => {
    class UnitsNotInConfig extends MinimalRNNCell {
      override getConfig(): Record<string, unknown> {
        const { units, ...rest } = super.getConfig();
        void units;
        return rest;
      }
      static override fromConfig(config: Record<string, unknown>): UnitsNotInConfig {
        return new this(4, config);
      }
    }
    class NoFromConfig extends MinimalRNNCell {
      static override fromConfig(config: Record<string, unknown>): NoFromConfig {
        return new this(config as never);
      }
    }
    expect(() => new L.Bidirectional(new L.RNN(new UnitsNotInConfig(2)))).toThrow(
      "keras.layers.Bidirectional: the forward layer made from the config of layer 'rnn' has a cell of stateSize 4, where 'rnn''s cell has 2: its config lacks an argument. A layer or cell of your own needs getConfig() to return its constructor's arguments (units, ...) and a static fromConfig(config) that takes them back.",
    );
    expect(() => new L.Bidirectional(new L.RNN(new NoFromConfig(2), { name: 'own' }))).toThrow(
      /^keras\.layers\.Bidirectional: the forward layer is made from the config of layer 'own', which failed: .*stateSize must be a positive integer.* A layer or cell of your own needs getConfig\(\) to return its constructor's arguments/,
    );
    // The backward layer can be given instead of made.
    const forward = new L.RNN(new MinimalRNNCell(2), { returnSequences: true });
    const given = new L.RNN(new MinimalRNNCell(2), { returnSequences: true, goBackwards: true });
    expect(new L.Bidirectional(forward, { backwardLayer: given }).backwardLayer).toBe(given);
  });

  it('unroll: accepted by RNN, SimpleRNN, LSTM and GRU, kept in the config; without a mask the numbers of unroll false', () => {
    const makers: [string, (unroll: boolean) => tf.keras.layers.RNN][] = [
      ['RNN', (unroll) => new L.RNN(new L.LSTMCell(3), { returnSequences: true, unroll })],
      ['SimpleRNN', (unroll) => new L.SimpleRNN(3, { unroll, goBackwards: true })],
      ['LSTM', (unroll) => new L.LSTM(3, { returnState: true, unroll })],
      ['GRU', (unroll) => new L.GRU(2, { returnSequences: true, unroll })],
    ];
    for (const [name, make] of makers) {
      const [rolled, unrolled] = [make(false), make(true)];
      for (const layer of [rolled, unrolled]) {
        layer.build([2, 4, 3]);
        layer.setWeights(layer.weights.map((w, i) => pattern(w.shape, i + 1)));
      }
      expect([rolled.unroll, unrolled.unroll, unrolled.getConfig().unroll], name).toEqual([false, true, true]);
      expect(flat(unrolled(fixtureSequences())).map(values), name).toEqual(flat(rolled(fixtureSequences())).map(values));
      for (const twin of [(unrolled.constructor as typeof L.RNN).fromConfig(JSON.parse(JSON.stringify(unrolled.getConfig()))), L.deserialize(L.serialize(unrolled))] as tf.keras.layers.RNN[]) {
        if (!twin.built) twin.build([2, 4, 3]);
        expect([twin.constructor, twin.unroll, twin.getConfig()], name).toEqual([unrolled.constructor, true, unrolled.getConfig()]);
        twin.setWeights(unrolled.getWeights());
        expect(flat(twin(fixtureSequences(), { mask: fixtureMask() })).map(values), name).toEqual(flat(unrolled(fixtureSequences(), { mask: fixtureMask() })).map(values));
      }
    }
    expect(() => new L.LSTM(2, { unroll: 1 as never })).toThrow('keras.layers.LSTM: unroll');
  });

  it('unroll with zeroOutputForMask (Bidirectional sets it): masked steps are zeros, as Keras\' TensorFlow backend', () => {
    const bi = new L.Bidirectional(new L.LSTM(2, { returnSequences: true, unroll: true }));
    bi.build([2, 4, 3]);
    bi.setWeights(bi.weights.map((w, i) => pattern(w.shape, i + 1)));
    const y = bi(fixtureSequences(), { mask: fixtureMask() }).arraySync() as number[][][];
    const mask = fixtureMask().arraySync() as boolean[][];
    mask.forEach((row, b) => row.forEach((keep, t) => {
      if (keep) expect(y[b]![t]!.every((v) => v !== 0)).toBe(true);
      else expect(y[b]![t]).toEqual([0, 0, 0, 0]);
    }));
  });

  it('a model with RNN cells saves and loads: the same predictions', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([4, 3]), new L.RNN([new L.LSTMCell(3), new L.SimpleRNNCell(2)]), new L.Dense(1)]);
    const loaded = tf.keras.models.modelFromJson(model.toJson());
    loaded.setWeights(model.getWeights());
    expect(loaded.weights.map((w) => w.name)).toEqual(model.weights.map((w) => w.name));
    expect(values(loaded.predict(fixtureSequences()))).toEqual(values(model.predict(fixtureSequences())));
  });

  it("a bad cell is refused with a message naming what's missing", () => {
    class NoState extends L.Layer {
      override call(x: tf.Tensor, states: tf.Tensor[]): [tf.Tensor, tf.Tensor[]] {
        return [x, states];
      }
    }
    class NoCall extends L.Layer {
      readonly stateSize = 2;
    }
    class BadSize extends NoState {
      readonly stateSize = [2, 0];
    }
    expect(() => new L.RNN(new NoState({ name: 'nostate' }))).toThrow("keras.layers.RNN: cell 'nostate' (NoState) has no `stateSize`: a cell needs stateSize, the size of its state (a number) or of each state (an array of numbers).");
    expect(() => new L.RNN(new NoCall({ name: 'nocall' }))).toThrow("keras.layers.RNN: cell 'nocall' (NoCall) has no `call` method of its own: a cell needs call(inputs, states, training) returning [output, newStates].");
    expect(() => new L.RNN(new BadSize({ name: 'bad' }))).toThrow("keras.layers.RNN: cell 'bad' (BadSize): stateSize must be a positive integer or an array of them (one per state), got [2,0].");
    expect(() => new L.RNN({ call: () => null, stateSize: 2 } as never)).toThrow('keras.layers.RNN: cell must be a recurrent cell, a tf.keras.layers.Layer with call(inputs, states, training) and stateSize');
    expect(() => new L.RNN([new L.LSTMCell(2), new NoCall({ name: 'second' })])).toThrow("keras.layers.StackedRNNCells: cells[1] 'second' (NoCall) has no `call` method of its own");
    class WrongReturn extends NoState {
      readonly stateSize = 2;
      override call(x: tf.Tensor): [tf.Tensor, tf.Tensor[]] {
        return [x, []];
      }
    }
    expect(() => new L.RNN(new WrongReturn({ name: 'wrong' }))(tf.ones([1, 2, 2]))).toThrow("keras.layers.RNN: cell 'wrong' (WrongReturn).call returned 0 state tensor(s) as its new states; it was given 1 (stateSize 2).");
    expect(() => new L.RNN(new L.LSTMCell(2))(tf.ones([2, 3, 2]), { initialState: [tf.zeros([2, 2])] })).toThrow("keras.layers.RNN: initialState must hold 2 states ([h, c]) of shape (2, 2) ([batch, units]) for layer 'rnn_1', got 1 tensor(s).");
  });
});

describe('Softmax with a mask, as Keras 3.15.1', () => {
  const S = (): tf.Tensor => pattern([2, 3, 4], 0.2, 3, 0.7);

  it('-1e9 at the masked logits, the masked outputs 0 (an all-masked row is zeros); masks broadcast; numbers kept where > 0.5', () => {
    const want = fixture.softmax;
    const mask = tf.constant([[[true, false, true, true]], [[false, false, false, false]]], 'bool');
    expectClose(new L.Softmax()(S(), { mask }), want.mask_broadcast, 'broadcast mask');
    expectClose(new L.Softmax({ axis: 1 })(S(), { mask: tf.greater(pattern([2, 3, 4], 1), 0) }), want.mask_full_axis1, 'axis 1');
    expectClose(new L.Softmax()(S(), { mask: tf.constant([1, 0, 1, 1], 'int32') }), want.mask_int, 'int mask');
    expect(values(new L.Softmax().call(tf.constant([[1, 2, 3]]), { training: false, mask: tf.constant([[0.7, 0.2, 0.9]]) }))[1]).toBe(0);
  });

  it("a mask that does not broadcast is refused with Keras' messages (the mask a Masking layer carries too)", () => {
    expect(() => new L.Softmax()(S(), { mask: tf.ones([3, 3], 'bool') })).toThrow('keras.layers.Softmax: The `mask` must be broadcastable to `inputs`. Each mask dimension must be 1 or match the corresponding input dimension. Received: inputs.shape=(2, 3, 4), mask.shape=(3, 3)');
    expect(() => new L.Softmax()(tf.ones([2, 3]), { mask: tf.ones([1, 2, 3], 'bool') })).toThrow('keras.layers.Softmax: The `mask` must be broadcastable to `inputs` and must not have more dimensions. Received: inputs.shape=(2, 3), mask.shape=(1, 2, 3)');
    const masked = new L.Masking()(tf.constant([[[1], [0], [2]]]));
    expect(() => new L.Softmax({ axis: 1 })(masked)).toThrow('Received: inputs.shape=(1, 3, 1), mask.shape=(1, 3)');
  });
});

describe('integer inputs, as Keras 3.15.1', () => {
  it('Dense, Conv1D and LSTM called on int32 tensors compute in float32 (tf.matMul itself still refuses int32 × float32)', () => {
    const want = fixture.int_inputs;
    const dense = new L.Dense(2, { activation: 'tanh' });
    dense.build([null, 3]);
    setPatternWeights(dense);
    const y = dense(tf.constant([[1, -2, 3], [0, 4, -1]], 'int32'));
    expect(y.dtype).toBe(want.dense_dtype);
    expectClose(y, want.dense, 'Dense');
    const conv = new L.Conv1D(2, 2);
    conv.build([null, 3, 2]);
    setPatternWeights(conv);
    const c = conv(tf.sub(tf.reshape(tf.range(0, 12, 1, 'int32'), [2, 3, 2]), 5));
    expect(c.dtype).toBe(want.conv1d_dtype);
    expectClose(c, want.conv1d, 'Conv1D');
    const lstm = new L.LSTM(2);
    lstm.build([null, 3, 1]);
    setPatternWeights(lstm);
    const h = lstm(tf.constant([[[1], [0], [2]], [[3], [1], [0]]], 'int32'));
    expect(h.dtype).toBe(want.lstm_dtype);
    expectClose(h, want.lstm, 'LSTM');
    expect(() => tf.matmul(tf.constant([[1, 2]], 'int32'), tf.ones([2, 1]))).toThrow('matmul: both operands must have the same dtype');
  });

  it('a Sequential started by an int32 Input converts its input to int32, as its functional twin does (1.7 -> 1)', () => {
    const ids = tf.keras.Input({ shape: [3], dtype: 'int32' });
    const sequential = new tf.keras.Sequential([ids, new L.Embedding(10, 2)]);
    const functional = new tf.keras.Model({ inputs: ids, outputs: (sequential.layers[0] as tf.keras.layers.Layer)(ids) });
    const floats = tf.constant([[1.7, 2.2, 3.9]]);
    expect(values(sequential.predict(floats))).toEqual(values(functional.predict(floats)));
    expect(values(sequential.predict(floats))).toEqual(values(sequential.predict(tf.constant([[1, 2, 3]], 'int32'))));
  });
});

describe('models of cells and of int inputs: evaluate, predict and fit, as Keras 3.15.1', () => {
  const N = 6;
  const MF = [[1, 1, 1, 0], [1, 1, 0, 0], [1, 1, 1, 1], [0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 1, 0]];
  const XF = (): tf.Tensor => tf.mul(pattern([N, 4, 3], 0.1, 1, 0.7), tf.constant(MF, 'float32').expandDims(-1));
  const YF = (): tf.Tensor => pattern([N, 1], 0.4, 1, 1.1);
  const IDS = (): tf.Tensor => tf.constant([[3, 1, 0, 2], [2, 5, 4, 0], [1, 1, 1, 1], [5, 0, 0, 3], [4, 2, 0, 0], [3, 3, 2, 1]], 'int32');

  const MODELS: Record<string, FitSpec> = {
    fit_masking_stacked_cells: {
      make: () => new tf.keras.Sequential([tf.keras.Input([4, 3]), new L.Masking(), new L.RNN([new L.LSTMCell(3), new L.GRUCell(2)]), new L.Dense(1)]),
      x: XF, y: YF, optimizer: () => new tf.keras.optimizers.SGD({ learningRate: 0.1 }),
    },
    fit_bidirectional_gru_cell: {
      make: () => new tf.keras.Sequential([tf.keras.Input([4, 3]), new L.Masking(), new L.Bidirectional(new L.RNN(new L.GRUCell(2))), new L.Dense(1)]),
      x: XF, y: YF, optimizer: () => new tf.keras.optimizers.Adam({ learningRate: 0.01 }),
    },
    fit_int_input_dense: {
      make: () => new tf.keras.Sequential([tf.keras.Input({ shape: [4], dtype: 'int32' }), new L.Dense(3, { activation: 'tanh' }), new L.Dense(1)]),
      x: IDS, y: YF, optimizer: () => new tf.keras.optimizers.SGD({ learningRate: 0.05 }), extra: () => tf.constant([[1.7, 2.2, -0.6, 3.9]]),
    },
  };

  it.each(Object.keys(MODELS))('%s: evaluate, predict, then the History and weights of fit, compiled and eager alike', (name) => {
    expectKerasFit(name, MODELS[name]!, fixture[name as keyof Fixture] as KerasFitCase);
  });
});
