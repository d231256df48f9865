//! The tape engine. Every op goes through `Engine::apply`, which runs the forward kernel and records
//! the op on each active tape that tracks one of its inputs. A tape is a flat list of nodes in
//! execution order; `gradient` prunes it to the nodes between the sources and the targets and walks
//! them in reverse with a plain loop (no recursion: wasm stacks are small). The engine, not the
//! rules, sums gradients back to each input's shape after broadcasting, accumulates fan-out, and
//! checks every gradient's shape and dtype.

use crate::alloc_mode::fallible;
use crate::dtype::DType;
use crate::error::{Error, ErrorCode, Result};
use crate::fail;
use crate::op::{BinaryKind, CompareKind, CumulativeKind, Op, ReduceKind, UnaryKind};
use crate::ops::{self, ScalarOp};
use crate::record::{Node, Record, ScalarKind, ScalarNode, ScalarValue, CONSTANT_ID};
use crate::shape::{broadcast_reduction_axes, shape_text};
use crate::tensor::{Tensor, TensorId};
use crate::tracked::TrackedIds;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

/// Tensor ids are sequential integers: a multiplicative hash spreads them well enough and costs
/// a fraction of SipHash.
#[derive(Default)]
pub struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
    fn write_u64(&mut self, id: u64) {
        self.0 = id.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}
pub(crate) type IdMap<V> = HashMap<TensorId, V, BuildHasherDefault<IdHasher>>;

pub(crate) struct Tape {
    pub(crate) persistent: bool,
    /// A non-persistent tape is used up by its first `gradient`.
    pub(crate) used_up: bool,
    pub(crate) record: Record,
    /// Ids of watched tensors and of every recorded output: an op is recorded when it reads one.
    /// The flag says whether the tensor's data is already counted in `saved_bytes` (it is counted
    /// once, when a node first saves it).
    pub(crate) tracked: TrackedIds,
    /// What the record keeps alive, kept up to date as it grows (see `node_bytes`), so the memory
    /// budget can count a tape at the cost of reading one number.
    pub(crate) saved_bytes: usize,
}

/// A tape id is a slot index plus the slot's generation (like tensor handles): 20 bits of index,
/// 33 of generation, so that id + 1 is an exact f64 integer for JavaScript. Generations grow on
/// every free and a slot whose generation runs out is retired, so the id of a freed tape is
/// always reported as unknown, never taken for the next tape in its slot. Generations start at
/// `FIRST_TAPE_GENERATION`, so that every id is at least 2^31 and JavaScript holds each as a
/// double from the first (see the handle table's documentation in gradtape-wasm: a loop that made
/// a tape per step had its tapes' ids outgrow V8's small integers at its 2,048th step, which
/// deoptimized every function that had read one).
pub type TapeId = u64;

const TAPE_INDEX_BITS: u32 = 20;
const TAPE_INDEX_MASK: u64 = (1 << TAPE_INDEX_BITS) - 1;
const MAX_TAPE_GENERATION: u64 = (1 << (53 - TAPE_INDEX_BITS)) - 1;
/// The generation of a new slot's first tape: 2^11 · 2^20 = 2^31.
const FIRST_TAPE_GENERATION: u64 = 1 << (31 - TAPE_INDEX_BITS);

#[derive(Default)]
pub struct Engine {
    /// (generation, tape) per slot.
    tapes: Vec<(u64, Option<Tape>)>,
    free_tapes: VecDeque<u32>,
    /// Tapes recording right now, innermost last.
    pub(crate) active: Vec<TapeId>,
    /// One shared empty buffer per dtype, for values taped as shapes only (no allocation per node).
    pub(crate) empty: crate::tensor::EmptyBuffers,
    /// Gradient sweeps waiting for a custom gradient from JavaScript, innermost last (a custom
    /// gradient function may itself take gradients).
    pub(crate) sweeps: Vec<crate::autodiff::Sweep>,
    /// Recently used scalar constants (`x * 2`, `y - 9`, ...), keyed by dtype and value bits, so
    /// a training loop does not allocate the same constant every step. Constants are never
    /// watched, so sharing one tensor among many tape nodes is safe.
    scalars: [Option<(DType, u64, Tensor)>; SCALAR_CACHE],
    /// The trace being recorded, if any (the trace module).
    pub(crate) trace: Option<crate::trace::Trace>,
    /// The emptied record of the last tape a gradient used up, for the next tape to fill: a
    /// training loop's tape of a few dozen nodes would otherwise grow its list of nodes and its
    /// tracked ids several times at every step.
    pub(crate) spare_record: (Record, TrackedIds),
    /// The emptied tables of the last finished gradient sweep, for the next one.
    pub(crate) spare_sweep: crate::autodiff::SweepTables,
    /// The emptied tables of the last value sweep, for the next one.
    pub(crate) spare_values: crate::value_sweep::ValueTables,
    /// Gradients of records whose structure repeats, traced once and replayed.
    pub(crate) gradient_plans: crate::gradient_plans::GradientPlans,
}

/// A used-up record is kept for the next tape up to this many nodes and tracked ids.
pub(crate) const SPARE_RECORD: usize = 4096;

const SCALAR_CACHE: usize = 32;

pub(crate) const NON_PERSISTENT_USED: &str = "A non-persistent GradientTape can only be used to compute one set of gradients \
(or jacobians). Create the tape with {persistent: true} to call gradient() more than once.";

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    // ---- tapes -------------------------------------------------------------------------------

    /// A new tape. Fails only when 2^20 tapes are alive at once (their ids would no longer fit).
    pub fn new_tape(&mut self, persistent: bool) -> Result<TapeId> {
        let (record, tracked) = std::mem::take(&mut self.spare_record);
        let tape = Tape { persistent, used_up: false, record, tracked, saved_bytes: 0 };
        // Oldest freed slot first: a slot is reused as late as possible, so its generation (and
        // with it every stale id's) wraps as rarely as possible.
        let index = match self.free_tapes.pop_front() {
            Some(index) => index,
            None if self.tapes.len() <= TAPE_INDEX_MASK as usize => {
                self.tapes.push((FIRST_TAPE_GENERATION - 1, None)); // (bumped below)
                (self.tapes.len() - 1) as u32
            }
            None => fail!(
                OutOfMemory,
                "GradientTape: {} tapes are alive at once, the most gradtape can track. Call gradient() or dispose() on \
                 tapes you are done with.",
                TAPE_INDEX_MASK as usize + 1
            ),
        };
        let slot = &mut self.tapes[index as usize];
        slot.0 += 1; // a retired slot (see free_tape) never comes back, so this stays in range
        slot.1 = Some(tape);
        Ok((slot.0 << TAPE_INDEX_BITS) | index as u64)
    }

    pub(crate) fn tape(&mut self, id: TapeId) -> Result<&mut Tape> {
        match self.tapes.get_mut((id & TAPE_INDEX_MASK) as usize) {
            Some((generation, Some(t))) if *generation == id >> TAPE_INDEX_BITS => Ok(t),
            _ => fail!(InvalidHandle, "GradientTape {id:#x} was disposed or never existed."),
        }
    }

    /// Frees a tape and everything it saved.
    pub fn free_tape(&mut self, id: TapeId) -> Result<()> {
        self.tape(id)?;
        self.active.retain(|&t| t != id);
        let index = (id & TAPE_INDEX_MASK) as usize;
        self.tapes[index].1 = None;
        if self.tapes[index].0 < MAX_TAPE_GENERATION {
            self.free_tapes.push_back(index as u32);
        }
        Ok(())
    }

    /// Starts recording on `id` (entering the tape's context).
    pub fn push_tape(&mut self, id: TapeId) -> Result<()> {
        self.tape(id)?;
        if self.active.contains(&id) {
            fail!(
                TapeState,
                "Tape is still recording, This can happen if you try to re-enter an already-active tape."
            );
        }
        self.active.push(id);
        Ok(())
    }

    /// Stops recording on `id` (leaving its context); a tape that is not recording is left alone.
    pub fn pop_tape(&mut self, id: TapeId) -> Result<()> {
        self.tape(id)?;
        self.active.retain(|&t| t != id);
        Ok(())
    }

    /// Makes tape `id` keep (or again hand over) its record at each gradient: a Jacobian of a
    /// record with customGradient nodes is one gradient per target element, on one record.
    pub fn set_tape_persistent(&mut self, id: TapeId, persistent: bool) -> Result<()> {
        self.tape(id)?.persistent = persistent;
        Ok(())
    }

    pub fn is_recording(&self, id: TapeId) -> bool {
        self.active.contains(&id)
    }

    /// Watches `t` on tape `id`. Returns false (and watches nothing) for integer tensors, whose
    /// gradients are always None in TensorFlow.
    pub fn watch(&mut self, id: TapeId, t: &Tensor) -> Result<bool> {
        let tape = self.tape(id)?;
        if !t.dtype().is_float() {
            return Ok(false);
        }
        // Only the id: the data is counted when a node saves it.
        tape.tracked.watch(t.id);
        Ok(true)
    }

    /// Forgets everything recorded and watched (TensorFlow's `reset`).
    pub fn reset_tape(&mut self, id: TapeId) -> Result<()> {
        let tape = self.tape(id)?;
        tape.record.clear();
        tape.tracked.clear();
        tape.saved_bytes = 0;
        tape.used_up = false;
        Ok(())
    }

    /// Live tapes and the ops recorded on them in all (what tapes hold in memory).
    pub fn tape_usage(&self) -> (usize, usize) {
        let live = self.tapes.iter().filter_map(|(_, t)| t.as_ref());
        live.fold((0, 0), |(tapes, nodes), t| (tapes + 1, nodes + t.record.len()))
    }

    /// Number of ops recorded on a tape.
    pub fn tape_node_count(&mut self, id: TapeId) -> Result<usize> {
        Ok(self.tape(id)?.record.len())
    }

    // ---- running and recording ops -----------------------------------------------------------

    /// Runs `op` and records it on every active tape that tracks one of the inputs.
    pub fn apply(&mut self, op: Op, inputs: &[&Tensor]) -> Result<Tensor> {
        let output = ops::forward(&op, inputs)?;
        if self.trace.is_some() {
            self.trace_op(&op, inputs, &output);
        }
        if !self.active.is_empty() && output.dtype().is_float() {
            self.record(op, inputs, &output)?;
        }
        Ok(output)
    }

    /// `apply` for an op whose output shape and dtype `out` were inferred for inputs of these
    /// shapes and dtypes (a traced program's node, replayed).
    pub(crate) fn apply_inferred(&mut self, op: &Op, inputs: &[&Tensor], out: ops::Meta) -> Result<Tensor> {
        let output = ops::forward_inferred(op, inputs, out)?;
        if self.trace.is_some() {
            self.trace_op(op, inputs, &output);
        }
        if !self.active.is_empty() && output.dtype().is_float() {
            self.record(op.clone(), inputs, &output)?;
        }
        Ok(output)
    }

    /// Whether a trace is being recorded: every op must then run through `apply`, which traces it.
    pub fn is_tracing(&self) -> bool {
        self.trace.is_some()
    }

    /// Records `op` (a unary or binary op's scalar form) on rank-0 operands of `dtype` as `apply`
    /// would, for an op JavaScript ran on values (`ops::on_values`, which gives the value `apply`
    /// computes): each operand is its id (`record::CONSTANT_ID` for a constant) and value, `value`
    /// is the result's. Returns the result's new id, under which JavaScript holds the value: a
    /// later use or upload under that id is the same tensor to the tapes. Kept as a `ScalarNode`:
    /// values only, no tensor made.
    pub fn record_scalar(&mut self, op: ScalarOp, dtype: DType, inputs: &[ScalarValue], value: f64) -> Result<TensorId> {
        let Some(kind) = ScalarKind::of_scalar_op(op).filter(|k| inputs.len() == k.arity()) else {
            crate::fail!(Internal, "a scalar node of {op:?} with {} operands", inputs.len());
        };
        let output = (crate::tensor::fresh_id(), value);
        if self.active.is_empty() || !dtype.is_float() {
            return Ok(output.0);
        }
        let saves = kind.saves();
        let element = dtype.byte_size();
        for &id in &self.active {
            let Some(tape) = self.tapes[(id & TAPE_INDEX_MASK) as usize].1.as_mut() else { continue };
            // (Counted as the node `record` would make keeps them.)
            let Some(input_bytes) = saved_input_bytes(&mut tape.tracked, inputs.iter().map(|&(id, _)| (id, element)), saves.input()) else {
                continue;
            };
            let bytes = 64 * (tape.record.len() + 1);
            let full = |_| Error::out_of_memory("a GradientTape's record", bytes);
            fallible(|| tape.record.try_reserve_scalar()).map_err(full)?;
            fallible(|| tape.tracked.try_reserve(1)).map_err(full)?;
            let node_bytes = std::mem::size_of::<Node>() + inputs.len() * std::mem::size_of::<Tensor>() + 16;
            tape.saved_bytes += node_bytes + input_bytes + if saves.output() { element } else { 0 };
            let second = inputs.get(1).copied().unwrap_or((CONSTANT_ID, 0.0));
            tape.record.push_scalar(ScalarNode { op: kind, dtype, inputs: [inputs[0], second], output });
            tape.tracked.insert(output.0, saves.output());
        }
        Ok(output.0)
    }

    /// Records a node on each active tape that tracks an input. The growth of a tape's record is
    /// allocated fallibly: a long recording that fills memory gets an OutOfMemory error.
    fn record(&mut self, op: Op, inputs: &[&Tensor], output: &Tensor) -> Result<()> {
        let saves = op.saves();
        // The innermost tape (the last active one) takes the op itself, the others a copy: with
        // one tape, none is made (an op with a list, as a reduction's axes, would allocate one).
        let innermost = self.active.len().saturating_sub(1);
        let mut op = Some(op);
        for (k, &id) in self.active.iter().enumerate() {
            let Some(tape) = self.tapes[(id & TAPE_INDEX_MASK) as usize].1.as_mut() else { continue };
            let Some(input_bytes) = saved_input_bytes(&mut tape.tracked, inputs.iter().map(|t| (t.id, data_bytes(t))), saves.input()) else {
                continue;
            };
            let bytes = 64 * (tape.record.len() + 1);
            let full = |_| Error::out_of_memory("a GradientTape's record", bytes);
            // (Scalar nodes recorded before this node become nodes first, keeping the order.)
            let nodes = tape.record.nodes();
            fallible(|| nodes.try_reserve(1)).map_err(full)?;
            fallible(|| tape.tracked.try_reserve(1)).map_err(full)?;
            // Values the gradient rule does not read are kept as shapes only.
            let empty = &mut self.empty;
            let mut keep = |t: &Tensor, saved: bool| if saved { t.clone() } else { t.shape_only(empty) };
            let node_op = if k == innermost { op.take() } else { op.clone() };
            let node = Node {
                op: node_op.expect("the op is taken by the innermost tape only"),
                inputs: inputs.iter().map(|&t| keep(t, saves.input())).collect(),
                output: keep(output, saves.output()),
            };
            tape.saved_bytes += node_bytes(&node) + input_bytes;
            tape.tracked.insert(output.id, saves.output());
            nodes.push(node);
        }
        Ok(())
    }

    /// Records a customGradient node: `output` was computed by JavaScript from `inputs`, and the
    /// rule `id` (run by JavaScript when a sweep reaches the node) gives the inputs' gradients.
    /// Returns the output under a new id that only this node produces.
    pub fn record_custom(&mut self, id: usize, inputs: &[&Tensor], output: &Tensor) -> Result<Tensor> {
        let detached = output.detached();
        if !self.active.is_empty() && detached.dtype().is_float() {
            self.record(Op::Custom { id }, inputs, &detached)?;
        }
        if self.trace.is_some() {
            // For a replay the node is an identity: the value JavaScript computed (by traced ops)
            // passes, and the rule's gradient ops, run by a sweep, are traced when they run.
            self.trace_stop_gradient(output, &detached);
        }
        Ok(detached)
    }

    /// An identity that no tape sees through (`tf.stopGradient`).
    pub fn stop_gradient(&mut self, x: &Tensor) -> Tensor {
        let out = x.detached();
        if self.trace.is_some() {
            self.trace_stop_gradient(x, &out);
        }
        out
    }

    /// Fan-out: a tensor used several times receives the sum of its gradients (a recorded add, so
    /// second derivatives see it).
    pub(crate) fn accumulated(&mut self, previous: Option<Tensor>, grad: Tensor) -> Result<Tensor> {
        match previous {
            Some(previous) => self.add(&previous, &grad),
            None => Ok(grad),
        }
    }

    /// Sums a broadcast-shaped gradient back to `shape`.
    pub(crate) fn sum_to_shape(&mut self, g: &Tensor, shape: &[usize]) -> Result<Tensor> {
        if g.shape == shape {
            return Ok(g.clone());
        }
        if g.rank() < shape.len() {
            return Err(Error::new(
                ErrorCode::Internal,
                format!("gradient of shape {} cannot be summed to {}", shape_text(&g.shape), shape_text(shape)),
            ));
        }
        let axes = broadcast_reduction_axes(&g.shape, shape);
        let summed = self.sum(g, &axes, false)?;
        self.reshape(&summed, shape)
    }

    // ---- the differentiable ops, as methods (the vocabulary of gradient rules) -------------------

    pub fn unary(&mut self, kind: UnaryKind, x: &Tensor) -> Result<Tensor> {
        self.apply(Op::Unary { kind }, &[x])
    }
    pub fn binary(&mut self, kind: BinaryKind, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        self.apply(Op::Binary { kind }, &[a, b])
    }
    pub fn compare(&mut self, kind: CompareKind, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        self.apply(Op::Compare { kind }, &[a, b])
    }
    /// `cond ? x : y` elementwise (`tf.where`).
    pub fn select(&mut self, cond: &Tensor, x: &Tensor, y: &Tensor) -> Result<Tensor> {
        self.apply(Op::Where {}, &[cond, x, y])
    }
    pub fn neg(&mut self, x: &Tensor) -> Result<Tensor> {
        self.unary(UnaryKind::Neg, x)
    }
    pub fn log(&mut self, x: &Tensor) -> Result<Tensor> {
        self.unary(UnaryKind::Log, x)
    }
    pub fn step(&mut self, x: &Tensor) -> Result<Tensor> {
        self.unary(UnaryKind::Step, x)
    }
    pub fn add(&mut self, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        self.binary(BinaryKind::Add, a, b)
    }
    pub fn sub(&mut self, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        self.binary(BinaryKind::Sub, a, b)
    }
    pub fn mul(&mut self, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        self.binary(BinaryKind::Mul, a, b)
    }
    pub fn div(&mut self, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        self.binary(BinaryKind::Div, a, b)
    }
    pub fn pow(&mut self, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        self.binary(BinaryKind::Pow, a, b)
    }
    /// A constant of x's shape and dtype filled with `value` (no tape sees it).
    pub fn full_like(&mut self, x: &Tensor, value: f64) -> Result<Tensor> {
        Tensor::full(&x.shape, x.dtype(), value)
    }
    pub fn zeros_like(&mut self, x: &Tensor) -> Result<Tensor> {
        self.full_like(x, 0.0)
    }
    /// A rank-0 constant of `dtype` (from a small cache of recent values).
    pub fn scalar(&mut self, dtype: DType, value: f64) -> Tensor {
        if self.gradient_plans.tracing {
            // (A cached one could be a recorded tensor too, which the plan takes as an input.)
            return Tensor::scalar(dtype, value);
        }
        let bits = value.to_bits();
        let slot = ((bits ^ (bits >> 29) ^ dtype as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 59) as usize % SCALAR_CACHE;
        if let Some((d, b, t)) = &self.scalars[slot] {
            if *d == dtype && *b == bits {
                return t.clone();
            }
        }
        let t = Tensor::scalar(dtype, value);
        self.scalars[slot] = Some((dtype, bits, t.clone()));
        t
    }

    /// x * c for a constant c in x's dtype.
    pub fn mul_scalar(&mut self, x: &Tensor, c: f64) -> Result<Tensor> {
        let c = self.scalar(x.dtype(), c);
        self.mul(x, &c)
    }
    /// x + c for a constant c in x's dtype.
    pub fn add_scalar(&mut self, x: &Tensor, c: f64) -> Result<Tensor> {
        let c = self.scalar(x.dtype(), c);
        self.add(x, &c)
    }
    /// c - x for a constant c in x's dtype.
    pub fn rsub_scalar(&mut self, x: &Tensor, c: f64) -> Result<Tensor> {
        let c = self.scalar(x.dtype(), c);
        self.sub(&c, x)
    }
    pub fn sum(&mut self, x: &Tensor, axes: &[usize], keepdims: bool) -> Result<Tensor> {
        self.reduce(ReduceKind::Sum, x, axes, keepdims)
    }
    pub fn reduce(&mut self, kind: ReduceKind, x: &Tensor, axes: &[usize], keepdims: bool) -> Result<Tensor> {
        self.apply(Op::Reduce { kind, axes: axes.to_vec(), keepdims }, &[x])
    }
    pub fn cumulative(&mut self, kind: CumulativeKind, x: &Tensor, axis: usize, exclusive: bool, reverse: bool) -> Result<Tensor> {
        self.apply(Op::Cumulative { kind, axis, exclusive, reverse }, &[x])
    }
    pub fn matmul(&mut self, a: &Tensor, b: &Tensor, transpose_a: bool, transpose_b: bool) -> Result<Tensor> {
        self.apply(Op::MatMul { transpose_a, transpose_b }, &[a, b])
    }
    pub fn reshape(&mut self, x: &Tensor, shape: &[usize]) -> Result<Tensor> {
        self.apply(Op::Reshape { shape: shape.to_vec() }, &[x])
    }
    pub fn transpose(&mut self, x: &Tensor, perm: &[usize]) -> Result<Tensor> {
        self.apply(Op::Transpose { perm: perm.to_vec() }, &[x])
    }
    pub fn broadcast_to(&mut self, x: &Tensor, shape: &[usize]) -> Result<Tensor> {
        self.apply(Op::BroadcastTo { shape: shape.to_vec() }, &[x])
    }
    pub fn concat(&mut self, xs: &[&Tensor], axis: usize) -> Result<Tensor> {
        self.apply(Op::Concat { axis }, xs)
    }
    pub fn slice(&mut self, x: &Tensor, axis: usize, start: usize, len: usize) -> Result<Tensor> {
        self.apply(Op::Slice { axis, start, len }, &[x])
    }
    pub fn pad(&mut self, x: &Tensor, axis: usize, before: usize, after: usize) -> Result<Tensor> {
        self.apply(Op::Pad { axis, before, after }, &[x])
    }
    pub fn cast(&mut self, x: &Tensor, dtype: DType) -> Result<Tensor> {
        if x.dtype() == dtype {
            // Casting to the same dtype is an identity the tape still sees through.
            return self.reshape(x, &x.shape.clone());
        }
        self.apply(Op::Cast { dtype }, &[x])
    }
}

/// Whether a tape that tracks `tracked` records an op on `inputs` (ids and data bytes): None when
/// no input is tracked; else the bytes saving them adds (when the op saves its inputs). One lookup
/// per input: saved data is counted once per tracked tensor (marked in `tracked`), and per use for
/// constants (an overestimate at worst: the count must never fall short of what the tape holds).
fn saved_input_bytes(tracked: &mut TrackedIds, inputs: impl Iterator<Item = (TensorId, usize)>, saves_input: bool) -> Option<usize> {
    let mut reads_tracked = false;
    let mut bytes = 0;
    for (id, data) in inputs {
        match tracked.get_mut(id) {
            Some(counted) => {
                reads_tracked = true;
                if saves_input && !*counted {
                    *counted = true;
                    bytes += data;
                }
            }
            None if saves_input => bytes += data,
            None => {}
        }
    }
    reads_tracked.then_some(bytes)
}

/// Bytes of a tensor's elements.
fn data_bytes(t: &Tensor) -> usize {
    t.buf.len() * t.dtype().byte_size()
}

/// What recording one node adds to a tape besides its saved inputs: the node, and its output's
/// data if saved, unless it shares an input's storage (reshape).
fn node_bytes(node: &Node) -> usize {
    let mut bytes = std::mem::size_of::<Node>() + node.inputs.len() * std::mem::size_of::<Tensor>() + 16;
    if !node.inputs.iter().any(|t| std::rc::Rc::ptr_eq(&t.buf, &node.output.buf)) {
        bytes += data_bytes(&node.output);
    }
    bytes
}
