"""Reference results for tf.optimize.root(method='lm'): scipy.optimize.leastsq (MINPACK's lmder,
what scipy's root(method='lm') runs) on the 55 runs of MINPACK's hybrj1 test driver (the systems
of test/helpers/minpack-systems.ts, written again here), with scipy's default tolerances.
The Jacobians are complex-step derivatives, exact to rounding: gradtape's come from automatic
differentiation, so the two runs may part in the last bits of a long run.
Writes test/fixtures/root-lm-scipy.json (run: python3 scripts/root_lm_fixtures.py)."""
import json
import math
import pathlib

import numpy as np
import scipy
from scipy.optimize import leastsq

OUT = pathlib.Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'root-lm-scipy.json'


def residuals(p, n, x):
    """MINPACK's vecfcn for problem p (0-based indices); x may be complex (complex step)."""
    h = 1 / (n + 1)
    if p == 1:
        return [1 - x[0], 10 * (x[1] - x[0] ** 2)]
    if p == 2:
        return [x[0] + 10 * x[1], math.sqrt(5) * (x[2] - x[3]), (x[1] - 2 * x[2]) ** 2, math.sqrt(10) * (x[0] - x[3]) ** 2]
    if p == 3:
        return [1e4 * x[0] * x[1] - 1, np.exp(-x[0]) + np.exp(-x[1]) - 1.0001]
    if p == 4:
        t1, t2 = x[1] - x[0] ** 2, x[3] - x[2] ** 2
        return [-200 * x[0] * t1 - (1 - x[0]), 200 * t1 + 20.2 * (x[1] - 1) + 19.8 * (x[3] - 1),
                -180 * x[2] * t2 - (1 - x[2]), 180 * t2 + 20.2 * (x[3] - 1) + 19.8 * (x[1] - 1)]
    if p == 5:
        theta = np.arctan(x[1] / x[0]) / (2 * math.pi) + (0.5 if x[0].real < 0 else 0)
        r = np.sqrt(x[0] ** 2 + x[1] ** 2)
        return [10 * (x[2] - 10 * theta), 10 * (r - 1), x[2]]
    if p == 6:
        f = [0 * x[0]] * n
        for i in range(1, 30):
            ti = i / 29
            sum1 = sum((j + 1) * ti ** j * x[j + 1] for j in range(n - 1))
            sum2 = sum(ti ** j * x[j] for j in range(n))
            t1 = sum1 - sum2 ** 2 - 1
            t2 = 2 * ti * sum2
            f = [f[k] + ti ** (k - 1) * (k - t2) * t1 for k in range(n)]
        t = x[1] - x[0] ** 2 - 1
        f[0] = f[0] + x[0] * (1 - 2 * t)
        f[1] = f[1] + t
        return f
    if p == 7:
        t = [2 * xj - 1 for xj in x]
        previous, current, f = [1 + 0 * xj for xj in x], t, []
        for k in range(1, n + 1):
            fk = sum(current) / n
            if k % 2 == 0:
                fk = fk + 1 / (k * k - 1)
            f.append(fk)
            previous, current = current, [2 * t[j] * current[j] - previous[j] for j in range(n)]
        return f
    if p == 8:
        s = sum(x) - (n + 1)
        return [x[k] + s for k in range(n - 1)] + [np.prod(x) - 1]
    if p == 9:
        f = []
        for k in range(n):
            fk = 2 * x[k] + h * h * (x[k] + (k + 1) * h + 1) ** 3 / 2
            if k > 0:
                fk = fk - x[k - 1]
            if k < n - 1:
                fk = fk - x[k + 1]
            f.append(fk)
        return f
    if p == 10:
        cubes = [(x[j] + (j + 1) * h + 1) ** 3 for j in range(n)]
        f = []
        for k in range(n):
            tk = (k + 1) * h
            below = sum((j + 1) * h * cubes[j] for j in range(k + 1))
            above = sum((1 - (j + 1) * h) * cubes[j] for j in range(k + 1, n))
            f.append(x[k] + h * ((1 - tk) * below + tk * above) / 2)
        return f
    if p == 11:
        c = [np.cos(xj) for xj in x]
        s = sum(c)
        return [n + k + 1 - np.sin(x[k]) - s - (k + 1) * c[k] for k in range(n)]
    if p == 12:
        s = sum((j + 1) * (x[j] - 1) for j in range(n))
        t = s * (1 + 2 * s * s)
        return [x[k] - 1 + (k + 1) * t for k in range(n)]
    if p == 13:
        f = []
        for k in range(n):
            fk = (3 - 2 * x[k]) * x[k] + 1
            if k > 0:
                fk = fk - x[k - 1]
            if k < n - 1:
                fk = fk - 2 * x[k + 1]
            f.append(fk)
        return f
    f = []
    for k in range(n):
        band = [j for j in range(max(0, k - 5), min(k + 1, n - 1) + 1) if j != k]
        f.append(x[k] * (2 + 5 * x[k] ** 2) + 1 - sum(x[j] * (1 + x[j]) for j in band))
    return f


def start(p, n, factor):
    h = 1 / (n + 1)
    standard = {
        1: [-1.2, 1], 2: [3, -1, 0, 1], 3: [0, 1], 4: [-3, -1, -3, -1], 5: [-1, 0, 0],
        6: [0.0] * n, 7: [(j + 1) * h for j in range(n)], 8: [0.5] * n,
        9: [(j + 1) * h * ((j + 1) * h - 1) for j in range(n)], 10: [(j + 1) * h * ((j + 1) * h - 1) for j in range(n)],
        11: [1 / n] * n, 12: [1 - (j + 1) / n for j in range(n)],
    }.get(p, [-1.0] * n)
    if factor == 1:
        return [float(v) for v in standard]
    return [float(factor)] * n if p == 6 else [factor * v for v in standard]


RUNS = [(1, 2, 3), (2, 4, 3), (3, 2, 2), (4, 4, 3), (5, 3, 3), (6, 6, 2), (6, 9, 2), (7, 5, 3), (7, 6, 3), (7, 7, 3),
        (7, 8, 1), (7, 9, 1), (8, 10, 3), (8, 30, 1), (8, 40, 1), (9, 10, 3), (10, 1, 3), (10, 10, 3), (11, 10, 3),
        (12, 10, 3), (13, 10, 3), (14, 10, 3)]


def run(p, n, factor):
    fun = lambda x: np.array(residuals(p, n, list(x)), dtype=float)

    def jac(x):
        out = np.empty((n, n))
        for j in range(n):
            z = np.array(x, dtype=complex)
            z[j] += 1e-30j
            out[:, j] = np.array(residuals(p, n, list(z)), dtype=complex).imag / 1e-30
        return out

    x0 = start(p, n, factor)
    x, cov_x, info, msg, ier = leastsq(fun, x0, Dfun=jac, full_output=True)
    return {
        'problem': p, 'n': n, 'factor': factor, 'x0': x0, 'x': x.tolist(), 'fun': info['fvec'].tolist(),
        'status': int(ier), 'message': msg, 'nfev': int(info['nfev']), 'njev': int(info['njev']),
        'ipvt': info['ipvt'].tolist(), 'qtf': info['qtf'].tolist(),
        'cov_x': None if cov_x is None else cov_x.tolist(),
    }


if __name__ == '__main__':  # scripts/root_nonlin_fixtures.py imports the systems
    runs = [run(p, n, 10 ** k) for p, n, tries in RUNS for k in range(tries)]
    OUT.write_text(json.dumps({'scipy': scipy.__version__, 'runs': runs}, indent=1) + '\n')
    print(f'wrote {OUT}: {len(runs)} runs; statuses', sorted({r["status"] for r in runs}))
