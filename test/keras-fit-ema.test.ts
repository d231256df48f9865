// model.fit with an optimizer of useEma ends as Keras 3.15.1's: the trainable weights take the
// optimizer's moving averages when training ends (before onTrainEnd, also when a callback stops
// training or throws; not with epochs 0), and without useEma nothing changes. Fixture:
// test/fixtures/keras-fit-ema.json (KERAS_BACKEND=jax python scripts/keras_fit_ema_fixtures.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

interface Case {
  useEma: boolean;
  epochs: number;
  stopAfter: number | null;
  raiseAfter: number | null;
  raised: string | null;
  iterations: number;
  epochEnd: number[][] | null;
  trainEnd: number[][] | null;
  after: number[][];
  averages: number[][] | null;
}
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'keras-fit-ema.json'), 'utf8')) as {
  data: { x: number[][]; y: number[][] };
  cases: Record<string, Case>;
};
beforeEach(() => tf.keras.backend.clearSession());

const weightsOf = (model: tf.keras.Model): number[][] => model.getWeights().map((w) => Array.from(w.dataSync() as ArrayLike<number>));
const expectWeights = (actual: number[][] | null, expected: number[][] | null): void => {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  actual!.forEach((w, k) => w.forEach((v, i) => expect(v).toBeCloseTo(expected[k]![i]!, 5)));
};

/** The script's fit: Dense(1) from kernel 0.5 and bias 0, SGD(0.02, momentum 0.5, emaMomentum
 * 0.8), batches of 2 in order; a callback recording the weights (and stopping or throwing). */
function run(c: Case): { model: tf.keras.Model; optimizer: tf.keras.optimizers.Optimizer; epochEnd: number[][] | null; trainEnd: number[][] | null; raised: string | null } {
  const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
  model.setWeights([tf.constant([[0.5]]), tf.constant([0])]);
  const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.02, momentum: 0.5, useEma: c.useEma, emaMomentum: 0.8 });
  model.compile({ optimizer, loss: 'mse' });
  let batches = 0;
  const seen: { epochEnd: number[][] | null; trainEnd: number[][] | null } = { epochEnd: null, trainEnd: null };
  const callback = {
    onTrainBatchEnd: () => {
      batches++;
      if (c.stopAfter === batches) model.stopTraining = true;
      if (c.raiseAfter === batches) throw new Error('stopped by the test');
    },
    onEpochEnd: () => { seen.epochEnd = weightsOf(model); },
    onTrainEnd: () => { seen.trainEnd = weightsOf(model); },
  };
  let raised: string | null = null;
  try {
    model.fit(fixture.data.x, fixture.data.y, { batchSize: 2, epochs: c.epochs, shuffle: false, verbose: 0, callbacks: [callback] });
  } catch (e) {
    raised = (e as Error).message;
  }
  return { model, optimizer, ...seen, raised };
}

describe('fit with useEma ends with the moving averages, as Keras\' fit', () => {
  it.each(Object.keys(fixture.cases))('%s', (name) => {
    const c = fixture.cases[name]!;
    const { model, optimizer, epochEnd, trainEnd, raised } = run(c);
    expect(raised === null ? null : raised.includes(c.raised!)).toBe(c.raised === null ? null : true);
    expect(optimizer.iterations).toBe(c.iterations);
    // The callbacks see the trained weights at each epoch's end, the averages at the train end.
    expectWeights(epochEnd, c.epochEnd);
    expectWeights(trainEnd, c.trainEnd);
    expectWeights(weightsOf(model), c.after);
    if (c.useEma && c.iterations > 0) expectWeights(weightsOf(model), c.averages);
  });

  it('evaluate and predict leave the weights as they are; without useEma fit changes nothing at its end', () => {
    const ema = run(fixture.cases.ema_stopped!);
    const before = weightsOf(ema.model);
    ema.model.evaluate(fixture.data.x, fixture.data.y, { verbose: 0 });
    ema.model.predict(fixture.data.x, { verbose: 0 });
    expect(weightsOf(ema.model)).toEqual(before);
    // Without useEma the weights the last epoch's end saw are the weights after fit, exactly.
    const plain = run(fixture.cases.plain!);
    expect(weightsOf(plain.model)).toEqual(plain.epochEnd);
  });
});
