// A model's config as Keras 3 writes it in a `.keras` archive's config.json (keras/src/saving/
// serialization_lib.py `serialize_keras_object`) and gradtape's serialized form, both ways:
//   Keras:    {module, class_name, config: {snake_case options}, registered_name, build_config:
//             {input_shape}, compile_config}; a layer's dtype a DTypePolicy object
//   gradtape: {className, config: {camelCase options}, buildConfig: {inputShape}}; a dtype a name
// Reading drops Keras' bookkeeping and the options gradtape does not have when they are at Keras'
// defaults (KERAS_ONLY_DEFAULTS); writing adds the bookkeeping back and writes those options at
// their defaults where Keras 3.15.1 writes them (KERAS_ONLY_OPTIONS), so the config is Keras' own.

import { describe, isPlainObject } from '../describe';
import { pythonFloatRepr } from './python-format';
import { type SerializedLayer, isBuiltinLayerClass } from '../layers/serialization';
import type { CompileConfig } from './compile-config';

/** Keras options gradtape's classes do not have, dropped from a config when at the value given
 * here (Keras' default, which is what gradtape does); any other value is left in, for the class's
 * fromConfig to refuse by name. */
const KERAS_ONLY_DEFAULTS: Record<string, unknown> = {
  sparse: false, ragged: false, optional: false, quantizationConfig: null, synchronized: false,
  renorm: false, renormClipping: null, renormMomentum: 0.99, inputAxes: null, outputAxes: null,
  loraRank: null, loraAlpha: null,
};

/** Which of KERAS_ONLY_DEFAULTS Keras 3.15.1 writes in a class's config (at their defaults), by
 * module and class name. */
const VARIANCE_SCALING_AXES = ['inputAxes', 'outputAxes'];
const KERAS_ONLY_OPTIONS: Record<string, readonly string[]> = {
  'keras.layers.InputLayer': ['sparse', 'ragged', 'optional'],
  'keras.layers.Dense': ['quantizationConfig'],
  'keras.layers.EinsumDense': ['quantizationConfig'],
  'keras.layers.Embedding': ['quantizationConfig'],
  'keras.layers.ReversibleEmbedding': ['quantizationConfig'],
  'keras.layers.BatchNormalization': ['synchronized', 'renorm', 'renormClipping', 'renormMomentum'],
  'keras.initializers.VarianceScaling': VARIANCE_SCALING_AXES,
  'keras.initializers.GlorotUniform': VARIANCE_SCALING_AXES,
  'keras.initializers.GlorotNormal': VARIANCE_SCALING_AXES,
  'keras.initializers.HeUniform': VARIANCE_SCALING_AXES,
  'keras.initializers.HeNormal': VARIANCE_SCALING_AXES,
  'keras.initializers.LecunUniform': VARIANCE_SCALING_AXES,
  'keras.initializers.LecunNormal': VARIANCE_SCALING_AXES,
};

/** `config` with the Keras-only options Keras writes for `module`.`className` added at their defaults. */
function withKerasOnlyOptions(module: string, className: string, config: Record<string, unknown>): Record<string, unknown> {
  for (const key of KERAS_ONLY_OPTIONS[`${module}.${className}`] ?? []) config[snakeCase(key)] ??= KERAS_ONLY_DEFAULTS[key];
  return config;
}

/** The layers whose Keras config is their constructor's few arguments (rate, seed, name, and a
 * dtype written as its name): Keras' SpatialDropout takes no `trainable`. */
const PLAIN_CONFIG = new Set(['SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D']);

/** The layers whose Keras config writes the dtype as its name (Keras' Discretization.get_config
 * writes `self.dtype`), besides the plain ones and InputLayer. */
const DTYPE_AS_NAME = new Set(['InputLayer', 'Discretization']);

/** The layers whose Keras build config is always `{}` (Keras' IndexLookup.get_build_config: they
 * are built on construction). */
const EMPTY_BUILD_CONFIG = new Set(['IntegerLookup']);

/** Keras' bookkeeping keys, never options. */
const DROPPED_KEYS = new Set(['module', 'registered_name', 'shared_object_id']);

/** Keras' option names whose digit is a word of its own ('beta_1'), which camelCase loses. */
const DIGIT_WORDS: Record<string, string> = {
  beta1: 'beta_1', beta2: 'beta_2', epsilon1: 'epsilon_1', epsilon2: 'epsilon_2', beta2Decay: 'beta_2_decay', adamBeta1: 'adam_beta_1', adamBeta2: 'adam_beta_2',
};

/** The layers Keras makes from the inputs of a call given as positional arguments (query, value,
 * key), which gradtape's config lists as one list: their build config is a dict of shapes named
 * by the build method's arguments, in order. */
const POSITIONAL_INPUTS: Record<string, readonly string[]> = {
  MultiHeadAttention: ['query_shape', 'value_shape', 'key_shape'],
  GroupQueryAttention: ['query_shape', 'value_shape', 'key_shape'],
};

const KERAS_TENSOR = '__keras_tensor__';

/** The options Keras checks to be Python floats (`isinstance(x, float)`: an integral value
 * written as `1` would be an int): every number of an optimizer's config but these counts (Muon's
 * `ns_steps` goes to `range`), and
 * FBetaScore's and F1Score's beta and threshold. */
const OPTIMIZER_COUNTS = new Set(['ema_overwrite_frequency', 'gradient_accumulation_steps', 'ns_steps', 'warmup_steps', 'dynamic_growth_steps']);
const METRIC_FLOATS = new Set(['beta', 'threshold']);

/** A number Python reads as a float: written with a decimal point ('1.0'). */
class PythonFloat {
  constructor(readonly value: number) {}
}

const camelCase = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snakeCase = (key: string): string => DIGIT_WORDS[key] ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// --- Keras' config.json read --------------------------------------------------------------------

/**
 * A Keras 3 config (config.json's object) in gradtape's serialized form: `{class_name, config,
 * build_config}` as `{className, config, buildConfig}`, every key in camelCase, dtype policies as
 * their dtype name, `module`/`registered_name`/`shared_object_id` dropped, and Keras-only options
 * at their defaults dropped.
 */
export function fromKerasConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromKerasConfig);
  if (!isPlainObject(value)) return value;
  if (typeof value.class_name === 'string') {
    const config = value.config;
    if ((value.class_name === 'DTypePolicy' || value.class_name === 'FloatDTypePolicy') && isPlainObject(config) && typeof config.name === 'string') return config.name;
    const out: Record<string, unknown> = { className: value.class_name, config: fromKerasConfig(config) };
    for (const [key, v] of Object.entries(value)) {
      if (key === 'class_name' || key === 'config' || DROPPED_KEYS.has(key)) continue;
      // A layer built from several inputs (MultiHeadAttention's query, value and key) has Keras'
      // build config {shapes_dict: {query_shape, value_shape, ...}}: gradtape's lists the shapes
      // in the call's order, which is the dict's.
      const shapes = key === 'build_config' && isPlainObject(v) && isPlainObject(v.shapes_dict) ? Object.values(v.shapes_dict) : null;
      out[camelCase(key)] = shapes !== null ? { inputShape: shapes } : fromKerasConfig(v);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  // A layer call of a functional model's config: Keras lists a call's positional arguments
  // (MultiHeadAttention's query and value), gradtape its inputs as the one first argument.
  if (Array.isArray(value.args) && value.args.length > 1 && isPlainObject(value.kwargs)) {
    return { args: [fromKerasConfig(value.args)], kwargs: fromKerasConfig(value.kwargs) };
  }
  for (const [key, v] of Object.entries(value)) {
    if (DROPPED_KEYS.has(key)) continue;
    const name = camelCase(key);
    if (Object.hasOwn(KERAS_ONLY_DEFAULTS, name) && KERAS_ONLY_DEFAULTS[name] === v) continue;
    out[name] = fromKerasConfig(v);
  }
  // A Sequential's build_input_shape repeats its InputLayer's shape.
  delete out.buildInputShape;
  return out;
}

/** Keras' compile config in gradtape's form (options gradtape does not have dropped at their defaults). */
export function fromKerasCompileConfig(config: Record<string, unknown>): CompileConfig {
  const converted = fromKerasConfig(config) as Record<string, unknown>;
  if (converted.stepsPerExecution === 1) delete converted.stepsPerExecution;
  if (converted.autoScaleLoss === true) delete converted.autoScaleLoss;
  return converted as unknown as CompileConfig;
}

// --- Keras' config.json written -----------------------------------------------------------------

/** What kind of Keras object a `{className, config}` is, by where it stands: its Keras module. */
type Kind = 'layer' | 'keras.initializers' | 'keras.regularizers' | 'keras.constraints' | 'keras.optimizers' | 'keras.optimizers.schedules' | 'keras.losses' | 'keras.metrics';

/** The kind of object an option holds, by the option's (snake_case) name; null for plain values. */
function kindOfOption(key: string): Kind | null {
  if (key === 'layer' || key === 'backward_layer' || key === 'cell' || key === 'cells' || key === 'layers') return 'layer';
  if (key.endsWith('initializer')) return 'keras.initializers';
  if (key.endsWith('regularizer')) return 'keras.regularizers';
  if (key.endsWith('constraint')) return 'keras.constraints';
  if (key === 'learning_rate') return 'keras.optimizers.schedules';
  if (key === 'inner_optimizer') return 'keras.optimizers'; // (LossScaleOptimizer's)
  return null;
}

/** Writes gradtape's serialized objects as Keras': `op` names the call in errors. With
 * `registeredName` (serializeKerasObject's), a layer of the user's own class is written as Keras
 * writes a custom object, `{module: null, class_name, config, registered_name}`, instead of being
 * refused; `registeredName` gives its registered name. */
class KerasConfigWriter {
  constructor(private readonly op: string, private readonly registeredName: ((className: string) => string) | null = null) {}

  /** A model's config.json: the model as a Keras layer object, with its compile config ({} when not compiled). */
  model(serialized: SerializedLayer, compileConfig: CompileConfig | null): Record<string, unknown> {
    const out = this.layer(serialized as unknown as Record<string, unknown>, 'the model');
    if (serialized.className === 'Functional') out.build_config = { input_shape: null };
    out.compile_config = compileConfig === null ? {} : this.compileConfig(compileConfig);
    return out;
  }

  /** A layer (or model) `{className, config, buildConfig}` as Keras' `{module, class_name, config, registered_name, build_config}`. */
  layer(serialized: Record<string, unknown>, what: 'the model' | 'layer'): Record<string, unknown> {
    const className = serialized.className as string;
    const config = serialized.config as Record<string, unknown>;
    const name = `${what} '${String(config.name)}'`;
    const custom = this.registeredName !== null && className !== 'Lambda' && !isBuiltinLayerClass(className);
    if (!custom && (!isBuiltinLayerClass(className) || className === 'Lambda')) {
      const why = className === 'Lambda'
        ? 'a Lambda layer, whose JavaScript function Keras cannot run'
        : `a ${className}, a class of your own, which Keras cannot make`;
      throw new Error(`${this.op}: cannot write a Keras .keras archive: ${name} is ${why}; save the model in gradtape's own format instead (a path ending in '.gtkeras'), or its weights alone for the same model built in Python Keras (a path ending in '.weights.h5').`);
    }
    const module = custom ? null : className === 'Sequential' ? 'keras' : className === 'Functional' ? 'keras.src.models.functional' : 'keras.layers';
    const out: Record<string, unknown> = {
      module,
      class_name: className,
      config: this.layerConfig(className, config, name),
      registered_name: custom ? this.registeredName!(className) : className === 'Functional' ? 'Functional' : null,
    };
    const build = serialized.buildConfig as { inputShape: unknown } | undefined;
    if (EMPTY_BUILD_CONFIG.has(className)) {
      out.build_config = {};
    } else if (build !== undefined) {
      const names = POSITIONAL_INPUTS[className];
      out.build_config = names !== undefined && Array.isArray(build.inputShape)
        ? { shapes_dict: Object.fromEntries(build.inputShape.map((shape, i) => [names[i], shape])) }
        : { input_shape: build.inputShape };
      // (Keras' Sequential repeats its built input shape in its config.)
      if (className === 'Sequential') (out.config as Record<string, unknown>).build_input_shape = build.inputShape;
    }
    // A functional model's entry: the layer's name and its calls.
    if (typeof serialized.name === 'string') out.name = serialized.name;
    if (Array.isArray(serialized.inboundNodes)) out.inbound_nodes = serialized.inboundNodes.map((node) => this.node(className, node as Record<string, unknown>));
    return out;
  }

  /** A layer's options: snake_case keys, a dtype as Keras' DTypePolicy (an InputLayer's stays a name), objects by kind. */
  private layerConfig(className: string, config: Record<string, unknown>, layer: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const plain = PLAIN_CONFIG.has(className);
    for (const [key, value] of Object.entries(config)) {
      const snake = snakeCase(key);
      if (plain && key === 'trainable') continue; // (a layer without weights: it changes nothing)
      if (key === 'dtype' && typeof value === 'string' && !DTYPE_AS_NAME.has(className) && !plain) {
        out.dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: value }, registered_name: null };
      } else {
        out[snake] = this.value(value, kindOfOption(snake), `the ${key} of ${layer}`);
      }
    }
    return withKerasOnlyOptions('keras.layers', className, out);
  }

  /** A call of a functional model: its KerasTensors as Keras writes them; a layer whose inputs are positional arguments gets them so. */
  private node(className: string, node: Record<string, unknown>): Record<string, unknown> {
    const args = node.args as unknown[];
    const positional = POSITIONAL_INPUTS[className] !== undefined && args.length === 1 && Array.isArray(args[0]);
    return {
      args: (positional ? args[0] as unknown[] : args).map((a) => this.value(a, null, 'a call\'s argument')),
      kwargs: this.value(node.kwargs, null, 'a call\'s argument'),
    };
  }

  /** An option's value: objects of `kind` as Keras objects, plain objects with snake_case keys;
   * `where` says whose option it is, for errors. */
  private value(value: unknown, kind: Kind | null, where: string): unknown {
    if (typeof value === 'function') return this.value({ className: 'function', config: value.name || '(anonymous)' }, kind, where);
    if (Array.isArray(value)) return value.map((v) => this.value(v, kind, where));
    if (!isPlainObject(value)) return value;
    if (typeof value.className !== 'string') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCase(k), this.value(v, kindOfOption(snakeCase(k)), where)]));
    }
    if (value.className === KERAS_TENSOR) {
      const { shape, dtype, kerasHistory } = value.config as Record<string, unknown>;
      return { class_name: KERAS_TENSOR, config: { shape, dtype, keras_history: kerasHistory } };
    }
    if (value.className === 'function') {
      throw new Error(`${this.op}: cannot write a Keras .keras archive: ${where} is the function '${String(value.config)}' of your own, which Keras cannot run; use a built-in one by name, or save in gradtape's own format (a path ending in '.gtkeras').`);
    }
    if (kind === 'layer') return this.layer(value, 'layer');
    if (kind === null) throw new Error(`${this.op}: cannot write a Keras .keras archive: ${where} is a ${value.className}, which has no place in a Keras config; save in gradtape's own format (a path ending in '.gtkeras').`);
    return this.object(value.className, value.config, kind, where);
  }

  /** A Keras object other than a layer: `{module, class_name, config, registered_name}`. */
  object(className: string, config: unknown, module: Kind, where: string): Record<string, unknown> {
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(isPlainObject(config) ? config : {})) {
      options[snakeCase(key)] = this.value(value, kindOfOption(snakeCase(key)), `the ${snakeCase(key)} of ${where}`);
    }
    withKerasOnlyOptions(module, className, options);
    return { module, class_name: className, config: options, registered_name: null };
  }

  /** One loss or metric of a compile config: a name as it is, an object as a Keras object. */
  private compileEntry(value: unknown, module: 'keras.losses' | 'keras.metrics', where: string): unknown {
    if (value === null || typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map((v) => this.compileEntry(v, module, where));
    if (isPlainObject(value) && typeof value.className !== 'string') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.compileEntry(v, module, where)]));
    }
    if (!isPlainObject(value)) throw new Error(`${this.op}: cannot write a Keras .keras archive: the compile config's ${where} is ${describe(value)}.`);
    if (value.className === 'function') {
      throw new Error(`${this.op}: cannot write a Keras .keras archive: the compile config's ${where} is the function '${String(value.config)}' of your own, which Keras cannot run; compile with a built-in one by name, or save in gradtape's own format (a path ending in '.gtkeras').`);
    }
    const out = this.object(value.className as string, value.config, module, `the compile config's ${where}`);
    const options = out.config as Record<string, unknown>;
    if (module === 'keras.metrics') for (const key of METRIC_FLOATS) if (typeof options[key] === 'number') options[key] = new PythonFloat(options[key]);
    return out;
  }

  /** Keras' compile config (`get_compile_config`): steps_per_execution 1, as gradtape steps. */
  compileConfig(config: CompileConfig): Record<string, unknown> {
    const optimizer = this.object(config.optimizer.className, config.optimizer.config, 'keras.optimizers', 'the optimizer');
    const floats = (options: Record<string, unknown>): void => {
      for (const [key, value] of Object.entries(options)) if (typeof value === 'number' && !OPTIMIZER_COUNTS.has(key)) options[key] = new PythonFloat(value);
    };
    const options = optimizer.config as Record<string, unknown>;
    floats(options);
    // (A LossScaleOptimizer's inner optimizer is a Keras object with float options of its own.)
    if (isPlainObject(options.inner_optimizer) && isPlainObject(options.inner_optimizer.config)) floats(options.inner_optimizer.config);
    return {
      optimizer,
      loss: this.compileEntry(config.loss, 'keras.losses', 'loss'),
      loss_weights: config.lossWeights ?? null,
      metrics: this.compileEntry(config.metrics, 'keras.metrics', 'metric'),
      weighted_metrics: this.compileEntry(config.weightedMetrics, 'keras.metrics', 'weighted metric'),
      run_eagerly: config.runEagerly,
      steps_per_execution: 1,
      jit_compile: config.jitCompile,
    };
  }
}

/**
 * The config.json Keras 3 writes for a model (`serialize_keras_object(model)` with its
 * `compile_config`), from gradtape's serialized model (functions by reference) and compile
 * config. A layer Keras does not have (a class of your own, a Lambda) or a function of your own
 * is an error naming it.
 */
export function toKerasConfig(serialized: SerializedLayer, compileConfig: CompileConfig | null, op: string): Record<string, unknown> {
  return new KerasConfigWriter(op).model(serialized, compileConfig);
}

/**
 * A Keras object (a layer, a model with its compile config, an optimizer, a loss, ...) as Keras'
 * serialize_keras_object writes it, from gradtape's serialized form (functions by reference):
 * `kind` is the object's Keras module ('layer' for layers and models). `registeredName` gives the
 * registered name of a layer class of the user's own.
 */
export function toKerasObject(
  serialized: { className: string; config: unknown; buildConfig?: unknown },
  kind: 'layer' | 'model' | Exclude<Kind, 'layer'>,
  compileConfig: CompileConfig | null,
  registeredName: (className: string) => string,
  op: string,
): Record<string, unknown> {
  const writer = new KerasConfigWriter(op, registeredName);
  if (kind === 'model') return writer.model(serialized as SerializedLayer, compileConfig);
  if (kind === 'layer') return writer.layer(serialized as unknown as Record<string, unknown>, 'layer');
  return writer.object(serialized.className, serialized.config, kind, `the ${serialized.className}`);
}

/** The Keras modules of the objects other than layers that toKerasObject writes. */
export type KerasObjectModule = Exclude<Kind, 'layer'>;

/** `value` as Python's json.dumps writes it, so that Python reads each number as the int or float
 * Keras expects: a PythonFloat with a decimal point, NaN and infinities as Python spells them. */
export function pythonJson(value: unknown): string {
  if (value instanceof PythonFloat) return Number.isFinite(value.value) ? pythonFloatRepr(value.value) : pythonJson(value.value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (isPlainObject(value)) return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** `value` with the PythonFloat marks toKerasObject puts on numbers Python must read as floats
 * replaced by the numbers, for a config given as a JavaScript object rather than JSON text. */
export function withPlainNumbers(value: unknown): unknown {
  if (value instanceof PythonFloat) return value.value;
  if (Array.isArray(value)) return value.map(withPlainNumbers);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlainNumbers(v)]));
  return value;
}
