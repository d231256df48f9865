// Compiled (never run) by test/optimizer-types.test.ts with tsc against the built package's
// declarations: the optimizer classes are values and types, under tf.optimizers,
// tf.keras.optimizers and as named type exports.
import * as tf from 'gradtape';
import type { Adafactor, Adam, AdamW, Adadelta, Adagrad, Adamax, Ftrl, Lamb, Lion, Nadam, Optimizer, RMSprop, SGD } from 'gradtape';
import type { keras } from 'gradtape';

const rmsprop: tf.keras.optimizers.RMSprop = new tf.keras.optimizers.RMSprop({ rho: 0.8, centered: true });
const asNamed: RMSprop = rmsprop;
const viaNamespace: keras.optimizers.RMSprop = asNamed;
const adam: tf.optimizers.Adam = new tf.optimizers.Adam({ learningRate: (step) => 0.1 * 0.9 ** step, clipnorm: 1 });
const adamW: AdamW = new tf.keras.optimizers.AdamW({ weightDecay: 0.01, amsgrad: true });
const all: Optimizer[] = [
  viaNamespace, adam, adamW,
  new tf.keras.optimizers.SGD({ momentum: 0.9, nesterov: true }) satisfies SGD,
  new tf.keras.optimizers.Nadam() satisfies Nadam,
  new tf.keras.optimizers.Adagrad({ initialAccumulatorValue: 0.5 }) satisfies Adagrad,
  new tf.keras.optimizers.Adadelta({ rho: 0.9 }) satisfies Adadelta,
  new tf.keras.optimizers.Adamax({ beta2: 0.99 }) satisfies Adamax,
  new tf.keras.optimizers.Lion({ beta1: 0.95, weightDecay: 0.1 }) satisfies Lion,
  new tf.keras.optimizers.Ftrl({ l1RegularizationStrength: 0.01, learningRatePower: -0.5 }) satisfies Ftrl,
  new tf.keras.optimizers.Lamb({ globalClipnorm: 1 }) satisfies Lamb,
  new tf.keras.optimizers.Adafactor({ relativeStep: false, clipThreshold: 2 }) satisfies Adafactor,
];
const rate: number = all[0]!.learningRate;
const rho: number = rmsprop.rho;
const centered: boolean = rmsprop.centered;
const decay: number = adamW.weightDecay;
export { rate, rho, centered, decay };

const schedule: tf.keras.optimizers.schedules.CosineDecay = new tf.keras.optimizers.schedules.CosineDecay({ initialLearningRate: 0.1, decaySteps: 100 });
const asBase: keras.optimizers.schedules.LearningRateSchedule = schedule;
const scheduled: tf.keras.optimizers.Lamb = new tf.keras.optimizers.Lamb({ learningRate: asBase });
const firstRate: number = asBase(0) + scheduled.learningRate;
export { firstRate };

const w = new tf.Variable([1, 2]);
const loss: tf.Tensor = adam.minimize(() => w.square().reduceSum(), [w]);
adam.apply([tf.onesLike(w)], [w]);
const it: number = adam.applyGradients([[tf.onesLike(w), w]]);
export { loss, it };

// @ts-expect-error an option Lion does not have
new tf.keras.optimizers.Lion({ rho: 0.9 });
// @ts-expect-error an SGD is not an Adam
const wrong: tf.keras.optimizers.Adam = new tf.keras.optimizers.SGD();
export { wrong };
