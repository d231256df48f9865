// tf.nn.ctcGreedyDecoder and tf.nn.ctcBeamSearchDecoder against TensorFlow 2.21
// (test/fixtures/nn-numerics.json, written by scripts/nn_numerics_fixtures.py): decoded paths,
// float32 scores bit for bit and float64 ones to a few ulps (the kernels' arithmetic is kept),
// equally scored beams in TensorFlow's order, and TensorFlow's error texts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

type Num = number | string;
type Nested = Num | Nested[];
const F = JSON.parse(readFileSync(new URL('./fixtures/nn-numerics.json', import.meta.url), 'utf8')).ctcDecoders;
const num = (v: Nested): unknown => (Array.isArray(v) ? v.map(num) : typeof v === 'string' ? Number(v) : v);
const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

interface Sparse { indices: number[][]; values: number[]; denseShape: number[] }
interface DecoderCase {
  name: string; inputs: Nested; shape: number[]; dtype: 'float32' | 'float64'; sequenceLength: number[];
  greedy: { options: tf.CtcGreedyDecoderOptions; decoded: Sparse; negSumLogits: Nested }[];
  beam: { options: tf.CtcBeamSearchDecoderOptions; decoded: Sparse[]; logProbabilities: Nested }[];
}

/** Float32 scores bit for bit; float64 ones to a few ulps (V8's Math.exp and Math.log, which the
 * float64 beam search normalizes with, differ from glibc's exp and log in the last bit now and then). */
function expectScores(actual: tf.Tensor, expected: Nested, dtype: string) {
  const want = flat(num(expected)), got = Array.from(actual.dataSync() as ArrayLike<number>);
  if (dtype === 'float32') return expect(got).toEqual(want);
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => {
    if (!Number.isFinite(want[i]!)) expect(v).toBe(want[i]);
    else expect(Math.abs(v - want[i]!), `${v} vs ${want[i]}`).toBeLessThanOrEqual(8 * 2 ** -52 * Math.abs(want[i]!));
  });
}

const plain = (d: tf.CtcDecodedPaths) => ({ indices: d.indices.arraySync(), values: d.values.arraySync(), denseShape: d.denseShape.arraySync() });

describe('CTC decoders equal TensorFlow 2.21', () => {
  for (const k of F.cases as DecoderCase[]) {
    const inputs = () => tf.reshape(tf.constant(flat(num(k.inputs)), k.dtype), k.shape);
    for (const g of k.greedy) {
      it(`${k.name}: ctcGreedyDecoder ${JSON.stringify(g.options)}`, () => {
        const [[decoded], negSum] = tf.nn.ctcGreedyDecoder(inputs(), k.sequenceLength, g.options);
        expect(plain(decoded)).toEqual({ ...g.decoded, indices: g.decoded.indices.length ? g.decoded.indices : [] });
        expect(decoded.indices.shape).toEqual([g.decoded.values.length, 2]);
        expect(negSum.dtype).toBe(k.dtype);
        expect(negSum.arraySync()).toEqual(num(g.negSumLogits));
      });
    }
    for (const b of k.beam) {
      it(`${k.name}: ctcBeamSearchDecoder ${JSON.stringify(b.options)}`, () => {
        const [decoded, logp] = tf.nn.ctcBeamSearchDecoder(inputs(), k.sequenceLength, b.options);
        expect(decoded.map(plain)).toEqual(b.decoded);
        expect(logp.dtype).toBe(k.dtype);
        expectScores(logp, b.logProbabilities, k.dtype);
      });
    }
  }

  it('gives TensorFlow\'s errors', () => {
    const E = F.errors as Record<string, string | null>;
    const z = tf.zeros([2, 1, 3]);
    const cases: [string, () => unknown][] = [
      ['rank 2 inputs', () => tf.nn.ctcGreedyDecoder(tf.zeros([2, 3]), [2])],
      ['matrix lengths', () => tf.nn.ctcGreedyDecoder(z, [[2]])],
      ['batch mismatch', () => tf.nn.ctcGreedyDecoder(z, [2, 2])],
      ['length past the frames', () => tf.nn.ctcGreedyDecoder(z, [3])],
      ['empty inputs', () => tf.nn.ctcGreedyDecoder(tf.zeros([2, 0, 3]), tf.zeros([0], 'int32'))],
      ['blank out of range', () => tf.nn.ctcGreedyDecoder(z, [2], { blankIndex: 3 })],
      ['beam rank 2 inputs', () => tf.nn.ctcBeamSearchDecoder(tf.zeros([2, 3]), [2])],
      ['beam length past the frames', () => tf.nn.ctcBeamSearchDecoder(z, [3])],
      ['more paths than the beam', () => tf.nn.ctcBeamSearchDecoder(z, [2], { beamWidth: 2, topPaths: 3 })],
      ['more paths than leaves', () => tf.nn.ctcBeamSearchDecoder(z, [0], { beamWidth: 3, topPaths: 2 })],
    ];
    for (const [name, call] of cases) {
      // TensorFlow's text between its node prefix and its op suffix.
      const text = E[name]!.replace(/^.*?\}\} /, '').replace(/ \[Op:.*$/, '');
      expect(call, name).toThrow(text);
    }
    // TensorFlow checks both attributes (which one it names first varies between runs).
    expect(E['zero beam width']).toMatch(/'(top_paths|beam_width)' of 0 must be at least minimum 1/);
    expect(() => tf.nn.ctcBeamSearchDecoder(z, [2], { beamWidth: 0 })).toThrow(/beamWidth must be an integer of at least 1/);
    expect(() => tf.nn.ctcBeamSearchDecoder(z, [2], { beamWidth: 2, topPaths: 0 })).toThrow(/topPaths must be an integer of at least 1/);
    // A negative length decodes nothing (TensorFlow checks only the upper bound).
    expect(E['negative length']).toBeNull();
    const [[decoded], negSum] = tf.nn.ctcGreedyDecoder(z, [-1]);
    expect(plain(decoded)).toEqual({ indices: [], values: [], denseShape: [1, 0] });
    expect(negSum.arraySync()).toEqual([[0]]);
    expect(() => tf.nn.ctcGreedyDecoder(tf.zeros([2, 1, 3], 'int32'), [2])).toThrow(/inputs must be float32 or float64, got int32/);
    expect(() => tf.nn.ctcGreedyDecoder(z, [2], { mergeRepeat: true } as never)).toThrow(/mergeRepeat/);
  });

  it('runs under tf.function, reading the inputs at every call', () => {
    const decode = tf.function((x: tf.Tensor) => {
      const [[greedy], neg] = tf.nn.ctcGreedyDecoder(x, [3, 2]);
      const [beams, logp] = tf.nn.ctcBeamSearchDecoder(x, [3, 2], { beamWidth: 3, topPaths: 2 });
      return [greedy.values, neg, beams[1]!.values, logp];
    });
    for (const seed of [0, 1]) {
      const x = tf.reshape(tf.sin(tf.range(seed, seed + 18, 1, 'float32')), [3, 2, 3]);
      const [[greedy], neg] = tf.nn.ctcGreedyDecoder(x, [3, 2]);
      const [beams, logp] = tf.nn.ctcBeamSearchDecoder(x, [3, 2], { beamWidth: 3, topPaths: 2 });
      expect((decode(x) as tf.Tensor[]).map((t) => t.arraySync())).toEqual([greedy.values, neg, beams[1]!.values, logp].map((t) => t.arraySync()));
    }
  });
});
