// What `model.compile` resolves (keras/src/trainers/compile_utils.py): the loss as a function of
// (yTrue, yPred) returning a scalar, and each metric as a stateful Metric named as Keras names it
// (the string given, e.g. 'mae' or 'accuracy'; a metric object's own name; a function's name).

import { describe } from '../describe';
import * as losses from '../losses';
import * as metrics from '../metrics';
import type { Tensor, TensorLike } from '../tensor';

/** A loss for `compile`: a `tf.keras.losses` name ('mse', 'sparse_categorical_crossentropy'), a
 * loss object, or a function of (yTrue, yPred) giving per-sample losses. */
export type LossLike = string | losses.Loss | ((yTrue: TensorLike, yPred: TensorLike) => Tensor);

/** A metric for `compile`: a `tf.keras.metrics` name ('mae', 'accuracy'), a Metric, or a function
 * of (yTrue, yPred) giving per-sample values (averaged by a MeanMetricWrapper). */
export type MetricLike = string | metrics.Metric | ((yTrue: TensorLike, yPred: TensorLike) => Tensor);

/** Keras' LossFunctionWrapper: a loss object of a per-sample function, reduced 'sum_over_batch_size'
 * (the weighted values' sum over their count), ranks of labels and predictions reconciled first. */
class FunctionLoss extends losses.Loss {
  readonly #fn: (yTrue: TensorLike, yPred: TensorLike) => Tensor;
  constructor(fn: (yTrue: TensorLike, yPred: TensorLike) => Tensor) {
    super({}, fn.name || 'loss', 'LossFunctionWrapper');
    this.#fn = fn;
  }
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    const [t, p] = losses.squeezeOrExpandToSameRank(yTrue, yPred);
    return this.#fn(t, p);
  }
}

/** The compiled loss of (yTrue, yPred, sampleWeight?): a Loss object as it is, a function (or a
 * name's function) wrapped as Keras wraps it. */
export function resolveLoss(identifier: LossLike, op: string): (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) => Tensor {
  let loss: losses.Loss | losses.LossFunction | null;
  try {
    loss = losses.get(identifier as Parameters<typeof losses.get>[0]);
  } catch (e) {
    throw new Error(`${op}: ${(e as Error).message}`);
  }
  if (loss === null) throw new Error(`${op}: could not interpret loss ${describe(identifier)}.`);
  const object = loss instanceof losses.Loss ? loss : new FunctionLoss(loss);
  return (yTrue, yPred, sampleWeight) => object.call(yTrue, yPred, sampleWeight);
}

/** Keras' is_binary_or_sparse_categorical: which accuracy 'accuracy' means for these shapes. */
function accuracyFor(yTrue: readonly number[], yPred: readonly number[], name: string): metrics.Metric {
  const trueLast = yTrue[yTrue.length - 1];
  const predLast = yPred[yPred.length - 1];
  if (predLast === 1) return new metrics.BinaryAccuracy({ name });
  if (yTrue.length < yPred.length || (trueLast === 1 && predLast !== undefined && predLast > 1)) return new metrics.SparseCategoricalAccuracy({ name });
  return new metrics.CategoricalAccuracy({ name });
}

/** Keras' get_metric: the metric for `identifier`, given the shapes of a batch's labels and predictions. */
export function resolveMetric(identifier: MetricLike, yTrue: readonly number[], yPred: readonly number[], op: string): metrics.Metric {
  if (identifier instanceof metrics.Metric) return identifier;
  if (typeof identifier === 'string') {
    if (['accuracy', 'acc'].includes(identifier.toLowerCase())) return accuracyFor(yTrue, yPred, identifier);
    try {
      // Named as given ('mae' stays 'mae'), as Keras sets metric_obj.name = identifier.
      return metrics.deserialize({ className: identifier, config: { name: identifier } });
    } catch (e) {
      throw new Error(`${op}: ${(e as Error).message}`);
    }
  }
  if (typeof identifier === 'function') {
    const name = identifier.name || 'mean_metric_wrapper';
    return new metrics.MeanMetricWrapper(identifier as metrics.MetricFunction, { name });
  }
  throw new Error(`${op}: Could not interpret metric identifier: ${describe(identifier)}; use a name, a tf.keras.metrics object or a function.`);
}
