"""Reference results for tf.optimize.root's quasi-Newton and derivative-free methods: scipy's root with
methods 'broyden1', 'broyden2', 'anderson', 'linearmixing', 'diagbroyden', 'excitingmixing'
(scipy/optimize/_nonlin.py's nonlin_solve) and 'df-sane' (scipy/optimize/_spectral.py), on the test
problems of scipy's own test_nonlin.py (F, F2, F2_lucky, F3, F4_powell, F5, F6) with every method,
on the 22 systems of MINPACK's hybrj1 driver from their standard starts (test/helpers/
minpack-systems.ts; scripts/root_lm_fixtures.py writes them in Python) with the four methods
scipy's tests require to work (broyden1, broyden2, anderson, df-sane), and with options.
Each case records scipy's options and gradtape's names for them.
Writes test/fixtures/root-nonlin.json (run: python3 scripts/root_nonlin_fixtures.py)."""
import json
import pathlib
import sys
import warnings

import numpy as np
import scipy
from scipy.optimize import root

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from root_lm_fixtures import RUNS, residuals, start  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'root-nonlin.json'


# scipy/optimize/tests/test_nonlin.py's problems, as written there.
def F(x):
    x = np.asarray(x).T
    d = np.diag([3, 2, 1.5, 1, 0.5])
    c = 0.01
    return -d @ x - c * float(x.T @ x) * x


def F2(x):
    return x


def F3(x):
    A = np.array([[-2, 1, 0.], [1, -2, 1], [0, 1, -2]])
    b = np.array([1, 2, 3.])
    return A @ x - b


def F4_powell(x):
    A = 1e4
    return [A * x[0] * x[1] - 1, np.exp(-x[0]) + np.exp(-x[1]) - (1 + 1 / A)]


def F5(x):  # test_minpack.py's pressure_network(x, 4, [.5, .5, .5, .5])
    k = np.array([.5, .5, .5, .5])
    P = k * x ** 2
    return np.hstack((P[1:] - P[0], x.sum() - 4))


def F6(x):
    x1, x2 = x
    J0 = np.array([[-4.256, 14.7], [0.8394989, 0.59964207]])
    v = np.array([(x1 + 3) * (x2 ** 5 - 7) + 3 * 6, np.sin(x2 * np.exp(x1) - 1)])
    return -np.linalg.solve(J0, v)


SCIPY_PROBLEMS = {
    'F': (F, [1, 1, 1, 1, 1]), 'F2': (F2, [1, 2, 3, 4, 5, 6]), 'F2_lucky': (F2, [0, 0, 0, 0, 0, 0]),
    'F3': (F3, [1, 2, 3]), 'F4_powell': (F4_powell, [-1, -2]), 'F5': (F5, [2., 0, 2, 0]), 'F6': (F6, [-0.5, 1.4]),
}
NONLIN = ['broyden1', 'broyden2', 'anderson', 'linearmixing', 'diagbroyden', 'excitingmixing']
METHODS = NONLIN + ['df-sane']

# gradtape's names for scipy's options (the rest are the same).
NAMES = {'maxiter': 'maxIterations', 'tol_norm': 'tolNorm', 'line_search': 'lineSearch', 'jac_options': 'jacOptions',
         'reduction_method': 'reductionMethod', 'max_rank': 'maxRank', 'maxfev': 'maxEvaluations',
         'sigma_eps': 'sigmaEps', 'sigma_0': 'sigma0', 'outer_k': 'outerK',
         'inner_inner_m': 'innerInnerM', 'inner_rtol': 'innerRtol', 'inner_atol': 'innerAtol', 'inner_maxiter': 'innerMaxiter'}
# Norms given by name here (a fixture holds no functions): the test passes the same function.
NORMS = {'euclidean': np.linalg.norm, 'max': lambda v: np.abs(v).max()}


def gradtape_options(options):
    out = {}
    for key, value in options.items():
        if isinstance(value, dict):
            value = gradtape_options(value)
        out[NAMES.get(key, key)] = value
    return out


def problem_function(problem):
    if problem in SCIPY_PROBLEMS:
        f, x0 = SCIPY_PROBLEMS[problem]
        return f, [float(v) for v in x0]
    p, n = (int(v) for v in problem.split('/'))
    return (lambda x: np.array(residuals(p, n, list(x)), dtype=float)), start(p, n, 1)


def case(problem, method, options=None, tol=None):
    options = dict(options or {})
    f, x0 = problem_function(problem)
    scipy_options = {k: NORMS[v] if k in ('tol_norm', 'fnorm') else v for k, v in options.items()}
    given = gradtape_options(options)
    if tol is not None:
        given['tol'] = tol
    with warnings.catch_warnings(), np.errstate(all='ignore'):
        warnings.simplefilter('ignore')
        try:
            sol = root(f, np.array(x0), method=method, tol=tol, options=scipy_options)
        except (ArithmeticError, ValueError) as e:
            return {'problem': problem, 'method': method, 'options': options, 'gradtape': given, 'x0': x0,
                    'error': f'{type(e).__name__}: {e}'}
    record = {
        'problem': problem, 'method': method, 'options': options, 'gradtape': given, 'x0': x0,
        'x': [float(v) for v in sol.x], 'fun': [float(v) for v in np.asarray(sol.fun)],
        'success': bool(sol.success), 'message': sol.message, 'nit': int(sol.nit), 'nfev': int(sol.nfev),
    }
    if 'status' in sol:
        record['status'] = int(sol.status)
    return record


def main():
    cases = [case(problem, method) for problem in SCIPY_PROBLEMS for method in METHODS]
    cases += [case(f'{p}/{n}', method) for p, n, _ in RUNS for method in ['broyden1', 'broyden2', 'anderson', 'df-sane']]
    cases += [
        # (On F, tol=1e-10 makes scipy raise ZeroDivisionError: ‖F‖² underflows to 0 in its forcing term.)
        case('F3', 'broyden1', tol=1e-10),
        case('F5', 'anderson', tol=1e-12),
        case('F', 'broyden1', {'line_search': None}),
        case('F', 'broyden2', {'line_search': None}),
        case('F', 'broyden1', {'line_search': 'wolfe'}),
        case('F4_powell', 'broyden2', {'line_search': 'wolfe'}),
        case('F5', 'anderson', {'line_search': 'wolfe'}),
        case('F', 'broyden1', {'jac_options': {'reduction_method': 'simple', 'max_rank': 2}}),
        case('F', 'broyden2', {'jac_options': {'reduction_method': 'restart', 'max_rank': 3}}),
        case('F', 'broyden1', {'jac_options': {'alpha': 0.2}}),
        case('F', 'anderson', {'jac_options': {'M': 2, 'w0': 0}}),
        case('F5', 'anderson', {'jac_options': {'alpha': 0.5, 'M': 10}}),
        case('F', 'anderson', {'jac_options': {'M': 0}}),
        case('F', 'excitingmixing', {'jac_options': {'alpha': 0.1, 'alphamax': 0.5}}),
        case('F', 'linearmixing', {'jac_options': {'alpha': 0.2}}),
        case('F3', 'diagbroyden', {'jac_options': {'alpha': 0.3}}),
        case('F', 'broyden1', {'nit': 5}),
        case('F', 'broyden2', {'maxiter': 4}),
        case('F', 'broyden1', {'fatol': 1e-12, 'ftol': 1e-3}),
        case('F', 'anderson', {'fatol': 1e-12, 'ftol': 1e-9}),
        case('F', 'broyden2', {'fatol': 1e-10, 'xatol': 1e-3}),
        case('F', 'broyden1', {'fatol': 1e-10, 'tol_norm': 'euclidean'}),
        case('F3', 'broyden1', {'fatol': 1e-14, 'xtol': 1e-6}),
        case('F', 'df-sane', {'line_search': 'cheng'}),
        case('F5', 'df-sane', {'line_search': 'cheng'}),
        case('F', 'df-sane', {'M': 3}),
        case('F', 'df-sane', {'sigma_0': 0.5, 'sigma_eps': 1e-3}),
        case('F', 'df-sane', {'ftol': 0, 'fatol': 1e-12}),
        case('F', 'df-sane', {'maxfev': 10}),
        case('F', 'df-sane', tol=1e-12),
        case('F', 'df-sane', {'fnorm': 'max'}),
    ]
    write_cases(OUT, cases)


def write_cases(out, cases):
    """Writes the runs with scipy's and numpy's versions, and prints what each gave."""
    out.write_text(json.dumps({'scipy': scipy.__version__, 'numpy': np.__version__, 'cases': cases}, indent=1) + '\n')
    print(f'wrote {out}: {len(cases)} cases; {sum(c.get("success", False) for c in cases)} successful')
    for c in cases:
        print(c['problem'], c['method'], c['options'], c.get('error') or (c['success'], c['nit'], c['nfev']))


if __name__ == '__main__':
    main()
