// unique (unique_dataset_op.cc): each distinct element once, in the order of first appearance.
// TensorFlow takes elements of one int32, int64 or string tensor; gradtape has int32 only. The
// elements seen are kept (as keys) for the whole pass.

import { TensorSpec } from '../function';
import type { Tensor } from '../tensor';
import { type Pipeline, UNKNOWN, pipeline } from './pipeline';
import { specText } from './spec';

/** `input`'s elements without repeats (equal dtype, shape and values). */
export function unique(input: Pipeline, op: string): Pipeline {
  const spec = input.spec();
  if (!(spec instanceof TensorSpec) || spec.dtype !== 'int32') {
    throw new Error(
      `${op}: only supports elements that are one tf.int32 tensor (tf.int64 and tf.string in TensorFlow), got ${specText(spec)}; for numbers, make the tensor int32 (tf.constant(values, 'int32'), or map((x) => tf.cast(x, 'int32'))).`,
    );
  }
  return pipeline(
    function* () {
      const seen = new Set<string>();
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) {
          const t = r.value as Tensor;
          const key = `${t.shape.join(',')}:${Array.from(t.dataSync() as ArrayLike<number>).join(',')}`;
          if (seen.has(key)) continue;
          seen.add(key);
          yield t;
        }
      } finally {
        it.return?.();
      }
    },
    UNKNOWN,
    () => spec,
  );
}
