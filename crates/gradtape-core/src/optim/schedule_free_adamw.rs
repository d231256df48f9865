//! ScheduleFreeAdamW (Keras 3.15.1 `keras/src/optimizers/schedule_free_adamw.py`; Defazio et al.
//! 2024). The variable holds `y`, the point gradients are taken at; the slot `momentum` holds `z`,
//! the Adam iterate, and starts as a copy of the variable. With `t` = the step, everything in the
//! variable's dtype from the float32-rounded hyperparameters, as Keras computes it:
//! ```text
//! lr = lr*min(t/warmup_steps, 1)                 (with warmup_steps > 0)
//! v += (g² - v)(1 - b2)
//! z' = z - (lr*g)/(sqrt(v/(1 - b2^t)) + eps)
//! x = (y - (1 - b1)*z)/b1                        (the average, from the old y and z)
//! x' = (1 - 1/t)*x + (1/t)*z'
//! y = (1 - b1)*z' + b1*x'
//! ```
//! (`b2^t` is the power of the float32-rounded `b2`, rounded to the dtype.) Keras divides by the
//! scalars `1 - b2^t` and `b1` as XLA does on JAX (its simplifier turns `x / broadcast(c)` into
//! `x * broadcast(1/c)`): by multiplying with their reciprocals, rounded to the dtype.

use super::{OptimError, OptimFloat, Params, Slot, Slots, StepInfo, UpdateRule};

/// Keras 3 `ScheduleFreeAdamW(learning_rate=0.0025, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
/// warmup_steps=0)`. Slots: `momentum` (a copy of the variable at build), `velocity`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleFreeAdamW {
    /// The interpolation between the average and the Adam iterate.
    pub beta1: f64,
    /// Decay of the second moment.
    pub beta2: f64,
    /// Added to the bias-corrected `sqrt(v)`.
    pub epsilon: f64,
    /// Steps of linear learning-rate warm-up (0: none).
    pub warmup_steps: f64,
}

impl UpdateRule for ScheduleFreeAdamW {
    const NAME: &'static str = "ScheduleFreeAdamW";
    const ELEMENTWISE: bool = true;
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError> {
        Ok(ScheduleFreeAdamW {
            beta1: p.number("beta_1")?,
            beta2: p.number("beta_2")?,
            epsilon: p.number("epsilon")?,
            warmup_steps: p.number("warmup_steps")?,
        })
    }
    fn slots(&self) -> Slots {
        Slots::of(&[Slot::copy_of_variable("momentum"), Slot::zeros("velocity")])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
        let [z, v] = slots else { return };
        let one = T::ONE;
        let cast = |x: f64| T::from_f64(super::keras_cast(x));
        let t = T::from_f64(step.step);
        let mut lr = T::from_f64(step.lr);
        if self.warmup_steps > 0.0 {
            let ratio = t / cast(self.warmup_steps);
            lr = lr * if ratio <= one || ratio.is_nan() { ratio } else { one }; // minimum(t/warmup, 1)
        }
        let (b1, b2, eps) = (cast(self.beta1), cast(self.beta2), cast(self.epsilon));
        let bias_correction2 = one - T::from_f64(super::bias_power(super::keras_cast(self.beta2), step.step));
        let (one_minus_b1, one_minus_b2) = (one - b1, one - b2);
        let (inverse_bias_correction2, inverse_b1) = (one / bias_correction2, one / b1);
        let weight = one / t;
        let one_minus_weight = one - weight;
        for (((y, &g), z), v) in w.iter_mut().zip(g).zip(z.iter_mut()).zip(v.iter_mut()) {
            let nv = *v + (g * g - *v) * one_minus_b2;
            let denom = (nv * inverse_bias_correction2).sqrt() + eps;
            let z_old = *z;
            let nz = z_old - (lr * g) / denom;
            let x_old = (*y - one_minus_b1 * z_old) * inverse_b1;
            let x_new = one_minus_weight * x_old + weight * nz;
            *v = nv;
            *z = nz;
            *y = one_minus_b1 * nz + b1 * x_new;
        }
    }
}
