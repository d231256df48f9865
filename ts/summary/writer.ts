// tf.summary's writers and state (tensorflow/python/ops/summary_ops_v2.py, TF 2.21): the default
// writer, the default step and the record_if condition, and `writeSummary`, TF's `tf.summary.write`,
// which every summary op ends in. Python's `with writer.as_default():` and `with
// tf.summary.record_if(c):` are functions that take a callback here; the state is restored when it
// returns or throws. Event files are written by ../io/tensorboard-events.ts (Node).

import { checkBoolean, checkOptions, describe } from '../describe';
import { EventFileWriter, type SummaryValue, checkEventFileSystem, wallTimeNow } from '../io/tensorboard-events';
import { isPromise } from '../memory';
import { Tensor } from '../tensor';

/** A summary step: an integer, or a scalar int32 tensor or variable (read when a summary is written). */
export type SummaryStep = number | Tensor;

/** A record_if condition: a boolean, a scalar bool tensor, or a function giving one (called when a summary is written). */
export type RecordCondition = boolean | Tensor | (() => boolean | Tensor);

/** The state TF keeps per thread (`_SummaryState`); JavaScript has one. */
const state: { writer: SummaryWriter | null; step: SummaryStep | null; isRecording: RecordCondition | null } = { writer: null, step: null, isRecording: null };

/** @internal A shape as Python prints it in TF's messages: (2,), (2, 3), (). */
export const pythonShape = (shape: readonly number[]) => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

/** `step` checked as TF's `_choose_step` checks it (an int64 scalar). */
function checkStep(step: unknown, op: string): SummaryStep {
  if (step instanceof Tensor) {
    if (step.shape.length !== 0) throw new Error(`${op}: Argument \`step\` must be a scalar. Received step with shape ${pythonShape(step.shape)}.`);
    if (step.dtype !== 'int32') throw new Error(`${op}: step must be an integer (TF's int64 step): an int32 tensor or variable, got a ${step.dtype} one.`);
    return step;
  }
  if (Array.isArray(step)) throw new Error(`${op}: Argument \`step\` must be a scalar. Received step with shape (${step.length},).`);
  if (typeof step !== 'number' || !Number.isSafeInteger(step)) throw new Error(`${op}: step must be an integer (TF's int64 step), got ${describe(step)}.`);
  return step;
}

/** The step's value now. */
const stepValue = (step: SummaryStep): number => (step instanceof Tensor ? step.item() : step);

/** The condition checked (TF takes a bool or a scalar bool tensor, or a callable giving one). */
function checkCondition(condition: unknown, op: string): boolean {
  if (typeof condition === 'boolean') return condition;
  if (condition instanceof Tensor && condition.dtype === 'bool' && condition.shape.length === 0) return condition.item() !== 0;
  throw new Error(`${op}: the record_if condition must be true, false, a scalar bool tensor or a function giving one, got ${describe(condition)}.`);
}

/**
 * tf.summary.SummaryWriter: where summaries go. Make one with `tf.summary.createFileWriter(logdir)`
 * (or `tf.summary.createNoopWriter()`), then make it the default writer, which `tf.summary.scalar`
 * and the other summaries write to: `writer.asDefault(() => { ... })` for Python's
 * `with writer.as_default():` (the writer is the default while the function runs, and is flushed
 * after), or `writer.setAsDefault()` from then on.
 */
export abstract class SummaryWriter {
  /** TF's `set_as_default(step=None)`: this writer is the default from now on (and `step`, when
   * given, the default step), until another is set. */
  setAsDefault(step: SummaryStep | null = null): void {
    this.checkOpen('setAsDefault');
    state.writer = this;
    if (step !== null && step !== undefined) state.step = checkStep(step, 'setAsDefault');
  }

  /**
   * TF's `with writer.as_default(step=None):`: runs `fn(writer)` with this writer as the default
   * (and `step`, when given, as the default step) and returns its result. Afterwards, as the
   * context manager exits (also when fn throws), the default writer is flushed, and the previous
   * writer (and step, if one was given) is the default again. `fn` must be synchronous: for an
   * async training loop use `setAsDefault`.
   */
  asDefault<T>(fn: (writer: this) => T): T;
  asDefault<T>(step: SummaryStep | null | undefined, fn: (writer: this) => T): T;
  asDefault<T>(stepOrFn: SummaryStep | null | undefined | ((writer: this) => T), maybeFn?: (writer: this) => T): T {
    const [step, fn] = typeof stepOrFn === 'function' ? [null, stepOrFn] : [stepOrFn ?? null, maybeFn];
    if (typeof fn !== 'function') throw new Error(`asDefault: expected a function to run with the writer as the default (writer.asDefault(() => {...}) or writer.asDefault(step, () => {...})), got ${describe(fn)}.`);
    this.checkOpen('asDefault');
    const checkedStep = step === null ? null : checkStep(step, 'asDefault');
    const oldWriter = state.writer;
    const oldStep = state.step;
    state.writer = this;
    if (checkedStep !== null) state.step = checkedStep;
    let result: T;
    try {
      result = fn(this);
    } finally {
      state.writer?.flush();
      state.writer = oldWriter;
      if (checkedStep !== null) state.step = oldStep;
    }
    if (isPromise(result)) throw new Error('asDefault: the function returned a Promise; the writer was the default for its synchronous part only (until it returned). For an async loop call writer.setAsDefault() instead.');
    return result;
  }

  /** TF's `init()`: makes the writer's file if it is not made yet (files are made with the writer, so nothing to do here). */
  abstract init(): void;
  /** Writes the summaries written so far out to the file. */
  abstract flush(): void;
  /** Flushes and closes the writer; it writes nothing more (closing again does nothing). */
  abstract close(): void;

  /** @internal Adds one summary value at `step` (`op` names the summary in errors). */
  abstract _write(op: string, step: number, value: SummaryValue): void;

  /** @internal Throws if the writer is closed (TF's RuntimeError). */
  protected checkOpen(_op: string): void {}
}

/** Options of `tf.summary.createFileWriter(logdir, options)` (TF's arguments, camelCase). */
export interface CreateFileWriterOptions {
  /** The most summaries kept before they are written out: the file is written when there are more (default 10). */
  maxQueue?: number;
  /** The longest time between writes, in milliseconds: a summary added later writes the file out (default 120,000). */
  flushMillis?: number;
  /** The end of the event file's name (default '.v2'; a '.' is put before one that has none). */
  filenameSuffix?: string;
  /** A name for the op that makes the writer in TF: accepted, unused. */
  name?: string;
  /** TF's `experimental_trackable` (for SavedModel): accepted, no effect (default false). */
  experimentalTrackable?: boolean;
  /** TF's `experimental_mesh` (DTensor): not supported, only null. */
  experimentalMesh?: null;
}

const WRITER_OPTIONS = ['maxQueue', 'flushMillis', 'filenameSuffix', 'name', 'experimentalTrackable', 'experimentalMesh'];

/** What the first event of tf.summary's files names as its writer. */
const WRITER_NAME = 'gradtape.summary.create_file_writer';

/** A writer of one event file (TF's `_ResourceSummaryWriter`). */
class FileSummaryWriter extends SummaryWriter {
  private readonly file: EventFileWriter;
  private closed = false;

  constructor(logdir: string, options: { maxQueue: number; flushMillis: number; filenameSuffix: string }) {
    super();
    this.file = new EventFileWriter(logdir, 'createFileWriter', { writerName: WRITER_NAME, ...options });
  }

  override init(): void {
    this.checkOpen('init');
  }

  override flush(): void {
    if (!this.closed) this.file.flush();
  }

  override close(): void {
    if (this.closed) return;
    this.file.flush();
    this.closed = true;
  }

  /** @internal */
  override _write(op: string, step: number, value: SummaryValue): void {
    if (this.closed) throw new Error(`${op}: the default SummaryWriter is closed (writer.close() was called before); make another with tf.summary.createFileWriter, or set one as the default.`);
    this.file.write(step, value, wallTimeNow());
  }

  protected override checkOpen(op: string): void {
    if (this.closed) throw new Error(`${op}: SummaryWriter is already closed.`);
  }
}

/** A writer that writes nothing (TF's `_NoopSummaryWriter`): making it the default changes nothing. */
class NoopSummaryWriter extends SummaryWriter {
  override setAsDefault(): void {}
  override asDefault<T>(stepOrFn: SummaryStep | null | undefined | ((writer: this) => T), maybeFn?: (writer: this) => T): T {
    const fn = typeof stepOrFn === 'function' ? stepOrFn : maybeFn;
    if (typeof fn !== 'function') throw new Error(`asDefault: expected a function to run, got ${describe(fn)}.`);
    return fn(this);
  }
  override init(): void {}
  override flush(): void {}
  override close(): void {}
  /** @internal */
  override _write(): void {}
}

/**
 * tf.summary.create_file_writer(logdir, options) (Node): a summary writer of a new event file in
 * `logdir` (made if missing), named as TF names it,
 * `events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2`. Summaries are written out when the writer
 * flushes: at `flush()`, `close()`, the end of `asDefault`, when more than `maxQueue` are waiting,
 * or the first one added `flushMillis` after the last write.
 *
 * @example
 * ```ts
 * const fs = process.getBuiltinModule('node:fs');
 * const logdir = fs.mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const writer = tf.summary.createFileWriter(logdir);
 * writer.asDefault(() => {
 *   for (let step = 0; step < 3; step++) tf.summary.scalar('loss', 1 / (step + 1), step);
 * });
 * console.log(fs.readdirSync(logdir).length, tf.summary.scalar('loss', 1, 0)); // 1 false
 * ```
 */
export function createFileWriter(logdir: string, options: CreateFileWriterOptions = {}): SummaryWriter {
  const op = 'createFileWriter';
  if (logdir === null || logdir === undefined) throw new Error(`${op}: Argument \`logdir\` cannot be None (null).`);
  if (typeof logdir !== 'string' || logdir === '') throw new Error(`${op}: logdir must be a folder path, got ${describe(logdir)}.`);
  const o = checkOptions(options ?? {}, op, WRITER_OPTIONS, "{maxQueue: 10, flushMillis: 120000, filenameSuffix: '.v2'}") as CreateFileWriterOptions;
  checkEventFileSystem(op);
  const maxQueue = o.maxQueue ?? 10;
  if (!Number.isSafeInteger(maxQueue)) throw new Error(`${op}: maxQueue must be an integer (summaries kept before a write), got ${describe(o.maxQueue)}.`);
  const flushMillis = o.flushMillis ?? 120_000;
  if (!Number.isSafeInteger(flushMillis)) throw new Error(`${op}: flushMillis must be an integer (milliseconds between writes), got ${describe(o.flushMillis)}.`);
  const filenameSuffix = o.filenameSuffix ?? '.v2';
  if (typeof filenameSuffix !== 'string' || /[/\\]/.test(filenameSuffix)) throw new Error(`${op}: filenameSuffix must be a string with no path separator, got ${describe(o.filenameSuffix)}.`);
  if (o.name !== undefined && o.name !== null && typeof o.name !== 'string') throw new Error(`${op}: name must be a string, got ${describe(o.name)}.`);
  checkBoolean(o.experimentalTrackable, op, 'experimentalTrackable', false);
  if (o.experimentalMesh !== undefined && o.experimentalMesh !== null) throw new Error(`${op}: experimentalMesh (a DTensor mesh) is not supported: gradtape has no DTensor; leave it out.`);
  return new FileSummaryWriter(logdir, { maxQueue, flushMillis, filenameSuffix });
}

/**
 * tf.summary.create_noop_writer(): a writer that writes nothing, for code that expects one.
 * Making it the default (`asDefault`, `setAsDefault`) leaves the default writer as it was.
 *
 * @example
 * ```ts
 * console.log(tf.summary.createNoopWriter().asDefault(() => tf.summary.scalar('loss', 1, 0))); // false
 * ```
 */
export function createNoopWriter(): SummaryWriter {
  return new NoopSummaryWriter();
}

/**
 * tf.summary.experimental.set_step(step): the default step of the summaries written without one
 * (an integer, or a scalar int32 variable or tensor, read as each summary is written); null unsets it.
 *
 * @example
 * ```ts
 * const step = new tf.Variable(0, { dtype: 'int32' });
 * tf.summary.experimental.setStep(step);
 * step.assignAdd(5);
 * console.log(tf.summary.experimental.getStep() === step, step.item()); // true 5
 * tf.summary.experimental.setStep(null);
 * ```
 */
export function setStep(step: SummaryStep | null): void {
  state.step = step === null || step === undefined ? null : checkStep(step, 'setStep');
}

/** tf.summary.experimental.get_step(): the default step set by `setStep` (or `asDefault`), null if none. */
export function getStep(): SummaryStep | null {
  return state.step;
}

/**
 * tf.summary.record_if(condition): runs `fn` with summaries recorded only when `condition` holds
 * (a boolean, a scalar bool tensor, or a function giving one, called as each summary is written;
 * use a function for a condition on the step, `() => step.item() % 100 === 0`), and returns its
 * result. The previous condition is restored afterwards.
 *
 * @example
 * ```ts
 * const logdir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const written = tf.summary.createFileWriter(logdir).asDefault(() =>
 *   [0, 1, 2, 3].map((step) => tf.summary.recordIf(() => step % 2 === 0, () => tf.summary.scalar('loss', 1 / (step + 1), step))));
 * console.log(written); // [ true, false, true, false ]
 * ```
 */
export function recordIf<T>(condition: RecordCondition, fn: () => T): T {
  const op = 'recordIf';
  if (typeof condition !== 'function') checkCondition(condition, op);
  if (typeof fn !== 'function') throw new Error(`${op}: expected a function to run under the condition, got ${describe(fn)}.`);
  const old = state.isRecording;
  state.isRecording = condition;
  let result: T;
  try {
    result = fn();
  } finally {
    state.isRecording = old;
  }
  if (isPromise(result)) throw new Error(`${op}: the function returned a Promise; the condition covered its synchronous part only (until it returned).`);
  return result;
}

/**
 * tf.summary.should_record_summaries(): whether a summary written now would be recorded: false
 * without a default writer, else the record_if condition (true when none is set). A boolean here
 * (TF gives a bool tensor).
 */
export function shouldRecordSummaries(): boolean {
  if (state.writer === null) return false;
  const condition = state.isRecording;
  if (condition === null) return true;
  return checkCondition(typeof condition === 'function' ? condition() : condition, 'shouldRecordSummaries');
}

/**
 * tf.summary.flush(writer=None): writes out what `writer` (default: the default writer; none: nothing
 * to do) has not written yet.
 */
export function flush(writer: SummaryWriter | null = null): void {
  if (writer === null || writer === undefined) {
    state.writer?.flush();
    return;
  }
  if (!(writer instanceof SummaryWriter)) throw new Error(`flush: Invalid argument to flush(): ${describe(writer)} (expected a tf.summary.SummaryWriter).`);
  writer.flush();
}

/**
 * @internal TF's `tf.summary.write(tag, tensor, step)`, which each summary ends in: false without a
 * default writer or when summaries are not recorded; else `value()` (made only then, as TF's lazy
 * tensors are) is written at `step` (default: the default step) and the result is true. An explicit
 * step is checked first, whether or not anything is written.
 */
export function writeSummary(op: string, step: SummaryStep | null | undefined, value: () => SummaryValue): boolean {
  const explicit = step === null || step === undefined ? null : checkStep(step, op);
  if (state.writer === null) return false;
  if (!shouldRecordSummaries()) return false;
  const chosen = explicit ?? state.step;
  if (chosen === null) {
    throw new Error(`${op}: No step set. Please specify one either through the \`step\` argument or through tf.summary.experimental.set_step()`);
  }
  const at = stepValue(chosen);
  state.writer._write(op, at, value());
  return true;
}

