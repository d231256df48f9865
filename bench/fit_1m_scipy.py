#!/usr/bin/env python3
"""scipy's side of bench/fit-1m.ts: the damped sine y = a*exp(-b*t)*sin(c*t + d) on 1,000,000 points.

  python3 bench/fit_1m_scipy.py T_FILE Y_FILE
      reads t and y (float64, little-endian, as bench/fit-1m.ts writes them), then answers one JSON
      request per stdin line with one JSON line (bench/fit-1m.ts interleaves its own fits with these).

Requests ({"case": ..., "p0": [...], "k": K}):
  fd         curve_fit(f, t, y, p0, method='lm'): MINPACK lmdif with its default forward-difference
             Jacobian (what a curve_fit user gets)
  jac        curve_fit(..., method='lm', jac=exact): MINPACK lmder with the hand-written Jacobian
  fixed-jac  leastsq(residuals, p0, Dfun=exact, col_deriv=True, ftol=xtol=gtol=0, maxfev=K+1):
             lmder for K steps (K+1 residual evaluations; K Jacobians when no step is rejected)
  fixed-fd   leastsq(residuals, p0, ftol=xtol=gtol=0, maxfev=(K+1) + 4K): lmdif for about K steps

Each answer: ms (time.perf_counter around the scipy call), cpu_ms (time.process_time), params, MINPACK's nfev (lmdif: every
model call, finite-difference ones included; lmder: residual evaluations) and njev (lmder only),
and the model calls counted here: residual calls and Jacobian evaluations (for finite differences,
the calls that perturb one parameter of the current point, in blocks of 4). The counted calls
include leastsq's shape check, one call of the function (and of Dfun) before MINPACK starts;
curve_fit reuses that first evaluation. step_ms: the times between successive Jacobian
evaluations, i.e. the duration of each MINPACK iteration after the first.
"""
import json
import sys
import time
import warnings

import numpy as np
import scipy
from scipy.optimize import curve_fit, leastsq

t = np.fromfile(sys.argv[1], dtype='<f8')
y = np.fromfile(sys.argv[2], dtype='<f8')


def model(t, a, b, c, d):
    return a * np.exp(-b * t) * np.sin(c * t + d)


def jacobian_rows(t, a, b, c, d):
    """(4, m): d model / d (a, b, c, d)."""
    e = np.exp(-b * t)
    phase = c * t + d
    es = e * np.sin(phase)
    aec = a * e * np.cos(phase)
    return np.array([es, -a * t * es, aec * t, aec])


class Counter:
    """Counts model calls; finite-difference calls change one parameter of the last base point."""

    def __init__(self):
        self.calls = 0
        self.fd_calls = 0
        self.jacobians = 0
        self.base = None
        self.jacobian_times = []  # perf_counter at each Jacobian (Dfun call, or first call of a finite-difference block)

    def jacobian(self):
        self.jacobians += 1
        self.jacobian_times.append(time.perf_counter())

    def see(self, p):
        self.calls += 1
        p = np.array(p, dtype=float)  # a copy: MINPACK's finite differences change x in place
        if self.base is not None:
            changed = np.nonzero(p != self.base)[0]
            if len(changed) == 1 and abs(p[changed[0]] - self.base[changed[0]]) <= 1e-6 * max(1.0, abs(self.base[changed[0]])):
                if self.fd_calls % len(p) == 0:
                    self.jacobian_times.append(time.perf_counter())
                self.fd_calls += 1
                return
        self.base = p


def run(req):
    case = req['case']
    p0 = np.array(req['p0'], dtype=float)
    k = int(req.get('k', 0))
    counter = Counter()
    out = dict(case=case)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        if case in ('fd', 'jac'):
            def f(t_, *p):
                counter.see(p)
                return model(t_, *p)

            def jac(t_, *p):
                counter.jacobian()
                return jacobian_rows(t_, *p).T

            c0 = time.process_time()
            t0 = time.perf_counter()
            popt, _, info, _, ier = curve_fit(f, t, y, p0=p0, method='lm', full_output=True,
                                              **({'jac': jac} if case == 'jac' else {}))
            ms = (time.perf_counter() - t0) * 1e3
            cpu_ms = (time.process_time() - c0) * 1e3
        else:
            def residuals(p):
                counter.see(p)
                return model(t, *p) - y

            def dfun(p):
                counter.jacobian()
                return jacobian_rows(t, *p)

            kwargs = dict(full_output=True, ftol=0.0, xtol=0.0, gtol=0.0)
            if case == 'fixed-jac':
                kwargs.update(Dfun=dfun, col_deriv=True, maxfev=k + 1)
            else:
                kwargs.update(maxfev=(k + 1) + len(p0) * k)
            c0 = time.process_time()
            t0 = time.perf_counter()
            popt, _, info, _, ier = leastsq(residuals, p0, **kwargs)
            ms = (time.perf_counter() - t0) * 1e3
            cpu_ms = (time.process_time() - c0) * 1e3
    counted_jacobians = counter.jacobians if case in ('jac', 'fixed-jac') else counter.fd_calls / len(p0)
    out.update(ms=ms, cpu_ms=cpu_ms, params=[float(v) for v in popt], ier=int(ier), nfev=int(info['nfev']),
               njev=int(info['njev']) if 'njev' in info else None,
               # MINPACK's Jacobian count: njev (lmder), or the finite-difference blocks (lmdif)
               iterations=int(info['njev']) if 'njev' in info else counter.fd_calls // len(p0),
               residual_calls=counter.calls - counter.fd_calls, jacobians=counted_jacobians,
               # ms between successive Jacobian evaluations: one MINPACK iteration each
               step_ms=[(b - a) * 1e3 for a, b in zip(counter.jacobian_times, counter.jacobian_times[1:])])
    return out


def main():
    print(json.dumps(dict(ready=True, python=sys.version.split()[0], numpy=np.__version__, scipy=scipy.__version__, m=len(t))), flush=True)
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == '__main__':
    main()
