// chooseFromDatasets and sampleFromDatasets (interleave_ops.py, directed_interleave_dataset_op.cc):
// each element taken from the input dataset a selector names. chooseFromDatasets' selector is a
// dataset of indices; sampleFromDatasets' draws indices at random in proportion to weights. The
// random numbers are gradtape's (xoshiro128**), not TensorFlow's, so a seed gives another order
// than in TensorFlow, but the same one on every run.

import { describe } from '../describe';
import { TensorSpec } from '../function';
import { Xoshiro128, uniform } from '../random';
import { Tensor } from '../tensor';
import { INFINITE, type Pipeline, UNKNOWN, pipeline } from './pipeline';
import { type SpecStructure, commonStructure, specText } from './spec';
import type { Element } from './structure';

/** A tag for the sampling streams, apart from the random ops' and shuffle's. */
const TAG_SAMPLE = 0x5a3b1e0d;

/** The inputs' common spec, with TensorFlow's error for datasets whose elements differ. */
function inputsSpec(inputs: readonly Pipeline[], op: string): SpecStructure {
  let spec = inputs[0]!.spec();
  inputs.slice(1).forEach((p, i) => {
    const merged = commonStructure(spec, p.spec());
    if (merged === null) {
      throw new Error(`${op}: Invalid \`datasets\`. \`datasets\` must have compatible element specs.\n Dataset 0 element_spec=${specText(inputs[0]!.spec())}.\nDataset ${i + 1} element_spec=${specText(p.spec())}.`);
    }
    spec = merged;
  });
  return spec;
}

/**
 * The element of `inputs[k]` for each index k the selector gives (a new selector per pass). When a
 * chosen input has ended, the dataset ends if `stopOnEmptyDataset`; otherwise that input is
 * skipped from then on, and the dataset ends when every input that can be chosen (`live`) has
 * ended or the selector ends.
 */
function directedInterleave(selector: () => Iterator<number>, inputs: readonly Pipeline[], live: readonly boolean[], stopOnEmptyDataset: boolean, op: string): Pipeline {
  const spec = inputsSpec(inputs, op);
  return pipeline(
    function* () {
      const its: (Iterator<Element> | null)[] = inputs.map((p) => p.iterate());
      let active = live.filter(Boolean).length;
      const choices = selector();
      try {
        while (active > 0) {
          const r = choices.next();
          if (r.done === true) return;
          const k = r.value;
          if (k < 0 || k >= inputs.length) throw new Error(`${op}: Selector index out of range: ${k} >= ${inputs.length}`);
          const it = its[k];
          if (!it) continue;
          const e = it.next();
          if (e.done !== true) {
            yield e.value;
            continue;
          }
          if (stopOnEmptyDataset) return;
          its[k] = null;
          if (live[k]) active--;
        }
      } finally {
        choices.return?.();
        for (const it of its) it?.return?.();
      }
    },
    // directed_interleave_dataset_op.cc: infinite if an input is, else unknown.
    inputs.some((p) => p.cardinality === INFINITE) ? INFINITE : UNKNOWN,
    () => spec,
  );
}

/** The indices of `choice`'s elements: int32 scalars (int64 in TensorFlow). */
export function chooseFromDatasets(inputs: readonly Pipeline[], choice: Pipeline, stopOnEmptyDataset: boolean, op: string): Pipeline {
  const spec = choice.spec();
  if (!(spec instanceof TensorSpec) || spec.dtype !== 'int32' || (spec.shape !== null && spec.shape.length !== 0)) {
    throw new Error(`${op}: Invalid \`choiceDataset\`. Elements of \`choiceDataset\` must be scalars of type int32 (tf.int64 in TensorFlow), got ${specText(spec)}.`);
  }
  const selector = function* (): Generator<number, void, undefined> {
    const it = choice.iterate();
    try {
      for (let r = it.next(); r.done !== true; r = it.next()) yield (r.value as Tensor).item();
    } finally {
      it.return?.();
    }
  };
  return directedInterleave(selector, inputs, inputs.map(() => true), stopOnEmptyDataset, op);
}

/** `weights` as one non-negative finite number per input (null: all equal). */
export function checkWeights(weights: unknown, count: number, op: string): number[] {
  if (weights === null || weights === undefined) return Array.from({ length: count }, () => 1);
  let values: unknown = weights;
  if (weights instanceof Tensor) {
    if (weights.dtype !== 'float32' && weights.dtype !== 'float64') throw new Error(`${op}: Invalid \`weights\`. \`weights\` type must be either float32 or float64 but is ${weights.dtype}.`);
    values = weights.rank === 1 ? Array.from(weights.dataSync() as ArrayLike<number>) : null;
  }
  if (!Array.isArray(values) || values.length !== count || !values.every((w) => typeof w === 'number')) {
    throw new Error(`${op}: Invalid \`weights\`. \`weights\` must hold one number per dataset (${count}), got ${describe(weights)}.`);
  }
  if (!values.every((w: number) => Number.isFinite(w) && w >= 0)) throw new Error(`${op}: weights must be finite and non-negative, got ${describe(values)}.`);
  if (!values.some((w: number) => w > 0)) throw new Error(`${op}: at least one of the weights must be positive, got ${describe(values)}.`);
  return values as number[];
}

/**
 * Elements of `inputs` drawn at random, input k with probability weights[k] / Σ weights (among
 * the inputs not yet ended, unless `stopOnEmptyDataset`). The seed pair is drawn now by the
 * random ops' rules (the op `seed`, else tf.random.setSeed); pass k draws from the stream
 * (seeds, k) with `rerandomizeEachIteration`, else every pass repeats the first one's choices.
 */
export function sampleFromDatasets(inputs: readonly Pipeline[], weights: readonly number[], seed: number | undefined, stopOnEmptyDataset: boolean, rerandomizeEachIteration: boolean, op: string): Pipeline {
  const words = Array.from(uniform(2, 0, 2 ** 32, seed), Math.floor);
  const total = weights.reduce((a, b) => a + b, 0);
  const lastPositive = weights.length - 1 - [...weights].reverse().findIndex((w) => w > 0);
  /** The input whose share of [0, total) holds `u` (the last positive one if rounding misses). */
  const pick = (u: number): number => {
    let upTo = 0;
    for (let k = 0; k < weights.length; k++) {
      upTo += weights[k]!;
      if (u < upTo && weights[k]! > 0) return k;
    }
    return lastPositive;
  };
  let passes = 0;
  const selector = function* (): Generator<number, void, undefined> {
    const g = new Xoshiro128([TAG_SAMPLE, ...words, rerandomizeEachIteration ? passes++ : 0]);
    for (;;) yield pick(g.nextDouble() * total);
  };
  // A zero weight's input is never chosen, so it never ends (TensorFlow drops it too).
  return directedInterleave(selector, inputs, weights.map((w) => w > 0), stopOnEmptyDataset, op);
}
