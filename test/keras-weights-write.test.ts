// Keras 3 `.weights.h5` files written by gradtape (ts/io/hdf5-writer.ts, ts/models/keras-weights.ts):
// model.saveWeights('m.weights.h5') and model.weightsToBytes({format: 'h5'}). For every model of
// the Keras file fixtures, a convolution with BatchNormalization and a deep Dense stack, with
// weights set here: the bytes are those committed in test/fixtures/keras-weights-write, which
// Keras 3.15.1 loaded into the same models built in Python (scripts/keras_weights_write_check.py);
// Keras' predictions there are gradtape's here, Keras' own save_weights of the loaded model has
// the same layout and values, and the file reads back into gradtape.
//
// To write the fixtures again (after a deliberate change of the format or the cases):
//   GRADTAPE_WRITE_FIXTURES=1 npx vitest run test/keras-weights-write.test.ts
//   KERAS_BACKEND=jax python scripts/keras_weights_write_check.py
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { type Hdf5Dataset, type Hdf5Group, readHdf5 } from '../ts/io/hdf5';
import { type Hdf5DatasetSource, type Hdf5GroupSource, writeHdf5 } from '../ts/io/hdf5-writer';
import { expectClose } from './helpers/keras';
import { architectures } from './helpers/keras-architectures';

const L = tf.keras.layers;
const FIXTURES = join(__dirname, 'fixtures', 'keras-weights-write');
const WRITE = process.env.GRADTAPE_WRITE_FIXTURES === '1';
const scratch = mkdtempSync(join(tmpdir(), 'gradtape-keras-weights-write-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeEach(() => tf.keras.backend.clearSession());

interface Case {
  inputs: { shape: number[]; dtype: 'float32' | 'int32'; values: number[] }[];
  output: { shape: number[]; values: number[] };
  kerasLayout: Record<string, [number[], string] | string | null>;
  sameValues: boolean;
}
const expected = (WRITE ? {} : JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'))) as Record<string, Case>;

/** The models of scripts/keras_weights_write_check.py. */
const cases: Record<string, () => tf.keras.Model> = {
  ...architectures,
  conv_batchnorm: () => new tf.keras.Sequential([
    tf.keras.Input([6, 6, 2]), new L.Conv2D(4, 3, { padding: 'same' }), new L.BatchNormalization(), new L.ReLU(),
    new L.MaxPooling2D({ poolSize: 2 }), new L.Flatten(), new L.Dense(3),
  ]),
  deep: () => new tf.keras.Sequential([tf.keras.Input([3]), ...Array.from({ length: 12 }, () => new L.Dense(3, { activation: 'tanh' }))]),
};
const names = Object.keys(cases);

/** A case's model with weights set here (not Keras'): 0.3 · sin(0.7 · i + 0.9 + 0.5 · k) for its
 * k-th weight, moving variances kept positive. */
function modelOf(name: string): tf.keras.Model {
  const model = cases[name]!();
  model.setWeights(model.weights.map((w, k) => {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, (_, i) => 0.3 * Math.sin(0.7 * i + 0.9 + 0.5 * k));
    return tf.reshape(tf.constant(w.name.includes('moving_variance') ? values.map((v) => 0.5 + Math.abs(v)) : values, w.dtype), w.shape);
  }));
  return model;
}

const weightsOf = (model: tf.keras.Model): number[][] => model.getWeights().map((w) => Array.from(w.dataSync() as ArrayLike<number>));

/** The file's layout as the check script records it: datasets' shapes and dtypes, groups, 'name' attributes. */
function layoutOf(bytes: Uint8Array): Record<string, [number[], string] | string | null> {
  const out: Record<string, [number[], string] | string | null> = {};
  const visit = (node: Hdf5Group | Hdf5Dataset): void => {
    if (node.path !== '') out[node.path] = node.kind === 'dataset' ? [node.shape, node.dtype] : null;
    const name = node.attributes.get('name');
    if (name !== undefined) out[`${node.path}@name`] = name as string;
    if (node.kind === 'group') node.children.forEach(visit);
  };
  visit(readHdf5(bytes));
  return out;
}

// ---------------------------------------------------------------------------------------------
describe.each(names)('%s', (name) => {
  it('writes the bytes Keras loaded, and Keras predicted as gradtape does', () => {
    const bytes = modelOf(name).weightsToBytes({ format: 'h5' });
    const path = join(FIXTURES, `${name}.weights.h5`);
    if (WRITE) {
      writeFileSync(path, bytes);
      return;
    }
    expect(Buffer.compare(Buffer.from(bytes), readFileSync(path))).toBe(0);
    const model = modelOf(name);
    const inputs = expected[name]!.inputs.map((x) => tf.reshape(tf.constant(x.values, x.dtype), x.shape));
    const out = model.predict(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor;
    expect(out.shape).toEqual(expected[name]!.output.shape);
    expectClose(out, expected[name]!.output.values, name);
    // Keras saved the loaded weights again with the values gradtape wrote, at the same paths.
    expect(expected[name]!.sameValues).toBe(true);
  });

  it.skipIf(WRITE)('has the layout of Keras\' own save_weights of the model', () => {
    const ours = layoutOf(modelOf(name).weightsToBytes({ format: 'h5' }));
    const keras = { ...expected[name]!.kerasLayout };
    // The model's name is Python's (keras.Sequential(name='mlp')); gradtape's models are unnamed.
    expect(ours['vars@name']).toMatch(/^(sequential|functional)(_\d+)?$/);
    delete ours['vars@name'];
    delete keras['vars@name'];
    // Keras' batchnorm model is compiled (and saves its optimizer's variables too); gradtape's here is not.
    for (const path of Object.keys(keras)) if (path.startsWith('optimizer')) delete keras[path];
    // Keras' MultiHeadAttention has a Softmax and a Dropout sublayer (no variables), gradtape's not.
    for (const path of Object.keys(keras)) if (/multi_head_attention\/_(softmax|dropout_layer)/.test(path)) delete keras[path];
    expect(ours).toEqual(keras);
  });

  it('reads back into a model of the same architecture (gradtape\'s reader)', () => {
    const model = modelOf(name);
    const path = join(scratch, `${name}.weights.h5`);
    model.saveWeights(path);
    const again = cases[name]!();
    again.loadWeights(path);
    expect(weightsOf(again)).toEqual(weightsOf(model));
  });
});

// ---------------------------------------------------------------------------------------------
describe('saveWeights and weightsToBytes', () => {
  const model = (): tf.keras.Model => new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2)]);

  it('a path ending in .weights.h5 is Keras\' format, .gtweights gradtape\'s; both load back', () => {
    const m = model();
    const h5 = join(scratch, 'm.weights.h5');
    const own = join(scratch, 'm.gtweights');
    m.saveWeights(h5);
    m.saveWeights(own);
    expect(Buffer.from(readFileSync(h5)).subarray(0, 4).toString('latin1')).toBe('\x89HDF');
    expect(Buffer.from(readFileSync(h5)).equals(Buffer.from(m.weightsToBytes({ format: 'h5' })))).toBe(true);
    expect(Buffer.from(readFileSync(own)).equals(Buffer.from(m.weightsToBytes()))).toBe(true);
    for (const path of [h5, own]) {
      const other = model();
      other.loadWeights(path);
      expect(weightsOf(other)).toEqual(weightsOf(m));
    }
    expect(() => m.saveWeights(h5, { overwrite: false })).toThrow(/keras\.Sequential\.saveWeights: '.*m\.weights\.h5' exists and overwrite is false\./);
  });

  it('other Keras files are refused, saying what to use; an unbuilt model and bad formats are errors', () => {
    const m = model();
    expect(() => m.saveWeights(join(scratch, 'm.h5'))).toThrow(/keras\.Sequential\.saveWeights: '.*m\.h5' names a Keras file of a kind gradtape does not write here \(legacy Keras 2 HDF5 is read, never written\); weights go to a path ending in '\.gtweights' \(gradtape's format\) or '\.weights\.h5' \(Keras 3's, as Keras' save_weights\); whole models to '\.keras' with model\.save\./);
    expect(() => m.saveWeights(join(scratch, 'm.keras'))).toThrow("weights go to a path ending in '.gtweights' (gradtape's format) or '.weights.h5'");
    // (A whole model to a '.keras' path is Keras 3's archive: test/keras-save.test.ts.)
    expect(() => m.save(join(scratch, 'm.h5'))).toThrow(/keras\.Sequential\.save: '.*m\.h5' names a Keras file .* whole models go to a path ending in '\.keras' \(Keras 3's archive, as Keras' model\.save\) or '\.gtkeras'/);
    expect(existsSync(join(scratch, 'm.h5')) || existsSync(join(scratch, 'm.keras'))).toBe(false);
    const unbuilt = new tf.keras.Sequential([new L.Dense(2)]);
    expect(() => unbuilt.weightsToBytes({ format: 'h5' })).toThrow('keras.Sequential.weightsToBytes: You are saving a model that has not yet been built. Try building the model first by calling it on some data or by using `build()`.');
    expect(() => m.weightsToBytes({ format: 'keras' as never })).toThrow('keras.Sequential.weightsToBytes: format must be \'gtweights\' or \'h5\', got "keras".');
  });
});

// ---------------------------------------------------------------------------------------------
describe('the HDF5 writer', () => {
  it('groups of any size (B-trees of several levels), empty groups and datasets, scalars, float64 and int32', () => {
    // 300 members: 38 symbol table nodes, more than one B-tree node holds (32), so two levels.
    const members = new Map(Array.from({ length: 300 }, (_, i): [string, Hdf5DatasetSource] => [`m${i}`, { kind: 'dataset', shape: [], data: Int32Array.of(i) }]));
    const bytes = writeHdf5({
      kind: 'group',
      attributes: new Map([['name', 'root ü']]),
      children: new Map<string, Hdf5GroupSource | Hdf5DatasetSource>([
        ['many', { kind: 'group', children: members }],
        ['empty', { kind: 'group', children: new Map(), attributes: new Map([['name', ''], ['other', 'x']]) }],
        ['f64', { kind: 'dataset', shape: [2, 2], data: Float64Array.of(0.1, -2, 1e300, 5e-324) }],
        ['none', { kind: 'dataset', shape: [0, 3], data: new Float32Array(0) }],
      ]),
    });
    const root = readHdf5(bytes);
    expect([...root.children.keys()]).toEqual(['empty', 'f64', 'many', 'none']); // sorted by name, as HDF5 keeps them
    expect(root.attributes.get('name')).toBe('root ü');
    const many = root.children.get('many') as Hdf5Group;
    expect(many.children.size).toBe(300);
    expect([...many.children.entries()].every(([key, d]) => d.kind === 'dataset' && d.shape.length === 0 && d.dtype === 'int32' && `m${d.read()[0]}` === key)).toBe(true);
    const empty = root.children.get('empty') as Hdf5Group;
    expect([empty.children.size, empty.attributes.get('name'), empty.attributes.get('other')]).toEqual([0, '', 'x']);
    const f64 = root.children.get('f64') as Hdf5Dataset;
    expect([f64.dtype, f64.shape, Array.from(f64.read())]).toEqual(['float64', [2, 2], [0.1, -2, 1e300, 5e-324]]);
    const none = root.children.get('none') as Hdf5Dataset;
    expect([none.shape, none.read().length]).toEqual([[0, 3], 0]);
  });
});
