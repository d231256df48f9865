"""Reference values for tf.optimize.curveFit and leastSquares from scipy.optimize.

Writes test/fixtures/curve-fit-scipy.json, which test/curve-fit.test.ts checks against. Run:
python3 scripts/curve_fit_fixtures.py (NumPy 2, scipy 1.17). scipy runs method 'lm' with the
analytic Jacobian and tight tolerances, so both sides solve the same problem to rounding and the
comparison tests semantics (weighting, covariance scaling), not stopping rules.
"""

import json
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import curve_fit, least_squares

from fit_models import TIGHT, decay, decay_jac

rng = np.random.default_rng(20261129)


def plane_wave(xy, a, k, phase):
    # Two predictors, scipy's convention: xdata of shape (k, m).
    x, y = xy
    return a * np.sin(k * x + phase) * np.exp(-0.1 * y)


def plane_wave_jac(xy, a, k, phase):
    x, y = xy
    s, c, d = np.sin(k * x + phase), np.cos(k * x + phase), np.exp(-0.1 * y)
    return np.stack([s * d, a * x * c * d, a * c * d], axis=1)


def fit_case(name, f, jac, xdata, ydata, p0, sigma=None, absolute_sigma=False):
    popt, pcov = curve_fit(f, xdata, ydata, p0=p0, sigma=sigma, absolute_sigma=absolute_sigma,
                           method='lm', jac=jac, **TIGHT)
    fx = f(xdata, *popt)
    r = (fx - ydata) if sigma is None else (fx - ydata) / sigma
    return {
        'name': name,
        # Ours takes x as [m] or [m, k]: scipy's (k, m) transposed.
        'xdata': np.asarray(xdata).T.tolist(),
        'ydata': ydata.tolist(),
        'p0': list(p0),
        'sigma': None if sigma is None else sigma.tolist(),
        'absoluteSigma': absolute_sigma,
        'params': popt.tolist(),
        'covariance': pcov.tolist(),
        'cost': float(0.5 * np.sum(r ** 2)),
    }


x = np.linspace(0, 4, 40)
sigma = 0.02 + 0.03 * rng.random(x.size)
y = decay(x, 2.5, 1.3, 0.5) + sigma * rng.standard_normal(x.size)
xy = np.stack([np.linspace(0, 6, 50), rng.random(50) * 3])
wave_sigma = 0.05 * (1 + rng.random(50))
wave = plane_wave(xy, 1.7, 1.1, 0.3) + wave_sigma * rng.standard_normal(50)

cases = [
    fit_case('decay, no sigma', decay, decay_jac, x, y, [1.0, 0.5, 0.0]),
    fit_case('decay, relative sigma', decay, decay_jac, x, y, [1.0, 0.5, 0.0], sigma=sigma),
    fit_case('decay, absolute sigma', decay, decay_jac, x, y, [1.0, 0.5, 0.0], sigma=sigma, absolute_sigma=True),
    fit_case('plane wave, two predictors, absolute sigma', plane_wave, plane_wave_jac, xy, wave, [1.0, 1.0, 0.0],
             sigma=wave_sigma, absolute_sigma=True),
]


def rosenbrock(p):
    return np.array([10 * (p[1] - p[0] ** 2), 1 - p[0]])


def rosenbrock_jac(p):
    return np.array([[-20 * p[0], 10], [-1, 0]])


ls = least_squares(rosenbrock, [-1.2, 1.0], jac=rosenbrock_jac, method='lm', **TIGHT)
# A fit as residuals of a parameter vector: the decay above with relative weights.
ls_decay = least_squares(lambda p: (decay(x, *p) - y) / sigma, [1.0, 0.5, 0.0],
                         jac=lambda p: decay_jac(x, *p) / sigma[:, None], method='lm', **TIGHT)

fixture = {
    'generator': f'scripts/curve_fit_fixtures.py, scipy {scipy.__version__}, numpy {np.__version__}',
    'curveFit': cases,
    'leastSquares': [
        {'name': 'rosenbrock', 'x0': [-1.2, 1.0], 'x': ls.x.tolist(), 'cost': float(ls.cost)},
        {'name': 'decay as residuals', 'x0': [1.0, 0.5, 0.0], 'x': ls_decay.x.tolist(), 'cost': float(ls_decay.cost),
         'xdata': x.tolist(), 'ydata': y.tolist(), 'sigma': sigma.tolist()},
    ],
}
out = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'curve-fit-scipy.json'
out.write_text(json.dumps(fixture, indent=1) + '\n')
print(f'wrote {out}')
