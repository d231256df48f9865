#!/usr/bin/env python3
"""Reference values for the fused optimizer kernels in
crates/gradtape-core/src/optim.rs.

This is a float64 NumPy version of the Keras 3 `update_step` formulas
(tf-semantics.md sections 3.4 and 3.5; keras/src/optimizers/{sgd,adam,nadam}.py).
It needs only numpy, not keras or tensorflow.

    python3 scripts/keras_reference.py

Every number in the `#[cfg(test)]` module of optim.rs comes from this output.
The Keras 3 golden vectors (section 3.6, `keras/src/optimizers/*_test.py`)
are printed next to our values, together with the largest absolute
difference.
"""

import numpy as np

np.set_printoptions(precision=17, linewidth=120)


# ---------------------------------------------------------------- optimizers
class SGD:
    def __init__(self, lr=0.01, momentum=0.0, nesterov=False):
        self.lr, self.momentum, self.nesterov = lr, momentum, nesterov
        self.v = None

    def step(self, w, g):
        if self.v is None:
            self.v = np.zeros_like(w)
        if self.momentum != 0:
            self.v = self.momentum * self.v - self.lr * g  # v = momentum*v - lr*g
            if self.nesterov:
                return w + (self.momentum * self.v - self.lr * g)
            return w + self.v
        return w - self.lr * g


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-7, amsgrad=False):
        self.lr, self.b1, self.b2, self.eps, self.amsgrad = lr, beta1, beta2, eps, amsgrad
        self.iterations = 0
        self.m = self.v = self.vh = None

    def step(self, w, g):
        if self.m is None:
            self.m, self.v, self.vh = (np.zeros_like(w) for _ in range(3))
        t = float(self.iterations + 1)
        alpha = self.lr * np.sqrt(1 - self.b2**t) / (1 - self.b1**t)
        self.m = self.m + (g - self.m) * (1 - self.b1)
        self.v = self.v + (g * g - self.v) * (1 - self.b2)
        v = self.v
        if self.amsgrad:
            self.vh = np.maximum(self.vh, self.v)
            v = self.vh
        self.iterations += 1
        return w - (self.m * alpha) / (np.sqrt(v) + self.eps)


class Nadam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
        self.lr, self.b1, self.b2, self.eps = lr, beta1, beta2, eps
        self.iterations = 0
        self.u_product = 1.0
        self.m = self.v = None

    def step(self, w, g):
        # (one variable per apply, so the shared u_product advance is done here)
        if self.m is None:
            self.m, self.v = np.zeros_like(w), np.zeros_like(w)
        t = float(self.iterations + 1)
        self.u_product *= self.b1 * (1.0 - 0.5 * 0.96**t)
        u_t = self.b1 * (1.0 - 0.5 * 0.96**t)
        u_t1 = self.b1 * (1.0 - 0.5 * 0.96 ** (t + 1))
        up_t = self.u_product
        up_t1 = up_t * u_t1
        self.m = self.m + (g - self.m) * (1 - self.b1)
        self.v = self.v + (g * g - self.v) * (1 - self.b2)
        m_hat = u_t1 * self.m / (1 - up_t1) + (1 - u_t) * g / (1 - up_t)
        v_hat = self.v / (1 - self.b2**t)
        self.iterations += 1
        return w - (m_hat * self.lr) / (np.sqrt(v_hat) + self.eps)


# ---------------------------------------------------------------- helpers
def rust(name, a):
    a = np.atleast_1d(np.asarray(a, dtype=np.float64))
    print(f"    {name} = [{', '.join(repr(float(x)) for x in a)}]")


def compare(label, ours, golden):
    diff = np.max(np.abs(np.asarray(ours) - np.asarray(golden)))
    print(f"    {label}: max |ours - keras golden| = {diff:.3g}")


def golden_run(opt, n_rows=5):
    """K3 `test_correctness_with_golden`: w0 = ones(10); first g = full(10, 0.01);
    row i is w after the first step and i further steps with g = arange(0.1, 1.1, 0.1)."""
    w = np.ones(10)
    first = np.full(10, 0.01)
    grads = np.arange(0.1, 1.1, 0.1)
    rows = []
    w = opt.step(w, first)
    for _ in range(n_rows):
        rows.append(w.copy())
        w = opt.step(w, grads)
    return np.array(rows)


W0 = np.array([1.0, 2.0, 3.0, 4.0])
G0 = np.array([1.0, 6.0, 7.0, 2.0])

print("== single step, lr=0.5, w=[1,2,3,4], g=[1,6,7,2] (K3 *_test.py test_single_step)")
for name, opt, golden in [
    ("sgd", SGD(lr=0.5), [0.5, -1.0, -0.5, 3.0]),
    ("adam", Adam(lr=0.5), [0.5, 1.5, 2.5, 3.5]),
    ("nadam", Nadam(lr=0.5), [0.4686, 1.4686, 2.4686, 3.4686]),
]:
    out = opt.step(W0.copy(), G0)
    rust(name, out)
    compare(name, out, golden)
print("    nadam_momentum_factor(0.9, 1) =", repr(0.9 * (1 - 0.5 * 0.96)))

print("\n== 5-step golden runs (K3 test_correctness_with_golden)")
NADAM_GOLDEN = np.array([
    [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
    [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
    [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
    [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
    [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
])
ADAM_AMSGRAD_GOLDEN = np.tile([[0.999], [0.9982], [0.9974], [0.9965], [0.9955]], (1, 10))
SGD_GOLDEN = np.array([  # SGD(nesterov=True) with the default momentum=0: plain SGD, lr=0.01
    [0.9999] * 10,
    [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
    [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
    [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
    [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
])
for name, opt, golden in [
    ("nadam(lr=.5, b1=.5, b2=.67, eps=1e-5)", Nadam(lr=0.5, beta1=0.5, beta2=0.67, eps=1e-5), NADAM_GOLDEN),
    ("adam(amsgrad=True)", Adam(amsgrad=True), ADAM_AMSGRAD_GOLDEN),
    ("sgd(nesterov=True, momentum=0)", SGD(nesterov=True), SGD_GOLDEN),
]:
    rows = golden_run(opt)
    print(f"  {name}:")
    for i, r in enumerate(rows):
        rust(f"row{i}", r)
    compare(name, rows, golden)

print("\n== SGD momentum, 2 steps (hand case; no Keras golden exists)")
print("   lr=0.1, momentum=0.9, w0=[1,2,3,4], g1=[1,6,7,2], g2=[0.5,-1,2,-3], v0=0")
G1 = np.array([0.5, -1.0, 2.0, -3.0])
for nesterov in (False, True):
    opt = SGD(lr=0.1, momentum=0.9, nesterov=nesterov)
    w1 = opt.step(W0.copy(), G0)
    v1 = opt.v.copy()
    w2 = opt.step(w1, G1)
    v2 = opt.v.copy()
    print(f"  nesterov={nesterov}:")
    rust("w1", w1)
    rust("v1", v1)
    rust("w2", w2)
    rust("v2", v2)
