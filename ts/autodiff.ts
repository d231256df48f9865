// Autodiff beyond GradientTape.gradient: tf.customGradient and tf.autodiff.ForwardAccumulator.
// Jacobians are GradientTape methods (ts/tape.ts); the machinery is in Rust (autodiff.rs).

import { fill, toTensor } from './creation';
import { checkOptions, describe, isPlainObject } from './describe';
import { type CustomNode, GradientTape, type GradientOf, type Structure, flattened, repack } from './tape';
import { Tensor, type TensorLike, activeTapes, handleOf, wrap, type RecordingTape } from './tensor';
import { W, writeHandles } from './wasm/runtime';
import { concat, reshape } from './ops';
import { slice } from './shape';

/** What a customGradient function's gradient function receives besides the upstream gradient. */
export interface CustomGradientExtras {
  /** The trainable variables the function read (their gradients come second in the result). */
  variables: Tensor[];
}

/** The gradient function `f` returns: the gradient of each input (an array, or one tensor for
 * one input; null for none), or `[inputGradients, variableGradients]` when `f` read variables. */
export type GradFn = (upstream: Tensor, extras: CustomGradientExtras) => Tensor | null | (Tensor | null)[] | [(Tensor | null)[], (Tensor | null)[]];

/** The gradient function of a function with several results: one upstream gradient per result
 * (zeros for a result the target does not use), then the extras; it returns what `GradFn` does. */
export type MultiGradFn = (...upstreamThenExtras: never[]) => ReturnType<GradFn>;

/** Collects the trainable variables ops read while a customGradient function runs. */
class VariableWatcher implements RecordingTape {
  readonly variables: Tensor[] = [];
  /** @internal */
  _autoWatch(v: Tensor): void {
    if ((v as { _madeTrainable?: boolean })._madeTrainable && !this.variables.includes(v)) this.variables.push(v);
  }
}

let nextCustomId = 1;

/**
 * tf.customGradient: `f(...inputs)` returns `[y, grad]`, and `grad(dy, {variables})` gives the
 * gradients of the inputs (and of the variables `f` read) in place of the ones the tape would
 * compute. The returned function computes `y`; tapes recording around it differentiate it with
 * `grad`, which runs ops like any other code, so it works under nested tapes (higher derivatives
 * differentiate `grad` itself), in Jacobians (one reverse sweep per target element) and in forward
 * mode (by double backprop: `J v = d/du <vjp(u), v>`).
 *
 * `y` may be an array of tensors of one dtype (TensorFlow's several results): `grad` then takes
 * one upstream gradient per result, `grad(dy0, dy1, ..., {variables})`, and the returned function
 * returns the array.
 *
 * @example
 * ```ts
 * // The identity forward, the gradient clipped to [-1, 1] backward.
 * const clipGradient = tf.customGradient((x: tf.Tensor) => [x.mul(1), (dy: tf.Tensor) => tf.clipByValue(dy, -1, 1)]);
 * const x = tf.constant([1, 2]);
 * const tape = new tf.GradientTape();
 * tape.watch(x);
 * const y = tape.record(() => clipGradient(x).mul(5).sum());
 * console.log(tape.gradient(y, x)!.arraySync()); // [ 1, 1 ]
 * ```
 */
export function customGradient<A extends TensorLike[]>(f: (...inputs: Tensor[]) => [Tensor, GradFn]): (...inputs: A) => Tensor;
export function customGradient<A extends TensorLike[]>(f: (...inputs: Tensor[]) => [Tensor[], MultiGradFn]): (...inputs: A) => Tensor[];
export function customGradient<A extends TensorLike[]>(f: (...inputs: Tensor[]) => [Tensor | Tensor[], GradFn | MultiGradFn]): (...inputs: A) => Tensor | Tensor[] {
  if (typeof f !== 'function') throw new Error(`customGradient: expected a function returning [y, grad], got ${describe(f)}.`);
  return (...args: A): Tensor | Tensor[] => {
    const inputs = args.map((a) => toTensor(a, undefined, 'customGradient'));
    const tapes = activeTapes.filter((t): t is GradientTape => t instanceof GradientTape);
    const watcher = new VariableWatcher();
    activeTapes.push(watcher);
    let result: unknown;
    try {
      result = f(...inputs);
    } finally {
      activeTapes.splice(activeTapes.lastIndexOf(watcher), 1);
    }
    const several = Array.isArray(result) && Array.isArray(result[0]);
    if (!Array.isArray(result) || result.length !== 2 || typeof result[1] !== 'function' || !(several ? (result[0] as unknown[]).every((t) => t instanceof Tensor) : result[0] instanceof Tensor)) {
      throw new Error(`customGradient: the function must return [y, grad] (a tensor, or an array of tensors, and a gradient function), got ${describe(result)}.`);
    }
    const [y, grad] = result as [Tensor | Tensor[], (...args: unknown[]) => unknown];
    const ys = several ? (y as Tensor[]) : [y as Tensor];
    if (ys.some((t) => t.dtype !== ys[0]!.dtype)) {
      throw new Error(`customGradient: the function's results must share one dtype, got ${ys.map((t) => t.dtype).join(', ')}; cast them first.`);
    }
    if (tapes.length === 0) return y; // nothing records: y is all there is
    const variables = watcher.variables.filter((v) => !inputs.includes(v));
    const id = nextCustomId++;
    // Several results are one node's output: their values end to end, sliced back into each
    // result by recorded ops, so the node's upstream gradient holds theirs (zeros for a result
    // the target does not use).
    const sizes = ys.map((t) => t.size);
    const joined = several ? concat(ys.map((t) => reshape(t, [t.size])), 0) : (y as Tensor);
    const handles = [...inputs, ...variables, joined].map((t) => handleOf(t, 'customGradient'));
    writeHandles(handles);
    const out = wrap(W.gt_record_custom(id, inputs.length + variables.length), 'customGradient');
    const extras = { variables };
    const node: CustomNode = {
      result: out,
      rule: (upstream) => {
        if (!several) return ruleResult(grad(upstream, extras), inputs.length, variables.length);
        const dys = parts(upstream, sizes).map((dy, i) => reshape(dy, ys[i]!.shape));
        return ruleResult(grad(...dys, extras), inputs.length, variables.length);
      },
    };
    for (const t of tapes) t._customNode(id, node);
    if (!several) return out;
    return parts(out, sizes).map((part, i) => reshape(part, ys[i]!.shape));
  };
}

/** `flat` cut into consecutive pieces of `sizes` elements. */
function parts(flat: Tensor, sizes: number[]): Tensor[] {
  let at = 0;
  return sizes.map((n) => {
    const piece = slice(flat, [at], [n]);
    at += n;
    return piece;
  });
}

/** The gradient function's result as one gradient per node input (inputs, then variables). */
function ruleResult(r: unknown, nInputs: number, nVariables: number): (Tensor | null)[] {
  const one = (g: unknown, what: string): Tensor | null => {
    if (g === null || g === undefined) return null;
    if (g instanceof Tensor) return g;
    throw new Error(`customGradient: the gradient function returned ${describe(g)} for ${what}; return a tensor (or null).`);
  };
  if (nVariables > 0) {
    if (!Array.isArray(r) || r.length !== 2 || !Array.isArray(r[1])) {
      throw new Error(
        `customGradient: the function read ${nVariables} variable(s), so its gradient function must return [inputGradients, variableGradients], got ${describe(r)}.`,
      );
    }
    const inputs = Array.isArray(r[0]) ? r[0] : [r[0]];
    if (inputs.length !== nInputs || r[1].length !== nVariables) {
      throw new Error(`customGradient: expected ${nInputs} input and ${nVariables} variable gradients, got ${inputs.length} and ${r[1].length}.`);
    }
    return [...inputs.map((g, i) => one(g, `input ${i}`)), ...r[1].map((g: unknown, i: number) => one(g, `variable ${i}`))];
  }
  const list = Array.isArray(r) ? r : [r];
  if (list.length !== nInputs) {
    throw new Error(`customGradient: the gradient function returned ${list.length} gradient(s) for ${nInputs} input(s); return one per input.`);
  }
  return list.map((g, i) => one(g, `input ${i}`));
}

/**
 * tf.autodiff.ForwardAccumulator: forward-mode derivatives. Ops run inside `record` (or between
 * `enter()` and its disposal) that read the primals are tracked; `jvp(target)` is the directional
 * derivative of `target` along the tangents (a Jacobian-vector product).
 */
export class ForwardAccumulator {
  private readonly tape: GradientTape;
  private readonly primals: Tensor[];
  private readonly tangents: Tensor[];

  constructor(primals: Structure | { primals: Structure; tangents: Structure }, tangents?: Structure) {
    let p: unknown = primals;
    let t: unknown = tangents;
    if (tangents === undefined && isPlainObject(primals) && 'primals' in primals && 'tangents' in primals) {
      checkOptions(primals, 'ForwardAccumulator', ['primals', 'tangents'], '{primals: x, tangents: v}');
      ({ primals: p, tangents: t } = primals as { primals: Structure; tangents: Structure });
    }
    this.primals = p instanceof Tensor ? [p] : flattened(p, 'primals');
    // One primal's tangent may be given as values (an array, a number), converted to its dtype as
    // TensorFlow converts it.
    if (p instanceof Tensor && !(t instanceof Tensor) && (typeof t === 'number' || Array.isArray(t) || ArrayBuffer.isView(t))) {
      t = toTensor(t as TensorLike, p.dtype, 'ForwardAccumulator');
    }
    this.tangents = t instanceof Tensor ? [t] : flattened(t, 'tangents');
    if (this.primals.length !== this.tangents.length) {
      throw new Error(`ForwardAccumulator: got ${this.primals.length} primals and ${this.tangents.length} tangents; pass one tangent per primal.`);
    }
    this.primals.forEach((x, i) => {
      const v = this.tangents[i]!;
      if (x.dtype !== v.dtype || x.shape.length !== v.shape.length || x.shape.some((d, k) => d !== v.shape[k])) {
        throw new Error(
          `ForwardAccumulator: tangent ${i} has shape [${v.shape}] and dtype ${v.dtype}, but its primal has shape [${x.shape}] and dtype ${x.dtype}; they must match.`,
        );
      }
    });
    this.tape = new GradientTape({ persistent: true, watchAccessedVariables: false });
    this.tape.watch(this.primals);
  }

  /** Runs `fn` while accumulating and returns its result (TensorFlow's `with acc:`). */
  record<T>(fn: () => T): T {
    return this.tape.record(fn);
  }

  /** Starts accumulating; the returned disposable stops (for `using`). */
  enter(): { [Symbol.dispose](): void } {
    return this.tape.enter();
  }

  /** Stops accumulating. */
  exit(): void {
    this.tape.exit();
  }

  /** The tangent of `target` (a tensor or a structure of them): null where the primals do not
   * reach it, or zeros with `unconnectedGradients: 'zero'`. */
  jvp<S extends Structure>(target: S, options: { unconnectedGradients?: 'none' | 'zero' } = {}): GradientOf<S> {
    checkOptions(options, 'jvp', ['unconnectedGradients'], "{unconnectedGradients: 'zero'}");
    const unconnected = options.unconnectedGradients ?? 'none';
    if (unconnected !== 'none' && unconnected !== 'zero') throw new Error(`jvp: Unknown value for unconnected_gradients: ${describe(unconnected)}.`);
    const targets = target instanceof Tensor ? [target] : flattened(target, 'target');
    const results = this.tape._jvp(this.primals, this.tangents, targets);
    const filled = results.map((r, i) => r ?? (unconnected === 'zero' ? zerosOf(targets[i]!) : null));
    return repack(target, filled);
  }

  /** Frees what the accumulator recorded. */
  dispose(): void {
    this.tape.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

function zerosOf(t: Tensor): Tensor {
  return fill(t.shape, 0, t.dtype);
}

// The class under a distinct name, for the type namespace in index.ts (see optimizers.ts).
export type ForwardAccumulatorClass = ForwardAccumulator;

/**
 * tf.grad_pass_through(f): a function computing `f(x)` whose gradient passes straight through,
 * as if `f` were the identity (for a non-differentiable step in a model, such as a rounding).
 * `f` takes one tensor and returns one of the same shape.
 *
 * @example
 * ```ts
 * const roundThrough = tf.gradPassThrough((v: tf.Tensor) => tf.round(v));
 * const x = tf.constant([0.4, 1.6]);
 * const tape = new tf.GradientTape();
 * tape.watch(x);
 * const y = tape.record(() => roundThrough(x).mul(3).sum());
 * console.log(tape.gradient(y, x)!.arraySync()); // [ 3, 3 ]
 * ```
 */
export function gradPassThrough(f: (x: Tensor) => Tensor): (x: TensorLike) => Tensor {
  if (typeof f !== 'function') throw new Error(`gradPassThrough: f must be a function, got ${describe(f)}.`);
  return customGradient((x: Tensor) => {
    const y = f(x);
    if (!(y instanceof Tensor) || y.shape.length !== x.shape.length || y.shape.some((d, i) => d !== x.shape[i])) {
      throw new Error(`gradPassThrough: f must return a tensor of its input's shape [${x.shape.join(', ')}], got ${describe(y)}.`);
    }
    return [y, (dy: Tensor) => dy];
  });
}

/** tf.recompute_grad(f): `f` itself. TensorFlow recomputes f's forward pass during the backward
 * pass to save memory; the values and gradients are the same, which is what gradtape gives. */
export function recomputeGrad<F extends (...args: never[]) => unknown>(f: F): F {
  if (typeof f !== 'function') throw new Error(`recomputeGrad: f must be a function, got ${describe(f)}.`);
  return f;
}
