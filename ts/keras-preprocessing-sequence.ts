// tf.keras.preprocessing.sequence: Keras' legacy skip-gram helpers (the word2vec tutorial's
// negative sampling), on Python's module-level `random` as Keras draws them (python-random.ts),
// so after `keras.utils.setRandomSeed(s)` (or `tf.random.setSeed(s)`) the same calls give
// Keras' couples and labels.

import { checkOptions, describe } from './describe';
import { pythonRandom, seedPythonRandom } from './python-random';

/**
 * keras.preprocessing.sequence.make_sampling_table(size, sampling_factor=1e-5): the probability
 * of keeping the word of each rank (word2vec's min(1, √(f/s)/(f/s)) with Zipf's frequencies
 * f(rank) ≈ 1 / (rank·(ln rank + γ) + 1/2 − 1/(12·rank)), γ = 0.577), a Float64Array of `size`.
 */
export function makeSamplingTable(size: number, samplingFactor = 1e-5): Float64Array {
  const op = 'keras.preprocessing.sequence.makeSamplingTable';
  // (Keras' numpy code fails on size 0, setting rank[0].)
  if (!Number.isSafeInteger(size) || size < 1) throw new Error(`${op}: size must be a positive integer, got ${describe(size)}.`);
  if (typeof samplingFactor !== 'number' || !Number.isFinite(samplingFactor)) throw new Error(`${op}: samplingFactor must be a finite number, got ${describe(samplingFactor)}.`);
  const table = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const rank = Math.max(i, 1); // (rank[0] = 1)
    const f = samplingFactor * (rank * (Math.log(rank) + 0.577) + 0.5 - 1 / (12 * rank));
    table[i] = Math.min(1, f / Math.sqrt(f));
  }
  return table;
}

/** Options of `keras.preprocessing.sequence.skipgrams`. */
export interface SkipgramsOptions {
  /** Half the window: word j is a context of word i when 0 < |i − j| ≤ windowSize (default 4). */
  windowSize?: number;
  /** Negative couples per positive one (default 1; 0 for none). */
  negativeSamples?: number;
  /** Whether to shuffle the couples and labels alike (default true). */
  shuffle?: boolean;
  /** Labels as [0, 1] (positive) and [1, 0] (negative) pairs instead of 1 and 0 (default false). */
  categorical?: boolean;
  /** The probability of keeping each word index (makeSamplingTable), or null. */
  samplingTable?: ArrayLike<number> | null;
  /** The shuffle's seed (Python's random.seed), or null: a draw of random.randint(0, 10e6). */
  seed?: number | null;
}

/**
 * keras.preprocessing.sequence.skipgrams(sequence, vocabulary_size, window_size=4,
 * negative_samples=1.0, shuffle=True, categorical=False, sampling_table=None, seed=None): the
 * (word, context) couples of a sequence of word indices (0 is not a word) with label 1, words kept
 * with probability samplingTable[word]; then as many negative couples (times `negativeSamples`),
 * the positive couples' words shuffled and paired with random.randint(1, vocabularySize − 1),
 * label 0; then couples and labels shuffled alike. Python's `random` draws, as Keras' do.
 */
export function skipgrams(sequence: ArrayLike<number>, vocabularySize: number, options: SkipgramsOptions = {}): [couples: [number, number][], labels: (number | [number, number])[]] {
  const op = 'keras.preprocessing.sequence.skipgrams';
  const o = checkOptions(options, op, ['windowSize', 'negativeSamples', 'shuffle', 'categorical', 'samplingTable', 'seed'], '{windowSize: 2, negativeSamples: 0, seed: 42}') as SkipgramsOptions;
  const { windowSize = 4, negativeSamples = 1, shuffle = true, categorical = false, samplingTable = null, seed = null } = o;
  if (!Number.isSafeInteger(vocabularySize) || vocabularySize < 1 || vocabularySize > 2 ** 32) throw new Error(`${op}: vocabularySize must be an integer in [1, 2^32], got ${describe(vocabularySize)}.`);
  if (!Number.isSafeInteger(windowSize) || windowSize < 0) throw new Error(`${op}: windowSize must be a non-negative integer, got ${describe(windowSize)}.`);
  if (typeof negativeSamples !== 'number' || !(negativeSamples >= 0)) throw new Error(`${op}: negativeSamples must be a number >= 0, got ${describe(negativeSamples)}.`);
  if (typeof shuffle !== 'boolean' || typeof categorical !== 'boolean') throw new Error(`${op}: shuffle and categorical must be booleans, got ${describe(shuffle)} and ${describe(categorical)}.`);
  if (seed !== null && !Number.isSafeInteger(seed)) throw new Error(`${op}: seed must be an integer or null, got ${describe(seed)}.`);
  const words = Array.from(sequence);
  if (!words.every((w) => Number.isInteger(w))) throw new Error(`${op}: sequence must hold integer word indices, got ${describe(sequence)}.`);
  const random = pythonRandom();
  const couples: [number, number][] = [];
  const labels: (number | [number, number])[] = [];
  const positive = (): number | [number, number] => (categorical ? [0, 1] : 1);
  words.forEach((wi, i) => {
    if (!wi) return;
    if (samplingTable !== null) {
      const keep = samplingTable[wi];
      if (keep === undefined) throw new Error(`${op}: samplingTable has no entry for word ${wi} (length ${samplingTable.length}).`);
      if (keep < random.random()) return;
    }
    const end = Math.min(words.length, i + windowSize + 1);
    for (let j = Math.max(0, i - windowSize); j < end; j++) {
      if (j === i || !words[j]) continue;
      couples.push([wi, words[j]!]);
      labels.push(positive());
    }
  });
  if (negativeSamples > 0) {
    const count = Math.trunc(labels.length * negativeSamples);
    if (count > 0 && vocabularySize < 2) throw new Error(`${op}: negative samples are drawn from [1, vocabularySize), which is empty for vocabularySize ${vocabularySize}.`);
    const firsts = couples.map((c) => c[0]);
    random.shuffle(firsts);
    for (let i = 0; i < count; i++) couples.push([firsts[i % firsts.length]!, random.randint(1, vocabularySize - 1)]);
    for (let i = 0; i < count; i++) labels.push(categorical ? [1, 0] : 0);
  }
  if (shuffle) {
    const s = seed ?? random.randint(0, 1e7);
    seedPythonRandom(s);
    pythonRandom().shuffle(couples);
    seedPythonRandom(s);
    pythonRandom().shuffle(labels);
  }
  return [couples, labels];
}
