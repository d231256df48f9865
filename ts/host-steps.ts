// Host steps of a compiled function (tf.function, ABI item 13): work that JavaScript does at
// every call and the trace cannot record as ops, an optimizer's update or drawing random numbers.
// Kept apart from function.ts so that the optimizers and the random ops can register steps
// without importing tf.function.

import type { DType } from './dtype';
import { type Tensor, handleOf, tracedHandle } from './tensor';
import type { Variable } from './variable';
import { W, lastError, tracing, writeHandles } from './wasm/runtime';

/** A host step of the trace being recorded (optimizer updates, random numbers): run again at
 * every replay. */
export interface HostStep {
  /** Runs the step on that replay's operands; a step that makes a value returns it. */
  run(operands: Tensor[]): Tensor | void;
  /** The operands' shapes and dtypes, to wrap the handles the replay hands over. */
  specs: { shape: number[]; dtype: DType }[];
}

/** The host steps of the trace being recorded, or null when no compiled function is tracing. */
let recordingHostSteps: HostStep[] | null = null;

/**
 * Called by an optimizer about to update the variables `changes()` lists from `operands` (its gradients): while a
 * compiled function is traced, the update becomes a host step that every replay runs again with
 * that replay's gradients (`again`). Returns a function to call once the update is done (or
 * threw), or null when nothing is being traced.
 */
export function beginHostStep(operands: Tensor[], changes: () => readonly Variable[], again: (operands: Tensor[]) => void): (() => void) | null {
  if (recordingHostSteps === null || !tracing.function) return null;
  const changed = changes();
  const handles = operands.map((t) => handleOf(t, 'tf.function'));
  for (const v of changed) handles.push(v._h);
  writeHandles(handles);
  if (W.gt_function_trace_host(recordingHostSteps.length, operands.length, changed.length) !== 1) throw lastError('tf.function');
  recordingHostSteps.push({ run: again, specs: operands.map((t) => ({ shape: t.shape.slice(), dtype: t.dtype })) });
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
  recordingHostSteps.push({ run: make, specs: operands.map((t) => ({ shape: t.shape.slice(), dtype: t.dtype })) });
  return value;
}

/** Starts collecting the host steps of a trace (null: stops). */
export function recordHostSteps(steps: HostStep[] | null): void {
  recordingHostSteps = steps;
}
