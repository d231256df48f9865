// tf.train.CheckpointManager, latest_checkpoint, list_variables and load_variable
// (tensorflow/python/checkpoint/checkpoint_management.py, training/py_checkpoint_reader.py), over
// gradtape's tf.train.Checkpoint files. A directory's checkpoints are listed in its `checkpoint`
// file, TensorFlow's CheckpointState text proto:
//
//   model_checkpoint_path: "ckpt-3"
//   all_model_checkpoint_paths: "ckpt-2"
//   all_model_checkpoint_paths: "ckpt-3"
//   all_model_checkpoint_timestamps: 1796212217.596866
//   all_model_checkpoint_timestamps: 1796212217.6107013
//   last_preserved_timestamp: 1796212216.485713
//
// written with paths relative to the directory, as TensorFlow's manager writes it, and read with
// relative or absolute paths, so a state file of either program is read by the other. Every
// function here needs files: Node only (elsewhere the error Checkpoint's file methods give).

import { type Checkpoint, checkpointVariables, fileExists, nodeModules, readFileBytes, writeFileAtomically } from './checkpoint';
import { checkOptions, describe } from './describe';
import { NotFoundError, tfError } from './errors';
import { Tensor, fromHost } from './tensor';

/** TensorFlow's CheckpointState proto (checkpoint_state.proto), with its paths joined to the directory. */
interface CheckpointState {
  modelCheckpointPath: string;
  allModelCheckpointPaths: string[];
  allModelCheckpointTimestamps: number[];
  lastPreservedTimestamp: number;
}


/** Python's os.path.join of two parts (POSIX): the second alone when absolute, no normalization. */
function joinPath(directory: string, name: string, op: string): string {
  const { nodePath } = nodeModules(op, directory);
  if (nodePath.isAbsolute(name)) return name;
  return directory === '' || directory.endsWith(nodePath.sep) || directory.endsWith('/') ? directory + name : `${directory}${nodePath.sep}${name}`;
}

/** A string as protobuf's text format writes it: C escapes, bytes outside printable ASCII in octal. */
function protoString(text: string): string {
  let out = '"';
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '"' || c === "'" || c === '\\') out += `\\${c}`;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

/** A quoted text-format string's value (C escapes undone, then UTF-8 decoded). */
function unquote(quoted: string): string {
  const bytes: number[] = [];
  const body = quoted.slice(1, -1);
  const simple: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, f: 12, v: 11, '"': 34, "'": 39, '\\': 92, '?': 63 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...new TextEncoder().encode(c));
      continue;
    }
    const next = body[++i] ?? '';
    if (Object.hasOwn(simple, next)) bytes.push(simple[next]!);
    else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      bytes.push(parseInt(digits, 8) & 0xff);
      i += digits.length - 1;
    } else if (next === 'x') {
      const digits = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1))?.[0] ?? '0';
      bytes.push(parseInt(digits, 16));
      i += digits.length;
    } else bytes.push(...new TextEncoder().encode(next));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The fields of a CheckpointState text proto, or null where the text is not one. */
function parseState(text: string): Omit<CheckpointState, 'modelCheckpointPath'> & { modelCheckpointPath: string | null } | null {
  const state = { modelCheckpointPath: null as string | null, allModelCheckpointPaths: [] as string[], allModelCheckpointTimestamps: [] as number[], lastPreservedTimestamp: 0 };
  const field = /\s*(\w+)\s*:\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s"']+)\s*/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    field.lastIndex = at;
    const m = field.exec(text);
    if (m === null) return null;
    at = field.lastIndex;
    const [, name, raw] = m as unknown as [string, string, string];
    const isString = raw.startsWith('"') || raw.startsWith("'");
    const number = Number(raw);
    if (name === 'model_checkpoint_path' && isString) state.modelCheckpointPath = unquote(raw);
    else if (name === 'all_model_checkpoint_paths' && isString) state.allModelCheckpointPaths.push(unquote(raw));
    else if (name === 'all_model_checkpoint_timestamps' && !isString && Number.isFinite(number)) state.allModelCheckpointTimestamps.push(number);
    else if (name === 'last_preserved_timestamp' && !isString && Number.isFinite(number)) state.lastPreservedTimestamp = number;
    else return null;
  }
  return state;
}

/** TensorFlow's get_checkpoint_state(checkpoint_dir, latest_filename): the directory's state file,
 * its relative paths joined to the directory; null when there is none. A file that is not a
 * CheckpointState is an error, as TensorFlow's text_format.Merge raises one. */
function readState(directory: string, latestFilename: string, op: string): CheckpointState | null {
  const statePath = joinPath(directory, latestFilename, op);
  if (!fileExists(statePath, op)) return null;
  const text = new TextDecoder().decode(readFileBytes(statePath, op));
  const state = parseState(text);
  if (state === null) throw new Error(`${op}: '${statePath}' is not a CheckpointState text proto (model_checkpoint_path: "...", all_model_checkpoint_paths: "...", ...).`);
  if (state.modelCheckpointPath === null) throw new Error(`${op}: Invalid checkpoint state loaded from ${directory}: no model_checkpoint_path.`);
  return {
    modelCheckpointPath: joinPath(directory, state.modelCheckpointPath, op),
    allModelCheckpointPaths: state.allModelCheckpointPaths.map((p) => joinPath(directory, p, op)),
    allModelCheckpointTimestamps: state.allModelCheckpointTimestamps,
    lastPreservedTimestamp: state.lastPreservedTimestamp,
  };
}

/** Writes the state file as TensorFlow's manager does (save_relative_paths=True): the paths in the
 * directory relative to it. */
function writeState(directory: string, state: CheckpointState, op: string): void {
  const { nodePath } = nodeModules(op, directory);
  const relative = (p: string) => {
    const prefix = directory.endsWith('/') || directory.endsWith(nodePath.sep) ? directory : `${directory}${nodePath.sep}`;
    return p.startsWith(prefix) ? p.slice(prefix.length) : p;
  };
  const lines = [`model_checkpoint_path: ${protoString(relative(state.modelCheckpointPath))}`];
  for (const p of state.allModelCheckpointPaths) lines.push(`all_model_checkpoint_paths: ${protoString(relative(p))}`);
  for (const t of state.allModelCheckpointTimestamps) lines.push(`all_model_checkpoint_timestamps: ${t}`);
  lines.push(`last_preserved_timestamp: ${state.lastPreservedTimestamp}`);
  writeFileAtomically(joinPath(directory, 'checkpoint', op), new TextEncoder().encode(`${lines.join('\n')}\n`), op);
}

/** Whether a checkpoint exists at `prefix`: gradtape's file, or TensorFlow's (its `.index` file). */
function checkpointExists(prefix: string, op: string): boolean {
  return fileExists(prefix, op) || fileExists(`${prefix}.index`, op);
}

/**
 * tf.train.latest_checkpoint(checkpoint_dir, latest_filename='checkpoint') (Node): the path of the
 * newest checkpoint the directory's `checkpoint` state file names (CheckpointManager writes it;
 * TensorFlow's own state files are read too), or null when there is no state file or the
 * checkpoint it names is gone.
 *
 * @example
 * ```ts
 * const dir = `${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-latest-${Date.now()}`;
 * const manager = new tf.train.CheckpointManager(new tf.train.Checkpoint({ w: new tf.Variable([1, 2]) }), dir, 3);
 * manager.save();
 * console.log(tf.train.latestCheckpoint(dir) === manager.latestCheckpoint, tf.train.latestCheckpoint(`${dir}/none`)); // true null
 * ```
 */
export function latestCheckpoint(checkpointDir: string, latestFilename = 'checkpoint'): string | null {
  const op = 'train.latestCheckpoint';
  nodeModules(op, checkpointDir);
  if (typeof latestFilename !== 'string' || latestFilename === '') throw new Error(`${op}: latestFilename must be a file name, got ${describe(latestFilename)}.`);
  const state = readState(checkpointDir, latestFilename, op);
  if (state === null || state.modelCheckpointPath === '') return null;
  return checkpointExists(state.modelCheckpointPath, op) ? state.modelCheckpointPath : null;
}

/** TensorFlow's _get_checkpoint_filename: a directory means its latest checkpoint. */
function checkpointFile(ckptDirOrFile: string, op: string): string {
  const { fs } = nodeModules(op, ckptDirOrFile);
  if (fs.existsSync(ckptDirOrFile) && fs.statSync(ckptDirOrFile).isDirectory()) {
    const latest = latestCheckpoint(ckptDirOrFile);
    if (latest === null) throw new Error(`${op}: Couldn't find 'checkpoint' file or checkpoints in given directory ${ckptDirOrFile}`);
    return latest;
  }
  if (!fs.existsSync(ckptDirOrFile)) {
    if (fs.existsSync(`${ckptDirOrFile}.index`)) {
      throw new Error(`${op}: '${ckptDirOrFile}' is a TensorFlow checkpoint (.index and .data files), which gradtape does not read; gradtape reads the checkpoints tf.train.Checkpoint writes.`);
    }
    throw tfError(NotFoundError, `${op}: Unsuccessful TensorSliceReader constructor: Failed to find any matching files for ${ckptDirOrFile}`);
  }
  return ckptDirOrFile;
}

/** TensorFlow's key of a variable saved at `path` (an object-graph checkpoint's attribute name). */
const keyOf = (path: string) => `${path}/.ATTRIBUTES/VARIABLE_VALUE`;
const SAVE_COUNTER = 'save_counter';

/**
 * tf.train.list_variables(ckpt_dir_or_file) (Node): `[name, shape]` of every variable in a
 * checkpoint file that tf.train.Checkpoint wrote (a directory means its latest checkpoint), sorted
 * by name. Names are TensorFlow's keys of an object-graph checkpoint, the tracked path and
 * '/.ATTRIBUTES/VARIABLE_VALUE' ('w/.ATTRIBUTES/VARIABLE_VALUE', 'save_counter/...'); a Keras
 * model's weights are under gradtape's paths (its layers' attribute names), which may differ from
 * TensorFlow's. Optimizer slots and counters are not listed.
 *
 * @example
 * ```ts
 * const dir = `${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-list-${Date.now()}`;
 * new tf.train.Checkpoint({ w: new tf.Variable([[1, 2, 3]]) }).save(`${dir}/ckpt`);
 * const listed = tf.train.listVariables(`${dir}/ckpt-1`);
 * console.log(listed.map(([name, shape]) => `${name} [${shape}]`).join(', ')); // save_counter/.ATTRIBUTES/VARIABLE_VALUE [], w/.ATTRIBUTES/VARIABLE_VALUE [1,3]
 * ```
 */
export function listVariables(ckptDirOrFile: string): [string, number[]][] {
  const op = 'train.listVariables';
  const file = checkpointFile(ckptDirOrFile, op);
  const { variables } = checkpointVariables(readFileBytes(file, op), op);
  const out: [string, number[]][] = [[keyOf(SAVE_COUNTER), []], ...variables.map((v): [string, number[]] => [keyOf(v.path), v.shape])];
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * tf.train.load_variable(ckpt_dir_or_file, name) (Node): the saved value of one variable of a
 * checkpoint file (a directory means its latest checkpoint), as a tensor of its dtype; `name` is
 * a listVariables name or the tracked path alone ('w' for 'w/.ATTRIBUTES/VARIABLE_VALUE');
 * 'save_counter' is the checkpoint's save count (int32). A name not in it is TensorFlow's
 * NotFoundError.
 *
 * @example
 * ```ts
 * const dir = `${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-load-${Date.now()}`;
 * new tf.train.Checkpoint({ w: new tf.Variable([1, 2, 3]) }).save(`${dir}/ckpt`);
 * console.log(tf.train.loadVariable(`${dir}/ckpt-1`, 'w/.ATTRIBUTES/VARIABLE_VALUE').arraySync()); // [ 1, 2, 3 ]
 * ```
 */
export function loadVariable(ckptDirOrFile: string, name: string): Tensor {
  const op = 'train.loadVariable';
  if (typeof name !== 'string') throw new Error(`${op}: name must be a string, got ${describe(name)}.`);
  const file = checkpointFile(ckptDirOrFile, op);
  const { saveCounter, variables } = checkpointVariables(readFileBytes(file, op), op);
  // TensorFlow's load_variable strips a trailing ':0' from the name.
  const wanted = name.endsWith(':0') ? name.slice(0, -2) : name;
  if (wanted === SAVE_COUNTER || wanted === keyOf(SAVE_COUNTER)) return fromHost(new Int32Array([saveCounter]), [], 'int32');
  const entry = variables.find((v) => v.path === wanted || keyOf(v.path) === wanted);
  if (entry === undefined) throw tfError(NotFoundError, `${op}: Key ${name} not found in checkpoint`);
  return fromHost(entry.values(), entry.shape, entry.dtype);
}

/** Options of `new tf.train.CheckpointManager(checkpoint, directory, maxToKeep, options)`. */
export interface CheckpointManagerOptions {
  /** Keep one checkpoint every this many hours besides the last `maxToKeep` (default null: none). */
  keepCheckpointEveryNHours?: number | null;
  /** The files' name before '-N' (default 'ckpt'). */
  checkpointName?: string;
  /** The training step (an integer variable or tensor), read by `save` when `checkpointInterval` is set. */
  stepCounter?: Tensor | null;
  /** Save only when the step has advanced this many steps since the last save (needs `stepCounter`). */
  checkpointInterval?: number | null;
  /** Called by `restoreOrInitialize` when there is no checkpoint to restore. */
  initFn?: (() => void) | null;
  /** The step of the last save, for `checkpointInterval` (default null: none yet). */
  lastCheckpointStep?: number | null;
}

/** An integer from a number or an integer scalar tensor (a step counter, a global step). */
function integerOf(value: unknown, what: string, op: string): number {
  const n = value instanceof Tensor ? (value.dtype === 'int32' || Number.isInteger(value.item()) ? value.item() : NaN) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new Error(`${op}: ${what} must be an integer or an integer scalar tensor, got ${describe(value)}.`);
  return n;
}

/**
 * TensorFlow's `tf.train.CheckpointManager(checkpoint, directory, max_to_keep,
 * keep_checkpoint_every_n_hours, checkpoint_name, step_counter, checkpoint_interval, init_fn)`
 * (Node): saves `checkpoint` to `directory/checkpointName-N`, keeps the last `maxToKeep` (null:
 * all; older ones are deleted, except one every `keepCheckpointEveryNHours`), and records them in
 * the directory's `checkpoint` state file in TensorFlow's format, so that a new manager (or
 * tf.train.latestCheckpoint) finds them after a restart.
 *
 * @example
 * ```ts
 * const dir = `${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-manager-${Date.now()}`;
 * const w = new tf.Variable([1, 2]);
 * const manager = new tf.train.CheckpointManager(new tf.train.Checkpoint({ w }), dir, 2);
 * manager.save(); manager.save(); manager.save();
 * console.log(manager.checkpoints.map((p) => p.slice(dir.length + 1))); // [ 'ckpt-2', 'ckpt-3' ]
 * w.assign([0, 0]);
 * const again = new tf.train.CheckpointManager(new tf.train.Checkpoint({ w }), dir, 2);
 * console.log(again.restoreOrInitialize() === manager.latestCheckpoint, w.arraySync()); // true [ 1, 2 ]
 * ```
 */
export class CheckpointManager {
  /** The checkpoint it saves and restores. */
  readonly checkpoint: Checkpoint;
  /** The directory of the checkpoints and of the `checkpoint` state file. */
  readonly directory: string;
  /** The step interval between saves, or null (every save writes). */
  readonly checkpointInterval: number | null;
  private readonly maxToKeep: number | null;
  private readonly keepEveryNHours: number | null;
  private readonly prefix: string;
  private readonly stepCounter: Tensor | null;
  private readonly initFn: (() => void) | null;
  private lastCheckpointStep: number | null;
  private latest: string | null;
  private lastPreservedTimestamp: number;
  /** The checkpoints that may be deleted, oldest first, with their save times (TensorFlow's _maybe_delete). */
  private readonly maybeDelete = new Map<string, number>();

  /** A manager of `checkpoint`'s saves in `directory`; reads the directory's state file if there is one. */
  constructor(checkpoint: Checkpoint, directory: string, maxToKeep: number | null, options: CheckpointManagerOptions = {}) {
    const op = 'train.CheckpointManager';
    const o = checkOptions(options, op, ['keepCheckpointEveryNHours', 'checkpointName', 'stepCounter', 'checkpointInterval', 'initFn', 'lastCheckpointStep'], '{checkpointName: \'ckpt\'}') as CheckpointManagerOptions;
    if (checkpoint === null || typeof checkpoint !== 'object' || typeof (checkpoint as Checkpoint).write !== 'function' || typeof (checkpoint as Checkpoint).restore !== 'function') {
      throw new Error(`${op}: expected a tf.train.Checkpoint, got ${describe(checkpoint)}.`);
    }
    nodeModules(op, directory);
    if (maxToKeep !== null && maxToKeep !== undefined) {
      if (!Number.isInteger(maxToKeep)) throw new Error(`${op}: maxToKeep must be a positive integer or null, got ${describe(maxToKeep)}.`);
      if (maxToKeep <= 0) throw new Error(`${op}: Expected a positive integer or \`None\` for \`max_to_keep\`, got ${maxToKeep}.`);
    }
    const hours = o.keepCheckpointEveryNHours ?? null;
    if (hours !== null && (typeof hours !== 'number' || !(hours > 0))) throw new Error(`${op}: keepCheckpointEveryNHours must be a positive number or null, got ${describe(hours)}.`);
    const name = o.checkpointName ?? 'ckpt';
    if (typeof name !== 'string' || name === '') throw new Error(`${op}: checkpointName must be a non-empty string, got ${describe(name)}.`);
    const interval = o.checkpointInterval ?? null;
    if (interval !== null && (!Number.isInteger(interval) || interval <= 0)) throw new Error(`${op}: checkpointInterval must be a positive integer or null, got ${describe(interval)}.`);
    if (interval !== null && (o.stepCounter === undefined || o.stepCounter === null)) throw new Error(`${op}: \`step_counter\` should be passed if \`checkpoint_interval\` is not None (stepCounter).`);
    if (o.stepCounter !== undefined && o.stepCounter !== null && !(o.stepCounter instanceof Tensor)) throw new Error(`${op}: stepCounter must be an integer variable or tensor, got ${describe(o.stepCounter)}.`);
    if (o.initFn !== undefined && o.initFn !== null && typeof o.initFn !== 'function') throw new Error(`${op}: initFn must be a function, got ${describe(o.initFn)}.`);
    this.checkpoint = checkpoint;
    this.directory = directory;
    this.maxToKeep = maxToKeep ?? null;
    this.keepEveryNHours = hours;
    this.prefix = joinPath(directory, name, op);
    this.checkpointInterval = interval;
    this.stepCounter = o.stepCounter ?? null;
    this.initFn = o.initFn ?? null;
    this.lastCheckpointStep = o.lastCheckpointStep === undefined || o.lastCheckpointStep === null ? null : integerOf(o.lastCheckpointStep, 'lastCheckpointStep', op);

    // The checkpoints of an earlier run: those saved after the last preserved one may be deleted.
    const recovered = readState(directory, 'checkpoint', op);
    const now = Date.now() / 1000;
    if (recovered === null) {
      this.latest = null;
      this.lastPreservedTimestamp = now - 1;
    } else {
      this.latest = recovered.modelCheckpointPath;
      this.lastPreservedTimestamp = Math.min(recovered.lastPreservedTimestamp, now);
      const paths = recovered.allModelCheckpointPaths;
      const timestamps = recovered.allModelCheckpointTimestamps.length > 0 ? recovered.allModelCheckpointTimestamps : paths.map(() => this.lastPreservedTimestamp);
      paths.forEach((path, i) => {
        const timestamp = Math.min(timestamps[i] ?? this.lastPreservedTimestamp, now);
        if (timestamp > this.lastPreservedTimestamp) this.maybeDelete.set(path, timestamp);
      });
    }
  }

  /** The path of the newest checkpoint (this manager's last save, or the state file's), or null. */
  get latestCheckpoint(): string | null {
    return this.latest;
  }

  /** The checkpoints kept and not yet preserved for good, oldest first (TensorFlow's `checkpoints`). */
  get checkpoints(): string[] {
    return [...this.maybeDelete.keys()];
  }

  /**
   * Saves the checkpoint to `prefix-N` and updates the state file, deleting checkpoints beyond
   * `maxToKeep`. N is `checkpointNumber` (a number or an integer variable, such as a global step)
   * or else the checkpoint's save counter, incremented first. With `checkpointInterval`, nothing is
   * saved (null is returned) while the step counter has not moved `checkpointInterval` steps
   * since the last save (or has not moved at all, with `checkInterval` false). Returns the path.
   */
  save(checkpointNumber: number | Tensor | null = null, checkInterval = true): string | null {
    const op = 'train.CheckpointManager.save';
    if (typeof checkInterval !== 'boolean') throw new Error(`${op}: checkInterval must be true or false, got ${describe(checkInterval)}.`);
    const number = checkpointNumber === null || checkpointNumber === undefined ? null : integerOf(checkpointNumber, 'checkpointNumber', op);
    if (this.checkpointInterval !== null) {
      const step = integerOf(this.stepCounter, 'the step counter', op);
      if (this.lastCheckpointStep !== null) {
        if (step === this.lastCheckpointStep) return null;
        if (checkInterval && step < this.lastCheckpointStep + this.checkpointInterval) return null;
      }
      this.lastCheckpointStep = step;
    }
    this.checkpoint.saveCounter++;
    const path = `${this.prefix}-${number ?? this.checkpoint.saveCounter}`;
    try {
      this.checkpoint.write(path);
    } catch (e) {
      this.checkpoint.saveCounter--; // nothing was saved (as Checkpoint.save undoes its count)
      throw e;
    }
    // TensorFlow's _record_and_sweep_state, once the file is written.
    this.maybeDelete.delete(path);
    this.maybeDelete.set(path, Date.now() / 1000);
    this.latest = path;
    this.recordState(op);
    this.sweep(op);
    this.recordState(op);
    return path;
  }

  /** Restores the latest checkpoint and returns its path; with none, calls `initFn` (if given) and returns null. */
  restoreOrInitialize(): string | null {
    if (this.latest !== null) {
      this.checkpoint.restore(this.latest);
      if (this.checkpointInterval !== null) this.lastCheckpointStep = integerOf(this.stepCounter, 'the step counter', 'train.CheckpointManager.restoreOrInitialize');
      return this.latest;
    }
    this.initFn?.();
    return null;
  }

  /** TensorFlow's _sweep: the oldest checkpoints beyond maxToKeep deleted, one every
   * keepCheckpointEveryNHours preserved instead. */
  private sweep(op: string): void {
    if (this.maxToKeep === null) return;
    const { fs, nodePath } = nodeModules(op, this.directory);
    while (this.maybeDelete.size > this.maxToKeep) {
      const [path, timestamp] = this.maybeDelete.entries().next().value as [string, number];
      this.maybeDelete.delete(path);
      if (this.keepEveryNHours !== null && timestamp - this.keepEveryNHours * 3600 >= this.lastPreservedTimestamp) {
        this.lastPreservedTimestamp = timestamp;
        continue;
      }
      // gradtape's file, and TensorFlow's .index and .data-?????-of-????? files, as its manager deletes them.
      fs.rmSync(path, { force: true });
      fs.rmSync(`${path}.index`, { force: true });
      const base = nodePath.basename(path);
      const folder = nodePath.dirname(path);
      if (fs.existsSync(folder)) {
        for (const file of fs.readdirSync(folder)) {
          if (file.startsWith(`${base}.data-`) && /^\.data-\d{5}-of-\d{5}$/.test(file.slice(base.length))) fs.rmSync(nodePath.join(folder, file), { force: true });
        }
      }
    }
  }

  private recordState(op: string): void {
    writeState(this.directory, {
      modelCheckpointPath: this.latest!,
      allModelCheckpointPaths: [...this.maybeDelete.keys()],
      allModelCheckpointTimestamps: [...this.maybeDelete.values()],
      lastPreservedTimestamp: this.lastPreservedTimestamp,
    }, op);
  }
}

// The class under a distinct name, for the type namespace in index.ts (see checkpoint.ts).
export type CheckpointManagerClass = CheckpointManager;
