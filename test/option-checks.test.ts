// Every public function or constructor that takes an options object rejects a key it does not
// know, naming itself, the key and every option it accepts (a misspelt option is never silently
// ignored). A new API with an options object belongs in this table.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const x = tf.constant([[1, 2], [3, 4]]);
const BOGUS = { bogsu: 1 };

function recordedSquare() {
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  return { tape, y: tape.record(() => x.square()) };
}

const OPTIMIZER_BASE = ['learningRate', 'weightDecay', 'clipnorm', 'clipvalue', 'globalClipnorm', 'useEma', 'emaMomentum', 'emaOverwriteFrequency', 'gradientAccumulationSteps', 'name'];

/** [the name errors use, the call with an unknown key, the options it accepts] */
const CASES: [string, () => unknown, string[]][] = [
  ['GradientTape', () => new tf.GradientTape(BOGUS as never), ['persistent', 'watchAccessedVariables']],
  ['gradient', () => { const { tape, y } = recordedSquare(); return tape.gradient(y, x, BOGUS as never); }, ['outputGradients', 'unconnectedGradients']],
  ['jacobian', () => { const { tape, y } = recordedSquare(); return tape.jacobian(y, x, BOGUS as never); }, ['unconnectedGradients', 'experimentalUseVectorization', 'parallelIterations']],
  ['batchJacobian', () => { const { tape, y } = recordedSquare(); return tape.batchJacobian(y, x, BOGUS as never); }, ['unconnectedGradients', 'experimentalUseVectorization', 'parallelIterations']],
  ['jvp', () => { const acc = new tf.autodiff.ForwardAccumulator(x, x); return acc.jvp(acc.record(() => x.square()), BOGUS as never); }, ['unconnectedGradients']],
  ['Variable', () => new tf.Variable(1, BOGUS as never), ['trainable', 'name', 'dtype']],
  ['Adam', () => new tf.keras.optimizers.Adam(BOGUS as never), ['beta1', 'beta2', 'epsilon', 'amsgrad', ...OPTIMIZER_BASE]],
  ['SGD', () => new tf.keras.optimizers.SGD(BOGUS as never), ['momentum', 'nesterov', ...OPTIMIZER_BASE]],
  ['Adafactor', () => new tf.keras.optimizers.Adafactor(BOGUS as never), ['beta2Decay', 'epsilon1', 'epsilon2', 'clipThreshold', 'relativeStep', ...OPTIMIZER_BASE]],
  ['AdamW.excludeFromWeightDecay', () => new tf.keras.optimizers.AdamW().excludeFromWeightDecay({ varNames: ['bias'], ...BOGUS } as never), ['varList', 'varNames']],
  ['schedules.ExponentialDecay', () => new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5, ...BOGUS } as never), ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name']],
  ['schedules.CosineDecay', () => new tf.keras.optimizers.schedules.CosineDecay({ initialLearningRate: 1, decaySteps: 1, ...BOGUS } as never), ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps', 'name']],
  ['schedules.PiecewiseConstantDecay', () => new tf.keras.optimizers.schedules.PiecewiseConstantDecay({ boundaries: [1], values: [1, 2], ...BOGUS } as never), ['boundaries', 'values', 'name']],
  ['keras.losses.Huber', () => new tf.keras.losses.Huber(BOGUS as never), ['reduction', 'name', 'dtype', 'delta']],
  ['keras.losses.SparseCategoricalCrossentropy', () => new tf.keras.losses.SparseCategoricalCrossentropy(BOGUS as never), ['reduction', 'name', 'dtype', 'fromLogits', 'ignoreClass']],
  ['random.normal', () => tf.random.normal([2], BOGUS as never), ['mean', 'stddev', 'dtype', 'seed']],
  ['random.uniform', () => tf.random.uniform([2], BOGUS as never), ['minval', 'maxval', 'dtype', 'seed']],
  ['random.categorical', () => tf.random.categorical([[0, 0]], 2, BOGUS as never), ['dtype', 'seed']],
  ['stridedSlice', () => tf.stridedSlice(x, [0], [1], [1], BOGUS as never), ['beginMask', 'endMask', 'ellipsisMask', 'newAxisMask', 'shrinkAxisMask']],
  ['gather', () => tf.gather(x, [0], BOGUS as never), ['axis', 'batchDims']],
  ['oneHot', () => tf.oneHot([0], 2, BOGUS as never), ['onValue', 'offValue', 'axis', 'dtype']],
  ['meshgrid', () => tf.meshgrid([1, 2], [1, 2], BOGUS as never), ['indexing']],
  ['dropout', () => tf.nn.dropout(x, 0.5, BOGUS as never), ['noiseShape', 'seed']],
  ['softmaxCrossEntropyWithLogits', () => tf.nn.softmaxCrossEntropyWithLogits({ labels: x, logits: x, ...BOGUS } as never), ['labels', 'logits', 'axis']],
  ['curveFit', () => tf.optimize.curveFit((t, a) => t.mul(a!), [1, 2], [2, 4], [1], BOGUS as never), ['ftol', 'xtol', 'gtol', 'maxIterations', 'onIteration', 'method', 'bounds', 'loss', 'fScale', 'xScale', 'dtype', 'sigma', 'absoluteSigma']],
  ['leastSquares', () => tf.optimize.leastSquares((p) => p.sub(1), [0], BOGUS as never), ['ftol', 'xtol', 'gtol', 'maxIterations', 'onIteration', 'method', 'bounds', 'loss', 'fScale', 'xScale', 'dtype']],
  ['minimize', () => tf.optimize.minimize((p) => p.square().reduceSum(), [1], BOGUS as never), ['method', 'bounds', 'gtol', 'ftol', 'maxIterations', 'maxEvaluations', 'historySize', 'onIteration', 'xatol', 'fatol', 'adaptive']],
];

describe('options objects reject unknown keys, listing the accepted ones', () => {
  it.each(CASES)('%s', (name, call, accepted) => {
    let message = '';
    try {
      call();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.startsWith(`${name}: `), message).toBe(true);
    expect(message).toContain('bogsu');
    const listed = message.slice(message.lastIndexOf(': ') + 2);
    for (const option of accepted) expect(listed, option).toMatch(new RegExp(`\\b${option}\\b`));
  });

  it("optimizers keep Keras' deprecated `lr` alias of learningRate", () => {
    expect(new tf.keras.optimizers.Adam({ lr: 0.25 } as never).learningRate).toBe(0.25);
    expect(() => new tf.keras.optimizers.Adam({ lr: 0.25, learningRate: 0.1 } as never)).toThrow(/Adam: pass learningRate or its deprecated alias lr, not both/);
  });
});
