// unique (unique_dataset_op.cc): each distinct element once, in the order of first appearance.
// TensorFlow takes elements of one int32, int64 or string tensor; gradtape has int32 tensors, and
// tf.string values (JS strings and Uint8Arrays, compared by their bytes as TensorFlow compares
// them: a string is its UTF-8 bytes). The elements seen are kept (as keys) for the whole pass.

import { TensorSpec } from '../function';
import type { Tensor } from '../tensor';
import { type Pipeline, UNKNOWN, pipeline } from './pipeline';
import { specText } from './spec';
import { type StringValue, StringSpec } from './strings';

/** A key of a tf.string value: its shape and each scalar's bytes in hex. */
function stringKey(v: StringValue): string {
  if (Array.isArray(v)) return `[${(v as readonly StringValue[]).map(stringKey).join(',')}]`;
  const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : (v as Uint8Array);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `input`'s elements without repeats (equal dtype, shape and values). */
export function unique(input: Pipeline, op: string): Pipeline {
  const spec = input.spec();
  const strings = spec instanceof StringSpec;
  if (!strings && (!(spec instanceof TensorSpec) || spec.dtype !== 'int32')) {
    throw new Error(
      `${op}: only supports elements that are one tf.int32 tensor or one tf.string value (JS strings or Uint8Arrays; tf.int64 in TensorFlow too), got ${specText(spec)}; for numbers, make the tensor int32 (tf.constant(values, 'int32'), or map((x) => tf.cast(x, 'int32'))).`,
    );
  }
  return pipeline(
    function* () {
      const seen = new Set<string>();
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) {
          let key: string;
          if (strings) key = stringKey(r.value as StringValue);
          else {
            const t = r.value as Tensor;
            key = `${t.shape.join(',')}:${Array.from(t.dataSync() as ArrayLike<number>).join(',')}`;
          }
          if (seen.has(key)) continue;
          seen.add(key);
          yield r.value;
        }
      } finally {
        it.return?.();
      }
    },
    UNKNOWN,
    () => spec,
  );
}
