// shuffle (shuffle_dataset_op.cc's algorithm): a buffer filled with the first bufferSize
// elements; each step emits a uniformly chosen buffered element and puts the next input element
// in its slot. bufferSize >= the dataset's size gives a uniform permutation; a smaller buffer only
// mixes nearby elements. The random numbers are gradtape's (xoshiro128**), not TensorFlow's
// Philox, so a seed gives another order than in TensorFlow, but the same one on every run.

import { describe } from '../describe';
import { Xoshiro128, uniform } from '../random';
import { type Pipeline, pipeline } from './pipeline';
import type { Element } from './structure';

/** A tag for the shuffle streams, apart from the random ops' own. */
const TAG_SHUFFLE = 0x5eed0da7;

/**
 * `input`'s elements through a shuffle buffer of `bufferSize`. The seed pair is drawn now, by the
 * random ops' seed rules (tf.random.setSeed and the op `seed`: the dataset is reproducible when
 * either is set), as TensorFlow draws it when the dataset is made. Pass k draws from the stream
 * (seeds, k), or (seeds, 0) at every pass without `reshuffleEachIteration`.
 */
export function shuffle(input: Pipeline, bufferSize: number, seed: number | undefined, reshuffleEachIteration: boolean, op: string): Pipeline {
  if (!Number.isInteger(bufferSize)) throw new Error(`${op}: bufferSize must be an integer, got ${describe(bufferSize)}.`);
  // tf.data.AUTOTUNE (-1) is not a buffer size TensorFlow accepts either.
  if (bufferSize <= 0) throw new Error(`${op}: buffer_size must be greater than zero.`);
  const words = Array.from(uniform(2, 0, 2 ** 32, seed), Math.floor);
  let passes = 0;
  return pipeline(
    function* () {
      const g = new Xoshiro128([TAG_SHUFFLE, ...words, reshuffleEachIteration ? passes++ : 0]);
      const buffer: Element[] = [];
      const it = input.iterate();
      try {
        let r = it.next();
        for (; r.done !== true && buffer.length < bufferSize; r = it.next()) buffer.push(r.value);
        while (buffer.length > 0) {
          const i = Math.floor(g.nextDouble() * buffer.length);
          const chosen = buffer[i]!;
          if (r.done !== true) {
            buffer[i] = r.value;
            r = it.next();
          } else {
            // Input exhausted: the slot takes the last buffered element.
            buffer[i] = buffer[buffer.length - 1]!;
            buffer.pop();
          }
          yield chosen;
        }
      } finally {
        it.return?.();
      }
    },
    input.cardinality,
    () => input.spec(),
  );
}
