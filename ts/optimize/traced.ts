// Traced functions of the parameters (ABI protocol item 12), for the solvers: the first
// evaluation runs the function under a trace; when it computed its result by ops alone, later
// evaluations replay the program inside wasm, the parameters in and the outputs and Jacobian out
// through the solver buffer, with no op call from JavaScript.

import { Tensor, handleOf, tracedHandle } from '../tensor';
import { W, lastError, tracing, writeHandles } from '../wasm/runtime';

/** Starts tracing a function of `sources`. They are made wasm-resident without a JavaScript
 * copy, so that reading their values goes through wasm, where the trace sees it. False when no
 * trace can start (one is being recorded: a fit inside a traced model). */
export function beginTrace(sources: Tensor[]): boolean {
  const handles = sources.map((s) => tracedHandle(s, 'least squares'));
  writeHandles(handles);
  if (W.gt_trace_begin(handles.length) !== 1) return false;
  tracing.active = true;
  return true;
}

/**
 * Marks the end of the traced function, which returned `r`. True when the trace goes on (the
 * caller then takes the Jacobian or gradient, recorded as the program's second stage, and calls
 * `endTrace`); false when the run cannot be replayed (or `r` is not a tensor: the caller reports
 * that), and the trace is dropped.
 */
export function markTrace(r: unknown): boolean {
  tracing.active = false; // what JavaScript does from here on is the caller's, not the function's
  if (!(r instanceof Tensor)) {
    W.gt_trace_abort();
    return false;
  }
  return W.gt_trace_mark(handleOf(r, 'least squares')) === 1;
}

/** The program of a marked trace whose result has Jacobians `jacobians` (one per source, shape
 * result ++ source; none for a program that only evaluates), or 0 when it cannot be replayed. */
export function endTrace(jacobians: readonly Tensor[]): number {
  writeHandles(jacobians.map((j) => handleOf(j, 'least squares')));
  return W.gt_trace_end(jacobians.length);
}

/** Drops the trace of a function that threw. */
export function abortTrace(): void {
  tracing.active = false;
  W.gt_trace_abort();
}

/**
 * Evaluates `program` at `x` (n values): its m outputs, and, when `wantJacobian(outputs)` says
 * so, their m×n Jacobian (column-major; reverse mode for one output, as a gradient). The arrays
 * come from `spares` when it has some of the right length (see Evaluation.release), else are new.
 */
export function replay(
  program: number,
  x: Float64Array,
  m: number,
  wantJacobian: (outputs: Float64Array) => boolean,
  spares: Float64Array[] = [],
): [Float64Array, Float64Array | null] {
  const n = x.length;
  const address = W.gt_solver_buffer(n + m + m * n) >>> 0;
  if (address === 0) throw lastError('least squares');
  new Float64Array(W.memory.buffer, address, n).set(x);
  if (W.gt_program_forward(program) !== 1) throw lastError('least squares');
  // (A replay may grow memory: views are made after each call.)
  const outputs = copyOut(new Float64Array(W.memory.buffer, address + 8 * n, m), spares);
  if (!wantJacobian(outputs)) return [outputs, null];
  if (W.gt_program_jacobian(program) !== 1) throw lastError('least squares');
  return [outputs, copyOut(new Float64Array(W.memory.buffer, address + 8 * (n + m), m * n), spares)];
}

/** A copy of `view` in a spare array of its length if there is one, else in a new one. */
function copyOut(view: Float64Array, spares: Float64Array[]): Float64Array {
  const out = takeSpare(spares, view.length);
  if (!out) return view.slice();
  out.set(view);
  return out;
}

/** Takes an array of `length` entries out of `spares` (the arrays of released evaluations), if
 * there is one: allocating one costs about a microsecond, and garbage collection later. */
export function takeSpare(spares: Float64Array[], length: number): Float64Array | undefined {
  const i = spares.findIndex((a) => a.length === length);
  if (i < 0) return undefined;
  const out = spares[i]!;
  spares[i] = spares[spares.length - 1]!;
  spares.pop();
  return out;
}

export function freeProgram(program: number): void {
  W.gt_program_free(program);
}
