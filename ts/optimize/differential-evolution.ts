// tf.optimize.differentialEvolution: scipy.optimize.differential_evolution (scipy 1.17), the
// global minimizer over a box. This file checks the arguments with scipy's messages, evaluates a
// plain-number or a tensor objective, runs the generations (de-solver.ts) with numpy's
// default_rng stream (rng) or legacy RandomState stream (seed) (scipy-rng.ts), polishes the best member with L-BFGS-B on scipy's
// forward-difference gradient (lbfgsb.ts, forward-difference.ts) and assembles scipy's
// OptimizeResult in camelCase. The objective, on numbers or tensors, is vector-objective.ts's.

import { checkOptions as checkOptionKeys, describe, isPlainObject } from '../describe';
import type { Tensor } from '../tensor';
import {
  DifferentialEvolutionSolver, latinHypercube, MACHEPS, randomPopulation, STRATEGIES,
  type DifferentialEvolutionStrategy,
} from './de-solver';
import { forwardDifferenceGradient } from './forward-difference';
import { lbfgsb } from './lbfgsb';
import { scipyRandomSource } from './scipy-rng';
import { STATUS_MESSAGE } from './status-messages';
import { vectorObjective } from './vector-objective';

export type { DifferentialEvolutionStrategy } from './de-solver';

/** What `callback` receives after each generation (scipy's intermediate OptimizeResult). */
export interface DifferentialEvolutionIntermediateResult {
  /** The best member so far. */
  readonly x: number[];
  /** f at `x`. */
  readonly fun: number;
  /** Generations so far (1 at the first call). */
  readonly nit: number;
  /** Evaluations of f so far. */
  readonly nfev: number;
  /** Always 'in progress'. */
  readonly message: string;
  /** Always true (scipy's intermediate result). */
  readonly success: boolean;
  /** Every member, one row each (the best first). */
  readonly population: number[][];
  /** f at each member. */
  readonly populationEnergies: number[];
  /** tol / (std(E) / (|mean(E)| + ε) + ε): the run stops when this reaches 1 (with atol 0). */
  readonly convergence: number;
}

/** Options of `tf.optimize.differentialEvolution` (scipy's names; population_energies and the like in camelCase). */
export interface DifferentialEvolutionOptions {
  /** How a trial member is made (default 'best1bin'): the differential vector ('best1', 'rand1',
   * 'rand2', 'best2', 'currenttobest1', 'randtobest1') and the crossover ('bin': each parameter
   * from the mutant with probability `recombination`; 'exp': a run of them). */
  strategy?: DifferentialEvolutionStrategy;
  /** Generations at most (default 1000); the population is evaluated popsize·N·(maxiter + 1)
   * times at most, before polishing. */
  maxiter?: number;
  /** The population has popsize·N members (N the parameters whose bounds differ; at least 5; default 15). */
  popsize?: number;
  /** Stop when std(energies) <= atol + tol·|mean(energies)| (default tol 0.01). */
  tol?: number;
  /** See tol (default 0). */
  atol?: number;
  /** The differential weight F in [0, 2) (default [0.5, 1]); a pair [min, max] dithers: F is drawn
   * from U[min, max) at each generation. */
  mutation?: number | readonly [number, number];
  /** The crossover probability CR in [0, 1] (default 0.7). */
  recombination?: number;
  /** A non-negative integer seed: the run draws the numbers numpy.random.default_rng(rng) draws,
   * so it is scipy's run with rng=that integer. Without rng or seed, a random seed. */
  rng?: number;
  /** scipy's legacy seed: an integer in [0, 2³² - 1]; the run draws the numbers
   * numpy.random.RandomState(seed) (MT19937) draws, so it is scipy's run with seed=that integer.
   * Not with rng. null is scipy's seed=None (numpy's global RandomState): a RandomState with a random seed. */
  seed?: number | null;
  /** Polish the best member with L-BFGS-B within the bounds (default true), its gradient by
   * forward differences as scipy's; kept only when it lowers f. */
  polish?: boolean;
  /** The first population: 'latinhypercube' (default), 'random', or members as rows (S >= 5
   * rows of N, clipped into the bounds). scipy's 'sobol' and 'halton' are not supported. */
  init?: 'latinhypercube' | 'random' | readonly (readonly number[])[];
  /** 'immediate' (default): a better trial replaces its member at once; 'deferred': the whole
   * generation's trials are made first. */
  updating?: 'immediate' | 'deferred';
  /** A guess that replaces the first member of the initial population. */
  x0?: readonly number[];
  /** Called after each generation with scipy's intermediate result; return true to stop. */
  callback?: (intermediateResult: DifferentialEvolutionIntermediateResult) => boolean | void;
  /** Per parameter (or one for all): true makes it an integer (rounded before each evaluation,
   * its bounds to the integers inside them; polishing keeps it fixed). */
  integrality?: boolean | readonly boolean[];
  /** Not supported (scipy's NonlinearConstraint and LinearConstraint); only an empty list is accepted. */
  constraints?: readonly unknown[];
  /** Only false is accepted: the objective takes one parameter vector at a time. */
  vectorized?: boolean;
  /** Only 1 is accepted: evaluations run one after another. */
  workers?: number;
}

/** What `tf.optimize.differentialEvolution` returns (scipy's OptimizeResult). */
export interface DifferentialEvolutionResult {
  /** The solution. */
  x: number[];
  /** f at `x`. */
  fun: number;
  /** Generations run. */
  nit: number;
  /** Evaluations of f, polishing's included. */
  nfev: number;
  /** False when maxiter ran out or the callback stopped the run. */
  success: boolean;
  /** Why the run stopped, in scipy's words. */
  message: string;
  /** When polishing improved f: the gradient at x (forward differences; NaN for integer parameters). */
  jac?: number[];
  /** The final population, one member per row, the best first (polished). */
  population: number[][];
  /** f at each member. */
  populationEnergies: number[];
}

const OP = 'differentialEvolution';
const OPTIONS = ['strategy', 'maxiter', 'popsize', 'tol', 'atol', 'mutation', 'recombination', 'rng', 'seed', 'polish', 'init', 'updating', 'x0', 'callback', 'integrality', 'constraints', 'vectorized', 'workers'];
const MUTATION_MESSAGE = 'The mutation constant must be a float in U[0, 2), or specified as a tuple(min, max) where min < max and min, max are in U[0, 2).';
const BOUNDS_MESSAGE = 'bounds should be a sequence containing finite real valued (min, max) pairs for each value in x';
const INIT_MESSAGE = "The population initialization method must be one of 'latinhypercube' or 'random', or an array of shape (S, N) where N is the number of parameters and S>5";

/**
 * scipy.optimize.differential_evolution: the global minimum of `func` over the box `bounds` by
 * differential evolution (Storn and Price), then (by default) a polish by L-BFGS-B. `func` takes
 * the parameters as a number[] and returns a number, or (when it returns a tensor, or fails on an
 * array but not on a tensor) takes a float64 rank-1 tensor and returns a float64 scalar tensor.
 * With an integer `rng` (or legacy `seed`) the run is scipy's with the same `rng` (or `seed`),
 * draw for draw: the same population, iterates, nit, nfev and result (for objectives whose
 * arithmetic JavaScript and numpy do alike).
 *
 * @example
 * ```ts
 * const rosen = (x: number[]) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
 * const r = tf.optimize.differentialEvolution(rosen, [[-2, 2], [-2, 2]], { rng: 1 });
 * console.log(r.x.map((v) => v.toFixed(6)), r.success); // [ '1.000000', '1.000000' ] true
 * ```
 */
export function differentialEvolution(
  func: ((x: number[]) => number) | ((x: Tensor) => Tensor),
  bounds: readonly (readonly [number, number])[] | { lb: ArrayLike<number> | number; ub: ArrayLike<number> | number },
  options?: DifferentialEvolutionOptions,
): DifferentialEvolutionResult {
  if (typeof func !== 'function') throw new Error(`${OP}: func must be a function of the parameters returning a number (or a scalar tensor), got ${describe(func)}.`);
  const o = checkOptions(options);
  const rng = scipyRandomSource(OP, 'differential_evolution', o.rng, o.seed);
  const [lower, upper] = checkBounds(bounds, o.x0?.length);
  const n = lower.length;
  const strategy = (o.strategy ?? 'best1bin') as DifferentialEvolutionStrategy;
  if (!STRATEGIES.includes(strategy)) throw new Error(`${OP}: Please select a valid mutation strategy (one of ${STRATEGIES.join(', ')}); got ${describe(o.strategy)}.`);
  const mutation = checkMutation(o.mutation);
  const integrality = checkIntegrality(o.integrality, n);
  // Integer parameters: their limits become the integers inside, widened by just under 0.5 so
  // that rounding reaches the end ones (scipy: nextafter(ceil(lb) - 0.5, inf) and so on). The
  // scaling keeps the bounds as given, as scipy's does.
  const limitLower = Float64Array.from(lower);
  const limitUpper = Float64Array.from(upper);
  if (integrality) {
    for (let i = 0; i < n; i++) {
      if (!integrality[i]) continue;
      const lb = Math.ceil(lower[i]!);
      const ub = Math.floor(upper[i]!);
      if (!(lb <= ub)) throw new Error(`${OP}: One of the integrality constraints does not have any possible integer values between the lower/upper bounds.`);
      limitLower[i] = nextAfter(lb - 0.5, Infinity);
      limitUpper[i] = nextAfter(ub + 0.5, -Infinity);
    }
  }
  let varying = 0;
  for (let i = 0; i < n; i++) if (limitLower[i] !== limitUpper[i]) varying++;
  const popsize = o.popsize ?? 15;
  let size = Math.max(5, popsize * Math.max(1, varying));

  const objective = vectorObjective(func, OP);
  const settings = {
    strategy, mutation, integrality,
    recombination: o.recombination ?? 0.7,
    tol: o.tol ?? 0.01,
    atol: o.atol ?? 0,
    updating: o.updating ?? 'immediate',
  } as const;
  // The solver's scaling for the user's population and x0 (the RNG is not drawn from before init).
  const scaler = new DifferentialEvolutionSolver(objective, lower, upper, [], rng, settings);
  let initial: Float64Array[];
  const init = o.init ?? 'latinhypercube';
  if (init === 'latinhypercube') initial = latinHypercube(rng, size, n);
  else if (init === 'random') initial = randomPopulation(rng, size, n);
  else if (init === 'sobol' || init === 'halton') {
    throw new Error(`${OP}: init '${init}' (scipy's quasi-Monte Carlo populations) is not supported; use 'latinhypercube', 'random' or an array of members.`);
  } else if (Array.isArray(init)) {
    const rows = init as unknown[];
    if (rows.length < 5 || rows.some((r) => !Array.isArray(r) || r.length !== n || r.some((v: unknown) => typeof v !== 'number'))) {
      throw new Error(`${OP}: The population supplied needs to have shape (S, len(x)), where S > 4. Got ${describe(init)} for ${n} parameters.`);
    }
    initial = (rows as number[][]).map((r) => scaler.toUnit(r).map((v) => Math.min(Math.max(v, 0), 1)));
    size = initial.length;
  } else {
    throw new Error(`${OP}: ${INIT_MESSAGE}; got ${describe(init)}.`);
  }
  if (o.x0 !== undefined) {
    const scaled = scaler.toUnit(o.x0);
    if (scaled.some((v) => v > 1 || v < 0)) throw new Error(`${OP}: Some entries in x0 lay outside the specified bounds.`);
    initial[0] = scaled;
  }
  const solver = new DifferentialEvolutionSolver(objective, lower, upper, initial, rng, settings);
  return solve(solver, o, objective, limitLower, limitUpper, integrality);
}

/** scipy's solve(): generations until convergence, maxiter or the callback, then the polish. */
function solve(
  solver: DifferentialEvolutionSolver,
  o: CheckedOptions,
  objective: (x: Float64Array) => number,
  limitLower: Float64Array,
  limitUpper: Float64Array,
  integrality: boolean[] | null,
): DifferentialEvolutionResult {
  const maxiter = o.maxiter ?? 1000;
  const tol = o.tol ?? 0.01;
  let nit = 0;
  let stopped = false;
  let message: string = STATUS_MESSAGE.success;
  solver.evaluateIfFresh();
  let finished = false;
  for (nit = 1; nit <= maxiter; nit++) {
    solver.evolve();
    if (o.callback) {
      const convergence = tol / (solver.convergence() + MACHEPS);
      const intermediate = { ...snapshot(solver), nit, nfev: solver.nfev, message: 'in progress', success: true, convergence };
      stopped = Boolean(o.callback(intermediate));
      if (stopped) message = 'callback function requested stop early';
    }
    if (stopped || solver.converged()) {
      finished = true;
      break;
    }
  }
  if (!finished) {
    nit = maxiter;
    message = STATUS_MESSAGE.maxiter;
    stopped = true;
  }
  const result: DifferentialEvolutionResult = { ...snapshot(solver), nit, nfev: solver.nfev, success: !stopped, message };
  const polish = o.polish ?? true;
  if (polish && !(integrality && integrality.every(Boolean))) {
    const x = Float64Array.from(result.x);
    const lower = Float64Array.from(limitLower);
    const upper = Float64Array.from(limitUpper);
    if (integrality) {
      for (let i = 0; i < x.length; i++) {
        if (integrality[i]) lower[i] = upper[i] = x[i]!;
      }
    }
    const polished = polishWithLbfgsb(objective, x, lower, upper);
    solver.nfev += polished.nfev;
    result.nfev = solver.nfev;
    const inside = polished.x.every((v, i) => v <= limitUpper[i]! && v >= limitLower[i]!);
    if (polished.fun < result.fun && polished.success && inside) {
      result.fun = polished.fun;
      result.x = Array.from(polished.x);
      result.jac = polished.jac ? Array.from(polished.jac) : undefined;
      solver.energies[0] = polished.fun;
      solver.population[0] = solver.toUnit(polished.x);
      // As scipy's: the result's population is the one before polishing, its energies (the
      // solver's own array there) show the polished f first.
      result.populationEnergies[0] = polished.fun;
    }
  }
  return result;
}

/** The best member, the population (in the parameters' units) and the energies. */
function snapshot(solver: DifferentialEvolutionSolver): Pick<DifferentialEvolutionResult, 'x' | 'fun' | 'population' | 'populationEnergies'> {
  return {
    x: Array.from(solver.toParameters(solver.population[0]!)),
    fun: solver.energies[0]!,
    population: solver.population.map((member) => Array.from(solver.toParameters(member))),
    populationEnergies: Array.from(solver.energies),
  };
}

/** scipy's minimize(f, x, method='L-BFGS-B', bounds) without jac: parameters fixed by equal
 * bounds removed, the gradient by forward differences, every evaluation counted. */
function polishWithLbfgsb(
  objective: (x: Float64Array) => number,
  x0: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
): { x: Float64Array; fun: number; nfev: number; success: boolean; jac: Float64Array | null } {
  const n = x0.length;
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (lower[i] !== upper[i]) free.push(i);
  let nfev = 0;
  if (free.length === 0) {
    // scipy: 'All independent variables were fixed by bounds.', one evaluation.
    nfev = 1;
    return { x: Float64Array.from(lower), fun: objective(Float64Array.from(lower)), nfev, success: true, jac: null };
  }
  const full = (reduced: Float64Array): Float64Array => {
    const x = Float64Array.from(lower);
    free.forEach((i, k) => { x[i] = reduced[k]!; });
    return x;
  };
  const f = (reduced: Float64Array): number => {
    nfev++;
    return objective(full(reduced));
  };
  const freeLower = Float64Array.from(free, (i) => lower[i]!);
  const freeUpper = Float64Array.from(free, (i) => upper[i]!);
  const start = Float64Array.from(free, (i) => Math.min(Math.max(x0[i]!, lower[i]!), upper[i]!));
  const out = lbfgsb(
    (x) => {
      const value = f(x);
      return [value, forwardDifferenceGradient(f, x, value, freeLower, freeUpper)];
    },
    start, freeLower, freeUpper,
    { historySize: 10, gtol: 1e-5, ftol: 1e7 * MACHEPS, maxIterations: 15000, maxEvaluations: 15000 },
  );
  const jac = new Float64Array(n).fill(Number.NaN);
  free.forEach((i, k) => { jac[i] = out.g[k]!; });
  return { x: full(out.x), fun: out.f, nfev, success: out.status === 0, jac };
}

/** The next float64 after v towards `direction` (numpy's nextafter). */
function nextAfter(v: number, direction: number): number {
  if (Number.isNaN(v) || v === direction) return v;
  if (v === 0) return direction > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const buffer = new Float64Array([v]);
  const bits = new BigInt64Array(buffer.buffer);
  bits[0] = bits[0]! + ((v < direction) === (v > 0) ? 1n : -1n);
  return buffer[0]!;
}

interface CheckedOptions {
  strategy?: unknown;
  maxiter?: number;
  popsize?: number;
  tol?: number;
  atol?: number;
  mutation?: unknown;
  recombination?: number;
  rng?: unknown;
  seed?: unknown;
  polish?: boolean;
  init?: unknown;
  updating?: 'immediate' | 'deferred';
  x0?: number[];
  callback?: (r: DifferentialEvolutionIntermediateResult) => boolean | void;
  integrality?: unknown;
}

function checkOptions(options: unknown): CheckedOptions {
  if (options === undefined) return {};
  const o = checkOptionKeys(options, OP, OPTIONS, '{ rng: 1, maxiter: 100 }');
  if (o.constraints !== undefined && !(Array.isArray(o.constraints) && o.constraints.length === 0)) {
    throw new Error(`${OP}: constraints are not supported (scipy's NonlinearConstraint and LinearConstraint); put a penalty in func, or use tf.optimize.minimize with method 'slsqp'.`);
  }
  if (o.vectorized !== undefined && o.vectorized !== false) throw new Error(`${OP}: vectorized is not supported: func takes one parameter vector at a time (only vectorized: false is accepted).`);
  if (o.workers !== undefined && o.workers !== 1) throw new Error(`${OP}: workers is not supported: evaluations run one after another (only workers: 1 is accepted).`);
  const integer = (key: string, min: number): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new Error(`${OP}: ${key} must be an integer >= ${min}, got ${describe(v)}.`);
    return v;
  };
  const nonNegative = (key: string): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new Error(`${OP}: ${key} must be a finite number >= 0, got ${describe(v)}.`);
    return v;
  };
  const recombination = nonNegative('recombination');
  if (recombination !== undefined && recombination > 1) throw new Error(`${OP}: recombination must be in [0, 1], got ${recombination}.`);
  if (o.polish !== undefined && typeof o.polish !== 'boolean') throw new Error(`${OP}: polish must be true or false, got ${describe(o.polish)}.`);
  if (o.updating !== undefined && o.updating !== 'immediate' && o.updating !== 'deferred') {
    throw new Error(`${OP}: updating must be 'immediate' or 'deferred', got ${describe(o.updating)}.`);
  }
  if (o.callback !== undefined && typeof o.callback !== 'function') throw new Error(`${OP}: callback must be a function (intermediateResult) => boolean | void, got ${describe(o.callback)}.`);
  let x0: number[] | undefined;
  if (o.x0 !== undefined) {
    const isList = Array.isArray(o.x0) || (ArrayBuffer.isView(o.x0) && !(o.x0 instanceof DataView));
    x0 = isList ? Array.from(o.x0 as ArrayLike<number>) : undefined;
    if (!x0 || x0.some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw new Error(`${OP}: x0 must be an array of finite numbers, got ${describe(o.x0)}.`);
  }
  return {
    strategy: o.strategy,
    maxiter: integer('maxiter', 0),
    popsize: integer('popsize', 1),
    tol: nonNegative('tol'),
    atol: nonNegative('atol'),
    mutation: o.mutation,
    recombination,
    rng: o.rng,
    seed: o.seed,
    polish: o.polish as boolean | undefined,
    init: o.init,
    updating: o.updating as CheckedOptions['updating'],
    x0,
    callback: o.callback as CheckedOptions['callback'],
    integrality: o.integrality,
  };
}

/** [lower, upper]: (min, max) pairs or { lb, ub }, all finite (scipy's message otherwise). */
function checkBounds(bounds: unknown, x0Length: number | undefined): [Float64Array, Float64Array] {
  let lower: number[];
  let upper: number[];
  const list = (v: unknown): number[] | null => (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)) ? Array.from(v as ArrayLike<number>) : null);
  if (Array.isArray(bounds)) {
    if (bounds.some((pair) => !Array.isArray(pair) || pair.length !== 2)) throw new Error(`${OP}: ${BOUNDS_MESSAGE}; got ${describe(bounds)}.`);
    lower = bounds.map((pair) => pair[0]);
    upper = bounds.map((pair) => pair[1]);
  } else if (isPlainObject(bounds) && 'lb' in bounds && 'ub' in bounds) {
    const lb = list(bounds.lb);
    const ub = list(bounds.ub);
    const n = lb?.length ?? ub?.length ?? 1;
    lower = lb ?? Array.from({ length: n }, () => bounds.lb as number);
    upper = ub ?? Array.from({ length: n }, () => bounds.ub as number);
    if (lower.length !== upper.length) throw new Error(`${OP}: bounds.lb and bounds.ub must have the same length, got ${lower.length} and ${upper.length}.`);
  } else {
    throw new Error(`${OP}: ${BOUNDS_MESSAGE}; got ${describe(bounds)}.`);
  }
  if (lower.length === 0) throw new Error(`${OP}: ${BOUNDS_MESSAGE}; got no bounds.`);
  const all = [...lower, ...upper];
  if (all.some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw new Error(`${OP}: ${BOUNDS_MESSAGE}; got ${describe(bounds)}.`);
  lower.forEach((l, i) => {
    if (l > upper[i]!) throw new Error(`${OP}: the lower bound of parameter ${i} (${l}) is above its upper bound (${upper[i]}) (scipy's L-BFGS-B polish: one of the lower bounds is greater than an upper bound).`);
  });
  if (x0Length !== undefined && x0Length !== lower.length) throw new Error(`${OP}: x0 has ${x0Length} entries but bounds give ${lower.length} parameters.`);
  return [Float64Array.from(lower), Float64Array.from(upper)];
}

/** A number in [0, 2), or a pair of them (dithering). */
function checkMutation(m: unknown): number | [number, number] {
  if (m === undefined) return [0.5, 1];
  const values = typeof m === 'number' ? [m] : Array.isArray(m) && m.length === 2 ? m : null;
  if (values === null || values.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v >= 2 || v < 0)) {
    throw new Error(`${OP}: ${MUTATION_MESSAGE} Got ${describe(m)}.`);
  }
  return typeof m === 'number' ? m : [values[0], values[1]];
}

/** One flag per parameter, or null when none is an integer. */
function checkIntegrality(v: unknown, n: number): boolean[] | null {
  if (v === undefined || v === null || v === false) return null;
  const flags = v === true ? new Array<boolean>(n).fill(true) : Array.isArray(v) ? v : null;
  if (flags === null || flags.length !== n || flags.some((f) => typeof f !== 'boolean')) {
    throw new Error(`${OP}: integrality must be true, false or one boolean per parameter (${n}), got ${describe(v)}.`);
  }
  return flags.some(Boolean) ? flags : null;
}
