"""Reference runs of scipy.optimize.minimize's trust-region methods 'trust-ncg', 'dogleg' and
'trust-exact' for tf.optimize.minimize's, which follow scipy 1.17's _minimize_trust_region and its
subproblem solvers.

Writes test/fixtures/trust-region-scipy.json, which test/minimize-trust-region.test.ts checks
against. Run: python3 scripts/trust_region_fixtures.py (scipy 1.17, NumPy 2, and Node with the
built package: `npx tsup` first).

scipy gets exact second derivatives, as gradtape has: 'trust-ncg' a hessp, 'dogleg' and
'trust-exact' a hess. Both are gradtape's own numbers (scripts/minimize-oracle.ts over a pipe:
f, its gradient, Hessian-vector products, and the Hessian as the Jacobian of the gradient, as
minimize.ts takes them), so the two runs start from the same values, gradients and Hessians and
any difference left is the port's arithmetic. Each record keeps x, fun, jac, nit, nfev, njev,
nhev, status, success, message and (dogleg, trust-exact) hess.
"""

import json
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from minimize_more_fixtures import Gradtape, rosen_start  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / 'test' / 'fixtures' / 'trust-region-scipy.json'

OPTION_NAMES = {'gtol': 'gtol', 'maxiter': 'maxIterations', 'initial_trust_radius': 'initialTrustRadius',
                'max_trust_radius': 'maxTrustRadius', 'eta': 'eta', 'subproblem_maxiter': 'subproblemMaxIterations'}

# (name, problem, x0): the problems of test/helpers/minimize-problems.ts. Rosenbrock's Hessian at
# (0, 1) is diag(-398, 200), indefinite; at scipy's 5-D start it is indefinite too.
STARTS = [
    ('rosenbrock 2', 'rosenbrock', [-1.2, 1.0]),
    ('rosenbrock 2, indefinite start', 'rosenbrock', [0.0, 1.0]),
    ('rosenbrock 5', 'rosenbrock', rosen_start(5)),
    ('beale', 'beale', [1.0, 1.0]),
    ('powell singular', 'powellSingular', [3.0, -1.0, 0.0, 1.0]),
    ('quadratic 6', 'quadratic', [0.0] * 6),
]


def run(oracle, method, name, problem, x0, options=None):
    options = dict(options or {})
    fun, jac, hessp = oracle.functions(problem)
    n = len(x0)
    kwargs = {'jac': jac}
    if method == 'trust-ncg':
        kwargs['hessp'] = hessp
    else:
        kwargs['hess'] = lambda x: np.array(oracle.ask(problem, 'h', x)).reshape(n, n)
    res = minimize(fun, np.array(x0, dtype=float), method=method, options=options, **kwargs)
    record = {
        'name': name, 'method': method, 'problem': problem, 'x0': [float(v) for v in x0],
        'options': {OPTION_NAMES[k]: v for k, v in options.items()},
        'x': res.x.tolist(), 'fun': float(res.fun), 'jac': np.asarray(res.jac).tolist(), 'nit': int(res.nit),
        'nfev': int(res.nfev), 'njev': int(res.njev), 'nhev': int(res.nhev),
        'status': int(res.status), 'success': bool(res.success), 'message': str(res.message),
    }
    if 'hess' in res:
        record['hess'] = np.asarray(res.hess).tolist()
    print(f"{method:11} {name:45} nit {record['nit']:4} nfev {record['nfev']:4} nhev {record['nhev']:4} status {record['status']} {record['message']}")
    return record


def main():
    oracle = Gradtape()
    runs = []
    for method in ('trust-ncg', 'dogleg', 'trust-exact'):
        for name, problem, x0 in STARTS:
            runs.append(run(oracle, method, name, problem, x0))
        runs.append(run(oracle, method, 'rosenbrock 2, maxiter 5', 'rosenbrock', [-1.2, 1.0], {'maxiter': 5}))
        runs.append(run(oracle, method, 'rosenbrock 2, initial_trust_radius 0.1', 'rosenbrock', [-1.2, 1.0], {'initial_trust_radius': 0.1}))
        runs.append(run(oracle, method, 'rosenbrock 2, initial_trust_radius 5, max 8, eta 0.2, gtol 1e-8', 'rosenbrock', [-1.2, 1.0],
                        {'initial_trust_radius': 5.0, 'max_trust_radius': 8.0, 'eta': 0.2, 'gtol': 1e-8}))
    runs.append(run(oracle, 'trust-exact', 'rosenbrock 5, subproblem_maxiter 2', 'rosenbrock', rosen_start(5), {'subproblem_maxiter': 2}))
    oracle.close()
    OUT.write_text(json.dumps({'scipy': scipy.__version__, 'numpy': np.__version__, 'runs': runs}, indent=1) + '\n')


if __name__ == '__main__':
    main()
