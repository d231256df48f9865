// The classifier panel's network: an MLP 2 -> 24 -> 24 -> 3 (tanh) trained full-batch with Adam
// on sparse categorical cross-entropy. gradtape comes in as an argument, so that the worker and
// the Node test (test/demo-classifier.test.ts) run the same code on the same bundle.
import type * as tf from 'gradtape';
import { CLASSES, type LabelledPoint } from './messages';

const HIDDEN = 24;

export class Mlp {
  private variables: tf.Variable[] = [];
  private optimizer!: InstanceType<typeof tf.keras.optimizers.Adam>;
  private readonly lossFn: InstanceType<typeof tf.keras.losses.SparseCategoricalCrossentropy>;
  /** Training steps since the last reset. */
  step = 0;

  constructor(private readonly gt: typeof tf, seed: number, private learningRate: number) {
    this.lossFn = new gt.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true });
    this.reset(seed);
  }

  /** New random weights (He-style scale for tanh: 1/fan-in) and a fresh optimizer. */
  reset(seed: number): void {
    const gt = this.gt;
    gt.random.setSeed(seed);
    const dense = (fanIn: number, fanOut: number) => [
      new gt.Variable(gt.random.normal([fanIn, fanOut], { stddev: Math.sqrt(1 / fanIn) })),
      new gt.Variable(gt.zeros([fanOut])),
    ];
    for (const v of this.variables) v.dispose();
    this.variables = [...dense(2, HIDDEN), ...dense(HIDDEN, HIDDEN), ...dense(HIDDEN, CLASSES)];
    this.optimizer = new gt.keras.optimizers.Adam({ learningRate: this.learningRate });
    this.step = 0;
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
    this.optimizer.learningRate = learningRate;
  }

  /** `steps` Adam steps on all the points; returns the loss of the last one. */
  train(points: readonly LabelledPoint[], steps: number): number {
    const gt = this.gt;
    const x = gt.constant(points.map((p) => [p.x, p.y]));
    const y = gt.constant(points.map((p) => p.label), 'int32');
    let loss = NaN;
    for (let i = 0; i < steps; i++) {
      loss = this.optimizer.minimize(() => this.lossFn.call(y, this.logits(x)), this.variables).item();
      this.step++;
    }
    x.dispose();
    y.dispose();
    return loss;
  }

  /** The share of the points whose most probable class is their label (NaN without points). */
  accuracy(points: readonly LabelledPoint[]): number {
    if (points.length === 0) return NaN;
    const gt = this.gt;
    const predicted = gt.tidy(() => gt.argmax(this.logits(gt.constant(points.map((p) => [p.x, p.y]))), 1).dataSync());
    return points.filter((p, i) => predicted[i] === p.label).length / points.length;
  }

  /** Class probabilities at n points given as 2n coordinates: n rows of CLASSES values. */
  probabilities(coordinates: Float32Array): Float32Array {
    const gt = this.gt;
    return gt.tidy(() => Float32Array.from(gt.nn.softmax(this.logits(gt.reshape(gt.constant(coordinates), [coordinates.length / 2, 2]))).dataSync()));
  }

  private logits(x: tf.Tensor): tf.Tensor {
    const gt = this.gt;
    const [w1, b1, w2, b2, w3, b3] = this.variables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
    const h1 = gt.tanh(gt.matmul(x, w1).add(b1));
    const h2 = gt.tanh(gt.matmul(h1, w2).add(b2));
    return gt.matmul(h2, w3).add(b3);
  }
}
