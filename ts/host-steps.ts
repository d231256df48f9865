// Host steps of a compiled function (tf.function, ABI item 13): work that JavaScript does at
// every call and the trace cannot record as ops: an optimizer's step (its plan and scalars), or
// drawing random numbers.
// Kept apart from function.ts so that the optimizers and the random ops can register steps
// without importing tf.function.

import type { DType } from './dtype';
import type { SavedCounters } from './optimizers';
import { type Tensor, handleOf, tracedHandle } from './tensor';
import type { Variable } from './variable';
import { W, lastError, tracing, writeHandles } from './wasm/runtime';

/** A host step of the trace being recorded: an optimizer's step (replayed in wasm with the
 * plan and scalars each call brings), or a value drawn in JavaScript (random numbers), which
 * the replay pauses for. */
export type HostStep = { kind: 'optimizer'; step: OptimizerStep } | HostValue;

/** A value a replay pauses for: `run` makes it from that replay's operands. */
export interface HostValue {
  kind: 'value';
  run(operands: Tensor[]): Tensor;
  /** The operands' shapes and dtypes, to wrap the handles the replay hands over. */
  specs: { shape: number[]; dtype: DType }[];
}

/** An optimizer step of a compiled function: at every replay the optimizer begins its step on
 * `variables`, writing that call's plan and scalars and advancing its counters (which
 * `_restoreCounters` puts back as `_beginStep` saved them). */
export interface OptimizerStep {
  /** Whether the step is guarded: a replay runs it only when the boolean guard the trace
   * computes is true (LossScaleOptimizer's finite check), and otherwise skips it, so its
   * counters go back to those `_beginStep` saved. */
  guarded: boolean;
  optimizer: {
    _beginStep(variables: readonly Variable[], saved: SavedCounters, out: Float64Array, at: number): number;
    _beginPlainStep(variables: readonly Variable[], saved: SavedCounters, out: Float64Array, at: number): number;
    _restoreCounters(saved: SavedCounters): void;
    _stepScalarCount(): number;
  };
  variables: readonly Variable[];
}

/** The host steps of the trace being recorded, or null when no compiled function is tracing. */
let recordingHostSteps: HostStep[] | null = null;

/**
 * Called by an optimizer about to update `changed` variables from the gradients `gradHandles`:
 * while a compiled function is traced, the step is recorded, and every replay runs it again on
 * that replay's gradients (when `guard`, a boolean scalar's handle, is given: only when that
 * replay's guard is true). Recording pauses while the optimizer runs the step now. Returns a
 * function to call once the step is done (or threw), or null when nothing is being traced.
 */
export function beginOptimizerStep(gradHandles: readonly number[], changed: readonly Variable[], step: OptimizerStep, guard?: number): (() => void) | null {
  if (recordingHostSteps === null || !tracing.function) return null;
  const handles = gradHandles.slice();
  for (const v of changed) handles.push(v._h);
  if (guard !== undefined) handles.push(guard);
  writeHandles(handles);
  if (W.gt_function_trace_optimizer(recordingHostSteps.length, gradHandles.length, changed.length, guard === undefined ? 0 : 1) !== 1) throw lastError('tf.function');
  recordingHostSteps.push({ kind: 'optimizer', step });
  return () => W.gt_function_trace_pause(0);
}

/**
 * Called by the random ops: `make(operands)` draws a tensor in JavaScript (from the values of
 * `operands`, such as categorical's logits: the trace sees no op making it). While a compiled
 * function is traced, drawing becomes a host step that every replay runs again on that replay's
 * operands, so each call draws new numbers, as eager calls do (the same numbers, with a seed).
 */
export function traceHostValue(make: (operands: Tensor[]) => Tensor, operands: Tensor[] = []): Tensor {
  if (recordingHostSteps === null || !tracing.function) return make(operands);
  // The draw itself is not the function's to trace (reading the operands' values is allowed).
  tracing.active = tracing.function = false;
  W.gt_function_trace_pause(1);
  let value: Tensor;
  try {
    value = make(operands);
  } finally {
    tracing.active = tracing.function = true;
    W.gt_function_trace_pause(0);
  }
  const handles = operands.map((t) => handleOf(t, 'tf.function'));
  handles.push(tracedHandle(value, 'tf.function')); // (reads of it are then refused: JavaScript could branch)
  writeHandles(handles);
  if (W.gt_function_trace_host_value(recordingHostSteps.length, operands.length) !== 1) throw lastError('tf.function');
  recordingHostSteps.push({ kind: 'value', run: make, specs: operands.map((t) => ({ shape: t.shape.slice(), dtype: t.dtype })) });
  return value;
}

/** Whether a compiled function's trace is recording host steps now (an optimizer may then
 * record a guarded step). */
export function recordingOptimizerSteps(): boolean {
  return recordingHostSteps !== null && tracing.function;
}

/** Starts collecting the host steps of a trace (null: stops). */
export function recordHostSteps(steps: HostStep[] | null): void {
  recordingHostSteps = steps;
}
