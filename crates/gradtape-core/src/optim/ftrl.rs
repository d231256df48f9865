//! FTRL-Proximal (Keras 3 `keras/src/optimizers/ftrl.py`).
//!
//! With `p = learning_rate_power` and everything in the variable's dtype:
//! ```text
//! l2  = l2_regularization_strength + beta/(2*lr)
//! gs  = g + 2*l2_shrinkage*w
//! n'  = n + g²
//! z  += gs - ((n'^-p - n^-p)/lr)*w
//! q   = n'^-p/lr + 2*l2
//! w   = (clip(z, -l1, l1) - z)/q
//! n   = n'
//! ```

use super::{OptimError, OptimFloat, Params, Slot, Slots, StepInfo, UpdateRule};

/// Keras 3 `Ftrl(learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
/// l1_regularization_strength=0.0, l2_regularization_strength=0.0,
/// l2_shrinkage_regularization_strength=0.0, beta=0.0)`. Slots: `accumulator` (starting at
/// `initial_accumulator_value` as `initializers.Constant` casts it: [`super::keras_cast`]), `linear`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ftrl {
    /// `p` in `n^-p`; at most 0.
    pub learning_rate_power: f64,
    /// The accumulator's starting value.
    pub initial_accumulator_value: f64,
    /// L1 strength (`l1`).
    pub l1: f64,
    /// L2 strength.
    pub l2: f64,
    /// L2 shrinkage strength (on the gradient).
    pub l2_shrinkage: f64,
    /// `beta` of the FTRL paper.
    pub beta: f64,
}

impl UpdateRule for Ftrl {
    const NAME: &'static str = "Ftrl";
    const ELEMENTWISE: bool = true;
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError> {
        Ok(Ftrl {
            learning_rate_power: p.number("learning_rate_power")?,
            initial_accumulator_value: p.number("initial_accumulator_value")?,
            l1: p.number("l1_regularization_strength")?,
            l2: p.number("l2_regularization_strength")?,
            l2_shrinkage: p.number("l2_shrinkage_regularization_strength")?,
            beta: p.number("beta")?,
        })
    }
    fn slots(&self) -> Slots {
        Slots::of(&[Slot::filled("accumulator", super::keras_cast(self.initial_accumulator_value)), Slot::zeros("linear")])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
        let [accumulator, linear] = slots else { return };
        let lr = T::from_f64(step.lr);
        let two = T::ONE + T::ONE;
        let l2 = T::from_f64(self.l2) + T::from_f64(self.beta) / (two * lr);
        let power = T::from_f64(-self.learning_rate_power);
        let shrink = T::from_f64(2.0 * self.l2_shrinkage);
        let (lo, hi) = (T::from_f64(-self.l1), T::from_f64(self.l1));
        for (((w, &g), n), z) in w.iter_mut().zip(g).zip(accumulator.iter_mut()).zip(linear.iter_mut()) {
            let gs = g + shrink * *w;
            let new_n = *n + g * g;
            let new_n_pow = new_n.powf(power);
            let nz = *z + (gs - ((new_n_pow - n.powf(power)) / lr) * *w);
            *z = nz;
            let quadratic = new_n_pow / lr + two * l2;
            let clipped = if nz < lo { lo } else if nz > hi { hi } else { nz };
            *w = (clipped - nz) / quadratic;
            *n = new_n;
        }
    }
}
