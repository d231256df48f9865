// tf.optimize: scipy.optimize's fitting and minimization functions on gradtape's exact derivatives.
export { curveFit, leastSquares, DEFAULT_TOLERANCE } from './curve-fit';
export type { CurveFitModel, CurveFitOptions, CurveFitResult, FitOptions, LeastSquaresResult } from './curve-fit';
export type { DogboxState, FitState, LmIterationInfo, LmState, TrfState } from './lm';
export type { FitLossFunction } from './loss';
export { minimize } from './minimize';
export type { MinimizeMethod, MinimizeOptions, MinimizeResult, MinimizeIterationInfo, ScipyMethodName } from './minimize';
export type { MinimizeConstraint } from './constraints';
export { fsolve, root } from './root';
export type { RootLmResult, RootOptions, RootResult } from './root';
export { differentialEvolution } from './differential-evolution';
export type { DifferentialEvolutionIntermediateResult, DifferentialEvolutionOptions, DifferentialEvolutionResult, DifferentialEvolutionStrategy } from './differential-evolution';
export { minimizeScalar } from './minimize-scalar';
export type { MinimizeScalarMethod, MinimizeScalarOptions, MinimizeScalarResult, MinimizeScalarSolverOptions } from './minimize-scalar';
export { bisect, brenth, brentq, newton, ridder, rootScalar, toms748 } from './root-scalar';
export type { BracketedRootOptions, NewtonOptions, RootScalarMethod, RootScalarOptions, RootScalarResult } from './root-scalar';
export { lsqLinear, nnls } from './linear-least-squares';
export type { LsqLinearOptions, LsqLinearResult, MatrixInput, NnlsOptions, NnlsResult, VectorInput } from './linear-least-squares';
