//! Adagrad (Keras 3 `keras/src/optimizers/adagrad.py`).
//!
//! ```text
//! acc += g²                       (acc starts at initial_accumulator_value)
//! w   -= lr*g / sqrt(acc + eps)
//! ```
//! The accumulator starts at `initializers.Constant(value)`, which is `ops.cast(value, dtype)`:
//! through float32 ([`super::keras_cast`]).

use super::{OptimError, OptimFloat, Params, Slot, Slots, StepInfo, UpdateRule};

/// Keras 3 `Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)`.
/// Slot: `accumulator`.
#[derive(Debug, Clone, PartialEq)]
pub struct Adagrad {
    /// The accumulator's starting value.
    pub initial_accumulator_value: f64,
    /// Added under the square root.
    pub epsilon: f64,
}

impl UpdateRule for Adagrad {
    const NAME: &'static str = "Adagrad";
    const ELEMENTWISE: bool = true;
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError> {
        Ok(Adagrad { initial_accumulator_value: p.number("initial_accumulator_value")?, epsilon: p.number("epsilon")? })
    }
    fn slots(&self) -> Slots {
        Slots::of(&[Slot::filled("accumulator", super::keras_cast(self.initial_accumulator_value))])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
        let [acc] = slots else { return };
        let lr = T::from_f64(step.lr);
        let eps = T::from_f64(self.epsilon);
        for ((w, &g), acc) in w.iter_mut().zip(g).zip(acc.iter_mut()) {
            let a = *acc + g * g;
            *acc = a;
            *w = *w - (lr * g) / (a + eps).sqrt();
        }
    }
}
