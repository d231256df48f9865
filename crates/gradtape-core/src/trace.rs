//! Traced programs: a function of some tensors (its inputs), recorded op by op while it runs, and
//! replayed later on new input values without JavaScript in between.
//!
//! While a trace is open, every op that reads a traced tensor (an input, or the output of an
//! earlier traced op) becomes a node of the program; an operand that is not traced is a constant
//! of the program, its value kept as it was. An op that reads no traced tensor does not depend on
//! the inputs, so its result is a constant too.
//!
//! A replay equals the traced run only if the function computed its result from the inputs by ops
//! alone. The wasm layer and JavaScript report what breaks that (reading a traced tensor's values,
//! which could steer JavaScript control flow; random numbers; variables; custom gradients; taking
//! gradients inside the function) with [`Engine::trace_spoil`], and such a trace gives no program.

use crate::engine::{Engine, IdMap};
use crate::error::Result;
use crate::op::Op;
use crate::tensor::Tensor;

/// Where a node's operand comes from.
#[derive(Clone)]
enum Operand {
    /// Value `i` of the replay: input i, or the output of node `i - inputs`.
    Value(usize),
    /// A tensor that does not depend on the inputs, kept with its data.
    Constant(Tensor),
}

#[derive(Clone)]
enum Step {
    Apply(Op),
    /// `tf.stopGradient`: the value passes, the gradient does not.
    StopGradient,
}

#[derive(Clone)]
struct ProgramNode {
    step: Step,
    operands: Vec<Operand>,
}

/// A recorded function of `inputs` tensors (see the module documentation).
#[derive(Clone)]
pub struct Program {
    inputs: usize,
    nodes: Vec<ProgramNode>,
    /// The value the function returned.
    output: usize,
}

/// A trace being recorded.
pub(crate) struct Trace {
    inputs: usize,
    nodes: Vec<ProgramNode>,
    /// The value index of each traced tensor id (the latest tensor recorded under an id).
    values: IdMap<usize>,
    /// Why the trace cannot give a program, if something spoilt it.
    spoilt: Option<&'static str>,
}

impl Trace {
    fn operands(&self, tensors: &[&Tensor]) -> Option<Vec<Operand>> {
        if !tensors.iter().any(|t| self.values.contains_key(&t.id)) {
            return None;
        }
        Some(tensors.iter().map(|t| self.values.get(&t.id).map_or_else(|| Operand::Constant((*t).clone()), |&v| Operand::Value(v))).collect())
    }

    fn push(&mut self, step: Step, operands: Vec<Operand>, output: &Tensor) {
        self.values.insert(output.id, self.inputs + self.nodes.len());
        self.nodes.push(ProgramNode { step, operands });
    }
}

impl Engine {
    /// Starts tracing a function of `inputs` (at most one trace at a time).
    pub fn trace_begin(&mut self, inputs: &[Tensor]) -> Result<()> {
        if self.trace.is_some() {
            crate::fail!(InvalidArgument, "a trace is already being recorded");
        }
        let mut values = IdMap::default();
        for (i, t) in inputs.iter().enumerate() {
            values.insert(t.id, i);
        }
        self.trace = Some(Trace { inputs: inputs.len(), nodes: Vec::new(), values, spoilt: None });
        Ok(())
    }

    /// Ends the trace. The program that computes `output` from the inputs, or Err with the reason
    /// why the run cannot be replayed (spoilt, or `output` does not depend on the inputs).
    pub fn trace_end(&mut self, output: &Tensor) -> std::result::Result<Program, &'static str> {
        let trace = self.trace.take().ok_or("no trace was being recorded")?;
        if let Some(why) = trace.spoilt {
            return Err(why);
        }
        let output = *trace.values.get(&output.id).ok_or("the result does not depend on the inputs")?;
        Ok(Program { inputs: trace.inputs, nodes: trace.nodes, output })
    }

    /// Drops the trace being recorded, if any (the traced function failed).
    pub fn trace_abort(&mut self) {
        self.trace = None;
    }

    /// Marks the open trace as not replayable, with the reason, when `t` is traced (or, for
    /// `None`, whatever the tensor): its values were read, or it was used in a way a replay cannot
    /// repeat.
    pub fn trace_spoil(&mut self, t: Option<&Tensor>, why: &'static str) {
        if let Some(trace) = &mut self.trace {
            if trace.spoilt.is_none() && t.is_none_or(|t| trace.values.contains_key(&t.id)) {
                trace.spoilt = Some(why);
            }
        }
    }

    /// Called by `apply` after every op: a node when the op read a traced tensor.
    pub(crate) fn trace_op(&mut self, op: &Op, inputs: &[&Tensor], output: &Tensor) {
        if let Some(trace) = &mut self.trace {
            if let Some(operands) = trace.operands(inputs) {
                trace.push(Step::Apply(op.clone()), operands, output);
            }
        }
    }

    /// `stop_gradient` while tracing.
    pub(crate) fn trace_stop_gradient(&mut self, input: &Tensor, output: &Tensor) {
        if let Some(trace) = &mut self.trace {
            if let Some(operands) = trace.operands(&[input]) {
                trace.push(Step::StopGradient, operands, output);
            }
        }
    }

    /// Runs `program` on `inputs` (the traced inputs' shapes and dtypes) through `apply`, so the
    /// active tapes record it as they would the function itself. Returns its output.
    pub fn replay(&mut self, program: &Program, inputs: &[Tensor]) -> Result<Tensor> {
        if inputs.len() != program.inputs {
            crate::fail!(InvalidArgument, "the program takes {} inputs, got {}", program.inputs, inputs.len());
        }
        let mut values: Vec<Tensor> = Vec::with_capacity(program.inputs + program.nodes.len());
        values.extend_from_slice(inputs);
        for node in &program.nodes {
            let operands: Vec<&Tensor> = node
                .operands
                .iter()
                .map(|o| match o {
                    Operand::Value(i) => &values[*i],
                    Operand::Constant(t) => t,
                })
                .collect();
            let out = match &node.step {
                Step::Apply(op) => self.apply(op.clone(), &operands)?,
                Step::StopGradient => self.stop_gradient(operands[0]),
            };
            values.push(out);
        }
        Ok(values.swap_remove(program.output))
    }
}

#[cfg(test)]
mod tests {
    use crate::dtype::{Buffer, DType};
    use crate::{Engine, Tensor};

    #[test]
    fn a_replay_computes_what_the_traced_ops_computed() {
        let mut e = Engine::new();
        let a = e.scalar(DType::F64, 2.0);
        let x = Tensor::new(vec![3], Buffer::F64(vec![1.0, 2.0, 3.0]));
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let c = e.scalar(DType::F64, 10.0);
        let ten_x = e.mul(&x, &c).unwrap(); // no traced operand: a constant of the program
        let ax = e.mul(&a, &ten_x).unwrap();
        let stopped = e.stop_gradient(&ax);
        let y = e.add(&stopped, &a).unwrap();
        let program = e.trace_end(&y).unwrap_or_else(|why| panic!("not replayable: {why}"));
        let b = e.scalar(DType::F64, -1.0);
        let z = e.replay(&program, &[b]).unwrap();
        assert_eq!(z.to_f64_vec(), vec![-11.0, -21.0, -31.0]);
    }

    #[test]
    fn a_spoilt_trace_or_an_unconnected_result_gives_no_program() {
        let mut e = Engine::new();
        let a = e.scalar(DType::F64, 2.0);
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let y = e.neg(&a).unwrap();
        e.trace_spoil(Some(&y), "read");
        assert_eq!(e.trace_end(&y).err(), Some("read"));
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let other = e.scalar(DType::F64, 1.0);
        let z = e.neg(&other).unwrap();
        e.trace_spoil(Some(&z), "an untraced read does not spoil");
        assert_eq!(e.trace_end(&z).err(), Some("the result does not depend on the inputs"));
        assert!(e.trace_begin(std::slice::from_ref(&a)).is_ok());
        assert!(e.trace_begin(std::slice::from_ref(&a)).is_err(), "one trace at a time");
    }
}
