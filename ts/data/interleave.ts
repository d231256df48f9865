// interleave (interleave_dataset_op.cc): the datasets a function makes of the input's elements,
// read cycleLength at a time, blockLength consecutive elements from each in turn. A slot whose
// dataset ends takes the next input element's dataset when the cycle comes back to it. TensorFlow
// runs this order when `deterministic` is not false, with or without numParallelCalls; here
// everything is synchronous, so it is the only order.

import { describe } from '../describe';
import { type ElementFunction, datasetMaker, innerSpec } from './mapping';
import { type Pipeline, UNKNOWN, pipeline } from './pipeline';
import type { Element } from './structure';

/** The cycle length tf.data.AUTOTUNE (and no cycleLength) stands for. TensorFlow takes the
 * machine's number of CPU cores; a constant keeps the order the same on every machine. */
export const AUTOTUNE_CYCLE_LENGTH = 8;

/** A cycleLength or blockLength: a positive integer (cycleLength may be tf.data.AUTOTUNE, -1). */
export function checkInterleaveLength(value: unknown, op: string, name: 'cycleLength' | 'blockLength'): number {
  if (!Number.isInteger(value)) throw new Error(`${op}: ${name} must be an integer, got ${describe(value)}.`);
  if (name === 'cycleLength' && value === -1) return AUTOTUNE_CYCLE_LENGTH;
  const kernelName = name === 'cycleLength' ? 'cycle_length' : 'block_length';
  if ((value as number) <= 0) throw new Error(`${op}: ${kernelName} must be greater than zero (${name} = ${value as number}${name === 'cycleLength' ? '; or tf.data.AUTOTUNE' : ''}).`);
  return value as number;
}

/** The elements of the datasets `fn` makes of `input`'s elements, interleaved. */
export function interleave(input: Pipeline, fn: ElementFunction, pipelineOf: (value: unknown) => Pipeline | null, cycleLength: number, blockLength: number, op: string): Pipeline {
  const inner = datasetMaker(fn, pipelineOf, op);
  return pipeline(
    function* () {
      const slots: (Iterator<Element> | null)[] = Array.from({ length: cycleLength }, () => null);
      const it = input.iterate();
      let endOfInput = false;
      let open = 0;
      let cycle = 0;
      let block = 0;
      const nextInCycle = (): void => {
        block = 0;
        cycle = (cycle + 1) % cycleLength;
      };
      try {
        while (!endOfInput || open > 0) {
          const slot = slots[cycle];
          if (slot) {
            const r = slot.next();
            if (r.done !== true) {
              if (++block === blockLength) nextInCycle();
              yield r.value;
              continue;
            }
            slots[cycle] = null;
            open--;
            nextInCycle();
          } else if (!endOfInput) {
            // The empty slot takes the next input element's dataset and is read at once.
            const r = it.next();
            if (r.done === true) endOfInput = true;
            else {
              slots[cycle] = inner(r.value).iterate();
              open++;
            }
          } else {
            nextInCycle();
          }
        }
      } finally {
        it.return?.();
        for (const slot of slots) slot?.return?.();
      }
    },
    // interleave_dataset_op.cc does not compute one.
    UNKNOWN,
    () => innerSpec(input, inner, op),
  );
}
