"""Reference runs of scipy.optimize.minimize(method='TNC') for tf.optimize.minimize's 'tnc', which
ports scipy 1.17's tnc.c step for step.

Writes test/fixtures/tnc-scipy.json, which test/minimize-tnc.test.ts checks against. Run:
python3 scripts/tnc_fixtures.py (scipy 1.17, NumPy 2, and Node with the built package: `npx tsup`
first).

As scripts/minimize_more_fixtures.py, scipy runs on the objectives of test/helpers/minimize-problems.ts
as gradtape computes them (values and gradients from scripts/minimize-oracle.ts over a pipe), so that
a faithful port takes scipy's iterates bit for bit. tnc.c does its arithmetic in plain C loops (no
BLAS; x86-64 builds contract no multiply-add into an FMA), so nothing else needs matching. Each record
keeps x, fun, jac, nit, nfev, status, success and message; with a callback, the iterates it saw.
"""

import json
import warnings
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import Bounds, minimize

from minimize_more_fixtures import Gradtape, as_text, rosen_start

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / 'test' / 'fixtures' / 'tnc-scipy.json'

# scipy's option names -> tf.optimize.minimize's.
OPTION_NAMES = {'maxfun': 'maxEvaluations', 'maxCGit': 'maxCGit', 'eta': 'eta', 'stepmx': 'stepmx', 'accuracy': 'accuracy',
                'minfev': 'minfev', 'ftol': 'ftol', 'xtol': 'xtol', 'gtol': 'gtol', 'rescale': 'rescale',
                'scale': 'scale', 'offset': 'offset'}


def listed(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    return as_text(v) if np.isinf(v) else v


def run(oracle, name, problem, x0, options=None, bounds=None, callback=False):
    options = dict(options or {})
    fun, jac, _ = oracle.functions(problem)
    seen = []
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # TNC warns of nothing with these runs
        res = minimize(fun, np.array(x0, dtype=float), jac=jac, method='TNC', bounds=bounds, options=options,
                       callback=(lambda x: seen.append(x.tolist())) if callback else None)
    record = {
        'name': name, 'problem': problem, 'x0': [float(v) for v in x0],
        'options': {OPTION_NAMES[k]: listed(v) for k, v in options.items()},
        'x': res.x.tolist(), 'fun': float(res.fun), 'jac': [as_text(v) if not np.isfinite(v) else float(v) for v in res.jac],
        'nit': int(res.nit), 'nfev': int(res.nfev), 'status': int(res.status), 'success': bool(res.success),
        'message': str(res.message),
    }
    if bounds is not None:
        record['bounds'] = {'lb': [as_text(v) if np.isinf(v) else float(v) for v in bounds.lb],
                            'ub': [as_text(v) if np.isinf(v) else float(v) for v in bounds.ub]}
    if callback:
        record['iterates'] = seen
    print(f"{name:50} nit {record['nit']:4} nfev {record['nfev']:5} status {record['status']} {record['message']}")
    return record


def main():
    oracle = Gradtape()
    inf = np.inf
    runs = [
        run(oracle, 'rosenbrock 2', 'rosenbrock', [-1.2, 1.0]),
        run(oracle, 'rosenbrock 5', 'rosenbrock', rosen_start(5)),
        run(oracle, 'beale', 'beale', [1.0, 1.0]),
        run(oracle, 'powell singular', 'powellSingular', [3.0, -1.0, 0.0, 1.0]),
        run(oracle, 'quadratic 6', 'quadratic', [0.0] * 6),
        run(oracle, 'NIST Misra1d, start 2', 'misra1d', [450.0, 3e-4]),
        run(oracle, 'NIST MGH09, start 2', 'mgh09', [0.25, 0.39, 0.415, 0.39]),
        # Bounds active at the solution: on both sides, on one side, with a start on a bound.
        run(oracle, 'quadratic 6, some bounds active', 'quadratic', [0.0] * 6,
            bounds=Bounds(np.array([-inf, 0.0, -1.0, -0.5, -inf, 0.0]), np.array([inf, inf, 1.0, 2.0, 0.2, 1.5]))),
        run(oracle, 'rosenbrock 2, x <= 0.8 (active)', 'rosenbrock', [-1.2, 0.8], bounds=Bounds(np.array([-inf, -inf]), np.array([0.8, 0.8]))),
        run(oracle, 'rosenbrock 5, box [-2, 0.7] (active)', 'rosenbrock', [0.6, 0.5, 0.4, 0.3, 0.2],
            bounds=Bounds(np.array([-2.0] * 5), np.array([0.7] * 5))),
        run(oracle, 'beale, b >= 0.6 (one-sided)', 'beale', [1.0, 1.0], bounds=Bounds(np.array([-inf, 0.6]), np.array([inf, inf]))),
        run(oracle, 'NIST MGH09, start 2, box [0, 0.5]', 'mgh09', [0.25, 0.39, 0.415, 0.39], bounds=Bounds(np.array([0.0] * 4), np.array([0.5] * 4))),
        # A variable fixed by its bounds: scipy's minimize removes it (its jac entry NaN).
        run(oracle, 'rosenbrock 5, x2 fixed at 0.5', 'rosenbrock', rosen_start(5),
            bounds=Bounds(np.array([-inf, -inf, 0.5, -inf, -inf]), np.array([inf, inf, 0.5, inf, inf]))),
        # The evaluation limit (it counts the Hessian-vector products too).
        run(oracle, 'rosenbrock 5, maxfun 30', 'rosenbrock', rosen_start(5), {'maxfun': 30}),
        run(oracle, 'beale, maxfun 7', 'beale', [1.0, 1.0], {'maxfun': 7}),
        # Scaling and offsets given.
        run(oracle, 'rosenbrock 2, scale and offset', 'rosenbrock', [-1.2, 1.0], {'scale': np.array([2.0, 0.5]), 'offset': np.array([0.3, -0.2])}),
        # (Always with an offset: given a scale and no offset, scipy 1.17's tnc.c leaves the offsets
        # unset, and its runs vary with whatever the memory held.)
        run(oracle, 'quadratic 6 bounded, scale and offset', 'quadratic', [0.0] * 6,
            {'scale': np.array([1.0, 2.0, 0.5, 3.0, 1.0, 0.25]), 'offset': np.array([0.0, 0.5, 0.0, 0.5, -0.2, 0.75])},
            bounds=Bounds(np.array([-inf, 0.0, -1.0, -0.5, -inf, 0.0]), np.array([inf, inf, 1.0, 2.0, 0.2, 1.5]))),
        run(oracle, 'rosenbrock 5, a zero scale (x3 held)', 'rosenbrock', rosen_start(5),
            {'scale': np.array([1.0, 1.0, 1.0, 0.0, 1.0]), 'offset': np.array([1.0, 1.0, 1.0, 1.9, 1.0])}),
        # The other options.
        run(oracle, 'rosenbrock 5, maxCGit 0 (steepest descent)', 'rosenbrock', rosen_start(5), {'maxCGit': 0, 'maxfun': 200}),
        run(oracle, 'rosenbrock 5, maxCGit 5, eta 0.5, stepmx 2', 'rosenbrock', rosen_start(5), {'maxCGit': 5, 'eta': 0.5, 'stepmx': 2.0}),
        run(oracle, 'rosenbrock 2, tolerances', 'rosenbrock', [-1.2, 1.0], {'ftol': 1e-14, 'xtol': 1e-12, 'gtol': 1e-10, 'maxfun': 500}),
        # The other endings: x converged, the line search failing.
        run(oracle, 'rosenbrock 2, ftol 0, xtol 1e-6', 'rosenbrock', [-1.2, 1.0], {'ftol': 0.0, 'xtol': 1e-6}),
        run(oracle, 'beale, ftol 0, xtol 1e-4, gtol 0', 'beale', [1.0, 1.0], {'ftol': 0.0, 'xtol': 1e-4, 'gtol': 0.0}),
        run(oracle, 'rosenbrock 2, every tolerance 0', 'rosenbrock', [-1.2, 1.0], {'ftol': 0.0, 'xtol': 0.0, 'gtol': 0.0, 'maxfun': 5000}),
        run(oracle, 'NIST MGH09, start 2, every tolerance 0', 'mgh09', [0.25, 0.39, 0.415, 0.39], {'ftol': 0.0, 'xtol': 0.0, 'gtol': 0.0, 'maxfun': 5000}),
        run(oracle, 'beale, accuracy 1e-6, minfev -1, rescale 0', 'beale', [1.0, 1.0], {'accuracy': 1e-6, 'minfev': -1.0, 'rescale': 0.0}),
        run(oracle, 'powell singular, rescale inf', 'powellSingular', [3.0, -1.0, 0.0, 1.0], {'rescale': inf}),
        # A callback (it sees x unscaled; the run takes the same steps as without one).
        run(oracle, 'rosenbrock 5 with a callback', 'rosenbrock', rosen_start(5), callback=True),
        run(oracle, 'quadratic 6 bounded with a callback', 'quadratic', [0.0] * 6, callback=True,
            bounds=Bounds(np.array([-inf, 0.0, -1.0, -0.5, -inf, 0.0]), np.array([inf, inf, 1.0, 2.0, 0.2, 1.5]))),
    ]
    oracle.close()
    OUT.write_text(json.dumps({'scipy': scipy.__version__, 'numpy': np.__version__, 'runs': runs}, indent=1) + '\n')


if __name__ == '__main__':
    main()
