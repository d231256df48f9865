// The classifier worker: a small MLP (2 -> 24 -> 24 -> 3, tanh) trained with Adam on the page's
// 2-D points, full batch. It trains in short bursts and yields between them, so that new points,
// "stop" and "reset" arrive while it runs, and posts the class probabilities over a grid of the
// view every few steps for the page to draw as the decision map.
import * as tf from 'gradtape';
import { CLASSES, CLASSIFIER_VIEW, type ClassifierMessage, type ClassifierRequest, type LabelledPoint } from './messages';

const HIDDEN = 24;
const STEPS_PER_BURST = 5;
const POST_EVERY_STEPS = 10;

const post = (message: ClassifierMessage) => (self as unknown as Worker).postMessage(message);

let points: readonly LabelledPoint[] = [];
let variables: tf.Variable[] = [];
let optimizer: tf.keras.optimizers.Adam | undefined;
let learningRate = 0.03;
let step = 0;
let stepsLeft = 0;
let running = false;

/** The grid's centres, row-major from the top-left corner: the points the decision map shows. */
const gridInputs = (() => {
  const { xMin, xMax, yMin, yMax, gridSize } = CLASSIFIER_VIEW;
  const values = new Float32Array(gridSize * gridSize * 2);
  for (let row = 0; row < gridSize; row++) {
    for (let col = 0; col < gridSize; col++) {
      const i = row * gridSize + col;
      values[2 * i] = xMin + ((col + 0.5) / gridSize) * (xMax - xMin);
      values[2 * i + 1] = yMax - ((row + 0.5) / gridSize) * (yMax - yMin);
    }
  }
  return values;
})();

function resetWeights(seed: number): void {
  tf.random.setSeed(seed);
  const dense = (fanIn: number, fanOut: number) => [
    new tf.Variable(tf.random.normal([fanIn, fanOut], { stddev: Math.sqrt(1 / fanIn) })),
    new tf.Variable(tf.zeros([fanOut])),
  ];
  variables = [...dense(2, HIDDEN), ...dense(HIDDEN, HIDDEN), ...dense(HIDDEN, CLASSES)];
  optimizer = new tf.keras.optimizers.Adam({ learningRate });
  step = 0;
}

function logits(x: tf.Tensor): tf.Tensor {
  const [w1, b1, w2, b2, w3, b3] = variables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const h1 = tf.tanh(tf.matmul(x, w1).add(b1));
  const h2 = tf.tanh(tf.matmul(h1, w2).add(b2));
  return tf.matmul(h2, w3).add(b3);
}

const lossFn = new tf.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true });

function report(loss: number): void {
  const { accuracy, probabilities } = tf.tidy(() => {
    let accuracy = NaN;
    if (points.length > 0) {
      const x = tf.constant(points.map((p) => [p.x, p.y]));
      const predicted = tf.argmax(logits(x), 1).dataSync();
      accuracy = points.filter((p, i) => predicted[i] === p.label).length / points.length;
    }
    const grid = tf.reshape(tf.constant(gridInputs), [gridInputs.length / 2, 2]);
    return { accuracy, probabilities: Float32Array.from(tf.nn.softmax(logits(grid)).dataSync()) };
  });
  post({ type: 'progress', step, loss, accuracy, probabilities, running });
}

async function train(): Promise<void> {
  running = true;
  let loss = NaN;
  while (stepsLeft > 0 && points.length > 0) {
    const burst = Math.min(STEPS_PER_BURST, stepsLeft);
    const x = tf.constant(points.map((p) => [p.x, p.y]));
    const y = tf.constant(points.map((p) => p.label), 'int32');
    for (let i = 0; i < burst; i++) {
      loss = optimizer!.minimize(() => lossFn.call(y, logits(x)), variables).item();
      step++;
      stepsLeft--;
      if (step % POST_EVERY_STEPS === 0) report(loss);
    }
    x.dispose();
    y.dispose();
    // Let queued messages (new points, stop, reset) in before the next burst.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  running = false;
  stepsLeft = 0;
  report(loss);
}

self.onmessage = async (event: MessageEvent<ClassifierRequest>) => {
  const request = event.data;
  try {
    await tf.ready();
    if (variables.length === 0) resetWeights(1);
    switch (request.type) {
      case 'points':
        points = request.points;
        if (!running) report(NaN);
        break;
      case 'reset':
        resetWeights(request.seed);
        if (!running) report(NaN);
        break;
      case 'train':
        if (request.learningRate !== learningRate) {
          learningRate = request.learningRate;
          optimizer!.learningRate = learningRate;
        }
        stepsLeft = request.steps;
        if (!running) await train();
        break;
      case 'stop':
        stepsLeft = 0;
        break;
    }
  } catch (e) {
    running = false;
    stepsLeft = 0;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
