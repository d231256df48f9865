//! RMSprop (Keras 3 `keras/src/optimizers/rmsprop.py`).
//!
//! ```text
//! v  = rho*v + (1 - rho)*g²
//! centered:  mg = rho*mg + (1 - rho)*g;   den = v - mg² + eps
//! otherwise: den = v + eps
//! inc = lr*g / sqrt(den)
//! momentum > 0: mom = momentum*mom + inc;  w -= mom      (plain momentum, not Nesterov)
//! otherwise:    w -= inc
//! ```
//! `1 - rho` is computed in f64 (a Python float in Keras), everything else in the variable's dtype.

use super::{OptimError, OptimFloat, Params, Slot, Slots, StepInfo, UpdateRule};

/// Keras 3 `RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)`.
/// Slots: `velocity`, then `momentum` when `momentum > 0`, then `average_gradient` when centered.
#[derive(Debug, Clone, PartialEq)]
pub struct RmsProp {
    /// Discount of the old squared gradients.
    pub rho: f64,
    /// Momentum factor (0: none).
    pub momentum: f64,
    /// Added under the square root.
    pub epsilon: f64,
    /// Divide by the estimated variance instead of the second moment.
    pub centered: bool,
}

impl UpdateRule for RmsProp {
    const NAME: &'static str = "RMSprop";
    const ELEMENTWISE: bool = true;
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError> {
        Ok(RmsProp {
            rho: p.number("rho")?,
            momentum: p.number("momentum")?,
            epsilon: p.number("epsilon")?,
            centered: p.flag("centered")?,
        })
    }
    fn slots(&self) -> Slots {
        let (momentum, centered) = (Slot::zeros("momentum"), Slot::zeros("average_gradient"));
        let slots = [Slot::zeros("velocity"), momentum, centered];
        match (self.momentum > 0.0, self.centered) {
            (true, true) => Slots::of(&slots),
            (true, false) => Slots::of(&slots[..2]),
            (false, true) => Slots::of(&[slots[0], centered]),
            (false, false) => Slots::of(&slots[..1]),
        }
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
        let (velocity, rest) = match slots.split_first_mut() {
            Some((v, rest)) => (v, rest),
            None => return, // the caller checked the slot count
        };
        let (momentum, rest): (&mut [T], _) = match (self.momentum > 0.0, rest) {
            (true, [m, rest @ ..]) => (m, rest),
            (_, rest) => (&mut [], rest),
        };
        let average: &mut [T] = match (self.centered, rest) {
            (true, [a, ..]) => a,
            _ => &mut [],
        };
        let lr = T::from_f64(step.lr);
        let rho = T::from_f64(self.rho);
        let one_minus_rho = T::from_f64(1.0 - self.rho);
        let eps = T::from_f64(self.epsilon);
        let mom = T::from_f64(self.momentum);
        for i in 0..w.len() {
            let g = g[i];
            let v = rho * velocity[i] + one_minus_rho * (g * g);
            velocity[i] = v;
            let den = if self.centered {
                let mg = rho * average[i] + one_minus_rho * g;
                average[i] = mg;
                v - mg * mg + eps
            } else {
                v + eps
            };
            let inc = (lr * g) / den.sqrt();
            if self.momentum > 0.0 {
                let m = mom * momentum[i] + inc;
                momentum[i] = m;
                w[i] = w[i] - m;
            } else {
                w[i] = w[i] - inc;
            }
        }
    }
}
