// window (window_dataset_op.cc): consecutive elements grouped into windows, each a finite dataset
// (for a structured element, the same structure of datasets, one per component). A buffer holds
// the (size - 1) * stride + 1 input elements a window spans; a window takes every stride-th of
// them, then the buffer drops `shift` elements (reading past its end when shift is larger).

import { describe } from '../describe';
import { INFINITE, type Pipeline, UNKNOWN, listPipeline, pipeline } from './pipeline';
import { DatasetSpec, type SpecStructure, flattenSpec, mapLeaves } from './spec';
import { type Component, type Element, components, packLike } from './structure';

/** A window argument: a positive integer, with TensorFlow's kernel error otherwise. */
export function checkWindowArgument(value: unknown, op: string, name: string, kernelName: string): number {
  if (!Number.isInteger(value)) throw new Error(`${op}: ${name} must be an integer, got ${describe(value)}.`);
  if ((value as number) <= 0) throw new Error(`${op}: Window ${kernelName} must be greater than zero (${name} = ${value as number}).`);
  return value as number;
}

/** The number of windows of `n` elements (window_dataset_op.cc's CardinalityInternal). */
function windowCount(n: number, span: number, shift: number, dropRemainder: boolean): number {
  if (n === INFINITE || n === UNKNOWN) return n;
  if (dropRemainder) return n < span ? 0 : Math.floor((n - span) / shift) + 1;
  return Math.ceil(n / shift);
}

/**
 * `input`'s elements in windows of `size` (every `stride`-th element), a window starting every
 * `shift` elements; the last windows are smaller unless `dropRemainder`. `wrap` makes a pipeline
 * a dataset (the class lives in dataset.ts).
 */
export function window(input: Pipeline, size: number, shift: number, stride: number, dropRemainder: boolean, wrap: (p: Pipeline) => Component): Pipeline {
  const span = (size - 1) * stride + 1;
  const componentSpec = (c: number): SpecStructure => flattenSpec(input.spec())[c]!;
  /** The window of `members`: per component, a dataset of that component of each member. */
  const windowOf = (members: readonly Element[]): Element => {
    const columns = members.map(components);
    const datasets = columns[0]!.map((_, c) => wrap(listPipeline(columns.map((parts) => parts[c]!), () => componentSpec(c))));
    return packLike(members[0]!, datasets) as Element;
  };
  return pipeline(
    function* () {
      const buffer: Element[] = [];
      const it = input.iterate();
      let open = true;
      const read = (): Element | null => {
        const r = it.next();
        if (r.done === true) open = false;
        return r.done === true ? null : r.value;
      };
      try {
        for (;;) {
          while (open && buffer.length < span) {
            const element = read();
            if (element !== null) buffer.push(element);
          }
          if (buffer.length === 0 || (dropRemainder && buffer.length < span)) return;
          const members = buffer.filter((_, i) => i % stride === 0);
          if (shift >= buffer.length) {
            // The next window starts past the buffer: the elements between are read and dropped.
            for (let i = buffer.length; open && i < shift; i++) read();
            buffer.length = 0;
          } else {
            buffer.splice(0, shift);
          }
          yield windowOf(members);
        }
      } finally {
        it.return?.();
      }
    },
    windowCount(input.cardinality, span, shift, dropRemainder),
    () => mapLeaves(input.spec(), (s) => new DatasetSpec(s)),
  );
}
