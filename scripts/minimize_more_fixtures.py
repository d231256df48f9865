"""Reference runs of scipy.optimize.minimize's 'BFGS', 'CG', 'Newton-CG', 'Powell' and 'L-BFGS-B'
for tf.optimize.minimize's 'bfgs', 'cg', 'newton-cg', 'powell' and 'lbfgs', which port scipy 1.17's
code step for step.

Writes test/fixtures/minimize-more-scipy.json, which test/minimize-scipy-steps.test.ts checks
against. Run: python3 scripts/minimize_more_fixtures.py (scipy 1.17, NumPy 2, and Node with the
built package: `npx tsup` first).

scipy runs on the objectives of test/helpers/minimize-problems.ts as gradtape computes them: their
values, gradients and Hessian-vector products come from scripts/minimize-oracle.ts over a pipe, the
very numbers tf.optimize.minimize sees. A gradient written out in NumPy differs from gradtape's
reverse mode in the last bits, and a line search turns such bits into different trial steps; with
the same numbers, a faithful port takes scipy's iterates, and any difference left is the port's.
Each record keeps what a run is judged on: x, fun, jac, nit, nfev, njev, nhev, status, success,
message, (Powell) direc and (BFGS) hess_inv.

BFGS's products H·g and its update's matrix products go through numpy's BLAS, L-BFGS-B's dot
products, norms, Cholesky factors and triangular solves through scipy's; the ports follow
OpenBLAS's Haswell kernels (the ones it picks on x86-64 with AVX2 but not AVX-512), so the script
asks OpenBLAS for them (OPENBLAS_CORETYPE=Haswell, set before numpy loads); on a machine with
AVX-512 it would otherwise pick its SkylakeX kernels, which sum in another order.
"""

from fractions import Fraction

import json
import os
import subprocess
import warnings
from pathlib import Path

os.environ.setdefault('OPENBLAS_CORETYPE', 'Haswell')

import numpy as np
import scipy
from scipy.optimize import Bounds, minimize, minimize_scalar

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / 'test' / 'fixtures' / 'minimize-more-scipy.json'


def as_text(v):
    v = float(v)
    return 'NaN' if np.isnan(v) else ('Infinity' if v == np.inf else ('-Infinity' if v == -np.inf else repr(v)))


class Gradtape:
    """The oracle process: f, its gradient and H·v of a named problem, as gradtape computes them."""

    def __init__(self):
        self.proc = subprocess.Popen([str(ROOT / 'node_modules' / '.bin' / 'tsx'), 'scripts/minimize-oracle.ts'],
                                     cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, problem, ask, x, v=None):
        request = {'problem': problem, 'ask': ask, 'x': [as_text(e) for e in x]}
        if v is not None:
            request['v'] = [as_text(e) for e in v]
        self.proc.stdin.write(json.dumps(request) + '\n')
        self.proc.stdin.flush()
        return [float(e) for e in json.loads(self.proc.stdout.readline())]

    def functions(self, problem):
        fun = lambda x: self.ask(problem, 'f', x)[0]  # noqa: E731
        jac = lambda x: np.array(self.ask(problem, 'g', x))  # noqa: E731
        hessp = lambda x, v: np.array(self.ask(problem, 'hv', x, v))  # noqa: E731
        return fun, jac, hessp

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def rosen_start(n):
    # scipy's standard start: 1.3, 0.7, 0.8, 1.9, 1.2 repeated to length n
    base = [1.3, 0.7, 0.8, 1.9, 1.2]
    return [base[i % 5] for i in range(n)]


# (name, problem, x0)
STARTS = [
    ('rosenbrock 2', 'rosenbrock', [-1.2, 1.0]),
    ('rosenbrock 5', 'rosenbrock', rosen_start(5)),
    ('beale', 'beale', [1.0, 1.0]),
    ('powell singular', 'powellSingular', [3.0, -1.0, 0.0, 1.0]),
    ('quadratic 6', 'quadratic', [0.0] * 6),
    ('NIST Misra1d, start 2', 'misra1d', [450.0, 3e-4]),
    ('NIST MGH09, start 2', 'mgh09', [0.25, 0.39, 0.415, 0.39]),
]

# scipy's option names -> tf.optimize.minimize's.
OPTION_NAMES = {'gtol': 'gtol', 'norm': 'norm', 'maxiter': 'maxIterations', 'maxfev': 'maxEvaluations',
                'xtol': 'xtol', 'ftol': 'ftol', 'direc': 'direc', 'xrtol': 'xrtol',
                'maxcor': 'historySize', 'maxfun': 'maxEvaluations'}


def run(oracle, method, name, problem, x0, options=None, bounds=None):
    options = dict(options or {})
    fun, jac, hessp = oracle.functions(problem)
    kwargs = {}
    if method in ('BFGS', 'L-BFGS-B', 'CG', 'Newton-CG'):
        kwargs['jac'] = jac
    if method == 'Newton-CG':
        kwargs['hessp'] = hessp
    # (Recorded before the run: scipy's Powell changes a float array direc in place.)
    ours = {OPTION_NAMES[k]: (v.tolist() if isinstance(v, np.ndarray) else as_text(v) if np.isinf(v) else v)
            for k, v in options.items()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        res = minimize(fun, np.array(x0, dtype=float), method=method, bounds=bounds, options=options, **kwargs)
    record = {
        'name': name, 'method': method.lower(), 'problem': problem, 'x0': [float(v) for v in x0], 'options': ours,
        'x': res.x.tolist(), 'fun': float(res.fun), 'nit': int(res.nit), 'nfev': int(res.nfev),
        'status': int(res.status), 'success': bool(res.success), 'message': str(res.message),
        'warnings': sorted({str(w.message) for w in caught if 'bounds' in str(w.message) or 'direc' in str(w.message)}),
    }
    if bounds is not None:
        record['bounds'] = {'lb': [as_text(v) if np.isinf(v) else float(v) for v in bounds.lb],
                            'ub': [as_text(v) if np.isinf(v) else float(v) for v in bounds.ub]}
    if 'jac' in res:
        record['jac'] = None if res.jac is None else np.asarray(res.jac).tolist()
    for key in ('njev', 'nhev'):
        if key in res:
            record[key] = int(res[key])
    if 'direc' in res:
        record['direc'] = np.asarray(res.direc).tolist()
    if method == 'BFGS':
        record['hessInv'] = np.asarray(res.hess_inv).tolist()
    print(f"{method:9} {name:45} nit {record['nit']:4} nfev {record['nfev']:5} status {record['status']} {record['message']}")
    return record


def main():
    oracle = Gradtape()
    runs = []
    for method in ('BFGS', 'CG', 'Newton-CG', 'Powell'):
        for name, problem, x0 in STARTS:
            runs.append(run(oracle, method, name, problem, x0))

    # BFGS's options: other norms, a tighter gtol, xrtol, the iteration cap.
    runs.append(run(oracle, 'BFGS', 'rosenbrock 2, norm 2, gtol 1e-8', 'rosenbrock', [-1.2, 1.0], {'norm': 2, 'gtol': 1e-8}))
    runs.append(run(oracle, 'BFGS', 'rosenbrock 5, norm -inf', 'rosenbrock', rosen_start(5), {'norm': -np.inf}))
    runs.append(run(oracle, 'BFGS', 'rosenbrock 5, xrtol 1e-4', 'rosenbrock', rosen_start(5), {'xrtol': 1e-4}))
    runs.append(run(oracle, 'BFGS', 'rosenbrock 5, maxiter 10', 'rosenbrock', rosen_start(5), {'maxiter': 10}))
    runs.append(run(oracle, 'BFGS', 'NIST MGH09, start 2, gtol 1e-12', 'mgh09', [0.25, 0.39, 0.415, 0.39], {'gtol': 1e-12}))

    # CG's options: another norm, a tighter gtol, the iteration cap.
    runs.append(run(oracle, 'CG', 'rosenbrock 2, norm 2, gtol 1e-8', 'rosenbrock', [-1.2, 1.0], {'norm': 2, 'gtol': 1e-8}))
    runs.append(run(oracle, 'CG', 'rosenbrock 5, norm -inf', 'rosenbrock', rosen_start(5), {'norm': -np.inf}))
    runs.append(run(oracle, 'CG', 'rosenbrock 5, maxiter 10', 'rosenbrock', rosen_start(5), {'maxiter': 10}))

    # Newton-CG's: a tighter xtol, the iteration cap.
    runs.append(run(oracle, 'Newton-CG', 'rosenbrock 5, xtol 1e-10', 'rosenbrock', rosen_start(5), {'xtol': 1e-10}))
    runs.append(run(oracle, 'Newton-CG', 'beale, maxiter 4', 'beale', [1.0, 1.0], {'maxiter': 4}))

    # Powell's: tolerances, caps, directions, bounds.
    runs.append(run(oracle, 'Powell', 'rosenbrock 2, xtol 1e-8, ftol 1e-12', 'rosenbrock', [-1.2, 1.0], {'xtol': 1e-8, 'ftol': 1e-12}))
    runs.append(run(oracle, 'Powell', 'rosenbrock 5, maxfev 150', 'rosenbrock', rosen_start(5), {'maxfev': 150}))
    runs.append(run(oracle, 'Powell', 'rosenbrock 5, maxiter 3', 'rosenbrock', rosen_start(5), {'maxiter': 3}))
    runs.append(run(oracle, 'Powell', 'rosenbrock 2, direc', 'rosenbrock', [-1.2, 1.0], {'direc': np.array([[1.0, 1.0], [0.5, -1.0]])}))
    runs.append(run(oracle, 'Powell', 'beale, direc not full rank', 'beale', [1.0, 1.0], {'direc': np.array([[1.0, 2.0], [0.5, 1.0]])}))
    inf = np.inf
    bounded = [
        # Both sides finite: every line search is fminbound's.
        ('rosenbrock 2, box [-2, 0.5] x [-2, 2]', 'rosenbrock', [-1.2, 1.0], ([-2.0, -2.0], [0.5, 2.0])),
        ('rosenbrock 5, box [-2, 0.8]', 'rosenbrock', [0.8, 0.7, 0.8, 0.8, 0.8], ([-2.0] * 5, [0.8] * 5)),
        ('quadratic 6, some bounds active', 'quadratic', [0.0] * 6,
         ([-inf, 0.0, -1.0, -0.5, -inf, 0.0], [inf, inf, 1.0, 2.0, 0.2, 1.5])),
        # One side only: line searches through l = tan t.
        ('rosenbrock 2, x0 <= 0.5 (one-sided)', 'rosenbrock', [-1.2, 0.4], ([-inf, -inf], [0.5, inf])),
        ('beale, b >= 0.6 (one-sided)', 'beale', [1.0, 1.0], ([-inf, 0.6], [inf, inf])),
        # Bounds that bind nothing: the unbounded searches.
        ('rosenbrock 2, infinite bounds', 'rosenbrock', [-1.2, 1.0], ([-inf, -inf], [inf, inf])),
        # A start outside the bounds: scipy warns and starts there.
        ('rosenbrock 2, x0 outside', 'rosenbrock', [-1.2, 3.0], ([-2.0, -2.0], [2.0, 2.0])),
        ('NIST MGH09, start 2, box [0, 0.5]', 'mgh09', [0.25, 0.39, 0.415, 0.39], ([0.0] * 4, [0.5] * 4)),
    ]
    for name, problem, x0, (lb, ub) in bounded:
        runs.append(run(oracle, 'Powell', name, problem, x0, bounds=Bounds(np.array(lb), np.array(ub))))
    # L-BFGS-B (scipy's C translation of the authors' v3.0): every problem, options, bounds.
    for name, problem, x0 in STARTS:
        runs.append(run(oracle, 'L-BFGS-B', name, problem, x0))
    runs.append(run(oracle, 'L-BFGS-B', 'rosenbrock 5, maxcor 3', 'rosenbrock', rosen_start(5), {'maxcor': 3}))
    runs.append(run(oracle, 'L-BFGS-B', 'rosenbrock 2, ftol 1e-14, gtol 1e-9', 'rosenbrock', [-1.2, 1.0], {'ftol': 1e-14, 'gtol': 1e-9}))
    runs.append(run(oracle, 'L-BFGS-B', 'rosenbrock 5, maxiter 5', 'rosenbrock', rosen_start(5), {'maxiter': 5}))
    for name, problem, x0, (lb, ub) in bounded:
        runs.append(run(oracle, 'L-BFGS-B', name, problem, x0, bounds=Bounds(np.array(lb), np.array(ub))))
    # More L-BFGS-B: bounds active at the solution, n = 20 (OpenBLAS's blocked ddot, daxpy, dnrm2
    # and a 20x20 K), the caps, and maxcor 12 (a Cholesky factor larger than 10x10).
    runs.append(run(oracle, 'L-BFGS-B', 'rosenbrock 2, x <= 0.8 (active at the solution)', 'rosenbrock', [-1.2, 1.0],
                    bounds=Bounds(np.array([-inf, -inf]), np.array([0.8, 0.8]))))
    runs.append(run(oracle, 'L-BFGS-B', 'rosenbrock 5, box [-2, 0.7] (active at the solution)', 'rosenbrock', [0.6, 0.5, 0.4, 0.3, 0.2],
                    bounds=Bounds(np.array([-2.0] * 5), np.array([0.7] * 5))))
    runs.append(run(oracle, 'L-BFGS-B', 'rosenbrock 20', 'rosenbrock', rosen_start(20)))
    runs.append(run(oracle, 'L-BFGS-B', 'rosenbrock 20, box [-2, 0.9]', 'rosenbrock', [min(v, 0.9) for v in rosen_start(20)],
                    bounds=Bounds(np.array([-2.0] * 20), np.array([0.9] * 20))))
    runs.append(run(oracle, 'L-BFGS-B', 'quadratic 6, maxiter 3', 'quadratic', [0.0] * 6, {'maxiter': 3}))
    runs.append(run(oracle, 'L-BFGS-B', 'rosenbrock 5, maxfun 10', 'rosenbrock', rosen_start(5), {'maxfun': 10}))
    runs.append(run(oracle, 'L-BFGS-B', 'rosenbrock 5, maxcor 12', 'rosenbrock', rosen_start(5), {'maxcor': 12}))
    oracle.close()
    OUT.write_text(json.dumps({'scipy': scipy.__version__, 'numpy': np.__version__, 'runs': runs, 'scalar': scalar_searches()},
                              indent=1) + '\n')


# The one-variable pieces alone, on functions written the same way in test/minimize-internals.test.ts
# (products, not powers, so that both sides round alike). Moré and Thuente's test functions (5.1)
# and (5.2) of "Line search algorithms with guaranteed sufficient decrease":
def mt1(beta):
    return (lambda a: -a / (a * a + beta)), (lambda a: (a * a - beta) / ((a * a + beta) * (a * a + beta)))


def mt2(a):
    t = a + 0.004
    return t * t * t * t * t - 2 * t * t * t * t


def mt2_der(a):
    t = a + 0.004
    return 5 * t * t * t * t - 8 * t * t * t


def quartic(x):
    # Two minima, at about -0.43 and 1.67.
    return (x - 1.7) * (x - 1.7) * (x + 0.4) * (x + 0.4) + 0.3 * x


def counted(f):
    calls = [0]

    def g(a):
        calls[0] += 1
        return f(a)
    return g, calls


def scalar_searches():
    from scipy.optimize._dcsrch import DCSRCH
    from scipy.optimize._linesearch import scalar_search_wolfe2
    out = {'dcsrch': [], 'wolfe2': [], 'brent': [], 'bounded': []}
    # (Last, a line going down forever: dcsrch stops at stpmax, wolfe2 runs out of doublings.)
    functions = {'mt1 beta 2': mt1(2.0), 'mt1 beta 0.004': mt1(0.004), 'mt2': (mt2, mt2_der),
                 'linear': ((lambda a: 1 - 0.5 * a), (lambda a: -0.5))}
    for name, (phi, derphi) in functions.items():
        for alpha1 in [1e-3, 1e-1, 10.0, 1e3]:
            f, nf = counted(phi)
            g, ng = counted(derphi)
            stp, phi1, _, task = DCSRCH(f, g, 1e-3, 0.1, 1e-10, 0.0, 1e10)(alpha1, phi0=phi(0.0), derphi0=derphi(0.0), maxiter=100)
            out['dcsrch'].append({'function': name, 'alpha1': alpha1, 'c1': 1e-3, 'c2': 0.1, 'xtol': 1e-10, 'stpmin': 0.0, 'stpmax': 1e10,
                                  'step': stp, 'value': phi1, 'task': task.decode(), 'phiCalls': nf[0], 'derphiCalls': ng[0]})
        for c2, old in [(0.9, None), (0.1, None), (0.1, 0.5), (0.9, 3.0)]:
            f, nf = counted(phi)
            g, ng = counted(derphi)
            phi0 = phi(0.0)
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                step, value, _, slope = scalar_search_wolfe2(f, g, phi0, None if old is None else phi0 + old, derphi(0.0), 1e-4, c2)
            out['wolfe2'].append({'function': name, 'c2': c2, 'oldPhi0Above': old, 'step': step, 'value': value, 'slope': slope,
                                  'phiCalls': nf[0], 'derphiCalls': ng[0]})
    for tol in [1e-2, 1.48e-8]:
        f, nf = counted(quartic)
        res = minimize_scalar(f, method='brent', options={'xtol': tol})
        out['brent'].append({'tol': tol, 'x': float(res.x), 'fun': float(res.fun), 'calls': nf[0]})
    for lo, hi, xatol in [(-3.0, 3.0, 1e-5), (0.0, 3.0, 1e-8), (-3.0, -1.0, 1e-5), (-0.2, 0.1, 1e-4)]:
        f, nf = counted(quartic)
        res = minimize_scalar(f, bounds=(lo, hi), method='bounded', options={'xatol': xatol})
        out['bounded'].append({'lower': lo, 'upper': hi, 'xatol': xatol, 'x': float(res.x), 'fun': float(res.fun), 'calls': nf[0]})
    # numpy's sums (pairwise from 8 entries), of values made by integer arithmetic and one division.
    values = np.array([((i * 7919) % 1000 - 500) / (37 * (1 + i % 7) ** 3) for i in range(300)])
    out['numpySums'] = [{'n': n, 'sum': float(np.add.reduce(values[:n]))} for n in [5, 8, 13, 100, 129, 300]]
    out['fusedMultiplyAdds'] = fused_multiply_adds()
    out['matrixProducts'] = matrix_products()
    out['openblas'] = openblas_cases()
    return out


def openblas_cases():
    # The BLAS and LAPACK calls of scipy's L-BFGS-B, through scipy's own OpenBLAS (scipy.linalg's):
    # ddot, daxpy and dnrm2 of lengths 1 .. 20 and 31 .. 40, dpotrf (upper) of orders 1 .. 10, dtrtrs
    # (upper) with one right-hand side (orders 1 .. 10, 13, 16, 20, both ways) and with several (transposed, orders 1 .. 10).
    from scipy.linalg import blas, lapack
    rng = np.random.default_rng(13)
    vec = lambda k: rng.standard_normal(k) * np.exp(rng.standard_normal(k) * 2)  # noqa: E731
    out = {'ddot': [], 'daxpy': [], 'dnrm2': [], 'dpotrf': [], 'dtrtrs': []}
    for k in list(range(1, 21)) + [31, 32, 33, 40]:
        x, y, a = vec(k), vec(k), float(vec(1)[0])
        out['ddot'].append({'x': x.tolist(), 'y': y.tolist(), 'dot': float(blas.ddot(x, y))})
        out['daxpy'].append({'alpha': a, 'x': x.tolist(), 'y': y.tolist(), 'result': blas.daxpy(x, y.copy(), a=a).tolist()})
        out['dnrm2'].append({'x': x.tolist(), 'norm': float(blas.dnrm2(x))})
    for k in list(range(1, 11)) + [9, 10]:
        b = rng.standard_normal((k, k + 3))
        s = b @ b.T + 0.1 * np.eye(k)
        c, info = lapack.dpotrf(s, lower=0, clean=0)
        out['dpotrf'].append({'a': s.tolist(), 'u': np.triu(c).tolist(), 'info': int(info)})
    for k in list(range(1, 11)) + [13, 16, 20]:
        u = np.triu(rng.standard_normal((k, k))) + 3 * np.eye(k) * np.sign(rng.standard_normal(k))
        for trans in (0, 1):
            b = rng.standard_normal((k, 1))
            x, info = lapack.dtrtrs(u, b.copy(order='F'), lower=0, trans=trans)
            out['dtrtrs'].append({'trans': 'T' if trans else 'N', 'u': u.tolist(), 'b': b.tolist(), 'x': x.tolist()})
        if k <= 10:
            b = rng.standard_normal((k, int(rng.integers(2, 11))))
            x, info = lapack.dtrtrs(u, b.copy(order='F'), lower=0, trans=1)
            out['dtrtrs'].append({'trans': 'T', 'u': u.tolist(), 'b': b.tolist(), 'x': x.tolist()})
    return out


def fused_multiply_adds():
    # a·b + c rounded once (a Fraction converts to the nearest float, ties to even): random
    # triples, cancellations, products whose rounding error decides a tie, huge and tiny ranges.
    rng = np.random.default_rng(7)
    triples = []
    for _ in range(200):
        a, b = rng.standard_normal(2) * 10.0 ** rng.integers(-5, 6, 2)
        triples.append((a, b, rng.standard_normal() * 10.0 ** rng.integers(-5, 6)))
        triples.append((a, b, -(a * b)))  # the product's rounding error alone
        triples.append((a, b, -(a * b) * (1 + 2.0 ** -52)))
    ulp_half = 2.0 ** -53
    triples += [(1 + 2.0 ** -52, 1 - 2.0 ** -53, -1.0), (1 + ulp_half * 2, 1 + ulp_half * 2, 1.0),
                (0.1, 10.0, -1.0), (3.0, 1 / 3, -1.0), (1e300, 1e10, -1e308),
                (1e-200, 1e-200, 1e-300), (1e-160, 1e-160, 0.0), (2.0 ** 1000, 2.0 ** 20, -(2.0 ** 1020)),
                (5.0, 0.0, -0.0), (-0.0, 3.0, 0.0), (1e308, 10.0, -1e308)]
    out = []
    for a, b, c in triples:
        exact = Fraction(a) * Fraction(b) + Fraction(c)
        try:
            value = float(exact)
        except OverflowError:
            value = np.inf if exact > 0 else -np.inf
        if value == 0 and exact == 0:
            value = float(np.float64(a) * np.float64(b) + np.float64(c))  # IEEE's sign of an exact zero
        out.append([as_text(a), as_text(b), as_text(c), as_text(value)])
    return out


def matrix_products():
    # np.dot of a square matrix with a vector and with a matrix, through numpy's BLAS, n = 1 .. 8.
    rng = np.random.default_rng(11)
    out = []
    for n in range(1, 9):
        for _ in range(3):
            a = rng.standard_normal((n, n)) * 10.0 ** rng.integers(-3, 4)
            b = rng.standard_normal((n, n))
            v = rng.standard_normal(n)
            out.append({'n': n, 'a': a.tolist(), 'b': b.tolist(), 'v': v.tolist(),
                        'av': np.dot(a, v).tolist(), 'ab': np.dot(a, b).tolist()})
    return out


if __name__ == '__main__':
    main()
