// Keras 3's "customizing what happens in fit()": a Model subclass overrides trainStep (testStep),
// which fit (evaluate, fit's validation) then calls on each batch and whose returned logs it keeps;
// computeLoss, computeMetrics and getMetricsResult as Keras's trainer defines them. Expected
// values come from the update rules written out here (plain SGD on a mean squared error), or from
// the same model trained by the default step, never from a custom step's own output alone.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const X = [[1, 2], [2, -1], [0.5, 3], [-1, 1]];
const Y = [[1], [0], [2], [-1]];
const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);

/** A functional model of one Dense layer, kernel and bias starting at zero. */
function linear<T extends tf.keras.Model>(Cls: new (i: tf.keras.KerasTensor, o: tf.keras.KerasTensor) => T, options: Record<string, unknown> = {}): T {
  const inputs = tf.keras.Input([2]);
  const outputs = new tf.keras.layers.Dense(1, { kernelInitializer: 'zeros', biasInitializer: 'zeros', ...options })(inputs);
  return new Cls(inputs, outputs as tf.keras.KerasTensor);
}

/** Keras's guide's train_step, with the optimizer's apply. */
class GuideModel extends tf.keras.Model {
  override trainStep([x, y]: readonly [tf.Tensor, tf.Tensor]) {
    const tape = new tf.GradientTape();
    let yPred!: tf.Tensor;
    const loss = tape.record(() => {
      yPred = this.apply(x, { training: true }) as tf.Tensor;
      return this.computeLoss({ y, yPred });
    });
    const vars = this.trainableVariables;
    this.optimizer!.apply(tape.gradient(loss, vars) as tf.Tensor[], vars);
    for (const metric of this.metrics) {
      if (metric.name === 'loss') metric.updateState(loss);
      else metric.updateState(y, yPred);
    }
    return Object.fromEntries(this.metrics.map((m) => [m.name, m.result()]));
  }
}

describe('Model.trainStep overrides', () => {
  for (const runEagerly of [false, true]) {
    it(`fit runs the override on each batch (${runEagerly ? 'eagerly' : 'compiled'}): the same weights as the default step, and its logs`, () => {
      const custom = linear(GuideModel);
      const plain = linear(tf.keras.Model);
      for (const m of [custom, plain]) m.compile({ optimizer: new tf.keras.optimizers.SGD(0.1), loss: 'mse', metrics: ['mae'], runEagerly });
      const history = custom.fit(X, Y, { epochs: 3, batchSize: 2, shuffle: false, verbose: 0 });
      const reference = plain.fit(X, Y, { epochs: 3, batchSize: 2, shuffle: false, verbose: 0 });
      expect(values(custom.trainableVariables[0]!)).toEqual(values(plain.trainableVariables[0]!));
      expect(values(custom.trainableVariables[1]!)).toEqual(values(plain.trainableVariables[1]!));
      expect(Object.keys(history.history).sort()).toEqual(['loss', 'mae']);
      // The guide's loss tracker averages batch losses (the default weights them by batch size: equal batches here).
      history.history.loss!.forEach((v, i) => expect(v).toBeCloseTo(reference.history.loss![i]!, 6));
      history.history.mae!.forEach((v, i) => expect(v).toBeCloseTo(reference.history.mae![i]!, 6));
    });
  }

  it('its own logs (numbers, tensors, objects merged), its own trackers reset at each epoch, super.trainStep', () => {
    class Counting extends tf.keras.Model {
      batches = new tf.keras.metrics.Sum('batches');
      override get metrics() {
        return [...super.metrics, this.batches];
      }
      override trainStep(data: readonly [tf.Tensor, tf.Tensor]) {
        const logs = super.trainStep(data);
        this.batches.updateState(1);
        return { ...logs, batches: this.batches.result(), extra: { seven: 7 } };
      }
    }
    const model = linear(Counting);
    model.compile('sgd', 'mse');
    const history = model.fit(X, Y, { epochs: 2, batchSize: 1, shuffle: false, verbose: 0 });
    // 4 batches in each epoch: the Sum is reset at each epoch start, as Keras' reset_metrics.
    expect(history.history.batches).toEqual([4, 4]);
    expect(history.history.seven).toEqual([7, 7]);
    expect(history.history.loss!.length).toBe(2);
  });

  it('SGD by hand in the override: w -= lr · dL/dw on the mean squared error, written out', () => {
    class HandSgd extends tf.keras.Model {
      override trainStep([x, y]: readonly [tf.Tensor, tf.Tensor]) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => this.computeLoss({ y, yPred: this.apply(x, { training: true }) as tf.Tensor }));
        const vars = this.trainableVariables;
        tape.gradient(loss, vars).forEach((g, i) => vars[i]!.assignSub(g!.mul(0.05)));
        return { loss };
      }
    }
    const model = linear(HandSgd);
    model.compile({ optimizer: 'sgd', loss: 'mse', runEagerly: true });
    model.fit(X, Y, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
    // From w = 0, b = 0: the prediction is 0, dL/dw = -2/n Σ x·y, dL/db = -2/n Σ y.
    const n = X.length;
    const dw = [0, 1].map((j) => (-2 / n) * X.reduce((s, x, i) => s + x[j]! * Y[i]![0]!, 0));
    const db = (-2 / n) * Y.reduce((s, y) => s + y[0]!, 0);
    values(model.trainableVariables[0]!).forEach((w, j) => expect(w).toBeCloseTo(-0.05 * dw[j]!, 6));
    expect(values(model.trainableVariables[1]!)[0]).toBeCloseTo(-0.05 * db, 6);
  });

  it('an override that returns no logs is an error that says so', () => {
    class Silent extends tf.keras.Model {
      override trainStep() {
        return undefined as never;
      }
    }
    const model = linear(Silent);
    model.compile({ optimizer: 'sgd', loss: 'mse', runEagerly: true });
    expect(() => model.fit(X, Y, { epochs: 1, verbose: 0 })).toThrow(/must return its logs/);
  });
});

describe('Model.testStep overrides, computeLoss, computeMetrics and getMetricsResult', () => {
  it('evaluate and fit\'s validation take the logs a testStep override returns', () => {
    class Scored extends tf.keras.Model {
      override testStep([x, y]: readonly [tf.Tensor, tf.Tensor]) {
        const yPred = this.apply(x, { training: false }) as tf.Tensor;
        return { ...this.computeMetrics(x, y, yPred), score: tf.reduceMean(tf.abs(tf.sub(y, yPred))).mul(100) };
      }
    }
    const model = linear(Scored);
    model.compile('sgd', 'mse', null, ['mae']);
    // The kernel and bias are zero: predictions are 0, so mae = mean |y| and score = 100 · it.
    const meanAbs = Y.reduce((s, y) => s + Math.abs(y[0]!), 0) / Y.length;
    const logs = model.evaluate(X, Y, { returnDict: true, verbose: 0 }) as Record<string, number>;
    expect(logs.score).toBeCloseTo(100 * meanAbs, 4);
    expect(logs.mae).toBeCloseTo(meanAbs, 6);
    const history = model.fit(X, Y, { epochs: 1, verbose: 0, validationData: [X, Y] });
    expect(Object.keys(history.history).filter((k) => k.startsWith('val_')).sort()).toEqual(['val_loss', 'val_mae', 'val_score']);
  });

  it('computeLoss is the compiled loss plus the regularization losses; getMetricsResult names every metric', () => {
    const model = linear(tf.keras.Model, { kernelInitializer: 'ones', kernelRegularizer: tf.keras.regularizers.l2(0.5) });
    model.compile('sgd', 'mse', null, ['mae']);
    const x = tf.constant(X), y = tf.constant(Y);
    const yPred = model.apply(x) as tf.Tensor;
    // Kernel ones, bias zero: predictions are the rows' sums; l2(0.5) adds 0.5 · Σ w² = 1.
    const sums = X.map((r) => r[0]! + r[1]!);
    const mse = sums.reduce((s, p, i) => s + (p - Y[i]![0]!) ** 2, 0) / sums.length;
    expect(model.computeLoss({ y, yPred }).item()).toBeCloseTo(mse + 1, 5);
    expect(model.computeLoss(x, y, yPred).item()).toBeCloseTo(mse + 1, 5);
    expect(() => model.computeLoss({ y })).toThrow(/yPred .* is needed/);
    const results = model.computeMetrics(x, y, yPred) as Record<string, tf.Tensor>;
    expect(Object.keys(results).sort()).toEqual(['loss', 'mae']);
    expect(results.mae!.item()).toBeCloseTo(sums.reduce((s, p, i) => s + Math.abs(p - Y[i]![0]!), 0) / sums.length, 5);
    expect(Object.keys(model.getMetricsResult()).sort()).toEqual(['loss', 'mae']);
  });
});

describe('computeMetrics on a model of several outputs', () => {
  it('updates each output\'s metrics (named <output>_<metric>) and leaves the loss trackers alone', () => {
    const inputs = tf.keras.Input([2]);
    const a = new tf.keras.layers.Dense(1, { name: 'a', kernelInitializer: 'ones' })(inputs);
    const b = new tf.keras.layers.Dense(1, { name: 'b', kernelInitializer: 'zeros' })(inputs);
    const model = new tf.keras.Model(inputs, [a, b]);
    model.compile('sgd', ['mse', 'mse'], null, [['mae'], ['mae']]);
    const results = model.computeMetrics(null, [tf.ones([4, 1]), tf.ones([4, 1])], model.apply<tf.Tensor[]>(tf.ones([4, 2]))) as Record<string, tf.Tensor>;
    // Inputs of ones: output a predicts 2 (kernel ones), b predicts 0; the labels are 1, so both maes are 1.
    expect([results.a_mae!.item(), results.b_mae!.item()]).toEqual([1, 1]);
    expect([results.loss!.item(), results.a_loss!.item(), results.b_loss!.item()]).toEqual([0, 0, 0]);
  });
});

describe('Model.predictStep overrides', () => {
  it('predict calls the override on each batch and joins what it returns', () => {
    class Doubled extends tf.keras.Model {
      override predictStep(data: readonly [tf.Tensor]) {
        return tf.mul(super.predictStep(data) as tf.Tensor, 2);
      }
    }
    const model = linear(Doubled, { kernelInitializer: 'ones' });
    // Kernel ones, bias zero: each output is twice the row's sum, over two batches of 2.
    expect(values(model.predict(X, { batchSize: 2 }))).toEqual(X.map((r) => 2 * (r[0]! + r[1]!)));
  });
});
