//! Nadam (Keras 3 `nadam.py`, momentum schedule `0.96^t`).

use super::{check, LengthMismatch, OptimFloat};

/// The Nadam momentum-schedule factor `u_t = beta1*(1 - 0.5*0.96^step)`
/// (Keras 3 schedule), with the exact `beta1` and 0.96 as Keras's shared advance
/// (`_backend_update_step`) uses them. (The update itself recomputes `u_t` and
/// `u_t1` from the cast `beta_1` and 0.96: [`super::keras_cast`].)
///
/// The caller advances the shared product once per apply, before the
/// per-variable calls: `u_product *= nadam_momentum_factor(beta1, step)`,
/// starting from `u_product = 1.0`.
#[inline]
pub fn nadam_momentum_factor(beta1: f64, step: f64) -> f64 {
    beta1 * (1.0 - 0.5 * super::bias_power(0.96, step))
}

/// Keras 3 Nadam, one variable, in place.
///
/// `step` = `iterations + 1`. `u_product` is the shared product **after**
/// this step's advance, i.e. `Π_{i=1..step} nadam_momentum_factor(beta1, i)`
/// (see the module docs for how the caller keeps it).
///
/// Returns `Err` and writes nothing if `g`, `m` or `v` do not have
/// `w.len()` elements.
#[allow(clippy::too_many_arguments)]
pub fn nadam_step<T: OptimFloat>(
    w: &mut [T],
    g: &[T],
    m: &mut [T],
    v: &mut [T],
    lr: f64,
    beta1: f64,
    beta2: f64,
    epsilon: f64,
    step: f64,
    u_product: f64,
) -> Result<(), LengthMismatch> {
    nadam_update(w, g, m, v, lr, nadam_constants(beta1, beta2, step, u_product), beta1, beta2, epsilon)
}

/// Nadam's `[cm, cg, inv_bc2]` for a step, the same for every variable of the step:
/// m_hat = cm*m + cg*g with cm = u_t1/(1 - up_t1), cg = (1 - u_t)/(1 - up_t), and
/// v_hat = v*inv_bc2 with inv_bc2 = 1/(1 - b2^t).
///
/// Keras's `update_step` takes beta_1, beta_2 and the decay 0.96 through `ops.cast`
/// ([`super::keras_cast`]), so `u_t`, `u_t1` and `b2^t` are of those; `u_product` was advanced
/// with the exact beta_1 and 0.96 (`_backend_update_step`).
fn nadam_constants(beta1: f64, beta2: f64, step: f64, u_product: f64) -> [f64; 3] {
    let (beta1, beta2, decay) = (super::keras_cast(beta1), super::keras_cast(beta2), super::keras_cast(0.96));
    let u_t = beta1 * (1.0 - 0.5 * super::bias_power(decay, step));
    let u_t1 = beta1 * (1.0 - 0.5 * super::bias_power(decay, step + 1.0));
    let up_t = u_product;
    let up_t1 = up_t * u_t1;
    [u_t1 / (1.0 - up_t1), (1.0 - u_t) / (1.0 - up_t), 1.0 / (1.0 - super::bias_power(beta2, step))]
}

/// `nadam_step` with the step's constants computed.
#[allow(clippy::too_many_arguments)]
fn nadam_update<T: OptimFloat>(
    w: &mut [T],
    g: &[T],
    m: &mut [T],
    v: &mut [T],
    lr: f64,
    [cm, cg, inv_bc2]: [f64; 3],
    beta1: f64,
    beta2: f64,
    epsilon: f64,
) -> Result<(), LengthMismatch> {
    let n = w.len();
    check("g", n, g.len())?;
    check("m", n, m.len())?;
    check("v", n, v.len())?;
    let (cm, cg, inv_bc2) = (T::from_f64(cm), T::from_f64(cg), T::from_f64(inv_bc2));
    // 1 - beta of the cast betas, in the variable's dtype (Keras's `1 - beta_1` of a tensor)
    let omb1 = T::ONE - T::from_f64(super::keras_cast(beta1));
    let omb2 = T::ONE - T::from_f64(super::keras_cast(beta2));
    let lr_t = T::from_f64(lr);
    let eps = T::from_f64(epsilon);
    for (((w, &g), m), v) in w.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
        let nm = *m + (g - *m) * omb1; // m += (g - m)(1 - b1)
        let nv = *v + (g * g - *v) * omb2; // v += (g² - v)(1 - b2)
        *m = nm;
        *v = nv;
        let m_hat = cm * nm + cg * g;
        let v_hat = nv * inv_bc2;
        *w = *w - (m_hat * lr_t) / (v_hat.sqrt() + eps); // w -= lr*m_hat/(sqrt(v_hat) + eps)
    }
    Ok(())
}

/// Keras 3 `Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`. Slots:
/// `momentum`, `velocity`. The shared `u_product` (advanced once per apply, before the
/// variables) is passed as the last hyperparameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Nadam {
    /// Decay of the first moment.
    pub beta1: f64,
    /// Decay of the second moment.
    pub beta2: f64,
    /// Added to `sqrt(v_hat)`.
    pub epsilon: f64,
    /// `Π_{i=1..t} nadam_momentum_factor(beta1, i)`, including this step.
    pub u_product: f64,
}

impl super::UpdateRule for Nadam {
    const NAME: &'static str = "Nadam";
    const ELEMENTWISE: bool = true;
    fn from_params(p: &mut super::Params<'_>) -> Result<Self, super::OptimError> {
        Ok(Nadam {
            beta1: p.number("beta1")?,
            beta2: p.number("beta2")?,
            epsilon: p.number("epsilon")?,
            u_product: p.number("u_product")?,
        })
    }
    fn slots(&self) -> super::Slots {
        super::Slots::of(&[super::Slot::zeros("momentum"), super::Slot::zeros("velocity")])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: super::StepInfo<'_>) {
        if let [m, v] = slots {
            let constants = step.constants.get_or(|| nadam_constants(self.beta1, self.beta2, step.step, self.u_product));
            let _ = nadam_update(w, g, m, v, step.lr, constants, self.beta1, self.beta2, self.epsilon);
        }
    }
}
