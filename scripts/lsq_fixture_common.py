"""What the optimize fixture scripts (dogbox_fixtures.py, callable_loss_fixtures.py,
lsq_linear_fixtures.py, lsmr_fixtures.py, differential_evolution_fixtures.py, ...) share: NIST StRD
data files, the JSON form of bounds and of lsq_linear's result, the exponential decay model with
its Jacobian, and the Rosenbrock function in plain floats."""

from pathlib import Path
import re

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
NIST_DIR = ROOT / 'test' / 'fixtures' / 'nist-strd'


def parse_nist(name):
    """The NIST StRD file's two starts (lists of b values) and its data: (starts, x, y)."""
    lines = (NIST_DIR / f'{name}.dat').read_text().splitlines()
    starts = [[], []]
    data_start = None
    for i, line in enumerate(lines):
        m = re.match(r'^\s*b(\d+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$', line)
        if m:
            starts[0].append(float(m.group(2)))
            starts[1].append(float(m.group(3)))
        if re.match(r'^Data:\s+y\s', line):
            data_start = i + 1
    rows = [list(map(float, line.split())) for line in lines[data_start:] if len(line.split()) >= 2]
    y = np.array([r[0] for r in rows])
    xs = np.array([r[1] for r in rows])
    return starts, xs, y


def infinity(values):
    """Bounds for JSON: infinities as the strings the tests read back."""
    return [float(v) if np.isfinite(v) else ('Infinity' if v > 0 else '-Infinity') for v in values]


def lsq_linear_result(res):
    """scipy.optimize.lsq_linear's result under gradtape's names, unbounded_sol included: numpy's
    lstsq's (x, residuals, rank, singular values) or lsmr's (x, istop, itn, normr, normar, norma,
    conda, normx)."""
    sol = res.unbounded_sol
    if len(sol) == 4:
        unbounded = [sol[0].tolist(), sol[1].tolist(), int(sol[2]), sol[3].tolist()]
    else:
        assert all(np.isfinite(v) for v in sol[3:]), sol
        unbounded = [sol[0].tolist(), int(sol[1]), int(sol[2])] + [float(v) for v in sol[3:]]
    return dict(x=res.x.tolist(), cost=float(res.cost), fun=res.fun.tolist(), optimality=float(res.optimality),
                activeMask=[int(v) for v in res.active_mask], nit=int(res.nit), status=int(res.status),
                message=res.message, success=bool(res.success), unboundedSol=unbounded)


def rosen(x):
    """Rosenbrock's function in plain float arithmetic, in the order the tests' JavaScript writes
    it (test/helpers/global-problems.ts: products, no pow, since C's pow and V8's may round
    differently)."""
    total = 0.0
    for i in range(len(x) - 1):
        a = x[i + 1] - x[i] * x[i]
        b = 1.0 - x[i]
        total += 100.0 * a * a + b * b
    return total


def decay_model(tt, a, k, c):
    return a * np.exp(-k * tt) + c


def decay_model_jac(tt, a, k, c):
    e = np.exp(-k * tt)
    return np.stack([e, -a * tt * e, np.ones_like(tt)], axis=1)
