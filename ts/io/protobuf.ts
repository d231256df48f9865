// Protobuf's wire format (proto3, the wire types gradtape reads and writes): one varint coder, a
// field reader and a message writer, shared by TensorBoard's event files
// (../models/tensorboard-events.ts) and tf.train.Example / SequenceExample (./example*.ts).
// Each field is a key varint (field number << 3 | wire type) and a value: a varint (0), 8
// little-endian bytes (1), a length varint and that many bytes (2), or 4 little-endian bytes (5).

/** @internal The wire types. */
export const WIRE_VARINT = 0;
/** @internal See WIRE_VARINT. */
export const WIRE_FIXED64 = 1;
/** @internal See WIRE_VARINT. */
export const WIRE_LENGTH_DELIMITED = 2;
/** @internal See WIRE_VARINT. */
export const WIRE_FIXED32 = 5;

/** @internal A base-128 varint (7 bits a byte, low first); negative numbers as their 64-bit two's
 * complement (10 bytes), as int64 fields are. */
export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

const utf8 = new TextEncoder();

/** @internal A message under construction: fields appended in the order written (callers write
 * them in field-number order, as protobuf's serializers do). */
export class ProtoWriter {
  private readonly parts: number[] = [];

  private key(field: number, wireType: number): void {
    this.parts.push(...varint((field << 3) | wireType));
  }

  /** An int64/enum field (proto3: nothing when 0). */
  varint(field: number, value: number | bigint): this {
    if (value !== 0 && value !== 0n) {
      this.key(field, WIRE_VARINT);
      this.parts.push(...varint(value));
    }
    return this;
  }

  /** A double field (proto3: nothing when 0). */
  double(field: number, value: number): this {
    if (value !== 0) {
      this.key(field, WIRE_FIXED64);
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setFloat64(0, value, true);
      this.parts.push(...bytes);
    }
    return this;
  }

  /** A bytes field (proto3: nothing when empty). */
  bytes(field: number, value: Uint8Array): this {
    return value.length === 0 ? this : this.message(field, value);
  }

  /** A string field (proto3: nothing when empty). */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** A message field, written even when empty (a set submessage is present in proto3); also one
   * element of a repeated bytes or message field, and a map entry. */
  message(field: number, value: Uint8Array): this {
    this.key(field, WIRE_LENGTH_DELIMITED);
    this.parts.push(...varint(value.length));
    for (let i = 0; i < value.length; i++) this.parts.push(value[i]!);
    return this;
  }

  /** A packed repeated float field: the float32s' little-endian bytes as one length-delimited
   * value (nothing when empty). */
  packedFloats(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    return this.message(field, bytes);
  }

  /** A packed repeated int64 field: the varints as one length-delimited value (nothing when empty). */
  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    if (values.length === 0) return this;
    return this.message(field, Uint8Array.from(values.flatMap((v) => varint(v))));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** @internal A reader of protobuf fields over `bytes`; `fail(at)` makes the error of malformed input. */
export class ProtoReader {
  private at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: (at: number) => Error,
  ) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  /** A varint as an unsigned 64-bit integer. */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.at >= this.bytes.length) throw this.fail(this.at);
      const b = this.bytes[this.at++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw this.fail(this.at);
  }

  /** The next field's number and wire type. */
  tag(): [field: number, wire: number] {
    const t = Number(this.varint());
    return [t >>> 3, t & 7];
  }

  lengthDelimited(): Uint8Array {
    const n = Number(this.varint());
    if (this.at + n > this.bytes.length) throw this.fail(this.at);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  /** A float (wire type 5). */
  fixed32(): number {
    if (this.at + 4 > this.bytes.length) throw this.fail(this.at);
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.at, 4).getFloat32(0, true);
    this.at += 4;
    return v;
  }

  /** Skips a field's value of wire type `wire`. */
  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.at += 8;
    else if (wire === WIRE_LENGTH_DELIMITED) this.lengthDelimited();
    else if (wire === WIRE_FIXED32) this.at += 4;
    else throw this.fail(this.at);
    if (this.at > this.bytes.length) throw this.fail(this.at);
  }
}
