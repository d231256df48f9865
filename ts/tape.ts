// tf.GradientTape. The record lives in Rust (crates/gradtape-core/src/engine.rs); this class
// enters and leaves it, watches tensors, and packs gradients back into the caller's structure.

import { fill } from './creation';
import { isFloat } from './dtype';
import { Tensor, activeTapes, handleOf, residentHandle, wrap, type RecordingTape } from './tensor';
import { W, initSync, lastError, scratch } from './wasm/runtime';

export interface GradientTapeOptions {
  persistent?: boolean;
  watchAccessedVariables?: boolean;
}

export interface GradientOptions {
  /** One upstream gradient per target (same shape), or null for ones: a vector-Jacobian product. */
  outputGradients?: Tensor | (Tensor | null)[] | null;
  /** What an unconnected source gets: null ('none', the default) or zeros ('zero'). */
  unconnectedGradients?: 'none' | 'zero';
}

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
let persistentInContextWarned = false;

const tapeFinalizer = new FinalizationRegistry<number>((id) => {
  if (W) W.gt_tape_free(id);
});

function flatten(s: unknown, what: string, out: Tensor[]): void {
  if (s instanceof Tensor) out.push(s);
  else if (Array.isArray(s)) for (const x of s) flatten(x, what, out);
  else if (s !== null && typeof s === 'object' && Object.getPrototypeOf(s) === Object.prototype) {
    for (const x of Object.values(s)) flatten(x, what, out);
  } else {
    throw new Error(
      `Passed in object ${String(s)} of type ${s === null ? 'null' : typeof s}, not tf.Tensor or tf.Variable (in ${what}). ` +
        'Pass a tensor, a variable, or an array/object of them.',
    );
  }
}

function pack(s: unknown, flat: (Tensor | null)[], next: { i: number }): unknown {
  if (s instanceof Tensor) return flat[next.i++]!;
  if (Array.isArray(s)) return s.map((x) => pack(x, flat, next));
  return Object.fromEntries(Object.entries(s as object).map(([k, x]) => [k, pack(x, flat, next)]));
}

export class GradientTape implements RecordingTape {
  readonly persistent: boolean;
  readonly watchAccessedVariables: boolean;
  /** Rust tape id + 1; 0 once freed. */
  private id: number;
  private recording = false;
  private usedUp = false;
  private readonly watched: Tensor[] = [];
  private readonly watchedSet = new Set<Tensor>();

  constructor(options: GradientTapeOptions = {}) {
    initSync();
    this.persistent = options.persistent ?? false;
    this.watchAccessedVariables = options.watchAccessedVariables ?? true;
    this.id = W.gt_tape_new(this.persistent ? 1 : 0);
    tapeFinalizer.register(this, this.id, this);
  }

  /** Runs `fn` while recording and returns its result; recording stops even if `fn` throws. */
  record<T>(fn: () => T): T {
    this.enter();
    try {
      return fn();
    } finally {
      this.exit();
    }
  }

  /** Starts recording (`with tape:`); prefer `record(fn)`. Returns a disposable for `using`. */
  enter(): { [Symbol.dispose](): void } {
    this.checkUsable('enter');
    if (this.recording || W.gt_tape_push(this.id) !== 1) {
      throw new Error('Tape is still recording, This can happen if you try to re-enter an already-active tape.');
    }
    this.recording = true;
    activeTapes.push(this);
    return { [Symbol.dispose]: () => this.exit() };
  }

  /** Stops recording. */
  exit(): void {
    if (!this.recording) return;
    this.recording = false;
    const i = activeTapes.lastIndexOf(this);
    if (i !== -1) activeTapes.splice(i, 1);
    if (this.id !== 0) W.gt_tape_pop(this.id);
  }

  /** Runs `fn` without recording on this tape. */
  stopRecording<T>(fn: () => T): T {
    if (!this.recording) throw new Error('Trying to stop recording a tape which is not recording.');
    this.exit();
    try {
      return fn();
    } finally {
      this.enter();
    }
  }

  /** Forgets everything recorded and watched so far (TensorFlow's `reset`). */
  reset(): void {
    this.checkUsable('reset');
    W.gt_tape_reset(this.id);
    this.watched.length = 0;
    this.watchedSet.clear();
  }

  /** Ensures gradients can be taken with respect to `x` (a tensor, or an array/object of them). */
  watch(x: Structure): void {
    this.checkUsable('watch');
    const flat: Tensor[] = [];
    flatten(x, 'watch', flat);
    for (const t of flat) this.watchOne(t);
  }

  /** The variables this tape watched, in the order they were first watched. */
  watchedVariables(): Tensor[] {
    return this.watched.filter((t) => t._isVar);
  }

  /** @internal Called by ops for each variable they read while this tape records. */
  _autoWatch(v: Tensor): void {
    if (this.watchAccessedVariables && !this.watchedSet.has(v) && (v as { trainable?: boolean }).trainable) this.watchOne(v);
  }

  private watchOne(t: Tensor): void {
    if (this.watchedSet.has(t)) return;
    if (!isFloat(t.dtype)) {
      if (dtypeWarnings++ < 5) console.warn(`WARNING: The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.${t.dtype}`);
      return;
    }
    if (W.gt_tape_watch(this.id, residentHandle(t, 'watch')) === 0) throw lastError('watch');
    this.watched.push(t);
    this.watchedSet.add(t);
  }

  /**
   * d(sum of `target`)/d`sources`, in the sources' structure. A non-persistent tape can do this once.
   */
  gradient<S extends Structure>(target: Structure, sources: S, options: GradientOptions = {}): GradientOf<S> {
    if (this.usedUp) {
      throw new Error(
        'A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians). ' +
          'Create the tape with new tf.GradientTape({persistent: true}) to call gradient() more than once.',
      );
    }
    this.checkUsable('gradient');
    const unconnected = options.unconnectedGradients ?? 'none';
    if (unconnected !== 'none' && unconnected !== 'zero') {
      throw new Error(`Unknown value for unconnected_gradients: '${String(unconnected)}'. Use 'none' or 'zero'.`);
    }
    if (target === undefined || target === null) {
      throw new Error('Argument `target` should be a tensor or an array of tensors to be differentiated, but received ' + String(target) + '.');
    }
    const targets: Tensor[] = [];
    flatten(target, 'target', targets);
    const flatSources: Tensor[] = [];
    flatten(sources, 'sources', flatSources);
    const upstream: (Tensor | null)[] = [];
    if (options.outputGradients !== undefined && options.outputGradients !== null) {
      // One entry per target; a null entry means "ones", as TensorFlow's None does.
      const given = options.outputGradients;
      for (const g of Array.isArray(given) ? given : [given]) {
        if (g !== null && !(g instanceof Tensor)) flatten(g, 'outputGradients', []);
        upstream.push(g as Tensor | null);
      }
      if (upstream.length !== targets.length) {
        throw new Error(`gradient: got ${upstream.length} outputGradients for ${targets.length} targets; pass one per target.`);
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

    const handles = [
      ...targets.map((t) => handleOf(t, 'gradient')),
      ...flatSources.map((t) => handleOf(t, 'gradient')),
      ...targets.map((_, i) => (upstream[i] ? handleOf(upstream[i]!, 'gradient') : 0)),
    ];
    const s = scratch();
    for (let i = 0; i < handles.length; i++) s[i] = handles[i]!;
    if (W.gt_tape_gradient(this.id, targets.length, flatSources.length) !== 1) throw lastError('gradient');
    const resultHandles = Array.from(scratch().subarray(0, flatSources.length));
    const grads = flatSources.map((src, i) => {
      const h = resultHandles[i]!;
      if (h !== 0) return wrapGradient(h, src);
      return unconnected === 'zero' ? fill(src.shape, 0, src.dtype) : null;
    });

    if (!this.persistent) {
      // TensorFlow drops a non-persistent tape's record after its one gradient (and stops recording).
      this.usedUp = true;
      this.exit();
      this.free();
    }
    return pack(sources, grads, { i: 0 }) as GradientOf<S>;
  }

  /** Frees what the tape recorded. A persistent tape should be disposed when done. */
  dispose(): void {
    this.exit();
    this.free();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private free(): void {
    if (this.id === 0) return;
    tapeFinalizer.unregister(this);
    W.gt_tape_free(this.id);
    this.id = 0;
  }

  private checkUsable(op: string): void {
    if (this.id === 0) {
      throw new Error(
        this.usedUp
          ? `${op}: this non-persistent GradientTape was used up by gradient(); create a new tape.`
          : `${op}: this GradientTape was disposed; create a new tape.`,
      );
    }
  }
}

function wrapGradient(h: number, source: Tensor): Tensor {
  // The gradient has its source's shape; ask wasm for it anyway so the shape is what Rust produced.
  W.gt_tensor_shape(h);
  return wrap(h, source.dtype, 'gradient');
}
