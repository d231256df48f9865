// A minimal HDF5 writer: groups, contiguous datasets of float32, float64 and int32, and scalar
// UTF-8 string attributes, laid out as h5py writes them with its default settings (libver
// 'earliest'), which is what Keras' `save_weights` makes. The output is deterministic (no
// timestamps), so the same tree gives the same bytes.
//
// Format facts (HDF5 File Format Specification version 3.0; ./hdf5.ts lists the structures this
// writes, as it reads them). Sizes of offsets and lengths are 8; everything is 8-byte aligned.
//   superblock v0 (96 bytes at 0), group leaf K 4 and internal K 16: a symbol table node holds up
//     to 2·4 entries, a B-tree node up to 2·16 children, and both are written at full size (the
//     library reads them so).
//   one global heap collection (at least 4096 bytes, the library's minimum) right after it, with
//     every attribute's string; the rest is its free-space object (index 0).
//   then each object after its members (so every address is known when written): a dataset's
//     data, then its object header v1 (dataspace v1, datatype, fill value v2, layout v3
//     contiguous); a group's members, its local heap (names NUL-terminated, padded to 8; offset 0
//     the empty name), its symbol table nodes (entries sorted by name bytes), its v1 B-tree
//     (level 0 over the nodes, more levels when it has over 32 of them; key i is the heap offset
//     of the last name under child i-1, key 0 the empty name) and its object header v1 (the
//     symbol table message, then the attribute messages v1).

/** What `writeHdf5` writes: a group's members by name, and its string attributes. */
export interface Hdf5GroupSource {
  kind: 'group';
  children: Map<string, Hdf5GroupSource | Hdf5DatasetSource>;
  /** Scalar UTF-8 string attributes (h5py's variable-length `str`), in order. */
  attributes?: Map<string, string>;
}

export interface Hdf5DatasetSource {
  kind: 'dataset';
  shape: readonly number[];
  /** The values in row-major order; the array's type is the dataset's. */
  data: Float32Array | Float64Array | Int32Array;
}

const UNDEFINED = -1; // an address of all 1 bits
const LEAF_K = 4;
const INTERNAL_K = 16;
const SNOD_SIZE = 8 + 2 * LEAF_K * 40;
const TREE_SIZE = 8 + 2 * 8 + (2 * INTERNAL_K + 1) * 8 + 2 * INTERNAL_K * 8;
const GLOBAL_HEAP_MIN_SIZE = 4096;
const HEAP_FREE_NULL = 1; // the library's "no free block" in a local heap's free-list offset

const align8 = (n: number): number => (n + 7) & ~7;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Byte order of HDF5's names in a symbol table (strcmp of their UTF-8). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** The bytes of an HDF5 file holding `root` and everything under it. */
export function writeHdf5(root: Hdf5GroupSource): Uint8Array {
  return new Writer().file(root);
}

/** A header message: its type, flags (1: constant) and data. */
type Message = [type: number, flags: number, data: Uint8Array];

/** A written object: its header address, and a group's B-tree and heap (a symbol table entry's
 * scratch pad). */
interface Written {
  header: number;
  table?: { btree: number; heap: number };
}

class Writer {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  private end = 0;
  private heapAddress = UNDEFINED;
  /** Each group's first attribute's index in the global heap (the others follow it). */
  private readonly firstString = new Map<Hdf5GroupSource, number>();

  file(root: Hdf5GroupSource): Uint8Array {
    const superblock = this.allocate(96);
    this.globalHeap(root);
    const written = this.group(root);
    this.bytes.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], superblock);
    // versions 0 (superblock, free space, root entry, reserved, shared header), sizes 8 and 8
    this.bytes.set([0, 0, 0, 0, 0, 8, 8, 0], superblock + 8);
    this.u16(superblock + 16, LEAF_K);
    this.u16(superblock + 18, INTERNAL_K);
    this.u64(superblock + 24, 0); // base address
    this.u64(superblock + 32, UNDEFINED); // free-space info
    this.u64(superblock + 40, this.end); // end of file
    this.u64(superblock + 48, UNDEFINED); // driver info
    this.entry(superblock + 56, 0, written);
    return this.bytes.slice(0, this.end);
  }

  // --- bytes ---------------------------------------------------------------------------------

  /** `size` zero bytes at the end of the file (8-aligned); their address. */
  private allocate(size: number): number {
    const at = align8(this.end);
    if (at + size > this.bytes.byteLength) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.byteLength, align8(at + size)));
      grown.set(this.bytes.subarray(0, this.end));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.end = at + size;
    return at;
  }

  private u16(at: number, value: number): void { this.view.setUint16(at, value, true); }
  private u32(at: number, value: number): void { this.view.setUint32(at, value, true); }
  /** An offset or length (8 bytes); UNDEFINED as all 1 bits. */
  private u64(at: number, value: number): void {
    this.view.setBigUint64(at, value === UNDEFINED ? 0xffffffffffffffffn : BigInt(value), true);
  }

  // --- the global heap: every attribute string, one object each ------------------------------

  private globalHeap(root: Hdf5GroupSource): void {
    const texts: Uint8Array[] = [];
    const collect = (group: Hdf5GroupSource): void => {
      this.firstString.set(group, texts.length + 1);
      for (const value of group.attributes?.values() ?? []) texts.push(utf8(value));
      for (const child of group.children.values()) if (child.kind === 'group') collect(child);
    };
    collect(root);
    if (texts.length === 0) return;
    // "GCOL" u8 version 1, 3 reserved, collection size; objects: u16 index, u16 reference count,
    // 4 reserved, size, data padded to 8; then the free space (index 0, its size counting its head).
    const used = 16 + texts.reduce((n, t) => n + 16 + align8(t.length), 0);
    const size = Math.max(GLOBAL_HEAP_MIN_SIZE, used + 16);
    const at = this.allocate(size);
    this.bytes.set(utf8('GCOL'), at);
    this.bytes[at + 4] = 1;
    this.u64(at + 8, size);
    let p = at + 16;
    texts.forEach((text, i) => {
      this.u16(p, i + 1);
      this.u64(p + 8, text.length);
      this.bytes.set(text, p + 16);
      p += 16 + align8(text.length);
    });
    this.u64(p + 8, at + size - p); // the free-space object
    this.heapAddress = at;
  }

  // --- objects -------------------------------------------------------------------------------

  /** A symbol table entry: name offset, object header address, cache type (1 with a group's
   * B-tree and heap in the scratch pad), reserved. */
  private entry(at: number, nameOffset: number, object: Written): void {
    this.u64(at, nameOffset);
    this.u64(at + 8, object.header);
    if (object.table !== undefined) {
      this.u32(at + 16, 1);
      this.u64(at + 24, object.table.btree);
      this.u64(at + 32, object.table.heap);
    }
  }

  /** An object header v1: u8 version 1, reserved, u16 message count, u32 reference count 1,
   * u32 size of the messages, 4 bytes padding; each message u16 type, u16 size, u8 flags,
   * 3 reserved, data padded to 8. */
  private objectHeader(messages: Message[]): number {
    const size = messages.reduce((n, [, , data]) => n + 8 + align8(data.length), 0);
    const at = this.allocate(16 + size);
    this.bytes[at] = 1;
    this.u16(at + 2, messages.length);
    this.u32(at + 4, 1);
    this.u32(at + 8, size);
    let p = at + 16;
    for (const [type, flags, data] of messages) {
      this.u16(p, type);
      this.u16(p + 2, align8(data.length));
      this.bytes[p + 4] = flags;
      this.bytes.set(data, p + 8);
      p += 8 + align8(data.length);
    }
    return at;
  }

  private dataset(source: Hdf5DatasetSource): Written {
    const { shape, data } = source;
    const count = shape.reduce((a, b) => a * b, 1);
    if (data.length !== count) throw new Error(`a dataset of shape [${shape.join(', ')}] needs ${count} values, got ${data.length}`);
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const address = raw.byteLength === 0 ? UNDEFINED : this.allocate(raw.byteLength);
    if (address !== UNDEFINED) this.bytes.set(raw, address); // (typed arrays are little-endian on every platform gradtape runs on)
    const layout = message(18, (v, b) => {
      b.set([3, 1]); // version 3, contiguous
      v.setBigUint64(2, address === UNDEFINED ? 0xffffffffffffffffn : BigInt(address), true);
      v.setBigUint64(10, BigInt(raw.byteLength), true);
    });
    // Fill value v2: allocation late, written if set, defined, size 0 (the default, zeros), as h5py.
    const fillValue = Uint8Array.of(2, 2, 2, 1, 0, 0, 0, 0);
    return { header: this.objectHeader([[0x01, 0, dataspace(shape)], [0x03, 1, datatype(data)], [0x05, 1, fillValue], [0x08, 0, layout]]) };
  }

  private group(source: Hdf5GroupSource): Written {
    const first = this.firstString.get(source) ?? 0;
    const attributes: Message[] = [...source.attributes ?? []].map(([name, value], i) => [0x0c, 0, this.stringAttribute(name, utf8(value).length, first + i)]);
    const members = [...source.children]
      .map(([name, child]) => ({ name: utf8(name), child }))
      .sort((a, b) => compareBytes(a.name, b.name));
    const written = members.map(({ child }) => (child.kind === 'group' ? this.group(child) : this.dataset(child)));

    // Local heap: "HEAP" u8 version 0, 3 reserved, data size, free-list offset, data address.
    const offsets: number[] = [];
    let heapSize = 8;
    for (const { name } of members) {
      offsets.push(heapSize);
      heapSize += align8(name.length + 1);
    }
    const heap = this.allocate(32 + heapSize);
    this.bytes.set(utf8('HEAP'), heap);
    this.u64(heap + 8, heapSize);
    this.u64(heap + 16, HEAP_FREE_NULL);
    this.u64(heap + 24, heap + 32);
    members.forEach(({ name }, i) => this.bytes.set(name, heap + 32 + offsets[i]!));

    // Symbol table nodes: "SNOD" u8 version 1, reserved, u16 entry count, 2·leaf K entries
    // (none for an empty group, whose B-tree has no children).
    type Child = { address: number; lastName: number };
    let children: Child[] = [];
    for (let start = 0; start < members.length; start += 2 * LEAF_K) {
      const count = Math.min(2 * LEAF_K, members.length - start);
      const node = this.allocate(SNOD_SIZE);
      this.bytes.set(utf8('SNOD'), node);
      this.bytes[node + 4] = 1;
      this.u16(node + 6, count);
      for (let i = 0; i < count; i++) this.entry(node + 8 + 40 * i, offsets[start + i]!, written[start + i]!);
      children.push({ address: node, lastName: offsets[start + count - 1]! });
    }
    // B-tree nodes, level by level, each level's nodes side by side (their siblings' addresses
    // known): "TREE" u8 type 0 (group), u8 level, u16 children, left and right sibling, then
    // key 0, child 0, key 1, ..., key n.
    let level = 0;
    do {
      const nodes: Child[] = [];
      const perNode = 2 * INTERNAL_K;
      const count = Math.max(1, Math.ceil(children.length / perNode));
      const first = this.allocate(count * TREE_SIZE);
      for (let n = 0; n < count; n++) {
        const node = first + n * TREE_SIZE;
        const own = children.slice(n * perNode, (n + 1) * perNode);
        this.bytes.set(utf8('TREE'), node);
        this.bytes[node + 5] = level;
        this.u16(node + 6, own.length);
        this.u64(node + 8, n === 0 ? UNDEFINED : node - TREE_SIZE);
        this.u64(node + 16, n === count - 1 ? UNDEFINED : node + TREE_SIZE);
        own.forEach((child, i) => {
          this.u64(node + 32 + 16 * i, child.address);
          this.u64(node + 40 + 16 * i, child.lastName);
        });
        nodes.push({ address: node, lastName: own.at(-1)?.lastName ?? 0 });
      }
      children = nodes;
      level++;
    } while (children.length > 1);

    const btree = children[0]!.address;
    const symbolTable = message(16, (v) => {
      v.setBigUint64(0, BigInt(btree), true);
      v.setBigUint64(8, BigInt(heap), true);
    });
    return { header: this.objectHeader([[0x11, 0, symbolTable], ...attributes]), table: { btree, heap } };
  }

  /** An attribute message v1 of a scalar variable-length UTF-8 string: u8 version 1, reserved,
   * u16 name size (with its NUL), u16 datatype size, u16 dataspace size, then the name, datatype
   * and dataspace each padded to 8, then the value: u32 length, global heap ID (collection
   * address, u32 index). */
  private stringAttribute(name: string, length: number, index: number): Uint8Array {
    const nameBytes = utf8(name);
    // Variable-length (class 9) string, null-terminated, UTF-8, of 16-byte elements; its base
    // type one unsigned byte (class 0, size 1, precision 8).
    const type = Uint8Array.of(0x19, 0x01, 0x01, 0x00, 16, 0, 0, 0, 0x10, 0, 0, 0, 1, 0, 0, 0, 0, 0, 8, 0);
    const space = dataspace([]);
    const at = 8 + align8(nameBytes.length + 1) + align8(type.length) + align8(space.length);
    return message(at + 16, (v, b) => {
      b.set([1, 0]);
      v.setUint16(2, nameBytes.length + 1, true);
      v.setUint16(4, type.length, true);
      v.setUint16(6, space.length, true);
      b.set(nameBytes, 8);
      b.set(type, 8 + align8(nameBytes.length + 1));
      b.set(space, at - align8(space.length));
      v.setUint32(at, length, true);
      v.setBigUint64(at + 4, BigInt(this.heapAddress), true);
      v.setUint32(at + 12, index, true);
    });
  }
}

/** `size` bytes filled by `fill`. */
function message(size: number, fill: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer), bytes);
  return bytes;
}

/** A dataspace message v1: version, rank, flags 0 (no maximum sizes), 5 reserved, the sizes
 * (rank 0: a scalar). */
function dataspace(shape: readonly number[]): Uint8Array {
  return message(8 + 8 * shape.length, (v, b) => {
    b.set([1, shape.length]);
    shape.forEach((d, i) => v.setBigUint64(8 + 8 * i, BigInt(d), true));
  });
}

/** A datatype message v1, little-endian: an IEEE float (class 1: bit fields mantissa
 * normalization "implied" and the sign bit's place; offset, precision, exponent place and size,
 * mantissa place and size, exponent bias) or a signed 32-bit integer (class 0). */
function datatype(data: Float32Array | Float64Array | Int32Array): Uint8Array {
  if (data instanceof Int32Array) return Uint8Array.of(0x10, 0x08, 0, 0, 4, 0, 0, 0, 0, 0, 32, 0);
  const double = data instanceof Float64Array;
  return message(20, (v, b) => {
    b.set([0x11, 0x20, double ? 63 : 31, 0]);
    v.setUint32(4, double ? 8 : 4, true);
    v.setUint16(10, double ? 64 : 32, true);
    b.set(double ? [52, 11, 0, 52] : [23, 8, 0, 23], 12);
    v.setUint32(16, double ? 1023 : 127, true);
  });
}
