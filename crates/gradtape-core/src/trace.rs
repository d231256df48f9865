//! Traced programs: a function of some tensors (its inputs), recorded op by op while it runs, and
//! replayed later on new input values without JavaScript in between.
//!
//! While a trace is open, every op that reads a traced tensor (an input, or the output of an
//! earlier traced op) becomes a node of the program; an operand that is not traced is a constant
//! of the program, its value kept as it was. An op that reads no traced tensor does not depend on
//! the inputs, so its result is a constant too (constant folding for free).
//!
//! A program has two stages. The first computes the function's result: the trace is *marked*
//! when the function returns. The second computes what the caller derives from it while the
//! trace stays open, typically its Jacobian or gradient: the derivative ops the tape's sweeps run
//! are recorded like any others, so a replay needs neither a tape nor a sweep. A caller that
//! does not need the second stage (a rejected trial step) runs the first alone.
//!
//! A replay equals the traced run only if the function computed its result from the inputs by ops
//! alone. The wasm layer and JavaScript report what breaks that (reading a traced tensor's values
//! before the mark, which could steer JavaScript control flow; random numbers; variables; custom
//! gradients; assignments) with [`Engine::trace_spoil`], and such a trace gives no program.

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

/// A recorded function of `inputs` tensors and what was derived from it (see the module
/// documentation).
#[derive(Clone)]
pub struct Program {
    inputs: usize,
    nodes: Vec<ProgramNode>,
    /// Nodes `..first_stage` compute the function's result.
    first_stage: usize,
    /// The values returned: the function's result, then those of the second stage (which may
    /// not depend on the inputs: the derivative of a linear term is a constant).
    outputs: Vec<Operand>,
}

impl Program {
    /// How many values the program returns (the function's result first).
    pub fn outputs(&self) -> usize {
        self.outputs.len()
    }
}

/// A program being replayed: the values computed so far.
pub struct Replay {
    values: Vec<Tensor>,
    stage: usize,
}

/// A trace being recorded.
pub(crate) struct Trace {
    inputs: usize,
    nodes: Vec<ProgramNode>,
    /// The value index of each traced tensor id (the latest tensor recorded under an id).
    values: IdMap<usize>,
    /// Why the trace cannot give a program, if something spoilt it.
    spoilt: Option<&'static str>,
    /// Set when the function returned: the first stage's node count and the result's value.
    mark: Option<(usize, usize)>,
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
        self.trace = Some(Trace { inputs: inputs.len(), nodes: Vec::new(), values, spoilt: None, mark: None });
        Ok(())
    }

    /// Marks the end of the traced function, which returned `result`: the first stage ends here,
    /// and from now on reading traced values is the caller's business (it no longer spoils).
    /// Err with the reason when the run cannot be replayed (the trace is then dropped).
    pub fn trace_mark(&mut self, result: &Tensor) -> std::result::Result<(), &'static str> {
        let trace = self.trace.as_mut().ok_or("no trace was being recorded")?;
        let failure = match (trace.spoilt, trace.values.get(&result.id)) {
            (Some(why), _) => Some(why),
            (None, None) => Some("the result does not depend on the inputs"),
            (None, Some(&value)) => {
                trace.mark = Some((trace.nodes.len(), value));
                None
            }
        };
        match failure {
            Some(why) => {
                self.trace = None;
                Err(why)
            }
            None => Ok(()),
        }
    }

    /// Ends a marked trace. The program computes the marked result and then `derived` (computed
    /// after the mark, or constants); Err with the reason when it cannot.
    pub fn trace_end(&mut self, derived: &[Tensor]) -> std::result::Result<Program, &'static str> {
        let trace = self.trace.take().ok_or("no trace was being recorded")?;
        let (first_stage, result) = trace.mark.ok_or("the trace was not marked")?;
        let mut outputs = vec![Operand::Value(result)];
        outputs.extend(derived.iter().map(|t| trace.values.get(&t.id).map_or_else(|| Operand::Constant(t.clone()), |&v| Operand::Value(v))));
        Ok(Program { inputs: trace.inputs, nodes: trace.nodes, first_stage, outputs })
    }

    /// Drops the trace being recorded, if any (the traced function failed).
    pub fn trace_abort(&mut self) {
        self.trace = None;
    }

    /// Marks the open trace as not replayable, with the reason, when `t` is traced (or, for
    /// `None`, whatever the tensor): its values were read, or it was used in a way a replay cannot
    /// repeat. After the mark the function has returned, and nothing spoils it.
    pub fn trace_spoil(&mut self, t: Option<&Tensor>, why: &'static str) {
        if let Some(trace) = &mut self.trace {
            if trace.mark.is_none() && trace.spoilt.is_none() && t.is_none_or(|t| trace.values.contains_key(&t.id)) {
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

    /// Runs the first stage of `program` on `inputs` (the traced inputs' shapes and dtypes): the
    /// function's result is `replay.output(program, 0)`.
    pub fn replay_start(&mut self, program: &Program, inputs: Vec<Tensor>) -> Result<Replay> {
        if inputs.len() != program.inputs {
            crate::fail!(InvalidArgument, "the program takes {} inputs, got {}", program.inputs, inputs.len());
        }
        let mut replay = Replay { values: inputs, stage: 0 };
        replay.values.reserve(program.nodes.len());
        self.replay_to(program, &mut replay, program.first_stage)?;
        replay.stage = 1;
        Ok(replay)
    }

    /// Runs the second stage after `replay_start`: every output is then ready.
    pub fn replay_finish(&mut self, program: &Program, replay: &mut Replay) -> Result<()> {
        if replay.stage != 1 {
            crate::fail!(InvalidArgument, "the program's second stage runs once, after the first");
        }
        self.replay_to(program, replay, program.nodes.len())?;
        replay.stage = 2;
        Ok(())
    }

    fn replay_to<'a>(&mut self, program: &'a Program, replay: &mut Replay, end: usize) -> Result<()> {
        let start = replay.values.len() - program.inputs;
        for node in &program.nodes[start..end] {
            let values = &replay.values;
            let operand = |o: &'a Operand| match o {
                Operand::Value(i) => &values[*i],
                Operand::Constant(t) => t,
            };
            // Up to four operands (every op but concat) in an array: no allocation per node.
            let first = operand(&node.operands[0]);
            let mut few: [&Tensor; 4] = [first; 4];
            let many: Vec<&Tensor>;
            let operands: &[&Tensor] = if node.operands.len() <= 4 {
                for (slot, o) in few.iter_mut().zip(&node.operands).skip(1) {
                    *slot = operand(o);
                }
                &few[..node.operands.len()]
            } else {
                many = node.operands.iter().map(operand).collect();
                &many
            };
            let out = match &node.step {
                Step::Apply(op) => self.apply(op.clone(), operands)?,
                Step::StopGradient => self.stop_gradient(operands[0]),
            };
            replay.values.push(out);
        }
        Ok(())
    }
}

impl Replay {
    /// Output `k` of `program` (0: the function's result; the others after `replay_finish`).
    pub fn output<'a>(&'a self, program: &'a Program, k: usize) -> &'a Tensor {
        match &program.outputs[k] {
            Operand::Value(i) => &self.values[*i],
            Operand::Constant(t) => t,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dtype::{Buffer, DType};
    use crate::{Engine, Tensor};

    #[test]
    fn a_replay_computes_what_the_traced_ops_computed_in_two_stages() {
        let mut e = Engine::new();
        let a = e.scalar(DType::F64, 2.0);
        let x = Tensor::new(vec![3], Buffer::F64(vec![1.0, 2.0, 3.0]));
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let c = e.scalar(DType::F64, 10.0);
        let ten_x = e.mul(&x, &c).unwrap(); // no traced operand: a constant of the program
        let ax = e.mul(&a, &ten_x).unwrap();
        let stopped = e.stop_gradient(&ax);
        let y = e.add(&stopped, &a).unwrap();
        e.trace_mark(&y).unwrap();
        let twice = e.add(&y, &y).unwrap(); // the second stage
        let program = e.trace_end(std::slice::from_ref(&twice)).unwrap_or_else(|why| panic!("not replayable: {why}"));
        assert_eq!(program.outputs(), 2);
        let b = e.scalar(DType::F64, -1.0);
        let mut replay = e.replay_start(&program, vec![b]).unwrap();
        assert_eq!(replay.output(&program, 0).to_f64_vec(), vec![-11.0, -21.0, -31.0]);
        e.replay_finish(&program, &mut replay).unwrap();
        assert_eq!(replay.output(&program, 1).to_f64_vec(), vec![-22.0, -42.0, -62.0]);
        assert!(e.replay_finish(&program, &mut replay).is_err(), "the second stage runs once");
    }

    #[test]
    fn a_spoilt_trace_or_an_unconnected_result_gives_no_program() {
        let mut e = Engine::new();
        let a = e.scalar(DType::F64, 2.0);
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let y = e.neg(&a).unwrap();
        e.trace_spoil(Some(&y), "read");
        assert_eq!(e.trace_mark(&y).err(), Some("read"));
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let other = e.scalar(DType::F64, 1.0);
        let z = e.neg(&other).unwrap();
        e.trace_spoil(Some(&z), "an untraced read does not spoil");
        assert_eq!(e.trace_mark(&z).err(), Some("the result does not depend on the inputs"));
        // After the mark, reads are the caller's.
        e.trace_begin(std::slice::from_ref(&a)).unwrap();
        let y = e.neg(&a).unwrap();
        e.trace_mark(&y).unwrap();
        e.trace_spoil(Some(&y), "read after the mark");
        assert!(e.trace_end(&[]).is_ok());
        assert!(e.trace_begin(std::slice::from_ref(&a)).is_ok());
        assert!(e.trace_begin(std::slice::from_ref(&a)).is_err(), "one trace at a time");
    }
}
