// A function of one variable as tf.optimize's scalar solvers take it: either on plain numbers
// (x => number, as scipy's) or on gradtape tensors (x: rank-0 float64 tensor => rank-0 float64
// tensor), told apart at the first evaluation, which passes a number: a number back means the
// first kind; a tensor back (tf.* ops accept numbers), or a throw followed by a tensor back when
// given a tensor, the second (then evaluated again at a float64 tensor). A tensor function's derivatives come from GradientTapes (nested for
// the second), which is how rootScalar's Newton and Halley methods need no fprime.

import { constant } from '../creation';
import { describe } from '../describe';
import { tidy } from '../memory';
import { GradientTape } from '../tape';
import { Tensor } from '../tensor';

/** A function of one number, on numbers or on rank-0 float64 tensors. */
export type ScalarFunctionOfOne = ((x: number) => number) | ((x: Tensor) => Tensor);

export class ScalarCallable {
  private kind: 'unknown' | 'number' | 'tensor' = 'unknown';

  constructor(private readonly f: ScalarFunctionOfOne, private readonly op: string, private readonly name = 'f') {
    if (typeof f !== 'function') {
      throw new Error(`${op}: ${name} must be a function of one number (x => number), or of a rank-0 tensor returning one (x => tensor), got ${describe(f)}.`);
    }
  }

  /** Whether f computes on tensors (known after the first evaluation). */
  get onTensors(): boolean {
    return this.kind === 'tensor';
  }

  /** f(x). */
  value(x: number): number {
    if (this.kind === 'tensor') return this.tensorValue(x);
    if (this.kind === 'number') return this.numberOf((this.f as (x: number) => number)(x));
    let thrown: unknown = null;
    const v = tidy(() => {
      let out: unknown;
      try {
        out = (this.f as (x: number) => unknown)(x);
      } catch (e) {
        thrown = e;
        return NaN;
      }
      if (out instanceof Tensor) return null;
      this.kind = 'number';
      return this.numberOf(out);
    });
    // A tensor from a number (tf.square(3) is float32): evaluated again on a float64 tensor.
    if (v === null) {
      this.kind = 'tensor';
      return this.tensorValue(x);
    }
    if (thrown === null) return v;
    // Perhaps a function of a tensor (x.mul(x) fails on a number): give it one. If it fails on
    // that too, the first failure is the one to report; if it returns a tensor, it is one.
    return tidy(() => {
      let out: Tensor;
      try {
        out = this.tensorResult(constant(x, 'float64'));
      } catch {
        throw thrown;
      }
      this.kind = 'tensor';
      return this.read(out);
    });
  }

  /** [f(x), f'(x)] or [f(x), f'(x), f''(x)] from tapes; null when f computes on numbers. */
  derivatives(x: number, order: 1 | 2): number[] | null {
    if (this.kind === 'unknown') this.value(x);
    if (this.kind === 'number') return null;
    return tidy(() => {
      const xt = constant(x, 'float64');
      const outer = new GradientTape({ watchAccessedVariables: false });
      outer.watch(xt);
      let y!: Tensor, g!: Tensor;
      try {
        g = outer.record(() => {
          const inner = new GradientTape({ watchAccessedVariables: false });
          inner.watch(xt);
          try {
            y = inner.record(() => this.tensorResult(xt));
          } catch (e) {
            inner.dispose();
            throw e;
          }
          return inner.gradient(y, xt, { unconnectedGradients: 'zero' }) as Tensor;
        });
      } catch (e) {
        outer.dispose();
        throw e;
      }
      const out = [this.read(y), this.read(g)];
      if (order === 2) out.push(this.read(outer.gradient(g, xt, { unconnectedGradients: 'zero' }) as Tensor));
      else outer.dispose();
      return out;
    });
  }

  private tensorValue(x: number): number {
    return tidy(() => this.read(this.tensorResult(constant(x, 'float64'))));
  }

  private tensorResult(xt: Tensor): Tensor {
    const out = (this.f as (x: Tensor) => unknown)(xt);
    if (!(out instanceof Tensor)) {
      throw new Error(`${this.op}: ${this.name} returned ${describe(out)} for a tensor argument; a function of tensors must return a rank-0 float64 tensor (a function of numbers, a number).`);
    }
    return out;
  }

  private read(y: Tensor): number {
    if (y.size !== 1) throw new Error(`${this.op}: ${this.name} returned shape [${y.shape.join(', ')}]; it must return a single value (a rank-0 tensor).`);
    if (y.dtype !== 'float64') {
      throw new Error(`${this.op}: ${this.name} returned ${y.dtype}; it runs in float64: make constants with dtype 'float64' (plain JS numbers as operands are fine).`);
    }
    return (y.dataSync() as ArrayLike<number>)[0]!;
  }

  private numberOf(v: unknown): number {
    if (typeof v !== 'number') throw new Error(`${this.op}: ${this.name} must return a number or a rank-0 tensor, got ${describe(v)}.`);
    return v;
  }
}
