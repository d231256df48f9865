// Residuals and their exact Jacobian from a function of gradtape tensors. The first evaluation
// records the function on a GradientTape, reads the residuals, and only when the optimizer asks
// (an accepted step) takes the Jacobian from the same record; tape.jacobian runs forward mode when
// the parameters are fewer than the residuals: one tangent pass per parameter.
//
// That first evaluation is also traced (protocol item 12), the function and then its Jacobian:
// when the function computed its result by ops alone (it read no value computed from the
// parameters, drew no random numbers, used no variable), later evaluations replay the recorded
// program inside wasm, parameters in and residuals and Jacobian out, with no op call from
// JavaScript, no tape and no sweep. Otherwise every evaluation runs the function as the first did.

import { constant } from '../creation';
import { tidy } from '../memory';
import { GradientTape } from '../tape';
import type { Tensor } from '../tensor';
import type { Evaluation, LmProblem } from './lm';
import type { BatchEvaluate } from './solver-run';
import { abortTrace, beginTrace, endTrace, freeProgram, markTrace, replay, takeSpare } from './traced';
import { euclideanNorm } from './vector';

/** How the parameter vector reaches the user's function. */
export type ParameterLayout =
  /** One rank-0 tensor per parameter (curveFit's f(x, a, b, ...)). */
  | 'scalars'
  /** One tensor of shape [n] (leastSquares' residuals(params)). */
  | 'vector';

/** The parameters as tensors of the fit's dtype (float32 rounds them; the solver keeps float64). */
const parameterTensor = (values: Float64Array, dtype: 'float32' | 'float64'): Tensor =>
  constant(dtype === 'float64' ? values : Float32Array.from(values));

/** An LmProblem whose wasm program (if the function gave one) must be freed after the fit. */
export interface TapeProblem extends LmProblem {
  dispose(): void;
}

/**
 * An LmProblem whose residuals are `residualsOf(params)`, traced and replayed when `jit` (see the
 * top of this file). Every tensor an evaluation makes is freed before it returns (tf.tidy, and
 * the tape is released whether or not its Jacobian is taken), so a fit of any length holds no
 * tensors of its own; `dispose` frees the replayable program.
 */
export function tapeProblem(
  m: number,
  n: number,
  layout: ParameterLayout,
  dtype: 'float32' | 'float64',
  jit: boolean,
  residualsOf: (params: Tensor[]) => Tensor,
): TapeProblem {
  const sourcesAt = (x: Float64Array): Tensor[] => {
    if (layout === 'vector') return [parameterTensor(x.slice(), dtype)];
    const sources = new Array<Tensor>(x.length); // (a loop: Array.from with a mapping function iterates slowly)
    for (let j = 0; j < x.length; j++) sources[j] = constant(x[j]!, dtype);
    return sources;
  };
  let traced = !jit; // without jit, nothing is traced
  let program = 0; // the replayable program's reference; 0: none
  const spares: Float64Array[] = []; // arrays of released evaluations, for replays to fill

  const run = (x: Float64Array, wantJacobian: (residualNorm: number, residuals: Float64Array) => boolean): Evaluation => tidy(() => {
    const sources = sourcesAt(x);
    const tape = new GradientTape({ watchAccessedVariables: false });
    for (const s of sources) tape.watch(s);
    // The first evaluation is traced: the model up to its result, then the Jacobian.
    let tracingNow = !traced && beginTrace(sources);
    traced = true;
    try {
      let r: Tensor;
      try {
        r = tape.record(() => residualsOf(sources));
      } catch (e) {
        tape.dispose();
        throw e;
      }
      tracingNow &&= markTrace(r);
      // dataSync hands over a fresh copy: float64 data is used as it is, float32 converted.
      const values = r.dataSync();
      const residuals = values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>);
      if (!wantJacobian(euclideanNorm(residuals), residuals)) {
        tape.dispose();
        return { residuals, jacobian: null };
      }
      // 'none': a parameter the residuals never read comes back null, which the caller reports.
      const columns = tape.jacobian(r, sources, { unconnectedGradients: 'none' });
      if (tracingNow && columns.every((c) => c !== null)) {
        program = endTrace(columns as Tensor[]);
        tracingNow = false;
      }
      const jacobian = new Float64Array(m * n);
      if (layout === 'scalars') {
        columns.forEach((column, j) => {
          if (column === null) throw new UnusedParameterError(j);
          column._readInto(jacobian, j * m);
        });
      } else {
        const full = columns[0];
        if (full === null || full === undefined) throw new UnusedParameterError(-1);
        // [m, n] row-major from the tape; the optimizer works column-major.
        const rowMajor = full.dataSync() as ArrayLike<number>;
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) jacobian[j * m + i] = rowMajor[i * n + j]!;
      }
      return { residuals, jacobian };
    } finally {
      if (tracingNow) abortTrace(); // the evaluation failed or took no Jacobian: no program
    }
  });

  return {
    m,
    n,
    evaluate: (x, wantJacobian) => {
      if (program === 0) return run(x, wantJacobian);
      const [residuals, jacobian] = replay(program, x, m, (values) => wantJacobian(euclideanNorm(values), values), spares);
      // A released evaluation's arrays are filled again by a later one (at most a few kept).
      const release = () => {
        if (spares.length < 4) spares.push(residuals);
        if (jacobian && spares.length < 4) spares.push(jacobian);
      };
      return { residuals, jacobian, release };
    },
    dispose() {
      if (program !== 0) freeProgram(program);
      program = 0;
    },
  };
}

/**
 * Answers a round of requests from many fits with one call of `residualsOf`: parameter j of the k
 * requesting fits arrives as one float64 tensor of shape [k, 1] (row i for `fits[i]`), so a model
 * written with broadcasting ops returns all k fits' residuals at once, shape [k, m]. Fit i's
 * residuals depend only on row i, so one forward-mode pass per parameter with a tangent of ones
 * gives column j of every fit's Jacobian together; n passes give them all.
 * The first round checks that independence (a model that mixes rows would get wrong Jacobians).
 */
export function batchTapeEvaluator(
  m: number,
  n: number,
  dtype: 'float32' | 'float64',
  residualsOf: (fits: readonly number[], params: Tensor[]) => Tensor,
): BatchEvaluate {
  let independenceChecked = false;
  // Per fit, the arrays of its released evaluations (Evaluation.release), which its later ones
  // fill again: a batch of thousands of fits would otherwise allocate two arrays per fit and
  // round, and spend more time collecting them than evaluating (measured on 10,000 fits).
  const spares: Float64Array[][] = [];
  return (fits, requests) => tidy(() => {
    const k = fits.length;
    const sources = Array.from({ length: n }, (_, j) => parameterTensor(Float64Array.from(requests, (r) => r.x[j]!), dtype).reshape([k, 1]));
    const tape = new GradientTape({ watchAccessedVariables: false });
    try {
      for (const s of sources) tape.watch(s);
      const r = tape.record(() => residualsOf(fits, sources));
      const data = r.dataSync() as Float64Array | Float32Array;
      const evaluations: Evaluation[] = [];
      let anyJacobian = false;
      requests.forEach((request, i) => {
        const kept = (spares[fits[i]!] ??= []);
        const residuals = takeSpare(kept, m) ?? new Float64Array(m);
        for (let q = 0; q < m; q++) residuals[q] = data[i * m + q]!; // (a subarray per fit was a view object per fit and round)
        const wanted = request.wantJacobian(euclideanNorm(residuals), residuals);
        anyJacobian ||= wanted;
        // (Every column of a Jacobian taken from the spares is written below.)
        const jacobian = wanted ? (takeSpare(kept, m * n) ?? new Float64Array(m * n)) : null;
        const release = () => {
          if (kept.length < 4) kept.push(residuals);
          if (jacobian && kept.length < 4) kept.push(jacobian);
        };
        evaluations.push({ residuals, jacobian, release });
      });
      if (!anyJacobian) return evaluations;
      if (!independenceChecked && k > 1) {
        checkRowsIndependent(tape, sources, r, k, m);
        independenceChecked = true;
      }
      const ones = parameterTensor(new Float64Array(k).fill(1), dtype).reshape([k, 1]);
      for (let j = 0; j < n; j++) {
        const [column] = tape._jvp([sources[j]!], [ones], [r]);
        if (!column) throw new UnusedParameterError(j);
        const values = column.dataSync() as Float64Array | Float32Array;
        evaluations.forEach((e, i) => {
          const jacobian = e.jacobian;
          if (jacobian) for (let q = 0; q < m; q++) jacobian[j * m + q] = values[i * m + q]!;
        });
      }
      return evaluations;
    } finally {
      tape.dispose();
    }
  });
}

/** A tangent on row 0 of every parameter must leave rows 1.. of the residuals unchanged (a
 * mixing model, such as one subtracting the mean of a parameter over the batch, does not). */
function checkRowsIndependent(tape: GradientTape, sources: Tensor[], r: Tensor, k: number, m: number): void {
  const rowZero = new Float64Array(k);
  rowZero[0] = 1;
  const tangent = constant(rowZero).cast(sources[0]!.dtype).reshape([k, 1]);
  const [change] = tape._jvp(sources, sources.map(() => tangent), [r]);
  if (!change) return;
  const values = change.dataSync() as Float64Array;
  // NaN is no evidence: a fit whose residuals are NaN gets NaN · 0 here.
  const leak = values.findIndex((v, index) => index >= m && v !== 0 && !Number.isNaN(v));
  if (leak >= 0) {
    throw new BatchMixingError(Math.floor(leak / m));
  }
}

/** The model's row `row` depends on fit 0's parameters: the batched model mixes fits. */
export class BatchMixingError extends Error {
  constructor(readonly row: number) {
    super(`row ${row} of the model's output depends on the parameters of fit 0`);
  }
}

/** The residuals do not depend on parameter `index` at all (-1: on none of them). */
export class UnusedParameterError extends Error {
  constructor(readonly index: number) {
    super(index < 0 ? 'the residuals do not depend on the parameters' : `the residuals do not depend on parameter ${index}`);
  }
}
