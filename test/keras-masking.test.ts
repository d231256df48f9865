// Keras 3 masking and the recurrent layers' initialState, against Keras 3.15.1. Every number of
// test/fixtures/keras-masking.json comes from Keras 3.15.1 (JAX backend, float32) via
// scripts/keras_masking_fixtures.py, which builds the same layers and models with the same weights
// and inputs (made by `pattern`, repeated here): the outputs and the masks they carry, the
// gradients of a fixed loss (jax.grad of the layer's stateless_call, with respect to the weights
// and the initial states), and evaluate, predict and 3 epochs of fit of models whose masks reach
// their recurrent layers and their loss. float32 results agree within 1e-5 relative (plus 1e-6
// absolute).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';
import {
  type FitSpec, type KerasFitCase, type KerasLayerCase, type SequenceCase, expectClose, expectKerasFit, expectKerasGradients, expectKerasOutputs, fixtureLoss, fixtureMask, fixtureSequences, fixtureState, maskOf, pattern, sequenceCase, setPatternWeights, values,
} from './helpers/keras';

const L = tf.keras.layers;

/** A model's numbers; `history` has the training metrics as Keras' TensorFlow backend gives them
 * (masked), `history_jax_mae` the JAX backend's fit, whose training metrics miss the mask. */
interface FitCase extends KerasFitCase { history_jax_mae?: number[] }
interface Fixture {
  layers: Record<string, KerasLayerCase>;
  carried_mask_with_initial_state: { with_state: number[]; unmasked: number[]; masked: number[] };
  merge_masks: Record<'add_masked' | 'add_one_unmasked' | 'concat_last' | 'concat_one_unmasked' | 'concat_time', number[] | null>;
  fit_masking_lstm: FitCase;
  fit_sequence_loss_mask: FitCase;
  fit_embedding_bigru: FitCase;
  fit_embedding_pool: FitCase;
  fit_seq2seq: FitCase;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-masking.json', import.meta.url), 'utf8')) as Fixture;

beforeEach(() => tf.keras.backend.clearSession());

/** Each case's layer, and the call's mask and initial states, as the script makes them. */
const CASES: Record<string, SequenceCase> = {
  simple_mask: [() => new L.SimpleRNN(3, { returnSequences: true, returnState: true }), { mask: true }],
  lstm_mask_backwards: [() => new L.LSTM(3, { returnSequences: true, returnState: true, goBackwards: true }), { mask: true }],
  gru_mask_zero_output: [() => new L.GRU(3, { returnSequences: true, zeroOutputForMask: true }), { mask: true }],
  gru_reset_before_mask_last: [() => new L.GRU(3, { resetAfter: false, returnState: true }), { mask: true }],
  lstm_initial_state: [() => new L.LSTM(3, { returnSequences: true, returnState: true }), { states: () => [fixtureState(3, 2.5), fixtureState(3, 0.9)] }],
  simple_initial_state_mask: [() => new L.SimpleRNN(3, { returnSequences: true }), { mask: true, states: () => [fixtureState(3, 2.5)] }],
  bi_lstm_mask_seq: [() => new L.Bidirectional(new L.LSTM(2, { returnSequences: true })), { mask: true }],
  bi_gru_sum_mask_state: [() => new L.Bidirectional(new L.GRU(2, { returnState: true }), { mergeMode: 'sum' }), { mask: true }],
  bi_simple_initial_state: [() => new L.Bidirectional(new L.SimpleRNN(2, { returnSequences: true })), { states: () => [fixtureState(2, 2.5), fixtureState(2, 1.7)] }],
  td_dense_mask: [() => new L.TimeDistributed(new L.Dense(2, { activation: 'tanh' })), { mask: true }],
};

describe('recurrent layers and their wrappers with a mask or initialState, as Keras 3.15.1', () => {
  it.each(Object.keys(CASES))('%s: the outputs and the masks they carry', (name) => {
    expectKerasOutputs(name, sequenceCase(CASES[name]!).call(fixtureSequences()), fixture.layers[name]!);
  });

  it.each(Object.keys(CASES))('%s: the gradients of the weights and initial states, eager and inside tf.function', (name) => {
    const { layer, call, states } = sequenceCase(CASES[name]!);
    expectKerasGradients(name, (...inputs) => fixtureLoss(call(inputs.at(-1)!, inputs.slice(0, -1))), [...states, fixtureSequences()], layer.trainableWeights, fixture.layers[name]!, states.length);
  });

  it('a masked timestep keeps the states and repeats the previous output (zeros with zeroOutputForMask), whatever the input there', () => {
    // Not a tautology of the fixture: changing the inputs at the masked timesteps changes nothing.
    const { call } = sequenceCase(CASES.lstm_mask_backwards!);
    const noise = tf.mul(tf.cast(tf.logicalNot(fixtureMask()), 'float32').expandDims(-1), 5);
    const a = call(fixtureSequences()).map(values);
    const b = call(tf.add(fixtureSequences(), noise)).map(values);
    expect(b).toEqual(a);
    const zeroed = sequenceCase(CASES.gru_mask_zero_output!).call(fixtureSequences())[0]!.arraySync() as number[][][];
    expect(zeroed[0]![2]).toEqual([0, 0, 0]);
    expect(zeroed[1]![0]).toEqual([0, 0, 0]);
  });

  it("like Keras 3, an input's mask is not used when initialState is passed too (pass mask explicitly)", () => {
    const want = fixture.carried_mask_with_initial_state;
    const lstm = new L.LSTM(3, { returnSequences: true });
    lstm.build([2, 4, 3]);
    setPatternWeights(lstm);
    const padded = tf.mul(fixtureSequences(), tf.cast(fixtureMask(), 'float32').expandDims(-1));
    const masked = new L.Masking()(padded);
    expectClose(lstm(masked, { initialState: [tf.zeros([2, 3]), tf.zeros([2, 3])] }), want.with_state, 'with initialState');
    expectClose(lstm(padded), want.unmasked, 'unmasked');
    expectClose(lstm(masked), want.masked, 'masked');
    expectClose(lstm(padded, { mask: fixtureMask(), initialState: [tf.zeros([2, 3]), tf.zeros([2, 3])] }), want.masked, 'explicit mask with initialState');
    expect(want.with_state).toEqual(want.unmasked);
    expect(want.masked).not.toEqual(want.unmasked);
  });
});

describe('Masking, computeMask and supportsMasking', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it("Masking: any(x != maskValue) over the last axis; masked timesteps zeroed; Keras' config", () => {
    const x = tf.constant([[[1, 2], [-1, -1], [0, -1]], [[-1, -1], [3, 3], [-1, -1]]]);
    const layer = new L.Masking({ maskValue: -1 });
    const y = layer(x);
    expect(y.arraySync()).toEqual([[[1, 2], [0, 0], [0, -1]], [[0, 0], [3, 3], [0, 0]]]);
    expect(y.kerasMask!.arraySync()).toEqual([[true, false, true], [false, true, false]]);
    expect(layer.computeMask(x, null).arraySync()).toEqual(y.kerasMask!.arraySync());
    expect(layer.getConfig()).toMatchObject({ maskValue: -1 });
    const twin = L.Masking.fromConfig(layer.getConfig()) as tf.keras.layers.Masking;
    expect(twin.maskValue).toBe(-1);
    expect(new L.Masking().maskValue).toBe(0);
    expect(L.deserialize(L.serialize(layer))).toBeInstanceOf(L.Masking);
    expect(() => new L.Masking({ maskValue: 'x' as never })).toThrow('keras.layers.Masking: maskValue must be a number, got');
  });

  it('layers that support masking pass the mask on (Dense, Dropout, Activation, normalizations); a recurrent layer without returnSequences ends it', () => {
    const masked = new L.Masking()(tf.constant([[[1, 2], [0, 0], [3, 4]]]));
    const want = [[true, false, true]];
    for (const layer of [new L.Dense(2), new L.Dropout(0.5), new L.Activation('relu'), new L.ReLU(), new L.LayerNormalization(), new L.BatchNormalization()]) {
      expect(layer.supportsMasking, layer.name).toBe(true);
      expect(layer(masked).kerasMask?.arraySync(), layer.name).toEqual(want);
    }
    expect(new L.LSTM(2)(masked).kerasMask).toBeNull();
    expect(new L.LSTM(2, { returnSequences: true })(masked).kerasMask!.arraySync()).toEqual(want);
    const [, h] = new L.GRU(2, { returnSequences: true, returnState: true })(masked) as unknown as tf.Tensor[];
    expect(h!.kerasMask).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it("a layer that does not support masking drops the mask, warning once with Keras' words", () => {
    const masked = new L.Masking()(tf.ones([1, 3, 2]));
    const flatten = new L.Flatten();
    expect(flatten.supportsMasking).toBe(false);
    expect(flatten(masked).kerasMask).toBeNull();
    flatten(masked);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe("Layer 'flatten' (of type Flatten) was passed an input with a mask attached to it. However, this layer does not support masking and will therefore destroy the mask information. Downstream layers will not see the mask.");
  });

  it('a layer of your own: computeMask makes it support masking (as Keras), and call receives the mask', () => {
    class Shift extends L.Layer {
      seen: tf.Tensor | null = null;
      override call(x: tf.Tensor, options: tf.LayerCallArguments) {
        this.seen = (options.mask ?? null) as tf.Tensor | null;
        return x.add(1);
      }
      override computeMask(_x: tf.Tensor, mask: tf.LayerMask | null) {
        return mask === null ? null : tf.logicalNot(mask as tf.Tensor);
      }
    }
    const shift = new Shift();
    expect(shift.supportsMasking).toBe(true);
    const y = shift(tf.ones([1, 2, 1]), { mask: [[true, false]] });
    expect(shift.seen!.arraySync()).toEqual([[true, false]]);
    expect(y.kerasMask!.arraySync()).toEqual([[false, true]]);
    shift.supportsMasking = false;
    expect(shift.supportsMasking).toBe(false);
  });

  it("merge layers combine their inputs' masks as Keras': Add ORs them, Concatenate joins them; Dot gives none", () => {
    const want = fixture.merge_masks;
    const M2 = tf.constant([[true, false, false, true], [true, false, true, false]], 'bool');
    const padded = (x: tf.Tensor, m: tf.Tensor) => new L.Masking()(tf.mul(x, tf.cast(m, 'float32').expandDims(-1)));
    const a = padded(fixtureSequences(), fixtureMask());
    const b = padded(fixtureSequences(), M2);
    const narrow = padded(tf.slice(fixtureSequences(), [0, 0, 0], [-1, -1, 2]), M2);
    expect(maskOf(new L.Add()([a, b]))).toEqual(want.add_masked);
    expect(maskOf(new L.Add()([a, fixtureSequences()]))).toEqual(want.add_one_unmasked);
    expect(maskOf(new L.Concatenate()([a, narrow]))).toEqual(want.concat_last);
    expect(maskOf(new L.Concatenate()([a, fixtureSequences()]))).toEqual(want.concat_one_unmasked);
    expect(maskOf(new L.Concatenate({ axis: 1 })([a, b]))).toEqual(want.concat_time);
    expect(new L.Dot(-1)([a, b]).kerasMask).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it('GlobalAveragePooling1D averages the unmasked steps only, and its output has no mask', () => {
    const x = tf.constant([[[1, 10], [2, 20], [6, 60]], [[4, 0], [0, 8], [2, 2]]]);
    const y = new L.GlobalAveragePooling1D()(x, { mask: [[true, true, false], [false, true, true]] });
    expect(y.arraySync()).toEqual([[1.5, 15], [1, 5]]);
    expect(y.kerasMask).toBeNull();
  });

  it('Sequential and functional models pass masks from layer to layer; a model call takes a mask for its inputs', () => {
    const x = tf.constant([[[1, 2], [0, 0], [3, 4]]]);
    const sequential = new tf.keras.Sequential([tf.keras.Input([3, 2]), new L.Masking(), new L.LSTM(2, { returnSequences: true }), new L.Dense(1)]);
    expect(sequential.apply(x).kerasMask!.arraySync()).toEqual([[true, false, true]]);
    const input = tf.keras.Input([3, 2]);
    const functional = new tf.keras.Model({ inputs: input, outputs: new L.Dense(1)(new L.GRU(2, { returnSequences: true })(input)) });
    expect(functional.apply(x).kerasMask).toBeNull();
    expect(functional.apply(x, { mask: [[false, true, true]] }).kerasMask!.arraySync()).toEqual([[false, true, true]]);
  });
});

describe('models with masks: evaluate, predict and fit as Keras 3.15.1 (the loss and metrics skip masked timesteps)', () => {
  const N = 6;
  const MF = [[1, 1, 1, 0], [1, 1, 0, 0], [1, 1, 1, 1], [0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 1, 0]];
  /** The fit inputs, zero at the padding timesteps (which Masking marks). */
  const XF = (): tf.Tensor => tf.mul(pattern([N, 4, 3], 0.1, 1, 0.7), tf.constant(MF, 'float32').expandDims(-1));
  const YF = (): tf.Tensor => pattern([N, 1], 0.4, 1, 1.1);
  const YS = (): tf.Tensor => pattern([N, 4, 1], 0.9, 1, 0.5);
  const IDS = (): tf.Tensor => tf.constant([[3, 1, 0, 0], [2, 5, 4, 0], [1, 1, 1, 1], [5, 0, 0, 0], [4, 2, 0, 0], [3, 3, 2, 0]], 'int32');

  const MODELS: Record<string, FitSpec> = {
    fit_masking_lstm: {
      make: () => new tf.keras.Sequential([tf.keras.Input([4, 3]), new L.Masking(), new L.LSTM(3), new L.Dense(1)]),
      x: XF, y: YF, optimizer: () => new tf.keras.optimizers.SGD({ learningRate: 0.1 }),
    },
    fit_sequence_loss_mask: {
      make: () => new tf.keras.Sequential([tf.keras.Input([4, 3]), new L.Masking(), new L.LSTM(3, { returnSequences: true }), new L.TimeDistributed(new L.Dense(1))]),
      x: XF, y: YS, optimizer: () => new tf.keras.optimizers.SGD({ learningRate: 0.1 }), metrics: ['mae'],
    },
    fit_embedding_bigru: {
      make: () => {
        const ids = tf.keras.Input([4], { dtype: 'int32' }); // token ids, as Keras' fixture model takes them
        const h = new L.Bidirectional(new L.GRU(2))(new L.Embedding(6, 3, { maskZero: true })(ids));
        return new tf.keras.Model({ inputs: ids, outputs: new L.Dense(1)(h) });
      },
      x: IDS, y: YF, optimizer: () => new tf.keras.optimizers.Adam({ learningRate: 0.01 }),
    },
    fit_embedding_pool: {
      make: () => new tf.keras.Sequential([tf.keras.Input({ shape: [4], dtype: 'int32' }), new L.Embedding(6, 3, { maskZero: true }), new L.GlobalAveragePooling1D(), new L.Dense(1)]),
      x: IDS, y: YF, optimizer: () => new tf.keras.optimizers.SGD({ learningRate: 0.1 }),
    },
    fit_seq2seq: {
      // The encoder's final states start the decoder: initialState as KerasTensors.
      make: () => {
        const encoderInputs = tf.keras.Input([4, 3]);
        const [, h, c] = new L.LSTM(3, { returnState: true })(encoderInputs) as unknown as tf.keras.KerasTensor[];
        const decoderInputs = tf.keras.Input([3, 2]);
        const decoded = new L.LSTM(3, { returnSequences: true })(decoderInputs, { initialState: [h!, c!] });
        return new tf.keras.Model({ inputs: [encoderInputs, decoderInputs], outputs: new L.Dense(2)(decoded) });
      },
      x: () => [XF(), pattern([N, 3, 2], 1.1, 1, 0.4)], y: () => pattern([N, 3, 2], 0.2, 1, 0.9), optimizer: () => new tf.keras.optimizers.Adam({ learningRate: 0.01 }),
    },
  };

  it.each(Object.keys(MODELS))('%s: evaluate, predict, then the History and weights of fit, compiled and eager alike', (name) => {
    expectKerasFit(name, MODELS[name]!, fixture[name as keyof Fixture] as FitCase);
  });
});

describe('initialState in a functional model', () => {
  it("records the states as the call's inputs (summary, config as Keras' kwargs) and makes the same model from its config", () => {
    const encoderInputs = tf.keras.Input([4, 3]);
    const [, h, c] = new L.LSTM(3, { returnState: true })(encoderInputs) as unknown as tf.keras.KerasTensor[];
    const decoderInputs = tf.keras.Input([3, 2]);
    const decoded = new L.LSTM(3, { returnSequences: true, name: 'decoder' })(decoderInputs, { initialState: [h!, c!] });
    const model = new tf.keras.Model({ inputs: [encoderInputs, decoderInputs], outputs: decoded });
    const config = model.getConfig() as { layers: { name: string; inboundNodes: { kwargs: { initialState?: { className: string; config: { kerasHistory: unknown } }[] } }[] }[] };
    const decoder = config.layers.find((l) => l.name === 'decoder')!;
    expect(decoder.inboundNodes[0]!.kwargs.initialState!.map((t) => [t.className, t.config.kerasHistory])).toEqual([['__keras_tensor__', ['lstm', 0, 1]], ['__keras_tensor__', ['lstm', 0, 2]]]);
    const twin = tf.keras.Model.fromConfig(JSON.parse(JSON.stringify(config)));
    twin.setWeights(model.getWeights());
    const x = [pattern([2, 4, 3], 0.1), pattern([2, 3, 2], 0.5)];
    expect(values(twin.predict(x))).toEqual(values(model.predict(x)));
    // The summary lists the states among the decoder's inputs (Keras' "Connected to").
    const lines: string[] = [];
    model.summary({ printFn: (line: string) => lines.push(line) });
    expect(lines.join('\n')).toMatch(/lstm\[0\]\[1\],/);
  });
});

describe('bad masks and initial states say what is wrong', () => {
  it('a mask of the wrong shape', () => {
    const lstm = new L.LSTM(2);
    expect(() => lstm(fixtureSequences(), { mask: tf.ones([2, 5], 'bool') })).toThrow('keras.layers.LSTM: the mask must be [batch, timesteps] = (2, 4) for inputs of shape (2, 4, ...), got a mask of shape (2, 5).');
    expect(() => lstm(fixtureSequences(), { mask: tf.ones([4], 'bool') })).toThrow('got a mask of shape (4,).');
    const td = new L.TimeDistributed(new L.Dense(2));
    expect(() => td(fixtureSequences(), { mask: tf.ones([2, 3], 'bool') })).toThrow(
      "keras.layers.TimeDistributed: The `mask` passed to the `TimeDistributed` layer has a shape (2, 3) that is incompatible with the input shape (2, 4, 3). The first two dimensions of the mask (batch size and timesteps) must match the input's first two dimensions. Expected mask shape prefix: (2, 4).",
    );
    expect(() => td(fixtureSequences(), { mask: tf.ones([2], 'bool') })).toThrow('keras.layers.TimeDistributed: The `mask` passed to the `TimeDistributed` layer must be at least 2D (e.g., `(batch_size, timesteps)`), but it has 1 dimension(s) with shape (2,).');
    expect(() => new L.Dense(2)(fixtureSequences(), { mask: 'yes' as never })).toThrow('keras.layers.Dense: mask must be a bool tensor or array (false at the timesteps to skip) or null, got');
  });

  it('initialState of the wrong count or shape, or on a layer that takes none', () => {
    const lstm = new L.LSTM(3);
    expect(() => lstm(fixtureSequences(), { initialState: [tf.zeros([2, 3])] })).toThrow("keras.layers.LSTM: initialState must hold 2 states ([h, c]) of shape (2, 3) ([batch, units]) for layer 'lstm', got 1 tensor(s).");
    expect(() => lstm(fixtureSequences(), { initialState: [tf.zeros([2, 3]), tf.zeros([2, 4])] })).toThrow("keras.layers.LSTM: initialState[1] has shape (2, 4); layer 'lstm' takes 2 states ([h, c]) of shape (2, 3) ([batch, units]).");
    expect(() => new L.GRU(2)(fixtureSequences(), { initialState: [tf.zeros([3, 2])] })).toThrow("keras.layers.GRU: initialState[0] has shape (3, 2); layer 'gru' takes one state of shape (2, 2) ([batch, units]).");
    expect(() => new L.Dense(2)(fixtureSequences(), { initialState: [tf.zeros([2, 2])] })).toThrow("keras.layers.Dense: initialState is a call option of the recurrent layers (SimpleRNN, LSTM, GRU) and Bidirectional; layer 'dense' takes none.");
    // In a functional model, when the call is made (as Keras' symbolic run of call).
    const sequence = tf.keras.Input([4, 3]);
    expect(() => new L.LSTM(3)(sequence, { initialState: [tf.keras.Input([3])] })).toThrow("keras.layers.LSTM: initialState must hold 2 states ([h, c]) of shape (None, 3) ([batch, units]) for layer 'lstm_1', got 1 tensor(s).");
    expect(() => new L.GRU(3)(sequence, { initialState: [tf.keras.Input([4])] })).toThrow("keras.layers.GRU: initialState[0] has shape (None, 4); layer 'gru_1' takes one state of shape (None, 3) ([batch, units]).");
    // Arrays are states too, converted to the layer's dtype.
    const simple = new L.SimpleRNN(1, { kernelInitializer: 'zeros', recurrentInitializer: 'ones' });
    expect(simple(tf.zeros([1, 1, 1]), { initialState: [[[0.5]]] }).item()).toBeCloseTo(Math.tanh(0.5), 6);
  });
});
