// Keras 3's `.keras` archives (keras/src/saving/saving_lib.py `save_model`, `load_model`): a zip of
//   metadata.json     {keras_version, date_saved}
//   config.json       the model as keras.saving.serialize_keras_object gives it, with its
//                     compile_config (./keras-model-config.ts)
//   model.weights.h5  its weights, as `model.save_weights` writes them (./keras-weights.ts), and a
//                     compiled model's optimizer variables under 'optimizer'
//   assets/...        the files layers keep (./keras-assets.ts: an adapted IntegerLookup's
//                     vocabulary.txt)
// read into a gradtape model (the model made from the config, its weights loaded, compiled from
// its compile config with its optimizer's state restored) and written from one, members stored
// as Keras stores them.

import { isPlainObject } from '../describe';
import { type InflateRaw, ZipError, readZip } from '../io/zip';
import { writeZip } from '../io/zip-writer';
import { type SerializedLayer, checkCustomObjects, referenceFunctions, serialize } from '../layers/serialization';
import type { CompileConfig } from './compile-config';
import { kerasAssetMembers, loadKerasAssets } from './keras-assets';
import { fromKerasCompileConfig, fromKerasConfig, pythonJson, toKerasConfig } from './keras-model-config';
import { kerasHdf5WeightsBytes, loadKerasHdf5Weights } from './keras-weights';
import type { Model } from './model';
import { type LoadModelOptions, modelFromSerialized } from './saving';

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
  loadKerasHdf5Weights(model, kerasArchiveWeights(bytes, op), op, model.compiled ? model.optimizer : null);
  // (After the weights, as Keras: IntegerLookup's vocabulary takes the idf weights they gave.)
  const read = (name: string): Uint8Array | undefined => {
    try {
      return archive.get(name)?.read();
    } catch (e) {
      if (e instanceof ZipError) throw new Error(`${op}: cannot read the .keras archive's '${name}': ${e.message}.`);
      throw e;
    }
  };
  loadKerasAssets(model, read, [...archive.keys()], op);
  return model;
}

/** The Keras version whose archives these are written as (Keras reads the version, not checks it). */
const KERAS_VERSION = '3.15.1';

/** Python's `datetime.now().strftime("%Y-%m-%d@%H:%M:%S")`, local time. */
function dateSaved(now: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}@${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
}

/** The model as a Keras 3 `.keras` archive's bytes (Keras' `model.save('m.keras')`): its config,
 * compile config, weights, when compiled its optimizer's variables, and its layers' assets. A layer or function
 * Keras cannot make is an error naming it. */
export function kerasArchiveBytes(model: Model, op: string): Uint8Array {
  // (Functions stay functions: the config writer names a function of your own where it stands.)
  const serialized = serialize(model);
  const compileConfig = model.compiled ? referenceFunctions(model.getCompileConfig(), 'the compile config', op) as CompileConfig : null;
  const config = toKerasConfig(serialized, compileConfig, op);
  const weights = kerasHdf5WeightsBytes(model, op, model.compiled ? model.optimizer : null);
  const json = (value: unknown): Uint8Array => new TextEncoder().encode(pythonJson(value));
  return writeZip([
    ['metadata.json', json({ keras_version: KERAS_VERSION, date_saved: dateSaved(new Date()) })],
    ['config.json', json(config)],
    ['model.weights.h5', weights],
    ...kerasAssetMembers(model),
  ]);
}

/** Node's zlib.inflateRawSync, or null where there is no Node (browsers, workers). */
function nodeInflateRaw(): InflateRaw | null {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') return null;
  const zlib = get('node:zlib') as typeof import('node:zlib') | undefined;
  return zlib === undefined ? null : (data) => new Uint8Array(zlib.inflateRawSync(data));
}
