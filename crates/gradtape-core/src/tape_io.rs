//! Tape eviction: a tape's whole record as bytes and back. A tape that is dropped without
//! `gradient` or `dispose` would otherwise keep its saved tensors in wasm memory until a
//! FinalizationRegistry callback that never runs inside a synchronous loop; JavaScript instead
//! moves the bytes into a garbage-collected ArrayBuffer and frees the wasm tape, and restores it
//! from the bytes if the tape is used again. `tape_saved_bytes` tells it when eviction pays.
//!
//! # Byte format (version 2)
//!
//! Integers are unsigned LEB128 varints except those marked `byte`; element data is raw
//! little-endian (4 bytes per float32 or int32 element, 8 per float64, 1 per bool).
//!
//! ```text
//! magic     "GTT" and the version byte 2
//! flags     byte: bit 0 persistent, bit 1 used up; the other bits are 0
//! tracked   count, then each tracked tensor id
//! buffers   count, then per buffer: dtype code (byte), element count, the elements
//! tensors   count, then per tensor: id, buffer index, rank, the dims
//! nodes     count, then per node: op (table code, parameter count, parameters as f64; see
//!           `put_op`), input count,
//!           input tensor indices, output tensor index
//! ```
//!
//! A buffer is written once per shared storage (`Rc`) and a tensor once per (id, storage, shape):
//! a reshape shares its input's storage under a new id, and a variable keeps its id while its
//! storage is replaced, so neither ids nor storage alone say what a node saved. Import rebuilds
//! the same sharing, so a restored tape holds no more memory than the original. A value the op's
//! gradient rule does not read is saved as its shape only: an empty buffer.

use crate::dtype::{try_with_capacity, Buffer, DType};
use crate::engine::{Engine, Tape, TapeId};
use crate::tracked::TrackedIds;
use crate::record::{Node, Record};
use crate::error::{Error, ErrorCode, Result};
use crate::fail;
use crate::op::{Op, ParamReader};
use crate::tensor::{Tensor, TensorId};
use std::collections::{HashMap, HashSet};
use std::mem::size_of;
use std::rc::Rc;

const MAGIC: &[u8; 4] = b"GTT\x02";
const PERSISTENT: u8 = 1;
const USED_UP: u8 = 2;

/// What an `Rc<Buffer>` costs besides its elements: the two reference counts and the enum.
const RC_OVERHEAD: usize = 2 * size_of::<usize>() + size_of::<Buffer>();

impl Engine {
    /// Bytes tape `id` keeps alive (some may also be held by tensors the user still has), as
    /// counted while it recorded: constant time, so JavaScript can ask whenever a tape stops.
    pub fn tape_saved_bytes(&mut self, id: TapeId) -> Result<usize> {
        let tape = self.tape(id)?;
        Ok(tape.saved_bytes + tape.tracked.heap_bytes())
    }
}

/// Bytes a tape of these nodes and tracked ids keeps alive, counted exactly: each distinct saved
/// buffer once, plus the nodes and the tracked-id set. Linear in the nodes; run when a tape is
/// restored.
fn exact_saved_bytes(nodes: &Vec<Node>, tracked: &TrackedIds) -> usize {
    let mut seen: HashSet<*const Buffer> = HashSet::new();
    let mut bytes = nodes.capacity() * size_of::<Node>() + tracked.heap_bytes();
    for node in nodes {
        bytes += node.inputs.capacity() * size_of::<Tensor>();
        for t in node.inputs.iter().chain([&node.output]) {
            bytes += t.shape.heap_bytes();
            if seen.insert(Rc::as_ptr(&t.buf)) {
                bytes += RC_OVERHEAD + t.buf.len() * t.dtype().byte_size();
            }
        }
    }
    bytes
}

impl Engine {
    /// Serializes tape `id` (format in the module doc). The tape is left as it was: the caller
    /// frees it once the bytes are copied out. A recording tape cannot be exported (its record is
    /// still growing).
    pub fn export_tape(&mut self, id: TapeId) -> Result<Vec<u8>> {
        if self.is_recording(id) {
            fail!(TapeState, "export_tape: GradientTape {id:#x} is recording; leave its context before evicting it.");
        }
        let Tape { persistent, used_up, record, tracked, .. } = self.tape(id)?;
        let flags = if *persistent { PERSISTENT } else { 0 } | if *used_up { USED_UP } else { 0 };
        // (Scalar nodes are written as the nodes they stand for.)
        let nodes: &[Node] = record.nodes();
        let table = Table::new(nodes);
        let mut count = Count(0);
        put_tape(&mut count, flags, tracked, nodes, &table);
        let mut out = Vec::new();
        if crate::alloc_mode::fallible(|| out.try_reserve_exact(count.0)).is_err() {
            fail!(
                OutOfMemory,
                "out of memory for the {} MiB needed to move a GradientTape's saved tensors to JavaScript. \
                 Call tape.dispose() (or use a non-persistent tape and call gradient()) when you are done \
                 with a tape, or lower tf.setMemoryBudget.",
                count.0 >> 20
            );
        }
        put_tape(&mut out, flags, tracked, nodes, &table);
        debug_assert_eq!(out.len(), count.0, "export_tape: size pass and write pass disagree");
        Ok(out)
    }

    /// Rebuilds a tape from `export_tape`'s bytes in a new slot (not recording), with every saved
    /// tensor under its original id and storage shared as before. Bytes that are truncated,
    /// corrupt or inconsistent give an InvalidArgument error.
    pub fn import_tape(&mut self, bytes: &[u8]) -> Result<TapeId> {
        let tape = decode(bytes)?;
        let id = self.new_tape(tape.persistent)?;
        *self.tape(id)? = tape;
        Ok(id)
    }
}

// ---- encoding --------------------------------------------------------------------------------------

/// The distinct buffers and tensors a tape saved, and which tensor each node slot refers to.
struct Table<'a> {
    buffers: Vec<&'a Buffer>,
    /// Each tensor with the index of its buffer.
    tensors: Vec<(&'a Tensor, usize)>,
    /// Tensor index of every node's inputs and then its output, node after node.
    slots: Vec<usize>,
}

impl<'a> Table<'a> {
    fn new(nodes: &'a [Node]) -> Table<'a> {
        let mut buffer_index: HashMap<*const Buffer, usize> = HashMap::new();
        let mut tensor_index: HashMap<(TensorId, *const Buffer, &'a [usize]), usize> = HashMap::new();
        let mut table = Table { buffers: Vec::new(), tensors: Vec::new(), slots: Vec::new() };
        for node in nodes {
            for t in node.inputs.iter().chain([&node.output]) {
                let ptr = Rc::as_ptr(&t.buf);
                let buffer = *buffer_index.entry(ptr).or_insert_with(|| {
                    table.buffers.push(&t.buf);
                    table.buffers.len() - 1
                });
                let tensor = *tensor_index.entry((t.id, ptr, &t.shape)).or_insert_with(|| {
                    table.tensors.push((t, buffer));
                    table.tensors.len() - 1
                });
                table.slots.push(tensor);
            }
        }
        table
    }
}

/// Where encoded bytes go: first a counter, for the exact size (so the output is allocated once,
/// fallibly), then the output.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
    fn put_elements(&mut self, buf: &Buffer);
}

struct Count(usize);

impl Sink for Count {
    fn put(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
    fn put_elements(&mut self, buf: &Buffer) {
        self.0 += buf.len() * buf.dtype().byte_size();
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
    fn put_elements(&mut self, buf: &Buffer) {
        match buf {
            Buffer::F32(v) => put_le(self, v),
            Buffer::F64(v) => put_le(self, v),
            Buffer::I32(v) => put_le(self, v),
            Buffer::Bool(v) => put_le(self, v),
        }
    }
}

/// Element types with a fixed-size little-endian encoding.
trait Le: Copy {
    const SIZE: usize;
    fn write(self, out: &mut [u8]);
    fn read(bytes: &[u8]) -> Self;
}

macro_rules! impl_le {
    ($t:ty) => {
        impl Le for $t {
            const SIZE: usize = size_of::<$t>();
            fn write(self, out: &mut [u8]) {
                out.copy_from_slice(&self.to_le_bytes());
            }
            fn read(bytes: &[u8]) -> $t {
                <$t>::from_le_bytes(std::array::from_fn(|i| bytes[i]))
            }
        }
    };
}
impl_le!(f32);
impl_le!(f64);
impl_le!(i32);
impl_le!(u8);

/// Appends the elements in place (the capacity was reserved up front), in fixed-size chunks the
/// compiler turns into a plain copy on little-endian targets.
fn put_le<T: Le>(out: &mut Vec<u8>, values: &[T]) {
    let start = out.len();
    out.resize(start + values.len() * T::SIZE, 0);
    for (chunk, &x) in out[start..].chunks_exact_mut(T::SIZE).zip(values) {
        x.write(chunk);
    }
}

fn put_var(w: &mut impl Sink, mut v: u64) {
    let mut bytes = [0u8; 10];
    let mut n = 0;
    loop {
        let low = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            bytes[n] = low;
            n += 1;
            break;
        }
        bytes[n] = low | 0x80;
        n += 1;
    }
    w.put(&bytes[..n]);
}

fn put_usize(w: &mut impl Sink, v: usize) {
    put_var(w, v as u64);
}

fn put_list(w: &mut impl Sink, values: &[usize]) {
    put_usize(w, values.len());
    for &v in values {
        put_usize(w, v);
    }
}

fn put_tape(w: &mut impl Sink, flags: u8, tracked: &TrackedIds, nodes: &[Node], table: &Table) {
    w.put(MAGIC);
    w.put(&[flags]);
    put_usize(w, tracked.len());
    for id in tracked.ids() {
        put_var(w, id);
    }
    put_usize(w, table.buffers.len());
    for buf in &table.buffers {
        w.put(&[buf.dtype() as u8]);
        put_usize(w, buf.len());
        w.put_elements(buf);
    }
    put_usize(w, table.tensors.len());
    for &(t, buffer) in &table.tensors {
        put_var(w, t.id);
        put_usize(w, buffer);
        put_list(w, &t.shape);
    }
    put_usize(w, nodes.len());
    let mut slots = table.slots.iter();
    for node in nodes {
        put_op(w, &node.op);
        put_usize(w, node.inputs.len());
        // One slot per input, then the output's (in `Table::new`'s order).
        for &slot in slots.by_ref().take(node.inputs.len() + 1) {
            put_usize(w, slot);
        }
    }
}

/// The op's table code, then its parameters as the ABI passes them: a count and that many f64
/// values (little-endian), decoded by `Op::decode`.
fn put_op(w: &mut impl Sink, op: &Op) {
    let mut params = Vec::new();
    let code = op.encode(&mut params);
    put_usize(w, code as usize);
    put_usize(w, params.len());
    for v in params {
        w.put(&v.to_le_bytes());
    }
}

// ---- decoding ----------------------------------------------------------------------------------------

fn corrupt(what: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        format!(
            "cannot restore an evicted GradientTape: its bytes are corrupt ({what}). They must be passed back \
             exactly as gt_tape_export produced them; if they were, this is a gradtape bug, please report it."
        ),
    )
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(corrupt(format!("truncated: {n} bytes wanted at offset {}, {} left", self.pos, self.remaining())));
        }
        self.pos += n;
        Ok(&self.bytes[self.pos - n..self.pos])
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn var(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let bits = (b & 0x7f) as u64;
            if shift == 63 && bits > 1 {
                break;
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(corrupt(format!("integer overflow before offset {}", self.pos)))
    }

    fn usize(&mut self) -> Result<usize> {
        let v = self.var()?;
        usize::try_from(v).map_err(|_| corrupt(format!("{v} does not fit in memory")))
    }

    /// A count of items that take at least `min_bytes` each, so no more than the rest of the
    /// input can hold: what is allocated from a count is bounded by the input's length.
    fn count(&mut self, min_bytes: usize) -> Result<usize> {
        let n = self.usize()?;
        match n.checked_mul(min_bytes) {
            Some(b) if b <= self.remaining() => Ok(n),
            _ => Err(corrupt(format!("a count of {n} with {} bytes left", self.remaining()))),
        }
    }

    fn index(&mut self, len: usize, what: &str) -> Result<usize> {
        let i = self.usize()?;
        if i >= len {
            return Err(corrupt(format!("{what} index {i} of {len}")));
        }
        Ok(i)
    }

    fn list(&mut self) -> Result<Vec<usize>> {
        let n = self.count(1)?;
        let mut out = try_with_capacity(n)?;
        for _ in 0..n {
            out.push(self.usize()?);
        }
        Ok(out)
    }

    fn elements<T: Le>(&mut self, len: usize) -> Result<Vec<T>> {
        let bytes = len.checked_mul(T::SIZE).ok_or_else(|| corrupt(format!("{len} elements")))?;
        let data = self.take(bytes)?;
        let mut out = try_with_capacity(len)?;
        out.extend(data.chunks_exact(T::SIZE).map(T::read));
        Ok(out)
    }

    fn buffer(&mut self) -> Result<Buffer> {
        let code = self.byte()?;
        let dtype = DType::from_code(code as u32).ok_or_else(|| corrupt(format!("dtype code {code}")))?;
        let len = self.usize()?;
        Ok(crate::with_dtype!(dtype, T => <T as crate::dtype::Typed>::wrap(self.elements::<T>(len)?)))
    }

    fn op(&mut self) -> Result<Op> {
        let code = self.usize()?;
        let n = self.count(8)?;
        let params: Vec<f64> = self.elements(n)?;
        let code = u32::try_from(code).map_err(|_| corrupt(format!("op code {code}")))?;
        Op::decode(code, &mut ParamReader::new(&params)).map_err(|e| corrupt(e.message))
    }
}

fn decode(bytes: &[u8]) -> Result<Tape> {
    let mut r = Reader { bytes, pos: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(corrupt("not gradtape tape bytes, or another format version"));
    }
    let flags = r.byte()?;
    if flags & !(PERSISTENT | USED_UP) != 0 {
        return Err(corrupt(format!("flags {flags:#x}")));
    }
    let mut tape = Tape {
        persistent: flags & PERSISTENT != 0,
        used_up: flags & USED_UP != 0,
        record: Record::default(),
        tracked: Default::default(),
        saved_bytes: 0,
    };

    let n = r.count(1)?;
    if crate::alloc_mode::fallible(|| tape.tracked.try_reserve(n)).is_err() {
        fail!(OutOfMemory, "out of memory restoring an evicted GradientTape; lower tf.setMemoryBudget or dispose tapes you no longer need.");
    }
    for _ in 0..n {
        tape.tracked.insert(r.var()?, false);
    }

    let n = r.count(2)?;
    let mut buffers: Vec<Rc<Buffer>> = try_with_capacity(n)?;
    for _ in 0..n {
        buffers.push(Rc::new(r.buffer()?));
    }

    let n = r.count(3)?;
    let mut tensors: Vec<Tensor> = try_with_capacity(n)?;
    for i in 0..n {
        let id = r.var()?;
        let buf = buffers[r.index(buffers.len(), "buffer")?].clone();
        let shape = r.list()?;
        // An empty buffer under a non-empty shape is a value saved as its shape only.
        if checked_size(&shape) != Some(buf.len()) && (!buf.is_empty() || checked_size(&shape).is_none()) {
            return Err(corrupt(format!("tensor {i} has shape {shape:?} but {} elements", buf.len())));
        }
        tensors.push(Tensor { id, shape: shape.into(), buf });
    }

    let n = r.count(3)?;
    let mut nodes: Vec<Node> = try_with_capacity(n)?;
    for i in 0..n {
        let op = r.op()?;
        let n_inputs = r.count(1)?;
        let mut inputs: Vec<Tensor> = try_with_capacity(n_inputs)?;
        for _ in 0..n_inputs {
            inputs.push(tensors[r.index(tensors.len(), "tensor")?].clone());
        }
        let output = tensors[r.index(tensors.len(), "tensor")?].clone();
        // The gradient rules index shapes by the op's parameters: a node this engine could not
        // have recorded is rejected here rather than panicking there.
        let refs: Vec<&Tensor> = inputs.iter().collect();
        let saves = op.saves();
        // (A custom node's output comes from JavaScript: no rule infers it.)
        let inferred = matches!(op, Op::Custom { .. })
            || crate::ops::infer(&op, &refs).is_ok_and(|m| m.shape == output.shape && m.dtype == output.dtype());
        let consistent = output.dtype().is_float()
            && inferred
            && (!saves.input() || inputs.iter().all(Tensor::has_data))
            && (!saves.output() || output.has_data());
        if !consistent {
            return Err(corrupt(format!("node {i} ({}) does not match its inputs and output", op.name())));
        }
        nodes.push(Node { op, inputs, output });
    }
    if r.remaining() != 0 {
        return Err(corrupt(format!("{} bytes after the last node", r.remaining())));
    }
    // The tracked tensors whose data a node holds are counted (as `exact_saved_bytes` counts them).
    for node in &nodes {
        for t in node.inputs.iter().chain([&node.output]).filter(|t| t.has_data()) {
            if let Some(counted) = tape.tracked.get_mut(t.id) {
                *counted = true;
            }
        }
    }
    tape.saved_bytes = exact_saved_bytes(&nodes, &tape.tracked);
    tape.record = Record::of_nodes(nodes);
    Ok(tape)
}

fn checked_size(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}
