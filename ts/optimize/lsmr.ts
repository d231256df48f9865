// LSMR, Fong and Saunders' iterative least squares solver ("LSMR: An iterative algorithm for
// sparse least-squares problems", SIAM J. Sci. Comput. 33, 2011), as scipy 1.17's
// scipy.sparse.linalg.lsmr runs it: Golub-Kahan bidiagonalization of A started from b,
//     β₁u₁ = b,  α₁v₁ = Aᵀu₁,  βₖ₊₁uₖ₊₁ = A vₖ - αₖuₖ,  αₖ₊₁vₖ₊₁ = Aᵀuₖ₊₁ - βₖ₊₁vₖ,
// and x updated so that ‖Aᵀ(b - A x)‖ decreases monotonically (MINRES on the normal equations),
// the rotations by scipy's _sym_ortho. It estimates ‖r‖, ‖Aᵀr‖, ‖A‖ and cond(A) as it goes and
// stops on scipy's tests (istop 1 to 7). The order of operations is scipy's, the vector operations
// numpy's (the norms √(x·x) by OpenBLAS's ddot; a dense A's products by numpy's BLAS, see
// linear-operator.ts), so a dense problem's iterates are scipy's bit for bit.

import { checkOptions as checkOptionKeys, describe } from '../describe';
import { pythonFormat } from '../models/python-format';
import { isLinearOperatorLike, denseLinearMap, operatorLinearMap, type LinearMap, type LinearOperatorLike } from './linear-operator';
import { matrixOf, vectorOf, type MatrixInput, type VectorInput } from './matrix-arguments';
import { numpyNorm } from './numpy-dense-products';
import { pyMax, pyMin } from './python-minmax';

/** Options of `tf.optimize.lsmr` (scipy.sparse.linalg.lsmr's keyword arguments). */
export interface LsmrOptions {
  /** The damping λ of the regularized problem min ‖[b; 0] - [A; λI] x‖₂ (default 0: none). */
  damp?: number;
  /** The tolerance on A's relative error (default 1e-6): stop when ‖r‖ <= atol·‖A‖‖x‖ + btol·‖b‖
   * (a compatible system) or ‖Aᵀr‖ <= atol·‖A‖‖r‖ (least squares). */
  atol?: number;
  /** The tolerance on b's relative error (default 1e-6), in the first test above. */
  btol?: number;
  /** Stop when the estimate of cond(A) exceeds conlim (default 1e8; 0: never). */
  conlim?: number;
  /** The most iterations (default min(m, n)). */
  maxiter?: number | null;
  /** Print scipy's iteration log (default false). */
  show?: boolean;
  /** The starting point (default zeros). */
  x0?: VectorInput | null;
}

/** What `tf.optimize.lsmr` returns: scipy's tuple as an object. */
export interface LsmrResult {
  /** The least squares solution. */
  x: number[];
  /** Why it stopped: 0 x = 0 (or x0) is a solution; 1 A x = b solved to atol and btol; 2 the least
   * squares problem solved to atol; 3 cond(A) exceeds conlim; 4, 5, 6 the same as 1, 2, 3 for
   * machine precision (atol = btol = ε, conlim = 1/ε); 7 maxiter reached. */
  istop: number;
  /** The iterations made. */
  itn: number;
  /** ‖b - A x‖ (with damping, of the regularized problem), estimated. */
  normr: number;
  /** ‖Aᵀ(b - A x)‖ (with damping, ‖Aᵀr - λ²x‖), estimated. */
  normar: number;
  /** The Frobenius norm of A (with damping, of [A; λI]), estimated from the bidiagonalization. */
  norma: number;
  /** The condition number of A (of [A; λI]), estimated. */
  conda: number;
  /** ‖x‖. */
  normx: number;
}

/** What the solver works with: LsmrOptions resolved to values. */
export interface LsmrSettings {
  damp: number;
  atol: number;
  btol: number;
  conlim: number;
  /** null: min(m, n). */
  maxiter: number | null;
  show: boolean;
  x0: Float64Array | null;
}

/** The solver's result, x as a Float64Array. */
export type LsmrRun = Omit<LsmrResult, 'x'> & { x: Float64Array };

// scipy's messages for istop 0..7, trailing spaces included (show prints them).
const MESSAGES = [
  'The exact solution is x = 0, or x = x0, if x0 was given  ',
  'Ax - b is small enough, given atol, btol                  ',
  'The least-squares solution is good enough, given atol     ',
  'The estimate of cond(Abar) has exceeded conlim            ',
  'Ax - b is small enough for this machine                   ',
  'The least-squares solution is good enough for this machine',
  'Cond(Abar) seems to be too large for this machine         ',
  'The iteration limit has been reached                      ',
];
const HEADING_1 = '   itn      x(1)       norm r    norm Ar';
const HEADING_2 = ' compatible   LS      norm A   cond A';
/** Lines between repeated headings in show's log. */
const PRINT_FREQUENCY = 20;
const OPTIONS = ['damp', 'atol', 'btol', 'conlim', 'maxiter', 'show', 'x0'];

/** numpy's sign: -1, 0 or 1 (0 for -0), NaN for NaN. */
function sign(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN;
}

/** scipy's _sym_ortho: the Givens rotation c, s and r = ±√(a² + b²) with c·a + s·b = r and
 * c·b - s·a = 0, formed stably (S.-C. Choi's SymOrtho). */
function symOrtho(a: number, b: number): [number, number, number] {
  if (b === 0) return [sign(a), 0, Math.abs(a)];
  if (a === 0) return [0, sign(b), Math.abs(b)];
  if (Math.abs(b) > Math.abs(a)) {
    const tau = a / b;
    const s = sign(b) / Math.sqrt(1 + tau * tau);
    return [s * tau, s, b / s];
  }
  const tau = b / a;
  const c = sign(a) / Math.sqrt(1 + tau * tau);
  return [c, c * tau, a / c];
}

/** Python's str.format for show's lines; `ints` names the values Python holds as ints. */
function format(template: string, values: Record<string, number>, ints: readonly string[] = []): string {
  return pythonFormat(template, new Map(Object.entries(values).map(([k, v]) => [k, { value: v, isInt: ints.includes(k) }])));
}

/** v ← v·c in place (numpy's `v *= c`). */
function scale(v: Float64Array, c: number): void {
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * c;
}

/** v ← v + w in place (numpy's `v += w`). */
function addTo(v: Float64Array, w: Float64Array): void {
  for (let i = 0; i < v.length; i++) v[i] = v[i]! + w[i]!;
}

/** scipy's lsmr on the operator A and b (its m entries). `print` receives show's lines. */
export function lsmrSolve(A: LinearMap, b: Float64Array, settings: LsmrSettings, print: (line: string) => void = console.log): LsmrRun {
  const { damp, atol, btol, conlim, show } = settings;
  const { m, n } = A;
  const maxiter = settings.maxiter ?? Math.min(m, n);

  if (show) {
    print(' ');
    print('LSMR            Least-squares solution of  Ax = b\n');
    print(`The matrix A has ${m} rows and ${n} columns`);
    print(format('damp = {damp:20.14e}\n', { damp }));
    print(format('atol = {atol:8.2e}                 conlim = {conlim:8.2e}\n', { atol, conlim }));
    print(format('btol = {btol:8.2e}             maxiter = {maxiter:8g}\n', { btol, maxiter }, ['maxiter']));
  }

  let u = Float64Array.from(b);
  const normb = numpyNorm(b);
  let x: Float64Array;
  let beta: number;
  if (settings.x0 === null) {
    x = new Float64Array(n);
    beta = normb;
  } else {
    x = Float64Array.from(settings.x0);
    const ax = A.times(x);
    for (let i = 0; i < m; i++) u[i] = u[i]! - ax[i]!;
    beta = numpyNorm(u);
  }

  let v: Float64Array;
  let alpha: number;
  if (beta > 0) {
    scale(u, 1 / beta);
    v = A.transposeTimes(u);
    alpha = numpyNorm(v);
  } else {
    v = new Float64Array(n);
    alpha = 0;
  }
  if (alpha > 0) scale(v, 1 / alpha);

  // The first iteration's values.
  let itn = 0;
  let zetabar = alpha * beta;
  let alphabar = alpha;
  let rho = 1;
  let rhobar = 1;
  let cbar = 1;
  let sbar = 0;
  const h = Float64Array.from(v);
  const hbar = new Float64Array(n);
  // For the estimate of ‖r‖.
  let betadd = beta;
  let betad = 0;
  let rhodold = 1;
  let tautildeold = 0;
  let thetatilde = 0;
  let zeta = 0;
  let d = 0;
  // For the estimates of ‖A‖ and cond(A).
  let normA2 = alpha * alpha;
  let maxrbar = 0;
  let minrbar = 1e100;
  let normA = Math.sqrt(normA2);
  let condA = 1;
  let normx = 0;
  // The stopping rules (normb above).
  let istop = 0;
  const ctol = conlim > 0 ? 1 / conlim : 0;
  let normr = beta;
  // (scipy reverses the order of Fong and Saunders' MATLAB code here, which failed when ‖Aᵀr‖ = 0.)
  let normar = alpha * beta;
  const result = (): LsmrRun => ({ x, istop, itn, normr, normar, norma: normA, conda: condA, normx });
  if (normar === 0) {
    if (show) print(MESSAGES[0]!);
    return result();
  }
  if (normb === 0) {
    x.fill(0);
    return result();
  }

  let str1 = '', str2 = '', str3 = '', str4: string | undefined;
  let printCount = 0;
  if (show) {
    print(' ');
    print(`${HEADING_1} ${HEADING_2}`);
    str1 = format('{itn:6g} {x0:12.5e}', { itn, x0: x[0]! }, ['itn']);
    str2 = format(' {normr:10.3e} {normar:10.3e}', { normr, normar });
    str3 = format('  {test1:8.1e} {test2:8.1e}', { test1: 1, test2: alpha / beta }, ['test1']);
    print(str1 + str2 + str3);
  }

  while (itn < maxiter) {
    itn = itn + 1;

    // The next step of the bidiagonalization: β u = A v - α u, α v = Aᵀu - β v.
    scale(u, -alpha);
    addTo(u, A.times(v));
    beta = numpyNorm(u);
    if (beta > 0) {
      scale(u, 1 / beta);
      scale(v, -beta);
      addTo(v, A.transposeTimes(u));
      alpha = numpyNorm(v);
      if (alpha > 0) scale(v, 1 / alpha);
    }

    // The rotation Q̂ₖ,₂ₖ₊₁ (the damping), then Qₖ turning Bₖ into Rₖ.
    const [chat, shat, alphahat] = symOrtho(alphabar, damp);
    const rhoold = rho;
    let c: number, s: number;
    [c, s, rho] = symOrtho(alphahat, beta);
    const thetanew = s * alpha;
    alphabar = c * alpha;

    // Q̄ₖ turning Rₖᵀ into R̄ₖ.
    const rhobarold = rhobar;
    const zetaold = zeta;
    const thetabar = sbar * rho;
    const rhotemp = cbar * rho;
    [cbar, sbar, rhobar] = symOrtho(cbar * rho, thetanew);
    zeta = cbar * zetabar;
    zetabar = -sbar * zetabar;

    // h̄, h and x.
    scale(hbar, -((thetabar * rho) / (rhoold * rhobarold)));
    addTo(hbar, h);
    const step = zeta / (rho * rhobar);
    for (let i = 0; i < n; i++) x[i] = x[i]! + step * hbar[i]!;
    scale(h, -(thetanew / rho));
    addTo(h, v);

    // The estimate of ‖r‖: the rotations Q̂, Q and Q̃ₖ₋₁ applied to β̈.
    const betaacute = chat * betadd;
    const betacheck = -shat * betadd;
    const betahat = c * betaacute;
    betadd = -s * betaacute;
    const thetatildeold = thetatilde;
    const [ctildeold, stildeold, rhotildeold] = symOrtho(rhodold, thetabar);
    thetatilde = stildeold * rhobar;
    rhodold = ctildeold * rhobar;
    betad = -stildeold * betad + ctildeold * betahat;
    tautildeold = (zetaold - thetatildeold * tautildeold) / rhotildeold;
    const taud = (zeta - thetatilde * tautildeold) / rhodold;
    d = d + betacheck * betacheck;
    normr = Math.sqrt(d + (betad - taud) * (betad - taud) + betadd * betadd);

    // The estimates of ‖A‖ and cond(A).
    normA2 = normA2 + beta * beta;
    normA = Math.sqrt(normA2);
    normA2 = normA2 + alpha * alpha;
    maxrbar = pyMax(maxrbar, rhobarold);
    if (itn > 1) minrbar = pyMin(minrbar, rhobarold);
    condA = pyMax(maxrbar, rhotemp) / pyMin(minrbar, rhotemp);

    // The tests.
    normar = Math.abs(zetabar);
    normx = numpyNorm(x);
    const test1 = normr / normb;
    const test2 = normA * normr !== 0 ? normar / (normA * normr) : Infinity;
    const test3 = 1 / condA;
    const t1 = test1 / (1 + (normA * normx) / normb);
    const rtol = btol + (atol * normA * normx) / normb;
    // Machine precision's versions first (as if atol = btol = ε, conlim = 1/ε), so that the
    // user's tolerances decide when both hold.
    if (itn >= maxiter) istop = 7;
    if (1 + test3 <= 1) istop = 6;
    if (1 + test2 <= 1) istop = 5;
    if (1 + t1 <= 1) istop = 4;
    if (test3 <= ctol) istop = 3;
    if (test2 <= atol) istop = 2;
    if (test1 <= rtol) istop = 1;

    if (show && (n <= 40 || itn <= 10 || itn >= maxiter - 10 || itn % 10 === 0 || test3 <= 1.1 * ctol || test2 <= 1.1 * atol || test1 <= 1.1 * rtol || istop !== 0)) {
      if (printCount >= PRINT_FREQUENCY) {
        printCount = 0;
        print(' ');
        print(`${HEADING_1} ${HEADING_2}`);
      }
      printCount = printCount + 1;
      str1 = format('{itn:6g} {x0:12.5e}', { itn, x0: x[0]! }, ['itn']);
      str2 = format(' {normr:10.3e} {normar:10.3e}', { normr, normar });
      str3 = format('  {test1:8.1e} {test2:8.1e}', { test1, test2 });
      str4 = format(' {normA:8.1e} {condA:8.1e}', { normA, condA });
      print(str1 + str2 + str3 + str4);
    }
    if (istop > 0) break;
  }

  if (show) {
    print(' ');
    print('LSMR finished');
    print(MESSAGES[istop]!);
    print(format('istop ={istop:8g}    normr ={normr:8.1e}', { istop, normr }, ['istop']));
    print(format('    normA ={normA:8.1e}    normAr ={normar:8.1e}', { normA, normar }));
    print(format('itn   ={itn:8g}    condA ={condA:8.1e}', { itn, condA }, ['itn']));
    print(format('    normx ={normx:8.1e}', { normx }));
    print(`${str1} ${str2}`);
    // With no iteration (maxiter 0) scipy's last line names a variable never set.
    if (str4 === undefined) throw new Error("lsmr: UnboundLocalError: cannot access local variable 'str4' where it is not associated with a value (scipy's show=True log when no iteration ran)");
    print(`${str3} ${str4}`);
  }
  return result();
}

/** A number option: a number (scipy's default when undefined). */
function numberOption(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new Error(`lsmr: ${name} must be a number, got ${describe(value)}.`);
  return value;
}

/**
 * Iterative least squares, as scipy.sparse.linalg.lsmr: the x minimizing ‖A x - b‖₂ (with `damp`
 * λ, ‖[A; λI] x - [b; 0]‖₂), from products with A and Aᵀ only. A is a matrix (a rank-2 tensor or
 * an array of rows) or a linear operator `{ shape: [m, n], matvec, rmatvec }` (scipy's
 * LinearOperator: `matvec(x)` returns A x, `rmatvec(y)` Aᵀy), b a vector of m. Options are scipy's
 * keyword arguments (`atol`, `btol` 1e-6, `conlim` 1e8, `maxiter` min(m, n), `damp`, `x0`,
 * `show`, which prints scipy's log). Returns scipy's tuple as `{ x, istop, itn, normr, normar,
 * norma, conda, normx }`. For a dense A the iterates are scipy's bit for bit (numpy's products
 * and norms, OpenBLAS's summation order). As in scipy, `show` with no iteration (`maxiter: 0`)
 * fails at its last line.
 *
 * @example
 * ```ts
 * // scipy's example: x = [1, -1] solves A x = b exactly, found in one iteration.
 * const A = [[1, 0], [1, 1], [0, 1]];
 * const r = tf.optimize.lsmr(A, [1, 0, -1]);
 * console.log(r.x.map((v) => +v.toFixed(12)), r.istop, r.itn, r.normr); // [ 1, -1 ] 1 1 4.440892098500627e-16
 * // An inconsistent system: the least squares solution (istop 2).
 * const ls = tf.optimize.lsmr(A, [1, 0.01, -1]);
 * console.log(ls.x.map((v) => v.toFixed(8)), ls.istop, ls.normr.toFixed(6)); // [ '1.00333333', '-0.99666667' ] 2 0.005774
 * // The same A as an operator (its sums rounded otherwise than numpy's: x to rounding).
 * const op = { shape: [3, 2] as const, matvec: (v: Float64Array) => [v[0]!, v[0]! + v[1]!, v[1]!], rmatvec: (y: Float64Array) => [y[0]! + y[1]!, y[1]! + y[2]!] };
 * console.log(tf.optimize.lsmr(op, [1, 0, -1]).x.map((v) => v.toFixed(12))); // [ '1.000000000000', '-1.000000000000' ]
 * ```
 */
export function lsmr(A: MatrixInput | LinearOperatorLike, b: VectorInput, options?: LsmrOptions): LsmrResult {
  const op = 'lsmr';
  const o = checkOptionKeys(options, op, OPTIONS, '{ atol: 1e-8, btol: 1e-8 }') as LsmrOptions;
  const operator = isLinearOperatorLike(A) ? operatorLinearMap(A, op) : (() => {
    const { a, m, n } = matrixOf(A, op, true, 'array must have ndim <= 2');
    return denseLinearMap(a, m, n);
  })();
  const rhs = vectorOf(b, op, true);
  if (rhs.length !== operator.m) throw new Error(`${op}: dimension mismatch: A is ${operator.m}×${operator.n} and b has ${rhs.length} entries.`);
  const maxiter = o.maxiter ?? null;
  if (maxiter !== null && (typeof maxiter !== 'number' || !Number.isInteger(maxiter))) throw new Error(`${op}: maxiter must be an integer or null, got ${describe(maxiter)}.`);
  const show = o.show ?? false;
  if (typeof show !== 'boolean') throw new Error(`${op}: show must be a boolean, got ${describe(show)}.`);
  let x0: Float64Array | null = null;
  if (o.x0 !== undefined && o.x0 !== null) {
    x0 = vectorOf(o.x0, op, true);
    if (x0.length !== operator.n) throw new Error(`${op}: dimension mismatch: A is ${operator.m}×${operator.n} and x0 has ${x0.length} entries.`);
  }
  const run = lsmrSolve(operator, rhs, {
    damp: numberOption(o.damp, 0, 'damp'),
    atol: numberOption(o.atol, 1e-6, 'atol'),
    btol: numberOption(o.btol, 1e-6, 'btol'),
    conlim: numberOption(o.conlim, 1e8, 'conlim'),
    maxiter,
    show,
    x0,
  });
  return { ...run, x: Array.from(run.x) };
}
