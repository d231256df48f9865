//! Protocol item 12: traced programs for the least-squares solvers. The first evaluation of a
//! model runs in JavaScript under a trace; later evaluations replay the program here, reading
//! the parameters from and writing the residuals and the Jacobian to the solver buffer (item 11),
//! with no tensors or handles crossing to JavaScript.

use crate::{state, Handle};
use gradtape_core::dtype::{Buffer, DType};
use gradtape_core::trace::{Program, Replay};
use gradtape_core::shape::Shape;
use gradtape_core::{Error, ErrorCode, Tensor};

/// A program and the evaluation whose Jacobian may still be asked for.
pub(crate) struct Replayable {
    program: Program,
    /// The inputs' shapes (all of one float dtype): n rank-0 parameters, or one of shape [n].
    shapes: Vec<Shape>,
    dtype: DType,
    /// The result's element count.
    m: usize,
    /// The last `gt_program_forward`'s replay, until its Jacobian or the next forward.
    pending: Option<Replay>,
}

impl Replayable {
    fn n(&self) -> usize {
        self.shapes.iter().map(|s| s.iter().product::<usize>()).sum()
    }
}

/// The trace being recorded: its inputs, and the function's result once marked.
#[derive(Default)]
pub(crate) struct Tracing {
    inputs: Vec<Tensor>,
    result: Option<Tensor>,
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
        s.tracing = Some(Tracing { inputs, result: None });
        Ok(())
    })();
    s.status(result)
}

/// Marks the end of the traced function, which returned `result` (borrowed): what follows until
/// `gt_trace_end` is the second stage (the derivatives), and reading values no longer spoils the
/// trace. Returns 1, or 0 when the run cannot be replayed, with the reason stored as the error
/// (the trace is then dropped).
#[no_mangle]
pub extern "C" fn gt_trace_mark(result: Handle) -> u32 {
    let s = state();
    let marked = s.tensor(result).and_then(|result| {
        s.engine.trace_mark(&result).map_err(|why| Error::new(ErrorCode::InvalidArgument, format!("the function cannot be replayed: {why}")))?;
        if let Some(tracing) = &mut s.tracing {
            tracing.result = Some(result);
        }
        Ok(())
    });
    if marked.is_err() {
        s.engine.trace_abort();
        s.tracing = None;
    }
    s.status(marked)
}

/// Ends a marked trace. The `n` handles at f64 scratch entries `0..n` (borrowed) are the result's
/// Jacobian with respect to each input, computed after the mark: shape `result ++ input` (or none,
/// n = 0, for a program that only evaluates the function). Returns
/// the program's reference (an f64 integer below 2^53, never 0, owned by the caller: free it with
/// `gt_program_free`), or 0 when the run cannot be replayed, with the reason stored as the error.
#[no_mangle]
pub extern "C" fn gt_trace_end(n: u32) -> f64 {
    let s = state();
    let tracing = s.tracing.take().unwrap_or_default();
    let made = (|| {
        let handles = s.scratch_handles(n as usize)?;
        let derived = s.tensors(&handles)?;
        let result = tracing.result.as_ref().ok_or_else(|| Error::new(ErrorCode::InvalidArgument, "gt_trace_end: the trace was not marked"))?;
        let one_per_input = derived.is_empty()
            || derived.len() == tracing.inputs.len()
            && derived.iter().zip(&tracing.inputs).all(|(d, input)| d.shape == [&result.shape[..], &input.shape[..]].concat());
        if !one_per_input {
            gradtape_core::fail!(InvalidArgument, "gt_trace_end: pass one Jacobian per input, of shape result ++ input");
        }
        let program = s
            .engine
            .trace_end(&derived)
            .map_err(|why| Error::new(ErrorCode::InvalidArgument, format!("the function cannot be replayed: {why}")))?;
        Ok((program, result.size()))
    })();
    s.engine.trace_abort(); // (a no-op after trace_end)
    match made {
        Ok((program, m)) => {
            let reference = s.new_reference();
            // (gt_trace_begin checked that the inputs share one float dtype.)
            let dtype = tracing.inputs.first().map_or(DType::F64, Tensor::dtype);
            let shapes = tracing.inputs.iter().map(|t| t.shape.clone()).collect();
            s.programs.insert(reference, Replayable { program, shapes, dtype, m, pending: None });
            reference as f64
        }
        Err(e) => {
            s.fail(e);
            0.0
        }
    }
}

/// Drops the trace being recorded (the traced function threw). Returns 1.
#[no_mangle]
pub extern "C" fn gt_trace_abort() -> u32 {
    let s = state();
    s.engine.trace_abort();
    s.tracing = None;
    1
}

/// Marks the trace being recorded, if any, as not replayable: JavaScript calls it when the
/// function uses random numbers (`reason` 1), a variable (2), an op whose result's shape depends
/// on traced values (3), a branch on them (4), or a print or an assert on values, which must
/// happen at every call (5); after 3, 4 or 5 it may read them. Returns 1.
#[no_mangle]
pub extern "C" fn gt_trace_spoil(reason: u32) -> u32 {
    let why = match reason {
        1 => "it draws random numbers, which a replay would repeat",
        3 => "an op's result has a shape that depends on tensor values (tf.where with one argument, booleanMask, unique, segment sums, ...), which a replay cannot change",
        4 => "it branches on tensor values (tf.cond, tf.whileLoop), which a replay cannot follow",
        5 => "it prints or checks tensor values (tf.print, tf.debugging's asserts), which must happen at every call",
        _ => "it reads a variable, whose value a replay would not see change",
    };
    state().engine.trace_spoil(None, why);
    1
}

/// Evaluates program `program` at the parameters in solver buffer entries `0..n` (n = the traced
/// inputs' element count, in their order; rounded to float32 for a float32 program): runs the
/// function's stage and writes its m values at entries `n..n + m`, keeping the replay for
/// `gt_program_jacobian` (dropping the previous one). The buffer must hold `n + m + m·n` entries.
/// Returns 1, or 0 with the error stored.
#[no_mangle]
pub extern "C" fn gt_program_forward(program: f64) -> u32 {
    let s = state();
    let result = (|| {
        let replayable = s.programs.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
        replayable.pending = None;
        let (n, m) = (replayable.n(), replayable.m);
        check_buffer(&s.solver, n, m, "gt_program_forward")?;
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
        let replay = s.engine.replay_start(&replayable.program, inputs)?;
        let output = replay.output(&replayable.program, 0);
        match &*output.buf {
            Buffer::F64(values) => s.solver[n..n + m].copy_from_slice(&values[..m]),
            other => {
                for (i, slot) in s.solver[n..n + m].iter_mut().enumerate() {
                    *slot = other.get_f64(i);
                }
            }
        }
        replayable.pending = Some(replay);
        Ok(())
    })();
    s.status(result)
}

/// The Jacobian at the last `gt_program_forward` of `program`, by its second stage: m×n,
/// column-major (entry (i, j) at `j * m + i`), written at solver buffer entries `n + m..`.
/// Returns 1, or 0 with the error stored (no evaluation pending).
#[no_mangle]
pub extern "C" fn gt_program_jacobian(program: f64) -> u32 {
    let s = state();
    let result = (|| {
        let replayable = s.programs.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
        let (n, m) = (replayable.n(), replayable.m);
        let Some(mut replay) = replayable.pending.take() else {
            gradtape_core::fail!(InvalidArgument, "gt_program_jacobian: no evaluation is pending");
        };
        check_buffer(&s.solver, n, m, "gt_program_jacobian")?;
        if replayable.program.outputs() != 1 + replayable.shapes.len() {
            gradtape_core::fail!(InvalidArgument, "gt_program_jacobian: the program was traced without its Jacobian");
        }
        s.engine.replay_finish(&replayable.program, &mut replay)?;
        let jacobian = &mut s.solver[n + m..n + m + m * n];
        let mut column = 0;
        for (k, shape) in replayable.shapes.iter().enumerate() {
            // Part k is [m, ...input k's shape], row-major: entry (i, j) at i * size + j.
            let size: usize = shape.iter().product();
            let part = replay.output(&replayable.program, 1 + k);
            match (&*part.buf, size) {
                // A scalar parameter's column, in float64: one copy.
                (Buffer::F64(values), 1) => jacobian[column * m..(column + 1) * m].copy_from_slice(&values[..m]),
                _ => {
                    for j in 0..size {
                        for i in 0..m {
                            jacobian[(column + j) * m + i] = part.buf.get_f64(i * size + j);
                        }
                    }
                }
            }
            column += size;
        }
        Ok(())
    })();
    s.status(result)
}

/// Frees program `program` (a solver's, or a compiled function's: protocol item 13) and its
/// pending evaluation. Returns 1, or 0 for a stale reference.
#[no_mangle]
pub extern "C" fn gt_program_free(program: f64) -> u32 {
    let s = state();
    let key = program as u64;
    let result = match (s.programs.remove(&key), s.functions.remove(&key)) {
        (None, None) => Err(stale(program)),
        _ => Ok(()),
    };
    s.status(result)
}

/// The solver buffer must hold the parameters, the result and the Jacobian: n + m + m·n entries.
fn check_buffer(solver: &[f64], n: usize, m: usize, export: &str) -> gradtape_core::Result<()> {
    if solver.len() < n + m + m * n {
        gradtape_core::fail!(InvalidArgument, "{export}: the solver buffer holds {} entries, {} needed", solver.len(), n + m + m * n);
    }
    Ok(())
}

fn stale(program: f64) -> Error {
    Error::new(ErrorCode::InvalidArgument, format!("program {program} does not exist (freed, or never made)"))
}
