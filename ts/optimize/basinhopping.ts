// tf.optimize.basinhopping: scipy.optimize.basinhopping (scipy 1.17), the global minimizer that
// alternates a random displacement of the coordinates with a local minimization (minimize.ts) and
// accepts or rejects each new minimum by the Metropolis criterion at temperature T. This file
// checks the arguments with scipy's messages and runs scipy's BasinHoppingRunner: its
// AdaptiveStepsize (every `interval` steps the step size is divided by stepwiseFactor when more
// than targetAcceptRate of the steps so far were accepted, else multiplied by it), its
// RandomDisplacement and Metropolis drawing from one numpy Generator or legacy RandomState
// (scipy-rng.ts) in scipy's order, its Storage of the lowest minimum, and its result in camelCase.

import { checkOptions as checkOptionKeys, describe, isPlainObject } from '../describe';
import { pythonG } from '../print';
import type { Tensor } from '../tensor';
import { minimize, minimizeAsScipy, startingPoint, type MinimizeOptions, type MinimizeResult } from './minimize';
import type { NumpyRandomSource } from './numpy-random';
import { scipyRandomSource } from './scipy-rng';

/** What `acceptTest` receives: scipy's two signatures' arguments at once. */
export interface BasinhoppingAcceptTestInfo {
  /** The new local minimum. */
  readonly xNew: number[];
  /** f at xNew. */
  readonly fNew: number;
  /** The current (last accepted) minimum. */
  readonly xOld: number[];
  /** f at xOld. */
  readonly fOld: number;
  /** The local minimizer's whole result for the new minimum (scipy's res_new). */
  readonly resNew: MinimizeResult;
  /** The local minimizer's whole result for the current minimum (scipy's res_old). */
  readonly resOld: MinimizeResult;
}

/** A step-taking function: the current minimum's coordinates in (a copy), the displaced ones out.
 * With a numeric `stepsize` property, basinhopping adapts it as scipy's does (AdaptiveStepsize);
 * without one, a `report` property, if any, hears whether each step was accepted. */
export type BasinhoppingTakeStep = ((x: number[]) => ArrayLike<number>) & {
  stepsize?: number;
  report?: (accept: boolean, info: { fNew: number; xNew: number[]; fOld: number; xOld: number[] }) => void;
};

/** Options of `tf.optimize.basinhopping` (scipy's names in camelCase). */
export interface BasinhoppingOptions {
  /** Basin-hopping iterations (default 100); the run makes niter + 1 local minimizations. */
  niter?: number;
  /** The Metropolis temperature (default 1): a step that raises f by Δ is accepted with
   * probability exp(-Δ/T); 0 accepts no step that raises f. */
  T?: number;
  /** The largest displacement of each coordinate of the default step, U(-stepsize, stepsize) (default 0.5). */
  stepsize?: number;
  /** The options of the local minimizations (tf.optimize.minimize's: method, bounds, gtol, ...;
   * scipy's minimizer_kwargs). Default: minimize's defaults, 'bfgs' ('lbfgs' with bounds). */
  minimizerKwargs?: MinimizeOptions;
  /** Replaces the random displacement (see BasinhoppingTakeStep). */
  takeStep?: BasinhoppingTakeStep;
  /** An extra acceptance test, run before the Metropolis one: false rejects the step, true leaves
   * the decision to Metropolis, 'force accept' accepts it whatever Metropolis says. */
  acceptTest?: (info: BasinhoppingAcceptTestInfo) => boolean | 'force accept';
  /** Called after the first minimization (accept true) and after each iteration with the new
   * local minimum, f there and whether it was accepted; return true to stop. */
  callback?: (x: number[], f: number, accept: boolean) => boolean | void;
  /** How often (in steps) the step size is adapted (default 50). */
  interval?: number;
  /** Print scipy's progress lines (default false). */
  disp?: boolean;
  /** Stop when the lowest minimum has not improved for this many iterations (default niter + 2). */
  niterSuccess?: number;
  /** A non-negative integer seed: the steps and the Metropolis draws are numpy.random.default_rng(rng)'s,
   * so that the run is scipy's with rng=that integer. Without rng or seed, a random seed. */
  rng?: number;
  /** scipy's legacy seed: an integer in [0, 2³² - 1]; the steps and the Metropolis draws are
   * numpy.random.RandomState(seed)'s (MT19937), so that the run is scipy's with seed=that integer.
   * Not with rng. null is scipy's seed=None (numpy's global RandomState): a RandomState with a random seed. */
  seed?: number | null;
  /** The acceptance rate the step size is adapted towards, in (0, 1) (default 0.5). */
  targetAcceptRate?: number;
  /** The factor the step size is multiplied or divided by at each adaptation, in (0, 1) (default 0.9). */
  stepwiseFactor?: number;
}

/** What `tf.optimize.basinhopping` returns (scipy's OptimizeResult). */
export interface BasinhoppingResult {
  /** The lowest minimum found. */
  x: number[];
  /** f at `x`. */
  fun: number;
  /** Basin-hopping iterations run (1 when niter is 0, as scipy's). */
  nit: number;
  /** Local minimizations that did not converge. */
  minimizationFailures: number;
  /** The local minimizer's result at `x`. */
  lowestOptimizationResult: MinimizeResult;
  /** Why the run stopped, in scipy's words. */
  message: string;
  /** Whether the local minimization that found `x` converged. */
  success: boolean;
  /** Evaluations of f over all the local minimizations. */
  nfev: number;
  /** Gradient evaluations over all the local minimizations (the methods that use a gradient). */
  njev?: number;
  /** Hessian evaluations or Hessian-vector products ('newton-cg' and the trust-region methods). */
  nhev?: number;
}

const OP = 'basinhopping';
const OPTIONS = ['niter', 'T', 'stepsize', 'minimizerKwargs', 'takeStep', 'acceptTest', 'callback', 'interval', 'disp', 'niterSuccess', 'rng', 'seed', 'targetAcceptRate', 'stepwiseFactor'];
const MESSAGES = {
  done: 'requested number of basinhopping iterations completed successfully',
  // (scipy's words, the missing space included.)
  callback: 'callback function requested stop early byreturning True',
  success: 'success condition satisfied',
};

/**
 * scipy.optimize.basinhopping: a global minimum of `func` by basin hopping (Wales and Doye):
 * from the local minimum found from `x0`, each iteration displaces the coordinates at random,
 * minimizes locally (tf.optimize.minimize with `minimizerKwargs`) and accepts the new minimum by
 * the Metropolis criterion; the lowest minimum seen is the result. `func` is minimize's: it takes
 * a float64 rank-1 tensor and returns a float64 scalar tensor, and the local minimizer takes its
 * gradient from the tape. With an integer `rng` (or legacy `seed`) the random steps and the
 * acceptance draws are scipy's with the same `rng` (or `seed`); with the same local minimizer
 * (scipy's given the same gradient, e.g. `jac=` the exact one) the run is scipy's, minimum for
 * minimum.
 *
 * @example
 * ```ts
 * // A cosine ripple on a parabola: local minima near every integer, the global one near -0.2.
 * const f = (x: tf.Tensor) => tf.cos(x.mul(14.5).sub(0.3)).add(x.add(0.2).mul(x)).sum();
 * const r = tf.optimize.basinhopping(f, [1], { niter: 200, rng: 42 });
 * console.log(r.x[0]!.toFixed(4), r.fun.toFixed(4), r.nit); // -0.1951 -1.0009 200
 * ```
 */
export function basinhopping(func: (x: Tensor) => Tensor, x0: ArrayLike<number> | Tensor | number, options?: BasinhoppingOptions): BasinhoppingResult {
  if (typeof func !== 'function') throw new Error(`${OP}: func must be a function of the parameter tensor returning a scalar tensor, got ${describe(func)}.`);
  const o = checkOptions(options);
  const rng = scipyRandomSource(OP, 'basinhopping', o.rng, o.seed);
  const start = startingPoint(x0, OP);
  const niter = o.niter ?? 100;
  const niterSuccess = o.niterSuccess ?? niter + 2;
  const disp = o.disp ?? false;
  const takeStep = stepTaker(o, rng, disp);
  const metropolis = metropolisTest(o.T ?? 1, rng);
  const acceptTests = o.acceptTest ? [userAcceptTest(o.acceptTest), metropolis] : [metropolis];
  // The local minimizations are scipy's minimize's (minimizeAsScipy). A step may land where f (or
  // its gradient) is not finite: scipy's minimize runs from there all the same, and basinhopping
  // takes what it returns as the step's local minimum: as a rule a failure (counted), whose f is
  // then NaN or infinite; Metropolis rejects an infinite f (its weight exp(-∞) is 0) and weighs
  // a NaN one as 1 (Python's min(0, NaN) is 0), accepting it when it converged or the current
  // one did not. x0 is the caller's, refused as minimize refuses it.
  const localMinimum = (x: Float64Array): MinimizeResult => minimizeAsScipy(func, x, o.minimizerKwargs);

  // BasinHoppingRunner's construction: the first local minimization.
  let minimizationFailures = 0;
  let current = minimize(func, start, o.minimizerKwargs);
  if (!current.converged) {
    minimizationFailures++;
    if (disp) console.log('warning: basinhopping: local minimization failure');
  }
  if (disp) console.log(`basinhopping step 0: f ${pythonG(current.fun)}`);
  let lowest = current;
  const counts = countsOf(current);
  if (o.callback) o.callback([...lowest.x], lowest.fun, true);

  let message = MESSAGES.done;
  let count = 0;
  let i = 0;
  for (; i < niter; i++) {
    // one_cycle: a step, a local minimization, the acceptance tests.
    const step = Float64Array.from(takeStep.take([...current.x]));
    if (step.length !== current.x.length) throw new Error(`${OP}: takeStep returned ${step.length} coordinates for ${current.x.length} parameters.`);
    const trial = localMinimum(step);
    if (!trial.converged) {
      minimizationFailures++;
      if (disp) console.log('warning: basinhopping: local minimization failure');
    }
    addCounts(counts, trial);
    const info: BasinhoppingAcceptTestInfo = { xNew: [...trial.x], fNew: trial.fun, xOld: [...current.x], fOld: current.fun, resNew: trial, resOld: current };
    let accept = true;
    for (const test of acceptTests) {
      const verdict = test(info);
      if (verdict === 'force accept') {
        accept = true;
        break;
      }
      if (!verdict) accept = false;
    }
    takeStep.report(accept, info);
    let newGlobalMinimum = false;
    if (accept) {
      current = trial;
      // Storage.update: a converged minimum replaces the lowest when lower, or when the lowest did not converge.
      if (trial.converged && (trial.fun < lowest.fun || !lowest.converged)) {
        lowest = trial;
        newGlobalMinimum = true;
      }
    }
    if (disp) {
      console.log(`basinhopping step ${i + 1}: f ${pythonG(current.fun)} trial_f ${pythonG(trial.fun)} accepted ${accept ? 'True' : 'False'} lowest_f ${pythonG(lowest.fun)}`);
      if (newGlobalMinimum) console.log(`found new global minimum on step ${i + 1} with function value ${pythonG(current.fun)}`);
    }
    if (o.callback && o.callback([...trial.x], trial.fun, accept)) {
      message = MESSAGES.callback;
      break;
    }
    count++;
    if (newGlobalMinimum) count = 0;
    else if (count > niterSuccess) {
      message = MESSAGES.success;
      break;
    }
  }
  return {
    x: [...lowest.x],
    fun: lowest.fun,
    // (scipy's i + 1, with i left at 0 when niter is 0.)
    nit: Math.min(i, Math.max(niter - 1, 0)) + 1,
    minimizationFailures,
    lowestOptimizationResult: lowest,
    message,
    success: lowest.converged,
    ...counts,
  };
}

type Counts = Pick<BasinhoppingResult, 'nfev' | 'njev' | 'nhev'>;

/** scipy's minres.nfev, njev and nhev (the ones its result has). 'lbfgs' evaluates f and its
 * gradient together: its njev is its nfev, as scipy's L-BFGS-B reports. */
function countsOf(r: MinimizeResult): Counts {
  const njev = r.gradientEvaluations ?? (r.grad !== null ? r.evaluations : undefined);
  return {
    nfev: r.evaluations,
    ...(njev !== undefined ? { njev } : {}),
    ...(r.hessianEvaluations !== undefined ? { nhev: r.hessianEvaluations } : {}),
  };
}

function addCounts(total: Counts, r: MinimizeResult): void {
  const more = countsOf(r);
  total.nfev += more.nfev;
  if (total.njev !== undefined) total.njev += more.njev ?? 0;
  if (total.nhev !== undefined) total.nhev += more.nhev ?? 0;
}

interface StepTaker {
  take(x: number[]): ArrayLike<number>;
  report(accept: boolean, info: BasinhoppingAcceptTestInfo): void;
}

/** The step taking: scipy's AdaptiveStepsize around RandomDisplacement (or around a takeStep
 * with a stepsize), or the user's takeStep as it is. */
function stepTaker(o: CheckedOptions, rng: NumpyRandomSource, disp: boolean): StepTaker {
  const user = o.takeStep;
  if (user && typeof user.stepsize !== 'number') {
    return {
      take: (x) => user(x),
      report: (accept, info) => user.report?.(accept, { fNew: info.fNew, xNew: info.xNew, fOld: info.fOld, xOld: info.xOld }),
    };
  }
  // RandomDisplacement: x += U(-stepsize, stepsize), one draw per coordinate.
  const displacement = { stepsize: o.stepsize ?? 0.5 };
  const take = user ?? ((x: number[]) => x.map((v) => v + rng.uniform(-displacement.stepsize, displacement.stepsize)));
  const holder: { stepsize?: number } = user ?? displacement;
  const interval = o.interval ?? 50;
  const target = o.targetAcceptRate ?? 0.5;
  const factor = o.stepwiseFactor ?? 0.9;
  let steps = 0;
  let accepted = 0;
  return {
    take(x) {
      steps++;
      if (steps % interval === 0) {
        const old = holder.stepsize!;
        const rate = accepted / steps;
        // More accepted than the target: stuck in a basin, take bigger steps; else smaller ones.
        if (rate > target) holder.stepsize = old / factor;
        else holder.stepsize = old * factor;
        if (disp) {
          console.log(`adaptive stepsize: acceptance rate ${rate.toFixed(6)} target ${target.toFixed(6)} new stepsize ${pythonG(holder.stepsize)} old stepsize ${pythonG(old)}`);
        }
      }
      return take(x);
    },
    report(accept) {
      if (accept) accepted++;
    },
  };
}

/** scipy's Metropolis: accept with probability min(1, exp(-(f_new - f_old)/T)), one uniform draw
 * per test, and never a failed minimization over a converged one. */
function metropolisTest(T: number, rng: NumpyRandomSource): (info: BasinhoppingAcceptTestInfo) => boolean {
  const beta = T !== 0 ? 1.0 / T : Infinity;
  return (info) => {
    const product = -(info.resNew.fun - info.resOld.fun) * beta;
    // Python's min(0, product): 0 unless product < 0, so a NaN (equal values at T = 0) accepts.
    const w = Math.exp(product < 0 ? product : 0);
    const draw = rng.uniform();
    return w >= draw && (info.resNew.converged || !info.resOld.converged);
  };
}

function userAcceptTest(test: NonNullable<BasinhoppingOptions['acceptTest']>): (info: BasinhoppingAcceptTestInfo) => boolean | 'force accept' {
  return (info) => {
    const verdict = test(info);
    if (verdict === undefined || verdict === null) throw new Error(`${OP}: accept_tests must return True, False, or 'force accept' (acceptTest returned ${describe(verdict)}).`);
    return verdict === 'force accept' ? verdict : Boolean(verdict);
  };
}

interface CheckedOptions {
  niter?: number;
  T?: number;
  stepsize?: number;
  minimizerKwargs?: MinimizeOptions;
  takeStep?: BasinhoppingTakeStep;
  acceptTest?: BasinhoppingOptions['acceptTest'];
  callback?: BasinhoppingOptions['callback'];
  interval?: number;
  disp?: boolean;
  niterSuccess?: number;
  rng?: unknown;
  seed?: unknown;
  targetAcceptRate?: number;
  stepwiseFactor?: number;
}

function checkOptions(options: unknown): CheckedOptions {
  if (options === undefined) return {};
  const o = checkOptionKeys(options, OP, OPTIONS, '{ niter: 100, rng: 1 }');
  const integer = (key: string, min: number): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new Error(`${OP}: ${key} must be an integer >= ${min}, got ${describe(v)}.`);
    return v;
  };
  const inUnitInterval = (key: string, scipyName: string): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number') throw new Error(`${OP}: ${key} must be a number in (0, 1), got ${describe(v)}.`);
    if (!(v > 0 && v < 1)) throw new Error(`${OP}: ${scipyName} has to be in range (0, 1) (${key} is ${v}).`);
    return v;
  };
  const targetAcceptRate = inUnitInterval('targetAcceptRate', 'target_accept_rate');
  const stepwiseFactor = inUnitInterval('stepwiseFactor', 'stepwise_factor');
  if (o.T !== undefined && (typeof o.T !== 'number' || Number.isNaN(o.T))) throw new Error(`${OP}: T must be a number, got ${describe(o.T)}.`);
  if (o.stepsize !== undefined && (typeof o.stepsize !== 'number' || !(o.stepsize >= 0) || !Number.isFinite(o.stepsize))) {
    throw new Error(`${OP}: stepsize must be a finite number >= 0, got ${describe(o.stepsize)}.`);
  }
  if (o.minimizerKwargs !== undefined && !isPlainObject(o.minimizerKwargs)) {
    throw new Error(`${OP}: minimizerKwargs must be tf.optimize.minimize's options, like { method: 'lbfgs', bounds }, got ${describe(o.minimizerKwargs)}.`);
  }
  if (o.takeStep !== undefined && typeof o.takeStep !== 'function') throw new Error(`${OP}: take_step must be callable (takeStep: (x) => new x), got ${describe(o.takeStep)}.`);
  if (o.acceptTest !== undefined && typeof o.acceptTest !== 'function') throw new Error(`${OP}: accept_test must be callable (acceptTest: (info) => boolean | 'force accept'), got ${describe(o.acceptTest)}.`);
  if (o.callback !== undefined && typeof o.callback !== 'function') throw new Error(`${OP}: callback must be a function (x, f, accept) => boolean | void, got ${describe(o.callback)}.`);
  if (o.disp !== undefined && typeof o.disp !== 'boolean') throw new Error(`${OP}: disp must be true or false, got ${describe(o.disp)}.`);
  return {
    niter: integer('niter', 0),
    T: o.T as number | undefined,
    stepsize: o.stepsize as number | undefined,
    minimizerKwargs: o.minimizerKwargs as MinimizeOptions | undefined,
    takeStep: o.takeStep as BasinhoppingTakeStep | undefined,
    acceptTest: o.acceptTest as CheckedOptions['acceptTest'],
    callback: o.callback as CheckedOptions['callback'],
    interval: integer('interval', 1),
    disp: o.disp as boolean | undefined,
    niterSuccess: integer('niterSuccess', 0),
    rng: o.rng,
    seed: o.seed,
    targetAcceptRate,
    stepwiseFactor,
  };
}
