//! Protocol item 13: compiled functions (`tf.function`). The first call with an input signature
//! runs the function in JavaScript under a trace ([`gt_function_trace_begin`] ..
//! [`gt_function_trace_end`]); later calls replay the program here ([`gt_function_run`]), reading
//! and assigning the variables it captured live, running its optimizer steps on the plans and
//! scalars each call brings (protocol item 10), and pausing at each value JavaScript makes
//! (random numbers) until [`gt_function_resume`].
//!
//! An optimizer step may be *guarded* (LossScaleOptimizer's, Keras's `ops.cond` on the
//! gradients being finite): its last operand is a boolean scalar the program computes, and the
//! replay runs the step only when it is true. A step skipped so leaves its variables and slots
//! as they were; JavaScript asks afterwards ([`gt_function_step_skipped`]) to put back the
//! counters it advanced for the step.
//!
//! A program whose every value is one float of one dtype (`Program::is_scalar`), without guarded
//! steps, replays on registers (`Program::scalar_run`): the same protocol, results and errors,
//! with its variables read and assigned in place and its optimizer steps run on gradient tensors
//! it keeps from call to call.

use crate::{state, Handle, State};
use gradtape_core::ops::Meta;
use gradtape_core::dtype::{DType, Typed};
use gradtape_core::trace::{ChainArg, ChainStepLayout, GeneratedModule, Program, Progress, Replay, ReplayIo, ScalarIo, ScalarRegisters, StepLayout};
use gradtape_core::{Error, ErrorCode, Result, Tensor};
use std::rc::Rc;

/// A compiled function's trace being recorded: the variables it captured, by capture index.
#[derive(Default)]
pub(crate) struct FunctionTrace {
    captures: Vec<Handle>,
    /// The host ids of its guarded optimizer steps.
    guarded: Vec<u32>,
}

impl FunctionTrace {
    fn capture(&mut self, variable: Handle) -> usize {
        match self.captures.iter().position(|&h| h == variable) {
            Some(k) => k,
            None => {
                self.captures.push(variable);
                self.captures.len() - 1
            }
        }
    }
}

/// A compiled function's program, the variables it captured, and its call. Its host steps that
/// make no value are optimizer steps, which run here with the plans and scalars each call brings.
pub(crate) struct Function {
    /// Shared with the copies `gt_function_rebind` makes, and with functions whose trace was the
    /// same (`State::recent_programs`).
    program: Rc<Program>,
    captures: Vec<Handle>,
    /// The host ids of its guarded optimizer steps (see the module documentation).
    guarded: Vec<u32>,
    call: Call,
    /// The module of generated functions (`Program::generated_module`), made on the first
    /// `gt_function_generated` and kept until `gt_function_use_generated`.
    generated: Option<GeneratedModule>,
}

/// Whether an optimizer step of a replay runs or is skipped.
#[derive(Clone, Copy, PartialEq)]
enum StepGuard {
    /// An unguarded step, or a guarded one whose guard is true.
    Run,
    /// A guarded step whose guard is false: its plan's scalars are passed over, nothing changes.
    Skip,
}

/// A call's replay and state, kept in place from call to call: the next call restarts the replay
/// and refills the scalars instead of allocating (or moving) new ones.
#[derive(Default)]
struct Call {
    /// None until the first call.
    replay: Option<Replay>,
    /// The host step JavaScript runs now (the replay is paused there), or None.
    paused: Option<usize>,
    /// The call's optimizer scalars, how many the steps so far used, and how many steps ran.
    scalars: Vec<f64>,
    used: usize,
    steps_run: usize,
    /// The optimizer steps (by their order in the call) that their guard skipped.
    skipped: Vec<usize>,
    /// A scalar program's registers, and its optimizer steps' gradients (tensors of their own,
    /// rewritten at each call).
    registers: ScalarRegisters,
    gradients: Vec<Tensor>,
    /// A generated scalar step's argument array (`StepLayout`), rewritten at each call.
    step_args: Vec<u64>,
    /// A generated chain step's argument array (`ChainStepLayout`, in u64s for their alignment)
    /// and the buffers its chain writes, kept from call to call.
    chain_args: Vec<u64>,
    chain_buffers: Vec<Vec<u64>>,
    /// The call's outputs of at most this many elements are read out when it ends, not handed
    /// over (`gt_function_run`'s `read_small`; 0: every output is handed over).
    read_small: usize,
}

/// The captured variables, read and assigned in the handle table during a replay.
struct Variables<'a> {
    captures: &'a [Handle],
    handles: &'a mut crate::handles::Handles,
}

impl ReplayIo for Variables<'_> {
    fn read(&mut self, k: usize) -> Result<Tensor> {
        self.handles.get(self.captures[k]).cloned().map_err(variable_gone)
    }
    fn write(&mut self, k: usize, value: &Tensor) -> Result<()> {
        let variable = self.handles.get_mut(self.captures[k]).map_err(variable_gone)?;
        check_assignment(variable, &value.shape, value.dtype())?;
        variable.buf = value.buf.clone();
        Ok(())
    }
}

/// A scalar program's call (`Program::scalar_run`): the captured variables, read and assigned in
/// place in the handle table, and its optimizer steps, run on the call's plans and scalars.
struct ScalarCall<'a> {
    captures: &'a [Handle],
    handles: &'a mut crate::handles::Handles,
    plans: &'a crate::RefMap<Rc<crate::optimizers::StepPlan>>,
    scalars: &'a [f64],
    /// The scalars the steps so far used, and how many steps ran.
    used: usize,
    steps_run: usize,
    gradients: &'a mut Vec<Tensor>,
}

impl ScalarIo for ScalarCall<'_> {
    fn read(&mut self, k: usize) -> Result<&Tensor> {
        self.handles.get(self.captures[k]).map_err(variable_gone)
    }

    fn write(&mut self, k: usize, value: f64, meta: &Meta) -> Result<()> {
        let variable = self.handles.get_mut(self.captures[k]).map_err(variable_gone)?;
        check_assignment(variable, &meta.shape, meta.dtype)?;
        // In place, in storage of its own: a snapshot that shares the old storage keeps its value.
        Rc::make_mut(&mut variable.buf).set_float(0, value);
        Ok(())
    }

    fn host(&mut self, _: u32, operands: &[f64], metas: &[Meta]) -> Result<()> {
        // The gradients are the program's registers, one value each: the step takes them as they are.
        let scalars = &self.scalars[self.used.min(self.scalars.len())..];
        let dtype = metas.first().map_or(gradtape_core::DType::F32, |m| m.dtype);
        if let Some(used) = optimizer_step_values(self.plans, self.handles, scalars, operands, dtype)? {
            self.used += used;
            self.steps_run += 1;
            return Ok(());
        }
        self.gradients.truncate(operands.len());
        for (k, (&value, meta)) in operands.iter().zip(metas).enumerate() {
            let kept = self.gradients.get_mut(k).filter(|g| meta.fits(g)).and_then(|g| Rc::get_mut(&mut g.buf));
            match kept {
                Some(buf) => {
                    buf.set_float(0, value);
                }
                None => {
                    let gradient = Tensor::full(&meta.shape, meta.dtype, value)?;
                    match self.gradients.get_mut(k) {
                        Some(slot) => *slot = gradient,
                        None => self.gradients.push(gradient),
                    }
                }
            }
        }
        let scalars = &self.scalars[self.used.min(self.scalars.len())..];
        self.used += optimizer_step(self.plans, self.handles, scalars, self.gradients.iter(), StepGuard::Run)?;
        self.steps_run += 1;
        Ok(())
    }
}

/// An assignment of a value of `shape` and `dtype` to `variable` keeps the variable's shape and dtype.
fn check_assignment(variable: &Tensor, shape: &[usize], dtype: gradtape_core::DType) -> Result<()> {
    if variable.shape[..] != *shape || variable.dtype() != dtype {
        gradtape_core::fail!(ShapeMismatch, "assign: value and variable differ in shape or dtype");
    }
    Ok(())
}

fn variable_gone(_: Error) -> Error {
    Error::new(ErrorCode::InvalidArgument, "a variable the function uses was disposed after it was traced")
}

/// Starts tracing a compiled function of the `n` tensors whose handles are at f64 scratch entries
/// `0..n` (borrowed; any dtypes). Returns 1, or 0 with the error stored (a trace is already being
/// recorded, a stale handle).
#[no_mangle]
pub extern "C" fn gt_function_trace_begin(n: u32) -> u32 {
    let s = state();
    let result = (|| {
        let inputs = s.tensors(&s.scratch_handles(n as usize)?)?;
        s.engine.trace_begin(&inputs)?;
        s.function_trace = Some(FunctionTrace::default());
        Ok(())
    })();
    s.status(result)
}

/// The traced function reads variable `variable` (borrowed): JavaScript calls this before passing
/// a variable to an op, so the program reads it live. Returns 1, or 0 with the error stored.
#[no_mangle]
pub extern "C" fn gt_function_trace_read(variable: Handle) -> u32 {
    let s = state();
    let result = (|| {
        let Some(trace) = &mut s.function_trace else { return Ok(()) };
        let tensor = s.handles.get(variable)?;
        let k = trace.capture(variable);
        s.engine.trace_read(k, tensor);
        Ok(())
    })();
    s.status(result)
}

/// Called by `gt_assign`: true when a compiled function's trace recorded the assignment (any
/// other trace is spoilt by it).
pub(crate) fn trace_assign(s: &mut State, variable: Handle, value: &Tensor) -> bool {
    let Some(trace) = &mut s.function_trace else { return false };
    let Ok(id) = s.handles.get(variable).map(|t| t.id) else { return false };
    let k = trace.capture(variable);
    s.engine.trace_write(k, id, value);
    true
}

/// The traced function runs an optimizer step (host step `id`, an f64 integer) on the `n_grads`
/// gradients at f64 scratch entries `0..n_grads`, which changes the `n_changed` variables after
/// them (all borrowed); JavaScript runs it now with [`gt_optimizer_step`](crate::gt_optimizer_step)
/// while recording pauses, until [`gt_function_trace_pause`]`(0)`. A replay runs the step here,
/// without pausing: each call brings the step's plan and scalars ([`gt_function_run`]). With
/// `guarded` 1 the entry after the variables is a boolean scalar (borrowed), and a replay runs
/// the step only when it is true (see the module documentation). Returns 1, or 0 with the error
/// stored.
#[no_mangle]
pub extern "C" fn gt_function_trace_optimizer(id: f64, n_grads: u32, n_changed: u32, guarded: u32) -> u32 {
    let s = state();
    let result = (|| {
        if s.function_trace.is_none() {
            gradtape_core::fail!(InvalidArgument, "no compiled function is being traced");
        }
        let guarded = guarded != 0;
        let handles = s.scratch_handles((n_grads + n_changed + guarded as u32) as usize)?;
        let (grads, rest) = handles.split_at(n_grads as usize);
        let (changed, guard) = rest.split_at(n_changed as usize);
        let mut operands = s.tensors(grads)?;
        if let [guard] = guard {
            let guard = s.handles.get(*guard)?;
            if guard.dtype() != gradtape_core::dtype::DType::Bool || guard.buf.len() != 1 {
                gradtape_core::fail!(InvalidArgument, "an optimizer step's guard must be one boolean");
            }
            operands.push(guard.clone());
        }
        let changed: Vec<_> = s.tensors(changed)?.iter().map(|t| t.id).collect();
        s.engine.trace_host(id as u32, &operands, &changed)?;
        if let (true, Some(trace)) = (guarded, &mut s.function_trace) {
            trace.guarded.push(id as u32);
        }
        Ok(())
    })();
    s.status(result)
}

/// The traced function made a tensor in host step `id` (an f64 integer) from the `n_operands`
/// tensors at f64 scratch entries `0..n_operands`, by work the trace does not see (random numbers
/// drawn in JavaScript); the tensor's handle is entry `n_operands` (all borrowed). A replay
/// pauses there with the operands, and JavaScript makes the value again and hands it over with
/// [`gt_function_supply`]. Returns 1, or 0 with the error stored.
#[no_mangle]
pub extern "C" fn gt_function_trace_host_value(id: f64, n_operands: u32) -> u32 {
    let s = state();
    let result = (|| {
        let mut tensors = s.tensors(&s.scratch_handles(n_operands as usize + 1)?)?;
        let value = tensors.pop().expect("n_operands + 1 tensors");
        s.engine.trace_host_value(id as u32, &tensors, &value);
        Ok(())
    })();
    s.status(result)
}

/// Pauses (1) or resumes (0) recording while JavaScript runs a host step: the optimizer step begun by
/// [`gt_function_trace_optimizer`] returned (or threw), or a value [`gt_function_trace_host_value`]
/// will record is being made. Returns 1.
#[no_mangle]
pub extern "C" fn gt_function_trace_pause(paused: u32) -> u32 {
    state().engine.trace_pause(paused != 0);
    1
}

/// Whether reading `h`'s values now reads a value computed from a traced function's inputs
/// before it returned (JavaScript could branch on it): 1 or 0.
#[no_mangle]
pub extern "C" fn gt_function_trace_reads(h: Handle) -> u32 {
    let s = state();
    (s.function_trace.is_some() && s.handles.get(h).is_ok_and(|t| s.engine.trace_reads_traced(t))) as u32
}

/// Ends the trace: the function returned the `n` tensors at f64 scratch entries `0..n`
/// (borrowed). Returns the program's reference (an f64 integer below 2^53, never 0, owned by the
/// caller: free it with `gt_program_free`), or 0 when the run cannot be replayed, with the reason
/// stored as the error. Either way the trace is over.
#[no_mangle]
pub extern "C" fn gt_function_trace_end(n: u32) -> f64 {
    let s = state();
    let trace = s.function_trace.take().unwrap_or_default();
    let made = (|| {
        let outputs = s.tensors(&s.scratch_handles(n as usize)?)?;
        s.engine
            .trace_take(&outputs)
            .map_err(|why| Error::new(ErrorCode::InvalidArgument, format!("the function cannot be replayed: {why}")))
    })();
    s.engine.trace_abort(); // (a no-op after trace_take)
    match made {
        Ok(source) => {
            let program = s.recent_programs.program_of(source);
            let reference = s.new_reference();
            s.functions.insert(reference, Function { program, captures: trace.captures, guarded: trace.guarded, call: Call::default(), generated: None });
            reference as f64
        }
        Err(e) => {
            s.fail(e);
            0.0
        }
    }
}

/// A copy of compiled function `program` that reads and assigns other variables: f64 scratch
/// entries `0..2n` hold `n` pairs (a variable's handle, the handle of the variable that takes
/// its place), borrowed, and every variable the program captured must be the first of a pair.
/// Returns the copy's reference (owned, as `gt_function_trace_end`'s), or 0 with the error
/// stored. The copy shares the program (nothing is traced or planned again): a variable of
/// another shape or dtype fails at its first read, as a variable changed under any program
/// does, and its optimizer steps take the plans and scalars each call brings, so another
/// optimizer of the same kind steps it. A program with guarded steps, or whose module of
/// generated functions is given but not yet installed, is not copied.
#[no_mangle]
pub extern "C" fn gt_function_rebind(program: f64, n: u32) -> f64 {
    let s = state();
    let made = (|| {
        let pairs = s.scratch.f64s().get(..2 * n as usize).ok_or_else(|| Error::new(ErrorCode::InvalidArgument, "the variable pairs do not fit the ABI scratch area"))?;
        let function = s.functions.get(&(program as u64)).ok_or_else(|| stale(program))?;
        if function.generated.is_some() || !function.guarded.is_empty() {
            gradtape_core::fail!(InvalidArgument, "a program with guarded steps, or a module of generated functions not yet installed, is not copied");
        }
        let mut captures = Vec::with_capacity(function.captures.len());
        for &h in &function.captures {
            let Some(pair) = pairs.chunks_exact(2).find(|p| p[0] == h) else {
                gradtape_core::fail!(InvalidArgument, "a variable the program captured has no variable to take its place");
            };
            s.handles.get(pair[1])?; // (a live handle; its shape and dtype are checked at each read)
            captures.push(pair[1]);
        }
        Ok(Function { program: Rc::clone(&function.program), captures, guarded: Vec::new(), call: Call::default(), generated: None })
    })();
    match made {
        Ok(function) => {
            let reference = s.new_reference();
            s.functions.insert(reference, function);
            reference as f64
        }
        Err(e) => {
            s.fail(e);
            0.0
        }
    }
}

/// The most modules of generated functions installed (their table entries are never freed).
const MAX_INSTALLED_MODULES: usize = 1024;

/// The module of generated functions for `program` (protocol item 13): its small fused chains'
/// (and a program of reads, one chain and an optimizer step's whole step, after them), or a
/// scalar program's whole step. Returns how many functions it exports ("0", "1", ...), and at
/// f64 scratch entry 2 either 0, with its address and byte length at entries 0 and 1 (the bytes
/// are the program's, valid until [`gt_function_use_generated`] or [`gt_program_free`]; the
/// module imports `env.memory` unshared), or the table index of the first function of the same
/// module installed before, which the program uses from now on (nothing to install; also when
/// the program is shared with a function that installed it, `State::recent_programs`). Returns 0
/// when nothing has generated code or 1,024 modules are installed (nothing written), or 0 with
/// the error stored for a stale reference.
#[no_mangle]
pub extern "C" fn gt_function_generated(program: f64) -> u32 {
    let s = state();
    let result = (|| {
        let function = s.functions.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
        if let Some((first, n)) = function.program.installed_functions() {
            // (A program shared with a function that installed its module.)
            s.scratch.reserve(6)?;
            let out = s.scratch.f64s_mut();
            (out[0], out[1], out[2]) = (0.0, 0.0, f64::from(first));
            return Ok(n);
        }
        if function.generated.is_none() {
            function.generated = function.program.generated_module();
        }
        let Some(module) = &function.generated else { return Ok(0) };
        let n = module.functions() as u32;
        let installed = s.installed_modules.iter().find(|(bytes, _)| *bytes == module.bytes).map(|&(_, first)| first);
        if installed.is_none() && s.installed_modules.len() >= MAX_INSTALLED_MODULES {
            function.generated = None;
            return Ok(0);
        }
        s.scratch.reserve(6)?;
        let out = s.scratch.f64s_mut();
        (out[0], out[1]) = (module.bytes.as_ptr() as usize as f64, module.bytes.len() as f64);
        out[2] = installed.map_or(0.0, f64::from);
        if let Some(first) = installed {
            let module = function.generated.take().expect("given above");
            // SAFETY: JavaScript installed a module of these bytes at `first` (gt_function_use_generated).
            unsafe { function.program.set_generated(module, first)? };
        }
        Ok(n)
    })();
    result.unwrap_or_else(|e| {
        s.fail(e);
        0
    })
}

/// Functions 0, 1, ... of the module [`gt_function_generated`] gave for `program` are at function
/// table indices `first`, `first + 1`, ...: from now on its replays call them for their chains,
/// or a scalar program's replays its step (when the call's optimizer step has its form); later
/// programs with a module of the same bytes use them too. Returns 1, or 0 with the error stored
/// (a stale reference, no module given).
///
/// # Safety
/// The table entries must hold those functions, of that module instantiated on this module's memory.
#[no_mangle]
pub unsafe extern "C" fn gt_function_use_generated(program: f64, first: u32) -> u32 {
    let s = state();
    let result = (|| {
        let function = s.functions.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
        let module = function.generated.take().ok_or_else(|| Error::new(ErrorCode::InvalidArgument, "gt_function_use_generated: no generated module was given"))?;
        let bytes = module.bytes.clone();
        function.program.set_generated(module, first)?;
        s.installed_modules.push((bytes, first));
        Ok(())
    })();
    s.status(result)
}

/// Drops a compiled function's trace (the function threw). Returns 1.
#[no_mangle]
pub extern "C" fn gt_function_trace_abort() -> u32 {
    let s = state();
    s.engine.trace_abort();
    s.function_trace = None;
    1
}

/// Replays `program` on the `n` tensors at f64 scratch entries `0..n` (borrowed; the traced
/// inputs' shapes and dtypes), followed by `n_scalars` f64 entries: for each optimizer step of
/// the program in order, its plan's reference and scalars as [`gt_optimizer_step`](crate::gt_optimizer_step)
/// takes them (without the gradients, which the program computes). Returns 1 when it ran to its
/// end, with its outputs at f64 scratch entries `0..`: with `read_small` 0, an owned handle per
/// output; otherwise the outputs of at most `read_small` elements read out (see `hand_over`), for
/// a caller that would read them at once (an eager step's replay: most of its results are dead,
/// and a handle for each would be made only to be evicted); 2 when it paused at a host
/// step JavaScript runs, with the step's id at entry 0, its operand count k at entry 1 and k owned
/// operand handles after them (call [`gt_function_resume`] once the step ran, or
/// [`gt_function_cancel`]); or 0 with the error stored and, at f64 scratch entry 0, how many of
/// the optimizer steps ran before the error (they stay applied, as they would eagerly).
#[no_mangle]
pub extern "C" fn gt_function_run(program: f64, n: u32, n_scalars: u32, read_small: u32) -> u32 {
    let s = state();
    let (scalar, chain_step) = match s.functions.get(&(program as u64)) {
        Some(f) if f.guarded.is_empty() && f.call.paused.is_none() => (f.program.is_scalar(), f.program.chain_step().is_some()),
        _ => (false, false),
    };
    if scalar {
        let result = run_scalar(s, program, n as usize, n_scalars as usize, read_small as usize);
        return report(s, result);
    }
    if chain_step {
        match run_chain_step(s, program, n as usize, n_scalars as usize) {
            Ok(false) => {} // (replayed below)
            result => return report(s, result.map(|_| 1)),
        }
    }
    let started = (|| {
        let inputs = s.tensors(&s.scratch_handles(n as usize)?)?;
        let given = s.scratch.f64s().get(n as usize..(n + n_scalars) as usize).ok_or_else(|| {
            Error::new(ErrorCode::InvalidArgument, "the optimizer scalars do not fit the ABI scratch area")
        })?;
        let function = s.functions.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
        let call = &mut function.call;
        if call.paused.is_some() {
            gradtape_core::fail!(InvalidArgument, "the function is already running (paused at a host step)");
        }
        match &mut call.replay {
            Some(replay) => replay.restart(&function.program, &inputs)?,
            None => call.replay = Some(Replay::new(&function.program, &inputs)?),
        }
        call.scalars.clear();
        call.scalars.extend_from_slice(given);
        (call.used, call.steps_run) = (0, 0);
        call.skipped.clear();
        call.read_small = read_small as usize;
        Ok(())
    })();
    let result = match started {
        Ok(()) => run(s, program),
        Err(e) => Err(failed(&mut s.scratch, e, 0)),
    };
    report(s, result)
}

/// `gt_function_run` of a scalar program: on registers, to its end (it has no host step that
/// JavaScript runs), with its outputs at f64 scratch entries `0..` (see [`hand_over`]). (Never inlined: in
/// `gt_function_run` it made every other program's call slower in V8's baseline tier.)
#[inline(never)]
fn run_scalar(s: &mut State, program: f64, n: usize, n_scalars: usize, read_small: usize) -> Result<u32> {
    let inputs = s.tensors(&s.scratch_handles(n)?)?;
    let function = s.functions.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
    let call = &mut function.call;
    call.skipped.clear();
    if let Some(layout) = function.program.scalar_step() {
        let scalars = s.scratch.f64s().get(n..n + n_scalars).unwrap_or(&[]);
        let step = GeneratedCall { program: &function.program, layout, inputs: &inputs, captures: &function.captures, plans: &s.plans, scalars };
        let ran = match layout.dtype {
            DType::F32 => step.run::<f32>(&mut s.handles, &mut call.step_args),
            DType::F64 => step.run::<f64>(&mut s.handles, &mut call.step_args),
            DType::I32 | DType::Bool => Ok(None),
        };
        if let Some(outputs) = ran.map_err(|e| failed(&mut s.scratch, e, 0))? {
            (call.used, call.steps_run) = (n_scalars, 1);
            return hand_over(s, outputs, read_small);
        }
    }
    // The scalars are read where JavaScript wrote them (nothing writes the scratch area until
    // the replay ends): a copy of a few bytes is a `memory.copy`, which V8 runs in C++.
    let mut io = ScalarCall {
        captures: &function.captures,
        handles: &mut s.handles,
        plans: &s.plans,
        scalars: s.scratch.f64s().get(n..n + n_scalars).ok_or_else(|| {
            Error::new(ErrorCode::InvalidArgument, "the optimizer scalars do not fit the ABI scratch area")
        })?,
        used: 0,
        steps_run: 0,
        gradients: &mut call.gradients,
    };
    if read_small == 0 {
        let outputs = function.program.scalar_run(&mut call.registers, &inputs, &mut io);
        (call.used, call.steps_run) = (io.used, io.steps_run);
        let outputs = outputs.map_err(|e| failed(&mut s.scratch, e, call.steps_run))?;
        return hand_over(s, outputs, read_small);
    }
    // Read out: `hand_over`'s pairs straight from the registers, no tensor made for them.
    let ran = function.program.scalar_run_values(&mut call.registers, &inputs, &mut io);
    (call.used, call.steps_run) = (io.used, io.steps_run);
    ran.map_err(|e| failed(&mut s.scratch, e, call.steps_run))?;
    hand_over_values(&mut s.scratch, call.registers.outputs())
}

/// `hand_over` with `read_small` >= 1 of a scalar program's outputs, one element each: the pair
/// `[id, value]` of each, under a new id as the tensor `hand_over` reads would have had. (A new
/// id is in no trace: `hand_over`'s check of a read while tracing has nothing to find.)
fn hand_over_values(scratch: &mut crate::Scratch, values: &[f64]) -> Result<u32> {
    scratch.reserve(4 * values.len())?;
    let pairs = &mut scratch.f64s_mut()[..2 * values.len()];
    for (pair, &value) in pairs.chunks_exact_mut(2).zip(values) {
        pair.copy_from_slice(&[gradtape_core::tensor::fresh_id() as f64, value]);
    }
    Ok(1)
}

/// `gt_function_run` of a program whose whole step is generated (`Program::chain_step`): runs
/// the call through it when its optimizer step has the step's form; false, having changed no
/// value, when the call must be replayed. (The program has no outputs.)
#[inline(never)]
fn run_chain_step(s: &mut State, program: f64, n: usize, n_scalars: usize) -> Result<bool> {
    let inputs = s.tensors(&s.scratch_handles(n)?)?;
    let function = s.functions.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
    let Some(layout) = function.program.chain_step() else { return Ok(false) };
    let scalars = s.scratch.f64s().get(n..n + n_scalars).unwrap_or(&[]);
    let step = GeneratedCall { program: &function.program, layout, inputs: &inputs, captures: &function.captures, plans: &s.plans, scalars };
    let call = &mut function.call;
    let ran = match layout.dtype {
        DType::F32 => step.run::<f32>(&mut s.handles, &mut call.chain_args, &mut call.chain_buffers),
        DType::F64 => step.run::<f64>(&mut s.handles, &mut call.chain_args, &mut call.chain_buffers),
        DType::I32 | DType::Bool => Ok(false),
    };
    // (An error here comes before the optimizer step ran: none of the call's steps ran.)
    let ran = ran.map_err(|e| failed(&mut s.scratch, e, 0))?;
    if ran {
        call.skipped.clear();
        (call.used, call.steps_run) = (n_scalars, 1);
    }
    Ok(ran)
}

/// A call of a program whose whole step is generated, of layout `layout` (`StepLayout` for
/// `Program::scalar_step`, `ChainStepLayout` for `Program::chain_step`), with its inputs and its
/// optimizer `scalars` (the plan's reference, then its scalars).
struct GeneratedCall<'a, Layout> {
    program: &'a Program,
    layout: &'a Layout,
    inputs: &'a [Tensor],
    captures: &'a [Handle],
    plans: &'a crate::RefMap<Rc<crate::optimizers::StepPlan>>,
    scalars: &'a [f64],
}

impl<Layout> GeneratedCall<'_, Layout> {
    /// The plan of the call's one optimizer step, when the call brings its scalars and nothing
    /// more.
    fn plan(&self) -> Option<Rc<crate::optimizers::StepPlan>> {
        let plan = crate::optimizers::plan(self.plans, *self.scalars.first()?).ok()?;
        (self.scalars.len() == 1 + plan.scalars_len()).then_some(plan)
    }

    /// The address of the data of input k, when it has the traced shape and dtype `meta` (T).
    fn input<T: Typed>(&self, k: usize, meta: &Meta) -> Option<u64> {
        self.inputs.get(k).and_then(|t| data_address::<T>(t, meta))
    }

    /// The address of captured variable k's data, when it has the traced shape and dtype `meta`.
    fn read<T: Typed>(&self, handles: &crate::handles::Handles, k: usize, meta: &Meta) -> Option<u64> {
        handles.get(self.captures[k]).ok().and_then(|t| data_address::<T>(t, meta))
    }
}

/// The address of `t`'s data when it has shape and dtype `meta` (of type T).
fn data_address<T: Typed>(t: &Tensor, meta: &Meta) -> Option<u64> {
    T::slice(&t.buf).filter(|_| meta.fits(t)).map(|v| v.as_ptr() as usize as u64)
}

impl GeneratedCall<'_, ChainStepLayout> {
    /// Runs the call when its one optimizer step is an update the step has the form of
    /// (`StepPlan::adam_places`) and every value it reads has the traced shape and dtype T;
    /// false, having changed no value, for any other call, which the replay then runs (and which
    /// reports what is wrong with it, in the replay's order).
    fn run<T: Typed + gradtape_core::optim::OptimFloat>(&self, handles: &mut crate::handles::Handles, args: &mut Vec<u64>, buffers: &mut Vec<Vec<u64>>) -> Result<bool> {
        let layout = self.layout;
        let Some(plan) = self.plan() else { return Ok(false) };
        args.clear();
        args.resize(layout.words().div_ceil(2), 0);
        // SAFETY: u64 storage holds twice as many u32s, at least as aligned.
        let words = unsafe { std::slice::from_raw_parts_mut(args.as_mut_ptr() as *mut u32, 2 * args.len()) };
        let words = &mut words[..layout.words()];
        // The updated variables first (given storage of their own); then nothing changes a
        // tensor until the step ran, so the addresses read after them stay where they are.
        let mut places = [0u64; 3 * MAX_CHAIN_STEP_VARIABLES];
        let Some(places) = places.get_mut(..3 * layout.updated.len()) else { return Ok(false) };
        let Ok(Some(constants)) = plan.adam_places::<T>(handles, &self.scalars[1..], |i| layout.updated[i], places) else { return Ok(false) };
        for (word, &place) in words[layout.args.len()..].iter_mut().zip(places.iter()) {
            *word = place as u32; // (wasm32 addresses)
        }
        let mut next_buffer = 0;
        for (word, arg) in words.iter_mut().zip(&layout.args) {
            *word = match arg {
                ChainArg::Input(k, meta) => match self.input::<T>(*k, meta) {
                    Some(at) => at as u32,
                    None => return Ok(false),
                },
                ChainArg::Read(capture, meta) => match self.read::<T>(handles, *capture, meta) {
                    Some(at) => at as u32,
                    None => return Ok(false),
                },
                ChainArg::Constant(at) => *at as u32,
                ChainArg::Buffer { elements } => {
                    if buffers.len() == next_buffer {
                        buffers.push(Vec::new());
                    }
                    let buffer = &mut buffers[next_buffer];
                    next_buffer += 1;
                    let len = (elements * std::mem::size_of::<T>()).div_ceil(8);
                    if buffer.len() != len {
                        *buffer = vec![0; len];
                    }
                    buffer.as_mut_ptr() as usize as u32
                }
            };
        }
        let at = layout.constants_at();
        for (j, c) in constants.into_iter().enumerate() {
            let bits = c.to_bits();
            (words[at + 2 * j], words[at + 2 * j + 1]) = (bits as u32, (bits >> 32) as u32);
        }
        // SAFETY: the array has the layout's words, 8-byte aligned; each chain entry holds the
        // address of data of dtype T of the traced shape (the inputs', variables' and constants'
        // checked or the program's own; the buffers the call's, of their elements), the
        // variables' places distinct and in storage of their own, and Adam's constants follow.
        unsafe { self.program.run_chain_step(words)? };
        Ok(true)
    }
}

/// The most variables a generated chain step updates (a call of a step with more is replayed).
const MAX_CHAIN_STEP_VARIABLES: usize = 64;

/// A call's end: its outputs at f64 scratch entries `0..`; returns 1. With `read_small` 0, an
/// owned handle per output. Otherwise a pair per output at entries `2i, 2i + 1`, as
/// [`gt_evict_batch`](crate::gt_evict_batch) writes them: an output of at most `read_small`
/// elements is read out and dropped, `[id, value]` for one element, `[id, at]` for more (its
/// elements at f64 entries `at..`, after the pairs), `[id, NaN]` for none; a larger one is handed
/// over as `[-1, owned handle]` (ids are never negative; a constant's is 0).
fn hand_over(s: &mut State, outputs: Vec<Tensor>, read_small: usize) -> Result<u32> {
    if read_small == 0 {
        if !outputs.is_empty() {
            let handles = s.insert_all(outputs.into_iter().map(Some).collect())?;
            s.scratch.reserve(2 * handles.len())?;
            s.scratch.f64s_mut()[..handles.len()].copy_from_slice(&handles);
        }
        return Ok(1);
    }
    let n = outputs.len();
    let values: usize = outputs.iter().map(Tensor::size).filter(|&size| size > 1 && size <= read_small).sum();
    s.scratch.reserve(2 * (2 * n + values))?;
    let mut at = 2 * n;
    let mut handed = Vec::new();
    for (i, t) in outputs.into_iter().enumerate() {
        let size = t.size();
        let pair = if size <= read_small {
            s.engine.trace_spoil(Some(&t), crate::READ_WHILE_TRACING);
            let second = match size {
                0 => f64::NAN,
                1 => t.buf.get_f64(0),
                _ => {
                    t.buf.write_f64s(&mut s.scratch.f64s_mut()[at..at + size]);
                    at += size;
                    (at - size) as f64
                }
            };
            [t.id as f64, second]
        } else {
            match s.handles.insert(t) {
                Ok(h) => {
                    handed.push(h);
                    [-1.0, h]
                }
                Err(e) => {
                    for &h in &handed {
                        let _ = s.handles.remove(h);
                    }
                    return Err(e);
                }
            }
        };
        s.scratch.f64s_mut()[2 * i..2 * i + 2].copy_from_slice(&pair);
    }
    Ok(1)
}

impl GeneratedCall<'_, StepLayout> {
    /// Runs the call when its one optimizer step is an update the step has the form of
    /// (`StepPlan::adam_places`) and every value it reads is one element of dtype T; returns its
    /// outputs. None, having changed no value, for any other call, which the interpreter then runs
    /// (and which reports what is wrong with it, in the interpreter's order).
    fn run<T: Typed + gradtape_core::optim::OptimFloat>(&self, handles: &mut crate::handles::Handles, args: &mut Vec<u64>) -> Result<Option<Vec<Tensor>>> {
        let layout = self.layout;
        let Some(plan) = self.plan() else { return Ok(None) };
        if self.inputs.len() != layout.inputs.len() {
            return Ok(None);
        }
        args.clear();
        args.resize(layout.entries(), 0);
        // The updated elements first (given storage of their own); then nothing changes a tensor
        // until the step ran, so the addresses read after them stay where they are.
        let reads_at = layout.inputs.len();
        let updates_at = reads_at + layout.reads.len();
        let places = &mut args[updates_at..layout.constants_at()];
        let Ok(Some(constants)) = plan.adam_places::<T>(handles, &self.scalars[1..], |_| 1, places) else { return Ok(None) };
        // (A traced shape of a scalar program is one element.)
        for (k, (entry, meta)) in args[..reads_at].iter_mut().zip(&layout.inputs).enumerate() {
            let Some(address) = self.input::<T>(k, meta) else { return Ok(None) };
            *entry = address;
        }
        for (entry, (capture, meta)) in args[reads_at..updates_at].iter_mut().zip(&layout.reads) {
            let Some(address) = self.read::<T>(handles, *capture, meta) else { return Ok(None) };
            *entry = address;
        }
        for (entry, c) in args[layout.constants_at()..layout.outputs_at()].iter_mut().zip(constants) {
            *entry = c.to_bits();
        }
        // SAFETY: the array has the layout's entries; each address entry holds the address of one
        // element of dtype T of a live tensor (the updated ones distinct, in storage of their own),
        // and Adam's constants follow.
        unsafe { self.program.run_scalar_step(args)? };
        let outputs = layout.outputs.iter().enumerate().map(|(k, meta)| {
            // SAFETY: the step wrote output k, a T, at the start of its entry.
            let value = unsafe { (args.as_ptr().add(layout.outputs_at() + k) as *const T).read() };
            Tensor::new(meta.shape.clone(), T::wrap(vec![value]))
        });
        Ok(Some(outputs.collect()))
    }
}

/// Goes on with `program`'s replay after its host step ran: returns as `gt_function_run` does
/// (on an error, entry 0 counts the optimizer steps of the whole call that ran).
#[no_mangle]
pub extern "C" fn gt_function_resume(program: f64) -> u32 {
    let s = state();
    let paused = match s.functions.get_mut(&(program as u64)) {
        Some(function) => function.call.paused.take().ok_or_else(|| Error::new(ErrorCode::InvalidArgument, "gt_function_resume: the function is not paused")),
        None => Err(stale(program)),
    };
    let result = match paused {
        Ok(_) => run(s, program),
        Err(e) => Err(failed(&mut s.scratch, e, 0)),
    };
    report(s, result)
}

/// Hands the paused replay of `program` the value its host step made (`value`, borrowed: a
/// tensor of the traced shape and dtype), before [`gt_function_resume`]. Returns 1, or 0 with the
/// error stored.
#[no_mangle]
pub extern "C" fn gt_function_supply(program: f64, value: Handle) -> u32 {
    let s = state();
    let result = (|| {
        let value = s.tensor(value)?;
        let function = s.functions.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
        let (Some(node), Some(replay)) = (function.call.paused, &mut function.call.replay) else {
            gradtape_core::fail!(InvalidArgument, "gt_function_supply: the function is not paused");
        };
        replay.supply(&function.program, node, value)
    })();
    s.status(result)
}

/// Drops `program`'s paused replay (its host step threw). Returns how many of the call's
/// optimizer steps ran (they stay applied), or -1 for a stale reference or a function not paused.
#[no_mangle]
pub extern "C" fn gt_function_cancel(program: f64) -> f64 {
    let s = state();
    match s.functions.get_mut(&(program as u64)) {
        Some(Function { call: call @ Call { paused: Some(_), .. }, .. }) => {
            call.paused = None;
            if let Some(replay) = &mut call.replay {
                replay.clear();
            }
            call.steps_run as f64
        }
        _ => -1.0,
    }
}

/// Whether optimizer step `k` (in program order, counting from 0) of `program`'s latest call was
/// skipped by its guard (see the module documentation): 1 or 0, or -1 for a stale reference.
/// Valid after the call returned, failed or was cancelled, until the next call.
#[no_mangle]
pub extern "C" fn gt_function_step_skipped(program: f64, k: u32) -> f64 {
    match state().functions.get(&(program as u64)) {
        Some(function) => function.call.skipped.contains(&(k as usize)) as u32 as f64,
        None => -1.0,
    }
}

/// Runs a replay to its end or its next host step that JavaScript runs (optimizer steps run
/// here), and hands the outputs or the operands over.
fn run(s: &mut State, program: f64) -> Result<u32> {
    let function = s.functions.get_mut(&(program as u64)).ok_or_else(|| stale(program))?;
    let (call, program, guarded) = (&mut function.call, &function.program, &function.guarded);
    let replay = call.replay.as_mut().ok_or_else(|| Error::new(ErrorCode::Internal, "a compiled function runs before its replay was made"))?;
    let progress = loop {
        let mut io = Variables { captures: &function.captures, handles: &mut s.handles };
        match s.engine.replay_run(program, replay, &mut io) {
            Err(e) => {
                replay.clear(); // (its values go now, not at the next call)
                return Err(failed(&mut s.scratch, e, call.steps_run));
            }
            Ok(Progress::Host { id, node, makes_value: false }) => {
                let operands = replay.host_operands(program, node);
                // A guarded step's last operand is its guard, a boolean scalar.
                let (n_grads, guard) = if guarded.contains(&id) {
                    let open = operands.clone().last().is_some_and(|g| g.buf.get_f64(0) != 0.0);
                    (operands.len() - 1, if open { StepGuard::Run } else { StepGuard::Skip })
                } else {
                    (operands.len(), StepGuard::Run)
                };
                let scalars = &call.scalars[call.used.min(call.scalars.len())..];
                match optimizer_step(&s.plans, &mut s.handles, scalars, operands.take(n_grads), guard) {
                    Ok(used) => {
                        call.used += used;
                        if guard == StepGuard::Skip {
                            call.skipped.push(call.steps_run);
                        }
                        call.steps_run += 1;
                    }
                    Err(e) => {
                        replay.clear();
                        return Err(failed(&mut s.scratch, e, call.steps_run));
                    }
                }
            }
            Ok(progress) => break progress,
        }
    };
    // Code 1 hands over the outputs (or reads them out); code 2 the host step's id and operand
    // count, then its operands.
    let operands: Vec<Tensor> = match progress {
        Progress::Done => {
            let outputs = (0..program.outputs()).map(|k| replay.output(program, k).clone()).collect();
            replay.clear();
            let read_small = call.read_small;
            return hand_over(s, outputs, read_small);
        }
        Progress::Host { id, node, .. } => {
            let operands: Vec<Tensor> = replay.host_operands(program, node).cloned().collect();
            let f = s.scratch.f64s_mut();
            f[0] = id as f64;
            f[1] = operands.len() as f64;
            call.paused = Some(node);
            operands
        }
    };
    let handles = s.insert_all(operands.into_iter().map(Some).collect())?;
    s.scratch.reserve(2 * (2 + handles.len()))?;
    s.scratch.f64s_mut()[2..2 + handles.len()].copy_from_slice(&handles);
    Ok(2)
}

/// Runs an optimizer step of a replay on its operands (the gradients), with the plan and scalars
/// at the start of `scalars`, unless `guard` skips it; returns how many scalars it used (or
/// passed over). (A function of its own, not
/// inlined into `run`: that made `run` an 8.8 KB wasm function, 40 ms of a fresh process's
/// optimizing compiles.)
#[inline(never)]
fn optimizer_step<'a>(
    plans: &crate::RefMap<std::rc::Rc<crate::optimizers::StepPlan>>,
    handles: &mut crate::handles::Handles,
    scalars: &[f64],
    gradients: impl ExactSizeIterator<Item = &'a Tensor> + Clone,
    guard: StepGuard,
) -> Result<usize> {
    let plan = crate::optimizers::plan(plans, scalars.first().copied().unwrap_or(0.0))?;
    let scalars = scalars.get(1..1 + plan.scalars_len()).ok_or_else(|| {
        Error::new(ErrorCode::InvalidArgument, "a compiled optimizer step got fewer scalars than its plan takes")
    })?;
    match guard {
        StepGuard::Run => plan.run(handles, gradients, scalars)?,
        StepGuard::Skip => {}
    }
    Ok(1 + plan.scalars_len())
}

/// `optimizer_step` on gradients that are one value each of dtype `dtype` (a scalar program's
/// registers), when the step takes them as values ([`StepPlan::run_values`]): how many scalars it
/// used, or None, having changed nothing, when the caller must run it on gradient tensors.
///
/// [`StepPlan::run_values`]: crate::optimizers::StepPlan::run_values
fn optimizer_step_values(
    plans: &crate::RefMap<std::rc::Rc<crate::optimizers::StepPlan>>,
    handles: &mut crate::handles::Handles,
    scalars: &[f64],
    gradients: &[f64],
    dtype: gradtape_core::DType,
) -> Result<Option<usize>> {
    let plan = crate::optimizers::plan(plans, scalars.first().copied().unwrap_or(0.0))?;
    let Some(own) = scalars.get(1..1 + plan.scalars_len()) else { return Ok(None) };
    let values = crate::optimizers::Strided { values: gradients, stride: 1 };
    Ok(plan.run_values(handles, values, dtype, own)?.then_some(1 + plan.scalars_len()))
}

/// A replay's error, with the number of the call's optimizer steps that ran before it at f64
/// scratch entry 0 (they stay applied: JavaScript counts them).
fn failed(scratch: &mut crate::Scratch, e: Error, steps_run: usize) -> Error {
    scratch.f64s_mut()[0] = steps_run as f64;
    e
}

fn report(s: &mut State, result: Result<u32>) -> u32 {
    result.unwrap_or_else(|e| {
        s.fail(e);
        0
    })
}

fn stale(program: f64) -> Error {
    Error::new(ErrorCode::InvalidArgument, format!("function program {program} does not exist (freed, or never made)"))
}
