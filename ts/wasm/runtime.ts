// The one place that talks to the WebAssembly module: instantiation, the scratch area, error
// decoding, and copying data in and out. See crates/gradtape-wasm/src/lib.rs for the protocol.
//
// Typed-array views over wasm memory are valid only until the next call that may allocate (memory
// growth detaches them), so every view here is re-derived when its buffer is detached.

import type { DType } from '../dtype';
import { OP_INFO } from '../generated/table';
import { type ErrorClass, InternalError, InvalidArgumentError, ResourceExhaustedError, tfError } from '../errors';
import { fmaBytes, wasmBytes } from './bytes';
import { newPool, type Pool, requestedThreads, requestThreads, withMemoryImport } from './threads';
export { requestedThreadsSetting } from './threads';

export interface Exports {
  memory: WebAssembly.Memory;
  __indirect_function_table: WebAssembly.Table;
  __tls_size: WebAssembly.Global;
  __tls_align: WebAssembly.Global;
  gt_set_threads(n: number): number;
  // Called by workers only (the worker's code in threads.ts):
  __wasm_init_tls(tls: number): void;
  gt_worker_main(index: number): void;
  gt_worker_poisoned_ptr(): number;
  gt_set_fma_tiles(f32Index: number, f64Index: number): number;
  gt_scratch(): number;
  gt_scratch_len(): number;
  gt_scratch_reserve(n: number): number;
  gt_last_error_code(): number;
  gt_last_error_message_ptr(): number;
  gt_last_error_message_len(): number;
  gt_describe_ptr(): number;
  gt_describe_len(): number;
  gt_live_tensors(): number;
  gt_live_bytes(): number;
  gt_live_tapes(): number;
  gt_tape_nodes(): number;
  gt_tensor_alloc(dtype: number, rank: number, id: number): number;
  gt_tensor_fill(dtype: number, rank: number, value: number): number;
  gt_random_draw(distribution: number, dtype: number, rank: number, scale: number, shift: number): number;
  gt_tensor_data_ptr(h: number): number;
  gt_tensor_len(h: number): number;
  gt_tensor_read_small(h: number): number;
  gt_tensor_id(h: number): number;
  gt_tensor_first(h: number): number;
  gt_tensor_shape(h: number): number;
  gt_tensor_free(h: number): number;
  gt_evict_batch(n: number, small: number): number;
  gt_assign(dst: number, src: number): number;
  gt_op(code: number, nInputs: number): number;
  gt_op_number(code: number, x: number, value: number, numberFirst: number): number;
  gt_op_again(code: number, nInputs: number, id: number): number;
  gt_op_values(code: number, dtype: number, a: number, b: number): number;
  gt_op_recorded_values(code: number, dtype: number, aRef: number, a: number, bRef: number, b: number): number;
  gt_stop_gradient(x: number): number;
  gt_tape_new(persistent: number, record: number): number;
  gt_tape_free(tape: number): number;
  gt_tape_push(tape: number): number;
  gt_tape_pop(tape: number): number;
  gt_tape_reset(tape: number): number;
  gt_tape_set_persistent(tape: number, persistent: number): number;
  gt_tape_watch(tape: number, x: number): number;
  gt_tape_gradient(tape: number, nTargets: number, nSources: number): number;
  gt_tape_gradient_resume(n: number): number;
  gt_tape_gradient_abort(): number;
  gt_record_custom(id: number, nInputs: number): number;
  gt_tape_jacobian(tape: number, nSources: number): number;
  gt_tape_batch_jacobian(tape: number): number;
  gt_tape_jvp(tape: number, n: number, nTargets: number): number;
  gt_tape_bytes(tape: number): number;
  gt_tape_export(tape: number): number;
  gt_transfer_ptr(): number;
  gt_transfer_reserve(len: number): number;
  gt_tape_import(len: number): number;
  gt_transfer_release(): number;
  gt_solver_buffer(len: number): number;
  gt_pivoted_qr(m: number, n: number): number;
  gt_solver_release(): number;
  gt_trace_begin(n: number): number;
  gt_trace_mark(result: number): number;
  gt_trace_end(n: number): number;
  gt_trace_abort(): number;
  gt_trace_spoil(reason: number): number;
  gt_program_forward(program: number): number;
  gt_program_jacobian(program: number): number;
  gt_program_free(program: number): number;
  gt_function_trace_begin(n: number): number;
  gt_function_trace_read(variable: number): number;
  /** With guarded 1, the scratch entry after the variables is the step's boolean guard. */
  gt_function_trace_optimizer(id: number, nGrads: number, nChanged: number, guarded: number): number;
  gt_function_trace_pause(paused: number): number;
  gt_function_trace_host_value(id: number, nOperands: number): number;
  gt_function_supply(program: number, value: number): number;
  gt_function_trace_reads(h: number): number;
  gt_function_trace_end(n: number): number;
  gt_function_trace_abort(): number;
  gt_function_run(program: number, n: number, nScalars: number, readSmall: number): number;
  gt_function_generated(program: number): number;
  gt_function_use_generated(program: number, first: number): number;
  gt_function_resume(program: number): number;
  /** Returns how many of the call's optimizer steps ran, or -1. */
  gt_function_cancel(program: number): number;
  /** A copy of the program reading other variables (n handle pairs in scratch); 0 on error. */
  gt_function_rebind(program: number, n: number): number;
  /** Whether the latest call's optimizer step k was skipped by its guard: 1 or 0, or -1. */
  gt_function_step_skipped(program: number, k: number): number;
  gt_optimizer_slots(code: number, nParams: number): number;
  gt_optimizer_plan(code: number, nParams: number, nUpdated: number, nSlots: number, nAveraged: number, nIdle: number): number;
  gt_optimizer_plan_free(plan: number): number;
  gt_optimizer_step(nGrads: number): number;
  gt_optimizer_overwrite(target: number, source: number): number;
  gt_kernel_check(kernel: number, dtype: number, n: number, seed: number): number;
}

/** Names the Rust side gives its codes, read from the module at start-up (never hand-mirrored). */
interface Description {
  ops: { js: string }[];
  dtypes: string[];
  errors: Record<string, number>;
  optimizers: string[];
  scratch: number;
  resultDtype: number;
  /** Size and alignment of the thread-local block the module gives each worker (item 15). */
  workerTls: [number, number];
}

/** The module's codes by name: dtypes, error kinds and optimizers (read from the module). */
export interface Codes {
  dtype: Record<string, number>;
  dtypeName: DType[];
  errorName: Record<number, string>;
  /** Optimizer codes by Keras class name (the core's optimizer table). */
  optimizer: Record<string, number>;
}

/** Until the module starts, `W` and `codes` are stand-ins whose every property read starts it
 * with `initSync`: no op can reach the module past that one readiness check (and its one error
 * message), and once started the check costs nothing, since `W` and `codes` are then the real
 * objects. */
function startedOnFirstUse<T extends object>(real: () => T): T {
  return new Proxy({} as T, { get: (_, key) => (initSync(), Reflect.get(real(), key)) });
}

let started = false;
/** The instantiated module's exports; set once by `initSync` or `ready`. */
export let W: Exports = startedOnFirstUse(() => W);
export let codes: Codes = startedOnFirstUse(() => codes);
/** The u32 scratch entry where an op's result dtype code is written. */
let resultDtypeWord = 0;
let scratchPtr = 0;
let scratchLen = 0;
let scratchView = new Uint32Array(0);
let scratchF64 = new Float64Array(0);
let pending: Promise<void> | null = null;

/** The imports of the module on `pool`'s memory (protocol item 15). */
function importsOf(pool: Pool): WebAssembly.Imports {
  return { env: { memory: pool.memory, gt_host_start_worker: pool.startWorker } };
}

function install(instance: WebAssembly.Instance, module: WebAssembly.Module, next: Pool): void {
  // The memory is imported, not exported: the exports with it are what the rest of the code calls.
  const ex = { ...(instance.exports as object), memory: next.memory } as Exports;
  // Calls first, then the buffer: the first call may grow memory and detach an earlier view.
  const ptr = ex.gt_describe_ptr() >>> 0; // wasm returns i32: addresses past 2 GiB come back negative
  const len = ex.gt_describe_len();
  // A copy: TextDecoder refuses views of shared memory.
  const bytes = new Uint8Array(ex.memory.buffer, ptr, len).slice();
  const d = JSON.parse(new TextDecoder().decode(bytes)) as Description;
  // The op codes compiled into the wrappers come from the same table as the module's: a module
  // from another build would run other ops under the same codes.
  const names = d.ops.map((o) => o.js);
  const expected = OP_INFO.map((o) => o[0]);
  if (names.join(' ') !== expected.join(' ')) {
    throw new Error(
      'gradtape: the WebAssembly module and the JavaScript wrappers were built from different op tables; dist/ and the wasm build differ. Rebuild with npm run build.',
    );
  }
  codes = {
    dtype: Object.fromEntries(d.dtypes.map((n, i) => [n, i])),
    dtypeName: d.dtypes as DType[],
    errorName: Object.fromEntries(Object.entries(d.errors).map(([n, c]) => [c, n])),
    optimizer: Object.fromEntries(d.optimizers.map((n, i) => [n, i])),
  };
  resultDtypeWord = d.resultDtype;
  scratchPtr = ex.gt_scratch() >>> 0;
  scratchLen = d.scratch;
  const fma = startRelaxedSimd(ex, next.shared);
  relaxedSimd = fma != null;
  // Workers need their thread-local data to fit the block the module reserves for each.
  const [tlsSize, tlsAlign] = d.workerTls;
  canThread = next.shared && (ex.__tls_size.value as number) <= tlsSize && (ex.__tls_align.value as number) <= tlsAlign;
  if (canThread) {
    next.attach(module, fma?.module ?? null, fma?.tableIndex ?? 0);
    threads = ex.gt_set_threads(requestedThreads());
  }
  W = ex;
  started = true; // last: a failed start leaves the module unset, so the next use retries
}

/** Whether the matrix product runs the relaxed-SIMD kernels (see `startRelaxedSimd`). */
let relaxedSimd = false;
/** Memory is shared and workers can start. */
let canThread = false;
/** Threads kernels use (1 where memory cannot be shared). */
let threads = 1;

/**
 * Where the engine validates relaxed SIMD, instantiates the kernels' module on the main module's
 * memory and hands them to it (protocol item 14): the packed matrix product then uses fused
 * multiply-adds. Elsewhere, or if anything fails, the simd128 kernels stay, silently.
 */
function startRelaxedSimd(ex: Exports, shared: boolean): { module: WebAssembly.Module; tableIndex: number } | null {
  try {
    const bytes = withMemoryImport(fmaBytes, shared).bytes as Uint8Array<ArrayBuffer>;
    if (!WebAssembly.validate(bytes)) return null;
    const module = new WebAssembly.Module(bytes);
    const kernels = new WebAssembly.Instance(module, { env: { memory: ex.memory } });
    const table = ex.__indirect_function_table;
    const at = table.grow(2);
    table.set(at, kernels.exports.gt_fma_tile_f32 as () => void);
    table.set(at + 1, kernels.exports.gt_fma_tile_f64 as () => void);
    return ex.gt_set_fma_tiles(at, at + 1) === 1 ? { module, tableIndex: at } : null;
  } catch {
    return null;
  }
}

/**
 * Installs the generated functions of `program` (protocol item 13: its small fused chains' and
 * whole step, or a scalar program's whole step): compiles the module the core gives on this module's memory, puts
 * its functions in the function table and hands their indices over. A module the core has seen
 * installed (a training loop's fresh tf.function of the same step) is not compiled again: the
 * core uses the installed one, and V8's optimized code for it. Returns how many functions now run
 * generated code; 0 where there is none, or anything fails (the program then stays interpreted,
 * with the same results).
 */
export function installGenerated(program: number): number {
  reserveScratch(6);
  const n = W.gt_function_generated(program);
  if (n === 0) return 0;
  const f = scratchF64View();
  if (f[2] !== 0) return n; // (installed before)
  const bytes = new Uint8Array(W.memory.buffer, f[0]!, f[1]!).slice(); // (a copy: the memory may be shared)
  let first: number;
  try {
    const shared = typeof SharedArrayBuffer === 'function' && W.memory.buffer instanceof SharedArrayBuffer;
    const module = new WebAssembly.Module(withMemoryImport(bytes, shared).bytes as Uint8Array<ArrayBuffer>);
    const functions = new WebAssembly.Instance(module, { env: { memory: W.memory } }).exports;
    const table = W.__indirect_function_table;
    first = table.grow(n);
    for (let i = 0; i < n; i++) table.set(first + i, functions[String(i)] as () => void);
  } catch {
    return 0; // (a browser that refuses to compile on its main thread, say)
  }
  return W.gt_function_use_generated(program, first) === 1 ? n : 0;
}

/**
 * What runs gradtape's kernels: the WebAssembly module, with relaxed-SIMD fused multiply-adds in
 * the matrix product where the engine supports them (Chromium 114+, Node 22+, or Node 20 with
 * `--experimental-wasm-relaxed-simd`) and simd128 elsewhere; and how many threads large kernels
 * use. Threads need memory shared with workers: Node (worker_threads), and browsers and workers
 * on cross-origin isolated pages; elsewhere `threads` is 1.
 *
 * @example
 * ```ts
 * console.log(tf.backendInfo().backend);                                 // wasm
 * ```
 */
export function backendInfo(): { backend: 'wasm'; simd: 'relaxed-simd' | 'simd128'; threads: number } {
  initSync();
  return { backend: 'wasm', simd: relaxedSimd ? 'relaxed-simd' : 'simd128', threads };
}

/**
 * Sets how many threads large kernels use, the calling one included: matrix products of at
 * least 2·128³ multiply-adds, matrix-vector products over more than 16,384 rows, elementwise ops,
 * reductions, arg-reductions, running sums and products, softmax and transposes over at least
 * 262,144 elements (along any axis), and optimizer updates of
 * variables of at least 131,072 elements split their work among workers that share the module's
 * memory. Results are the same, bit for bit, for any number of threads. The default is the
 * machine's cores, at most 8; `1` keeps every kernel on the calling thread. Where memory cannot
 * be shared (a browser page that is not cross-origin isolated) kernels run on one thread whatever
 * is set; `tf.backendInfo().threads` says what runs. Workers start when the first large kernel
 * runs and join kernels from then on; the engine optimises their code anew, so they reach full
 * speed after their first few hundred milliseconds of work.
 *
 * @example
 * ```ts
 * tf.setNumThreads(2);
 * console.log(tf.backendInfo().threads <= 2);                            // true
 * ```
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 255) {
    throw new RangeError(`setNumThreads: expected an integer from 1 to 255, got ${String(n)}`);
  }
  requestThreads(n);
  if (started && canThread) threads = W.gt_set_threads(n);
}

/** Back to the default number of threads (tf.config.threading.setIntraOpParallelismThreads(0)). */
export function resetNumThreads(): void {
  requestThreads(null);
  if (started && canThread) threads = W.gt_set_threads(requestedThreads());
}

/** The readiness check: instantiates the module synchronously on first use (Node, workers, and
 * browser main threads that allow it), or throws the one error that says
 * why it cannot start and what to do. */
export function initSync(): Exports {
  if (started) return W;
  try {
    const { pool, bytes } = newPool(wasmBytes);
    const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    install(new WebAssembly.Instance(module, importsOf(pool)), module, pool);
  } catch (e) {
    throw startError(e, 'synchronously', 'In a browser, call `await tf.ready()` once before using tensors.');
  }
  return W;
}

/** A module of one function returning a v128 constant: it validates only where the engine has
 * WebAssembly SIMD (simd128), which gradtape's kernels are compiled with. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, // "\0asm", version 1
  1, 5, 1, 96, 0, 1, 123, // types: () -> v128
  3, 2, 1, 0, // one function of type 0
  10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11, // v128.const 0, end
]);

/** Why the module could not start, and what to do. No `await tf.ready()` helps where the engine has
 * no WebAssembly (a JIT-less mode), no WebAssembly SIMD, or where the page's Content Security
 * Policy forbids compiling it (it needs 'wasm-unsafe-eval'): those are named first. */
function startError(e: unknown, how: string, otherwise: string): Error {
  const cause = e instanceof Error ? e.message : String(e);
  let advice = otherwise;
  if (typeof WebAssembly === 'undefined') {
    advice =
      "This JavaScript engine runs without WebAssembly, which gradtape needs (modes without a JIT can remove it: Node's --jitless, iOS Lockdown Mode).";
  } else if (/unsafe-eval|Content Security Policy|CSP/i.test(cause)) {
    advice = "The page's Content Security Policy blocks WebAssembly: add 'wasm-unsafe-eval' to its script-src directive.";
  } else if (!WebAssembly.validate(SIMD_PROBE)) {
    advice = 'This engine lacks WebAssembly SIMD, which gradtape needs: Chrome and Edge 91, Firefox 89, Safari 16.4 and Node 18 or later have it.';
  }
  return new Error(`gradtape: could not start its WebAssembly module ${how} (${cause}). ${advice}`);
}

/** Resolves when the module is ready; compiles asynchronously where the platform prefers it. */
export function ready(): Promise<void> {
  if (started) return Promise.resolve();
  pending ??= (async () => {
    let started: { result: WebAssembly.WebAssemblyInstantiatedSource; pool: Pool };
    try {
      const { pool, bytes } = newPool(wasmBytes);
      started = { result: await WebAssembly.instantiate(bytes as Uint8Array<ArrayBuffer>, importsOf(pool)), pool };
    } catch (e) {
      pending = null;
      throw startError(e, 'asynchronously', 'Check that this platform supports WebAssembly.');
    }
    install(started.result.instance, started.result.module, started.pool);
  })();
  return pending;
}

/** The u32 scratch area (shapes, axes, handle lists), re-derived if memory grew. */
export function scratch(): Uint32Array {
  if (scratchView.length === 0) scratchView = new Uint32Array(W.memory.buffer, scratchPtr, scratchLen);
  return scratchView;
}

/** The same scratch area read as f64 (half as many entries). */
export function scratchF64View(): Float64Array {
  if (scratchF64.length === 0) scratchF64 = new Float64Array(W.memory.buffer, scratchPtr, scratchLen / 2);
  return scratchF64;
}


/** The shape of every rank-0 tensor (shared, frozen). */
export const NO_DIMS: number[] = Object.freeze([]) as unknown as number[];

/** The `[rank, dims...]` an export wrote to scratch, as a shape array. */
export function readShape(): number[] {
  const s = scratch();
  const rank = s[0]!;
  if (rank === 0) return NO_DIMS;
  const shape = new Array<number>(rank);
  for (let i = 0; i < rank; i++) shape[i] = s[1 + i]!;
  return shape;
}

/** The dtype an op export wrote for its result. */
export function readDType(): DType {
  return codes.dtypeName[scratch()[resultDtypeWord]!]!;
}

/** Makes the scratch area hold at least `n` entries (it grows on demand and may move). */
export function reserveScratch(n: number): void {
  if (n <= scratchLen) return;
  if (W.gt_scratch_reserve(n) === 0) throw lastError('scratch');
  syncScratch();
}

/** Picks up the scratch area after an export that may grow it itself (a replay's outputs, a host
 * step's operands): the area only grows, so an unchanged length means an unchanged place. */
export function syncScratch(): void {
  const len = W.gt_scratch_len();
  if (len === scratchLen) return;
  scratchPtr = W.gt_scratch() >>> 0;
  scratchLen = len;
  scratchView = new Uint32Array(0);
  scratchF64 = new Float64Array(0);
}

/** Writes handles to the scratch area's f64 entries starting at 0 (handles are integers up to 2^53). */
export function writeHandles(handles: readonly number[]): void {
  reserveScratch(2 * handles.length);
  const f = scratchF64View();
  for (let i = 0; i < handles.length; i++) f[i] = handles[i]!;
}

/** Writes integers to scratch starting at 0. */
export function writeScratch(values: readonly number[]): void {
  reserveScratch(values.length);
  const s = scratch();
  for (let i = 0; i < values.length; i++) s[i] = values[i]!;
}

/** The error the last failing export stored, as a JS Error. */
export function lastError(context?: string): Error {
  const ptr = W.gt_last_error_message_ptr() >>> 0;
  const len = W.gt_last_error_message_len();
  // A copy: TextDecoder refuses views of shared memory.
  const bytes = new Uint8Array(W.memory.buffer, ptr, len).slice();
  const message = new TextDecoder().decode(bytes);
  // Messages from an op start with its name ("matmul: ..."); other contexts (e.g. a gradient
  // rule's op failing inside `gradient`) are prefixed.
  const text = context && !message.startsWith(`${context}:`) ? `${context}: ${message}` : message;
  const kind = codes.errorName[W.gt_last_error_code()] ?? 'Error';
  const cls = ERROR_CLASS[kind];
  if (cls !== undefined) return tfError(cls, text);
  const err = new Error(text);
  err.name = kind;
  return err;
}

/** The class of TensorFlow's that each of the module's error kinds throws as (TensorFlow's eager
 * ops raise InvalidArgumentError for a bad value, shape or dtype, ResourceExhaustedError when an
 * allocation fails). A tape used wrongly (TapeState, InvalidHandle) is a plain Error of that
 * name: TensorFlow raises Python's RuntimeError there. */
const ERROR_CLASS: Readonly<Record<string, ErrorClass | undefined>> = {
  InvalidArgument: InvalidArgumentError,
  ShapeMismatch: InvalidArgumentError,
  DTypeMismatch: InvalidArgumentError,
  OutOfMemory: ResourceExhaustedError,
  Internal: InternalError,
};

/** The typed arrays that hold tensor data (Uint8Array: bool). */
export type HostArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The typed array per dtype code (the module's order: float32, float64, int32, bool). */
const VIEW = [Float32Array, Float64Array, Int32Array, Uint8Array] as const;

/** Tensors up to this many elements are copied out through the scratch area. */
export const SMALL_READ = 256;

/** Node's `Buffer.allocUnsafeSlow`, where there is one: memory of its own (offset 0, not from a
 * pool) left uninitialized, where a typed array's `slice` zero-fills its new memory before it
 * copies into it. A copy of 4 MB takes 0.31-0.40 ms so, 0.40-0.51 ms by `slice` (measured in
 * Node 20), and a plain loop's sweeps copy out every large tensor it dropped. Browsers have no
 * such call. */
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow?(bytes: number): Uint8Array<ArrayBuffer> } }).Buffer;
const allocUninitialized = nodeBuffer?.allocUnsafeSlow?.bind(nodeBuffer);

/** A copy of the data behind handle `h` (dtype code `dtype`, `size` elements). */
export function copyOut(h: number, dtype: number, size: number): HostArray {
  const Ctor = VIEW[dtype]!;
  if (size <= SMALL_READ) {
    // One call puts the values in the scratch area as f64; copy them straight into the result.
    const n = W.gt_tensor_read_small(h);
    const values = scratchF64View().subarray(0, n);
    return Ctor === Float64Array ? values.slice() : Ctor.from(values);
  }
  const len = W.gt_tensor_len(h) >>> 0;
  const ptr = W.gt_tensor_data_ptr(h) >>> 0;
  const data = new Ctor(W.memory.buffer, ptr, len);
  if (allocUninitialized === undefined) return data.slice();
  const bytes = allocUninitialized(data.byteLength);
  const copy = new Ctor(bytes.buffer, bytes.byteOffset, len);
  copy.set(data);
  return copy;
}

/** Copies the data behind handle `h` into `out` from index `at`, as float64, with no array of its own. */
export function copyInto(h: number, dtype: number, size: number, out: Float64Array, at: number): void {
  if (size <= SMALL_READ) {
    const n = W.gt_tensor_read_small(h);
    out.set(scratchF64View().subarray(0, n), at);
    return;
  }
  const len = W.gt_tensor_len(h) >>> 0;
  const ptr = W.gt_tensor_data_ptr(h) >>> 0;
  out.set(new VIEW[dtype]!(W.memory.buffer, ptr, len), at);
}

/** Whether a function is being traced (protocol item 12), so that what wasm cannot see (random
 * numbers drawn in JavaScript, variables) can mark the trace as not replayable; `function` when
 * it is a compiled function's trace (item 13), which reads variables live and refuses reads. */
export const tracing = {
  active: false,
  function: false,
  /** Whether `new tf.Variable` may run in the trace being recorded: on a compiled function's
   * first trace only, as in TensorFlow (the variable is then the function's, read live). */
  variablesAllowed: true,
  /** Whether code is running lifted out of a compiled function's trace (`liftFromTrace`). */
  lifted: false,
};

/**
 * Runs `fn` lifted out of the compiled function being traced, if any, as TensorFlow's init_scope
 * lifts a variable's initializer out of a function graph: its ops are not recorded, and run once
 * (on the first call). It may read variables (their values now) and constants, but not the
 * function's arguments, what was computed from them or random numbers drawn in the function, whose
 * values a replay would not see: those are an error, as a graph tensor in init_scope is there.
 */
export function liftFromTrace<T>(fn: () => T): T {
  if (!tracing.function) return fn();
  tracing.active = tracing.function = false;
  tracing.lifted = true;
  W.gt_function_trace_pause(1);
  try {
    return fn();
  } finally {
    tracing.lifted = false;
    tracing.active = tracing.function = true;
    W.gt_function_trace_pause(0);
  }
}

/** Whether handle `h` holds a value of the trace that `liftFromTrace` paused (its arguments, values
 * computed from them, random draws): asked with the trace resumed for the moment. */
export function tracedWhileLifted(h: number): boolean {
  W.gt_function_trace_pause(0);
  const traced = W.gt_function_trace_reads(h) === 1;
  W.gt_function_trace_pause(1);
  return traced;
}

/** Why a trace cannot be replayed, as gt_trace_spoil's codes. */
export const TraceSpoiler = { RandomNumbers: 1, Variable: 2, ValueShapes: 3, Branch: 4, HostEffect: 5 } as const;
export type TraceSpoiler = (typeof TraceSpoiler)[keyof typeof TraceSpoiler];

/** Marks the trace being recorded, if any, as not replayable. */
export function spoilTrace(reason: TraceSpoiler): void {
  if (tracing.active) W.gt_trace_spoil(reason);
}

/** A new tensor handle holding `data` with `shape` (and the given tape id, or 0 for a fresh one). */
export function copyIn(data: ArrayLike<number>, shape: readonly number[], dtype: number, id: number): number {
  writeScratch(shape);
  const h = W.gt_tensor_alloc(dtype, shape.length, id);
  if (h === 0) throw lastError('upload');
  if (data.length > 0) {
    const Ctor = VIEW[dtype]!;
    const ptr = W.gt_tensor_data_ptr(h) >>> 0;
    new Ctor(W.memory.buffer, ptr, data.length).set(data as ArrayLike<number>);
  }
  return h;
}
