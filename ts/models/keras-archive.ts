// Keras 3's `.keras` archives (keras/src/saving/saving_lib.py `save_model`): a zip of
//   metadata.json     {keras_version, date_saved}
//   config.json       the model as keras.saving.serialize_keras_object gives it (snake_case)
//   model.weights.h5  its weights, as `model.save_weights` writes them (./keras-weights.ts)
// read into a gradtape model: the config converted to gradtape's serialized form (keys to
// camelCase, Keras' bookkeeping dropped), the model made from it, its weights loaded. The
// optimizer's state, which Keras keeps in model.weights.h5 under 'optimizer', is not restored.

import { isPlainObject } from '../describe';
import { type InflateRaw, ZipError, readZip } from '../io/zip';
import { type SerializedLayer, checkCustomObjects } from '../layers/serialization';
import type { CompileConfig } from './compile-config';
import { loadKerasHdf5Weights } from './keras-weights';
import type { Model } from './model';
import { type LoadModelOptions, modelFromSerialized } from './saving';

/** Keras options gradtape's layers do not have, dropped from a config when at the value given
 * here (Keras' default, which is what gradtape does); any other value is left in, for the layer's
 * fromConfig to refuse by name. */
const KERAS_ONLY_DEFAULTS: Record<string, unknown> = {
  sparse: false, ragged: false, optional: false, quantizationConfig: null, synchronized: false,
  renorm: false, renormClipping: null, renormMomentum: 0.99, inputAxes: null, outputAxes: null,
  loraRank: null, loraAlpha: null,
};

/** Keras' bookkeeping keys, never options. */
const DROPPED_KEYS = new Set(['module', 'registered_name', 'shared_object_id']);

const camelCase = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

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
function fromKerasCompileConfig(config: Record<string, unknown>): CompileConfig {
  const converted = fromKerasConfig(config) as Record<string, unknown>;
  if (converted.stepsPerExecution === 1) delete converted.stepsPerExecution;
  if (converted.autoScaleLoss === true) delete converted.autoScaleLoss;
  return converted as unknown as CompileConfig;
}

/** The JSON of an archive member. */
function memberJson(members: ReturnType<typeof readZip>, name: string, op: string): unknown {
  const member = members.get(name);
  if (member === undefined) throw new Error(`${op}: the .keras archive has no '${name}' (members: ${[...members.keys()].join(', ')}).`);
  try {
    return JSON.parse(new TextDecoder().decode(member.read()));
  } catch (e) {
    throw new Error(`${op}: the .keras archive's '${name}' cannot be read: ${(e as Error).message}`);
  }
}

/** The archive's members, zip errors said as `op`'s. */
function members(bytes: Uint8Array, op: string): ReturnType<typeof readZip> {
  try {
    return readZip(bytes, nodeInflateRaw());
  } catch (e) {
    if (e instanceof ZipError) throw new Error(`${op}: cannot read the .keras archive: ${e.message}.`);
    throw e;
  }
}

/** The weights file inside a `.keras` archive. */
export function kerasArchiveWeights(bytes: Uint8Array, op: string): Uint8Array {
  const member = members(bytes, op).get('model.weights.h5');
  if (member === undefined) throw new Error(`${op}: the .keras archive has no 'model.weights.h5' (sharded or .npz weights are not read).`);
  try {
    return member.read();
  } catch (e) {
    if (e instanceof ZipError) throw new Error(`${op}: cannot read the .keras archive: ${e.message}.`);
    throw e;
  }
}

/** A model made from a Keras 3 `.keras` archive's bytes: built from config.json, its weights
 * loaded from model.weights.h5, compiled from its compile config unless `compile` is false. */
export function modelFromKerasArchive(bytes: Uint8Array, options: LoadModelOptions, op: string): Model {
  const customObjects = checkCustomObjects(options, op, ['customObjects', 'compile']);
  const archive = members(bytes, op);
  const metadata = memberJson(archive, 'metadata.json', op);
  const version = isPlainObject(metadata) && typeof metadata.keras_version === 'string' ? metadata.keras_version : 'unknown';
  if (!version.startsWith('3.')) throw new Error(`${op}: the .keras archive was saved by Keras ${version}; gradtape reads Keras 3's.`);
  const config = memberJson(archive, 'config.json', op);
  if (!isPlainObject(config)) throw new Error(`${op}: the .keras archive's config.json is not a model config.`);
  const model = modelFromSerialized(fromKerasConfig(config) as SerializedLayer, { customObjects }, op);
  const compileConfig = config.compile_config;
  if (options?.compile !== false && isPlainObject(compileConfig) && Object.keys(compileConfig).length > 0) {
    try {
      model.compileFromConfig(fromKerasCompileConfig(compileConfig), { customObjects });
    } catch (e) {
      throw new Error(`${op}: the model's compile config cannot be used (${(e as Error).message}); load with { compile: false } and compile it yourself.`);
    }
  }
  loadKerasHdf5Weights(model, kerasArchiveWeights(bytes, op), op);
  return model;
}

/** Node's zlib.inflateRawSync, or null where there is no Node (browsers, workers). */
function nodeInflateRaw(): InflateRaw | null {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') return null;
  const zlib = get('node:zlib') as typeof import('node:zlib') | undefined;
  return zlib === undefined ? null : (data) => new Uint8Array(zlib.inflateRawSync(data));
}
