//! Adafactor (Keras 3 `keras/src/optimizers/adafactor.py`).
//!
//! With `t = iterations + 1`, `RMS(x) = sqrt(mean(x²))` and everything in the variable's dtype:
//! ```text
//! relative_step (and lr not a function):  lr = min(lr, 1/sqrt(t))
//! rho   = min(lr, 1/sqrt(t))
//! alpha = max(epsilon_2, RMS(w))*rho
//! b2t   = 1 - t^beta_2_decay
//! G     = g² + epsilon_1
//! rank >= 2 (factored over the last two axes, shape [..., R, C]):
//!     r = b2t*r + (1 - b2t)*mean(G, -1)                    r: [..., R]
//!     c = b2t*c + (1 - b2t)*mean(G, -2)                    c: [..., C]
//!     v = (r/mean(r, -1))[..., :, None] * c[..., None, :]
//! rank < 2:
//!     v = b2t*v + (1 - b2t)*G                              (r and c are unused scalars)
//! u  = g/sqrt(v)
//! w -= alpha * u/max(1, RMS(u)/clip_threshold)
//! ```
//! Means and RMS sums are accumulated in f64 and rounded to the variable's dtype.

use super::{OptimError, OptimFloat, Params, Slot, Slots, SlotShape, StepInfo, UpdateRule};

/// Keras 3 `Adafactor(learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3,
/// clip_threshold=1.0, relative_step=True)`. Slots: `r` (rows), `c` (columns), `velocity`.
#[derive(Debug, Clone, PartialEq)]
pub struct Adafactor {
    /// Exponent of the second-moment decay `1 - t^beta_2_decay`.
    pub beta2_decay: f64,
    /// Added to `g²`.
    pub epsilon1: f64,
    /// Lower bound of `RMS(w)` in the step size.
    pub epsilon2: f64,
    /// Update clipping threshold on `RMS(u)`.
    pub clip_threshold: f64,
    /// Cap the learning rate at `1/sqrt(t)`. JavaScript passes false when the learning rate is a
    /// function, as Keras does for a callable or schedule.
    pub relative_step: bool,
}

impl UpdateRule for Adafactor {
    const NAME: &'static str = "Adafactor";
    // The second moment is factored into row and column means.
    const ELEMENTWISE: bool = false;
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError> {
        Ok(Adafactor {
            beta2_decay: p.number("beta_2_decay")?,
            epsilon1: p.number("epsilon_1")?,
            epsilon2: p.number("epsilon_2")?,
            clip_threshold: p.number("clip_threshold")?,
            relative_step: p.flag("relative_step")?,
        })
    }
    fn slots(&self) -> Slots {
        Slots::of(&[
            Slot { name: "r", initial: 0.0, copies_variable: false, shape: SlotShape::Rows },
            Slot { name: "c", initial: 0.0, copies_variable: false, shape: SlotShape::Columns },
            Slot::zeros("velocity"),
        ])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
        let [r, c, v] = slots else { return };
        let n = w.len();
        if n == 0 {
            return;
        }
        let one = T::ONE;
        let t = T::from_f64(step.step);
        let inv_sqrt_t = one / t.sqrt();
        let min = |a: T, b: T| if b < a { b } else { a };
        let max = |a: T, b: T| if b > a { b } else { a };
        let mut lr = T::from_f64(step.lr);
        if self.relative_step {
            lr = min(lr, inv_sqrt_t);
        }
        let rho = min(lr, inv_sqrt_t);
        let mean = |sum: f64, count: usize| T::from_f64(sum / count as f64);
        let rms_w = mean(w.iter().map(|x| x.to_f64() * x.to_f64()).sum(), n).sqrt();
        let alpha = max(T::from_f64(super::keras_cast(self.epsilon2)), rms_w) * rho; // ops.cast(epsilon_2)
        let b2t = one - t.powf(T::from_f64(self.beta2_decay));
        let one_minus_b2t = one - b2t;
        let eps1 = T::from_f64(self.epsilon1);
        let regulated = |x: T| x * x + eps1; // G = g² + epsilon_1
        let rank = step.shape.len();
        if rank >= 2 {
            let cols = step.shape[rank - 1];
            let rows = step.shape[rank - 2];
            let plane = rows * cols;
            if plane == 0 {
                return;
            }
            for b in 0..n / plane {
                let gb = &g[b * plane..(b + 1) * plane];
                let rb = &mut r[b * rows..(b + 1) * rows];
                let cb = &mut c[b * cols..(b + 1) * cols];
                for (i, ri) in rb.iter_mut().enumerate() {
                    let row = &gb[i * cols..(i + 1) * cols];
                    let m = mean(row.iter().map(|&x| regulated(x).to_f64()).sum(), cols);
                    *ri = b2t * *ri + one_minus_b2t * m;
                }
                for (j, cj) in cb.iter_mut().enumerate() {
                    let m = mean((0..rows).map(|i| regulated(gb[i * cols + j]).to_f64()).sum(), rows);
                    *cj = b2t * *cj + one_minus_b2t * m;
                }
                let r_mean = mean(rb.iter().map(|x| x.to_f64()).sum(), rows);
                let vb = &mut v[b * plane..(b + 1) * plane];
                for (i, &ri) in rb.iter().enumerate() {
                    let scaled = ri / r_mean;
                    for (vij, &cj) in vb[i * cols..(i + 1) * cols].iter_mut().zip(cb.iter()) {
                        *vij = scaled * cj;
                    }
                }
            }
        } else {
            for (v, &g) in v.iter_mut().zip(g) {
                *v = b2t * *v + one_minus_b2t * regulated(g);
            }
        }
        // u = g/sqrt(v);  w -= alpha * u/max(1, RMS(u)/clip_threshold)
        let rms_u = mean(g.iter().zip(v.iter()).map(|(&g, &v)| (g / v.sqrt()).to_f64().powi(2)).sum(), n).sqrt();
        let denominator = max(one, rms_u / T::from_f64(self.clip_threshold));
        for ((w, &g), &v) in w.iter_mut().zip(g).zip(v.iter()) {
            *w = *w - alpha * ((g / v.sqrt()) / denominator);
        }
    }
}
