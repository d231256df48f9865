//! Tape eviction: a tape's whole record as bytes and back. A tape that is dropped without
//! `gradient` or `dispose` would otherwise keep its saved tensors in wasm memory until a
//! FinalizationRegistry callback that never runs inside a synchronous loop; JavaScript instead
//! moves the bytes into a garbage-collected ArrayBuffer and frees the wasm tape, and restores it
//! from the bytes if the tape is used again. `tape_saved_bytes` tells it when eviction pays.
//!
//! # Byte format (version 1)
//!
//! Integers are unsigned LEB128 varints except those marked `byte`; element data is raw
//! little-endian (4 bytes per float32 or int32 element, 8 per float64).
//!
//! ```text
//! magic     "GTT" and the version byte 1
//! flags     byte: bit 0 persistent, bit 1 used up; the other bits are 0
//! tracked   count, then each tracked tensor id
//! buffers   count, then per buffer: dtype code (byte), element count, the elements
//! tensors   count, then per tensor: id, buffer index, rank, the dims
//! nodes     count, then per node: op (tag byte and parameters, see `put_op`), input count,
//!           input tensor indices, output tensor index
//! ```
//!
//! A buffer is written once per shared storage (`Rc`) and a tensor once per (id, storage, shape):
//! a reshape shares its input's storage under a new id, and a variable keeps its id while its
//! storage is replaced, so neither ids nor storage alone say what a node saved. Import rebuilds
//! the same sharing, so a restored tape holds no more memory than the original.

use crate::dtype::{try_with_capacity, Buffer, DType};
use crate::engine::{Engine, Node, Tape, TapeId};
use crate::error::{Error, ErrorCode, Result};
use crate::fail;
use crate::kernels::{BinaryKind, UnaryKind};
use crate::op::Op;
use crate::shape::broadcast_shapes;
use crate::tensor::{Tensor, TensorId};
use std::collections::{HashMap, HashSet};
use std::mem::size_of;
use std::rc::Rc;

const MAGIC: &[u8; 4] = b"GTT\x01";
const PERSISTENT: u8 = 1;
const USED_UP: u8 = 2;

/// What an `Rc<Buffer>` costs besides its elements: the two reference counts and the enum.
const RC_OVERHEAD: usize = 2 * size_of::<usize>() + size_of::<Buffer>();

impl Engine {
    /// Bytes tape `id` keeps alive (some may also be held by tensors the user still has), as
    /// counted while it recorded: constant time, so JavaScript can ask whenever a tape stops.
    pub fn tape_saved_bytes(&mut self, id: TapeId) -> Result<usize> {
        let tape = self.tape(id)?;
        Ok(tape.saved_bytes + tape.tracked.capacity() * (size_of::<TensorId>() + 1))
    }
}

/// Bytes `tape` keeps alive, counted exactly: each distinct saved buffer once, plus the nodes and
/// the tracked-id set. Linear in the nodes; run when a tape is restored.
fn exact_saved_bytes(tape: &Tape) -> usize {
    let mut seen: HashSet<*const Buffer> = HashSet::new();
    // A hash set entry is the id plus one control byte.
    let mut bytes =
        tape.nodes.capacity() * size_of::<Node>() + tape.tracked.capacity() * (size_of::<TensorId>() + 1);
    for node in &tape.nodes {
        bytes += node.inputs.capacity() * size_of::<Tensor>();
        for t in node.inputs.iter().chain([&node.output]) {
            bytes += t.shape.capacity() * size_of::<usize>();
            if seen.insert(Rc::as_ptr(&t.buf)) {
                bytes += RC_OVERHEAD + t.size() * t.dtype().byte_size();
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
        let tape = self.tape(id)?;
        let table = Table::new(tape);
        let mut count = Count(0);
        put_tape(&mut count, tape, &table);
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
        put_tape(&mut out, tape, &table);
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
    fn new(tape: &'a Tape) -> Table<'a> {
        let mut buffer_index: HashMap<*const Buffer, usize> = HashMap::new();
        let mut tensor_index: HashMap<(TensorId, *const Buffer, &'a [usize]), usize> = HashMap::new();
        let mut table = Table { buffers: Vec::new(), tensors: Vec::new(), slots: Vec::new() };
        for node in &tape.nodes {
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

fn put_tape(w: &mut impl Sink, tape: &Tape, table: &Table) {
    w.put(MAGIC);
    w.put(&[if tape.persistent { PERSISTENT } else { 0 } | if tape.used_up { USED_UP } else { 0 }]);
    put_usize(w, tape.tracked.len());
    for &id in &tape.tracked {
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
    put_usize(w, tape.nodes.len());
    let mut slots = table.slots.iter();
    for node in &tape.nodes {
        put_op(w, &node.op);
        put_usize(w, node.inputs.len());
        // One slot per input, then the output's (in `Table::new`'s order).
        for &slot in slots.by_ref().take(node.inputs.len() + 1) {
            put_usize(w, slot);
        }
    }
}

/// Op tags in the byte format. Encoding maps every `Op` to its tag and decoding matches every
/// tag, both exhaustively, so a new op does not compile until both directions handle it.
#[derive(Clone, Copy)]
enum Tag {
    Unary = 0,
    Binary = 1,
    Sum = 2,
    MatMul = 3,
    Reshape = 4,
    Transpose = 5,
    BroadcastTo = 6,
    Concat = 7,
    Slice = 8,
    Pad = 9,
    Cast = 10,
}

impl Tag {
    fn from_byte(byte: u8) -> Option<Tag> {
        Some(match byte {
            0 => Tag::Unary,
            1 => Tag::Binary,
            2 => Tag::Sum,
            3 => Tag::MatMul,
            4 => Tag::Reshape,
            5 => Tag::Transpose,
            6 => Tag::BroadcastTo,
            7 => Tag::Concat,
            8 => Tag::Slice,
            9 => Tag::Pad,
            10 => Tag::Cast,
            _ => return None,
        })
    }
}

fn unary_code(kind: UnaryKind) -> u8 {
    match kind {
        UnaryKind::Neg => 0,
        UnaryKind::Exp => 1,
        UnaryKind::Log => 2,
        UnaryKind::Sqrt => 3,
        UnaryKind::Abs => 4,
        UnaryKind::Step => 5,
    }
}

fn unary_kind(code: u8) -> Option<UnaryKind> {
    [UnaryKind::Neg, UnaryKind::Exp, UnaryKind::Log, UnaryKind::Sqrt, UnaryKind::Abs, UnaryKind::Step]
        .into_iter()
        .find(|&k| unary_code(k) == code)
}

fn binary_code(kind: BinaryKind) -> u8 {
    match kind {
        BinaryKind::Add => 0,
        BinaryKind::Sub => 1,
        BinaryKind::Mul => 2,
        BinaryKind::Div => 3,
        BinaryKind::Pow => 4,
    }
}

fn binary_kind(code: u8) -> Option<BinaryKind> {
    [BinaryKind::Add, BinaryKind::Sub, BinaryKind::Mul, BinaryKind::Div, BinaryKind::Pow]
        .into_iter()
        .find(|&k| binary_code(k) == code)
}

/// The tag byte, then the parameters in declaration order: kinds and dtypes as bytes, flags as
/// bytes 0/1, axes and dims as a count and the values, other numbers as varints.
fn put_op(w: &mut impl Sink, op: &Op) {
    match op {
        Op::Unary(kind) => w.put(&[Tag::Unary as u8, unary_code(*kind)]),
        Op::Binary(kind) => w.put(&[Tag::Binary as u8, binary_code(*kind)]),
        Op::Sum { axes, keepdims } => {
            w.put(&[Tag::Sum as u8]);
            put_list(w, axes);
            w.put(&[*keepdims as u8]);
        }
        Op::MatMul { transpose_a, transpose_b } => w.put(&[Tag::MatMul as u8, *transpose_a as u8, *transpose_b as u8]),
        Op::Reshape { shape } => {
            w.put(&[Tag::Reshape as u8]);
            put_list(w, shape);
        }
        Op::Transpose { perm } => {
            w.put(&[Tag::Transpose as u8]);
            put_list(w, perm);
        }
        Op::BroadcastTo { shape } => {
            w.put(&[Tag::BroadcastTo as u8]);
            put_list(w, shape);
        }
        Op::Concat { axis } => {
            w.put(&[Tag::Concat as u8]);
            put_usize(w, *axis);
        }
        Op::Slice { axis, start, len } => {
            w.put(&[Tag::Slice as u8]);
            for &v in [axis, start, len] {
                put_usize(w, v);
            }
        }
        Op::Pad { axis, before, after } => {
            w.put(&[Tag::Pad as u8]);
            for &v in [axis, before, after] {
                put_usize(w, v);
            }
        }
        Op::Cast { dtype } => w.put(&[Tag::Cast as u8, *dtype as u8]),
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

    fn flag(&mut self) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(corrupt(format!("flag byte {b} at offset {}", self.pos - 1))),
        }
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
        Ok(match dtype {
            DType::F32 => Buffer::F32(self.elements(len)?),
            DType::F64 => Buffer::F64(self.elements(len)?),
            DType::I32 => Buffer::I32(self.elements(len)?),
        })
    }

    fn op(&mut self) -> Result<Op> {
        let byte = self.byte()?;
        let tag = Tag::from_byte(byte).ok_or_else(|| corrupt(format!("op tag {byte}")))?;
        Ok(match tag {
            Tag::Unary => {
                let code = self.byte()?;
                Op::Unary(unary_kind(code).ok_or_else(|| corrupt(format!("unary kind {code}")))?)
            }
            Tag::Binary => {
                let code = self.byte()?;
                Op::Binary(binary_kind(code).ok_or_else(|| corrupt(format!("binary kind {code}")))?)
            }
            Tag::Sum => Op::Sum { axes: self.list()?, keepdims: self.flag()? },
            Tag::MatMul => Op::MatMul { transpose_a: self.flag()?, transpose_b: self.flag()? },
            Tag::Reshape => Op::Reshape { shape: self.list()? },
            Tag::Transpose => Op::Transpose { perm: self.list()? },
            Tag::BroadcastTo => Op::BroadcastTo { shape: self.list()? },
            Tag::Concat => Op::Concat { axis: self.usize()? },
            Tag::Slice => Op::Slice { axis: self.usize()?, start: self.usize()?, len: self.usize()? },
            Tag::Pad => Op::Pad { axis: self.usize()?, before: self.usize()?, after: self.usize()? },
            Tag::Cast => {
                let code = self.byte()?;
                Op::Cast { dtype: DType::from_code(code as u32).ok_or_else(|| corrupt(format!("dtype code {code}")))? }
            }
        })
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
        nodes: Vec::new(),
        tracked: Default::default(),
        saved_bytes: 0,
    };

    let n = r.count(1)?;
    if crate::alloc_mode::fallible(|| tape.tracked.try_reserve(n)).is_err() {
        fail!(OutOfMemory, "out of memory restoring an evicted GradientTape; lower tf.setMemoryBudget or dispose tapes you no longer need.");
    }
    for _ in 0..n {
        tape.tracked.insert(r.var()?);
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
        if checked_size(&shape) != Some(buf.len()) {
            return Err(corrupt(format!("tensor {i} has shape {shape:?} but {} elements", buf.len())));
        }
        tensors.push(Tensor { id, shape, buf });
    }

    let n = r.count(3)?;
    tape.nodes = try_with_capacity(n)?;
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
        let consistent = output.dtype().is_float()
            && infer(&op, &inputs).is_some_and(|(shape, dtype)| shape == output.shape && dtype == output.dtype());
        if !consistent {
            return Err(corrupt(format!("node {i} ({}) does not match its inputs and output", op.name())));
        }
        tape.nodes.push(Node { op, inputs, output });
    }
    if r.remaining() != 0 {
        return Err(corrupt(format!("{} bytes after the last node", r.remaining())));
    }
    tape.saved_bytes = exact_saved_bytes(&tape);
    Ok(tape)
}

fn checked_size(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

/// The output shape and dtype `op` gives for `inputs`, or None where it cannot apply to them:
/// the checks of the forward ops, on shapes only, with checked arithmetic.
fn infer(op: &Op, inputs: &[Tensor]) -> Option<(Vec<usize>, DType)> {
    let x = inputs.first()?;
    let (shape, dtype, rank) = (&x.shape, x.dtype(), x.rank());
    let one = inputs.len() == 1;
    let same_dtype = inputs.iter().all(|t| t.dtype() == dtype);
    if !same_dtype {
        return None;
    }
    let out = match op {
        Op::Unary(_) => one.then(|| shape.clone())?,
        Op::Binary(_) => {
            let [a, b] = inputs else { return None };
            broadcast_shapes("", &a.shape, &b.shape).ok()?
        }
        Op::Sum { axes, keepdims } => {
            let valid = one && axes.windows(2).all(|w| w[0] < w[1]) && axes.iter().all(|&a| a < rank);
            if !valid {
                return None;
            }
            let kept = shape.iter().enumerate().filter(|(i, _)| *keepdims || !axes.contains(i));
            kept.map(|(i, &d)| if axes.contains(&i) { 1 } else { d }).collect()
        }
        Op::MatMul { transpose_a, transpose_b } => {
            let [a, b] = inputs else { return None };
            let (ar, br) = (a.rank(), b.rank());
            if ar < 2 || br < 2 {
                return None;
            }
            let (m, ka) = if *transpose_a { (a.shape[ar - 1], a.shape[ar - 2]) } else { (a.shape[ar - 2], a.shape[ar - 1]) };
            let (kb, n) = if *transpose_b { (b.shape[br - 1], b.shape[br - 2]) } else { (b.shape[br - 2], b.shape[br - 1]) };
            if ka != kb {
                return None;
            }
            let mut out = broadcast_shapes("", &a.shape[..ar - 2], &b.shape[..br - 2]).ok()?;
            out.extend([m, n]);
            out
        }
        Op::Reshape { shape: to } => (one && checked_size(to) == Some(x.size())).then(|| to.clone())?,
        Op::Transpose { perm } => {
            let mut seen = vec![false; rank];
            let valid = one
                && perm.len() == rank
                && perm.iter().all(|&p| p < rank && !std::mem::replace(&mut seen[p], true));
            valid.then(|| perm.iter().map(|&p| shape[p]).collect())?
        }
        Op::BroadcastTo { shape: to } => {
            let valid = one
                && to.len() >= rank
                && shape.iter().zip(&to[to.len() - rank..]).all(|(&d, &t)| d == t || d == 1);
            valid.then(|| to.clone())?
        }
        Op::Concat { axis } => {
            let matches = |t: &Tensor| t.rank() == rank && (0..rank).all(|d| d == *axis || t.shape[d] == shape[d]);
            if *axis >= rank || !inputs.iter().all(matches) {
                return None;
            }
            let mut out = shape.clone();
            out[*axis] = inputs.iter().try_fold(0usize, |acc, t| acc.checked_add(t.shape[*axis]))?;
            out
        }
        Op::Slice { axis, start, len } => {
            if !one || *axis >= rank || start.checked_add(*len).is_none_or(|end| end > shape[*axis]) {
                return None;
            }
            let mut out = shape.clone();
            out[*axis] = *len;
            out
        }
        Op::Pad { axis, before, after } => {
            if !one || *axis >= rank {
                return None;
            }
            let mut out = shape.clone();
            out[*axis] = shape[*axis].checked_add(*before)?.checked_add(*after)?;
            out
        }
        Op::Cast { dtype: to } => return one.then(|| (shape.clone(), *to)),
    };
    Some((out, dtype))
}
