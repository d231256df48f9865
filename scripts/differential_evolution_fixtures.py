"""Reference runs for tf.optimize.differentialEvolution: scipy.optimize.differential_evolution
with integer rng (numpy.random.default_rng streams), and a few with scipy's legacy integer seed
(numpy.random.RandomState streams), on objectives whose arithmetic JavaScript does alike
(Rosenbrock, sphere, a shifted quadratic with integer parameters), every strategy, both
updatings, the initializations, dithering, maxiter, the callback, NIST's Misra1a fitted with exp
(compared with a tolerance), and scipy's messages for bad input.
Writes test/fixtures/differential-evolution-scipy.json (run: python3 scripts/differential_evolution_fixtures.py)."""
import json
import math

import numpy as np
import scipy
from scipy.optimize import differential_evolution

from lsq_fixture_common import ROOT, parse_nist, rosen

OUT = ROOT / 'test' / 'fixtures' / 'differential-evolution-scipy.json'


def sphere(x):
    total = 0.0
    for v in x:
        total += v * v
    return total


def shifted(x):
    # Minimum at (1.3, 2.7, -0.4): with x[1] an integer, the best is x[1] = 3.
    a, b, c = x[0] - 1.3, x[1] - 2.7, x[2] + 0.4
    return a * a + b * b + c * c


FUNCTIONS = {'rosen': rosen, 'sphere': sphere, 'shifted': shifted}


def floats(a):
    return [float(v) for v in np.ravel(a)]


def run_record(name, function, bounds, options):
    steps = []

    def callback(intermediate_result):
        r = intermediate_result
        steps.append({'nit': int(r.nit), 'nfev': int(r.nfev), 'x': floats(r.x), 'fun': float(r.fun),
                      'convergence': float(r.convergence), 'message': r.message, 'success': bool(r.success)})
        return options.get('_stop_at') == r.nit

    kwargs = {k: v for k, v in options.items() if not k.startswith('_')}
    res = differential_evolution(FUNCTIONS[function], bounds, callback=callback, **kwargs)
    return {
        'name': name, 'function': function, 'bounds': [list(map(float, b)) for b in bounds],
        'options': {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in options.items()},
        'x': floats(res.x), 'fun': float(res.fun), 'nit': int(res.nit), 'nfev': int(res.nfev),
        'success': bool(res.success), 'message': res.message,
        # (NaN, scipy's jac entry for a parameter the polish held fixed, as the string 'NaN'.)
        'jac': [v if np.isfinite(v) else 'NaN' for v in floats(res.jac)] if 'jac' in res else None,
        'population': [floats(row) for row in res.population],
        'populationEnergies': floats(res.population_energies),
        # (Each generation's callback record, for the runs that ask for it.)
        'steps': steps if options.get('_steps') else None,
    }


RUNS = []
B2 = [(-2.0, 2.0), (-2.0, 2.0)]
RUNS.append(('rosen default', 'rosen', B2, {'rng': 1, '_steps': True}))
RUNS.append(('rosen unpolished', 'rosen', B2, {'rng': 1, 'polish': False}))
RUNS.append(('rosen initial population', 'rosen', B2, {'rng': 5, 'maxiter': 0, 'polish': False}))
RUNS.append(('rosen seed 0, 3-d', 'rosen', [(-3.0, 3.0)] * 3, {'rng': 0, 'polish': False}))
RUNS.append(('rosen large seed', 'rosen', B2, {'rng': 2 ** 40 + 12345, 'maxiter': 40, 'polish': False}))
for k, strategy in enumerate(['best1bin', 'best1exp', 'rand1bin', 'rand1exp', 'rand2bin', 'rand2exp', 'best2bin',
                              'best2exp', 'currenttobest1bin', 'currenttobest1exp', 'randtobest1bin',
                              'randtobest1exp']):
    RUNS.append((f'strategy {strategy}', 'rosen', B2, {'rng': 10 + k, 'strategy': strategy, 'maxiter': 60, 'polish': False}))
    RUNS.append((f'strategy {strategy} deferred', 'sphere', [(-5.0, 5.0)] * 3,
                 {'rng': 30 + k, 'strategy': strategy, 'updating': 'deferred', 'maxiter': 25, 'polish': False}))
RUNS.append(('sphere deferred polished', 'sphere', [(-5.0, 5.0)] * 3, {'rng': 7, 'updating': 'deferred', 'strategy': 'rand1exp', 'maxiter': 30}))
RUNS.append(('random init, constant mutation', 'sphere', [(-5.0, 5.0), (-1.0, 4.0)],
             {'rng': 3, 'init': 'random', 'mutation': 0.6, 'strategy': 'currenttobest1bin', 'maxiter': 100}))
RUNS.append(('array init', 'rosen', B2, {'rng': 4, 'polish': False, 'maxiter': 30,
                                         'init': [[0.5, 0.5], [-1.0, 1.5], [1.5, -1.5], [0.0, 0.0], [2.5, 1.0], [-0.3, 0.7], [1.2, 1.4]]}))
RUNS.append(('x0', 'rosen', B2, {'rng': 8, 'x0': [0.9, 0.8], 'maxiter': 30, 'polish': False}))
RUNS.append(('dither reversed, recombination 0.3, popsize 6', 'rosen', B2,
             {'rng': 9, 'mutation': [0.9, 0.4], 'recombination': 0.3, 'popsize': 6, 'polish': False}))
RUNS.append(('tol 0, atol 1e-6', 'sphere', [(-5.0, 5.0)] * 2, {'rng': 11, 'tol': 0, 'atol': 1e-6, 'polish': False}))
RUNS.append(('maxiter reached', 'rosen', B2, {'rng': 12, 'maxiter': 5}))
RUNS.append(('callback stops', 'rosen', B2, {'rng': 13, '_stop_at': 4, '_steps': True}))
RUNS.append(('equal bounds', 'sphere', [(-5.0, 5.0), (2.0, 2.0), (-1.0, 3.0)], {'rng': 14, 'polish': False}))
RUNS.append(('integrality', 'shifted', [(-4.0, 4.0), (-4.0, 4.0), (-4.0, 4.0)], {'rng': 15, 'integrality': [False, True, False], 'polish': False}))
RUNS.append(('integrality polished', 'shifted', [(-4.0, 4.0), (-4.0, 4.0), (-4.0, 4.0)], {'rng': 15, 'integrality': [False, True, False]}))
RUNS.append(('all integers', 'shifted', [(-4.0, 4.0), (-4.5, 4.5), (-4.0, 4.0)], {'rng': 16, 'integrality': True}))

# scipy's legacy seed=int: numpy.random.RandomState(seed) (MT19937) draws the Latin hypercube's
# uniforms and permutations, the samples' shuffles, randint's fill points, the dither.
RUNS.append(('seed 1', 'rosen', B2, {'seed': 1}))
RUNS.append(('seed 1 unpolished', 'rosen', B2, {'seed': 1, 'polish': False}))
RUNS.append(('seed 0, 3-d', 'rosen', [(-3.0, 3.0)] * 3, {'seed': 0, 'polish': False}))
RUNS.append(('seed 2**32 - 1', 'rosen', B2, {'seed': 2 ** 32 - 1, 'maxiter': 40, 'polish': False}))
RUNS.append(('seed, rand2exp deferred', 'sphere', [(-5.0, 5.0)] * 3,
             {'seed': 21, 'strategy': 'rand2exp', 'updating': 'deferred', 'maxiter': 25, 'polish': False}))
RUNS.append(('seed, currenttobest1bin, random init', 'sphere', [(-5.0, 5.0), (-1.0, 4.0)],
             {'seed': 22, 'init': 'random', 'strategy': 'currenttobest1bin', 'maxiter': 60, 'polish': False}))
RUNS.append(('seed, best2exp, integrality', 'shifted', [(-4.0, 4.0), (-4.0, 4.0), (-4.0, 4.0)],
             {'seed': 23, 'strategy': 'best2exp', 'integrality': [False, True, False], 'polish': False}))


def misra1a():
    _, x, y = parse_nist('Misra1a')

    def sse(b):
        total = 0.0
        for xi, yi in zip(x, y):
            r = yi - b[0] * (1.0 - math.exp(-b[1] * xi))
            total += r * r
        return total

    res = differential_evolution(sse, [(100.0, 1000.0), (1e-5, 1e-3)], rng=2)
    return {'x': floats(x), 'y': floats(y), 'bounds': [[100.0, 1000.0], [1e-5, 1e-3]], 'rng': 2,
            'xSolution': floats(res.x), 'fun': float(res.fun), 'nit': int(res.nit), 'nfev': int(res.nfev),
            'success': bool(res.success)}


def error_message(bounds, **kwargs):
    try:
        differential_evolution(sphere, bounds, **kwargs)
    except (ValueError, TypeError) as e:
        return str(e)
    raise AssertionError(f'no error for {kwargs}')


ERRORS = [
    ('strategy', [(-1, 1)], {'strategy': 'best3bin'}),
    ('mutation', [(-1, 1)], {'mutation': 2.5}),
    ('mutation pair', [(-1, 1)], {'mutation': (0.5, 2)}),
    ('bounds infinite', [(-1, np.inf)], {}),
    ('init', [(-1, 1)], {'init': 'grid'}),
    ('init array', [(-1, 1), (-1, 1)], {'init': [[0, 0], [1, 1], [0.5, 0.5], [0.2, 0.1]]}),
    ('x0 outside', [(-1, 1)], {'x0': [3.0]}),
    ('integrality', [(0.2, 0.8)], {'integrality': [True]}),
    ('rng and seed', [(-1, 1)], {'rng': 1, 'seed': 1}),
    ('seed 2**32', [(-1, 1)], {'seed': 2 ** 32}),
    ('seed -1', [(-1, 1)], {'seed': -1}),
    ('seed 1.5', [(-1, 1)], {'seed': 1.5}),
]

fixture = {
    'scipy': scipy.__version__, 'numpy': np.__version__,
    'runs': [run_record(*r) for r in RUNS],
    'misra1a': misra1a(),
    'errors': [{'name': name, 'bounds': [[float(v) if np.isfinite(v) else 'Infinity' for v in b] for b in bounds],
                'options': kwargs, 'message': error_message(bounds, **kwargs)} for name, bounds, kwargs in ERRORS],
}
OUT.write_text(json.dumps(fixture, indent=1) + '\n')
print(f'wrote {OUT}')
