"""Reference values for tf.optimize.curveFit with method 'trf': bounds, robust losses, a full
covariance sigma, from scipy.optimize.

Writes test/fixtures/curve-fit-trf-scipy.json, which test/curve-fit-trf.test.ts checks against.
Run: python3 scripts/curve_fit_trf_fixtures.py (NumPy 2, scipy 1.17). scipy runs with the
analytic Jacobian, tolerances of 1e-15 and a large evaluation budget, so both sides converge to
the same minimum and the comparison tests semantics (bounds, active constraints, the loss, the
Cholesky weighting, the covariance rule), not stopping rules. The problems are generated from a
fixed seed.
"""

import json
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import curve_fit, least_squares

from fit_models import TIGHT, decay, decay_jac

rng = np.random.default_rng(20261130)


def logistic(x, b1, b2, b3):
    # NIST Rat42's model: b1 / (1 + exp(b2 - b3 x)).
    return b1 / (1 + np.exp(b2 - b3 * x))


def logistic_jac(x, b1, b2, b3):
    e = np.exp(b2 - b3 * x)
    d = 1 + e
    return np.stack([1 / d, -b1 * e / d ** 2, b1 * x * e / d ** 2], axis=1)


MODELS = {'decay': (decay, decay_jac), 'logistic': (logistic, logistic_jac)}


def case(name, model, xdata, ydata, p0, bounds=(-np.inf, np.inf), method='trf', loss='linear', f_scale=1.0,
         sigma=None, absolute_sigma=False):
    f, jac = MODELS[model]
    kwargs = dict(method=method, **TIGHT)
    if method == 'trf':
        kwargs.update(loss=loss, f_scale=f_scale, max_nfev=100000)
    popt, pcov = curve_fit(f, xdata, ydata, p0=p0, sigma=sigma, absolute_sigma=absolute_sigma, bounds=bounds,
                           jac=jac, **kwargs)
    # least_squares on the same weighted residuals for the cost, status and active_mask.
    if sigma is None:
        transform = lambda v: v  # noqa: E731
    elif np.ndim(sigma) == 1:
        transform = lambda v: (v.T / sigma).T  # noqa: E731
    else:
        lower = np.linalg.cholesky(sigma)
        transform = lambda v: scipy.linalg.solve_triangular(lower, v, lower=True)  # noqa: E731
    ls = least_squares(lambda p: transform(f(xdata, *p) - ydata), p0, jac=lambda p: transform(jac(xdata, *p)),
                       bounds=bounds, method=method, loss=loss, f_scale=f_scale,
                       **({'max_nfev': 100000} if method == 'trf' else {}), **TIGHT)
    assert np.allclose(ls.x, popt, rtol=1e-8, atol=0), (name, ls.x, popt)
    lb, ub = np.broadcast_to(bounds[0], len(p0)), np.broadcast_to(bounds[1], len(p0))
    return {
        'name': name,
        'model': model,
        'xdata': xdata.tolist(),
        'ydata': ydata.tolist(),
        'p0': list(p0),
        'bounds': [[float(v) if np.isfinite(v) else ('Infinity' if v > 0 else '-Infinity') for v in side] for side in (lb, ub)],
        'method': method,
        'loss': loss,
        'fScale': f_scale,
        # A covariance matrix is stored once, under 'matrices', and named here.
        'sigma': None if sigma is None else 'AR(1) covariance' if np.ndim(sigma) == 2 else np.asarray(sigma).tolist(),
        'absoluteSigma': absolute_sigma,
        'params': popt.tolist(),
        'covariance': pcov.tolist(),
        'cost': float(ls.cost),
        'status': int(ls.status),
        'activeMask': ls.active_mask.astype(int).tolist(),
    }


x = np.linspace(0, 4, 40)
noise = 0.02 * rng.standard_normal(x.size)
y = decay(x, 2.5, 1.3, 0.5) + noise
# Outliers: every seventh point off by a lot.
y_out = y.copy()
y_out[::7] += rng.choice([-1, 1], size=y_out[::7].size) * (0.5 + rng.random(y_out[::7].size))

# A full covariance: AR(1) correlation (rho 0.6) between neighbours, heteroscedastic scale.
sd = 0.02 + 0.03 * rng.random(x.size)
corr = 0.6 ** np.abs(np.subtract.outer(np.arange(x.size), np.arange(x.size)))
cov = corr * np.outer(sd, sd)
y_corr = decay(x, 2.5, 1.3, 0.5) + np.linalg.cholesky(cov) @ rng.standard_normal(x.size)

xl = np.linspace(9, 79, 30)
yl = logistic(xl, 72.5, 2.6, 0.067) + 0.4 * rng.standard_normal(xl.size)

cases = [
    # c's upper bound 0.4 sits below its unbounded optimum (about 0.5): active at the solution.
    case('decay, c bounded above (active)', 'decay', x, y, [1.0, 0.5, 0.0], bounds=([0, 0, -np.inf], [10, 10, 0.4])),
    case('decay, bounds not active', 'decay', x, y, [1.0, 0.5, 0.0], bounds=([0, 0, -1], [10, 10, 1])),
    # b's lower bound 1.5 above its optimum (about 1.3), with a scalar-like bound pattern.
    case('decay, b bounded below (active), relative sigma', 'decay', x, y, [2.0, 2.0, 0.0],
         bounds=([-np.inf, 1.5, -np.inf], [np.inf, np.inf, np.inf]), sigma=sd),
    # arctan saturates (rho <= pi/2): with too small an f_scale every point counts as an outlier
    # and the fit runs off to a degenerate minimum, so it gets a larger one.
    *[case(f'decay with outliers, loss {loss}', 'decay', x, y_out, [1.0, 0.5, 0.0], loss=loss, f_scale=f_scale)
      for loss, f_scale in [('soft_l1', 0.1), ('huber', 0.1), ('cauchy', 0.1), ('arctan', 0.3)]],
    case('decay with outliers, loss soft_l1, bounded (active)', 'decay', x, y_out, [1.0, 0.5, 1.0],
         bounds=([0, 0, 0.55], [10, 10, 2]), loss='soft_l1', f_scale=0.1),
    case('decay, full covariance sigma (lm)', 'decay', x, y_corr, [1.0, 0.5, 0.0], method='lm', sigma=cov),
    case('decay, full covariance sigma, absolute (lm)', 'decay', x, y_corr, [1.0, 0.5, 0.0], method='lm', sigma=cov,
         absolute_sigma=True),
    case('decay, full covariance sigma (trf)', 'decay', x, y_corr, [1.0, 0.5, 0.0], method='trf', sigma=cov),
    case('logistic (NIST Rat42 model), trf unbounded', 'logistic', xl, yl, [100.0, 1.0, 0.1]),
]

fixture = {
    'generator': f'scripts/curve_fit_trf_fixtures.py, scipy {scipy.__version__}, numpy {np.__version__}',
    'matrices': {'AR(1) covariance': cov.tolist()},
    'curveFit': cases,
}
out = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'curve-fit-trf-scipy.json'
out.write_text(json.dumps(fixture, indent=1) + '\n')
print(f'wrote {out}')
for c in cases:
    print(c['name'], c['params'], c['status'], c['activeMask'])
