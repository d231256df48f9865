// cache() in memory (cache_dataset_ops.cc's MemoryCache): the first complete pass keeps its
// elements, and later passes give those instead of running the input again (so a shuffle before
// the cache is shuffled once). A pass stopped early keeps nothing, as TensorFlow discards a
// partial cache.

import { type Pipeline, pipeline } from './pipeline';
import type { Element } from './structure';

/** `input`, its elements kept after the first complete pass. */
export function cache(input: Pipeline): Pipeline {
  let cached: Element[] | null = null;
  return pipeline(
    function* () {
      if (cached !== null) {
        yield* cached;
        return;
      }
      const filling: Element[] = [];
      const it = input.iterate();
      try {
        for (let r = it.next(); r.done !== true; r = it.next()) {
          filling.push(r.value);
          yield r.value;
        }
      } finally {
        it.return?.();
      }
      cached = filling;
    },
    input.cardinality,
    () => input.spec(),
  );
}
