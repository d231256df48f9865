// tf.function: a JavaScript function of tensors, traced on its first call with each input
// signature and replayed inside wasm after that (ABI protocol item 13).
//
// The first call runs the function as written, under a trace that records every op reading its
// tensor arguments or a variable, and what a GradientTape's gradient computes from them. Later
// calls with the same signature (tensor shapes and dtypes; every other argument by value) replay
// the recorded program in wasm: no JavaScript op calls, no tape and no sweep. Variables are read
// and assigned live. An optimizer's step runs inside the replay too, on the core's plan of the
// step, the one an eager step runs: JavaScript only computes each call's learning rate, step and
// hyperparameters (schedules, Nadam's product) before the call, as an eager step does.
//
// TensorFlow's rules hold: JavaScript side effects (console.log, counters, pushes to arrays) run
// only while tracing; `if` and `for` on JavaScript values unroll into the trace; variables are
// made on the first trace only. Reading a traced tensor's values (dataSync, item, print) while
// tracing is an error, since JavaScript could branch on them (TensorFlow's AutoGraph converts
// Python branches instead; nothing converts JavaScript). Random numbers (tf.random.*,
// nn.dropout) are drawn again at every call, in JavaScript, as eager calls draw them. Custom
// gradients replay like any ops.

import { constant } from './creation';
import { closeScope, openScope } from './memory';
import { describe, isPlainObject } from './describe';
import { type DType, checkDType } from './dtype';
import { Tensor, activeTapes, eagerSteps, handleOf, operationDone, tracedHandle, wrapKnown } from './tensor';
import { type HostStep, type HostValue, type OptimizerStep, recordHostSteps } from './host-steps';
import { type SavedCounters, newSavedCounters } from './optimizers';
import { TensorShape } from './tensor-shape';
import { Variable } from './variable';
import { SMALL_READ, W, installGenerated, lastError, reserveScratch, scratchF64View, syncScratch, tracing, writeHandles } from './wasm/runtime';

/** TensorFlow's `tf.TensorSpec`: the shape (`null` for a dimension of any length, or `null` for
 * any shape) and dtype a compiled function's argument must have. */
export class TensorSpec {
  /** The dimensions (`null`: any length), or `null` for any shape. */
  readonly shape: readonly (number | null)[] | null;
  /** The dtype the argument must have. */
  readonly dtype: DType;
  /** A name, kept for TensorFlow compatibility (not used). */
  readonly name: string | null;
  /**
   * @param shape The dimensions (`null` for a dimension of any length), or `null` for any shape;
   * or a `tf.TensorShape` (its unknown rank is any shape).
   * @param dtype The dtype (default float32).
   * @param name A name (TensorFlow's `name`; not used).
   */
  constructor(shape: readonly (number | null)[] | TensorShape | null, dtype: DType = 'float32', name: string | null = null) {
    if (shape instanceof TensorShape) shape = shape.dims;
    if (shape !== null && (!Array.isArray(shape) || shape.some((d) => d !== null && !(Number.isInteger(d) && d >= 0)))) {
      throw new Error(`TensorSpec: shape must be an array of non-negative integers or null (any length), or null, got ${describe(shape)}.`);
    }
    this.shape = shape === null ? null : shape.slice();
    this.dtype = checkDType(dtype, 'TensorSpec');
    this.name = name;
  }

  /** Whether `t` has a shape and dtype this spec allows. */
  isCompatibleWith(t: Tensor): boolean {
    if (t.dtype !== this.dtype) return false;
    if (this.shape === null) return true;
    return t.shape.length === this.shape.length && this.shape.every((d, i) => d === null || d === t.shape[i]);
  }

  /** TensorFlow's text, e.g. `TensorSpec(shape=(None, 3), dtype=tf.float32, name=None)`. */
  toString(): string {
    const shape = this.shape === null ? '<unknown>' : `(${this.shape.map((d) => (d === null ? 'None' : d)).join(', ')}${this.shape.length === 1 ? ',' : ''})`;
    return `TensorSpec(shape=${shape}, dtype=tf.${this.dtype}, name=${this.name === null ? 'None' : `'${this.name}'`})`;
  }
}

/** Options of `tf.function(fn, options)`. */
export interface FunctionOptions {
  /** One spec per argument: calls must pass tensors that match (numbers and arrays are converted
   * to the spec's dtype), as in TensorFlow. Concrete shapes are still traced one by one: a `null`
   * dimension accepts any length, and each new length is traced once. */
  inputSignature?: readonly TensorSpec[];
  /** The name in error messages (default: the function's own name). */
  name?: string;
  /** Accepted for TensorFlow compatibility; every traced program is compiled the same way. */
  jitCompile?: boolean;
  /** Accepted for TensorFlow compatibility (signatures are always exact here). */
  reduceRetracing?: boolean;
  /** Accepted for TensorFlow compatibility (JavaScript control flow always unrolls at trace time). */
  autograph?: boolean;
}

/** A function compiled by `tf.function`: call it like the original. */
export type CompiledFunction<F extends (...args: never[]) => unknown> = F & {
  /** How many times the function has been traced (TensorFlow's `experimental_get_tracing_count`). */
  experimentalGetTracingCount(): number;
  /** How many fused chains of its traced programs (elementwise ops with the matrix-vector products
   * around them) replay as generated WebAssembly rather than interpreted: small chains of
   * arithmetic, negation, abs, square, sqrt, relu, sign, maximum and minimum do. A program whose
   * whole step is generated counts one more (a program of scalars whose step is arithmetic and an
   * optimizer step, or of reads, one such chain and an optimizer step; it runs so while the
   * optimizer's step is a plain Adam update). The results are the same either way. */
  experimentalGetGeneratedChainCount(): number;
  /** The original function (TensorFlow's `python_function`). */
  readonly pythonFunction: F;
};

/** What a traced call left to replay: the program, the result's layout, the host steps and the optimizer steps. */
interface Traced {
  program: number;
  /** The result with every tensor replaced by its output index. */
  layout: unknown;
  outputs: { shape: number[]; dtype: DType }[];
  hostSteps: HostStep[];
  /** The optimizer steps among them, in program order. */
  optimizerSteps: OptimizerStep[];
  /** How many scalars their steps take at each call (each optimizer's count is fixed). */
  scalarCount: number;
  /** Whether some step is guarded (skipped on gradients with an inf or a NaN). */
  guarded: boolean;
  /** A call's own state, kept between calls so that a replay allocates little. */
  call: CallState;
  /** A replay of this entry is running (one started inside it, from a learning-rate function,
   * gets a state of its own). */
  busy: boolean;
}

/** A replay's working arrays, rewritten from index 0 at every call: the optimizer steps' scalars
 * and their counters before the call, and the inputs' handles. */
interface CallState {
  /** The optimizer steps' scalars, copied to the scratch area at each call (sized on first use). */
  scalars: Float64Array;
  saved: SavedCounters[];
  handles: number[];
}

const NO_SCALARS = new Float64Array(0);
const newCallState = (): CallState => ({ scalars: NO_SCALARS, saved: [], handles: [] });

/** A signature whose trace cannot be replayed: the function runs as written at every call. */
interface Eager {
  program: 0;
  reason: string;
}

/** Takes a replay's `count` outputs instead of their becoming tensors, as `gt_function_run` gives
 * them with `read_small` = SMALL_READ: a pair per output in `scratch`, the small ones read out
 * (their ids and values), the others `[-1, owned handle]`; returns what the call returns. */
type OutputSink = (scratch: Float64Array, count: number) => unknown;

/** @internal The sink of the next compiled call's outputs, should it replay (eager-steps.ts): set
 * just before the call, which takes it first thing. A trace, or a call that runs the function as
 * written, returns its tensors as always. */
export const outputSink = { next: null as OutputSink | null };

/** tf.config.run_functions_eagerly's setting: while true, every compiled function calls its
 * function as written (TensorFlow's `Function.__call__` checks it first, before any signature). */
let runEagerly = false;

/** Sets tf.config.runFunctionsEagerly's flag (checked by the caller). */
export function setFunctionsRunEagerly(run: boolean): void {
  runEagerly = run;
}

/** tf.config.functionsRunEagerly(): the flag. */
export function functionsRunEagerly(): boolean {
  return runEagerly;
}

/** Traces of one compiled function after which a warning says what makes it trace again. */
const RETRACING_WARNING = 10;

/** Frees a compiled function's programs when the function is collected. */
const programFinalizer = new FinalizationRegistry<Map<string, Traced | Eager>>((cache) => {
  for (const entry of cache.values()) if (entry.program !== 0) W.gt_program_free(entry.program);
});

/** Each compiled function's traces, by signature (for rebindFunction). */
const tracesOf = new WeakMap<object, Map<string, Traced | Eager>>();

/** Object identities for signatures (arguments that are neither tensors nor plain values). */
const identities = new WeakMap<object, number>();
let nextIdentity = 1;
const identityOf = (o: object): number => {
  let id = identities.get(o);
  if (id === undefined) identities.set(o, (id = nextIdentity++));
  return id;
};

/** The signature of `value` (appended to `key`), collecting its tensors (not variables) into `tensors`. */
function signature(value: unknown, tensors: Tensor[], key: string[]): void {
  if (value instanceof Variable) {
    key.push(`V${identityOf(value)}`);
  } else if (value instanceof Tensor) {
    const seen = tensors.indexOf(value);
    if (seen >= 0) key.push(`A${seen}`); // the same tensor twice: an alias, not two inputs
    else {
      tensors.push(value);
      key.push(`T${value.dtype}[${value.shape.join(',')}]`);
    }
  } else if (Array.isArray(value)) {
    key.push('[');
    for (const v of value) signature(v, tensors, key);
    key.push(']');
  } else if (isPlainObject(value)) {
    key.push('{');
    for (const k in value as Record<string, unknown>) {
      key.push(JSON.stringify(k));
      signature((value as Record<string, unknown>)[k], tensors, key);
    }
    key.push('}');
  } else if (typeof value === 'number') {
    key.push(Object.is(value, -0) ? 'n-0' : `n${value}`);
  } else if (typeof value === 'string') {
    key.push(`s${JSON.stringify(value)}`);
  } else if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'bigint') {
    key.push(String(value));
  } else {
    key.push(`o${identityOf(value as object)}`); // functions, class instances: by identity
  }
}

/** How many scalars the optimizer steps take at each call (each optimizer's count is fixed). */
function scalarCountOf(steps: readonly OptimizerStep[]): number {
  let count = 0;
  for (let k = 0; k < steps.length; k++) count += steps[k]!.optimizer._stepScalarCount();
  return count;
}

/** Whether calls of a trace without arguments may take `replayPlain`: its every host step is an
 * optimizer's (run in wasm), none guarded. */
const replaysPlain = (entry: Traced): boolean => !entry.guarded && entry.optimizerSteps.length === entry.hostSteps.length;

/** The key of a call without arguments and without `this`. */
const NO_ARGUMENTS_KEY = ((): string => {
  const key: string[] = [];
  signature([], [], key);
  return key.join(' ');
})();

/** An object or function (what a signature tells by identity or by its contents). */
const isObject = (x: unknown): x is object => x !== null && (typeof x === 'object' || typeof x === 'function');

/** A tensor argument's dtype and shape, as a signature sees it (not the tensor: kept between
 * calls, it must not keep the tensor alive). */
class ArgumentShape {
  readonly dtype: DType;
  readonly shape: number[];
  constructor(t: Tensor) {
    this.dtype = t.dtype;
    this.shape = t.shape.slice();
  }
  matches(t: Tensor): boolean {
    if (t instanceof Variable || t.dtype !== this.dtype || t.shape.length !== this.shape.length) return false;
    for (let i = 0; i < this.shape.length; i++) if (t.shape[i] !== this.shape[i]) return false;
    return true;
  }
}

/** A leaf of a result's layout: output `index` of the program, or a value kept from the trace. */
class Leaf {
  constructor(
    readonly index: number,
    readonly value: unknown,
  ) {}
}

/** `result` with each tensor replaced by a Leaf of its output index (collecting the tensors into
 * `outputs`), and every other leaf by a Leaf of its value. */
function layoutOf(result: unknown, outputs: Tensor[]): unknown {
  if (result instanceof Tensor) {
    outputs.push(result);
    return new Leaf(outputs.length - 1, undefined);
  }
  if (Array.isArray(result)) return result.map((r) => layoutOf(r, outputs));
  if (isPlainObject(result)) {
    const out: Record<string, unknown> = {};
    for (const k in result as Record<string, unknown>) out[k] = layoutOf((result as Record<string, unknown>)[k], outputs);
    return out;
  }
  return new Leaf(-1, result);
}

function rebuild(layout: unknown, outputs: Tensor[]): unknown {
  if (layout instanceof Leaf) return layout.index >= 0 ? outputs[layout.index] : layout.value;
  // (A loop, not map: a closure over `outputs` would cost every call a context, a replay's too.)
  if (Array.isArray(layout)) {
    const out = new Array<unknown>(layout.length);
    for (let i = 0; i < layout.length; i++) out[i] = rebuild(layout[i], outputs);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k in layout as Record<string, unknown>) out[k] = rebuild((layout as Record<string, unknown>)[k], outputs);
  return out;
}

/** Puts back the counters of optimizer steps `ran..prepared` of a replay that failed (the
 * steps before `ran` ran, as an eager call that throws halfway would keep them). */
function undoSteps(steps: readonly OptimizerStep[], saved: readonly SavedCounters[], prepared: number, ran: number): void {
  for (let k = prepared - 1; k >= Math.max(ran, 0); k--) steps[k]!.optimizer._restoreCounters(saved[k]!);
}

/** Puts back the counters of the guarded optimizer steps that the latest replay of `entry`
 * skipped (LossScaleOptimizer's on gradients with an inf or a NaN): their optimizers had advanced
 * them for the call, and a skipped step leaves them as they were. (Nothing to ask for an entry
 * without guarded steps, a replay's usual case.) */
function undoSkipped(entry: Traced, saved: readonly SavedCounters[]): void {
  if (!entry.guarded) return;
  const { program, optimizerSteps: steps } = entry;
  for (let k = 0; k < steps.length; k++) {
    if (steps[k]!.guarded && W.gt_function_step_skipped(program, k) === 1) steps[k]!.optimizer._restoreCounters(saved[k]!);
  }
}

/** Why a trace whose optimizer steps are `steps` cannot be replayed, or null: the optimizer of a
 * guarded step may make no other step in the function, since each call's scalars are computed
 * before it runs, and the later step's would depend on whether the guarded one was skipped. */
function guardedStepsConflict(steps: readonly OptimizerStep[]): string | null {
  for (let k = 0; k < steps.length; k++) {
    if (!steps[k]!.guarded) continue;
    const optimizer = steps[k]!.optimizer;
    if (steps.some((other, j) => j !== k && other.optimizer === optimizer)) {
      return 'an optimizer whose step is skipped on gradients with an inf or a NaN (a LossScaleOptimizer\'s inner optimizer) makes more than one step in the function';
    }
  }
  return null;
}

/** An empty list to share (frozen: a push would throw). */
const NO_TENSORS: Tensor[] = Object.freeze([]) as unknown as Tensor[];

/** Wraps the `count` owned handles at `scratch[at..]` as tensors of the given shapes and dtypes.
 * The handles are read out first: adopting one may sweep, which uses the scratch area. */
function adoptAll(scratch: Float64Array, at: number, count: number, specs: readonly { shape: number[]; dtype: DType }[]): Tensor[] {
  const handles = new Array<number>(count);
  for (let i = 0; i < count; i++) handles[i] = scratch[at + i]!;
  const tensors = new Array<Tensor>(count);
  for (let i = 0; i < count; i++) tensors[i] = wrapKnown(handles[i]!, specs[i]!.shape, specs[i]!.dtype);
  return tensors;
}

/** Runs the host steps a replay of `entry` stops at (gt_function_run's code 2: a random op, a
 * custom gradient), each on the operands the program gives, until the program returns; returns
 * its final code. On an error, the program is cancelled and the counters of the optimizer steps
 * that did not run are put back (`saved`), as an eager call that throws halfway would leave them. */
function runHostSteps(entry: Traced, saved: readonly SavedCounters[], name: string): number {
  const steps = entry.optimizerSteps;
  let code = 2;
  while (code === 2) {
    let operands: Tensor[] = [];
    try {
      const f = scratchF64View();
      const step = entry.hostSteps[f[0]!] as HostValue;
      operands = adoptAll(f, 2, f[1]!, step.specs);
      const made = step.run(operands);
      if (made) {
        const supplied = W.gt_function_supply(entry.program, handleOf(made, name));
        made.dispose();
        if (supplied !== 1) throw lastError(name);
      }
    } catch (e) {
      undoSteps(steps, saved, steps.length, W.gt_function_cancel(entry.program));
      undoSkipped(entry, saved);
      throw e;
    } finally {
      for (let i = 0; i < operands.length; i++) operands[i]!.dispose();
    }
    code = W.gt_function_resume(entry.program);
    syncScratch();
  }
  return code;
}

/**
 * TensorFlow's `tf.function`: `fn` compiled into a program of wasm ops, traced on its first call
 * with each input signature and replayed in one wasm call after that. Variables are read and
 * assigned live, a GradientTape's gradients are part of the program, and an optimizer's update
 * runs at every call as it would eagerly. Results equal the eager ones bit for bit.
 *
 * As in TensorFlow, JavaScript side effects run only while tracing, `if`/`for` on JavaScript values
 * unroll, and variables may be made on the first trace only. Reading a traced tensor's values
 * inside the function is an error (TensorFlow's AutoGraph converts Python branches on tensors;
 * JavaScript cannot be converted). A new input signature (tensor shapes and dtypes, other
 * arguments by value) traces again. Tensors a trace makes, other than those the function returns,
 * are freed when the trace ends, as in tf.tidy (in TensorFlow they are symbolic tensors, unusable
 * outside the function). Random ops draw new numbers at every call, as eager calls do. Called
 * while a GradientTape records, or inside another trace, the function runs as written.
 *
 * @example
 * ```ts
 * const w = new tf.Variable([0.5, -0.5]);
 * const opt = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
 * const x = tf.constant([[1, 2], [3, 4]]), y = tf.constant([1, 2]);
 * const step = tf.function((x: tf.Tensor, y: tf.Tensor) => {
 *   const tape = new tf.GradientTape();
 *   const loss = tape.record(() => tf.reduceMean(tf.square(tf.sub(tf.matmul(x, w.reshape([2, 1])).reshape([2]), y))));
 *   opt.applyGradients([[tape.gradient(loss, w), w]]);
 *   return loss;
 * });
 * for (let i = 0; i < 500; i++) step(x, y);
 * console.log(step(x, y).item() < 1e-3, step.experimentalGetTracingCount()); // true 1
 * ```
 */
export function compile<F extends (...args: never[]) => unknown>(fn: F, options: FunctionOptions = {}): CompiledFunction<F> {
  return compileFunction(fn, options, true);
}

/**
 * @internal `fn` compiled with `donor`'s traces, each copied to read and assign the values of
 * each variable `to` in place of `from` (whose handle was `handle` when `donor` traced it; it may
 * be disposed since) and to step the values of `optimizers` in place of their keys
 * (`gt_function_rebind`), so that it needs no trace of its own: for a function that does what
 * `donor`'s did, with those (eager-steps.ts: the same logged step on a fresh model and optimizer).
 * Null when a trace cannot be copied: a host step other than an unguarded step of a mapped
 * optimizer, a variable the trace reads that is not mapped, a disposed `to`.
 */
export function rebindFunction<F extends (...args: never[]) => unknown>(
  donor: object,
  fn: F,
  name: string,
  variables: readonly { from: Variable; handle: number; to: Variable }[],
  optimizers: ReadonlyMap<OptimizerStep['optimizer'], OptimizerStep['optimizer']>,
): CompiledFunction<F> | null {
  const from = tracesOf.get(donor);
  if (from === undefined) return null;
  // Each variable of the donor by the handle it had when traced (it may be disposed since).
  const pairs: number[] = [];
  const mapped = new Map<Variable, Variable>();
  for (const v of variables) {
    if (v.to._h === 0) return null; // (disposed)
    pairs.push(v.handle, v.to._h);
    mapped.set(v.from, v.to);
  }
  const entries = new Map<string, Traced | Eager>();
  const copy = (entry: Traced): Traced | null => {
    const steps: OptimizerStep[] = [];
    for (const host of entry.hostSteps) {
      if (host.kind !== 'optimizer' || host.step.guarded) return null;
      const optimizer = optimizers.get(host.step.optimizer);
      const stepped = host.step.variables.map((v) => mapped.get(v));
      if (optimizer === undefined || stepped.some((v) => v === undefined)) return null;
      steps.push({ guarded: false, optimizer, variables: stepped as Variable[] });
    }
    writeHandles(pairs);
    const program = W.gt_function_rebind(entry.program, pairs.length / 2);
    if (program === 0) {
      lastError(name); // (not thrown: the caller traces instead)
      return null;
    }
    const scalarCount = scalarCountOf(steps);
    const hostSteps: HostStep[] = steps.map((step) => ({ kind: 'optimizer', step }));
    return { program, layout: entry.layout, outputs: entry.outputs, hostSteps, optimizerSteps: steps, scalarCount, guarded: false, call: newCallState(), busy: false };
  };
  for (const [key, entry] of from) {
    if ('reason' in entry) continue; // (its calls run as written: the copy traces them itself)
    const copied = copy(entry);
    if (copied === null) {
      for (const made of entries.values()) W.gt_program_free(made.program);
      return null;
    }
    entries.set(key, copied);
  }
  return entries.size === 0 ? null : compileFunction(fn, { name }, false, entries);
}

/** @internal `compile`, replaying its small chains as generated WebAssembly or not (eager-steps.ts),
 * and starting with the traces `initial` (rebindFunction's). */
export function compileFunction<F extends (...args: never[]) => unknown>(fn: F, options: FunctionOptions, generate: boolean, initial?: Map<string, Traced | Eager>): CompiledFunction<F> {
  if (typeof fn !== 'function') throw new Error(`tf.function: expected a function to compile, got ${describe(fn)}.`);
  if (!isPlainObject(options)) throw new Error(`tf.function: options must be an object like { inputSignature: [...] }, got ${describe(options)}.`);
  for (const k in options) {
    if (!['inputSignature', 'name', 'jitCompile', 'reduceRetracing', 'autograph'].includes(k)) {
      throw new Error(`tf.function: unknown option '${k}'; the options are inputSignature, name, jitCompile, reduceRetracing, autograph.`);
    }
  }
  const name: string = typeof options.name === 'string' ? options.name : fn.name || 'function';
  const specs = options.inputSignature;
  if (specs !== undefined && (!Array.isArray(specs) || !specs.every((s) => s instanceof TensorSpec))) {
    throw new Error(`tf.function: inputSignature must be an array of tf.TensorSpec, got ${describe(specs)}.`);
  }
  const cache = initial ?? new Map<string, Traced | Eager>();
  let tracingCount = 0;
  let generatedChains = 0;
  const run = fn as unknown as (...args: unknown[]) => unknown;

  /** The arguments as `specs` (the input signature) takes them: numbers and arrays converted to tensors. */
  const checkSignature = (args: unknown[], specs: readonly TensorSpec[]): unknown[] => {
    if (args.length !== specs.length) {
      throw new Error(`${name}: the input signature has ${specs.length} arguments, got ${args.length}.`);
    }
    return args.map((a, i) => {
      const t = a instanceof Tensor ? a : constant(a as Parameters<typeof constant>[0], specs[i]!.dtype);
      if (!specs[i]!.isCompatibleWith(t)) {
        // TensorFlow's kind for an argument outside the signature (its function guide catches it so).
        const error = new Error(`${name}: argument ${i} (shape [${t.shape}], ${t.dtype}) does not match the input signature's ${specs[i]}.`);
        error.name = 'TypeError';
        throw error;
      }
      return t;
    });
  };

  /** Whether a trace has completed: as in TensorFlow, variables may be made on the first only. */
  let traced = cache.size !== 0;
  const trace = (self: unknown, args: unknown[], inputs: Tensor[], key: string): unknown => {
    const handles = inputs.map((t) => tracedHandle(t, name));
    writeHandles(handles);
    if (W.gt_function_trace_begin(handles.length) !== 1) return run.apply(self, args);
    if (++tracingCount === RETRACING_WARNING) {
      console.warn(
        `tf.function: '${name}' has been traced ${RETRACING_WARNING} times. Each new input signature traces again: the shapes and dtypes of ` +
          'tensor arguments, and the values of every other argument (numbers, arrays of numbers, objects by identity). ' +
          'Pass changing data as tensors (tf.constant) of one shape, or fix the signature with inputSignature.',
      );
    }
    const hostSteps: HostStep[] = [];
    recordHostSteps(hostSteps);
    // What the trace makes is symbolic in TensorFlow: only the outputs leave it. Freed here, the
    // trace's intermediates (4 MB each in a large step) are not copied out to JS by later sweeps.
    const scope = openScope();
    const abort = (e: unknown): never => {
      tracing.active = tracing.function = false; // (the trace must not see the frees)
      W.gt_function_trace_abort();
      closeScope(scope);
      throw e;
    };
    tracing.active = tracing.function = true;
    tracing.variablesAllowed = !traced;
    let result: unknown;
    try {
      result = run.apply(self, args);
    } catch (e) {
      throw abort(e);
    } finally {
      tracing.active = tracing.function = false;
      tracing.variablesAllowed = true;
      recordHostSteps(null);
    }
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      W.gt_function_trace_abort();
      closeScope(scope, new Set(scope)); // the async rest may still use them
      throw new Error(`${name}: tf.function got a promise from the function (an async function?); a compiled function must be synchronous, since only what runs before it returns is traced.`);
    }
    // A variable returned is returned as its value (a snapshot), as TensorFlow does; it is read
    // while still tracing so the program reads it live.
    tracing.active = tracing.function = true;
    const outputs: Tensor[] = [];
    let layout: unknown;
    try {
      layout = layoutOf(result, outputs);
      for (let i = 0; i < outputs.length; i++) if (outputs[i] instanceof Variable) outputs[i] = (outputs[i] as Variable).value();
    } catch (e) {
      throw abort(e);
    } finally {
      tracing.active = tracing.function = false;
    }
    writeHandles(outputs.map((t) => handleOf(t, name)));
    let program = W.gt_function_trace_end(outputs.length);
    let reason = program === 0 ? lastError(name).message : '';
    closeScope(scope, new Set(outputs));
    traced = true;
    const optimizerSteps = hostSteps.flatMap((h) => (h.kind === 'optimizer' ? [h.step] : []));
    const conflict = program === 0 ? null : guardedStepsConflict(optimizerSteps);
    if (conflict !== null) {
      W.gt_program_free(program);
      [program, reason] = [0, `the function cannot be replayed: ${conflict}`];
    }
    if (program === 0) cache.set(key, { program: 0, reason });
    else {
      const outputSpecs = outputs.map((t) => ({ shape: t.shape.slice(), dtype: t.dtype }));
      const scalarCount = scalarCountOf(optimizerSteps);
      const guarded = optimizerSteps.some((step) => step.guarded);
      if (generate) generatedChains += installGenerated(program);
      const entry: Traced = { program, layout, outputs: outputSpecs, hostSteps, optimizerSteps, scalarCount, guarded, call: newCallState(), busy: false };
      cache.set(key, entry);
      if (args.length === 0 && self === undefined && replaysPlain(entry)) plainEntry = entry;
    }
    return rebuild(layout, outputs);
  };

  const replay = (entry: Traced, inputs: Tensor[], sink: OutputSink | null = null): unknown => {
    // (A replay started inside this one, from a learning-rate function, gets a state of its own.)
    const nested = entry.busy;
    const call = nested ? newCallState() : entry.call;
    entry.busy = true;
    try {
      const n = inputs.length;
      // Each optimizer step's plan and scalars, advancing the optimizers' counters (undone if the
      // replay fails), before the inputs' handles are taken and the scratch area is written: a
      // learning-rate function may make tensors (and a sweep move inputs out of wasm), a plan uses scratch.
      const steps = entry.optimizerSteps;
      const { saved, handles } = call;
      const total = entry.scalarCount;
      if (call.scalars.length !== total) call.scalars = new Float64Array(total);
      const scalars = call.scalars;
      let count = 0; // scalars written
      let prepared = 0; // the steps whose counters are saved (and maybe advanced)
      try {
        for (let k = 0; k < steps.length; k++) {
          const { optimizer, variables } = steps[k]!;
          prepared = k + 1;
          count = optimizer._beginStep(variables, (saved[k] ??= newSavedCounters()), scalars, count);
        }
        for (let i = 0; i < n; i++) handles[i] = handleOf(inputs[i]!, name); // all first: an upload may use scratch
      } catch (e) {
        undoSteps(steps, saved, prepared, 0);
        throw e;
      }
      reserveScratch(2 * (n + count));
      const f = scratchF64View();
      for (let i = 0; i < n; i++) f[i] = handles[i]!;
      for (let i = 0; i < count; i++) f[n + i] = scalars[i]!; // (a loop: `set`, a builtin call, cost a small step more)
      let code = W.gt_function_run(entry.program, n, count, sink !== null ? SMALL_READ : 0);
      syncScratch();
      if (code === 2) code = runHostSteps(entry, saved, name);
      operationDone(); // the inputs may be evicted from now on, also when the call returns no tensor
      if (code !== 1) {
        undoSteps(steps, saved, steps.length, scratchF64View()[0]!);
        const error = lastError(name);
        undoSkipped(entry, saved);
        throw error;
      }
      undoSkipped(entry, saved);
      const outputs = entry.outputs.length;
      if (sink !== null) return sink(scratchF64View(), outputs);
      return rebuild(entry.layout, outputs === 0 ? NO_TENSORS : adoptAll(scratchF64View(), 0, outputs, entry.outputs));
    } finally {
      entry.busy = nested;
    }
  };

  /** The entry of the trace without arguments that `replayPlain` may run (see `trace`), or null. */
  let plainEntry: Traced | null = null;
  const initialPlain = cache.get(NO_ARGUMENTS_KEY);
  if (initialPlain !== undefined && !('reason' in initialPlain) && replaysPlain(initialPlain)) plainEntry = initialPlain;
  /**
   * `replay` of a call without arguments of `plainEntry` while each of its optimizer steps is
   * plain (`_beginPlainStep`), a training loop's usual call: the same work with the fewest calls
   * and property reads. A fresh process runs a compiled step's first thousands of calls in V8's
   * baseline tiers, where each of them costs; a step that is not plain, or a replay inside a
   * replay (from a learning-rate function), takes `replay`.
   */
  const replayPlain = (entry: Traced, sink: OutputSink | null): unknown => {
    if (entry.busy) return replay(entry, NO_TENSORS, sink);
    const steps = entry.optimizerSteps;
    const saved = entry.call.saved;
    // The scalars go straight to the scratch area: a plain step's beginning does not use it.
    reserveScratch(2 * entry.scalarCount);
    const scalars = scratchF64View();
    let count = 0;
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k]!;
      const next = step.optimizer._beginPlainStep(step.variables, (saved[k] ??= newSavedCounters()), scalars, count);
      if (next < 0) {
        undoSteps(steps, saved, k, 0);
        return replay(entry, NO_TENSORS, sink);
      }
      count = next;
    }
    // (No user code runs before the call returns: the learning rates are numbers, the plans are
    // made, and every host step is an optimizer's, which wasm runs: it never pauses, code 2.)
    const code = W.gt_function_run(entry.program, 0, count, sink !== null ? SMALL_READ : 0);
    syncScratch();
    operationDone();
    if (code !== 1) {
      undoSteps(steps, saved, steps.length, scratchF64View()[0]!);
      throw lastError(name);
    }
    const outputs = entry.outputs.length;
    if (sink !== null) return sink(scratchF64View(), outputs);
    return rebuild(entry.layout, outputs === 0 ? NO_TENSORS : adoptAll(scratchF64View(), 0, outputs, entry.outputs));
  };

  // A function, not an arrow: a compiled method sees its object as `this`, which is part of the
  // signature (another object has other variables).
  // The last call's arguments as its signature saw them, kept when they were all tensors (not
  // variables, none twice) or plain values and `this` was no object: a call that repeats them (a
  // training loop's) reuses its key, since building one costs more than a small replay's wasm work.
  let lastKey: string | null = null;
  /** The cache entry of lastKey, once looked up. */
  let lastEntry: Traced | Eager | undefined;
  const lastArgs: unknown[] = [];
  const repeatsLast = (self: unknown, args: unknown[]): boolean => {
    if (lastKey === null || args.length !== lastArgs.length || isObject(self)) return false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i], seen = lastArgs[i];
      if (a instanceof Tensor) {
        if (!(seen instanceof ArgumentShape) || !seen.matches(a)) return false;
        for (let j = 0; j < i; j++) if (args[j] === a) return false;
      } else if (isObject(a) || !Object.is(a, seen)) {
        return false;
      }
    }
    return true;
  };
  const remember = (self: unknown, args: unknown[], key: string): void => {
    lastKey = null;
    lastEntry = undefined;
    if (isObject(self)) return;
    lastArgs.length = 0;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a instanceof Variable || (isObject(a) && !(a instanceof Tensor))) return;
      for (let j = 0; j < i; j++) if (args[j] === a && a instanceof Tensor) return;
      lastArgs.push(a instanceof Tensor ? new ArgumentShape(a) : a);
    }
    lastKey = key;
  };

  const compiled = function (this: unknown, ...callArgs: unknown[]): unknown {
    if (eagerSteps.active) eagerSteps.interrupt(); // (a replay writes variables that pending ops read)
    const sink = outputSink.next; // (taken at once: a call nested in this one gets none)
    outputSink.next = null;
    if (callArgs.length === 0 && plainEntry !== null && this === undefined && !runEagerly && !tracing.active && activeTapes.length === 0) return replayPlain(plainEntry, sink);
    if (runEagerly) return run.apply(this, callArgs);
    const args = specs === undefined ? callArgs : checkSignature(callArgs, specs);
    // Inside another trace the function is part of that one; under a recording tape it runs as
    // written so that the tape sees its ops.
    if (tracing.active || activeTapes.length > 0) return run.apply(this, args);
    // (A call without arguments, a training step's, shares one empty list: nothing is pushed.)
    const inputs: Tensor[] = args.length === 0 ? NO_TENSORS : [];
    let k: string;
    let entry: Traced | Eager | undefined;
    if (repeatsLast(this, args)) {
      k = lastKey!;
      for (let i = 0; i < args.length; i++) if (args[i] instanceof Tensor) inputs.push(args[i] as Tensor);
      entry = lastEntry ??= cache.get(k);
    } else {
      const key: string[] = [];
      if (isObject(this)) key.push(`this${identityOf(this)}`);
      signature(args, inputs, key);
      k = key.join(' ');
      remember(this, args, k);
      entry = cache.get(k);
    }
    if (entry === undefined) return trace(this, args, inputs, k);
    if ('reason' in entry) return run.apply(this, args);
    return replay(entry, inputs, sink);
  };
  Object.defineProperty(compiled, 'name', { value: name });
  programFinalizer.register(compiled, cache);
  tracesOf.set(compiled, cache);
  return Object.assign(compiled, {
    experimentalGetTracingCount: () => tracingCount,
    experimentalGetGeneratedChainCount: () => generatedChains,
    pythonFunction: fn,
  }) as unknown as CompiledFunction<F>;
}
