"""Reference runs of scipy.optimize.nnls and scipy.optimize.lsq_linear for tf.optimize's nnls and
lsqLinear: random well-conditioned, ill-conditioned and rank-deficient matrices, tall and wide,
bounds active and inactive, one-sided, infinite and narrow, iteration limits, both lsq_linear
methods ('trf', 'bvls') with the 'exact' solver, and scipy's argument errors.

Writes test/fixtures/lsq-linear-scipy.json, which test/lsq-linear.test.ts checks against.
Run: python3 scripts/lsq_linear_fixtures.py (scipy 1.17, NumPy 2).

Each record keeps the arguments (gradtape's option names) and scipy's result, or the error's
type and message. Infinite bounds are the strings 'Infinity' / '-Infinity'.

nnls is scipy's C code on OpenBLAS's BLAS and LAPACK, whose ports (ts/optimize/openblas.ts,
ts/optimize/lapack-reflections.ts) follow its Haswell kernels; on a machine with AVX-512 OpenBLAS
would pick its SkylakeX kernels, which round dger differently. So the script asks OpenBLAS for the
Haswell kernels (OPENBLAS_CORETYPE=Haswell, set before numpy loads).
"""

import json
import os
import warnings
from pathlib import Path

os.environ.setdefault('OPENBLAS_CORETYPE', 'Haswell')

import numpy as np
import scipy
from scipy.optimize import lsq_linear, nnls

from lsq_fixture_common import infinity, lsq_linear_result

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / 'test' / 'fixtures' / 'lsq-linear-scipy.json'


def finite_or_text(v):
    return float(v) if np.isfinite(v) else ('NaN' if np.isnan(v) else ('Infinity' if v > 0 else '-Infinity'))


def problems():
    """name -> (A, b), all float64."""
    rng = np.random.default_rng(20250117)
    out = {}
    out['tall-random'] = (rng.standard_normal((8, 4)), rng.standard_normal(8))
    out['tall-30x5'] = (rng.standard_normal((30, 5)), rng.standard_normal(30))
    out['square-6'] = (rng.standard_normal((6, 6)), rng.standard_normal(6))
    out['wide-3x6'] = (rng.standard_normal((3, 6)), rng.standard_normal(3))
    out['wide-2x5'] = (rng.standard_normal((2, 5)), rng.standard_normal(2))
    t = np.linspace(0, 1, 10)
    out['vandermonde-10x6'] = (np.vander(t, 6, increasing=True), np.cos(3 * t))
    hilbert = 1.0 / (np.arange(1, 8)[:, None] + np.arange(7)[None, :] + 1.0)
    out['hilbert-7'] = (hilbert, hilbert @ np.linspace(1, -1, 7) + 1e-3 * rng.standard_normal(7))
    a = rng.standard_normal((7, 4))
    a[:, 3] = a[:, 0] + a[:, 1]  # rank 3
    out['rank-deficient-7x4'] = (a, rng.standard_normal(7))
    a = rng.standard_normal((6, 4))
    a[:, 2] = 0.0  # a zero column
    out['zero-column-6x4'] = (a, rng.standard_normal(6))
    a = rng.standard_normal((9, 5)) * np.array([1e3, 1.0, 1e-3, 10.0, 0.1])
    out['badly-scaled-9x5'] = (a, rng.standard_normal(9))
    out['one-column-5x1'] = (rng.standard_normal((5, 1)), rng.standard_normal(5))
    out['scipy-doc'] = (np.array([[1.0, 0], [1, 0], [0, 1]]), np.array([2.0, 1, 1]))
    out['scipy-doc-negative'] = (np.array([[1.0, 0], [1, 0], [0, 1]]), np.array([-1.0, -1, -1]))
    out['small-int'] = (np.array([[1.0, 2], [3, 4], [5, 6]]), np.array([1.0, 2, 2]))
    a = rng.standard_normal((40, 12))
    out['tall-40x12'] = (a, a @ rng.standard_normal(12) + 0.1 * rng.standard_normal(40))
    return out


def bound_sets(n, rng):
    """name -> (lb, ub) as arrays of n (None for the default)."""
    lb_rand = -rng.uniform(0.05, 0.4, n)
    ub_rand = rng.uniform(0.05, 0.4, n)
    mixed_lb = np.where(np.arange(n) % 3 == 0, -np.inf, -0.2)
    mixed_ub = np.where(np.arange(n) % 3 == 1, np.inf, 0.25)
    return {
        'none': None,
        'box-active': (lb_rand, ub_rand),
        'nonnegative': (np.zeros(n), np.full(n, np.inf)),
        'upper-only': (np.full(n, -np.inf), np.full(n, 0.1)),
        'mixed-infinite': (mixed_lb, mixed_ub),
        'wide-inactive': (np.full(n, -1e6), np.full(n, 1e6)),
        'narrow': (np.full(n, 0.1), np.full(n, 0.1 + 1e-3)),
    }


def lsq_record(name, a, b, bounds_name, bounds, method, **extra):
    kwargs = dict(method=method, **extra)
    if bounds is not None:
        kwargs['bounds'] = bounds
    options = {'method': method}
    if bounds is not None:
        options['bounds'] = [infinity(bounds[0]), infinity(bounds[1])]
    if 'max_iter' in extra:
        options['maxIter'] = extra['max_iter']
    if 'tol' in extra:
        options['tol'] = extra['tol']
    rec = {'kind': 'lsqLinear', 'problem': name, 'bounds': bounds_name, 'options': options}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            res = lsq_linear(a, b, **kwargs)
        rec.update(lsq_linear_result(res))
    except Exception as e:  # noqa: BLE001 - recorded for the test
        rec.update(error=type(e).__name__, message=str(e))
    return rec


def main():
    rng = np.random.default_rng(7)
    probs = problems()
    cases = []
    for name, (a, b) in probs.items():
        cases.append({'kind': 'problem', 'problem': name, 'A': a.tolist(), 'b': b.tolist(), 'cond': finite_or_text(np.linalg.cond(a))})
        x, rnorm = nnls(a, b)
        cases.append({'kind': 'nnls', 'problem': name, 'x': x.tolist(), 'rnorm': float(rnorm)})
        n = a.shape[1]
        for bounds_name, bounds in bound_sets(n, rng).items():
            for method in ('trf', 'bvls'):
                cases.append(lsq_record(name, a, b, bounds_name, bounds, method))
    # Iteration limits and tolerances.
    a, b = probs['tall-40x12']
    box = (np.full(12, -0.05), np.full(12, 0.05))
    for method in ('trf', 'bvls'):
        for max_iter in (1, 2, 3):
            cases.append(lsq_record('tall-40x12', a, b, 'tight-box', box, method, max_iter=max_iter))
        cases.append(lsq_record('tall-40x12', a, b, 'tight-box', box, method, tol=1e-4))
    # nnls's iteration limit and scipy's maxiter=0 meaning the default.
    a, b = probs['tall-40x12']
    for maxiter in (0, 2):
        rec = {'kind': 'nnls', 'problem': 'tall-40x12', 'maxiter': maxiter}
        try:
            x, rnorm = nnls(a, b, maxiter=maxiter)
            rec.update(x=x.tolist(), rnorm=float(rnorm))
        except Exception as e:  # noqa: BLE001
            rec.update(error=type(e).__name__, message=str(e))
        cases.append(rec)

    # Argument errors (scipy's messages; the test checks gradtape's carry the same words).
    errors = []

    def error_of(kind, f):
        try:
            f()
        except Exception as e:  # noqa: BLE001
            return {'kind': kind, 'error': type(e).__name__, 'message': str(e)}
        return {'kind': kind, 'error': None}

    a3 = np.array([[1.0, 2], [3, 4], [5, 6]])
    errors.append({'case': 'shape-mismatch', **error_of('lsqLinear', lambda: lsq_linear(a3, [1.0, 2]))})
    errors.append({'case': 'lb-above-ub', **error_of('lsqLinear', lambda: lsq_linear(a3, [1.0, 2, 3], bounds=([0, 2], [1, 1])))})
    errors.append({'case': 'nan-in-A', **error_of('lsqLinear', lambda: lsq_linear(np.array([[1.0, np.nan], [0, 1]]), [1.0, 2]))})
    errors.append({'case': 'nan-in-b', **error_of('lsqLinear', lambda: lsq_linear(a3, [1.0, np.nan, 3]))})
    errors.append({'case': 'bad-method', **error_of('lsqLinear', lambda: lsq_linear(a3, [1.0, 2, 3], method='lm'))})
    errors.append({'case': 'bad-max-iter', **error_of('lsqLinear', lambda: lsq_linear(a3, [1.0, 2, 3], max_iter=0))})
    errors.append({'case': 'b-2d', **error_of('lsqLinear', lambda: lsq_linear(a3, [[1.0], [2], [3]]))})
    errors.append({'case': 'nnls-shape-mismatch', **error_of('nnls', lambda: nnls(a3, [1.0, 2]))})
    errors.append({'case': 'nnls-nan', **error_of('nnls', lambda: nnls(a3, [1.0, np.nan, 3]))})
    errors.append({'case': 'nnls-1d-A', **error_of('nnls', lambda: nnls(np.array([1.0, 2]), [1.0, 2]))})

    OUT.write_text(json.dumps({'scipy': scipy.__version__, 'numpy': np.__version__, 'cases': cases, 'errors': errors}, indent=None) + '\n')
    print(f'wrote {OUT} ({len(cases)} cases, {len(errors)} errors)')


if __name__ == '__main__':
    main()
