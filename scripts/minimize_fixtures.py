"""Reference results for tf.optimize.minimize: scipy.optimize.minimize's L-BFGS-B, BFGS and
Nelder-Mead with default options on the Rosenbrock function and bounded quadratics.
Writes test/fixtures/minimize-scipy.json (run: python3 scripts/minimize_fixtures.py).

BFGS's and L-BFGS-B's vector and matrix products go through numpy's and scipy's OpenBLAS, whose
ports (ts/optimize/openblas.ts) follow its Haswell kernels; on a machine with AVX-512 OpenBLAS would
pick its SkylakeX kernels, which sum in another order. So the script asks OpenBLAS for the Haswell
kernels (OPENBLAS_CORETYPE=Haswell, set before numpy loads)."""
import json
import os
import pathlib

os.environ.setdefault('OPENBLAS_CORETYPE', 'Haswell')

import numpy as np
import scipy
from scipy.optimize import minimize, rosen, rosen_der

OUT = pathlib.Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'minimize-scipy.json'


def rosen_start(n):
    # scipy's standard start: 1.3, 0.7, 0.8, 1.9, 1.2 repeated to length n
    base = [1.3, 0.7, 0.8, 1.9, 1.2]
    return [base[i % 5] for i in range(n)]


# The bounded quadratic: f(x) = 1/2 x'Ax - b'x with A = tridiag(-1, 4, -1) (n = 6).
QA = (np.diag([4.0] * 6) + np.diag([-1.0] * 5, 1) + np.diag([-1.0] * 5, -1))
QB = np.array([3.0, -2.0, 5.0, -4.0, 1.0, 8.0])


def quad(x):
    return 0.5 * x @ QA @ x - QB @ x


def quad_der(x):
    return QA @ x - QB


def record(res, **extra):
    out = {
        'x': res.x.tolist(), 'fun': float(res.fun), 'nit': int(res.nit), 'nfev': int(res.nfev),
        'status': int(res.status), 'message': str(res.message),
    }
    out.update(extra)
    return out


def bounds_list(lower, upper):
    return list(zip(lower, upper))


def jsonable(v):
    if isinstance(v, float) and np.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return v


def main():
    fixtures = {'scipy': scipy.__version__, 'lbfgsb': [], 'bounded': [], 'bfgs': [], 'nelderMead': []}
    for n in [2, 5, 10, 30, 100]:
        x0 = rosen_start(n)
        res = minimize(rosen, x0, jac=rosen_der, method='L-BFGS-B')
        fixtures['lbfgsb'].append(record(res, name=f'rosenbrock {n}', n=n, x0=x0))

    cases = [
        ('rosenbrock 2, x_i <= 0.5', 'rosen', [-1.2, 0.4], [-np.inf, -np.inf], [0.5, 0.5]),
        ('rosenbrock 5, box [-2, 0.8]', 'rosen', rosen_start(5)[:], [-2.0] * 5, [0.8] * 5),
        ('rosenbrock 10, x_i in [1.5, 3]', 'rosen', [2.0] * 10, [1.5] * 10, [3.0] * 10),
        ('quadratic 6, some bounds active', 'quad', [0.0] * 6, [-np.inf, 0.0, -1.0, -0.5, -np.inf, 0.0],
         [np.inf, np.inf, 1.0, 2.0, 0.2, 1.5]),
    ]
    for name, fn, x0, lo, hi in cases:
        x0 = [min(max(v, l), h) for v, l, h in zip(x0, lo, hi)]
        f, df = (rosen, rosen_der) if fn == 'rosen' else (quad, quad_der)
        res = minimize(f, x0, jac=df, method='L-BFGS-B', bounds=bounds_list(lo, hi))
        # a tight solve for the exact constrained minimizer
        tight = minimize(f, x0, jac=df, method='L-BFGS-B', bounds=bounds_list(lo, hi),
                         options={'gtol': 1e-12, 'ftol': 1e-15, 'maxcor': 30})
        fixtures['bounded'].append(record(res, name=name, function=fn, x0=x0,
                                          lower=[jsonable(v) for v in lo], upper=[jsonable(v) for v in hi],
                                          xTight=tight.x.tolist()))

    res = minimize(rosen, [-1.2, 1.0], jac=rosen_der, method='BFGS')
    fixtures['bfgs'].append(record(res, name='rosenbrock 2', function='rosen', x0=[-1.2, 1.0], hessInv=res.hess_inv.tolist()))
    A = np.array([[3.0, 1.0, 0.5], [1.0, 2.0, 0.3], [0.5, 0.3, 1.5]])
    b = np.array([1.0, -2.0, 0.5])
    res = minimize(lambda x: 0.5 * x @ A @ x - b @ x, [0.0, 0.0, 0.0], jac=lambda x: A @ x - b, method='BFGS')
    fixtures['bfgs'].append(record(res, name='quadratic 3', function='quad3', x0=[0.0, 0.0, 0.0], hessInv=res.hess_inv.tolist(),
                                   A=A.tolist(), b=b.tolist(), trueInverse=np.linalg.inv(A).tolist()))

    res = minimize(rosen, [-1.2, 1.0], method='Nelder-Mead')
    fixtures['nelderMead'].append(record(res, name='rosenbrock 2', x0=[-1.2, 1.0], lower=None, upper=None))
    res = minimize(rosen, [-1.2, 1.0], method='Nelder-Mead', options={'adaptive': True})
    fixtures['nelderMead'].append(record(res, name='rosenbrock 2 adaptive', x0=[-1.2, 1.0], lower=None, upper=None, adaptive=True))
    res = minimize(rosen, [-1.2, 0.2], method='Nelder-Mead', bounds=[(-2, 0.5), (-1, 0.5)])
    fixtures['nelderMead'].append(record(res, name='rosenbrock 2, x_i <= 0.5', x0=[-1.2, 0.2], lower=[-2, -1], upper=[0.5, 0.5]))

    # Σ x² - 2 log x: undefined (NaN) for x < 0, where early trial steps land from x0[0] = 0.05.
    fixtures['domain'] = []
    for method in ['L-BFGS-B', 'BFGS']:
        res = minimize(lambda x: np.sum(x**2 - 2 * np.log(x)), [0.05, 3.0, 10.0], jac=lambda x: 2 * x - 2 / x, method=method)
        fixtures['domain'].append(record(res, name=f'x^2 - 2 log x, {method}', method=method, x0=[0.05, 3.0, 10.0]))

    OUT.write_text(json.dumps(fixtures, indent=1) + '\n')
    for group in ['lbfgsb', 'bounded', 'bfgs', 'nelderMead', 'domain']:
        for r in fixtures[group]:
            print(group, r['name'], 'nit', r['nit'], 'nfev', r['nfev'], 'fun', r['fun'], r['message'])


main()
