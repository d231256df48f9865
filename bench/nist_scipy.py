#!/usr/bin/env python3
"""scipy.optimize.curve_fit on the NIST StRD nonlinear regression suite (test/fixtures/nist-strd).

The peer side of bench/nist.ts. Parses the same .dat files, fits each of the 27 problems from both
NIST starting points with curve_fit, in four variants:

  lm          method='lm' (MINPACK lmdif), default tolerances (ftol = xtol = 1.49012e-8, gtol = 0)
  lm-tight    method='lm', ftol = xtol = gtol = 1e-15
  trf         method='trf', default tolerances (1e-8)
  trf-tight   method='trf', ftol = xtol = gtol = 1e-15

with scipy's default finite-difference Jacobian (what a curve_fit user gets), and two variants with
a Jacobian exact to rounding:

  lm-exact        method='lm', jac = complex-step derivatives, default tolerances
  lm-exact-tight  the same with ftol = xtol = gtol = 1e-15

The exact Jacobian is by the complex step (df/db_j = Im f(x, b + i h e_j) / h, h = 1e-100; every
model here is analytic), not hand-written derivatives, which did not fit the time given to this
benchmark: it costs n complex model evaluations per Jacobian, so those variants' times are an upper
bound for what hand derivatives would cost.

Usage:
  python3 bench/nist_scipy.py [--repeats N]    all 54 fits x 4 variants; prints JSON on stdout
  python3 bench/nist_scipy.py --serve          one JSON request per line on stdin
                                               ({"name", "start", "variant"}), one JSON line back
                                               per request: bench/nist.ts interleaves its own fits
                                               with these, fit by fit.

Each result: the parameters (or the error curve_fit raised), the smallest log relative error over
the certified parameters (LRE, as NIST/McCullough define it, capped at 15), nfev and the wall time
of the fit in ms (time.perf_counter, around the curve_fit call only) and its CPU time (time.process_time).
"""
import json
import math
import os
import re
import sys
import time
import warnings

import numpy as np
import scipy
from scipy.optimize import OptimizeWarning, curve_fit

HERE = os.path.dirname(os.path.abspath(__file__))
NIST_DIR = os.path.join(HERE, '..', 'test', 'fixtures', 'nist-strd')

TWO_PI = 2 * np.pi


def _lanczos(x, b1, b2, b3, b4, b5, b6):
    return b1 * np.exp(-b2 * x) + b3 * np.exp(-b4 * x) + b5 * np.exp(-b6 * x)


def _gauss(x, b1, b2, b3, b4, b5, b6, b7, b8):
    return b1 * np.exp(-b2 * x) + b3 * np.exp(-((x - b4) ** 2) / b5 ** 2) + b6 * np.exp(-((x - b7) ** 2) / b8 ** 2)


def _cubic_over_cubic(x, b1, b2, b3, b4, b5, b6, b7):
    return (b1 + x * (b2 + x * (b3 + x * b4))) / (1 + x * (b5 + x * (b6 + x * b7)))


def _misra1a(x, b1, b2):
    return b1 * (1 - np.exp(-b2 * x))


def _chwirut(x, b1, b2, b3):
    return np.exp(-b1 * x) / (b2 + b3 * x)


def _enso(x, b1, b2, b3, b4, b5, b6, b7, b8, b9):
    a = TWO_PI * x / 12
    s = TWO_PI * x / b4
    u = TWO_PI * x / b7
    return b1 + b2 * np.cos(a) + b3 * np.sin(a) + b5 * np.cos(s) + b6 * np.sin(s) + b8 * np.cos(u) + b9 * np.sin(u)


MODELS = {
    'Misra1a': _misra1a,
    'Chwirut1': _chwirut,
    'Chwirut2': _chwirut,
    'Lanczos1': _lanczos,
    'Lanczos2': _lanczos,
    'Lanczos3': _lanczos,
    'Gauss1': _gauss,
    'Gauss2': _gauss,
    'Gauss3': _gauss,
    'DanWood': lambda x, b1, b2: b1 * x ** b2,
    'Misra1b': lambda x, b1, b2: b1 * (1 - (1 + b2 * x / 2) ** -2),
    'Kirby2': lambda x, b1, b2, b3, b4, b5: (b1 + x * (b2 + x * b3)) / (1 + x * (b4 + x * b5)),
    'Hahn1': _cubic_over_cubic,
    # log(y) = b1 - b2*x1*exp(-b3*x2); x is the (2, m) array of predictors.
    'Nelson': lambda x, b1, b2, b3: b1 - b2 * x[0] * np.exp(-b3 * x[1]),
    'MGH17': lambda x, b1, b2, b3, b4, b5: b1 + b2 * np.exp(-x * b4) + b3 * np.exp(-x * b5),
    'Misra1c': lambda x, b1, b2: b1 * (1 - (1 + 2 * b2 * x) ** -0.5),
    'Misra1d': lambda x, b1, b2: b1 * b2 * x / (1 + b2 * x),
    'Roszman1': lambda x, b1, b2, b3, b4: b1 - b2 * x - np.arctan(b3 / (x - b4)) / np.pi,
    'ENSO': _enso,
    'MGH09': lambda x, b1, b2, b3, b4: b1 * (x ** 2 + x * b2) / (x ** 2 + x * b3 + b4),
    'Thurber': _cubic_over_cubic,
    'BoxBOD': _misra1a,
    'Rat42': lambda x, b1, b2, b3: b1 / (1 + np.exp(b2 - b3 * x)),
    'MGH10': lambda x, b1, b2, b3: b1 * np.exp(b2 / (x + b3)),
    'Eckerle4': lambda x, b1, b2, b3: (b1 / b2) * np.exp(-0.5 * ((x - b3) / b2) ** 2),
    'Rat43': lambda x, b1, b2, b3, b4: b1 / (1 + np.exp(b2 - b3 * x)) ** (1 / b4),
    'Bennett5': lambda x, b1, b2, b3: b1 * (b2 + x) ** (-1 / b3),
}

TIGHT = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15)


def complex_step(model, n):
    """A curve_fit jac for model: exact to rounding for analytic models."""
    h = 1e-100

    def jac(x, *b):
        out = np.empty((np.shape(x)[-1], n))
        for j in range(n):
            bc = np.array(b, dtype=complex)
            bc[j] += 1j * h
            out[:, j] = np.imag(model(x, *bc)) / h
        return out
    return jac


VARIANTS = {
    'lm': dict(method='lm'),
    'lm-tight': dict(method='lm', **TIGHT),
    'trf': dict(method='trf'),
    'trf-tight': dict(method='trf', **TIGHT),
    'lm-exact': dict(method='lm', exact=True),
    'lm-exact-tight': dict(method='lm', exact=True, **TIGHT),
}


def parse(name):
    """The same layout test/helpers/nist-strd.ts parses."""
    with open(os.path.join(NIST_DIR, name + '.dat')) as f:
        lines = f.read().splitlines()
    starts = ([], [])
    certified = []
    data_start = -1
    for i, line in enumerate(lines):
        m = re.match(r'^\s*b(\d+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$', line)
        if m:
            starts[0].append(float(m.group(2)))
            starts[1].append(float(m.group(3)))
            certified.append(float(m.group(4)))
        if re.match(r'^Data:\s+y\s', line):
            data_start = i + 1
    rows = [list(map(float, l.split())) for l in lines[data_start:] if len(l.split()) >= 2]
    data = np.array(rows)
    y = data[:, 0]
    x = data[:, 1] if data.shape[1] == 2 else data[:, 1:].T.copy()
    if name == 'Nelson':
        y = np.log(y)
    return dict(name=name, starts=starts, certified=certified, x=x, y=y)


def lre(estimate, cert):
    if estimate == cert:
        return 15.0
    if not math.isfinite(estimate):
        return 0.0
    rel = abs(estimate) if cert == 0 else abs(estimate - cert) / abs(cert)
    return min(15.0, -math.log10(rel)) if rel > 0 else 15.0


_problems = {}


def problem(name):
    if name not in _problems:
        _problems[name] = parse(name)
    return _problems[name]


def fit(name, start, variant):
    """One timed curve_fit call; start is 0 or 1."""
    p = problem(name)
    kwargs = dict(VARIANTS[variant])
    if kwargs.pop('exact', False):
        kwargs['jac'] = complex_step(MODELS[name], len(p['certified']))
    if kwargs['method'] == 'lm':
        kwargs['full_output'] = True
    out = dict(name=name, start=start, variant=variant)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # OptimizeWarning (covariance), RuntimeWarning (overflow in exp)
        c0 = time.process_time()
        t0 = time.perf_counter()
        try:
            res = curve_fit(MODELS[name], p['x'], p['y'], p0=p['starts'][start], **kwargs)
            t1 = time.perf_counter()
            c1 = time.process_time()
        except Exception as e:  # RuntimeError: "Optimal parameters not found", ValueError on NaN
            t1 = time.perf_counter()
            c1 = time.process_time()
            out.update(ms=(t1 - t0) * 1e3, cpu_ms=(c1 - c0) * 1e3, ok=False, error=f'{type(e).__name__}: {e}'[:200], lre=0.0, params=None, nfev=None)
            return out
    popt = res[0]
    nfev = int(res[2]['nfev']) if kwargs['method'] == 'lm' else None
    params = [float(v) for v in popt]
    out.update(ms=(t1 - t0) * 1e3, cpu_ms=(c1 - c0) * 1e3, ok=True, params=params, nfev=nfev,
               lre=min(lre(v, c) for v, c in zip(params, p['certified'])))
    return out


def names():
    return sorted(f[:-4] for f in os.listdir(NIST_DIR) if f.endswith('.dat'))


def meta():
    return dict(python=sys.version.split()[0], numpy=np.__version__, scipy=scipy.__version__)


def main():
    args = sys.argv[1:]
    if '--serve' in args:
        print(json.dumps(dict(ready=True, **meta())), flush=True)
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            req = json.loads(line)
            try:
                print(json.dumps(fit(req['name'], int(req['start']), req['variant'])), flush=True)
            except Exception as e:  # a bug here, not a failed fit: report it rather than hang the caller
                print(json.dumps(dict(req, fatal=f'{type(e).__name__}: {e}')), flush=True)
        return
    repeats = int(args[args.index('--repeats') + 1]) if '--repeats' in args else 5
    results = []
    for name in names():
        for start in (0, 1):
            for variant in VARIANTS:
                runs = [fit(name, start, variant) for _ in range(repeats + 1)][1:]  # first run: warm-up
                best = runs[0]
                best['ms'] = float(np.median([r['ms'] for r in runs]))
                results.append(best)
    print(json.dumps(dict(meta=meta(), results=results)))


if __name__ == '__main__':
    main()
