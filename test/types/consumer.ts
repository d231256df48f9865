// Compiled (never run) by test/packed-tarball.test.ts in a clean project that installed the packed
// tarball: strict, `lib: ["es2022", "dom"]` (no esnext.disposable), no skipLibCheck, under
// moduleResolution node16 and bundler. Every public class is a value and a type; internals are not.
import * as tf from 'gradtape';
import type { Adam, CosineDecay, ForwardAccumulator, GradientTape, Huber, LearningRateSchedule, Loss, Tensor, Variable } from 'gradtape';

const x: tf.Tensor = tf.constant([1, 2], 'float64');
const v: tf.Variable = new tf.Variable([3, 4]);
const tape: tf.GradientTape = new tf.GradientTape();
const y = tape.record(() => v.mul(x).reduceSum());
const grad: Tensor | null = tape.gradient(y, v);
const adam: tf.keras.optimizers.Adam = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
const schedule: tf.keras.optimizers.schedules.CosineDecay = new tf.keras.optimizers.schedules.CosineDecay({ initialLearningRate: 0.1, decaySteps: 10 });
const huber: tf.keras.losses.Huber = new tf.keras.losses.Huber({ delta: 0.5 });
const loss: tf.keras.losses.Loss = new tf.keras.losses.MeanSquaredError();
const acc: tf.autodiff.ForwardAccumulator = new tf.autodiff.ForwardAccumulator(x, tf.onesLike(x));
const checkpoint: tf.train.Checkpoint = new tf.train.Checkpoint({ v, adam });
const named: [Tensor, Variable, GradientTape, Adam, CosineDecay, LearningRateSchedule, Huber, Loss, ForwardAccumulator] = [x, v, tape, adam, schedule, schedule, huber, loss, acc];
const value: number = huber(x, x).item() + loss.call(x, x).item() + schedule(1);
export { grad, named, value, checkpoint };

// @ts-expect-error a Tensor's wasm handle is internal
x._h;
// @ts-expect-error constant's third parameter is internal
tf.constant(1, 'float32', 'myOp');
// @ts-expect-error an SGD is not an Adam
const wrong: tf.keras.optimizers.Adam = new tf.keras.optimizers.SGD();
export { wrong };
