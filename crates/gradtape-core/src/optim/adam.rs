//! Adam and AdamW (Keras 3 `adam.py`, `adamw.py`; AdamW is Adam plus the base weight decay).

use super::{check, LengthMismatch, OptimFloat};

/// Keras 3 Adam (and AMSGrad), one variable, in place.
///
/// `step` = `iterations + 1` (so the first update uses `1.0`). With
/// `amsgrad`, `v_hat = max(v_hat, v)` and `v_hat` replaces `v` in the
/// denominator. Without it, `v_hat` is ignored and may be empty.
///
/// Returns `Err` and writes nothing if `g`, `m`, `v` (or, with `amsgrad`,
/// `v_hat`) do not have `w.len()` elements.
#[allow(clippy::too_many_arguments)]
pub fn adam_step<T: OptimFloat>(
    w: &mut [T],
    g: &[T],
    m: &mut [T],
    v: &mut [T],
    v_hat: &mut [T],
    lr: f64,
    beta1: f64,
    beta2: f64,
    epsilon: f64,
    amsgrad: bool,
    step: f64,
) -> Result<(), LengthMismatch> {
    adam_update(w, g, m, v, v_hat, adam_alpha(lr, beta1, beta2, step), beta1, beta2, epsilon, amsgrad)
}

/// Adam's bias-corrected step size `alpha = lr*sqrt(1 - b2^t)/(1 - b1^t)`, the same for every
/// variable of a step. The powers are of the betas as `ops.cast(self.beta_1, variable.dtype)`
/// gives them ([`super::keras_cast`]); `m` and `v` decay with the exact `1 - beta`.
pub fn adam_alpha(lr: f64, beta1: f64, beta2: f64, step: f64) -> f64 {
    let (beta1, beta2) = (super::keras_cast(beta1), super::keras_cast(beta2));
    lr * (1.0 - super::bias_power(beta2, step)).sqrt() / (1.0 - super::bias_power(beta1, step))
}

/// `adam_step` with the step's `alpha` computed.
#[allow(clippy::too_many_arguments)]
pub(super) fn adam_update<T: OptimFloat>(
    w: &mut [T],
    g: &[T],
    m: &mut [T],
    v: &mut [T],
    v_hat: &mut [T],
    alpha: f64,
    beta1: f64,
    beta2: f64,
    epsilon: f64,
    amsgrad: bool,
) -> Result<(), LengthMismatch> {
    let n = w.len();
    check("g", n, g.len())?;
    check("m", n, m.len())?;
    check("v", n, v.len())?;
    if amsgrad {
        check("v_hat", n, v_hat.len())?;
    }
    let alpha = T::from_f64(alpha);
    let omb1 = T::from_f64(1.0 - beta1);
    let omb2 = T::from_f64(1.0 - beta2);
    let eps = T::from_f64(epsilon);
    if amsgrad {
        for ((((w, &g), m), v), vh) in w
            .iter_mut()
            .zip(g)
            .zip(m.iter_mut())
            .zip(v.iter_mut())
            .zip(v_hat.iter_mut())
        {
            // vh = max(vh, v) is written as a select so that it vectorises
            // (a NaN in the new v propagates into vh).
            let nm = *m + (g - *m) * omb1; // m += (g - m)(1 - b1)
            let nv = *v + (g * g - *v) * omb2; // v += (g² - v)(1 - b2)
            let nvh = if *vh >= nv { *vh } else { nv };
            *m = nm;
            *v = nv;
            *vh = nvh;
            *w = *w - (nm * alpha) / (nvh.sqrt() + eps); // w -= m*alpha/(sqrt(vh) + eps)
        }
    } else {
        for (((w, &g), m), v) in w.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
            let nm = *m + (g - *m) * omb1; // m += (g - m)(1 - b1)
            let nv = *v + (g * g - *v) * omb2; // v += (g² - v)(1 - b2)
            *m = nm;
            *v = nv;
            *w = *w - (nm * alpha) / (nv.sqrt() + eps); // w -= m*alpha/(sqrt(v) + eps)
        }
    }
    Ok(())
}

/// Keras 3 `Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)`;
/// also `AdamW`, whose weight decay is the base optimizer's. Slots: `momentum`, `velocity`, and
/// `velocity_hat` with amsgrad.
#[derive(Debug, Clone, PartialEq)]
pub struct Adam {
    /// Decay of the first moment.
    pub beta1: f64,
    /// Decay of the second moment.
    pub beta2: f64,
    /// Added to the uncorrected `sqrt(v)`.
    pub epsilon: f64,
    /// Use the running maximum of `v`.
    pub amsgrad: bool,
}

impl super::UpdateRule for Adam {
    const NAME: &'static str = "Adam";
    const ELEMENTWISE: bool = true;
    fn from_params(p: &mut super::Params<'_>) -> Result<Self, super::OptimError> {
        Ok(Adam { beta1: p.number("beta1")?, beta2: p.number("beta2")?, epsilon: p.number("epsilon")?, amsgrad: p.flag("amsgrad")? })
    }
    fn slots(&self) -> super::Slots {
        let slots = [super::Slot::zeros("momentum"), super::Slot::zeros("velocity"), super::Slot::zeros("velocity_hat")];
        super::Slots::of(&slots[..if self.amsgrad { 3 } else { 2 }])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: super::StepInfo<'_>) {
        let (m, v, v_hat): (&mut [T], &mut [T], &mut [T]) = match slots {
            [m, v] => (m, v, &mut []),
            [m, v, v_hat] => (m, v, v_hat),
            _ => return, // the caller checked the slot count
        };
        let [alpha, ..] = step.constants.get_or(|| [adam_alpha(step.lr, self.beta1, self.beta2, step.step), 0.0, 0.0]);
        let _ = adam_update(w, g, m, v, v_hat, alpha, self.beta1, self.beta2, self.epsilon, self.amsgrad);
    }
}
