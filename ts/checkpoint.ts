// tf.train.Checkpoint: variables and optimizers saved whole and restored exactly. A checkpoint is
// one versioned, checksummed byte string (toBytes / fromBytes, anywhere); in Node, write / save put
// it in a file atomically (a temporary file, fsync, rename) and read / restore load it. A restore
// checks everything first (the bytes, then the structure against the live objects), makes every
// new buffer, and only then changes anything: a mismatch or a damaged file changes nothing.
//
// The format (little-endian), version 1:
//   "GTCK"  u32 version  u32 header length  header (UTF-8 JSON)  zero padding to 8 bytes
//   data (each tensor's bytes, 8-byte aligned, offsets relative to the data's start)
//   u32 CRC-32 (IEEE) of every byte before it
// The header names each variable by its path in the object tree ('model/dense/kernel'), with its
// dtype, shape and data range; each optimizer by its path, class, counters and state, and its slots
// by the path of the variable they belong to; each tf.random.Generator by its path and its state
// (three int64 words, in decimal).

import { describe, isPlainObject } from './describe';
import { crc32 } from './io/crc';
import type { DType } from './dtype';
import { Module } from './module';
import { Optimizer, type OptimizerCheckpoint } from './optimizers';
import { Generator } from './random-generator';
import { Tensor, fromHost, handleOf } from './tensor';
import { Variable } from './variable';
import type { HostArray } from './wasm/runtime';

const MAGIC = [0x47, 0x54, 0x43, 0x4b]; // "GTCK"
const VERSION = 1;

/** What a checkpoint tracks: variables, optimizers, random-number generators and `tf.Module`s
 * (Keras layers and models too), in arrays and plain objects to any depth. */
export type Trackable = Variable | Optimizer | Generator | Module | readonly Trackable[] | { readonly [name: string]: Trackable };

interface TensorEntry { shape: number[]; offset: number; byteLength: number }
interface Header {
  saveCounter: number;
  variables: (TensorEntry & { path: string; dtype: DType })[];
  optimizers: {
    path: string;
    className: string;
    rawIterations: number;
    extra: number[];
    learningRate: number | null;
    slots: { variable: string; tensors: TensorEntry[] }[];
  }[];
  /** (Absent from checkpoints written before generators were tracked: none.) */
  generators?: { path: string; state: string[] }[];
  dataBytes: number;
}

const ARRAY_OF: Record<DType, { new (buffer: ArrayBuffer, offset: number, length: number): HostArray; BYTES_PER_ELEMENT: number }> = {
  float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array,
};

/**
 * TensorFlow's `tf.train.Checkpoint`: tracks the variables, optimizers and random generators it is given (by name,
 * in arrays and plain objects to any depth, and in `tf.Module`s, by their property names) and
 * saves or restores all of them, optimizer slots and counters included, so that training resumed
 * from a checkpoint continues bit for bit as if it had never stopped. Unlike TensorFlow, a restore
 * is not deferred: a module must have made its variables (been built) before it is restored into.
 *
 * @example
 * ```ts
 * const w = new tf.Variable([1, 2, 3]);
 * const optimizer = new tf.keras.optimizers.Adam();
 * const checkpoint = new tf.train.Checkpoint({ w, optimizer });
 * const bytes = checkpoint.toBytes();       // anywhere: browsers, workers; in Node also save(prefix) / restore(path)
 * w.assign([0, 0, 0]);
 * checkpoint.fromBytes(bytes);
 * console.log(w.arraySync());               // [ 1, 2, 3 ]
 * ```
 */
export class Checkpoint {
  /** Saves so far (TensorFlow's `save_counter`): `save` numbers its files with it; restored with the rest. */
  saveCounter = 0;
  private readonly root: Record<string, Trackable>;

  constructor(objects: Record<string, Trackable>) {
    if (!isPlainObject(objects)) {
      throw new Error(`Checkpoint: pass the objects to track as an object, e.g. new tf.train.Checkpoint({ w, optimizer }), got ${describe(objects)}.`);
    }
    this.root = objects;
    collect(objects); // the structure is checked now, so a bad one fails at construction
  }

  /** The checkpoint as bytes: every tracked variable and optimizer, checksummed. */
  toBytes(): Uint8Array {
    const { variables, optimizers, generators } = collect(this.root);
    const pathOf = new Map(variables.map(([path, v]) => [v, path]));
    const chunks: { bytes: Uint8Array; offset: number }[] = [];
    let dataBytes = 0;
    // Variables and slots come out of wasm as typed arrays of their dtype: their bytes are stored as they are.
    const addData = (values: HostArray): { offset: number; byteLength: number } => {
      const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      const offset = dataBytes;
      chunks.push({ bytes, offset });
      dataBytes = align8(dataBytes + bytes.byteLength);
      return { offset, byteLength: bytes.byteLength };
    };
    const header: Header = {
      saveCounter: this.saveCounter,
      variables: variables.map(([path, v]) => ({ path, dtype: v.dtype, shape: v.shape.slice(), ...addData(v._data()) })),
      optimizers: optimizers.map(([path, optimizer]) => {
        const state = optimizer._checkpointState();
        return {
          path,
          className: state.className,
          rawIterations: state.rawIterations,
          extra: state.extra,
          learningRate: state.learningRate,
          slots: state.variables.map(({ variable, slots }) => {
            const variablePath = pathOf.get(variable);
            if (variablePath === undefined) {
              throw new Error(`Checkpoint: the optimizer at '${path}' has slots for variable '${variable.name}', which this checkpoint does not track; add the variable to the checkpoint, so that a restore can give the slots back to it.`);
            }
            return { variable: variablePath, tensors: slots.map((slot) => ({ shape: slot.shape, ...addData(slot.values) })) };
          }),
        };
      }),
      generators: generators.map(([path, g]) => ({ path, state: g.state.map((w) => w.toString()) })),
      dataBytes,
    };
    const json = new TextEncoder().encode(JSON.stringify(header));
    const dataStart = align8(12 + json.byteLength);
    const out = new Uint8Array(dataStart + dataBytes + 4);
    const view = new DataView(out.buffer);
    out.set(MAGIC, 0);
    view.setUint32(4, VERSION, true);
    view.setUint32(8, json.byteLength, true);
    out.set(json, 12);
    for (const chunk of chunks) out.set(chunk.bytes, dataStart + chunk.offset);
    view.setUint32(out.byteLength - 4, crc32(out.subarray(0, out.byteLength - 4)), true);
    return out;
  }

  /**
   * Restores every tracked variable and optimizer from bytes made by `toBytes` (or a file
   * `write`/`save` made). Damaged bytes, another format version, or a structure that differs from
   * the tracked objects (a variable missing or extra, another shape or dtype, another optimizer
   * class or slot shapes) are errors that change nothing. Returns the checkpoint.
   */
  fromBytes(bytes: Uint8Array): this {
    const op = 'Checkpoint.fromBytes';
    if (!(bytes instanceof Uint8Array)) throw new Error(`${op}: expected a Uint8Array from checkpoint.toBytes(), got ${describe(bytes)}.`);
    const { header, data } = parse(bytes, op);
    const { variables, optimizers, generators } = collect(this.root);

    // The structure, checked whole before anything changes.
    const problems: string[] = [];
    const saved = new Map(header.variables.map((entry) => [entry.path, entry]));
    const live = new Map(variables);
    for (const [path, v] of variables) {
      const entry = saved.get(path);
      if (!entry) problems.push(`variable '${path}' is not in the checkpoint`);
      else if (entry.dtype !== v.dtype) problems.push(`variable '${path}' is ${v.dtype}, the checkpoint's is ${entry.dtype}`);
      else if (!sameShape(entry.shape, v.shape)) problems.push(`variable '${path}' has shape [${v.shape.join(', ')}], the checkpoint's [${entry.shape.join(', ')}]`);
    }
    for (const entry of header.variables) if (!live.has(entry.path)) problems.push(`the checkpoint's variable '${entry.path}' is not tracked here`);
    const savedOptimizers = new Map(header.optimizers.map((entry) => [entry.path, entry]));
    const liveOptimizers = new Map(optimizers);
    for (const [path, optimizer] of optimizers) {
      const entry = savedOptimizers.get(path);
      if (!entry) { problems.push(`optimizer '${path}' is not in the checkpoint`); continue; }
      if (entry.className !== optimizer.constructor.name) { problems.push(`optimizer '${path}' is a ${optimizer.constructor.name}, the checkpoint's a ${entry.className}`); continue; }
      for (const slot of entry.slots) {
        const v = live.get(slot.variable);
        if (!v) { problems.push(`optimizer '${path}' has slots for '${slot.variable}', which is not tracked here`); continue; }
        const shapes = optimizer._slotShapes(v);
        if (shapes.length !== slot.tensors.length || shapes.some((s, i) => !sameShape(s, slot.tensors[i]!.shape))) {
          problems.push(`optimizer '${path}''s slots for '${slot.variable}' differ from the checkpoint's (other options, such as useEma or gradientAccumulationSteps?)`);
        }
      }
    }
    for (const entry of header.optimizers) if (!liveOptimizers.has(entry.path)) problems.push(`the checkpoint's optimizer '${entry.path}' is not tracked here`);
    const savedGenerators = new Map((header.generators ?? []).map((entry) => [entry.path, entry.state]));
    const liveGenerators = new Set(generators.map(([path]) => path));
    for (const [path] of generators) if (!savedGenerators.has(path)) problems.push(`random generator '${path}' is not in the checkpoint`);
    for (const path of savedGenerators.keys()) if (!liveGenerators.has(path)) problems.push(`the checkpoint's random generator '${path}' is not tracked here`);
    if (problems.length > 0) {
      throw new Error(`${op}: the checkpoint does not match the tracked objects, so nothing was restored: ${problems.join('; ')}.`);
    }

    // Every value read before anything changes.
    const values = (entry: TensorEntry, dtype: DType): HostArray => {
      const Ctor = ARRAY_OF[dtype];
      const copy = data.slice(entry.offset, entry.offset + entry.byteLength);
      return new Ctor(copy.buffer, 0, entry.byteLength / Ctor.BYTES_PER_ELEMENT);
    };
    const variableValues = variables.map(([path, v]) => fromHost(values(saved.get(path)!, v.dtype), v.shape.slice(), v.dtype));
    for (const t of variableValues) handleOf(t, op); // uploaded now: no allocation is left for later
    const optimizerStates = optimizers.map(([path, optimizer]): [Optimizer, Omit<OptimizerCheckpoint, 'className'>] => {
      const entry = savedOptimizers.get(path)!;
      return [optimizer, {
        rawIterations: entry.rawIterations,
        extra: entry.extra,
        learningRate: entry.learningRate,
        variables: entry.slots.map((slot) => {
          const variable = live.get(slot.variable)!;
          return { variable, slots: slot.tensors.map((t) => ({ shape: t.shape, values: values(t, variable.dtype) })) };
        }),
      }];
    });
    const generatorStates = generators.map(([path]) => savedGenerators.get(path)!.map((word) => BigInt(word)));
    for (const [optimizer, state] of optimizerStates) optimizer._restoreCheckpoint(state);
    generators.forEach(([, g], i) => g.reset(generatorStates[i]!));
    variables.forEach(([, v], i) => v.assign(variableValues[i]!));
    this.saveCounter = header.saveCounter;
    return this;
  }

  /** Node: writes the checkpoint to exactly `path` (atomically: a temporary file beside it, fsync,
   * rename; parent folders are created). Returns the path. */
  write(path: string): string {
    writeFileAtomically(path, this.toBytes(), 'Checkpoint.write');
    return path;
  }

  /** Node: increments `saveCounter` and writes the checkpoint to `${prefix}-${saveCounter}` (as
   * TensorFlow numbers its saves). Returns that path. */
  save(prefix: string): string {
    this.saveCounter++;
    try {
      return this.write(`${prefix}-${this.saveCounter}`);
    } catch (e) {
      this.saveCounter--;
      throw e;
    }
  }

  /** Node: restores from a file `write` or `save` made (see fromBytes). Returns the checkpoint. */
  read(path: string): this {
    return this.fromBytes(readFileBytes(path, 'Checkpoint.read'));
  }

  /** Node: restores from a file `write` or `save` made (TensorFlow's name for `read`). */
  restore(path: string): this {
    return this.read(path);
  }
}

/** The tracked variables and optimizers with their paths; one object at one path only. */
function collect(root: Record<string, Trackable>): { variables: [string, Variable][]; optimizers: [string, Optimizer][]; generators: [string, Generator][] } {
  const variables: [string, Variable][] = [];
  const optimizers: [string, Optimizer][] = [];
  const generators: [string, Generator][] = [];
  const seen = new Map<object, string>();
  const openModules = new Set<Module>(); // a module holding its parent is walked once
  /** `shared`: reached through a module, where one object may be held twice (a layer in a list
   * and in an attribute): it is saved at the first path and skipped after. */
  const visit = (value: unknown, path: string, shared = false): void => {
    if (value instanceof Variable || value instanceof Optimizer || value instanceof Generator) {
      const earlier = seen.get(value);
      if (earlier !== undefined && shared) return;
      const kind = value instanceof Variable ? 'Variable' : value instanceof Optimizer ? 'optimizer' : 'random generator';
      if (earlier !== undefined) throw new Error(`Checkpoint: the same ${kind} is tracked at '${earlier}' and at '${path}'; track each object once.`);
      seen.set(value, path);
      if (value instanceof Variable) {
        if (value.isDisposed) throw new Error(`Checkpoint: the variable at '${path}' was disposed.`);
        variables.push([path, value]);
      } else if (value instanceof Optimizer) optimizers.push([path, value]);
      else generators.push([path, value]);
      return;
    }
    if (value instanceof Tensor) {
      throw new Error(`Checkpoint: '${path}' is a Tensor, which is a value, not state; track tf.Variable objects (new tf.Variable(t)).`);
    }
    if (value instanceof Module) {
      // TensorFlow tracks a module's trackable attributes by name and ignores the rest (flags,
      // sizes, functions): its variables, optimizers and modules, in arrays and plain objects.
      if (openModules.has(value)) return;
      openModules.add(value);
      for (const key of Object.keys(value).sort()) {
        const item = (value as unknown as Record<string, unknown>)[key];
        if (holdsState(item)) visit(item, path === '' ? key : `${path}/${key}`, true);
      }
      // Then the variables it keeps out of its attributes (a Keras layer's weights, a Sequential's
      // layers), numbered in the order `variables` lists them (Keras' weights order).
      value.variables.forEach((item, i) => visit(item, `${path}/${i}`, true));
      openModules.delete(value);
      return;
    }
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, `${path}/${i}`, shared));
    if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (key.includes('/')) throw new Error(`Checkpoint: the name '${key}' at '${path}' contains '/', which separates the names of a path.`);
        visit(item, path === '' ? key : `${path}/${key}`, shared);
      }
      return;
    }
    throw new Error(`Checkpoint: '${path}' is ${describe(value)}; a checkpoint tracks tf.Variable objects, optimizers, tf.random.Generator objects and tf.Module objects (layers and models), in arrays and plain objects.`);
  };
  visit(root, '');
  return { variables, optimizers, generators };
}

/** Whether a module's property holds checkpointed state: a variable, an optimizer, a module, or
 * an array or plain object with one of them inside. */
function holdsState(value: unknown, open = new Set<unknown>()): boolean {
  if (value instanceof Variable || value instanceof Optimizer || value instanceof Generator || value instanceof Module) return true;
  if (!Array.isArray(value) && !isPlainObject(value)) return false;
  if (open.has(value)) return false;
  open.add(value);
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return items.some((item) => holdsState(item, open));
}

/** The header and data of checkpoint bytes, with the magic, version, lengths and checksum checked. */
function parse(bytes: Uint8Array, op: string): { header: Header; data: Uint8Array } {
  const damaged = (why: string) => new Error(`${op}: not a usable gradtape checkpoint (${why}); nothing was restored.`);
  if (bytes.byteLength < 16 || MAGIC.some((b, i) => bytes[i] !== b)) throw damaged('it does not start with the checkpoint signature "GTCK"');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw damaged(`format version ${version}; this gradtape reads version ${VERSION}`);
  const stored = view.getUint32(bytes.byteLength - 4, true);
  if (stored !== crc32(bytes.subarray(0, bytes.byteLength - 4))) throw damaged('its checksum does not match: the file is truncated or corrupted');
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.byteLength - 4) throw damaged('its header runs past its end');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Header;
  } catch {
    throw damaged('its header is not valid JSON');
  }
  const dataStart = align8(12 + headerLength);
  if (dataStart + header.dataBytes + 4 !== bytes.byteLength) throw damaged('its length does not match its header');
  const data = bytes.subarray(dataStart, dataStart + header.dataBytes);
  const inData = (t: TensorEntry) => t.offset >= 0 && t.offset + t.byteLength <= header.dataBytes;
  const all = [...header.variables, ...header.optimizers.flatMap((o) => o.slots.flatMap((s) => s.tensors))];
  if (!all.every(inData)) throw damaged('a tensor lies outside its data');
  const stateWord = (w: unknown) => typeof w === 'string' && /^-?\d{1,20}$/.test(w);
  if (!(header.generators ?? []).every((g) => typeof g.path === 'string' && Array.isArray(g.state) && g.state.length === 3 && g.state.every(stateWord))) {
    throw damaged("a random generator's state is not three integers");
  }
  return { header, data };
}

/** @internal The variables a checkpoint's bytes hold (paths, dtypes, shapes, values) and its
 * save counter, the bytes checked as a restore checks them (tf.train.listVariables, loadVariable). */
export function checkpointVariables(bytes: Uint8Array, op: string): { saveCounter: number; variables: { path: string; dtype: DType; shape: number[]; values: () => HostArray }[] } {
  const { header, data } = parse(bytes, op);
  return {
    saveCounter: header.saveCounter,
    variables: header.variables.map((entry) => {
      if (!Object.hasOwn(ARRAY_OF, entry.dtype)) throw new Error(`${op}: not a usable gradtape checkpoint (variable '${entry.path}' has the unknown dtype ${describe(entry.dtype)}).`);
      return {
      path: entry.path,
      dtype: entry.dtype,
      shape: entry.shape.slice(),
      values: () => {
        const Ctor = ARRAY_OF[entry.dtype];
        const copy = data.slice(entry.offset, entry.offset + entry.byteLength);
        return new Ctor(copy.buffer, 0, entry.byteLength / Ctor.BYTES_PER_ELEMENT);
      },
      };
    }),
  };
}

/** @internal Node: writes `bytes` to exactly `path` atomically (a temporary file beside it, fsync,
 * rename; parent folders are created), so a crash leaves the old file or the new one, never half. */
export function writeFileAtomically(path: string, bytes: Uint8Array, op: string): void {
  const { fs, nodePath } = nodeModules(op, path);
  const directory = nodePath.dirname(path);
  fs.mkdirSync(directory, { recursive: true });
  const temporary = `${path}.tmp-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  try {
    const fd = fs.openSync(temporary, 'wx');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, path);
  } catch (e) {
    fs.rmSync(temporary, { force: true });
    throw e;
  }
  // The rename is durable once the folder is synced (not possible on every platform).
  try {
    const fd = fs.openSync(directory, 'r');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch { /* Windows cannot open folders; the file itself is synced */ }
}

/** @internal Node: the bytes of the file at `path`. */
export function readFileBytes(path: string, op: string): Uint8Array {
  const { fs } = nodeModules(op, path);
  return new Uint8Array(fs.readFileSync(path));
}

/** @internal Node: whether a file exists at `path`. */
export function fileExists(path: string, op: string): boolean {
  return nodeModules(op, path).fs.existsSync(path);
}

/** @internal Node's fs and path modules, or an error saying where checkpoints can be written instead. */
export function nodeModules(op: string, path: unknown): { fs: typeof import('node:fs'); nodePath: typeof import('node:path') } {
  if (typeof path !== 'string' || path === '') throw new Error(`${op}: expected a file path, got ${describe(path)}.`);
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') {
    throw new Error(`${op}: files need Node (20.16 or later); in browsers and workers use the bytes instead (checkpoint.toBytes() and checkpoint.fromBytes(bytes); model.toBytes() and tf.keras.models.fromBytes(bytes); model.weightsToBytes() and model.weightsFromBytes(bytes)) and store them yourself.`);
  }
  return { fs: get('node:fs') as typeof import('node:fs'), nodePath: get('node:path') as typeof import('node:path') };
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
/** @internal `n` rounded up to a multiple of 8. */
export const align8 = (n: number) => (n + 7) & ~7;

// The class under a distinct name, for the type namespace in index.ts (see optimizers.ts): the
// .d.ts bundler would otherwise write `type Checkpoint = Checkpoint` inside `namespace train`.
export type CheckpointClass = Checkpoint;
