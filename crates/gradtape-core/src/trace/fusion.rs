//! Fused chains: nodes of a program that apply unary or binary elementwise ops to values of one
//! shape and float dtype run as one pass over the data, a chunk at a time, instead of one pass
//! (and one new buffer) per op.
//!
//! A value that only other nodes of the chain read lives in a chunk-sized register and is never
//! stored whole; a value read after the chain, or returned, is written to a buffer of its own.
//! An operand from outside the chain is either whole (the chain's size) or one value broadcast
//! to all (size 1, or a constant whose elements are all the same: the gradient of a mean folded
//! to a constant); any other broadcast ends the chain. `broadcastTo` of one value (the gradient
//! of a mean or a sum) joins a chain as a fill.
//!
//! A chain of shape [m, 1] also takes the matrix-vector products of an [m, k] matrix from outside
//! the chain, so that a least-squares gradient reads its matrix once per chunk, from cache, not
//! twice from memory: `matmul(a, v)` with v [k, 1] is a *row dot* (element i is row i of a times
//! v), and `matmul(a, x, transposeA)` of a chain value x is a *row sum*, Σ_i x_i · row i of a, a
//! [k, 1] result added up over the chunks, which no instruction of the chain reads.
//!
//! Nodes between the chain's that neither join it nor are read by it (a loss's sum, between the
//! forward and backward ops of a training step) are *deferred*: they run after the chain, on its
//! stored values. Only nodes that compute (ops) are deferred, so reads, assignments and host steps
//! keep their order.
//!
//! Each op runs on each chunk with the same kernel as unfused, and the kernels compute every
//! element independently of its position (their SIMD body and tail run one algorithm; a
//! matrix-vector product's rows go in groups of at most four, and chunks start at multiples of
//! four rows); a row sum adds its rows in order (or in groups of `kernels::COLUMN_GROUP`, which
//! chunks keep whole) within blocks of `kernels::SUM_BLOCK` rows, and the blocks' sums in order,
//! as the transposed product does. So fused results equal unfused ones
//! bit for bit, and blocks of the pass can go to different threads.

use super::{Operand, ProgramNode, Step};
use crate::dtype::{Buffer, DType};
use crate::error::Result;
use crate::kernels::parallel::{self, SharedMut};
use crate::kernels::{self, Element, Flat};
use crate::op::{BinaryKind, Op, OutDType, UnaryKind};
use crate::ops::Meta;
use crate::shape::Shape;
use crate::tensor::Tensor;
use core::mem::MaybeUninit;
use std::rc::Rc;

pub(super) mod generated;
pub(super) mod step;

/// Elements per chunk: registers of a long chain stay in the L1 and L2 caches.
const CHUNK: usize = 512;
/// Rows per chunk of a chain with row products: the chunk's rows of the matrix (4 KB at eight
/// float32 columns) stay in L1 between the row dot and the row sum, beside the registers.
/// Measured on the 1,000,000×8 least-squares step: 512 rows 3.8 ms, 256 3.4, 128 3.2, 64 3.9.
const ROW_CHUNK: usize = 128;
// A row sum over the chunks equals the whole product's (`kernels::matvec_transposed_accumulate`).
const _: () = assert!(ROW_CHUNK.is_multiple_of(kernels::COLUMN_GROUP));
/// Elements per task of a long chain without row sums: a whole number of chunks of either size.
const PARALLEL_BLOCK: usize = 1 << 15;
/// Chains of at least this many elements share their blocks among threads, where there are workers.
const PARALLEL_CHAIN: usize = 1 << 16;

/// Where an instruction's operand comes from.
#[derive(Clone)]
enum Source {
    /// The result of instruction k of the chain.
    Register(usize),
    /// A value from outside the chain, whole.
    Whole(Operand),
    /// A value from outside the chain of one element, broadcast.
    Broadcast(Operand),
}

#[derive(Clone)]
enum Instruction {
    Unary(UnaryKind, Source),
    Binary(BinaryKind, Source, Source),
    /// `broadcastTo` of one value (a mean's or sum's gradient spread over its input).
    Fill(Source),
    /// `matmul(matrix, vector)` of an [m, k] matrix and a [k, 1] vector from outside the chain:
    /// element i is row i of the matrix times the vector.
    RowDot { matrix: Operand, vector: Operand, k: usize },
    /// `matmul(matrix, x, transposeA)` of an [m, k] matrix from outside the chain (k >= 2) and a
    /// chain value x: the [k, 1] sum of x_i times row i, added up chunk by chunk. No instruction
    /// reads it (it is whole only after the last chunk).
    RowSum { matrix: Operand, x: Source, k: usize },
}

/// A chain: `nodes[i]` is the node of instruction i, in program order; the chain is kept at its
/// first node, and `deferred` nodes between them run after it.
#[derive(Clone)]
pub(super) struct Fusion {
    /// Which of the program's chains this is (0, 1, ... in program order): its workspace's index.
    pub(super) ordinal: usize,
    shape: Shape,
    dtype: DType,
    instructions: Vec<Instruction>,
    pub(super) nodes: Vec<usize>,
    pub(super) deferred: Vec<usize>,
    /// Whether each instruction's value is stored whole (read after the chain or by a deferred
    /// node, or returned).
    pub(super) stored: Vec<bool>,
    /// The instructions that write a buffer: the stored ones and the row sums (a run prepares and
    /// hands over only these).
    written: Vec<usize>,
    /// Whether the chain has row products (it then runs in chunks of whole groups of rows), and
    /// row sums among them.
    rows: bool,
    row_sums: bool,
}

impl Fusion {
    /// The constants the chain's instructions hold.
    #[cfg(test)]
    pub(super) fn constants(&self) -> Vec<&Tensor> {
        fn operand(o: &Operand) -> Option<&Tensor> {
            match o {
                Operand::Constant(t) => Some(t),
                Operand::Value(_) => None,
            }
        }
        fn source(s: &Source) -> Option<&Tensor> {
            match s {
                Source::Whole(o) | Source::Broadcast(o) => operand(o),
                Source::Register(_) => None,
            }
        }
        let mut out = Vec::new();
        for i in &self.instructions {
            match i {
                Instruction::Unary(_, x) | Instruction::Fill(x) => out.extend(source(x)),
                Instruction::Binary(_, a, b) => out.extend(source(a).into_iter().chain(source(b))),
                Instruction::RowDot { matrix, vector, .. } => out.extend(operand(matrix).into_iter().chain(operand(vector))),
                Instruction::RowSum { matrix, x, .. } => out.extend(operand(matrix).into_iter().chain(source(x))),
            }
        }
        out
    }

    /// One past the chain's last node: the replay goes on there.
    pub(super) fn end(&self) -> usize {
        self.nodes.last().map_or(0, |last| last + 1)
    }

    /// The nodes whose values stay in registers: a replay never holds them (a row sum's value is
    /// always set, stored or not).
    pub(super) fn register_nodes(&self) -> impl Iterator<Item = usize> + '_ {
        let in_registers = |(k, &stored): (usize, &bool)| !stored && !matches!(self.instructions[k], Instruction::RowSum { .. });
        self.stored.iter().enumerate().filter(move |&k| in_registers(k)).map(|(k, _)| self.nodes[k])
    }
}

/// At most this many deferred nodes in a row: a long run of nodes that cannot join ends the chain
/// (and keeps planning linear in the program's length).
const MAX_DEFERRED_RUN: usize = 16;

/// The shape and dtype of every value of a program (None: a host step that makes no value).
fn value_metas(inputs: &[Meta], nodes: &[ProgramNode]) -> Vec<Option<Meta>> {
    let mut metas: Vec<Option<Meta>> = inputs.iter().cloned().map(Some).collect();
    for node in nodes {
        let operand_meta = |metas: &[Option<Meta>], o: &Operand| match o {
            Operand::Value(v) => metas[*v].clone(),
            Operand::Constant(t) => Some(Meta { shape: t.shape.clone(), dtype: t.dtype() }),
        };
        let meta = match &node.step {
            Step::Apply(_, meta) | Step::Read(_, meta) => Some(meta.clone()),
            Step::Host { value, .. } => value.clone(),
            Step::StopGradient | Step::Write(_) => operand_meta(&metas, &node.operands[0]),
        };
        metas.push(meta);
    }
    metas
}

/// The chains worth fusing (two nodes or more), each at its first node. Chains never cross
/// `first_stage`, where a two-stage replay stops.
pub(super) fn plan(inputs: &[Meta], nodes: &[ProgramNode], first_stage: usize, outputs: &[Operand]) -> Vec<Option<Fusion>> {
    let metas = value_metas(inputs, nodes);
    let n_inputs = inputs.len();
    // Who reads each value: a node (by index), or usize::MAX for the program's outputs.
    let mut readers: Vec<Vec<usize>> = vec![Vec::new(); metas.len()];
    for (j, node) in nodes.iter().enumerate() {
        for o in &node.operands {
            if let Operand::Value(v) = o {
                readers[*v].push(j);
            }
        }
    }
    for o in outputs {
        if let Operand::Value(v) = o {
            readers[*v].push(usize::MAX);
        }
    }
    let mut plans: Vec<Option<Fusion>> = vec![None; nodes.len()];
    let mut i = 0;
    while i < nodes.len() {
        let stage_end = if i < first_stage { first_stage } else { nodes.len() };
        match chain_from(i, stage_end, nodes, n_inputs, &metas) {
            Some(mut fusion) if fusion.nodes.len() >= 2 => {
                let end = fusion.end();
                fusion.ordinal = plans.iter().flatten().count();
                // A value is stored when a node outside the chain (or the caller) reads it.
                fusion.stored = fusion
                    .nodes
                    .iter()
                    .map(|&node| readers[n_inputs + node].iter().any(|r| fusion.nodes.binary_search(r).is_err()))
                    .collect();
                let row_sum = |i: &Instruction| matches!(i, Instruction::RowSum { .. });
                fusion.written = (0..fusion.nodes.len()).filter(|&k| fusion.stored[k] || row_sum(&fusion.instructions[k])).collect();
                fusion.rows = fusion.instructions.iter().any(|i| matches!(i, Instruction::RowDot { .. }) || row_sum(i));
                fusion.row_sums = fusion.instructions.iter().any(row_sum);
                plans[i] = Some(fusion);
                i = end;
            }
            _ => i += 1,
        }
    }
    plans
}

/// The chain that starts at node `start` (None when that node cannot start one), with the nodes
/// it defers; it ends before `stage_end`.
fn chain_from(start: usize, stage_end: usize, nodes: &[ProgramNode], n_inputs: usize, metas: &[Option<Meta>]) -> Option<Fusion> {
    let first = metas[n_inputs + start].clone()?;
    if crate::shape::size_of(&first.shape) == 0 {
        return None;
    }
    let mut fusion = Fusion {
        ordinal: 0,
        shape: first.shape,
        dtype: first.dtype,
        instructions: Vec::new(),
        nodes: Vec::new(),
        deferred: Vec::new(),
        stored: Vec::new(),
        written: Vec::new(),
        rows: false,
        row_sums: false,
    };
    let mut run = 0;
    for (j, node) in nodes.iter().enumerate().take(stage_end).skip(start) {
        if let Some(instruction) = instruction(node, &fusion, start, n_inputs, metas) {
            fusion.instructions.push(instruction);
            fusion.nodes.push(j);
            run = 0;
        } else if !fusion.nodes.is_empty() && matches!(node.step, Step::Apply(..) | Step::StopGradient) && run < MAX_DEFERRED_RUN {
            fusion.deferred.push(j);
            run += 1;
        } else {
            break;
        }
    }
    if fusion.nodes.is_empty() {
        return None;
    }
    let end = fusion.end();
    fusion.deferred.retain(|&d| d < end); // the nodes after the last instruction simply follow it
    Some(fusion)
}

/// Node `node` as the next instruction of `chain` (which starts at node `start`), if it fits.
fn instruction(node: &ProgramNode, chain: &Fusion, start: usize, n_inputs: usize, metas: &[Option<Meta>]) -> Option<Instruction> {
    let Step::Apply(op, out) = &node.step else { return None };
    if out.dtype != chain.dtype || !matches!(out.dtype, DType::F32 | DType::F64) {
        return None;
    }
    let size = crate::shape::size_of(&chain.shape);
    // An operand and where it comes from: Ok(k) for instruction k's value, Err for a value from
    // before the chain or a constant; None for a deferred node's value (not ready in the chain).
    let locate = |o: &Operand| -> Option<(Meta, std::result::Result<usize, ()>)> {
        match o {
            Operand::Value(v) if *v >= n_inputs + start => {
                let k = chain.nodes.binary_search(&(*v - n_inputs)).ok()?;
                Some((metas[*v].clone()?, Ok(k)))
            }
            Operand::Value(v) => Some((metas[*v].clone()?, Err(()))),
            Operand::Constant(t) => Some((Meta { shape: t.shape.clone(), dtype: t.dtype() }, Err(()))),
        }
    };
    let source = |o: &Operand| -> Option<Source> {
        let (meta, at) = locate(o)?;
        if meta.dtype != chain.dtype {
            return None;
        }
        match (at, crate::shape::size_of(&meta.shape)) {
            (Ok(k), n) if n == size && !matches!(chain.instructions[k], Instruction::RowSum { .. }) => Some(Source::Register(k)),
            (Ok(_), _) => None,
            (Err(()), 1) => Some(Source::Broadcast(o.clone())),
            (Err(()), n) if n == size => Some(match o {
                Operand::Constant(t) => uniform(t).map_or_else(|| Source::Whole(o.clone()), |one| Source::Broadcast(Operand::Constant(one))),
                Operand::Value(_) => Source::Whole(o.clone()),
            }),
            (Err(()), _) => None,
        }
    };
    // An [m, k] matrix from outside the chain, for a chain of shape [m, 1]: its k.
    let matrix = |o: &Operand| -> Option<usize> {
        let (meta, at) = locate(o)?;
        match (at, meta.shape.dims(), chain.shape.dims()) {
            (Err(()), &[m, k], &[rows, 1]) if m == rows && meta.dtype == chain.dtype => Some(k),
            _ => None,
        }
    };
    let elementwise = out.shape == chain.shape;
    match op {
        Op::Unary { kind } if elementwise && kind.spec_row().3 == OutDType::Same => match source(&node.operands[0])? {
            Source::Broadcast(_) => None, // (a unary op's operand has its result's size)
            x => Some(Instruction::Unary(*kind, x)),
        },
        // (an operand of the result's size is one value only when the result has one element)
        Op::BroadcastTo { .. } if elementwise => match source(&node.operands[0])? {
            x @ Source::Broadcast(_) => Some(Instruction::Fill(x)),
            x @ (Source::Register(_) | Source::Whole(_)) if size == 1 => Some(Instruction::Fill(x)),
            Source::Register(_) | Source::Whole(_) => None,
        },
        Op::Binary { kind } if elementwise && kind.spec_row().3 == OutDType::Same => {
            Some(Instruction::Binary(*kind, source(&node.operands[0])?, source(&node.operands[1])?))
        }
        Op::MatMul { transpose_a: false, transpose_b: false } if elementwise => {
            let k = matrix(&node.operands[0])?;
            let (vector, at) = locate(&node.operands[1])?;
            (at.is_err() && vector.shape == [k, 1] && vector.dtype == chain.dtype)
                .then(|| Instruction::RowDot { matrix: node.operands[0].clone(), vector: node.operands[1].clone(), k })
        }
        // k >= 2: the transposed product of a column (k = 1) is a dot product, summed in another order.
        Op::MatMul { transpose_a: true, transpose_b: false } if !chain.nodes.is_empty() => {
            let k = matrix(&node.operands[0]).filter(|&k| k >= 2 && out.shape == [k, 1])?;
            match source(&node.operands[1])? {
                x @ Source::Register(_) => Some(Instruction::RowSum { matrix: node.operands[0].clone(), x, k }),
                Source::Whole(_) | Source::Broadcast(_) => None,
            }
        }
        _ => None,
    }
}

/// A constant whose elements are all the same value (bit for bit) as a one-element constant:
/// a broadcast operand gives the elementwise kernels the same values as the whole one.
fn uniform(t: &Tensor) -> Option<Tensor> {
    let one = |buf: Buffer| Tensor::new(Vec::new(), buf);
    match &*t.buf {
        Buffer::F32(v) => v.iter().all(|x| x.to_bits() == v[0].to_bits()).then(|| one(Buffer::F32(vec![v[0]]))),
        Buffer::F64(v) => v.iter().all(|x| x.to_bits() == v[0].to_bits()).then(|| one(Buffer::F64(vec![v[0]]))),
        Buffer::I32(_) | Buffer::Bool(_) => None,
    }
}

/// The largest stored value, in bytes, whose buffer a replay keeps for the next replay to write
/// again (see `Replay::release`): for a small value the allocation costs as much as the pass, while
/// a large one would hold memory the eviction budget does not see between calls, to save an
/// allocation its pass dwarfs.
pub(super) const KEPT_MAX_BYTES: usize = 64 << 10;

/// What a replay keeps of a chain from one run to the next (see `Replay`): its registers, its row
/// sums' partials and the tables of where each instruction writes. With the stored values'
/// buffers given back (`kept`), a run of a chain allocates nothing.
#[derive(Default)]
pub(super) enum Workspace {
    #[default]
    Unused,
    F32(TypedWorkspace<f32>),
    F64(TypedWorkspace<f64>),
}

#[derive(Default)]
pub(super) struct TypedWorkspace<T> {
    registers: Vec<T>,
    /// The instructions with their operands' data, found again each run (`resolve`).
    resolved: Vec<Resolved<T>>,
    /// Each row sum's k values per block, one row sum after another.
    partials: Vec<T>,
    /// Per instruction: where it writes (set for the chain's `written` ones only), and where its
    /// partials start (a row sum's).
    outputs_at: Vec<SharedMut<T>>,
    partials_from: Vec<usize>,
    /// Per instruction: the new buffer a stored value is written to, or the value whose buffer
    /// came back (one of the two, for a stored value, until the pass is over).
    fresh: Vec<Vec<T>>,
    back: Vec<Option<Tensor>>,
    /// A generated function's argument array (see `generated`).
    args: Vec<u32>,
}

/// The float types a chain runs in, each with its workspace.
trait ChainFloat: Element + crate::dtype::Typed {
    fn workspace(w: &mut Workspace) -> &mut TypedWorkspace<Self>;
}

macro_rules! chain_float {
    ($t:ty, $variant:ident) => {
        impl ChainFloat for $t {
            fn workspace(w: &mut Workspace) -> &mut TypedWorkspace<$t> {
                if !matches!(w, Workspace::$variant(_)) {
                    *w = Workspace::$variant(TypedWorkspace::default());
                }
                let Workspace::$variant(typed) = w else { unreachable!("set above") };
                typed
            }
        }
    };
}
chain_float!(f32, F32);
chain_float!(f64, F64);

/// Runs `fusion` on the values computed so far and sets its stored values (value `n_inputs +
/// node` for each instruction's node; a chain's other values, kept in registers, stay empty). A
/// stored value whose buffer the last run gave back in `kept` (same value index, dtype and size)
/// is written there instead of a new buffer. `generated`, when given, is the chain's generated
/// function (`generated`), which then runs the pass.
pub(super) fn run(
    fusion: &Fusion,
    values: &mut [Option<Tensor>],
    n_inputs: usize,
    workspace: &mut Workspace,
    kept: &mut [Option<Tensor>],
    generated: Option<&generated::Generated>,
) -> Result<()> {
    match fusion.dtype {
        DType::F32 => run_typed::<f32>(fusion, values, n_inputs, f32::workspace(workspace), kept, generated),
        DType::F64 => run_typed::<f64>(fusion, values, n_inputs, f64::workspace(workspace), kept, generated),
        DType::I32 | DType::Bool => crate::fail!(Internal, "a fused chain of {} values", fusion.dtype.name()),
    }
}

/// Where chunk `lo..lo + n` of each value of a chain is.
struct Chunk<'a, T> {
    stored: &'a [bool],
    outputs_at: &'a [SharedMut<T>],
    registers_at: *mut T,
    chunk: usize,
    lo: usize,
    n: usize,
}

impl<T: crate::dtype::Typed> Chunk<'_, T> {
    /// The start of instruction k's chunk: in its stored buffer, or its register.
    ///
    /// SAFETY: k is an instruction that is not a row sum (each stored buffer has capacity for the
    /// whole chain, each register `chunk` elements).
    unsafe fn at(&self, k: usize) -> *mut T {
        if self.stored[k] {
            self.outputs_at[k].ptr().add(self.lo)
        } else {
            self.registers_at.add(k * self.chunk)
        }
    }

    /// The chunk of an instruction's operand.
    fn input(&self, i: Input<T>) -> Flat<'_, T> {
        match i {
            // SAFETY: a register or stored buffer of an earlier instruction (never a row sum),
            // which this chunk's pass has written, and which no instruction writes while another
            // reads it.
            Input::Register(r) => Flat::Whole(unsafe { std::slice::from_raw_parts(self.at(r) as *const T, self.n) }),
            // SAFETY: the data of a value as long as the chain, which nothing writes during the pass.
            Input::Whole(data) => Flat::Whole(unsafe { std::slice::from_raw_parts(data.add(self.lo), self.n) }),
            Input::One(value) => Flat::One(value),
        }
    }

    /// The first element of an operand's chunk (a chain of one element, or a fill's one value).
    fn first(&self, i: Input<T>) -> T {
        match self.input(i) {
            Flat::Whole(x) => x[0],
            Flat::One(value) => value,
        }
    }

    /// Where instruction k writes this chunk (not a row sum).
    ///
    /// SAFETY: as `at`; and the caller writes only to instruction k's own register or buffer
    /// while no other slice of it is alive.
    #[allow(clippy::mut_from_ref)]
    unsafe fn out(&self, k: usize) -> &mut [MaybeUninit<T>] {
        std::slice::from_raw_parts_mut(self.at(k) as *mut MaybeUninit<T>, self.n)
    }
}

/// An instruction's operand with its data found once a run, not once a chunk.
#[derive(Clone, Copy)]
enum Input<T> {
    Register(usize),
    /// The data of a value from outside the chain, whole.
    Whole(*const T),
    /// A value from outside the chain of one element, broadcast.
    One(T),
}

/// An instruction with its operands' data found (`resolve`).
#[derive(Clone, Copy)]
enum Resolved<T> {
    Unary(UnaryKind, Input<T>),
    Binary(BinaryKind, Input<T>, Input<T>),
    Fill(Input<T>),
    RowDot { matrix: *const T, vector: *const T, cols: usize },
    RowSum { matrix: *const T, x: Input<T>, cols: usize },
}

/// The chain's instructions with the data of their operands, into `out`: the values a run reads
/// stay where they are until it ends, and a chunk then finds them without looking them up.
fn resolve<T: ChainFloat>(fusion: &Fusion, values: &[Option<Tensor>], out: &mut Vec<Resolved<T>>) {
    let input = |s: &Source| match s {
        Source::Register(k) => Input::Register(*k),
        Source::Whole(o) => Input::Whole(operand_slice::<T>(o, values).as_ptr()),
        Source::Broadcast(o) => Input::One(operand_slice::<T>(o, values)[0]),
    };
    let data = |o: &Operand| operand_slice::<T>(o, values).as_ptr();
    out.clear();
    out.extend(fusion.instructions.iter().map(|i| match i {
        Instruction::Unary(kind, x) => Resolved::Unary(*kind, input(x)),
        Instruction::Binary(kind, a, b) => Resolved::Binary(*kind, input(a), input(b)),
        Instruction::Fill(x) => Resolved::Fill(input(x)),
        Instruction::RowDot { matrix, vector, k } => Resolved::RowDot { matrix: data(matrix), vector: data(vector), cols: *k },
        Instruction::RowSum { matrix, x, k } => Resolved::RowSum { matrix: data(matrix), x: input(x), cols: *k },
    }));
}

/// The chain and the program's values, read by the chain's tasks on any thread.
struct ReadOnly<'a, V: ?Sized>(&'a V);
// SAFETY: tasks only read the chain, and the tensors' data through shared references or the
// pointers `resolve` found: they never clone or drop a tensor (an Rc), so no reference count
// changes while they run, and nothing writes those values during the pass.
unsafe impl<V: ?Sized> Sync for ReadOnly<'_, V> {}

impl<'a, V: ?Sized> ReadOnly<'a, V> {
    /// The reference (a method, so that a closure captures the whole `ReadOnly`, not its field).
    fn get(&self) -> &'a V {
        self.0
    }
}

/// The data of an operand from outside the chain.
fn operand_slice<'a, T: crate::dtype::Typed>(o: &'a Operand, values: &'a [Option<Tensor>]) -> &'a [T] {
    T::slice(&super::operand_value(values, o).buf).expect("the chain's plan checked the dtype")
}

/// `run` in the chain's float type.
///
/// The chain runs in blocks, which threads may share: blocks of SUM_BLOCK rows when it has row
/// sums (each block's sums start from zero and are added in order after the pass, as the
/// transposed product adds its blocks), and of PARALLEL_BLOCK elements otherwise. Blocks are whole
/// numbers of chunks, so every chunk is the one-thread pass's. (Never inlined into the replay's
/// loop, so that V8 optimizes each float type's pass as a function of its own, and soon.)
#[inline(never)]
fn run_typed<T: ChainFloat>(
    fusion: &Fusion,
    values: &mut [Option<Tensor>],
    n_inputs: usize,
    ws: &mut TypedWorkspace<T>,
    kept: &mut [Option<Tensor>],
    generated: Option<&generated::Generated>,
) -> Result<()> {
    let size = crate::shape::size_of(&fusion.shape);
    let (rows, row_sums) = (fusion.rows, fusion.row_sums);
    if size == 1 && !rows {
        return run_scalar(fusion, values, n_inputs, ws, kept);
    }
    // A multiple of four rows (see the module documentation), or the whole chain.
    let chunk = size.clamp(1, if rows { ROW_CHUNK } else { CHUNK });
    let block = if row_sums { kernels::SUM_BLOCK } else { PARALLEL_BLOCK };
    let blocks = size.div_ceil(block);
    let count = fusion.instructions.len();
    // The per-instruction tables, sized once: entries of instructions that write no buffer are
    // never read (so a workspace may serve another chain of as many instructions).
    if ws.outputs_at.len() != count {
        ws.outputs_at = vec![SharedMut(core::ptr::null_mut()); count];
        ws.partials_from = vec![0; count];
        ws.fresh.resize_with(count, Vec::new);
        ws.back.resize_with(count, || None);
    }
    // Where each written value goes: the buffer it came back in, or a new one (a row sum's k
    // values start from zero, since the blocks' sums are added to them).
    let mut partials_len = 0;
    for &k in &fusion.written {
        let (len, row_sum) = match &fusion.instructions[k] {
            Instruction::RowSum { k: cols, .. } => (*cols, true),
            _ => (size, false),
        };
        ws.back[k] = None; // (a run that failed halfway may have left one)
        if row_sum {
            ws.partials_from[k] = partials_len;
            partials_len += blocks * len;
        }
        let at = match take_kept(kept, n_inputs + fusion.nodes[k], fusion.dtype, len) {
            Some(mut value) => {
                let data = kept_data::<T>(&mut value);
                if row_sum {
                    data.fill(T::ZERO);
                }
                let at = data.as_mut_ptr();
                ws.back[k] = Some(value);
                at
            }
            None => {
                ws.fresh[k] = if row_sum { crate::dtype::try_filled(len, T::ZERO)? } else { crate::dtype::try_with_capacity(len)? };
                ws.fresh[k].as_mut_ptr()
            }
        };
        ws.outputs_at[k] = SharedMut(at);
    }
    if let Some(generated) = generated {
        // The generated function runs the whole pass, its row sums into their zeroed buffers.
        let args = &mut ws.args;
        args.clear();
        for slot in &generated.slots {
            let at = match *slot {
                generated::ArgSlot::Value(v) => operand_slice::<T>(&Operand::Value(v), values).as_ptr() as usize,
                generated::ArgSlot::Address(at) => at,
                generated::ArgSlot::Output(k) => ws.outputs_at[k].ptr() as usize,
            };
            args.push(at as u32); // (wasm32 addresses)
        }
        // SAFETY: `generated` is this chain's function (set by `Program::set_generated`), and the
        // array holds each slot's address: operands whole or of one element as the chain's plan
        // checked, buffers of the chain's size (a row sum's of its k values).
        unsafe { generated::call(generated.index, args.as_ptr()) };
    } else {
        let team = parallel::team(blocks, size >= PARALLEL_CHAIN);
        if ws.partials.capacity() < partials_len {
            ws.partials = crate::dtype::try_filled(partials_len, T::ZERO)?;
        } else {
            ws.partials.clear();
            ws.partials.resize(partials_len, T::ZERO);
        }
        // Per thread: one chunk-sized register per value that is not stored. A register is written
        // before it is read, so the last run's values do no harm.
        let registers_per_thread = chunk * count;
        if ws.registers.len() < team.slots() * registers_per_thread {
            ws.registers = crate::dtype::try_filled(team.slots() * registers_per_thread, T::ZERO)?;
        }
        let registers_base = SharedMut(ws.registers.as_mut_ptr());
        let partials_base = SharedMut(ws.partials.as_mut_ptr());
        resolve(fusion, values, &mut ws.resolved);
        let (outputs_at, partials_from) = (&ws.outputs_at, &ws.partials_from);
        let (instructions, stored) = (ReadOnly(&ws.resolved[..]), ReadOnly(&fusion.stored[..]));
        team.for_each(blocks, &|b, slot| {
            let (instructions, stored) = (instructions.get(), stored.get());
            // SAFETY: each thread has its own registers (slot < team.slots()).
            let registers_at = unsafe { registers_base.ptr().add(slot * registers_per_thread) };
            let end = size.min((b + 1) * block);
            let mut lo = b * block;
            while lo < end {
                let n = chunk.min(end - lo);
                let at = Chunk { stored, outputs_at, registers_at, chunk, lo, n };
                for (k, &instruction) in instructions.iter().enumerate() {
                    // SAFETY (every `at.out(k)`): instruction k writes only its own register or stored
                    // buffer (this block's part of it) and reads earlier ones, so the slices never alias.
                    // SAFETY (every matrix and vector): the data of values from outside the chain, an
                    // [m, cols] matrix (m the chain's rows) and a [cols, 1] vector, which nothing writes
                    // during the pass.
                    match instruction {
                        Resolved::Unary(kind, x) => {
                            let Flat::Whole(x) = at.input(x) else { unreachable!("a unary op's operand has its result's size") };
                            kernels::unary_into(kind, x, unsafe { at.out(k) })
                        }
                        Resolved::Fill(x) => {
                            let value = at.first(x);
                            for o in unsafe { at.out(k) }.iter_mut() {
                                o.write(value);
                            }
                        }
                        // One element (a scalar program): the op's scalar form, as eager rank-0 arithmetic runs it.
                        Resolved::Binary(kind, a, b) if n == 1 => {
                            let out = unsafe { at.out(k) };
                            out[0].write(kind.scalar(at.first(a), at.first(b)));
                        }
                        Resolved::Binary(kind, a, b) => kernels::binary_flat::<T, BinaryKind>(kind, at.input(a), at.input(b), unsafe { at.out(k) }),
                        Resolved::RowDot { matrix, vector, cols } => {
                            let rows = unsafe { std::slice::from_raw_parts(matrix.add(lo * cols), n * cols) };
                            let vector = unsafe { std::slice::from_raw_parts(vector, cols) };
                            kernels::row_dots(rows, cols, vector, unsafe { at.out(k) });
                        }
                        Resolved::RowSum { matrix, x, cols } => {
                            let rows = unsafe { std::slice::from_raw_parts(matrix.add(lo * cols), n * cols) };
                            let Flat::Whole(x) = at.input(x) else { unreachable!("a row sum's operand is a chain value") };
                            // SAFETY: this block's k values of the row sum's partials.
                            let sum = unsafe { std::slice::from_raw_parts_mut(partials_base.ptr().add(partials_from[k] + b * cols), cols) };
                            kernels::matvec_transposed_accumulate(rows, n, cols, x, sum);
                        }
                    }
                }
                lo += n;
            }
        });
    }
    // The written values, each at its node (every chunk of a new buffer was written above; a
    // row sum's k values are its blocks' sums, added in order).
    for &k in &fusion.written {
        let instruction = &fusion.instructions[k];
        if let (Instruction::RowSum { k: cols, .. }, None) = (instruction, generated) {
            // SAFETY: the row sum's k values, initialized above, which nothing else refers to now.
            let sum = unsafe { std::slice::from_raw_parts_mut(ws.outputs_at[k].ptr(), *cols) };
            for partial in ws.partials[ws.partials_from[k]..][..blocks * cols].chunks_exact(*cols) {
                kernels::add_block_sum(sum, partial);
            }
        }
        values[n_inputs + fusion.nodes[k]] = Some(match ws.back[k].take() {
            Some(value) => value,
            None => {
                let shape = match instruction {
                    Instruction::RowSum { k: cols, .. } => Shape::from([*cols, 1]),
                    _ => fusion.shape.clone(),
                };
                let mut data = std::mem::take(&mut ws.fresh[k]);
                // SAFETY: every element was written (a row sum's were filled when allocated).
                unsafe { data.set_len(crate::shape::size_of(&shape)) };
                Tensor::new(shape, T::wrap(data))
            }
        });
    }
    Ok(())
}

/// The buffer of `len` elements that value `node` came back in from the last run, if it is of this
/// chain's dtype (`Replay::release` keeps it when nothing else holds it), as a new value: a fresh id.
fn take_kept(kept: &mut [Option<Tensor>], node: usize, dtype: DType, len: usize) -> Option<Tensor> {
    let mut value = kept.get_mut(node).and_then(Option::take).filter(|t| t.dtype() == dtype && t.buf.len() == len)?;
    value.id = crate::tensor::fresh_id();
    Some(value)
}

/// A kept value's data, to write: the replay's alone (`Replay::release` keeps no shared buffer).
fn kept_data<T: ChainFloat>(value: &mut Tensor) -> &mut [T] {
    Rc::get_mut(&mut value.buf).and_then(T::slice_mut).expect("a kept buffer is the replay's alone")
}

/// `run_typed` for a chain of one element (a scalar program): the pass on registers, then each
/// written value in the one-element buffer the last run gave back (or a new one). Nothing of the
/// chunked pass's tables: a scalar program's whole step is a microsecond.
fn run_scalar<T: ChainFloat>(
    fusion: &Fusion,
    values: &mut [Option<Tensor>],
    n_inputs: usize,
    ws: &mut TypedWorkspace<T>,
    kept: &mut [Option<Tensor>],
) -> Result<()> {
    let count = fusion.instructions.len();
    if ws.registers.len() < count {
        ws.registers = crate::dtype::try_filled(count, T::ZERO)?;
    }
    let registers = &mut ws.registers[..count];
    scalar_pass(fusion, &*values, registers);
    for &k in &fusion.written {
        let node = n_inputs + fusion.nodes[k];
        let value = registers[k];
        values[node] = Some(match take_kept(kept, node, fusion.dtype, 1) {
            Some(mut t) => {
                kept_data::<T>(&mut t)[0] = value;
                t
            }
            None => {
                let mut data = crate::dtype::try_with_capacity(1)?;
                data.push(value);
                Tensor::new(fusion.shape.clone(), T::wrap(data))
            }
        });
    }
    Ok(())
}

/// A chain of one element (a scalar program, as the puzzle's), each value in a register of its
/// own: the pass of `run_typed` without chunks or tasks, each op in the form that pass gives one
/// element (a unary kernel on one value, a binary op's scalar form), so the bits are the same.
fn scalar_pass<T: ChainFloat>(fusion: &Fusion, values: &[Option<Tensor>], registers: &mut [T]) {
    for (k, instruction) in fusion.instructions.iter().enumerate() {
        let read = |s: &Source| match s {
            Source::Register(r) => registers[*r],
            Source::Whole(o) | Source::Broadcast(o) => operand_slice::<T>(o, values)[0],
        };
        let value = match instruction {
            Instruction::Unary(kind, x) => {
                let mut out = [MaybeUninit::uninit()];
                kernels::unary_into(*kind, &[read(x)], &mut out);
                // SAFETY: the kernel writes every element of its output.
                unsafe { out[0].assume_init() }
            }
            Instruction::Fill(x) => read(x),
            Instruction::Binary(kind, a, b) => kind.scalar(read(a), read(b)),
            Instruction::RowDot { .. } | Instruction::RowSum { .. } => unreachable!("a chain of row products takes the chunked pass"),
        };
        registers[k] = value;
    }
}
