#!/usr/bin/env python3
"""scipy's side of bench/fit-batch.ts: B independent fits of a*exp(-t/tau) + c, one per row.

  python3 bench/fit_batch_scipy.py T_FILE Y_FILE B
      reads t (m float64) and y (B*m float64, row-major, little-endian, as bench/fit-batch.ts
      writes them), prints one line of versions, then answers one JSON request per stdin line.

Requests ({"case": ..., "count": N, "p0": [...]}): fit rows 0..N-1 one after another with
  fd   curve_fit(f, t, y[b], p0, method='lm'): MINPACK lmdif, default finite differences
  jac  curve_fit(f, t, y[b], p0, method='lm', jac=exact): MINPACK lmder, the Jacobian by hand
Answer: ms (time.perf_counter around the loop), cpu_ms (time.process_time), params (N rows),
converged (fits whose ier is 1-4; curve_fit raises on failure, counted as not converged).
"""
import json
import sys
import time
import warnings

import numpy as np
import scipy
from scipy.optimize import curve_fit

t = np.fromfile(sys.argv[1], dtype='<f8')
batch = int(sys.argv[3])
y = np.fromfile(sys.argv[2], dtype='<f8').reshape(batch, t.size)


def model(t, a, tau, c):
    return a * np.exp(-t / tau) + c


def jacobian(t, a, tau, c):
    e = np.exp(-t / tau)
    return np.stack([e, a * t * e / (tau * tau), np.ones_like(t)], axis=1)


print(json.dumps({"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    count, p0 = request["count"], request["p0"]
    jac = jacobian if request["case"] == "jac" else None
    params, converged = [], 0
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for b in range(count):
            try:
                p, _ = curve_fit(model, t, y[b], p0=p0, method="lm", jac=jac)
                params.append(p.tolist())
                converged += 1
            except RuntimeError:
                params.append([float("nan")] * 3)
    t1 = time.perf_counter()
    cpu1 = time.process_time()
    print(json.dumps({"ms": 1000 * (t1 - t0), "cpu_ms": 1000 * (cpu1 - cpu0), "params": params, "converged": converged}), flush=True)
