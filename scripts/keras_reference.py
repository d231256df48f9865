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


def R(x):
    """A Python float as Keras 3's `ops.cast(x, variable.dtype)` gives it on the TensorFlow backend:
    `tf.cast` converts a Python float to a float32 tensor first, so a float64 variable sees
    float64(float32(x)) (0.999 -> 0.9990000128746033). Python floats that meet a tensor in
    arithmetic (`ops.multiply(m, 1 - beta_1)`, `sqrt(v) + epsilon`) are converted in the tensor's
    dtype, exactly, and do not go through R."""
    return float(np.float32(x))


# ---------------------------------------------------------------- optimizers
# Float64 variables with floatx float32: the learning rate is a float32 variable, R(lr) (JavaScript
# rounds it so before the kernels see it; the Rust tests do the same).
class SGD:
    def __init__(self, lr=0.01, momentum=0.0, nesterov=False):
        self.lr, self.momentum, self.nesterov = lr, momentum, nesterov
        self.v = None

    def step(self, w, g):
        if self.v is None:
            self.v = np.zeros_like(w)
        if self.momentum != 0:
            mom, lr = R(self.momentum), R(self.lr)  # ops.cast(self.momentum, variable.dtype)
            self.v = self.v * mom - g * lr  # v = momentum*v - lr*g
            if self.nesterov:
                return w + (self.v * mom - g * lr)
            return w + self.v
        return w - g * R(self.lr)


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-7, amsgrad=False):
        self.lr, self.b1, self.b2, self.eps, self.amsgrad = lr, beta1, beta2, eps, amsgrad
        self.iterations = 0
        self.m = self.v = self.vh = None

    def step(self, w, g):
        if self.m is None:
            self.m, self.v, self.vh = (np.zeros_like(w) for _ in range(3))
        t = float(self.iterations + 1)
        alpha = R(self.lr) * np.sqrt(1 - R(self.b2) ** t) / (1 - R(self.b1) ** t)
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
        # the shared advance (_backend_update_step) uses the exact beta_1 and 0.96
        self.u_product *= self.b1 * (1.0 - 0.5 * 0.96**t)
        # update_step casts beta_1, beta_2 and 0.96 (R)
        b1, b2, decay = R(self.b1), R(self.b2), R(0.96)
        u_t = b1 * (1.0 - 0.5 * decay**t)
        u_t1 = b1 * (1.0 - 0.5 * decay ** (t + 1))
        up_t = self.u_product
        up_t1 = up_t * u_t1
        self.m = self.m + (g - self.m) * (1 - b1)
        self.v = self.v + (g * g - self.v) * (1 - b2)
        m_hat = u_t1 * self.m / (1 - up_t1) + (1 - u_t) * g / (1 - up_t)
        v_hat = self.v / (1 - b2**t)
        self.iterations += 1
        return w - (m_hat * R(self.lr)) / (np.sqrt(v_hat) + self.eps)


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


# ================================================================ golden fixture
# `python3 scripts/keras_reference.py --fixture` writes test/fixtures/optimizers-keras3.json:
# several steps of every optimizer and base option, on two variables, in float32 and float64,
# computed the way Keras 3 computes them (keras/src/optimizers/*.py, base_optimizer.py): every
# tensor operation in the variable's dtype T, Python-float scalars (`1 - beta_1`, `2 * l2`)
# rounded to T once, scalars Keras casts to T first (`beta_1 ** t`) computed in T. `ops.cast` of a
# Python float is tf.cast, which goes through float32 first: T(R(x)) at those sites. The learning
# rate is a float32 variable (floatx float32) and a function's value is a Python float: T(R(lr)).
import json
import sys


class KerasOptimizer:
    """Keras 3 BaseOptimizer.apply for a list of variables, in dtype T."""

    def __init__(self, T, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, exclude_names=(), use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, gradient_accumulation_steps=None):
        self.T = T
        self.learning_rate = learning_rate  # a float, or a function of the raw _iterations
        self.weight_decay = weight_decay
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self.exclude_names = exclude_names
        self.use_ema, self.ema_momentum, self.ema_overwrite_frequency = use_ema, ema_momentum, ema_overwrite_frequency
        self.accumulation = gradient_accumulation_steps
        self._iterations = 0
        self.slots = None

    @property
    def iterations(self):
        # with gradient accumulation, update_step (bias corrections) and EMA see _iterations // N
        return self._iterations // self.accumulation if self.accumulation else self._iterations

    def lr(self):
        lr = self.learning_rate
        return lr(self._iterations) if callable(lr) else lr

    def clip(self, grads):
        T = self.T
        if self.clipnorm and self.clipnorm > 0:
            out = []
            for g in grads:
                l2sum = np.sum(np.square(g), dtype=T)
                l2norm = np.sqrt(l2sum) if l2sum > 0 else l2sum
                out.append((g * T(self.clipnorm)) / np.maximum(l2norm, T(self.clipnorm)))
            return out
        if self.global_clipnorm and self.global_clipnorm > 0:
            norm = np.sqrt(np.sum(np.stack([np.sum(np.square(g), dtype=T) for g in grads]), dtype=T))
            c = self.global_clipnorm
            scale = T(c) * np.minimum(T(1.0) / norm, T(1.0 / c)) + (norm - norm)
            return [g * scale for g in grads]
        if self.clipvalue and self.clipvalue > 0:
            v = self.clipvalue
            return [np.clip(g, T(-v), T(v)) for g in grads]
        return grads

    def apply(self, grads, variables, names):
        T = self.T
        if self.slots is None:
            self.slots = [self.build(w) for w in variables]
            self.averages = [np.zeros_like(w) for w in variables]
            self.accumulators = [np.zeros_like(w) for w in variables]
        update = True
        N = self.accumulation
        if N:
            if (self._iterations + 1) % N != 0:
                self.accumulators = [a + g for a, g in zip(self.accumulators, grads)]
                update = False
            else:
                grads = [(g + a) / T(N) for g, a in zip(grads, self.accumulators)]
        if update:
            grads = self.clip(grads)
            lr = T(R(self.lr()))  # ops.cast(learning_rate, variable.dtype)
            if self.weight_decay is not None:
                wd = T(R(self.weight_decay))  # tf.cast(self.weight_decay, variable.dtype)
                for i, w in enumerate(variables):
                    if not any(n in names[i] for n in self.exclude_names):
                        variables[i] = w - w * wd * lr
            self.before_variables()
            for i, g in enumerate(grads):
                variables[i] = self.update(variables[i], g, self.slots[i], lr)
            if N:
                self.accumulators = [np.zeros_like(a) for a in self.accumulators]
        if self.use_ema:
            # momentum is 0 on the first step: the averages start at the variables
            m = T(float(self.iterations != 0)) * T(self.ema_momentum)
            self.averages = [m * a + (T(1) - m) * w for a, w in zip(self.averages, variables)]
            freq = self.ema_overwrite_frequency
            if freq and (self.iterations + 1) % freq == 0:
                variables = [a.copy() for a in self.averages]
        self._iterations += 1
        return variables

    def before_variables(self):
        pass

    def step_t(self):
        return self.T(self.iterations + 1)


class KSGD(KerasOptimizer):
    def __init__(self, T, learning_rate=0.01, momentum=0.0, nesterov=False, **base):
        super().__init__(T, learning_rate, **base)
        self.momentum, self.nesterov = momentum, nesterov

    def build(self, w):
        return {"m": np.zeros_like(w)}

    def update(self, w, g, s, lr):
        T = self.T
        if self.momentum == 0:
            return w - g * lr
        mom = T(R(self.momentum))
        s["m"] = s["m"] * mom - g * lr
        if self.nesterov:
            return w + (s["m"] * mom - g * lr)
        return w + s["m"]


class KAdam(KerasOptimizer):
    def __init__(self, T, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7, amsgrad=False, **base):
        super().__init__(T, learning_rate, **base)
        self.b1, self.b2, self.eps, self.amsgrad = beta1, beta2, epsilon, amsgrad

    def build(self, w):
        return {"m": np.zeros_like(w), "v": np.zeros_like(w), "vh": np.zeros_like(w)}

    def update(self, w, g, s, lr):
        T = self.T
        t = self.step_t()
        b1p, b2p = np.power(T(R(self.b1)), t), np.power(T(R(self.b2)), t)
        alpha = lr * np.sqrt(T(1) - b2p) / (T(1) - b1p)
        s["m"] = s["m"] + (g - s["m"]) * T(1 - self.b1)
        s["v"] = s["v"] + (np.square(g) - s["v"]) * T(1 - self.b2)
        v = s["v"]
        if self.amsgrad:
            s["vh"] = np.maximum(s["vh"], s["v"])
            v = s["vh"]
        return w - (s["m"] * alpha) / (np.sqrt(v) + T(self.eps))


class KAdamW(KAdam):
    def __init__(self, T, weight_decay=0.004, **rest):
        super().__init__(T, weight_decay=weight_decay, **rest)


class KNadam(KerasOptimizer):
    def __init__(self, T, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7, **base):
        super().__init__(T, learning_rate, **base)
        self.b1, self.b2, self.eps = beta1, beta2, epsilon
        self.u_product = T(1.0)

    def build(self, w):
        return {"m": np.zeros_like(w), "v": np.zeros_like(w)}

    def before_variables(self):
        T = self.T
        t = self.step_t()
        self.u_product = self.u_product * T(self.b1) * (T(1.0) - T(0.5) * np.power(T(0.96), t))

    def update(self, w, g, s, lr):
        T = self.T
        t, t1 = self.step_t(), T(self.iterations + 2)
        b1, b2, decay = T(R(self.b1)), T(R(self.b2)), T(R(0.96))
        u_t = b1 * (T(1.0) - T(0.5) * np.power(decay, t))
        u_t1 = b1 * (T(1.0) - T(0.5) * np.power(decay, t1))
        up_t = self.u_product
        up_t1 = up_t * u_t1
        b2p = np.power(b2, t)
        s["m"] = s["m"] + (g - s["m"]) * (T(1) - b1)
        s["v"] = s["v"] + (np.square(g) - s["v"]) * (T(1) - b2)
        m_hat = (u_t1 * s["m"]) / (T(1) - up_t1) + ((T(1) - u_t) * g) / (T(1) - up_t)
        v_hat = s["v"] / (T(1) - b2p)
        return w - (m_hat * lr) / (np.sqrt(v_hat) + T(self.eps))


class KRMSprop(KerasOptimizer):
    def __init__(self, T, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, **base):
        super().__init__(T, learning_rate, **base)
        self.rho, self.momentum, self.eps, self.centered = rho, momentum, epsilon, centered

    def build(self, w):
        return {"v": np.zeros_like(w), "mom": np.zeros_like(w), "mg": np.zeros_like(w)}

    def update(self, w, g, s, lr):
        T = self.T
        rho, omr = T(self.rho), T(1 - self.rho)
        s["v"] = rho * s["v"] + omr * np.square(g)
        if self.centered:
            s["mg"] = rho * s["mg"] + omr * g
            den = s["v"] - np.square(s["mg"]) + T(self.eps)
        else:
            den = s["v"] + T(self.eps)
        inc = (lr * g) / np.sqrt(den)
        if self.momentum > 0:
            s["mom"] = T(self.momentum) * s["mom"] + inc
            return w - s["mom"]
        return w - inc


class KAdagrad(KerasOptimizer):
    def __init__(self, T, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **base):
        super().__init__(T, learning_rate, **base)
        self.init, self.eps = initial_accumulator_value, epsilon

    def build(self, w):
        return {"acc": np.full_like(w, self.T(R(self.init)))}  # initializers.Constant: ops.cast

    def update(self, w, g, s, lr):
        T = self.T
        s["acc"] = s["acc"] + np.square(g)
        return w - (lr * g) / np.sqrt(s["acc"] + T(self.eps))


class KAdadelta(KerasOptimizer):
    def __init__(self, T, learning_rate=0.001, rho=0.95, epsilon=1e-7, **base):
        super().__init__(T, learning_rate, **base)
        self.rho, self.eps = rho, epsilon

    def build(self, w):
        return {"eg": np.zeros_like(w), "edx": np.zeros_like(w)}

    def update(self, w, g, s, lr):
        T = self.T
        rho, omr, eps = T(self.rho), T(1 - self.rho), T(self.eps)
        s["eg"] = rho * s["eg"] + omr * np.square(g)
        d = -((np.sqrt(s["edx"] + eps) * g) / np.sqrt(s["eg"] + eps))
        s["edx"] = rho * s["edx"] + omr * np.square(d)
        return w + lr * d


class KAdamax(KerasOptimizer):
    def __init__(self, T, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7, **base):
        super().__init__(T, learning_rate, **base)
        self.b1, self.b2, self.eps = beta1, beta2, epsilon

    def build(self, w):
        return {"m": np.zeros_like(w), "u": np.zeros_like(w)}

    def update(self, w, g, s, lr):
        T = self.T
        b1p = np.power(T(R(self.b1)), self.step_t())
        s["m"] = s["m"] + (g - s["m"]) * T(1 - self.b1)
        s["u"] = np.maximum(T(self.b2) * s["u"], np.abs(g))
        return w - (lr * s["m"]) / ((T(1) - b1p) * (s["u"] + T(self.eps)))


class KLion(KerasOptimizer):
    def __init__(self, T, learning_rate=0.001, beta1=0.9, beta2=0.99, **base):
        super().__init__(T, learning_rate, **base)
        self.b1, self.b2 = beta1, beta2

    def build(self, w):
        return {"m": np.zeros_like(w)}

    def update(self, w, g, s, lr):
        T = self.T
        b1, b2 = T(R(self.b1)), T(R(self.b2))
        w = w - lr * np.sign(s["m"] * b1 + g * (T(1.0) - b1))
        s["m"] = s["m"] * b2 + g * (T(1.0) - b2)
        return w


class KFtrl(KerasOptimizer):
    def __init__(self, T, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, **base):
        super().__init__(T, learning_rate, **base)
        self.p, self.init = learning_rate_power, initial_accumulator_value
        self.l1, self.l2, self.shrink, self.beta = (l1_regularization_strength, l2_regularization_strength,
                                                    l2_shrinkage_regularization_strength, beta)

    def build(self, w):
        return {"n": np.full_like(w, self.T(R(self.init))), "z": np.zeros_like(w)}  # initializers.Constant

    def update(self, w, g, s, lr):
        T = self.T
        l2 = T(self.l2) + T(self.beta) / (T(2.0) * lr)
        power = T(-self.p)
        gs = g + T(2 * self.shrink) * w
        new_n = s["n"] + np.square(g)
        s["z"] = s["z"] + (gs - ((np.power(new_n, power) - np.power(s["n"], power)) / lr) * w)
        quadratic = np.power(new_n, power) / lr + T(2) * l2
        clipped = np.clip(s["z"], T(-self.l1), T(self.l1))
        s["n"] = new_n
        return (clipped - s["z"]) / quadratic


class KLamb(KerasOptimizer):
    def __init__(self, T, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7, **base):
        super().__init__(T, learning_rate, **base)
        self.b1, self.b2, self.eps = beta1, beta2, epsilon

    def build(self, w):
        return {"m": np.zeros_like(w), "v": np.zeros_like(w)}

    def update(self, w, g, s, lr):
        T = self.T
        t = self.step_t()
        b1p, b2p = np.power(T(R(self.b1)), t), np.power(T(R(self.b2)), t)
        s["m"] = s["m"] + (g - s["m"]) * T(1 - self.b1)
        s["v"] = s["v"] + (np.square(g) - s["v"]) * T(1 - self.b2)
        m_hat = s["m"] / (T(1.0) - b1p)
        v_sqrt = np.sqrt(s["v"] / (T(1.0) - b2p)) + T(self.eps)
        u = m_hat / v_sqrt
        w_norm = np.sqrt(np.sum(np.power(w, T(2)), dtype=T))
        u_norm = np.sqrt(np.sum(np.power(u, T(2)), dtype=T))
        ratio = w_norm / u_norm if (w_norm > 0 and u_norm > 0) else T(1.0)
        return w - ratio * lr * u


class KAdafactor(KerasOptimizer):
    def __init__(self, T, learning_rate=0.001, beta2_decay=-0.8, epsilon1=1e-30, epsilon2=1e-3, clip_threshold=1.0,
                 relative_step=True, **base):
        super().__init__(T, learning_rate, **base)
        self.decay, self.eps1, self.eps2, self.clip_threshold, self.relative_step = (
            beta2_decay, epsilon1, epsilon2, clip_threshold, relative_step)

    def build(self, w):
        T = self.T
        if w.ndim < 2:
            return {"r": T(0), "c": T(0), "v": np.zeros_like(w)}
        return {"r": np.zeros(w.shape[:-1], T), "c": np.zeros(w.shape[:-2] + w.shape[-1:], T), "v": np.zeros_like(w)}

    def update(self, w, g, s, lr):
        T = self.T
        one, t = T(1.0), self.step_t()
        if not callable(self.learning_rate) and self.relative_step:
            lr = np.minimum(lr, one / np.sqrt(t))
        rho = np.minimum(lr, one / np.sqrt(t))

        def rms(x):
            return np.sqrt(np.mean(np.square(x), dtype=T))

        alpha = np.maximum(T(R(self.eps2)), rms(w)) * rho
        G = np.square(g) + T(self.eps1)
        b2t = one - np.power(t, T(self.decay))
        if w.ndim >= 2:
            s["r"] = b2t * s["r"] + (one - b2t) * np.mean(G, axis=-1, dtype=T)
            s["c"] = b2t * s["c"] + (one - b2t) * np.mean(G, axis=-2, dtype=T)
            s["v"] = np.expand_dims(s["r"] / np.mean(s["r"], axis=-1, keepdims=True, dtype=T), -1) * np.expand_dims(s["c"], -2)
        else:
            s["v"] = b2t * s["v"] + (one - b2t) * G
        u = g / np.sqrt(s["v"])
        u_hat = u / np.maximum(one, rms(u) / T(self.clip_threshold))
        return w - alpha * u_hat


KERAS = {
    "SGD": KSGD, "Adam": KAdam, "AdamW": KAdamW, "Nadam": KNadam, "RMSprop": KRMSprop, "Adagrad": KAdagrad,
    "Adadelta": KAdadelta, "Adamax": KAdamax, "Lion": KLion, "Ftrl": KFtrl, "Lamb": KLamb, "Adafactor": KAdafactor,
}

# camelCase option -> Keras keyword (the base options are handled separately)
SNAKE = {
    "learningRate": "learning_rate", "beta1": "beta1", "beta2": "beta2", "epsilon": "epsilon", "amsgrad": "amsgrad",
    "momentum": "momentum", "nesterov": "nesterov", "rho": "rho", "centered": "centered",
    "initialAccumulatorValue": "initial_accumulator_value", "learningRatePower": "learning_rate_power",
    "l1RegularizationStrength": "l1_regularization_strength", "l2RegularizationStrength": "l2_regularization_strength",
    "l2ShrinkageRegularizationStrength": "l2_shrinkage_regularization_strength", "beta": "beta",
    "beta2Decay": "beta2_decay", "epsilon1": "epsilon1", "epsilon2": "epsilon2", "clipThreshold": "clip_threshold",
    "relativeStep": "relative_step", "weightDecay": "weight_decay", "useEma": "use_ema", "emaMomentum": "ema_momentum",
    "emaOverwriteFrequency": "ema_overwrite_frequency", "gradientAccumulationSteps": "gradient_accumulation_steps", "clipnorm": "clipnorm", "clipvalue": "clipvalue", "globalClipnorm": "global_clipnorm",
}

# Each case: [optimizer, options (camelCase, as passed to gradtape), extras]. extras:
#   "excludeNames": names passed to excludeFromWeightDecay({varNames}),
#   "schedule": {"initial": a, "rate": r} for learningRate = step => a * r**step.
CASES = [
    ["SGD", {}, {}],
    ["SGD", {"learningRate": 0.1, "momentum": 0.9}, {}],
    ["SGD", {"learningRate": 0.1, "momentum": 0.9, "nesterov": True}, {}],
    ["Adam", {}, {}],
    ["Adam", {"learningRate": 0.1, "beta1": 0.8, "beta2": 0.9, "epsilon": 1e-3}, {}],
    ["Adam", {"learningRate": 0.1, "amsgrad": True}, {}],
    ["AdamW", {}, {}],
    ["AdamW", {"learningRate": 0.1, "weightDecay": 0.05, "amsgrad": True}, {}],
    ["Nadam", {}, {}],
    ["Nadam", {"learningRate": 0.1, "beta1": 0.5, "beta2": 0.67, "epsilon": 1e-5}, {}],
    ["RMSprop", {}, {}],
    ["RMSprop", {"learningRate": 0.05, "rho": 0.8, "epsilon": 1e-4}, {}],
    ["RMSprop", {"learningRate": 0.05, "momentum": 0.5}, {}],
    ["RMSprop", {"learningRate": 0.05, "centered": True}, {}],
    ["RMSprop", {"learningRate": 0.05, "momentum": 0.9, "centered": True}, {}],
    ["Adagrad", {}, {}],
    ["Adagrad", {"learningRate": 0.3, "initialAccumulatorValue": 0.5, "epsilon": 1e-3}, {}],
    ["Adadelta", {}, {}],
    ["Adadelta", {"learningRate": 1.0, "rho": 0.8, "epsilon": 1e-6}, {}],
    ["Adamax", {}, {}],
    ["Adamax", {"learningRate": 0.1, "beta1": 0.7, "beta2": 0.9, "epsilon": 1e-3}, {}],
    ["Lion", {}, {}],
    ["Lion", {"learningRate": 0.01, "beta1": 0.5, "beta2": 0.9}, {}],
    ["Ftrl", {}, {}],
    ["Ftrl", {"learningRate": 0.1, "l1RegularizationStrength": 0.01}, {}],
    ["Ftrl", {"learningRate": 0.1, "learningRatePower": -0.3, "initialAccumulatorValue": 0.3,
              "l1RegularizationStrength": 0.05, "l2RegularizationStrength": 0.1,
              "l2ShrinkageRegularizationStrength": 0.02, "beta": 0.5}, {}],
    ["Lamb", {}, {}],
    ["Lamb", {"learningRate": 0.1, "beta1": 0.8, "beta2": 0.9, "epsilon": 1e-4}, {}],
    ["Adafactor", {}, {}],
    ["Adafactor", {"learningRate": 0.1}, {}],
    ["Adafactor", {"learningRate": 0.05, "relativeStep": False, "clipThreshold": 0.5, "beta2Decay": -0.5,
                   "epsilon2": 1e-2}, {}],
    # base options, on several optimizers
    ["SGD", {"learningRate": 0.1, "weightDecay": 0.01}, {}],
    ["Adam", {"learningRate": 0.1, "weightDecay": 0.02}, {"excludeNames": ["bias"]}],
    ["RMSprop", {"learningRate": 0.05, "weightDecay": 0.03}, {}],
    ["Lion", {"learningRate": 0.01, "weightDecay": 0.1}, {}],
    ["Lamb", {"learningRate": 0.1, "weightDecay": 0.01}, {}],
    ["Ftrl", {"learningRate": 0.1, "weightDecay": 0.01}, {}],
    ["SGD", {"learningRate": 0.1, "clipnorm": 0.5}, {}],
    ["Adam", {"learningRate": 0.1, "clipnorm": 1.5}, {}],
    ["Adagrad", {"learningRate": 0.3, "clipnorm": 0.8}, {}],
    ["SGD", {"learningRate": 0.1, "momentum": 0.9, "clipvalue": 0.3}, {}],
    ["Nadam", {"learningRate": 0.1, "clipvalue": 0.5}, {}],
    ["Adadelta", {"learningRate": 1.0, "clipvalue": 0.4}, {}],
    ["SGD", {"learningRate": 0.1, "globalClipnorm": 0.7}, {}],
    ["Adamax", {"learningRate": 0.1, "globalClipnorm": 1.0}, {}],
    ["RMSprop", {"learningRate": 0.05, "centered": True, "globalClipnorm": 2.0}, {}],
    ["AdamW", {"learningRate": 0.1, "weightDecay": 0.1, "clipnorm": 1.0}, {"excludeNames": ["bias"]}],
    ["SGD", {"momentum": 0.5}, {"schedule": {"initial": 0.2, "rate": 0.8}}],
    ["Adam", {"weightDecay": 0.1}, {"schedule": {"initial": 0.1, "rate": 0.9}}],
    ["Lamb", {}, {"schedule": {"initial": 0.05, "rate": 0.5}}],
    ["Adafactor", {"learningRate": 0.2, "weightDecay": 0.05, "clipnorm": 1.0}, {}],
    ["Adafactor", {}, {"schedule": {"initial": 0.3, "rate": 0.7}}],
    # EMA and gradient accumulation
    ["SGD", {"learningRate": 0.1, "useEma": True}, {}],
    ["Adam", {"learningRate": 0.1, "useEma": True, "emaMomentum": 0.5, "emaOverwriteFrequency": 2}, {}],
    ["SGD", {"learningRate": 0.1, "momentum": 0.9, "gradientAccumulationSteps": 2}, {}],
    ["Adam", {"learningRate": 0.1, "gradientAccumulationSteps": 2, "clipnorm": 1.0, "weightDecay": 0.01}, {}],
    ["Nadam", {"learningRate": 0.1, "gradientAccumulationSteps": 3, "useEma": True, "emaMomentum": 0.8}, {}],
    ["RMSprop", {"learningRate": 0.05, "gradientAccumulationSteps": 2}, {"schedule": {"initial": 0.1, "rate": 0.8}}],
]

STEPS = 5
NAMES = ["kernel", "bias"]
SHAPES = [(2, 3), (3,)]


def fixture():
    rng = np.random.default_rng(20261129)
    w0 = [np.round(rng.normal(size=s), 3) for s in SHAPES]
    grads = [[np.round(rng.normal(scale=1.5, size=s), 3) for s in SHAPES] for _ in range(STEPS)]
    out = {"steps": STEPS, "names": NAMES, "shapes": [list(s) for s in SHAPES],
           "w0": [w.ravel().tolist() for w in w0],
           "grads": [[g.ravel().tolist() for g in gs] for gs in grads], "cases": []}
    for name, options, extras in CASES:
        case = {"optimizer": name, "options": options, **extras, "float32": None, "float64": None}
        for dtype, T in (("float32", np.float32), ("float64", np.float64)):
            kwargs = {SNAKE[k]: v for k, v in options.items()}
            if "schedule" in extras:
                a, r = extras["schedule"]["initial"], extras["schedule"]["rate"]
                kwargs["learning_rate"] = lambda step, a=a, r=r: a * r**step
            opt = KERAS[name](T, exclude_names=tuple(extras.get("excludeNames", ())), **kwargs)
            ws = [w.astype(T) for w in w0]
            rows = []
            for gs in grads:
                ws = opt.apply([g.astype(T) for g in gs], ws, NAMES)
                rows.append([w.astype(np.float64).ravel().tolist() for w in ws])
            case[dtype] = rows
        out["cases"].append(case)
    return out


if "--fixture" in sys.argv:
    import os
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "optimizers-keras3.json")
    data = fixture()
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.normpath(path)}: {len(data['cases'])} cases x 2 dtypes x {STEPS} steps")
    # The Keras single-step golden vectors (tf-semantics.md §3.6) through the same classes.
    W0, G0 = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 6.0, 7.0, 2.0])
    for name, golden in [("RMSprop", [-0.5811, 0.4189, 1.4189, 2.4189]), ("Adagrad", [0.5233, 1.5007, 2.5005, 3.5061]),
                         ("Adadelta", [0.9993, 1.9993, 2.9993, 3.9993]), ("Adamax", [0.5, 1.5, 2.5, 3.5]),
                         ("Lion", [0.5, 1.5, 2.5, 3.5]), ("Ftrl", [0.2218, 1.3954, 2.3651, 2.8814]),
                         ("AdamW", [0.4980, 1.4960, 2.494, 3.492]), ("Nadam", [0.4686, 1.4686, 2.4686, 3.4686])]:
        out = KERAS[name](np.float64, learning_rate=0.5).apply([G0.copy()], [W0.copy()], ["w"])[0]
        compare(f"{name} single step", out, golden)
    for shape, golden in [((4,), [-0.3693, 0.6307, 1.6307, 2.6307]), ((2, 2), [[0.7007, -0.0081], [1.2492, 3.4407]])]:
        out = KAdafactor(np.float64, learning_rate=0.5).apply([G0.reshape(shape)], [W0.reshape(shape)], ["w"])[0]
        compare(f"Adafactor {len(shape)}-D single step", out, golden)
