// Keras' own files read by gradtape (ts/io/hdf5.ts, ts/io/zip.ts, ts/models/keras-weights.ts,
// ts/models/keras-archive.ts): Keras 3.15.1's `.keras` archives through tf.keras.models.loadModel
// and fromBytes, their weights and `.weights.h5` through model.loadWeights and weightsFromBytes
// into models built here layer for layer as in Python, Keras 2's legacy `.h5` weights, training
// after loading, and the errors. The files and Keras' predictions come from
// scripts/keras_files_fixtures.py (test/fixtures/keras-files/).
import { deflateRawSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose } from './helpers/keras';
import { architectures as sharedArchitectures } from './helpers/keras-architectures';

const L = tf.keras.layers;
const FIXTURES = join(__dirname, 'fixtures', 'keras-files');
const scratch = mkdtempSync(join(tmpdir(), 'gradtape-keras-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeEach(() => tf.keras.backend.clearSession());

interface Case {
  inputs: { shape: number[]; dtype: 'float32' | 'int32'; values: number[] }[];
  output: { shape: number[]; values: number[] };
  paths: Record<string, number[]>;
  afterFit?: number[];
}
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Case>;
const fixture = (name: string): string => join(FIXTURES, name);
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(fixture(name)));

/** The fixture script's architectures: those the weights-writing test shares, and the 3-D volumes. */
const architectures: Record<string, () => tf.keras.Model> = {
  ...sharedArchitectures,
  volumes: () => new tf.keras.Sequential([
    tf.keras.Input([3, 4, 5, 2]), new L.ZeroPadding3D({ padding: [[1, 0], 1, [0, 2]] }), new L.UpSampling3D({ size: [1, 2, 1] }),
    new L.Cropping3D({ cropping: [[1, 1], [0, 3], 2] }), new L.Conv3D(2, 2),
  ]),
};

/** A case's inputs as tensors. */
const inputsOf = (c: Case): tf.Tensor[] => c.inputs.map((x) => tf.reshape(tf.constant(x.values, x.dtype), x.shape));

/** The model's predictions on the case's inputs, checked against Keras'. */
function expectKerasPredictions(model: tf.keras.Model, name: string, want = expected[name]!.output.values): void {
  const inputs = inputsOf(expected[name]!);
  const out = model.predict(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor;
  expect(out.shape).toEqual(expected[name]!.output.shape);
  expectClose(out, want, name);
  tf.dispose([out, ...inputs]);
}

const weightsOf = (model: tf.keras.Model): number[][] => model.getWeights().map((w) => Array.from(w.dataSync() as ArrayLike<number>));

// ---------------------------------------------------------------------------------------------
describe('Keras 3 .keras archives', () => {
  it.each(Object.keys(architectures))('%s: loadModel builds it from config.json and predicts as Keras', (name) => {
    const model = tf.keras.models.loadModel(fixture(`${name}.keras`));
    expectKerasPredictions(model, name);
    // The same model as gradtape's own architecture would give, layer for layer.
    expect(model.layers.map((l) => l.constructor.name)).toEqual(architectures[name]!().layers.map((l) => l.constructor.name));
  });

  it.each(Object.keys(architectures))('%s: fromBytes reads the archive\'s bytes', (name) => {
    expectKerasPredictions(tf.keras.models.fromBytes(bytesOf(`${name}.keras`)), name);
  });

  it('keeps the layers\' names and options from config.json', () => {
    const model = tf.keras.models.loadModel(fixture('two_inputs.keras'));
    expect(model.name).toBe('two_inputs');
    expect(model.layers.map((l) => l.name)).toEqual(['a', 'hidden', 'b', 'join', 'out']);
    const hidden = model.getLayer('hidden') as tf.keras.layers.Dense;
    expect(hidden.units).toBe(4);
    expect(hidden.getConfig().activation).toBe('tanh');
    const rnn = tf.keras.models.loadModel(fixture('rnn.keras'));
    expect((rnn.layers[1] as tf.keras.layers.Bidirectional).returnSequences).toBe(true);
  });

  it('compiles the model as Keras compiled it (with the optimizer\'s iterations and learning rate from the archive), and training continues as in Keras', () => {
    const model = tf.keras.models.loadModel(fixture('batchnorm.keras'));
    expect(model.compiled).toBe(true);
    expect(model.optimizer).toBeInstanceOf(tf.keras.optimizers.SGD);
    expect(model.optimizer!.learningRate).toBe(Math.fround(0.1)); // Keras' float32 variable
    expect(model.optimizer!.iterations).toBe(0);
    // Keras' fit: one epoch, batches of 3, not shuffled (FIT_X, FIT_Y of the fixture script).
    const pattern = (shape: number[], phase: number): number[][] => {
      const flat = Array.from({ length: shape[0]! * shape[1]! }, (_, i) => Math.sin(1.3 * i + phase));
      return Array.from({ length: shape[0]! }, (_, r) => flat.slice(r * shape[1]!, (r + 1) * shape[1]!));
    };
    model.fit(tf.constant(pattern([6, 4], 1.1)), tf.constant(pattern([6, 2], 2.3)), { epochs: 1, batchSize: 3, shuffle: false, verbose: 0 });
    expectKerasPredictions(model, 'batchnorm', expected.batchnorm!.afterFit!);
    expect(tf.keras.models.loadModel(fixture('batchnorm.keras'), { compile: false }).compiled).toBe(false);
  });

  it('reads archives whose members are deflate-compressed (Node)', () => {
    const members = unzipStored(bytesOf('mlp.keras'));
    const deflated = zip(members, true);
    expectKerasPredictions(tf.keras.models.fromBytes(deflated), 'mlp');
  });
});

// ---------------------------------------------------------------------------------------------
describe('Keras weights into models built in gradtape', () => {
  it.each(Object.keys(architectures))('%s: loadWeights takes the weights of a .keras archive', (name) => {
    const model = architectures[name]!();
    model.loadWeights(fixture(`${name}.keras`));
    expectKerasPredictions(model, name);
  });

  it('a .weights.h5 file (model.save_weights), from its path and from its bytes, nested layers included', () => {
    // Keras' paths for this model: the recurrent layers' cells, the Bidirectional's two layers.
    expect(Object.keys(expected.rnn!.paths)).toContain('layers/bidirectional/backward_layer/cell/vars/2');
    const model = architectures.rnn!();
    model.loadWeights(fixture('rnn.weights.h5'));
    expectKerasPredictions(model, 'rnn');
    const again = architectures.rnn!();
    again.weightsFromBytes(bytesOf('rnn.weights.h5'));
    expect(weightsOf(again)).toEqual(weightsOf(model));
  });

  it('the layers\' names do not matter, their order and classes do (as Keras 3)', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(5, { activation: 'relu', name: 'first' }), new L.Dropout(0.2), new L.Dense(3, { activation: 'softmax', name: 'second' })]);
    model.loadWeights(fixture('mlp.keras'));
    expectKerasPredictions(model, 'mlp');
  });

  it('non-trainable weights (BatchNormalization\'s moving statistics) go where Keras puts them', () => {
    const model = architectures.batchnorm!();
    model.loadWeights(fixture('batchnorm.keras'));
    const bn = model.layers[1] as tf.keras.layers.BatchNormalization;
    const movingVariance = bn.nonTrainableWeights[1]!;
    expect(movingVariance.name).toContain('moving_variance');
    // The fixture's moving variance is 0.5 + |pattern| (weight 5 of the model: phase 0.3 + 0.7·5).
    const want = Array.from({ length: 6 }, (_, i) => Math.fround(0.5 + Math.abs(Math.fround(0.4 * Math.sin(1.3 * i + 3.8)))));
    expectClose(movingVariance, want, 'moving variance');
  });

  it('Keras 2 legacy .h5 weights load by layer order', () => {
    const model = architectures.batchnorm!();
    model.loadWeights(fixture('batchnorm.legacy.h5'));
    expectKerasPredictions(model, 'batchnorm');
  });
});

// ---------------------------------------------------------------------------------------------
describe('errors', () => {
  it('another architecture: the layer and variable are named, and nothing is changed', () => {
    const wider = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(6, { activation: 'relu' }), new L.Dense(3)]);
    const before = weightsOf(wider);
    expect(() => wider.loadWeights(fixture('mlp.keras'))).toThrow("keras.Sequential.loadWeights: layer 'dense' variable 'dense/kernel' ('layers/dense/vars/0' in the file) has shape [4, 6] but the file's value has shape [4, 5].");
    expect(weightsOf(wider)).toEqual(before);
    const deeper = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(5), new L.Dense(3), new L.Dense(3)]);
    expect(() => deeper.loadWeights(fixture('mlp.keras'))).toThrow("keras.Sequential.loadWeights: layer 'dense_4' expects 2 variables (dense_4/kernel, dense_4/bias) but the file has 0 at 'layers/dense_2/vars'; the file was saved from a model of another architecture.");
    const noBias = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(5, { useBias: false }), new L.Dense(3)]);
    expect(() => noBias.loadWeights(fixture('mlp.keras'))).toThrow("layer 'dense_5' expects 1 variable (dense_5/kernel) but the file has 2 at 'layers/dense/vars'");
    const legacy = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(6), new L.Dense(2)]);
    expect(() => legacy.loadWeights(fixture('batchnorm.legacy.h5'))).toThrow('keras.Sequential.loadWeights: Layer count mismatch when loading weights from a legacy Keras file: the model has 2 layers with weights, the file 3 (dense, batch_normalization, dense_1).');
    const unbuilt = new tf.keras.Sequential([new L.Dense(2)]);
    expect(() => unbuilt.loadWeights(fixture('mlp.keras'))).toThrow("the model 'sequential_4' is not built");
  });

  it('truncated and damaged HDF5, and bytes that are not Keras weights', () => {
    const model = architectures.rnn!();
    const file = bytesOf('rnn.weights.h5');
    expect(() => model.weightsFromBytes(file.subarray(0, 4000))).toThrow(/keras\.Sequential\.weightsFromBytes: cannot read the Keras weights file: the file is truncated or damaged: it needs bytes \d+ to \d+ but has 4000\./);
    const damaged = file.slice();
    const tree = Buffer.from(damaged).indexOf('TREE');
    damaged[tree] = 0x58;
    expect(() => model.weightsFromBytes(damaged)).toThrow(/cannot read the Keras weights file: the file is damaged: expected the B-tree node signature "TREE" at byte \d+\./);
    // The root group's members renamed (its local heap holds 'vars', then 'layers').
    const notKeras = file.slice();
    const layersName = Buffer.from(notKeras).indexOf('layers\0');
    notKeras[layersName] = 0x58;
    notKeras[Buffer.from(notKeras).lastIndexOf('vars\0', layersName)] = 0x58;
    expect(() => model.weightsFromBytes(notKeras)).toThrow("keras.Sequential.weightsFromBytes: the HDF5 file holds no Keras weights: neither Keras 3's 'layers' and 'vars' groups nor Keras 2's 'layer_names' attribute.");
    const path = join(scratch, 'text.h5');
    writeFileSync(path, 'not HDF5 at all');
    expect(() => model.loadWeights(path)).toThrow('keras.Sequential.loadWeights: not a usable gradtape model file (it starts with neither');
  });

  it('unsupported HDF5 features are named (a gzip-compressed dataset)', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(5)]);
    const before = weightsOf(model);
    expect(() => model.loadWeights(fixture('unsupported.weights.h5'))).toThrow("keras.Sequential.loadWeights: cannot read layer 'dense' variable 'dense/kernel' ('layers/dense/vars/0' in the file): dataset '/layers/dense/vars/0' is filtered (compressed or checksummed), which is not supported.");
    expect(weightsOf(model)).toEqual(before);
  });

  it('damaged archives, and configs with layers or options gradtape does not have', () => {
    const archive = bytesOf('mlp.keras');
    expect(() => tf.keras.models.fromBytes(archive.subarray(0, archive.length - 30))).toThrow('keras.models.fromBytes: cannot read the .keras archive: no end of central directory record: not a zip archive, or a truncated one.');
    const members = unzipStored(archive);
    // A byte of the stored model.weights.h5 changed: its CRC-32 no longer matches.
    const corrupt = archive.slice();
    corrupt[Buffer.from(corrupt).indexOf('TREE') + 20] ^= 0xff;
    expect(() => tf.keras.models.fromBytes(corrupt)).toThrow("keras.models.fromBytes: cannot read the .keras archive: member 'model.weights.h5' fails its size or CRC-32 check: the archive is damaged.");

    const withConfig = (edit: (config: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }) => void): Uint8Array => {
      const config = JSON.parse(new TextDecoder().decode(members.get('config.json'))) as Parameters<typeof edit>[0];
      edit(config);
      return zip(new Map(members).set('config.json', new TextEncoder().encode(JSON.stringify(config))), false);
    };
    expect(() => tf.keras.models.fromBytes(withConfig((c) => { c.config.layers[1]!.class_name = 'TorchModuleWrapper'; }))).toThrow("keras.models.fromBytes: Unknown layer: 'TorchModuleWrapper'.");
    expect(() => tf.keras.models.fromBytes(withConfig((c) => { c.config.layers[1]!.config.lora_rank = 4; }))).toThrow(/keras\.models\.fromBytes: could not make a 'Dense' from its config: .*loraRank/);
    const noWeights = new Map(members);
    noWeights.delete('model.weights.h5');
    expect(() => tf.keras.models.fromBytes(zip(noWeights, false))).toThrow("keras.models.fromBytes: the .keras archive has no 'model.weights.h5' (sharded or .npz weights are not read).");
    expect(() => tf.keras.models.loadModel(fixture('batchnorm.legacy.h5'))).toThrow(/keras\.models\.loadModel: '.*batchnorm\.legacy\.h5' is an HDF5 file: gradtape reads Keras' weights from it, not a legacy Keras 2 whole model/);
    expect(() => tf.keras.models.fromBytes(bytesOf('rnn.weights.h5'))).toThrow("keras.models.fromBytes: these are Keras HDF5 weights, without an architecture gradtape reads");
  });
});

it('loading weights leaves no tensors behind, when it fails too', () => {
  const model = tf.keras.models.loadModel(fixture('rnn.keras'));
  const before = tf.memory().numTensors;
  model.loadWeights(fixture('rnn.weights.h5'));
  model.loadWeights(fixture('rnn.keras'));
  expect(() => model.loadWeights(fixture('mlp.keras'))).toThrow();
  const damaged = bytesOf('rnn.weights.h5');
  damaged[damaged.length - 1000] ^= 0xff; // a value changed: it still loads
  model.weightsFromBytes(damaged);
  expect(tf.memory().numTensors).toBe(before);
});

// --- a zip writer for the tests: local headers, central directory, end record (APPNOTE) --------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array): number => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** The members of a stored zip, read through its central directory. */
function unzipStored(bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const out = new Map<string, Uint8Array>();
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    expect(view.getUint16(at + 10, true)).toBe(0); // Keras stores its members
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const local = view.getUint32(at + 42, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    out.set(name, bytes.slice(start, start + view.getUint32(at + 20, true)));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

/** A zip of `members`, stored or deflated. */
function zip(members: Map<string, Uint8Array>, deflate: boolean): Uint8Array {
  const locals: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of members) {
    const nameBytes = new TextEncoder().encode(name);
    const packed = deflate ? new Uint8Array(deflateRawSync(data)) : data;
    const header = (size: number, signature: number): [Uint8Array, DataView] => {
      const b = new Uint8Array(size);
      const v = new DataView(b.buffer);
      v.setUint32(0, signature, true);
      return [b, v];
    };
    const [local, lv] = header(30, 0x04034b50);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, deflate ? 8 : 0, true);
    lv.setUint32(14, crc32(data), true);
    lv.setUint32(18, packed.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    const [central, cv] = header(46, 0x02014b50);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, deflate ? 8 : 0, true);
    cv.setUint32(16, crc32(data), true);
    cv.setUint32(20, packed.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    locals.push(local, nameBytes, packed);
    directory.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directorySize = directory.reduce((n, b) => n + b.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, members.size, true);
  ev.setUint16(10, members.size, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...directory, end];
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
