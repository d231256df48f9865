// tf.keras.layers' merge layers (keras/src/layers/merging/): layers called on an array of tensors.
// Add, Subtract, Multiply, Average, Maximum and Minimum combine them elementwise, broadcasting the
// sample shapes as Keras' Merge does (sizes equal, or 1, or unknown; inputs of lower rank get
// axes of size 1 after the batch axis); Concatenate joins them along an axis; Dot takes the
// dot products of two along an axis of each. Shape checks and messages are Keras'. The functional
// forms (`tf.keras.layers.add([a, b])`) make the layer and call it.

import { describe, type PositionalThenOptions } from '../describe';
import { add as addOp, div, logicalOr, maximum as maximumOp, minimum as minimumOp, mul, reduceAny, sub } from '../generated/ops';
import { onesLike, zerosLike } from '../creation';
import { normalize as l2Normalize } from '../losses';
import { cast, concat, matmul, reshape, transpose } from '../ops';
import { expandDims, squeeze } from '../shape';
import { Tensor } from '../tensor';
import { KerasTensor } from './keras-tensor';
import { checkAxis, isShape, Layer, requiredLayerArguments, layerArguments, type LayerMask, type LayerOptions, type LayerShape, type LayerTensors, shapeText, takeArguments } from './layer';
import type { Nest } from './nest';

/** Python's text of a list of shapes: `[(None, 3), (None, 4)]`. */
const shapesText = (shapes: readonly LayerShape[]): string => `[${shapes.map(shapeText).join(', ')}]`;

/** The shapes when `value` is a list of shapes (not one shape), else null. */
function shapeListOf(value: Nest<LayerShape>): LayerShape[] | null {
  if (isShape(value) || !Array.isArray(value)) return null;
  const list = value as readonly unknown[];
  return list.every(isShape) ? (list.slice() as LayerShape[]) : null;
}

/** The text of whatever a merge layer was given instead of a list of shapes. */
const givenText = (value: Nest<LayerShape>): string => (isShape(value) ? shapeText(value) : Array.isArray(value) ? shapesText(value as readonly LayerShape[]) : describe(value));

/**
 * keras.layers' Merge: the base of the elementwise merge layers. `build` checks that the inputs
 * are a list of shapes of one batch size whose sample shapes broadcast together; the output
 * shape is the broadcast one. Subclasses define `mergeFunction`.
 *
 * @example
 * ```ts
 * class Mean2 extends tf.keras.layers.Merge {
 *   mergeFunction(inputs: tf.Tensor[]) { return tf.div(tf.addN(inputs), inputs.length); }
 * }
 * console.log(new Mean2()([tf.constant([[1, 2]]), tf.constant([[3, 6]])]).arraySync()); // [ [ 2, 4 ] ]
 * ```
 */
export class Merge extends Layer {
  /** @param options The layer options. */
  constructor(options: LayerOptions = {}, ownOptionKeys: readonly string[] = []) {
    super(options, ownOptionKeys);
    this.supportsMasking = true;
  }

  /** Keras' merge mask: the OR of the inputs' masks (a timestep masked in every input stays
   * masked), or none when an input has none. */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): LayerMask | null {
    void inputs;
    const masks = inputMasks(mask);
    if (masks === null || masks.some((m) => m === null)) return null;
    return (masks as Tensor[]).reduce((a, b) => logicalOr(a, b));
  }

  /** The merge of inputs of one rank (Keras' `_merge_function`): the subclass's computation. */
  mergeFunction(inputs: Tensor[]): Tensor {
    void inputs;
    throw new Error(`${this.qualifiedName}: a Merge layer must define mergeFunction(inputs).`);
  }

  /** Keras' _compute_elemwise_op_output_shape: two sample shapes broadcast from the last axis. */
  private broadcastShapes(shape1: LayerShape, shape2: LayerShape): (number | null)[] {
    if (shape1.length < shape2.length) return this.broadcastShapes(shape2, shape1);
    if (shape2.length === 0) return shape1.slice();
    const out = shape1.slice(0, shape1.length - shape2.length);
    shape1.slice(shape1.length - shape2.length).forEach((i, k) => {
      const j = shape2[k]!;
      if (i === null || j === null) out.push(null);
      else if (i === 1) out.push(j);
      else if (j === 1) out.push(i);
      else if (i !== j) throw new Error(`${this.qualifiedName}: Inputs have incompatible shapes. Received shapes ${shapeText(shape1)} and ${shapeText(shape2)}`);
      else out.push(i);
    });
    return out;
  }

  /** The input shapes as a list of at least one shape, with Keras' messages. */
  protected shapeList(inputShape: Nest<LayerShape>): LayerShape[] {
    const shapes = shapeListOf(inputShape);
    if (shapes === null) {
      throw new Error(`${this.qualifiedName}: A merge layer should be called on a list of inputs. Received: input_shape=${givenText(inputShape)} (not a list of shapes)`);
    }
    if (shapes.length < 1) {
      throw new Error(`${this.qualifiedName}: A merge layer should be called on a list of at least 1 input. Received 0 inputs.`);
    }
    return shapes;
  }

  /** Keras' Merge.build: a list of shapes, one batch size, sample shapes that broadcast. */
  override build(inputShape: Nest<LayerShape>): void {
    const shapes = this.shapeList(inputShape);
    const batchSizes = new Set(shapes.map((s) => s[0]).filter((d) => d !== null && d !== undefined));
    if (batchSizes.size > 1) throw new Error(`${this.qualifiedName}: Cannot merge tensors with different batch sizes. Received tensors with shapes ${shapesText(shapes)}`);
    shapes.slice(1).reduce<LayerShape>((out, s) => this.broadcastShapes(out, s.slice(1)), shapes[0]!.slice(1));
  }

  /** The broadcast sample shape after the batch size (the known one, else null). */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const shapes = this.shapeList(inputShape);
    const sample = shapes.slice(1).reduce<LayerShape>((out, s) => this.broadcastShapes(out, s.slice(1)), shapes[0]!.slice(1));
    const batchSizes = [...new Set(shapes.map((s) => s[0]).filter((d): d is number => d !== null && d !== undefined))];
    return [batchSizes.length === 1 ? batchSizes[0]! : null, ...sample];
  }

  /** `mergeFunction` of the inputs, those of lower rank first given axes of size 1 after the batch axis (Keras' reshape). */
  override call(inputs: LayerTensors): Tensor {
    if (!Array.isArray(inputs)) throw new Error(`${this.qualifiedName}: A merge layer should be called on a list of inputs. Received: inputs=${describe(inputs)} (not a list of tensors)`);
    const list = inputs as readonly Tensor[];
    const rank = Math.max(...list.map((x) => x.rank));
    return this.mergeFunction(
      list.map((x) => {
        let y = x;
        while (y.rank < rank) y = expandDims(y, 1);
        return y;
      }),
    );
  }
}

/**
 * keras.layers.Add: the sum of its inputs (an array of tensors of one shape, or shapes that
 * broadcast).
 *
 * @example
 * ```ts
 * const sum = new tf.keras.layers.Add()([tf.constant([[1, 2]]), tf.constant([[10, 20]])]);
 * console.log(sum.arraySync()); // [ [ 11, 22 ] ]
 * ```
 */
export class Add extends Merge {
  /** x₁ + x₂ + ... */
  override mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => addOp(a, b));
  }
}

/**
 * keras.layers.Subtract: the first of exactly two inputs minus the second.
 *
 * @example
 * ```ts
 * const difference = new tf.keras.layers.Subtract()([tf.constant([[5, 7]]), tf.constant([[1, 2]])]);
 * console.log(difference.arraySync()); // [ [ 4, 5 ] ]
 * ```
 */
export class Subtract extends Merge {
  /** Merge's checks, and exactly two inputs. */
  override build(inputShape: Nest<LayerShape>): void {
    super.build(inputShape);
    if ((inputShape as readonly LayerShape[]).length !== 2) {
      throw new Error(`${this.qualifiedName}: A \`Subtract\` layer should be called on exactly 2 inputs. Received: input_shape=${givenText(inputShape)}`);
    }
  }

  /** x₁ - x₂. */
  override mergeFunction(inputs: Tensor[]): Tensor {
    if (inputs.length !== 2) throw new Error(`${this.qualifiedName}: A \`Subtract\` layer should be called on exactly 2 inputs. Received: inputs of length ${inputs.length}`);
    return sub(inputs[0]!, inputs[1]!);
  }
}

/**
 * keras.layers.Multiply: the elementwise product of its inputs.
 *
 * @example
 * ```ts
 * const product = new tf.keras.layers.Multiply()([tf.constant([[2, 3]]), tf.constant([[4, 5]])]);
 * console.log(product.arraySync()); // [ [ 8, 15 ] ]
 * ```
 */
export class Multiply extends Merge {
  /** x₁ · x₂ · ... */
  override mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => mul(a, b));
  }
}

/**
 * keras.layers.Average: the elementwise mean of its inputs.
 *
 * @example
 * ```ts
 * const mean = new tf.keras.layers.Average()([tf.constant([[1, 2]]), tf.constant([[3, 6]])]);
 * console.log(mean.arraySync()); // [ [ 2, 4 ] ]
 * ```
 */
export class Average extends Merge {
  /** (x₁ + ... + xₙ) / n. */
  override mergeFunction(inputs: Tensor[]): Tensor {
    const sum = inputs.reduce((a, b) => addOp(a, b));
    return div(sum, inputs.length);
  }
}

/**
 * keras.layers.Maximum: the elementwise maximum of its inputs.
 *
 * @example
 * ```ts
 * const largest = new tf.keras.layers.Maximum()([tf.constant([[1, 5]]), tf.constant([[3, 2]])]);
 * console.log(largest.arraySync()); // [ [ 3, 5 ] ]
 * ```
 */
export class Maximum extends Merge {
  /** max(x₁, x₂, ...). */
  override mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => maximumOp(a, b));
  }
}

/**
 * keras.layers.Minimum: the elementwise minimum of its inputs.
 *
 * @example
 * ```ts
 * const smallest = new tf.keras.layers.Minimum()([tf.constant([[1, 5]]), tf.constant([[3, 2]])]);
 * console.log(smallest.arraySync()); // [ [ 1, 2 ] ]
 * ```
 */
export class Minimum extends Merge {
  /** min(x₁, x₂, ...). */
  override mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => minimumOp(a, b));
  }
}

/** Options of `new tf.keras.layers.Concatenate(options)`. */
export interface ConcatenateOptions extends LayerOptions {
  /** The axis joined along (default -1, the last). */
  axis?: number;
}

/** Keras 3's positional arguments of Concatenate, in its order. */
type ConcatenatePositional = [
  axis?: number,
];

/**
 * keras.layers.Concatenate({axis = -1}): its inputs joined along `axis`; their shapes must match
 * on every other axis.
 *
 * @example
 * ```ts
 * const joined = new tf.keras.layers.Concatenate()([tf.constant([[1, 2]]), tf.constant([[3]])]);
 * console.log(joined.arraySync()); // [ [ 1, 2, 3 ] ]
 * ```
 */
export class Concatenate extends Merge {
  /** The axis joined along. */
  readonly axis: number;

  /** @param options `axis` and the layer options. */
  constructor(options?: ConcatenateOptions);
  /** Keras 3's positional form: `Concatenate(axis)`. */
  constructor(...positional: ConcatenatePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ConcatenatePositional, ConcatenateOptions>);
  constructor(...args: unknown[]) {
    const options = layerArguments<ConcatenateOptions>(new.target, args, ['axis']);
    super(options, ['axis']);
    this.axis = checkAxis((options ?? {}).axis, this.qualifiedName);
  }

  /** Keras' Concatenate mask: each input's mask broadcast to the input's shape (all true for an
   * input without one), joined along `axis`, then any() over the last axis. */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): LayerMask | null {
    const masks = inputMasks(mask);
    if (masks === null || masks.every((m) => m === null) || !Array.isArray(inputs)) return null;
    const full = (inputs as readonly Tensor[]).map((x, i) => {
      const m = masks[i] ?? null;
      if (m === null) return cast(onesLike(x), 'bool');
      return m.rank < x.rank ? logicalOr(expandDims(m, -1), cast(zerosLike(x), 'bool')) : m;
    });
    return reduceAny(concat(full, this.axis), -1);
  }

  /** The shapes as a list, with Concatenate's message. */
  private concatShapes(inputShape: Nest<LayerShape>): LayerShape[] {
    const shapes = shapeListOf(inputShape);
    if (shapes === null || shapes.length < 1) {
      throw new Error(`${this.qualifiedName}: A \`Concatenate\` layer should be called on a list of at least 1 input. Received: input_shape=${givenText(inputShape)}`);
    }
    return shapes;
  }

  /** Keras' check: with the joined axis removed, the shapes have one rank and agree where known. */
  override build(inputShape: Nest<LayerShape>): void {
    const shapes = this.concatShapes(inputShape);
    const error = new Error(`${this.qualifiedName}: A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=${shapesText(shapes)}`);
    const reduced = shapes.map((s) => {
      const axis = this.axis < 0 ? s.length + this.axis : this.axis;
      return s.filter((_, k) => k !== axis);
    });
    if (new Set(reduced.map((s) => s.length)).size !== 1) throw error;
    for (let k = 0; k < reduced[0]!.length; k++) {
      if (new Set(reduced.map((s) => s[k]).filter((d) => d !== null)).size > 1) throw error;
    }
  }

  /** The first shape with the joined axis's sizes added (null if one is unknown). */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const shapes = this.concatShapes(inputShape);
    const out = shapes[0]!.slice();
    const axis = this.axis < 0 ? out.length + this.axis : this.axis;
    for (const s of shapes.slice(1)) {
      const size = s[axis];
      if (out[axis] === null || size === null || size === undefined) {
        out[axis] = null;
        break;
      }
      out[axis] = out[axis]! + size;
    }
    return out;
  }

  /** `tf.concat(inputs, axis)`. */
  override mergeFunction(inputs: Tensor[]): Tensor {
    return concat(inputs, this.axis);
  }

  /** The inputs joined (no rank reconciliation, as Keras' Concatenate). */
  override call(inputs: LayerTensors): Tensor {
    if (!Array.isArray(inputs)) throw new Error(`${this.qualifiedName}: A \`Concatenate\` layer should be called on a list of inputs. Received: inputs=${describe(inputs)}`);
    return this.mergeFunction((inputs as readonly Tensor[]).slice());
  }

  /** `{axis}` and the layer options. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Options of `new tf.keras.layers.Dot(axes, options)`. */
export interface DotOptions extends LayerOptions {
  /** Whether each sample is L2-normalized along its dot axis first (the outputs are then cosine similarities; default false). */
  normalize?: boolean;
}

/**
 * Keras' batch_dot: for each sample, the dot product of `x` and `y` along `axes` (positive, not
 * 0): the axes moved last in x and first (after the batch) in y, both made rank 3, multiplied as
 * batched matrices, and reshaped back; a rank-2 input's added axis removed at the end.
 */
function batchDot(x: Tensor, y: Tensor, axes: [number, number]): Tensor {
  const xRank = x.rank;
  const yRank = y.rank;
  let [a0, a1] = axes;
  let a = x;
  let b = y;
  if (xRank === 2) {
    a = expandDims(a, 1);
    a0 += 1;
  }
  if (yRank === 2) b = expandDims(b, 2);
  const aRank = a.rank;
  const bRank = b.rank;
  if (a0 !== aRank - 1) a = transpose(a, [...Array(aRank).keys()].filter((k) => k !== a0).concat(a0));
  if (a1 !== 1) b = transpose(b, [0, a1, ...[...Array(bRank).keys()].filter((k) => k !== 0 && k !== a1)]);
  const middle = a.shape.slice(1, -1);
  const trailing = b.shape.slice(2);
  if (aRank > 3) a = reshape(a, [a.shape[0]!, -1, a.shape[aRank - 1]!]);
  if (bRank > 3) b = reshape(b, [b.shape[0]!, b.shape[1]!, -1]);
  let result = matmul(a, b);
  if (aRank > 3 || bRank > 3) result = reshape(result, [result.shape[0]!, ...middle, ...trailing]);
  if (xRank === 2) result = squeeze(result, 1);
  else if (yRank === 2) result = squeeze(result, -1);
  return result;
}

/** Keras 3's positional arguments of Dot after its required ones, in its order. */
type DotPositional = [
  normalize?: boolean,
];

/**
 * keras.layers.Dot(axes, {normalize}): the dot products of two inputs' samples along an axis of
 * each (`axes`: one axis for both, or `[axis of the first, axis of the second]`; not the batch
 * axis). With `normalize`, the samples are L2-normalized along those axes first: the outputs are
 * cosine similarities. Inputs of shapes [b, n] and [b, n] give [b, 1].
 *
 * @example
 * ```ts
 * const dot = new tf.keras.layers.Dot(1)([tf.constant([[1, 2]]), tf.constant([[3, 4]])]);
 * console.log(dot.arraySync()); // [ [ 11 ] ]
 * const cosine = new tf.keras.layers.Dot(1, { normalize: true })([tf.constant([[1, 0]]), tf.constant([[1, 1]])]);
 * console.log(cosine.arraySync()[0][0].toFixed(4)); // 0.7071
 * ```
 */
export class Dot extends Merge {
  /** The axis of both inputs, or of each. */
  readonly axes: number | [number, number];
  /** Whether the samples are L2-normalized first. */
  readonly normalize: boolean;

  /**
   * @param axes One axis for both inputs, or `[axis of the first, axis of the second]`.
   * @param options `normalize` and the layer options.
   */
  constructor(axes: number | readonly [number, number], options?: DotOptions);
  /** Keras 3's positional form: `Dot(axes, normalize)`. */
  constructor(axes: number | readonly [number, number], ...positional: DotPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(axes: number | readonly [number, number], ...positionalThenOptions: PositionalThenOptions<DotPositional, DotOptions>);
  /** Python's keyword form, `Dot(axes=...)`: `axes` among the options. */
  constructor(options: DotOptions & { axes: number | readonly [number, number] });
  constructor(...given: unknown[]) {
    const [[axes], args] = requiredLayerArguments(new.target, given, ['axes']) as [[number | readonly [number, number]], unknown[]];
    const options = layerArguments<DotOptions>(new.target, args, ['normalize']);
    super(options, ['normalize']);
    const op = this.qualifiedName;
    if (!Number.isInteger(axes)) {
      if (!Array.isArray(axes)) throw new Error(`${op}: Invalid type for argument \`axes\`: it should be a list or an int. Received: axes=${describe(axes)}`);
      if (axes.length !== 2) throw new Error(`${op}: Invalid format for argument \`axes\`: it should contain two elements. Received: axes=[${axes.join(', ')}]`);
      if (!axes.every((a) => Number.isInteger(a))) throw new Error(`${op}: Invalid format for argument \`axes\`: list elements should be integers. Received: axes=[${axes.map(describe).join(', ')}]`);
    }
    this.axes = typeof axes === 'number' ? axes : [axes[0], axes[1]];
    const normalize = (options ?? {}).normalize ?? false;
    if (typeof normalize !== 'boolean') throw new Error(`${op}: normalize must be true or false, got ${describe(normalize)}.`);
    this.normalize = normalize;
  }

  /** The two axes for inputs of these ranks (Keras': a negative single axis counted from each input's end). */
  private axesFor(rank1: number, rank2: number): [number, number] {
    if (typeof this.axes === 'number') return this.axes < 0 ? [mod(this.axes, rank1), mod(this.axes, rank2)] : [this.axes, this.axes];
    return [this.axes[0] < 0 ? mod(this.axes[0], rank1) : this.axes[0], this.axes[1] < 0 ? mod(this.axes[1], rank2) : this.axes[1]];
  }

  /** Two shapes, with Dot's message. */
  private pair(inputShape: Nest<LayerShape>): [LayerShape, LayerShape] {
    const shapes = shapeListOf(inputShape);
    if (shapes === null || shapes.length !== 2) {
      throw new Error(`${this.qualifiedName}: A \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${givenText(inputShape)}`);
    }
    return [shapes[0]!, shapes[1]!];
  }

  /** Keras' check: the two axes have the same size. */
  override build(inputShape: Nest<LayerShape>): void {
    const [shape1, shape2] = this.pair(inputShape);
    const [a0, a1] = this.axesFor(shape1.length, shape2.length);
    const d1 = shape1[a0] ?? null;
    const d2 = shape2[a1] ?? null;
    if (d1 !== d2) {
      throw new Error(`${this.qualifiedName}: Incompatible input shapes: axis values ${d1 === null ? 'None' : d1} (at axis ${a0}) != ${d2 === null ? 'None' : d2} (at axis ${a1}). Full input shapes: ${shapeText(shape1)}, ${shapeText(shape2)}`);
    }
  }

  /** The first shape without its dot axis, then the second's without its batch and dot axes ([batch, 1] if that leaves one axis). */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    const [shape1, shape2] = this.pair(inputShape);
    const [a0, a1] = this.axesFor(shape1.length, shape2.length);
    const out = [...shape1.filter((_, k) => k !== a0), ...shape2.filter((_, k) => k !== a1 && k !== 0)];
    return out.length === 1 ? [...out, 1] : out;
  }

  /** The samples' dot products (Keras' batch_dot), normalized first if asked. */
  override mergeFunction(inputs: Tensor[]): Tensor {
    if (inputs.length !== 2) throw new Error(`${this.qualifiedName}: A \`Dot\` layer should be called on exactly 2 inputs. Received: inputs of length ${inputs.length}`);
    let [x1, x2] = inputs as [Tensor, Tensor];
    const axes = this.axesFor(x1.rank, x2.rank);
    if (axes[0] === 0 || axes[1] === 0) {
      throw new Error(`${this.qualifiedName}: Cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch dimension to your inputs using tf.expandDims(x, 0)`);
    }
    if (this.normalize) {
      x1 = l2Normalize(x1, axes[0]);
      x2 = l2Normalize(x2, axes[1]);
    }
    return batchDot(x1, x2, axes);
  }

  /** No mask: the dot product contracts the axes a mask would describe (Keras' Dot). */
  override computeMask(inputs: LayerTensors, mask: LayerMask | null): null {
    void inputs;
    void mask;
    return null;
  }

  /** The two inputs as they are (no rank reconciliation). */
  override call(inputs: LayerTensors): Tensor {
    if (!Array.isArray(inputs)) throw new Error(`${this.qualifiedName}: A \`Dot\` layer should be called on a list of inputs. Received: inputs=${describe(inputs)}`);
    return this.mergeFunction((inputs as readonly Tensor[]).slice());
  }

  /** `{axes, normalize}` and the layer options. */
  /** A new Dot from `getConfig()`'s object (Keras' `from_config`): `axes` and the options. */
  static override fromConfig(config: Record<string, unknown>): Dot {
    const [[axes], options] = takeArguments(config, 'Dot', ['axes']);
    return new this(axes as number | [number, number], options);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axes: this.axes, normalize: this.normalize };
  }
}

/** Python's modulo (non-negative for a positive divisor). */
const mod = (a: number, n: number): number => ((a % n) + n) % n;

/** Calls `layer` on `inputs`: a KerasTensor for KerasTensors, else a tensor. */
function callMerge(layer: Layer, inputs: readonly Tensor[] | readonly KerasTensor[]): Tensor | KerasTensor {
  return inputs.some((x) => x instanceof KerasTensor) ? layer.apply(inputs as readonly KerasTensor[]) : layer.apply(inputs as readonly Tensor[]);
}

/**
 * keras.layers.add(inputs): `new Add(options)(inputs)`, the sum of the tensors (or KerasTensors).
 *
 * @example
 * ```ts
 * console.log(tf.keras.layers.add([tf.constant([[1, 2]]), tf.constant([[3, 4]])]).arraySync()); // [ [ 4, 6 ] ]
 * ```
 */
export function add(inputs: readonly KerasTensor[], options?: LayerOptions): KerasTensor;
export function add(inputs: readonly Tensor[], options?: LayerOptions): Tensor;
export function add(inputs: readonly Tensor[] | readonly KerasTensor[], options: LayerOptions = {}): Tensor | KerasTensor {
  return callMerge(new Add(options), inputs);
}

/**
 * keras.layers.subtract(inputs): `new Subtract(options)(inputs)`, the first of two minus the second.
 *
 * @example
 * ```ts
 * console.log(tf.keras.layers.subtract([tf.constant([[5]]), tf.constant([[2]])]).arraySync()); // [ [ 3 ] ]
 * ```
 */
export function subtract(inputs: readonly KerasTensor[], options?: LayerOptions): KerasTensor;
export function subtract(inputs: readonly Tensor[], options?: LayerOptions): Tensor;
export function subtract(inputs: readonly Tensor[] | readonly KerasTensor[], options: LayerOptions = {}): Tensor | KerasTensor {
  return callMerge(new Subtract(options), inputs);
}

/**
 * keras.layers.multiply(inputs): `new Multiply(options)(inputs)`, the elementwise product.
 *
 * @example
 * ```ts
 * console.log(tf.keras.layers.multiply([tf.constant([[2, 3]]), tf.constant([[4, 5]])]).arraySync()); // [ [ 8, 15 ] ]
 * ```
 */
export function multiply(inputs: readonly KerasTensor[], options?: LayerOptions): KerasTensor;
export function multiply(inputs: readonly Tensor[], options?: LayerOptions): Tensor;
export function multiply(inputs: readonly Tensor[] | readonly KerasTensor[], options: LayerOptions = {}): Tensor | KerasTensor {
  return callMerge(new Multiply(options), inputs);
}

/**
 * keras.layers.average(inputs): `new Average(options)(inputs)`, the elementwise mean.
 *
 * @example
 * ```ts
 * console.log(tf.keras.layers.average([tf.constant([[1, 2]]), tf.constant([[3, 6]])]).arraySync()); // [ [ 2, 4 ] ]
 * ```
 */
export function average(inputs: readonly KerasTensor[], options?: LayerOptions): KerasTensor;
export function average(inputs: readonly Tensor[], options?: LayerOptions): Tensor;
export function average(inputs: readonly Tensor[] | readonly KerasTensor[], options: LayerOptions = {}): Tensor | KerasTensor {
  return callMerge(new Average(options), inputs);
}

/**
 * keras.layers.maximum(inputs): `new Maximum(options)(inputs)`, the elementwise maximum.
 *
 * @example
 * ```ts
 * console.log(tf.keras.layers.maximum([tf.constant([[1, 5]]), tf.constant([[3, 2]])]).arraySync()); // [ [ 3, 5 ] ]
 * ```
 */
export function maximum(inputs: readonly KerasTensor[], options?: LayerOptions): KerasTensor;
export function maximum(inputs: readonly Tensor[], options?: LayerOptions): Tensor;
export function maximum(inputs: readonly Tensor[] | readonly KerasTensor[], options: LayerOptions = {}): Tensor | KerasTensor {
  return callMerge(new Maximum(options), inputs);
}

/**
 * keras.layers.minimum(inputs): `new Minimum(options)(inputs)`, the elementwise minimum.
 *
 * @example
 * ```ts
 * console.log(tf.keras.layers.minimum([tf.constant([[1, 5]]), tf.constant([[3, 2]])]).arraySync()); // [ [ 1, 2 ] ]
 * ```
 */
export function minimum(inputs: readonly KerasTensor[], options?: LayerOptions): KerasTensor;
export function minimum(inputs: readonly Tensor[], options?: LayerOptions): Tensor;
export function minimum(inputs: readonly Tensor[] | readonly KerasTensor[], options: LayerOptions = {}): Tensor | KerasTensor {
  return callMerge(new Minimum(options), inputs);
}

/**
 * keras.layers.concatenate(inputs, axis = -1): `new Concatenate({ axis, ...options })(inputs)`.
 *
 * @example
 * ```ts
 * console.log(tf.keras.layers.concatenate([tf.constant([[1]]), tf.constant([[2]])], 0).arraySync()); // [ [ 1 ], [ 2 ] ]
 * ```
 */
export function concatenate(inputs: readonly KerasTensor[], axis?: number, options?: LayerOptions): KerasTensor;
export function concatenate(inputs: readonly Tensor[], axis?: number, options?: LayerOptions): Tensor;
export function concatenate(inputs: readonly Tensor[] | readonly KerasTensor[], axis = -1, options: LayerOptions = {}): Tensor | KerasTensor {
  return callMerge(new Concatenate({ ...options, axis }), inputs);
}

/**
 * keras.layers.dot(inputs, axes, {normalize}): `new Dot(axes, options)(inputs)`.
 *
 * @example
 * ```ts
 * console.log(tf.keras.layers.dot([tf.constant([[1, 2]]), tf.constant([[3, 4]])], 1).arraySync()); // [ [ 11 ] ]
 * ```
 */
export function dot(inputs: readonly KerasTensor[], axes: number | readonly [number, number], options?: DotOptions): KerasTensor;
export function dot(inputs: readonly Tensor[], axes: number | readonly [number, number], options?: DotOptions): Tensor;
export function dot(inputs: readonly Tensor[] | readonly KerasTensor[], axes: number | readonly [number, number], options: DotOptions = {}): Tensor | KerasTensor {
  return callMerge(new Dot(axes, options), inputs);
}

/** The inputs' masks as a list (null entries for inputs without one), or null when none has one. */
function inputMasks(mask: LayerMask | null): (Tensor | null)[] | null {
  if (mask === null) return null;
  if (mask instanceof Tensor) return [mask];
  return Array.isArray(mask) ? (mask as (Tensor | null)[]) : null;
}
