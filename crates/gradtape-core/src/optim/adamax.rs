//! Adamax (Keras 3 `keras/src/optimizers/adamax.py`).
//!
//! ```text
//! m  += (g - m)*(1 - b1)
//! u   = max(b2*u, |g|)
//! w  -= lr*m / ((1 - b1^t)*(u + eps))         (b1^t in the variable's dtype)
//! ```
//! `b1^t` is of `ops.cast(beta_1)` ([`super::keras_cast`]); `1 - b1`, `b2` and `eps` are exact.

use super::{OptimError, OptimFloat, Params, Slot, Slots, StepInfo, UpdateRule};

/// Keras 3 `Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`. Slots:
/// `momentum`, `norm`.
#[derive(Debug, Clone, PartialEq)]
pub struct Adamax {
    /// Decay of the first moment.
    pub beta1: f64,
    /// Decay of the infinity norm.
    pub beta2: f64,
    /// Added to the norm.
    pub epsilon: f64,
}

impl UpdateRule for Adamax {
    const NAME: &'static str = "Adamax";
    const ELEMENTWISE: bool = true;
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError> {
        Ok(Adamax { beta1: p.number("beta1")?, beta2: p.number("beta2")?, epsilon: p.number("epsilon")? })
    }
    fn slots(&self) -> Slots {
        Slots::of(&[Slot::zeros("momentum"), Slot::zeros("norm")])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
        let [m, u] = slots else { return };
        let lr = T::from_f64(step.lr);
        let beta1_power = T::from_f64(super::keras_cast(self.beta1)).powf(T::from_f64(step.step));
        let bias = T::ONE - beta1_power;
        let one_minus_b1 = T::from_f64(1.0 - self.beta1);
        let b2 = T::from_f64(self.beta2);
        let eps = T::from_f64(self.epsilon);
        for (((w, &g), m), u) in w.iter_mut().zip(g).zip(m.iter_mut()).zip(u.iter_mut()) {
            let nm = *m + (g - *m) * one_minus_b1;
            *m = nm;
            let decayed = b2 * *u;
            let a = g.abs();
            let nu = if decayed >= a { decayed } else { a };
            *u = nu;
            *w = *w - (lr * nm) / (bias * (nu + eps));
        }
    }
}
