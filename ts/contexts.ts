// TensorFlow 2's context managers that ported programs wrap around their math (`with
// tf.name_scope(...)`, `with tf.device(...)`, ...), as functions that run a callback inside the
// context and return its result. gradtape runs every op eagerly on one device, the CPU (wasm),
// so most of them change nothing but what TensorFlow's eager mode also changes: names.

import { getSoftDevicePlacement } from './config';
import { describe } from './describe';
import { isPromise } from './memory';
import { withNameScope } from './name-scope';
import { GradientTape } from './tape';
import { InvalidArgumentError, tfError } from './errors';
import { Tensor, activeTapes } from './tensor';
import { liftFromTrace, tracing } from './wasm/runtime';

/**
 * tf.executing_eagerly(): false while a `tf.function` is being traced (its first call with each
 * input signature), true everywhere else, including inside a compiled function that runs as
 * written because its trace could not be replayed.
 *
 * @example
 * ```ts
 * const seen: boolean[] = [];
 * const f = tf.function((x: tf.Tensor) => { seen.push(tf.executingEagerly()); return x.add(1); });
 * f(tf.constant(1));
 * console.log(tf.executingEagerly(), seen); // true [ false ]
 * ```
 */
export function executingEagerly(): boolean {
  return !tracing.function;
}

/**
 * tf.inside_function(): true while the code runs inside a `tf.function` being traced (in the
 * functions it calls too), false eagerly and inside `tf.initScope`, which lifts code out of the
 * trace (TensorFlow's answer there is the outer context's: eager).
 *
 * @example
 * ```ts
 * const seen: boolean[] = [];
 * const f = tf.function((x: tf.Tensor) => {
 *   seen.push(tf.insideFunction());
 *   tf.initScope(() => seen.push(tf.insideFunction()));
 *   return x.add(1);
 * });
 * f(tf.constant(1));
 * console.log(tf.insideFunction(), seen); // false [ true, false ]
 * ```
 */
export function insideFunction(): boolean {
  return tracing.function;
}

/**
 * tf.name_scope(name): runs `fn(scope)` inside the scope and returns its result. As in TensorFlow's
 * eager mode, scopes nest ('outer/inner/'), a name ending in '/' is a whole scope of its own
 * (what `scope` and `tf.Module`'s `nameScope` are), and '' returns to the top level. Variables made
 * inside are named in it (`'outer/w'`); no op has a name, so scopes never change values.
 *
 * @example
 * ```ts
 * const w = tf.nameScope('dense', (scope) => {
 *   console.log(scope); // dense/
 *   return new tf.Variable(1, { name: 'kernel' });
 * });
 * console.log(w.name); // dense/kernel
 * ```
 */
export function nameScope<T>(name: string, fn: (scope: string) => T): T {
  return withNameScope('nameScope', name, fn);
}

/**
 * tf.no_op(): does nothing and, as in TensorFlow's eager mode, returns null (None). Programs use it
 * as a placeholder dependency in graphs; eagerly every op has already run when it returns.
 *
 * @example
 * ```ts
 * console.log(tf.noOp()); // null
 * ```
 */
export function noOp(): null {
  return null;
}

/**
 * tf.group(*inputs): returns null, as TensorFlow's eager group does (its inputs, tensors or ops,
 * have already run, in program order); in a graph it makes an op that waits for them.
 *
 * @example
 * ```ts
 * const v = new tf.Variable(1);
 * console.log(tf.group(v.assignAdd(1), v.assignAdd(2)), v.item()); // null 4
 * ```
 */
export function group(...inputs: unknown[]): null {
  void inputs; // eager: nothing to wait for
  return null;
}

/**
 * tf.tuple(tensors, control_inputs=None, name=None): the `tensors` array itself, as TensorFlow's
 * eager tuple returns it (null entries kept; `controlInputs` and `name` unused, as there: eager
 * ops have already run). In a graph, TensorFlow gates every tensor on all the others.
 *
 * @example
 * ```ts
 * const a = tf.constant(1), b = tf.constant(2);
 * const [x, y] = tf.tuple([a, b]);
 * console.log(x === a, y === b); // true true
 * ```
 */
export function tuple<T extends readonly (Tensor | null)[]>(tensors: T, controlInputs: readonly unknown[] | null = null, name: string | null = null): T {
  if (!Array.isArray(tensors)) throw new Error(`tuple: tensors must be an array of tensors, got ${describe(tensors)}.`);
  void controlInputs, name; // eager: nothing to gate
  return tensors;
}

/**
 * tf.control_dependencies(control_inputs): runs `fn` and returns its result. As in TensorFlow's
 * eager mode, the inputs that are functions are called first (in order); tensors and null are
 * accepted and ignored, since eager ops have already run in program order.
 *
 * @example
 * ```ts
 * const v = new tf.Variable(1);
 * const y = tf.controlDependencies([v.assignAdd(1)], () => v.mul(10));
 * console.log(y.item()); // 20
 * ```
 */
export function controlDependencies<T>(controlInputs: readonly unknown[] | null, fn: () => T): T {
  const op = 'controlDependencies';
  if (controlInputs !== null && !Array.isArray(controlInputs)) throw new Error(`${op}: controlInputs must be an array (or null), got ${describe(controlInputs)}.`);
  checkCallback(fn, op);
  for (const c of controlInputs ?? []) {
    if (typeof c === 'function') (c as () => unknown)();
    else if (c !== null && c !== undefined && !(c instanceof Tensor)) {
      throw new Error(`${op}: Control input must be a Tensor, a function or null, got ${describe(c)}.`);
    }
  }
  return synchronous(fn(), op);
}

/**
 * tf.init_scope(): runs `fn` with every recording GradientTape paused (TensorFlow's third effect
 * of init_scope), and returns its result; the name scope stays. Inside a `tf.function` it is
 * lifted out of the function, as TensorFlow lifts it out of the function's graph: its ops run once,
 * on the first call, and are not replayed (so variables can be made there from random
 * initializers); the function's arguments, what is computed from them and random numbers drawn
 * in the function are then an error, as graph tensors in init_scope are there.
 *
 * @example
 * ```ts
 * const x = tf.constant(3);
 * const tape = new tf.GradientTape();
 * tape.watch(x);
 * const y = tape.record(() => x.square().add(tf.initScope(() => x.mul(100))));
 * console.log(y.item(), tape.gradient(y, x)!.item()); // 309 6
 * ```
 */
export function initScope<T>(fn: () => T): T {
  checkCallback(fn, 'initScope');
  // Paused innermost first, the order in which tapes leave the stack.
  let run = fn;
  for (const tape of activeTapes.slice()) {
    if (!(tape instanceof GradientTape)) continue;
    const inner = run;
    run = () => tape.stopRecording(inner);
  }
  return synchronous(liftFromTrace(run), 'initScope');
}

/** The device types TensorFlow's DeviceSpec knows by name (device_spec.py), any case. */
const DEVICE_TYPES = ['CPU', 'GPU', 'TPU'];

/**
 * tf.device(device_name): runs `fn` and returns its result. The name is parsed as TensorFlow's
 * DeviceSpec parses it ('/CPU:0', '/cpu:0', 'GPU:1', '/device:GPU:0',
 * '/job:localhost/replica:0/task:0/device:CPU:0'; null for none), and a malformed one is an
 * error, as there. gradtape has one device, the CPU: every other device runs there, as
 * TensorFlow 2's eager mode runs ops on the CPU when the device asked for is not available
 * (soft device placement, on by default; with `tf.config.setSoftDevicePlacement(false)` a device
 * other than the CPU is an InvalidArgumentError).
 *
 * @example
 * ```ts
 * const y = tf.device('/GPU:0', () => tf.constant([1, 2]).mul(2));
 * console.log(y.arraySync()); // [ 2, 4 ]
 * ```
 */
export function device<T>(deviceName: string | null, fn: () => T): T {
  const op = 'device';
  if (typeof deviceName === 'function') throw new Error('device: tf.device does not support functions.');
  if (deviceName !== null && typeof deviceName !== 'string') throw new Error(`${op}: deviceName must be a string or null, got ${describe(deviceName)}.`);
  checkCallback(fn, op);
  const type = parseDevice(deviceName ?? '');
  if (type !== null && type.toUpperCase() !== 'CPU' && !getSoftDevicePlacement()) {
    throw tfError(
      InvalidArgumentError,
      `device: Could not satisfy device specification '${deviceName}'. enable_soft_placement=0. Supported device types [CPU]. All available devices [/job:localhost/replica:0/task:0/device:CPU:0].`,
    );
  }
  return synchronous(fn(), op);
}

/** Checks `spec` with DeviceSpec's grammar: '/'-separated job:NAME, replica:N, task:N, TYPE[:N|*]
 * and device:TYPE:(N|*), one device type at most; returns the type (upper case), null if none. */
function parseDevice(spec: string): string | null {
  let type: string | null = null;
  const index = (text: string) => {
    if (text !== '*' && !/^[+-]?\d+$/.test(text.trim())) throw new Error(`device: invalid literal for int() with base 10: '${text}' in the device spec '${spec}'.`);
  };
  const setType = (t: string) => {
    if (type !== null) throw new Error(`device: Multiple device types are not allowed while parsing the device spec: ${spec}.`);
    type = t;
  };
  for (const part of spec.split('/')) {
    const y = part.split(':');
    if (y.length === 2 && ['job', 'replica', 'task'].includes(y[0]!)) {
      if (y[0] !== 'job') index(y[1]!);
    } else if ((y.length === 1 || y.length === 2) && DEVICE_TYPES.includes(y[0]!.toUpperCase())) {
      setType(y[0]!.toUpperCase());
      if (y.length === 2) index(y[1]!);
    } else if (y.length === 3 && y[0] === 'device') {
      setType(y[1]!);
      index(y[2]!);
    } else if (y[0] !== '') {
      throw new Error(`device: Unknown attribute '${y[0]}' is encountered while parsing the device spec: '${spec}'.`);
    }
  }
  return type;
}

function checkCallback(fn: unknown, op: string): void {
  if (typeof fn !== 'function') throw new Error(`${op}: expected a function to run, got ${describe(fn)}.`);
}

function synchronous<T>(result: T, op: string): T {
  if (isPromise(result)) throw new Error(`${op}: the function returned a Promise; the context covers synchronous work only (it ended when the function returned).`);
  return result;
}
