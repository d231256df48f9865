//! Derivatives from a tape's record: the reverse sweep (`gradient`), Jacobians, and forward-mode
//! tangents (JVPs).
//!
//! The reverse sweep is resumable: a node recorded by `customGradient` has its rule in
//! JavaScript, so the sweep stops there and hands out the node's upstream gradient; JavaScript
//! runs the rule and resumes the sweep with the input gradients (`gradient_resume`). A rule may
//! itself take gradients, so suspended sweeps form a stack.
//!
//! Forward mode needs no rules of its own: every VJP is linear in its upstream gradient u, so
//! J t = d/du <Jᵀ u, t> — one more reverse pass through the VJP rule, which is written with
//! recorded ops. Jacobians use forward mode when the sources have fewer elements than the target
//! (one pass per source element) and reverse mode otherwise (one pass per target element), and
//! `batch_jacobian` seeds a whole batch at once (one pass per element of one example).

use crate::alloc_mode::fallible;
use crate::dtype::DType;
use crate::engine::{Engine, IdMap, TapeId, NON_PERSISTENT_USED, SPARE_RECORD};
use crate::tracked::TrackedIds;
use crate::record::{Node, Record};
use crate::tensor::TensorId;
use crate::error::{Error, Result};
use crate::fail;
use crate::op::Op;
use crate::ops;
use crate::ops::algebra::Algebra;
use crate::shape::{shape_text, size_of, Shape};
use crate::tensor::Tensor;

/// One gradient computation in progress.
pub(crate) struct Sweep {
    tape_id: TapeId,
    /// A non-persistent tape hands its record to the sweep and gets it back if the sweep fails
    /// (with its position among the recording tapes), so a failed gradient can be retried.
    taken: Option<(TrackedIds, Option<usize>)>,
    nodes: Vec<Node>,
    /// Nodes still to visit: `nodes[..next]`, last first.
    next: usize,
    /// The sources' ids, in order (their gradients are returned in this order), and whether each
    /// is floating.
    sources: Vec<(TensorId, bool)>,
    tables: SweepTables,
}

/// A sweep's bookkeeping by slot. Each tensor id the sweep meets (the nodes' outputs and inputs,
/// the sources, the targets) gets a slot when the sweep is prepared, and each node's operands are
/// written down as slots then, so the sweep itself looks nothing up in a hash table (keyed by id,
/// a small training step's gradient made some ten lookups per node). Kept from one sweep to the
/// next (`Engine::spare_sweep`).
#[derive(Default)]
pub(crate) struct SweepTables {
    slot_of: IdMap<u32>,
    /// Node i's output slot is `operands[starts[i]]`, its inputs' slots follow, up to `starts[i + 1]`.
    operands: Vec<u32>,
    starts: Vec<u32>,
    /// Per slot: a source that can have a gradient (floating and watched).
    is_source: Vec<bool>,
    /// Per slot: depends on a source.
    reached: Vec<bool>,
    /// Per slot: a target depends on it (set while preparing).
    needed: Vec<bool>,
    /// Per slot, the gradient summed so far.
    grads: Vec<Option<Grad>>,
    /// Per node: on a path from a source to a target.
    on_path: Vec<bool>,
    /// Per source, its slot (None: not floating, or not watched).
    source_slots: Vec<Option<u32>>,
}

impl SweepTables {
    fn output_slot(&self, node: usize) -> usize {
        self.operands[self.starts[node] as usize] as usize
    }

    fn input_slots(&self, node: usize) -> &[u32] {
        &self.operands[self.starts[node] as usize + 1..self.starts[node + 1] as usize]
    }

    /// Emptied, keeping the storage (unless it grew past `SPARE_RECORD` entries). Every field is
    /// named, so a table added later cannot be forgotten here (a stale one would leak into the
    /// next sweep).
    fn cleared(mut self) -> SweepTables {
        if self.slot_of.capacity() > SPARE_RECORD || self.operands.capacity() > 4 * SPARE_RECORD {
            return SweepTables::default();
        }
        let SweepTables { slot_of, operands, starts, is_source, reached, needed, grads, on_path, source_slots } = &mut self;
        slot_of.clear();
        operands.clear();
        starts.clear();
        is_source.clear();
        reached.clear();
        needed.clear();
        grads.clear();
        on_path.clear();
        source_slots.clear();
        self
    }
}

/// A gradient summed so far: a tensor, or a rank-0 value of a float dtype (the f64 that holds it
/// exactly) while the sweep runs rank-0 nodes on values (`ops::vjp_on_values`).
#[derive(Clone)]
enum Grad {
    Tensor(Tensor),
    Value(DType, f64),
}

impl Grad {
    fn into_tensor(self) -> Tensor {
        match self {
            Grad::Tensor(t) => t,
            Grad::Value(dtype, v) => Tensor::scalar(dtype, v),
        }
    }

    /// The value of a rank-0 gradient of `dtype`.
    fn value(&self, dtype: DType) -> Option<f64> {
        match self {
            Grad::Value(d, v) if *d == dtype => Some(*v),
            Grad::Tensor(t) if t.rank() == 0 && t.dtype() == dtype => Some(t.buf.get_f64(0)),
            _ => None,
        }
    }
}

/// Where a sweep stands after running as far as it can.
pub enum Step {
    /// One gradient per source (None: not connected, not watched, or not floating).
    Done(Vec<Option<Tensor>>),
    /// `Done` by the sweep on values (`value_sweep`): each gradient a rank-0 value of its
    /// source's dtype, under a new id, with no tensor made for it.
    Values(Vec<Option<crate::record::ScalarValue>>),
    /// A customGradient node: run JavaScript rule `id` on `upstream`, then call `gradient_resume`
    /// with one gradient per input.
    Custom { id: usize, inputs: Vec<Tensor>, upstream: Tensor },
}

impl Engine {
    /// d(sum of targets)/d(source) for each source (see `Step::Done`). `output_grads[i]` (if
    /// given) replaces the ones seeded for target i. Fails at a customGradient node: use
    /// `gradient_start` where JavaScript can run its rule.
    pub fn gradient(
        &mut self,
        tape_id: TapeId,
        targets: &[Tensor],
        sources: &[Tensor],
        output_grads: &[Option<Tensor>],
    ) -> Result<Vec<Option<Tensor>>> {
        match self.gradient_start(tape_id, targets, sources, output_grads)? {
            Step::Done(grads) => Ok(grads),
            Step::Values(grads) => {
                Ok(grads.into_iter().zip(sources).map(|(g, s)| g.map(|(id, v)| Tensor::scalar_with_id(id, s.dtype(), v))).collect())
            }
            Step::Custom { .. } => {
                self.gradient_abort();
                fail!(InvalidArgument, "gradient: this tape holds a customGradient node, whose rule only JavaScript can run.")
            }
        }
    }

    /// Starts a reverse sweep; runs it to the end or to the first customGradient node.
    pub fn gradient_start(
        &mut self,
        tape_id: TapeId,
        targets: &[Tensor],
        sources: &[Tensor],
        output_grads: &[Option<Tensor>],
    ) -> Result<Step> {
        check_upstream(targets, output_grads)?;
        let tape = self.tape(tape_id)?;
        if tape.used_up {
            fail!(TapeState, "{NON_PERSISTENT_USED}");
        }
        if let Some(grads) = self.gradient_on_values(tape_id, targets, sources, output_grads) {
            return Ok(Step::Values(grads));
        }
        if let Some(step) = self.planned_gradient(tape_id, targets, sources, output_grads) {
            return step;
        }
        self.sweep_gradient(tape_id, targets, sources, output_grads)
    }

    /// `gradient_start`'s reverse sweep of the record.
    pub(crate) fn sweep_gradient(&mut self, tape_id: TapeId, targets: &[Tensor], sources: &[Tensor], output_grads: &[Option<Tensor>]) -> Result<Step> {
        let tape = self.tape(tape_id)?;
        // A persistent tape keeps recording (gradient ops recorded on it give higher derivatives)
        // and keeps its record; a non-persistent one stops recording and hands its record over.
        let (nodes, tracked, taken) = if tape.persistent {
            (tape.record.nodes().clone(), tape.tracked.clone(), None)
        } else {
            let nodes = std::mem::take(tape.record.nodes());
            let tracked = std::mem::take(&mut tape.tracked);
            let active_at = self.active.iter().position(|&t| t == tape_id);
            if let Some(i) = active_at {
                self.active.remove(i);
            }
            (nodes, tracked, Some(active_at))
        };
        let tables = std::mem::take(&mut self.spare_sweep);
        let mut sweep = Sweep::new(tape_id, nodes, sources, tables);
        let prepared = sweep.prepare(self, &tracked, targets, output_grads);
        // The record's tracked ids go back to a non-persistent tape if the sweep fails.
        sweep.taken = taken.map(|active_at| (tracked, active_at));
        match prepared {
            Ok(()) => {
                self.sweeps.push(sweep);
                self.continue_sweep()
            }
            Err(e) => {
                self.give_back(sweep);
                Err(e)
            }
        }
    }

    /// Sweeps waiting for a custom gradient.
    pub fn pending_sweeps(&self) -> usize {
        self.sweeps.len()
    }

    /// Continues the innermost suspended sweep with the gradients of the custom node's inputs.
    pub fn gradient_resume(&mut self, input_grads: Vec<Option<Tensor>>) -> Result<Step> {
        let Some(sweep) = self.sweeps.last_mut() else {
            fail!(TapeState, "gradient_resume: no gradient is waiting for a custom gradient.");
        };
        let node = &sweep.nodes[sweep.next];
        if input_grads.len() != node.inputs.len() {
            let n = node.inputs.len();
            self.gradient_abort();
            fail!(
                InvalidArgument,
                "customGradient: the gradient function returned {} gradients for {n} inputs; return one per input (null for none).",
                input_grads.len()
            );
        }
        let (inputs, index) = (node.inputs.clone(), sweep.next);
        if let Err(e) = self.add_input_grads(index, &inputs, input_grads.into_iter().map(|g| g.map(Grad::Tensor)), &[], &Op::Custom { id: 0 }) {
            self.gradient_abort();
            return Err(e);
        }
        self.continue_sweep()
    }

    /// Abandons the innermost suspended sweep (its custom rule failed); a non-persistent tape gets
    /// its record back.
    pub fn gradient_abort(&mut self) {
        if let Some(sweep) = self.sweeps.pop() {
            self.give_back(sweep);
        }
    }

    /// Runs the innermost sweep until it finishes or reaches a custom node.
    fn continue_sweep(&mut self) -> Result<Step> {
        loop {
            let sweep = self.sweeps.last_mut().expect("a sweep is running");
            // The next node on the path that has an upstream gradient.
            let mut found = None;
            while sweep.next > 0 {
                sweep.next -= 1;
                let i = sweep.next;
                let tables = &mut sweep.tables;
                if !tables.on_path[i] {
                    continue;
                }
                let out = tables.output_slot(i);
                // Sources keep their gradient (a source may also be an intermediate result).
                let g = if tables.is_source[out] { tables.grads[out].clone() } else { tables.grads[out].take() };
                if let Some(g) = g {
                    found = Some((i, g));
                    break;
                }
            }
            let Some((i, g)) = found else {
                let sweep = self.sweeps.pop().expect("a sweep is running");
                let tables = &sweep.tables;
                let grads = tables.source_slots.iter().map(|s| s.and_then(|s| tables.grads[s as usize].clone().map(Grad::into_tensor))).collect();
                self.finish(sweep);
                return Ok(Step::Done(grads));
            };
            if let Op::Custom { id } = sweep.nodes[i].op {
                let node = &sweep.nodes[i];
                return Ok(Step::Custom { id, inputs: node.inputs.clone(), upstream: g.into_tensor() });
            }
            // The record is lent out of the sweep while the rule runs (it needs the engine), not
            // cloned node by node; it goes back before anything else reads it.
            let nodes = std::mem::take(&mut sweep.nodes);
            let node = &nodes[i];
            let (reached, slots) = (&sweep.tables.reached, sweep.tables.input_slots(i));
            let need = |(t, &slot): (&Tensor, &u32)| t.dtype().is_float() && reached[slot as usize];
            let mut needs = [false; 4];
            let many_needs: Vec<bool>;
            let needs: &[bool] = if node.inputs.len() <= needs.len() {
                for (n, input) in needs.iter_mut().zip(node.inputs.iter().zip(slots)) {
                    *n = need(input);
                }
                &needs[..node.inputs.len()]
            } else {
                many_needs = node.inputs.iter().zip(slots).map(need).collect();
                &many_needs
            };
            let on_values = g.value(node.output.dtype()).and_then(|g| ops::vjp_on_values(self, &node.op, &node.inputs, &node.output, g, needs));
            let result = match on_values {
                Some(grads) => {
                    let dtype = node.output.dtype();
                    let grads = grads.into_iter().take(node.inputs.len()).map(|g| g.map(|g| Grad::Value(dtype, g)));
                    self.add_input_grads(i, &node.inputs, grads, needs, &node.op)
                }
                None => ops::vjp(self, &node.op, &node.inputs, &node.output, &g.into_tensor(), needs)
                    .and_then(|grads| self.add_input_grads(i, &node.inputs, grads.into_iter().map(|g| g.map(Grad::Tensor)), needs, &node.op)),
            };
            self.sweeps.last_mut().expect("a sweep is running").nodes = nodes;
            if let Err(e) = result {
                self.gradient_abort();
                return Err(e);
            }
        }
    }

    /// Sums each input's gradient back to its shape, checks it, and adds it to the sweep's: those
    /// of the inputs of node `node` (`inputs`) that `needs` (one flag per input, or empty for
    /// every input) marks. (`op` names the op in errors only.)
    fn add_input_grads(&mut self, node: usize, inputs: &[Tensor], input_grads: impl IntoIterator<Item = Option<Grad>>, needs: &[bool], op: &Op) -> Result<()> {
        for (k, (input, grad)) in inputs.iter().zip(input_grads).enumerate() {
            let Some(grad) = grad else { continue };
            if needs.get(k) == Some(&false) {
                continue;
            }
            let tables = &self.sweeps.last().expect("a sweep is running").tables;
            let slot = tables.input_slots(node)[k] as usize;
            if !(input.dtype().is_float() && tables.reached[slot]) {
                continue;
            }
            let grad = match grad {
                // A value is rank-0 of its input's dtype (`vjp_on_values` runs only on those).
                Grad::Value(..) => grad,
                Grad::Tensor(grad) => {
                    // (A gradient of the input's shape is moved on, not cloned: a clone copies the shape.)
                    let grad = if grad.shape != input.shape && grad.dtype() == input.dtype() && grad.rank() >= input.rank() {
                        self.sum_to_shape(&grad, &input.shape)?
                    } else {
                        grad
                    };
                    if grad.shape != input.shape || grad.dtype() != input.dtype() {
                        fail!(
                            ShapeMismatch,
                            "gradient of {}: the rule produced shape {} dtype {} for an input of shape {} dtype {}.",
                            op.name(),
                            shape_text(&grad.shape),
                            grad.dtype().name(),
                            shape_text(&input.shape),
                            input.dtype().name()
                        );
                    }
                    Grad::Tensor(grad)
                }
            };
            let previous = self.sweeps.last_mut().expect("a sweep is running").tables.grads[slot].take();
            let sum = self.sum_grads(previous, grad)?;
            self.sweeps.last_mut().expect("a sweep is running").tables.grads[slot] = Some(sum);
        }
        Ok(())
    }

    /// `previous + grad`: as values when both are rank-0 and nothing records or traces the sum
    /// (the kernel's bits), else by the engine's `add`.
    fn sum_grads(&mut self, previous: Option<Grad>, grad: Grad) -> Result<Grad> {
        let Some(previous) = previous else { return Ok(grad) };
        if self.active.is_empty() && !self.is_tracing() {
            if let Grad::Value(dtype, v) = grad {
                if let Some(p) = previous.value(dtype) {
                    return Ok(Grad::Value(dtype, ops::algebra::OnValues { dtype }.add(&p, &v)?));
                }
            }
            if let Grad::Value(dtype, p) = previous {
                if let Some(v) = grad.value(dtype) {
                    return Ok(Grad::Value(dtype, ops::algebra::OnValues { dtype }.add(&p, &v)?));
                }
            }
        }
        Ok(Grad::Tensor(self.accumulated(Some(previous.into_tensor()), grad.into_tensor())?))
    }

    /// A finished sweep: a non-persistent tape is used up (its record is dropped, and its emptied
    /// list and table kept for the next tape when small).
    fn finish(&mut self, sweep: Sweep) {
        let Sweep { tape_id, taken, nodes, tables, .. } = sweep;
        self.spare_sweep = tables.cleared();
        if let Some((tracked, _)) = taken {
            if let Ok(tape) = self.tape(tape_id) {
                tape.used_up = true;
            }
            self.keep_spare_record(Record::of_nodes(nodes), tracked);
        }
    }

    /// Keeps a used-up record's storage, emptied, for the next tape (when small).
    fn keep_spare_record(&mut self, mut record: Record, mut tracked: TrackedIds) {
        if record.fits_spare(SPARE_RECORD) && tracked.capacity() <= SPARE_RECORD {
            record.clear();
            tracked.clear();
            self.spare_record = (record, tracked);
        }
    }

    /// A failed sweep gives a non-persistent tape its record and recording position back.
    fn give_back(&mut self, sweep: Sweep) {
        let Some((tracked, active_at)) = sweep.taken else { return };
        let tape_id = sweep.tape_id;
        let Ok(tape) = self.tape(tape_id) else { return };
        (tape.record, tape.tracked) = (Record::of_nodes(sweep.nodes), tracked);
        if let Some(i) = active_at {
            let i = i.min(self.active.len());
            self.active.insert(i, tape_id);
        }
    }

    // ---- Jacobians -------------------------------------------------------------------------------

    /// The Jacobian of `target` with respect to each source: shape `target.shape ++ source.shape`,
    /// or None where the source is not connected. Forward mode when the sources together have
    /// fewer elements than the target, reverse mode otherwise. A non-persistent tape is used up.
    pub fn jacobian(&mut self, tape_id: TapeId, target: &Tensor, sources: &[Tensor]) -> Result<Vec<Option<Tensor>>> {
        let (nodes, tracked) = self.record_for(tape_id)?;
        let m = target.size();
        let n: usize = sources.iter().map(Tensor::size).sum();
        let result = if n < m {
            let slots = TangentSlots::new(&nodes, &tracked, sources, std::slice::from_ref(target))?;
            let mut out = Vec::with_capacity(sources.len());
            for (k, s) in sources.iter().enumerate() {
                let mut columns = Vec::with_capacity(s.size());
                for j in 0..s.size() {
                    // Only this source carries a tangent (the others are constants here), so a
                    // source the target never reads gets no tangent at all: None, not zeros.
                    let mut seeds = vec![None; sources.len()];
                    seeds[k] = Some(one_hot(&s.shape, s.dtype(), |i| i == j)?);
                    let t = self.sweep_tangents(&nodes, &slots, seeds)?;
                    columns.push(t.into_iter().next().flatten());
                }
                out.push(self.stack_parts(columns, target, s, false)?);
            }
            out
        } else {
            let mut rows: Vec<Vec<Option<Tensor>>> = vec![Vec::with_capacity(m); sources.len()];
            for i in 0..m {
                let seed = one_hot(&target.shape, target.dtype(), |q| q == i)?;
                let grads = self.sweep_record(&nodes, &tracked, target, sources, seed)?;
                for (row, g) in rows.iter_mut().zip(grads) {
                    row.push(g);
                }
            }
            let mut out = Vec::with_capacity(sources.len());
            for (row, s) in rows.into_iter().zip(sources) {
                out.push(self.stack_parts(row, target, s, true)?);
            }
            out
        };
        self.use_up(tape_id)?;
        Ok(result)
    }

    /// TensorFlow's `batch_jacobian`: for `target` `[b, ...y]` and `source` `[b, ...x]` whose
    /// examples are independent, `[b, ...y, ...x]`. One pass per element of one example.
    pub fn batch_jacobian(&mut self, tape_id: TapeId, target: &Tensor, source: &Tensor) -> Result<Option<Tensor>> {
        if target.rank() == 0 || source.rank() == 0 || target.shape[0] != source.shape[0] {
            fail!(
                ShapeMismatch,
                "batchJacobian: target and source need the same first (batch) dimension, got shapes {} and {}.",
                shape_text(&target.shape),
                shape_text(&source.shape)
            );
        }
        let (nodes, tracked) = self.record_for(tape_id)?;
        let b = target.shape[0];
        let (py, px) = (size_of(&target.shape[1..]), size_of(&source.shape[1..]));
        let per_example = |i: usize, q: usize, per: usize| q % per == i;
        let mut parts = Vec::new();
        let forward = px < py;
        let slots = if forward {
            Some(TangentSlots::new(&nodes, &tracked, std::slice::from_ref(source), std::slice::from_ref(target))?)
        } else {
            None
        };
        for i in 0..if forward { px } else { py } {
            let part = if forward {
                let slots = slots.as_ref().expect("made for forward mode");
                let tangent = one_hot(&source.shape, source.dtype(), |q| per_example(i, q, px))?;
                self.sweep_tangents(&nodes, slots, vec![Some(tangent)])?.into_iter().next().flatten()
            } else {
                let seed = one_hot(&target.shape, target.dtype(), |q| per_example(i, q, py))?;
                self.sweep_record(&nodes, &tracked, target, std::slice::from_ref(source), seed)?.into_iter().next().flatten()
            };
            parts.push(part);
        }
        self.use_up(tape_id)?;
        if parts.iter().all(Option::is_none) {
            return Ok(None);
        }
        // Each part is one row ([b, ...x], reverse) or one column ([b, ...y], forward).
        let (part_shape, axis) = if forward { (vec![b, py, 1], 2) } else { (vec![b, 1, px], 1) };
        let zeros_shape = if forward { &target.shape } else { &source.shape };
        let shape: Shape = target.shape.iter().chain(&source.shape[1..]).copied().collect();
        Ok(Some(self.join_parts(parts, zeros_shape, source.dtype(), &part_shape, axis, &shape)?))
    }

    /// Stacks per-element gradients (rows: `source`-shaped, one per target element) or tangents
    /// (columns: `target`-shaped, one per source element) into `target.shape ++ source.shape`.
    fn stack_parts(&mut self, parts: Vec<Option<Tensor>>, target: &Tensor, source: &Tensor, rows: bool) -> Result<Option<Tensor>> {
        let shape: Shape = target.shape.iter().chain(source.shape.iter()).copied().collect();
        if parts.is_empty() {
            // An empty target or source: an empty Jacobian, as TensorFlow gives.
            return Ok(Some(Tensor::full(&shape, source.dtype(), 0.0)?));
        }
        if parts.iter().all(Option::is_none) {
            return Ok(None);
        }
        let (m, n) = (target.size(), source.size());
        let (part_shape, zeros_shape, axis) =
            if rows { (vec![1, n], &source.shape, 0) } else { (vec![m, 1], &target.shape, 1) };
        Ok(Some(self.join_parts(parts, zeros_shape, source.dtype(), &part_shape, axis, &shape)?))
    }

    /// Reshapes each part (zeros of `zeros_shape` for a missing one) to `part_shape`, joins them
    /// along `axis`, and reshapes the whole to `shape`: recorded ops, so a Jacobian computed under
    /// an outer tape can be differentiated again (Hessians).
    #[allow(clippy::too_many_arguments)]
    fn join_parts(
        &mut self,
        parts: Vec<Option<Tensor>>,
        zeros_shape: &[usize],
        dtype: DType,
        part_shape: &[usize],
        axis: usize,
        shape: &[usize],
    ) -> Result<Tensor> {
        if let [only] = parts.as_slice() {
            // One part (a scalar source or target) is the whole Jacobian: no join to copy it through.
            let only = match only {
                Some(p) => p.clone(),
                None => Tensor::full(zeros_shape, dtype, 0.0)?,
            };
            return self.reshape(&only, shape);
        }
        let mut pieces = Vec::with_capacity(parts.len());
        for p in parts {
            let p = match p {
                Some(p) => p,
                None => Tensor::full(zeros_shape, dtype, 0.0)?,
            };
            pieces.push(self.reshape(&p, part_shape)?);
        }
        let refs: Vec<&Tensor> = pieces.iter().collect();
        let joined = self.concat(&refs, axis)?;
        self.reshape(&joined, shape)
    }

    /// A copy of a tape's record for repeated sweeps (a used-up tape is refused).
    fn record_for(&mut self, tape_id: TapeId) -> Result<(Vec<Node>, TrackedIds)> {
        let tape = self.tape(tape_id)?;
        if tape.used_up {
            fail!(TapeState, "{NON_PERSISTENT_USED}");
        }
        if tape.record.nodes().iter().any(|n| matches!(n.op, Op::Custom { .. })) {
            fail!(
                InvalidArgument,
                "this tape holds a customGradient node, whose rule is a JavaScript function that the engine's Jacobians and \
                 forward mode cannot run (JavaScript's tape.jacobian and ForwardAccumulator run it in reverse sweeps)."
            );
        }
        Ok((tape.record.nodes().clone(), tape.tracked.clone()))
    }

    /// A non-persistent tape has done its one computation: it stops recording, and its emptied
    /// record is kept for the next tape when small (as a finished sweep's).
    pub(crate) fn use_up(&mut self, tape_id: TapeId) -> Result<()> {
        let tape = self.tape(tape_id)?;
        if !tape.persistent {
            tape.used_up = true;
            tape.saved_bytes = 0;
            let (record, tracked) = (std::mem::take(&mut tape.record), std::mem::take(&mut tape.tracked));
            self.active.retain(|&t| t != tape_id);
            self.keep_spare_record(record, tracked);
        }
        Ok(())
    }

    /// One reverse sweep over a copied record (no custom nodes in it).
    fn sweep_record(
        &mut self,
        nodes: &[Node],
        tracked: &TrackedIds,
        target: &Tensor,
        sources: &[Tensor],
        seed: Tensor,
    ) -> Result<Vec<Option<Tensor>>> {
        let tables = std::mem::take(&mut self.spare_sweep);
        let mut sweep = Sweep::new(TapeId::MAX, nodes.to_vec(), sources, tables);
        sweep.prepare(self, tracked, std::slice::from_ref(target), &[Some(seed)])?;
        self.sweeps.push(sweep);
        match self.continue_sweep()? {
            Step::Done(grads) => Ok(grads),
            Step::Values(_) | Step::Custom { .. } => {
                self.gradient_abort();
                fail!(Internal, "jacobian: a custom node in a record that had none")
            }
        }
    }

    // ---- forward mode ----------------------------------------------------------------------------

    /// The tangents of `targets` when `sources` move along `tangents` (one per source, same shape
    /// and dtype), through what tape `tape_id` recorded: TensorFlow's ForwardAccumulator.jvp.
    /// None for a target the sources do not reach.
    pub fn jvp(&mut self, tape_id: TapeId, sources: &[Tensor], tangents: &[Tensor], targets: &[Tensor]) -> Result<Vec<Option<Tensor>>> {
        for (s, t) in sources.iter().zip(tangents) {
            if s.shape != t.shape || s.dtype() != t.dtype() {
                fail!(
                    ShapeMismatch,
                    "ForwardAccumulator: a tangent has shape {} dtype {} but its primal has shape {} dtype {}; they must match.",
                    shape_text(&t.shape),
                    t.dtype().name(),
                    shape_text(&s.shape),
                    s.dtype().name()
                );
            }
        }
        let (nodes, tracked) = self.record_for(tape_id)?;
        // The record is read, not grown: this tape stops recording while tangents are computed.
        let active_at = self.active.iter().position(|&t| t == tape_id);
        if let Some(i) = active_at {
            self.active.remove(i);
        }
        let result = TangentSlots::new(&nodes, &tracked, sources, targets)
            .and_then(|slots| self.sweep_tangents(&nodes, &slots, tangents.iter().cloned().map(Some).collect()));
        if let Some(i) = active_at {
            self.active.insert(i.min(self.active.len()), tape_id);
        }
        result
    }

    /// Forward sweep over `nodes` from `seeds` (one tangent or None per source of `slots`): each
    /// node reached by a tangent gets its output's tangent. The targets' tangents (None for a
    /// target no seed reaches).
    fn sweep_tangents(&mut self, nodes: &[Node], slots: &TangentSlots, seeds: Vec<Option<Tensor>>) -> Result<Vec<Option<Tensor>>> {
        let first_node = seeds.len();
        let mut tangents = seeds;
        fallible(|| tangents.try_reserve(nodes.len())).map_err(|_| Error::out_of_memory("forward-mode bookkeeping", nodes.len() * 8))?;
        tangents.resize(first_node + nodes.len(), None);
        let mut along: Vec<Option<Tensor>> = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            along.clear();
            along.extend(slots.inputs[i].iter().map(|slot| slot.and_then(|k| tangents[k].clone())));
            if along.iter().all(Option::is_none) {
                continue;
            }
            tangents[first_node + i] = Some(self.node_tangent(node, &along)?);
        }
        Ok(slots.targets.iter().map(|slot| slot.and_then(|k| tangents[k].clone())).collect())
    }

    /// J t for one node, as d/du <Jᵀ u, t> (the VJP rule is linear in u).
    fn node_tangent(&mut self, node: &Node, tangents: &[Option<Tensor>]) -> Result<Tensor> {
        let out = &node.output;
        // Linear ops of one input are their own JVP.
        match &node.op {
            Op::Reshape { .. } | Op::Transpose { .. } | Op::BroadcastTo { .. } | Op::Slice { .. } | Op::Pad { .. } => {
                if let Some(t) = &tangents[0] {
                    return self.apply(node.op.clone(), &[t]);
                }
            }
            _ => {}
        }
        // Elementwise ops have a diagonal Jacobian per input (before broadcasting sums it), so
        // J t is the VJP rule applied to t itself, broadcast to the output: no transpose needed.
        if matches!(node.op, Op::Unary { .. } | Op::Binary { .. }) {
            return self.elementwise_tangent(node, tangents);
        }
        let u = Tensor::full(&out.shape, out.dtype(), 0.0)?;
        let inner = self.new_tape(false)?;
        let result = (|| {
            self.push_tape(inner)?;
            self.watch(inner, &u)?;
            let needs: Vec<bool> = tangents.iter().map(Option::is_some).collect();
            let grads = ops::vjp(self, &node.op, &node.inputs, out, &u, &needs)?;
            let mut total: Option<Tensor> = None;
            for ((g, t), x) in grads.into_iter().zip(tangents).zip(&node.inputs) {
                let (Some(g), Some(t)) = (g, t) else { continue };
                let g = self.sum_to_shape(&g, &x.shape)?;
                let gt = self.mul(&g, t)?;
                let axes: Vec<usize> = (0..gt.rank()).collect();
                let s = self.sum(&gt, &axes, false)?;
                total = Some(match total {
                    Some(acc) => self.add(&acc, &s)?,
                    None => s,
                });
            }
            self.pop_tape(inner)?;
            Ok::<_, Error>(total)
        })();
        let total = match result {
            Ok(total) => total,
            Err(e) => {
                let _ = self.free_tape(inner);
                return Err(e);
            }
        };
        let tangent = match total {
            Some(s) => self.gradient(inner, &[s], std::slice::from_ref(&u), &[None])?.into_iter().next().flatten(),
            None => None,
        };
        let _ = self.free_tape(inner);
        match tangent {
            Some(t) => Ok(t),
            None => Tensor::full(&out.shape, out.dtype(), 0.0),
        }
    }
}

impl Engine {
    /// J t for an elementwise node: Σᵢ ∂y/∂xᵢ ⊙ broadcast(tᵢ), each term the node's VJP rule for
    /// input i with tᵢ as the output gradient. The rules' ops broadcast tᵢ where it meets the
    /// output-shaped values they read, so tᵢ is not broadcast first (a scalar parameter's tangent
    /// stays a scalar through `add`); the sum is broadcast to the output's shape at the end.
    fn elementwise_tangent(&mut self, node: &Node, tangents: &[Option<Tensor>]) -> Result<Tensor> {
        let out = &node.output;
        let mut total: Option<Tensor> = None;
        for (i, t) in tangents.iter().enumerate() {
            let Some(along) = t else { continue };
            let mut needs = vec![false; node.inputs.len()];
            needs[i] = true;
            let Some(term) = ops::vjp(self, &node.op, &node.inputs, out, along, &needs)?.swap_remove(i) else { continue };
            total = Some(match total {
                Some(acc) => self.add(&acc, &term)?,
                None => term,
            });
        }
        match total {
            Some(t) if t.shape == out.shape => Ok(t),
            Some(t) => self.broadcast_to(&t, &out.shape),
            None => Tensor::full(&out.shape, out.dtype(), 0.0),
        }
    }
}

/// Where a forward sweep keeps each tangent: slot k < (number of sources) is source k's, slot
/// sources + i node i's output. Worked out once per Jacobian from the tensor ids, so the sweeps
/// (one per source element) look nothing up.
struct TangentSlots {
    /// Per node, the slot of each input's tangent (None: a constant, which has none).
    inputs: Vec<Vec<Option<usize>>>,
    /// The slot of each target's tangent.
    targets: Vec<Option<usize>>,
}

impl TangentSlots {
    /// Sources that can carry a tangent are float and tracked by the tape; a tensor id names the
    /// latest tensor recorded under it (a variable keeps its id when assigned).
    fn new(nodes: &[Node], tracked: &TrackedIds, sources: &[Tensor], targets: &[Tensor]) -> Result<TangentSlots> {
        let mut latest: IdMap<usize> = IdMap::default();
        let capacity = sources.len() + nodes.len();
        fallible(|| latest.try_reserve(capacity)).map_err(|_| Error::out_of_memory("forward-mode bookkeeping", capacity * 16))?;
        for (k, s) in sources.iter().enumerate() {
            if s.dtype().is_float() && tracked.contains(s.id) {
                latest.insert(s.id, k);
            }
        }
        let mut inputs = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            inputs.push(node.inputs.iter().map(|x| latest.get(&x.id).copied()).collect());
            latest.insert(node.output.id, sources.len() + i);
        }
        Ok(TangentSlots { inputs, targets: targets.iter().map(|t| latest.get(&t.id).copied()).collect() })
    }
}

impl Sweep {
    fn new(tape_id: TapeId, nodes: Vec<Node>, sources: &[Tensor], tables: SweepTables) -> Sweep {
        Sweep { tape_id, taken: None, nodes, next: 0, sources: sources.iter().map(|s| (s.id, s.dtype().is_float())).collect(), tables }
    }

    /// Finds the nodes between the sources and the targets and seeds the targets' gradients.
    fn prepare(&mut self, e: &mut Engine, tracked: &TrackedIds, targets: &[Tensor], output_grads: &[Option<Tensor>]) -> Result<()> {
        let nodes = &self.nodes;
        let t = &mut self.tables;
        // (Sized up front: growing a hash table several times per gradient showed up in profiles
        // of small training steps.)
        let capacity = 2 * nodes.len() + self.sources.len() + targets.len();
        let oom = |_| Error::out_of_memory("gradient bookkeeping", capacity * 24);
        fallible(|| t.slot_of.try_reserve(capacity)).map_err(oom)?;
        fallible(|| t.operands.try_reserve(capacity)).map_err(oom)?;
        fallible(|| t.starts.try_reserve(nodes.len() + 1)).map_err(oom)?;
        let slot_of = &mut t.slot_of;
        let mut slot = |id: TensorId| {
            let next = slot_of.len() as u32;
            *slot_of.entry(id).or_insert(next)
        };
        for node in nodes {
            t.starts.push(t.operands.len() as u32);
            t.operands.push(slot(node.output.id));
            t.operands.extend(node.inputs.iter().map(|x| slot(x.id)));
        }
        t.starts.push(t.operands.len() as u32);
        t.source_slots.extend(self.sources.iter().map(|&(id, float)| (float && tracked.contains(id)).then(|| slot(id))));
        for target in targets {
            slot(target.id);
        }
        let n = t.slot_of.len();
        for flags in [&mut t.is_source, &mut t.reached, &mut t.needed] {
            fallible(|| flags.try_reserve(n)).map_err(oom)?;
            flags.resize(n, false);
        }
        for &s in t.source_slots.iter().flatten() {
            (t.is_source[s as usize], t.reached[s as usize]) = (true, true);
        }
        // Forward: which tensors depend on a source. Backward: which of those the targets depend on.
        for i in 0..nodes.len() {
            if t.input_slots(i).iter().any(|&s| t.reached[s as usize]) {
                let out = t.output_slot(i);
                t.reached[out] = true;
            }
        }
        for target in targets {
            t.needed[t.slot_of[&target.id] as usize] = true;
        }
        fallible(|| t.on_path.try_reserve(nodes.len())).map_err(oom)?;
        t.on_path.resize(nodes.len(), false);
        for i in (0..nodes.len()).rev() {
            let out = t.output_slot(i);
            if t.needed[out] && t.reached[out] {
                t.on_path[i] = true;
                // (`input_slots` by hand: its borrow of the tables would cover `needed` too.)
                let SweepTables { operands, starts, reached, needed, .. } = &mut *t;
                for &s in &operands[starts[i] as usize + 1..starts[i + 1] as usize] {
                    if reached[s as usize] {
                        needed[s as usize] = true;
                    }
                }
            }
        }
        fallible(|| t.grads.try_reserve(n)).map_err(oom)?;
        t.grads.resize(n, None);
        for (i, target) in targets.iter().enumerate() {
            let s = t.slot_of[&target.id] as usize;
            if !target.dtype().is_float() || !t.reached[s] {
                continue;
            }
            let seed = match output_grads.get(i).and_then(|g| g.as_ref()) {
                Some(g) => g.clone(),
                None => Tensor::full(&target.shape, target.dtype(), 1.0)?,
            };
            let previous = t.grads[s].take().map(Grad::into_tensor);
            t.grads[s] = Some(Grad::Tensor(e.accumulated(previous, seed)?));
        }
        self.next = self.nodes.len();
        Ok(())
    }
}

/// Targets without an upstream gradient are seeded with ones; given ones must match their target.
/// (Checked before a non-persistent tape is touched, so a bad argument leaves it usable.)
fn check_upstream(targets: &[Tensor], output_grads: &[Option<Tensor>]) -> Result<()> {
    if output_grads.len() > targets.len() {
        fail!(
            InvalidArgument,
            "gradient: got {} upstream gradients for {} targets; pass at most one per target.",
            output_grads.len(),
            targets.len()
        );
    }
    for (i, t) in targets.iter().enumerate() {
        if let Some(Some(g)) = output_grads.get(i) {
            if g.shape != t.shape || g.dtype() != t.dtype() {
                fail!(
                    ShapeMismatch,
                    "gradient: outputGradients[{i}] has shape {} and dtype {}, but target {i} has shape {} and dtype {}; \
                     pass one upstream gradient per target with the target's shape and dtype.",
                    shape_text(&g.shape),
                    g.dtype().name(),
                    shape_text(&t.shape),
                    t.dtype().name()
                );
            }
        }
    }
    Ok(())
}

/// A constant of `shape` with 1 where `hot(flat index)` and 0 elsewhere.
fn one_hot(shape: &[usize], dtype: DType, hot: impl Fn(usize) -> bool) -> Result<Tensor> {
    let n = size_of(shape);
    let buf = crate::with_dtype!(dtype, T => {
        let mut v = crate::dtype::try_filled(n, <T as crate::kernels::Element>::ZERO)?;
        for (i, x) in v.iter_mut().enumerate() {
            if hot(i) {
                *x = <T as crate::kernels::Element>::ONE;
            }
        }
        <T as crate::dtype::Typed>::wrap(v)
    });
    Ok(Tensor::new(shape.to_vec(), buf))
}
