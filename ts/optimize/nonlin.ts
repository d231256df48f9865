// scipy's nonlin_solve (scipy/optimize/_nonlin.py, scipy 1.17) and the Jacobian approximations
// tf.optimize.root's methods 'broyden1', 'broyden2', 'anderson', 'linearmixing', 'diagbroyden' and
// 'excitingmixing' run with it, and 'krylov' (krylov.ts): an inexact Newton iteration x ← x + s·dx, dx = -J⁻¹F(x), with an
// approximation of J⁻¹ (or of J) updated from the steps and the changes of F, and a line search on
// ‖F(x + s·dx)‖² ('armijo', scipy's default; 'wolfe'; or none). Step for step as scipy: its
// arithmetic in its order, with its BLAS (dnrm2 for scipy.linalg.norm, ddot and daxpy) and numpy's
// matrix-vector products as OpenBLAS computes them. Plain numbers; this file knows nothing about
// tensors.

import { dcsrch } from './dcsrch';
import { numpyMatrixVector, numpyTransposedMatrixVector } from './numpy-matrix-products';
import { daxpy, ddot, dnrm2, dpotrf, dpotrs } from './openblas';
import { pyMax, pyMin } from './python-minmax';

/** The methods of `nonlinSolve`, by the name of their Jacobian approximation. */
export type NonlinMethod = 'broyden1' | 'broyden2' | 'anderson' | 'linearmixing' | 'diagbroyden' | 'excitingmixing';

/** The settings of the Jacobian approximations (scipy's jac_options), each method reading its own. */
export interface JacobianSettings {
  /** The first approximation is J = -1/alpha; null: 0.5·max(‖x0‖, 1)/‖F(x0)‖ (1 when F(x0) = 0). */
  alpha: number | null;
  /** broyden1 and broyden2: how the rank of the low-rank matrix is kept at most maxRank. */
  reductionMethod: 'restart' | 'simple';
  /** broyden1 and broyden2 (Infinity: no reduction). */
  maxRank: number;
  /** anderson: the number of earlier steps kept. */
  M: number;
  /** anderson: the regularization of the small system. */
  w0: number;
  /** excitingmixing: the largest entry of the diagonal inverse Jacobian. */
  alphamax: number;
}

/** nonlin_solve's settings (scipy's names: f_tol, f_rtol, x_tol, x_rtol, iter, maxiter). */
export interface NonlinSettings {
  fTol: number;
  fRtol: number;
  xTol: number;
  xRtol: number;
  /** scipy's `iter` (root's nit): this many iterations exactly, or null. */
  iterations: number | null;
  /** null: iterations + 1 when that is given, else 100·(n + 1). */
  maxIterations: number | null;
  /** The norm of the termination tests (scipy's maximum norm by default). */
  tolNorm: (v: Float64Array) => number;
  lineSearch: 'armijo' | 'wolfe' | null;
  /** scipy's verbose output: called with each iteration's line. */
  report: ((line: string) => void) | null;
  /** Formats a number as Python's `{:g}` (for `report`). */
  formatG: (v: number) => string;
  /** The caller's name, for the messages of the errors scipy raises too. */
  op: string;
}

/** What nonlin_solve returns (scipy's info). */
export interface NonlinResult {
  x: Float64Array;
  fun: Float64Array;
  /** 1: the tolerances are met; 2: maxIterations (or nit) iterations made. */
  status: 1 | 2;
  /** The termination tests made (scipy's nit). */
  nit: number;
  /** Evaluations of F. */
  nfev: number;
}

/** The largest |entry|, NaN when an entry is NaN (numpy's np.absolute(x).max()). */
export function maxNorm(v: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (Number.isNaN(a)) return a;
    if (a > largest) largest = a;
  }
  return v.length === 0 ? Number.NaN : largest;
}

const allFinite = (v: Float64Array): boolean => v.every((value) => Number.isFinite(value));

/** A breakdown where scipy raises: a non-finite vector given to scipy.linalg.norm (which checks
 * its argument), or a zero step. The caller words it for the user. */
export class NonlinBreakdown extends Error {}

/** scipy.linalg.norm of a vector: dnrm2, after numpy's asarray_chkfinite (a ValueError in scipy). */
function norm(v: Float64Array, what: string): number {
  if (!allFinite(v)) throw new NonlinBreakdown(`${what} is not finite (scipy raises "array must not contain infs or NaNs" here)`);
  return dnrm2(v.length, v, 0);
}

/** a + s·b entry by entry (numpy's x + s*dx). */
function plusMultiple(a: Float64Array, s: number, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + s * b[i]!;
  return out;
}

function difference(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

/** An approximation of the Jacobian J of F, as nonlin_solve drives it. */
export interface JacobianApproximation {
  /** `func` evaluates F, counted (the Krylov method's finite differences call it). */
  setup(x: Float64Array, f: Float64Array, func: (x: Float64Array) => Float64Array): void;
  /** J⁻¹ f; an iterative solver stops at relative residual `tol` (nonlin_solve's forcing term). */
  solve(f: Float64Array, tol: number): Float64Array;
  update(x: Float64Array, f: Float64Array): void;
}

/** scipy's GenericBroyden: keeps the last point and residuals, and scales the first approximation. */
abstract class GenericBroyden implements JacobianApproximation {
  protected lastX: Float64Array = new Float64Array(0);
  protected lastF: Float64Array = new Float64Array(0);
  protected alpha: number;
  private autoscale: boolean;

  constructor(alpha: number | null) {
    this.alpha = alpha ?? Number.NaN;
    this.autoscale = alpha === null;
  }

  setup(x: Float64Array, f: Float64Array): void {
    this.lastF = f;
    this.lastX = x;
    if (this.autoscale) {
      // Once, as scipy's `alpha is None`: a reset after a singular update keeps the value.
      this.autoscale = false;
      const normF0 = norm(f, 'fun(x0)');
      this.alpha = normF0 ? (0.5 * pyMax(norm(x, 'x0'), 1)) / normF0 : 1.0;
    }
  }

  abstract solve(f: Float64Array): Float64Array;

  protected abstract updateWith(x: Float64Array, f: Float64Array, dx: Float64Array, df: Float64Array, dxNorm: number, dfNorm: number): void;

  update(x: Float64Array, f: Float64Array): void {
    const df = difference(f, this.lastF);
    const dx = difference(x, this.lastX);
    this.updateWith(x, f, dx, df, norm(dx, 'the step'), norm(df, 'the change of fun'));
    this.lastF = f;
    this.lastX = x;
  }
}

/** scipy's LowRankMatrix: alpha·I + Σ c_k d_kᵀ, held as its vectors until there are more of them
 * than the dimension, then as a dense n×n matrix (row-major). */
class LowRankMatrix {
  private cs: Float64Array[] = [];
  private ds: Float64Array[] = [];
  private collapsed: Float64Array | null = null;

  constructor(private readonly alpha: number, private readonly n: number) {}

  /** (alpha·I + Σ c dᵀ) v: w = alpha·v, then w += (d·v) c for each pair (ddot, daxpy). */
  private static times(v: Float64Array, alpha: number, cs: Float64Array[], ds: Float64Array[]): Float64Array {
    const w = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) w[i] = alpha * v[i]!;
    for (let k = 0; k < cs.length; k++) daxpy(v.length, ddot(v.length, ds[k]!, 0, v, 0), cs[k]!, 0, w, 0);
    return w;
  }

  matvec(v: Float64Array): Float64Array {
    return this.collapsed ? numpyMatrixVector(this.collapsed, v, this.n) : LowRankMatrix.times(v, this.alpha, this.cs, this.ds);
  }

  /** The transpose times v. */
  rmatvec(v: Float64Array): Float64Array {
    return this.collapsed ? numpyTransposedMatrixVector(this.collapsed, v, this.n) : LowRankMatrix.times(v, this.alpha, this.ds, this.cs);
  }

  append(c: Float64Array, d: Float64Array): void {
    const n = this.n;
    if (this.collapsed) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) this.collapsed[i * n + j] = this.collapsed[i * n + j]! + c[i]! * d[j]!;
      return;
    }
    this.cs.push(c);
    this.ds.push(d);
    if (this.cs.length > n) {
      // alpha·identity (alpha·0 off the diagonal, a -0 for a negative alpha), plus each c dᵀ in turn.
      const dense = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dense[i * n + j] = this.alpha * (i === j ? 1 : 0);
      this.cs.forEach((ck, k) => {
        const dk = this.ds[k]!;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dense[i * n + j] = dense[i * n + j]! + ck[i]! * dk[j]!;
      });
      this.collapsed = dense;
      this.cs = [];
      this.ds = [];
    }
  }

  /** Drops every pair when there are more than `rank` (scipy's restart_reduce). */
  restartReduce(rank: number): void {
    if (!this.collapsed && this.cs.length > rank) {
      this.cs = [];
      this.ds = [];
    }
  }

  /** Drops the oldest pairs until `rank` are left (scipy's simple_reduce). */
  simpleReduce(rank: number): void {
    if (this.collapsed) return;
    while (this.cs.length > rank) {
      this.cs.shift();
      this.ds.shift();
    }
  }
}

/** Broyden's first ("good") method, as an update of the inverse: H₊ = H + (dx - H df) dxᵀH / (dxᵀ H df). */
class BroydenFirst extends GenericBroyden {
  protected inverse = new LowRankMatrix(0, 0);

  constructor(settings: JacobianSettings, private readonly n: number) {
    super(settings.alpha);
    this.reductionMethod = settings.reductionMethod;
    this.maxRank = settings.maxRank;
  }

  private readonly reductionMethod: 'restart' | 'simple';
  private readonly maxRank: number;

  override setup(x: Float64Array, f: Float64Array): void {
    super.setup(x, f);
    this.inverse = new LowRankMatrix(-this.alpha, this.n);
  }

  solve(f: Float64Array): Float64Array {
    const r = this.inverse.matvec(f);
    if (allFinite(r)) return r;
    // Singular: scipy starts the approximation again from -1/alpha.
    this.setup(this.lastX, this.lastF);
    return this.inverse.matvec(f);
  }

  /** Reduces the rank first, which keeps the secant condition of the update that follows. */
  protected reduce(): void {
    if (this.reductionMethod === 'simple') this.inverse.simpleReduce(this.maxRank - 1);
    else this.inverse.restartReduce(this.maxRank - 1);
  }

  protected updateWith(_x: Float64Array, _f: Float64Array, dx: Float64Array, df: Float64Array, _dxNorm: number, _dfNorm: number): void {
    this.reduce();
    const v = this.inverse.rmatvec(dx);
    const c = difference(dx, this.inverse.matvec(df));
    const scale = ddot(v.length, df, 0, v, 0);
    this.inverse.append(c, v.map((value) => value / scale));
  }
}

/** Broyden's second ("bad") method: H₊ = H + (dx - H df) dfᵀ / (dfᵀ df). */
class BroydenSecond extends BroydenFirst {
  protected override updateWith(_x: Float64Array, _f: Float64Array, dx: Float64Array, df: Float64Array, _dxNorm: number, dfNorm: number): void {
    this.reduce();
    const c = difference(dx, this.inverse.matvec(df));
    const squared = dfNorm * dfNorm;
    this.inverse.append(c, df.map((value) => value / squared));
  }
}

/**
 * (Extended) Anderson mixing (Eyert, J. Comp. Phys. 124, 1996): with the last M steps dX and
 * changes dF, J⁻¹ f ≈ -alpha f + (dX + alpha dF) γ, where A γ = dFᵀ f and
 * A = dFᵀ dF + w0² diag(dFᵀ dF).
 */
class Anderson extends GenericBroyden {
  private dxs: Float64Array[] = [];
  private dfs: Float64Array[] = [];
  private a = new Float64Array(0);

  constructor(settings: JacobianSettings) {
    super(settings.alpha);
    this.M = settings.M;
    this.w0 = settings.w0;
  }

  private readonly M: number;
  private readonly w0: number;

  solve(f: Float64Array): Float64Array {
    const n = f.length;
    const dx = f.map((v) => -this.alpha * v);
    const k = this.dxs.length;
    if (k === 0) return dx;
    const dfF = Float64Array.from(this.dfs, (df) => ddot(n, df, 0, f, 0));
    const gamma = solveSymmetric(this.a, dfF, k);
    if (gamma === null) {
      // Singular: scipy forgets the steps.
      this.dxs = [];
      this.dfs = [];
      return dx;
    }
    for (let m = 0; m < k; m++) {
      const dxm = this.dxs[m]!;
      const dfm = this.dfs[m]!;
      for (let i = 0; i < n; i++) dx[i] = dx[i]! + gamma[m]! * (dxm[i]! + this.alpha * dfm[i]!);
    }
    return dx;
  }

  protected updateWith(_x: Float64Array, _f: Float64Array, dx: Float64Array, df: Float64Array): void {
    if (this.M === 0) return;
    this.dxs.push(dx);
    this.dfs.push(df);
    while (this.dxs.length > this.M) {
      this.dxs.shift();
      this.dfs.shift();
    }
    const k = this.dxs.length;
    const n = dx.length;
    const a = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) {
        const wd = i === j ? this.w0 * this.w0 : 0;
        a[i * k + j] = (1 + wd) * ddot(n, this.dfs[i]!, 0, this.dfs[j]!, 0);
        if (j > i) a[j * k + i] = a[i * k + j]!;
      }
    }
    this.a = a;
  }
}

/**
 * x with a x = b for Anderson's symmetric k×k matrix, as scipy.linalg.solve finds it (null where it
 * raises LinAlgError, a singular matrix): a 1×1 matrix divides; a diagonal one divides entry by
 * entry; otherwise scipy finds the matrix symmetric and solves by Cholesky, UᵀU (LAPACK's potrf and
 * potrs), where the matrix is positive definite, as Anderson's is unless its
 * changes dF are (nearly) dependent. Where it is not, scipy factors it by Bunch-Kaufman (sytrf);
 * this solves by Gaussian elimination with partial pivoting instead, which agrees to rounding.
 */
function solveSymmetric(a: Float64Array, b: Float64Array, k: number): Float64Array | null {
  let diagonal = true;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j && a[i * k + j] !== 0) diagonal = false;
  if (diagonal) {
    for (let i = 0; i < k; i++) if (a[i * k + i] === 0) return null;
    return b.map((v, i) => v / a[i * k + i]!);
  }
  // Row-major symmetric: its upper triangle read column-major is the same numbers.
  const u = a.slice();
  if (dpotrf(k, u, 0, k) === 0) {
    const x = b.slice();
    dpotrs(k, 1, u, 0, k, x, 0, k);
    return x;
  }
  return gaussianElimination(a.slice(), b.slice(), k);
}

/** Solves a x = b (row-major k×k, both overwritten) with partial pivoting; null when singular. */
function gaussianElimination(a: Float64Array, b: Float64Array, k: number): Float64Array | null {
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r * k + col]!) > Math.abs(a[pivot * k + col]!)) pivot = r;
    if (a[pivot * k + col] === 0) return null;
    if (pivot !== col) {
      for (let j = 0; j < k; j++) [a[col * k + j], a[pivot * k + j]] = [a[pivot * k + j]!, a[col * k + j]!];
      [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    }
    for (let r = col + 1; r < k; r++) {
      const factor = a[r * k + col]! / a[col * k + col]!;
      for (let j = col; j < k; j++) a[r * k + j] = a[r * k + j]! - factor * a[col * k + j]!;
      b[r] = b[r]! - factor * b[col]!;
    }
  }
  for (let r = k - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let j = r + 1; j < k; j++) s -= a[r * k + j]! * b[j]!;
    b[r] = s / a[r * k + r]!;
  }
  return b;
}

/** A diagonal Jacobian d, updated as Broyden's first method restricted to the diagonal. */
class DiagBroyden extends GenericBroyden {
  private d = new Float64Array(0);

  override setup(x: Float64Array, f: Float64Array): void {
    super.setup(x, f);
    this.d = new Float64Array(f.length).fill(1 / this.alpha);
  }

  solve(f: Float64Array): Float64Array {
    return f.map((v, i) => -v / this.d[i]!);
  }

  protected updateWith(_x: Float64Array, _f: Float64Array, dx: Float64Array, df: Float64Array, dxNorm: number): void {
    const squared = dxNorm * dxNorm;
    for (let i = 0; i < dx.length; i++) this.d[i] = this.d[i]! - ((df[i]! + this.d[i]! * dx[i]!) * dx[i]!) / squared;
  }
}

/** The fixed Jacobian -1/alpha: x ← x + alpha F(x), with the line search. */
class LinearMixing extends GenericBroyden {
  solve(f: Float64Array): Float64Array {
    return f.map((v) => -v * this.alpha);
  }

  protected updateWith(): void {}
}

/** A diagonal inverse Jacobian -beta: each beta_i grows by alpha while F_i keeps its sign, and
 * falls back to alpha when it changes; kept in [0, alphamax]. */
class ExcitingMixing extends GenericBroyden {
  private beta = new Float64Array(0);
  private readonly alphamax: number;

  constructor(settings: JacobianSettings) {
    super(settings.alpha);
    this.alphamax = settings.alphamax;
  }

  override setup(x: Float64Array, f: Float64Array): void {
    super.setup(x, f);
    this.beta = new Float64Array(f.length).fill(this.alpha);
  }

  solve(f: Float64Array): Float64Array {
    return f.map((v, i) => -v * this.beta[i]!);
  }

  protected updateWith(_x: Float64Array, f: Float64Array): void {
    for (let i = 0; i < f.length; i++) {
      const beta = f[i]! * this.lastF[i]! > 0 ? this.beta[i]! + this.alpha : this.alpha;
      // np.clip(beta, 0, alphamax): NaN stays NaN.
      this.beta[i] = Number.isNaN(beta) ? beta : Math.min(Math.max(beta, 0), this.alphamax);
    }
  }
}

/** The Jacobian approximation of `method`. */
export function jacobianApproximation(method: NonlinMethod, settings: JacobianSettings, n: number): JacobianApproximation {
  switch (method) {
    case 'broyden1': return new BroydenFirst(settings, n);
    case 'broyden2': return new BroydenSecond(settings, n);
    case 'anderson': return new Anderson(settings);
    case 'diagbroyden': return new DiagBroyden(settings.alpha);
    case 'linearmixing': return new LinearMixing(settings.alpha);
    case 'excitingmixing': return new ExcitingMixing(settings);
  }
}

/** scipy's TerminationCondition: |F| <= f_tol and |F| <= f_rtol |F0|, and |dx| <= x_tol and
 * |dx| <= x_rtol |x| (each an infinite bound by default, which its ratio test still meets only
 * when finite: the first check, with dx = ∞, fails unless F = 0). */
class TerminationCondition {
  iteration = 0;
  private f0Norm: number | null = null;

  constructor(private readonly s: NonlinSettings) {}

  check(f: Float64Array, x: Float64Array, dx: Float64Array): 0 | 1 | 2 {
    this.iteration++;
    const { tolNorm } = this.s;
    const fNorm = tolNorm(f);
    const xNorm = tolNorm(x);
    const dxNorm = tolNorm(dx);
    this.f0Norm ??= fNorm;
    if (fNorm === 0) return 1;
    if (this.s.iterations !== null) return this.iteration > this.s.iterations ? 2 : 0;
    const { fTol, fRtol, xTol, xRtol } = this.s;
    return fNorm <= fTol && fNorm / fRtol <= this.f0Norm && dxNorm <= xTol && dxNorm / xRtol <= xNorm ? 1 : 0;
  }
}

/** nonlin_solve: from x0, steps x ← x + s·dx with dx = -J⁻¹ F(x) until the termination tests pass
 * or the iterations run out. `evaluate` returns F(x) (a new array). */
export function nonlinSolve(
  evaluate: (x: Float64Array) => Float64Array,
  x0: Float64Array,
  jacobian: JacobianApproximation,
  settings: NonlinSettings,
): NonlinResult {
  const n = x0.length;
  let nfev = 0;
  const func = (x: Float64Array) => {
    nfev++;
    return evaluate(x);
  };
  const condition = new TerminationCondition(settings);
  let x: Float64Array = x0.slice();
  let dx: Float64Array = new Float64Array(n).fill(Infinity);
  let fx: Float64Array = func(x);
  let fxNorm = norm(fx, 'fun(x0)');
  jacobian.setup(x.slice(), fx, func);
  const maxIterations = settings.maxIterations ?? (settings.iterations !== null ? settings.iterations + 1 : 100 * (n + 1));
  let status: 0 | 1 | 2 = 0;
  // The forcing term η of inexact Newton steps (Eisenstat and Walker's choice 2, γ = 0.9, as
  // scipy): the linear solve may leave a residual of min(η, η‖F‖) relative to ‖F‖.
  const gamma = 0.9;
  const etaMax = 0.9999;
  const etaThreshold = 0.1;
  let eta = 1e-3;
  try {
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      status = condition.check(fx, x, dx);
      if (status) break;
      dx = jacobian.solve(fx, pyMin(eta, eta * fxNorm)).map((v) => -v);
      if (norm(dx, 'the step') === 0) throw new NonlinBreakdown('Jacobian inversion yielded zero vector. This indicates a bug in the Jacobian approximation');
      let step = 1;
      if (settings.lineSearch) {
        ({ step, x, fx } = lineSearch(func, x, fx, dx, settings.lineSearch));
      } else {
        x = plusMultiple(x, 1, dx);
        fx = func(x);
      }
      const fxNormNext = norm(fx, 'fun(x)');
      jacobian.update(x.slice(), fx);
      const etaA = (gamma * (fxNormNext * fxNormNext)) / (fxNorm * fxNorm);
      // η shrinks as fast as ‖F‖² does, but not below γη² once that is above the threshold (a
      // lucky small ‖F‖ must not demand an over-solved next step).
      eta = gamma * (eta * eta) < etaThreshold ? pyMin(etaMax, etaA) : pyMin(etaMax, pyMax(etaA, gamma * (eta * eta)));
      fxNorm = fxNormNext;
      settings.report?.(`${iteration}:  |F(x)| = ${settings.formatG(settings.tolNorm(fx))}; step ${settings.formatG(step)}`);
    }
  } catch (e) {
    if (e instanceof NonlinBreakdown) e.message = `${settings.op}: ${e.message}, at iteration ${condition.iteration}.`;
    throw e;
  }
  return { x, fun: fx, status: status || 2, nit: condition.iteration, nfev };
}

/** scipy's _nonlin_line_search: a step s along dx for φ(s) = ‖F(x + s·dx)‖² (∞ where F is not
 * finite), keeping F at the last step φ was evaluated at so the accepted one is not evaluated again. */
function lineSearch(
  func: (x: Float64Array) => Float64Array,
  x: Float64Array,
  fx: Float64Array,
  dx: Float64Array,
  kind: 'armijo' | 'wolfe',
): { step: number; x: Float64Array; fx: Float64Array } {
  let storedStep = 0;
  const fxNorm = norm(fx, 'fun(x)');
  let storedPhi = fxNorm * fxNorm;
  let storedF = fx;
  const sNorm = norm(x, 'x') / norm(dx, 'the step');
  const phi = (s: number, store = true): number => {
    if (s === storedStep) return storedPhi;
    const v = func(plusMultiple(x, s, dx));
    const vNorm = allFinite(v) ? dnrm2(v.length, v, 0) : Infinity;
    const p = vNorm * vNorm;
    if (store) {
      storedStep = s;
      storedPhi = p;
      storedF = v;
    }
    return p;
  };
  const phi0 = storedPhi;
  let step: number | null;
  if (kind === 'wolfe') {
    // scalar_search_wolfe1 with a forward-difference φ'.
    const derphi = (s: number) => {
      const ds = (Math.abs(s) + sNorm + 1) * 1e-8;
      return (phi(s + ds, false) - phi(s)) / ds;
    };
    step = dcsrch(phi, derphi, phi0, derphi(0), 1.0, { c1: 1e-4, c2: 0.9, xtol: 1e-2, stpmin: 1e-2, stpmax: 50, maxIterations: 100 }).step;
  } else {
    step = armijo(phi, phi0, -phi0, 1e-2);
  }
  // No acceptable step: scipy takes the full one "and hopes for the best".
  step ??= 1.0;
  const next = plusMultiple(x, step, dx);
  return { step, x: next, fx: step === storedStep ? storedF : func(next) };
}

/** scipy's scalar_search_armijo (c1 = 1e-4, α0 = 1): the full step, then the minimizer of a
 * quadratic, then of cubics, until φ(α) <= φ(0) + c1 α φ'(0); null when α falls to amin. */
function armijo(phi: (alpha: number) => number, phi0: number, derphi0: number, amin: number): number | null {
  const c1 = 1e-4;
  let alpha0 = 1;
  let phiA0 = phi(alpha0);
  if (phiA0 <= phi0 + c1 * alpha0 * derphi0) return alpha0;
  let alpha1 = ((-derphi0 * (alpha0 * alpha0)) / 2.0) / (phiA0 - phi0 - derphi0 * alpha0);
  let phiA1 = phi(alpha1);
  if (phiA1 <= phi0 + c1 * alpha1 * derphi0) return alpha1;
  while (alpha1 > amin) {
    const factor = alpha0 * alpha0 * (alpha1 * alpha1) * (alpha1 - alpha0);
    let a = alpha0 * alpha0 * (phiA1 - phi0 - derphi0 * alpha1) - alpha1 * alpha1 * (phiA0 - phi0 - derphi0 * alpha0);
    a = a / factor;
    let b = -Math.pow(alpha0, 3) * (phiA1 - phi0 - derphi0 * alpha1) + Math.pow(alpha1, 3) * (phiA0 - phi0 - derphi0 * alpha0);
    b = b / factor;
    let alpha2 = (-b + Math.sqrt(Math.abs(b * b - 3 * a * derphi0))) / (3.0 * a);
    const phiA2 = phi(alpha2);
    if (phiA2 <= phi0 + c1 * alpha2 * derphi0) return alpha2;
    if (alpha1 - alpha2 > alpha1 / 2.0 || 1 - alpha2 / alpha1 < 0.96) alpha2 = alpha1 / 2.0;
    alpha0 = alpha1;
    alpha1 = alpha2;
    phiA0 = phiA1;
    phiA1 = phiA2;
  }
  return null;
}
