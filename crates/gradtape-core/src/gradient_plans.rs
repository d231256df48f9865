//! Planned gradients. A training loop takes, at every step, the gradient of a tape with the same
//! structure: the same ops on tensors of the same shapes, wired the same way. The reverse sweep
//! of such a record is traced (`trace`) the second time its structure is seen, and replayed from
//! then on. A replay prepares no sweep and dispatches no rule node by node, and it runs the
//! rules' elementwise ops as one fused pass. Its results are the sweep's, bit for bit: the same
//! kernels in the same order, as every replay of a traced program.
//!
//! A record's structure is its *signature*, a list of numbers:
//! - each node's op (its code and its parameters' bits); then its operands, each a tensor seen
//!   before by its number, or a new one (numbered next) by its dtype, shape and whether the tape
//!   kept its data; then its result, a new tensor whose shape and dtype follow from the op;
//! - the targets and the sources by number alone (a sweep reads their ids, not their data), with
//!   whether the tape watches each source, and the upstream gradients as operands;
//! - which tensors have data: those are the program's inputs.
//!
//! Two records with one signature differ only in their tensors' values. A program traced on one
//! takes those tensors as its inputs, so it computes the other's gradient: a rule reads values
//! only through ops (`ops::vjp`), which the trace records. A record that holds two values under
//! one id (a variable assigned between its ops) is not planned: one input cannot stand for both.
//!
//! Only small records are planned: at most `MAX_NODES` nodes, on tensors of at most
//! `MAX_ELEMENTS` elements. For those the sweep's bookkeeping is most of a gradient's time, and a
//! plan's constants (a seed of ones) stay small. Nothing may record or trace meanwhile (the rules'
//! ops would be recorded), and no customGradient node may be on the record (its rule runs in
//! JavaScript).

use crate::autodiff::Step;
use crate::engine::{Engine, TapeId};
use crate::tracked::TrackedIds;
use crate::error::Result;
use crate::op::Op;
use crate::record::Node;
use crate::tensor::{fresh_id, Tensor, TensorId};
use crate::trace::{Program, Replay};
use std::rc::Rc;

/// Records of more nodes are swept as usual.
const MAX_NODES: usize = 64;
/// Records with a tensor of more elements are swept as usual.
const MAX_ELEMENTS: usize = 4096;
/// Plans kept; the least recently used goes first.
const MAX_PLANS: usize = 16;
/// Marks a tensor's first word in a signature (numbers of tensors seen before are below it).
const NEW_TENSOR: u64 = 1 << 31;
/// Marks a node's result, a new tensor whose shape and dtype follow from the node.
const NEW_RESULT: u64 = NEW_TENSOR | 1 << 63;
/// Signatures seen once, remembered (by hash) until a plan is traced at the second sighting.
const SEEN: usize = 16;

/// The plans of one engine, and the scratch space of a signature.
#[derive(Default)]
pub(crate) struct GradientPlans {
    signature: Vec<u64>,
    /// The tensors of the record at hand, by number, and their ids (searched in order: a small
    /// record has a few dozen); once signed, those with data only: a program's inputs.
    tensors: Vec<Tensor>,
    ids: Vec<TensorId>,
    params: Vec<f64>,
    seen: [u64; SEEN],
    seen_next: usize,
    plans: Vec<Plan>,
    clock: u64,
    /// Gradients replayed from plans so far.
    replays: u64,
    /// Scratch: the new id of each output of the plan being replayed.
    new_ids: Vec<Option<TensorId>>,
    /// While a plan is traced: the rules' constants are then new tensors (`Engine::scalar`), not
    /// the engine's cached ones, which the record may hold too (a user's `x * 2`), and which the
    /// plan would take for that input of the record, whatever its value at a later step.
    pub(crate) tracing: bool,
}

struct Plan {
    hash: u64,
    signature: Vec<u64>,
    /// None when the sweep gave no program: such a record is swept as usual.
    program: Option<Program>,
    replay: Option<Replay>,
    /// Per source, the program output that is its gradient (None: not connected), and whether
    /// the sweep returned one of its inputs itself (an upstream gradient passed on), which keeps
    /// its id; any other gradient is a new tensor, under a new id, as the sweep's are.
    grads: Vec<Option<(usize, bool)>>,
    last_used: u64,
}

/// What a signature of the record at hand found.
enum Found {
    /// A plan to replay (its index).
    Plan(usize),
    /// A record that is swept as usual.
    Sweep,
    /// A record seen before without a plan: the sweep is traced into one.
    Trace(u64),
}

impl GradientPlans {
    /// Writes the signature of a sweep of `nodes` and numbers its tensors; false when the record
    /// is not one to plan.
    fn sign(&mut self, nodes: &[Node], tracked: &TrackedIds, targets: &[Tensor], sources: &[Tensor], upstream: &[Option<Tensor>]) -> bool {
        self.signature.clear();
        self.tensors.clear();
        self.ids.clear();
        if nodes.is_empty() || nodes.len() > MAX_NODES {
            return false;
        }
        // (Room for a typical node's words, and its tensors, without growing on the way.)
        self.signature.reserve(8 * nodes.len() + 4 * (targets.len() + sources.len()) + 8);
        self.ids.reserve(2 * nodes.len() + targets.len() + sources.len() + upstream.len());
        self.tensors.reserve(2 * nodes.len() + targets.len() + sources.len() + upstream.len());
        self.signature.extend([nodes.len() as u64, targets.len() as u64, sources.len() as u64]);
        for node in nodes {
            if matches!(node.op, Op::Custom { .. }) {
                return false;
            }
            self.params.clear();
            let code = node.op.encode(&mut self.params);
            self.signature.push(u64::from(code) | (self.params.len() as u64) << 32 | (node.inputs.len() as u64) << 48);
            self.signature.extend(self.params.iter().map(|p| p.to_bits()));
            for t in &node.inputs {
                if !self.tensor(t) {
                    return false;
                }
            }
            if !self.output(&node.output) {
                return false;
            }
        }
        // A sweep reads no target's or source's data, only their ids (a target that JavaScript
        // holds as a value comes as a tensor of that id with a placeholder value).
        for t in targets {
            if !self.tensor_by_id(t) {
                return false;
            }
        }
        for t in sources {
            if !self.tensor_by_id(t) {
                return false;
            }
            self.signature.push(u64::from(tracked.contains(t.id)));
        }
        for i in 0..targets.len() {
            match upstream.get(i).and_then(Option::as_ref) {
                Some(g) if !self.tensor(g) => return false,
                Some(_) => self.signature.push(1),
                None => self.signature.push(0),
            }
        }
        // The program's inputs are the tensors with data: a rule reads no other (see `Op::saves`).
        // One without data may share its id with a constant a rule makes (the engine's cached
        // scalars), which the trace must then take as the constant it is, not as an input.
        for chunk in self.tensors.chunks(64) {
            self.signature.push(chunk.iter().enumerate().fold(0, |bits, (k, t)| bits | u64::from(t.has_data()) << k));
        }
        self.tensors.retain(Tensor::has_data);
        true
    }

    /// Adds tensor `t` to the signature: a tensor seen before by its number; a new one (numbered
    /// next) by its dtype, whether the tape kept its data, and its shape. False for a tensor too
    /// large, or one whose id a tensor with other data had (a variable's value from before an
    /// assignment, which one input cannot stand for).
    fn tensor(&mut self, t: &Tensor) -> bool {
        let Some(number) = self.number(t) else { return self.new_tensor(t) };
        // (A tensor kept as its shape only at first is bound to its data once a node has it; an
        // empty one has no data to differ in.)
        let bound = &mut self.tensors[number];
        if t.has_data() && t.size() > 0 && !Rc::ptr_eq(&bound.buf, &t.buf) {
            if bound.has_data() {
                return false;
            }
            *bound = t.clone();
        }
        self.signature.push(number as u64);
        true
    }

    /// `tensor` for a tensor whose data the sweep does not read: one seen before is its number,
    /// whatever data it comes with.
    fn tensor_by_id(&mut self, t: &Tensor) -> bool {
        let Some(number) = self.number(t) else { return self.new_tensor(t) };
        self.signature.push(number as u64);
        true
    }

    /// Adds a node's result to the signature: a new tensor, whose shape and dtype the op and its
    /// operands' give (an op's result is a new tensor; a record where it is not is not planned).
    fn output(&mut self, t: &Tensor) -> bool {
        if t.size() > MAX_ELEMENTS || self.number(t).is_some() {
            return false;
        }
        self.signature.push(NEW_RESULT | u64::from(t.has_data()) << 40);
        self.ids.push(t.id);
        self.tensors.push(t.clone());
        true
    }

    /// The number of a tensor seen before (by id).
    fn number(&self, t: &Tensor) -> Option<usize> {
        self.ids.iter().position(|&id| id == t.id)
    }

    /// A tensor not seen before, numbered next (see `tensor`).
    fn new_tensor(&mut self, t: &Tensor) -> bool {
        if t.size() > MAX_ELEMENTS {
            return false;
        }
        self.signature.push(NEW_TENSOR | (t.dtype() as u64) << 32 | u64::from(t.has_data()) << 40 | (t.rank() as u64) << 48);
        self.signature.extend(t.shape.iter().map(|&d| d as u64));
        self.ids.push(t.id);
        self.tensors.push(t.clone());
        true
    }

    fn find(&mut self) -> Found {
        // FxHash's step over the signature's words.
        let hash = self.signature.iter().fold(0u64, |h, &w| (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95));
        self.clock += 1;
        // (Compared word by word without an early exit: `==` on slices is a byte loop in wasm.)
        let same =
            |p: &Plan| p.signature.len() == self.signature.len() && p.signature.iter().zip(&self.signature).fold(0, |d, (a, b)| d | (a ^ b)) == 0;
        if let Some(k) = self.plans.iter().position(|p| p.hash == hash && same(p)) {
            self.plans[k].last_used = self.clock;
            return if self.plans[k].program.is_some() { Found::Plan(k) } else { Found::Sweep };
        }
        if self.seen.contains(&hash) {
            return Found::Trace(hash);
        }
        self.seen[self.seen_next] = hash;
        self.seen_next = (self.seen_next + 1) % SEEN;
        Found::Sweep
    }

    fn keep(&mut self, plan: Plan) {
        if self.plans.len() == MAX_PLANS {
            let oldest = (0..self.plans.len()).min_by_key(|&k| self.plans[k].last_used).expect("plans are kept");
            self.plans.swap_remove(oldest);
        }
        self.plans.push(plan);
    }
}

impl Engine {
    /// How many gradients this engine replayed from plans (see the `gradient_plans` module).
    pub fn gradient_replays(&self) -> u64 {
        self.gradient_plans.replays
    }

    /// The gradient of a record planned before, or traced into a plan now (see the module
    /// documentation); None when the record is swept as usual.
    pub(crate) fn planned_gradient(
        &mut self,
        tape_id: TapeId,
        targets: &[Tensor],
        sources: &[Tensor],
        upstream: &[Option<Tensor>],
    ) -> Option<Result<Step>> {
        if self.is_tracing() || !self.sweeps.is_empty() || self.active.iter().any(|&t| t != tape_id) {
            return None;
        }
        // (Inside its own context a persistent tape records the rules' ops: higher derivatives.)
        if self.tape(tape_id).ok()?.persistent && self.active.contains(&tape_id) {
            return None;
        }
        let mut plans = std::mem::take(&mut self.gradient_plans);
        let tape = self.tape(tape_id).expect("the tape was found above");
        let signed = plans.sign(tape.record.nodes(), &tape.tracked, targets, sources, upstream);
        let found = if signed { plans.find() } else { Found::Sweep };
        self.gradient_plans = plans;
        let result = match found {
            Found::Sweep => None,
            Found::Plan(k) => self.replay_plan(k, tape_id, sources.len()),
            Found::Trace(hash) => Some(self.trace_plan(hash, tape_id, targets, sources, upstream)),
        };
        let plans = &mut self.gradient_plans;
        plans.tensors.clear(); // (the record's tensors are not kept alive here)
        result
    }

    /// Replays plan `k` on the tensors of the record at hand (numbered by `sign`); None when the
    /// replay fails (the plan is dropped, and the record swept as usual).
    fn replay_plan(&mut self, k: usize, tape_id: TapeId, n_sources: usize) -> Option<Result<Step>> {
        let mut plan = self.gradient_plans.plans.swap_remove(k);
        let program = plan.program.take().expect("a plan to replay has a program");
        let tensors = &mut self.gradient_plans.tensors;
        let replay = match plan.replay.take() {
            Some(mut replay) => replay.restart_taking(&program, tensors).map(|()| replay),
            None => Replay::new(&program, tensors),
        };
        let mut replay = replay.ok()?;
        if self.replay_whole(&program, &mut replay).is_err() {
            return None;
        }
        // Each gradient gets a new id, as the sweep's do (one per output: sources with one gradient
        // share it), but an input the sweep passed on itself. (An output may be a constant of the
        // program, or an input, whose id is not new.)
        let ids = &mut self.gradient_plans.new_ids;
        ids.clear();
        ids.resize(program.outputs(), None);
        let mut grads = Vec::with_capacity(n_sources);
        for g in &plan.grads {
            grads.push(g.map(|(k, keeps_id)| {
                let mut t = replay.output(&program, k).clone();
                if !keeps_id {
                    t.id = *ids[k].get_or_insert_with(fresh_id);
                }
                t
            }));
        }
        replay.clear();
        (plan.program, plan.replay) = (Some(program), Some(replay));
        self.gradient_plans.replays += 1;
        self.gradient_plans.keep(plan);
        Some(self.use_up(tape_id).map(|()| Step::Done(grads)))
    }

    /// Sweeps the record at hand while tracing the sweep, and keeps what the trace gives as the
    /// plan of its signature (a program, or None when it gave none).
    fn trace_plan(&mut self, hash: u64, tape_id: TapeId, targets: &[Tensor], sources: &[Tensor], upstream: &[Option<Tensor>]) -> Result<Step> {
        let inputs = std::mem::take(&mut self.gradient_plans.tensors);
        self.trace_begin(&inputs)?;
        self.gradient_plans.tracing = true;
        let step = self.sweep_gradient(tape_id, targets, sources, upstream);
        self.gradient_plans.tracing = false;
        let Ok(Step::Done(grads)) = &step else {
            self.trace_abort();
            return step;
        };
        // One output per distinct gradient: sources that got one tensor (a source listed twice)
        // get one tensor again, under one id.
        let mut outputs: Vec<Tensor> = Vec::new();
        let plan_grads = grads
            .iter()
            .map(|g| {
                g.as_ref().map(|g| {
                    let k = outputs.iter().position(|t| t.id == g.id).unwrap_or_else(|| {
                        outputs.push(g.clone());
                        outputs.len() - 1
                    });
                    (k, inputs.iter().any(|t| t.id == g.id))
                })
            })
            .collect();
        let program = self.trace_finish(&outputs).ok();
        let plans = &mut self.gradient_plans;
        let signature = plans.signature.clone();
        let last_used = plans.clock;
        plans.keep(Plan { hash, signature, program, replay: None, grads: plan_grads, last_used });
        plans.tensors = inputs;
        step
    }
}

#[cfg(test)]
mod tests {
    use super::MAX_PLANS;
    use crate::dtype::Buffer;
    use crate::{Engine, TapeId, Tensor};

    fn f32t(shape: &[usize], data: &[f32]) -> Tensor {
        Tensor::new(shape.to_vec(), Buffer::F32(data.to_vec()))
    }

    fn bits(g: &Option<Tensor>) -> Option<Vec<u64>> {
        g.as_ref().map(|g| g.to_f64_vec().iter().map(|v| v.to_bits()).collect())
    }

    /// `loss(e)` recorded on a new tape of `e` watching `watched`: the tape, no longer
    /// recording, and the loss.
    fn recorded(e: &mut Engine, watched: &Tensor, persistent: bool, loss: impl FnOnce(&mut Engine) -> Tensor) -> (TapeId, Tensor) {
        let tape = e.new_tape(persistent).unwrap();
        e.push_tape(tape).unwrap();
        e.watch(tape, watched).unwrap();
        let loss = loss(e);
        e.pop_tape(tape).unwrap();
        (tape, loss)
    }

    /// The gradient of `loss(e)` with respect to `watched`, recorded on a new tape of `e`.
    fn gradient_of(e: &mut Engine, watched: &Tensor, loss: impl FnOnce(&mut Engine) -> Tensor) -> Vec<Option<Tensor>> {
        let (tape, loss) = recorded(e, watched, false, loss);
        e.gradient(tape, &[loss], std::slice::from_ref(watched), &[None]).unwrap()
    }

    /// sum((w · x)²) recorded on a new tape of `e` watching `w`, and its gradient.
    fn step(e: &mut Engine, w: &Tensor, x: &Tensor, persistent: bool) -> (TapeId, Tensor, Vec<Option<Tensor>>) {
        let (tape, loss) = recorded(e, w, persistent, |e| {
            let y = e.mul(w, x).unwrap();
            let s = e.mul(&y, &y).unwrap();
            e.sum(&s, &[0], false).unwrap()
        });
        let grads = e.gradient(tape, std::slice::from_ref(&loss), std::slice::from_ref(w), &[None]).unwrap();
        (tape, loss, grads)
    }

    #[test]
    fn a_loop_replays_from_its_third_gradient_with_the_sweeps_bits() {
        let mut e = Engine::new();
        let x = f32t(&[3], &[0.5, -1.25, 2.0]);
        for k in 0..6u64 {
            let w = f32t(&[3], &[0.1 * k as f32, 0.3, -0.7]);
            let (tape, _, planned) = step(&mut e, &w, &x, false);
            e.free_tape(tape).unwrap();
            let (_, _, swept) = step(&mut Engine::new(), &w, &x, false);
            assert_eq!(bits(&planned[0]), bits(&swept[0]), "step {k}");
            assert_eq!(e.gradient_replays(), k.saturating_sub(1), "step {k}");
        }
    }

    #[test]
    fn a_rules_constant_is_not_taken_for_a_recorded_constant_of_the_same_value() {
        // sum((c x)²): the engine's cached scalar 2 is the c the record holds (with its data: mul
        // reads it) while the plan is traced, and also the 2 of square's rule, 2 x g. A later c
        // must not become the rule's 2.
        let mut e = Engine::new();
        let x = f32t(&[2], &[0.75, -1.5]);
        for (k, c) in [2.0, 2.0, 2.0, 5.0, 3.0, 2.0].into_iter().enumerate() {
            let run = |e: &mut Engine| {
                gradient_of(e, &x, |e| {
                    let c = e.scalar(crate::DType::F32, c);
                    let cx = e.mul(&c, &x).unwrap();
                    let s = e.unary(crate::op::UnaryKind::Square, &cx).unwrap();
                    e.sum(&s, &[0], false).unwrap()
                })
            };
            assert_eq!(bits(&run(&mut e)[0]), bits(&run(&mut Engine::new())[0]), "step {k}, c = {c}");
        }
        assert_eq!(e.gradient_replays(), 4);
    }

    #[test]
    fn a_tape_that_saw_two_values_under_one_id_is_swept() {
        // A variable assigned between two ops of one tape keeps its id: the record holds both
        // values under it, which one input of a program cannot stand for.
        let mut e = Engine::new();
        let x = f32t(&[2], &[1.5, -2.0]);
        for k in 0..4 {
            let w_before = f32t(&[2], &[0.25 + k as f32, 0.5]);
            let w_after = Tensor { id: w_before.id, ..f32t(&[2], &[-3.0, 4.0 + k as f32]) };
            let run = |e: &mut Engine| {
                gradient_of(e, &w_before, |e| {
                    let a = e.mul(&w_before, &x).unwrap();
                    let b = e.mul(&w_after, &a).unwrap();
                    e.sum(&b, &[0], false).unwrap()
                })
            };
            assert_eq!(bits(&run(&mut e)[0]), bits(&run(&mut Engine::new())[0]), "step {k}");
        }
        assert_eq!(e.gradient_replays(), 0);
    }

    #[test]
    fn an_upstream_gradient_passed_on_keeps_its_id_and_a_constant_one_gets_a_new_id_each_time() {
        let mut e = Engine::new();
        let mut ones_ids = Vec::new();
        for k in 0..5 {
            let x = f32t(&[2], &[k as f32, 1.0]);
            let (tape, y) = recorded(&mut e, &x, false, |e| e.mul(&x, &x).unwrap());
            // d y / d y with the upstream given is the upstream itself; d y / d x is 2x · upstream.
            let upstream = f32t(&[2], &[2.0, -1.0 - k as f32]);
            let g = e.gradient(tape, std::slice::from_ref(&y), &[y.clone(), x.clone()], &[Some(upstream.clone())]).unwrap();
            assert_eq!(g[0].as_ref().map(|g| g.id), Some(upstream.id), "step {k}");
            assert_eq!(g[1].as_ref().map(Tensor::to_f64_vec), Some(vec![2.0 * 2.0 * k as f64, 2.0 * (-1.0 - k as f64)]), "step {k}");
            // Without one, d (x + 3) / d x is ones: a constant of the plan, returned as a new tensor.
            let g = gradient_of(&mut e, &x, |e| {
                let three = e.scalar(crate::DType::F32, 3.0);
                e.add(&x, &three).unwrap()
            });
            let g = g[0].as_ref().expect("connected");
            assert_eq!(g.to_f64_vec(), vec![1.0, 1.0]);
            ones_ids.push(g.id);
        }
        assert_eq!(e.gradient_replays(), 6);
        ones_ids.sort();
        ones_ids.dedup();
        assert_eq!(ones_ids.len(), 5, "a new id every time");
    }

    #[test]
    fn a_source_listed_twice_gets_one_tensor_twice_as_from_the_sweep() {
        let mut e = Engine::new();
        let x = f32t(&[2], &[0.5, 2.0]);
        for k in 0..4 {
            let w = f32t(&[2], &[1.0 + k as f32, -1.0]);
            let (tape, loss) = recorded(&mut e, &w, false, |e| {
                let y = e.mul(&w, &x).unwrap();
                e.sum(&y, &[0], false).unwrap()
            });
            let g = e.gradient(tape, &[loss], &[w.clone(), w.clone()], &[None]).unwrap();
            let (a, b) = (g[0].as_ref().expect("connected"), g[1].as_ref().expect("connected"));
            assert_eq!((a.id, a.to_f64_vec()), (b.id, vec![0.5, 2.0]), "step {k}");
        }
        assert_eq!(e.gradient_replays(), 2);
    }

    #[test]
    fn a_target_given_by_its_id_with_a_placeholder_value_is_planned() {
        // JavaScript holds a rank-0 loss computed on values, and names it by id: the target comes
        // as a tensor of that id whose value is a placeholder, while the record keeps the real one.
        let mut e = Engine::new();
        let x = f32t(&[2], &[0.5, 2.0]);
        for k in 0..4 {
            let w = f32t(&[2], &[0.25 * k as f32, -1.0]);
            let run = |e: &mut Engine| {
                let (tape, loss) = recorded(e, &w, false, |e| {
                    let y = e.mul(&w, &x).unwrap();
                    let s = e.sum(&y, &[0], false).unwrap();
                    e.unary(crate::op::UnaryKind::Exp, &s).unwrap() // (its rule reads its result)
                });
                let named = Tensor { id: loss.id, ..Tensor::scalar(crate::DType::F32, 0.0) };
                e.gradient(tape, &[named], std::slice::from_ref(&w), &[None]).unwrap()
            };
            assert_eq!(bits(&run(&mut e)[0]), bits(&run(&mut Engine::new())[0]), "step {k}");
        }
        assert_eq!(e.gradient_replays(), 2);
    }

    #[test]
    fn a_persistent_tape_is_planned_outside_its_context_only() {
        let mut e = Engine::new();
        let x = f32t(&[3], &[0.5, 1.0, -1.0]);
        let w = f32t(&[3], &[1.0, 2.0, 3.0]);
        let (tape, loss, first) = step(&mut e, &w, &x, true);
        for _ in 0..3 {
            let again = e.gradient(tape, std::slice::from_ref(&loss), std::slice::from_ref(&w), &[None]).unwrap();
            assert_eq!(bits(&again[0]), bits(&first[0]));
        }
        assert_eq!(e.gradient_replays(), 2, "the record stays; its third and fourth gradients replay");
        // Inside its context the rules' ops are recorded (second derivatives): no plan.
        e.push_tape(tape).unwrap();
        let inside = e.gradient(tape, std::slice::from_ref(&loss), std::slice::from_ref(&w), &[None]).unwrap();
        let inside = inside[0].clone().expect("connected");
        e.pop_tape(tape).unwrap();
        assert_eq!(e.gradient_replays(), 2);
        assert_eq!(bits(&Some(inside.clone())), bits(&first[0]));
        let second = e.gradient(tape, &[inside], std::slice::from_ref(&w), &[None]).unwrap();
        // d/dw sum(2 x² w) = 2 x²
        assert_eq!(second[0].as_ref().map(Tensor::to_f64_vec), Some(vec![0.5, 2.0, 2.0]));
    }

    #[test]
    fn at_most_max_plans_are_kept_and_each_structure_still_gets_its_gradient() {
        let mut e = Engine::new();
        for round in 0..3 {
            for n in 1..=MAX_PLANS + 4 {
                let x = f32t(&[n], &vec![0.5; n]);
                let w = f32t(&[n], &(0..n).map(|i| i as f32 + round as f32).collect::<Vec<_>>());
                let (tape, _, g) = step(&mut e, &w, &x, false);
                e.free_tape(tape).unwrap();
                let (_, _, want) = step(&mut Engine::new(), &w, &x, false);
                assert_eq!(bits(&g[0]), bits(&want[0]), "round {round}, n {n}");
            }
            assert!(e.gradient_plans.plans.len() <= MAX_PLANS);
        }
    }
}
