"""Reference runs for tf.optimize.basinhopping and tf.optimize.brute: scipy.optimize.basinhopping
with integer rng (numpy.random.default_rng streams) or scipy's legacy integer seed
(numpy.random.RandomState streams) and scipy.optimize.brute on Rosenbrock,
Rastrigin, Ackley and scipy's one- and two-dimensional ripple examples, and basinhopping on the
one-dimensional ripple with a log barrier, NaN below it, where random steps land (the local
minimizations from there with BFGS, L-BFGS-B and Nelder-Mead; callback values NaN are written
'NaN').

basinhopping's local minimizer is scipy.optimize.minimize, here with the gradient given (jac=), as
tf.optimize.minimize takes it from the tape: the objectives' values and gradients come from
scripts/minimize-oracle.ts over a pipe (test/helpers/minimize-problems.ts and
test/helpers/global-problems.ts), the very numbers tf.optimize.basinhopping sees, so a faithful port
takes scipy's steps, minima and acceptances. The runs: BFGS (the default), L-BFGS-B with bounds,
CG, Nelder-Mead, T = 0, a small interval (the step size adapts), niter_success, niter 0, a
callback that records every call and one that stops the run, a take_step with a stepsize (adapted)
and one without, accept tests (rejecting, forcing), disp's lines.

brute runs on the same tensor objectives (through the oracle) and on plain-float ones whose
arithmetic JavaScript does alike: grids of Ns points, numpy's slices with float steps (their
endpoint rules, one axis and several), integer slices, ties (the first minimum in C order), NaN,
with and without fmin's polish, with the grid and Jout.

BFGS's and L-BFGS-B's vector and matrix products go through numpy's and scipy's OpenBLAS, whose
ports (ts/optimize/openblas.ts) follow its Haswell kernels; on a machine with AVX-512 OpenBLAS
would pick its SkylakeX kernels, which sum in another order, and the local minima would differ from
gradtape's in their last bits. So the script asks OpenBLAS for the Haswell kernels
(OPENBLAS_CORETYPE=Haswell, set before numpy loads).

Writes test/fixtures/basinhopping-brute-scipy.json (run: python3 scripts/basinhopping_brute_fixtures.py,
after `npx tsup`: the oracle imports the built package).
"""
import contextlib
import io
import json
import math
import os

os.environ.setdefault('OPENBLAS_CORETYPE', 'Haswell')

import numpy as np
import scipy
from scipy.optimize import basinhopping, brute

from lsq_fixture_common import ROOT, rosen
from minimize_more_fixtures import Gradtape, as_text

OUT = ROOT / 'test' / 'fixtures' / 'basinhopping-brute-scipy.json'


def floats(a):
    return [float(v) for v in np.ravel(a)]


def texts(a):
    """Nested lists of numbers, NaN and infinities as strings (JSON has none)."""
    if np.ndim(a) == 0:
        v = float(a)
        return v if np.isfinite(v) else as_text(v)
    return [texts(e) for e in a]


class StepWithStepsize:
    """A deterministic take_step with a stepsize (basinhopping adapts it): coordinate i moves by
    stepsize·((7k + 3i) mod 11 - 5)/5 at the k-th call."""

    def __init__(self, stepsize):
        self.stepsize = stepsize
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        return np.array([v + self.stepsize * (((7 * self.calls + 3 * i) % 11) - 5) / 5 for i, v in enumerate(x)])


class StepWithoutStepsize:
    """A deterministic take_step without a stepsize, with a report: coordinate i moves by
    ((5k + 2i) mod 9 - 4)/4 at the k-th call; report records whether each step was accepted."""

    def __init__(self):
        self.calls = 0
        self.reports = []

    def __call__(self, x):
        self.calls += 1
        return np.array([v + (((5 * self.calls + 2 * i) % 9) - 4) / 4 for i, v in enumerate(x)])

    def report(self, accept, **kwargs):
        self.reports.append(bool(accept))


def inside_box(f_new, x_new, f_old, x_old):
    # scipy's old accept_test signature: reject minima outside [-2, 2]^n.
    return bool(np.all(np.abs(x_new) <= 2.0))


def force_below(*, res_new, res_old):
    # The new signature: force the acceptance of any minimum below 3, else leave it to Metropolis.
    return 'force accept' if res_new.fun < 3.0 else True


# (name, problem, x0, options (scipy's names; '_take_step', '_accept_test', '_stop_at' stand for
# the objects above), minimizer_kwargs without jac)
BASIN_RUNS = [
    ('rosenbrock 2, BFGS', 'rosenbrock', [-1.2, 1.0], {'niter': 20, 'rng': 1}, {}),
    ('rosenbrock 4, L-BFGS-B', 'rosenbrock', [1.3, 0.7, 0.8, 1.9], {'niter': 15, 'rng': 2}, {'method': 'L-BFGS-B'}),
    ('rastrigin 2, BFGS', 'rastrigin', [3.3, -2.7], {'niter': 100, 'rng': 3, 'stepsize': 1.0}, {}),
    ('rastrigin 3, interval 5', 'rastrigin', [2.1, -1.4, 0.9], {'niter': 60, 'rng': 4, 'interval': 5}, {}),
    ('rastrigin 2, T 0', 'rastrigin', [2.2, 1.8], {'niter': 40, 'rng': 5, 'T': 0.0}, {}),
    ('rastrigin 2, bounds, L-BFGS-B', 'rastrigin', [2.5, -2.5], {'niter': 50, 'rng': 6, 'stepsize': 1.5},
     {'method': 'L-BFGS-B', 'bounds': [(-3.0, 1.5), (-1.0, 3.0)]}),
    ('ackley 2, BFGS', 'ackley', [1.7, -2.3], {'niter': 50, 'rng': 7, 'T': 0.5}, {}),
    ('ackley 2, CG', 'ackley', [2.6, 1.1], {'niter': 30, 'rng': 8}, {'method': 'CG'}),
    ('ripple 1-d', 'ripple1d', [1.0], {'niter': 200, 'rng': 42}, {}),
    ('ripple 2-d, L-BFGS-B', 'ripple2d', [1.0, 1.0], {'niter': 200, 'rng': 9}, {'method': 'L-BFGS-B'}),
    ('ripple 1-d, Nelder-Mead', 'ripple1d', [0.8], {'niter': 40, 'rng': 10}, {'method': 'Nelder-Mead'}),
    ('ripple 1-d, niter_success 5', 'ripple1d', [1.0], {'niter': 200, 'rng': 11, 'niter_success': 5}, {}),
    ('ripple 2-d, target rate 0.3, factor 0.5', 'ripple2d', [1.0, -1.0],
     {'niter': 60, 'rng': 12, 'interval': 10, 'target_accept_rate': 0.3, 'stepwise_factor': 0.5}, {}),
    ('rastrigin 2, niter 0', 'rastrigin', [0.9, 1.1], {'niter': 0, 'rng': 13}, {}),
    ('large rng', 'ripple1d', [1.0], {'niter': 30, 'rng': 2 ** 40 + 12345}, {}),
    ('callback stops', 'rastrigin', [2.2, 1.8], {'niter': 50, 'rng': 14, '_stop_at': 7}, {}),
    ('take_step with stepsize', 'rastrigin', [2.2, 1.8], {'niter': 30, 'rng': 15, 'interval': 4, '_take_step': 'stepsize'}, {}),
    ('take_step without stepsize', 'rastrigin', [2.2, 1.8], {'niter': 20, 'rng': 16, '_take_step': 'plain'}, {}),
    ('accept_test inside box', 'rastrigin', [1.2, -0.8], {'niter': 40, 'rng': 17, 'stepsize': 2.0, '_accept_test': 'inside'}, {}),
    ('accept_test force accept', 'rastrigin', [2.2, 1.8], {'niter': 40, 'rng': 18, 'T': 0.1, '_accept_test': 'force'}, {}),
    ('disp', 'ripple1d', [1.0], {'niter': 12, 'rng': 19, 'interval': 3, 'disp': True}, {}),
    # scipy's legacy seed=int: the steps and the Metropolis draws from numpy.random.RandomState(seed).
    ('ripple 1-d, seed 42', 'ripple1d', [1.0], {'niter': 200, 'seed': 42}, {}),
    ('rastrigin 2, seed 0, bounds, L-BFGS-B', 'rastrigin', [2.5, -2.5], {'niter': 50, 'seed': 0, 'stepsize': 1.5},
     {'method': 'L-BFGS-B', 'bounds': [(-3.0, 1.5), (-1.0, 3.0)]}),
    ('rosenbrock 2, seed 2**32 - 1', 'rosenbrock', [-1.2, 1.0], {'niter': 20, 'seed': 2 ** 32 - 1}, {}),
    ('ackley 2, seed 7, T 0.5, interval 5', 'ackley', [1.7, -2.3], {'niter': 50, 'seed': 7, 'T': 0.5, 'interval': 5}, {}),
    # Steps that land where f is NaN (below the log barrier): scipy's minimize runs from there, and
    # basinhopping counts what it returns (BFGS: a failure, f NaN) and rejects it.
    ('ripple 1-d with a log barrier, NaN steps, BFGS', 'ripple1dBarrier', [1.0], {'niter': 30, 'rng': 20}, {}),
    ('ripple 1-d with a log barrier, NaN steps, L-BFGS-B', 'ripple1dBarrier', [1.0], {'niter': 30, 'rng': 21}, {'method': 'L-BFGS-B'}),
    ('ripple 1-d with a log barrier, NaN steps, Nelder-Mead', 'ripple1dBarrier', [1.0], {'niter': 30, 'rng': 22}, {'method': 'Nelder-Mead'}),
]


def basin_record(oracle, name, problem, x0, options, minimizer_kwargs):
    fun, jac, _ = oracle.functions(problem)
    calls = []

    def callback(x, f, accept):
        calls.append({'x': texts(x), 'f': texts(f), 'accept': bool(accept)})
        return options.get('_stop_at') is not None and len(calls) - 1 == options['_stop_at']

    kwargs = {k: v for k, v in options.items() if not k.startswith('_')}
    step = None
    if options.get('_take_step') == 'stepsize':
        step = kwargs['take_step'] = StepWithStepsize(0.8)
    elif options.get('_take_step') == 'plain':
        step = kwargs['take_step'] = StepWithoutStepsize()
    if options.get('_accept_test') == 'inside':
        kwargs['accept_test'] = inside_box
    elif options.get('_accept_test') == 'force':
        kwargs['accept_test'] = force_below
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        res = basinhopping(fun, np.array(x0, dtype=float), callback=callback,
                           minimizer_kwargs={**minimizer_kwargs, 'jac': jac} if minimizer_kwargs.get('method') != 'Nelder-Mead' else minimizer_kwargs,
                           **kwargs)
    lowest = res.lowest_optimization_result
    record = {
        'name': name, 'problem': problem, 'x0': [float(v) for v in x0], 'options': options,
        'minimizerKwargs': {k: ([list(map(float, b)) for b in v] if k == 'bounds' else v) for k, v in minimizer_kwargs.items()},
        'x': floats(res.x), 'fun': float(res.fun), 'nit': int(res.nit), 'nfev': int(res.nfev),
        'njev': int(res.njev) if 'njev' in res else None, 'nhev': int(res.nhev) if 'nhev' in res else None,
        'minimizationFailures': int(res.minimization_failures), 'message': res.message[0], 'success': bool(res.success),
        'lowest': {'x': floats(lowest.x), 'fun': float(lowest.fun), 'nit': int(lowest.nit), 'nfev': int(lowest.nfev),
                   'success': bool(lowest.success)},
        'calls': calls,
        'stdout': printed.getvalue().splitlines() if options.get('disp') else None,
        'stepsize': float(step.stepsize) if isinstance(step, StepWithStepsize) else None,
        'reports': step.reports if isinstance(step, StepWithoutStepsize) else None,
    }
    print(f"basinhopping {name:45} nit {record['nit']:4} nfev {record['nfev']:6} fun {record['fun']:.6g} {record['message']}")
    return record


# Plain-float objectives for brute, in the order of float operations the tests' JavaScript uses
# (rosen: lsq_fixture_common's).
def camel(x):
    # The six-hump camel function: 4 minima, 2 global ones (-0.0898, 0.7126) and (0.0898, -0.7126).
    a, b = x[0], x[1]
    a2 = a * a
    return (4.0 - 2.1 * a2 + a2 * a2 / 3.0) * a2 + a * b + (-4.0 + 4.0 * b * b) * b * b


def double_well(x):
    # Minima at x = ±1, equal: a grid symmetric about 0 has two lowest points (the first one wins).
    t = x[0] * x[0] - 1.0
    return t * t


def quartic3(x):
    total = 0.0
    for i, v in enumerate(x):
        d = v - 0.25 * (i + 1)
        total += d * d * d * d + 0.5 * d * d
    return total


def holes(x):
    # NaN where x[0] < -1.5: np.argmin takes the first NaN.
    return math.nan if x[0] < -1.5 else (x[0] - 0.5) ** 2 + x[1] * x[1]


PLAIN = {'rosen': rosen, 'camel': camel, 'doubleWell': double_well, 'quartic3': quartic3, 'holes': holes}

# (name, function, ranges (lists: pairs or slice triples), options: Ns, finish None ('finish': None) or fmin)
BRUTE_RUNS = [
    ('rosen, Ns 20, fmin', 'rosen', [[-2.0, 2.0], [-1.0, 3.0]], {}),
    ('rosen, Ns 7, no finish', 'rosen', [[-2.0, 2.0], [-1.0, 3.0]], {'Ns': 7, 'finish': None}),
    ('camel, slices 0.1, fmin', 'camel', [[-2.0, 2.0, 0.1], [-1.0, 1.0, 0.1]], {}),
    ('camel, slices 0.3 and 0.25, no finish', 'camel', [[-2.0, 2.1, 0.3], [-1.1, 1.0, 0.25]], {'finish': None}),
    ('camel, pair and slice', 'camel', [[-2.0, 2.0], [-1.0, 1.0, 0.15]], {'Ns': 9, 'finish': None}),
    ('double well, tie, 1-d pair', 'doubleWell', [[-2.0, 2.0]], {'Ns': 5, 'finish': None}),
    ('double well, 1-d slice 0.1 (arange)', 'doubleWell', [[-1.7, 1.35, 0.1]], {'finish': None}),
    ('double well, 1-d slice 0.3, fmin', 'doubleWell', [[0.1, 2.0, 0.3]], {}),
    ('quartic 3-d, integer slices', 'quartic3', [[-2, 3, 1], [-1, 2, 1], [0, 4, 2]], {'finish': None}),
    ('quartic 3-d, Ns 6, fmin', 'quartic3', [[-1.0, 1.0], [-1.0, 1.0], [-1.0, 1.0]], {'Ns': 6}),
    ('quartic 3-d, reversed pair', 'quartic3', [[1.0, -1.0], [-1.0, 1.0], [-1.0, 1.0]], {'Ns': 4, 'finish': None}),
    ('NaN in the grid', 'holes', [[-2.0, 2.0], [-1.0, 1.0]], {'Ns': 5, 'finish': None}),
    ('rastrigin 2 (tensor), Ns 15, fmin', 'oracle:rastrigin', [[-4.0, 4.0], [-4.0, 4.0]], {'Ns': 15}),
    ('ackley 2 (tensor), slices, no finish', 'oracle:ackley', [[-3.0, 3.0, 0.35], [-2.5, 2.6, 0.4]], {'finish': None}),
    ('ripple 1-d (tensor), fmin', 'oracle:ripple1d', [[-1.0, 1.0]], {'Ns': 30}),
]


def brute_record(oracle, name, function, ranges, options):
    func = oracle.functions(function[len('oracle:'):])[0] if function.startswith('oracle:') else PLAIN[function]
    scipy_ranges = tuple(tuple(r) if len(r) == 2 else slice(*r) for r in ranges)
    with np.errstate(invalid='ignore'):
        x, fval, grid, jout = brute(func, scipy_ranges, full_output=True, **options)
    record = {
        'name': name, 'function': function, 'ranges': ranges,
        'options': {k: v for k, v in options.items()},
        'x': floats(x), 'fval': texts(fval), 'grid': texts(grid), 'Jout': texts(jout),
    }
    print(f"brute {name:45} x {record['x']} fval {record['fval']}")
    return record


def main():
    oracle = Gradtape()
    fixture = {
        'scipy': scipy.__version__, 'numpy': np.__version__,
        'basinhopping': [basin_record(oracle, *r) for r in BASIN_RUNS],
        'brute': [brute_record(oracle, *r) for r in BRUTE_RUNS],
    }
    oracle.close()
    OUT.write_text(json.dumps(fixture, indent=1) + '\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
