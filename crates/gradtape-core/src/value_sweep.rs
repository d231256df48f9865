//! The reverse sweep on values: a record of scalar nodes only (`record::ScalarNode`, a small
//! fitting step's rank-0 arithmetic) swept with each rule on values, without a tensor, a hash
//! table or a slot table. It gives what the tensor sweep (`autodiff`) gives, bit for bit: the
//! same rules on the same values (`ops::vjp_scalar`, which the tensor sweep also runs on rank-0
//! nodes), visited in the same order, each gradient summed in the same order. Anything it does not
//! cover declines (None) before the tape is touched, and the tensor sweep runs instead.

use crate::engine::{Engine, TapeId};
use crate::ops;
use crate::ops::algebra::{Algebra, OnValues};
use crate::record::{ScalarNode, ScalarValue};
use crate::tensor::{fresh_id, Tensor, TensorId};

/// Sources beyond this many take the tensor sweep (a source is found by a scan).
const MAX_SOURCES: usize = 16;

/// Per-node tables of a value sweep, kept from one sweep to the next (`Engine::spare_values`).
#[derive(Default)]
pub(crate) struct ValueTables {
    /// Per node: where its operands' gradients go, or None when its result depends on no source.
    links: Vec<Option<[Operand; 2]>>,
    /// Per node: the gradient of its result summed so far.
    grads: Vec<Option<f64>>,
    /// Per source: its id if the tape can differentiate it.
    source_ids: Vec<Option<TensorId>>,
    /// Per source: its gradient summed so far.
    source_grads: Vec<Option<f64>>,
}

/// Where an operand's gradient goes.
#[derive(Clone, Copy, PartialEq)]
enum Operand {
    /// A source (watched, floating): gradients go to every source of that id.
    Source,
    /// The result of node `i` of the record.
    Node(usize),
    /// A constant, or a tensor that depends on no source.
    Other,
}

impl Engine {
    /// `gradient_start`'s result when tape `tape_id` is non-persistent, holds scalar nodes only, no
    /// other tape records, nothing traces, the targets are rank-0 results of the record seeded
    /// with ones, and the sources are few and none of them a result of the record. None otherwise
    /// (nothing touched). On success the tape is used up, as by the tensor sweep, and each source
    /// has its gradient as a value of its dtype (None: not reached).
    pub(crate) fn gradient_on_values(&mut self, tape_id: TapeId, targets: &[Tensor], sources: &[Tensor], output_grads: &[Option<Tensor>]) -> Option<Vec<Option<ScalarValue>>> {
        if self.is_tracing() || self.active.iter().any(|&t| t != tape_id) || sources.len() > MAX_SOURCES || output_grads.iter().any(Option::is_some) {
            return None;
        }
        // (Checked before the tables are taken: every gradient of a tensor tape passes here.)
        let tape = self.tape(tape_id).ok()?;
        if tape.persistent || !tape.record.only_scalars().is_some_and(|nodes| !nodes.is_empty()) {
            return None;
        }
        let mut tables = std::mem::take(&mut self.spare_values);
        let tape = self.tape(tape_id).ok()?;
        let nodes = tape.record.only_scalars()?; // (checked above)
        // A source counts when the tape can differentiate it (as `Sweep::prepare` decides).
        let floating_and_watched = |s: &Tensor| (s.dtype().is_float() && tape.tracked.contains(s.id)).then_some(s.id);
        tables.source_ids.extend(sources.iter().map(floating_and_watched));
        let grads = sweep(nodes, targets, &mut tables);
        // (Each gradient under a new id, as a tensor the tensor sweep makes would have.)
        let grads = grads.map(|()| tables.source_grads.iter().map(|g| g.map(|g| (fresh_id(), g))).collect());
        // (Every table named, so one added later cannot be left full for the next sweep.)
        let ValueTables { links, grads: node_grads, source_ids, source_grads } = &mut tables;
        links.clear();
        node_grads.clear();
        source_ids.clear();
        source_grads.clear();
        self.spare_values = tables;
        let grads = grads?;
        // Used up, as `Engine::finish` leaves a tape (its emptied record kept for the next tape).
        self.use_up(tape_id).ok()?;
        Some(grads)
    }
}

/// Sweeps `nodes` back from `targets` to the sources `t.source_ids`, leaving one gradient per
/// source (None: not reached) in `t.source_grads`; None where the value sweep does not apply.
fn sweep(nodes: &[ScalarNode], targets: &[Tensor], t: &mut ValueTables) -> Option<()> {
    let ValueTables { links, grads, source_ids, source_grads } = t;
    // Results have increasing ids (fresh ids, in recording order), usually consecutive (nothing
    // else took an id between the ops): a result is then at its id's offset from the first, and
    // otherwise found by binary search. Ids outside the results' range (variables, constants) are
    // no result.
    let (first, last) = (nodes.first().map_or(1, |n| n.output.0), nodes.last().map_or(0, |n| n.output.0));
    let node_of = |id: TensorId| {
        if id < first || id > last {
            return None;
        }
        let at = (id - first) as usize;
        if nodes.get(at).is_some_and(|n| n.output.0 == id) {
            return Some(at);
        }
        nodes.binary_search_by_key(&id, |n| n.output.0).ok()
    };
    let is_source = |id: TensorId| source_ids.contains(&Some(id));
    if source_ids.iter().flatten().any(|&id| node_of(id).is_some()) {
        return None; // a result of the record as a source: its gradient also flows on
    }
    let n = nodes.len();
    grads.resize(n, None);
    // Forward: which results depend on a source, and through which operands.
    for node in nodes {
        let mut to = [Operand::Other; 2];
        for (to, &(id, _)) in to.iter_mut().zip(&node.inputs[..node.arity()]) {
            // (A result is no source: that case returned above.)
            *to = match node_of(id) {
                Some(j) if links[j].is_some() => Operand::Node(j),
                Some(_) => Operand::Other,
                None if is_source(id) => Operand::Source,
                None => Operand::Other,
            };
        }
        links.push(to.iter().any(|&o| o != Operand::Other).then_some(to));
    }
    for target in targets {
        if target.rank() != 0 || is_source(target.id) {
            return None;
        }
        let Some(i) = node_of(target.id) else { continue }; // not recorded: no gradient flows from it
        if nodes[i].dtype != target.dtype() || grads[i].is_some() {
            return None; // (the same target twice: the tensor sweep sums the seeds)
        }
        if links[i].is_some() {
            grads[i] = Some(1.0);
        }
    }
    source_grads.resize(source_ids.len(), None);
    for i in (0..n).rev() {
        let (Some(g), Some(where_to)) = (grads[i].take(), links[i]) else { continue };
        let node = &nodes[i];
        let arity = node.arity();
        let needs = where_to.map(|w| w != Operand::Other);
        // Values the rule does not read are NaN, as the tensor sweep's shape-only residuals read.
        let saves = node.op.saves();
        let kept = |(_, v): ScalarValue, saved: bool| if saved { v } else { f64::NAN };
        let inputs = [kept(node.inputs[0], saves.input()), kept(node.inputs[1], saves.input())];
        let input_grads = ops::vjp_of_kind(node.op, node.dtype, inputs, kept(node.output, saves.output()), g, &needs[..arity])?;
        let mut sum = OnValues { dtype: node.dtype };
        // previous + grad, as the tensor sweep sums fan-out (`Engine::sum_grads` on values).
        let mut add = |previous: Option<f64>, grad: f64| -> Option<f64> {
            match previous {
                Some(p) => sum.add(&p, &grad).ok(),
                None => Some(grad),
            }
        };
        for k in 0..arity {
            let Some(grad) = input_grads[k] else { continue };
            match where_to[k] {
                Operand::Source => {
                    let id = node.inputs[k].0;
                    for (s, _) in source_ids.iter().enumerate().filter(|(_, &s)| s == Some(id)) {
                        source_grads[s] = Some(add(source_grads[s], grad)?);
                    }
                }
                Operand::Node(j) => grads[j] = Some(add(grads[j], grad)?),
                Operand::Other => {}
            }
        }
    }
    Some(())
}
