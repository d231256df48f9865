"""Reference runs of scipy.optimize.minimize(method='SLSQP') for tf.optimize.minimize's 'slsqp'.

Writes test/fixtures/slsqp.json, which test/minimize-slsqp.test.ts checks against, and
test/fixtures/slsqp-lsq.json, which test/slsqp-lsq.test.ts checks against: every quadratic
subproblem scipy's SLSQP solves on these runs (the inputs its C function lsq sees: the LDLᵀ factors,
gradient, constraints and bounds, and what it returns: the step, the multipliers, the mode), and
the BLAS and LAPACK routines that subproblem calls, on random inputs, as scipy.linalg exposes them
(the same OpenBLAS). Run: python3 scripts/slsqp_fixtures.py (scipy 1.17).

The problems are those of test/helpers/slsqp-problems.ts, by the same names: scipy's constrained
Rosenbrock from the scipy.optimize tutorial, Nocedal and Wright's example 16.4 from scipy's
minimize docs, Hock and Schittkowski's problems 6, 7, 21, 35 and 71, a long-only minimum-variance
portfolio, the nearest point of a sphere (equalities only), Rosenbrock in a disk (inequalities
only), Rosenbrock in a box (bounds only), incompatible inequalities, more equalities than
parameters, a quartic with one equality and no bounds, and runs cut short by maxiter. scipy gets
analytic gradients and constraint Jacobians (gradtape's are exact too), so its nfev and njev count
what SLSQP asked for, not finite differences.
Each record keeps x, fun, jac, nit, nfev, njev, status, success, message and multipliers.

scipy's SLSQP is C code on OpenBLAS's BLAS and LAPACK, whose ports (ts/optimize/openblas.ts,
lapack-reflections.ts, lapack-qr.ts) follow its Haswell kernels; on a machine with AVX-512 OpenBLAS
would pick its SkylakeX kernels, which round in another order, and the incompatible inequalities'
run, whose path turns on whether a step's first entry comes out exactly 0, takes 34 iterations
there instead of 6. So the script asks OpenBLAS for the Haswell kernels (OPENBLAS_CORETYPE=Haswell,
set before numpy loads).
"""

import json
import os
from pathlib import Path

os.environ.setdefault('OPENBLAS_CORETYPE', 'Haswell')

import numpy as np
import scipy
import scipy.optimize._slsqp_py as slsqp_py
from scipy.linalg import blas, lapack
from scipy.optimize import minimize, rosen, rosen_der

FIXTURES = Path(__file__).resolve().parent.parent / 'test' / 'fixtures'
OUT = FIXTURES / 'slsqp.json'
OUT_LSQ = FIXTURES / 'slsqp-lsq.json'

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

QUARTIC_WEIGHTS = np.array([1.0, 30.0, 0.2, 5.0])
QUARTIC_CENTER = np.array([1.0, -2.0, 3.0, 0.5])


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
    # One equality, no bounds: the least squares problem left is dgelsy's, whose first QR with
    # column pivoting reorders the columns (later ones find its pivots in jpvt and do not pivot).
    'quartic, one equality': (lambda x: np.sum(QUARTIC_WEIGHTS * (x - QUARTIC_CENTER) ** 4) + x @ x,
                              lambda x: 4 * QUARTIC_WEIGHTS * (x - QUARTIC_CENTER) ** 3 + 2 * x, [
        eq(lambda x: x @ np.array([1.0, 2.0, -0.3, 1.0]) - 1, lambda x: np.array([1.0, 2.0, -0.3, 1.0])),
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
    ('quartic, one equality (pivoted least squares)', 'quartic, one equality', [0.5, 0.1, -0.4, 2.0], {}),
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


def finite_or_none(v):
    return None if np.isnan(v) else float(v)


class SubproblemRecorder:
    """Wraps the C slsqp function that minimize's loop calls (scipy.optimize._slsqp_py.slsqp) and
    records each call that starts an iteration, the one that solves its quadratic subproblem: lsq
    reads the LDLᵀ factors (the first n(n+1)/2 entries of the work buffer, packed by columns, after
    this call's update), the gradient, the constraints' Jacobian and values, the bounds on the
    step (xl - x, xu - x; NaN for none) and the integer workspace `indices` as earlier calls left
    it (dgelsy takes it as jpvt), and leaves the step s (n + 1 entries, the last the augmented
    problem's δ when there was one) further on in the buffer and the multipliers in mult. h4 is
    1 - δ, or 1 without the augmented problem."""

    def __init__(self):
        self.records = []
        self.run = None
        self.original = slsqp_py.slsqp

    def __call__(self, state, fx, g, C, d, x, mult, xl, xu, buffer, indices):
        iteration = state['iter']
        g_in, C_in, d_in, x_in, indices_in = g.copy(), C.copy(), d.copy(), x.copy(), indices.copy()
        self.original(state, fx, g, C, d, x, mult, xl, xu, buffer, indices)
        if state['iter'] == iteration:
            return
        n, m = state['n'], state['m']
        packed = (n + 1) * n // 2
        s = buffer[packed + n + m: packed + n + m + n + 1]
        self.records.append({
            'run': self.run, 'iteration': state['iter'], 'n': n, 'm': m, 'meq': state['meq'],
            'factors': buffer[:packed].tolist(), 'gradient': g_in.tolist(),
            'jacobian': C_in[:m].tolist() if m > 0 else [], 'values': d_in[:m].tolist(), 'x': x_in.tolist(),
            'lower': [finite_or_none(v) for v in xl], 'upper': [finite_or_none(v) for v in xu],
            'indices': indices_in.tolist(),
            'mode': state['mode'], 'step': s[:n].tolist(), 'h4': state['h4'], 'multipliers': mult[:m].tolist(),
        })


def openblas_cases():
    """dgemv both ways (m, n = 1 .. 7; α 1, -1, 0.7 or -1.3 with β 0, 1 or -1), dtrsm (side 'R',
    upper, no transpose, non-unit diagonal; 1, 4 and 5 rows, 1 to 10 columns), dgeqrf and dgerqf
    (dgeqr2 and dgerq2 at these sizes, up to 6×6), dormqr (dorm2r) and dgeqp3 (its columns all
    free: dlaqp2), on random matrices."""
    rng = np.random.default_rng(20250117)
    out = {'dgemv': [], 'dtrsm': [], 'dgeqr2': [], 'dgerq2': [], 'dgeqp3': []}
    scalings = [(1.0, 0.0), (-1.0, 1.0), (0.7, 0.0), (1.0, -1.0), (-1.3, 1.0)]
    for m in range(1, 8):
        for n in range(1, 8):
            for trans in (0, 1):
                alpha, beta = scalings[(m + n + trans) % len(scalings)]
                a = rng.standard_normal((m, n))
                x = rng.standard_normal(n if trans == 0 else m)
                y = rng.standard_normal(m if trans == 0 else n)
                result = blas.dgemv(alpha, np.asfortranarray(a), x, beta=beta, y=y.copy(), trans=trans)
                out['dgemv'].append({'trans': 'T' if trans else 'N', 'alpha': alpha, 'beta': beta, 'a': a.tolist(),
                                     'x': x.tolist(), 'y': y.tolist(), 'result': result.tolist()})
    for rows in (1, 4, 5):
        for n in range(1, 11):
            u = np.triu(rng.standard_normal((n, n))) + np.diag(rng.choice([-1.0, 1.0], n) * (1 + rng.random(n)))
            b = rng.standard_normal((rows, n))
            x = blas.dtrsm(1.0, np.asfortranarray(u), np.asfortranarray(b), side=1, lower=0, trans_a=0, diag=0)
            out['dtrsm'].append({'u': u.tolist(), 'b': b.tolist(), 'x': x.tolist()})
    for m in range(1, 7):
        for n in range(1, 7):
            a = rng.standard_normal((m, n))
            if (m + n) % 3 == 0 and m > 1:
                a[1:, 0] = 0.0  # a column already zero below the diagonal (H = I)
            qr, tau, _, _ = lapack.dgeqrf(np.asfortranarray(a))
            c = rng.standard_normal(m)
            qtc, _, _ = lapack.dormqr('L', 'T', np.asfortranarray(qr[:, :len(tau)]), tau, np.asfortranarray(c.reshape(m, 1)), 1)
            out['dgeqr2'].append({'a': a.tolist(), 'qr': qr.tolist(), 'tau': tau.tolist(), 'c': c.tolist(), 'qtc': qtc[:, 0].tolist()})
            if m <= n:
                rq, tau, _, _ = lapack.dgerqf(np.asfortranarray(a))
                out['dgerq2'].append({'a': a.tolist(), 'rq': rq.tolist(), 'tau': tau.tolist()})
            # Columns of very different sizes, so that the pivoting reorders them.
            b = rng.standard_normal((m, n)) * rng.choice([0.01, 1.0, 100.0], n)
            qp, jpvt, tau, _, _ = lapack.dgeqp3(np.asfortranarray(b))
            out['dgeqp3'].append({'a': b.tolist(), 'qr': qp.tolist(), 'jpvt': jpvt.tolist(), 'tau': tau.tolist()})
    return out


def main():
    recorder = SubproblemRecorder()
    slsqp_py.slsqp = recorder
    runs = []
    for r in RUNS:
        recorder.run = r[0]
        runs.append(run(*r))
    slsqp_py.slsqp = recorder.original
    OUT.write_text(json.dumps({'scipy': scipy.__version__, 'runs': runs}, indent=1) + '\n')
    print(f'wrote {OUT}')
    lsq = {'scipy': scipy.__version__, 'subproblems': recorder.records, 'openblas': openblas_cases()}
    OUT_LSQ.write_text(json.dumps(lsq) + '\n')
    print(f'wrote {OUT_LSQ} ({len(recorder.records)} subproblems)')


if __name__ == '__main__':
    main()
