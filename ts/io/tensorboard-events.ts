// TensorFlow event files, as TensorBoard reads them (Node): a TFRecord file of serialized
// `tensorboard.Event` protobufs. Each record is
//   uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked CRC-32C of data
// with mask(c) = ((c >>> 15) | (c << 17)) + 0xa282ead8 (mod 2^32), framed by ts/io/tfrecord.ts. The first event of a file holds
// `file_version: "brain.Event:2"`; the others a summary value each, laid out as TF 2's C++ summary
// writer lays them out (tensorflow/core/summary/summary_file_writer.cc): fields in field-number
// order, a number tensor as `tensor_content` bytes, a string tensor as `string_val`.
// Only the fields written here are encoded (by protobuf.ts's writer): event.proto, summary.proto, tensor.proto and
// tensor_shape.proto of tensorboard/compat/proto.

import { ProtoWriter } from './protobuf';
import { tfRecord } from './tfrecord';

const utf8 = new TextEncoder();

/** tensorflow's DataType enum (types.proto) for the dtypes written here. */
const DATA_TYPE = { float32: 1, float64: 2, int32: 3, string: 7, bool: 10 } as const;

/** A number tensor of any shape (row-major data), stored as TF stores it. */
export interface NumberTensor {
  dtype: 'float32' | 'float64' | 'int32' | 'bool';
  shape: readonly number[];
  data: ArrayLike<number>;
}

/** A float64 tensor (what tf.summary.histogram's buckets are). */
export interface Float64Tensor extends NumberTensor {
  dtype: 'float64';
  data: Float64Array;
}

/** A string tensor of any shape: its elements (UTF-8 text or raw bytes, such as a PNG), row-major. */
export interface StringTensor {
  dtype: 'string';
  shape: readonly number[];
  strings: readonly (string | Uint8Array)[];
}

/** Bytes of a number tensor's elements, little-endian, as TensorFlow's tensor_content holds them. */
function tensorContent(t: NumberTensor): Uint8Array {
  const size = t.dtype === 'float64' ? 8 : t.dtype === 'bool' ? 1 : 4;
  const content = new Uint8Array(t.data.length * size);
  const view = new DataView(content.buffer);
  for (let i = 0; i < t.data.length; i++) {
    const x = t.data[i]!;
    if (t.dtype === 'float64') view.setFloat64(i * 8, x, true);
    else if (t.dtype === 'float32') view.setFloat32(i * 4, x, true);
    else if (t.dtype === 'int32') view.setInt32(i * 4, x, true);
    else content[i] = x !== 0 ? 1 : 0;
  }
  return content;
}

/** A TensorProto as TF 2's C++ summary writer stores a tensor (summary_file_writer.cc WriteTensor):
 * dtype (1), tensor_shape (2: a dim (2) {size (1)} per axis; none for a scalar), then a number
 * tensor's elements as little-endian bytes in tensor_content (4) (`AsProtoTensorContent`), a
 * string tensor's as string_val (8), one per element (`AsProtoField`). A plain number is a float32
 * scalar, a plain string a string scalar. */
function tensorProto(value: number | string | NumberTensor | StringTensor): Uint8Array {
  const t: NumberTensor | StringTensor =
    typeof value === 'number' ? { dtype: 'float32', shape: [], data: [value] } : typeof value === 'string' ? { dtype: 'string', shape: [], strings: [value] } : value;
  const shape = new ProtoWriter();
  for (const size of t.shape) shape.message(2, new ProtoWriter().varint(1, size).finish());
  const proto = new ProtoWriter().varint(1, DATA_TYPE[t.dtype]).message(2, shape.finish());
  if (t.dtype !== 'string') return proto.bytes(4, tensorContent(t)).finish();
  for (const s of t.strings) proto.message(8, typeof s === 'string' ? utf8.encode(s) : s);
  return proto.finish();
}

/** SummaryMetadata {plugin_data (1): {plugin_name (1), content (2)}, summary_description (3)}. */
function summaryMetadata(pluginName: string, content: Uint8Array, description: string): Uint8Array {
  return new ProtoWriter().message(1, new ProtoWriter().string(1, pluginName).bytes(2, content).finish()).string(3, description).finish();
}

/** What one summary value of an event holds. */
export interface SummaryValue {
  /** The tag ('epoch_loss'). */
  tag: string;
  /** A number (written as a float32 scalar), a string, or a tensor. */
  value: number | string | NumberTensor | StringTensor;
  /** The plugin that reads it ('scalars'). */
  pluginName: string;
  /** The plugin's content bytes (empty for scalars: ScalarPluginData version 0). */
  pluginContent?: Uint8Array;
  /** The summary's description (Markdown; default none). */
  description?: string;
}

/** @internal An Event {wall_time (1), step (2), summary (5): {value (1): {tag (1), tensor (8), metadata (9)}}}. */
export function summaryEvent(wallTime: number, step: number, v: SummaryValue): Uint8Array {
  const value = new ProtoWriter()
    .string(1, v.tag)
    .message(8, tensorProto(v.value))
    .message(9, summaryMetadata(v.pluginName, v.pluginContent ?? new Uint8Array(0), v.description ?? ''))
    .finish();
  const summary = new ProtoWriter().message(1, value).finish();
  return new ProtoWriter().double(1, wallTime).varint(2, step).message(5, summary).finish();
}

/** @internal The first event of a file: {wall_time (1), file_version (3), source_metadata (10): {writer (1)}}. */
export function fileVersionEvent(wallTime: number, writer: string): Uint8Array {
  return new ProtoWriter().double(1, wallTime).string(3, 'brain.Event:2').message(10, new ProtoWriter().string(1, writer).finish()).finish();
}

// ---- summaries as TensorBoard's plugins compute them --------------------------------------------

/**
 * @internal tf.summary.histogram's buckets (tensorboard/plugins/histogram/summary_v2.py `_buckets`,
 * 30 by default): a [k, 3] float64 tensor of rows [left edge, right edge, count]. Edges split
 * [min, max] evenly as tf.linspace does (start + i·(max − min)/k, the last one max itself); an
 * element falls in bucket floor((x − min)/((max − min)/k)), the last one taking max. All elements
 * equal: every edge is that value and the last bucket counts them all; no elements: zeros.
 */
export function histogramBuckets(values: ArrayLike<number>, bucketCount = 30): Float64Tensor {
  const k = Math.max(0, bucketCount);
  const data = new Float64Array(k * 3);
  const n = values.length;
  if (n === 0 || k === 0) return { dtype: 'float64', shape: [k, 3], data };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const range = max - min;
  if (range === 0) {
    for (let b = 0; b < k; b++) data[b * 3] = data[b * 3 + 1] = max;
    data[(k - 1) * 3 + 2] = n;
    return { dtype: 'float64', shape: [k, 3], data };
  }
  const width = range / k;
  for (let i = 0; i < n; i++) {
    const index = Math.floor((values[i]! - min) / width);
    // (NaN counts nowhere, as tf.one_hot of an invalid index is all zeros.)
    if (Number.isNaN(index)) continue;
    data[Math.min(index, k - 1) * 3 + 2]! += 1;
  }
  // tf.linspace (math_ops.linspace_nd): start, start + delta·i for 0 < i < k, stop.
  const delta = range / k;
  const edge = (i: number) => (i === 0 ? min : i === k ? max : min + delta * i);
  for (let b = 0; b < k; b++) {
    data[b * 3] = edge(b);
    data[b * 3 + 1] = edge(b + 1);
  }
  return { dtype: 'float64', shape: [k, 3], data };
}

// ---- the file ---------------------------------------------------------------------------------

/** Node's fs, path and os modules, or an error saying that event files need a file system. */
function nodeFileSystem(op: string): { fs: typeof import('node:fs'); nodePath: typeof import('node:path'); os: typeof import('node:os') } {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') {
    throw new Error(`${op}: TensorBoard event files need a file system (Node's node:fs, Node 20.16 or later); browsers and workers have none.`);
  }
  return { fs: get('node:fs') as typeof import('node:fs'), nodePath: get('node:path') as typeof import('node:path'), os: get('node:os') as typeof import('node:os') };
}

/** @internal Throws unless files can be written here (Node). */
export function checkEventFileSystem(op: string): void {
  nodeFileSystem(op);
}

/** Writers made so far in this process: the last part of a file's name keeps two writers made in
 * the same second apart (the counter of TF's SummaryFileWriter). */
let writersMade = 0;

/** @internal The seconds since the epoch, with sub-millisecond digits where the clock has them. */
export function wallTimeNow(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

/** @internal How an EventFileWriter names its file and when it writes it out. */
export interface EventFileOptions {
  /** What the first event names as its writer. */
  writerName: string;
  /** The end of the file's name (default '.v2'; a '.' is put before one that has none, as TF does). */
  filenameSuffix?: string;
  /** Events kept before they are written out: the file is written when there are more (default 10). */
  maxQueue?: number;
  /** Milliseconds after which the next event added writes the file out (default 120,000). */
  flushMillis?: number;
  /** The wall time of the file's first event (seconds; default now). */
  now?: number;
}

/** Writers holding events not yet written out, flushed when the process exits (as TensorFlow's
 * writers are at exit): a script that logs a few summaries and ends keeps them. */
const unflushed = new Set<EventFileWriter>();
let exitHookSet = false;

function flushAtExit(writer: EventFileWriter): void {
  unflushed.add(writer);
  if (exitHookSet) return;
  exitHookSet = true;
  const proc = (globalThis as { process?: { on?: (event: string, fn: () => void) => void } }).process;
  proc?.on?.('exit', () => {
    for (const w of [...unflushed]) w.flush();
  });
}

/**
 * @internal An event file in `dir`, named as tf.summary.create_file_writer names its files:
 * `events.out.tfevents.<seconds, 10 digits>.<hostname>.<pid>.<writer count><suffix>`. The first
 * event is written when it is made (as TF's writer does); the others are queued, and written out
 * as TF's SummaryFileWriter does: at `flush`, or when an event added makes the queue longer than
 * `maxQueue` or comes more than `flushMillis` after the last write; and when the process exits.
 */
export class EventFileWriter {
  /** The file's path. */
  readonly path: string;
  private pending: Uint8Array[] = [];
  private readonly op: string;
  private readonly maxQueue: number;
  private readonly flushMillis: number;
  private lastFlush = performance.now();

  constructor(dir: string, op: string, options: EventFileOptions) {
    const { fs, nodePath, os } = nodeFileSystem(op);
    this.op = op;
    this.maxQueue = options.maxQueue ?? 10;
    this.flushMillis = options.flushMillis ?? 120_000;
    fs.mkdirSync(dir, { recursive: true });
    const now = options.now ?? wallTimeNow();
    const seconds = Math.floor(now);
    const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
    const suffix = options.filenameSuffix ?? '.v2';
    const name = `events.out.tfevents.${String(seconds).padStart(10, '0')}.${os.hostname()}.${pid}.${writersMade++}${suffix.startsWith('.') ? '' : '.'}${suffix}`;
    this.path = nodePath.join(dir, name);
    // TF's first event carries the whole seconds of the file's name.
    fs.writeFileSync(this.path, tfRecord(fileVersionEvent(seconds, options.writerName)));
  }

  /** Adds a summary value at `step` (written at the next flush, or now if the queue is full). */
  write(step: number, value: SummaryValue, wallTime: number = wallTimeNow()): void {
    this.pending.push(tfRecord(summaryEvent(wallTime, step, value)));
    flushAtExit(this);
    if (this.pending.length > this.maxQueue || performance.now() - this.lastFlush > this.flushMillis) this.flush();
  }

  /** Adds a scalar as tf.summary.scalar writes it (a float32 tensor, plugin 'scalars'). */
  scalar(tag: string, value: number, step: number, wallTime?: number): void {
    this.write(step, { tag, value, pluginName: 'scalars' }, wallTime);
  }

  /** Adds a histogram of `values` as tf.summary.histogram writes it (plugin 'histograms'). */
  histogram(tag: string, values: ArrayLike<number>, step: number, wallTime?: number): void {
    this.write(step, { tag, value: histogramBuckets(values), pluginName: 'histograms' }, wallTime);
  }

  /** Appends the events added since the last flush to the file. */
  flush(): void {
    this.lastFlush = performance.now();
    unflushed.delete(this);
    if (this.pending.length === 0) return;
    const total = this.pending.reduce((n, r) => n + r.length, 0);
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const r of this.pending) {
      bytes.set(r, offset);
      offset += r.length;
    }
    this.pending = [];
    nodeFileSystem(this.op).fs.appendFileSync(this.path, bytes);
  }
}

/** @internal Node's path.join (the file system's separator). */
export function joinPath(op: string, ...parts: string[]): string {
  return nodeFileSystem(op).nodePath.join(...parts);
}
