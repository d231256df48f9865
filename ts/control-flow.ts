// TensorFlow's functional control flow, as TensorFlow 2 runs it eagerly: tf.cond and
// tf.while_loop decide on tensor values in JavaScript; tf.map_fn, tf.vectorized_map, tf.scan,
// tf.foldl and tf.foldr call their function once per element along the first axis and stack
// the results. Every op they run is an ordinary op, so tapes see them and gradients flow.
// In a tf.function, a condition computed from the arguments makes the function run as written
// at every call (the trace cannot follow a branch it did not take); the others unroll.

import { toTensor } from './creation';
import { Assert } from './debugging';
import { lessEqual, reduceSum } from './generated/ops';
import { cast } from './ops';
import { checkBoolean, checkOptions, describe, isPlainObject } from './describe';
import { stack, unstack } from './shape';
import { valuesOf } from './indexing';
import { Tensor, type TensorLike, checkLive } from './tensor';
import { TraceSpoiler } from './wasm/runtime';

/** A JS boolean, or the value of a scalar (bool or numeric) tensor; reading a traced one spoils
 * the trace, so the compiled function runs as written. */
function truth(pred: unknown, op: string): boolean {
  if (typeof pred === 'boolean') return pred;
  if (!(pred instanceof Tensor) && typeof pred !== 'number') throw new Error(`${op}: the condition must be a boolean or a scalar tensor, got ${describe(pred)}.`);
  const t = toTensor(pred as TensorLike, undefined, op);
  checkLive(t, op);
  if (t.size !== 1) throw new Error(`${op}: the condition must be a scalar, got shape [${t.shape.join(', ')}].`);
  return valuesOf(t, op, TraceSpoiler.Branch)[0] !== 0;
}

/**
 * tf.cond(pred, trueFn, falseFn): `trueFn()` when the scalar `pred` is true, else `falseFn()`.
 *
 * @example
 * ```ts
 * const x = tf.constant(2);
 * console.log(tf.cond(x.greater(1), () => x.mul(10), () => x).item()); // 20
 * ```
 */
export function cond<T>(pred: TensorLike, trueFn: () => T, falseFn: () => T): T {
  if (typeof trueFn !== 'function' || typeof falseFn !== 'function') {
    throw new Error(`cond: trueFn and falseFn must be functions, got ${describe(trueFn)} and ${describe(falseFn)}.`);
  }
  return truth(pred, 'cond') ? trueFn() : falseFn();
}

/** Options of `tf.whileLoop`. */
export interface WhileLoopOptions {
  /** Stop after this many iterations, whatever the condition says. */
  maximumIterations?: number | null;
  /** Accepted for TensorFlow's signature, without effect. */
  parallelIterations?: number;
}

/**
 * tf.while_loop(cond, body, loopVars): while `cond(...vars)` is true, `vars = body(...vars)`;
 * returns the last `vars` (an array, as given). `body` returns the new values in the same order
 * (one value alone for one loop variable).
 *
 * @example
 * ```ts
 * const [i, total] = tf.whileLoop((i, s) => tf.less(i, 5), (i, s) => [i.add(1), s.add(i)], [tf.constant(0), tf.constant(0)]);
 * console.log(i.item(), total.item()); // 5 10
 * ```
 */
export function whileLoop(
  condition: (...vars: Tensor[]) => TensorLike,
  body: (...vars: Tensor[]) => TensorLike | TensorLike[],
  loopVars: TensorLike[],
  options: WhileLoopOptions = {},
): Tensor[] {
  const op = 'whileLoop';
  if (typeof condition !== 'function' || typeof body !== 'function') {
    throw new Error(`${op}: cond and body must be functions, got ${describe(condition)} and ${describe(body)}.`);
  }
  if (!Array.isArray(loopVars) || loopVars.length === 0) throw new Error(`${op}: loopVars must be a non-empty array, got ${describe(loopVars)}.`);
  checkOptions(options, op, ['maximumIterations', 'parallelIterations'], '{maximumIterations: 100}');
  const limit = options.maximumIterations ?? Infinity;
  if (typeof limit !== 'number' || !(limit >= 0)) throw new Error(`${op}: maximumIterations must be a non-negative number, got ${describe(limit)}.`);
  let vars = loopVars.map((v) => toTensor(v, undefined, op));
  for (let i = 0; i < limit && truth(condition(...vars), op); i++) {
    const next = body(...vars);
    // Several variables come back as an array; one may come back alone or in an array (of tensors:
    // an array of numbers is one value).
    const alone = vars.length === 1 && !(Array.isArray(next) && next.some((v) => v instanceof Tensor));
    const list = alone ? [next] : (next as TensorLike[]);
    if (!Array.isArray(list)) throw new Error(`${op}: body must return an array of ${vars.length} values, got ${describe(next)}.`);
    if (list.length !== vars.length) throw new Error(`${op}: body returned ${list.length} value(s) for ${vars.length} loop variable(s).`);
    vars = list.map((v, k) => {
      const t = toTensor(v as TensorLike, vars[k]!.dtype, op);
      if (t.dtype !== vars[k]!.dtype) throw new Error(`${op}: loop variable ${k} changed dtype from ${vars[k]!.dtype} to ${t.dtype}.`);
      return t;
    });
  }
  return vars;
}

/** The elements of `elems` (a tensor, or an array of tensors with one first dimension) along axis 0. */
function elementsOf(elems: TensorLike | TensorLike[], op: string, reverse = false): (Tensor | Tensor[])[] {
  const several = Array.isArray(elems) && elems.length > 0 && elems.every((e) => e instanceof Tensor);
  const tensors = several ? (elems as Tensor[]) : [toTensor(elems as TensorLike, undefined, op)];
  for (const t of tensors) if (t.rank === 0) throw new Error(`${op}: elems must have a first dimension to map over, got a scalar.`);
  const n = tensors[0]!.shape[0]!;
  if (tensors.some((t) => t.shape[0] !== n)) {
    throw new Error(`${op}: the elements of elems must have the same first dimension, got ${tensors.map((t) => t.shape[0]).join(', ')}.`);
  }
  const columns = tensors.map((t) => unstack(t, 0));
  const items = Array.from({ length: n }, (_, i) => (several ? columns.map((c) => c[i]!) : columns[0]![i]!));
  if (reverse) items.reverse();
  return items;
}

/** The results of each call, stacked along a new first axis (each of several results apart). */
function stacked(results: unknown[], op: string): Tensor | Tensor[] {
  if (results.length === 0) throw new Error(`${op}: elems is empty along its first dimension, so there is nothing to stack.`);
  if (Array.isArray(results[0])) {
    const k = (results[0] as unknown[]).length;
    return Array.from({ length: k }, (_, j) => stack(results.map((r) => (r as TensorLike[])[j]!)));
  }
  return stack(results as TensorLike[]);
}

/**
 * tf.map_fn(fn, elems): `fn` on each element of `elems` along its first axis, the results stacked.
 * `elems` may be an array of tensors with one first dimension (`fn` then gets an array), and `fn`
 * may return an array of tensors (stacked one by one).
 *
 * @example
 * ```ts
 * console.log(tf.mapFn((row: tf.Tensor) => row.sum(), tf.constant([[1, 2], [3, 4]])).arraySync()); // [ 3, 7 ]
 * ```
 */
export function mapFn(fn: (elem: Tensor & Tensor[]) => TensorLike | TensorLike[], elems: TensorLike | TensorLike[]): Tensor | Tensor[] {
  return mapElements('mapFn', fn, elems);
}

/** tf.vectorized_map(fn, elems): `mapFn`'s result (gradtape runs it element by element). */
export function vectorizedMap(fn: (elem: Tensor & Tensor[]) => TensorLike | TensorLike[], elems: TensorLike | TensorLike[]): Tensor | Tensor[] {
  return mapElements('vectorizedMap', fn, elems);
}

function mapElements(op: string, fn: (elem: Tensor & Tensor[]) => TensorLike | TensorLike[], elems: TensorLike | TensorLike[]): Tensor | Tensor[] {
  if (typeof fn !== 'function') throw new Error(`${op}: fn must be a function, got ${describe(fn)}.`);
  return stacked(elementsOf(elems, op).map((e) => fn(e as Tensor & Tensor[])), op);
}

/** Options of `tf.scan`. */
export interface ScanOptions {
  /** The first accumulator; without it the first element is, and is the first result. */
  initializer?: TensorLike | null;
  /** Scan from the last element to the first (the results keep the elements' order). */
  reverse?: boolean;
}

/**
 * tf.scan(fn, elems, initializer): `acc = fn(acc, elem)` over the elements along the first axis,
 * every accumulator stacked (without an initializer the first element starts it and is the first
 * result). The third argument may be `{initializer, reverse}`.
 *
 * @example
 * ```ts
 * const x = tf.constant([1, 2, 3, 4]);
 * console.log(tf.scan((acc: tf.Tensor, v: tf.Tensor) => acc.add(v), x).arraySync());                    // [ 1, 3, 6, 10 ]
 * console.log(tf.scan((acc: tf.Tensor, v: tf.Tensor) => acc.add(v), x, { reverse: true }).arraySync()); // [ 10, 9, 7, 4 ]
 * ```
 */
export function scan(fn: (acc: Tensor, elem: Tensor & Tensor[]) => TensorLike, elems: TensorLike | TensorLike[], initializerOrOptions?: TensorLike | ScanOptions | null): Tensor {
  const op = 'scan';
  if (typeof fn !== 'function') throw new Error(`${op}: fn must be a function, got ${describe(fn)}.`);
  const options = isPlainObject(initializerOrOptions) ? checkOptions(initializerOrOptions, op, ['initializer', 'reverse'], '{initializer: 0, reverse: true}') : { initializer: initializerOrOptions };
  const initializer = options.initializer as TensorLike | null | undefined;
  const reverse = checkBoolean(options.reverse, op, 'reverse', false);
  const list = elementsOf(elems, op, reverse);
  const given = initializer !== undefined && initializer !== null;
  let acc = given ? toTensor(initializer, undefined, op) : firstAccumulator(list, op);
  const results: Tensor[] = given ? [] : [acc];
  for (const x of list) {
    acc = toTensor(fn(acc, x as Tensor & Tensor[]), acc.dtype, op);
    results.push(acc);
  }
  if (reverse) results.reverse();
  return stacked(results, op) as Tensor;
}

/** The first element, taken off `list` to start an accumulation without an initializer. */
function firstAccumulator(list: (Tensor | Tensor[])[], op: string): Tensor {
  const first = list.shift();
  if (first === undefined) throw new Error(`${op}: elems is empty and there is no initializer.`);
  if (Array.isArray(first)) throw new Error(`${op}: with several elems, pass an initializer (the accumulator is one tensor).`);
  return first;
}

/** tf.foldl(fn, elems, initializer): `acc = fn(acc, elem)` from the first element to the last; the last `acc`. */
export function foldl(fn: (acc: Tensor, elem: Tensor & Tensor[]) => TensorLike, elems: TensorLike | TensorLike[], initializer?: TensorLike | null): Tensor {
  return fold('foldl', fn, elems, initializer, false);
}

/** tf.foldr(fn, elems, initializer): `acc = fn(acc, elem)` from the last element to the first; the last `acc`. */
export function foldr(fn: (acc: Tensor, elem: Tensor & Tensor[]) => TensorLike, elems: TensorLike | TensorLike[], initializer?: TensorLike | null): Tensor {
  return fold('foldr', fn, elems, initializer, true);
}

function fold(
  op: string,
  fn: (acc: Tensor, elem: Tensor & Tensor[]) => TensorLike,
  elems: TensorLike | TensorLike[],
  initializer: TensorLike | null | undefined,
  reverse: boolean,
): Tensor {
  if (typeof fn !== 'function') throw new Error(`${op}: fn must be a function, got ${describe(fn)}.`);
  const list = elementsOf(elems, op, reverse);
  let acc = initializer === undefined || initializer === null ? firstAccumulator(list, op) : toTensor(initializer, undefined, op);
  for (const x of list) acc = toTensor(fn(acc, x as Tensor & Tensor[]), acc.dtype, op);
  return acc;
}

/**
 * tf.switch_case(branch_index, branch_fns, default=None): calls `branchFns[branchIndex]` (an
 * array of functions, or an object keyed by index); an index outside them calls `defaultFn`, or
 * the last branch when there is none, as in TensorFlow.
 *
 * @example
 * ```ts
 * const pick = (i: number) => tf.switchCase(tf.constant(i, 'int32'), [() => tf.constant(10), () => tf.constant(20)], () => tf.constant(-1));
 * console.log(pick(1).item(), pick(7).item()); // 20 -1
 * ```
 */
export function switchCase<T>(branchIndex: TensorLike, branchFns: readonly (() => T)[] | Readonly<Record<number, () => T>>, defaultFn?: () => T): T {
  const op = 'switchCase';
  const entries: [number, () => T][] = Array.isArray(branchFns)
    ? branchFns.map((f, i) => [i, f] as [number, () => T])
    : isPlainObject(branchFns)
      ? Object.entries(branchFns).map(([k, f]) => [Number(k), f as () => T])
      : [];
  if (entries.length === 0 || entries.some(([k, f]) => !Number.isInteger(k) || typeof f !== 'function')) {
    throw new Error(`${op}: branchFns must be a non-empty array of functions or an object of functions keyed by integers, got ${describe(branchFns)}.`);
  }
  if (defaultFn !== undefined && defaultFn !== null && typeof defaultFn !== 'function') {
    throw new Error(`${op}: defaultFn must be a function, got ${describe(defaultFn)}.`);
  }
  let index: number;
  if (typeof branchIndex === 'number') index = branchIndex;
  else {
    const t = toTensor(branchIndex, 'int32', op);
    checkLive(t, op);
    if (t.dtype !== 'int32' || t.rank !== 0) throw new Error(`${op}: branchIndex must be an int32 scalar, got a ${t.dtype} tensor of shape [${t.shape.join(', ')}].`);
    index = valuesOf(t, op, TraceSpoiler.Branch)[0]!;
  }
  if (!Number.isInteger(index)) throw new Error(`${op}: branchIndex must be an integer, got ${describe(branchIndex)}.`);
  const chosen = entries.find(([k]) => k === index)?.[1] ?? defaultFn ?? entries[entries.length - 1]![1];
  return chosen();
}

/** Options of `tf.case`. */
export interface CaseOptions {
  /** Called when no predicate is true. Without it the last pair's function is the default, and
   * its predicate must be true when it is called (an InvalidArgumentError otherwise). */
  default?: (() => unknown) | null;
  /** Throw an InvalidArgumentError when more than one predicate is true (default false: the first
   * true one wins). */
  exclusive?: boolean;
  /** Keep a one-element array that a function returns as an array (default false: TensorFlow
   * unpacks it to the element). */
  strict?: boolean;
  /** TensorFlow's op name (not used). */
  name?: string | null;
}

/**
 * tf.case(pred_fn_pairs, default=None, exclusive=False, strict=False): calls the function of the
 * first pair whose predicate (a bool scalar tensor) is true, as TensorFlow's nested conds do, and
 * returns its result. When none is true, `default` is called; without a default the last pair's
 * function is, and its predicate must hold (TensorFlow's InvalidArgumentError "None of conditions
 * evaluated as True" otherwise). With `exclusive`, more than one true predicate is an
 * InvalidArgumentError (without a default, the last pair's predicate is not counted, as in
 * TensorFlow). In a `tf.function`, predicates computed from the arguments make it run as written
 * at every call, as `tf.cond`'s do.
 *
 * @example
 * ```ts
 * const x = tf.constant(3);
 * const sign = tf.case([[tf.less(x, 0), () => tf.constant(-1)], [tf.greater(x, 0), () => tf.constant(1)]], { default: () => tf.constant(0) });
 * console.log(sign.item()); // 1
 * ```
 */
export function caseOp<T>(predFnPairs: readonly (readonly [TensorLike, () => T])[], options: CaseOptions = {}): T {
  const op = 'case';
  checkOptions(options, op, ['default', 'exclusive', 'strict', 'name'], '{default: () => tf.constant(0), exclusive: true}');
  const exclusive = checkBoolean(options.exclusive, op, 'exclusive', false);
  const strict = checkBoolean(options.strict, op, 'strict', false);
  if (options.default !== undefined && options.default !== null && typeof options.default !== 'function') {
    throw new Error(`${op}: default must be a function, got ${describe(options.default)}.`);
  }
  if (!Array.isArray(predFnPairs)) throw new Error(`${op}: pred_fn_pairs must be an array of [predicate, function] pairs. Received: ${describe(predFnPairs)}.`);
  const predicates: Tensor[] = [];
  const fns: (() => T)[] = [];
  for (const pair of predFnPairs) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`${op}: Each entry in pred_fn_pairs must be a 2-tuple. Received ${describe(pair)}.`);
    const [pred, fn] = pair as [unknown, unknown];
    if (!(pred instanceof Tensor)) throw new Error(`${op}: Each pred in pred_fn_pairs must be a boolean scalar Tensor. Received: ${describe(pred)}.`);
    checkLive(pred, op);
    if (pred.dtype !== 'bool') throw new Error(`${op}: pred must be Tensor of type bool, got ${pred.dtype}.`);
    if (typeof fn !== 'function') throw new Error(`${op}: fn for pred ${predicates.length} must be callable.`);
    predicates.push(pred);
    fns.push(fn as () => T);
  }
  // TensorFlow's _case_helper: without a default, the last pair is the default action, which
  // asserts that its predicate holds; the others are tried in order.
  let fallback = options.default as (() => T) | null | undefined;
  const tried = fallback ? predicates : predicates.slice(0, -1);
  if (!fallback) {
    if (predicates.length === 0) throw new Error(`${op}: pred_fn_pairs is empty and there is no default.`);
    const last = predicates[predicates.length - 1]!, action = fns[fns.length - 1]!;
    fallback = () => {
      Assert(last, ['Input error: None of conditions evaluated as True:', stack(predicates)]);
      return action();
    };
  }
  if (exclusive && tried.length > 0) {
    const truths = stack(tried);
    Assert(lessEqual(reduceSum(cast(truths, 'int32')), 1), [`Input error: exclusive=True: more than 1 conditions (${tried.map(() => '?').join(', ')}) evaluated as True:`, truths], tried.length);
  }
  const k = tried.findIndex((p) => truth(p, op));
  const result: unknown = k >= 0 ? fns[k]!() : fallback();
  // cond(strict=False) unpacks a one-element list or tuple.
  return (!strict && Array.isArray(result) && result.length === 1 ? result[0] : result) as T;
}
