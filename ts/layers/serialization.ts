// keras.layers.serialize / deserialize (keras/src/layers/__init__.py on
// keras/src/saving/serialization_lib.py): a layer as data, `{className, config}` with the class's
// Keras name and its getConfig() options, and `buildConfig: {inputShape}` when the layer was built
// (Keras' `build_config`), so that a layer made again from it is built, its weights made, before
// any call. Deserializing looks the class up in `customObjects` first, then among the built-in
// classes, and makes the layer with the class's static `fromConfig`.
//
// The models register themselves (registerLayerClass) rather than being imported here: they
// import this file, and a model class must be defined after the Layer class it extends.

import { checkOptions, describe, isPlainObject } from '../describe';
import { ambientCustomObjects } from '../custom-objects';
import { Activation, ReLU, Softmax } from './activation';
import { ActivityRegularization } from './activity-regularization';
import { ELU, LeakyReLU, PReLU } from './advanced-activations';
import { AdditiveAttention } from './additive-attention';
import { Attention } from './attention';
import { BatchNormalization } from './batch-normalization';
import { Conv1DTranspose, Conv2DTranspose, Conv3DTranspose } from './conv-transpose';
import { Conv1D, Conv2D, Conv3D } from './convolutional';
import { DepthwiseConv1D, DepthwiseConv2D } from './depthwise-conv';
import { Dense } from './dense';
import { Dropout, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D } from './dropout';
import { EinsumDense } from './einsum-dense';
import { Embedding } from './embedding';
import { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D } from './global-pooling';
import { GroupNormalization } from './group-normalization';
import { InputLayer } from './input-layer';
import { Identity, Lambda } from './lambda';
import { Layer, type LayerShape } from './layer';
import { LayerNormalization } from './layer-normalization';
import { Masking } from './masking';
import { MultiHeadAttention } from './multi-head-attention';
import { GroupQueryAttention } from './grouped-query-attention';
import { Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract } from './merging';
import type { Nest } from './nest';
import { AlphaDropout, GaussianDropout, GaussianNoise } from './noise';
import { RMSNormalization } from './rms-normalization';
import { AveragePooling1D, AveragePooling2D, AveragePooling3D, MaxPooling1D, MaxPooling2D, MaxPooling3D } from './pooling';
import { Normalization, Rescaling } from './preprocessing';
import { CategoryEncoding } from './category-encoding';
import { Discretization } from './discretization';
import { IntegerLookup } from './integer-lookup';
import { Hashing } from './hashing';
import { CenterCrop, Resizing } from './image-preprocessing';
import { RandomBrightness, RandomContrast, RandomCrop, RandomFlip, RandomRotation, RandomShear, RandomTranslation, RandomZoom } from './image-augmentation';
import { AutoContrast, RandomColorDegeneration, RandomColorJitter, RandomErasing, RandomGaussianBlur, RandomGrayscale, RandomHue, RandomInvert, RandomPosterization, RandomSaturation, RandomSharpness, Solarization } from './image-pixel-augmentation';
import { Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D } from './spatial-reshaping';
import { UnitNormalization } from './unit-normalization';
import { GRU, LSTM, RNN, SimpleRNN } from './recurrent';
import { GRUCell, LSTMCell, SimpleRNNCell, StackedRNNCells } from './recurrent-cells';
import { AdaptiveAveragePooling1D, AdaptiveAveragePooling2D, AdaptiveAveragePooling3D, AdaptiveMaxPooling1D, AdaptiveMaxPooling2D, AdaptiveMaxPooling3D } from './adaptive-pooling';
import { SpectralNormalization } from './spectral-normalization';
import { ReversibleEmbedding } from './reversible-embedding';
import { Flatten, Permute, RepeatVector, Reshape } from './reshaping';
import { SeparableConv1D, SeparableConv2D } from './separable-conv';
import { Bidirectional, TimeDistributed } from './wrappers';

/** An error of deserialization, passed up unchanged through the deserialization of the layers around it. */
class DeserializationError extends Error {}

/** A layer as data: Keras' `{class_name, config, build_config}` in camelCase. */
export interface SerializedLayer {
  /** The class's Keras name ('Dense', 'Sequential', 'Functional' for a functional model) or, for a class of your own, its name. */
  className: string;
  /** Its getConfig() options. */
  config: Record<string, unknown>;
  /** The input shape it was built for (batch axis included), when it was built (Keras' `build_config`). */
  buildConfig?: { inputShape: Nest<LayerShape> };
}

/** Options of `tf.keras.layers.deserialize` and of the model loaders (besides these, the objects
 * registered with keras.utils.registerKerasSerializable or in a customObjectScope are found). */
export interface DeserializeOptions {
  /** Your own classes (layers, models, losses, metrics) and functions (activations, losses) by
   * the name they were saved under, their class's or function's `name` (Keras' `custom_objects`). */
  customObjects?: Record<string, unknown> | null;
}

/** A layer class as the registry holds it: its static `fromConfig` makes an instance. */
type LayerClass = (abstract new (...args: never[]) => Layer) & {
  fromConfig(config: Record<string, unknown>, options?: DeserializeOptions): Layer;
};

/** The classes gradtape makes from configs, by Keras name (the models are added when their modules load). */
let registry: Map<string, LayerClass> | null = null;
const registered: [string, LayerClass][] = [];

function classes(): Map<string, LayerClass> {
  // Built on first use: the models' modules may still be loading when this one is.
  registry ??= new Map<string, LayerClass>([
    ['Layer', Layer], ['InputLayer', InputLayer], ['Dense', Dense], ['Activation', Activation], ['ReLU', ReLU], ['Softmax', Softmax],
    ['Dropout', Dropout], ['Flatten', Flatten], ['Reshape', Reshape], ['Conv1D', Conv1D], ['Conv2D', Conv2D],
    ['MaxPooling1D', MaxPooling1D], ['MaxPooling2D', MaxPooling2D], ['AveragePooling1D', AveragePooling1D], ['AveragePooling2D', AveragePooling2D],
    ['GlobalAveragePooling1D', GlobalAveragePooling1D], ['GlobalAveragePooling2D', GlobalAveragePooling2D],
    ['GlobalMaxPooling1D', GlobalMaxPooling1D], ['GlobalMaxPooling2D', GlobalMaxPooling2D],
    ['MaxPooling3D', MaxPooling3D], ['AveragePooling3D', AveragePooling3D],
    ['GlobalAveragePooling3D', GlobalAveragePooling3D], ['GlobalMaxPooling3D', GlobalMaxPooling3D],
    ['BatchNormalization', BatchNormalization], ['LayerNormalization', LayerNormalization], ['Embedding', Embedding],
    ['Add', Add], ['Subtract', Subtract], ['Multiply', Multiply], ['Average', Average], ['Maximum', Maximum], ['Minimum', Minimum],
    ['Concatenate', Concatenate], ['Dot', Dot], ['SimpleRNN', SimpleRNN], ['LSTM', LSTM], ['GRU', GRU],
    ['RNN', RNN], ['SimpleRNNCell', SimpleRNNCell], ['LSTMCell', LSTMCell], ['GRUCell', GRUCell], ['StackedRNNCells', StackedRNNCells],
    ['Bidirectional', Bidirectional], ['TimeDistributed', TimeDistributed], ['Masking', Masking],
    ['Lambda', Lambda], ['Identity', Identity], ['Permute', Permute], ['RepeatVector', RepeatVector],
    ['UpSampling1D', UpSampling1D], ['UpSampling2D', UpSampling2D], ['UpSampling3D', UpSampling3D],
    ['ZeroPadding1D', ZeroPadding1D], ['ZeroPadding2D', ZeroPadding2D], ['ZeroPadding3D', ZeroPadding3D],
    ['Cropping1D', Cropping1D], ['Cropping2D', Cropping2D], ['Cropping3D', Cropping3D], ['LeakyReLU', LeakyReLU], ['PReLU', PReLU], ['ELU', ELU],
    ['GaussianNoise', GaussianNoise], ['GaussianDropout', GaussianDropout], ['AlphaDropout', AlphaDropout],
    ['SpatialDropout1D', SpatialDropout1D], ['SpatialDropout2D', SpatialDropout2D], ['SpatialDropout3D', SpatialDropout3D], ['ActivityRegularization', ActivityRegularization],
    ['UnitNormalization', UnitNormalization], ['RMSNormalization', RMSNormalization], ['GroupNormalization', GroupNormalization], ['Rescaling', Rescaling], ['Normalization', Normalization],
    ['EinsumDense', EinsumDense], ['MultiHeadAttention', MultiHeadAttention], ['Attention', Attention], ['AdditiveAttention', AdditiveAttention],
    ['Conv3D', Conv3D], ['Conv1DTranspose', Conv1DTranspose], ['Conv2DTranspose', Conv2DTranspose], ['Conv3DTranspose', Conv3DTranspose],
    ['DepthwiseConv1D', DepthwiseConv1D], ['DepthwiseConv2D', DepthwiseConv2D], ['SeparableConv1D', SeparableConv1D], ['SeparableConv2D', SeparableConv2D],
    ['CategoryEncoding', CategoryEncoding], ['Discretization', Discretization], ['IntegerLookup', IntegerLookup], ['Hashing', Hashing],
    ['Resizing', Resizing], ['CenterCrop', CenterCrop], ['RandomFlip', RandomFlip], ['RandomCrop', RandomCrop], ['RandomContrast', RandomContrast],
    ['RandomBrightness', RandomBrightness], ['RandomRotation', RandomRotation], ['RandomTranslation', RandomTranslation], ['RandomZoom', RandomZoom],
    ['RandomGrayscale', RandomGrayscale], ['RandomInvert', RandomInvert], ['Solarization', Solarization], ['AutoContrast', AutoContrast],
    ['RandomColorDegeneration', RandomColorDegeneration], ['RandomSaturation', RandomSaturation], ['RandomHue', RandomHue], ['RandomPosterization', RandomPosterization],
    ['RandomSharpness', RandomSharpness], ['RandomColorJitter', RandomColorJitter], ['RandomGaussianBlur', RandomGaussianBlur],
    ['RandomErasing', RandomErasing], ['RandomShear', RandomShear],
    ['AdaptiveAveragePooling1D', AdaptiveAveragePooling1D], ['AdaptiveAveragePooling2D', AdaptiveAveragePooling2D], ['AdaptiveAveragePooling3D', AdaptiveAveragePooling3D],
    ['AdaptiveMaxPooling1D', AdaptiveMaxPooling1D], ['AdaptiveMaxPooling2D', AdaptiveMaxPooling2D], ['AdaptiveMaxPooling3D', AdaptiveMaxPooling3D],
    ['SpectralNormalization', SpectralNormalization],
    ['ReversibleEmbedding', ReversibleEmbedding],
    ['GroupQueryAttention', GroupQueryAttention],
  ] as [string, LayerClass][]);
  for (const entry of registered.splice(0)) registry.set(entry[0], entry[1]);
  return registry;
}

/** @internal Registers a model class under its Keras name ('Sequential', 'Functional'). */
export function registerLayerClass(name: string, cls: LayerClass): void {
  if (registry === null) registered.push([name, cls]);
  else registry.set(name, cls);
}

/** Whether `className` names one of gradtape's own layer or model classes (which Keras has too),
 * not the base Layer class nor a class of your own. */
export function isBuiltinLayerClass(className: string): boolean {
  return className !== 'Layer' && classes().has(className);
}

/** The name a layer's class is serialized under: the built-in class's Keras name (not
 * `constructor.name`, which a bundler may change), else its own class's name. */
export function classNameOf(layer: Layer): string {
  const proto = Object.getPrototypeOf(layer) as object;
  for (const [name, cls] of classes()) if (cls.prototype === proto) return name;
  return (proto.constructor as { name: string }).name;
}

/**
 * keras.layers.serialize(layer): `{className, config}`, the class's name and getConfig()'s
 * options, with `buildConfig: {inputShape}` when the layer is built. `deserialize` makes a layer
 * like it (new weights). A function option (an activation of your own) stays a function here;
 * `model.toJson()` writes it by name.
 *
 * @example
 * ```ts
 * const dense = new tf.keras.layers.Dense(2, { activation: 'relu', name: 'hidden' });
 * const data = tf.keras.layers.serialize(dense);
 * console.log(data.className, data.config.units, data.buildConfig); // Dense 2 undefined
 * const twin = tf.keras.layers.deserialize(data) as tf.keras.layers.Dense;
 * console.log(twin.name, twin.units);                                // hidden 2
 * ```
 */
export function serialize(layer: Layer): SerializedLayer {
  if (!(layer instanceof Layer)) throw new Error(`keras.layers.serialize: expected a layer, got ${describe(layer)}.`);
  const out: SerializedLayer = { className: classNameOf(layer), config: layer.getConfig() };
  const shape = layer._buildShape;
  if (layer.built && shape !== null) out.buildConfig = { inputShape: shape };
  return out;
}

/**
 * keras.layers.deserialize({className, config}): a new layer of that class made by its
 * `fromConfig` (new weights), built when `buildConfig` is given. The class is looked up in
 * `customObjects` first (your own layers, by class name), then among gradtape's built-in layers and
 * models; a function saved by name (`{className: 'function', config: name}`) is looked up in
 * `customObjects`.
 */
export function deserialize(serialized: SerializedLayer, options: DeserializeOptions = {}): Layer {
  const op = 'keras.layers.deserialize';
  if (!isPlainObject(serialized) || typeof serialized.className !== 'string' || !isPlainObject(serialized.config)) {
    throw new DeserializationError(`${op}: expected {className, config} (as tf.keras.layers.serialize(layer) gives), got ${describe(serialized)}.`);
  }
  const customObjects = checkCustomObjects(options, op);
  const name = serialized.className;
  const custom = Object.hasOwn(customObjects, name) ? customObjects[name] : undefined;
  const Cls = (custom ?? classes().get(name)) as LayerClass | undefined;
  if (Cls === undefined) {
    throw new DeserializationError(`${op}: Unknown layer: '${name}'. It is not one of gradtape's layers (${[...classes().keys()].join(', ')}); for a class of your own, pass it in customObjects: { customObjects: { ${name} } }.`);
  }
  if (typeof Cls !== 'function' || !(Cls.prototype instanceof Layer || Cls === Layer)) {
    throw new DeserializationError(`${op}: customObjects.${name} must be a tf.keras.layers.Layer subclass, got ${describe(Cls)}.`);
  }
  const config = restoreFunctions(serialized.config, customObjects, op) as Record<string, unknown>;
  let layer: Layer;
  try {
    layer = Cls.fromConfig(config, { customObjects });
  } catch (e) {
    if (e instanceof DeserializationError) throw e; // a nested layer's: it says which
    throw new DeserializationError(`${op}: could not make a '${name}' from its config: ${(e as Error).message}`);
  }
  const build = serialized.buildConfig;
  // (An empty build config, Keras' IntegerLookup's, builds nothing: Keras' build_from_config skips
  // it, and IndexLookup's build makes no weights; the first call builds the layer.)
  const empty = isPlainObject(build) && Object.keys(build).length === 0;
  if (build !== undefined && build !== null && !empty && !layer.built) {
    if (!isPlainObject(build) || !Array.isArray(build.inputShape) && !isPlainObject(build.inputShape)) {
      throw new DeserializationError(`${op}: buildConfig must be {inputShape}, got ${describe(build)}.`);
    }
    layer._buildFromConfig(build.inputShape as Nest<LayerShape>);
  }
  return layer;
}

/** `options.customObjects` checked: an object of classes and functions by name. */
export function checkCustomObjects(options: DeserializeOptions | null | undefined, op: string, allowed: readonly string[] = ['customObjects']): Record<string, unknown> {
  const o = checkOptions(options ?? undefined, op, allowed, '{customObjects: {MyLayer}}') as DeserializeOptions;
  const customObjects = o.customObjects ?? {};
  if (!isPlainObject(customObjects) || Object.values(customObjects).some((v) => typeof v !== 'function')) {
    throw new Error(`${op}: customObjects must be an object of classes and functions by name, e.g. { customObjects: { MyLayer, myActivation } }, got ${describe(customObjects)}.`);
  }
  // The registered and scoped ones (keras.utils.registerKerasSerializable, customObjectScope) under the call's own.
  const ambient = ambientCustomObjects();
  for (const key in ambient) if (typeof ambient[key] !== 'function') delete ambient[key];
  return Object.assign(ambient, customObjects);
}

/** Whether `value` is a function saved by name (Keras' `{class_name: 'function', config: name}`). */
const isFunctionReference = (value: unknown): value is { className: 'function'; config: string } =>
  isPlainObject(value) && value.className === 'function' && typeof value.config === 'string' && Object.keys(value).length === 2;

/** `config` with each function saved by name replaced by the function of that name in `customObjects`. */
function restoreFunctions(value: unknown, customObjects: Record<string, unknown>, op: string): unknown {
  if (isFunctionReference(value)) {
    const fn = Object.hasOwn(customObjects, value.config) ? customObjects[value.config] : undefined;
    if (typeof fn !== 'function') {
      throw new DeserializationError(`${op}: Unknown function: '${value.config}'. Pass it in customObjects: { customObjects: { ${value.config} } }.`);
    }
    return fn;
  }
  if (Array.isArray(value)) return value.map((v) => restoreFunctions(v, customObjects, op));
  // A nested layer's (or initializer's) config is left to its own deserialization, so that an
  // unknown class is reported before the functions inside it.
  if (isPlainObject(value) && typeof value.className === 'string') return value;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreFunctions(v, customObjects, op)]));
  return value;
}

/** `value` with every function replaced by `{className: 'function', config: name}`, as Keras
 * writes a function into JSON; a function without a name cannot be written. */
export function referenceFunctions(value: unknown, path: string, op: string): unknown {
  if (typeof value === 'function') {
    if (value.name === '') throw new Error(`${op}: ${path} is a function without a name, which cannot be saved; use a named function and pass it in customObjects when loading.`);
    return { className: 'function', config: value.name };
  }
  if (Array.isArray(value)) return value.map((v, i) => referenceFunctions(v, `${path}[${i}]`, op));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, referenceFunctions(v, `${path}.${k}`, op)]));
  return value;
}
