//! Lion (Keras 3 `keras/src/optimizers/lion.py`).
//!
//! ```text
//! w -= lr*sign(b1*m + (1 - b1)*g)
//! m  = b2*m + (1 - b2)*g
//! ```
//! Keras casts the betas to the variable's dtype (`ops.cast`, through float32: [`super::keras_cast`])
//! before `1 - b`, so `1 - b` is computed there.

use super::{OptimError, OptimFloat, Params, Slot, Slots, StepInfo, UpdateRule};

/// Keras 3 `Lion(learning_rate=0.001, beta_1=0.9, beta_2=0.99)`. Slot: `momentum`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lion {
    /// Interpolation between the momentum and the gradient for the update's sign.
    pub beta1: f64,
    /// Decay of the momentum.
    pub beta2: f64,
}

impl UpdateRule for Lion {
    const NAME: &'static str = "Lion";
    const ELEMENTWISE: bool = true;
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError> {
        Ok(Lion { beta1: p.number("beta1")?, beta2: p.number("beta2")? })
    }
    fn slots(&self) -> Slots {
        Slots::of(&[Slot::zeros("momentum")])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
        let [m] = slots else { return };
        let lr = T::from_f64(step.lr);
        let (b1, b2) = (T::from_f64(super::keras_cast(self.beta1)), T::from_f64(super::keras_cast(self.beta2)));
        let (one_minus_b1, one_minus_b2) = (T::ONE - b1, T::ONE - b2);
        for ((w, &g), m) in w.iter_mut().zip(g).zip(m.iter_mut()) {
            *w = *w - lr * (*m * b1 + g * one_minus_b1).sign();
            *m = *m * b2 + g * one_minus_b2;
        }
    }
}
