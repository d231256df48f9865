// tf.keras.layers.EinsumDense (keras/src/layers/core/einsum_dense.py): a Dense layer of any
// rank, output = activation(einsum(equation, inputs, kernel) + bias). The equation
// 'input,kernel->output' (letters, with '...' at the start or the end of the input and output
// for the axes it leaves alone) names each axis: the kernel's axes take their sizes from the
// input where the input has the letter, else from `outputShape`; the bias spans the output's
// axes from the first letter of `biasAxes` to the last axis, size 1 on those not in it, so it
// broadcasts. MultiHeadAttention's projections are EinsumDense layers: 'abc,cde->abde' maps
// [batch, steps, features] to [batch, steps, heads, keyDim] with a kernel [features, heads, keyDim].

import { describe, type PositionalThenOptions } from '../describe';
import { add } from '../generated/ops';
import { einsum } from '../shape';
import type { Tensor } from '../tensor';
import type { Variable } from '../variable';
import { KERNEL_BIAS, KERNEL_BIAS_KEYS, type KernelBiasOptions, kernelBiasConfig } from './kernel-bias';
import { type ActivationLike, Layer, requiredLayerArguments, layerArguments, type LayerOptions, type LayerShape, resolveActivation, serializeOption, shapeText, takeArguments } from './layer';
import { resolveWeightOptions, weightOptionsOf } from './weight-options';

/** Options of `new tf.keras.layers.EinsumDense(equation, outputShape, options)`. */
export interface EinsumDenseOptions extends LayerOptions, KernelBiasOptions {
  /** The activation applied to the output: a name ('relu') or a function; default none (linear). */
  activation?: ActivationLike;
  /** The output letters the bias spans (e.g. 'de'); default none: no bias. */
  biasAxes?: string | null;
}

const EINSUM_DENSE_KEYS = ['activation', 'biasAxes', ...KERNEL_BIAS_KEYS];

/** Keras 3's EinsumDense arguments after equation and output_shape, in its order; those whose
 * default is None; and those gradtape lacks (only at their default, None). */
const EINSUM_DENSE_UNSUPPORTED = { loraRank: null, loraAlpha: null, gptqUnpackedColumnSize: null, quantizationConfig: null };
const EINSUM_DENSE_POSITIONAL = [...EINSUM_DENSE_KEYS, ...Object.keys(EINSUM_DENSE_UNSUPPORTED)];
const EINSUM_DENSE_NONE = ['activation', 'biasAxes', 'kernelRegularizer', 'biasRegularizer', 'kernelConstraint', 'biasConstraint', ...Object.keys(EINSUM_DENSE_UNSUPPORTED)];

/** The weights' and the output's shapes an equation gives for an input shape (Keras' _analyze_einsum_string). */
export interface EinsumShapes {
  kernelShape: number[];
  biasShape: number[] | null;
  outputShape: (number | null)[];
}

/**
 * Keras' `_analyze_einsum_string` and `_analyze_split_string`: the kernel's and bias's shapes and
 * the full output shape of `equation` for inputs of `inputShape`, with Keras' messages. The
 * output shape is the batch size, then `outputShape` (the output's letters after the first), the
 * elided axes placed where the '...' is.
 */
export function analyzeEinsum(equation: string, biasAxes: string | null, inputShape: LayerShape, partialOutputShape: readonly (number | null)[], op: string): EinsumShapes {
  const dotted = equation.replace(/\.\.\./g, '0');
  const forms: [RegExp, boolean][] = [[/^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$/, false], [/^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$/, true], [/^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$/, false]];
  const form = forms.map(([re, left]) => [dotted.match(re), left] as const).find(([m]) => m !== null);
  if (form === undefined) {
    throw new Error(`${op}: Invalid einsum equation '${equation}'. Equations must be in the form [X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....`);
  }
  const [match, leftElided] = form as [RegExpMatchArray, boolean];
  const [inputSpec, weightSpec, outputSpec] = [match[1]!, match[2]!, match[3]!];
  const elided = inputShape.length - inputSpec.length;
  const output: (number | null)[] = [inputShape[0] ?? null, ...partialOutputShape];
  if (elided > 0 && leftElided) for (let i = 1; i < elided; i++) output.splice(1, 0, inputShape[i] ?? null);
  else if (elided > 0) for (let i = inputShape.length - elided; i < inputShape.length; i++) output.push(inputShape[i] ?? null);
  // Where each letter is: in the input counted from the end when the leading axes are elided.
  const inputAt = new Map([...inputSpec].map((c, i) => [c, leftElided ? i + elided : i]));
  const outputAt = new Map([...outputSpec].map((c, i) => [c, leftElided ? i + elided : i]));
  for (const c of inputSpec) {
    const o = outputAt.get(c);
    const inSize = inputShape[inputAt.get(c)!] ?? null;
    if (o !== undefined && output[o] !== null && output[o] !== inSize) {
      throw new Error(`${op}: Input shape and output shape do not match at shared dimension '${c}'. Input shape is ${inSize === null ? 'None' : inSize}, and output shape is ${output[o]}.`);
    }
  }
  for (const c of outputSpec) {
    if (!inputSpec.includes(c) && !weightSpec.includes(c)) {
      throw new Error(`${op}: Dimension '${c}' was specified in the output '${outputSpec}' but has no corresponding dim in the input spec '${inputSpec}' or weight spec '${outputSpec}'`);
    }
  }
  const kernelShape = [...weightSpec].map((c) => {
    const size = outputAt.has(c) ? output[outputAt.get(c)!] : inputAt.has(c) ? inputShape[inputAt.get(c)!] : undefined;
    if (size === undefined) {
      throw new Error(`${op}: Weight dimension '${c}' did not have a match in either the input spec '${inputSpec}' or the output spec '${outputSpec}'. For this layer, the weight must be fully specified.`);
    }
    if (size === null) throw new Error(`${op}: the size of the kernel's axis '${c}' is not known from the input shape ${shapeText(inputShape)} and the output shape; give it in outputShape.`);
    return size;
  });
  let biasShape: number[] | null = null;
  if (biasAxes !== null) {
    for (const c of biasAxes) if (!outputSpec.includes(c)) throw new Error(`${op}: Bias dimension '${c}' was requested, but is not part of the output spec '${outputSpec}'`);
    const first = Math.min(...[...biasAxes].map((c) => outputSpec.indexOf(c)));
    const offset = leftElided ? elided : 0;
    biasShape = [...outputSpec.slice(first)].map((c) => (biasAxes.includes(c) ? (output[outputSpec.indexOf(c) + offset] as number) : 1));
    if (!leftElided) for (let i = 0; i < elided; i++) biasShape.push(1);
  }
  return { kernelShape, biasShape, outputShape: output };
}

/** Keras 3's positional arguments of EinsumDense after its required ones, in its order. */
type EinsumDensePositional = [
  activation?: ActivationLike | null, biasAxes?: string | null, kernelInitializer?: EinsumDenseOptions['kernelInitializer'],
  biasInitializer?: EinsumDenseOptions['biasInitializer'], kernelRegularizer?: EinsumDenseOptions['kernelRegularizer'],
  biasRegularizer?: EinsumDenseOptions['biasRegularizer'], kernelConstraint?: EinsumDenseOptions['kernelConstraint'],
  biasConstraint?: EinsumDenseOptions['biasConstraint'], loraRank?: null, loraAlpha?: null, gptqUnpackedColumnSize?: null, quantizationConfig?: null,
];

/**
 * keras.layers.EinsumDense(equation, outputShape): `activation(einsum(equation, inputs, kernel) +
 * bias)`, a Dense layer whose input, kernel and output may have any rank. `outputShape` is the
 * output's shape without the batch axis (and without the axes '...' stands for; null where the
 * input gives the size); `biasAxes` names the output axes that get a bias. The kernel's shape
 * comes from the equation, the input's shape and `outputShape`, made on the first call.
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * // [batch, steps, 4] to [batch, steps, 2 heads, 3]: a kernel [4, 2, 3] and a bias [2, 3].
 * const layer = new tf.keras.layers.EinsumDense('abc,cde->abde', [null, 2, 3], { biasAxes: 'de' });
 * console.log(layer(tf.ones([1, 5, 4])).shape);                 // [ 1, 5, 2, 3 ]
 * console.log(layer.weights.map((w) => `${w.name} ${w.shape}`)); // [ 'einsum_dense/kernel 4,2,3', 'einsum_dense/bias 2,3' ]
 * ```
 */
export class EinsumDense extends Layer {
  /** The einsum equation, 'input,kernel->output'. */
  readonly equation: string;
  /** The output's shape without the batch axis (and the elided axes); null for sizes the input gives. */
  readonly partialOutputShape: (number | null)[];
  /** The output letters the bias spans, or null for no bias. */
  readonly biasAxes: string | null;
  /** The activation applied to the output (linear when none was given). */
  readonly activation: (x: Tensor) => Tensor;
  /** The kernel; null until the layer is built. */
  kernel: Variable | null = null;
  /** The bias; null until built, and when `biasAxes` is null. */
  bias: Variable | null = null;
  readonly #options: EinsumDenseOptions;

  /**
   * @param equation 'input,kernel->output' in letters, '...' allowed at the start or the end of
   * the input and the output.
   * @param outputShape The output's shape without the batch axis: an integer (one axis) or an
   * array, null where the input gives the size.
   * @param options `activation`, `biasAxes`, the kernel's and bias's initializers, regularizers
   * and constraints, and the layer options.
   */
  constructor(equation: string, outputShape: number | readonly (number | null)[], options?: EinsumDenseOptions);
  /** Keras 3's positional form: `EinsumDense(equation, output_shape, activation, bias_axes,
   * kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer, kernel_constraint,
   * bias_constraint, lora_rank, lora_alpha, gptq_unpacked_column_size, quantization_config)` (the
   * last four only null: gradtape has none of them). */
  constructor(equation: string, outputShape: number | readonly (number | null)[], ...positional: EinsumDensePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(equation: string, outputShape: number | readonly (number | null)[], ...positionalThenOptions: PositionalThenOptions<EinsumDensePositional, EinsumDenseOptions>);
  /** Python's keyword form, `EinsumDense(equation, output_shape=...)` or `EinsumDense(equation=..., output_shape=...)`: the required arguments from `outputShape` (or `equation`) on among the options. */
  constructor(equation: string, options: EinsumDenseOptions & { outputShape: number | readonly (number | null)[] });
  constructor(options: EinsumDenseOptions & { equation: string; outputShape: number | readonly (number | null)[] });
  constructor(...given: unknown[]) {
    const [[equation, outputShape], args] = requiredLayerArguments(new.target, given, ['equation', 'outputShape']) as [[string, number | readonly (number | null)[]], unknown[]];
    const options = layerArguments<EinsumDenseOptions>(new.target, args, EINSUM_DENSE_POSITIONAL, EINSUM_DENSE_NONE, EINSUM_DENSE_UNSUPPORTED);
    super(options, EINSUM_DENSE_KEYS);
    const op = this.qualifiedName;
    if (typeof equation !== 'string') throw new Error(`${op}: equation must be a string such as 'ab,bc->ac', got ${describe(equation)}.`);
    const shape = typeof outputShape === 'number' ? [outputShape] : outputShape;
    if (!Array.isArray(shape) || shape.some((d) => d !== null && !(Number.isInteger(d) && d > 0))) {
      throw new Error(`${op}: outputShape must be a positive integer or an array of positive integers (null for sizes the input gives), got ${describe(outputShape)}.`);
    }
    const o = options ?? {};
    if (o.biasAxes !== undefined && o.biasAxes !== null && typeof o.biasAxes !== 'string') throw new Error(`${op}: biasAxes must be a string of output letters or null, got ${describe(o.biasAxes)}.`);
    this.equation = equation;
    this.partialOutputShape = shape.slice();
    this.biasAxes = o.biasAxes ?? null;
    this.activation = resolveActivation(o.activation ?? null, op);
    this.#options = resolveWeightOptions(o, KERNEL_BIAS, op);
  }

  /** Makes `kernel` and `bias` of the shapes the equation gives for `inputShape`. */
  override build(inputShape: LayerShape): void {
    const { kernelShape, biasShape } = analyzeEinsum(this.equation, this.biasAxes, inputShape, this.partialOutputShape, this.qualifiedName);
    this.inputSpec = { ndim: inputShape.length };
    const o = this.#options;
    this.kernel = this.addWeight({ name: 'kernel', shape: kernelShape, ...weightOptionsOf(o, 'kernel') });
    if (biasShape !== null) this.bias = this.addWeight({ name: 'bias', shape: biasShape, ...weightOptionsOf(o, 'bias') });
    this.built = true;
  }

  /** `activation(einsum(equation, inputs, kernel) + bias)`. */
  override call(inputs: Tensor): Tensor {
    let x = einsum(this.equation, inputs, this.kernel!);
    if (this.bias !== null) x = add(x, this.bias);
    return this.activation(x);
  }

  /** The full output shape the equation gives for `inputShape`. */
  override computeOutputShape(inputShape: LayerShape): (number | null)[] {
    return analyzeEinsum(this.equation, this.biasAxes, inputShape, this.partialOutputShape, this.qualifiedName).outputShape;
  }

  /** A new EinsumDense from `getConfig()`'s object (Keras' `from_config`): `equation`, `outputShape` and the options. */
  static override fromConfig(config: Record<string, unknown>): EinsumDense {
    const [[equation, outputShape], options] = takeArguments(config, 'EinsumDense', ['equation', 'outputShape']);
    return new this(equation as string, outputShape as (number | null)[], options);
  }

  /** Keras' config: outputShape, equation, activation, biasAxes, and the initializers, regularizers and constraints. */
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      outputShape: this.partialOutputShape.slice(),
      equation: this.equation,
      activation: serializeOption(this.activation),
      biasAxes: this.biasAxes,
      ...kernelBiasConfig(this.#options, this.qualifiedName),
    };
  }
}
