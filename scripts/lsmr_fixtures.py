"""Reference runs of scipy.sparse.linalg.lsmr and of scipy.optimize.lsq_linear with
lsq_solver='lsmr' for tf.optimize's lsmr and lsqLinear, and of the numpy products they are built on.

- products: numpy's A.dot(x) and A.T.dot(y) for matrices of every shape up to 12x12 and some
  larger ones, their entries drawn by splitmix64 (so the test rebuilds them from the seed), for
  ts/optimize/numpy-dense-products.ts.
- lsmr: square, tall and wide random matrices, a consistent system, rank deficiency, badly scaled
  columns, Hilbert (8 and 12) and Vandermonde (ill-conditioned), one row, one column, scipy's documentation
  examples and a zero b; with damp, tolerances (atol, btol, conlim; 0 for the machine-precision
  tests), maxiter (reached, and 0), x0, and show=True's printed log.
- lsqLinear: lsq_solver='lsmr' with 'trf' on six kinds of bounds, lsmr_tol None, 'auto' and a
  number, lsmr_maxiter, max_iter and tol, a LinearOperator A, verbose=1 and 2 (their printed lines,
  'exact' and 'bvls' too), and scipy's argument errors.

numpy's products go through OpenBLAS, whose kernels gradtape follows (its Haswell kernels, the ones
it picks on x86-64 with AVX2); on a machine with AVX-512 OpenBLAS would pick its SkylakeX kernels,
which sum in another order. So the script asks OpenBLAS for the Haswell kernels
(OPENBLAS_CORETYPE=Haswell, set before numpy loads).

Writes test/fixtures/lsmr-scipy.json, which test/lsmr.test.ts and test/lsq-linear.test.ts check
against. Run: python3 scripts/lsmr_fixtures.py (scipy 1.17, NumPy 2).
"""
import contextlib
import io
import json
import os

os.environ.setdefault('OPENBLAS_CORETYPE', 'Haswell')

import numpy as np
import scipy
from scipy.optimize import lsq_linear
from scipy.sparse.linalg import aslinearoperator, lsmr

from lsq_fixture_common import ROOT, infinity, lsq_linear_result

OUT = ROOT / 'test' / 'fixtures' / 'lsmr-scipy.json'
MASK64 = (1 << 64) - 1


def splitmix64_values(seed, count):
    """count doubles in [-1, 1) from splitmix64: (z >> 11) / 2**52 - 1, exact in any language."""
    out = []
    state = seed & MASK64
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        z = z ^ (z >> 31)
        out.append((z >> 11) / 2.0**52 - 1.0)
    return np.array(out)


def products():
    shapes = [(m, n) for m in range(1, 13) for n in range(1, 13)]
    shapes += [(16, 16), (17, 5), (5, 17), (33, 64), (64, 33), (100, 7), (7, 100), (233, 257)]
    cases = []
    for k, (m, n) in enumerate(shapes):
        seed = 1000 + k
        v = splitmix64_values(seed, m * n + n + m)
        a = v[:m * n].reshape(m, n)
        x = v[m * n:m * n + n]
        y = v[m * n + n:]
        cases.append({'m': m, 'n': n, 'seed': seed, 'Ax': a.dot(x).tolist(), 'ATy': a.T.dot(y).tolist(),
                      'normx': float(np.linalg.norm(x))})
    return cases


def problems():
    """name -> (A, b), float64."""
    rng = np.random.default_rng(20260517)
    out = {}
    out['square-6'] = (rng.standard_normal((6, 6)), rng.standard_normal(6))
    out['tall-30x5'] = (rng.standard_normal((30, 5)), rng.standard_normal(30))
    a = rng.standard_normal((40, 12))
    out['tall-40x12'] = (a, a @ rng.standard_normal(12) + 0.1 * rng.standard_normal(40))
    out['wide-3x6'] = (rng.standard_normal((3, 6)), rng.standard_normal(3))
    out['wide-5x12'] = (rng.standard_normal((5, 12)), rng.standard_normal(5))
    a = rng.standard_normal((20, 8))
    out['consistent-20x8'] = (a, a @ rng.standard_normal(8))
    a = rng.standard_normal((7, 4))
    a[:, 3] = a[:, 0] + a[:, 1]  # rank 3
    out['rank-deficient-7x4'] = (a, rng.standard_normal(7))
    out['badly-scaled-9x5'] = (rng.standard_normal((9, 5)) * np.array([1e3, 1.0, 1e-3, 10.0, 0.1]), rng.standard_normal(9))
    hilbert = 1.0 / (np.arange(1, 9)[:, None] + np.arange(8)[None, :])
    out['hilbert-8'] = (hilbert, hilbert @ np.linspace(1, -1, 8) + 1e-4 * rng.standard_normal(8))
    out['hilbert-12'] = (1.0 / (np.arange(1, 13)[:, None] + np.arange(12)[None, :]), np.ones(12))
    t = np.linspace(0, 1, 12)
    out['vandermonde-12x8'] = (np.vander(t, 8, increasing=True), np.cos(3 * t))
    out['one-row-1x5'] = (rng.standard_normal((1, 5)), rng.standard_normal(1))
    out['one-column-6x1'] = (rng.standard_normal((6, 1)), rng.standard_normal(6))
    out['large-60x45'] = (rng.standard_normal((60, 45)), rng.standard_normal(60))
    doc = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    out['scipy-doc-zero'] = (doc, np.zeros(3))
    out['scipy-doc-exact'] = (doc, np.array([1.0, 0.0, -1.0]))
    out['scipy-doc-inconsistent'] = (doc, np.array([1.0, 0.01, -1.0]))
    out['small-int'] = (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([1.0, 2.0, 2.0]))
    return out


def captured(f):
    """f()'s value (or error) and what it printed."""
    buffer = io.StringIO()
    value, error = None, None
    with contextlib.redirect_stdout(buffer):
        try:
            value = f()
        except Exception as e:  # noqa: BLE001 - recorded for the test
            error = {'error': type(e).__name__, 'message': str(e)}
    return value, error, buffer.getvalue()


def lsmr_record(name, a, b, options, show=False):
    kwargs = dict(options)
    if 'x0' in kwargs:
        kwargs['x0'] = np.array(kwargs['x0'])
    rec = {'kind': 'lsmr', 'problem': name, 'options': dict(options, show=show) if show else dict(options)}
    value, error, printed = captured(lambda: lsmr(a, b, show=show, **kwargs))
    if show:
        rec['printed'] = printed
    if error:
        rec.update(error)
        return rec
    x, istop, itn, normr, normar, norma, conda, normx = value
    rec.update(x=x.tolist(), istop=int(istop), itn=int(itn), normr=float(normr), normar=float(normar),
               norma=float(norma), conda=float(conda), normx=float(normx))
    return rec


def bound_sets(n, rng):
    """name -> (lb, ub) arrays of n (None for the default)."""
    mixed_lb = np.where(np.arange(n) % 3 == 0, -np.inf, -0.2)
    mixed_ub = np.where(np.arange(n) % 3 == 1, np.inf, 0.25)
    return {
        'none': None,
        'box-active': (-rng.uniform(0.05, 0.4, n), rng.uniform(0.05, 0.4, n)),
        'nonnegative': (np.zeros(n), np.full(n, np.inf)),
        'upper-only': (np.full(n, -np.inf), np.full(n, 0.1)),
        'mixed-infinite': (mixed_lb, mixed_ub),
        'narrow': (np.full(n, 0.1), np.full(n, 0.1 + 1e-3)),
    }


def lsq_record(name, a, b, bounds_name, bounds, verbose=0, operator=False, **extra):
    """lsq_linear(a, b, ...) with gradtape's option names; `operator`: A as a LinearOperator."""
    names = {'method': 'method', 'lsq_solver': 'lsqSolver', 'lsmr_tol': 'lsmrTol', 'lsmr_maxiter': 'lsmrMaxiter', 'max_iter': 'maxIter', 'tol': 'tol'}
    kwargs = dict(extra)
    options = {names[k]: v for k, v in extra.items()}
    if bounds is not None:
        kwargs['bounds'] = bounds
        options['bounds'] = [infinity(bounds[0]), infinity(bounds[1])]
    if verbose:
        kwargs['verbose'] = verbose
        options['verbose'] = verbose
    rec = {'kind': 'lsqLinear', 'problem': name, 'bounds': bounds_name, 'operator': operator, 'options': options}
    value, error, printed = captured(lambda: lsq_linear(aslinearoperator(a) if operator else a, b, **kwargs))
    if verbose:
        rec['printed'] = printed
    if error:
        rec.update(error)
        return rec
    rec.update(lsq_linear_result(value))
    return rec


def main():
    probs = problems()
    cases = [{'kind': 'problem', 'problem': name, 'A': a.tolist(), 'b': b.tolist(), 'cond': float(np.linalg.cond(a))}
             for name, (a, b) in probs.items()]

    # lsmr: every problem with the defaults, then options.
    for name, (a, b) in probs.items():
        cases.append(lsmr_record(name, a, b, {}))
    runs = [
        ('square-6', {'damp': 0.1}), ('tall-30x5', {'damp': 0.5}), ('wide-5x12', {'damp': 1.0}), ('hilbert-8', {'damp': 1e-3}),
        ('tall-40x12', {'atol': 1e-10, 'btol': 1e-10}), ('hilbert-8', {'atol': 1e-12, 'btol': 1e-12, 'maxiter': 50}),
        ('hilbert-8', {'conlim': 1e4, 'atol': 1e-12, 'btol': 1e-12, 'maxiter': 50}),
        ('tall-30x5', {'atol': 0.0, 'btol': 0.0, 'conlim': 0.0, 'maxiter': 40}),
        ('consistent-20x8', {'atol': 0.0, 'btol': 0.0, 'conlim': 0.0, 'maxiter': 40}),
        ('vandermonde-12x8', {'atol': 1e-14, 'btol': 1e-14, 'maxiter': 200}),
        ('tall-40x12', {'maxiter': 3}), ('large-60x45', {'maxiter': 7}), ('tall-40x12', {'maxiter': 0}),
        ('square-6', {'x0': [0.5, -0.25, 1.0, 0.0, 2.0, -1.0]}), ('tall-30x5', {'x0': [0.1, 0.2, 0.3, 0.4, 0.5], 'damp': 0.2}),
        ('scipy-doc-zero', {'x0': [1.0, 2.0]}), ('large-60x45', {'atol': 1e-12, 'btol': 1e-12, 'maxiter': 200}),
        # 247 iterations on cond 1e16 before the machine-precision test stops it.
        ('hilbert-12', {'atol': 0.0, 'btol': 0.0, 'conlim': 0.0, 'maxiter': 300}),
    ]
    for name, options in runs:
        a, b = probs[name]
        cases.append(lsmr_record(name, a, b, options))
    # show=True's log: short, long (the heading repeats every 20 lines; n > 40 prints only some
    # lines), damped, an early return, and maxiter 0 (scipy's log fails on its last line).
    for name, options in [('scipy-doc-inconsistent', {}), ('hilbert-8', {'atol': 0.0, 'btol': 0.0, 'conlim': 0.0, 'maxiter': 30}),
                          ('large-60x45', {'atol': 1e-12, 'btol': 1e-12, 'maxiter': 100}), ('tall-30x5', {'damp': 0.5}),
                          ('scipy-doc-zero', {}), ('tall-40x12', {'maxiter': 0})]:
        a, b = probs[name]
        cases.append(lsmr_record(name, a, b, options, show=True))

    # lsq_linear with lsq_solver='lsmr' ('trf').
    rng = np.random.default_rng(11)
    for name in ['tall-30x5', 'tall-40x12', 'square-6', 'wide-3x6', 'badly-scaled-9x5', 'one-column-6x1', 'rank-deficient-7x4', 'small-int', 'hilbert-8', 'vandermonde-12x8']:
        a, b = probs[name]
        for bounds_name, bounds in bound_sets(a.shape[1], rng).items():
            for lsmr_tol in (None, 'auto', 1e-8):
                extra = {'lsq_solver': 'lsmr'}
                if lsmr_tol is not None:
                    extra['lsmr_tol'] = lsmr_tol
                cases.append(lsq_record(name, a, b, bounds_name, bounds, **extra))
    a, b = probs['tall-40x12']
    box = (np.full(12, -0.05), np.full(12, 0.05))
    for extra in [{'lsmr_maxiter': 2}, {'lsmr_maxiter': 2, 'lsmr_tol': 'auto'}, {'max_iter': 1}, {'max_iter': 3}, {'tol': 1e-4},
                  {'tol': 1e-4, 'lsmr_tol': 'auto'}, {'lsmr_tol': 1e-3}]:
        cases.append(lsq_record('tall-40x12', a, b, 'tight-box', box, lsq_solver='lsmr', **extra))
    # A as a LinearOperator (the 'lsmr' solver by default).
    for name, bounds_name, bounds in [('tall-40x12', 'tight-box', box), ('tall-30x5', 'none', None), ('square-6', 'nonnegative', (np.zeros(6), np.full(6, np.inf)))]:
        a, b = probs[name]
        cases.append(lsq_record(name, a, b, bounds_name, bounds, operator=True, lsmr_tol='auto'))
    # verbose: 2 prints the table (trf with each solver, bvls), 1 the summary.
    a, b = probs['tall-40x12']
    for extra in [{'lsq_solver': 'lsmr'}, {'lsq_solver': 'lsmr', 'lsmr_tol': 'auto'}, {'lsq_solver': 'exact'}, {'method': 'bvls'}]:
        cases.append(lsq_record('tall-40x12', a, b, 'tight-box', box, verbose=2, **extra))
    a, b = probs['tall-30x5']
    cases.append(lsq_record('tall-30x5', a, b, 'none', None, verbose=2, lsq_solver='lsmr'))
    cases.append(lsq_record('tall-30x5', a, b, 'nonnegative', (np.zeros(5), np.full(5, np.inf)), verbose=1, lsq_solver='lsmr'))
    a, b = probs['small-int']
    cases.append(lsq_record('small-int', a, b, 'bvls-doc', (np.array([0.0, 0.0]), np.array([0.2, np.inf])), verbose=2, method='bvls'))

    # Argument errors.
    errors = []
    a3, b3 = probs['small-int']

    def error_of(case, f):
        _, error, _ = captured(f)
        errors.append({'case': case, **(error or {'error': None})})

    error_of('bvls-lsmr', lambda: lsq_linear(a3, b3, method='bvls', lsq_solver='lsmr'))
    error_of('bvls-operator', lambda: lsq_linear(aslinearoperator(a3), b3, method='bvls'))
    error_of('exact-operator', lambda: lsq_linear(aslinearoperator(a3), b3, lsq_solver='exact'))
    error_of('bad-solver', lambda: lsq_linear(a3, b3, lsq_solver='qr'))
    error_of('bad-verbose', lambda: lsq_linear(a3, b3, verbose=3))
    error_of('lsmr-tol-negative', lambda: lsq_linear(a3, b3, lsq_solver='lsmr', lsmr_tol=-1.0))
    error_of('lsmr-tol-word', lambda: lsq_linear(a3, b3, lsq_solver='lsmr', lsmr_tol='fast'))
    error_of('lsmr-maxiter-zero', lambda: lsq_linear(a3, b3, lsq_solver='lsmr', lsmr_maxiter=0))
    error_of('lsmr-shape-mismatch', lambda: lsmr(a3, np.ones(4)))

    OUT.write_text(json.dumps({'scipy': scipy.__version__, 'numpy': np.__version__, 'products': products(), 'cases': cases, 'errors': errors}) + '\n')
    print(f'wrote {OUT} ({len(cases)} cases, {len(errors)} errors)')


if __name__ == '__main__':
    main()
