//! gradtape-wasm: the C ABI between JavaScript and `gradtape-core`. No math lives here.
//!
//! # Protocol
//!
//! 1. **Handles.** Tensors live in a handle table; JavaScript holds handles: integers from 2^31
//!    to below 2^53 passed as f64 (never 0; doubles to the JavaScript engine from the first). A
//!    freed tensor's handle never names another tensor: every export reports it as stale. Every
//!    export that returns a handle gives the caller ownership of it: the caller must eventually
//!    pass it to [`gt_tensor_free`] (or [`gt_evict_batch`]). Exports that take handles borrow
//!    them.
//! 2. **Scratch.** Shapes, axes and permutations travel through a `u32` scratch area at
//!    [`gt_scratch`], [`SCRATCH_LEN`] entries at start-up; handle lists use the same area as f64
//!    entries (it is 8-byte aligned). A longer list first calls
//!    [`gt_scratch_reserve`], which may move the area: its result (or `gt_scratch`) is the new
//!    address, [`gt_scratch_len`] the new length. [`gt_function_run`] and [`gt_function_resume`]
//!    grow the area themselves when a replay's outputs or a host step's operands do not fit it
//!    (the caller then looks again: a new length means a new address). Every export that returns a tensor writes the
//!    result's shape there as `[rank, d0, d1, ...]` (rank at most `MAX_RANK`, 254, so it fits).
//! 3. **Uploading data.** [`gt_tensor_alloc`] makes a zeroed tensor (shape from scratch);
//!    [`gt_tensor_data_ptr`] gives its data pointer; the caller writes the elements right away,
//!    before passing the handle to any other export.
//! 4. **Reading data.** [`gt_tensor_data_ptr`] and [`gt_tensor_len`]; copy the bytes out at once.
//!    Any later call may grow memory and move or detach the JavaScript view.
//! 5. **Errors.** An export that fails returns 0 and stores the error: [`gt_last_error_code`] and
//!    [`gt_last_error_message_ptr`]/[`gt_last_error_message_len`] (UTF-8).
//! 6. **Tapes.** [`gt_tape_new`] returns a tape reference (id + 1, an f64 integer from 2^31 to
//!    below 2^53 that a freed tape's reference never names again), recording at once if asked;
//!    push/pop start and stop recording (pop returns the tape's bytes, as item 8's
//!    `gt_tape_bytes`); ops record themselves on every active tape that tracks an input.
//!    [`gt_tape_gradient`] reads targets (handles, or the negated ids of rank-0 values JavaScript
//!    holds, with their dtype codes), source and upstream-gradient handles from scratch and writes
//!    one result handle (or 0) per source, or, for a record of rank-0 ops swept on values, one
//!    result id (or 0) and value per source, held by JavaScript as item 9's recorded values are.
//!    [`gt_tape_set_persistent`] switches whether gradients keep the record (a Jacobian through
//!    customGradient nodes takes one gradient per target element).
//! 7. **Names, not mirrored numbers.** [`gt_describe_ptr`]/[`gt_describe_len`] return JSON naming the
//!    ops (the op table, in code order), dtypes and error codes; JavaScript checks at start-up that
//!    the op table it was generated from is the module's.
//! 9. **Ops.** Every op goes through [`gt_op`]: the op's code (its row in the op table), then
//!    its input handles at f64 entries `0..n_inputs` of the scratch area and its parameters after
//!    them, as f64 values in the table's order (a list is its length, then its values). It
//!    returns an owned handle and writes the result's shape to scratch as item 2 says, and its
//!    dtype code at `u32` entry [`RESULT_DTYPE`]. Three shortcuts take the same codes:
//!    [`gt_op_number`] (a binary op with a JavaScript number as one operand), [`gt_op_values`]
//!    (a unary or binary op on rank-0 values, computed without making tensors) and
//!    [`gt_op_recorded_values`] (the same under recording tapes: recorded by the operands' ids,
//!    the result's id returned for JavaScript to hold the value under; no handle is made).
//!    [`gt_op_again`] runs a `gt_op` call again, unrecorded and untraced, under the id its first
//!    result had (a tensor evicted as its recipe instead of a copy of its data).
//! 8. **Tape eviction.** A tape that is not recording can leave wasm memory as bytes held by
//!    JavaScript and come back later. [`gt_tape_bytes`] says how many bytes the tape keeps alive
//!    (NaN for a stale tape). To evict: [`gt_tape_export`] serializes the tape into the *transfer
//!    buffer*, which the module owns, and returns its length; copy that many bytes from
//!    [`gt_transfer_ptr`] at once, then [`gt_tape_free`] the tape and [`gt_transfer_release`] the
//!    buffer. To restore: [`gt_transfer_reserve`] sizes the buffer and returns its address; write
//!    the bytes there at once, then [`gt_tape_import`] returns a new tape id + 1 that the caller
//!    owns (a new id: the old one stays stale), and release the buffer. The transfer buffer's
//!    address is valid until the next call to any export; the bytes are opaque to JavaScript and
//!    must come back unchanged (the format is documented in `gradtape_core`'s `tape_io` module).
//!    Saved tensors keep their ids, so a restored tape still recognises the tensors it watched.
//!
//! 10. **Optimizers.** The describe JSON's `optimizers` lists the Keras 3 optimizers in code order.
//!     [`gt_optimizer_slots`] says which slots an optimizer keeps per variable (initial values or
//!     copies of the variable, and shape rules), and JavaScript makes them as tensors.
//!     [`gt_optimizer_plan`] fixes a step over a list of variables (their slots, clipping, each
//!     one's weight decay and update variant, gradient accumulation, moving averages) and returns an owned reference ([`gt_optimizer_plan_free`]); [`gt_optimizer_step`]
//!     runs one step of a plan in place, with the gradients' handles and the call's learning
//!     rate, step and hyperparameters as f64 values in scratch: every variable changes, or none.
//!     A compiled function replays the same plan (item 13). [`gt_optimizer_overwrite`] copies a
//!     moving average into its variable (`finalizeVariableValues`).
//! 11. **Least squares.** The solvers of `tf.optimize` run in JavaScript but factor their
//!     Jacobians here: [`gt_solver_buffer`] sizes an f64 buffer the module owns and returns its
//!     address; the caller writes J and b there at once and calls [`gt_pivoted_qr`], then copies
//!     the results out at once (the layout is in its documentation). [`gt_solver_release`] frees
//!     the buffer; JavaScript calls it after a large factorization, so a big fit leaves no memory behind.
//! 12. **Traced programs.** [`gt_trace_begin`] starts recording a function of the tensors whose
//!     handles are in scratch; while it runs, every op that reads one of them (or a result of such
//!     an op) is recorded, and reading such a tensor's values, assigning a variable, running an
//!     optimizer or recording a custom gradient marks the trace as not replayable, as JavaScript
//!     does with [`gt_trace_spoil`] for random numbers, variables, ops whose result's shape
//!     depends on tensor values, and prints (a spoilt trace's values may be read). [`gt_trace_mark`] ends the
//!     function (its result's handle); the caller then takes the Jacobian or gradient as usual,
//!     which is recorded too, and [`gt_trace_end`] (the Jacobians' handles) returns an owned
//!     program reference (or 0 and the reason); [`gt_trace_abort`] drops a failed trace.
//!     [`gt_program_forward`] replays the function on parameters in the solver buffer (item 11)
//!     and writes its result there; [`gt_program_jacobian`] then replays the rest and writes the
//!     Jacobian there; [`gt_program_free`] frees the program.
//! 13. **Compiled functions** (`tf.function`). [`gt_function_trace_begin`] starts recording a
//!     function of the tensors whose handles are in scratch (any dtypes). While it runs,
//!     JavaScript calls [`gt_function_trace_read`] before an op reads a variable, so the program
//!     reads it live; [`gt_assign`] records assignments; a custom gradient's result
//!     ([`gt_record_custom`]) is an identity of what its function computed; [`gt_function_trace_optimizer`] records an
//!     optimizer step (replayed here with the plan and scalars each call brings, item 10; a
//!     guarded step runs only when its boolean guard is true, and [`gt_function_step_skipped`]
//!     says afterwards which were skipped) and
//!     pauses recording until [`gt_function_trace_pause`]`(0)` while JavaScript runs it; [`gt_function_trace_host_value`] records a host step that
//!     makes a value (random numbers, drawn again by JavaScript at every replay and handed over
//!     with [`gt_function_supply`]); [`gt_function_trace_reads`] says whether a read would read
//!     a traced value (JavaScript refuses it: control flow on it cannot be replayed).
//!     [`gt_function_trace_end`] (the outputs' handles) returns an owned program reference, or 0
//!     and the reason; [`gt_function_trace_abort`] drops a failed trace. [`gt_function_run`] replays
//!     a program on new inputs and either finishes (owned output handles in scratch, or, when asked,
//!     the small outputs' ids and values instead) or pauses at
//!     a host step (its id and owned operand handles in scratch); [`gt_function_resume`] goes on
//!     after JavaScript ran the step, [`gt_function_cancel`] abandons the replay, and
//!     [`gt_program_free`] frees the program. [`gt_function_rebind`] copies a program to read and
//!     assign other variables (an eager step's on a fresh model). Generated code: [`gt_function_generated`] gives a
//!     module of generated functions for the program's small fused chains (and, for a program of
//!     reads, one chain and an optimizer step, its whole step), or for a scalar program's whole
//!     step (bytes in module memory, address and length in scratch);
//!     JavaScript instantiates it on this module's memory, puts its functions in the function
//!     table (item 14) and passes the first index to [`gt_function_use_generated`], after which
//!     replays call them instead of interpreting those chains, or that step (the same bits). A
//!     module with the bytes of one installed before is not handed over again: the program uses
//!     the installed one at once. A trace that repeats one of the last eight, op for op with the
//!     same constants (a fresh tf.function of the same step), shares that trace's program, planned
//!     once, and its installed functions.
//! 14. **Relaxed-SIMD kernels.** The module exports its function table
//!     (`__indirect_function_table`, growable). Where the engine validates the second module
//!     (`crates/gradtape-fma`: relaxed-SIMD micro-kernels of the matrix product, which import
//!     this module's memory and use none of their own), JavaScript instantiates it, appends its
//!     `gt_fma_tile_f32` and `gt_fma_tile_f64` to the table and passes their indices to
//!     [`gt_set_fma_tiles`]; from then on the packed matrix product uses them.
//! 15. **Worker threads.** The module is built with atomics and imports its memory
//!     (`env.memory`, declared shared). Where JavaScript can share memory and start workers, it
//!     passes a shared memory and calls [`gt_set_threads`]; elsewhere it flips the import to an
//!     unshared memory and the module runs on one thread. Large kernels ask for workers through the
//!     import `env.gt_host_start_worker(index, stack_top, tls)`, which must only start one: the
//!     worker instantiates this module on the same memory, sets `__stack_pointer` to `stack_top`,
//!     calls `__wasm_init_tls(tls)` (JavaScript starts none unless `__tls_size` and `__tls_align`
//!     fit the block the description's `workerTls` gives: `[size, alignment]`) and then
//!     [`gt_worker_main`], and, if that traps, sets the u32 at [`gt_worker_poisoned_ptr`] to 1.
//!
//! 16. **Random draws.** [`gt_random_draw`] makes a float tensor of TensorFlow's stateless
//!     uniform, normal or truncated normal values from a Philox stream's key and counter (the
//!     numbers `tf.random.stateless_*` give on CPU); JavaScript derives the stream from the seed.
//!
//! Exports are called from one thread only (JavaScript's), and only `env.gt_host_start_worker`
//! calls back into JavaScript, which does not call into the module: no export can be re-entered
//! while another runs. Workers run only kernels' tasks (`gradtape_core::kernels::parallel`),
//! which touch no state of the module and never allocate.

#![deny(missing_docs)]

#[cfg(any(target_arch = "wasm32", test))]
mod alloc;
mod functions;
mod handles;
mod least_squares;
mod optimizers;
mod programs;
mod selftest;
mod tape_io;
mod threads;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: alloc::GlobalHeap<alloc::WasmMemory> = alloc::GlobalHeap::new(alloc::WasmMemory, alloc::RESERVE_PAGES);

pub use functions::{
    gt_function_cancel, gt_function_rebind, gt_function_resume, gt_function_run, gt_function_supply, gt_function_trace_abort, gt_function_trace_begin,
    gt_function_trace_end, gt_function_trace_optimizer, gt_function_trace_host_value, gt_function_trace_pause, gt_function_trace_read,
    gt_function_trace_reads, gt_function_step_skipped,
};
pub use least_squares::{gt_pivoted_qr, gt_solver_buffer, gt_solver_release};
pub use programs::{gt_program_forward, gt_program_free, gt_program_jacobian, gt_trace_abort, gt_trace_begin, gt_trace_end, gt_trace_mark, gt_trace_spoil};
pub use optimizers::{gt_optimizer_overwrite, gt_optimizer_plan, gt_optimizer_plan_free, gt_optimizer_slots, gt_optimizer_step};
pub use selftest::gt_kernel_check;
pub use threads::{gt_set_threads, gt_worker_main, gt_worker_poisoned_ptr};
pub use tape_io::{gt_tape_bytes, gt_tape_export, gt_tape_import, gt_transfer_ptr, gt_transfer_release, gt_transfer_reserve};

use gradtape_core::dtype::DType;
use gradtape_core::op::{Op, ParamReader};
use gradtape_core::{Engine, Error, ErrorCode, Result, ScalarValue, Tensor, CONSTANT_ID};
use handles::{Handle, Handles};
use std::cell::UnsafeCell;

/// Entries in the scratch area.
pub const SCRATCH_LEN: usize = 4096;

/// The `u32` scratch entry where `gt_op` writes its result's dtype code (after the largest shape).
pub const RESULT_DTYPE: usize = 255;

const ERROR_CODES: [(ErrorCode, &str); 7] = [
    (ErrorCode::InvalidArgument, "InvalidArgument"),
    (ErrorCode::ShapeMismatch, "ShapeMismatch"),
    (ErrorCode::DTypeMismatch, "DTypeMismatch"),
    (ErrorCode::InvalidHandle, "InvalidHandle"),
    (ErrorCode::TapeState, "TapeState"),
    (ErrorCode::Internal, "Internal"),
    (ErrorCode::OutOfMemory, "OutOfMemory"),
];

/// Why a trace (protocol item 12) cannot be replayed.
pub(crate) const READ_WHILE_TRACING: &str =
    "it reads the values of a tensor computed from its parameters (JavaScript could branch on them)";
pub(crate) const SIDE_EFFECT_WHILE_TRACING: &str =
    "it assigns a variable, runs an optimizer or records a custom gradient, which a replay would not repeat";

pub(crate) struct State {
    pub(crate) engine: Engine,
    pub(crate) handles: Handles,
    pub(crate) scratch: Scratch,
    error_code: u32,
    error_message: String,
    describe: String,
    /// Tape bytes on their way to or from JavaScript (protocol item 8).
    pub(crate) transfer: Vec<u8>,
    /// The least-squares solvers' matrices (protocol item 11).
    pub(crate) solver: Vec<f64>,
    /// Replayable programs by reference (protocol item 12).
    pub(crate) programs: RefMap<programs::Replayable>,
    /// The last reference given to a program, a compiled function or a step plan.
    last_reference: u64,
    /// The trace being recorded.
    pub(crate) tracing: Option<programs::Tracing>,
    /// Compiled functions by reference (same numbering as `programs`), and the one being traced
    /// (protocol item 13).
    pub(crate) functions: RefMap<functions::Function>,
    pub(crate) function_trace: Option<functions::FunctionTrace>,
    /// Optimizer step plans by reference (same numbering as `programs`; protocol item 10).
    pub(crate) plans: RefMap<std::rc::Rc<optimizers::StepPlan>>,
    /// The modules of generated functions JavaScript installed (protocol item 13), and the
    /// function-table index of each one's first function: a fresh compiled function whose module
    /// has the same bytes (a training loop's fresh tf.function of the same step) uses those.
    pub(crate) installed_modules: Vec<(Vec<u8>, u32)>,
    /// The programs compiled functions' traces made lately: a function whose trace repeats one
    /// (a fresh tf.function of the same step) shares its program, planned and installed once.
    pub(crate) recent_programs: gradtape_core::trace::ProgramCache,
    /// What `gt_op_values` runs for each op code.
    scalar_ops: Vec<gradtape_core::ops::ScalarOp>,
}

/// Programs, compiled functions and step plans by reference: sequential numbers, which the core's
/// multiplicative hash spreads well enough at a fraction of SipHash's cost (each compiled call
/// looks its function up).
pub(crate) type RefMap<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<gradtape_core::engine::IdHasher>>;

/// The scratch words, kept in `u64`s so JavaScript can also read them as f64 (`gt_evict_batch`).
pub(crate) struct Scratch(Vec<u64>);

impl Scratch {
    fn new() -> Scratch {
        Scratch(vec![0; SCRATCH_LEN / 2])
    }
    pub(crate) fn words(&self) -> &[u32] {
        // SAFETY: u64 storage is at least as aligned as u32 and holds twice as many u32 words.
        unsafe { std::slice::from_raw_parts(self.0.as_ptr() as *const u32, 2 * self.0.len()) }
    }
    pub(crate) fn words_mut(&mut self) -> &mut [u32] {
        // SAFETY: as in `words`, and the borrow is unique.
        unsafe { std::slice::from_raw_parts_mut(self.0.as_mut_ptr() as *mut u32, 2 * self.0.len()) }
    }
    /// The same storage as f64 entries (handle lists, and values read out).
    pub(crate) fn f64s(&self) -> &[f64] {
        // SAFETY: u64 and f64 have the same size and alignment, and every bit pattern is an f64.
        unsafe { std::slice::from_raw_parts(self.0.as_ptr() as *const f64, self.0.len()) }
    }
    /// A `gt_op` call (protocol item 9): op `code` with its parameters after the `n` input handles.
    fn op_call(&self, code: u32, n: usize) -> Result<(Op, &[f64])> {
        let Some((handles, params)) = self.f64s().split_at_checked(n) else {
            gradtape_core::fail!(InvalidArgument, "{n} inputs do not fit the ABI scratch area; call gt_scratch_reserve first");
        };
        Ok((Op::decode(code, &mut ParamReader::new(params))?, handles))
    }
    pub(crate) fn f64s_mut(&mut self) -> &mut [f64] {
        // SAFETY: as in `f64s`, and the borrow is unique.
        unsafe { std::slice::from_raw_parts_mut(self.0.as_mut_ptr() as *mut f64, self.0.len()) }
    }
    /// Grows to at least `n` words (never shrinks), or fails with OutOfMemory.
    fn reserve(&mut self, n: usize) -> Result<()> {
        let u64s = n.div_ceil(2);
        if u64s > self.0.len() {
            gradtape_core::alloc_mode::fallible(|| self.0.try_reserve_exact(u64s - self.0.len()))
                .map_err(|_| Error::out_of_memory("the ABI scratch area", 8 * u64s))?;
            self.0.resize(u64s, 0);
        }
        Ok(())
    }
}

struct Global(UnsafeCell<Option<State>>);
// SAFETY: exports run on one thread and are never re-entered; workers never touch the state (module doc).
unsafe impl Sync for Global {}
static STATE: Global = Global(UnsafeCell::new(None));

#[inline(always)]
pub(crate) fn state() -> &'static mut State {
    // SAFETY: see `Global`; each export takes this reference once and drops it on return.
    let slot = unsafe { &mut *STATE.0.get() };
    match slot {
        Some(state) => state,
        None => init_state(slot),
    }
}

/// Builds the state on the first call (kept out of line so `state()` inlines to one check).
#[cold]
#[inline(never)]
fn init_state(slot: &'static mut Option<State>) -> &'static mut State {
    slot.insert(State {
        engine: Engine::new(),
        handles: Handles::default(),
        scratch: Scratch::new(),
        error_code: 0,
        error_message: String::new(),
        describe: describe(),
        transfer: Vec::new(),
        solver: Vec::new(),
        programs: RefMap::default(),
        last_reference: 0,
        tracing: None,
        functions: RefMap::default(),
        function_trace: None,
        plans: RefMap::default(),
        installed_modules: Vec::new(),
        recent_programs: Default::default(),
        scalar_ops: gradtape_core::ops::scalar_ops(),
    })
}

fn describe() -> String {
    let dtypes: Vec<String> = DType::ALL.iter().map(|d| format!("\"{}\"", d.name())).collect();
    let errors: Vec<String> = ERROR_CODES.iter().map(|(c, n)| format!("\"{n}\":{}", *c as u32)).collect();
    let optimizers: Vec<String> = gradtape_core::optim::OPTIMIZER_NAMES.iter().map(|n| format!("\"{n}\"")).collect();
    format!(
        "{{\"ops\":{},\"dtypes\":[{}],\"errors\":{{{}}},\"optimizers\":[{}],\"scratch\":{SCRATCH_LEN},\"resultDtype\":{RESULT_DTYPE},\"workerTls\":[{},{}]}}",
        gradtape_core::op::specs_json(),
        dtypes.join(","),
        errors.join(","),
        optimizers.join(","),
        threads::WORKER_TLS,
        threads::WORKER_TLS_ALIGN
    )
}

impl State {
    /// A new reference for a program, a compiled function or a step plan (one numbering for all:
    /// an f64 integer below 2^53, never 0).
    pub(crate) fn new_reference(&mut self) -> u64 {
        self.last_reference += 1;
        self.last_reference
    }

    pub(crate) fn fail(&mut self, e: Error) {
        self.error_code = e.code as u32;
        self.error_message = e.message;
    }

    /// Stores a tensor result: registers it, writes its shape to scratch, returns the handle (0 on error).
    fn give(&mut self, result: Result<Tensor>) -> Handle {
        match result.and_then(|t| {
            self.write_result(&t);
            self.handles.insert(t)
        }) {
            Ok(h) => h,
            Err(e) => {
                self.fail(e);
                0.0
            }
        }
    }

    fn write_shape(&mut self, shape: &[usize]) {
        let words = self.scratch.words_mut();
        words[0] = shape.len() as u32;
        for (i, &d) in shape.iter().enumerate() {
            words[1 + i] = d as u32;
        }
    }

    fn write_result(&mut self, t: &Tensor) {
        self.write_shape(&t.shape);
        self.scratch.words_mut()[RESULT_DTYPE] = t.dtype() as u32;
    }

    /// The `n` handles at f64 entries `0..n` of the scratch area.
    pub(crate) fn scratch_handles(&self, n: usize) -> Result<Vec<Handle>> {
        match self.scratch.f64s().get(..n) {
            Some(handles) => Ok(handles.to_vec()),
            None => Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("{n} handles do not fit the ABI scratch area; call gt_scratch_reserve first"),
            )),
        }
    }

    pub(crate) fn scratch_usizes(&self, start: usize, n: usize) -> Result<Vec<usize>> {
        match self.scratch.words().get(start..start + n) {
            Some(words) => Ok(words.iter().map(|&d| d as usize).collect()),
            None => Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("{n} values do not fit the ABI scratch area; call gt_scratch_reserve first"),
            )),
        }
    }

    /// The tensor behind a handle (a cheap clone: shared storage).
    pub(crate) fn tensor(&self, h: Handle) -> Result<Tensor> {
        self.handles.get(h).cloned()
    }

    pub(crate) fn tensors(&self, handles: &[Handle]) -> Result<Vec<Tensor>> {
        handles.iter().map(|&h| self.tensor(h)).collect()
    }

    /// Hands a sweep's outcome to JavaScript (protocol item 6): 1 with one owned handle per
    /// result (0 = none) at f64 scratch entries `0..`, 3 with one rank-0 result per source as its
    /// id (0 = none) and value at entries `2i` and `2i + 1`, 2 with a custom node's rule id and
    /// owned upstream handle at entries 0 and 1, or 0 with the error stored.
    fn step(&mut self, result: Result<gradtape_core::Step>) -> u32 {
        let result = result.and_then(|step| match step {
            gradtape_core::Step::Done(grads) => {
                let handles = self.insert_all(grads)?;
                self.scratch.reserve(2 * handles.len())?;
                self.scratch.f64s_mut()[..handles.len()].copy_from_slice(&handles);
                Ok(1)
            }
            gradtape_core::Step::Values(grads) => {
                self.scratch.reserve(4 * grads.len())?;
                for (out, g) in self.scratch.f64s_mut().chunks_exact_mut(2).zip(grads) {
                    // (An id is below 2^53: exact as an f64.)
                    (out[0], out[1]) = g.map_or((0.0, 0.0), |(id, value)| (id as f64, value));
                }
                Ok(3)
            }
            gradtape_core::Step::Custom { id, upstream, .. } => {
                let h = self.handles.insert(upstream)?;
                let f = self.scratch.f64s_mut();
                f[0] = id as f64;
                f[1] = h;
                Ok(2)
            }
        });
        match result {
            Ok(code) => code,
            Err(e) => {
                self.fail(e);
                0
            }
        }
    }

    /// Registers every result (None gives handle 0); all or nothing.
    pub(crate) fn insert_all(&mut self, results: Vec<Option<Tensor>>) -> Result<Vec<Handle>> {
        let mut handles = Vec::with_capacity(results.len());
        for g in results {
            match g.map(|g| self.handles.insert(g)).transpose() {
                Ok(h) => handles.push(h.unwrap_or(0.0)),
                Err(e) => {
                    for &h in handles.iter().filter(|&&h| h != 0.0) {
                        let _ = self.handles.remove(h);
                    }
                    return Err(e);
                }
            }
        }
        Ok(handles)
    }

    /// 1 on success; 0 (with the error stored) on failure.
    pub(crate) fn status(&mut self, result: Result<()>) -> u32 {
        match result {
            Ok(()) => 1,
            Err(e) => {
                self.fail(e);
                0
            }
        }
    }
}

fn dtype_of(code: u32) -> Result<DType> {
    DType::from_code(code).ok_or_else(|| Error::new(ErrorCode::InvalidArgument, format!("unknown dtype code {code}")))
}


// ---- memory, errors, description ------------------------------------------------------------------

/// Pointer to the `u32` scratch area. It moves only in `gt_scratch_reserve`.
#[no_mangle]
pub extern "C" fn gt_scratch() -> *mut u32 {
    state().scratch.words_mut().as_mut_ptr()
}

/// Number of `u32` entries in the scratch area.
#[no_mangle]
pub extern "C" fn gt_scratch_len() -> u32 {
    state().scratch.words().len() as u32
}

/// Grows the scratch area to at least `n` entries; returns its (possibly new) address, or null
/// with an OutOfMemory error stored.
#[no_mangle]
pub extern "C" fn gt_scratch_reserve(n: u32) -> *mut u32 {
    let s = state();
    match s.scratch.reserve(n as usize) {
        Ok(()) => s.scratch.words_mut().as_mut_ptr(),
        Err(e) => {
            s.fail(e);
            std::ptr::null_mut()
        }
    }
}

/// The code of the last error (see `gt_describe_ptr`); 0 if none happened yet.
#[no_mangle]
pub extern "C" fn gt_last_error_code() -> u32 {
    state().error_code
}

/// Pointer to the UTF-8 message of the last error; valid until the next failing call.
#[no_mangle]
pub extern "C" fn gt_last_error_message_ptr() -> *const u8 {
    state().error_message.as_ptr()
}

/// Byte length of the last error message.
#[no_mangle]
pub extern "C" fn gt_last_error_message_len() -> u32 {
    state().error_message.len() as u32
}

/// Uses the relaxed-SIMD micro-kernels at function-table indices `f32_index` and `f64_index`
/// (protocol item 14; 0 and 0 stop using them). Returns 1, or 0 with the error stored when only
/// one index is 0.
///
/// # Safety
/// The indices must hold `gt_fma_tile_f32` and `gt_fma_tile_f64` of the module built from
/// `crates/gradtape-fma`, instantiated on this module's memory.
#[no_mangle]
pub unsafe extern "C" fn gt_set_fma_tiles(f32_index: u32, f64_index: u32) -> u32 {
    let s = state();
    if (f32_index == 0) != (f64_index == 0) {
        let e = Error::new(ErrorCode::InvalidArgument, "gt_set_fma_tiles: give both kernels or neither");
        return s.status(Err(e));
    }
    gradtape_core::kernels::fma::set_tiles(f32_index as usize, f64_index as usize);
    1
}

/// Pointer to the JSON description of op kinds, dtypes and error codes (valid for the module's life).
#[no_mangle]
pub extern "C" fn gt_describe_ptr() -> *const u8 {
    state().describe.as_ptr()
}

/// Byte length of the JSON description.
#[no_mangle]
pub extern "C" fn gt_describe_len() -> u32 {
    state().describe.len() as u32
}

/// Number of live tensor handles.
#[no_mangle]
pub extern "C" fn gt_live_tensors() -> u32 {
    state().handles.live as u32
}

/// Bytes of tensor data behind live handles (a buffer shared by two handles counts twice, so the
/// sum may pass 4 GiB: it is kept in a u64).
#[no_mangle]
pub extern "C" fn gt_live_bytes() -> f64 {
    state().handles.live_bytes as f64
}

/// Number of live tapes.
#[no_mangle]
pub extern "C" fn gt_live_tapes() -> u32 {
    state().engine.tape_usage().0 as u32
}

/// Ops recorded on all live tapes (each keeps its inputs and output alive).
#[no_mangle]
pub extern "C" fn gt_tape_nodes() -> u32 {
    state().engine.tape_usage().1 as u32
}

// ---- tensors --------------------------------------------------------------------------------------

/// Allocates a zeroed tensor of `dtype` with the shape `scratch[0..rank]`. `id` 0 gives a fresh id;
/// a nonzero `id` restores a tensor that was evicted to JavaScript under its old id, so tapes still
/// recognise it. Returns an owned handle. Write its data at once through `gt_tensor_data_ptr`.
#[no_mangle]
pub extern "C" fn gt_tensor_alloc(dtype: u32, rank: u32, id: f64) -> Handle {
    let s = state();
    let result = (|| {
        let dtype = dtype_of(dtype)?;
        let shape = s.scratch_usizes(0, rank as usize)?;
        gradtape_core::shape::check_alloc("upload", &shape, dtype)?;
        let mut t = Tensor::full(&shape, dtype, 0.0)?;
        if id > 0.0 {
            t.id = id as u64;
        }
        Ok(t)
    })();
    s.give(result)
}

/// Allocates a tensor of `dtype` filled with `value`, shape `scratch[0..rank]`. Returns an owned handle.
#[no_mangle]
pub extern "C" fn gt_tensor_fill(dtype: u32, rank: u32, value: f64) -> Handle {
    let s = state();
    let result = (|| {
        let dtype = dtype_of(dtype)?;
        let shape = s.scratch_usizes(0, rank as usize)?;
        gradtape_core::shape::check_alloc("fill", &shape, dtype)?;
        Tensor::full(&shape, dtype, value)
    })();
    s.give(result)
}

/// Draws a float tensor of `dtype` with the shape `scratch[0..rank]` from a Philox stream
/// (protocol item 16): its key and counter are the `u32` entries `rank..rank + 6` (key low word
/// first, then the counter's four words, low first); `distribution` 0 is uniform in [0, 1), 1
/// standard normal, 2 standard normal truncated to |z| < 2; every value is then times `scale`
/// plus `shift` in the dtype's arithmetic. Returns an owned handle.
#[no_mangle]
pub extern "C" fn gt_random_draw(distribution: u32, dtype: u32, rank: u32, scale: f64, shift: f64) -> Handle {
    use gradtape_core::kernels::philox::{Distribution, Philox};
    let s = state();
    let result = (|| {
        let dtype = dtype_of(dtype)?;
        let Some(distribution) = Distribution::from_code(distribution) else {
            gradtape_core::fail!(InvalidArgument, "unknown distribution code {distribution}");
        };
        let shape = s.scratch_usizes(0, rank as usize)?;
        let words = s.scratch_usizes(rank as usize, 6)?;
        let word = |i: usize| words[i] as u32;
        gradtape_core::shape::check_alloc("random draw", &shape, dtype)?;
        let g = Philox::new([word(0), word(1)], [word(2), word(3), word(4), word(5)]);
        Tensor::random(&shape, dtype, distribution, g, scale, shift)
    })();
    s.give(result)
}

/// Pointer to the tensor's elements (borrowed; valid until the next call that may allocate).
/// Writing through it is allowed only right after `gt_tensor_alloc`, before any other use.
#[no_mangle]
pub extern "C" fn gt_tensor_data_ptr(h: Handle) -> *const u8 {
    let s = state();
    match s.handles.get(h) {
        Ok(t) => {
            s.engine.trace_spoil(Some(t), READ_WHILE_TRACING);
            t.buf.as_ptr()
        }
        Err(e) => {
            s.fail(e);
            std::ptr::null()
        }
    }
}

/// Number of elements (0 for a stale handle).
#[no_mangle]
pub extern "C" fn gt_tensor_len(h: Handle) -> u32 {
    state().handles.get(h).map(|t| t.size() as u32).unwrap_or(0)
}

/// Copies a small tensor's elements into the scratch area as f64 (the first `SCRATCH_LEN / 2`
/// at most) and returns its element count: one call, and no typed-array view for JavaScript to
/// make, for the many small tensors that eviction and reads copy out.
#[no_mangle]
pub extern "C" fn gt_tensor_read_small(h: Handle) -> u32 {
    let s = state();
    let Ok(t) = s.handles.get(h) else { return 0 };
    s.engine.trace_spoil(Some(t), READ_WHILE_TRACING);
    let n = t.size();
    t.buf.write_f64s(&mut s.scratch.f64s_mut()[..n.min(SCRATCH_LEN / 2)]);
    n as u32
}

/// The tensor's id as a number (below 2^53), for restoring it after eviction.
#[no_mangle]
pub extern "C" fn gt_tensor_id(h: Handle) -> f64 {
    state().handles.get(h).map(|t| t.id as f64).unwrap_or(0.0)
}

/// Element 0 as f64 (a fast read for scalars); NaN for an empty tensor or a stale handle.
#[no_mangle]
pub extern "C" fn gt_tensor_first(h: Handle) -> f64 {
    let s = state();
    let Ok(t) = s.handles.get(h) else { return f64::NAN };
    s.engine.trace_spoil(Some(t), READ_WHILE_TRACING);
    if t.size() > 0 {
        t.buf.get_f64(0)
    } else {
        f64::NAN
    }
}

/// Writes the tensor's shape to scratch; returns its rank.
#[no_mangle]
pub extern "C" fn gt_tensor_shape(h: Handle) -> u32 {
    let s = state();
    match s.handles.get(h).map(|t| t.shape.clone()) {
        Ok(shape) => {
            s.write_shape(&shape);
            shape.len() as u32
        }
        Err(e) => {
            s.fail(e);
            0
        }
    }
}

/// Releases a handle. Returns 1, or 0 for a stale handle.
#[no_mangle]
pub extern "C" fn gt_tensor_free(h: Handle) -> u32 {
    let s = state();
    let result = s.handles.remove(h).map(drop);
    s.status(result)
}

/// Evicts `n` tensors at once: reads their handles from f64 entries `0..n` of the scratch area
/// (n <= SCRATCH_LEN / 4), frees them, and writes `[id, first element]` pairs over it (entry `i`
/// at f64 index `2i`). A tensor of 2 to `small` elements gets `[id, at]` instead: its elements are
/// at f64 indices `at..`, after the pairs (from index `2n`, one tensor after another, as far as
/// the scratch area holds them whole: the caller reserves the room). One call instead of one read
/// per small tensor; JavaScript copies larger tensors' data out before calling this. Returns the
/// number evicted (stale handles are skipped and reported with id 0).
#[no_mangle]
pub extern "C" fn gt_evict_batch(n: u32, small: u32) -> u32 {
    let s = state();
    let n = (n as usize).min(SCRATCH_LEN / 4);
    let small = 2..=small as usize;
    // The small tensors' elements first, while every handle is still in place.
    let mut value_at = vec![f64::NAN; n];
    let mut at = 2 * n;
    let values = s.scratch.f64s_mut();
    for (i, slot) in value_at.iter_mut().enumerate() {
        let Ok(t) = s.handles.get(values[i]) else { continue };
        let size = t.size();
        if small.contains(&size) && at + size <= values.len() {
            t.buf.write_f64s(&mut values[at..at + size]);
            *slot = at as f64;
            at += size;
        }
    }
    let mut evicted = 0;
    // In place, last entry first: entry i's pair goes to f64 entries 2i and 2i+1, which only ever
    // cover handles already read (all unread handles sit below index i).
    for i in (0..n).rev() {
        let (id, second) = match s.handles.remove(s.scratch.f64s()[i]) {
            Ok(t) => {
                s.engine.trace_spoil(Some(&t), READ_WHILE_TRACING);
                evicted += 1;
                let second = if !value_at[i].is_nan() {
                    value_at[i]
                } else if t.size() > 0 {
                    t.buf.get_f64(0)
                } else {
                    f64::NAN
                };
                (t.id as f64, second)
            }
            Err(_) => (0.0, f64::NAN),
        };
        let pair = &mut s.scratch.f64s_mut()[2 * i..2 * i + 2];
        pair[0] = id;
        pair[1] = second;
    }
    evicted
}

/// Makes `dst` hold `src`'s values (`Variable.assign`); shapes and dtypes must match. `dst` keeps
/// its id; the storage is shared until either side is updated in place (which copies first).
#[no_mangle]
pub extern "C" fn gt_assign(dst: Handle, src: Handle) -> u32 {
    let s = state();
    let result = (|| {
        let src = s.tensor(src)?;
        if !functions::trace_assign(s, dst, &src) {
            s.engine.trace_spoil(None, SIDE_EFFECT_WHILE_TRACING);
        }
        let dst = s.handles.get_mut(dst)?;
        if dst.shape != src.shape || dst.dtype() != src.dtype() {
            gradtape_core::fail!(ShapeMismatch, "assign: value and variable differ in shape or dtype");
        }
        dst.buf = src.buf.clone();
        Ok(())
    })();
    s.status(result)
}

// ---- ops (protocol item 9) -----------------------------------------------------------------------

/// Runs op `code` on the `n_inputs` tensors whose handles are f64 scratch entries `0..n_inputs`,
/// with its parameters after them. Returns an owned handle (0 on error); writes the result's
/// shape and its dtype code (at `RESULT_DTYPE`).
#[no_mangle]
pub extern "C" fn gt_op(code: u32, n_inputs: u32) -> Handle {
    let s = state();
    let n = n_inputs as usize;
    let result = (|| {
        let (op, handles) = s.scratch.op_call(code, n)?;
        // Borrowed, not cloned: the handle table and the engine are separate fields. Up to four
        // inputs (all but concat) need no allocation for the list.
        let (table, engine) = (&s.handles, &mut s.engine);
        if (1..=4).contains(&n) {
            let first = table.get(handles[0])?;
            let mut refs: [&Tensor; 4] = [first; 4]; // entries past n are never read
            for (r, &h) in refs.iter_mut().zip(handles).skip(1) {
                *r = table.get(h)?;
            }
            engine.apply(op, &refs[..n])
        } else {
            let refs = handles.iter().map(|&h| table.get(h)).collect::<Result<Vec<_>>>()?;
            engine.apply(op, &refs)
        }
    })();
    s.give(result)
}

/// `gt_op` made again for a tensor JavaScript evicted without copying its data out (its recipe:
/// the op, its inputs and parameters, all immutable): the same op on the same inputs, giving the
/// same bits, under the tape id `id` the tensor had, so tapes still recognise it. Neither recorded
/// on tapes (they hold the first computation) nor traced (to a trace the result is a value that
/// came from outside, like an upload). Returns an owned handle (0 on error).
#[no_mangle]
pub extern "C" fn gt_op_again(code: u32, n_inputs: u32, id: f64) -> Handle {
    let s = state();
    let n = n_inputs as usize;
    let result = (|| {
        let (op, handles) = s.scratch.op_call(code, n)?;
        let inputs = handles.iter().map(|&h| s.handles.get(h)).collect::<Result<Vec<_>>>()?;
        let mut output = gradtape_core::ops::forward(&op, &inputs)?;
        if id > 0.0 {
            output.id = id as u64;
        }
        Ok(output)
    })();
    s.give(result)
}

/// Binary op `code` with a JavaScript number: `x op value`, or `value op x` when `number_first`
/// is 1. The number takes the tensor's dtype, as a Python scalar does in TensorFlow.
#[no_mangle]
pub extern "C" fn gt_op_number(code: u32, x: Handle, value: f64, number_first: u32) -> Handle {
    let s = state();
    let result = (|| {
        let op = Op::decode(code, &mut ParamReader::new(&[]))?;
        let (table, engine) = (&s.handles, &mut s.engine);
        let x = table.get(x)?;
        let c = engine.scalar(x.dtype(), value);
        let inputs = if number_first == 1 { [&c, x] } else { [x, &c] };
        engine.apply(op, &inputs)
    })();
    s.give(result)
}

/// Unary or binary op `code` on rank-0 values of `dtype` (`b` unused for unary ops), computed
/// without making tensors: eager scalar arithmetic that no tape records. Returns the result
/// (converted to `dtype`, as an f64), or NaN with the error stored (an unknown code or dtype, an
/// op this shortcut does not cover, or a dtype the op refuses).
#[no_mangle]
pub extern "C" fn gt_op_values(code: u32, dtype: u32, a: f64, b: f64) -> f64 {
    let s = state();
    let op = s.scalar_ops.get(code as usize).copied().unwrap_or(gradtape_core::ops::ScalarOp::Other);
    match dtype_of(dtype).and_then(|d| gradtape_core::ops::on_values(op, d, a, b)) {
        Ok(v) => v,
        Err(e) => {
            s.fail(e);
            f64::NAN
        }
    }
}

/// `gt_op_values` under recording tapes: op `code` on rank-0 operands of `dtype`, computed on
/// values and recorded as `gt_op` would record it, with no tensor made for JavaScript. Each
/// operand is a reference and a value: a handle (> 0; its own value is used), the negated id of
/// a value JavaScript holds (< 0), or 0 for a constant no tape tracks (`b_ref` and `b` are unused
/// for unary ops). Writes the result at scratch f64 entry 0 and returns its id, under which
/// JavaScript holds it (passing it back negated as an operand, or to `gt_tensor_from` when it
/// uploads the value), or 0 with the error stored; -1 while a trace is recorded (protocol item
/// 12), whose ops must take `gt_op` to be traced.
#[no_mangle]
pub extern "C" fn gt_op_recorded_values(code: u32, dtype: u32, a_ref: f64, a: f64, b_ref: f64, b: f64) -> f64 {
    let s = state();
    if s.engine.is_tracing() {
        return -1.0;
    }
    let result = (|| {
        let dtype = dtype_of(dtype)?;
        use gradtape_core::ops::ScalarOp;
        // (The op from the table's scalar form: no decoding per call.)
        let op = s.scalar_ops.get(code as usize).copied().unwrap_or(ScalarOp::Other);
        // An operand's id and value (a constant's id is CONSTANT_ID).
        let operand = |s: &State, r: f64, v: f64| -> Result<ScalarValue> {
            if r > 0.0 {
                let t = s.handles.get(r)?;
                if t.dtype() != dtype || t.rank() != 0 {
                    return Err(Error::new(ErrorCode::InvalidArgument, "a recorded scalar op's operand is not a rank-0 tensor of its dtype"));
                }
                Ok((t.id, t.buf.get_f64(0)))
            } else if r < 0.0 {
                Ok(((-r) as u64, v))
            } else {
                Ok((CONSTANT_ID, v))
            }
        };
        let x = operand(s, a_ref, a)?;
        if matches!(op, ScalarOp::Binary(..)) {
            let y = operand(s, b_ref, b)?;
            let value = gradtape_core::ops::on_values(op, dtype, x.1, y.1)?;
            Ok((s.engine.record_scalar(op, dtype, &[x, y], value)?, value))
        } else {
            // (An op with no scalar form fails here, before anything is recorded.)
            let value = gradtape_core::ops::on_values(op, dtype, x.1, 0.0)?;
            Ok((s.engine.record_scalar(op, dtype, &[x], value)?, value))
        }
    })();
    match result {
        Ok((id, value)) => {
            s.scratch.f64s_mut()[0] = value;
            id as f64
        }
        Err(e) => {
            s.fail(e);
            0.0
        }
    }
}

/// The same values under a new id that no tape connects to `x` (`tf.stopGradient`).
#[no_mangle]
pub extern "C" fn gt_stop_gradient(x: Handle) -> Handle {
    let s = state();
    let result = s.tensor(x).map(|x| s.engine.stop_gradient(&x));
    s.give(result)
}

// ---- tapes ----------------------------------------------------------------------------------------

/// What JavaScript holds for a tape: its id + 1, an integer below 2^53 passed as f64 (0 is none).
pub type TapeRef = f64;

pub(crate) fn tape_ref(id: gradtape_core::TapeId) -> TapeRef {
    (id + 1) as f64
}

/// The tape a reference names; anything that is not a reference gives an id no tape has.
pub(crate) fn tape_id(tape: TapeRef) -> gradtape_core::TapeId {
    if tape >= 1.0 && tape < (1u64 << 53) as f64 && tape.fract() == 0.0 {
        tape as u64 - 1
    } else {
        u64::MAX
    }
}

/// A new tape, recording from now on when `record` is 1 (as `gt_tape_push` then: a tape made to
/// record costs one call, not two); returns its reference (id + 1, so 0 never names a tape), or
/// 0 with the error stored. Free it with `gt_tape_free`.
#[no_mangle]
pub extern "C" fn gt_tape_new(persistent: u32, record: u32) -> TapeRef {
    let s = state();
    let made = s.engine.new_tape(persistent == 1).and_then(|id| {
        if record == 1 {
            s.engine.push_tape(id)?; // (a new tape is not recording: this cannot fail)
        }
        Ok(id)
    });
    match made {
        Ok(id) => tape_ref(id),
        Err(e) => {
            s.fail(e);
            0.0
        }
    }
}

/// Frees a tape and all it saved. Returns 1, or 0 for an unknown tape.
#[no_mangle]
pub extern "C" fn gt_tape_free(tape: TapeRef) -> u32 {
    let s = state();
    let result = s.engine.free_tape(tape_id(tape));
    s.status(result)
}

/// Starts recording (entering the tape's context). 0 if it is already recording.
#[no_mangle]
pub extern "C" fn gt_tape_push(tape: TapeRef) -> u32 {
    let s = state();
    let result = s.engine.push_tape(tape_id(tape));
    s.status(result)
}

/// Stops recording, and returns what `gt_tape_bytes` returns then (the bytes the tape keeps
/// alive, which JavaScript reads at every stop; NaN with the error stored for a stale tape).
#[no_mangle]
pub extern "C" fn gt_tape_pop(tape: TapeRef) -> f64 {
    let s = state();
    match s.engine.pop_tape(tape_id(tape)) {
        Ok(()) => gt_tape_bytes(tape),
        Err(e) => {
            s.fail(e);
            f64::NAN
        }
    }
}

/// Makes the tape persistent (1: its gradients keep the record) or not (0). JavaScript keeps a
/// non-persistent tape's record for the sweeps of one Jacobian whose record holds customGradient
/// nodes (one gradient per target element), then sets it back. Returns 1, or 0 for a stale tape.
#[no_mangle]
pub extern "C" fn gt_tape_set_persistent(tape: TapeRef, persistent: u32) -> u32 {
    let s = state();
    let result = s.engine.set_tape_persistent(tape_id(tape), persistent != 0);
    s.status(result)
}

/// Clears what the tape recorded and watched.
#[no_mangle]
pub extern "C" fn gt_tape_reset(tape: TapeRef) -> u32 {
    let s = state();
    let result = s.engine.reset_tape(tape_id(tape));
    s.status(result)
}

/// Watches tensor `x`. Returns 1 if watched, 2 if it is not floating (nothing watched), 0 on error.
#[no_mangle]
pub extern "C" fn gt_tape_watch(tape: TapeRef, x: Handle) -> u32 {
    let s = state();
    let result = s.tensor(x).and_then(|x| s.engine.watch(tape_id(tape), &x));
    match result {
        Ok(true) => 1,
        Ok(false) => 2,
        Err(e) => {
            s.fail(e);
            0
        }
    }
}

/// Gradient of the sum of the targets with respect to each source. The scratch area's f64 entries
/// hold `[targets (n_targets), sources (n_sources), upstream gradients (n_targets, 0 = ones),
/// target dtype codes (n_targets)]`. A target is a handle, or the negated id of a rank-0 value
/// JavaScript holds (`gt_op_recorded_values`' result) with its dtype code among the last
/// entries: a gradient reads only a target's id, shape and dtype, so a held value is not
/// uploaded for it. Sources and upstream gradients are handles. Returns 1 when done: one owned
/// handle per source (0 = no gradient) at f64 entries `0..n_sources`. Returns 3 when done on
/// values (a record of rank-0 ops recorded by `gt_op_recorded_values` only): per source, the id
/// (0 = no gradient) and value of a rank-0 gradient of the source's dtype at f64 entries `2i`
/// and `2i + 1`, which JavaScript holds as it holds `gt_op_recorded_values`' results (no handle
/// is made). Returns 2 when the sweep reached a customGradient node: f64 entry 0 holds the
/// node's rule id and entry 1 an owned handle of its upstream gradient; run the rule and call
/// [`gt_tape_gradient_resume`] (or [`gt_tape_gradient_abort`]). 0 on error.
#[no_mangle]
pub extern "C" fn gt_tape_gradient(tape: TapeRef, n_targets: u32, n_sources: u32) -> u32 {
    let s = state();
    let (nt, ns) = (n_targets as usize, n_sources as usize);
    let result = (|| {
        let ids = s.scratch_handles(3 * nt + ns)?;
        let targets = (0..nt)
            .map(|i| match ids[i] {
                r if r < 0.0 => Ok(Tensor { id: (-r) as u64, ..s.engine.scalar(dtype_of(ids[2 * nt + ns + i] as u32)?, 0.0) }),
                h => s.tensor(h),
            })
            .collect::<Result<Vec<_>>>()?;
        let sources = s.tensors(&ids[nt..nt + ns])?;
        let upstream = ids[nt + ns..2 * nt + ns]
            .iter()
            .map(|&h| if h == 0.0 { Ok(None) } else { s.tensor(h).map(Some) })
            .collect::<Result<Vec<_>>>()?;
        s.engine.gradient_start(tape_id(tape), &targets, &sources, &upstream)
    })();
    s.step(result)
}

/// Resumes the innermost gradient waiting at a customGradient node with the gradients of its
/// inputs: `n` handles at f64 entries `0..n` (0 = none; borrowed). Returns as `gt_tape_gradient`;
/// on error the waiting gradient is abandoned (as by `gt_tape_gradient_abort`).
#[no_mangle]
pub extern "C" fn gt_tape_gradient_resume(n: u32) -> u32 {
    let s = state();
    let grads = s
        .scratch_handles(n as usize)
        .and_then(|ids| ids.iter().map(|&h| if h == 0.0 { Ok(None) } else { s.tensor(h).map(Some) }).collect::<Result<Vec<_>>>());
    let result = match grads {
        Ok(grads) => s.engine.gradient_resume(grads), // abandons the sweep itself on error
        Err(e) => {
            s.engine.gradient_abort();
            Err(e)
        }
    };
    s.step(result)
}

/// Abandons the innermost gradient waiting at a customGradient node (its rule threw); a
/// non-persistent tape gets its record back. Returns 1.
#[no_mangle]
pub extern "C" fn gt_tape_gradient_abort() -> u32 {
    state().engine.gradient_abort();
    1
}

/// Records a customGradient node on the recording tapes: f64 scratch entries `0..n_inputs` hold
/// the inputs, entry `n_inputs` the result JavaScript computed. Returns an owned handle of the
/// result under a new id that only the node produces, or 0 on error.
#[no_mangle]
pub extern "C" fn gt_record_custom(id: f64, n_inputs: u32) -> Handle {
    let s = state();
    // A compiled function's trace refuses value reads in the rule too, so the rule's ops replay;
    // a solver's trace takes the Jacobian after its mark, where reads are allowed: it is spoilt.
    if s.function_trace.is_none() {
        s.engine.trace_spoil(None, SIDE_EFFECT_WHILE_TRACING);
    }
    let n = n_inputs as usize;
    let result = (|| {
        let ids = s.scratch_handles(n + 1)?;
        let tensors = s.tensors(&ids)?;
        let refs: Vec<&Tensor> = tensors[..n].iter().collect();
        s.engine.record_custom(id as usize, &refs, &tensors[n])
    })();
    s.give(result)
}

/// The Jacobian of a target with respect to each source (`target.shape ++ source.shape`). f64
/// scratch entries hold `[target, sources (n_sources)]`; on success writes one owned handle per
/// source (0 = not connected) at entries `0..n_sources` and returns 1; 0 on error.
#[no_mangle]
pub extern "C" fn gt_tape_jacobian(tape: TapeRef, n_sources: u32) -> u32 {
    let s = state();
    let result = (|| {
        let ids = s.scratch_handles(1 + n_sources as usize)?;
        let tensors = s.tensors(&ids)?;
        s.engine.jacobian(tape_id(tape), &tensors[0], &tensors[1..])
    })();
    s.step(result.map(gradtape_core::Step::Done))
}

/// TensorFlow's batch_jacobian of f64 scratch entries `[target, source]`; writes one owned handle
/// (0 = not connected) at entry 0 and returns 1; 0 on error.
#[no_mangle]
pub extern "C" fn gt_tape_batch_jacobian(tape: TapeRef) -> u32 {
    let s = state();
    let result = (|| {
        let tensors = s.tensors(&s.scratch_handles(2)?)?;
        s.engine.batch_jacobian(tape_id(tape), &tensors[0], &tensors[1]).map(|j| vec![j])
    })();
    s.step(result.map(gradtape_core::Step::Done))
}

/// Forward-mode tangents through what a tape recorded (ForwardAccumulator.jvp). f64 scratch
/// entries hold `[primals (n), tangents (n), targets (n_targets)]`; writes one owned handle per
/// target (0 = not reached) at entries `0..n_targets` and returns 1; 0 on error.
#[no_mangle]
pub extern "C" fn gt_tape_jvp(tape: TapeRef, n: u32, n_targets: u32) -> u32 {
    let s = state();
    let (n, nt) = (n as usize, n_targets as usize);
    let result = (|| {
        let tensors = s.tensors(&s.scratch_handles(2 * n + nt)?)?;
        s.engine.jvp(tape_id(tape), &tensors[..n], &tensors[n..2 * n], &tensors[2 * n..])
    })();
    s.step(result.map(gradtape_core::Step::Done))
}
