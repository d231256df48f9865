// The protocol between a least-squares solver and whoever evaluates its model. A solver is a
// generator: it yields each evaluation it needs and is resumed with the result. One loop drives a
// solver on one problem (runOn); another drives many solvers in lockstep and answers each round's
// requests with one batched model call (runBatch), which is how curveFit fits a batch of datasets.

import type { Evaluation, LmProblem } from './lm';

/** One evaluation a solver asks for: the residuals at `x`, and the Jacobian too when
 * `wantJacobian` returns true for them. `x` is never modified afterwards. */
export interface EvaluationRequest {
  readonly x: Float64Array;
  readonly wantJacobian: (residualNorm: number, residuals: Float64Array) => boolean;
}

/** A solver run: yields requests, receives evaluations, returns its result. */
export type SolverRun<R> = Generator<EvaluationRequest, R, Evaluation>;

/** Answers one request of each of several fits: `fits[i]` names the fit that made `requests[i]`. */
export type BatchEvaluate = (fits: readonly number[], requests: readonly EvaluationRequest[]) => Evaluation[];

/** Drives `run` to its end, evaluating each request on `problem`. */
export function runOn<R>(problem: LmProblem, run: SolverRun<R>): R {
  let next = run.next(undefined as unknown as Evaluation); // the first resume's value is ignored
  while (!next.done) next = run.next(problem.evaluate(next.value.x, next.value.wantJacobian));
  return next.value;
}

/**
 * Drives every run to its end in rounds: each round collects the pending request of every
 * unfinished run and answers them all with one `evaluate` call. A run's sequence of requests and
 * results is exactly what runOn would give it, so each fit ends where it would alone.
 */
export function runBatch<R>(runs: readonly SolverRun<R>[], evaluate: BatchEvaluate): R[] {
  const results = new Array<R>(runs.length);
  let fits: number[] = [];
  let requests: EvaluationRequest[] = [];
  runs.forEach((run, fit) => {
    const next = run.next(undefined as unknown as Evaluation);
    if (next.done) results[fit] = next.value;
    else {
      fits.push(fit);
      requests.push(next.value);
    }
  });
  while (fits.length > 0) {
    const evaluations = evaluate(fits, requests);
    const nextFits: number[] = [];
    const nextRequests: EvaluationRequest[] = [];
    fits.forEach((fit, i) => {
      const next = runs[fit]!.next(evaluations[i]!);
      if (next.done) results[fit] = next.value;
      else {
        nextFits.push(fit);
        nextRequests.push(next.value);
      }
    });
    fits = nextFits;
    requests = nextRequests;
  }
  return results;
}
