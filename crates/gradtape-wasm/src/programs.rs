//! Protocol item 12: traced programs for the least-squares solvers. The first evaluation of a
//! model runs in JavaScript under a trace; later evaluations replay the program here, reading
//! the parameters from and writing the residuals and the Jacobian to the solver buffer (item 11),
//! with no tensors or handles crossing to JavaScript.

use crate::{state, Handle};
use gradtape_core::dtype::{Buffer, DType};
use gradtape_core::engine::TapeId;
use gradtape_core::trace::Program;
use gradtape_core::{Error, ErrorCode, Tensor};

/// A program and the evaluation whose Jacobian may still be asked for.
pub(crate) struct Replayable {
    program: Program,
    /// The inputs' shapes (all of one float dtype): n rank-0 parameters, or one of shape [n].
    shapes: Vec<Vec<usize>>,
    dtype: DType,
    /// The output's element count.
    m: usize,
    /// The tape and tensors of the last `gt_program_forward`, until its Jacobian or the next one.
    pending: Option<(TapeId, Tensor, Vec<Tensor>)>,
}

impl Replayable {
    fn n(&self) -> usize {
        self.shapes.iter().map(|s| s.iter().product::<usize>()).sum()
    }
}

/// Starts a trace of a function of the `n` tensors whose handles are at f64 scratch entries
/// `0..n` (float tensors of one dtype). Returns 1, or 0 with the error stored (a trace is already
/// being recorded, a stale handle, mixed dtypes).
#[no_mangle]
pub extern "C" fn gt_trace_begin(n: u32) -> u32 {
    let s = state();
    let result = (|| {
        let handles = s.scratch_handles(n as usize)?;
        let inputs = s.tensors(&handles)?;
        let dtype = inputs.first().map(Tensor::dtype);
        if inputs.iter().any(|t| Some(t.dtype()) != dtype || !t.dtype().is_float()) {
            gradtape_core::fail!(InvalidArgument, "gt_trace_begin: the inputs must be float tensors of one dtype");
        }
        s.engine.trace_begin(&inputs)?;
        s.trace_inputs = Some(inputs);
        Ok(())
    })();
    s.status(result)
}

/// Ends the trace; `output` (borrowed) is what the function returned. Returns the program's
/// reference (an f64 integer below 2^53, never 0, owned by the caller: free it with
/// `gt_program_free`), or 0 when the run cannot be replayed, with the reason stored as the error.
#[no_mangle]
pub extern "C" fn gt_trace_end(output: Handle) -> f64 {
    let s = state();
    let output = match s.tensor(output) {
        Ok(t) => t,
        Err(e) => {
            s.engine.trace_abort();
            s.fail(e);
            return 0.0;
        }
    };
    let inputs = s.trace_inputs.take().unwrap_or_default();
    match s.engine.trace_end(&output) {
        Ok(program) => {
            s.next_program += 1;
            // (gt_trace_begin checked that the inputs share one float dtype.)
            let dtype = inputs.first().map_or(output.dtype(), Tensor::dtype);
            let shapes = inputs.iter().map(|t| t.shape.clone()).collect();
            s.programs.insert(s.next_program, Replayable { program, shapes, dtype, m: output.size(), pending: None });
            s.next_program as f64
        }
        Err(why) => {
            s.fail(Error::new(ErrorCode::InvalidArgument, format!("the function cannot be replayed: {why}")));
            0.0
        }
    }
}

/// Drops the trace being recorded (the traced function threw). Returns 1.
#[no_mangle]
pub extern "C" fn gt_trace_abort() -> u32 {
    let s = state();
    s.engine.trace_abort();
    s.trace_inputs = None;
    1
}

/// Marks the trace being recorded, if any, as not replayable: JavaScript calls it when the
/// function uses random numbers (`reason` 1) or a variable (2). Returns 1.
#[no_mangle]
pub extern "C" fn gt_trace_spoil(reason: u32) -> u32 {
    let why = match reason {
        1 => "it draws random numbers, which a replay would repeat",
        _ => "it reads a variable, whose value a replay would not see change",
    };
    state().engine.trace_spoil(None, why);
    1
}

/// Evaluates program `program` at the parameters in solver buffer entries `0..n` (n = the traced
/// inputs' element count, in their order; rounded to float32 for a float32 program): writes the
/// m output values at entries `n..n + m` and keeps the evaluation for `gt_program_jacobian`
/// (dropping the previous one). The buffer must hold `n + m + m·n` entries. Returns 1, or 0 with
/// the error stored.
#[no_mangle]
pub extern "C" fn gt_program_forward(program: f64) -> u32 {
    let s = state();
    let result = (|| {
        let replayable = s.programs.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
        if let Some((tape, ..)) = replayable.pending.take() {
            s.engine.free_tape(tape)?;
        }
        let (n, m) = (replayable.n(), replayable.m);
        if s.solver.len() < n + m + m * n {
            gradtape_core::fail!(InvalidArgument, "gt_program_forward: the solver buffer holds {} entries, {} needed", s.solver.len(), n + m + m * n);
        }
        let mut inputs = Vec::with_capacity(replayable.shapes.len());
        let mut at = 0;
        for shape in &replayable.shapes {
            let size: usize = shape.iter().product();
            let values = &s.solver[at..at + size];
            at += size;
            let buf = match replayable.dtype {
                DType::F32 => Buffer::F32(values.iter().map(|&v| v as f32).collect()),
                _ => Buffer::F64(values.to_vec()),
            };
            inputs.push(Tensor::new(shape.clone(), buf));
        }
        let tape = s.engine.new_tape(false)?;
        let output = (|| {
            s.engine.push_tape(tape)?;
            for t in &inputs {
                s.engine.watch(tape, t)?;
            }
            let output = s.engine.replay(&replayable.program, &inputs);
            s.engine.pop_tape(tape)?;
            output
        })();
        let output = match output {
            Ok(output) => output,
            Err(e) => {
                let _ = s.engine.free_tape(tape);
                return Err(e);
            }
        };
        for (i, slot) in s.solver[n..n + m].iter_mut().enumerate() {
            *slot = output.buf.get_f64(i);
        }
        replayable.pending = Some((tape, output, inputs));
        Ok(())
    })();
    s.status(result)
}

/// The Jacobian of the last `gt_program_forward` of `program` (forward mode, as
/// `GradientTape.jacobian`): m×n, column-major (entry (i, j) at `j * m + i`), written at solver
/// buffer entries `n + m..`. Returns 1, or 0 with the error stored (no evaluation pending).
#[no_mangle]
pub extern "C" fn gt_program_jacobian(program: f64) -> u32 {
    let s = state();
    let result = (|| {
        let replayable = s.programs.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
        let (n, m) = (replayable.n(), replayable.m);
        let Some((tape, output, inputs)) = replayable.pending.take() else {
            gradtape_core::fail!(InvalidArgument, "gt_program_jacobian: no evaluation is pending");
        };
        if s.solver.len() < n + m + m * n {
            let _ = s.engine.free_tape(tape);
            gradtape_core::fail!(InvalidArgument, "gt_program_jacobian: the solver buffer holds {} entries, {} needed", s.solver.len(), n + m + m * n);
        }
        let columns = s.engine.jacobian(tape, &output, &inputs);
        let _ = s.engine.free_tape(tape);
        let jacobian = &mut s.solver[n + m..n + m + m * n];
        let mut column = 0;
        for (part, input) in columns?.into_iter().zip(&inputs) {
            // Each part is [m, ...input shape], row-major: entry (i, k) at i * size + k.
            let size = input.size();
            match part {
                Some(part) => {
                    for k in 0..size {
                        for i in 0..m {
                            jacobian[(column + k) * m + i] = part.buf.get_f64(i * size + k);
                        }
                    }
                }
                None => jacobian[column * m..(column + size) * m].fill(0.0),
            }
            column += size;
        }
        Ok(())
    })();
    s.status(result)
}

/// Frees program `program` and its pending evaluation. Returns 1, or 0 for a stale reference.
#[no_mangle]
pub extern "C" fn gt_program_free(program: f64) -> u32 {
    let s = state();
    let result = match s.programs.remove(&(program as u64)) {
        Some(replayable) => match replayable.pending {
            Some((tape, ..)) => s.engine.free_tape(tape),
            None => Ok(()),
        },
        None => Err(stale(program)),
    };
    s.status(result)
}

fn stale(program: f64) -> Error {
    Error::new(ErrorCode::InvalidArgument, format!("program {program} does not exist (freed, or never made)"))
}
