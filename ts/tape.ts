// tf.GradientTape. The record lives in Rust (crates/gradtape-core/src/engine.rs); this class
// enters and leaves it, watches tensors, and packs gradients back into the caller's structure.

import { fill } from './creation';
import { checkBoolean, checkOptions, describe, isPlainObject } from './describe';
import { allocHost, isFloat } from './dtype';
import { add } from './generated/ops';
import { concat, reshape } from './ops';
import { isPromise } from './memory';
import { NewTensor, Tensor, activeTapes, adopt, eagerSteps, evictTemporaries, fromHost, handleOf, operationDone, residentHandle, scalarTensor, tapeGone, tapeResident, touch, type RecordingTape, type ResidentTape } from './tensor';
import type { Variable } from './variable';
import { W, codes, initSync, lastError, scratchF64View, tracing, writeHandles } from './wasm/runtime';

/** Options of `new tf.GradientTape(options)`. */
export interface GradientTapeOptions {
  /** Allow more than one `gradient`/`jacobian` call; the tape then holds its record until
   * `dispose()` (default false: the first call frees it). */
  persistent?: boolean;
  /** Watch every trainable variable read while recording (default true); when false, only what
   * `watch` names is watched. */
  watchAccessedVariables?: boolean;
}

/** Options of `jacobian` and `batchJacobian`. */
export interface JacobianOptions {
  /** What an unconnected source gets (`jacobian`): null (default) or zeros. */
  unconnectedGradients?: 'none' | 'zero';
  /** TensorFlow's `experimental_use_pfor` (default true); false needs a persistent tape, as in TensorFlow. */
  experimentalUsePfor?: boolean;
  /** The same as `experimentalUsePfor`. */
  experimentalUseVectorization?: boolean;
  /** TensorFlow's `parallel_iterations`: accepted, without effect. */
  parallelIterations?: number;
}

/** Options of `tape.gradient(target, sources, options)`. */
export interface GradientOptions {
  /** One upstream gradient per target (its shape; a number fills it), or null for ones: a
   * vector-Jacobian product. Nested arrays and objects are flattened as the targets are. */
  outputGradients?: OutputGradients;
  /** What an unconnected source gets: null ('none', the default) or zeros ('zero'). */
  unconnectedGradients?: 'none' | 'zero';
}

/** `outputGradients`: tensors, numbers or nulls, alone or in (nested) arrays and objects. */
export type OutputGradients = Tensor | number | null | readonly OutputGradients[] | { readonly [key: string]: OutputGradients };

/** A structure of tensors: a tensor, an array or an object of them (nested). */
export type Structure = Tensor | readonly Structure[] | { readonly [key: string]: Structure };

/** The gradient result mirrors the sources' structure, with null for unconnected sources. */
export type GradientOf<S> = S extends Tensor
  ? Tensor | null
  : S extends readonly unknown[]
    ? { [K in keyof S]: GradientOf<S[K]> }
    : S extends object
      ? { [K in keyof S]: GradientOf<S[K]> }
      : never;

let dtypeWarnings = 0;
/** A tape finds a watched tensor by scanning its list up to this many, by a set past them. */
const SCANNED_WATCHES = 16;
/** How gt_tape_gradient takes a target: a rank-0 float value JavaScript holds under an id the
 * tapes know (a recorded scalar op's result, or such a tensor evicted) by its negated id, since a
 * gradient reads only the target's id, shape and dtype (uploading it would make a wasm tensor per
 * step of a scalar loop); any other tensor by handle. (Not while tracing: a trace sees only what
 * is in wasm.) */
function targetRef(t: Tensor): number {
  if (t._h === 0 && t._id !== 0 && t.shape.length === 0 && isFloat(t.dtype) && !t._isVar && !t._disposed && !tracing.active) return -t._id;
  return handleOf(t, 'gradient');
}

let persistentInContextWarned = false;

const tapeFinalizer = new FinalizationRegistry<number>((id) => {
  W.gt_tape_free(id);
});

// (Indexed loops on the per-step paths: for-of runs the iterator protocol until V8 optimizes
// the caller, which a training loop's first thousands of steps wait for.)
function flatten(s: unknown, what: string, out: Tensor[]): void {
  if (s instanceof Tensor) out.push(s);
  else if (Array.isArray(s)) for (let i = 0; i < s.length; i++) flatten(s[i], what, out);
  else if (isPlainObject(s)) {
    for (const x of Object.values(s)) flatten(x, what, out);
  } else {
    throw new Error(
      `Passed in object ${describe(s)} of type ${s === null ? 'null' : typeof s}, not tf.Tensor or tf.Variable (in ${what}). ` +
        'Pass a tensor, a variable, or an array/object of them.',
    );
  }
}

/** outputGradients flattened as `flatten` does the targets, with null (and undefined) entries kept
 * and any other leaf left for the caller to check. */
function flattenUpstream(s: unknown, out: unknown[]): void {
  if (Array.isArray(s)) for (let i = 0; i < s.length; i++) flattenUpstream(s[i], out);
  else if (isPlainObject(s)) for (const x of Object.values(s)) flattenUpstream(x, out);
  else out.push(s === undefined ? null : s);
}

function pack(s: unknown, flat: (Tensor | null)[], next: { i: number }): unknown {
  if (s instanceof Tensor) return flat[next.i++]!;
  if (Array.isArray(s)) return s.map((x) => pack(x, flat, next));
  return Object.fromEntries(Object.entries(s as object).map(([k, x]) => [k, pack(x, flat, next)]));
}

/** A customGradient node's rule: the gradients of the node's inputs (null: none) given the
 * upstream gradient of its result. */
export type CustomRule = (upstream: Tensor) => (Tensor | null)[];

/** What a customGradient node needs at gradient time: its rule and its result's shape and dtype. */
export interface CustomNode {
  rule: CustomRule;
  result: Tensor;
}

/**
 * Records operations for automatic differentiation: TensorFlow's `tf.GradientTape`. Python's
 * `with tf.GradientTape() as tape:` block becomes `tape.record(() => ...)`, which runs the function
 * while recording and returns its result. Trainable variables read inside are watched
 * automatically; other tensors need `tape.watch(x)`. Then `tape.gradient(target, sources)` gives
 * d(sum of target)/d(sources) in the structure of `sources` (a tensor, an array or an object).
 *
 * A tape is non-persistent by default: one `gradient` call, which frees the record. Pass
 * `{ persistent: true }` for several, and `dispose()` it when done. Nested tapes give higher
 * derivatives; `jacobian` and `batchJacobian` give whole Jacobians.
 *
 * @example
 * ```ts
 * const x = tf.constant(3);
 * const tape = new tf.GradientTape();
 * tape.watch(x);
 * const y = tape.record(() => x.square().mul(2));   // y = 2x²
 * console.log(tape.gradient(y, x)!.item());          // 12
 *
 * const w = new tf.Variable([1, 2]);
 * const b = new tf.Variable(0.5);
 * const t2 = new tf.GradientTape();
 * const loss = t2.record(() => w.mul(w).reduceSum().add(b));
 * const { dw, db } = t2.gradient(loss, { dw: w, db: b });
 * console.log(dw!.arraySync(), db!.item());         // [ 2, 4 ] 1
 * ```
 */
export class GradientTape implements RecordingTape, ResidentTape {
  /** Whether more than one gradient may be taken (see {@link GradientTapeOptions}). */
  readonly persistent: boolean;
  /** Whether trainable variables read while recording are watched automatically. */
  readonly watchAccessedVariables: boolean;
  /** Rust tape id + 1; 0 until the tape is first used, once freed, or while the record lives in `saved`. */
  private id = 0;
  /** The record, moved out of wasm by a memory sweep while the tape was not recording (see
   * tensor.ts); restored under a new id when the tape is used again. */
  private saved: Uint8Array | null = null;
  private recording = false;
  private usedUp = false;
  private disposed = false;
  private readonly watched: Tensor[] = [];
  /** `watched` as a set, made once the list is long enough that a scan costs more (most tapes
   * watch a few variables: scanning those costs less than making a set for every tape). */
  private watchedSet: Set<Tensor> | null = null;
  /** The rules of customGradient nodes recorded while this tape was recording, by node id (made
   * on the first one: most tapes never hold one). */
  private customNodes: Map<number, CustomNode> | null = null;
  /** Large op results made while this tape recorded (see evictTemporaries); null until the first. */
  private temporaries: Tensor[] | null = null;
  /** @internal Memory bookkeeping (ResidentTape). */
  _tick = 0;
  /** @internal */
  _cost = -1;

  /** A tape that records nothing until `record(fn)` (or `enter()`): `{persistent,
   * watchAccessedVariables}`, or TensorFlow's positional GradientTape(persistent=False,
   * watch_accessed_variables=True). */
  constructor(options?: GradientTapeOptions);
  constructor(persistent: boolean, watchAccessedVariables?: boolean);
  constructor(options: GradientTapeOptions | boolean = {}, watchAccessedVariables?: boolean) {
    initSync();
    if (typeof options !== 'boolean' && watchAccessedVariables !== undefined) {
      throw new Error(`GradientTape: got ${describe(watchAccessedVariables)} after the options; pass persistent and watchAccessedVariables either as {persistent, watchAccessedVariables} or positionally (two booleans), not both.`);
    }
    const o = typeof options === 'boolean' ? { persistent: options, watchAccessedVariables } : options;
    checkTapeOptions(o);
    this.persistent = o.persistent ?? false;
    this.watchAccessedVariables = o.watchAccessedVariables ?? true;
    // The wasm tape is made on first use: a tape that is never used costs no wasm memory.
    eagerSteps.tapeMade(this as never); // (may begin an eager step: see eager-steps.ts)
  }

  /**
   * Runs `fn` while recording and returns its result; recording stops even if `fn` throws. `fn`
   * must be synchronous: await outside `record`. Calling `record` again on the same tape records
   * more (Python's second `with tape:` block).
   *
   * @example
   * ```ts
   * const v = new tf.Variable(2);
   * const tape = new tf.GradientTape();
   * const y = tape.record(() => v.pow(3));
   * console.log(tape.gradient(y, v)!.item()); // 12
   * ```
   */
  record<T>(fn: () => T): T {
    checkSynchronous(fn, 'record');
    this.start('record');
    let result: T;
    try {
      result = fn();
    } finally {
      this.exit();
    }
    if (isPromise(result)) throw asyncError('record');
    return result;
  }

  /** Starts recording (`with tape:`); prefer `record(fn)`. Returns a disposable for `using`. */
  enter(): { [Symbol.dispose](): void } {
    this.start('enter');
    return { [Symbol.dispose]: () => this.exit() };
  }

  private start(op: string): void {
    // A checked eager step's tape records nothing until its step is interrupted (eager-steps.ts):
    // its wasm tape is made then, if ever.
    let deferred = false;
    if (eagerSteps.active) {
      if (op === 'record' || op === 'enter') deferred = eagerSteps.tapeEvent(this as never, 1);
      else eagerSteps.interrupt();
    }
    if (this.usedUp && !this.recording) {
      // As in TensorFlow, entering a used-up non-persistent tape again starts a fresh record.
      this.usedUp = false;
      this.disposed = false;
      this.watched.length = 0;
      this.watchedSet = null;
      this.temporaries = null;
    }
    this.checkUsable(op);
    if (this.recording || (!deferred && !this.live(op, true) && W.gt_tape_push(this.id) !== 1)) {
      throw new Error('Tape is still recording, This can happen if you try to re-enter an already-active tape.');
    }
    this.recording = true;
    // A recording tape is never evicted: it leaves the resident list until it stops.
    tapeGone(this);
    activeTapes.push(this);
    if (eagerSteps.active) eagerSteps.settle();
  }

  /** Stops recording. */
  exit(): void {
    if (!this.recording) return;
    if (eagerSteps.active) eagerSteps.tapeEvent(this as never, 2);
    this.recording = false;
    if (activeTapes[activeTapes.length - 1] === this) activeTapes.pop();
    else {
      const i = activeTapes.lastIndexOf(this);
      if (i !== -1) activeTapes.splice(i, 1);
    }
    if (this.id !== 0) tapeResident(this, W.gt_tape_pop(this.id)); // (pop returns the bytes it keeps)
    if (eagerSteps.active) eagerSteps.settle();
  }

  /**
   * Runs `fn` without recording on this tape (TensorFlow's `with tape.stop_recording():`); call it
   * while the tape records, inside `record`.
   *
   * @example
   * ```ts
   * const x = new tf.Variable(2);
   * const tape = new tf.GradientTape();
   * const [y, z] = tape.record(() => [x.square(), tape.stopRecording(() => x.mul(10))]);
   * console.log(tape.gradient([y, z], x)!.item()); // 4
   * ```
   */
  stopRecording<T>(fn: () => T): T {
    if (!this.recording) throw new Error('Trying to stop recording a tape which is not recording.');
    checkSynchronous(fn, 'stopRecording');
    this.exit();
    try {
      return fn();
    } finally {
      this.start('stopRecording');
    }
  }

  /** Forgets everything recorded and watched so far (TensorFlow's `reset`). */
  reset(): void {
    this.checkUsable('reset');
    if (this.id !== 0 || this.saved !== null) {
      this.live('reset');
      W.gt_tape_reset(this.id);
    }
    this.watched.length = 0;
    this.watchedSet = null;
    this.customNodes = null; // (their nodes are gone with the record)
    this.temporaries = null;
  }

  /**
   * Ensures gradients can be taken with respect to `x` (a tensor, or an array/object of them):
   * needed for constants, not for trainable variables. Watch before the ops that use `x`.
   *
   * @example
   * ```ts
   * const x = tf.constant([1, 2, 3]);
   * const tape = new tf.GradientTape();
   * tape.watch(x);
   * const y = tape.record(() => x.square().sum());
   * console.log(tape.gradient(y, x)!.arraySync()); // [ 2, 4, 6 ]
   * ```
   */
  watch(x: Structure): void {
    this.checkUsable('watch');
    const flat: Tensor[] = [];
    flatten(x, 'watch', flat);
    for (let i = 0; i < flat.length; i++) this.watchOne(flat[i]!, true);
  }

  /** The variables this tape watched, in the order they were made (TensorFlow's docstring: "in
   * order of construction"). */
  watchedVariables(): Variable[] {
    if (eagerSteps.active) eagerSteps.interrupt();
    const variables = this.watched.filter((t) => t._isVar) as Variable[];
    return variables.sort((a, b) => a._serial - b._serial);
  }

  /** @internal A customGradient node may be on this tape's record (it records while the tape does). */
  _customNode(id: number, node: CustomNode): void {
    (this.customNodes ??= new Map()).set(id, node);
  }

  /** @internal Called by ops for each variable they read while this tape records. */
  _autoWatch(v: Tensor): void {
    if (eagerSteps.active) eagerSteps.interrupt(); // (an op the step's log did not see reads a variable)
    if (this.watchAccessedVariables && !this.isWatched(v) && (v as { _madeTrainable?: boolean })._madeTrainable) this.watchOne(v, false);
  }

  private isWatched(t: Tensor): boolean {
    if (this.watchedSet !== null) return this.watchedSet.has(t);
    const watched = this.watched;
    for (let i = 0; i < watched.length; i++) if (watched[i] === t) return true;
    return false;
  }

  /** Watches `t`. A tensor that is not floating can have no gradient: TensorFlow's `watch`
   * warns (`explicit`), its watch of a variable an op reads does not (found by fuzzing: a trainable
   * int32 variable printed the warning); a variable is listed as watched either way, as in TensorFlow. */
  private watchOne(t: Tensor, explicit: boolean): void {
    if (this.isWatched(t)) return;
    if (!isFloat(t.dtype)) {
      if (explicit && dtypeWarnings++ < 5) console.warn(`WARNING: The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.${t.dtype}`);
      if (t._isVar) this.listWatched(t);
      return;
    }
    if (this.id === 0 || this.saved !== null) this.live('watch'); // (a recording tape is live already)
    if (W.gt_tape_watch(this.id, residentHandle(t, 'watch')) === 0) throw lastError('watch');
    this.listWatched(t);
  }

  private listWatched(t: Tensor): void {
    this.watched.push(t);
    if (this.watchedSet !== null) this.watchedSet.add(t);
    else if (this.watched.length > SCANNED_WATCHES) this.watchedSet = new Set(this.watched);
  }

  /**
   * d(sum of `target`)/d`sources`, in the sources' structure: a tensor for a tensor, an array for
   * an array, an object for an object, with `null` for a source the target does not depend on
   * (zeros with `unconnectedGradients: 'zero'`). `target` may be a structure too (its gradients are
   * summed). A non-persistent tape can do this once.
   *
   * The options are `{outputGradients, unconnectedGradients}`, or TensorFlow's positional
   * gradient(target, sources, output_gradients, unconnected_gradients): a third argument that is
   * not an options object (a tensor, a number, an array, or null) is the output gradients; an
   * object of output gradients goes in the options.
   *
   * @example
   * ```ts
   * const a = new tf.Variable(1);
   * const b = new tf.Variable(2);
   * const c = tf.constant(5);
   * const tape = new tf.GradientTape();
   * const y = tape.record(() => a.mul(b).mul(3));
   * const [da, db, dc] = tape.gradient(y, [a, b, c]);
   * console.log(da!.item(), db!.item(), dc); // 6 3 null
   * ```
   */
  gradient<S extends Structure>(target: Structure, sources: S, options?: GradientOptions): GradientOf<S>;
  /** TensorFlow's positional form: `gradient(target, sources, output_gradients, unconnected_gradients)`. */
  gradient<S extends Structure>(target: Structure, sources: S, outputGradients: Tensor | number | null | readonly OutputGradients[] | undefined, unconnectedGradients?: 'none' | 'zero'): GradientOf<S>;
  gradient<S extends Structure>(target: Structure, sources: S, third?: GradientOptions | OutputGradients, unconnectedGradients?: 'none' | 'zero'): GradientOf<S> {
    if (eagerSteps.active) {
      const grads: unknown = eagerSteps.gradient(this as never, target, sources, third !== undefined || unconnectedGradients !== undefined);
      if (grads !== undefined) return grads as never; // (undefined: taken as written)
    }
    const options = gradientOptions(third, unconnectedGradients);
    if (this.usedUp) {
      throw new Error(
        'A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians). ' +
          'Create the tape with new tf.GradientTape({persistent: true}) to call gradient() more than once.',
      );
    }
    this.checkUsable('gradient');
    checkOptions(options, 'gradient', ['outputGradients', 'unconnectedGradients'], "{unconnectedGradients: 'zero'}");
    const unconnected = options.unconnectedGradients ?? 'none';
    if (unconnected !== 'none' && unconnected !== 'zero') {
      const shown = typeof unconnected === 'string' ? `'${unconnected}'` : describe(unconnected); // TF's wording quotes the value
      throw new Error(`gradient: Unknown value for unconnected_gradients: ${shown}. Use 'none' or 'zero'.`);
    }
    if (target === undefined || target === null) {
      throw new Error(`gradient: Argument \`target\` should be a tensor or an array of tensors to be differentiated, but received ${describe(target)}.`);
    }
    const targets = target instanceof Tensor ? [target] : flattened(target, 'target');
    const flatSources = sources instanceof Tensor ? [sources] : flattened(sources, 'sources');
    const upstream: (Tensor | null)[] = [];
    if (options.outputGradients !== undefined && options.outputGradients !== null) {
      // One entry per target, flattened as the targets are (TensorFlow's nest.flatten); a null
      // entry means "ones", as TensorFlow's None does, and a number is a tensor of the target's dtype.
      const given: unknown[] = [];
      flattenUpstream(options.outputGradients, given);
      if (given.length !== targets.length) {
        throw new Error(`gradient: got ${given.length} outputGradients for ${targets.length} targets; pass one per target.`);
      }
      for (let i = 0; i < given.length; i++) {
        const g = given[i];
        if (g === null || g instanceof Tensor) upstream.push(g);
        else if (typeof g === 'number') upstream.push(fill(targets[i]!.shape, g, targets[i]!.dtype));
        else throw new Error(`gradient: each of outputGradients must be a tensor (or null for ones), got ${describe(g)}.`);
      }
    }
    if (this.recording && this.persistent && !persistentInContextWarned) {
      persistentInContextWarned = true;
      console.warn(
        'Calling GradientTape.gradient on a persistent tape inside its context is significantly less efficient than calling it outside the context ' +
          '(it causes the gradient ops to be recorded on the tape, leading to increased CPU and memory usage). Only call GradientTape.gradient inside the ' +
          'context if you actually want to trace the gradient in order to compute higher order derivatives.',
      );
    }

    this.live('gradient'); // and marks the tape used, so uploading the operands cannot evict it
    const grads = this.sweepGradients(targets, flatSources, upstream, unconnected);
    if (!this.persistent) {
      // TensorFlow drops a non-persistent tape's record after its one gradient (and stops recording).
      this.usedUp = true;
      this.exit();
      this.free();
      if (this.temporaries !== null) this.evictTemporaries(targets, flatSources, upstream);
    }
    const structure: unknown = sources;
    if (structure instanceof Tensor) return grads[0] as GradientOf<S>;
    // A flat array of tensors (the common case) needs no repacking.
    const flat = Array.isArray(structure) && structure.length === flatSources.length && structure.every((x) => x instanceof Tensor);
    return (flat ? grads : pack(structure, grads, { i: 0 })) as GradientOf<S>;
  }

  /** One reverse sweep of the live record: the gradient of the targets (seeded with `upstream`,
   * ones where null) for each source. */
  private sweepGradients(targets: Tensor[], flatSources: Tensor[], upstream: (Tensor | null)[], unconnected: 'none' | 'zero'): (Tensor | null)[] {
    const nt = targets.length;
    const ns = flatSources.length;
    const handles: number[] = new Array(3 * nt + ns);
    for (let i = 0; i < nt; i++) handles[i] = targetRef(targets[i]!);
    for (let i = 0; i < ns; i++) handles[nt + i] = handleOf(flatSources[i]!, 'gradient');
    for (let i = 0; i < nt; i++) handles[nt + ns + i] = upstream[i] ? handleOf(upstream[i]!, 'gradient') : 0;
    for (let i = 0; i < nt; i++) handles[2 * nt + ns + i] = codes.dtype[targets[i]!.dtype]!;
    writeHandles(handles);
    const onValues = this.sweep(W.gt_tape_gradient(this.id, nt, ns)) === SWEPT_ON_VALUES;
    // Read out first (adopting a gradient may sweep, which uses the scratch area), into a plain
    // array: a typed array's copy costs more to make.
    const f = scratchF64View();
    const grads: (Tensor | null)[] = new Array(ns);
    if (onValues) {
      // Rank-0 gradients as values JavaScript holds under their ids (no handle to keep or evict).
      const idsAndValues = new Array<number>(2 * ns);
      for (let k = 0; k < 2 * ns; k++) idsAndValues[k] = f[k]!;
      operationDone();
      for (let i = 0; i < ns; i++) {
        const src = flatSources[i]!;
        const id = idsAndValues[2 * i]!;
        grads[i] = id !== 0 ? scalarTensor(idsAndValues[2 * i + 1]!, src.dtype) : unconnectedGradient(src, targets, upstream, unconnected);
        if (id !== 0) grads[i]!._id = id;
      }
      return grads;
    }
    const resultHandles = new Array<number>(ns);
    for (let i = 0; i < ns; i++) resultHandles[i] = f[i]!;
    for (let i = 0; i < ns; i++) {
      const src = flatSources[i]!;
      const h = resultHandles[i]!;
      // A gradient has its source's shape and dtype (the engine checks both).
      grads[i] = h !== 0 ? adoptGradient(h, src) : unconnectedGradient(src, targets, upstream, unconnected);
    }
    return grads;
  }

  /** Runs a reverse sweep to its end: at each customGradient node (status 2) the node's rule runs
   * here, in JavaScript, and the sweep resumes with its result. Returns how the results came
   * (1: handles, SWEPT_ON_VALUES: values). */
  private sweep(status: number): number {
    while (status === 2) {
      const f = scratchF64View();
      const id = f[0]!;
      const node = this.customNodes?.get(id);
      const upstream = new NewTensor(f[1]!, null, node ? node.result.shape : [], node ? node.result.dtype : 'float32');
      adopt(upstream);
      if (!node) {
        W.gt_tape_gradient_abort();
        throw new Error('gradient: a customGradient node recorded by another tape reached this one; this is a gradtape bug, please report it.');
      }
      let grads: (Tensor | null)[];
      try {
        grads = node.rule(upstream);
      } catch (e) {
        W.gt_tape_gradient_abort();
        throw e;
      }
      let handles: number[];
      try {
        handles = grads.map((g) => (g === null ? 0 : handleOf(g, 'customGradient')));
      } catch (e) {
        W.gt_tape_gradient_abort();
        throw e;
      }
      writeHandles(handles);
      status = W.gt_tape_gradient_resume(handles.length);
    }
    if (status !== 1 && status !== SWEPT_ON_VALUES) throw lastError('gradient');
    return status;
  }

  /**
   * The Jacobian of `target` with respect to `sources` (each result has shape
   * `[...target.shape, ...source.shape]`), in the sources' structure. One pass per element of the
   * smaller side: forward mode when the sources have fewer elements than the target, reverse
   * mode otherwise. A non-persistent tape can do this once.
   *
   * @example
   * ```ts
   * const x = tf.constant([1, 2]);
   * const tape = new tf.GradientTape();
   * tape.watch(x);
   * const y = tape.record(() => tf.stack([x.prod(), x.sum(), x.square().sum()]));
   * console.log(tape.jacobian(y, x)!.arraySync()); // [ [ 2, 1 ], [ 1, 1 ], [ 2, 4 ] ]
   * ```
   */
  jacobian<S extends Structure>(target: Tensor, sources: S, options?: JacobianOptions): GradientOf<S>;
  /** TensorFlow's positional form: `jacobian(target, sources, unconnected_gradients, parallel_iterations, experimental_use_pfor)`. */
  jacobian<S extends Structure>(target: Tensor, sources: S, unconnectedGradients: 'none' | 'zero' | undefined, parallelIterations?: number | null, experimentalUsePfor?: boolean): GradientOf<S>;
  jacobian<S extends Structure>(target: Tensor, sources: S, third?: JacobianOptions | 'none' | 'zero', parallelIterations?: number | null, experimentalUsePfor?: boolean): GradientOf<S> {
    const unconnected = this.jacobianOptions(jacobianOptions(third, parallelIterations, experimentalUsePfor, 'jacobian'), 'jacobian');
    if (!(target instanceof Tensor)) throw new Error(`jacobian: target must be a tensor, got ${describe(target)}.`);
    const flatSources = sources instanceof Tensor ? [sources] : flattened(sources, 'sources');
    this.beforeSweep('jacobian');
    if (this.customNodes !== null) {
      // One row per target element: the gradient of that element alone.
      const rows = this.sweepsWithCustomNodes(target, flatSources, target.size, (i, k) => k === i);
      this.afterSweep();
      return repack(sources, flatSources.map((s, k) => {
        const shape = [...target.shape, ...s.shape];
        const row = rows[k]!;
        if (row.length > 0 && row.every((g) => g === null)) return unconnected === 'zero' ? fill(shape, 0, s.dtype) : null;
        return joinParts(row, s, [1, s.size], 0, shape); // (no rows: an empty target's empty Jacobian)
      }));
    }
    const handles = [handleOf(target, 'jacobian'), ...flatSources.map((s) => handleOf(s, 'jacobian'))];
    writeHandles(handles);
    if (W.gt_tape_jacobian(this.id, flatSources.length) !== 1) throw lastError('jacobian');
    const out = scratchF64View().slice(0, flatSources.length);
    const results = flatSources.map((s, i) => {
      const shape = [...target.shape, ...s.shape];
      return out[i] !== 0 ? adoptResult(out[i]!, shape, s.dtype) : unconnected === 'zero' ? fill(shape, 0, s.dtype) : null;
    });
    this.afterSweep();
    return repack(sources, results);
  }

  /**
   * TensorFlow's batch_jacobian: for `target` of shape `[b, ...y]` and `source` `[b, ...x]` (both
   * of rank 2 at least) whose batch entries are computed independently, the per-entry Jacobians
   * `[b, ...y, ...x]`. An unconnected source gives zeros in the target's dtype whatever
   * `unconnectedGradients` says, as TensorFlow's (kept for compatibility there).
   */
  batchJacobian(target: Tensor, source: Tensor, options?: JacobianOptions): Tensor;
  /** TensorFlow's positional form: `batch_jacobian(target, source, unconnected_gradients, parallel_iterations, experimental_use_pfor)`. */
  batchJacobian(target: Tensor, source: Tensor, unconnectedGradients: 'none' | 'zero' | undefined, parallelIterations?: number | null, experimentalUsePfor?: boolean): Tensor;
  batchJacobian(target: Tensor, source: Tensor, third?: JacobianOptions | 'none' | 'zero', parallelIterations?: number | null, experimentalUsePfor?: boolean): Tensor {
    this.jacobianOptions(jacobianOptions(third, parallelIterations, experimentalUsePfor, 'batchJacobian'), 'batchJacobian');
    if (!(target instanceof Tensor) || !(source instanceof Tensor)) {
      throw new Error(`batchJacobian: target and source must be tensors, got ${describe(target)} and ${describe(source)}.`);
    }
    for (const t of [target, source]) {
      if (t.rank < 2) throw new Error(`batchJacobian: Shape (${t.shape.join(', ')}${t.rank === 1 ? ',' : ''}) must have rank at least 2 (a batch axis, then each entry's axes).`);
    }
    this.beforeSweep('batchJacobian');
    const shape = [...target.shape, ...source.shape.slice(1)];
    if (this.customNodes !== null) {
      // One column per element j of an example: the gradient of element j of every example.
      const perExample = target.size / target.shape[0]!;
      const [row] = this.sweepsWithCustomNodes(target, [source], perExample, (j, k) => k % perExample === j);
      this.afterSweep();
      if (row!.every((g) => g === null)) return fill(shape, 0, target.dtype);
      return joinParts(row!, source, [source.shape[0]!, 1, source.size / source.shape[0]!], 1, shape);
    }
    writeHandles([handleOf(target, 'batchJacobian'), handleOf(source, 'batchJacobian')]);
    if (W.gt_tape_batch_jacobian(this.id) !== 1) throw lastError('batchJacobian');
    const h = scratchF64View()[0]!;
    this.afterSweep();
    return h !== 0 ? adoptResult(h, shape, source.dtype) : fill(shape, 0, target.dtype);
  }

  /**
   * Jacobian parts of a record with customGradient nodes, whose rules only JavaScript can run: `n`
   * reverse sweeps on one record (TensorFlow's jacobian without pfor), sweep i seeded with ones at
   * the target's flat positions k where `seeded(i, k)`. Returns, per source, the n gradients (null:
   * not connected). A non-persistent tape stops recording first, as its one gradient would.
   */
  private sweepsWithCustomNodes(target: Tensor, sources: Tensor[], n: number, seeded: (i: number, k: number) => boolean): (Tensor | null)[][] {
    if (!this.persistent) this.exit();
    const parts: (Tensor | null)[][] = sources.map(() => []);
    const seed = allocHost(target.dtype, target.size);
    try {
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < seed.length; k++) seed[k] = seeded(i, k) ? 1 : 0;
        this.live('jacobian'); // (back in wasm, if a sweep moved the record out)
        if (W.gt_tape_set_persistent(this.id, 1) !== 1) throw lastError('jacobian');
        const grads = this.sweepGradients([target], sources, [fromHost(seed.slice(), target.shape.slice(), target.dtype)], 'none');
        grads.forEach((g, k) => parts[k]!.push(g));
      }
    } finally {
      if (this.id !== 0) W.gt_tape_set_persistent(this.id, this.persistent ? 1 : 0);
    }
    return parts;
  }

  /** The options of `jacobian` and `batchJacobian` (TensorFlow's `experimental_use_pfor`, also
   * under the name `experimentalUseVectorization`; gradtape has one way to compute either). */
  private jacobianOptions(options: JacobianOptions, op: string): 'none' | 'zero' {
    checkOptions(options, op, ['unconnectedGradients', 'experimentalUsePfor', 'experimentalUseVectorization', 'parallelIterations'], "{unconnectedGradients: 'zero'}");
    const vectorized = checkBoolean(options.experimentalUsePfor ?? options.experimentalUseVectorization, op, 'experimentalUsePfor', true);
    if (!vectorized && !this.persistent) {
      // (The double space is TensorFlow's.)
      throw new Error(
        `GradientTape must be created with persistent=True to compute the ${op === 'jacobian' ? 'jacobian' : 'batch_jacobian'} with eager execution enabled and  with experimental_use_pfor set to False.`,
      );
    }
    return checkUnconnected(options.unconnectedGradients, op);
  }

  /** @internal Forward-mode tangents of `targets` through this tape's record (ForwardAccumulator). */
  _jvp(primals: Tensor[], tangents: Tensor[], targets: Tensor[]): (Tensor | null)[] {
    this.checkUsable('jvp');
    this.live('jvp');
    if (this.customNodes !== null) return targets.map((y) => this.jvpThroughCustomNodes(primals, tangents, y));
    const handles = [...primals, ...tangents, ...targets].map((t) => handleOf(t, 'jvp'));
    writeHandles(handles);
    if (W.gt_tape_jvp(this.id, primals.length, targets.length) !== 1) throw lastError('jvp');
    const out = scratchF64View().slice(0, targets.length);
    return targets.map((t, i) => (out[i] !== 0 ? adoptResult(out[i]!, t.shape, t.dtype) : null));
  }

  /**
   * A forward-mode tangent through customGradient nodes, whose rules are reverse-mode functions:
   * J v = d/du <vjpᵤ, v> (TensorFlow's double-backprop trick), the reverse sweep for a cotangent
   * u of zeros recorded on a tape that watches u, then differentiated by u. The rules' ops are
   * linear in u, so the result is exact. Needs the record kept (the accumulator's tape is
   * persistent).
   */
  private jvpThroughCustomNodes(primals: Tensor[], tangents: Tensor[], y: Tensor): Tensor | null {
    const u = fill(y.shape, 0, y.dtype);
    const outer = new GradientTape();
    const inner = outer.record(() => {
      outer.watch(u);
      this.live('jvp');
      const grads = this.sweepGradients([y], primals, [u], 'none');
      let total: Tensor | null = null;
      grads.forEach((g, k) => {
        if (g === null) return;
        const term = g.mul(tangents[k]!).sum();
        total = total === null ? term : total.add(term);
      });
      return total;
    });
    if (inner === null) {
      outer.dispose();
      return null;
    }
    return outer.gradient(inner, u);
  }

  private beforeSweep(op: string): void {
    if (this.usedUp) {
      throw new Error(
        'A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians). ' +
          'Create the tape with new tf.GradientTape({persistent: true}) to call it more than once.',
      );
    }
    this.checkUsable(op);
    this.live(op);
  }

  private afterSweep(): void {
    if (!this.persistent) {
      this.usedUp = true;
      this.exit();
      this.free();
    }
  }

  /** Frees what the tape recorded. A persistent tape should be disposed when done. */
  dispose(): void {
    if (eagerSteps.active) eagerSteps.interrupt();
    this.exit();
    this.free();
    this.evictTemporaries();
  }

  /** @internal (RecordingTape) */
  _noteTemporary(t: Tensor): void {
    (this.temporaries ??= []).push(t);
  }

  /** Evicts the temporaries made while recording, except the given tensors (see evictTemporaries). */
  private evictTemporaries(...spare: (Tensor | null)[][]): void {
    const made = this.temporaries;
    if (made === null) return;
    this.temporaries = null;
    evictTemporaries(made, spare.flat().filter((t): t is Tensor => t !== null));
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private free(): void {
    tapeGone(this);
    this.saved = null;
    this.customNodes = null;
    this.disposed = true;
    if (this.id === 0) return;
    tapeFinalizer.unregister(this);
    W.gt_tape_free(this.id);
    this.id = 0;
  }

  /** @internal Moves the record to JS memory and frees it in wasm (ResidentTape); false if the
   * copy could not be made (the tape then stays as it is). */
  _evict(): boolean {
    if (this.id === 0 || this.recording) return false;
    const len = W.gt_tape_export(this.id);
    if (len === 0) return false;
    this.saved = new Uint8Array(W.memory.buffer, W.gt_transfer_ptr() >>> 0, len).slice();
    W.gt_transfer_release();
    tapeFinalizer.unregister(this);
    W.gt_tape_free(this.id);
    this.id = 0;
    return true;
  }

  /** Makes sure the record is in wasm (making the wasm tape on first use, or bringing an evicted
   * record back under a new id) and marks the tape used. A tape made to record (`toRecord`) is
   * made recording, which the result says (true: no push needed), and needs no finalizer: the
   * active tapes hold it while it records, then the resident list until it is used up, disposed
   * or evicted (its record moved to JS memory), so it is never collected with a record in wasm.
   * Registering one costs about as much as a small op (some 200 ns). */
  private live(op: string, toRecord = false): boolean {
    touch(this);
    const saved = this.saved;
    if (saved === null) {
      if (this.id !== 0) return false;
      this.id = newTape(this.persistent, toRecord);
      if (!toRecord) tapeFinalizer.register(this, this.id, this);
      return toRecord;
    }
    const ptr = W.gt_transfer_reserve(saved.length) >>> 0;
    if (ptr === 0) throw lastError(op);
    new Uint8Array(W.memory.buffer, ptr, saved.length).set(saved);
    const id = W.gt_tape_import(saved.length);
    W.gt_transfer_release();
    if (id === 0) throw lastError(op);
    this.id = id;
    this.saved = null;
    tapeFinalizer.register(this, id, this);
    tapeResident(this, W.gt_tape_bytes(id));
    return false;
  }

  /** @internal An eager step's gradient was taken ahead (see eager-steps.ts): the tape is used
   * up as by gradient(), its empty record freed. */
  _spend(): void {
    this.usedUp = true;
    this.free();
  }

  /** @internal An interrupted eager step's tape, recording without a wasm tape (see start): makes
   * it, recording. */
  _makeLive(): void {
    if (this.recording && this.id === 0 && this.saved === null) this.live('record', true);
  }

  /** @internal Whether the tape records (`record`, `enter`). */
  _isRecording(): boolean {
    return this.recording;
  }

  /** @internal The step's pending gradient is taken as written after all (see eager-steps.ts). */
  _unspend(): void {
    this.usedUp = false;
    this.disposed = false;
  }

  private checkUsable(op: string): void {
    if (eagerSteps.active && op !== 'record' && op !== 'enter' && op !== 'gradient') eagerSteps.interrupt();
    if (this.disposed) {
      throw new Error(
        this.usedUp
          ? `${op}: this non-persistent GradientTape was used up by gradient(); create a new tape.`
          : `${op}: this GradientTape was disposed; create a new tape.`,
      );
    }
  }
}

/** A new wasm tape, recording at once when `record` is true. */
function newTape(persistent: boolean, record: boolean): number {
  const id = W.gt_tape_new(persistent ? 1 : 0, record ? 1 : 0);
  if (id === 0) throw lastError('GradientTape');
  return id;
}

function checkTapeOptions(options: unknown): void {
  const o = checkOptions(options, 'GradientTape', ['persistent', 'watchAccessedVariables'], '{persistent: true}');
  checkBoolean(o.persistent, 'GradientTape', 'persistent', false);
  checkBoolean(o.watchAccessedVariables, 'GradientTape', 'watchAccessedVariables', true);
}

function asyncError(op: string): Error {
  return new Error(
    `GradientTape.${op}: the function is async (it returns a Promise). Recording is synchronous: ops after the first ` +
      'await would run after recording stopped, and gradient() would return null. Await outside the tape and pass a ' +
      'synchronous function, e.g. `const batch = await load(); const loss = tape.record(() => lossOf(batch));`.',
  );
}

/** Refuses async functions before running them (so nothing half-runs). */
function checkSynchronous(fn: unknown, op: string): void {
  if (typeof fn !== 'function') throw new Error(`GradientTape.${op}: expected a function, got ${describe(fn)}.`);
  // An ordinary function's constructor is Function: one comparison, no name lookup (a call into
  // V8's runtime) at every record().
  const made = fn.constructor;
  if (made !== Function && (made?.name === 'AsyncFunction' || made?.name === 'AsyncGeneratorFunction')) throw asyncError(op);
}

/** The gradient of a target that is itself one of the sources when no recorded op produced it (a
 * variable the tape never read, a tensor it never watched: `result = v0` in TensorFlow's autodiff
 * guide): that target's upstream gradient, ones unless `outputGradients` gave one, summed over the
 * targets it is. TensorFlow seeds such targets so (source_tensors_that_are_targets in
 * pywrap_tfe_src.cc, InitialGradients in tape.h); integer and bool sources still get none. */
function sourceAsTarget(source: Tensor, targets: readonly Tensor[], upstream: readonly (Tensor | null)[]): Tensor | null {
  if (!isFloat(source.dtype)) return null;
  let sum: Tensor | null = null;
  for (let j = 0; j < targets.length; j++) {
    if (targets[j] !== source) continue;
    const seed = upstream[j] ?? fill(source.shape, 1, source.dtype);
    sum = sum === null ? seed : add(sum, seed);
  }
  return sum;
}

/** gt_tape_gradient's status when a record of rank-0 ops was swept on values. */
const SWEPT_ON_VALUES = 3;

/** A source's gradient when the sweep gave it none: the target's seed for a source that is a
 * target, else zeros (`unconnectedGradients: 'zero'`) or null. */
function unconnectedGradient(source: Tensor, targets: Tensor[], upstream: (Tensor | null)[], unconnected: 'none' | 'zero'): Tensor | null {
  return sourceAsTarget(source, targets, upstream) ?? (unconnected === 'zero' ? fill(source.shape, 0, source.dtype) : null);
}

function adoptGradient(h: number, source: Tensor): Tensor {
  return adoptResult(h, source.shape, source.dtype);
}

/** A tensor for a handle a sweep returned (its shape and dtype known from the request). The clock
 * advances first, as for an op's result (`wrap`): the request's operands may be evicted from now on. */
function adoptResult(h: number, shape: number[], dtype: Tensor['dtype']): Tensor {
  operationDone();
  const t = new NewTensor(h, null, shape, dtype);
  adopt(t);
  return t;
}

/** Per-sweep Jacobian parts (zeros of the source's shape for a missing one) reshaped to
 * `partShape`, joined along `axis` and reshaped to the Jacobian's `shape`: recorded ops, so a
 * Jacobian taken under an outer tape can be differentiated again. */
function joinParts(parts: (Tensor | null)[], source: Tensor, partShape: number[], axis: number, shape: number[]): Tensor {
  if (parts.length === 0) return fill(shape, 0, source.dtype);
  const pieces = parts.map((p) => reshape(p ?? fill(source.shape, 0, source.dtype), partShape));
  return reshape(pieces.length === 1 ? pieces[0]! : concat(pieces, axis), shape);
}

/** The options of `gradient` from its third and fourth arguments: an options object, or
 * TensorFlow's positional `output_gradients` (a tensor, a number, null, or an array of them) and
 * `unconnected_gradients`. (No object is made for the common call, with an options object or none.) */
function gradientOptions(third: unknown, unconnectedGradients: unknown): GradientOptions {
  if (third === undefined || isPlainObject(third)) {
    if (unconnectedGradients === undefined) return (third ?? NO_OPTIONS) as GradientOptions;
    if (third !== undefined) {
      throw new Error(
        `gradient: got ${describe(unconnectedGradients)} after the options; give unconnectedGradients in the options object, or the output gradients positionally before it (null for ones).`,
      );
    }
    return { unconnectedGradients: unconnectedGradients as GradientOptions['unconnectedGradients'] };
  }
  return { outputGradients: third as OutputGradients, unconnectedGradients: unconnectedGradients as GradientOptions['unconnectedGradients'] };
}

/** The options of `jacobian` and `batchJacobian` from their arguments after the sources: an
 * options object, or TensorFlow's positional `unconnected_gradients`, `parallel_iterations` and
 * `experimental_use_pfor`. */
function jacobianOptions(third: unknown, parallelIterations: unknown, experimentalUsePfor: unknown, op: string): JacobianOptions {
  const positional = parallelIterations !== undefined || experimentalUsePfor !== undefined;
  if (!positional && (third === undefined || isPlainObject(third))) return (third ?? NO_OPTIONS) as JacobianOptions;
  if (third !== undefined && third !== null && typeof third !== 'string') {
    throw new Error(`${op}: the third argument is unconnected_gradients ('none' or 'zero') when more follow, or an options object alone; got ${describe(third)}.`);
  }
  const options: JacobianOptions = { unconnectedGradients: (third ?? undefined) as JacobianOptions['unconnectedGradients'] };
  if (parallelIterations !== undefined && parallelIterations !== null) options.parallelIterations = parallelIterations as number;
  if (experimentalUsePfor !== undefined) options.experimentalUsePfor = experimentalUsePfor as boolean;
  return options;
}

const NO_OPTIONS = Object.freeze({});

/**
 * tf.UnconnectedGradients: what `gradient`, `jacobian` and `batchJacobian` give a source the
 * target does not depend on: NONE (null, the default) or ZERO (zeros of the source's shape).
 *
 * @example
 * ```ts
 * const [x, y] = [new tf.Variable(1), new tf.Variable(2)];
 * const tape = new tf.GradientTape();
 * const z = tape.record(() => x.mul(3));
 * const [dx, dy] = tape.gradient(z, [x, y], null, tf.UnconnectedGradients.ZERO);
 * console.log(dx!.item(), dy!.item()); // 3 0
 * ```
 */
export const UnconnectedGradients = Object.freeze({ NONE: 'none', ZERO: 'zero' } as const);

function checkUnconnected(value: unknown, op: string): 'none' | 'zero' {
  const unconnected = value ?? 'none';
  if (unconnected !== 'none' && unconnected !== 'zero') {
    const shown = typeof unconnected === 'string' ? `'${unconnected}'` : describe(unconnected);
    throw new Error(`${op}: Unknown value for unconnected_gradients: ${shown}. Use 'none' or 'zero'.`);
  }
  return unconnected;
}

/** Results in the structure of `sources` (a tensor, or nested arrays/objects of them). */
export function repack<S extends Structure>(sources: S, results: (Tensor | null)[]): GradientOf<S> {
  const structure: unknown = sources;
  if (structure instanceof Tensor) return results[0] as GradientOf<S>;
  const flat = Array.isArray(structure) && structure.every((x) => x instanceof Tensor);
  return (flat ? results : pack(structure, results, { i: 0 })) as GradientOf<S>;
}

export function flattened(s: unknown, what: string): Tensor[] {
  const out: Tensor[] = [];
  flatten(s, what, out);
  return out;
}
