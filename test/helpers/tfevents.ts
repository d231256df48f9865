// A reader of TensorFlow event files for the tests, written apart from ts/io/tensorboard-events.ts
// (its own CRC, bit by bit, and a generic protobuf field reader), so that the writer is checked by
// an independent reader, and the reader by files TensorBoard's own writer wrote.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** CRC-32C, one bit at a time (the writer uses a table). */
function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function masked(bytes: Uint8Array): number {
  const c = crc32c(bytes);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** The records of a TFRecord file, each CRC checked. */
export function readRecords(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new Error(`truncated record header at ${at}`);
    const length = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== masked(bytes.subarray(at, at + 8))) throw new Error(`bad length CRC at ${at}`);
    const data = bytes.subarray(at + 12, at + 12 + length);
    if (data.length !== length || at + 16 + length > bytes.length) throw new Error(`truncated record at ${at}`);
    if (view.getUint32(at + 12 + length, true) !== masked(data)) throw new Error(`bad data CRC at ${at}`);
    records.push(data);
    at += 16 + length;
  }
  return records;
}

/** A field's raw value: a varint (bigint), 8 or 4 bytes, or length-delimited bytes. */
type Field = { wire: 0; value: bigint } | { wire: 1 | 5 | 2; bytes: Uint8Array };

/** A message's fields by number, in the order read. */
export function readFields(bytes: Uint8Array): Map<number, Field[]> {
  const fields = new Map<number, Field[]>();
  let at = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = bytes[at++];
      if (b === undefined) throw new Error('truncated varint');
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const [number, wire] = [key >>> 3, key & 7];
    let field: Field;
    if (wire === 0) field = { wire, value: varint() };
    else if (wire === 1 || wire === 5) {
      field = { wire, bytes: bytes.subarray(at, at + (wire === 1 ? 8 : 4)) };
      at += wire === 1 ? 8 : 4;
    } else if (wire === 2) {
      const n = Number(varint());
      field = { wire, bytes: bytes.subarray(at, at + n) };
      at += n;
    } else throw new Error(`wire type ${wire} not expected`);
    if (at > bytes.length) throw new Error('truncated field');
    fields.set(number, [...(fields.get(number) ?? []), field]);
  }
  return fields;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const one = (fields: Map<number, Field[]>, n: number): Field | undefined => fields.get(n)?.at(-1);
const bytesOf = (f: Field | undefined): Uint8Array => (f === undefined ? new Uint8Array(0) : 'bytes' in f ? f.bytes : new Uint8Array(0));
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** A Summary.Value holding a tensor: its tag, plugin and value (a float32 scalar's number, from
 * tensor_content or float_val; a string tensor's text; a float64 tensor's numbers, row-major). */
export interface DecodedValue {
  tag: string;
  pluginName: string;
  pluginContent: string;
  dtype: number;
  /** tensor_shape's dims (none: a scalar). */
  dims: number;
  shape: number[];
  value: number | string | number[];
  /** A string tensor's elements (string_val), as bytes. */
  strings: Uint8Array[];
}

/** The fields of an Event read here. */
export interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion: string;
  sourceWriter: string;
  values: DecodedValue[];
}

function decodeValue(bytes: Uint8Array): DecodedValue {
  const v = readFields(bytes);
  const tensor = readFields(bytesOf(one(v, 8)));
  const plugin = readFields(bytesOf(one(readFields(bytesOf(one(v, 9))), 1)));
  const dtype = Number((one(tensor, 1) as { value: bigint } | undefined)?.value ?? 0n);
  const shape = (readFields(bytesOf(one(tensor, 2))).get(2) ?? []).map((d) => Number((one(readFields(bytesOf(d)), 1) as { value: bigint } | undefined)?.value ?? 0n));
  let value: number | string | number[];
  if (dtype === 7) value = text(bytesOf(one(tensor, 8)));
  else if (dtype === 2) {
    const content = bytesOf(one(tensor, 4));
    value = Array.from({ length: content.length / 8 }, (_, i) => view(content).getFloat64(i * 8, true));
  }
  else if (tensor.has(4)) value = view(bytesOf(one(tensor, 4))).getFloat32(0, true);
  else {
    // float_val (5): packed (wire 2) or not (wire 5).
    const f = one(tensor, 5)!;
    value = view(bytesOf(f)).getFloat32(0, true);
  }
  return {
    tag: text(bytesOf(one(v, 1))),
    pluginName: text(bytesOf(one(plugin, 1))),
    pluginContent: text(bytesOf(one(plugin, 2))),
    dtype,
    dims: shape.length,
    shape,
    value,
    strings: (tensor.get(8) ?? []).map(bytesOf),
  };
}

/** An Event: wall_time (1), step (2), file_version (3), summary (5), source_metadata (10). */
export function decodeEvent(bytes: Uint8Array): DecodedEvent {
  const e = readFields(bytes);
  const wall = one(e, 1);
  const step = one(e, 2) as { value: bigint } | undefined;
  return {
    wallTime: wall === undefined ? 0 : view(bytesOf(wall)).getFloat64(0, true),
    step: step === undefined ? 0 : Number(BigInt.asIntN(64, step.value)),
    fileVersion: text(bytesOf(one(e, 3))),
    sourceWriter: text(bytesOf(one(readFields(bytesOf(one(e, 10))), 1))),
    values: (readFields(bytesOf(one(e, 5))).get(1) ?? []).map((f) => decodeValue(bytesOf(f))),
  };
}

/** The events of a file. */
export function readEventFile(path: string): DecodedEvent[] {
  return readRecords(new Uint8Array(readFileSync(path))).map(decodeEvent);
}

/** Each event file of a run folder (by name), with its events. */
export function readRun(dir: string): { name: string; events: DecodedEvent[] }[] {
  return readdirSync(dir).sort().map((name) => ({ name, events: readEventFile(join(dir, name)) }));
}

/** The scalars of a run, `{tag: [[step, value], ...]}` in the order written (every file of it). */
export function scalarsOf(dir: string): Record<string, [number, number][]> {
  const out: Record<string, [number, number][]> = {};
  for (const { events } of readRun(dir)) {
    for (const e of events) for (const v of e.values) if (v.pluginName === 'scalars') (out[v.tag] ??= []).push([e.step, v.value as number]);
  }
  return out;
}

/** The histograms of a run, `{tag: [[step, [[left, right, count], ...]], ...]}` in the order written. */
export function histogramsOf(dir: string): Record<string, [number, number[][]][]> {
  const out: Record<string, [number, number[][]][]> = {};
  for (const { events } of readRun(dir)) {
    for (const e of events) {
      for (const v of e.values) {
        if (v.pluginName !== 'histograms') continue;
        const flat = v.value as number[];
        (out[v.tag] ??= []).push([e.step, Array.from({ length: v.shape[0]! }, (_, i) => flat.slice(i * 3, i * 3 + 3))]);
      }
    }
  }
  return out;
}
