// tf.optimize.minimize's constraints (scipy's old-style constraint dicts): checked, and evaluated
// as SLSQP needs them, values and Jacobians as plain arrays with the equalities' rows first. A
// constraint's Jacobian is its `jac` when given, else the tape's: its gradient for a scalar
// constraint, its Jacobian for a vector one (exact, where scipy differences).

import { constant } from '../creation';
import { describe, isPlainObject } from '../describe';
import { tidy } from '../memory';
import { GradientTape } from '../tape';
import { Tensor } from '../tensor';
import type { SlsqpConstraints } from './slsqp';

/** One constraint of `tf.optimize.minimize` (scipy's constraint dict). */
export interface MinimizeConstraint {
  /** 'eq': fun(x) = 0; 'ineq': fun(x) >= 0 (either in any case, as scipy). */
  type: 'eq' | 'ineq';
  /** The constraint's value at x: a float64 scalar (one constraint) or rank-1 tensor (several),
   * built from gradtape ops so the tape can differentiate it. */
  fun: (x: Tensor) => Tensor;
  /** Its Jacobian at x, when you would rather give it: shape [k, n] for k values (or [n] for a
   * scalar fun), float64. Default: automatic differentiation of `fun`. */
  jac?: (x: Tensor) => Tensor;
}

const KEYS = ['type', 'fun', 'jac'];

/** The constraints as a list, each checked (type lower-cased); an empty list means none. */
export function checkConstraints(v: unknown, op: string): MinimizeConstraint[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((c: unknown, i) => {
    const name = `constraints[${i}]`;
    if (!isPlainObject(c)) throw new Error(`${op}: ${name} must be an object { type: 'eq' | 'ineq', fun, jac? } (scipy: Constraints must be defined using a dictionary), got ${describe(c)}.`);
    const o = c as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (!KEYS.includes(key)) throw new Error(`${op}: ${name} has an unknown key '${key}'; a constraint has type, fun and jac.`);
    }
    if (o.type === undefined) throw new Error(`${op}: ${name} has no type; give type: 'eq' (fun(x) = 0) or 'ineq' (fun(x) >= 0).`);
    if (typeof o.type !== 'string') throw new Error(`${op}: ${name}.type must be the string 'eq' or 'ineq', got ${describe(o.type)}.`);
    const type = o.type.toLowerCase();
    if (type !== 'eq' && type !== 'ineq') {
      throw new Error(`${op}: unknown constraint type ${describe(o.type)} in ${name}; the types are 'eq' (fun(x) = 0) and 'ineq' (fun(x) >= 0).`);
    }
    if (typeof o.fun !== 'function') throw new Error(`${op}: ${name} has no function: fun must be a function of the parameter tensor, got ${describe(o.fun)}.`);
    if (o.jac !== undefined && typeof o.jac !== 'function') {
      throw new Error(`${op}: ${name}.jac must be a function of the parameter tensor (or left out: the tape differentiates fun), got ${describe(o.jac)}.`);
    }
    return { type, fun: o.fun as MinimizeConstraint['fun'], ...(o.jac ? { jac: o.jac as MinimizeConstraint['jac'] } : {}) };
  });
}

/** The constraints as SLSQP evaluates them; each is evaluated at x0 here, to count its values
 * and check them (finite there, float64, rank 0 or 1). */
export function tensorConstraints(list: readonly MinimizeConstraint[], x0: Float64Array, op: string): SlsqpConstraints {
  const n = x0.length;
  // Equalities first, each keeping its index in the user's list for the messages.
  const ordered = [...list.map((c, i) => ({ c, i })).filter((e) => e.c.type === 'eq'), ...list.map((c, i) => ({ c, i })).filter((e) => e.c.type === 'ineq')];
  const sizes: number[] = [];

  const valueOf = (entry: { c: MinimizeConstraint; i: number }, y: unknown, expected: number | undefined): Float64Array => {
    const name = `constraints[${entry.i}].fun`;
    if (!(y instanceof Tensor)) throw new Error(`${op}: ${name} must return a tensor, got ${describe(y)}.`);
    if (y.rank > 1) throw new Error(`${op}: ${name} returned shape [${y.shape.join(', ')}]; it must return a scalar or a rank-1 tensor (one entry per constraint).`);
    if (y.dtype !== 'float64') throw new Error(`${op}: ${name} returned ${y.dtype}; minimize runs in float64: make constants with dtype 'float64' (plain JS numbers as operands are fine).`);
    if (expected !== undefined && y.size !== expected) throw new Error(`${op}: ${name} returned ${y.size} values at one point and ${expected} at x0; it must return as many everywhere.`);
    return Float64Array.from(y.dataSync() as ArrayLike<number>);
  };

  const jacobianOf = (entry: { c: MinimizeConstraint; i: number }, x: Float64Array, k: number): Float64Array => tidy(() => {
    const xt = constant(Float64Array.from(x));
    const { c } = entry;
    if (c.jac) {
      const j: unknown = c.jac(xt);
      const name = `constraints[${entry.i}].jac`;
      if (!(j instanceof Tensor)) throw new Error(`${op}: ${name} must return a tensor, got ${describe(j)}.`);
      const shapeOk = (j.rank === 2 && j.shape[0] === k && j.shape[1] === n) || (k === 1 && j.rank === 1 && j.shape[0] === n);
      if (!shapeOk) throw new Error(`${op}: ${name} returned shape [${j.shape.join(', ')}]; it must have shape [${k}, ${n}] (${k} values of fun, ${n} parameters)${k === 1 ? ` or [${n}]` : ''}.`);
      if (j.dtype !== 'float64') throw new Error(`${op}: ${name} returned ${j.dtype}; it must be float64.`);
      return Float64Array.from(j.dataSync() as ArrayLike<number>);
    }
    const tape = new GradientTape({ watchAccessedVariables: false });
    tape.watch(xt);
    let y: Tensor;
    try {
      y = tape.record(() => c.fun(xt));
      valueOf(entry, y, k);
    } catch (e) {
      tape.dispose();
      throw e;
    }
    const jac = y.rank === 0
      ? tape.gradient(y, xt, { unconnectedGradients: 'zero' }) as Tensor
      : tape.jacobian(y, xt, { unconnectedGradients: 'zero' }) as Tensor;
    return Float64Array.from(jac.dataSync() as ArrayLike<number>);
  });

  const values = (x: Float64Array): Float64Array => {
    const parts = ordered.map((entry, k) => tidy(() => valueOf(entry, entry.c.fun(constant(Float64Array.from(x))), sizes[k])));
    const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const jacobian = (x: Float64Array): Float64Array => {
    const out = new Float64Array(sizes.reduce((s, k) => s + k, 0) * n);
    let row = 0;
    ordered.forEach((entry, k) => {
      if (sizes[k] === 0) return;
      out.set(jacobianOf(entry, x, sizes[k]!), row * n);
      row += sizes[k]!;
    });
    return out;
  };

  // At x0: the sizes, and finite values and Jacobians (later points may be NaN: the line search
  // backs off from them, as scipy's does).
  ordered.forEach((entry) => {
    const v = tidy(() => valueOf(entry, entry.c.fun(constant(Float64Array.from(x0))), undefined));
    const bad = v.findIndex((e) => !Number.isFinite(e));
    if (bad >= 0) throw new Error(`${op}: constraints[${entry.i}].fun(x0) is not finite (entry ${bad} is ${v[bad]}); choose a starting point where the constraints are defined.`);
    sizes.push(v.length);
  });
  const equalities = ordered.reduce((s, e, k) => s + (e.c.type === 'eq' ? sizes[k]! : 0), 0);
  ordered.forEach((entry, k) => {
    if (sizes[k] === 0) return;
    const j = jacobianOf(entry, x0, sizes[k]!);
    const bad = j.findIndex((e) => !Number.isFinite(e));
    if (bad >= 0) {
      throw new Error(`${op}: the Jacobian of constraints[${entry.i}] at x0 is not finite (entry [${Math.floor(bad / n)}, ${bad % n}] is ${j[bad]}); choose a starting point where the constraints are differentiable.`);
    }
  });
  return { count: sizes.reduce((s, k) => s + k, 0), equalities, values, jacobian };
}
