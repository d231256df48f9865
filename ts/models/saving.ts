// Whole models and their weights as bytes and files (keras/src/saving/saving_api.py and
// saving_lib.py), in gradtape's own format. Keras' own files are read too: Keras 3 `.weights.h5`
// and Keras 2 `.h5` weights (./keras-weights.ts) and Keras 3 `.keras` archives
// (./keras-archive.ts), recognized by their signatures (HDF5's, zip's); of them, Keras 3's are
// written too: `.weights.h5` (a path ending so, or `weightsToBytes({format: 'h5'})`) and `.keras`
// (a path ending so, or `toBytes({format: 'keras'})`).
//
// Weights are a tf.train.Checkpoint (ts/checkpoint.ts) of the model's variables named by the
// model's structure as Keras names them in its weights files: a layer's own variables at
// 'vars/0', 'vars/1', ... and its sublayers under 'layers/<class in snake_case>' numbered in order
// ('layers/dense', 'layers/dense_1'), so weights load into any model of the same architecture
// whatever its layers' names. A whole-model file is one checksummed container:
//   "GTKM"  u32 version  u32 header length  header (UTF-8 JSON: the model's serialized config and
//   its compile config)  zero padding to 8 bytes  the checkpoint's bytes (weights, and the
//   optimizer with its slots and iterations when the model is compiled)  u32 CRC-32 of all before.

import { isHdf5 } from '../io/hdf5';
import { isZip } from '../io/zip';
import { Checkpoint, type Trackable, align8, fileExists, readFileBytes, writeFileAtomically } from '../checkpoint';
import { crc32 } from '../io/crc';
import { checkBoolean, checkOptions, describe, isPlainObject } from '../describe';
import type { Layer } from '../layers/layer';
import { toSnakeCase } from '../layers/names';
import { type DeserializeOptions, type SerializedLayer, checkCustomObjects, classNameOf, deserialize, referenceFunctions, serialize } from '../layers/serialization';
import type { Optimizer } from '../optimizers';
import { deserialize as deserializeOptimizer, type Serialized } from '../serialization';
import type { Variable } from '../variable';
import type { CompileConfig } from './compile-config';
import { kerasArchiveBytes, kerasArchiveWeights, modelFromKerasArchive } from './keras-archive';
import { kerasHdf5WeightsBytes, loadKerasHdf5Weights } from './keras-weights';
import { Model } from './model';

/** The extension of a whole-model file (`model.save`, `tf.keras.models.loadModel`). */
export const MODEL_EXTENSION = '.gtkeras';
/** The extension of a weights file (`model.saveWeights`, `model.loadWeights`). */
export const WEIGHTS_EXTENSION = '.gtweights';
/** The extension of Keras 3's weights files (Keras' `save_weights`), which `model.saveWeights` writes too. */
export const KERAS_WEIGHTS_EXTENSION = '.weights.h5';
/** The extension of Keras 3's whole-model archives (Keras' `model.save`), which `model.save` writes too. */
export const KERAS_MODEL_EXTENSION = '.keras';

const MAGIC = [0x47, 0x54, 0x4b, 0x4d]; // "GTKM"
const CHECKPOINT_MAGIC = [0x47, 0x54, 0x43, 0x4b]; // "GTCK", a weights file
const VERSION = 1;

/** Options of `tf.keras.models.loadModel` and `fromBytes`. */
export interface LoadModelOptions extends DeserializeOptions {
  /** Whether to compile the model as it was saved, its optimizer state restored (default true;
   * false leaves it uncompiled and the optimizer state unread, as Keras' `compile=False`). */
  compile?: boolean;
}

/** Options of `model.save` and `model.saveWeights`. */
export interface SaveOptions {
  /** Whether an existing file is replaced (default true); false makes an existing file an error. */
  overwrite?: boolean;
}

/** Options of `model.toBytes`. */
export interface ModelToBytesOptions {
  /** The bytes' format: 'gtkeras' (default), gradtape's own, as `save` writes to a '.gtkeras'
   * path; 'keras', Keras 3's `.keras` archive, as `save` writes to a '.keras' path and Python's
   * `keras.saving.load_model` reads. */
  format?: 'gtkeras' | 'keras';
}

/** Options of `model.weightsToBytes`. */
export interface WeightsToBytesOptions {
  /** The bytes' format: 'gtweights' (default), gradtape's own, as `saveWeights` writes to a
   * '.gtweights' path; 'h5', Keras 3's HDF5 weights (with a compiled model's optimizer
   * variables, as Keras'), as `saveWeights` writes to a '.weights.h5' path and Python's
   * `model.load_weights` reads. */
  format?: 'gtweights' | 'h5';
}

/** What a whole-model file's header holds. */
interface Header {
  format: 'gradtape.keras.model';
  /** The model, as tf.keras.layers.serialize gives it (functions by name). */
  model: SerializedLayer;
  /** Its compile config, or null when it was not compiled (then the weights hold no optimizer). */
  compileConfig: CompileConfig | null;
}

/** The variables of `layer` as a checkpoint tree named by structure (Keras' `vars` and `layers`);
 * a layer met twice (shared) is saved at its first place. */
function stateTree(layer: Layer, seen: Set<Layer>): Record<string, Trackable> {
  seen.add(layer);
  const sublayers = layer._sublayers();
  const inSublayers = new Set<Variable>(sublayers.flatMap((l) => l.weights));
  const layers: Record<string, Trackable> = {};
  for (const sub of sublayers) {
    if (seen.has(sub)) continue;
    // Keras names a container's entries by class, numbered when repeated: dense, dense_1, ...
    const base = toSnakeCase(classNameOf(sub));
    let name = base;
    for (let i = 1; name in layers; i++) name = `${base}_${i}`;
    layers[name] = stateTree(sub, seen);
  }
  return { vars: layer.weights.filter((w) => !inSublayers.has(w)), layers };
}

/** The checkpoint of a model's weights, and of `optimizer` too when given. */
function checkpointOf(model: Model, optimizer: Optimizer | null): Checkpoint {
  const tree = stateTree(model, new Set());
  return new Checkpoint(optimizer === null ? tree : { ...tree, optimizer });
}

/** Restores `checkpoint` from `bytes`, its errors said as `op`'s. */
function restore(checkpoint: Checkpoint, bytes: Uint8Array, model: Model, op: string): void {
  if (!model.built) {
    throw new Error(`${op}: the model '${model.name}' is not built, so it has no weights to load into yet; build it first (an Input or inputShape, or a call on data).`);
  }
  try {
    checkpoint.fromBytes(bytes);
  } catch (e) {
    const message = (e as Error).message.replace(/^Checkpoint\.fromBytes: /, '').replace(/\.$/, '');
    throw new Error(`${op}: the saved weights do not fit model '${model.name}' (${message}).`);
  }
}

/** The model's weights as bytes: a gradtape checkpoint named by the model's structure, or Keras
 * 3's `.weights.h5` (`format: 'h5'`). */
export function weightsToBytes(model: Model, options: WeightsToBytesOptions | undefined, op: string): Uint8Array {
  const { format = 'gtweights' } = checkOptions(options ?? undefined, op, ['format'], "{format: 'h5'}") as WeightsToBytesOptions;
  if (format === 'h5') return kerasHdf5WeightsBytes(model, op, model.compiled ? model.optimizer : null);
  if (format !== 'gtweights') throw new Error(`${op}: format must be 'gtweights' or 'h5', got ${describe(format)}.`);
  return checkpointOf(model, null).toBytes();
}

/** Loads weights from bytes of `weightsToBytes`, or from a whole model's bytes (its weights only),
 * or from Keras' files: HDF5 weights (Keras 3 `.weights.h5`, Keras 2 `.h5`) or a `.keras` archive's. */
export function weightsFromBytes(model: Model, bytes: Uint8Array, op: string): void {
  if (!(bytes instanceof Uint8Array)) throw new Error(`${op}: expected a Uint8Array from model.weightsToBytes() or model.toBytes(), got ${describe(bytes)}.`);
  // Keras' load_weights loads a compiled model's optimizer variables too, into the optimizer as it is.
  const optimizer = model.compiled ? model.optimizer : null;
  if (isHdf5(bytes)) return loadKerasHdf5Weights(model, bytes, op, optimizer, false);
  if (isZip(bytes)) return loadKerasHdf5Weights(model, kerasArchiveWeights(bytes, op), op, optimizer, false);
  if (startsWith(bytes, MAGIC)) {
    const { header, weights } = parse(bytes, op);
    // The file's optimizer state goes into a throwaway optimizer: only the weights are wanted.
    const optimizer = header.compileConfig === null ? null : optimizerOf(header.compileConfig, op);
    try {
      restore(checkpointOf(model, optimizer), weights, model, op);
    } finally {
      optimizer?.dispose();
    }
    return;
  }
  if (!startsWith(bytes, CHECKPOINT_MAGIC)) throw damaged(op, 'it starts with neither a gradtape model file\'s signature "GTKM" nor a weights file\'s "GTCK", nor is it HDF5 or a .keras zip');
  restore(checkpointOf(model, null), bytes, model, op);
}

/** The whole model as bytes: its config, its compile config, its weights and its optimizer state,
 * in gradtape's format or (`format: 'keras'`) as a Keras 3 `.keras` archive. */
export function modelToBytes(model: Model, options: ModelToBytesOptions | undefined, op: string): Uint8Array {
  const { format = 'gtkeras' } = checkOptions(options ?? undefined, op, ['format'], "{format: 'keras'}") as ModelToBytesOptions;
  if (format === 'keras') return kerasArchiveBytes(model, op);
  if (format !== 'gtkeras') throw new Error(`${op}: format must be 'gtkeras' or 'keras', got ${describe(format)}.`);
  const compileConfig = model.compiled ? model.getCompileConfig() : null;
  const header: Header = {
    format: 'gradtape.keras.model',
    model: referenceFunctions(serialize(model), 'the model config', op) as SerializedLayer,
    compileConfig: compileConfig === null ? null : referenceFunctions(compileConfig, 'the compile config', op) as CompileConfig,
  };
  const weights = checkpointOf(model, model.compiled ? model.optimizer : null).toBytes();
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align8(12 + json.byteLength);
  const out = new Uint8Array(start + weights.byteLength + 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.byteLength, true);
  out.set(json, 12);
  out.set(weights, start);
  view.setUint32(out.byteLength - 4, crc32(out.subarray(0, out.byteLength - 4)), true);
  return out;
}

/** A model made again from `modelToBytes`' bytes: built from its config, compiled as saved
 * (unless `compile` is false), its weights and optimizer state restored. */
export function modelFromBytes(bytes: Uint8Array, options: LoadModelOptions, op: string): Model {
  if (!(bytes instanceof Uint8Array)) throw new Error(`${op}: expected a Uint8Array from model.toBytes(), got ${describe(bytes)}.`);
  const customObjects = checkCustomObjects(options, op, ['customObjects', 'compile']);
  const compile = checkBoolean(options?.compile, op, 'compile', true);
  if (isZip(bytes)) return modelFromKerasArchive(bytes, { customObjects, compile }, op);
  if (isHdf5(bytes)) {
    throw new Error(`${op}: these are Keras HDF5 weights, without an architecture gradtape reads (a legacy Keras 2 whole-model .h5 is not read); make the model, then call model.loadWeights(path) or model.weightsFromBytes(bytes).`);
  }
  if (startsWith(bytes, CHECKPOINT_MAGIC)) {
    throw new Error(`${op}: these are a model's weights only (model.saveWeights / weightsToBytes), without its architecture; make the model, then call model.loadWeights(path) or model.weightsFromBytes(bytes).`);
  }
  const { header, weights } = parse(bytes, op);
  const model = modelFromSerialized(header.model, { customObjects }, op);
  let optimizer: Optimizer | null = null;
  if (header.compileConfig !== null) {
    if (compile) {
      model.compileFromConfig(header.compileConfig, { customObjects });
      optimizer = model.optimizer;
    } else {
      optimizer = optimizerOf(header.compileConfig, op);
    }
  }
  try {
    restore(checkpointOf(model, optimizer), weights, model, op);
  } finally {
    if (!compile) optimizer?.dispose();
  }
  return model;
}

/**
 * The model `model.toBytes()` gave, anywhere (browsers and workers too): as `loadModel` reads a
 * file, its weights restored and, unless `compile` is false, compiled with its optimizer state.
 * The bytes of a Keras 3 `.keras` archive are read too, as `loadModel` reads the file (outside
 * Node, only archives whose members are stored uncompressed, as Keras writes them).
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
 * const copy = tf.keras.models.fromBytes(model.toBytes());
 * console.log(copy.getWeights()[0].arraySync()[1][0] === model.getWeights()[0].arraySync()[1][0]); // true
 * ```
 */
export function fromBytes(bytes: Uint8Array, options: LoadModelOptions = {}): Model {
  return modelFromBytes(bytes, options, 'keras.models.fromBytes');
}

/** The optimizer a compile config names (its state not restored yet). */
function optimizerOf(config: CompileConfig, op: string): Optimizer {
  try {
    return deserializeOptimizer(config.optimizer as Serialized);
  } catch (e) {
    throw new Error(`${op}: the file's optimizer cannot be made: ${(e as Error).message}`);
  }
}

/** A model from its serialized form, checked to be a model. */
export function modelFromSerialized(serialized: unknown, options: DeserializeOptions, op: string): Model {
  let layer: Layer;
  try {
    layer = deserialize(serialized as SerializedLayer, options);
  } catch (e) {
    throw new Error(`${op}: ${(e as Error).message.replace(/^keras\.layers\.deserialize: /, '')}`);
  }
  if (!(layer instanceof Model)) throw new Error(`${op}: the config is of a ${classNameOf(layer)} layer, not a model; use tf.keras.layers.deserialize for a layer.`);
  return layer;
}

/** The container's header and checkpoint bytes, with the signature, version, lengths and checksum checked. */
function parse(bytes: Uint8Array, op: string): { header: Header; weights: Uint8Array } {
  if (bytes.byteLength < 20 || !startsWith(bytes, MAGIC)) throw damaged(op, 'it does not start with the signature "GTKM" of gradtape model files');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw damaged(op, `format version ${version}; this gradtape reads version ${VERSION}`);
  if (view.getUint32(bytes.byteLength - 4, true) !== crc32(bytes.subarray(0, bytes.byteLength - 4))) {
    throw damaged(op, 'its checksum does not match: the file is truncated or corrupted');
  }
  const length = view.getUint32(8, true);
  const start = align8(12 + length);
  if (start > bytes.byteLength - 4) throw damaged(op, 'its header runs past its end');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Header;
  } catch {
    throw damaged(op, 'its header is not valid JSON');
  }
  if (!isPlainObject(header) || header.format !== 'gradtape.keras.model' || !isPlainObject(header.model)) throw damaged(op, 'its header is not a model\'s');
  return { header, weights: bytes.subarray(start, bytes.byteLength - 4) };
}

const damaged = (op: string, why: string): Error => new Error(`${op}: not a usable gradtape model file (${why}).`);

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => bytes.byteLength >= magic.length && magic.every((b, i) => bytes[i] === b);

/** Whether `path` names one of Keras' files (a .keras archive, HDF5 weights). */
const isKerasPath = (path: string): boolean => /\.(keras|h5|hdf5)$/i.test(path);

/** `path` checked to end in `extension`; Keras' files of another kind than the callers write
 * (Keras 3's '.weights.h5' and '.keras' are theirs) get a clear error. */
function checkPath(path: unknown, extension: string, op: string, what: string): string {
  if (typeof path !== 'string' || path === '') throw new Error(`${op}: expected a file path ending in '${extension}', got ${describe(path)}.`);
  const lower = path.toLowerCase();
  if (isKerasPath(lower)) {
    const keras = extension === WEIGHTS_EXTENSION
      ? `weights go to a path ending in '${extension}' (gradtape's format) or '${KERAS_WEIGHTS_EXTENSION}' (Keras 3's, as Keras' save_weights); whole models to '${KERAS_MODEL_EXTENSION}' with model.save`
      : `whole models go to a path ending in '${KERAS_MODEL_EXTENSION}' (Keras 3's archive, as Keras' model.save) or '${extension}' (gradtape's format); weights alone to '${KERAS_WEIGHTS_EXTENSION}' with model.saveWeights`;
    throw new Error(`${op}: '${path}' names a Keras file of a kind gradtape does not write here (legacy Keras 2 HDF5 is read, never written); ${keras}.`);
  }
  if (!lower.endsWith(extension)) throw new Error(`${op}: the file name must end in '${extension}' (gradtape's format for ${what}) or '${extension === WEIGHTS_EXTENSION ? KERAS_WEIGHTS_EXTENSION : KERAS_MODEL_EXTENSION}' (Keras 3's). Received: filepath=${path}`);
  return path;
}

/** `options` of save checked; an existing file is an error unless `overwrite` (default true). */
function checkOverwrite(path: string, options: SaveOptions | undefined, op: string): void {
  const o = checkOptions(options ?? undefined, op, ['overwrite'], '{overwrite: false}') as SaveOptions;
  const overwrite = checkBoolean(o.overwrite, op, 'overwrite', true);
  if (!overwrite && fileExists(path, op)) throw new Error(`${op}: '${path}' exists and overwrite is false.`);
}

/** Node: writes the whole model to `path`: a Keras 3 archive when it ends in '.keras', else
 * gradtape's format (ending in '.gtkeras'). */
export function saveModel(model: Model, path: string, options: SaveOptions | undefined, op: string): void {
  const keras = typeof path === 'string' && path.toLowerCase().endsWith(KERAS_MODEL_EXTENSION);
  if (!keras) checkPath(path, MODEL_EXTENSION, op, 'whole models');
  checkOverwrite(path, options, op);
  writeFileAtomically(path, modelToBytes(model, { format: keras ? 'keras' : 'gtkeras' }, op), op);
}

/**
 * keras.models.save_model(model, filepath, {overwrite}): Node: `model.save(filepath)`, the whole
 * model (architecture, weights, compile state and optimizer) as a Keras 3 archive when the path
 * ends in '.keras' (which Keras' load_model reads), else in gradtape's format ('.gtkeras');
 * `overwrite: false` makes an existing file an error.
 *
 * @example
 * ```ts
 * const path = `${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-save-model.keras`;
 * const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
 * tf.keras.models.saveModel(model, path);
 * console.log(tf.keras.models.loadModel(path).predict([[1, 2]]).arraySync()[0][0] === model.predict([[1, 2]]).arraySync()[0][0]); // true
 * ```
 */
export function saveModelTo(model: Model, filepath: string, options?: SaveOptions): void {
  const op = 'keras.models.saveModel';
  if (!(model instanceof Model)) throw new Error(`${op}: expected a tf.keras.Model, got ${describe(model)}.`);
  saveModel(model, filepath, options, op);
}

/**
 * keras.models.load_model(path, {customObjects, compile}): Node: the model `model.save(path)`
 * wrote (a '.gtkeras' file, gradtape's own format, or a '.keras' archive), with its weights, and
 * compiled as it was saved with its optimizer state restored, so that training resumes exactly
 * (`compile: false` leaves it uncompiled). Your own layer classes, losses, metrics and functions
 * come from `customObjects`, by the name they were saved under. A damaged file is an error.
 *
 * A Keras 3 `.keras` archive (Python's `model.save('m.keras')`, or gradtape's) is read: the model
 * made from its config.json (the layers gradtape has, with the options gradtape has; others are
 * errors that name them), its weights loaded, and compiled from its compile config unless
 * `compile` is false, with the optimizer's variables Keras keeps in the archive (its iterations,
 * learning rate and slots; when they do not fit the compiled optimizer, a warning says so and the
 * optimizer starts afresh, as in Keras). Legacy Keras 2 whole-model `.h5` files are not read.
 *
 * @example
 * ```ts
 * const path = `${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-load-model.gtkeras`;
 * const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * model.save(path);
 * const loaded = tf.keras.models.loadModel(path);
 * console.log(loaded.compiled, loaded.predict([[1, 2]]).arraySync()[0][0] === model.predict([[1, 2]]).arraySync()[0][0]); // true true
 * ```
 */
export function loadModel(path: string, options: LoadModelOptions = {}): Model {
  const op = 'keras.models.loadModel';
  if (typeof path === 'string' && path.toLowerCase().endsWith(WEIGHTS_EXTENSION)) {
    throw new Error(`${op}: '${path}' holds a model's weights only (model.saveWeights), not its architecture; make the model, then call model.loadWeights('${path}').`);
  }
  if (typeof path === 'string' && /\.keras$/i.test(path)) return modelFromBytes(readFileBytes(path, op), options, op);
  if (typeof path === 'string' && /\.(h5|hdf5)$/i.test(path)) {
    throw new Error(`${op}: '${path}' is an HDF5 file: gradtape reads Keras' weights from it, not a legacy Keras 2 whole model; make the model, then call model.loadWeights('${path}'), or save it from Keras 3 as a '.keras' archive.`);
  }
  checkPath(path, MODEL_EXTENSION, op, 'whole models');
  return modelFromBytes(readFileBytes(path, op), options, op);
}

/** Node: writes the model's weights to `path`: Keras 3's HDF5 when it ends in '.weights.h5',
 * else gradtape's format (ending in '.gtweights'). */
export function saveWeights(model: Model, path: string, options: SaveOptions | undefined, op: string): void {
  const keras = typeof path === 'string' && path.toLowerCase().endsWith(KERAS_WEIGHTS_EXTENSION);
  if (!keras) checkPath(path, WEIGHTS_EXTENSION, op, 'weights');
  checkOverwrite(path, options, op);
  writeFileAtomically(path, keras ? kerasHdf5WeightsBytes(model, op, model.compiled ? model.optimizer : null) : checkpointOf(model, null).toBytes(), op);
}

/** Node: loads weights saved by `saveWeights` (or a whole model's, from a '.gtkeras' file), or
 * Keras' weights from its '.weights.h5', '.h5' and '.keras' files. */
export function loadWeights(model: Model, path: string, op: string): void {
  if (typeof path === 'string' && isKerasPath(path)) return weightsFromBytes(model, readFileBytes(path, op), op);
  const extension = typeof path === 'string' && path.toLowerCase().endsWith(MODEL_EXTENSION) ? MODEL_EXTENSION : WEIGHTS_EXTENSION;
  checkPath(path, extension, op, 'weights');
  weightsFromBytes(model, readFileBytes(path, op), op);
}

/** The model's serialized config as JSON (functions by name). */
export function modelToJson(model: Model, op: string): string {
  return JSON.stringify(referenceFunctions(serialize(model), 'the model config', op));
}

/**
 * keras.models.model_from_config(config): a new model (new weights) from `{className, config}`, as
 * `tf.keras.layers.serialize(model)` gives it (a Sequential, a functional model, or your own class
 * from `customObjects`).
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([tf.keras.Input([3]), new tf.keras.layers.Dense(2)]);
 * const twin = tf.keras.models.modelFromConfig(tf.keras.layers.serialize(model));
 * console.log(twin instanceof tf.keras.Sequential, twin.countParams()); // true 8
 * ```
 */
export function modelFromConfig(config: SerializedLayer, options: DeserializeOptions = {}): Model {
  return modelFromSerialized(config, { customObjects: checkCustomObjects(options, 'keras.models.modelFromConfig') }, 'keras.models.modelFromConfig');
}

/**
 * keras.models.model_from_json(json): a new model (new weights) from `model.toJson()`'s text;
 * your own layer classes and functions from `customObjects`.
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([tf.keras.Input([3]), new tf.keras.layers.Dense(2, { activation: 'relu' })]);
 * const twin = tf.keras.models.modelFromJson(model.toJson());
 * console.log(twin.toJson() === model.toJson()); // true
 * ```
 */
export function modelFromJson(json: string, options: DeserializeOptions = {}): Model {
  const op = 'keras.models.modelFromJson';
  if (typeof json !== 'string') throw new Error(`${op}: expected the JSON text model.toJson() gives, got ${describe(json)}.`);
  let config: unknown;
  try {
    config = JSON.parse(json);
  } catch (e) {
    throw new Error(`${op}: the text is not valid JSON (${(e as Error).message}).`);
  }
  return modelFromSerialized(config, { customObjects: checkCustomObjects(options, op) }, op);
}

/**
 * keras.models.clone_model(model): a new model of the same architecture and config, with new
 * layers and new weights (initialized again, not copied) and not compiled. A Sequential stays a
 * Sequential, a functional model a functional model; your own layer classes are reused.
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([tf.keras.Input([3]), new tf.keras.layers.Dense(2)]);
 * const clone = tf.keras.models.cloneModel(model);
 * console.log(clone.toJson() === model.toJson(), clone.weights[0] !== model.weights[0]); // true true
 * ```
 */
export function cloneModel(model: Model): Model {
  const op = 'keras.models.cloneModel';
  if (!(model instanceof Model)) throw new Error(`${op}: expected a tf.keras model, got ${describe(model)}.`);
  // The model's own classes, by the names its config gives them, so that classes of your own need no customObjects.
  const customObjects: Record<string, unknown> = {};
  const visit = (layer: Layer): void => {
    customObjects[classNameOf(layer)] = layer.constructor;
    layer._sublayers().forEach(visit);
  };
  visit(model);
  return modelFromSerialized(serialize(model), { customObjects }, op);
}
