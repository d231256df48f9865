//! Adadelta (Keras 3 `keras/src/optimizers/adadelta.py`).
//!
//! ```text
//! Eg  = rho*Eg + (1 - rho)*g²
//! d   = -(sqrt(Edx + eps)*g / sqrt(Eg + eps))      (the new Eg)
//! Edx = rho*Edx + (1 - rho)*d²
//! w  += lr*d
//! ```

use super::{OptimError, OptimFloat, Params, Slot, Slots, StepInfo, UpdateRule};

/// Keras 3 `Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-7)`. Slots:
/// `accumulated_grad`, `accumulated_delta_var`.
#[derive(Debug, Clone, PartialEq)]
pub struct Adadelta {
    /// Decay rate of both accumulators.
    pub rho: f64,
    /// Added under both square roots.
    pub epsilon: f64,
}

impl UpdateRule for Adadelta {
    const NAME: &'static str = "Adadelta";
    const ELEMENTWISE: bool = true;
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError> {
        Ok(Adadelta { rho: p.number("rho")?, epsilon: p.number("epsilon")? })
    }
    fn slots(&self) -> Slots {
        Slots::of(&[Slot::zeros("accumulated_grad"), Slot::zeros("accumulated_delta_var")])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
        let [eg, edx] = slots else { return };
        let lr = T::from_f64(step.lr);
        let rho = T::from_f64(self.rho);
        let one_minus_rho = T::from_f64(1.0 - self.rho);
        let eps = T::from_f64(self.epsilon);
        for (((w, &g), eg), edx) in w.iter_mut().zip(g).zip(eg.iter_mut()).zip(edx.iter_mut()) {
            let new_eg = rho * *eg + one_minus_rho * (g * g);
            *eg = new_eg;
            let d = -(((*edx + eps).sqrt() * g) / (new_eg + eps).sqrt());
            *edx = rho * *edx + one_minus_rho * (d * d);
            *w = *w + lr * d;
        }
    }
}
