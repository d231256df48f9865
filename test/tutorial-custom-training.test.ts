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
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { seededRandom } from './helpers/gradcheck';
import { captureLog } from './helpers/console';


const rng = seededRandom; // mulberry32: the stand-in data are the same on every run

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
    // print("TensorFlow version: ...") has no counterpart (gradtape is not TensorFlow); eager
    // execution is the default, as in TensorFlow 2.
    expect(tf.executingEagerly()).toBe(true);

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
    [features, labels] = dsTrainBatch[Symbol.iterator]().next().value as [tf.Tensor, tf.Tensor];
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
    expect((features.arraySync() as number[][])[0]!.map((v) => Math.fround(v))).toEqual(rows[testCount]!.map((v) => Math.fround(v)));
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
    expect(first5.arraySync()).toEqual((predictions.arraySync() as number[][]).slice(0, 5));

    // tf.nn.softmax(predictions[:5]): each row's probabilities sum to 1.
    const probabilities = tf.nn.softmax(first5);
    for (const row of probabilities.arraySync() as number[][]) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      for (const p of row) expect(p).toBeGreaterThan(0);
    }

    // print("Prediction: {}".format(tf.math.argmax(predictions, axis=1))): Python's format() of a
    // tensor is NumPy's text of its values (EagerTensor.__format__), which toStringValues() gives;
    // a template literal alone would give str()'s `tf.Tensor(...)`.
    const [, out] = captureLog(() => {
      console.log(`Prediction: ${tf.math.argmax(predictions, 1).toStringValues()}`);
      console.log(`    Labels: ${labels.toStringValues()}`);
    });
    const argmax = tf.math.argmax(predictions, 1);
    expect(argmax.dtype).toBe('int32');
    expect(argmax.shape).toEqual([32]);
    const rowsOfPredictions = predictions.arraySync() as number[][];
    expect(argmax.arraySync()).toEqual(rowsOfPredictions.map((r) => r.indexOf(Math.max(...r))));
    expect(out[0]).toBe(`Prediction: [${argmax.dataSync().join(' ')}]`);
    expect(out[1]).toBe(`    Labels: [${labels.dataSync().join(' ')}]`);
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
    const [, out] = captureLog(() => console.log(`Loss test: ${l.toStringValues()}`));
    // NumPy's shortest text of the float32 value, as TensorFlow prints it.
    expect(out[0]).toMatch(/^Loss test: \d\.\d+$/);
    expect(Math.fround(Number(out[0]!.slice('Loss test: '.length)))).toBe(l.item());

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
      prediction = tf.math.argmax(logits, 1, { outputType: tf.int64 });
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

    // The tutorial's alternative: model.evaluate(ds_test, return_dict=True), after compile (on
    // batches: the model takes rows of 4 features). 'accuracy' with integer labels is
    // SparseCategoricalAccuracy, one value per sample, so it is correct / 67 here.
    model.compile({ optimizer, loss: lossObject, metrics: ['accuracy'] });
    const logs = model.evaluate(dsTestBatch, { returnDict: true }) as Record<string, number>;
    const correct = predicted.filter((p, i) => p === species[i]).length;
    expect(logs.accuracy).toBeCloseTo(correct / testCount, 6);
    // The loss: the batches' mean losses weighted by their sizes, the mean over the 67 rows.
    expect(logs.loss).toBeCloseTo(lossObject(tf.constant(species.slice(0, testCount), 'int32'), model(testRows)).item(), 5);
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
        const p = (tf.nn.softmax(logits).arraySync() as number[])[classIdx]!;
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

describe('Custom training: walkthrough, the earlier CSV version (iris)', () => {
  // The notebook's earlier version read iris_training.csv with make_csv_dataset and packed the
  // features with pack_features_vector. A stand-in file of the same layout: a first line that is
  // not column names (iris_training.csv's "120,4,setosa,versicolor,virginica"), then rows of four
  // float measurements and an integer species.
  const dir = mkdtempSync(join(tmpdir(), 'gradtape-iris-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a dataset of (features, label) batches and packs the features', () => {
    const next = rng(11);
    const lines = ['120,4,setosa,versicolor,virginica'];
    const centres = [[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]];
    const labelsWritten: number[] = [];
    for (let i = 0; i < 120; i++) {
      const s = Math.floor(next() * 3);
      labelsWritten.push(s);
      lines.push([...centres[s]!.map((c) => (c + (next() - 0.5) * 0.4).toFixed(1)), s].join(','));
    }
    const trainDatasetFp = join(dir, 'iris_training.csv');
    writeFileSync(trainDatasetFp, `${lines.join('\n')}\n`);

    // column order in CSV file
    const columnNames = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'];
    const featureNames = columnNames.slice(0, -1);
    const labelName = columnNames.at(-1)!;
    expect(featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);

    const batchSize = 32;
    const trainDataset = tf.data.experimental.makeCsvDataset(trainDatasetFp, batchSize, { columnNames, labelName, numEpochs: 1 });

    // features, labels = next(iter(train_dataset)): a dict of the feature columns, in column order.
    const [features, labels] = [...trainDataset.take(1)][0]!;
    expect(Object.keys(features)).toEqual(featureNames);
    for (const name of featureNames) {
      expect((features[name] as tf.Tensor).shape).toEqual([32]);
      expect((features[name] as tf.Tensor).dtype).toBe('float32');
    }
    expect((labels as tf.Tensor).dtype).toBe('int32');

    function packFeaturesVector(features: Record<string, tf.Tensor>, labels: tf.Tensor): [tf.Tensor, tf.Tensor] {
      // Pack the features into a single array.
      return [tf.stack(Object.values(features), 1), labels];
    }
    // train_dataset = train_dataset.map(pack_features_vector)
    const packed = trainDataset.map((f, l) => packFeaturesVector(f as Record<string, tf.Tensor>, l as tf.Tensor));

    // Every row comes once (num_epochs=1, shuffled): 120 rows in batches of 32, 32, 32, 24.
    const batches = [...packed] as [tf.Tensor, tf.Tensor][];
    expect(batches.map(([x]) => x.shape)).toEqual([[32, 4], [32, 4], [32, 4], [24, 4]]);
    const allLabels = batches.flatMap(([, y]) => [...(y.dataSync() as Int32Array)]);
    expect(allLabels.sort()).toEqual([...labelsWritten].sort());
    // Each packed row is one of the file's rows, its columns in order.
    const fileRows = new Set(lines.slice(1).map((l) => l.split(',').slice(0, 4).map(Number).map(Math.fround).join(',')));
    for (const [x] of batches) for (const row of x.arraySync() as number[][]) expect(fileRows.has(row.join(','))).toBe(true);
  });
});

describe('Custom layers', () => {
  it('uses, inspects and builds Dense layers', () => {
    // In the tf.keras.layers package, layers are objects. To construct a layer,
    // simply construct the object.
    let layer = new tf.keras.layers.Dense(100);
    expect(layer.units).toBe(100);
    // The number of input dimensions can be given, as in Keras (Keras 3 warns against it).
    layer = new tf.keras.layers.Dense(10, { inputShape: [null, 5] });
    // To use a layer, simply call it.
    const y = layer(tf.zeros([10, 5]));
    expect(y.shape).toEqual([10, 10]);
    expect(y.arraySync()).toEqual(Array.from({ length: 10 }, () => Array(10).fill(0)));

    // layer.variables: the kernel and the bias (named in the layer's scope here; Keras 3's
    // variable names are 'kernel' and 'bias', its paths are gradtape's names).
    const name = layer.name;
    expect(layer.variables.map((v) => [v.name, v.path, v.shape])).toEqual([
      [`${name}/kernel`, `${name}/kernel`, [5, 10]],
      [`${name}/bias`, `${name}/bias`, [10]],
    ]);
    // The variables are also accessible through nice accessors
    expect(layer.kernel).toBe(layer.variables[0]);
    expect(layer.bias).toBe(layer.variables[1]);
  });

  it('implements a custom layer with addWeight in build', () => {
    class MyDenseLayer extends tf.keras.layers.Layer {
      numOutputs: number;
      kernel!: tf.Variable;
      constructor(numOutputs: number) {
        super();
        this.numOutputs = numOutputs;
      }
      override build(inputShape: (number | null)[]) {
        // The tutorial's self.add_weight("kernel", shape=[...]) is Keras 2's positional name,
        // which Keras 3 refuses with this ValueError; the name goes by keyword.
        expect(() => (this.addWeight as (...a: unknown[]) => tf.Variable)('kernel', { shape: [inputShape.at(-1)!, this.numOutputs] })).toThrow(
          "`name` must be passed as a keyword argument. Received: add_weight('kernel', ...). Use: addWeight({shape: ..., name: 'kernel'}).",
        );
        this.kernel = this.addWeight({ shape: [inputShape.at(-1)!, this.numOutputs], name: 'kernel' });
      }
      override call(input: tf.Tensor) {
        return tf.matmul(input, this.kernel);
      }
    }
    const layer = new MyDenseLayer(10);
    expect(layer.built).toBe(false);
    const x = tf.ones([10, 5]);
    const y = layer(x); // Calling the layer `.builds` it.
    expect(layer.built).toBe(true);
    expect(y.shape).toEqual([10, 10]);
    // x · kernel with x all ones: each output is a column sum of the kernel.
    const columnSums = tf.reduceSum(layer.kernel, 0).arraySync() as number[];
    (y.arraySync() as number[][]).forEach((row) => row.forEach((v, j) => expect(v).toBeCloseTo(columnSums[j]!, 5)));
    // print([var.name for var in layer.trainable_variables])
    const [, out] = captureLog(() => console.log(layer.trainableVariables.map((v) => v.name)));
    expect(out).toEqual([`[ '${layer.name}/kernel' ]`]);
    expect(layer.name).toMatch(/^my_dense_layer(_\d+)?$/);
  });

  class ResnetIdentityBlock extends tf.keras.Model {
    conv2a: tf.keras.layers.Conv2D;
    bn2a: tf.keras.layers.BatchNormalization;
    conv2b: tf.keras.layers.Conv2D;
    bn2b: tf.keras.layers.BatchNormalization;
    conv2c: tf.keras.layers.Conv2D;
    bn2c: tf.keras.layers.BatchNormalization;
    constructor(kernelSize: number, filters: [number, number, number]) {
      super({ name: '' });
      const [filters1, filters2, filters3] = filters;

      this.conv2a = new tf.keras.layers.Conv2D(filters1, [1, 1]);
      this.bn2a = new tf.keras.layers.BatchNormalization();

      this.conv2b = new tf.keras.layers.Conv2D(filters2, kernelSize, { padding: 'same' });
      this.bn2b = new tf.keras.layers.BatchNormalization();

      this.conv2c = new tf.keras.layers.Conv2D(filters3, [1, 1]);
      this.bn2c = new tf.keras.layers.BatchNormalization();
    }
    override call(inputTensor: tf.Tensor, { training = false }: { training?: boolean } = {}) {
      let x = this.conv2a(inputTensor);
      x = this.bn2a(x, { training });
      x = tf.nn.relu(x);

      x = this.conv2b(x);
      x = this.bn2b(x, { training });
      x = tf.nn.relu(x);

      x = this.conv2c(x);
      x = this.bn2c(x, { training });

      x = x.add(inputTensor); // x += input_tensor
      return tf.nn.relu(x);
    }
  }

  it('composes layers in a Model subclass: the ResNet identity block', () => {
    tf.keras.backend.clearSession();
    const block = new ResnetIdentityBlock(1, [1, 2, 3]);
    // super().__init__(name=''): Keras 3 takes any name without '/', the empty one too.
    expect(block.name).toBe('');
    const out = block(tf.zeros([1, 2, 3, 3]));
    expect(out.shape).toEqual([1, 2, 3, 3]);
    // Zeros in: every convolution gives its bias (zeros), batch normalization in inference
    // (moving mean 0, variance 1) gives ~0, plus the zero input, through relu.
    expect(Math.max(...(out.dataSync() as Float32Array))).toBe(0);
    // A non-zero input passes the shortcut: relu(bn(...) + x).
    const x = tf.random.uniform([1, 2, 3, 3], { seed: 3 });
    expect(block(x).shape).toEqual([1, 2, 3, 3]);

    // block.layers
    expect(block.layers.map((l) => String(l))).toEqual([
      '<Conv2D name=conv2d, built=True>',
      '<BatchNormalization name=batch_normalization, built=True>',
      '<Conv2D name=conv2d_1, built=True>',
      '<BatchNormalization name=batch_normalization_1, built=True>',
      '<Conv2D name=conv2d_2, built=True>',
      '<BatchNormalization name=batch_normalization_2, built=True>',
    ]);
    // len(block.variables): 3 convolutions' kernel and bias, 3 batch normalizations' gamma, beta,
    // moving mean and moving variance.
    expect(block.variables.length).toBe(18);
    expect(block.trainableVariables.length).toBe(12);

    // block.summary(): Keras' table, the sublayers' output shapes from the shapes they were built
    // with (a subclassed model has no symbolic graph), Model: "" for the empty name.
    const [, printed] = captureLog(() => block.summary());
    expect(printed.join('\n')).toBe(
      [
        'Model: ""',
        '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
        '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
        '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
        '│ conv2d (Conv2D)                 │ (1, 2, 3, 1)           │             4 │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ batch_normalization             │ (1, 2, 3, 1)           │             4 │',
        '│ (BatchNormalization)            │                        │               │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ conv2d_1 (Conv2D)               │ (1, 2, 3, 2)           │             4 │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ batch_normalization_1           │ (1, 2, 3, 2)           │             8 │',
        '│ (BatchNormalization)            │                        │               │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ conv2d_2 (Conv2D)               │ (1, 2, 3, 3)           │             9 │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ batch_normalization_2           │ (1, 2, 3, 3)           │            12 │',
        '│ (BatchNormalization)            │                        │               │',
        '└─────────────────────────────────┴────────────────────────┴───────────────┘',
        ' Total params: 41 (164.00 B)',
        ' Trainable params: 29 (116.00 B)',
        ' Non-trainable params: 12 (48.00 B)',
      ].join('\n'),
    );
  });

  it('stacks the same layers in a Sequential', () => {
    tf.keras.backend.clearSession();
    const mySeq = new tf.keras.Sequential([
      new tf.keras.layers.Conv2D(1, [1, 1], { inputShape: [null, null, 3] }),
      new tf.keras.layers.BatchNormalization(),
      new tf.keras.layers.Conv2D(2, 1, { padding: 'same' }),
      new tf.keras.layers.BatchNormalization(),
      new tf.keras.layers.Conv2D(3, [1, 1]),
      new tf.keras.layers.BatchNormalization(),
    ]);
    const y = mySeq(tf.zeros([1, 2, 3, 3]));
    expect(y.shape).toEqual([1, 2, 3, 3]);
    expect(y.arraySync()).toEqual(tf.zeros([1, 2, 3, 3]).arraySync());

    const [, printed] = captureLog(() => mySeq.summary());
    const table = printed.join('\n').split('\n');
    expect(table[0]).toBe('Model: "sequential"');
    expect(table[4]).toBe('│ conv2d (Conv2D)                 │ (None, None, None, 1)  │             4 │');
    expect(table.filter((l) => l.includes('(None, None, None, '))).toHaveLength(6);
    expect(table.slice(-3)).toEqual([' Total params: 41 (164.00 B)', ' Trainable params: 29 (116.00 B)', ' Non-trainable params: 12 (48.00 B)']);
  });
});

describe('fixes the port needed', () => {
  it("metrics are callable, as Keras 3's Metric.__call__: update_state, then result", () => {
    // The walkthrough's test_accuracy(prediction, y).
    const acc = new tf.keras.metrics.Accuracy();
    expect(typeof acc).toBe('function');
    expect(acc).toBeInstanceOf(tf.keras.metrics.Metric);
    expect(acc).toBeInstanceOf(tf.keras.metrics.Accuracy);
    expect(acc([[1], [2], [3], [4]], [[0], [2], [3], [4]]).item()).toBe(0.75);
    // The state accumulates across calls: 3 of 4, then 0 of 4.
    expect(acc([[1], [1], [1], [1]], [[0], [0], [0], [0]]).item()).toBe(0.375);
    expect(acc.result().item()).toBe(0.375);
    acc.resetState();
    // Sample weights pass through, as update_state's third argument.
    expect(acc([[1], [2], [3], [4]], [[0], [2], [3], [4]], [1, 1, 0, 0]).item()).toBe(0.5);
    expect(acc.name).toBe('accuracy');
    expect(String(acc)).toBe('<Accuracy name=accuracy>');
    const [, out] = captureLog(() => console.log(acc));
    expect(out).toEqual(['<Accuracy name=accuracy>']);
    // A Mean takes one argument; a named one keeps its name.
    const mean = new tf.keras.metrics.Mean({ name: 'loss' });
    expect(mean([1, 3]).item()).toBe(2);
    expect(mean(tf.constant(8)).item()).toBe(4);
    expect(mean.name).toBe('loss');

    // A subclass of Metric is callable too, its fields set on the callable instance.
    class Count extends tf.keras.metrics.Metric {
      private readonly n = this.addVariable([], 'n');
      updateState(values: tf.TensorLike) {
        this.n.assignAdd(tf.cast(tf.size(values), 'float32'));
      }
      result() {
        return this.n.value();
      }
    }
    const count = new Count();
    expect(count([1, 2, 3]).item()).toBe(3);
    expect(count([4]).item()).toBe(4);
    expect(count.name).toBe('count');
    expect(count.variables.length).toBe(1);

    // compile still takes a metric object as a Metric (not as a metric function).
    const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1, { kernelInitializer: 'ones' })]);
    const mae = new tf.keras.metrics.MeanAbsoluteError({ name: 'my_mae' });
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: [mae] });
    expect(model.evaluate([[1], [2]], [[1], [4]], { returnDict: true })).toEqual({ loss: 2, my_mae: 1 });
  });

  it("tf.math.argmax and argmin take TensorFlow's output_type (int32 indices for int64 or int32)", () => {
    const logits = tf.constant([[0.1, 2, -1], [3, 0, 3]]);
    for (const indices of [
      tf.math.argmax(logits, 1, { outputType: tf.int64 }),
      tf.math.argmax(logits, 1, 'int32'),
      tf.argmax(logits, { axis: 1, outputType: 'int64', name: 'ArgMax' }),
      tf.argMax(logits, 1, null, 'ArgMax'),
    ]) {
      expect(indices.dtype).toBe('int32');
      expect(indices.arraySync()).toEqual([1, 0]); // the first of the tied 3s
    }
    // axis=None is axis 0.
    expect(tf.math.argmax(logits, null).arraySync()).toEqual([1, 0, 1]);
    expect(tf.math.argmin(logits, { axis: -1 }).arraySync()).toEqual([2, 1]);
    // An output_type ArgMax does not take is TensorFlow's error, where it was silently ignored.
    expect(() => tf.math.argmax(logits, 1, 'float32' as 'int32')).toThrow(tf.errors.InvalidArgumentError);
    expect(() => tf.math.argmax(logits, 1, 'float32' as 'int32')).toThrow("Value for attr 'output_type' of float is not in the list of allowed values: int16, uint16, int32, int64 [Op:ArgMax]");
    expect(() => tf.math.argmin(logits, 1, 'int16' as 'int32')).toThrow('gradtape has no int16 dtype');
    expect(() => (tf.math.argmax as (...a: unknown[]) => tf.Tensor)(logits, 1, 'int32', 'a', 'b')).toThrow('argmax: got 4 optional arguments where at most 3 are taken (axis, outputType, name');
    expect(() => tf.math.argmax(logits, { dim: 1 } as never)).toThrow("unknown option 'dim'");
  });

  it("layer names follow Keras 3's rule (any string without '/'), not tf.Module's", () => {
    // ResnetIdentityBlock's super().__init__(name=''), and names that are not identifiers.
    expect(new tf.keras.layers.Dense(2, { name: '' }).name).toBe('');
    const dense = new tf.keras.layers.Dense(2, { name: 'dense-1 (head)' });
    dense(tf.ones([1, 3]));
    expect(dense.kernel!.name).toBe('dense-1 (head)/kernel');
    expect(new tf.keras.Model({ name: 'my model' }).name).toBe('my model');
    expect(() => new tf.keras.layers.Dense(2, { name: 'a/b' })).toThrow("Argument `name` must be a string and cannot contain character `/`. Received: name=a/b (of type <class 'str'>)");
    // tf.Module keeps TensorFlow's rule.
    expect(() => new tf.Module('my module')).toThrow("'my module' is not a valid module name.");
  });
});
