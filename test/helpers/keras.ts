// Helpers shared by the Keras tests.
import { expect } from 'vitest';
import * as tf from 'gradtape';

/** A Dense layer with the given kernel ([inputs, units]) and bias, built. */
export function denseWith(kernel: number[][], bias: number[], options: tf.DenseOptions = {}): tf.keras.layers.Dense {
  const dense = new tf.keras.layers.Dense(bias.length, options);
  dense.build([null, kernel.length]);
  dense.setWeights([kernel, bias]);
  return dense;
}

/** A tensor's values as numbers. */
export const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);

/** `scale · sin(freq · i + phase)` over the flat indices, float32: the Keras fixture scripts'
 * `pattern` (scripts/keras_fixture_helpers.py). */
export function pattern(shape: number[], phase: number, scale = 0.5, freq = 1.3): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.reshape(tf.constant(Array.from({ length: n }, (_, i) => scale * Math.sin(freq * i + phase)), 'float32'), shape);
}

/** Weight i of `layer` (a layer or a model) set to pattern(its shape, i + 1), as the fixture scripts set them. */
export function setPatternWeights(layer: tf.keras.layers.Layer): void {
  layer.setWeights(layer.weights.map((w, i) => pattern(w.shape, i + 1)));
}

/** The fixture scripts' sequences: [batch 2, 4 timesteps, 3 features]. */
export const fixtureSequences = (): tf.Tensor => pattern([2, 4, 3], 0.3, 0.8, 0.9);
/** The fixture scripts' mask of those sequences: sample 0 skips timestep 2, sample 1 its first and last. */
export const fixtureMask = (): tf.Tensor => tf.constant([[true, true, false, true], [false, true, true, false]], 'bool');
/** An initial state [batch 2, units] of the fixture scripts. */
export const fixtureState = (units: number, phase: number): tf.Tensor => pattern([2, units], phase, 0.6, 0.8);

/** Each value within 1e-5 relative (plus 1e-6 absolute) of Keras' float32 result. */
export function expectClose(actual: tf.Tensor | number[], expected: number[], what = ''): void {
  const got = Array.isArray(actual) ? actual : values(actual);
  expect(got.length, `${what} length`).toBe(expected.length);
  const worst = got.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i]!) - 1e-5 * Math.abs(expected[i]!)), -Infinity);
  expect(worst, `${what}: worst excess over the tolerance`).toBeLessThanOrEqual(1e-6);
}

/** Keras' loss and gradients of one case: the gradients of the variables, then of the watched inputs. */
export interface KerasGradients {
  loss: number;
  grads: number[][];
}

/**
 * The loss `lossOf(...inputs)` and its gradients with respect to `variables` and the first
 * `watched` inputs, computed under a GradientTape, checked against Keras' (`want`), then computed
 * again inside tf.function, which must give the eager values exactly.
 */
export function expectKerasGradients(what: string, lossOf: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], variables: tf.Variable[], want: KerasGradients, watched = 0): void {
  const lossAndGrads = (...args: tf.Tensor[]): tf.Tensor[] => {
    const tape = new tf.GradientTape();
    const watchedInputs = args.slice(0, watched);
    if (watchedInputs.length > 0) tape.watch(watchedInputs);
    const loss = tape.record(() => lossOf(...args));
    return [loss, ...tape.gradient(loss, [...variables, ...watchedInputs]).map((g) => g!)];
  };
  const eager = lossAndGrads(...inputs);
  expect(eager.length - 1, `${what}: the number of gradients`).toBe(want.grads.length);
  expectClose([eager[0]!.item() as number], [want.loss], `${what} loss`);
  const names = [...variables.map((v) => v.name), ...inputs.slice(0, watched).map((_, i) => `input ${i}`)];
  eager.slice(1).forEach((g, i) => expectClose(g, want.grads[i]!, `${what} gradient of ${names[i]}`));
  const compiled = tf.function(lossAndGrads)(...inputs) as tf.Tensor[];
  expect(compiled.map(values)).toEqual(eager.map(values));
}

/** A layer case of the fixtures: its outputs (flat), their shapes and the masks they carry, and
 * the loss and gradients of the scripts' fixed loss. */
export interface KerasLayerCase extends KerasGradients {
  outputs: number[][];
  output_shapes: number[][];
  output_masks: (number[] | null)[];
}

/** A model of the fixtures: evaluate's and predict's results (and predict's of the spec's `extra`
 * inputs), fit's History and the weights after it. */
export interface KerasFitCase {
  evaluate: Record<string, number>;
  predict: number[];
  predict_extra?: number[];
  history: Record<string, number[]>;
  weights: number[][];
}

/** How a fit fixture's model is made, its inputs, targets, optimizer and metrics, and other inputs it predicts. */
export interface FitSpec {
  make: () => tf.keras.Model;
  x: () => tf.Tensor | tf.Tensor[];
  y: () => tf.Tensor;
  optimizer: () => tf.keras.optimizers.Optimizer;
  metrics?: string[];
  extra?: () => tf.Tensor;
}

/** The model with the scripts' weights, compiled with the mse loss: evaluate and predict (batches
 * of 4), then 3 epochs of fit (batches of 4, not shuffled) give Keras' numbers eagerly, and the same
 * ones compiled. */
export function expectKerasFit(what: string, spec: FitSpec, want: KerasFitCase): void {
  const run = (runEagerly: boolean) => {
    tf.keras.backend.clearSession();
    const model = spec.make();
    setPatternWeights(model);
    model.compile({ optimizer: spec.optimizer(), loss: 'mse', metrics: spec.metrics ?? [], runEagerly });
    const evaluated = model.evaluate(spec.x(), spec.y(), { batchSize: 4, returnDict: true }) as Record<string, number>;
    const predicted = values(model.predict(spec.x(), { batchSize: 4 }));
    const extra = spec.extra === undefined ? null : values(model.predict(spec.extra()));
    const history = model.fit(spec.x(), spec.y(), { epochs: 3, batchSize: 4, shuffle: false }).history;
    return { evaluated, predicted, extra, history, weights: model.getWeights().map(values) };
  };
  const eager = run(true);
  for (const [key, value] of Object.entries(want.evaluate)) expectClose([eager.evaluated[key]!], [value], `${what} evaluate ${key}`);
  expectClose(eager.predicted, want.predict, `${what} predict`);
  if (want.predict_extra !== undefined) expectClose(eager.extra!, want.predict_extra, `${what} predict of the extra inputs`);
  for (const [key, series] of Object.entries(want.history)) expectClose(eager.history[key]!, series, `${what} history ${key}`);
  eager.weights.forEach((w, i) => expectClose(w, want.weights[i]!, `${what} weight ${i}`));
  expect(run(false)).toEqual(eager);
}

/** A tensor's Keras mask as numbers (1 kept, 0 masked), or null where it carries none. */
export const maskOf = (t: tf.Tensor): number[] | null => (t.kerasMask === null ? null : values(tf.cast(t.kerasMask, 'float32')));

/** A case's outputs as Keras gives them: their shapes, their values and the masks they carry. */
export function expectKerasOutputs(what: string, outputs: tf.Tensor[], want: KerasLayerCase): void {
  expect(outputs.map((t) => t.shape)).toEqual(want.output_shapes);
  outputs.forEach((t, i) => {
    expectClose(t, want.outputs[i]!, `${what} output ${i}`);
    expect(maskOf(t), `${what} output ${i}'s mask`).toEqual(want.output_masks[i]);
  });
}

/** Tensors of a nested result, in order (Keras' tree.flatten). */
export const flat = (out: unknown): tf.Tensor[] => (out instanceof tf.Tensor ? [out] : (out as unknown[]).flatMap(flat));

/** A sequence case of the fixtures: its layer, and whether the call takes the fixture's mask and
 * which initial states (nested as Keras takes them: a list per stacked cell). */
export type SequenceCase = [() => tf.keras.layers.Layer, { mask?: boolean; states?: () => tf.Tensor[] | tf.Tensor[][] }];

/** A case's layer built for the fixture's sequences [2, 4, 3] with the scripts' weights, its
 * initial states flat (as the gradients watch them), and its call on `x` with those states (or
 * others, flat) given in the case's structure; the call's results flat. */
export function sequenceCase([make, given]: SequenceCase): { layer: tf.keras.layers.Layer; call: (x: tf.Tensor, states?: tf.Tensor[]) => tf.Tensor[]; states: tf.Tensor[] } {
  const layer = make();
  layer.build([2, 4, 3]);
  setPatternWeights(layer);
  const mask = given.mask ? fixtureMask() : undefined;
  const nested = given.states?.() ?? [];
  const states = flat(nested);
  const repack = (list: tf.Tensor[]): unknown => {
    let next = 0;
    const pack = (s: unknown): unknown => (s instanceof tf.Tensor ? list[next++] : (s as unknown[]).map(pack));
    return pack(nested);
  };
  const call = (x: tf.Tensor, initialState: tf.Tensor[] = states): tf.Tensor[] =>
    flat(layer(x, { mask, ...(initialState.length > 0 ? { initialState: repack(initialState) as tf.Tensor[] } : {}) }));
  return { layer, call, states };
}

/** A layer's result as a list: its one output, or its outputs and states. */
export const asList = (out: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(out) ? out : [out]);

/** The fixture scripts' loss: sum(first output · C) + ½ Σ sum(other output²), C = pattern(first
 * output's shape, 0.7, 1, 0.6). */
export function fixtureLoss(outputs: tf.Tensor[]): tf.Tensor {
  const c = pattern(outputs[0]!.shape, 0.7, 1, 0.6);
  let total = tf.reduceSum(tf.mul(outputs[0]!, c));
  for (const s of outputs.slice(1)) total = tf.add(total, tf.mul(0.5, tf.reduceSum(tf.mul(s, s))));
  return total;
}

/** Keras' first errors of combinations of bad options (scripts/keras_fixture_helpers.py's
 * `first_errors`): each bad setting's keyword arguments and message alone, and, for each pair
 * of settings and for all of them ('a+b', 'a+b+...'), the setting Keras reports first. */
export interface KerasFirstErrors {
  settings: Record<string, Record<string, unknown>>;
  alone: Record<string, string>;
  first: Record<string, string>;
}

/** A Python keyword's option name: snake_case to camelCase. */
const camelCase = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Checks that `make(options)` reports first the bad setting Keras reports first, for every
 * combination in `want`: the combination's error is the one that setting alone gives. Each
 * setting alone must throw an error of its own, naming its option or value as Keras' does (or
 * with Keras' message).
 */
export function expectKerasFirstErrors(make: (options: Record<string, unknown>) => unknown, want: KerasFirstErrors): void {
  const optionsOf = (names: string[]): Record<string, unknown> =>
    Object.fromEntries(names.flatMap((name) => Object.entries(want.settings[name]!).map(([k, v]) => [camelCase(k), v])));
  const errorOf = (options: Record<string, unknown>): string | null => {
    try {
      make(options);
    } catch (e) {
      return (e as Error).message;
    }
    return null;
  };
  const alone = Object.fromEntries(Object.keys(want.settings).map((name) => [name, errorOf(optionsOf([name]))]));
  for (const [name, message] of Object.entries(alone)) {
    expect(message, name).not.toBeNull();
    const keras = want.alone[name]!.replace(/^\w+: /, '');
    const names = Object.entries(want.settings[name]!).flatMap(([k, v]) => [camelCase(k), ...(typeof v === 'string' ? [v] : [])]);
    expect(message!.includes(keras) || names.some((n) => message!.includes(n)), `${name}: ${message}`).toBe(true);
  }
  expect(new Set(Object.values(alone)).size).toBe(Object.keys(alone).length);
  for (const [combination, first] of Object.entries(want.first)) expect(errorOf(optionsOf(combination.split('+'))), combination).toBe(alone[first]);
}

/** The line of Keras' message for an error in a layer's call (the one Keras prints in bold
 * between its "Exception encountered" header and the arguments). */
export const kerasCallError = (message: string): string =>
  message.split('\n').find((line) => line.includes('\x1b[1m'))!.replace(/\x1b\[\d+m/g, '');
