// The classifier worker: trains the MLP of mlp.ts on the page's 2-D points in short bursts,
// yielding between them so that new points, "stop" and "reset" arrive while it runs, and posts
// the class probabilities over a grid of the view every few steps for the page to draw as the
// decision map.
import * as tf from 'gradtape';
import { CLASSIFIER_VIEW, type ClassifierMessage, type ClassifierRequest, type LabelledPoint } from './messages';
import { Mlp } from './mlp';

const STEPS_PER_BURST = 5;
const POST_EVERY_STEPS = 10;

const post = (message: ClassifierMessage) => (self as unknown as Worker).postMessage(message);

let points: readonly LabelledPoint[] = [];
let mlp: Mlp | undefined;
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

function report(net: Mlp, loss: number): void {
  post({ type: 'progress', step: net.step, loss, accuracy: net.accuracy(points), probabilities: net.probabilities(gridInputs), running });
}

async function train(net: Mlp): Promise<void> {
  running = true;
  let loss = NaN;
  while (stepsLeft > 0 && points.length > 0) {
    // Bursts end on multiples of POST_EVERY_STEPS, where a report goes out.
    const toReport = POST_EVERY_STEPS - (net.step % POST_EVERY_STEPS);
    const burst = Math.min(STEPS_PER_BURST, stepsLeft, toReport);
    loss = net.train(points, burst);
    stepsLeft -= burst;
    if (net.step % POST_EVERY_STEPS === 0) report(net, loss);
    // Let queued messages (new points, stop, reset) in before the next burst.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  running = false;
  stepsLeft = 0;
  report(net, loss);
}

self.onmessage = async (event: MessageEvent<ClassifierRequest>) => {
  const request = event.data;
  try {
    await tf.ready();
    const net = (mlp ??= new Mlp(tf, 1, 0.03));
    switch (request.type) {
      case 'points':
        points = request.points;
        if (!running) report(net, NaN);
        break;
      case 'reset':
        net.reset(request.seed);
        if (!running) report(net, NaN);
        break;
      case 'train':
        net.setLearningRate(request.learningRate);
        stepsLeft = request.steps;
        if (!running) await train(net);
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
