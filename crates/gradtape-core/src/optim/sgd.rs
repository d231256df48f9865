//! SGD (Keras 3 `keras/src/optimizers/sgd.py`).

use super::{check, LengthMismatch, OptimFloat};

/// Keras 3 SGD, one variable, in place. `momentum` is used as Keras's `ops.cast` gives it
/// ([`super::keras_cast`]); `lr` as given.
///
/// `momentum == 0`: `w -= lr*g`, and `velocity` is not read or written (it may
/// be empty). Otherwise `v = momentum*v - lr*g`; plain: `w += v`;
/// nesterov: `w += momentum*v - lr*g` with the new `v`.
///
/// Returns `Err` and writes nothing if `g` (or, with momentum, `velocity`)
/// does not have `w.len()` elements.
pub fn sgd_step<T: OptimFloat>(
    w: &mut [T],
    g: &[T],
    velocity: &mut [T],
    lr: f64,
    momentum: f64,
    nesterov: bool,
) -> Result<(), LengthMismatch> {
    let n = w.len();
    check("g", n, g.len())?;
    let lr_t = T::from_f64(lr);
    if momentum == 0.0 {
        // w -= g*lr
        for (w, &g) in w.iter_mut().zip(g) {
            *w = *w - g * lr_t;
        }
        return Ok(());
    }
    check("velocity", n, velocity.len())?;
    let mom = T::from_f64(super::keras_cast(momentum)); // ops.cast(self.momentum, variable.dtype)
    if nesterov {
        for ((w, &g), v) in w.iter_mut().zip(g).zip(velocity.iter_mut()) {
            // v = v*momentum - g*lr;  w += v*momentum - g*lr
            let nv = *v * mom - g * lr_t;
            *v = nv;
            *w = *w + (nv * mom - g * lr_t);
        }
    } else {
        for ((w, &g), v) in w.iter_mut().zip(g).zip(velocity.iter_mut()) {
            // v = v*momentum - g*lr;  w += v
            let nv = *v * mom - g * lr_t;
            *v = nv;
            *w = *w + nv;
        }
    }
    Ok(())
}

/// Keras 3 `SGD(learning_rate=0.01, momentum=0.0, nesterov=False)`.
/// Slots: `momentum` (the velocity `v`) when `momentum > 0`, none otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Sgd {
    /// Momentum factor.
    pub momentum: f64,
    /// Nesterov momentum.
    pub nesterov: bool,
}

impl super::UpdateRule for Sgd {
    const NAME: &'static str = "SGD";
    const ELEMENTWISE: bool = true;
    fn from_params(p: &mut super::Params<'_>) -> Result<Self, super::OptimError> {
        Ok(Sgd { momentum: p.number("momentum")?, nesterov: p.flag("nesterov")? })
    }
    fn slots(&self) -> super::Slots {
        let momentum = [super::Slot::zeros("momentum")];
        super::Slots::of(if self.momentum == 0.0 { &[] } else { &momentum })
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: super::StepInfo<'_>) {
        let velocity: &mut [T] = match slots {
            [v] => v,
            _ => &mut [],
        };
        // Lengths were checked by the caller, so this cannot fail.
        let _ = sgd_step(w, g, velocity, step.lr, self.momentum, self.nesterov);
    }
}
