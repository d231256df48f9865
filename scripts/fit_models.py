"""What the curve-fit fixture scripts share: scipy's tight tolerances and the decay model with
its analytic Jacobian (scripts/curve_fit_fixtures.py, scripts/curve_fit_trf_fixtures.py)."""

import numpy as np

TIGHT = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15)


def decay(x, a, b, c):
    return a * np.exp(-b * x) + c


def decay_jac(x, a, b, c):
    e = np.exp(-b * x)
    return np.stack([e, -a * x * e, np.ones_like(x)], axis=1)
