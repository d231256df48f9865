// keras.saving.serialize_keras_object / deserialize_keras_object (keras/src/saving/
// serialization_lib.py): any Keras object, or a structure of them, as the JSON-ready data Keras 3
// writes, `{module, class_name, config, registered_name}` with snake_case options (and
// `build_config`, a model's `compile_config`), and back. The objects' own forms are gradtape's
// serializers' (`{className, config}`, camelCase); keras-model-config.ts converts between them,
// as it does for `.keras` archives, so both give Keras' JSON for the built-in objects.

import { describe, isPlainObject } from '../describe';
import * as activations from '../activations';
import * as constraints from '../constraints';
import { makeConstant } from '../creation';
import { getRegisteredName, getRegisteredObject } from '../custom-objects';
import { checkDType } from '../dtype';
import * as initializers from '../initializers';
import { KerasTensor } from '../layers/keras-tensor';
import { Layer } from '../layers/layer';
import { checkCustomObjects, deserialize as deserializeLayer, isBuiltinLayerClass, referenceFunctions, serialize as serializeLayer } from '../layers/serialization';
import * as losses from '../losses';
import * as metrics from '../metrics';
import * as opt from '../optimizers';
import * as regularizers from '../regularizers';
import * as schedules from '../schedules';
import { deserialize as deserializeOptimizer, deserializeSchedule, serialize as serializeOptimizer, serializeSchedule } from '../serialization';
import { Tensor } from '../tensor';
import type { CompileConfig } from './compile-config';
import { type KerasObjectModule, fromKerasCompileConfig, fromKerasConfig, toKerasObject, withPlainNumbers } from './keras-model-config';
import { Model } from './model';

/** Options of `tf.keras.saving.deserializeKerasObject(config, options)`. */
export interface DeserializeKerasObjectOptions {
  /** Your own classes and functions by name (Keras' `custom_objects`), besides those registered
   * with `registerKerasSerializable` or in a `customObjectScope`. */
  customObjects?: Record<string, unknown> | null;
  /** Keras' `safe_mode` (default true). A serialized Python lambda is refused either way: it is
   * Python code. */
  safeMode?: boolean;
}

/** Keras' public APIs that are no modeling objects, which deserialization refuses by name (NON_MODELING_APIS). */
const NON_MODELING_APIS = new Set([
  'keras.backend.clear_session', 'keras.config.enable_unsafe_deserialization', 'keras.models.load_model', 'keras.models.model_from_json',
  'keras.models.save_model', 'keras.preprocessing.image_dataset_from_directory', 'keras.preprocessing.image.load_img',
  'keras.preprocessing.image.save_img', 'keras.preprocessing.text_dataset_from_directory', 'keras.saving.deserialize_keras_object',
  'keras.saving.load_model', 'keras.saving.load_weights', 'keras.saving.register_keras_serializable', 'keras.saving.save_model',
  'keras.saving.save_weights', 'keras.saving.serialize_keras_object', 'keras.utils.audio_dataset_from_directory', 'keras.utils.clear_session',
  'keras.utils.deserialize_keras_object', 'keras.utils.get_file', 'keras.utils.image_dataset_from_directory', 'keras.utils.load_img',
  'keras.utils.register_keras_serializable', 'keras.utils.save_img', 'keras.utils.serialize_keras_object', 'keras.utils.text_dataset_from_directory',
]);

/** The modules a layer or model class is found in: Keras' exported names and the functional model's own module. */
const LAYER_MODULES = new Set(['keras.layers', 'keras', 'keras.models', 'keras.src.models.functional', 'keras.src.models.sequential', 'keras.src.models.model']);

/** A built-in function's Keras name, found among the activations, the loss functions and the
 * metric functions (Keras writes each as a 'builtins' function of that name). */
function builtinFunctionName(fn: (...args: never[]) => unknown): string | null {
  try {
    return activations.serialize(fn as never);
  } catch {
    // not an activation
  }
  try {
    const name = losses.serialize(fn as never);
    if (typeof name === 'string') return name;
  } catch {
    // not a loss function
  }
  return null;
}

/** The built-in function a Keras name gives (an activation, then a loss function), or null. */
function builtinFunction(name: string, module: string | null): unknown {
  const lookups: Record<string, () => unknown> = {
    'keras.activations': () => activations.get(name),
    'keras.losses': () => losses.get(name),
    'keras.metrics': () => metrics.get(name),
  };
  const order = module === null || module === 'builtins' ? Object.keys(lookups) : [module];
  for (const key of order) {
    try {
      const found = lookups[key]?.();
      if (typeof found === 'function') return found;
    } catch {
      // not in that module
    }
  }
  return null;
}

/** Python's repr of a config, as Keras' messages print it ('Full object config: {...}'). */
function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isPlainObject(value)) return `{${Object.entries(value).map(([k, v]) => `'${k}': ${pythonRepr(v)}`).join(', ')}}`;
  return String(value);
}

/** Python's name of a JSON value's type, as Keras' messages print it (`<class 'int'>`). */
function pythonType(value: unknown): string {
  const name = value === null ? 'NoneType' : typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'float')
    : typeof value === 'string' ? 'str' : typeof value === 'boolean' ? 'bool' : Array.isArray(value) ? 'list' : 'dict';
  return `<class '${name}'>`;
}

/** Keras' class of error, as the error's name: Keras raises a TypeError or a ValueError. */
function kerasError(kind: 'TypeError' | 'ValueError', message: string): Error {
  const e = kind === 'TypeError' ? new TypeError(message) : new Error(message);
  e.name = kind;
  return e;
}

/** The loss classes whose Keras get_config is Loss.get_config: only the name and the reduction
 * (Huber's delta and CosineSimilarity's axis are not written, so not restored either). */
const LOSS_BASE_CONFIG = new Set([
  'MeanSquaredError', 'MeanAbsoluteError', 'MeanAbsolutePercentageError', 'MeanSquaredLogarithmicError', 'CosineSimilarity', 'Huber',
  'LogCosh', 'Hinge', 'SquaredHinge', 'CategoricalHinge', 'KLDivergence', 'Poisson', 'CTC',
]);

/** The Keras module of a built-in object other than a layer, and its gradtape `{className, config}`. */
function builtinObject(obj: object): [KerasObjectModule, { className: string; config: Record<string, unknown> }] | null {
  if (obj instanceof opt.Optimizer) {
    const serialized = serializeOptimizer(obj);
    // Keras writes a learning rate that is a number as its float32 variable's value.
    const fround = (s: { config: Record<string, unknown> }): void => {
      if (typeof s.config.learningRate === 'number') s.config.learningRate = Math.fround(s.config.learningRate);
    };
    fround(serialized);
    if (isPlainObject(serialized.config.innerOptimizer)) fround(serialized.config.innerOptimizer as { config: Record<string, unknown> });
    return ['keras.optimizers', serialized];
  }
  if (obj instanceof schedules.LearningRateSchedule) {
    return ['keras.optimizers.schedules', serializeSchedule(obj)];
  }
  if (obj instanceof losses.Loss) {
    const { className, config } = losses.serialize(obj) as { className: string; config: Record<string, unknown> };
    // Keras' losses write no dtype, and these write Loss.get_config's name and reduction alone.
    const { dtype: _dtype, ...rest } = config;
    return ['keras.losses', { className, config: LOSS_BASE_CONFIG.has(className) ? { name: rest.name, reduction: rest.reduction } : rest }];
  }
  if (obj instanceof metrics.Metric) return ['keras.metrics', metrics.serialize(obj)];
  if (obj instanceof initializers.Initializer) return ['keras.initializers', initializers.serialize(obj)];
  if (obj instanceof regularizers.Regularizer) return ['keras.regularizers', regularizers.serialize(obj)];
  if (obj instanceof constraints.Constraint) return ['keras.constraints', constraints.serialize(obj)];
  return null;
}

/**
 * keras.saving.serialize_keras_object(obj): `obj` as the JSON-ready data Keras 3 writes, which
 * deserializeKerasObject reads back. A layer, model, optimizer, schedule, loss, metric,
 * initializer, regularizer or constraint becomes `{module, class_name, config, registered_name}`
 * with Keras' snake_case options (a built layer also its `build_config`, a model its
 * `compile_config`), equal to Keras' own for the built-in classes; a built-in function (an
 * activation, a loss) `{module: 'builtins', class_name: 'function', config: name, ...}`; a tensor
 * `{class_name: '__tensor__', config: {value, dtype}}`; null, numbers, strings and booleans stay;
 * arrays and plain objects are serialized entry by entry. An object of your own class (one with
 * `getConfig`) or your own function is written under its registered name
 * (`tf.keras.utils.registerKerasSerializable`), with `module: null`.
 *
 * @example
 * ```ts
 * const data = tf.keras.saving.serializeKerasObject(new tf.keras.regularizers.L2({ l2: 0.01 }));
 * console.log(JSON.stringify(data)); // {"module":"keras.regularizers","class_name":"L2","config":{"l2":0.01},"registered_name":null}
 * console.log(JSON.stringify(tf.keras.saving.serializeKerasObject(tf.keras.activations.relu))); // {"module":"builtins","class_name":"function","config":"relu","registered_name":"function"}
 * ```
 */
export function serializeKerasObject(obj: unknown): unknown {
  const op = 'keras.saving.serializeKerasObject';
  if (obj === null || obj === undefined) return null;
  if (typeof obj === 'string' || typeof obj === 'number' || typeof obj === 'boolean') return obj;
  if (Array.isArray(obj)) return obj.map(serializeKerasObject);
  if (obj instanceof KerasTensor) {
    // Keras' keras_history: the layer's name, the call's index among the layer's calls, the output's index.
    const history = obj._history;
    const layer = history?.node.operation as Layer | undefined;
    const reference = history === null || layer === undefined ? null : [layer.name, layer._inboundNodes.indexOf(history.node), history.tensorIndex];
    return { class_name: '__keras_tensor__', config: { shape: obj.shape.slice(), dtype: obj.dtype, keras_history: reference } };
  }
  if (obj instanceof Tensor) return { class_name: '__tensor__', config: { value: obj.arraySync(), dtype: obj.dtype } };
  if (isPlainObject(obj)) return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, serializeKerasObject(v)]));
  const registeredName = (className: string): string => {
    const custom = getRegisteredObject(className);
    return typeof custom === 'function' ? getRegisteredName(custom) : className;
  };
  if (obj instanceof Layer) {
    const serialized = referenceFunctions(serializeLayer(obj), 'the layer\'s config', op) as { className: string; config: Record<string, unknown> };
    // (A layer class of your own: its registered name, from the class itself.)
    const className = serialized.className;
    const ownName = (): string => getRegisteredName(Object.getPrototypeOf(obj).constructor);
    if (obj instanceof Model) {
      const compileConfig = obj.compiled ? referenceFunctions(obj.getCompileConfig(), 'the compile config', op) as CompileConfig : null;
      const out = withPlainNumbers(toKerasObject(serialized, 'model', compileConfig, isBuiltinLayerClass(className) ? registeredName : ownName, op)) as Record<string, unknown>;
      const compiled = out.compile_config as Record<string, unknown>;
      if (obj.compiled) {
        // As Keras' compile resolves them: jit_compile 'auto' is true (the JAX and TensorFlow
        // backends compile a model of built-in layers), and a number learning rate is its float32 variable's.
        if (compiled.jit_compile === 'auto') compiled.jit_compile = true;
        const optimizer = compiled.optimizer as { config: Record<string, unknown> };
        if (typeof optimizer.config.learning_rate === 'number') optimizer.config.learning_rate = Math.fround(optimizer.config.learning_rate);
      }
      return out;
    }
    return withPlainNumbers(toKerasObject(serialized, 'layer', null, isBuiltinLayerClass(className) ? registeredName : ownName, op));
  }
  const builtin = typeof obj === 'object' || typeof obj === 'function' ? builtinObject(obj) : null;
  if (builtin !== null) {
    const [module, serialized] = builtin;
    return withPlainNumbers(toKerasObject(referenceFunctions(serialized, 'the config', op) as typeof serialized, module, null, registeredName, op));
  }
  if (typeof obj === 'function') {
    if (/^class\b/.test(Function.prototype.toString.call(obj))) {
      // A class itself: Keras writes its registered name.
      return getRegisteredName(obj);
    }
    const builtin = builtinFunctionName(obj as never);
    if (builtin !== null) return { module: 'builtins', class_name: 'function', config: builtin, registered_name: 'function' };
    const name = getRegisteredName(obj);
    if (name === '') throw kerasError('TypeError', `${op}: a function without a name cannot be serialized; use a named function (and register it with tf.keras.utils.registerKerasSerializable).`);
    return { module: null, class_name: 'function', config: name, registered_name: name };
  }
  if (typeof obj === 'object') {
    const getConfig = (obj as { getConfig?: unknown }).getConfig;
    if (typeof getConfig === 'function') {
      const config = getConfig.call(obj) as unknown;
      if (!isPlainObject(config)) throw kerasError('TypeError', `${op}: The \`getConfig()\` method of ${describe(obj)} should return an object. It returned: ${describe(config)}`);
      const ctor = Object.getPrototypeOf(obj).constructor as { name: string };
      const options = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), serializeKerasObject(v)]));
      return { module: null, class_name: ctor.name, config: options, registered_name: getRegisteredName(ctor) };
    }
  }
  throw kerasError('TypeError', `${op}: Cannot serialize object ${describe(obj)}. To be serializable, a class must implement the \`getConfig()\` method.`);
}

/** The class or function a config names: a custom object (registered, scoped, or in
 * `customObjects`) first, then gradtape's built-in of Keras' module and name. */
function retrieve(name: string, registeredName: string, module: string | null, kind: 'class' | 'function', full: Record<string, unknown>, customObjects: Record<string, unknown>): unknown {
  const custom = getRegisteredObject(kind === 'function' ? name : registeredName, customObjects) ?? getRegisteredObject(name, customObjects);
  if (custom !== null && custom !== undefined) return custom;
  if (module !== null && (module === 'keras' || module.startsWith('keras.'))) {
    const api = `${module}.${name}`;
    if (NON_MODELING_APIS.has(api)) {
      throw kerasError('ValueError', `Cannot deserialize \`${api}\` because it is not a modeling function. Non-modeling APIs are disallowed during deserialization for security. Model configuration should only contains operations, layers, metrics, losses, or registered custom objects and functions.`);
    }
  }
  if (kind === 'function' && module !== null) {
    const fn = builtinFunction(name, module);
    if (fn !== null) return fn;
  }
  throw kerasError('TypeError', `Could not locate ${kind} '${name}'. Make sure custom classes and functions are decorated with \`@keras.saving.register_keras_serializable()\`. If they are already decorated, make sure they are all imported so that the decorator is run before trying to load them. Full object config: ${pythonRepr(full)}`);
}

/** A built-in class's object from its Keras config, by the module Keras wrote; null when gradtape has no such class there. */
function builtinInstance(config: Record<string, unknown>, module: string, customObjects: Record<string, unknown>, op: string): unknown {
  const className = config.class_name as string;
  const options = fromKerasConfig(config.config) as Record<string, unknown>;
  const serialized = { className, config: options };
  const tryMake = (make: () => unknown): unknown => {
    try {
      return make();
    } catch (e) {
      if (/unknown|not one of|Could not interpret/i.test((e as Error).message)) return null;
      throw e;
    }
  };
  switch (module) {
    case 'keras.optimizers':
      return tryMake(() => deserializeOptimizer(serialized));
    case 'keras.optimizers.schedules':
      return tryMake(() => deserializeSchedule(serialized));
    case 'keras.losses':
      return tryMake(() => losses.deserialize(config as never));
    case 'keras.metrics':
      return tryMake(() => metrics.deserialize(serialized));
    case 'keras.initializers':
      return tryMake(() => initializers.deserialize(serialized));
    case 'keras.regularizers':
      return tryMake(() => regularizers.deserialize(serialized));
    case 'keras.constraints':
      return tryMake(() => constraints.deserialize(serialized));
    default:
      if (!LAYER_MODULES.has(module) || !isBuiltinLayerClass(className)) return null;
      return layerFrom(config, customObjects, op);
  }
}

/** A layer (or model) from its Keras config: made by keras.layers.deserialize, compiled from its compile config. */
function layerFrom(config: Record<string, unknown>, customObjects: Record<string, unknown>, op: string): Layer {
  let layer: Layer;
  try {
    layer = deserializeLayer(fromKerasConfig(config) as never, { customObjects });
  } catch (e) {
    throw new Error(`${op}: ${(e as Error).message.replace(/^keras\.layers\.deserialize: /, '')}`);
  }
  const compileConfig = config.compile_config;
  if (layer instanceof Model && isPlainObject(compileConfig) && Object.keys(compileConfig).length > 0) {
    layer.compileFromConfig(fromKerasCompileConfig(compileConfig), { customObjects });
  }
  return layer;
}

/**
 * keras.saving.deserialize_keras_object(config, custom_objects, safe_mode): the object Keras'
 * JSON (serializeKerasObject's, or Keras' own) describes. A built-in class is looked up by its
 * `module` and `class_name` and made from `config` (a layer built from `build_config`, a model
 * compiled from `compile_config`); a function by its name; a class or function of your own by
 * its registered name, in `customObjects`, the registered objects or the customObjectScope's.
 * `__tensor__` and `__numpy__` give tensors; an object without `class_name` and `config` has
 * each entry deserialized; arrays too; other values stay. Keras' errors for what it cannot make.
 *
 * @example
 * ```ts
 * const adam = tf.keras.saving.deserializeKerasObject({
 *   module: 'keras.optimizers', class_name: 'Adam', config: { learning_rate: 0.01, beta_1: 0.8 }, registered_name: null,
 * }) as tf.keras.optimizers.Adam;
 * console.log(adam instanceof tf.keras.optimizers.Adam, adam.beta1); // true 0.8
 * ```
 */
export function deserializeKerasObject(config: unknown, options: DeserializeKerasObjectOptions = {}): unknown {
  const op = 'keras.saving.deserializeKerasObject';
  const customObjects = checkCustomObjects(options, op, ['customObjects', 'safeMode']);
  if (options?.safeMode !== undefined && typeof options.safeMode !== 'boolean') throw new Error(`${op}: safeMode must be true or false, got ${describe(options.safeMode)}.`);
  return deserializeValue(config, customObjects, op);
}

function deserializeValue(config: unknown, customObjects: Record<string, unknown>, op: string): unknown {
  if (config === null || config === undefined) return null;
  if (typeof config === 'string' && Object.hasOwn(customObjects, config)) return customObjects[config];
  if (Array.isArray(config)) return config.map((c) => deserializeValue(c, customObjects, op));
  if (typeof config === 'string' || typeof config === 'number' || typeof config === 'boolean') return config;
  if (!isPlainObject(config)) throw kerasError('TypeError', `Could not parse config: ${describe(config)}`);
  if (!('class_name' in config) || !('config' in config)) {
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, deserializeValue(v, customObjects, op)]));
  }
  const className = config.class_name;
  const inner = config.config ?? {};
  const body = inner as Record<string, unknown>;
  switch (className) {
    case '__keras_tensor__':
      return new KerasTensor(body.shape as (number | null)[], checkDType(body.dtype as never, op));
    case '__tensor__':
    case '__numpy__':
      return makeConstant(body.value as never, checkDType(body.dtype as never, op), op);
    case '__bytes__':
      return new TextEncoder().encode(String(body.value));
    case '__ellipsis__':
    case '__slice__':
      throw kerasError('ValueError', `${op}: Python's ${className === '__slice__' ? 'slice' : 'Ellipsis'} has no JavaScript counterpart to deserialize to.`);
    case '__lambda__':
      throw kerasError('ValueError', 'Requested the deserialization of a Python lambda. This carries a potential risk of arbitrary code execution and thus it is disallowed by default. If you trust the source of the artifact, you can override this error by passing `safe_mode=False` to the loading function, or calling `keras.config.enable_unsafe_deserialization(). (gradtape cannot run Python code in any mode.)');
    default:
      break;
  }
  if (typeof className !== 'string') throw kerasError('TypeError', `Could not parse config: ${pythonRepr(config)}`);
  const module = typeof config.module === 'string' ? config.module : null;
  const registeredName = typeof config.registered_name === 'string' ? config.registered_name : className;
  if (className === 'function') {
    if (typeof inner !== 'string') {
      throw kerasError('TypeError', `Expected 'config' to be a non-null str fora function classname,\ninstead got ${pythonType(inner)}\nFull config: ${pythonRepr(config)}`);
    }
    return retrieve(inner, registeredName, module, 'function', config, customObjects);
  }
  if (!isPlainObject(inner)) {
    throw kerasError('TypeError', `Expected 'config' to be a dict for ${className},\ninstead got ${pythonType(inner)}\nFull config: ${pythonRepr(config)}`);
  }
  // A custom object takes precedence over a built-in of the same name, as in Keras.
  const custom = getRegisteredObject(registeredName, customObjects) ?? (config.module === null || config.module === undefined ? getRegisteredObject(className, customObjects) : null);
  if (typeof custom === 'function') return customInstance(custom, config, customObjects, op);
  if (module !== null) {
    const api = `${module}.${className}`;
    if ((module === 'keras' || module.startsWith('keras.')) && NON_MODELING_APIS.has(api)) retrieve(className, registeredName, module, 'class', config, {});
    const made = builtinInstance(config, module, customObjects, op);
    if (made !== null && made !== undefined) return made;
    if (module === 'keras' || module.startsWith('keras.')) throw kerasError('ValueError', `Could not deserialize '${api}' because it is not a KerasSaveable subclass`);
  }
  return retrieve(className, registeredName, module, 'class', config, customObjects);
}

/** An object of the user's class `cls` from its config: a layer through keras.layers.deserialize,
 * another class by its static `fromConfig`, else its constructor, given the camelCase options. */
function customInstance(cls: unknown, config: Record<string, unknown>, customObjects: Record<string, unknown>, op: string): unknown {
  const C = cls as { prototype: unknown; fromConfig?: (config: Record<string, unknown>) => unknown } & (new (config: Record<string, unknown>) => unknown);
  if (C.prototype instanceof Layer) return layerFrom(config, { ...customObjects, [config.class_name as string]: cls }, op);
  // A class with no class syntax (a function registered as a class's name) is the object itself.
  if (!/^class\b/.test(Function.prototype.toString.call(cls))) return cls;
  const camelCase = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const values = Object.fromEntries(Object.entries(config.config as Record<string, unknown>).map(([k, v]) => [camelCase(k), deserializeValue(v, customObjects, op)]));
  return typeof C.fromConfig === 'function' ? C.fromConfig(values) : new C(values);
}

