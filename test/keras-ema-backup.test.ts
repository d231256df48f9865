// tf.keras.callbacks.SwapEMAWeights and BackupAndRestore against Keras 3.15.1's. Fixture:
// test/fixtures/keras-ema-backup.json (KERAS_BACKEND=jax python scripts/keras_ema_backup_fixtures.py),
// whose fits this file repeats: Input(2) -> Dense(3, tanh) -> Dense(1) of pattern weights, mse,
// batches of 2 in order.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, pattern, setPatternWeights } from './helpers/keras';

type Weights = number[][];
interface FixtureHistory {
  epoch: number[];
  loss: number[];
  val_loss?: number[];
}
interface BackupCase {
  options: { save_freq?: number; double_checkpoint?: boolean; delete_checkpoint?: boolean };
  interruptEpoch: number | null;
  interruptBatch: number | null;
  corrupt: boolean;
  raised: string;
  interrupted: Weights;
  files: Record<string, string | boolean> | null;
  history: FixtureHistory;
  after: Weights;
  iterations: number;
  filesAfter: Record<string, string | boolean> | null;
  laterFitEpochs: number[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'keras-ema-backup.json'), 'utf8')) as {
  swap: {
    plain: { history: FixtureHistory; after: Weights };
    swap: { history: FixtureHistory; epochEnd: Weights[]; checkpoints: Weights[]; after: Weights };
    swapOnEpoch: { history: FixtureHistory; epochEnd: Weights[]; checkpoints: Weights[]; after: Weights };
    predictEvaluate: { trained: Weights; averages: Weights; afterPredict: Weights; evaluateLoss: number; afterEvaluate: Weights };
    noEmaError: string;
  };
  backup: {
    uninterrupted: { history: FixtureHistory; after: Weights };
    cases: Record<string, BackupCase>;
    errors: { emptyDir: string; saveFreq: string };
  };
};

const X = () => pattern([8, 2], 0.3, 1.0);
const Y = () => pattern([8, 1], 0.7);
const validation = (): [tf.Tensor, tf.Tensor] => [pattern([4, 2], 1.1, 1.0), pattern([4, 1], 2.0)];
const EPOCHS = 4;

let directory: string;
beforeEach(() => {
  tf.keras.backend.clearSession();
  directory = mkdtempSync(join(tmpdir(), 'gradtape-ema-backup-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const weightsOf = (model: tf.keras.Model): Weights => model.getWeights().map((w) => Array.from(w.dataSync() as ArrayLike<number>));
const expectWeights = (actual: Weights, expected: Weights, what: string): void => {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((w, k) => expectClose(w, expected[k]!, `${what} weight ${k}`));
};
const expectHistory = (history: tf.keras.callbacks.History, expected: FixtureHistory, what: string): void => {
  expect(history.epoch, what).toEqual(expected.epoch);
  expectClose(history.history.loss!, expected.loss, `${what} loss`);
  if (expected.val_loss !== undefined) expectClose(history.history.val_loss!, expected.val_loss, `${what} val_loss`);
  else expect(history.history.val_loss).toBeUndefined();
};

function makeModel(optimizer: tf.keras.optimizers.Optimizer | null): tf.keras.Sequential {
  const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(3, { activation: 'tanh' }), new tf.keras.layers.Dense(1)]);
  setPatternWeights(model);
  if (optimizer !== null) model.compile({ optimizer, loss: 'mse' });
  return model;
}
const emaSgd = (useEma = true) => new tf.keras.optimizers.SGD({ learningRate: 0.05, momentum: 0.5, useEma, emaMomentum: 0.8 });

describe('SwapEMAWeights', () => {
  it('without it, the validation losses are the trained weights\'', () => {
    const model = makeModel(emaSgd());
    const history = model.fit(X(), Y(), { batchSize: 2, epochs: EPOCHS, shuffle: false, validationData: validation() });
    expectHistory(history, fixture.swap.plain.history, 'plain');
    expectWeights(weightsOf(model), fixture.swap.plain.after, 'plain after');
  });

  it.each(['swap', 'swapOnEpoch'] as const)('%s: validation of the averages, the weights later callbacks see and save, the weights after fit', (name) => {
    const want = fixture.swap[name];
    const model = makeModel(emaSgd());
    const epochEnd: Weights[] = [];
    const recorder = { onEpochEnd: () => void epochEnd.push(weightsOf(model)) };
    const checkpoint = new tf.keras.callbacks.ModelCheckpoint(join(directory, 'w{epoch}.weights.h5'), { saveWeightsOnly: true });
    const swap = new tf.keras.callbacks.SwapEMAWeights({ swapOnEpoch: name === 'swapOnEpoch' });
    const history = model.fit(X(), Y(), { batchSize: 2, epochs: EPOCHS, shuffle: false, validationData: validation(), callbacks: [swap, recorder, checkpoint] });
    expectHistory(history, want.history, name);
    // The plain fit's validation losses differ: these are the averages'.
    expect(Math.abs(want.history.val_loss![1]! - fixture.swap.plain.history.val_loss![1]!)).toBeGreaterThan(1e-3);
    epochEnd.forEach((w, e) => expectWeights(w, want.epochEnd[e]!, `${name} epoch ${e} end`));
    for (let e = 1; e <= EPOCHS; e++) {
      const saved = makeModel(null);
      saved.loadWeights(join(directory, `w${e}.weights.h5`));
      expectWeights(weightsOf(saved), want.checkpoints[e - 1]!, `${name} checkpoint ${e}`);
    }
    expectWeights(weightsOf(model), want.after, `${name} after`);
  });

  it('predict swaps the averages in and leaves them (Keras 3.15.1\'s onPredictEnd); evaluate\'s end swaps back', () => {
    const want = fixture.swap.predictEvaluate;
    const model = makeModel(emaSgd());
    const [x, y] = [X(), Y()];
    for (let i = 0; i < 3; i++) model.trainOnBatch(x.slice([2 * i, 0], [2, 2]), y.slice([2 * i, 0], [2, 1]));
    expectWeights(weightsOf(model), want.trained, 'trained');
    const swap = new tf.keras.callbacks.SwapEMAWeights();
    const [xv, yv] = validation();
    model.predict(xv, { callbacks: [swap] });
    expectWeights(weightsOf(model), want.afterPredict, 'after predict');
    expectWeights(weightsOf(model), want.averages, 'the averages');
    const loss = model.evaluate(xv, yv, { callbacks: [swap] }) as number;
    expectClose([loss], [want.evaluateLoss], 'evaluate loss');
    expectWeights(weightsOf(model), want.afterEvaluate, 'after evaluate');
    expectWeights(weightsOf(model), want.trained, 'the trained weights back');
  });

  it('evaluate before any training swaps with the zero averages of the optimizer it builds, and back', () => {
    const model = makeModel(emaSgd());
    const before = weightsOf(model);
    const [xv, yv] = validation();
    const zeros = model.evaluate(xv, yv, { callbacks: [new tf.keras.callbacks.SwapEMAWeights()] }) as number;
    // The model of zero weights predicts 0: the loss is the mean of the squared labels.
    expect(zeros).toBeCloseTo((yv.square().mean().dataSync() as Float32Array)[0]!, 6);
    expect(weightsOf(model)).toEqual(before);
  });

  it('an optimizer without useEma is an error, as Keras\'', () => {
    const model = makeModel(emaSgd(false));
    expect(fixture.swap.noEmaError).toContain('SwapEMAWeights must be used when `use_ema=True` is set on the optimizer');
    expect(() => model.fit(X(), Y(), { batchSize: 2, epochs: 1, shuffle: false, validationData: validation(), callbacks: [new tf.keras.callbacks.SwapEMAWeights()] })).toThrow(
      'SwapEMAWeights must be used when `useEma: true` is set on the optimizer. Received: useEma=false',
    );
    expect(() => new tf.keras.callbacks.SwapEMAWeights({ swapOnEpoch: 1 as never })).toThrow(/swapOnEpoch/);
  });
});

describe('BackupAndRestore', () => {
  const adamModel = () => makeModel(new tf.keras.optimizers.Adam({ learningRate: 0.05 }));
  const fitOptions = (callbacks: tf.CallbackLike[] = []): tf.ModelFitOptions => ({ batchSize: 2, epochs: 6, shuffle: false, callbacks });

  /** The backup directory's files: a metadata file's text, whether another is not empty (null: no directory). */
  const listing = (dir: string): Record<string, string | boolean> | null => {
    if (!existsSync(dir)) return null;
    return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, name.startsWith('training_metadata') ? readFileSync(join(dir, name), 'utf8') : statSync(join(dir, name)).size > 0]));
  };

  it('an uninterrupted fit is Keras\'', () => {
    const model = adamModel();
    const history = model.fit(X(), Y(), fitOptions());
    expectHistory(history, fixture.backup.uninterrupted.history, 'uninterrupted');
    expectWeights(weightsOf(model), fixture.backup.uninterrupted.after, 'uninterrupted after');
  });

  it.each(Object.keys(fixture.backup.cases))('%s: interrupted, then a new model resumes from the backup', (name) => {
    const c = fixture.backup.cases[name]!;
    const backupDir = join(directory, 'backup');
    const options = {
      backupDir,
      ...(c.options.save_freq !== undefined ? { saveFreq: c.options.save_freq } : {}),
      ...(c.options.double_checkpoint !== undefined ? { doubleCheckpoint: c.options.double_checkpoint } : {}),
      ...(c.options.delete_checkpoint !== undefined ? { deleteCheckpoint: c.options.delete_checkpoint } : {}),
    };
    let batches = 0;
    const interrupt = {
      onEpochBegin: (epoch: number) => {
        if (epoch === c.interruptEpoch) throw new Error('interrupted');
      },
      onTrainBatchEnd: () => {
        if (++batches === c.interruptBatch) throw new Error('interrupted');
      },
    };
    const first = adamModel();
    expect(() => first.fit(X(), Y(), fitOptions([new tf.keras.callbacks.BackupAndRestore(options), interrupt]))).toThrow(c.raised);
    expectWeights(weightsOf(first), c.interrupted, 'interrupted');
    expect(listing(backupDir)).toEqual(c.files);
    if (c.corrupt) writeFileSync(join(backupDir, 'latest.weights.h5'), 'not an HDF5 file');

    const resumed = adamModel();
    const history = resumed.fit(X(), Y(), fitOptions([new tf.keras.callbacks.BackupAndRestore(options)]));
    expectHistory(history, c.history, 'resumed');
    expectWeights(weightsOf(resumed), c.after, 'resumed after');
    expect(resumed.optimizer!.iterations).toBe(c.iterations);
    expect(listing(backupDir)).toEqual(c.filesAfter);
    // A resume from an epoch's end ends exactly as the uninterrupted fit.
    if (c.interruptEpoch !== null) {
      const whole = adamModel();
      whole.fit(X(), Y(), fitOptions());
      expect(weightsOf(resumed)).toEqual(weightsOf(whole));
    }
    // The model keeps the restored epoch (Keras' _initial_epoch): a later fit starts there.
    expect(resumed.fit(X(), Y(), fitOptions()).epoch).toEqual(c.laterFitEpochs);
  });

  it('reads Keras\' errors and checks its options', () => {
    expect(() => new tf.keras.callbacks.BackupAndRestore({ backupDir: '' })).toThrow(fixture.backup.errors.emptyDir.replace('backup_dir', 'backupDir'));
    expect(fixture.backup.errors.saveFreq).toContain('Invalid value for argument `save_freq`');
    expect(() => new tf.keras.callbacks.BackupAndRestore({ backupDir: 'b', saveFreq: 'batch' as never })).toThrow('Invalid value for argument `saveFreq`. Received: saveFreq="batch". Expected either \'epoch\' or an integer value');
    expect(() => new tf.keras.callbacks.BackupAndRestore({ backupDir: 'b', saveFreq: 0 })).toThrow(/saveFreq/);
    expect(() => new tf.keras.callbacks.BackupAndRestore({ backupDir: 'b', deleteCheckpoint: 'yes' as never })).toThrow(/deleteCheckpoint/);
    expect(() => new tf.keras.callbacks.BackupAndRestore(undefined as never)).toThrow(/Empty `backupDir`/);
  });

  it('a damaged backup without a previous one is an error naming the file; the backup is left as it is', () => {
    const backupDir = join(directory, 'backup');
    const first = adamModel();
    const crash = { onEpochBegin: (epoch: number) => { if (epoch === 1) throw new Error('interrupted'); } };
    expect(() => first.fit(X(), Y(), fitOptions([new tf.keras.callbacks.BackupAndRestore({ backupDir }), crash]))).toThrow('interrupted');
    writeFileSync(join(backupDir, 'latest.weights.h5'), 'not an HDF5 file');
    const resumed = adamModel();
    const before = weightsOf(resumed);
    expect(() => resumed.fit(X(), Y(), fitOptions([new tf.keras.callbacks.BackupAndRestore({ backupDir })]))).toThrow(/BackupAndRestore: cannot read the backup '.*latest\.weights\.h5'/);
    expect(weightsOf(resumed)).toEqual(before);
    expect(existsSync(join(backupDir, 'training_metadata.json'))).toBe(true);
  });
});
