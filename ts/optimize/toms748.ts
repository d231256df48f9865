// The root of a function of one variable on an interval where it changes sign, by Algorithm 748
// of Alefeld, Potra and Shi (ACM TOMS 21, 1995), as scipy 1.17's TOMS748Solver runs it
// (_zeros_py.py), step for step: each iteration makes k steps of inverse cubic interpolation
// through the bracket's ends and the two points it last dropped (or Newton steps on the quadratic
// through three of them when their values are too close), then a double-length secant step from
// the end with the smaller |f|, and bisects when the bracket has not halved.
// Plain numbers; this file knows nothing about tensors.

import { pythonFloatRepr, pythonFormat } from '../models/python-format';
import { isClose } from './newton-scalar';
import type { BracketedRoot } from './bracketed-roots';

const EPS = 2.220446049250313e-16;
/** The bracket must shrink by this factor each iteration, else a bisection follows. */
const MU = 0.5;

/** A number as scipy holds it: a Python float, or a numpy float64 (its repr differs: the failure
 * message prints the bracket as Python prints the list). */
interface Held {
  v: number;
  numpy: boolean;
}

/** np.sign. */
const npSign = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN);

/** np.frexp's exponent: v = m·2^e with 0.5 <= |m| < 1 (0 for 0). */
function frexpExponent(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  let e = Math.floor(Math.log2(Math.abs(v))) + 1;
  // (log2 may round across a power of two.)
  if (Math.abs(v) / 2 ** e >= 1) e++;
  else if (Math.abs(v) / 2 ** e < 0.5) e--;
  return e;
}

/** Python's format of `x` with spec `spec` ('e', 'f', 'g'). */
const format = (x: number, spec: string): string => pythonFormat(`{x:${spec}}`, new Map([['x', { value: x, isInt: false }]]));

/** scipy's _notclose: all values nonzero, finite and pairwise not close (absolute tolerance 32ε).
 * Missing values (null) count as not-all-nonzero. */
function notClose(fs: (number | null)[]): boolean {
  if (fs.some((f) => f === null || f === 0 || !Number.isFinite(f))) return false;
  for (let i = 0; i < fs.length; i++) for (let j = i + 1; j < fs.length; j++) if (isClose(fs[i]!, fs[j]!, 0, 32 * EPS)) return false;
  return true;
}

/** The cubic through (fa, a), (fb, b), (fc, c), (fd, d) at 0 by Neville's algorithm: x as a
 * function of f, evaluated where f vanishes (scipy's _inverse_poly_zero). */
function inversePolyZero(xs: number[], fs: number[]): number {
  const n = xs.length;
  // Q and D of Neville's tableau, column by column (the x values are fs, the values xs).
  let q = [...xs];
  let d = [...xs];
  const lastRow: number[] = [xs[n - 1]!];
  for (let k = 1; k < n; k++) {
    const nq: number[] = [];
    const nd: number[] = [];
    for (let i = 0; i < n - k; i++) {
      const alpha = d[i + 1]! - q[i]!;
      const diffik = fs[i]! - fs[i + k]!;
      nq.push(((fs[i + k]! - 0) / diffik) * alpha);
      nd.push(((fs[i]! - 0) / diffik) * alpha);
    }
    q = nq;
    d = nd;
    lastRow.push(q[n - k - 1]!);
  }
  // np.sum(Q[-1, 1:]) + Q[-1, 0]: the corrections left to right, then the value.
  let sum = lastRow[1]!;
  for (let k = 2; k < n; k++) sum += lastRow[k]!;
  return sum + lastRow[0]!;
}

export function toms748(
  f: (x: number) => number, a0: number, b0: number, xtol: number, rtol: number, maxiter: number, kIn: number, disp: boolean,
): BracketedRoot {
  const k = Math.max(kIn, 1);
  let functionCalls = 0;
  let iterations = 0;
  const callf = (x: number): number => {
    const fx = f(x);
    functionCalls++;
    if (!Number.isFinite(fx)) throw new Error(`Invalid function value: f(${format(x, 'f')}) -> ${pythonFloatRepr(fx)} `);
    return fx;
  };
  const result = (root: number, flag: 0 | -2 = 0): BracketedRoot => ({ root, iterations, functionCalls, flag });
  const ab: [Held, Held] = [{ v: a0, numpy: false }, { v: b0, numpy: false }];
  const fab: [number, number] = [NaN, NaN];
  const midpoint = (): Held => ({ v: (ab[0].v + ab[1].v) / 2.0, numpy: ab[0].numpy || ab[1].numpy });
  /** Replaces the end whose value has c's sign by c; returns the end dropped. */
  const updateBracket = (c: Held, fc: number): [number, number] => {
    const idx = npSign(fab[0]) * npSign(fc) > 0 ? 0 : 1;
    const dropped: [number, number] = [ab[idx].v, fab[idx]];
    fab[idx] = fc;
    ab[idx] = c;
    return dropped;
  };

  // start()
  const fa = callf(a0);
  if (fa === 0) return result(a0);
  const fb = callf(b0);
  if (fb === 0) return result(b0);
  if (npSign(fb) * npSign(fa) > 0) {
    throw new Error(`f(a) and f(b) must have different signs, but f(${format(a0, 'e')})=${format(fa, 'e')}, f(${format(b0, 'e')})=${format(fb, 'e')} `);
  }
  fab[0] = fa;
  fab[1] = fb;

  // The first step has two points only: a secant step.
  let c: Held = { v: secant(ab[0].v, ab[1].v, fa, fb), numpy: false };
  if (!(ab[0].v < c.v && c.v < ab[1].v)) c = midpoint();
  let fc = callf(c.v);
  if (fc === 0) return result(c.v);
  let [d, fd] = updateBracket(c, fc) as [number, number];
  let e: number | null = null, fe: number | null = null;
  iterations++;

  for (;;) {
    // iterate()
    iterations++;
    const abWidth = ab[1].v - ab[0].v;
    let cc: Held | null = null;
    for (let nsteps = 2; nsteps < k + 2; nsteps++) {
      // Inverse cubic interpolation when the four values are well apart, else Newton steps on
      // the quadratic through a, b and d.
      if (notClose([fab[0], fab[1], fd, fe])) {
        const c0 = inversePolyZero([ab[0].v, ab[1].v, d, e!], [fab[0], fab[1], fd, fe!]);
        if (ab[0].v < c0 && c0 < ab[1].v) cc = { v: c0, numpy: true };
      }
      cc ??= newtonQuadratic(ab, fab, d, fd, nsteps, midpoint);
      const fcc = callf(cc.v);
      if (fcc === 0) return result(cc.v);
      e = d; fe = fd;
      [d, fd] = updateBracket(cc, fcc);
    }
    // u: the end with the smaller |f|; a double-length secant step from it.
    const uix = Math.abs(fab[0]) < Math.abs(fab[1]) ? 0 : 1;
    const u = ab[uix].v, fu = fab[uix];
    const slope = (fab[1] - fab[0]) / (ab[1].v - ab[0].v);
    let next: Held = { v: u - (2 * fu) / slope, numpy: true };
    if (Math.abs(next.v - u) > 0.5 * (ab[1].v - ab[0].v)) {
      next = midpoint();
    } else if (isClose(next.v, u, EPS, 0)) {
      // c did not move (much): the ends' values differ vastly, or the root is at that end.
      if (frexpExponent(fab[uix]) < frexpExponent(fab[1 - uix]!) - 50) {
        next = { v: (31 * ab[uix].v + ab[1 - uix]!.v) / 32, numpy: ab[0].numpy || ab[1].numpy };
      } else {
        // A step about the size of the tolerance asked for.
        const mm = uix === 0 ? 1 : -1;
        next = { v: u + (mm * Math.abs(next.v) * rtol + mm * xtol), numpy: true };
      }
      if (!(ab[0].v < next.v && next.v < ab[1].v)) next = midpoint();
    }
    const fnext = callf(next.v);
    if (fnext === 0) return result(next.v);
    e = d; fe = fd;
    [d, fd] = updateBracket(next, fnext);
    // Bisect when the bracket did not shrink enough.
    if (ab[1].v - ab[0].v > MU * abWidth) {
      e = d; fe = fd;
      const z = midpoint();
      const fz = callf(z.v);
      if (fz === 0) return result(z.v);
      [d, fd] = updateBracket(z, fz);
    }
    // get_status()
    if (isClose(ab[0].v, ab[1].v, rtol, xtol)) return result(midpoint().v);
    if (iterations >= maxiter) {
      if (disp) {
        const held = (h: Held) => (h.numpy ? `np.float64(${pythonFloatRepr(h.v)})` : pythonFloatRepr(h.v));
        throw new Error(`Failed to converge after ${iterations + 1} iterations, bracket is [${held(ab[0])}, ${held(ab[1])}]`);
      }
      return result(midpoint().v, -2);
    }
  }
}

/** scipy's _secant: the secant step, formulated from the end with the larger |f|. */
function secant(x0: number, x1: number, f0: number, f1: number): number {
  if (f0 === f1) return NaN;
  if (Math.abs(f1) > Math.abs(f0)) return (-f0 / f1 * x1 + x0) / (1 - f0 / f1);
  return (-f1 / f0 * x0 + x1) / (1 - f1 / f0);
}

/** scipy's _newton_quadratic: k Newton steps on the quadratic through a, b and d (outside
 * [a, b]), from the end where it has f's sign; the midpoint when a step leaves the bracket. */
function newtonQuadratic(ab: [Held, Held], fab: [number, number], d: number, fd: number, k: number, midpoint: () => Held): Held {
  const a = ab[0].v, b = ab[1].v;
  const [fa, fb] = fab;
  // Divided differences f[a, b] and f[a, b, d].
  const fab1 = (fb - fa) / (b - a);
  const fbd = (fd - fb) / (d - b);
  const A = (fbd - fab1) / (d - a);
  const B = fab1;
  const p = (x: number) => (A * (x - b) + B) * (x - a) + fa;
  if (A === 0) return { v: a - fa / B, numpy: true };
  let r: Held = npSign(A) * npSign(fa) > 0 ? ab[0] : ab[1];
  for (let i = 0; i < k; i++) {
    const r1 = r.v - p(r.v) / (B + A * (2 * r.v - a - b));
    if (!(a < r1 && r1 < b)) {
      if (a < r.v && r.v < b) return r;
      return midpoint();
    }
    r = { v: r1, numpy: true };
  }
  return r;
}
