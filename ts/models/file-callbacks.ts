// The keras.callbacks that write files (Node): ModelCheckpoint saves the model or its weights at
// each epoch (or every N batches), optionally only when the monitored value improves; CSVLogger
// appends each epoch's logs to a CSV file; BackupAndRestore backs up the training state and
// resumes an interrupted fit from it.

import { fileExists, nodeModules } from '../checkpoint';
import { checkBoolean, describe, type PositionalThenOptions } from '../describe';
import { readHdf5 } from '../io/hdf5';
import { Callback, MonitorCallback, type MonitorMode, callbackArguments } from './callbacks';
import type { Logs } from './history';
import { type FormatValue, pythonFloatRepr, pythonFormat } from './python-format';

/** Options of `new tf.keras.callbacks.ModelCheckpoint(filepath, options)`. */
export interface ModelCheckpointOptions {
  /** The log entry watched by `saveBestOnly` (default 'val_loss'). */
  monitor?: string;
  /** 1 prints each save (default 0, silent). */
  verbose?: number;
  /** Save only when `monitor` improves on the best so far (default false). */
  saveBestOnly?: boolean;
  /** Save the weights only (`model.saveWeights`; the path must end in '.weights.h5', Keras', or
   * '.gtweights') instead of the whole model (`model.save`; '.keras', Keras', or '.gtkeras').
   * Default false. */
  saveWeightsOnly?: boolean;
  /** 'min', 'max', or 'auto' (default): the direction of improvement. */
  mode?: MonitorMode;
  /** 'epoch' (default): after each epoch; a number N: every N batches. */
  saveFreq?: 'epoch' | number;
  /** The value `monitor` must improve on for the first save with `saveBestOnly` (default none). */
  initialValueThreshold?: number | null;
}

/** Keras 3's positional arguments of ModelCheckpoint after its required ones, in its order. */
type ModelCheckpointPositional = [
  monitor?: string, verbose?: number, saveBestOnly?: boolean, saveWeightsOnly?: boolean, mode?: MonitorMode, saveFreq?: 'epoch' | number,
  initialValueThreshold?: number | null,
];

/**
 * keras.callbacks.ModelCheckpoint: saves the model (or its weights) to `filepath` after each epoch
 * or every `saveFreq` batches; `filepath` may hold Python format fields filled from the epoch
 * (from 1), the batch and the logs, e.g. 'ckpt/{epoch:02d}-{val_loss:.2f}.weights.h5'. Node only.
 * Whole models go to Keras 3's '.keras' archives (which Python's `keras.saving.load_model` loads;
 * only models of Keras' own layers) or gradtape's '.gtkeras' files; weights to Keras 3's
 * '.weights.h5' or gradtape's '.gtweights'.
 *
 * @example
 * ```ts
 * const dir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const checkpoint = new tf.keras.callbacks.ModelCheckpoint(`${dir}/w{epoch:02d}.weights.h5`, { saveWeightsOnly: true });
 * model.fit([[1], [2]], [[2], [4]], { epochs: 2, callbacks: [checkpoint] });
 * console.log(process.getBuiltinModule('node:fs').readdirSync(dir)); // [ 'w01.weights.h5', 'w02.weights.h5' ]
 * ```
 */
export class ModelCheckpoint extends MonitorCallback {
  /** The path, with Python format fields (`{epoch:02d}`, `{val_loss:.2f}`). */
  readonly filepath: string;
  /** 1 prints each save. */
  readonly verbose: number;
  /** Whether only improvements are saved. */
  readonly saveBestOnly: boolean;
  /** Whether the weights only are saved. */
  readonly saveWeightsOnly: boolean;
  /** 'epoch', or every N batches. */
  readonly saveFreq: 'epoch' | number;
  private batchesSinceSave = 0;
  private lastBatch: number | null = null;
  private currentEpoch = 0;

  /** Keras 3's positional form, `ModelCheckpoint(filepath, monitor='val_loss', verbose=0,
   * save_best_only=False, save_weights_only=False, mode='auto', save_freq='epoch',
   * initial_value_threshold=None)`: `new ModelCheckpoint('best.weights.h5', 'val_loss', 0, true, true)`. */
  constructor(filepath: string, ...positional: ModelCheckpointPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(filepath: string, ...positionalThenOptions: PositionalThenOptions<ModelCheckpointPositional, ModelCheckpointOptions>);
  constructor(filepath: string, options?: ModelCheckpointOptions);
  constructor(filepath: string, ...args: unknown[]) {
    const op = 'ModelCheckpoint';
    const names = ['monitor', 'verbose', 'saveBestOnly', 'saveWeightsOnly', 'mode', 'saveFreq', 'initialValueThreshold'];
    const o = callbackArguments<ModelCheckpointOptions>(op, args, names, ['initialValueThreshold'], "{saveBestOnly: true, monitor: 'val_loss'}");
    super(op, o.monitor ?? 'val_loss', o.mode, o.initialValueThreshold ?? null, 0);
    if (typeof filepath !== 'string' || filepath === '') throw new Error(`${op}: filepath must be a file path, got ${describe(filepath)}.`);
    this.filepath = filepath;
    this.verbose = o.verbose ?? 0;
    this.saveBestOnly = checkBoolean(o.saveBestOnly, op, 'saveBestOnly', false);
    this.saveWeightsOnly = checkBoolean(o.saveWeightsOnly, op, 'saveWeightsOnly', false);
    const freq = o.saveFreq ?? 'epoch';
    if (freq !== 'epoch' && !(Number.isInteger(freq) && (freq as number) > 0)) {
      throw new Error(`${op}: Unrecognized save_freq: ${describe(freq)}. Expected saveFreq are 'epoch' or integer values`);
    }
    this.saveFreq = freq;
    // Saving by epoch looks at no batch: without a batch hook of its own, fit reads no results back after each batch.
    if (freq === 'epoch') Object.defineProperty(this, 'onTrainBatchEnd', { value: Callback.prototype.onTrainBatchEnd });
    if (this.saveWeightsOnly) {
      if (!/\.(weights\.h5|gtweights)$/.test(filepath)) {
        throw new Error(`${op}: When using \`saveWeightsOnly: true\` in \`ModelCheckpoint\`, the filepath provided must end in \`.weights.h5\` (Keras weights format) or '.gtweights'. Received: filepath=${filepath}`);
      }
    } else if (!/\.(keras|gtkeras)$/.test(filepath)) {
      throw new Error(`${op}: The filepath provided must end in \`.keras\` (Keras model format) or '.gtkeras' (gradtape's). Received: filepath=${filepath}`);
    }
  }

  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    if (this.shouldSaveOnBatch(batch)) this.save(this.currentEpoch, batch, logs);
  }

  override onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.setDirection();
    if (this.saveFreq === 'epoch') this.save(epoch, null, logs);
  }

  /** Keras' `_should_save_on_batch`: counts the batches seen since the last save. */
  private shouldSaveOnBatch(batch: number): boolean {
    if (this.saveFreq === 'epoch') return false;
    this.batchesSinceSave += this.lastBatch === null || batch <= this.lastBatch ? batch + 1 : batch - this.lastBatch;
    this.lastBatch = batch;
    if (this.batchesSinceSave < this.saveFreq) return false;
    this.batchesSinceSave = 0;
    return true;
  }

  private save(epoch: number, batch: number | null, logs: Logs): void {
    const filepath = this.pathFor(epoch, batch, logs);
    if (!this.shouldSave(epoch, logs, filepath)) return;
    const { fs } = nodeModules('ModelCheckpoint', filepath);
    if (fileExists(filepath, 'ModelCheckpoint') && fs.statSync(filepath).isDirectory()) {
      throw new Error(`ModelCheckpoint: Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing directory: ${filepath}`);
    }
    if (this.saveWeightsOnly) this.model.saveWeights(filepath, { overwrite: true });
    else this.model.save(filepath, { overwrite: true });
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: finished saving model to ${filepath}`);
  }

  /** Keras' `_should_save_model`. */
  private shouldSave(epoch: number, logs: Logs, filepath: string): boolean {
    if (!this.saveBestOnly) {
      if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: saving model to ${filepath}`);
      return true;
    }
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`Can save best model only with ${this.monitor} available.`);
      return true;
    }
    this.setDirection();
    const bestText = this.best === null ? 'None' : this.best.toFixed(5);
    if (this.isImprovement(current, this.best)) {
      if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${bestText} to ${current.toFixed(5)}, saving model to ${filepath}`);
      this.best = current;
      return true;
    }
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${bestText}`);
    return false;
  }

  /** The file path for this save: `filepath` formatted with the epoch (from 1), the batch (from 1) and the logs. */
  private pathFor(epoch: number, batch: number | null, logs: Logs): string {
    const values = new Map<string, FormatValue>(Object.entries(logs).map(([k, v]) => [k, { value: v, isInt: false }]));
    values.set('epoch', { value: epoch + 1, isInt: true });
    if (batch !== null && !('batch' in logs)) values.set('batch', { value: batch + 1, isInt: true });
    try {
      return pythonFormat(this.filepath, values);
    } catch (e) {
      throw new Error(`ModelCheckpoint: Failed to format this callback filepath: "${this.filepath}". Reason: ${(e as Error).message.replace(/^KeyError: /, '')}`);
    }
  }
}

/** Options of `new tf.keras.callbacks.CSVLogger(filename, options)`. */
export interface CSVLoggerOptions {
  /** The column separator (default ','). */
  separator?: string;
  /** Append to an existing file instead of overwriting it (default false). */
  append?: boolean;
}

/** Keras 3's positional arguments of CSVLogger after its required ones, in its order. */
type CSVLoggerPositional = [
  separator?: string, append?: boolean,
];

/**
 * keras.callbacks.CSVLogger: writes each epoch's logs as a CSV row (columns 'epoch', then the log
 * names sorted; with no validation logs, the 'val_' columns are added, holding 'NA'), as Keras'
 * (Python's csv module, excel dialect: rows end in CRLF; floats as Python prints them). Node only.
 *
 * @example
 * ```ts
 * const file = `${process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`)}/log.csv`;
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1, { kernelInitializer: 'zeros' })]);
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * model.fit([[1]], [[2]], { epochs: 2, callbacks: [new tf.keras.callbacks.CSVLogger(file)] });
 * console.log(JSON.stringify(process.getBuiltinModule('node:fs').readFileSync(file, 'utf8'))); // "epoch,loss,val_loss\r\n0,4.0,NA\r\n1,3.6863999366760254,NA\r\n"
 * ```
 */
export class CSVLogger extends Callback {
  /** The CSV file. */
  readonly filename: string;
  /** The column separator. */
  readonly separator: string;
  /** Whether rows are appended to an existing file. */
  readonly append: boolean;
  private keys: string[] | null = null;
  private writeHeader = true;

  /** Keras 3's positional form, `CSVLogger(filename, separator=',', append=False)`: `new CSVLogger('log.csv', ';', true)`. */
  constructor(filename: string, ...positional: CSVLoggerPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(filename: string, ...positionalThenOptions: PositionalThenOptions<CSVLoggerPositional, CSVLoggerOptions>);
  constructor(filename: string, options?: CSVLoggerOptions);
  constructor(filename: string, ...args: unknown[]) {
    super();
    const op = 'CSVLogger';
    const o = callbackArguments<CSVLoggerOptions>(op, args, ['separator', 'append'], [], "{separator: ';', append: true}");
    if (typeof filename !== 'string' || filename === '') throw new Error(`${op}: filename must be a file path, got ${describe(filename)}.`);
    const separator = o.separator ?? ',';
    if (typeof separator !== 'string' || separator.length !== 1) throw new Error(`${op}: separator must be a 1-character string, got ${describe(separator)}.`);
    this.filename = filename;
    this.separator = separator;
    this.append = checkBoolean(o.append, op, 'append', false);
  }

  override onTrainBegin(): void {
    const { fs } = nodeModules('CSVLogger', this.filename);
    this.writeHeader = true;
    if (this.append && fileExists(this.filename, 'CSVLogger')) {
      // Keras reads the first line: a header is written only into an empty file.
      this.writeHeader = fs.readFileSync(this.filename, 'utf8').length === 0;
    } else if (!this.append) fs.writeFileSync(this.filename, '');
    this.keys = null;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const { fs } = nodeModules('CSVLogger', this.filename);
    if (this.keys === null) {
      const keys = Object.keys(logs).sort();
      // With validation every few epochs, the first epoch has no `val_` logs: their columns are added.
      this.keys = keys.length > 0 && !keys.some((k) => k.startsWith('val_')) ? [...keys, ...keys.map((k) => `val_${k}`)] : keys;
    }
    let text = '';
    if (this.writeHeader) {
      text += this.row(['epoch', ...this.keys]);
      this.writeHeader = false;
    }
    text += this.row([String(epoch), ...this.keys.map((k) => (k in logs ? pythonFloatRepr(logs[k]!) : 'NA'))]);
    fs.appendFileSync(this.filename, text);
  }

  /** One CSV row, Python's csv module's excel dialect: fields with the separator, a quote or a
   * line break quoted (quotes doubled), CRLF at the end. */
  private row(fields: readonly string[]): string {
    const quoted = fields.map((f) => (f.includes(this.separator) || /["\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f));
    return `${quoted.join(this.separator)}\r\n`;
  }
}

/** Options of `new tf.keras.callbacks.BackupAndRestore(options)`. */
export interface BackupAndRestoreOptions {
  /** The directory of the backup (made when missing): 'latest.weights.h5' (the model's weights and
   * optimizer state) and 'training_metadata.json' (the epochs done). No other files belong there:
   * it is deleted when training ends (with `deleteCheckpoint`). Required. */
  backupDir: string;
  /** 'epoch' (default): a backup after each epoch; a number N: every N batches. */
  saveFreq?: 'epoch' | number;
  /** Keep the previous backup too ('latest.weights.h5.bkp', 'training_metadata.json.bkp'), which
   * is restored when the latest weights file cannot be read (default false). */
  doubleCheckpoint?: boolean;
  /** Delete `backupDir` when training ends (default true); false keeps the last backup. */
  deleteCheckpoint?: boolean;
}

/** A backup weights file that cannot be read (Keras' OSError from h5py), so the previous one is tried. */
class UnreadableBackup extends Error {}

/** Keras 3's positional arguments of BackupAndRestore after its required ones, in its order. */
type BackupAndRestorePositional = [
  saveFreq?: 'epoch' | number, doubleCheckpoint?: boolean, deleteCheckpoint?: boolean,
];

/**
 * keras.callbacks.BackupAndRestore: backs up the training state to `backupDir` after each epoch
 * (or every `saveFreq` batches): the model's weights with its optimizer's state, as Keras 3's
 * `latest.weights.h5`, and the number of epochs done in `training_metadata.json`. When a `fit`
 * begins and a backup is there (an earlier fit was interrupted), the weights and optimizer state
 * are restored and the fit starts at the epoch after the last one backed up, so it ends as the
 * uninterrupted fit would have (with `shuffle: false`, or data in a fixed order). Training's end
 * deletes the backup. As Keras', the model keeps the restored epoch: a later `fit` of that model
 * starts there too. A backup made every N batches records the epochs done, not the batch, so a
 * fit resumed from it runs that epoch's batches again. Node only.
 *
 * @example
 * ```ts
 * const dir = `${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-backup-${process.pid}`;
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
 * model.compile({ optimizer: 'adam', loss: 'mse' });
 * const crash = { onEpochBegin: (epoch: number) => { if (epoch === 2) throw new Error('interrupted'); } };
 * try {
 *   model.fit([[1], [2]], [[2], [4]], { epochs: 5, callbacks: [new tf.keras.callbacks.BackupAndRestore({ backupDir: dir }), crash] });
 * } catch {}
 * console.log(process.getBuiltinModule('node:fs').readdirSync(dir)); // [ 'latest.weights.h5', 'training_metadata.json' ]
 * const history = model.fit([[1], [2]], [[2], [4]], { epochs: 5, callbacks: [new tf.keras.callbacks.BackupAndRestore({ backupDir: dir })] });
 * console.log(history.epoch, process.getBuiltinModule('node:fs').existsSync(dir)); // [ 2, 3, 4 ] false
 * ```
 */
export class BackupAndRestore extends Callback {
  /** The backup's directory. */
  readonly backupDir: string;
  /** 'epoch', or every N batches. */
  readonly saveFreq: 'epoch' | number;
  /** Whether the previous backup is kept too. */
  readonly doubleCheckpoint: boolean;
  /** Whether the backup is deleted when training ends. */
  readonly deleteCheckpoint: boolean;
  private readonly weightsPath: string;
  private readonly metadataPath: string;
  private readonly previousWeightsPath: string;
  private readonly previousMetadataPath: string;
  private batchesSinceSave = 0;
  private lastBatchSeen = 0;
  /** Epochs done, as the next backup records them (Keras' `_current_epoch`: set at each epoch's end). */
  private currentEpoch = 0;

  /** Keras 3's positional form, `BackupAndRestore(backup_dir, save_freq='epoch',
   * double_checkpoint=False, delete_checkpoint=True)`: `new BackupAndRestore('/tmp/backup', 10)`. */
  constructor(backupDir: string, ...positional: BackupAndRestorePositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(backupDir: string, ...positionalThenOptions: PositionalThenOptions<BackupAndRestorePositional, Omit<BackupAndRestoreOptions, 'backupDir'>>);
  constructor(options: BackupAndRestoreOptions);
  constructor(...args: unknown[]) {
    const op = 'BackupAndRestore';
    super();
    const names = ['backupDir', 'saveFreq', 'doubleCheckpoint', 'deleteCheckpoint'];
    const o = callbackArguments<Partial<BackupAndRestoreOptions>>(op, args, names, [], "{backupDir: '/tmp/backup'}");
    if (o.backupDir === undefined || o.backupDir === null || o.backupDir === '') throw new Error(`${op}: Empty \`backupDir\` argument passed`);
    if (typeof o.backupDir !== 'string') throw new Error(`${op}: backupDir must be a directory path, got ${describe(o.backupDir)}.`);
    const freq = o.saveFreq ?? 'epoch';
    if (freq !== 'epoch' && !(Number.isInteger(freq) && (freq as number) > 0)) {
      throw new Error(`${op}: Invalid value for argument \`saveFreq\`. Received: saveFreq=${describe(freq)}. Expected either 'epoch' or an integer value (1 or more).`);
    }
    this.backupDir = o.backupDir;
    this.saveFreq = freq;
    this.doubleCheckpoint = checkBoolean(o.doubleCheckpoint, op, 'doubleCheckpoint', false);
    this.deleteCheckpoint = checkBoolean(o.deleteCheckpoint, op, 'deleteCheckpoint', true);
    // (Keras' file_utils.join: the directory and the name joined by '/'.)
    const join = (name: string): string => (/[\\/]$/.test(this.backupDir) ? `${this.backupDir}${name}` : `${this.backupDir}/${name}`);
    this.weightsPath = join('latest.weights.h5');
    this.metadataPath = join('training_metadata.json');
    this.previousWeightsPath = `${this.weightsPath}.bkp`;
    this.previousMetadataPath = `${this.metadataPath}.bkp`;
    // Backing up by epoch looks at no batch: without a batch hook of its own, fit reads no results back after each batch.
    if (freq === 'epoch') Object.defineProperty(this, 'onTrainBatchEnd', { value: Callback.prototype.onTrainBatchEnd });
  }

  /** Restores the backup if there is one; when its weights file cannot be read, the previous backup (doubleCheckpoint). */
  override onTrainBegin(): void {
    const { fs } = nodeModules('BackupAndRestore', this.weightsPath);
    try {
      this.restore();
    } catch (e) {
      if (!(e instanceof UnreadableBackup) || !fs.existsSync(this.previousWeightsPath)) throw e;
      fs.copyFileSync(this.previousWeightsPath, this.weightsPath);
      if (fs.existsSync(this.previousMetadataPath)) fs.copyFileSync(this.previousMetadataPath, this.metadataPath);
      else if (fs.existsSync(this.metadataPath)) fs.rmSync(this.metadataPath);
      this.restore();
    }
  }

  /** Keras' `_load_model`: the weights and optimizer state, then the epoch fit starts at. */
  private restore(): void {
    const op = 'BackupAndRestore';
    const { fs } = nodeModules(op, this.weightsPath);
    const model = this.model;
    if (!model.built) {
      throw new Error(`${op}: To use the BackupAndRestore callback, you model must be built before you call \`fit()\`. Model '${model.name}' is unbuilt. You can build it beforehand by calling it on a batch of data.`);
    }
    if (fs.existsSync(this.weightsPath)) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(fs.readFileSync(this.weightsPath));
        readHdf5(bytes);
      } catch (e) {
        throw new UnreadableBackup(`${op}: cannot read the backup '${this.weightsPath}': ${(e as Error).message}`);
      }
      // The optimizer is built first, so that its state in the file has slots to go into.
      if (model.optimizer !== null) model.optimizer._buildOn(model.trainableWeights);
      model.weightsFromBytes(bytes);
    }
    if (fs.existsSync(this.metadataPath)) {
      const metadata = JSON.parse(fs.readFileSync(this.metadataPath, 'utf8')) as { epoch?: unknown };
      if (!Number.isInteger(metadata.epoch) || (metadata.epoch as number) < 0) {
        throw new Error(`${op}: the backup's '${this.metadataPath}' has no epoch count (a non-negative integer 'epoch'), got ${describe(metadata.epoch)}.`);
      }
      model._initialEpoch = metadata.epoch as number;
    }
  }

  override onEpochEnd(epoch: number): void {
    this.currentEpoch = epoch + 1;
    this.lastBatchSeen = 0;
    if (this.saveFreq === 'epoch') this.save();
  }

  override onTrainBatchEnd(batch: number): void {
    if (this.shouldSaveOnBatch(batch)) this.save();
  }

  /** Keras' `_save_model`: the previous backup kept (doubleCheckpoint), then the weights and the
   * metadata written (as Python's json.dumps writes them). */
  private save(): void {
    const { fs } = nodeModules('BackupAndRestore', this.weightsPath);
    fs.mkdirSync(this.backupDir, { recursive: true });
    if (this.doubleCheckpoint && fs.existsSync(this.weightsPath)) fs.copyFileSync(this.weightsPath, this.previousWeightsPath);
    if (this.doubleCheckpoint && fs.existsSync(this.metadataPath)) fs.copyFileSync(this.metadataPath, this.previousMetadataPath);
    this.model.saveWeights(this.weightsPath, { overwrite: true });
    fs.writeFileSync(this.metadataPath, `{"epoch": ${this.currentEpoch}, "batch": ${this.lastBatchSeen}}`);
  }

  /** Keras' `_should_save_on_batch`: counts the batches seen since the last backup. */
  private shouldSaveOnBatch(batch: number): boolean {
    if (this.saveFreq === 'epoch') return false;
    // A batch index not after the last one seen starts a new epoch.
    this.batchesSinceSave += batch <= this.lastBatchSeen ? batch + 1 : batch - this.lastBatchSeen;
    this.lastBatchSeen = batch;
    if (this.batchesSinceSave < this.saveFreq) return false;
    this.batchesSinceSave = 0;
    return true;
  }

  /** Deletes the backup (with deleteCheckpoint). */
  override onTrainEnd(): void {
    const { fs } = nodeModules('BackupAndRestore', this.weightsPath);
    if (this.deleteCheckpoint && fs.existsSync(this.backupDir)) fs.rmSync(this.backupDir, { recursive: true, force: true });
  }
}
