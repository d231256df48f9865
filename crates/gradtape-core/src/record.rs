//! What a tape records: its nodes in the order the ops ran.
//!
//! Most ops are recorded as `Node`s, which keep their operands as tensors (shared storage). Rank-0
//! float arithmetic that JavaScript runs on values (`Engine::record_scalar`: a small fitting loop's
//! `a.add(b).sub(9)`) is recorded as `ScalarNode`s instead: the op, the operands' ids and values,
//! and the result's — plain numbers, no tensor, no allocation. They stay values while the record
//! is only appended to and then swept on values (`Engine::gradient` on a record of scalar nodes
//! only); anything else that reads the record (a tensor op recorded after them, a persistent
//! tape's sweep, Jacobians, eviction) first turns them into the nodes `record` would have made
//! (`Record::nodes`), so the rest of the engine sees one kind of node.

use crate::dtype::DType;
use crate::op::{BinaryKind, Op, Saves, UnaryKind};
use crate::ops::ScalarOp;
use crate::tensor::{EmptyBuffers, Tensor, TensorId};

/// One recorded op: its inputs and output are kept (shared storage, no copies) as residuals.
#[derive(Clone)]
pub(crate) struct Node {
    pub(crate) op: Op,
    pub(crate) inputs: Vec<Tensor>,
    pub(crate) output: Tensor,
}

/// A rank-0 operand or result of a `ScalarNode`: its tensor id (0 for a constant no tape tracks)
/// and its value.
pub type ScalarValue = (TensorId, f64);

/// The id a constant operand of a `ScalarNode` has: no tensor has it (ids start at 1), so no tape
/// tracks it.
pub const CONSTANT_ID: TensorId = 0;

/// The op of a `ScalarNode`: an `Op::Unary` or `Op::Binary` by its kind. (An `Op` is 104 bytes,
/// most of a node: copying, cloning and dropping it was a tenth of recording a scalar step.)
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ScalarKind {
    Unary(UnaryKind),
    Binary(BinaryKind),
}

impl ScalarKind {
    /// The kind of a unary or binary op; None for any other op.
    pub(crate) fn of(op: &Op) -> Option<ScalarKind> {
        match *op {
            Op::Unary { kind } => Some(ScalarKind::Unary(kind)),
            Op::Binary { kind } => Some(ScalarKind::Binary(kind)),
            _ => None,
        }
    }

    /// The kind of an eager scalar op; None for `ScalarOp::Other`.
    pub(crate) fn of_scalar_op(op: ScalarOp) -> Option<ScalarKind> {
        match op {
            ScalarOp::Unary(kind, _) => Some(ScalarKind::Unary(kind)),
            ScalarOp::Binary(kind, _) => Some(ScalarKind::Binary(kind)),
            ScalarOp::Other => None,
        }
    }

    pub(crate) fn op(self) -> Op {
        match self {
            ScalarKind::Unary(kind) => Op::Unary { kind },
            ScalarKind::Binary(kind) => Op::Binary { kind },
        }
    }

    pub(crate) fn arity(self) -> usize {
        match self {
            ScalarKind::Unary(_) => 1,
            ScalarKind::Binary(_) => 2,
        }
    }

    /// What the gradient rule reads (`Op::saves`).
    pub(crate) fn saves(self) -> Saves {
        match self {
            ScalarKind::Unary(kind) => kind.spec_row().4,
            ScalarKind::Binary(kind) => kind.spec_row().4,
        }
    }
}

/// A unary or binary op on rank-0 operands of one float dtype, recorded on values.
#[derive(Clone)]
pub(crate) struct ScalarNode {
    pub(crate) op: ScalarKind,
    pub(crate) dtype: DType,
    /// The operands; a unary op's second is unused.
    pub(crate) inputs: [ScalarValue; 2],
    pub(crate) output: ScalarValue,
}

impl ScalarNode {
    pub(crate) fn arity(&self) -> usize {
        self.op.arity()
    }

    /// The node `Engine::record` makes for the same op: operands the gradient rule reads with
    /// their data, the others as shapes only; a constant as a tensor of its own.
    fn to_node(&self, empty: &mut EmptyBuffers) -> Node {
        let saves = self.op.saves();
        let dtype = self.dtype;
        let mut tensor = |(id, value): ScalarValue, saved: bool| match (id, saved) {
            (CONSTANT_ID, _) => Tensor::scalar(dtype, value),
            (id, true) => Tensor::scalar_with_id(id, dtype, value),
            (id, false) => Tensor::scalar_shape_only(id, dtype, empty),
        };
        let inputs = self.inputs[..self.arity()].iter().map(|&x| tensor(x, saves.input())).collect();
        Node { op: self.op.op(), inputs, output: tensor(self.output, saves.output()) }
    }
}

/// A tape's record: its nodes, then the scalar nodes recorded since the last tensor node (see the
/// module comment). The fields are private so that nothing reads the nodes without the scalar
/// nodes after them.
#[derive(Default)]
pub(crate) struct Record {
    nodes: Vec<Node>,
    scalars: Vec<ScalarNode>,
    /// The empty buffers that scalar nodes made into nodes share (as `Engine::empty`).
    empty: EmptyBuffers,
}

impl Record {
    /// Every recorded op as a `Node`, in order (scalar nodes are made into nodes first).
    pub(crate) fn nodes(&mut self) -> &mut Vec<Node> {
        if !self.scalars.is_empty() {
            self.nodes.reserve(self.scalars.len());
            for s in self.scalars.drain(..) {
                self.nodes.push(s.to_node(&mut self.empty));
            }
        }
        &mut self.nodes
    }

    /// The record as scalar nodes, when it holds nothing else.
    pub(crate) fn only_scalars(&self) -> Option<&[ScalarNode]> {
        self.nodes.is_empty().then_some(&self.scalars[..])
    }

    /// Appends a scalar node (after every node recorded so far).
    pub(crate) fn push_scalar(&mut self, node: ScalarNode) {
        self.scalars.push(node);
    }

    pub(crate) fn try_reserve_scalar(&mut self) -> Result<(), std::collections::TryReserveError> {
        self.scalars.try_reserve(1)
    }

    /// Recorded ops.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len() + self.scalars.len()
    }

    /// Small enough to keep for the next tape once emptied (see `Engine::spare_record`).
    pub(crate) fn fits_spare(&self, limit: usize) -> bool {
        self.nodes.capacity() <= limit && self.scalars.capacity() <= limit
    }

    /// Emptied, keeping its storage.
    pub(crate) fn clear(&mut self) {
        self.nodes.clear();
        self.scalars.clear();
    }

    /// A record of these nodes (a restored tape's).
    pub(crate) fn of_nodes(nodes: Vec<Node>) -> Record {
        Record { nodes, ..Record::default() }
    }
}
