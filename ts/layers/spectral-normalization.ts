// tf.keras.layers.SpectralNormalization (keras/src/layers/normalization/spectral_normalization.py;
// Miyato et al., 2018): a wrapper that divides a layer's kernel (or Embedding's embeddings) by its
// largest singular value σ, estimated by power iteration. With W the kernel reshaped to [rows,
// units] and u the non-trainable `vector_u` [1, units], each of `powerIterations` steps is
//   v = normalize(u · Wᵀ),  u = normalize(v · W),     normalize(x) = x · min(1/‖x‖, 1/ε), ε = 1e-7
// then σ = v · W · uᵀ (u and v held constant). As in Keras, a call in training *assigns* u and
// W / σ to the variables (an all-zero kernel is left as it is) and then runs the wrapped layer,
// which reads the assigned kernel: a gradient is the one of that kernel, as TensorFlow's variables
// give it (Keras' TensorFlow backend; its JAX backend's stateless call differentiates through the
// division instead). In inference the wrapped layer runs on the kernel as it is. The output is
// cast to the input's dtype, as Keras does (so an Embedding's integer ids give integer outputs).

import { describe, type PositionalThenOptions } from '../describe';
import { div, equal, minimum, mul, reduceAll, reduceSum, rsqrt, square } from '../generated/ops';
import * as initializers from '../initializers';
import { cast, matmul, reshape, stopGradient, where } from '../ops';
import { Tensor } from '../tensor';
import { Variable } from '../variable';
import { configObject, Layer, requiredLayerArguments, layerArguments, type LayerCallArguments, type LayerOptions, type LayerShape } from './layer';
import type { Nest } from './nest';
import { type DeserializeOptions, type SerializedLayer, deserialize, serialize } from './serialization';

/** Options of `new tf.keras.layers.SpectralNormalization(layer, options)`. */
export interface SpectralNormalizationOptions extends LayerOptions {
  /** The number of power-iteration steps per training call, a positive integer (default 1). */
  powerIterations?: number;
}

/** Keras' normalize(x, axis=None): x · min(rsqrt(Σx²), 1/ε), ε = 1e-7 (Keras' backend epsilon). */
const normalized = (x: Tensor): Tensor => mul(x, minimum(rsqrt(reduceSum(square(x))), 1e7));

/** Keras 3's positional arguments of SpectralNormalization after its required ones, in its order. */
type SpectralNormalizationPositional = [
  powerIterations?: number,
];

/**
 * keras.layers.SpectralNormalization(layer, {powerIterations = 1}): the wrapped layer (a `Dense`,
 * a convolution, an `Embedding`: any layer with a `kernel` or `embeddings`) with its kernel kept
 * at spectral norm 1: in training each call runs `powerIterations` steps of power iteration from
 * the non-trainable `vector_u` [1, units] (kept from call to call), then assigns kernel / σ to
 * the kernel before the layer runs. The weights are the kernel, `vector_u` and the layer's others,
 * in Keras' order (`'spectral_normalization/dense/kernel'`, `'spectral_normalization/vector_u'`,
 * `'spectral_normalization/dense/bias'`).
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * const sn = new tf.keras.layers.SpectralNormalization(new tf.keras.layers.Dense(2, { kernelInitializer: 'ones' }), { powerIterations: 5 });
 * const y = sn.apply(tf.ones([1, 2]), { training: true }) as tf.Tensor; // σ of the all-ones 2 x 2 kernel is 2
 * console.log(y.arraySync()[0].map((v: number) => v.toFixed(4)));     // [ '1.0000', '1.0000' ]
 * console.log(sn.weights.map((w) => w.name.split('/').at(-1))); // [ 'kernel', 'vector_u', 'bias' ]
 * console.log(sn.kernel!.arraySync().flat().map((v) => v.toFixed(4))); // [ '0.5000', '0.5000', '0.5000', '0.5000' ]
 * ```
 */
export class SpectralNormalization extends Layer {
  /** @internal Keras' `call(..., training=False)`: inference unless a mode is given. */
  override _defaultTraining: boolean | null = false;

  /** The wrapped layer. */
  readonly layer: Layer;
  /** The number of power-iteration steps per training call. */
  readonly powerIterations: number;
  /** The wrapped layer's kernel (or embeddings); null until built. */
  kernel: Variable | null = null;
  /** The power iteration's vector u, [1, units], not trainable; null until built. */
  vectorU: Variable | null = null;

  /**
   * @param layer The layer whose kernel (or embeddings) is normalized.
   * @param options `powerIterations` and the layer options.
   */
  constructor(layer: Layer, options?: SpectralNormalizationOptions);
  /** Keras 3's positional form: `SpectralNormalization(layer, power_iterations)`. */
  constructor(layer: Layer, ...positional: SpectralNormalizationPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(layer: Layer, ...positionalThenOptions: PositionalThenOptions<SpectralNormalizationPositional, SpectralNormalizationOptions>);
  /** Python's keyword form, `SpectralNormalization(layer=...)`: `layer` among the options. */
  constructor(options: SpectralNormalizationOptions & { layer: Layer });
  constructor(...given: unknown[]) {
    const [[layer], args] = requiredLayerArguments(new.target, given, ['layer'], true) as [[Layer], unknown[]];
    const options = layerArguments<SpectralNormalizationOptions>(new.target, args, ['powerIterations']);
    const op = 'keras.layers.SpectralNormalization';
    if (!(layer instanceof Layer)) {
      throw new Error(`${op}: Layer ${describe(layer)} supplied to Wrapper isn't a supported layer type. Please ensure wrapped layer is a valid Keras layer.`);
    }
    super(options, ['powerIterations']);
    const iterations = (options ?? {}).powerIterations ?? 1;
    if (typeof iterations !== 'number' || !(iterations > 0)) {
      throw new Error(`${this.qualifiedName}: \`powerIterations\` should be greater than zero. Received: \`powerIterations=${describe(iterations)}\``);
    }
    if (!Number.isSafeInteger(iterations)) throw new Error(`${this.qualifiedName}: \`powerIterations\` must be an integer, got ${describe(iterations)}.`);
    this.layer = layer;
    this.powerIterations = iterations;
  }

  /** Builds the wrapped layer (its weights named under this layer), then `vector_u` [1, units]
   * from TruncatedNormal(stddev 0.02), as Keras. */
  override build(inputShape: Nest<LayerShape>): void {
    const shape = inputShape as LayerShape;
    if (!this.layer.built) {
      this.layer._rescope(this.nameScope);
      this.layer._buildFor(shape);
    }
    const own = this.layer as unknown as { kernel?: unknown; embeddings?: unknown };
    const kernel = own.kernel instanceof Variable ? own.kernel : own.embeddings instanceof Variable ? own.embeddings : null;
    if (kernel === null) throw new Error(`${this.qualifiedName}: ${this.layer.constructor.name} object has no attribute 'kernel' nor 'embeddings'`);
    this.kernel = kernel;
    this.vectorU = this.addWeight({
      name: 'vector_u', shape: [1, kernel.shape.at(-1)!], initializer: new initializers.TruncatedNormal({ stddev: 0.02 }), trainable: false, dtype: kernel.dtype as 'float32',
    });
    const features = shape.at(-1);
    this.inputSpec = typeof features === 'number' ? { minNdim: 1, axes: { [-1]: features } } : { minNdim: 1 };
    this.built = true;
  }

  /** The kernel, `vector_u`, then the wrapped layer's other weights (Keras' order: the kernel is an attribute of the wrapper too). */
  override get weights(): Variable[] {
    const all = super.weights;
    return this.kernel === null ? all : [this.kernel, ...all.filter((w) => w !== this.kernel)];
  }

  /** @internal The variables Keras saves as this layer's own (its `vars`): the kernel and `vector_u`. */
  _kerasOwnVariables(): Variable[] {
    return this.kernel === null ? [] : [this.kernel, this.vectorU!];
  }

  /** u after `powerIterations` steps and kernel / σ (Keras' normalized_weights). */
  normalizedWeights(): [Tensor, Tensor] {
    const kernel = this.kernel!;
    const units = kernel.shape.at(-1)!;
    const w = reshape(kernel, [-1, units]);
    let u: Tensor = this.vectorU!;
    let v: Tensor = u;
    for (let i = 0; i < this.powerIterations; i++) {
      v = normalized(matmul(u, w, false, true));
      u = normalized(matmul(v, w));
    }
    u = stopGradient(u);
    v = stopGradient(v);
    const sigma = matmul(matmul(v, w), u, false, true);
    return [u, reshape(div(kernel, sigma), kernel.shape)];
  }

  /** In training, u and the kernel assigned their normalized values (kept when the kernel is all
   * zeros); then the wrapped layer's output, cast to the input's dtype. */
  override call(inputs: Tensor, options: LayerCallArguments): Tensor {
    if (options.training) {
      const kernel = this.kernel!;
      const [u, normalizedKernel] = this.normalizedWeights();
      const allZero = reduceAll(equal(kernel, 0));
      this.vectorU!.assign(where(allZero, this.vectorU!, u));
      kernel.assign(where(allZero, kernel, normalizedKernel));
    }
    // As Keras' `self.layer(inputs)`: the wrapped layer's mode is the one this call left in the context.
    const output = this.layer.apply(inputs) as Tensor;
    return output.dtype === inputs.dtype ? output : cast(output, inputs.dtype);
  }

  /** The wrapped layer's output shape. */
  override computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    return this.layer.computeOutputShape(inputShape as LayerShape) as (number | null)[];
  }

  /** Keras' config: `layer` serialized ({className, config}) and `powerIterations`. */
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: serialize(this.layer), powerIterations: this.powerIterations };
  }

  /** A new SpectralNormalization from `getConfig()`'s object (Keras' `from_config`): the wrapped
   * layer deserialized (classes of your own from `customObjects`), new weights. */
  static override fromConfig(config: Record<string, unknown>, options: DeserializeOptions = {}): SpectralNormalization {
    const { layer, ...rest } = configObject(config, 'SpectralNormalization');
    const serialized = layer as SerializedLayer | undefined;
    if (serialized === undefined || typeof serialized !== 'object' || typeof serialized.className !== 'string') {
      throw new Error(`SpectralNormalization.fromConfig: the config's \`layer\` must be a serialized layer {className, config} (as getConfig() gives), got ${describe(layer)}.`);
    }
    return new this(deserialize({ className: serialized.className, config: serialized.config }, options), rest as SpectralNormalizationOptions);
  }
}
