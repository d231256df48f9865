// A compiled model's `.weights.h5` holds its optimizer's variables, as Keras 3.15.1's
// `model.save_weights` writes them ('optimizer/vars/0', ...: iterations, learning rate, slots),
// and `loadWeights` loads them into the optimizer as it is, as Keras' `load_weights` does (only
// when the file has exactly the optimizer's variables; else a warning, the optimizer untouched).
// Fixtures: test/fixtures/keras-compiled-weights, Keras' own files
// (KERAS_BACKEND=jax python scripts/keras_compiled_weights_fixtures.py).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from 'gradtape';
import { type Hdf5Dataset, type Hdf5Group, readHdf5 } from '../ts/io/hdf5';

const FIXTURES = join(__dirname, 'fixtures', 'keras-compiled-weights');
interface Saved { shape: number[]; values: number[] }
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
  data: { x: number[][]; y: number[][] };
  adam: { weights: number[][]; optimizerName: string; optimizer: Saved[]; resumed: number[][]; unbuiltWarning: string[] };
  adam_unbuilt: { optimizer: Saved[] };
};
const scratch = mkdtempSync(join(tmpdir(), 'gradtape-keras-compiled-weights-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeEach(() => tf.keras.backend.clearSession());
afterEach(() => vi.restoreAllMocks());

/** The script's model: Dense(2, tanh) -> Dense(1) with its weights, compiled with Adam(lr) unless lr is null. */
function model(lr: number | null): tf.keras.Model {
  const m = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(2, { activation: 'tanh' }), new tf.keras.layers.Dense(1)]);
  m.setWeights([tf.constant([[0.4, -0.3], [0.2, 0.5]]), tf.constant([0.1, -0.1]), tf.constant([[0.6], [-0.7]]), tf.constant([0.05])]);
  if (lr !== null) m.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: lr }), loss: 'mse' });
  return m;
}
const fitEpoch = (m: tf.keras.Model): void => void m.fit(expected.data.x, expected.data.y, { batchSize: 2, epochs: 1, shuffle: false, verbose: 0 });
/** Builds the optimizer (as Keras' `optimizer.build`): one step on the first two samples. */
const buildOptimizer = (m: tf.keras.Model): void => void m.fit(expected.data.x.slice(0, 2), expected.data.y.slice(0, 2), { batchSize: 2, epochs: 1, verbose: 0 });
const weightsOf = (m: tf.keras.Model): number[][] => m.getWeights().map((w) => Array.from(w.dataSync() as ArrayLike<number>));
const expectClose = (actual: number[][], wanted: number[][], digits = 6): void => {
  expect(actual.map((w) => w.length)).toEqual(wanted.map((w) => w.length));
  actual.forEach((w, k) => w.forEach((v, i) => expect(v).toBeCloseTo(wanted[k]![i]!, digits)));
};

/** The file's 'optimizer/vars' datasets in order, and the group's 'name' attribute. */
function optimizerVars(bytes: Uint8Array): { name: unknown; values: { shape: number[]; dtype: string; values: number[] }[] } {
  const root = readHdf5(bytes);
  const vars = (root.children.get('optimizer') as Hdf5Group).children.get('vars') as Hdf5Group;
  const values = Array.from({ length: vars.children.size }, (_, i) => {
    const d = vars.children.get(String(i)) as Hdf5Dataset;
    return { shape: d.shape, dtype: d.dtype, values: Array.from(d.read()) };
  });
  return { name: vars.attributes.get('name'), values };
}

describe('Keras\' .weights.h5 of a compiled model', () => {
  const kerasFile = join(FIXTURES, 'adam.weights.h5');

  it('loads its weights and optimizer state into a built optimizer; training resumes as in Keras', () => {
    const m = model(0.05);
    buildOptimizer(m);
    m.loadWeights(kerasFile);
    expectClose(weightsOf(m), expected.adam.weights, 7);
    expect(m.optimizer!.iterations).toBe(2);
    // Written again, the optimizer's variables are Keras' own: same order, shapes, dtypes and values.
    const ours = optimizerVars(m.weightsToBytes({ format: 'h5' }));
    const keras = optimizerVars(readFileSync(kerasFile));
    expect(ours.name).toBe(expected.adam.optimizerName);
    expect(ours.values).toEqual(keras.values);
    expect(keras.values.map((v) => v.values)).toEqual(expected.adam.optimizer.map((v) => Array.from(Float32Array.from(v.values))));
    fitEpoch(m);
    expectClose(weightsOf(m), expected.adam.resumed, 5);
  });

  it('into an optimizer not built yet: the weights load, the optimizer state is skipped with Keras\' warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const m = model(0.05);
    m.loadWeights(kerasFile);
    expectClose(weightsOf(m), expected.adam.weights, 7);
    expect(m.optimizer!.iterations).toBe(0);
    expect(expected.adam.unbuiltWarning[0]).toMatch(/because it has 2 variables whereas the saved optimizer has 10 variables/);
    expect(warn).toHaveBeenCalledWith("Skipping variable loading for optimizer 'adam', because it has 2 variables whereas the saved optimizer has 10 variables.");
    // The optimizer is untouched: it trains from scratch (its first step builds it).
    const fresh = model(0.05);
    fresh.setWeights(m.getWeights());
    fitEpoch(m);
    fitEpoch(fresh);
    expect(weightsOf(m)).toEqual(weightsOf(fresh));
  });

  it('an unbuilt optimizer\'s file (iterations and learning rate) sets those of an unbuilt optimizer; a built one skips it', () => {
    expect(expected.adam_unbuilt.optimizer.map((v) => v.shape)).toEqual([[], []]);
    const m = model(0.05);
    m.loadWeights(join(FIXTURES, 'adam_unbuilt.weights.h5'));
    expect(m.optimizer!.learningRate).toBeCloseTo(0.25, 7);
    expect(m.optimizer!.iterations).toBe(0);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const built = model(0.05);
    buildOptimizer(built);
    built.loadWeights(join(FIXTURES, 'adam_unbuilt.weights.h5'));
    // (The session's second Adam: Keras names it 'adam_1'.)
    expect(warn).toHaveBeenCalledWith("Skipping variable loading for optimizer 'adam_1', because it has 10 variables whereas the saved optimizer has 2 variables.");
    expect(built.optimizer!.learningRate).toBeCloseTo(0.05, 7);
    expect(built.optimizer!.iterations).toBe(1);
  });

  it('into a model not compiled: the weights only', () => {
    const m = model(null);
    m.loadWeights(kerasFile);
    expectClose(weightsOf(m), expected.adam.weights, 7);
  });
});

describe('saveWeights of a compiled model', () => {
  it('writes its optimizer\'s variables as Keras lays them out, and loadWeights restores them', () => {
    const m = model(0.05);
    fitEpoch(m);
    const path = join(scratch, 'trained.weights.h5');
    m.saveWeights(path);
    const ours = optimizerVars(readFileSync(path));
    const keras = optimizerVars(readFileSync(join(FIXTURES, 'adam.weights.h5')));
    expect(ours.values.map((v) => [v.shape, v.dtype])).toEqual(keras.values.map((v) => [v.shape, v.dtype]));
    // Restored into another model's built optimizer, both train on identically.
    const again = model(0.05);
    buildOptimizer(again);
    again.loadWeights(path);
    expect(again.optimizer!.iterations).toBe(2);
    expect(optimizerVars(again.weightsToBytes({ format: 'h5' })).values).toEqual(ours.values);
    fitEpoch(m);
    fitEpoch(again);
    expect(weightsOf(again)).toEqual(weightsOf(m));
  });

  it('a compiled model whose optimizer has not stepped writes its iterations and learning rate; an uncompiled one no optimizer', () => {
    const compiled = optimizerVars(model(0.25).weightsToBytes({ format: 'h5' }));
    const keras = optimizerVars(readFileSync(join(FIXTURES, 'adam_unbuilt.weights.h5')));
    expect(compiled).toEqual(keras);
    expect(readHdf5(model(null).weightsToBytes({ format: 'h5' })).children.has('optimizer')).toBe(false);
  });
});
