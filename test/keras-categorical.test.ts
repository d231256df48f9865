// The structured-data preprocessing layers for numbers and integer ids (CategoryEncoding,
// Discretization, IntegerLookup, Hashing) against Keras 3.15.1 with the TensorFlow backend. Every
// number of test/fixtures/keras-categorical.json comes from scripts/keras_categorical_fixtures.py:
// each layer is made here from Keras' own config (snake_case keys turned to camelCase), adapted
// on the same data where Keras adapted it, and must give Keras' outputs, output shapes, configs,
// adapted boundaries, vocabularies and idf weights exactly, and Keras' messages for bad options.
// Keras' eager outputs are int64 where gradtape gives int32 ('int' mode), and IntegerLookup's
// encodings are int64 where gradtape gives the layer's float dtype (Keras' declared output spec).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { fingerprint64, sipHash } from '../ts/layers/string-hash';

const L = tf.keras.layers;

interface Case {
  input: unknown;
  inputDtype: string;
  output: unknown;
  shape: number[];
  dtype: string;
  outputShape: (number | null)[];
  config: Record<string, unknown>;
  callKwargs?: { count_weights: number[][] };
  adaptData?: unknown;
  vocabulary?: number[];
  vocabularySize?: number;
  idfWeights?: number[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-categorical.json', import.meta.url), 'utf8')) as {
  cases: Record<string, Case>;
  errors: Record<string, string>;
  fingerprints: Record<string, number>;
  sipBuckets: Record<string, number>;
};
// Exact 64-bit values: JSON numbers above 2^53 lose digits, so they are read again as text.
const rawText = readFileSync(new URL('./fixtures/keras-categorical.json', import.meta.url), 'utf8');
const exact64 = (section: string, key: string): bigint => {
  const body = rawText.slice(rawText.indexOf(`"${section}"`));
  const match = new RegExp(`"${key.replace(/[-]/g, '\\-')}": (\\d+)`).exec(body)!;
  return BigInt(match[1]!);
};

const camel = (config: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
const withoutBase = (config: Record<string, unknown>): Record<string, unknown> => {
  const { name: _n, trainable: _t, dtype: _d, ...rest } = config;
  return rest;
};
const nanned = (v: unknown): unknown => (v === null ? NaN : Array.isArray(v) ? v.map(nanned) : v);
const inputOf = (c: Case): tf.Tensor => tf.constant(nanned(c.input) as number[], c.inputDtype.startsWith('int') ? 'int32' : 'float32');

const CLASSES = { ce: L.CategoryEncoding, disc: L.Discretization, il: L.IntegerLookup, hash: L.Hashing } as const;

describe('against Keras 3.15.1 (TensorFlow backend)', () => {
  for (const [name, c] of Object.entries(fixture.cases)) {
    it(`${name}: outputs, output shape and config`, () => {
      const prefix = name.split('_')[0] as keyof typeof CLASSES;
      const Cls = CLASSES[prefix] as unknown as typeof tf.keras.layers.Layer;
      const config = camel(c.config);
      let layer: tf.keras.layers.Layer;
      if (c.adaptData !== undefined) {
        // Made as before adapt, then adapted on Keras' data.
        const { binBoundaries: _b, vocabularySize: _v, ...before } = config;
        layer = Cls.fromConfig(before);
        (layer as unknown as { adapt(d: unknown): void }).adapt(tf.constant(c.adaptData as number[], prefix === 'il' ? 'int32' : 'float32'));
      } else {
        layer = Cls.fromConfig(config);
      }
      const options = c.callKwargs === undefined ? {} : { countWeights: c.callKwargs.count_weights };
      const out = (layer as unknown as (x: tf.Tensor, o: object) => tf.Tensor)(inputOf(c), options);
      expect(out.shape).toEqual(c.shape);
      expect(out.arraySync()).toEqual(c.output);
      const mode = config.outputMode as string;
      expect(out.dtype).toBe(mode === 'int' ? 'int32' : 'float32');
      expect(layer.computeOutputShape(tf.constant(nanned(c.input) as number[]).shape)).toEqual(c.outputShape);
      expect(withoutBase(layer.getConfig())).toEqual(config);
      if (c.vocabulary !== undefined) {
        const lookup = layer as tf.keras.layers.IntegerLookup;
        expect(lookup.getVocabulary()).toEqual(c.vocabulary);
        expect(lookup.vocabularySize()).toBe(c.vocabularySize);
      }
      if (c.idfWeights !== undefined) expect((layer as tf.keras.layers.IntegerLookup).idfWeights).toEqual(c.idfWeights);
    });
  }

  it('Keras\' messages for bad options', () => {
    const e = fixture.errors;
    const cases: [() => unknown, string][] = [
      [() => new L.CategoryEncoding(), e.ce_no_tokens!],
      [() => new L.CategoryEncoding({ numTokens: 0 }), e.ce_zero_tokens!],
      [() => new L.CategoryEncoding({ numTokens: 3, outputMode: 'int' as never }), e.ce_bad_mode!],
      [() => new L.Discretization({ binBoundaries: [1], numBins: 2 }), e.disc_both!.replace('[1.0]', '[1]')],
      [() => new L.Discretization(), e.disc_neither!],
      [() => new L.Discretization({ numBins: -1 }), e.disc_negative_bins!],
      [() => new L.Discretization({ binBoundaries: [1] }).adapt([1]), e.disc_adapt_boundaries!],
      [() => new L.IntegerLookup({ maxTokens: 1 }), e.il_max_tokens!],
      [() => new L.IntegerLookup({ numOovIndices: -1 }), e.il_num_oov!],
      [() => new L.IntegerLookup({ invert: true, outputMode: 'one_hot' }), e.il_invert_mode!],
      [() => new L.IntegerLookup({ idfWeights: [1], vocabulary: [3] }), e.il_idf_mode!.replace('[1.0]', '[1]')],
      [() => new L.IntegerLookup({ vocabulary: [3, 4, 3] }), e.il_repeated!.replace('np.int64(3)', '3')],
      [() => new L.IntegerLookup({ vocabulary: [3, 4, 5], maxTokens: 3 }), e.il_too_large!],
      [() => new L.IntegerLookup({ vocabulary: [3, 0, 5], maskToken: 0 }), e.il_mask_inside!],
      [() => new L.IntegerLookup({ salt: 3 }), e.il_salt_floormod!],
      [() => new L.IntegerLookup({ padToMaxTokens: true }), e.il_pad_no_max!],
      [() => new L.IntegerLookup({ vocabulary: [3], outputMode: 'tf_idf' }), e.il_tfidf_no_idf!],
      [() => new L.Hashing({ numBins: 0 }), e.hash_bins!],
      [() => new L.Hashing({ numBins: 3, dtype: 'float32' }), e.hash_dtype!],
    ];
    for (const [make, message] of cases) expect(make).toThrow(message);
  });
});

describe('the hashes', () => {
  it('fingerprint64 is TensorFlow\'s FarmHash Fingerprint64 (strings of 0 to 20 bytes)', () => {
    for (const text of Object.keys(fixture.fingerprints)) expect(fingerprint64(new TextEncoder().encode(text))).toBe(exact64('fingerprints', text));
  });

  it('sipHash is TensorFlow\'s to_hash_bucket_strong hash (key [7, 11], 2^62 buckets)', () => {
    for (const text of Object.keys(fixture.sipBuckets)) expect(sipHash([7n, 11n], new TextEncoder().encode(text)) % (1n << 62n)).toBe(exact64('sipBuckets', text));
  });
});

describe('behaviour', () => {
  it('CategoryEncoding rejects countWeights outside count mode, sparse output, and negative ids in multi_hot', () => {
    expect(() => new L.CategoryEncoding({ numTokens: 3 })([0, 1], { countWeights: [1, 2] })).toThrow("`count_weights` is not used when `output_mode` is not `'count'`.");
    expect(() => new L.CategoryEncoding({ numTokens: 3, sparse: true })).toThrow('sparse=true is not supported');
    expect(() => new L.CategoryEncoding({ numTokens: 3 })([0, -1])).toThrow('Input arr must be non-negative!');
    expect(() => new L.CategoryEncoding({ numTokens: 3 })([[0, -1]])).toThrow("Input 'in' must be non-negative! Negative input value found: -1");
  });

  it('works in a functional model, and Discretization\'s and IntegerLookup\'s configs bring back their state', () => {
    const x = tf.keras.Input([3]);
    const bins = new L.Discretization({ numBins: 3 });
    bins.adapt([1, 2, 3, 4, 5, 6]);
    const y = new L.CategoryEncoding({ numTokens: 3, outputMode: 'count' })(bins(x));
    expect(y.shape).toEqual([null, 3]);
    const model = tf.keras.Model.fromConfig(new tf.keras.Model({ inputs: x, outputs: y }).getConfig());
    expect((model.predict(tf.constant([[1, 3.5, 6]])) as tf.Tensor).arraySync()).toEqual([[1, 1, 1]]);
    const twin = L.Discretization.fromConfig(bins.getConfig());
    expect(twin.binBoundaries).toEqual(bins.binBoundaries);
    const lookup = new L.IntegerLookup({ vocabulary: [5, 9], outputMode: 'multi_hot', maskToken: 0 });
    expect(L.IntegerLookup.fromConfig(lookup.getConfig())([[9, 0, 4]]).arraySync()).toEqual([[1, 0, 1]]);
  });

  it('IntegerLookup without OOV indices rejects tokens out of the vocabulary', () => {
    const strict = new L.IntegerLookup({ vocabulary: [1, 2], numOovIndices: 0 });
    expect(strict([2, 1]).arraySync()).toEqual([1, 0]);
    expect(() => strict([2, 7])).toThrow('When `num_oov_indices=0` all inputs should be in vocabulary, found OOV values [7]');
  });
});
