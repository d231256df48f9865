//! Muon (Keras 3.15.1 `keras/src/optimizers/muon.py`): momentum orthogonalised by a Newton-Schulz
//! iteration for matrices, and an AdamW update for the other variables.
//!
//! The JavaScript class chooses each variable's update ([`StepInfo::variant`]): 1 for AdamW
//! (variables not of rank 2, names matching `exclude_layers`, embeddings), 0 for Muon. A
//! variable of another rank than 2 gets AdamW whatever the variant.
//!
//! Muon, with `mu` = `momentum`, on a matrix `G` of shape `[r, c]`, in the variable's dtype:
//! ```text
//! m += g + m*(mu - 1)                            (mu - 1 in f64, then rounded: a Python float)
//! X = nesterov ? g + mu*m : m
//! X = X^T if r > c                               (so X has no more rows than columns)
//! X = X*(1/(sqrt(Σ X²) + 1e-7))                  (the Frobenius norm, summed in row-major order
//!                                                 with multiply-adds rounded once, as XLA's CPU
//!                                                 reduction does for an odd number of rows;
//!                                                 XLA on JAX turns x / broadcast(c) into
//!                                                 x * broadcast(1/c))
//! ns_steps times:  A = X X^T;  B = b*A + (c*A) A;  X = a*X + B X
//! X = X^T if r > c
//! w -= ((lr*X)*sqrt(max(r, c)))*rms_rate         (without rms_rate: w -= lr*X)
//! ```
//! (`c * temp_a @ temp_a` in Keras is `(c*A) @ A`: `*` and `@` bind alike, from the left.) Each
//! matrix product accumulates its dot products in order with a multiply-add rounded once, as
//! XLA's CPU products do for Keras on JAX when the inner dimension is below 8 (larger ones there
//! sum in another order, as its norms of matrices of an even number of rows do, and differ in the
//! last bits).
//!
//! AdamW, with `lr_a = lr*adam_lr_ratio` (in the dtype) and the powers of the float32-rounded betas
//! rounded to the dtype, everything else in the dtype as Keras computes it:
//! ```text
//! alpha = (lr_a*sqrt(1 - b2^t))/(1 - b1^t)
//! m += (g - m)(1 - b1);  v += (g² - v)(1 - b2);  w -= (m*alpha)/(sqrt(v) + eps)
//! ```
//! Its weight decay (`adam_weight_decay`, or `weight_decay` for Muon's matrices) is the base
//! optimizer's, chosen per variable by the JavaScript class.

use super::{OptimError, OptimFloat, Params, Slot, Slots, StepInfo, UpdateRule};

/// Keras 3 `Muon(learning_rate=0.001, adam_beta_1=0.9, adam_beta_2=0.999, epsilon=1e-7,
/// muon_a=3.4445, muon_b=-4.7750, muon_c=2.0315, adam_lr_ratio=1, momentum=0.95, ns_steps=5,
/// nesterov=True, rms_rate=0.2)`. Slots: `momentum`, and `velocity` (used by the AdamW update only).
#[derive(Debug, Clone, PartialEq)]
pub struct Muon {
    /// Decay of the AdamW first moment.
    pub adam_beta1: f64,
    /// Decay of the AdamW second moment.
    pub adam_beta2: f64,
    /// Added to the AdamW `sqrt(v)`.
    pub epsilon: f64,
    /// The Newton-Schulz polynomial's coefficients.
    pub muon_a: f64,
    pub muon_b: f64,
    pub muon_c: f64,
    /// The AdamW learning rate over the learning rate.
    pub adam_lr_ratio: f64,
    /// The Muon momentum.
    pub momentum: f64,
    /// Newton-Schulz iterations.
    pub ns_steps: usize,
    /// Nesterov momentum for the Muon update.
    pub nesterov: bool,
    /// The Moonlight scale of the update (NaN: none, Keras's `rms_rate=None`).
    pub rms_rate: f64,
}

impl UpdateRule for Muon {
    const NAME: &'static str = "Muon";
    const ELEMENTWISE: bool = false;
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError> {
        let rule = Muon {
            adam_beta1: p.number("adam_beta_1")?,
            adam_beta2: p.number("adam_beta_2")?,
            epsilon: p.number("epsilon")?,
            muon_a: p.number("muon_a")?,
            muon_b: p.number("muon_b")?,
            muon_c: p.number("muon_c")?,
            adam_lr_ratio: p.number("adam_lr_ratio")?,
            momentum: p.number("momentum")?,
            ns_steps: {
                let n = p.number("ns_steps")?;
                if !(n >= 0.0 && n.fract() == 0.0 && n <= 1e6) {
                    return Err(OptimError::Params(format!("Muon: `ns_steps` must be a non-negative integer, got {n}")));
                }
                n as usize
            },
            nesterov: p.flag("nesterov")?,
            rms_rate: p.number("rms_rate")?,
        };
        Ok(rule)
    }
    fn slots(&self) -> Slots {
        Slots::of(&[Slot::zeros("momentum"), Slot::zeros("velocity")])
    }
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
        let [m, v] = slots else { return };
        if step.variant == 1 || step.shape.len() != 2 {
            self.adamw(w, g, m, v, step);
        } else {
            self.muon(w, g, m, step.lr, step.shape[0], step.shape[1]);
        }
    }
}

impl Muon {
    fn adamw<T: OptimFloat>(&self, w: &mut [T], g: &[T], m: &mut [T], v: &mut [T], step: StepInfo<'_>) {
        let one = T::ONE;
        let lr = T::from_f64(step.lr) * T::from_f64(self.adam_lr_ratio);
        let power = |beta: f64| T::from_f64(super::bias_power(super::keras_cast(beta), step.step));
        let (b1_power, b2_power) = (power(self.adam_beta1), power(self.adam_beta2));
        let alpha = lr * (one - b2_power).sqrt() / (one - b1_power);
        let _ = super::adam::adam_update(w, g, m, v, &mut [], alpha.to_f64(), self.adam_beta1, self.adam_beta2, self.epsilon, false);
    }

    fn muon<T: OptimFloat>(&self, w: &mut [T], g: &[T], m: &mut [T], lr: f64, rows: usize, cols: usize) {
        if w.len() != rows * cols || g.len() != w.len() || m.len() != w.len() {
            return; // (the caller checked the lengths)
        }
        let mu_minus_one = T::from_f64(self.momentum - 1.0);
        for (m, &g) in m.iter_mut().zip(g) {
            *m = *m + (g + *m * mu_minus_one); // m += g + m*(mu - 1)
        }
        let x: Vec<T> = if self.nesterov {
            let mu = T::from_f64(self.momentum);
            g.iter().zip(m.iter()).map(|(&g, &m)| g + mu * m).collect()
        } else {
            m.to_vec()
        };
        let update = self.newton_schulz(x, rows, cols);
        let lr = T::from_f64(lr);
        if self.rms_rate.is_nan() {
            for (w, &u) in w.iter_mut().zip(&update) {
                *w = *w - lr * u;
            }
        } else {
            // ops.sqrt of the integer max(r, c) gives float32
            let scale = T::from_f64(rows.max(cols) as f64).sqrt();
            let rate = T::from_f64(self.rms_rate);
            for (w, &u) in w.iter_mut().zip(&update) {
                *w = *w - lr * u * scale * rate;
            }
        }
    }

    /// Keras's `zeropower_via_newtonschulz5` of the `[rows, cols]` matrix `x`.
    fn newton_schulz<T: OptimFloat>(&self, x: Vec<T>, rows: usize, cols: usize) -> Vec<T> {
        let tall = rows > cols;
        let (r, c) = if tall { (cols, rows) } else { (rows, cols) };
        let mut x = if tall { transpose(&x, rows, cols) } else { x };
        let mut sum = T::ZERO;
        for &e in &x {
            sum = e.mul_add_rounded(e, sum);
        }
        let inverse_norm = T::ONE / (sum.sqrt() + T::from_f64(1e-7));
        for e in x.iter_mut() {
            *e = *e * inverse_norm;
        }
        let (a, b, c3) = (T::from_f64(self.muon_a), T::from_f64(self.muon_b), T::from_f64(self.muon_c));
        for _ in 0..self.ns_steps {
            let gram = matmul(&x, &transpose(&x, r, c), r, c, r); // A = X X^T
            let scaled: Vec<T> = gram.iter().map(|&e| c3 * e).collect();
            let mut poly = matmul(&scaled, &gram, r, r, r); // (c*A) A
            for (p, &g) in poly.iter_mut().zip(&gram) {
                *p = b * g + *p; // B = b*A + (c*A) A
            }
            let mut next = matmul(&poly, &x, r, r, c); // B X
            for (n, &e) in next.iter_mut().zip(&x) {
                *n = a * e + *n; // X = a*X + B X
            }
            x = next;
        }
        if tall {
            transpose(&x, r, c)
        } else {
            x
        }
    }
}

/// Inner dimensions below this are summed as XLA's CPU matrix products sum them (Keras on JAX):
/// in order, each multiply-add rounded once. From it up XLA blocks the sums in an order of its
/// own, which gradtape does not copy: the kernels' product runs instead, about 25 times faster
/// than the ordered loop at Muon's usual sizes (a 256×512 kernel's step).
const ORDERED_INNER_BELOW: usize = 8;

/// The `[n, m]` product of the row-major `[n, k]` matrix `a` and `[k, m]` matrix `b`. For k below
/// [`ORDERED_INNER_BELOW`], each element's dot product accumulated over k in order, each
/// multiply-add rounded once. (The loop runs over k outside j, so the inner loop walks rows of `b`
/// and the output: the same order of accumulation per element, with contiguous reads that
/// vectorise.)
fn matmul<T: OptimFloat>(a: &[T], b: &[T], n: usize, k: usize, m: usize) -> Vec<T> {
    let mut out = vec![T::ZERO; n * m];
    if k >= ORDERED_INNER_BELOW {
        T::matmul(a, b, &mut out, n, k, m);
        return out;
    }
    for (out_row, a_row) in out.chunks_exact_mut(m).zip(a.chunks_exact(k)) {
        for (&a_ik, b_row) in a_row.iter().zip(b.chunks_exact(m)) {
            for (o, &b_kj) in out_row.iter_mut().zip(b_row) {
                *o = a_ik.mul_add_rounded(b_kj, *o);
            }
        }
    }
    out
}

/// The `[cols, rows]` transpose of a row-major `[rows, cols]` matrix.
fn transpose<T: OptimFloat>(x: &[T], rows: usize, cols: usize) -> Vec<T> {
    let mut out = Vec::with_capacity(x.len());
    for j in 0..cols {
        for i in 0..rows {
            out.push(x[i * cols + j]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic f32 matrix with varied magnitudes.
    fn matrix(n: usize, seed: f32) -> Vec<f32> {
        (0..n).map(|i| ((i as f32 * 0.37 + seed).sin() * 1.7) as f32).collect()
    }

    #[test]
    fn matmul_accumulates_each_element_in_order_with_rounded_multiply_adds() {
        let (n, k, m) = (3, 5, 4);
        let (a, b) = (matrix(n * k, 0.3), matrix(k * m, 1.1));
        let got = matmul(&a, &b, n, k, m);
        for i in 0..n {
            for j in 0..m {
                let mut s = 0.0f32;
                for t in 0..k {
                    s = (a[i * k + t] as f64 * b[t * m + j] as f64 + s as f64) as f32;
                }
                assert_eq!(got[i * m + j].to_bits(), s.to_bits(), "[{i}, {j}]");
            }
        }
    }

    #[test]
    fn from_an_inner_dimension_of_8_the_kernels_product_runs_within_rounding_of_the_ordered_sums() {
        for (n, k, m) in [(3, 8, 4), (17, 40, 9), (64, 130, 33)] {
            let (a, b) = (matrix(n * k, 0.3), matrix(k * m, 1.1));
            let got = matmul(&a, &b, n, k, m);
            for i in 0..n {
                for j in 0..m {
                    let (mut exact, mut size) = (0.0f64, 0.0f64);
                    for t in 0..k {
                        exact += a[i * k + t] as f64 * b[t * m + j] as f64;
                        size += (a[i * k + t] as f64 * b[t * m + j] as f64).abs();
                    }
                    let error = (got[i * m + j] as f64 - exact).abs();
                    assert!(error <= size * k as f64 * f32::EPSILON as f64, "[{i}, {j}] of {n}×{k}×{m}: {} against {exact}", got[i * m + j]);
                }
            }
        }
    }

    #[test]
    fn a_tall_matrix_is_orthogonalised_as_its_transpose() {
        let muon = Muon {
            adam_beta1: 0.9, adam_beta2: 0.999, epsilon: 1e-7, muon_a: 3.4445, muon_b: -4.775, muon_c: 2.0315,
            adam_lr_ratio: 1.0, momentum: 0.95, ns_steps: 5, nesterov: true, rms_rate: 0.2,
        };
        let wide = matrix(3 * 5, 0.7);
        let tall = transpose(&wide, 3, 5);
        let from_wide = transpose(&muon.newton_schulz(wide, 3, 5), 3, 5);
        let from_tall = muon.newton_schulz(tall, 5, 3);
        assert_eq!(from_wide, from_tall);
    }
}
