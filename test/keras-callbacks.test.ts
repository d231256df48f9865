// tf.keras.callbacks against Keras 3.15.1 (scripts/keras_callbacks_fixtures.py): the order of the
// hooks and their logs in fit, evaluate and predict; EarlyStopping, ReduceLROnPlateau,
// LearningRateScheduler and TerminateOnNaN deciding as Keras on the same fits; the files
// ModelCheckpoint and CSVLogger write; and their errors.
import * as tf from 'gradtape';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const K = JSON.parse(readFileSync(new URL('./fixtures/keras-callbacks.json', import.meta.url), 'utf8'));
const { x: X, y: Y, xv: XV, yv: YV } = K.data as Record<string, number[][]>;

/** Dense(1) with Keras' weights of the fixture, compiled with SGD(lr) and mse. */
function model(lr: number, metrics: string[] = []) {
  const m = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
  m.setWeights([tf.constant([[0.5]]), tf.constant([0])]);
  m.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: lr }), loss: 'mse', metrics });
  return m;
}
const close = (got: readonly number[], want: readonly number[], rtol = 1e-5) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(want[i]!))));
};
const tempDir = () => mkdtempSync(join(tmpdir(), 'gradtape-callbacks-'));

class Recorder extends tf.keras.callbacks.Callback {
  calls: string[] = [];
  private log(name: string, ...args: unknown[]) {
    this.calls.push([name, ...args.map((a) => (Array.isArray(a) ? `[${a.map((k) => `'${k}'`).join(', ')}]` : String(a)))].join(' '));
  }
  override onTrainBegin() { this.log('onTrainBegin'); }
  override onTrainEnd(logs: tf.Logs) { this.log('onTrainEnd', Object.keys(logs).sort()); }
  override onEpochBegin(epoch: number) { this.log('onEpochBegin', epoch); }
  override onEpochEnd(epoch: number, logs: tf.Logs) { this.log('onEpochEnd', epoch, Object.keys(logs).sort()); }
  override onTrainBatchBegin(batch: number) { this.log('onTrainBatchBegin', batch); }
  override onTrainBatchEnd(batch: number, logs: tf.Logs) { this.log('onTrainBatchEnd', batch, Object.keys(logs).sort()); }
  override onTestBegin() { this.log('onTestBegin'); }
  override onTestEnd(logs: tf.Logs) { this.log('onTestEnd', Object.keys(logs).sort()); }
  override onTestBatchBegin(batch: number) { this.log('onTestBatchBegin', batch); }
  override onTestBatchEnd(batch: number, logs: tf.Logs) { this.log('onTestBatchEnd', batch, Object.keys(logs).sort()); }
  override onPredictBegin() { this.log('onPredictBegin'); }
  override onPredictEnd() { this.log('onPredictEnd'); }
  override onPredictBatchBegin(batch: number) { this.log('onPredictBatchBegin', batch); }
  override onPredictBatchEnd(batch: number, logs: { outputs: unknown }) { this.log('onPredictBatchEnd', batch, Object.keys(logs).sort()); }
}

describe('Callback hooks', () => {
  it('are called in Keras\' order with Keras\' logs by fit (with validation), evaluate and predict', () => {
    const rec = new Recorder();
    const m = model(0.01, ['mae']);
    m.fit(X, Y, { batchSize: 2, epochs: 2, validationData: [XV, YV], shuffle: false, callbacks: [rec] });
    m.evaluate(XV, YV, { batchSize: 1, callbacks: [rec] });
    m.predict(X, { batchSize: 3, callbacks: [rec] });
    expect(rec.calls).toEqual(K.hooks);
    expect(rec.params).toEqual(K.hooks_params);
    expect(rec.model).toBe(m);
  });

  it('give each batch the epoch\'s running results, and predict batches their outputs', () => {
    const batchLosses: number[] = [];
    const outputs: number[][] = [];
    const m = model(0.01);
    m.fit(X, Y, { batchSize: 2, epochs: 1, shuffle: false, callbacks: [new tf.keras.callbacks.LambdaCallback({ onTrainBatchEnd: (_b, logs) => batchLosses.push(logs.loss!) })] });
    // The second batch's log is the mean over both batches: the epoch's loss.
    expect(batchLosses[1]).toBeCloseTo(m.history!.history.loss![0]!, 6);
    m.predict(X, { batchSize: 3, callbacks: [{ onPredictBatchEnd: (_b, logs) => outputs.push((logs.outputs as tf.Tensor).shape) }] });
    expect(outputs).toEqual([[3, 1], [1, 1]]);
  });

  it('stop fit after the batch that sets model.stopTraining, still ending the epoch', () => {
    const m = model(0.01);
    const seen: number[] = [];
    const history = m.fit(X, Y, {
      batchSize: 1, epochs: 3, shuffle: false,
      callbacks: [{ onTrainBatchEnd: (batch) => { seen.push(batch); if (batch === 1) m.stopTraining = true; } }],
    });
    expect(seen).toEqual([0, 1]);
    expect(history.epoch).toEqual([0]);
  });

  it('a ModelCheckpoint saving by epoch has no batch hook of its own (fit then reads no results back after each batch)', () => {
    const byEpoch = new tf.keras.callbacks.ModelCheckpoint(join(tempDir(), 'w.weights.h5'), { saveWeightsOnly: true });
    expect(byEpoch.onTrainBatchEnd).toBe(tf.keras.callbacks.Callback.prototype.onTrainBatchEnd);
    const everyTwo = new tf.keras.callbacks.ModelCheckpoint(join(tempDir(), 'w.weights.h5'), { saveWeightsOnly: true, saveFreq: 2 });
    expect(everyTwo.onTrainBatchEnd).not.toBe(tf.keras.callbacks.Callback.prototype.onTrainBatchEnd);
  });

  it('refuses callbacks that are not objects', () => {
    expect(() => model(0.01).fit(X, Y, { callbacks: [3 as never] })).toThrow('callbacks must be an array of tf.keras.callbacks.Callback objects');
    expect(() => model(0.01).evaluate(X, Y, { callbacks: 'x' as never })).toThrow('callbacks must be an array');
    expect(() => new tf.keras.callbacks.Callback().model).toThrow('the callback has no model yet');
  });
});

describe('EarlyStopping', () => {
  it('stops after patience epochs without improvement and restores the best weights, as Keras', () => {
    const want = K.early_stopping;
    const m = model(want.lr);
    const stop = new tf.keras.callbacks.EarlyStopping({ monitor: 'loss', patience: 2, restoreBestWeights: true });
    const history = m.fit(X, Y, { batchSize: 4, epochs: 20, shuffle: false, callbacks: [stop] });
    close(history.history.loss!, want.loss);
    expect([stop.stoppedEpoch, stop.bestEpoch]).toEqual([want.stopped_epoch, want.best_epoch]);
    close([stop.best!], [want.best]);
    close(m.getWeights().flatMap((w) => w.dataSync() as Float32Array).map(Number), want.weights.flat(2));
  });

  it('keeps going while the value improves on the best, even if never past the baseline (Keras\' rule)', () => {
    const want = K.early_stopping_baseline;
    const stop = new tf.keras.callbacks.EarlyStopping({ monitor: 'val_loss', patience: 3, baseline: 0.001, startFromEpoch: 1 });
    const history = model(0.01).fit(X, Y, { batchSize: 2, epochs: 20, validationData: [XV, YV], shuffle: false, callbacks: [stop] });
    expect([history.epoch.length, stop.stoppedEpoch]).toEqual([want.epochs, want.stopped_epoch]);
    close(history.history.val_loss!, want.val_loss, 1e-4);
  });

  it('infers the direction from the compiled metric, and warns when the monitored log is missing', () => {
    const m = model(0.01, ['mae']);
    const byMae = new tf.keras.callbacks.EarlyStopping({ monitor: 'mae', patience: 0 });
    m.fit(X, Y, { epochs: 3, shuffle: false, callbacks: [byMae] });
    expect(byMae.best).toBe(m.history!.history.mae!.at(-1)); // mae falls: lower is better
    const accuracy = model(0.01, ['accuracy']);
    expect(() => accuracy.fit(X, Y, { epochs: 1, callbacks: [new tf.keras.callbacks.EarlyStopping({ monitor: 'what' })] })).toThrow(
      "EarlyStopping callback received monitor=what, but Keras isn't able to automatically determine whether that metric should be maximized or minimized.",
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    model(0.01).fit(X, Y, { epochs: 1, callbacks: [new tf.keras.callbacks.EarlyStopping({ monitor: 'val_loss' })] });
    expect(warn).toHaveBeenCalledWith('Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss');
    warn.mockRestore();
  });
});

describe('learning-rate callbacks', () => {
  it('ReduceLROnPlateau halves the rate on plateaus, with cooldown and minLr, as Keras', () => {
    const want = K.reduce_lr;
    const m = model(0.2);
    const reduce = new tf.keras.callbacks.ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1, minDelta: 0.01, cooldown: 1, minLr: 0.02 });
    const history = m.fit(X, Y, { batchSize: 4, epochs: 12, shuffle: false, callbacks: [reduce] });
    close(history.history.loss!, want.loss, 1e-4);
    expect(history.history.learning_rate).toEqual(want.learning_rate);
    expect(Math.fround(m.optimizer!.learningRate)).toBe(want.final_lr);
    expect(() => new tf.keras.callbacks.ReduceLROnPlateau({ factor: 1 })).toThrow('ReduceLROnPlateau does not support a factor >= 1.0. Received factor=1');
  });

  it('LearningRateScheduler sets each epoch\'s rate from (epoch, rate), as Keras', () => {
    const want = K.scheduler;
    const history = model(0.05).fit(X, Y, { batchSize: 2, epochs: 5, shuffle: false, callbacks: [new tf.keras.callbacks.LearningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr * 0.5))] });
    expect(history.history.learning_rate).toEqual(want.learning_rate);
    close(history.history.loss!, want.loss, 1e-4);
    expect(() => model(0.05).fit(X, Y, { callbacks: [new tf.keras.callbacks.LearningRateScheduler(() => 'fast' as never)] })).toThrow(
      'The output of the `schedule` function should be a float. Got: ',
    );
  });

  it('log the rate as Keras reads it back: a number in its variable\'s dtype (floatx when the optimizer was made), a schedule\'s in float32, a function\'s as returned', () => {
    // Keras logs float(convert_to_numpy(optimizer.learning_rate)): the learning-rate variable is
    // made with the floatx of the optimizer's construction and keeps its dtype.
    const logged = (optimizer: tf.keras.optimizers.Optimizer, callback: tf.keras.callbacks.Callback, epochs: number) => {
      const m = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
      m.compile({ optimizer, loss: 'mse' });
      return m.fit(X, Y, { epochs, shuffle: false, callbacks: [callback] }).history.learning_rate;
    };
    // LearningRateScheduler reads the rate and sets it again; ReduceLROnPlateau only reads it here.
    const loggedRates = (optimizer: tf.keras.optimizers.Optimizer) => logged(optimizer, new tf.keras.callbacks.LearningRateScheduler((_epoch, lr) => lr), 2);
    const loggedWithoutSetting = (optimizer: tf.keras.optimizers.Optimizer) => logged(optimizer, new tf.keras.callbacks.ReduceLROnPlateau({ monitor: 'loss', patience: 100 }), 1);
    try {
      tf.keras.backend.setFloatx('float64');
      const madeInFloat64 = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
      tf.keras.backend.setFloatx('float32');
      expect(loggedRates(madeInFloat64)).toEqual([0.1, 0.1]);
      const madeInFloat32 = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
      tf.keras.backend.setFloatx('float64');
      expect(loggedRates(madeInFloat32)).toEqual([Math.fround(0.1), Math.fround(0.1)]);
      const schedule = new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.5 });
      // (one epoch, one batch of 4: the rate at step 1)
      expect(loggedWithoutSetting(new tf.keras.optimizers.SGD({ learningRate: schedule }))).toEqual([Math.fround(schedule(1))]);
      tf.keras.backend.setFloatx('float32');
      expect(loggedWithoutSetting(new tf.keras.optimizers.SGD({ learningRate: () => 0.1 }))).toEqual([0.1]);
    } finally {
      tf.keras.backend.setFloatx('float32');
    }
  });

  it('TerminateOnNaN stops at the first batch whose loss overflows, as Keras', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const history = model(1e19).fit(X, Y, { batchSize: 1, epochs: 3, shuffle: false, callbacks: [new tf.keras.callbacks.TerminateOnNaN()] });
    expect(history.epoch.length).toBe(K.terminate_on_nan.epochs);
    expect(warn).toHaveBeenCalledWith('Batch 1: Invalid loss, terminating training');
    warn.mockRestore();
  });
});

describe('callbacks that write files', () => {
  it('ModelCheckpoint writes the files Keras writes: the best by val_loss, and every 3 batches', () => {
    const best = tempDir();
    const checkpoint = new tf.keras.callbacks.ModelCheckpoint(join(best, 'w-{epoch:02d}-{val_loss:.3f}.weights.h5'), { saveBestOnly: true, saveWeightsOnly: true });
    model(0.15).fit(X, Y, { batchSize: 4, epochs: 6, validationData: [XV, YV], shuffle: false, callbacks: [checkpoint] });
    expect(readdirSync(best).sort()).toEqual(K.checkpoint.best_only);
    const every = tempDir();
    model(0.01).fit(X, Y, { batchSize: 1, epochs: 2, shuffle: false, callbacks: [new tf.keras.callbacks.ModelCheckpoint(join(every, 'e{epoch}b{batch}.weights.h5'), { saveWeightsOnly: true, saveFreq: 3 })] });
    expect(readdirSync(every).sort()).toEqual(K.checkpoint.every_3_batches);
  });

  it('ModelCheckpoint will not save over a directory, as Keras', () => {
    const directory = join(tempDir(), 'taken.weights.h5');
    mkdirSync(directory);
    const checkpoint = new tf.keras.callbacks.ModelCheckpoint(directory, { saveWeightsOnly: true });
    expect(() => model(0.01).fit(X, Y, { epochs: 1, callbacks: [checkpoint] })).toThrow(
      `ModelCheckpoint: Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing directory: ${directory}`,
    );
  });

  it.each(['model.gtkeras', 'model.keras'])('ModelCheckpoint saves whole models (%s), which load back', (file) => {
    const dir = tempDir();
    const m = model(0.01);
    m.fit(X, Y, { epochs: 2, shuffle: false, callbacks: [new tf.keras.callbacks.ModelCheckpoint(join(dir, file))] });
    const loaded = tf.keras.models.loadModel(join(dir, file));
    expect(loaded.predict(X).arraySync()).toEqual(m.predict(X).arraySync());
    expect(loaded.optimizer!.iterations).toBe(m.optimizer!.iterations);
  });

  it('ModelCheckpoint writes a .keras path as Keras 3\'s archive (a zip)', () => {
    const dir = tempDir();
    model(0.01).fit(X, Y, { epochs: 2, shuffle: false, callbacks: [new tf.keras.callbacks.ModelCheckpoint(join(dir, 'e{epoch}.keras'))] });
    expect(readdirSync(dir).sort()).toEqual(['e1.keras', 'e2.keras']);
    expect(readFileSync(join(dir, 'e2.keras')).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  });

  it('ModelCheckpoint refuses paths it cannot write and fields the logs lack', () => {
    expect(() => new tf.keras.callbacks.ModelCheckpoint('m.h5')).toThrow("ModelCheckpoint: The filepath provided must end in `.keras` (Keras model format) or '.gtkeras' (gradtape's). Received: filepath=m.h5");
    expect(() => new tf.keras.callbacks.ModelCheckpoint('w.h5', { saveWeightsOnly: true })).toThrow('the filepath provided must end in `.weights.h5`');
    expect(() => new tf.keras.callbacks.ModelCheckpoint('w.weights.h5', { saveWeightsOnly: true, saveFreq: 'batch' as never })).toThrow('Unrecognized save_freq');
    const bad = new tf.keras.callbacks.ModelCheckpoint(join(tempDir(), '{acc:.2f}.weights.h5'), { saveWeightsOnly: true });
    expect(() => model(0.01).fit(X, Y, { epochs: 1, callbacks: [bad] })).toThrow(/Failed to format this callback filepath: ".*\{acc:\.2f\}\.weights\.h5"\. Reason: 'acc'/);
  });

  it('CSVLogger writes Keras\' file: sorted columns, val_ columns added, NA, appending with another separator', () => {
    const path = join(tempDir(), 'log.csv');
    const m = model(0.01, ['mae']);
    m.fit(X, Y, { batchSize: 4, epochs: 3, validationData: [XV, YV], validationFreq: 2, shuffle: false, callbacks: [new tf.keras.callbacks.CSVLogger(path)] });
    m.fit(X, Y, { batchSize: 4, epochs: 1, shuffle: false, callbacks: [new tf.keras.callbacks.CSVLogger(path, { separator: ';', append: true })] });
    const got = readFileSync(path, 'utf8').split('\r\n');
    const want = (K.csv as string).split('\r\n');
    expect(got.length).toBe(want.length);
    // The same cells: text for the header, the epochs and NA; numbers within float32 rounding of Keras' training.
    got.forEach((line, i) => {
      const [g, w] = [line.split(/[,;]/), want[i]!.split(/[,;]/)];
      expect(line.includes(';')).toBe(want[i]!.includes(';'));
      expect(g.length).toBe(w.length);
      g.forEach((cell, j) => (/^-?\d+\.\d/.test(w[j]!) ? close([Number(cell)], [Number(w[j])], 1e-5) : expect(cell).toBe(w[j])));
    });
  });
});

describe('Python format fields in ModelCheckpoint paths', () => {
  it('formats ints and floats as Python\'s str.format does', () => {
    const dir = tempDir();
    const names = '{epoch}_{epoch:03d}_{loss:.2e}_{loss:8.3f}_{loss}_{{x}}.weights.h5';
    const m = model(0);
    m.fit([[0]], [[1]], { epochs: 1, callbacks: [new tf.keras.callbacks.ModelCheckpoint(join(dir, names), { saveWeightsOnly: true })] });
    // loss = 1 (prediction 0, target 1): Python gives '1_001_1.00e+00_   1.000_1.0_{x}'.
    expect(readdirSync(dir)).toEqual(['1_001_1.00e+00_   1.000_1.0_{x}.weights.h5']);
  });
});

describe('verbose: ProgbarLogger', () => {
  const times = (lines: string[]) => lines.map((l) => l.replace(/ \d+s/g, ' _s').replace(/ \d+(ms|us|s)\/step/g, ' _/step'));

  it('verbose 2 prints Keras\' line per epoch, with the validation logs', () => {
    const lines: string[] = [];
    const m = model(0.01, ['mae']);
    m.fit(X, Y, { batchSize: 2, epochs: 2, verbose: 2, validationData: [XV, YV], shuffle: false, callbacks: [new tf.keras.callbacks.ProgbarLogger({ write: (s) => lines.push(s) })] });
    const h = m.history!.history;
    const f = (v: number) => v.toFixed(4);
    expect(times(lines)).toEqual([
      'Epoch 1/2', `2/2 - _s - _/step - loss: ${f(h.loss![0]!)} - mae: ${f(h.mae![0]!)} - val_loss: ${f(h.val_loss![0]!)} - val_mae: ${f(h.val_mae![0]!)}`,
      'Epoch 2/2', `2/2 - _s - _/step - loss: ${f(h.loss![1]!)} - mae: ${f(h.mae![1]!)} - val_loss: ${f(h.val_loss![1]!)} - val_mae: ${f(h.val_mae![1]!)}`,
    ]);
  });

  it('verbose 1 (and \'auto\') prints the finished bar of each epoch off a terminal; evaluate and predict print theirs', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const m = model(0.01);
    m.fit(X, Y, { batchSize: 3, epochs: 1, verbose: 'auto', shuffle: false });
    m.evaluate(X, Y, { verbose: 1 });
    m.predict(X, { batchSize: 4, verbose: 1 });
    const lines = times(log.mock.calls.map((c) => String(c[0])));
    log.mockRestore();
    const bar = '━'.repeat(20);
    expect(lines).toEqual([
      `2/2 ${bar} _s _/step - loss: ${m.history!.history.loss![0]!.toFixed(4)}`,
      `1/1 ${bar} _s _/step - loss: ${(m.evaluate(X, Y) as number).toFixed(4)}`,
      `1/1 ${bar} _s _/step`,
    ]);
  });

  it('prints small values in scientific notation, as Keras\' Progbar', () => {
    const lines: string[] = [];
    const m = model(0.01);
    m.setWeights([tf.constant([[2]]), tf.constant([0])]);
    // Off by 0.01 everywhere: the loss is 1e-4.
    m.evaluate(X, X.map(([v]) => [2 * v! + 0.01]), { verbose: 2, callbacks: [new tf.keras.callbacks.ProgbarLogger({ write: (s) => lines.push(s) })] });
    expect(lines[0]).toMatch(/^1\/1 - \d+s - \d+(ms|us|s)\/step - loss: \d\.\d{4}e-0\d$/);
  });
});
