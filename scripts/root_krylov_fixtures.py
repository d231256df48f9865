"""Reference results for tf.optimize.root's method 'krylov': scipy's root(method='krylov')
(scipy/optimize/_nonlin.py's KrylovJacobian on scipy.sparse.linalg.lgmres, driven by nonlin_solve)
on the problems of root_nonlin_fixtures.py (scipy's test_nonlin.py problems and MINPACK's hybrj1
systems), on two discretised boundary-value problems of the size Newton-Krylov is meant for, and
with options. Writes test/fixtures/root-krylov.json (run: python3 scripts/root_krylov_fixtures.py)."""
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import root_nonlin_fixtures as nonlin  # noqa: E402
from root_lm_fixtures import RUNS  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'root-krylov.json'


def cubic_1d(u):
    """-u'' + u³ = 10 on (0, 1), u(0) = u(1) = 0, by central differences on n interior points
    (written so that gradtape's elementwise ops give numpy's bits)."""
    n = u.size
    k = float((n + 1) ** 2)
    padded = np.concatenate(([0.0], u, [0.0]))
    return (2 * u - padded[:-2] - padded[2:]) * k + u * u * u - 10


def bratu_1d(u):
    """Bratu's problem u'' + e^u = 0 on (0, 1), u(0) = u(1) = 0 (the lower branch), as cubic_1d."""
    n = u.size
    k = float((n + 1) ** 2)
    padded = np.concatenate(([0.0], u, [0.0]))
    return (padded[:-2] - 2 * u + padded[2:]) * k + np.exp(u)


# Added to root_nonlin_fixtures's problems, so that its case() runs them.
LARGE = {'cubic1d/200': (cubic_1d, [0.0] * 200), 'bratu1d/100': (bratu_1d, [0.0] * 100)}
nonlin.SCIPY_PROBLEMS.update(LARGE)


def main():
    small = ['F', 'F2', 'F2_lucky', 'F3', 'F4_powell', 'F5', 'F6']
    cases = [nonlin.case(problem, 'krylov') for problem in small]
    cases += [nonlin.case(f'{p}/{n}', 'krylov') for p, n, _ in RUNS]
    cases += [nonlin.case(problem, 'krylov') for problem in LARGE]
    cases += [
        nonlin.case('cubic1d/200', 'krylov', {'line_search': None}),
        nonlin.case('cubic1d/200', 'krylov', {'line_search': 'wolfe'}),
        nonlin.case('cubic1d/200', 'krylov', {'jac_options': {'outer_k': 0}}),
        nonlin.case('cubic1d/200', 'krylov', {'jac_options': {'outer_k': 3, 'inner_inner_m': 10}}),
        nonlin.case('cubic1d/200', 'krylov', {'jac_options': {'inner_rtol': 1e-2}}),
        nonlin.case('cubic1d/200', 'krylov', {'fatol': 1e-10}),
        nonlin.case('bratu1d/100', 'krylov', {'jac_options': {'rdiff': 1e-6, 'inner_maxiter': 5}}),
        nonlin.case('F', 'krylov', {'jac_options': {'inner_atol': 1e-3}}),
        nonlin.case('F', 'krylov', {'nit': 3}),
        nonlin.case('F', 'krylov', {'maxiter': 2}),
        nonlin.case('F3', 'krylov', tol=1e-10),
    ]
    nonlin.write_cases(OUT, cases)


if __name__ == '__main__':
    main()
