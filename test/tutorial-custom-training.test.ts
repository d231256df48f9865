// TensorFlow's "Custom training: walkthrough" (site/en/tutorials/customization/
// custom_training_walkthrough.ipynb, the penguins classifier) and "Custom layers"
// (site/en/tutorials/customization/custom_layers.ipynb), ported cell by cell.
//
// The walkthrough loads `penguins/processed` with tensorflow_datasets: four normalized float32
// features and an int64 species label (0 Adélie, 1 Chinstrap, 2 Gentoo), split 20:80 into test
// and train. There is no network (nor tfds) here, so a synthetic stand-in of the same structure
// is made in memory: three clusters of four features in [0, 1], one per species.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';

/** Captures what console.log would print while `fn` runs (one entry per call). */
function captureLog<T>(fn: () => T): [T, string[]] {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(format(...args));
  });
  try {
    return [fn(), lines];
  } finally {
    spy.mockRestore();
  }
}

/** A small deterministic generator (mulberry32), so the stand-in data are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The stand-in for `penguins/processed`: `n` rows of [culmen_length, culmen_depth,
 * flipper_length, body_mass], normalized to [0, 1], and the species. */
function syntheticPenguins(n: number, seed: number): { features: number[][]; species: number[] } {
  const next = rng(seed);
  // Cluster centres per species, after the real data's min-max normalization.
  const centres = [
    [0.25, 0.65, 0.25, 0.25], // Adélie: short culmen, deep bill, short flippers, light
    [0.65, 0.65, 0.35, 0.3], // Chinstrap: long culmen, deep bill
    [0.55, 0.2, 0.75, 0.7], // Gentoo: shallow bill, long flippers, heavy
  ];
  const features: number[][] = [];
  const species: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = Math.floor(next() * 3);
    features.push(centres[s]!.map((c) => Math.min(1, Math.max(0, c + (next() - 0.5) * 0.2))));
    species.push(s);
  }
  return { features, species };
}

describe('Custom training: walkthrough (penguins)', () => {
  // tfds.load("penguins/processed", split=['train[:20%]', 'train[20%:]'], as_supervised=True,
  // with_info=True): the stand-in dataset of (features, label) pairs, split as tfds splits it
  // (the first 20% of the rows for the test set).
  const N = 334;
  const { features: rows, species } = syntheticPenguins(N, 7);
  const full = tf.data.Dataset.fromTensorSlices([tf.constant(rows), tf.constant(species, 'int32')]);
  const testCount = Math.round(N * 0.2);
  const dsSplit = [full.take(testCount), full.skip(testCount)];
  const dsTest = dsSplit[0]!;
  const dsTrain = dsSplit[1]!;

  // Left out: tfds.as_dataframe(...) and print(info.features) (pandas and tfds' metadata), and the
  // matplotlib scatter plot of the batch.
  const classNames = ['Adélie', 'Chinstrap', 'Gentoo'];

  const dsTrainBatch = dsTrain.batch(32);
  let features!: tf.Tensor;
  let labels!: tf.Tensor;
  let model!: tf.keras.Sequential;
  let optimizer!: tf.keras.optimizers.SGD;

  const lossObject = new tf.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true });

  function loss(model: tf.keras.Model, x: tf.Tensor, y: tf.Tensor, training: boolean): tf.Tensor {
    // training=training is needed only if there are layers with different
    // behavior during training versus inference (e.g. Dropout).
    const y_ = model(x, { training });
    return lossObject(y, y_);
  }

  function grad(model: tf.keras.Model, inputs: tf.Tensor, targets: tf.Tensor): [tf.Tensor, (tf.Tensor | null)[]] {
    const tape = new tf.GradientTape();
    const lossValue = tape.record(() => loss(model, inputs, targets, true));
    return [lossValue, tape.gradient(lossValue, model.trainableVariables)];
  }

  it('splits the data as tfds does and batches it', () => {
    expect(dsTest).toBeInstanceOf(tf.data.Dataset);
    // 20% of 334 rows, rounded as tfds rounds a percent slice: 67 for the test set.
    expect(dsTest.cardinality().item()).toBe(67);
    expect(dsTrain.cardinality().item()).toBe(267);
    const [featureSpec, labelSpec] = dsTrain.elementSpec as [tf.TensorSpec, tf.TensorSpec];
    expect(featureSpec.shape).toEqual([4]);
    expect(featureSpec.dtype).toBe('float32');
    expect(labelSpec.shape).toEqual([]);
    expect(labelSpec.dtype).toBe('int32'); // TensorFlow's int64 (gradtape has no int64)

    // features, labels = next(iter(ds_train_batch)); print(features); print(labels)
    [[features, labels]] = [...dsTrainBatch.take(1)] as [tf.Tensor, tf.Tensor][];
    const [, out] = captureLog(() => {
      console.log(features);
      console.log(labels);
    });
    expect(features.shape).toEqual([32, 4]);
    expect(labels.shape).toEqual([32]);
    expect(out[0]!.startsWith('tf.Tensor(\n[[')).toBe(true);
    expect(out[0]!.endsWith('shape=(32, 4), dtype=float32)')).toBe(true);
    // (TensorFlow prints the same line with dtype=int64.)
    expect(out[1]).toBe(`tf.Tensor([${species.slice(testCount, testCount + 32).join(' ')}], shape=(32,), dtype=int32)`);
    // The rows are the ones after the test split's 24.
    expect(features.arraySync()[0]!.map((v: number) => Math.fround(v))).toEqual(rows[testCount]!.map((v) => Math.fround(v)));
  });

  it('builds the Sequential model of Dense layers and looks at its first predictions', () => {
    tf.keras.utils.setRandomSeed(1);
    model = new tf.keras.Sequential([
      new tf.keras.layers.Dense(10, { activation: tf.nn.relu, inputShape: [4] }), // input shape required
      new tf.keras.layers.Dense(10, { activation: tf.nn.relu }),
      new tf.keras.layers.Dense(3),
    ]);
    expect(model.built).toBe(true);
    expect(model.countParams()).toBe(4 * 10 + 10 + 10 * 10 + 10 + 10 * 3 + 3);

    // predictions = model(features); predictions[:5]
    const predictions = model(features);
    const first5 = tf.getitem(predictions, ':5');
    expect(predictions.shape).toEqual([32, 3]);
    expect(first5.shape).toEqual([5, 3]);
    expect(first5.arraySync()).toEqual(predictions.arraySync().slice(0, 5));

    // tf.nn.softmax(predictions[:5]): each row's probabilities sum to 1.
    const probabilities = tf.nn.softmax(first5);
    for (const row of probabilities.arraySync() as number[][]) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      for (const p of row) expect(p).toBeGreaterThan(0);
    }

    // print("Prediction: {}".format(tf.math.argmax(predictions, axis=1)))
    const [, out] = captureLog(() => {
      console.log(`Prediction: ${tf.math.argmax(predictions, 1)}`);
      console.log(`    Labels: ${labels}`);
    });
    const argmax = tf.math.argmax(predictions, 1);
    expect(argmax.dtype).toBe('int32');
    expect(argmax.shape).toEqual([32]);
    const rowsOfPredictions = predictions.arraySync() as number[][];
    expect(argmax.arraySync()).toEqual(rowsOfPredictions.map((r) => r.indexOf(Math.max(...r))));
    expect(out[0]).toBe(`Prediction: tf.Tensor([${argmax.dataSync().join(' ')}], shape=(32,), dtype=int32)`);
    expect(out[1]).toBe(`    Labels: tf.Tensor([${labels.dataSync().join(' ')}], shape=(32,), dtype=int32)`);
  });

  it('computes the loss and one gradient step with SGD', () => {
    // l = loss(model, features, labels, training=False)
    const l = loss(model, features, labels, false);
    expect(l.shape).toEqual([]);
    // An untrained model of three classes: near log(3) = 1.0986.
    expect(l.item()).toBeGreaterThan(0.5);
    expect(l.item()).toBeLessThan(2);
    // The same value by hand: the mean of logsumexp(logits) - logits[label].
    const logits = model(features).arraySync() as number[][];
    const ys = labels.arraySync() as number[];
    const byHand = logits.reduce((acc, r, i) => acc + Math.log(r.reduce((a, v) => a + Math.exp(v), 0)) - r[ys[i]!]!, 0) / logits.length;
    expect(l.item()).toBeCloseTo(byHand, 5);
    const [, out] = captureLog(() => console.log(`Loss test: ${l}`));
    expect(out[0]).toMatch(/^Loss test: tf\.Tensor\([0-9.]+, shape=\(\), dtype=float32\)$/);

    optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.01 });

    const [lossValue, grads] = grad(model, features, labels);
    expect(grads.length).toBe(6);
    expect(grads.map((g) => g!.shape)).toEqual(model.trainableVariables.map((v) => v.shape));
    expect(optimizer.iterations).toBe(0);
    const before = model.trainableVariables.map((v) => v.arraySync());
    optimizer.applyGradients(grads.map((g, i) => [g, model.trainableVariables[i]!] as const));
    expect(optimizer.iterations).toBe(1);
    // SGD without momentum: w ← w - 0.01·g.
    const kernel0 = model.trainableVariables[0]!.arraySync() as number[][];
    const g0 = grads[0]!.arraySync() as number[][];
    const w0 = before[0] as number[][];
    expect(kernel0[1]![2]!).toBeCloseTo(w0[1]![2]! - 0.01 * g0[1]![2]!, 6);
    const after = loss(model, features, labels, true);
    expect(after.item()).toBeLessThan(lossValue.item());
  });

  it('trains for epochs with Mean and SparseCategoricalAccuracy, then evaluates on the test set', () => {
    // Keep results for plotting
    const trainLossResults: tf.Tensor[] = [];
    const trainAccuracyResults: tf.Tensor[] = [];
    const numEpochs = 201;
    const [, out] = captureLog(() => {
      for (let epoch = 0; epoch < numEpochs; epoch++) {
        const epochLossAvg = new tf.keras.metrics.Mean();
        const epochAccuracy = new tf.keras.metrics.SparseCategoricalAccuracy();

        // Training loop - using batches of 32
        for (const [x, y] of dsTrainBatch) {
          // Optimize the model
          const [lossValue, grads] = grad(model, x, y);
          optimizer.applyGradients(grads.map((g, i) => [g, model.trainableVariables[i]!] as const));

          // Track progress
          epochLossAvg.updateState(lossValue); // Add current batch loss
          // Compare predicted label to actual label
          epochAccuracy.updateState(y, model(x, { training: true }));
        }

        // End epoch
        trainLossResults.push(epochLossAvg.result());
        trainAccuracyResults.push(epochAccuracy.result());

        if (epoch % 50 === 0) {
          console.log(`Epoch ${String(epoch).padStart(3, '0')}: Loss: ${epochLossAvg.result().item().toFixed(3)}, Accuracy: ${(epochAccuracy.result().item() * 100).toFixed(3)}%`);
        }
      }
    });
    // 267 training rows in batches of 32: 9 steps an epoch, after the one step above.
    expect(optimizer.iterations).toBe(1 + 9 * numEpochs);
    expect(out.length).toBe(5);
    expect(out.map((l) => l.slice(0, 10))).toEqual(['Epoch 000:', 'Epoch 050:', 'Epoch 100:', 'Epoch 150:', 'Epoch 200:']);
    expect(trainLossResults.length).toBe(numEpochs);
    expect(trainLossResults.at(-1)!.item()).toBeLessThan(trainLossResults[0]!.item());
    expect(trainAccuracyResults.at(-1)!.item()).toBeGreaterThan(0.9);
    // The metrics' values are scalars of floatx.
    expect(trainAccuracyResults[0]!.shape).toEqual([]);
    expect(trainAccuracyResults[0]!.dtype).toBe('float32');
    // Left out: the matplotlib figure of the loss and accuracy curves.

    // Evaluate the model on the test dataset
    const testAccuracy = new tf.keras.metrics.Accuracy();
    const dsTestBatch = dsTest.batch(10);
    let prediction!: tf.Tensor;
    let y!: tf.Tensor;
    for (const [x, yBatch] of dsTestBatch) {
      // training=False is needed only if there are layers with different
      // behavior during training versus inference (e.g. Dropout).
      const logits = model(x, { training: false });
      prediction = tf.math.argmax(logits, 1, 'int64');
      testAccuracy(prediction, yBatch);
      y = yBatch;
    }
    const [, printed] = captureLog(() => console.log(`Test set accuracy: ${(testAccuracy.result().item() * 100).toFixed(3)}%`));
    expect(printed[0]).toMatch(/^Test set accuracy: \d+\.\d{3}%$/);
    expect(testAccuracy.result().item()).toBeGreaterThan(0.9);
    // The accuracy by hand. Keras 3's accuracy(y_true, y_pred) takes the mean over the last axis,
    // so labels of shape (batch,) give one value per batch, and Accuracy (a Mean of it) averages
    // the 7 batches' accuracies alike, the last one of 7 rows too: not correct / 67.
    const testRows = rows.slice(0, testCount);
    const predicted = tf.math.argmax(model(testRows), 1).arraySync() as number[];
    const batchAccuracies: number[] = [];
    for (let start = 0; start < testCount; start += 10) {
      const batch = predicted.slice(start, start + 10);
      batchAccuracies.push(batch.filter((p, i) => p === species[start + i]).length / batch.length);
    }
    expect(testAccuracy.result().item()).toBeCloseTo(batchAccuracies.reduce((a, b) => a + b, 0) / batchAccuracies.length, 6);

    // tf.stack([y, prediction], axis=1): the last batch, 7 rows of (label, prediction).
    const pairs = tf.stack([y, prediction], 1);
    expect(pairs.shape).toEqual([7, 2]);
    expect(pairs.dtype).toBe('int32');
    expect((pairs.arraySync() as number[][]).map((r) => r[0])).toEqual(species.slice(60, 67));

    // model.evaluate(ds_test, return_dict=True), the tutorial's alternative, after compile.
  });

  it('predicts on unlabeled examples', () => {
    const predictDataset = tf.convertToTensor([
      [0.3, 0.8, 0.4, 0.5],
      [0.4, 0.1, 0.8, 0.5],
      [0.7, 0.9, 0.8, 0.4],
    ]);
    // training=False is needed only if there are layers with different
    // behavior during training versus inference (e.g. Dropout).
    const predictions = model(predictDataset, { training: false });
    const [, out] = captureLog(() => {
      let i = 0;
      // Python's `for i, logits in enumerate(predictions)` iterates the rows; gradtape's tensors are
      // not iterable (test runners' deep equality iterates iterables), so tf.unstack gives the rows.
      for (const logits of tf.unstack(predictions)) {
        const classIdx = tf.math.argmax(logits).numpy() as number;
        const p = tf.nn.softmax(logits).arraySync()[classIdx] as number;
        const name = classNames[classIdx];
        console.log(`Example ${i} prediction: ${name} (${(100 * p).toFixed(1).padStart(4)}%)`);
        i++;
      }
    });
    // Each line names the class of the largest logit, with its softmax probability.
    const expected = (predictions.arraySync() as number[][]).map((logits, i) => {
      const classIdx = logits.indexOf(Math.max(...logits));
      const sum = logits.reduce((a, v) => a + Math.exp(v), 0);
      return `Example ${i} prediction: ${classNames[classIdx]} (${((100 * Math.exp(logits[classIdx]!)) / sum).toFixed(1).padStart(4)}%)`;
    });
    expect(out).toEqual(expected);
    // The stand-in's Gentoo have shallow bills and long flippers, as the second example.
    expect(out[1]).toMatch(/^Example 1 prediction: Gentoo \( ?\d+\.\d%\)$/);
  });
});
