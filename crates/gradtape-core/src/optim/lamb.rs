//! LAMB (Keras 3 `keras/src/optimizers/lamb.py`).
//!
//! ```text
//! m += (g - m)*(1 - b1);   v += (g² - v)*(1 - b2)
//! u  = (m/(1 - b1^t)) / (sqrt(v/(1 - b2^t)) + eps)
//! r  = ‖w‖/‖u‖ if both are > 0, else 1          (one ratio for the whole variable)
//! w -= (r*lr)*u
//! ```
//! Two passes: the first updates the moments and sums `w²` and `u²` (in f64), the second
//! recomputes `u` from the moments and applies it.

use super::{OptimError, OptimFloat, Params, Slot, Slots, StepInfo, UpdateRule};

/// Keras 3 `Lamb(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`. Slots:
/// `momentum`, `velocity`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lamb {
    /// Decay of the first moment.
    pub beta1: f64,
    /// Decay of the second moment.
    pub beta2: f64,
    /// Added to the corrected `sqrt(v)`.
    pub epsilon: f64,
}

impl UpdateRule for Lamb {
    const NAME: &'static str = "Lamb";
    // The trust ratio divides by norms of the whole variable.
    const ELEMENTWISE: bool = false;
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError> {
        Ok(Lamb { beta1: p.number("beta1")?, beta2: p.number("beta2")?, epsilon: p.number("epsilon")? })
    }
    fn slots(&self) -> Slots {
        Slots::of(&[Slot::zeros("momentum"), Slot::zeros("velocity")])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
        let [m, v] = slots else { return };
        let lr = T::from_f64(step.lr);
        let t = T::from_f64(step.step);
        // powers of ops.cast(beta, variable.dtype); the moments decay with the exact 1 - beta
        let bias1 = T::ONE - T::from_f64(super::keras_cast(self.beta1)).powf(t);
        let bias2 = T::ONE - T::from_f64(super::keras_cast(self.beta2)).powf(t);
        let one_minus_b1 = T::from_f64(1.0 - self.beta1);
        let one_minus_b2 = T::from_f64(1.0 - self.beta2);
        let eps = T::from_f64(self.epsilon);
        let direction = |m: T, v: T| (m / bias1) / ((v / bias2).sqrt() + eps);
        let (mut w_sq, mut u_sq) = (0.0f64, 0.0f64);
        for (((w, &g), m), v) in w.iter().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
            let nm = *m + (g - *m) * one_minus_b1;
            let nv = *v + (g * g - *v) * one_minus_b2;
            *m = nm;
            *v = nv;
            let u = direction(nm, nv).to_f64();
            w_sq += w.to_f64() * w.to_f64();
            u_sq += u * u;
        }
        let (w_norm, u_norm) = (T::from_f64(w_sq).sqrt(), T::from_f64(u_sq).sqrt());
        let ratio = if w_norm > T::ZERO && u_norm > T::ZERO { w_norm / u_norm } else { T::ONE };
        let scale = ratio * lr;
        for ((w, &m), &v) in w.iter_mut().zip(m.iter()).zip(v.iter()) {
            *w = *w - scale * direction(m, v);
        }
    }
}
