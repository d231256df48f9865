"""Reference runs of scipy.optimize.minimize(method='SLSQP') for tf.optimize.minimize's 'slsqp'.

Writes test/fixtures/slsqp.json, which test/minimize-slsqp.test.ts checks against. Run:
python3 scripts/slsqp_fixtures.py (scipy 1.17).

The problems are those of test/helpers/slsqp-problems.ts, by the same names: scipy's constrained
Rosenbrock from the scipy.optimize tutorial, Nocedal and Wright's example 16.4 from scipy's
minimize docs, Hock and Schittkowski's problems 6, 7, 21, 35 and 71, a long-only minimum-variance
portfolio, the nearest point of a sphere (equalities only), Rosenbrock in a disk (inequalities
only), Rosenbrock in a box (bounds only), incompatible inequalities, more equalities than
parameters, and runs cut short by maxiter. scipy gets analytic gradients and constraint Jacobians
(gradtape's are exact too), so its nfev and njev count what SLSQP asked for, not finite differences.
Each record keeps x, fun, jac, nit, nfev, njev, status, success, message and multipliers.
"""

import json
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import minimize, rosen, rosen_der

OUT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'slsqp.json'

# The portfolio: five assets' covariance C = B Bᵀ/5 + diag(0.01) and expected returns.
PORTFOLIO_B = np.array([
    [0.30, -0.10, 0.05, 0.20, 0.00],
    [0.10, 0.25, -0.05, 0.00, 0.10],
    [-0.05, 0.10, 0.35, 0.05, -0.10],
    [0.20, 0.00, 0.10, 0.15, 0.05],
    [0.00, 0.05, -0.10, 0.10, 0.40],
])
PORTFOLIO_C = PORTFOLIO_B @ PORTFOLIO_B.T / 5 + 0.01 * np.eye(5)
PORTFOLIO_MU = np.array([0.05, 0.07, 0.10, 0.06, 0.12])
PORTFOLIO_TARGET = 0.09

SPHERE_POINT = np.array([1.0, 2.0, 3.0])


def ineq(fun, jac):
    return {'type': 'ineq', 'fun': fun, 'jac': jac}


def eq(fun, jac):
    return {'type': 'eq', 'fun': fun, 'jac': jac}


# name: (f, gradient, constraints, bounds)
PROBLEMS = {
    # scipy.optimize tutorial, "Sequential Least SQuares Programming (SLSQP) Algorithm".
    'tutorial': (rosen, rosen_der, [
        eq(lambda x: np.array([2 * x[0] + x[1] - 1]), lambda x: np.array([[2.0, 1.0]])),
        ineq(lambda x: np.array([1 - x[0] - 2 * x[1], 1 - x[0] ** 2 - x[1], 1 - x[0] ** 2 + x[1]]),
             lambda x: np.array([[-1.0, -2.0], [-2 * x[0], -1.0], [-2 * x[0], 1.0]])),
    ], [(0, 1), (-0.5, 2.0)]),
    # scipy.optimize.minimize's docs: Nocedal and Wright, example 16.4.
    'nocedal 16.4': (lambda x: (x[0] - 1) ** 2 + (x[1] - 2.5) ** 2,
                     lambda x: np.array([2 * (x[0] - 1), 2 * (x[1] - 2.5)]), [
        ineq(lambda x: x[0] - 2 * x[1] + 2, lambda x: np.array([1.0, -2.0])),
        ineq(lambda x: -x[0] - 2 * x[1] + 6, lambda x: np.array([-1.0, -2.0])),
        ineq(lambda x: -x[0] + 2 * x[1] + 2, lambda x: np.array([-1.0, 2.0])),
    ], [(0, None), (0, None)]),
    'hs6': (lambda x: (1 - x[0]) ** 2, lambda x: np.array([-2 * (1 - x[0]), 0.0]), [
        eq(lambda x: 10 * (x[1] - x[0] ** 2), lambda x: np.array([-20 * x[0], 10.0])),
    ], None),
    'hs7': (lambda x: np.log(1 + x[0] ** 2) - x[1], lambda x: np.array([2 * x[0] / (1 + x[0] ** 2), -1.0]), [
        eq(lambda x: (1 + x[0] ** 2) ** 2 + x[1] ** 2 - 4, lambda x: np.array([4 * x[0] * (1 + x[0] ** 2), 2 * x[1]])),
    ], None),
    'hs21': (lambda x: 0.01 * x[0] ** 2 + x[1] ** 2 - 100, lambda x: np.array([0.02 * x[0], 2 * x[1]]), [
        ineq(lambda x: 10 * x[0] - x[1] - 10, lambda x: np.array([10.0, -1.0])),
    ], [(2, 50), (-50, 50)]),
    'hs35': (lambda x: 9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0] ** 2 + 2 * x[1] ** 2 + x[2] ** 2 + 2 * x[0] * x[1] + 2 * x[0] * x[2],
             lambda x: np.array([-8 + 4 * x[0] + 2 * x[1] + 2 * x[2], -6 + 4 * x[1] + 2 * x[0], -4 + 2 * x[2] + 2 * x[0]]), [
        ineq(lambda x: 3 - x[0] - x[1] - 2 * x[2], lambda x: np.array([-1.0, -1.0, -2.0])),
    ], [(0, None)] * 3),
    'hs71': (lambda x: x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2],
             lambda x: np.array([x[3] * (2 * x[0] + x[1] + x[2]), x[0] * x[3], x[0] * x[3] + 1, x[0] * (x[0] + x[1] + x[2])]), [
        ineq(lambda x: x[0] * x[1] * x[2] * x[3] - 25,
             lambda x: np.array([x[1] * x[2] * x[3], x[0] * x[2] * x[3], x[0] * x[1] * x[3], x[0] * x[1] * x[2]])),
        eq(lambda x: x @ x - 40, lambda x: 2 * x),
    ], [(1, 5)] * 4),
    'portfolio': (lambda w: w @ PORTFOLIO_C @ w, lambda w: 2 * PORTFOLIO_C @ w, [
        eq(lambda w: np.sum(w) - 1, lambda w: np.ones(5)),
        ineq(lambda w: PORTFOLIO_MU @ w - PORTFOLIO_TARGET, lambda w: PORTFOLIO_MU.copy()),
    ], [(0, 1)] * 5),
    'sphere': (lambda x: np.sum((x - SPHERE_POINT) ** 2), lambda x: 2 * (x - SPHERE_POINT), [
        eq(lambda x: x @ x - 1, lambda x: 2 * x),
    ], None),
    'rosenbrock disk': (rosen, rosen_der, [
        ineq(lambda x: 1 - x[0] ** 2 - x[1] ** 2, lambda x: np.array([-2 * x[0], -2 * x[1]])),
    ], None),
    'rosenbrock box': (rosen, rosen_der, [], [(-2, 0.5), (-1, 2)]),
    'incompatible': (lambda x: x[0] ** 2 + x[1] ** 2, lambda x: 2 * x, [
        ineq(lambda x: x[0] - 1, lambda x: np.array([1.0, 0.0])),
        ineq(lambda x: -1 - x[0], lambda x: np.array([-1.0, 0.0])),
    ], None),
    'overdetermined': (lambda x: x[0] ** 2, lambda x: 2 * x, [
        eq(lambda x: np.array([x[0] - 1, x[0] - 2]), lambda x: np.array([[1.0], [1.0]])),
    ], None),
}

# (run name, problem, x0, options), options in scipy's names.
RUNS = [
    ('tutorial', 'tutorial', [0.5, 0.0], {'ftol': 1e-9}),
    ('tutorial, default ftol', 'tutorial', [0.5, 0.0], {}),
    ('nocedal 16.4', 'nocedal 16.4', [2.0, 0.0], {}),
    ('hs6', 'hs6', [-1.2, 1.0], {}),
    ('hs7', 'hs7', [2.0, 2.0], {}),
    ('hs21 (start clipped into the bounds)', 'hs21', [-1.0, -1.0], {}),
    ('hs35', 'hs35', [0.5, 0.5, 0.5], {}),
    ('hs71', 'hs71', [1.0, 5.0, 5.0, 1.0], {}),
    ('hs71, ftol 1e-10', 'hs71', [1.0, 5.0, 5.0, 1.0], {'ftol': 1e-10}),
    ('portfolio', 'portfolio', [0.2] * 5, {}),
    ('sphere (equalities only)', 'sphere', [1.0, 0.0, 0.0], {}),
    ('rosenbrock disk (inequalities only)', 'rosenbrock disk', [0.0, 0.0], {}),
    ('rosenbrock box (bounds only)', 'rosenbrock box', [-1.2, 1.0], {}),
    ('incompatible inequalities', 'incompatible', [0.0, 1.0], {}),
    ('more equalities than parameters', 'overdetermined', [0.0], {}),
    ('hs71, maxiter 3', 'hs71', [1.0, 5.0, 5.0, 1.0], {'maxiter': 3}),
    ('rosenbrock disk, maxiter 5', 'rosenbrock disk', [0.0, 0.0], {'maxiter': 5}),
]

OPTION_NAMES = {'ftol': 'ftol', 'maxiter': 'maxIterations'}


def run(name, problem, x0, options):
    f, grad, constraints, bounds = PROBLEMS[problem]
    res = minimize(f, np.array(x0, dtype=float), jac=grad, method='SLSQP', bounds=bounds,
                   constraints=constraints, options=options)
    record = {
        'name': name, 'problem': problem, 'x0': [float(v) for v in x0],
        'options': {OPTION_NAMES[k]: v for k, v in options.items()},
        'x': res.x.tolist(), 'fun': float(res.fun), 'jac': np.asarray(res.jac, dtype=float).tolist(),
        'nit': int(res.nit), 'nfev': int(res.nfev), 'njev': int(res.njev),
        'status': int(res.status), 'success': bool(res.success), 'message': str(res.message),
        'multipliers': np.asarray(res.multipliers, dtype=float).tolist(),
    }
    print(f"{name:40} nit {record['nit']:3} nfev {record['nfev']:3} njev {record['njev']:3} "
          f"status {record['status']} {record['message']}  x {np.round(res.x, 7).tolist()}")
    return record


def main():
    runs = [run(*r) for r in RUNS]
    OUT.write_text(json.dumps({'scipy': scipy.__version__, 'runs': runs}, indent=1) + '\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
