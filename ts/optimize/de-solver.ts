// The differential evolution loop of scipy 1.17's DifferentialEvolutionSolver
// (scipy/optimize/_differentialevolution.py): the population kept scaled to [0, 1], its
// initialization (Latin hypercube, uniform random or given), the mutation strategies with
// binomial and exponential crossover, immediate and deferred updating, the convergence test
// std(E) <= atol + tol·|mean(E)| (numpy's pairwise sums), and the random draws in scipy's order
// from numpy's Generator (numpy-random.ts) or legacy RandomState (numpy-random-state.ts), so that
// a run seeded as scipy's rng=int or seed=int is the same run. Plain numbers; polishing and the
// result are in differential-evolution.ts.

import type { NumpyRandomSource } from './numpy-random';
import { numpySum } from './vector';

/** numpy's float64 machine epsilon (scipy's _MACHEPS). */
export const MACHEPS = 2.220446049250313e-16;

/** The mutation strategies: the differential vector (best1, rand1, ...) and the crossover (bin, exp). */
export type DifferentialEvolutionStrategy =
  | 'best1bin' | 'best1exp' | 'rand1bin' | 'rand1exp' | 'rand2bin' | 'rand2exp' | 'best2bin' | 'best2exp'
  | 'currenttobest1bin' | 'currenttobest1exp' | 'randtobest1bin' | 'randtobest1exp';

export const STRATEGIES: readonly DifferentialEvolutionStrategy[] = [
  'best1bin', 'best1exp', 'rand1bin', 'rand1exp', 'rand2bin', 'rand2exp', 'best2bin', 'best2exp',
  'currenttobest1bin', 'currenttobest1exp', 'randtobest1bin', 'randtobest1exp',
];

export interface SolverSettings {
  readonly strategy: DifferentialEvolutionStrategy;
  /** The mutation constant, or [min, max] to dither: a new one drawn from U[min, max) each generation. */
  readonly mutation: number | readonly [number, number];
  readonly recombination: number;
  readonly tol: number;
  readonly atol: number;
  readonly updating: 'immediate' | 'deferred';
  /** Per parameter: rounded to an integer before every evaluation. */
  readonly integrality: readonly boolean[] | null;
}

/** numpy's round (rint): halves to even. */
export function roundHalfEven(v: number): number {
  return Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v);
}

/** The population of a differential evolution run and its evolution, scipy's order of draws. */
export class DifferentialEvolutionSolver {
  /** Members scaled to [0, 1] per parameter; member 0 is the best. */
  population: Float64Array[];
  energies: Float64Array;
  nfev = 0;
  private scale: number;
  private readonly dither: [number, number] | null;
  private readonly center: Float64Array;
  private readonly width: Float64Array;
  private readonly reciprocalWidth: Float64Array;
  /** The index array scipy shuffles, never reset, to draw the members a mutation uses. */
  private readonly memberIndex: Int32Array;
  readonly n: number;

  /**
   * `lower`/`upper` are the bounds before any integrality adjustment (the scaling uses them, as
   * scipy's does); `initial` is the population already scaled to [0, 1].
   */
  constructor(
    private readonly func: (x: Float64Array) => number,
    lower: Float64Array,
    upper: Float64Array,
    initial: Float64Array[],
    private readonly rng: NumpyRandomSource,
    private readonly settings: SolverSettings,
  ) {
    this.n = lower.length;
    this.center = lower.map((l, i) => 0.5 * (l + upper[i]!));
    this.width = lower.map((l, i) => Math.abs(l - upper[i]!));
    this.reciprocalWidth = this.width.map((w) => (Number.isFinite(1 / w) ? 1 / w : 0));
    this.population = initial;
    this.energies = new Float64Array(initial.length).fill(Infinity);
    this.memberIndex = Int32Array.from({ length: initial.length }, (_, i) => i);
    const m = settings.mutation;
    this.dither = typeof m === 'number' ? null : m[0] <= m[1] ? [m[0], m[1]] : [m[1], m[0]];
    this.scale = typeof m === 'number' ? m : NaN;
  }

  get size(): number {
    return this.population.length;
  }

  /** From [0, 1] to the parameters: center + (trial - 0.5)·width, integers rounded. */
  toParameters(trial: Float64Array): Float64Array {
    const out = trial.map((t, i) => this.center[i]! + (t - 0.5) * this.width[i]!);
    const integer = this.settings.integrality;
    if (integer) for (let i = 0; i < this.n; i++) if (integer[i]) out[i] = roundHalfEven(out[i]!);
    return out;
  }

  /** From the parameters to [0, 1]: (x - center)·(1/width) + 0.5 (0.5 where the width is 0). */
  toUnit(x: ArrayLike<number>): Float64Array {
    return Float64Array.from({ length: this.n }, (_, i) => (x[i]! - this.center[i]!) * this.reciprocalWidth[i]! + 0.5);
  }

  /** The energies of every member when none is known yet (all Infinity), best moved first. */
  evaluateIfFresh(): void {
    if (!this.energies.every((e) => e === Infinity)) return;
    for (let k = 0; k < this.size; k++) this.energies[k] = this.func(this.toParameters(this.population[k]!));
    this.nfev += this.size;
    this.promoteLowestEnergy();
  }

  /** Swaps the lowest energy into place 0 (np.argmin: the first minimum, or the first NaN). */
  private promoteLowestEnergy(): void {
    let best = 0;
    for (let k = 0; k < this.size; k++) {
      const e = this.energies[k]!;
      if (Number.isNaN(e)) {
        best = k;
        break;
      }
      if (e < this.energies[best]!) best = k;
    }
    [this.energies[0], this.energies[best]] = [this.energies[best]!, this.energies[0]!];
    [this.population[0], this.population[best]] = [this.population[best]!, this.population[0]!];
  }

  /** One generation (scipy's __next__). */
  evolve(): void {
    this.evaluateIfFresh();
    if (this.dither) this.scale = this.rng.uniform(this.dither[0], this.dither[1]);
    if (this.settings.updating === 'immediate') {
      for (let candidate = 0; candidate < this.size; candidate++) {
        const trial = this.mutate(candidate);
        this.ensureInUnitBox([trial]);
        const energy = this.func(this.toParameters(trial));
        this.nfev += 1;
        if (energy <= this.energies[candidate]!) {
          this.population[candidate] = trial;
          this.energies[candidate] = energy;
          if (energy <= this.energies[0]!) this.promoteLowestEnergy();
        }
      }
      return;
    }
    const trials = this.mutateAll();
    this.ensureInUnitBox(trials);
    const trialEnergies = trials.map((t) => this.func(this.toParameters(t)));
    this.nfev += this.size;
    for (let k = 0; k < this.size; k++) {
      if (trialEnergies[k]! <= this.energies[k]!) {
        this.population[k] = trials[k]!;
        this.energies[k] = trialEnergies[k]!;
      }
    }
    this.promoteLowestEnergy();
  }

  /** scipy's converged(): no infinite energy and std(E) <= atol + tol·|mean(E)|. */
  converged(): boolean {
    if (this.energies.some((e) => e === Infinity || e === -Infinity)) return false;
    const [mean, std] = this.meanAndStd();
    return std <= this.settings.atol + this.settings.tol * Math.abs(mean);
  }

  /** scipy's convergence property: std(E) / (|mean(E)| + ε), Infinity while an energy is infinite. */
  convergence(): number {
    if (this.energies.some((e) => e === Infinity || e === -Infinity)) return Infinity;
    const [mean, std] = this.meanAndStd();
    return std / (Math.abs(mean) + MACHEPS);
  }

  /** np.mean and np.std (ddof 0) of the energies, as numpy sums them. */
  private meanAndStd(): [number, number] {
    const count = this.size;
    const mean = numpySum(this.energies) / count;
    const squares = this.energies.map((e) => (e - mean) * (e - mean));
    return [mean, Math.sqrt(numpySum(squares) / count)];
  }

  /** Entries outside [0, 1] replaced by fresh uniform draws, in row-major order (the mask is
   * taken before any draw; NaN entries stay, as numpy's comparisons leave them). */
  private ensureInUnitBox(trials: Float64Array[]): void {
    const outside: [Float64Array, number][] = [];
    for (const trial of trials) for (let i = 0; i < this.n; i++) if (trial[i]! > 1 || trial[i]! < 0) outside.push([trial, i]);
    for (const [trial, i] of outside) trial[i] = this.rng.uniform();
  }

  /** Up to 5 members other than `candidate`: the first 6 of the shuffled index array, minus it. */
  private selectSamples(candidate: number): number[] {
    this.rng.shuffle(this.memberIndex);
    const out: number[] = [];
    for (let k = 0; k < 6 && k < this.size; k++) if (this.memberIndex[k] !== candidate) out.push(this.memberIndex[k]!);
    return out.slice(0, 5);
  }

  /** The mutant vector (scipy's bprime) from the members `r`, numpy's elementwise order. */
  private mutant(candidate: number, r: number[]): Float64Array {
    const p = this.population;
    const best = p[0]!;
    const F = this.scale;
    const out = new Float64Array(this.n);
    const strategy = this.settings.strategy;
    for (let i = 0; i < this.n; i++) {
      const at = (k: number) => p[r[k]!]![i]!;
      if (strategy.startsWith('best1')) out[i] = best[i]! + F * (at(0) - at(1));
      else if (strategy.startsWith('rand1')) out[i] = at(0) + F * (at(1) - at(2));
      else if (strategy.startsWith('randtobest1')) {
        let b = at(0);
        b += F * (best[i]! - b);
        b += F * (at(1) - at(2));
        out[i] = b;
      } else if (strategy.startsWith('currenttobest1')) {
        const c = p[candidate]![i]!;
        out[i] = c + F * (best[i]! - c + at(0) - at(1));
      } else if (strategy.startsWith('best2')) out[i] = best[i]! + F * (at(0) + at(1) - at(2) - at(3));
      else out[i] = at(0) + F * (at(1) + at(2) - at(3) - at(4)); // rand2
    }
    return out;
  }

  /** The trial vector from the mutant: binomial (each parameter with probability recombination,
   * the one at fillPoint always) or exponential (a run of parameters from fillPoint). */
  private crossover(current: Float64Array, mutant: Float64Array, fillPoint: number, crossovers: boolean[]): Float64Array {
    const trial = Float64Array.from(current);
    if (this.settings.strategy.endsWith('bin')) {
      crossovers[fillPoint] = true;
      for (let i = 0; i < this.n; i++) if (crossovers[i]) trial[i] = mutant[i]!;
      return trial;
    }
    crossovers[0] = true;
    for (let i = 0; i < this.n && crossovers[i]; i++) {
      trial[fillPoint] = mutant[fillPoint]!;
      fillPoint = (fillPoint + 1) % this.n;
    }
    return trial;
  }

  private drawCrossovers(): boolean[] {
    return Array.from({ length: this.n }, () => this.rng.uniform() < this.settings.recombination);
  }

  /** scipy's _mutate: fill point, members, then the crossover draws. */
  private mutate(candidate: number): Float64Array {
    const fillPoint = this.rng.integers(this.n);
    const samples = this.selectSamples(candidate);
    const mutant = this.mutant(candidate, samples);
    return this.crossover(this.population[candidate]!, mutant, fillPoint, this.drawCrossovers());
  }

  /** scipy's _mutate_many (deferred updating): every member's samples, then every fill point,
   * then every crossover draw. */
  private mutateAll(): Float64Array[] {
    const samples = this.population.map((_, k) => this.selectSamples(k));
    const mutants = samples.map((s, k) => this.mutant(k, s));
    const fillPoints = this.population.map(() => this.rng.integers(this.n));
    const crossovers = this.population.map(() => this.drawCrossovers());
    return this.population.map((member, k) => this.crossover(member, mutants[k]!, fillPoints[k]!, crossovers[k]!));
  }
}

/** scipy's init_population_lhs: per parameter, one uniform draw in each of S equal segments,
 * the segments' order permuted. */
export function latinHypercube(rng: NumpyRandomSource, size: number, n: number): Float64Array[] {
  const segment = 1.0 / size;
  // samples = segsize·U + linspace(0, 1, S, endpoint=False)[:, None]; linspace's step is 1/S
  // and its k-th entry k·step.
  const samples = Array.from({ length: size }, (_, k) => {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j++) row[j] = segment * rng.uniform() + k * (1.0 / size);
    return row;
  });
  const population = Array.from({ length: size }, () => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    const order = rng.permutation(size);
    for (let k = 0; k < size; k++) population[k]![j] = samples[order[k]!]![j]!;
  }
  return population;
}

/** scipy's init_population_random: U[0, 1) for every entry, row by row. */
export function randomPopulation(rng: NumpyRandomSource, size: number, n: number): Float64Array[] {
  return Array.from({ length: size }, () => Float64Array.from({ length: n }, () => rng.uniform()));
}
