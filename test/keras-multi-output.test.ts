// compile, fit, evaluate and the on-batch methods for functional models of several outputs, as
// Keras 3 (keras/src/trainers/compile_utils.py: CompileLoss, CompileMetrics; trainers/trainer.py):
// a loss per output (an array, an object by output name, or one for all), lossWeights, metrics per
// output, the logs ('loss', '<output>_<metric>', then '<output>_loss' when there are several
// losses; 'val_' ones), evaluate's list in Keras' order (_flatten_metrics_in_order), labels as an
// array or an object by output name (arrays and tf.data), and the errors. The numbers are checked
// against hand computations on a model of known weights; Keras 3.15.1 (JAX backend) run on the
// same model, data and compile arguments gives the same key names, evaluate lists, per-output
// losses and metrics (to float32 rounding), and weights after the fit step. Keras' backends return
// the logs dicts with their keys sorted (pythonify_logs); gradtape keeps the order of the model's
// metrics (Keras' get_metrics_result), as it does for models of one output.
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { denseWith } from './helpers/keras';

const L = tf.keras.layers;

beforeEach(() => tf.keras.backend.clearSession());


// Two heads on one input of two features: 'reg' = x0 + 2·x1 + 0.5 (linear), 'cls' = sigmoid(0.5·x0 - x1).
const X = [[1, 0], [0, 1], [1, 1], [2, -1]];
const Y_REG = [[1], [3], [3], [1]];
const Y_CLS = [[1], [0], [1], [1]];

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const REG = X.map(([a, b]) => a! + 2 * b! + 0.5); // 1.5 2.5 3.5 0.5
const P = X.map(([a, b]) => sigmoid(0.5 * a! - b!));
const REG_ERR = REG.map((r, i) => r - Y_REG[i]![0]!); // 0.5 -0.5 0.5 -0.5
const REG_MSE = mean(REG_ERR.map((e) => e * e)); // 0.25
const REG_MAE = mean(REG_ERR.map(Math.abs)); // 0.5
const BCE_EACH = P.map((p, i) => (Y_CLS[i]![0] === 1 ? -Math.log(p) : -Math.log(1 - p)));
const CLS_BCE = mean(BCE_EACH);
const CLS_MSE = mean(P.map((p, i) => (p - Y_CLS[i]![0]!) ** 2));
const CLS_ACC = mean(P.map((p, i) => (Number(p > 0.5) === Y_CLS[i]![0] ? 1 : 0))); // 0.75

interface Heads {
  model: tf.keras.Model;
  reg: tf.keras.layers.Dense;
  cls: tf.keras.layers.Dense;
}

/** The two-head model of known weights, its outputs an array [reg, cls] (or an object of them by the keys given). */
function twoHeads(options: { keys?: [string, string]; regularize?: boolean } = {}): Heads {
  tf.keras.backend.clearSession();
  const x = tf.keras.Input([2], { name: 'x' });
  const reg = denseWith([[1], [2]], [0.5], { name: 'reg', ...(options.regularize ? { kernelRegularizer: tf.keras.regularizers.l2(0.01) } : {}) });
  const cls = denseWith([[0.5], [-1]], [0], { name: 'cls', activation: 'sigmoid' });
  const r = reg(x);
  const c = cls(x);
  const outputs = options.keys === undefined ? [r, c] : { [options.keys[0]]: r, [options.keys[1]]: c };
  return { model: new tf.keras.Model({ inputs: x, outputs }), reg, cls };
}

const sgd = (learningRate = 0.1) => new tf.keras.optimizers.SGD({ learningRate });

/** Each value close to the expected one (float32 against double). */
function expectLogs(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [name, value] of Object.entries(expected)) expect(actual[name], name).toBeCloseTo(value, 5);
}

function expectValues(actual: number | number[] | Record<string, number>, expected: readonly number[]): void {
  expect(Array.isArray(actual)).toBe(true);
  const list = actual as number[];
  expect(list).toHaveLength(expected.length);
  list.forEach((v, i) => expect(v, `entry ${i}`).toBeCloseTo(expected[i]!, 5));
}

// The logs of the model compiled with mse and binary_crossentropy weighted 1 and 0.5, the metrics
// mae for 'reg' and accuracy and mse for 'cls', in Keras' order: the loss, the compiled metrics
// (output by output), then each output's (unweighted) loss.
const EXPECTED: Record<string, number> = {
  loss: REG_MSE + 0.5 * CLS_BCE,
  reg_mae: REG_MAE,
  cls_accuracy: CLS_ACC,
  cls_mse: CLS_MSE,
  reg_loss: REG_MSE,
  cls_loss: CLS_BCE,
};

const ARRAY_FORMS: tf.CompileOptions = {
  loss: ['mse', 'binary_crossentropy'],
  lossWeights: [1, 0.5],
  metrics: [['mae'], ['accuracy', 'mse']],
};
const OBJECT_FORMS: tf.CompileOptions = {
  loss: { cls: 'binary_crossentropy', reg: 'mse' },
  lossWeights: { cls: 0.5 },
  metrics: { reg: 'mae', cls: ['accuracy', 'mse'] },
};

describe('functional models of several outputs: compile, evaluate, fit', () => {
  it('the hand computations hold (the fixture)', () => {
    expect(REG).toEqual([1.5, 2.5, 3.5, 0.5]);
    expect(REG_MSE).toBe(0.25);
    expect(REG_MAE).toBe(0.5);
    expect(CLS_ACC).toBe(0.75);
    // What Keras 3.15.1 logs for them: cls_loss and cls_mse.
    expect(CLS_BCE).toBeCloseTo(0.4720859229564667, 6);
    expect(CLS_MSE).toBeCloseTo(0.15413282811641693, 6);
    const { model } = twoHeads();
    const [r, c] = model.predict<tf.Tensor[]>(X);
    expect(r!.arraySync()).toEqual(REG.map((v) => [v]));
    (c!.arraySync() as number[][]).forEach((row, i) => expect(row[0]).toBeCloseTo(P[i]!, 6));
  });

  it('outputNames are the names of the layers giving the outputs, in output order', () => {
    expect(twoHeads().model.outputNames).toEqual(['reg', 'cls']);
    // An object of outputs flattens by key sorted: prob (cls), then score (reg).
    expect(twoHeads({ keys: ['score', 'prob'] }).model.outputNames).toEqual(['cls', 'reg']);
    expect(new tf.keras.Sequential([new L.Dense(1, { inputShape: [2] })]).outputNames).toBe(null);
  });

  it('evaluate: per-output losses, the weighted total and each output\'s metrics, as computed by hand', () => {
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(), ...ARRAY_FORMS });
    expectLogs(model.evaluate(X, [Y_REG, Y_CLS], { returnDict: true }) as Record<string, number>, EXPECTED);
    // The list: Keras' _flatten_metrics_in_order puts the names it knows first (loss, the output
    // losses; the compiled metrics' own names, 'mae', ..., are not log keys here), then the other
    // keys sorted.
    expectValues(model.evaluate(X, [Y_REG, Y_CLS]), [EXPECTED.loss!, REG_MSE, CLS_BCE, CLS_ACC, CLS_MSE, REG_MAE]);
    expect(model.metrics.map((m) => m.name)).toEqual(['loss', 'mae', 'accuracy', 'mse', 'reg_loss', 'cls_loss']);
  });

  it('the array and object forms of loss, lossWeights, metrics and labels give the same numbers', () => {
    const results: Record<string, number>[] = [];
    for (const forms of [ARRAY_FORMS, OBJECT_FORMS]) {
      for (const y of [[Y_REG, Y_CLS], { cls: Y_CLS, reg: Y_REG }]) {
        const { model } = twoHeads();
        model.compile({ optimizer: sgd(), ...forms });
        results.push(model.evaluate(X, y, { returnDict: true }) as Record<string, number>);
      }
    }
    for (const r of results) expectLogs(r, EXPECTED);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[3]).toEqual(results[0]);
  });

  it('fit: the History keys (the model\'s metrics\' order, val_ ones after); a step descends the weighted total', () => {
    const { model, reg, cls } = twoHeads();
    model.compile({ optimizer: sgd(0.1), ...OBJECT_FORMS });
    const history = model.fit(X, { reg: Y_REG, cls: Y_CLS }, { epochs: 1, batchSize: 4, shuffle: false, validationData: [X, [Y_REG, Y_CLS]] });
    expect(Object.keys(history.history)).toEqual([
      'loss', 'reg_mae', 'cls_accuracy', 'cls_mse', 'reg_loss', 'cls_loss',
      'val_loss', 'val_reg_mae', 'val_cls_accuracy', 'val_cls_mse', 'val_reg_loss', 'val_cls_loss',
    ]);
    // One batch: the training logs are the values before the step.
    for (const [name, value] of Object.entries(EXPECTED)) expect(history.history[name]![0], name).toBeCloseTo(value, 5);
    // The step: w -= 0.1 · ∂(mse_reg + 0.5 · bce_cls)/∂w. mse: (2/n) Σ e·x; bce through the sigmoid: (1/n) Σ (p - y)·x.
    const gradReg = [0, 1].map((j) => (2 / 4) * REG_ERR.reduce((s, e, i) => s + e * X[i]![j]!, 0));
    const gradRegBias = (2 / 4) * REG_ERR.reduce((s, e) => s + e, 0);
    const clsErr = P.map((p, i) => p - Y_CLS[i]![0]!);
    const gradCls = [0, 1].map((j) => 0.5 * (1 / 4) * clsErr.reduce((s, e, i) => s + e * X[i]![j]!, 0));
    const gradClsBias = 0.5 * mean(clsErr);
    const [rk, rb] = reg.getWeights().map((w) => Array.from(w.dataSync()));
    const [ck, cb] = cls.getWeights().map((w) => Array.from(w.dataSync()));
    [1, 2].forEach((w, j) => expect(rk![j]).toBeCloseTo(w - 0.1 * gradReg[j]!, 6));
    expect(rb![0]).toBeCloseTo(0.5 - 0.1 * gradRegBias, 6);
    [0.5, -1].forEach((w, j) => expect(ck![j]).toBeCloseTo(w - 0.1 * gradCls[j]!, 6));
    expect(cb![0]).toBeCloseTo(0 - 0.1 * gradClsBias, 6);
    // Keras 3.15.1's weights after the same fit.
    expect(rk![1]).toBeCloseTo(1.975, 6);
    expect(ck).toEqual([expect.closeTo(0.515480101108551, 6), expect.closeTo(-0.9970710873603821, 6)]);
    expect(cb![0]).toBeCloseTo(0.01062826905399561, 6);
    // Validation ran after the step: the model's evaluate now gives the val_ logs.
    const after = model.evaluate(X, [Y_REG, Y_CLS], { returnDict: true }) as Record<string, number>;
    for (const [name, value] of Object.entries(after)) expect(history.history[`val_${name}`]![0]).toBeCloseTo(value, 6);
  });

  it('compiled steps and runEagerly give the same history', () => {
    const run = (runEagerly: boolean) => {
      const { model } = twoHeads();
      model.compile({ optimizer: sgd(0.05), ...ARRAY_FORMS, runEagerly });
      return model.fit(X, [Y_REG, Y_CLS], { epochs: 3, batchSize: 2, shuffle: false, validationSplit: 0.25 }).history;
    };
    const eager = run(true);
    expect(run(false)).toEqual(eager);
    expect(eager.loss![2]).toBeLessThan(eager.loss![0]!);
    expect(Object.keys(eager)).toContain('val_cls_loss');
  });

  it('trainOnBatch and testOnBatch give the same logs, as a dict or in evaluate\'s order', () => {
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(0), ...ARRAY_FORMS });
    expectLogs(model.testOnBatch(X, [Y_REG, Y_CLS], { returnDict: true }) as Record<string, number>, EXPECTED);
    model.resetMetrics();
    expectLogs(model.trainOnBatch(X, { reg: Y_REG, cls: Y_CLS }, { returnDict: true }) as Record<string, number>, EXPECTED);
    model.resetMetrics();
    expectValues(model.testOnBatch(X, [Y_REG, Y_CLS]), [EXPECTED.loss!, REG_MSE, CLS_BCE, CLS_ACC, CLS_MSE, REG_MAE]);
  });

  it('tf.data: labels as an array or an object by output name', () => {
    const x = tf.constant(X);
    const asArray = tf.data.Dataset.fromTensorSlices([x, [tf.constant(Y_REG), tf.constant(Y_CLS)]]).batch(3);
    const asObject = tf.data.Dataset.fromTensorSlices([x, { cls: tf.constant(Y_CLS), reg: tf.constant(Y_REG) }]).batch(3);
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(), ...OBJECT_FORMS });
    // In batches of 3 and 1: the means weighted by batch size are the whole set's.
    const r1 = model.evaluate(asArray, { returnDict: true }) as Record<string, number>;
    const r2 = model.evaluate(asObject, { returnDict: true }) as Record<string, number>;
    expectLogs(r1, EXPECTED);
    expect(r2).toEqual(r1);
    const history = model.fit(asObject, { epochs: 2, validationData: asArray });
    expect(Object.keys(history.history)).toEqual(Object.keys(EXPECTED).flatMap((k) => [k]).concat(Object.keys(EXPECTED).map((k) => `val_${k}`)));
  });

  it('one loss for every output: each output\'s loss logged, a number lossWeights weighs them all', () => {
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(), loss: 'mse' });
    expectLogs(model.evaluate(X, [Y_REG, Y_CLS], { returnDict: true }) as Record<string, number>, { loss: REG_MSE + CLS_MSE, reg_loss: REG_MSE, cls_loss: CLS_MSE });
    model.compile({ optimizer: sgd(), loss: 'mse', lossWeights: 3 });
    expectValues(model.evaluate(X, [Y_REG, Y_CLS]), [3 * (REG_MSE + CLS_MSE), REG_MSE, CLS_MSE]);
  });

  it('an output without a loss adds nothing, and with one loss left there are no per-output loss logs', () => {
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(), loss: [null, 'binary_crossentropy'], metrics: [null, 'accuracy'] });
    expectLogs(model.evaluate(X, [Y_REG, Y_CLS], { returnDict: true }) as Record<string, number>, { loss: CLS_BCE, cls_accuracy: CLS_ACC });
    model.compile({ optimizer: sgd(), loss: { reg: 'mse', cls: null }, lossWeights: [2, 5] });
    expect(model.evaluate(X, [Y_REG, Y_CLS])).toBeCloseTo(2 * REG_MSE, 6);
  });

  it('a flat metrics array pairs its entries with the outputs (Keras 3 does not apply it to every output)', () => {
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(), loss: ['mse', 'binary_crossentropy'], metrics: ['mae', 'mse'] });
    const logs = model.evaluate(X, [Y_REG, Y_CLS], { returnDict: true }) as Record<string, number>;
    expect(Object.keys(logs)).toEqual(['loss', 'reg_mae', 'cls_mse', 'reg_loss', 'cls_loss']);
    expect(() => model.compile({ loss: 'mse', metrics: ['mae'] })).toThrow(
      'For a model with multiple outputs, when providing the `metrics` argument as a list, it should have as many entries as the model has outputs (each a metric, an array of metrics, or null). Received: metrics of length 1 whereas the model has 2 outputs.',
    );
  });

  it('a repeated metric name is numbered, as Keras\' CompileMetrics does', () => {
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(), loss: 'mse', metrics: { reg: ['mae', new tf.keras.metrics.MeanAbsoluteError({ name: 'mae' })] } });
    const logs = model.evaluate(X, [Y_REG, Y_CLS], { returnDict: true }) as Record<string, number>;
    expect(Object.keys(logs)).toEqual(['loss', 'reg_mae', 'reg_mae_1', 'reg_loss', 'cls_loss']);
    expect(logs.reg_mae_1).toBeCloseTo(REG_MAE, 6);
  });

  it('regularization losses add to the total, not to the outputs\' losses; sample weights weigh each output\'s loss', () => {
    const { model } = twoHeads({ regularize: true });
    model.compile({ optimizer: sgd(), ...ARRAY_FORMS });
    const penalty = 0.01 * (1 + 4);
    const logs = model.evaluate(X, [Y_REG, Y_CLS], { returnDict: true }) as Record<string, number>;
    expectLogs(logs, { ...EXPECTED, loss: EXPECTED.loss! + penalty });

    const weights = [1, 0, 1, 0];
    const { model: plain } = twoHeads();
    plain.compile({ optimizer: sgd(), ...ARRAY_FORMS });
    // 'sum_over_batch_size': the weighted values' sum over their count.
    const regLoss = REG_ERR.reduce((s, e, i) => s + weights[i]! * e * e, 0) / 4;
    const clsLoss = BCE_EACH.reduce((s, b, i) => s + weights[i]! * b, 0) / 4;
    const weighted = plain.evaluate(X, [Y_REG, Y_CLS], { returnDict: true, sampleWeight: weights }) as Record<string, number>;
    // The metrics are not weighted (Keras' `metrics`, not `weighted_metrics`).
    expectLogs(weighted, { ...EXPECTED, loss: regLoss + 0.5 * clsLoss, reg_loss: regLoss, cls_loss: clsLoss });
  });

  it('outputs as an object: named by key; a loss object may leave outputs out; labels as an array go in key order', () => {
    const { model } = twoHeads({ keys: ['score', 'prob'] });
    model.compile({ optimizer: sgd(), loss: { score: 'mse' }, metrics: { prob: 'accuracy' } });
    expectLogs(model.evaluate(X, { score: Y_REG, prob: Y_CLS }, { returnDict: true }) as Record<string, number>, { loss: REG_MSE, prob_accuracy: CLS_ACC });
    model.compile({ optimizer: sgd(), loss: { score: 'mse', prob: 'binary_crossentropy' }, lossWeights: { prob: 0.5 } });
    // The losses in the loss object's order; labels as an array in the keys' sorted order: prob, then score.
    const expected = { loss: REG_MSE + 0.5 * CLS_BCE, score_loss: REG_MSE, prob_loss: CLS_BCE };
    expectLogs(model.evaluate(X, { score: Y_REG, prob: Y_CLS }, { returnDict: true }) as Record<string, number>, expected);
    expectLogs(model.evaluate(X, [Y_CLS, Y_REG], { returnDict: true }) as Record<string, number>, expected);
    model.compile({ optimizer: sgd(), loss: ['binary_crossentropy', 'mse'] });
    expectValues(model.evaluate(X, [Y_CLS, Y_REG]), [REG_MSE + CLS_BCE, CLS_BCE, REG_MSE]);
    // A loss object orders the losses as it lists them (Keras walks its items); one loss for all, the keys sorted.
    model.compile({ optimizer: sgd(), loss: { score: 'mse', prob: 'binary_crossentropy' } });
    expect(model.metrics.map((m) => m.name)).toEqual(['loss', 'score_loss', 'prob_loss']);
    expectValues(model.evaluate(X, [Y_CLS, Y_REG]), [REG_MSE + CLS_BCE, REG_MSE, CLS_BCE]);
    model.compile({ optimizer: sgd(), loss: 'mse', metrics: { score: 'mae', prob: 'mse' } });
    expect(model.metrics.map((m) => m.name)).toEqual(['loss', 'prob_loss', 'score_loss']);
    expect(Object.keys(model.evaluate(X, [Y_CLS, Y_REG], { returnDict: true }))).toEqual(['loss', 'prob_mse', 'score_mae', 'prob_loss', 'score_loss']);
  });

  it('a model of one output keeps its logs: no per-output loss, metrics by their own names (also given by output name)', () => {
    const x = tf.keras.Input([2]);
    const model = new tf.keras.Model({ inputs: x, outputs: denseWith([[1], [2]], [0.5], { name: 'reg' })(x) });
    for (const options of [
      { loss: 'mse', metrics: ['mae'] },
      { loss: 'mse', metrics: [['mae']] },
      { loss: ['mse'], metrics: { reg: 'mae' } },
      { loss: { reg: 'mse' }, lossWeights: [1], metrics: { reg: ['mae'] } },
    ] as tf.CompileOptions[]) {
      model.compile({ optimizer: sgd(), ...options });
      expectLogs(model.evaluate(X, Y_REG, { returnDict: true }) as Record<string, number>, { loss: REG_MSE, mae: REG_MAE });
      expectValues(model.evaluate(X, Y_REG), [REG_MSE, REG_MAE]);
    }
    model.compile({ optimizer: sgd(), loss: 'mse', lossWeights: 2 });
    expect(model.evaluate(X, Y_REG)).toBeCloseTo(2 * REG_MSE, 6);
  });
});

describe('functional models of several outputs: what is wrong with the arguments', () => {
  it('an unknown output name in an object', () => {
    const { model } = twoHeads();
    const outputs = "The outputs are 'reg', 'cls'.";
    expect(() => model.compile({ loss: { reg: 'mse', cls: 'mse', clf: 'mse' } })).toThrow(`keras.Model.compile: In the dict argument \`loss\`, key 'clf' does not correspond to any model output. ${outputs}`);
    expect(() => model.compile({ loss: 'mse', metrics: { rag: 'mae' } })).toThrow(`In the dict argument \`metrics\`, key 'rag' does not correspond to any model output. ${outputs}`);
    expect(() => model.compile({ loss: ['mse', 'mse'], lossWeights: { reg: 1, clss: 2 } })).toThrow(`In the dict argument \`lossWeights\`, key 'clss' does not correspond to any model output. ${outputs}`);
    model.compile({ loss: 'mse' });
    expect(() => model.evaluate(X, { reg: Y_REG, clf: Y_CLS })).toThrow("keras.Model.evaluate: y has the key 'clf', which names no output of the model; its outputs are 'reg', 'cls' (the names of the layers giving them).");
    expect(() => model.fit(X, { reg: Y_REG })).toThrow("keras.Model.fit: y lacks the labels of the output 'cls'; give one array per output (the outputs are 'reg', 'cls').");
    const ds = tf.data.Dataset.fromTensorSlices([tf.constant(X), { reg: tf.constant(Y_REG), cl: tf.constant(Y_CLS) }]).batch(2);
    expect(() => model.fit(ds)).toThrow("y has the key 'cl', which names no output of the model");
    // A loss object for an array of outputs names them all (null for none), as Keras requires.
    expect(() => model.compile({ loss: { cls: 'mse' } })).toThrow("Expected keys ['reg', 'cls'] in loss dict, but found loss.keys()=['cls']; give null for an output without a loss.");
  });

  it('an array of the wrong length', () => {
    const { model } = twoHeads();
    expect(() => model.compile({ loss: ['mse', 'mse', 'mse'] })).toThrow('when providing the `loss` argument as a list, it should have as many entries as the model has outputs. Received: loss of length 3 whereas the model has 2 outputs.');
    expect(() => model.compile({ loss: 'mse', metrics: [['mae'], ['mae'], ['mae']] })).toThrow('Received: metrics of length 3 whereas the model has 2 outputs.');
    expect(() => model.compile({ loss: ['mse', 'mse'], lossWeights: [1] })).toThrow('`lossWeights` must match the number of losses, got 2 losses and 1 weights.');
    model.compile({ loss: 'mse' });
    expect(() => model.evaluate(X, [Y_REG, Y_CLS, Y_CLS])).toThrow('keras.Model.evaluate: y must be an array of 2 arrays or tensors (the model has 2 outputs), or an object of them by output name (reg, cls), got an array of length 3.');
  });

  it('weights that do not pair with the losses, and entries that are not metrics or numbers', () => {
    const { model } = twoHeads();
    // Keras pairs the weights with the losses given: one loss takes one number.
    expect(() => model.compile({ loss: 'mse', lossWeights: [1, 2] })).toThrow('`lossWeights` must match the number of losses, got 1 losses and 2 weights; give the loss per output');
    expect(() => model.compile({ loss: ['mse', 'mse'], lossWeights: 2 })).toThrow('`lossWeights` must match the number of losses, got 2 losses and 1 weight');
    expect(() => model.compile({ loss: ['mse', 'mse'], lossWeights: [1, '2' as never] })).toThrow('lossWeights[1] must be a finite number, got "2".');
    expect(() => model.compile({ lossWeights: 2 })).toThrow('lossWeights needs a loss.');
    expect(() => model.compile({ loss: 'mse', metrics: [['mae'], [3 as never]] })).toThrow('All entries of `metrics[1]` should be metric objects (names, tf.keras.metrics objects or functions); found 3.');
    expect(() => model.compile({ loss: 'mse', metrics: 'mae' as never })).toThrow('metrics must be an array of metric names, objects or functions (or per output, an array or object of them), got "mae".');
  });

  it('a model that is not functional takes one loss and an array of metrics', () => {
    const model = new tf.keras.Sequential([new L.Dense(1, { inputShape: [2] })]);
    expect(() => model.compile({ loss: ['mse'] })).toThrow('a loss per output (an array or object) needs a functional model');
    expect(() => model.compile({ loss: 'mse', metrics: { dense: 'mae' } as never })).toThrow('metrics must be an array of metric names, objects or functions, got an object.');
    expect(() => model.compile({ loss: 'mse', lossWeights: { dense: 1 } })).toThrow('loss weights by output name (an object) need a functional model');
  });
});

// weightedMetrics and sample weights per output against Keras 3.15.1: every literal below is
// printed by `KERAS_BACKEND=jax python scripts/keras_weights_fixtures.py` (the two-head model
// above; its logs dicts sorted by key, as Keras' JAX backend returns them, are reordered here to
// the model's metrics' order).
const W1 = [1, 0, 2, 0.5];
const W2 = [0, 1, 1, 3];

const WEIGHTED_FORMS: tf.CompileOptions = {
  loss: ['mse', 'binary_crossentropy'],
  lossWeights: [1, 0.5],
  metrics: [['mae'], ['accuracy']],
  weightedMetrics: [['mae'], ['accuracy', 'mse']],
};

/** The logs of Keras' evaluate (a dict in the model's metrics' order, and the list) for a sample-weight form. */
interface KerasEvaluate { dict: Record<string, number>; list: number[] }

const logsOf = (loss: number, regLoss: number, clsLoss: number, clsWeightedAccuracy: number, clsMse: number): KerasEvaluate => ({
  // `metrics` ([mae], [accuracy]), then `weightedMetrics`: 'reg_mae' and 'cls_accuracy' are
  // taken, so reg_weighted_mae and cls_weighted_accuracy; cls_mse is free. Then the output losses.
  dict: { loss, reg_mae: 0.5, cls_accuracy: 0.75, reg_weighted_mae: 0.5, cls_weighted_accuracy: clsWeightedAccuracy, cls_mse: clsMse, reg_loss: regLoss, cls_loss: clsLoss },
  list: [loss, regLoss, clsLoss, 0.75, clsMse, clsWeightedAccuracy, 0.5, 0.5],
});
// Keras 3.15.1's evaluate with each sampleWeight (the reg errors are all ±0.5, so its mae is 0.5 however weighted).
const NO_WEIGHTS = logsOf(0.48604297637939453, 0.25, 0.4720859229564667, 0.75, 0.15413282811641693);
const SHARED_W1 = logsOf(0.5294618606567383, 0.21875, 0.6214237213134766, 0.4285714328289032, 0.2641579508781433);
const W1_W2 = logsOf(0.42726534605026245, 0.21875, 0.4170307219028473, 0.800000011920929, 0.10048262029886246);
const W1_NONE = logsOf(0.45479297637939453, 0.21875, 0.4720859229564667, 0.75, 0.15413282811641693);

describe('functional models of several outputs: weightedMetrics and sample weights per output (Keras 3.15.1)', () => {
  const cases: [string, tf.SampleWeightLike | undefined, KerasEvaluate][] = [
    ['none', undefined, NO_WEIGHTS],
    ['one array shared by the outputs', W1, SHARED_W1],
    ['one tensor of shape [n, 1] shared', tf.constant(W1.map((w) => [w])), SHARED_W1],
    ['an array per output', [W1, W2], W1_W2],
    ['an object by output name', { reg: W1, cls: W2 }, W1_W2],
    ['null for an output of unweighted samples', [W1, null], W1_NONE],
  ];

  it.each(cases)('evaluate, sampleWeight %s', (_, sampleWeight, expected) => {
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(), ...WEIGHTED_FORMS });
    expectLogs(model.evaluate(X, [Y_REG, Y_CLS], { sampleWeight, returnDict: true }) as Record<string, number>, expected.dict);
    expectValues(model.evaluate(X, [Y_REG, Y_CLS], { sampleWeight }), expected.list);
    expect(model.metrics.map((m) => m.name)).toEqual(['loss', 'mae', 'accuracy', 'mae', 'accuracy', 'mse', 'reg_loss', 'cls_loss']);
  });

  it('trainOnBatch and testOnBatch take them too', () => {
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(0), ...WEIGHTED_FORMS });
    expectLogs(model.testOnBatch(X, [Y_REG, Y_CLS], { sampleWeight: { cls: W2, reg: W1 }, returnDict: true }) as Record<string, number>, W1_W2.dict);
    expectValues(model.trainOnBatch(X, [Y_REG, Y_CLS], { sampleWeight: W1 }), SHARED_W1.list);
  });

  it('fit: per-output weights for training and for validationData, compiled as eager', () => {
    const run = (runEagerly: boolean) => {
      const { model, reg, cls } = twoHeads();
      model.compile({ optimizer: sgd(0.1), ...WEIGHTED_FORMS, runEagerly });
      const history = model.fit(X, [Y_REG, Y_CLS], { sampleWeight: [W1, W2], epochs: 2, batchSize: 2, shuffle: false, validationData: [X, [Y_REG, Y_CLS], [W2, W1]] });
      return { history: history.history, weights: [reg, cls].map((l) => l.getWeights().flatMap((w) => Array.from(w.dataSync()))) };
    };
    const eager = run(true);
    expect(Object.keys(eager.history)).toEqual([
      'loss', 'reg_mae', 'cls_accuracy', 'reg_weighted_mae', 'cls_weighted_accuracy', 'cls_mse', 'reg_loss', 'cls_loss',
      'val_loss', 'val_reg_mae', 'val_cls_accuracy', 'val_reg_weighted_mae', 'val_cls_weighted_accuracy', 'val_cls_mse', 'val_reg_loss', 'val_cls_loss',
    ]);
    const keras: Record<string, number[]> = {
      loss: [0.40487682819366455, 0.3075532019138336],
      reg_mae: [0.5125000476837158, 0.48031243681907654],
      cls_accuracy: [0.75, 0.75],
      reg_weighted_mae: [0.46428579092025757, 0.2887498438358307],
      cls_weighted_accuracy: [0.800000011920929, 0.800000011920929],
      cls_mse: [0.10127012431621552, 0.0974719449877739],
      reg_loss: [0.19531254470348358, 0.1050063967704773],
      cls_loss: [0.4191285967826843, 0.40509361028671265],
      val_loss: [0.722152590751648, 0.6958032250404358],
      val_reg_mae: [0.4718748927116394, 0.4550468623638153],
      val_cls_accuracy: [0.75, 0.75],
      val_reg_weighted_mae: [0.5559999942779541, 0.5268999338150024],
      val_cls_weighted_accuracy: [0.4285714328289032, 0.4285714328289032],
      val_cls_mse: [0.25277426838874817, 0.24214181303977966],
      val_reg_loss: [0.42235004901885986, 0.40613168478012085],
      val_cls_loss: [0.5996050834655762, 0.5793431401252747],
    };
    for (const [name, values] of Object.entries(keras)) expect(eager.history[name], name).toEqual(values.map((v) => expect.closeTo(v, 5)));
    expect(eager.weights[0]).toEqual([0.9413750171661377, 1.8201874494552612, 0.37306252121925354].map((v) => expect.closeTo(v, 5)));
    expect(eager.weights[1]).toEqual([0.5654452443122864, -0.9997888803482056, 0.03467711806297302].map((v) => expect.closeTo(v, 5)));
    expect(run(false)).toEqual(eager);
  });

  it('tf.data: an element\'s sample weights per output (an array or an object) do as arrays', () => {
    const x = tf.constant(X);
    const ys = [tf.constant(Y_REG), tf.constant(Y_CLS)];
    const [w1, w2] = [tf.constant(W1), tf.constant(W2)];
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(), ...WEIGHTED_FORMS });
    const asArray = tf.data.Dataset.fromTensorSlices([x, ys, [w1, w2]]).batch(3);
    const asObject = tf.data.Dataset.fromTensorSlices([x, ys, { cls: w2, reg: w1 }]).batch(3);
    const shared = tf.data.Dataset.fromTensorSlices([x, ys, w1]).batch(3);
    expectLogs(model.evaluate(asArray, { returnDict: true }) as Record<string, number>, W1_W2.dict);
    expectLogs(model.evaluate(asObject, { returnDict: true }) as Record<string, number>, W1_W2.dict);
    expectLogs(model.evaluate(shared, { returnDict: true }) as Record<string, number>, SHARED_W1.dict);
    expect(() => model.fit(asArray, { classWeight: { 0: 1, 1: 2 } })).toThrow('keras.Model.fit: `classWeight` is only supported for Models with a single output.');
  });

  it('outputs as an object: weights by key, or an array in the keys\' sorted order', () => {
    const { model } = twoHeads({ keys: ['score', 'prob'] });
    model.compile({ optimizer: 'sgd', loss: { score: 'mse', prob: 'binary_crossentropy' }, weightedMetrics: { score: 'mae', prob: ['accuracy'] } });
    // Keras 3.15.1, sampleWeight {score: W1, prob: W2} (the metrics in the outputs' order, prob
    // then score, as Keras' get_metrics_result gives them; the losses in the loss object's):
    const expected = { loss: 0.6357806921005249, prob_accuracy: 0.800000011920929, score_mae: 0.5, score_loss: 0.21875, prob_loss: 0.4170307219028473 };
    expectLogs(model.evaluate(X, { score: Y_REG, prob: Y_CLS }, { sampleWeight: { score: W1, prob: W2 }, returnDict: true }) as Record<string, number>, expected);
    // As y may be (Keras refuses a list of sample weights for an object of outputs): prob, then score.
    expectLogs(model.evaluate(X, [Y_CLS, Y_REG], { sampleWeight: [W2, W1], returnDict: true }) as Record<string, number>, expected);
    // Keras 3.15.1, one sampleWeight W1 for both:
    expectLogs(model.evaluate(X, { score: Y_REG, prob: Y_CLS }, { sampleWeight: W1, returnDict: true }) as Record<string, number>, { loss: 0.8401737213134766, prob_accuracy: 0.4285714328289032, score_mae: 0.5, score_loss: 0.21875, prob_loss: 0.6214237213134766 });
  });

  it('say what is wrong', () => {
    const { model } = twoHeads();
    model.compile({ optimizer: sgd(), ...WEIGHTED_FORMS });
    const y = [Y_REG, Y_CLS];
    const perOutput = "keras.Model.evaluate: You should provide one `sampleWeight` array per output in `y` (null for an output whose samples weigh 1; the model's outputs are 'reg', 'cls'), got";
    expect(() => model.evaluate(X, y, { sampleWeight: [W1, W2, W2] })).toThrow(`${perOutput} an array of length 3.`);
    expect(() => model.evaluate(X, y, { sampleWeight: { reg: W1, clf: W2 } })).toThrow(`${perOutput} the key 'clf', which names no output.`);
    expect(() => model.evaluate(X, y, { sampleWeight: { reg: W1 } })).toThrow(`${perOutput} no entry for the output 'cls'.`);
    expect(() => model.evaluate(X, y, { sampleWeight: tf.ones([4, 2]) })).toThrow(
      'keras.Model.evaluate: For a model with multiple outputs, when providing a single `sampleWeight` array, it should only have one scalar score per sample (i.e. shape [numSamples]), got shape [4, 2]. If you want to use non-scalar sample weights, pass a `sampleWeight` argument with one array per model output (an array, or an object by output name).',
    );
    expect(() => model.fit(X, y, { validationData: [X, y, [W1]] })).toThrow("keras.Model.fit: You should provide one `validationData[2]` array per output in `y`");
    expect(() => model.fit(X, y, { sampleWeight: [W1, [1, 2]] })).toThrow("Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: 4\n'y[0]' sizes: 4\n'y[1]' sizes: 4\n'sample_weight[0]' sizes: 4\n'sample_weight[1]' sizes: 2");
    expect(() => model.fit(X, y, { classWeight: { 0: 1, 1: 2 } })).toThrow('keras.Model.fit: `classWeight` is only supported for Models with a single output.');
    expect(() => model.trainOnBatch(X, y, { classWeight: { 0: 1, 1: 2 } })).toThrow('keras.Model.trainOnBatch: `classWeight` is only supported for Models with a single output.');
    expect(() => model.compile({ loss: 'mse', weightedMetrics: [['mae']] })).toThrow('Received: weightedMetrics of length 1 whereas the model has 2 outputs.');
    expect(() => model.compile({ loss: 'mse', weightedMetrics: { rag: 'mae' } })).toThrow("In the dict argument `weightedMetrics`, key 'rag' does not correspond to any model output.");
  });
});
