// keras.layers.Discretization (keras/src/layers/preprocessing/discretization.py): numbers into
// bins between boundaries, tf.raw_ops.Bucketize's way (bin i holds boundaries[i-1] <= x <
// boundaries[i]; the boundaries are float32, Bucketize's attribute type; NaN goes to the last
// bin), then encoded as the bin index or as vectors. `adapt` computes the boundaries with Keras'
// approximate quantile summary, step for step in Keras' NumPy dtypes (float32 summaries, float64
// np.interp), so the boundaries are Keras' own.

import { makeConstant } from '../creation';
import { describe, type PositionalThenOptions } from '../describe';
import { fromHost, Tensor, type TensorLike } from '../tensor';
import { adaptBatches } from './adapt-batches';
import { valueText } from './arguments';
import { checkNotSparse, checkStringArg, encodeCategorical } from './category-encoding';
import type { KerasTensor } from './keras-tensor';
import { KerasTensor as KerasTensorClass } from './keras-tensor';
import { Layer, layerArguments, type LayerCallOptions, type LayerOptions, type LayerShape, type LayerTensors } from './layer';
import type { Nest } from './nest';
import type { SymbolicOutputs } from './layer';

/** Discretization's output modes. */
export type DiscretizationOutputMode = 'int' | 'one_hot' | 'multi_hot' | 'count';

/** Options of `new tf.keras.layers.Discretization(options)`. */
export interface DiscretizationOptions extends LayerOptions {
  /** The sorted boundaries between bins: n boundaries make n + 1 bins. Not with `numBins`. */
  binBoundaries?: readonly number[] | null;
  /** The number of bins `adapt` computes boundaries for (quantiles of the data). */
  numBins?: number | null;
  /** The precision of adapt's quantile summary (default 0.01): about 1/epsilon points are kept. */
  epsilon?: number;
  /** 'int' (default): the bin index (int32); 'one_hot', 'multi_hot', 'count': encoded as
   * CategoryEncoding does, in the layer's dtype. */
  outputMode?: DiscretizationOutputMode;
  /** Keras' sparse output: only false (gradtape has no sparse tensors). */
  sparse?: boolean;
}

/** An approximate quantile summary: values (ascending) and their weights, both float32 as Keras keeps them. */
interface Summary {
  values: Float32Array;
  weights: Float32Array;
}

/** NumPy's np.interp(x, xp, fp) for one x (numpy/_core/src/multiarray/compiled_base.c). */
function interp(x: number, xp: ArrayLike<number>, fp: ArrayLike<number>): number {
  const n = xp.length;
  if (Number.isNaN(x)) return x;
  if (x < xp[0]!) return fp[0]!;
  if (x > xp[n - 1]!) return fp[n - 1]!;
  // j: the last index with xp[j] <= x (binary_search_with_guess finds the same one).
  let [lo, hi] = [0, n];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x >= xp[mid]!) lo = mid + 1;
    else hi = mid;
  }
  const j = lo - 1;
  if (j === n - 1 || xp[j] === x) return fp[j]!;
  const slope = (fp[j + 1]! - fp[j]!) / (xp[j + 1]! - xp[j]!);
  let y = slope * (x - xp[j]!) + fp[j]!;
  if (Number.isNaN(y)) {
    y = slope * (x - xp[j + 1]!) + fp[j + 1]!;
    if (Number.isNaN(y) && fp[j] === fp[j + 1]) y = fp[j]!;
  }
  return y;
}

/** NumPy's sort order of float32 values (NaN last). */
const ascending = (a: number, b: number): number => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b);

/** Keras' summarize: the sorted values taken every `step` (about 1/epsilon of them), each weighing `step`. */
function summarize(data: Float32Array, epsilon: number): Summary {
  const values = Float32Array.from(data).sort(ascending);
  const increment = values.length / (1 / epsilon);
  const step = Math.max(increment, 1);
  const [start, stride] = [Math.trunc(step - 1), Math.trunc(step)];
  const kept: number[] = [];
  for (let i = start; i < values.length; i += stride) kept.push(values[i]!);
  return { values: Float32Array.from(kept), weights: new Float32Array(kept.length).fill(step) };
}

/** Keras' merge_summaries: both summaries' points sorted by value, then compressed. */
function mergeSummaries(first: Summary, second: Summary, epsilon: number): Summary {
  const n = first.values.length + second.values.length;
  const points = Array.from({ length: n }, (_, i) => (i < first.values.length ? [first.values[i]!, first.weights[i]!] : [second.values[i - first.values.length]!, second.weights[i - first.values.length]!]) as [number, number]);
  points.sort((a, b) => ascending(a[0], b[0])); // stable; np.argsort's order of equal values only moves float32 rounding
  return compressSummary({ values: Float32Array.from(points, (p) => p[0]), weights: Float32Array.from(points, (p) => p[1]) }, epsilon);
}

/** Keras' compress_summary: the values and cumulative weights interpolated at the percents
 * epsilon, 2·epsilon, ..., 1 of the total weight (unchanged if it has fewer than 1/epsilon points). */
function compressSummary(summary: Summary, epsilon: number): Summary {
  const m = summary.values.length;
  if (m * epsilon < 1) return summary;
  const count = Math.ceil(1 / epsilon); // np.arange(0.0, 1.0, epsilon)'s length
  const cumWeights = new Float32Array(m); // np.cumsum in float32
  let total = Math.fround(0);
  for (let i = 0; i < m; i++) cumWeights[i] = total = Math.fround(total + summary.weights[i]!);
  const cumPercents = cumWeights.map((w) => Math.fround(w / total));
  const values = new Float32Array(count);
  const weights = new Float32Array(count);
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const percent = epsilon + i * epsilon;
    values[i] = interp(percent, cumPercents, summary.values);
    const cumulative = interp(percent, cumPercents, cumWeights);
    weights[i] = cumulative - previous;
    previous = cumulative;
  }
  return { values, weights };
}

/** Options of a Discretization call (none besides the layer call's). */
export type DiscretizationCallOptions = Omit<LayerCallOptions, 'states' | 'initialState'>;

/** Keras 3's positional arguments of Discretization, in its order. */
type DiscretizationPositional = [
  binBoundaries?: DiscretizationOptions['binBoundaries'], numBins?: number | null, epsilon?: number, outputMode?: DiscretizationOptions['outputMode'],
  sparse?: boolean, dtype?: DiscretizationOptions['dtype'] | null, name?: string | null,
];

/**
 * keras.layers.Discretization({binBoundaries} or {numBins}, {epsilon, outputMode = 'int'}):
 * numbers into bins, bin i holding boundaries[i-1] <= x < boundaries[i] (a value equal to a
 * boundary goes to the bin above it, as tf.raw_ops.Bucketize does; boundaries are float32), given
 * as the bin index (int32) or encoded as CategoryEncoding does ('one_hot', 'multi_hot',
 * 'count', over boundaries + 1 bins). With `numBins`, `adapt(data)` sets the boundaries to the
 * data's approximate quantiles, Keras' summary algorithm (the same boundaries as Keras).
 *
 * @example
 * ```ts
 * const bins = new tf.keras.layers.Discretization({ binBoundaries: [0, 1, 2] });
 * console.log(bins([[-1.5, 1, 0.5, 3]]).arraySync()); // [ [ 0, 2, 1, 3 ] ]
 * const quantiles = new tf.keras.layers.Discretization({ numBins: 4, epsilon: 0.01 });
 * quantiles.adapt([0, 1, 2, 3, 4, 5, 6, 7]);
 * console.log(quantiles.binBoundaries); // [ 1, 3, 5 ]
 * ```
 */
export class Discretization extends Layer {
  /** The boundaries (float32 values), given or from `adapt`; null before `adapt`. */
  binBoundaries: number[] | null;
  /** The number of bins adapt aims at, or null when the boundaries are given. */
  readonly numBins: number | null;
  /** The quantile summary's precision. */
  readonly epsilon: number;
  /** The output mode. */
  readonly outputMode: DiscretizationOutputMode;
  /** Always false. */
  readonly sparse: boolean;

  /** @param options `binBoundaries` or `numBins`, `epsilon`, `outputMode`, `sparse`, `name`, `dtype`. */
  constructor(options?: DiscretizationOptions);
  /** Keras 3's positional form: `Discretization(bin_boundaries, num_bins, epsilon, output_mode,
   * sparse, dtype, name)`. */
  constructor(...positional: DiscretizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<DiscretizationPositional, DiscretizationOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<DiscretizationOptions>(
      new.target, args, ['binBoundaries', 'numBins', 'epsilon', 'outputMode', 'sparse', 'dtype', 'name'], ['binBoundaries', 'numBins', 'dtype', 'name'],
    );
    // Keras' Discretization takes only name and dtype of the layer options (no `trainable`).
    super(options, ['binBoundaries', 'numBins', 'epsilon', 'outputMode', 'sparse']);
    const op = this.qualifiedName;
    const o = options;
    const mode = o.outputMode ?? 'int';
    if (o.sparse === true && mode === 'int') {
      throw new Error(`${op}: \`sparse=True\` may only be used if \`output_mode\` is \`'one_hot'\`, \`'multi_hot'\`, or \`'count'\`. Received: sparse=True and output_mode=${mode}`);
    }
    this.outputMode = checkStringArg(mode, ['int', 'one_hot', 'multi_hot', 'count'] as const, 'Discretization', 'output_mode', op);
    this.sparse = checkNotSparse(o.sparse, op);
    const numBins = o.numBins ?? null;
    if (numBins !== null && !Number.isSafeInteger(numBins)) throw new Error(`${op}: numBins must be an integer, got ${describe(numBins)}.`);
    if (numBins !== null && numBins < 0) throw new Error(`${op}: \`num_bins\` must be greater than or equal to 0. Received: \`num_bins=${numBins}\``);
    const boundaries = o.binBoundaries ?? null;
    if (numBins !== null && boundaries !== null) {
      throw new Error(`${op}: Both \`num_bins\` and \`bin_boundaries\` should not be set. Received: \`num_bins=${numBins}\` and \`bin_boundaries=${valueText(boundaries)}\``);
    }
    if (numBins === null && boundaries === null) throw new Error(`${op}: You need to set either \`num_bins\` or \`bin_boundaries\`.`);
    if (boundaries !== null && (!Array.isArray(boundaries) || boundaries.some((b) => typeof b !== 'number'))) {
      throw new Error(`${op}: binBoundaries must be an array of numbers, got ${describe(boundaries)}.`);
    }
    const epsilon = o.epsilon ?? 0.01;
    if (typeof epsilon !== 'number' || !(epsilon > 0)) throw new Error(`${op}: epsilon must be a positive number, got ${describe(epsilon)}.`);
    this.epsilon = epsilon;
    this.numBins = numBins;
    this.binBoundaries = boundaries === null ? null : boundaries.slice();
  }

  /** A new Discretization from `getConfig()`'s object; an adapted layer's config has both
   * `numBins` and `binBoundaries`, which are set after construction (Keras' from_config). */
  static override fromConfig(config: Record<string, unknown>): Discretization {
    const { binBoundaries, ...rest } = config;
    if (binBoundaries !== undefined && binBoundaries !== null && rest.numBins !== undefined && rest.numBins !== null) {
      const layer = new this(rest as DiscretizationOptions);
      layer.binBoundaries = (binBoundaries as number[]).slice();
      return layer;
    }
    return new this(config as DiscretizationOptions);
  }

  /**
   * Keras' `adapt(data)`: the boundaries of `numBins` bins of about equal counts, from an
   * approximate quantile summary of the data (each batch summarized and merged into the summary so
   * far, keeping about 1/epsilon points). `data` is one tensor or array, or batches (an array of
   * tensors, a `tf.data.Dataset`, another iterable).
   */
  adapt(data: TensorLike | Iterable<TensorLike> | object): void {
    const op = `${this.qualifiedName}.adapt`;
    if (this.numBins === null) throw new Error(`${op}: Cannot adapt a Discretization layer that has been initialized with \`bin_boundaries\`, use \`num_bins\` instead.`);
    let summary: Summary = { values: new Float32Array(0), weights: new Float32Array(0) };
    for (const batch of adaptBatches(data)) {
      const values = Float32Array.from(makeConstant(batch as TensorLike, 'float32', op).dataSync() as ArrayLike<number>);
      summary = mergeSummaries(summarize(values, this.epsilon), summary, this.epsilon);
    }
    const bins = compressSummary(summary, 1 / this.numBins).values;
    this.binBoundaries = Array.from(bins.subarray(0, Math.max(bins.length - 1, 0)));
  }

  /** The bin of each value (tf.raw_ops.Bucketize), encoded by the output mode. */
  override call(inputs: LayerTensors): Tensor {
    const op = this.qualifiedName;
    if (this.binBoundaries === null) {
      throw new Error(`${op}: You need to either pass the \`bin_boundaries\` argument at construction time or call \`adapt(dataset)\` before you can start using the \`Discretization\` layer.`);
    }
    const boundaries = this.binBoundaries.map(Math.fround);
    for (let i = 1; i < boundaries.length; i++) if (!(boundaries[i - 1]! <= boundaries[i]!)) throw new Error(`${op}: Expected sorted boundaries [Op:Bucketize]`);
    const x = inputs as Tensor;
    const data = x.dataSync();
    const bins = new Int32Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = Number(data[i]);
      // std::upper_bound: the number of boundaries <= v (NaN passes them all).
      let [lo, hi] = [0, boundaries.length];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v < boundaries[mid]!) hi = mid;
        else lo = mid + 1;
      }
      bins[i] = lo;
    }
    if (this.outputMode === 'int') return fromHost(bins, x.shape.slice(), 'int32');
    return encodeCategorical({ values: bins, shape: x.shape.slice() }, this.outputMode, boundaries.length + 1, this.dtype, null, op);
  }

  /** The number of bins the output encodes: boundaries + 1 (numBins before adapt). */
  private get depth(): number {
    return this.binBoundaries !== null ? this.binBoundaries.length + 1 : this.numBins!;
  }

  /** Keras' compute_output_shape: the input shape for 'int'; 'one_hot' appends the bins (or
   * replaces a last axis of 1); 'multi_hot' and 'count' give [batch, ...axes after the second, bins]. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    if (this.outputMode === 'int') return inputShape.slice();
    const depth = this.depth;
    if (this.outputMode === 'one_hot') {
      return inputShape.length > 1 && inputShape[inputShape.length - 1] === 1 ? [...inputShape.slice(0, -1), depth] : [...inputShape, depth];
    }
    return inputShape.length >= 2 ? [inputShape[0]!, ...inputShape.slice(2), depth] : [depth];
  }

  /** int32 outputs in 'int' mode, else the layer's dtype. */
  override computeOutputSpec(inputs: Nest<KerasTensor>): SymbolicOutputs {
    const shape = this.computeOutputShape((inputs as KerasTensor).shape);
    return new KerasTensorClass(shape, this.outputMode === 'int' ? 'int32' : this.dtype);
  }

  /** Keras' config: `{binBoundaries, numBins, epsilon, outputMode, sparse, name, dtype}` (no `trainable`). */
  override getConfig(): Record<string, unknown> {
    const { trainable: _trainable, ...base } = super.getConfig();
    void _trainable;
    return { ...base, binBoundaries: this.binBoundaries === null ? null : this.binBoundaries.slice(), numBins: this.numBins, epsilon: this.epsilon, outputMode: this.outputMode, sparse: this.sparse };
  }
}
