// A minimal HDF5 reader: the groups, datasets and attributes of the files h5py writes with its
// default settings (libver 'earliest'), which is how Keras writes `.weights.h5`, the
// `model.weights.h5` inside `.keras` archives and Keras 2's legacy `.h5` files. Everything is read
// from one Uint8Array; any feature outside this subset is an Hdf5Error that names it.
//
// Format facts (HDF5 File Format Specification version 3.0; all integers little-endian; O = the
// superblock's "size of offsets", L = its "size of lengths", both 8 in h5py's files; an address of
// all 1 bits is "undefined"):
//
// Superblock v0/v1, at byte 0:
//   0 signature \x89 H D F \r \n \x1a \n   8 superblock version   9 free-space version
//   10 root symbol table entry version   11 reserved   12 shared header version   13 O   14 L
//   15 reserved   16 u16 group leaf K   18 u16 group internal K   20 u32 consistency flags
//   (v1 only: 24 u16 indexed storage K, 26 u16 reserved)   then base address (O), free-space
//   address (O), end-of-file address (O), driver info address (O), root group symbol table entry.
// Superblock v2/v3: 8 version  9 O  10 L  11 flags  12 base address (O)  superblock extension
//   address (O)  end-of-file address (O)  root group object header address (O)  u32 checksum.
// Symbol table entry: link name offset (O)  object header address (O)  u32 cache type
//   u32 reserved  16 bytes scratch-pad.
// Object header v1: 0 version 1  1 reserved  2 u16 message count  4 u32 reference count
//   8 u32 header size  12 reserved (to 16), then messages: u16 type  u16 size  u8 flags
//   3 reserved  data (size bytes, a multiple of 8). A continuation message (0x10) points at more
//   messages: address (O), length (L).
// Object header v2: "OHDR"  u8 version 2  u8 flags  (u32 ×4 times if flags bit 5)  (u16 ×2
//   attribute phase change if flags bit 4)  chunk-0 size (1, 2, 4 or 8 bytes by flags bits 0-1)
//   messages: u8 type  u16 size  u8 flags  (u16 creation order if flags bit 2)  data; u32
//   checksum. Continuation blocks start "OCHK" and end in a checksum.
// Groups are either a symbol table message (0x11: v1 B-tree address (O), local heap address (O)):
//   v1 B-tree node "TREE" u8 type (0 = group) u8 level u16 entries  left sibling (O)  right
//   sibling (O)  then key (L), child (O), key, child, ..., key; level-0 children are symbol table
//   nodes "SNOD" u8 version 1  u8 reserved  u16 count  entries; local heap "HEAP" u8 version
//   3 reserved  data size (L)  free list offset (L)  data address (O), names NUL-terminated in it;
// or link messages (0x06) in the header, "compact" storage; dense storage (a fractal heap named by
//   a link info message, 0x02) is not read.

/** An HDF5 file this reader cannot read: not HDF5, damaged, or a feature outside its subset. */
export class Hdf5Error extends Error {}

/** An attribute's value: a number or string, or an array of them (its shape flattened). */
export type Hdf5AttributeValue = number | string | (number | string)[];

/** The element types of datasets this reader gives values of. */
export type Hdf5Dtype = 'float16' | 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'bool';

export interface Hdf5Group {
  kind: 'group';
  /** Its path from the root ('' for the root, else 'layers/dense/vars'). */
  path: string;
  attributes: Map<string, Hdf5AttributeValue>;
  /** Its members by name, in the order the file lists them (by name for symbol tables). */
  children: Map<string, Hdf5Group | Hdf5Dataset>;
}

export interface Hdf5Dataset {
  kind: 'dataset';
  path: string;
  attributes: Map<string, Hdf5AttributeValue>;
  shape: number[];
  dtype: Hdf5Dtype;
  /** Its values in row-major order: float16 widened to float32, 64-bit integers as float64. */
  read(): Float32Array | Float64Array | Int32Array | Uint32Array;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether `bytes` start with HDF5's signature (the superblock at byte 0, as h5py writes it). */
export function isHdf5(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** The parsed datatype message: how one element is stored. */
interface Datatype {
  cls: number;
  size: number;
  littleEndian: boolean;
  signed: boolean;
  /** For variable-length types: whether a string (else a sequence), and its base type. */
  vlenString?: boolean;
  base?: Datatype;
}

interface Dataspace {
  shape: number[];
}

/** Where a dataset's values are; an unsupported layout is kept as its error, thrown on `read()`. */
type Layout = { kind: 'compact'; data: Uint8Array } | { kind: 'contiguous'; address: number; size: number } | { kind: 'unsupported'; error: Hdf5Error };

/** The messages of one object header this reader uses. */
interface ObjectHeader {
  datatype?: Datatype;
  dataspace?: Dataspace;
  layout?: Layout;
  hasFilters: boolean;
  symbolTable?: { btree: number; heap: number };
  links: [string, number][];
  denseLinks: boolean;
  attributes: Map<string, Hdf5AttributeValue>;
}

/**
 * The file's root group, read from `bytes` (the whole file). Groups and attributes are read now;
 * datasets' values when their `read()` is called.
 */
export function readHdf5(bytes: Uint8Array): Hdf5Group {
  return new Reader(bytes).root();
}

class Reader {
  private readonly view: DataView;
  private offsetSize = 8;
  private lengthSize = 8;
  private baseAddress = 0;
  /** Object headers being read, to refuse a group that contains itself. */
  private readonly open = new Set<number>();

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  root(): Hdf5Group {
    if (!isHdf5(this.bytes)) throw new Hdf5Error('not an HDF5 file (it does not start with the HDF5 signature \\x89HDF\\r\\n\\x1a\\n)');
    const version = this.u8(8);
    let rootHeader: number;
    if (version === 0 || version === 1) {
      this.offsetSize = this.u8(13);
      this.lengthSize = this.u8(14);
      this.checkSizes();
      let at = version === 0 ? 24 : 28;
      this.baseAddress = this.offset(at);
      at += 4 * this.offsetSize; // base, free-space, end-of-file and driver info addresses
      rootHeader = this.offset(at + this.offsetSize); // the root entry's object header address
    } else if (version === 2 || version === 3) {
      this.offsetSize = this.u8(9);
      this.lengthSize = this.u8(10);
      this.checkSizes();
      this.baseAddress = this.offset(12);
      rootHeader = this.offset(12 + 3 * this.offsetSize);
    } else {
      throw new Hdf5Error(`superblock version ${version} is not supported (versions 0 to 3 are)`);
    }
    if (this.baseAddress !== 0) throw new Hdf5Error('a base address other than 0 (a file embedded after other data) is not supported');
    return this.group(rootHeader, '');
  }

  private checkSizes(): void {
    if (![2, 4, 8].includes(this.offsetSize) || ![2, 4, 8].includes(this.lengthSize)) {
      throw new Hdf5Error(`offsets of ${this.offsetSize} bytes and lengths of ${this.lengthSize} bytes are not supported`);
    }
  }

  // --- bytes ---------------------------------------------------------------------------------

  private need(at: number, length: number): void {
    if (!Number.isSafeInteger(at) || at < 0 || at + length > this.bytes.byteLength) {
      throw new Hdf5Error(`the file is truncated or damaged: it needs bytes ${at} to ${at + length} but has ${this.bytes.byteLength}`);
    }
  }

  private u8(at: number): number { this.need(at, 1); return this.view.getUint8(at); }
  private u16(at: number): number { this.need(at, 2); return this.view.getUint16(at, true); }
  private u32(at: number): number { this.need(at, 4); return this.view.getUint32(at, true); }

  /** An unsigned integer of `size` bytes; undefined (all 1 bits) as -1. */
  private uint(at: number, size: number): number {
    this.need(at, size);
    if (size === 8) {
      const low = this.view.getUint32(at, true);
      const high = this.view.getUint32(at + 4, true);
      if (low === 0xffffffff && high === 0xffffffff) return -1;
      if (high >= 0x200000) throw new Hdf5Error(`a value past 2^53 at byte ${at} (the file is damaged)`);
      return high * 0x100000000 + low;
    }
    const value = size === 4 ? this.view.getUint32(at, true) : size === 2 ? this.view.getUint16(at, true) : this.view.getUint8(at);
    return value === 2 ** (8 * size) - 1 ? -1 : value;
  }

  private offset(at: number): number { return this.uint(at, this.offsetSize); }
  private length(at: number): number { return this.uint(at, this.lengthSize); }

  private signature(at: number, text: string, what: string): void {
    this.need(at, 4);
    const found = String.fromCharCode(...this.bytes.subarray(at, at + 4));
    if (found !== text) throw new Hdf5Error(`the file is damaged: expected the ${what} signature "${text}" at byte ${at}`);
  }

  /** A NUL-terminated string at `at`, not past `end`. */
  private cString(at: number, end: number): string {
    let stop = at;
    while (stop < end && this.u8(stop) !== 0) stop++;
    return new TextDecoder().decode(this.bytes.subarray(at, stop));
  }

  // --- objects -------------------------------------------------------------------------------

  private group(address: number, path: string): Hdf5Group {
    const header = this.objectHeader(address, path);
    const out: Hdf5Group = { kind: 'group', path, attributes: header.attributes, children: new Map() };
    if (header.denseLinks) throw new Hdf5Error(`group '/${path}' keeps its links in dense storage (a fractal heap), which is not supported`);
    const entries = header.symbolTable !== undefined ? this.symbolTableEntries(header.symbolTable.btree, header.symbolTable.heap, path) : header.links;
    if (this.open.has(address)) throw new Hdf5Error(`group '/${path}' contains itself`);
    this.open.add(address);
    for (const [name, child] of entries) out.children.set(name, this.object(child, path === '' ? name : `${path}/${name}`));
    this.open.delete(address);
    return out;
  }

  private object(address: number, path: string): Hdf5Group | Hdf5Dataset {
    const header = this.objectHeader(address, path);
    if (header.symbolTable !== undefined || header.layout === undefined) return this.group(address, path);
    return this.dataset(header, path);
  }

  private dataset(header: ObjectHeader, path: string): Hdf5Dataset {
    const { datatype, dataspace, layout } = header;
    if (datatype === undefined || dataspace === undefined || layout === undefined) throw new Hdf5Error(`dataset '/${path}' lacks its datatype or dataspace`);
    // A dataset this reader cannot read is still listed (its siblings may be wanted); read() says why.
    let unsupported: Hdf5Error | null = layout.kind === 'unsupported' ? layout.error : null;
    if (header.hasFilters) unsupported = new Hdf5Error(`dataset '/${path}' is filtered (compressed or checksummed), which is not supported`);
    let dtype: Hdf5Dtype = 'float32';
    try {
      dtype = dtypeOf(datatype, `dataset '/${path}'`);
    } catch (e) {
      unsupported ??= e as Hdf5Error;
    }
    const count = dataspace.shape.reduce((a, b) => a * b, 1);
    return {
      kind: 'dataset',
      path,
      attributes: header.attributes,
      shape: dataspace.shape,
      dtype,
      read: () => {
        if (unsupported !== null) throw unsupported;
        if (layout.kind === 'unsupported') throw layout.error;
        const byteLength = count * datatype.size;
        let raw: Uint8Array;
        if (layout.kind === 'compact') {
          raw = layout.data;
        } else if (layout.address === -1) {
          raw = new Uint8Array(byteLength); // never written: h5py's fill value, zeros
        } else {
          this.need(layout.address, byteLength);
          raw = this.bytes.subarray(layout.address, layout.address + byteLength);
        }
        if (raw.byteLength < byteLength) throw new Hdf5Error(`dataset '/${path}' holds ${raw.byteLength} bytes, fewer than its ${count} elements need`);
        return decodeNumbers(raw, count, datatype);
      },
    };
  }

  /** The (name, object header address) pairs of a symbol-table group, walking its v1 B-tree. */
  private symbolTableEntries(btree: number, heap: number, path: string): [string, number][] {
    this.signature(heap, 'HEAP', 'local heap');
    const heapSize = this.length(heap + 8);
    const heapData = this.offset(heap + 8 + 2 * this.lengthSize);
    this.need(heapData, heapSize);
    const out: [string, number][] = [];
    const visit = (node: number, depth: number): void => {
      if (depth > 64) throw new Hdf5Error(`the B-tree of group '/${path}' is too deep (the file is damaged)`);
      this.signature(node, 'TREE', 'B-tree node');
      if (this.u8(node + 4) !== 0) throw new Hdf5Error(`group '/${path}' points at a B-tree of chunks, not of group nodes`);
      const level = this.u8(node + 5);
      const used = this.u16(node + 6);
      let at = node + 8 + 2 * this.offsetSize + this.lengthSize; // past the siblings and key 0
      for (let i = 0; i < used; i++, at += this.offsetSize + this.lengthSize) {
        const child = this.offset(at);
        if (level > 0) visit(child, depth + 1);
        else this.symbolNode(child, heapData, heapData + heapSize, out);
      }
    };
    visit(btree, 0);
    return out;
  }

  private symbolNode(node: number, heapData: number, heapEnd: number, out: [string, number][]): void {
    this.signature(node, 'SNOD', 'symbol table node');
    const count = this.u16(node + 6);
    const entrySize = 2 * this.offsetSize + 24;
    for (let i = 0; i < count; i++) {
      const entry = node + 8 + i * entrySize;
      out.push([this.cString(heapData + this.offset(entry), heapEnd), this.offset(entry + this.offsetSize)]);
    }
  }

  private objectHeader(address: number, path: string): ObjectHeader {
    const header: ObjectHeader = { hasFilters: false, links: [], denseLinks: false, attributes: new Map() };
    const where = `object '/${path}'`;
    this.need(address, 16);
    if (this.u8(address) === 1) {
      const messages = this.u16(address + 2);
      const blocks: [number, number][] = [[address + 16, this.u32(address + 8)]];
      let read = 0;
      for (let b = 0; b < blocks.length && read < messages; b++) {
        const [start, size] = blocks[b]!;
        for (let at = start; at + 8 <= start + size && read < messages; read++) {
          const type = this.u16(at);
          const length = this.u16(at + 2);
          this.message(header, type, this.u8(at + 4), at + 8, length, where, blocks);
          at += 8 + length;
        }
      }
      return header;
    }
    this.signature(address, 'OHDR', 'object header');
    if (this.u8(address + 4) !== 2) throw new Hdf5Error(`${where} has object header version ${this.u8(address + 4)}, which is not supported`);
    const flags = this.u8(address + 5);
    let at = address + 6 + (flags & 0x20 ? 16 : 0) + (flags & 0x10 ? 4 : 0);
    const sizeBytes = 1 << (flags & 3);
    const blocks: [number, number][] = [[at + sizeBytes, this.uint(at, sizeBytes)]];
    for (let b = 0; b < blocks.length; b++) {
      const [start, size] = blocks[b]!;
      const end = start + size - 4; // the checksum
      const messageHead = 4 + (flags & 0x04 ? 2 : 0);
      for (at = start; at + messageHead <= end;) {
        const type = this.u8(at);
        const length = this.u16(at + 1);
        this.message(header, type, this.u8(at + 3), at + messageHead, length, where, blocks, true);
        at += messageHead + length;
      }
    }
    return header;
  }

  /** Reads one header message into `header`. */
  private message(header: ObjectHeader, type: number, flags: number, at: number, length: number, where: string, blocks: [number, number][], v2 = false): void {
    this.need(at, length);
    if (flags & 0x02 && type !== 0) throw new Hdf5Error(`${where} uses a shared (committed) message of type ${type}, which is not supported`);
    switch (type) {
      case 0x0001: header.dataspace = this.dataspaceAt(at, where); break;
      case 0x0002: header.denseLinks ||= this.offset(at + 2 + (this.u8(at + 1) & 1 ? 8 : 0)) !== -1; break; // link info: fractal heap address
      case 0x0003: header.datatype = this.datatypeAt(at, where); break;
      case 0x0006: this.link(header, at, where); break;
      case 0x0008:
        try {
          header.layout = this.layoutAt(at, where);
        } catch (e) {
          if (!(e instanceof Hdf5Error)) throw e;
          header.layout = { kind: 'unsupported', error: e };
        }
        break;
      case 0x000b: header.hasFilters = true; break;
      case 0x000c: this.attribute(header, at, where); break;
      case 0x0010: {
        const address = this.offset(at);
        const size = this.length(at + this.offsetSize);
        // (A continuation that leads back to a block already read would be read forever.)
        if (blocks.some(([start]) => start === address || start === address + 4)) throw new Hdf5Error(`${where} has a header continuation that leads back to itself (the file is damaged)`);
        if (v2) {
          this.signature(address, 'OCHK', 'object header continuation');
          blocks.push([address + 4, size - 4]);
        } else {
          blocks.push([address, size]);
        }
        break;
      }
      case 0x0011: header.symbolTable = { btree: this.offset(at), heap: this.offset(at + this.offsetSize) }; break;
      default: break; // NIL, fill value, modification time, comments, ...: not needed to read the data
    }
  }

  /** A link message (v1): a hard link's name and object header address. */
  private link(header: ObjectHeader, at: number, where: string): void {
    const flags = this.u8(at + 1);
    let p = at + 2;
    const linkType = flags & 0x08 ? this.u8(p++) : 0;
    if (flags & 0x04) p += 8; // creation order
    if (flags & 0x10) p += 1; // name character set
    const nameSize = 1 << (flags & 3);
    const nameLength = this.uint(p, nameSize);
    p += nameSize;
    this.need(p, nameLength);
    const name = new TextDecoder().decode(this.bytes.subarray(p, p + nameLength));
    if (linkType !== 0) throw new Hdf5Error(`${where} has a ${linkType === 1 ? 'soft' : 'external'} link '${name}', which is not supported`);
    header.links.push([name, this.offset(p + nameLength)]);
  }

  private dataspaceAt(at: number, where: string): Dataspace {
    const version = this.u8(at);
    const rank = this.u8(at + 1);
    let p: number;
    if (version === 1) {
      p = at + 8;
    } else if (version === 2) {
      if (this.u8(at + 3) === 2) return { shape: [0] }; // a null dataspace: no elements
      p = at + 4;
    } else {
      throw new Hdf5Error(`${where} has dataspace version ${version}, which is not supported`);
    }
    const shape: number[] = [];
    for (let i = 0; i < rank; i++) shape.push(this.length(p + i * this.lengthSize));
    return { shape };
  }

  private datatypeAt(at: number, where: string): Datatype {
    const classAndVersion = this.u8(at);
    const cls = classAndVersion & 0x0f;
    const bits = this.u8(at + 1) | (this.u8(at + 2) << 8);
    const size = this.u32(at + 4);
    const type: Datatype = { cls, size, littleEndian: (bits & 1) === 0, signed: (bits & 0x08) !== 0 };
    if (cls === 9) {
      type.vlenString = (bits & 0x0f) === 1;
      type.base = this.datatypeAt(at + 8, where);
    } else if (cls === 8) {
      type.base = this.datatypeAt(at + 8, where); // an enumeration (h5py's bool): its base integer
    } else if (![0, 1, 3].includes(cls)) {
      throw new Hdf5Error(`${where} has a datatype of class ${DATATYPE_CLASSES[cls] ?? cls}, which is not supported`);
    }
    return type;
  }

  private layoutAt(at: number, where: string): Layout {
    const version = this.u8(at);
    if (version < 3 || version > 5) throw new Hdf5Error(`${where} has data layout version ${version}, which is not supported (3 to 5 are)`);
    const layoutClass = this.u8(at + 1);
    if (layoutClass === 0) {
      const size = this.u16(at + 2);
      this.need(at + 4, size);
      return { kind: 'compact', data: this.bytes.subarray(at + 4, at + 4 + size) };
    }
    if (layoutClass === 1) return { kind: 'contiguous', address: this.offset(at + 2), size: this.length(at + 2 + this.offsetSize) };
    throw new Hdf5Error(`${where} stores its data ${layoutClass === 2 ? 'in chunks' : layoutClass === 3 ? 'virtually' : `in layout class ${layoutClass}`}, which is not supported (compact and contiguous datasets are)`);
  }

  /** An attribute message (v1 pads its parts to 8 bytes; v2 and v3 do not). */
  private attribute(header: ObjectHeader, at: number, where: string): void {
    const version = this.u8(at);
    if (version < 1 || version > 3) throw new Hdf5Error(`${where} has attribute message version ${version}, which is not supported`);
    const nameSize = this.u16(at + 2);
    const typeSize = this.u16(at + 4);
    const spaceSize = this.u16(at + 6);
    const pad = (n: number) => (version === 1 ? (n + 7) & ~7 : n);
    let p = at + (version === 3 ? 9 : 8);
    const name = this.cString(p, p + nameSize);
    p += pad(nameSize);
    const type = this.datatypeAt(p, `${where}'s attribute '${name}'`);
    p += pad(typeSize);
    const space = this.dataspaceAt(p, `${where}'s attribute '${name}'`);
    p += pad(spaceSize);
    const count = space.shape.reduce((a, b) => a * b, 1);
    const values = this.attributeValues(p, count, type, `${where}'s attribute '${name}'`);
    header.attributes.set(name, space.shape.length === 0 ? values[0]! : values);
  }

  private attributeValues(at: number, count: number, type: Datatype, where: string): (number | string)[] {
    const out: (number | string)[] = [];
    if (type.cls === 3) {
      // Fixed-length strings, NUL-padded (or space-padded; trailing spaces dropped then too).
      for (let i = 0; i < count; i++) out.push(this.cString(at + i * type.size, at + (i + 1) * type.size).replace(/ +$/, ''));
      return out;
    }
    if (type.cls === 9) {
      if (!type.vlenString) throw new Hdf5Error(`${where} is a variable-length sequence, which is not supported (strings are)`);
      // Each element: u32 length, then a global heap ID: collection address (O), u32 object index.
      const elementSize = 4 + this.offsetSize + 4;
      for (let i = 0; i < count; i++) {
        const e = at + i * elementSize;
        out.push(this.globalHeapString(this.offset(e + 4), this.u32(e + 4 + this.offsetSize), this.u32(e)));
      }
      return out;
    }
    this.need(at, count * type.size);
    return Array.from(decodeNumbers(this.bytes.subarray(at, at + count * type.size), count, type));
  }

  /** Object `index` of the global heap collection at `address`:
   *  "GCOL" u8 version 3 reserved  collection size (L), then objects: u16 index  u16 reference
   *  count  4 reserved  size (L)  data padded to 8 bytes; index 0 is the free space. */
  private globalHeapString(address: number, index: number, length: number): string {
    if (address === -1 || length === 0) return '';
    this.signature(address, 'GCOL', 'global heap');
    const end = address + this.length(address + 8);
    for (let at = address + 8 + this.lengthSize; at + 8 + this.lengthSize <= end;) {
      const id = this.u16(at);
      const size = this.length(at + 8);
      if (id === 0) break;
      const data = at + 8 + this.lengthSize;
      if (id === index) {
        this.need(data, Math.min(size, length));
        return new TextDecoder().decode(this.bytes.subarray(data, data + Math.min(size, length)));
      }
      at = data + ((size + 7) & ~7);
    }
    throw new Hdf5Error(`a string's global heap object ${index} is missing at byte ${address} (the file is damaged)`);
  }
}

const DATATYPE_CLASSES = ['fixed-point', 'floating-point', 'time', 'string', 'bit field', 'opaque', 'compound', 'reference', 'enumeration', 'variable-length', 'array'];

function dtypeOf(type: Datatype, where: string): Hdf5Dtype {
  if (type.cls === 8 && type.base?.cls === 0 && type.base.size === 1) return 'bool';
  if (type.cls === 1 && (type.size === 2 || type.size === 4 || type.size === 8)) return `float${type.size * 8}` as Hdf5Dtype;
  if (type.cls === 0 && [1, 2, 4, 8].includes(type.size)) return `${type.signed ? 'int' : 'uint'}${type.size * 8}` as Hdf5Dtype;
  throw new Hdf5Error(`${where} has ${type.size}-byte elements of ${DATATYPE_CLASSES[type.cls] ?? `class ${type.cls}`} type, which are not supported (floats and integers are)`);
}

/** `count` numbers of `type` from `raw`. */
function decodeNumbers(raw: Uint8Array, count: number, type: Datatype): Float32Array | Float64Array | Int32Array | Uint32Array {
  if (type.cls === 8) return decodeNumbers(raw, count, type.base!);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = type.littleEndian;
  const size = type.size;
  if (type.cls === 1 && size === 4) {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, le);
    return out;
  }
  if (type.cls === 1 && size === 8) {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, le);
    return out;
  }
  if (type.cls === 1 && size === 2) {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = halfToNumber(view.getUint16(2 * i, le));
    return out;
  }
  if (type.cls === 0 && size === 8) {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = Number(type.signed ? view.getBigInt64(8 * i, le) : view.getBigUint64(8 * i, le));
    return out;
  }
  if (type.cls === 0 && size === 4 && !type.signed) {
    const out = new Uint32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getUint32(4 * i, le);
    return out;
  }
  if (type.cls === 0) {
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = size === 4 ? view.getInt32(4 * i, le)
        : size === 2 ? (type.signed ? view.getInt16(2 * i, le) : view.getUint16(2 * i, le))
          : (type.signed ? view.getInt8(i) : view.getUint8(i));
    }
    return out;
  }
  throw new Hdf5Error(`elements of ${DATATYPE_CLASSES[type.cls] ?? `class ${type.cls}`} type cannot be read as numbers`);
}

/** An IEEE 754 half-precision value: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
