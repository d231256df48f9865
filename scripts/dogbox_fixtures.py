"""Reference runs of scipy.optimize.least_squares and curve_fit with method='dogbox', for
tf.optimize's method 'dogbox'.

Writes test/fixtures/dogbox-scipy.json, which test/dogbox.test.ts checks against. Run:
python3 scripts/dogbox_fixtures.py (NumPy 2, scipy 1.17, SymPy for the Jacobians). Every run has
an analytic Jacobian (SymPy differentiates the model, so the Jacobian is not gradtape's), scipy's
default tolerances (1e-8) unless a case says otherwise, and scipy's default max_nfev (100·n) unless
a case gives one. Each record keeps what a run is judged on: x, cost, nfev, njev, status,
active_mask and message, so the test can check that gradtape takes scipy's iterates (the same
number of evaluations and accepted steps) and not only reaches the same minimum.
"""

import json

import numpy as np
import scipy
import sympy as sp
from scipy.optimize import curve_fit, least_squares

from lsq_fixture_common import ROOT, decay_model, decay_model_jac, infinity, parse_nist


x = sp.Symbol('x')
b = sp.symbols('b1:10')

# The NIST StRD models used here, as test/helpers/nist-strd.ts writes them in gradtape ops.
NIST_MODELS = {
    'Misra1a': (2, b[0] * (1 - sp.exp(-b[1] * x))),
    'Chwirut2': (3, sp.exp(-b[0] * x) / (b[1] + b[2] * x)),
    'DanWood': (2, b[0] * x ** b[1]),
    'BoxBOD': (2, b[0] * (1 - sp.exp(-b[1] * x))),
    'MGH09': (4, b[0] * (x ** 2 + x * b[1]) / (x ** 2 + x * b[2] + b[3])),
    'Rat43': (4, b[0] / (1 + sp.exp(b[1] - b[2] * x)) ** (1 / b[3])),
    'Lanczos3': (6, sum(b[2 * i] * sp.exp(-b[2 * i + 1] * x) for i in range(3))),
}




def model_functions(n, expr):
    params = b[:n]
    f = sp.lambdify((x, *params), expr, 'numpy')
    grads = [sp.lambdify((x, *params), sp.diff(expr, p), 'numpy') for p in params]

    def fun(p, xs):
        return np.broadcast_to(f(xs, *p), xs.shape).astype(float)

    def jac(p, xs):
        return np.stack([np.broadcast_to(g(xs, *p), xs.shape).astype(float) for g in grads], axis=1)

    return fun, jac


def run_record(name, res, extra):
    return {
        'name': name,
        **extra,
        'x': res.x.tolist(),
        'cost': float(res.cost),
        'nfev': int(res.nfev),
        'njev': int(res.njev),
        'status': int(res.status),
        'activeMask': res.active_mask.astype(int).tolist(),
        'message': res.message,
    }




def least_squares_case(name, problem, fun, jac, x0, bounds=None, **options):
    n = len(x0)
    lb, ub = bounds if bounds is not None else (np.full(n, -np.inf), np.full(n, np.inf))
    lb, ub = np.broadcast_to(lb, n).astype(float), np.broadcast_to(ub, n).astype(float)
    tolerances = {key: options.pop(key, 1e-8) for key in ('ftol', 'xtol', 'gtol')}
    res = least_squares(fun, x0, jac=jac, bounds=(lb, ub), method='dogbox', **tolerances, **options)
    extra = {'problem': problem, 'x0': list(map(float, x0)), 'bounds': [infinity(lb), infinity(ub)], **tolerances}
    for key in ('loss', 'f_scale', 'x_scale', 'max_nfev'):
        if key in options:
            value = options[key]
            extra[{'f_scale': 'fScale', 'x_scale': 'xScale', 'max_nfev': 'maxEvaluations'}.get(key, key)] = (
                value.tolist() if isinstance(value, np.ndarray) else value)
    return run_record(name, res, extra)


cases = []

# (a) NIST StRD problems from both starts, unbounded; and a few with bounds that become active.
for name, (n, expr) in NIST_MODELS.items():
    starts, xs, y = parse_nist(name)
    model, model_jac = model_functions(n, expr)
    fun = lambda p, xs=xs, y=y, model=model: model(p, xs) - y  # noqa: E731
    jac = lambda p, xs=xs, model_jac=model_jac: model_jac(p, xs)  # noqa: E731
    for s, start in enumerate(starts):
        cases.append(least_squares_case(f'NIST {name}, start {s + 1}', f'nist:{name}', fun, jac, np.array(start)))

NIST_BOUNDS = {
    # b2's upper bound below its optimum (5.5e-4).
    'Misra1a': ([0, 0], [np.inf, 5e-4]),
    # b1 held below its optimum (213.8), b2 within [0, 1].
    'BoxBOD': ([0, 0], [200, 1]),
    # b2 bounded below above its optimum (0.00518), b3 above below its optimum (0.0121).
    'Chwirut2': ([-np.inf, 0.006, -np.inf], [np.inf, np.inf, 0.011]),
    # Every parameter within [0, 0.5]: b1 (0.193) and b2 (0.191) inside, b3 (0.123) inside,
    # b4 (0.136) inside; from start 1 (25, 39, 41.5, 39) clipped into the box.
    'MGH09': ([0, 0, 0, 0], [0.5, 0.5, 0.5, 0.5]),
}
for name, bounds in NIST_BOUNDS.items():
    n, expr = NIST_MODELS[name]
    starts, xs, y = parse_nist(name)
    model, model_jac = model_functions(n, expr)
    fun = lambda p, xs=xs, y=y, model=model: model(p, xs) - y  # noqa: E731
    jac = lambda p, xs=xs, model_jac=model_jac: model_jac(p, xs)  # noqa: E731
    lb, ub = np.array(bounds[0], float), np.array(bounds[1], float)
    for s, start in enumerate(starts):
        x0 = np.clip(np.array(start), lb, ub)
        cases.append(least_squares_case(f'NIST {name}, start {s + 1}, bounded', f'nist:{name}', fun, jac, x0, bounds=(lb, ub)))


# (b) Rosenbrock's residuals, 10(x1 - x0²) and 1 - x0, with bounds that become active.
def rosenbrock(p):
    return np.array([10 * (p[1] - p[0] ** 2), 1 - p[0]])


def rosenbrock_jac(p):
    return np.array([[-20 * p[0], 10], [-1, 0.0]])


for label, x0, bounds in [
    ('unbounded', [-1.2, 1], None),
    ('x0 <= 0.5', [-1.2, 1], ([-np.inf, -np.inf], [0.5, np.inf])),
    ('x1 >= 1.5', [-1.2, 2], ([-np.inf, 1.5], [np.inf, np.inf])),
    ('box [-2, 0.8] x [-1, 0.5]', [-1.2, 0.4], ([-2, -1], [0.8, 0.5])),
    ('start on the bound x0 = 0.5', [0.5, 1], ([-np.inf, -np.inf], [0.5, np.inf])),
]:
    cases.append(least_squares_case(f'Rosenbrock, {label}', 'rosenbrock', rosenbrock, rosenbrock_jac, np.array(x0, float),
                                    bounds=None if bounds is None else (np.array(bounds[0], float), np.array(bounds[1], float))))

# An exponential decay a e^(-k t) + c, c bounded above below its optimum.
rng = np.random.default_rng(20260301)
t = np.linspace(0, 4, 30)
y_decay = 2.5 * np.exp(-1.3 * t) + 0.5 + 0.02 * rng.standard_normal(t.size)


def decay_residuals(p):
    return p[0] * np.exp(-p[1] * t) + p[2] - y_decay


def decay_jac(p):
    e = np.exp(-p[1] * t)
    return np.stack([e, -p[0] * t * e, np.ones_like(t)], axis=1)


DECAY_BOUNDS = (np.array([0, 0, -np.inf]), np.array([10, 10, 0.4]))
cases.append(least_squares_case('decay, c <= 0.4 (active)', 'decay', decay_residuals, decay_jac, np.array([1.0, 0.5, 0.0]),
                                bounds=DECAY_BOUNDS))
cases.append(least_squares_case('decay, c <= 0.4 (active), tolerances 1e-12', 'decay', decay_residuals, decay_jac,
                                np.array([1.0, 0.5, 0.0]), bounds=DECAY_BOUNDS, ftol=1e-12, xtol=1e-12, gtol=1e-12))
cases.append(least_squares_case('decay, max_nfev 5 (status 0)', 'decay', decay_residuals, decay_jac, np.array([1.0, 0.5, 0.0]),
                                bounds=DECAY_BOUNDS, max_nfev=5))

# (c) The robust losses, on the decay with outliers (every fifth point off by 0.5 to 1.5).
y_outliers = y_decay.copy()
y_outliers[::5] += rng.choice([-1, 1], size=y_outliers[::5].size) * (0.5 + rng.random(y_outliers[::5].size))


def outlier_residuals(p):
    return p[0] * np.exp(-p[1] * t) + p[2] - y_outliers


for loss, f_scale in [('soft_l1', 0.1), ('huber', 0.1), ('cauchy', 0.1), ('arctan', 0.3)]:
    cases.append(least_squares_case(f'decay with outliers, loss {loss}', 'decay-outliers', outlier_residuals, decay_jac,
                                    np.array([1.0, 0.5, 0.0]), loss=loss, f_scale=f_scale))
cases.append(least_squares_case('decay with outliers, loss soft_l1, c <= 0.4 (active)', 'decay-outliers', outlier_residuals,
                                decay_jac, np.array([1.0, 0.5, 0.0]), bounds=DECAY_BOUNDS, loss='soft_l1', f_scale=0.1))

# (d) x_scale: per parameter, and 'jac'.
cases.append(least_squares_case('decay, c <= 0.4, x_scale [1, 0.1, 0.01]', 'decay', decay_residuals, decay_jac,
                                np.array([1.0, 0.5, 0.0]), bounds=DECAY_BOUNDS, x_scale=np.array([1, 0.1, 0.01])))
cases.append(least_squares_case("decay, c <= 0.4, x_scale 'jac'", 'decay', decay_residuals, decay_jac,
                                np.array([1.0, 0.5, 0.0]), bounds=DECAY_BOUNDS, x_scale='jac'))
for name, s in [('Misra1a', 0), ('MGH09', 0)]:
    n, expr = NIST_MODELS[name]
    starts, xs, y = parse_nist(name)
    model, model_jac = model_functions(n, expr)
    cases.append(least_squares_case(f"NIST {name}, start {s + 1}, x_scale 'jac'", f'nist:{name}',
                                    lambda p, xs=xs, y=y, model=model: model(p, xs) - y,
                                    lambda p, xs=xs, model_jac=model_jac: model_jac(p, xs), np.array(starts[s]), x_scale='jac'))


# curve_fit(method='dogbox'): its covariance (the SVD rule of 'trf' and 'dogbox'), with and
# without an active bound, with a relative and an absolute sigma.




sigma = 0.02 + 0.02 * rng.random(t.size)
curve_fits = []
for label, bounds, sig, absolute in [
    ('unbounded', (-np.inf, np.inf), None, False),
    ('c <= 0.4 (active)', DECAY_BOUNDS, None, False),
    ('c <= 0.4 (active), sigma', DECAY_BOUNDS, sigma, False),
    ('bounds not active, absolute sigma', (np.array([0, 0, -1]), np.array([10, 10, 1])), sigma, True),
]:
    popt, pcov, info, message, status = curve_fit(decay_model, t, y_decay, p0=[1.0, 0.5, 0.0], sigma=sig,
                                                  absolute_sigma=absolute, bounds=bounds, method='dogbox',
                                                  jac=decay_model_jac, full_output=True)
    lb, ub = np.broadcast_to(bounds[0], 3), np.broadcast_to(bounds[1], 3)
    curve_fits.append({
        'name': f'curve_fit decay, {label}',
        'xdata': t.tolist(), 'ydata': y_decay.tolist(), 'p0': [1.0, 0.5, 0.0],
        'bounds': [infinity(lb), infinity(ub)],
        'sigma': None if sig is None else sig.tolist(), 'absoluteSigma': absolute,
        'params': popt.tolist(), 'covariance': pcov.tolist(), 'nfev': int(info['nfev']), 'status': int(status), 'message': message,
    })

fixture = {
    'generator': f'scripts/dogbox_fixtures.py, scipy {scipy.__version__}, numpy {np.__version__}, sympy {sp.__version__}',
    'data': {'decay': {'t': t.tolist(), 'y': y_decay.tolist()}, 'decay-outliers': {'t': t.tolist(), 'y': y_outliers.tolist()}},
    'leastSquares': cases,
    'curveFit': curve_fits,
}
out = ROOT / 'test' / 'fixtures' / 'dogbox-scipy.json'
out.write_text(json.dumps(fixture, indent=1) + '\n')
print(f'wrote {out}')
for c in cases:
    print(f"{c['name']:60s} nfev {c['nfev']:4d} njev {c['njev']:4d} status {c['status']} active {c['activeMask']}")
for c in curve_fits:
    print(c['name'], c['nfev'], c['status'])
