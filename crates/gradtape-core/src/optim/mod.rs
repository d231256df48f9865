//! Fused, in-place optimizer updates with Keras 3 semantics.
//!
//! Every optimizer is one type implementing [`UpdateRule`] in its own file (its
//! hyperparameters, its slots with their initial values, and its update of one
//! variable in the variable's dtype) and one row of `optimizer_table!`, which
//! makes the [`Optimizer`] enum, its exhaustive dispatch and [`OPTIMIZER_NAMES`]
//! (JavaScript finds an optimizer's code by its Keras name).
//!
//! [`apply`] is Keras 3's `apply` for one variable (tf-semantics.md §3.2): clip
//! the gradient ([`GradientClip`]), then the decoupled weight decay
//! `w -= w*wd*lr` with this step's lr, then the optimizer's update; it checks
//! everything before writing anything. One call per variable per step. The
//! caller keeps the rest of Keras's `apply`: learning-rate schedules, the norm
//! of all gradients for `global_clipnorm` ([`sum_of_squares`]), which variables
//! are excluded from weight decay, `iterations += 1` and the shared Nadam
//! `u_product`. This module is self-contained: it has no dependencies and no
//! `crate::` paths.
//!
//! The formulas of RMSprop, Adagrad, Adadelta, Adamax, Lion, Ftrl, Lamb and
//! Adafactor are in their files. Those kernels follow Keras's arithmetic literally: a scalar that
//! Keras computes from Python floats is computed in f64 and rounded once; a scalar
//! Keras computes from tensors cast to the variable's dtype (`b1^t` in Adamax and
//! Lamb, `1 - b` in Lion, Ftrl's `l2 + beta/(2 lr)`) is computed in that dtype;
//! sums (norms, means) are accumulated in f64 and rounded once.
//! SGD, Adam and Nadam (below) compute their per-call scalars in f64.
//! Where Keras writes `ops.cast(<hyperparameter>, variable.dtype)`, the rules use
//! [`keras_cast`] of it (float32-rounded, as TensorFlow's `tf.cast` of a Python float gives it),
//! in float64 variables too; see "Precision".
//!
//! # Formulas (Keras 3 `update_step`, tf-semantics.md §3.4 and §3.5)
//! `t` = `step` = `iterations + 1` as `f64`. Every slot starts at 0. `R(x)` is
//! [`keras_cast`]`(x)` = `float64(float32(x))`.
//!
//! SGD:
//! ```text
//! momentum == 0:   w -= lr*g                      (velocity is not touched)
//! otherwise:       v = momentum*v - lr*g         (momentum = R(momentum))
//!                  plain:     w += v
//!                  nesterov:  w += momentum*v - lr*g   (uses the new v)
//! ```
//! Adam (eps is "epsilon hat": it is added to the *uncorrected* sqrt(v)):
//! ```text
//! alpha = lr*sqrt(1 - R(b2)^t)/(1 - R(b1)^t)      (per call, f64)
//! m += (g - m)(1 - b1)                           (the exact 1 - b1, 1 - b2 and eps)
//! v += (g² - v)(1 - b2)
//! amsgrad: vh = max(vh, v) and use vh instead of v below
//! w -= m*alpha/(sqrt(v) + eps)
//! ```
//! Nadam (Keras 3 schedule `0.96^t`, not the legacy `0.96^(0.004 t)`):
//! ```text
//! u_t   = R(b1)*(1 - 0.5*R(0.96)^t)
//! u_t1  = R(b1)*(1 - 0.5*R(0.96)^(t+1))
//! up_t  = u_product = Π_{i=1..t} b1*(1 - 0.5*0.96^i)   (kept by the caller with the exact
//!                                                 b1 and 0.96: nadam_momentum_factor)
//! up_t1 = up_t*u_t1
//! m += (g - m)(1 - R(b1))
//! v += (g² - v)(1 - R(b2))
//! m_hat = u_t1*m/(1 - up_t1) + (1 - u_t)*g/(1 - up_t)
//! v_hat = v/(1 - R(b2)^t)
//! w -= lr*m_hat/(sqrt(v_hat) + eps)
//! ```
//!
//! # Precision
//! As in Keras, the element-wise arithmetic is done in the variable's dtype
//! `T`. A hyperparameter enters `T` one of two ways, as in Keras 3 on
//! TensorFlow:
//! * `ops.cast(self.beta_1, variable.dtype)` is `tf.cast`, which converts a
//!   Python float to float32 before casting it: [`keras_cast`] (`R` above),
//!   for f64 variables too (R(0.999) = 0.9990000128746033, so `1 - b2^1` is
//!   1.3e-5 larger than with the exact 0.999). The sites: the learning rate
//!   (rounded by JavaScript, unless it is a plain number and floatx was
//!   float64 when the optimizer was made: Keras's learning-rate variable is
//!   then float64), the weight decay, SGD's momentum, the betas of Adam's,
//!   Adamax's and Lamb's bias corrections, Nadam's betas and decay 0.96,
//!   Lion's betas, Adafactor's epsilon_2, and the initial accumulator of
//!   Adagrad and Ftrl (`initializers.Constant` casts it).
//! * A Python float in arithmetic with a tensor (`(g - m)*(1 - beta_1)`,
//!   `sqrt(v) + epsilon`, `rho*v`) is converted in `T`, exactly: `T::from_f64`.
//!
//! The per-call scalars (`alpha`, the Nadam coefficients `u_t1/(1-up_t1)` and
//! `(1-u_t)/(1-up_t)`, `1/(1-b2^t)`, …) are computed once per call in `f64`
//! from those inputs and then rounded to `T`. Keras computes those scalars in
//! `T`, so f32 results can differ from Keras in the last bits. f64 results
//! match `scripts/keras_reference.py` to about 1e-15.
//!
//! # Errors
//! Each kernel returns `Result<(), LengthMismatch>`. Every slot that the
//! chosen variant uses must have the same length as `w`. If one does not,
//! the kernel returns `Err` **before writing anything**: `w` and all slots
//! are unchanged. A slot that the variant does not use is ignored and may
//! have any length, including 0: `velocity` when `momentum == 0`, and
//! `v_hat` when `!amsgrad`. The kernels never panic. The loops are
//! `zip`-based, with no indexing and no bounds checks.
//!
//! # What the caller must do
//! * `step` is `iterations + 1`, where `iterations` is the counter before
//!   this apply. So the first update uses `step = 1.0`. With
//!   `gradient_accumulation_steps = N` it is `iterations / N + 1`
//!   (integer division), as in Keras.
//! * `lr` is the learning rate already evaluated for this step, as Keras's
//!   `ops.cast(learning_rate, variable.dtype)` gives it: [`keras_cast`] of it,
//!   unless it is a number and floatx was float64 when the optimizer was made
//!   (ts/optimizers.ts does this). Schedules see the raw `iterations`.
//! * **Nadam:** keep one `u_product: f64 = 1.0` per optimizer (not per
//!   variable). Once per apply, *before* the per-variable calls, do
//!   `u_product *= nadam_momentum_factor(beta1, step)`. Then pass the
//!   advanced value to every `nadam_step` of that apply. Keras stores
//!   `u_product` in the dtype of the first variable, usually f32. Keeping
//!   it in f64 is slightly more accurate, and the difference is about 1e-7
//!   relative. Serialise it with the optimizer state.
//! * SGD with `nesterov = true` and `momentum = 0` is plain SGD, as in Keras
//!   (Keras's own SGD golden test uses exactly that).
//!
//! # Vectorisation
//! The momentum / nesterov / amsgrad choices are made once, outside the
//! loops. Every inner loop is a branch-free `zip` over slices that cannot
//! alias (`&mut`). `sqrt` lowers to `llvm.sqrt`. So LLVM auto-vectorises the
//! loops (`f32x4`/`f64x2` on wasm simd128 with `-C target-feature=+simd128`).
//! Nothing is fused into FMA, so the per-element rounding is the same as
//! NumPy's.

mod adadelta;
mod adafactor;
mod adagrad;
mod adam;
mod adamax;
mod ftrl;
mod lamb;
mod lion;
mod muon;
mod nadam;
mod power;
mod rmsprop;
mod schedule_free_adamw;
mod sgd;

use power::bias_power;

/// `float64(float32(x))`: a Python float as Keras 3's `ops.cast(x, variable.dtype)` gives it on
/// the TensorFlow backend.
///
/// `ops.cast` there is `tf.cast`, and `tf.cast` first converts a Python float to a tensor of its
/// own default dtype, float32, and only then casts that tensor to the target dtype. So a float64
/// variable sees `ops.cast(0.999, "float64")` as 0.9990000128746033, not 0.999. (A Python float
/// that meets a tensor in arithmetic, `ops.multiply(m, 1 - beta_1)` or `sqrt(v) + epsilon`, is
/// converted in the tensor's dtype instead, exactly: those sites do not call this.) For a float32
/// variable the rounding is the one `T::from_f64` does anyway, so the update rules call it at
/// exactly the sites where Keras writes `ops.cast(<hyperparameter>, variable.dtype)`, for both
/// dtypes. The learning rate is rounded by JavaScript (it is a float32 variable unless floatx is
/// float64).
#[inline(always)]
pub fn keras_cast(x: f64) -> f64 {
    x as f32 as f64
}

pub use adadelta::Adadelta;
pub use adafactor::Adafactor;
pub use adagrad::Adagrad;
pub use adam::{adam_alpha, adam_step, Adam};
pub use adamax::Adamax;
pub use ftrl::Ftrl;
pub use lamb::Lamb;
pub use lion::Lion;
pub use muon::Muon;
pub use nadam::{nadam_momentum_factor, nadam_step, Nadam};
pub use rmsprop::RmsProp;
pub use schedule_free_adamw::ScheduleFreeAdamW;
pub use sgd::{sgd_step, Sgd};

use crate::kernels::parallel::{self, SharedMut};
use core::fmt;
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use core::ops::{Add, Div, Mul, Neg, Sub};

/// The float types the kernels work on (`f32`, `f64`).
pub trait OptimFloat:
    Copy
    + Send
    + Sync
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// 0 and 1 in this type.
    const ZERO: Self;
    /// 1 in this type.
    const ONE: Self;
    /// Round an `f64` to this type (the `ops.cast(x, variable.dtype)` of Keras).
    fn from_f64(x: f64) -> Self;
    /// Widen to `f64`.
    fn to_f64(self) -> f64;
    /// IEEE square root (lowers to `llvm.sqrt`, which vectorises).
    fn sqrt(self) -> Self;
    /// `self^e` (`ops.power`).
    fn powf(self, e: Self) -> Self;
    /// `|self|`.
    fn abs(self) -> Self;
    /// `ops.sign`: -1, 0 or 1 (NaN stays NaN).
    fn sign(self) -> Self;
    /// Whether this is NaN.
    fn is_nan(self) -> bool;
    /// `self*a + b` rounded once, as a fused multiply-add gives it (XLA's CPU matrix products
    /// accumulate so). f32: the product and sum in f64, then rounded to f32 (the product is exact
    /// in f64; rounding twice differs from one rounding only when the f64 sum lands exactly halfway
    /// between two f32s). f64: the product and the sum each rounded (no fused multiply-add in wasm).
    fn mul_add_rounded(self, a: Self, b: Self) -> Self;
    /// The kernels' matrix product (blocked, SIMD, threaded when large): `out` (m×n) = a (m×k) ·
    /// b (k×n), all row-major.
    fn matmul(a: &[Self], b: &[Self], out: &mut [Self], m: usize, k: usize, n: usize);
}

/// f32 and f64 alike: each method is the float type's own.
macro_rules! optim_float {
    ($t:ident) => {
        impl OptimFloat for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            #[inline(always)]
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                $t::sqrt(self)
            }
            #[inline(always)]
            fn powf(self, e: Self) -> Self {
                $t::powf(self, e)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                $t::abs(self)
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                $t::is_nan(self)
            }
            #[inline(always)]
            fn mul_add_rounded(self, a: Self, b: Self) -> Self {
                (self as f64 * a as f64 + b as f64) as $t
            }
            #[inline(always)]
            fn matmul(a: &[Self], b: &[Self], out: &mut [Self], m: usize, k: usize, n: usize) {
                crate::kernels::matmul::<$t>(a, b, out, m, k, n, false, false)
            }
            #[inline(always)]
            fn sign(self) -> Self {
                if self > 0.0 {
                    1.0
                } else if self < 0.0 {
                    -1.0
                } else {
                    self // 0, -0 or NaN
                }
            }
        }
    };
}
optim_float!(f32);
optim_float!(f64);

/// A slot or gradient slice does not have the variable's length. Nothing was
/// written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LengthMismatch {
    /// The name of the offending argument (`"g"`, `"velocity"`, `"m"`, `"v"`, `"v_hat"`).
    pub buffer: &'static str,
    /// `w.len()`.
    pub expected: usize,
    /// The offending slice's length.
    pub actual: usize,
}

impl fmt::Display for LengthMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "optimizer slot `{}` has length {}, but the variable has length {}",
            self.buffer, self.actual, self.expected
        )
    }
}

impl std::error::Error for LengthMismatch {}

#[inline]
fn check(buffer: &'static str, expected: usize, actual: usize) -> Result<(), LengthMismatch> {
    if expected == actual {
        Ok(())
    } else {
        Err(LengthMismatch {
            buffer,
            expected,
            actual,
        })
    }
}

// ---------------------------------------------------------------- the optimizer table

/// One optimizer's Keras 3 `update_step`: the slots it keeps per variable and its fused,
/// in-place update of one variable. Adding an optimizer is one type implementing this trait
/// (in its own file) and one row of [`optimizer_table!`].
pub trait UpdateRule: Sized {
    /// The Keras 3 class name (`"RMSprop"`); JavaScript finds the optimizer's code by it.
    const NAME: &'static str;
    /// Whether each element's update reads only that element of the variable, the gradient and
    /// the slots (and the step's scalars): a large variable's update may then be cut into runs
    /// shared among threads, with the same bits.
    const ELEMENTWISE: bool;
    /// Reads the hyperparameters, in the order the rule declares them (the JavaScript class
    /// passes them in the same order).
    fn from_params(p: &mut Params<'_>) -> Result<Self, OptimError>;
    /// The per-variable slots, in the order [`UpdateRule::update`] receives them: their Keras
    /// names and initial values (they may depend on the hyperparameters).
    fn slots(&self) -> Slots;
    /// Updates `w` and its slots in place with the (already clipped) gradient `g`, after the
    /// weight decay. The caller has checked that `slots` has one entry per [`UpdateRule::slots`]
    /// and that every slice has `w.len()` elements.
    fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>);
}

/// A per-variable slot: its Keras name, initial value and shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    /// Keras's name for it (`"momentum"`, `"velocity"`, ...).
    pub name: &'static str,
    /// Initial value of every element.
    pub initial: f64,
    /// Whether the slot starts as a copy of its variable instead (ScheduleFreeAdamW's `momentum`,
    /// which Keras assigns `ops.copy(var)` when it builds); `initial` is then unused.
    pub copies_variable: bool,
    /// Its shape, from the variable's.
    pub shape: SlotShape,
}

/// A slot's shape as a function of its variable's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotShape {
    /// The variable's shape.
    Variable,
    /// `shape[:-1]` (the variable's row means, Adafactor's `r`); a scalar below rank 2.
    Rows,
    /// `shape[:-2] + shape[-1:]` (the column means, Adafactor's `c`); a scalar below rank 2.
    Columns,
}

impl SlotShape {
    /// The ABI code of this shape rule (JavaScript makes the slot tensors).
    pub fn code(self) -> u32 {
        match self {
            SlotShape::Variable => 0,
            SlotShape::Rows => 1,
            SlotShape::Columns => 2,
        }
    }
    /// The number of elements of the slot of a variable of `shape`.
    pub fn len(self, shape: &[usize]) -> usize {
        let n = shape.len();
        match self {
            SlotShape::Variable => shape.iter().product(),
            SlotShape::Rows if n >= 2 => shape[..n - 1].iter().product(),
            SlotShape::Columns if n >= 2 => shape[..n - 2].iter().product::<usize>() * shape[n - 1],
            SlotShape::Rows | SlotShape::Columns => 1,
        }
    }
}

/// A rule's slots: at most MAX_SLOTS, kept inline (a step asks for them for every variable it
/// updates, and should not allocate to check them).
#[derive(Debug, Clone, Copy)]
pub struct Slots {
    list: [Slot; MAX_SLOTS],
    len: usize,
}

impl Slots {
    pub fn of(slots: &[Slot]) -> Slots {
        assert!(slots.len() <= MAX_SLOTS, "a rule keeps at most {MAX_SLOTS} slots");
        let mut list = [Slot::zeros(""); MAX_SLOTS];
        list[..slots.len()].copy_from_slice(slots);
        Slots { list, len: slots.len() }
    }
}

impl std::ops::Deref for Slots {
    type Target = [Slot];
    fn deref(&self) -> &[Slot] {
        &self.list[..self.len]
    }
}

impl Slot {
    /// A slot of the variable's shape that starts at 0.
    pub const fn zeros(name: &'static str) -> Slot {
        Slot { name, initial: 0.0, copies_variable: false, shape: SlotShape::Variable }
    }
    /// A slot of the variable's shape that starts at `initial`.
    pub const fn filled(name: &'static str, initial: f64) -> Slot {
        Slot { name, initial, copies_variable: false, shape: SlotShape::Variable }
    }
    /// A slot of the variable's shape that starts as a copy of the variable's value when the
    /// optimizer is built.
    pub const fn copy_of_variable(name: &'static str) -> Slot {
        Slot { name, initial: 0.0, copies_variable: true, shape: SlotShape::Variable }
    }
}

/// What one variable's update gets besides its buffers.
#[derive(Debug, Clone, Copy)]
pub struct StepInfo<'a> {
    /// The learning rate, already evaluated for this step.
    pub lr: f64,
    /// `iterations + 1` (the first update uses 1).
    pub step: f64,
    /// The variable's shape (its buffers are flat, row-major).
    pub shape: &'a [usize],
    /// Which of the rule's updates this variable gets, chosen per variable by the optimizer's
    /// JavaScript class (0 for rules with one update; Muon: 1 for its AdamW update).
    pub variant: u32,
    /// What the rule computes once per step: one per step of one optimizer, shared by the updates
    /// of all its variables.
    pub constants: &'a StepConstants,
}

/// Values an update rule computes once per step and shares among the variables of the step
/// (Adam's bias-corrected step size: two powers per step, not two per variable). The first
/// update of the step fills it; the others read it. (Atomics, for the updates that threads share:
/// any two threads that both compute the values compute the same bits.)
#[derive(Debug, Default)]
pub struct StepConstants {
    filled: AtomicBool,
    values: [AtomicU64; 3],
}

impl StepConstants {
    /// The step's constants, from `compute` on the step's first call.
    pub fn get_or(&self, compute: impl FnOnce() -> [f64; 3]) -> [f64; 3] {
        if self.filled.load(Ordering::Acquire) {
            return self.values.each_ref().map(|v| f64::from_bits(v.load(Ordering::Relaxed)));
        }
        let values = compute();
        for (kept, value) in self.values.iter().zip(values) {
            kept.store(value.to_bits(), Ordering::Relaxed);
        }
        self.filled.store(true, Ordering::Release);
        values
    }
}

/// Reads an optimizer's hyperparameters from the f64 list the ABI passes.
pub struct Params<'a> {
    optimizer: &'static str,
    values: &'a [f64],
    at: usize,
}

impl<'a> Params<'a> {
    /// A reader over `values` for `optimizer`'s error messages.
    pub fn new(optimizer: &'static str, values: &'a [f64]) -> Self {
        Params { optimizer, values, at: 0 }
    }
    /// The next hyperparameter.
    pub fn number(&mut self, name: &'static str) -> Result<f64, OptimError> {
        let v = self.values.get(self.at).copied().ok_or_else(|| {
            OptimError::Params(format!("{}: the hyperparameter `{name}` is missing (got {} values)", self.optimizer, self.values.len()))
        })?;
        self.at += 1;
        Ok(v)
    }
    /// The next hyperparameter as a flag (1 is true, 0 false).
    pub fn flag(&mut self, name: &'static str) -> Result<bool, OptimError> {
        let x = self.number(name)?;
        if x == 1.0 {
            Ok(true)
        } else if x == 0.0 {
            Ok(false)
        } else {
            Err(OptimError::Params(format!("{}: `{name}` must be 0 or 1, got {x}", self.optimizer)))
        }
    }
    fn finish(&self) -> Result<(), OptimError> {
        if self.at == self.values.len() {
            Ok(())
        } else {
            Err(OptimError::Params(format!(
                "{}: expected {} hyperparameters, got {}",
                self.optimizer,
                self.at,
                self.values.len()
            )))
        }
    }
}

/// Why an optimizer call failed. Nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub enum OptimError {
    /// A gradient or slot does not have the variable's length.
    Length(LengthMismatch),
    /// The wrong number of slots was passed.
    SlotCount {
        /// The optimizer's Keras name.
        optimizer: &'static str,
        /// How many slots it keeps per variable.
        expected: usize,
        /// How many were passed.
        actual: usize,
    },
    /// Missing, extra or malformed hyperparameters.
    Params(String),
    /// No optimizer has this code.
    UnknownCode(u32),
    /// The clipped gradient's buffer could not be allocated (bytes).
    OutOfMemory(usize),
}

impl From<LengthMismatch> for OptimError {
    fn from(e: LengthMismatch) -> Self {
        OptimError::Length(e)
    }
}

impl fmt::Display for OptimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptimError::Length(e) => e.fmt(f),
            OptimError::SlotCount { optimizer, expected, actual } => {
                write!(f, "{optimizer} keeps {expected} slots per variable, but {actual} were passed")
            }
            OptimError::Params(message) => f.write_str(message),
            OptimError::UnknownCode(code) => write!(f, "no optimizer has code {code}"),
            OptimError::OutOfMemory(bytes) => write!(f, "out of memory allocating {bytes} bytes for a clipped gradient"),
        }
    }
}

impl std::error::Error for OptimError {}

/// Declares every optimizer once: its code (the row number JavaScript looks up by name) and
/// the type implementing [`UpdateRule`]. The enum and its exhaustive dispatch come from it.
macro_rules! optimizer_table {
    ($($code:literal => $variant:ident($rule:ty),)*) => {
        /// An optimizer with its hyperparameters, decoded from the ABI.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Optimizer {
            $(
                #[doc = concat!("Keras 3 `", stringify!($variant), "`.")]
                $variant($rule),
            )*
        }

        /// The optimizers' Keras names, in code order.
        pub const OPTIMIZER_NAMES: &[&str] = &[$(<$rule as UpdateRule>::NAME),*];

        impl Optimizer {
            /// Decodes optimizer `code` with its hyperparameters.
            pub fn decode(code: u32, params: &[f64]) -> Result<Optimizer, OptimError> {
                match code {
                    $(
                        $code => {
                            let mut p = Params::new(<$rule as UpdateRule>::NAME, params);
                            let rule = <$rule as UpdateRule>::from_params(&mut p)?;
                            p.finish()?;
                            Ok(Optimizer::$variant(rule))
                        }
                    )*
                    other => Err(OptimError::UnknownCode(other)),
                }
            }
            /// The Keras class name.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Optimizer::$variant(_) => <$rule as UpdateRule>::NAME,)*
                }
            }
            /// Whether its rule is elementwise ([`UpdateRule::ELEMENTWISE`]).
            pub fn elementwise(&self) -> bool {
                match self {
                    $(Optimizer::$variant(_) => <$rule as UpdateRule>::ELEMENTWISE,)*
                }
            }
            /// The slots each variable gets.
            pub fn slots(&self) -> Slots {
                match self {
                    $(Optimizer::$variant(rule) => rule.slots(),)*
                }
            }
            fn update<T: OptimFloat>(&self, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
                match self {
                    $(Optimizer::$variant(rule) => update_with(rule, w, g, slots, step),)*
                }
            }
        }
    };
}

/// One rule's update, never inlined into the dispatch. Inlined, LLVM hoisted the step-invariant
/// `pow` calls of Adamax, Lamb and Adafactor above the match (a `pow` has no side effects), so
/// every optimizer's step paid for six of them: about 50 ns each in wasm, half the cost of a
/// small compiled step's update.
///
/// An elementwise rule's update of a large variable runs in runs of PARALLEL_UPDATE_RUN elements,
/// shared among threads where there are workers.
#[inline(never)]
fn update_with<R: UpdateRule + Sync, T: OptimFloat>(rule: &R, w: &mut [T], g: &[T], slots: &mut [&mut [T]], step: StepInfo<'_>) {
    let n = w.len();
    let runs = n.div_ceil(PARALLEL_UPDATE_RUN);
    if !R::ELEMENTWISE || n < PARALLEL_UPDATE || slots.len() > MAX_SLOTS || slots.iter().any(|s| s.len() != n) {
        return rule.update(w, g, slots, step);
    }
    let team = parallel::team(runs, true);
    if team.slots() == 1 {
        return rule.update(w, g, slots, step);
    }
    let w_at = SharedMut(w.as_mut_ptr());
    let mut slots_at = [SharedMut(core::ptr::null_mut::<T>()); MAX_SLOTS];
    for (at, slot) in slots_at.iter_mut().zip(slots.iter_mut()) {
        *at = SharedMut(slot.as_mut_ptr());
    }
    let count = slots.len();
    team.for_each(runs, &|run, _| {
        let start = run * PARALLEL_UPDATE_RUN;
        let len = PARALLEL_UPDATE_RUN.min(n - start);
        // SAFETY: runs are disjoint ranges of the variable and of each slot (every slot has n
        // elements, checked above), and no task reads another's range.
        let part = |at: SharedMut<T>| unsafe { core::slice::from_raw_parts_mut(at.ptr().add(start), len) };
        let mut run_slots: [&mut [T]; MAX_SLOTS] = Default::default();
        for (run_slot, &at) in run_slots.iter_mut().zip(&slots_at[..count]) {
            *run_slot = part(at);
        }
        rule.update(part(w_at), &g[start..start + len], &mut run_slots[..count], step);
    });
}

/// Elementwise updates of at least this many elements are shared among threads.
const PARALLEL_UPDATE: usize = 1 << 17;
/// Elements per task of a shared update.
const PARALLEL_UPDATE_RUN: usize = 1 << 15;
/// The most slots a rule keeps (elementwise rules keep at most three, Adafactor three).
const MAX_SLOTS: usize = 4;

optimizer_table! {
    0 => Sgd(sgd::Sgd),
    1 => Adam(adam::Adam),
    2 => Nadam(nadam::Nadam),
    3 => RmsProp(rmsprop::RmsProp),
    4 => Adagrad(adagrad::Adagrad),
    5 => Adadelta(adadelta::Adadelta),
    6 => Adamax(adamax::Adamax),
    7 => Lion(lion::Lion),
    8 => Ftrl(ftrl::Ftrl),
    9 => Lamb(lamb::Lamb),
    10 => Adafactor(adafactor::Adafactor),
    11 => Muon(muon::Muon),
    12 => ScheduleFreeAdamW(schedule_free_adamw::ScheduleFreeAdamW),
}

// ---------------------------------------------------------------- the base optimizer's part

/// How the gradient is clipped before the update (Keras 3 `_clip_gradients`; at most one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GradientClip {
    /// The gradient as it is.
    None,
    /// `clipnorm = c`: `g*c / max(‖g‖₂, c)`, per variable.
    Norm(f64),
    /// `clipvalue = v`: `clip(g, -v, v)`.
    Value(f64),
    /// `g*s`: `global_clipnorm = c` with `s = c*min(1/N, 1/c) + (N - N)`, where `N` is the norm
    /// of all the step's gradients together (the caller computes it; NaN when `N` is not finite).
    Scale(f64),
}

/// The base-optimizer options applied before the update rule, in Keras 3's order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BaseStep {
    /// Gradient clipping.
    pub clip: GradientClip,
    /// Decoupled weight decay `w -= w*wd*lr` with this step's lr (`None`: off, or this variable
    /// is excluded).
    pub weight_decay: Option<f64>,
}

/// Keras 3's `apply` for one variable: clip the gradient, apply the weight decay, then the
/// optimizer's update. `specs` is `optimizer.slots()` (a step over many variables asks once).
/// Every check (slot count, lengths, the clipped gradient's buffer) happens before anything is
/// written: on `Err`, `w` and the slots are unchanged.
pub fn apply<T: OptimFloat>(
    optimizer: &Optimizer,
    specs: &[Slot],
    w: &mut [T],
    g: &[T],
    slots: &mut [&mut [T]],
    step: StepInfo<'_>,
    base: BaseStep,
) -> Result<(), OptimError> {
    let expected = specs.len();
    if slots.len() != expected {
        return Err(OptimError::SlotCount { optimizer: optimizer.name(), expected, actual: slots.len() });
    }
    let n = w.len();
    check("w", step.shape.iter().product(), n)?;
    check("g", n, g.len())?;
    for (slot, spec) in slots.iter().zip(specs.iter()) {
        check(spec.name, spec.shape.len(step.shape), slot.len())?;
    }
    let clipped = clip_gradient(g, base.clip)?;
    let g = clipped.as_deref().unwrap_or(g);
    if let Some(wd) = base.weight_decay {
        // variable - variable*wd*lr, with wd and lr cast to the variable's dtype (tf.cast: wd
        // through float32; JavaScript rounded the learning rate as Keras does)
        let (wd, lr) = (T::from_f64(keras_cast(wd)), T::from_f64(step.lr));
        for w in w.iter_mut() {
            *w = *w - *w * wd * lr;
        }
    }
    optimizer.update(w, g, slots, step);
    Ok(())
}

/// Keras 3's other per-variable bookkeeping, in place in the variable's dtype: gradient
/// accumulation (`gradient_accumulation_steps`) and the moving average of the weights (`use_ema`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BaseOp {
    /// `acc += g` (a step that only accumulates).
    Accumulate,
    /// `acc = (g + acc)/steps`: the averaged gradient the update then uses.
    AverageAccumulated(f64),
    /// `acc = 0` after the update (the source is not read and may be empty).
    Reset,
    /// `avg = m*avg + (1 - m)*w` with `m = ema_momentum`, or 0 on the first step.
    MovingAverage(f64),
    /// `w = avg` (`ema_overwrite_frequency`, `finalize_variable_values`).
    Overwrite,
}

/// Applies `op` to `target` with `source` (see [`BaseOp`]). Writes nothing on `Err`.
pub fn base_op<T: OptimFloat>(op: BaseOp, target: &mut [T], source: &[T]) -> Result<(), LengthMismatch> {
    if op != BaseOp::Reset {
        check("source", target.len(), source.len())?;
    }
    match op {
        BaseOp::Accumulate => {
            for (a, &g) in target.iter_mut().zip(source) {
                *a = *a + g;
            }
        }
        BaseOp::AverageAccumulated(steps) => {
            let steps = T::from_f64(steps);
            for (a, &g) in target.iter_mut().zip(source) {
                *a = (g + *a) / steps;
            }
        }
        BaseOp::Reset => target.iter_mut().for_each(|a| *a = T::ZERO),
        BaseOp::MovingAverage(m) => {
            let m = T::from_f64(m);
            let one_minus_m = T::ONE - m;
            for (avg, &w) in target.iter_mut().zip(source) {
                *avg = m * *avg + one_minus_m * w;
            }
        }
        BaseOp::Overwrite => target.copy_from_slice(source),
    }
    Ok(())
}

/// Σ g² in f64 (the squared norm, for `clipnorm` and `global_clipnorm`).
pub fn sum_of_squares<T: OptimFloat>(g: &[T]) -> f64 {
    g.iter().map(|&x| x.to_f64() * x.to_f64()).sum()
}

/// The clipped gradient, or `None` when clipping leaves it as it is.
fn clip_gradient<T: OptimFloat>(g: &[T], clip: GradientClip) -> Result<Option<Vec<T>>, OptimError> {
    let map = |f: &dyn Fn(T) -> T| -> Result<Option<Vec<T>>, OptimError> {
        let mut out = Vec::new();
        out.try_reserve_exact(g.len())
            .map_err(|_| OptimError::OutOfMemory(core::mem::size_of_val(g)))?;
        out.extend(g.iter().map(|&x| f(x)));
        Ok(Some(out))
    };
    match clip {
        GradientClip::None => Ok(None),
        GradientClip::Norm(c) => {
            // l2norm = sqrt(Σ g²) (0 when Σ g² = 0); g*c / max(l2norm, c)
            let norm = T::from_f64(sum_of_squares(g)).sqrt();
            let c = T::from_f64(c);
            let den = if norm >= c || norm.is_nan() { norm } else { c }; // maximum(l2norm, c), NaN propagates
            map(&|x| x * c / den)
        }
        GradientClip::Value(v) => {
            let (lo, hi) = (T::from_f64(-v), T::from_f64(v));
            // clip(g, -v, v); NaN stays NaN
            map(&|x| if x < lo { lo } else if x > hi { hi } else { x })
        }
        GradientClip::Scale(s) => {
            let s = T::from_f64(s);
            map(&|x| x * s)
        }
    }
}

#[cfg(test)]
mod tests {
    //! Reference numbers come from `python3 scripts/keras_reference.py`
    //! (float64 NumPy implementation of the same formulas). The Keras 3
    //! golden vectors are copied from `keras/src/optimizers/*_test.py`
    //! (tf-semantics.md §3.6).
    use super::*;

    const W0: [f64; 4] = [1.0, 2.0, 3.0, 4.0];
    const G0: [f64; 4] = [1.0, 6.0, 7.0, 2.0];

    fn cast<T: OptimFloat>(x: &[f64]) -> Vec<T> {
        x.iter().map(|&x| T::from_f64(x)).collect()
    }

    #[track_caller]
    fn assert_close<T: OptimFloat>(got: &[T], want: &[f64], tol: f64, what: &str) {
        assert_eq!(got.len(), want.len(), "{what}: length");
        for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
            let g = g.to_f64();
            assert!(
                (g - w).abs() <= tol && g.is_finite(),
                "{what}[{i}]: got {g}, want {w} (tol {tol})"
            );
        }
    }

    // ------------------------------------------------------------ optimizers
    /// A tiny stateful optimizer that drives the kernels the way the
    /// TypeScript/wasm caller will (one variable).
    enum Opt {
        Sgd {
            lr: f64,
            momentum: f64,
            nesterov: bool,
        },
        Adam {
            lr: f64,
            b1: f64,
            b2: f64,
            eps: f64,
            amsgrad: bool,
        },
        Nadam {
            lr: f64,
            b1: f64,
            b2: f64,
            eps: f64,
        },
    }

    struct Runner<T> {
        opt: Opt,
        iterations: u64,
        u_product: f64,
        s1: Vec<T>,
        s2: Vec<T>,
        s3: Vec<T>,
    }

    impl<T: OptimFloat> Runner<T> {
        fn new(opt: Opt, n: usize) -> Self {
            let z = vec![T::from_f64(0.0); n];
            Runner {
                opt,
                iterations: 0,
                u_product: 1.0,
                s1: z.clone(),
                s2: z.clone(),
                s3: z,
            }
        }
        /// One step. The learning rate reaches the kernels as JavaScript passes it: through
        /// float32 (Keras's learning-rate variable, floatx float32).
        fn apply(&mut self, w: &mut [T], g: &[T]) {
            let step = (self.iterations + 1) as f64;
            let cast_lr = keras_cast;
            match self.opt {
                Opt::Sgd {
                    lr,
                    momentum,
                    nesterov,
                } => sgd_step(w, g, &mut self.s1, cast_lr(lr), momentum, nesterov).unwrap(),
                Opt::Adam {
                    lr,
                    b1,
                    b2,
                    eps,
                    amsgrad,
                } => adam_step(
                    w,
                    g,
                    &mut self.s1,
                    &mut self.s2,
                    &mut self.s3,
                    cast_lr(lr),
                    b1,
                    b2,
                    eps,
                    amsgrad,
                    step,
                )
                .unwrap(),
                Opt::Nadam { lr, b1, b2, eps } => {
                    self.u_product *= nadam_momentum_factor(b1, step);
                    nadam_step(
                        w,
                        g,
                        &mut self.s1,
                        &mut self.s2,
                        cast_lr(lr),
                        b1,
                        b2,
                        eps,
                        step,
                        self.u_product,
                    )
                    .unwrap()
                }
            }
            self.iterations += 1;
        }
    }

    // Keras 3 defaults, with lr overridden.
    fn sgd(lr: f64) -> Opt {
        Opt::Sgd {
            lr,
            momentum: 0.0,
            nesterov: false,
        }
    }
    fn adam(lr: f64) -> Opt {
        Opt::Adam {
            lr,
            b1: 0.9,
            b2: 0.999,
            eps: 1e-7,
            amsgrad: false,
        }
    }
    fn nadam(lr: f64) -> Opt {
        Opt::Nadam {
            lr,
            b1: 0.9,
            b2: 0.999,
            eps: 1e-7,
        }
    }

    // ------------------------------------------------------------ single step
    fn single_step<T: OptimFloat>(opt: Opt, golden: &[f64], reference: &[f64], ref_tol: f64) {
        let mut w = cast::<T>(&W0);
        let g = cast::<T>(&G0);
        let mut r = Runner::<T>::new(opt, 4);
        r.apply(&mut w, &g);
        assert_close(&w, golden, 1e-4, "keras golden");
        assert_close(&w, reference, ref_tol, "numpy reference");
    }

    // keras_reference.py "single step" section.
    const SGD_1: [f64; 4] = [0.5, -1.0, -0.5, 3.0];
    const ADAM_1: [f64; 4] = [
        0.5000049189929465,
        1.500003601390912,
        2.5000035637450377,
        3.5000041284325594,
    ];
    const NADAM_1: [f64; 4] = [
        0.4686061409474649,
        1.4686060966646441,
        2.4686060953994207,
        3.4686061143777733,
    ];

    #[test]
    fn single_step_f64() {
        single_step::<f64>(sgd(0.5), &[0.5, -1.0, -0.5, 3.0], &SGD_1, 1e-12);
        single_step::<f64>(adam(0.5), &[0.5, 1.5, 2.5, 3.5], &ADAM_1, 1e-12);
        single_step::<f64>(
            nadam(0.5),
            &[0.4686, 1.4686, 2.4686, 3.4686],
            &NADAM_1,
            1e-12,
        );
    }

    #[test]
    fn single_step_f32() {
        single_step::<f32>(sgd(0.5), &[0.5, -1.0, -0.5, 3.0], &SGD_1, 1e-6);
        single_step::<f32>(adam(0.5), &[0.5, 1.5, 2.5, 3.5], &ADAM_1, 1e-6);
        single_step::<f32>(
            nadam(0.5),
            &[0.4686, 1.4686, 2.4686, 3.4686],
            &NADAM_1,
            1e-6,
        );
    }

    // ------------------------------------------------------------ golden runs
    /// K3 `test_correctness_with_golden`: w0 = ones(10), first g = full(10, 0.01),
    /// then g = arange(0.1, 1.1, 0.1). Row i = w after the first step and i more steps.
    fn golden_run<T: OptimFloat>(opt: Opt) -> Vec<Vec<f64>> {
        let mut w = vec![T::from_f64(1.0); 10];
        let first = vec![T::from_f64(0.01); 10];
        // numpy arange computes start + i*step
        let grads: Vec<T> = (0..10).map(|i| T::from_f64(0.1 + i as f64 * 0.1)).collect();
        let mut r = Runner::<T>::new(opt, 10);
        r.apply(&mut w, &first);
        let mut rows = Vec::new();
        for _ in 0..5 {
            rows.push(w.iter().map(|x| x.to_f64()).collect());
            r.apply(&mut w, &grads);
        }
        rows
    }

    fn check_rows(rows: &[Vec<f64>], golden: &[[f64; 10]; 5], tol: f64, what: &str) {
        for (i, (row, want)) in rows.iter().zip(golden).enumerate() {
            assert_close(row, want, tol, &format!("{what} row {i}"));
        }
    }

    fn nadam_golden_opt() -> Opt {
        Opt::Nadam {
            lr: 0.5,
            b1: 0.5,
            b2: 0.67,
            eps: 1e-5,
        }
    }

    // keras/src/optimizers/nadam_test.py
    #[rustfmt::skip]
    const NADAM_GOLDEN: [[f64; 10]; 5] = [
        [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
        [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
        [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
        [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
        [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
    ];
    // keras_reference.py, "nadam(lr=.5, b1=.5, b2=.67, eps=1e-5)".
    #[rustfmt::skip]
    const NADAM_REF: [[f64; 10]; 5] = [
        [0.42809130918969895; 10],
        [-0.17380190134707862, -0.17305374391292838, -0.17258081005545067, -0.17230233128743377, -0.17212180399436938, -0.17199585488464908, -0.17190315060978045, -0.17183212409587745, -0.17177599359471785, -0.17173053008923345],
        [-0.7115243276144171, -0.7103298942109488, -0.7096279210868977, -0.7092198629091699, -0.7089567702529167, -0.7087737707370393, -0.7086393334487006, -0.7085364698399932, -0.7084552587770372, -0.7083895302669911],
        [-1.2335385592223855, -1.2321544769797361, -1.2313481327307847, -1.2308801693733855, -1.230578663567516, -1.230369026216568, -1.2302150579168472, -1.2300972704529358, -1.2300042886405147, -1.229929040652963],
        [-1.749200809823038, -1.7477570031339773, -1.7469069002296191, -1.7464125837336384, -1.7460938344038939, -1.7458721048691708, -1.7457092071401676, -1.7455845628362063, -1.7454861532507462, -1.745406503400531],
    ];

    // keras/src/optimizers/adam_test.py: np.tile([[0.999],[0.9982],[0.9974],[0.9965],[0.9955]], (1, 10))
    const ADAM_AMS_GOLDEN: [[f64; 10]; 5] = [
        [0.999; 10],
        [0.9982; 10],
        [0.9974; 10],
        [0.9965; 10],
        [0.9955; 10],
    ];
    // keras_reference.py, "adam(amsgrad=True)".
    #[rustfmt::skip]
    const ADAM_AMS_REF: [[f64; 10]; 5] = [
        [0.9990003227539445; 10],
        [0.9981932657328303, 0.9982236864148764, 0.9982342999931827, 0.9982396913190368, 0.9982429525741864, 0.9982451376272611, 0.9982467036643774, 0.998247881064772, 0.9982487985150857, 0.9982495335390245],
        [0.9973004573352833, 0.9973474872674526, 0.9973638918498018, 0.9973722252617321, 0.9973772665141817, 0.9973806443375124, 0.9973830653313808, 0.9973848855731283, 0.9973863039712795, 0.9973874403573229],
        [0.9963678597810969, 0.9964259498320314, 0.9964462165579911, 0.9964565134280386, 0.9964627430475742, 0.9964669173869198, 0.9964699094073578, 0.9964721590579861, 0.9964739121148131, 0.996475316651949],
        [0.9954124908997859, 0.9954786321364426, 0.9955017166226575, 0.99551344722837, 0.995520545004194, 0.9955253014029222, 0.9955287107877624, 0.9955312743397378, 0.9955332720618634, 0.9955348726584635],
    ];

    // keras/src/optimizers/sgd_test.py: SGD(nesterov=True) with the default
    // momentum=0 and lr=0.01 (= plain SGD). keras_reference.py reproduces it exactly.
    #[rustfmt::skip]
    const SGD_GOLDEN: [[f64; 10]; 5] = [
        [0.9999; 10],
        [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
        [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
        [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
        [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
    ];

    // keras_reference.py, "sgd(nesterov=True, momentum=0)": lr = float32(0.01) in float64.
    #[rustfmt::skip]
    const SGD_REF: [[f64; 10]; 5] = [
        [0.9999000000022352; 10],
        [0.998900000024587, 0.9979000000469387, 0.9969000000692905, 0.9959000000916421, 0.9949000001139939, 0.9939000001363457, 0.9929000001586974, 0.9919000001810492, 0.9909000002034009, 0.9899000002257526],
        [0.9979000000469388, 0.9959000000916421, 0.9939000001363457, 0.9919000001810491, 0.9899000002257526, 0.9879000002704562, 0.9859000003151596, 0.9839000003598631, 0.9819000004045665, 0.9799000004492701],
        [0.9969000000692906, 0.9939000001363456, 0.990900000203401, 0.987900000270456, 0.9849000003375113, 0.9819000004045667, 0.9789000004716217, 0.9759000005386771, 0.9729000006057321, 0.9699000006727875],
        [0.9959000000916424, 0.9919000001810491, 0.9879000002704562, 0.9839000003598629, 0.9799000004492701, 0.9759000005386772, 0.9719000006280839, 0.967900000717491, 0.9639000008068977, 0.9599000008963049],
    ];

    fn adam_ams_opt() -> Opt {
        Opt::Adam {
            lr: 0.001,
            b1: 0.9,
            b2: 0.999,
            eps: 1e-7,
            amsgrad: true,
        }
    }
    fn sgd_golden_opt() -> Opt {
        Opt::Sgd {
            lr: 0.01,
            momentum: 0.0,
            nesterov: true,
        }
    }

    #[test]
    fn golden_nadam_f64() {
        let rows = golden_run::<f64>(nadam_golden_opt());
        check_rows(&rows, &NADAM_GOLDEN, 5e-4, "nadam golden");
        check_rows(&rows, &NADAM_REF, 1e-12, "nadam numpy");
    }

    #[test]
    fn golden_nadam_f32() {
        let rows = golden_run::<f32>(nadam_golden_opt());
        check_rows(&rows, &NADAM_GOLDEN, 5e-4, "nadam golden");
        check_rows(&rows, &NADAM_REF, 1e-5, "nadam numpy");
    }

    #[test]
    fn golden_adam_amsgrad_f64() {
        let rows = golden_run::<f64>(adam_ams_opt());
        check_rows(&rows, &ADAM_AMS_GOLDEN, 5e-4, "adam amsgrad golden");
        check_rows(&rows, &ADAM_AMS_REF, 1e-12, "adam amsgrad numpy");
    }

    #[test]
    fn golden_adam_amsgrad_f32() {
        let rows = golden_run::<f32>(adam_ams_opt());
        check_rows(&rows, &ADAM_AMS_GOLDEN, 5e-4, "adam amsgrad golden");
        check_rows(&rows, &ADAM_AMS_REF, 1e-6, "adam amsgrad numpy");
    }

    #[test]
    fn golden_sgd_nesterov_without_momentum() {
        // momentum == 0, so velocity is never touched and may be empty.
        let rows = golden_run::<f64>(sgd_golden_opt());
        check_rows(&rows, &SGD_GOLDEN, 1e-8, "sgd golden f64");
        check_rows(&rows, &SGD_REF, 1e-15, "sgd numpy f64");
        let rows = golden_run::<f32>(sgd_golden_opt());
        check_rows(&rows, &SGD_GOLDEN, 1e-6, "sgd golden f32");
    }

    // ------------------------------------------------------------ SGD momentum
    // Hand case, 2 steps: lr=0.1, momentum=0.9, w0=[1,2,3,4], g1=[1,6,7,2],
    // g2=[0.5,-1,2,-3], v0=0. By hand with the exact lr and momentum, plain:
    //   v1 = -0.1*g1 = [-0.1,-0.6,-0.7,-0.2], w1 = w0 + v1 = [0.9,1.4,2.3,3.8]
    //   v2 = 0.9*v1 - 0.1*g2 = [-0.14,-0.44,-0.83,0.12], w2 = w1 + v2 = [0.76,0.96,1.47,3.92]
    // nesterov: w1 = w0 + 0.9*v1 - 0.1*g1 = [0.81,0.86,1.67,3.62]
    //           w2 = w1 + 0.9*v2 - 0.1*g2 = [0.634,0.564,0.723,4.028]
    // float32 agrees with those. Keras casts lr and momentum through float32 (keras_cast:
    // 0.10000000149011612 and 0.8999999761581421), so float64 moves by up to 2e-8; the float64
    // numbers come from keras_reference.py ("SGD momentum, 2 steps").
    const G1: [f64; 4] = [0.5, -1.0, 2.0, -3.0];
    const HAND_V1: [f64; 4] = [-0.1, -0.6, -0.7, -0.2];
    const HAND_V2: [f64; 4] = [-0.14, -0.44, -0.83, 0.12];
    const V1: [f64; 4] = [-0.10000000149011612, -0.6000000089406967, -0.7000000104308128, -0.20000000298023224];
    const V2: [f64; 4] = [-0.13999999970197674, -0.43999999225139597, -0.829999995678663, 0.120000006556511];

    fn sgd_momentum_case<T: OptimFloat>(nesterov: bool, (w1, v1): (&[f64], &[f64]), (w2, v2): (&[f64], &[f64]), tol: f64) {
        let mut w = cast::<T>(&W0);
        let mut vel = vec![T::from_f64(0.0); 4];
        sgd_step(&mut w, &cast::<T>(&G0), &mut vel, keras_cast(0.1), 0.9, nesterov).unwrap();
        assert_close(&w, w1, tol, "w1");
        assert_close(&vel, v1, tol, "v1");
        sgd_step(&mut w, &cast::<T>(&G1), &mut vel, keras_cast(0.1), 0.9, nesterov).unwrap();
        assert_close(&w, w2, tol, "w2");
        assert_close(&vel, v2, tol, "v2");
    }

    #[test]
    fn sgd_momentum_two_steps() {
        let (w1, w2) = ([0.9, 1.4, 2.3, 3.8], [0.76, 0.96, 1.47, 3.92]);
        let w1_f64 = [0.8999999985098839, 1.3999999910593033, 2.299999989569187, 3.7999999970197678];
        let w2_f64 = [0.7599999988079071, 0.9599999988079073, 1.4699999938905242, 3.9200000035762788];
        sgd_momentum_case::<f64>(false, (&w1_f64, &V1), (&w2_f64, &V2), 1e-15);
        sgd_momentum_case::<f32>(false, (&w1, &HAND_V1), (&w2, &HAND_V2), 1e-6);
    }

    #[test]
    fn sgd_nesterov_two_steps() {
        let (w1, w2) = ([0.81, 0.86, 1.67, 3.62], [0.634, 0.564, 0.723, 4.028]);
        let w1_f64 = [0.8099999995529652, 0.8599999973177912, 1.6699999968707564, 3.6199999991059304];
        let w2_f64 = [0.6340000024139882, 0.5640000162720682, 0.7230000175684694, 4.028000006616115];
        sgd_momentum_case::<f64>(true, (&w1_f64, &V1), (&w2_f64, &V2), 1e-15);
        sgd_momentum_case::<f32>(true, (&w1, &HAND_V1), (&w2, &HAND_V2), 1e-6);
    }

    // ------------------------------------------------------------ misc
    #[test]
    fn nadam_factor() {
        assert!((nadam_momentum_factor(0.9, 1.0) - 0.468).abs() < 1e-15);
        // 50 steps in: about 0.84 (tf-semantics.md §3.5)
        assert!((nadam_momentum_factor(0.9, 50.0) - 0.84).abs() < 0.01);
    }

    #[test]
    fn length_mismatch_writes_nothing() {
        let mut w = vec![1.0f32; 4];
        let mut m = vec![0.0f32; 4];
        let mut v = vec![0.0f32; 4];
        let g = vec![1.0f32; 4];
        let short = vec![1.0f32; 3];
        let mut empty: Vec<f32> = Vec::new();

        let e = sgd_step(&mut w, &short, &mut empty, 0.1, 0.0, false).unwrap_err();
        assert_eq!(
            e,
            LengthMismatch {
                buffer: "g",
                expected: 4,
                actual: 3
            }
        );
        let e = sgd_step(&mut w, &g, &mut empty, 0.1, 0.9, false).unwrap_err();
        assert_eq!(
            e,
            LengthMismatch {
                buffer: "velocity",
                expected: 4,
                actual: 0
            }
        );

        let mut m3 = vec![0.0f32; 3];
        let e = adam_step(
            &mut w, &g, &mut m3, &mut v, &mut empty, 0.1, 0.9, 0.999, 1e-7, false, 1.0,
        )
        .unwrap_err();
        assert_eq!(e.buffer, "m");
        let e = adam_step(
            &mut w, &g, &mut m, &mut v, &mut empty, 0.1, 0.9, 0.999, 1e-7, true, 1.0,
        )
        .unwrap_err();
        assert_eq!(e.buffer, "v_hat");
        let mut v5 = vec![0.0f32; 5];
        let e = nadam_step(
            &mut w, &g, &mut m, &mut v5, 0.1, 0.9, 0.999, 1e-7, 1.0, 0.468,
        )
        .unwrap_err();
        assert_eq!(
            e,
            LengthMismatch {
                buffer: "v",
                expected: 4,
                actual: 5
            }
        );
        assert!(!e.to_string().is_empty());

        // nothing was written
        assert_eq!(w, vec![1.0; 4]);
        assert_eq!(m, vec![0.0; 4]);
        assert_eq!(v, vec![0.0; 4]);
        assert_eq!(v5, vec![0.0; 5]);
    }

    #[test]
    fn unused_slots_may_be_empty() {
        let mut w = vec![1.0f64; 4];
        let g = vec![1.0f64; 4];
        let mut m = vec![0.0; 4];
        let mut v = vec![0.0; 4];
        let mut empty: Vec<f64> = Vec::new();
        sgd_step(&mut w, &g, &mut empty, 0.5, 0.0, true).unwrap();
        adam_step(
            &mut w, &g, &mut m, &mut v, &mut empty, 0.5, 0.9, 0.999, 1e-7, false, 1.0,
        )
        .unwrap();
        // empty variable: a no-op
        let mut e2: Vec<f64> = Vec::new();
        let mut e3: Vec<f64> = Vec::new();
        let mut e4: Vec<f64> = Vec::new();
        nadam_step(
            &mut empty,
            &[],
            &mut e2,
            &mut e3,
            0.5,
            0.9,
            0.999,
            1e-7,
            1.0,
            0.468,
        )
        .unwrap();
        adam_step(
            &mut empty,
            &[],
            &mut e2,
            &mut e3,
            &mut e4,
            0.5,
            0.9,
            0.999,
            1e-7,
            true,
            1.0,
        )
        .unwrap();
    }

    #[test]
    fn amsgrad_keeps_running_max() {
        // Large gradient, then a small one: v_hat keeps the larger v.
        let mut w = vec![0.0f64; 1];
        let (mut m, mut v, mut vh) = (vec![0.0; 1], vec![0.0; 1], vec![0.0; 1]);
        adam_step(
            &mut w,
            &[10.0],
            &mut m,
            &mut v,
            &mut vh,
            0.1,
            0.9,
            0.999,
            1e-7,
            true,
            1.0,
        )
        .unwrap();
        let after1 = vh[0];
        adam_step(
            &mut w,
            &[0.0],
            &mut m,
            &mut v,
            &mut vh,
            0.1,
            0.9,
            0.999,
            1e-7,
            true,
            2.0,
        )
        .unwrap();
        assert!(v[0] < after1);
        assert_eq!(vh[0], after1);
    }

    #[test]
    fn long_slices_match_scalar_loop() {
        // Odd length (not a multiple of the SIMD width) so the vector body and
        // the remainder loop are both exercised; compare against 1-element calls.
        let n = 37;
        let g: Vec<f32> = (0..n)
            .map(|i| ((i * 7919) % 23) as f32 * 0.1 - 1.0)
            .collect();
        let w0: Vec<f32> = (0..n).map(|i| i as f32 * 0.05).collect();
        let run = |chunk: usize| {
            let mut w = w0.clone();
            let z = vec![0.0f32; n];
            let (mut am, mut av, mut avh) = (z.clone(), z.clone(), z.clone());
            let (mut nm, mut nv, mut sv) = (z.clone(), z.clone(), z);
            let mut up = 1.0;
            for step in 1..=3 {
                let t = step as f64;
                up *= nadam_momentum_factor(0.9, t);
                for s in (0..n).step_by(chunk) {
                    let e = (s + chunk).min(n);
                    let (w, g) = (&mut w[s..e], &g[s..e]);
                    adam_step(
                        w,
                        g,
                        &mut am[s..e],
                        &mut av[s..e],
                        &mut avh[s..e],
                        0.01,
                        0.9,
                        0.999,
                        1e-7,
                        true,
                        t,
                    )
                    .unwrap();
                    nadam_step(
                        w,
                        g,
                        &mut nm[s..e],
                        &mut nv[s..e],
                        0.01,
                        0.9,
                        0.999,
                        1e-7,
                        t,
                        up,
                    )
                    .unwrap();
                    sgd_step(w, g, &mut sv[s..e], 0.01, 0.9, true).unwrap();
                    sgd_step(w, g, &mut sv[s..e], 0.01, 0.9, false).unwrap();
                    sgd_step(w, g, &mut [], 0.01, 0.0, false).unwrap();
                }
            }
            w
        };
        assert_eq!(run(n), run(1));
    }

    // ------------------------------------------------------------ the table
    /// Runs `steps` applies of the table's optimizer `name` on one variable.
    fn table_run<T: OptimFloat>(name: &str, params: &[f64], lr: f64, base: BaseStep, w0: &[f64], grads: &[&[f64]]) -> Vec<f64> {
        table_run_shaped::<T>(name, params, lr, base, &[w0.len()], w0, grads)
    }

    fn table_run_shaped<T: OptimFloat>(
        name: &str,
        params: &[f64],
        lr: f64,
        base: BaseStep,
        shape: &[usize],
        w0: &[f64],
        grads: &[&[f64]],
    ) -> Vec<f64> {
        let code = OPTIMIZER_NAMES.iter().position(|n| *n == name).unwrap() as u32;
        let opt = Optimizer::decode(code, params).unwrap();
        let mut w = cast::<T>(w0);
        let mut slots: Vec<Vec<T>> = opt.slots().iter().map(|s| vec![T::from_f64(s.initial); s.shape.len(shape)]).collect();
        for (i, g) in grads.iter().enumerate() {
            let mut views: Vec<&mut [T]> = slots.iter_mut().map(|s| s.as_mut_slice()).collect();
            let step = StepInfo { lr, step: (i + 1) as f64, shape, variant: 0, constants: &StepConstants::default() };
            apply(&opt, &opt.slots(), &mut w, &cast::<T>(g), &mut views, step, base).unwrap();
        }
        w.iter().map(|x| x.to_f64()).collect()
    }

    const PLAIN: BaseStep = BaseStep { clip: GradientClip::None, weight_decay: None };

    #[test]
    fn a_steps_constants_are_computed_once_and_shared_by_its_variables() {
        // Two variables stepped together (one StepConstants per step) end where each ends when it
        // is stepped alone, over steps whose constants all differ (and Nadam's momentum product).
        let grads: [&[f64]; 3] = [&[0.5, -1.0], &[2.0, 0.25], &[-0.75, 1.5]];
        let code = |name: &str| OPTIMIZER_NAMES.iter().position(|n| *n == name).unwrap() as u32;
        // Nadam's last hyperparameter is the momentum product up to this step (beta1 0.9).
        let nadam = |u_product: f64| Optimizer::decode(code("Nadam"), &[0.9, 0.999, 1e-7, u_product]).unwrap();
        for (name, params) in [("Adam", &[0.9, 0.999, 1e-7, 0.0][..]), ("Adam", &[0.8, 0.99, 1e-7, 1.0]), ("Nadam", &[0.9, 0.999, 1e-7, 1.0])] {
            let opt = Optimizer::decode(code(name), params).unwrap();
            let alone = |w0: f64, k: usize| {
                let mut u_product = 1.0;
                let grads: Vec<Vec<f64>> = grads.iter().map(|g| vec![g[k]]).collect();
                let mut w = vec![w0];
                let mut slots = vec![vec![0.0]; opt.slots().len()];
                for (i, g) in grads.iter().enumerate() {
                    let step = (i + 1) as f64;
                    u_product *= nadam_momentum_factor(0.9, step);
                    let opt = if name == "Nadam" { nadam(u_product) } else { opt.clone() };
                    let mut views: Vec<&mut [f64]> = slots.iter_mut().map(|s| s.as_mut_slice()).collect();
                    let info = StepInfo { lr: 0.1, step, shape: &[1], variant: 0, constants: &StepConstants::default() };
                    apply(&opt, &opt.slots(), &mut w, g, &mut views, info, PLAIN).unwrap();
                }
                w[0]
            };
            let mut u_product = 1.0;
            let (mut w, mut slots) = ([vec![1.0], vec![-2.0]], vec![vec![vec![0.0]; opt.slots().len()]; 2]);
            for (i, g) in grads.iter().enumerate() {
                let step = (i + 1) as f64;
                u_product *= nadam_momentum_factor(0.9, step);
                let opt = if name == "Nadam" { nadam(u_product) } else { opt.clone() };
                let constants = StepConstants::default();
                for (k, (w, slots)) in w.iter_mut().zip(slots.iter_mut()).enumerate() {
                    let mut views: Vec<&mut [f64]> = slots.iter_mut().map(|s| s.as_mut_slice()).collect();
                    let info = StepInfo { lr: 0.1, step, shape: &[1], variant: 0, constants: &constants };
                    apply(&opt, &opt.slots(), w, &[g[k]], &mut views, info, PLAIN).unwrap();
                }
            }
            assert_eq!([w[0][0].to_bits(), w[1][0].to_bits()], [alone(1.0, 0).to_bits(), alone(-2.0, 1).to_bits()], "{name} {params:?}");
        }
    }

    #[test]
    fn table_single_steps_match_keras_golden_vectors() {
        // keras/src/optimizers/*_test.py test_single_step: lr=0.5, w=[1,2,3,4], g=[1,6,7,2], 1e-4.
        let cases: [(&str, &[f64], BaseStep, [f64; 4]); 10] = [
            ("SGD", &[0.0, 0.0], PLAIN, [0.5, -1.0, -0.5, 3.0]),
            ("Adam", &[0.9, 0.999, 1e-7, 0.0], PLAIN, [0.5, 1.5, 2.5, 3.5]),
            ("Adam", &[0.9, 0.999, 1e-7, 0.0], BaseStep { clip: GradientClip::None, weight_decay: Some(0.004) }, [0.4980, 1.4960, 2.494, 3.492]),
            ("Nadam", &[0.9, 0.999, 1e-7, 0.468], PLAIN, [0.4686, 1.4686, 2.4686, 3.4686]),
            ("RMSprop", &[0.9, 0.0, 1e-7, 0.0], PLAIN, [-0.5811, 0.4189, 1.4189, 2.4189]),
            ("Adagrad", &[0.1, 1e-7], PLAIN, [0.5233, 1.5007, 2.5005, 3.5061]),
            ("Adadelta", &[0.95, 1e-7], PLAIN, [0.9993, 1.9993, 2.9993, 3.9993]),
            ("Adamax", &[0.9, 0.999, 1e-7], PLAIN, [0.5, 1.5, 2.5, 3.5]),
            ("Lion", &[0.9, 0.99], PLAIN, [0.5, 1.5, 2.5, 3.5]),
            ("Ftrl", &[-0.5, 0.1, 0.0, 0.0, 0.0, 0.0], PLAIN, [0.2218, 1.3954, 2.3651, 2.8814]),
        ];
        for (name, params, base, want) in cases {
            let got = table_run::<f64>(name, params, 0.5, base, &W0, &[&G0]);
            assert_close(&got, &want, 1e-4, name);
            let got = table_run::<f32>(name, params, 0.5, base, &W0, &[&G0]);
            assert_close(&got, &want, 1e-4, name);
        }
    }

    #[test]
    fn adafactor_matches_keras_golden_vectors() {
        // keras/src/optimizers/adafactor_test.py: lr=0.5, one step, 1-D and 2-D (factored).
        let params = [-0.8, 1e-30, 1e-3, 1.0, 1.0];
        let got = table_run::<f64>("Adafactor", &params, 0.5, PLAIN, &W0, &[&G0]);
        assert_close(&got, &[-0.3693, 0.6307, 1.6307, 2.6307], 1e-4, "adafactor 1-D");
        for got in [
            table_run_shaped::<f64>("Adafactor", &params, 0.5, PLAIN, &[2, 2], &W0, &[&G0]),
            table_run_shaped::<f32>("Adafactor", &params, 0.5, PLAIN, &[2, 2], &W0, &[&G0]),
            // a batch of two 2x2 planes, each as the 2-D case
            table_run_shaped::<f64>("Adafactor", &params, 0.5, PLAIN, &[2, 2, 2], &[W0, W0].concat(), &[&[G0, G0].concat()])[4..].to_vec(),
        ] {
            assert_close(&got, &[0.7007, -0.0081, 1.2492, 3.4407], 1e-4, "adafactor 2-D");
        }
    }

    #[test]
    fn table_weight_decay_matches_keras() {
        // K3 optimizer_test: w=2, g=0, lr=1, wd=0.004, three steps -> 1.9760959.
        let base = BaseStep { clip: GradientClip::None, weight_decay: Some(0.004) };
        let got = table_run::<f32>("SGD", &[0.0, 0.0], 1.0, base, &[2.0], &[&[0.0], &[0.0], &[0.0]]);
        assert_close(&got, &[1.9760959], 1e-7, "weight decay");
    }

    #[test]
    fn table_clipping() {
        // clipnorm 1 on g = [3, 4] (norm 5): g = [0.6, 0.8]; clipvalue 1: [1, 1]; scale 0.5.
        let sgd = [0.0, 0.0];
        let run = |clip| table_run::<f64>("SGD", &sgd, 1.0, BaseStep { clip, weight_decay: None }, &[0.0, 0.0], &[&[3.0, 4.0]]);
        assert_close(&run(GradientClip::Norm(1.0)), &[-0.6, -0.8], 1e-15, "clipnorm");
        assert_close(&run(GradientClip::Norm(10.0)), &[-3.0, -4.0], 1e-15, "clipnorm above the norm");
        assert_close(&run(GradientClip::Value(1.0)), &[-1.0, -1.0], 1e-15, "clipvalue");
        assert_close(&run(GradientClip::Scale(0.5)), &[-1.5, -2.0], 1e-15, "scale");
    }

    #[test]
    fn table_checks_before_writing() {
        let opt = Optimizer::decode(1, &[0.9, 0.999, 1e-7, 1.0]).unwrap();
        assert_eq!(opt.slots().len(), 3);
        let mut w = vec![1.0f64; 3];
        let (mut m, mut v) = (vec![0.0; 3], vec![0.0; 2]);
        let step = StepInfo { lr: 0.1, step: 1.0, shape: &[3], variant: 0, constants: &StepConstants::default() };
        let e = apply(&opt, &opt.slots(), &mut w, &[1.0; 3], &mut [&mut m, &mut v], step, PLAIN).unwrap_err();
        assert!(matches!(e, OptimError::SlotCount { expected: 3, actual: 2, .. }), "{e}");
        let mut vh = vec![0.0; 3];
        let e = apply(&opt, &opt.slots(), &mut w, &[1.0; 3], &mut [&mut m, &mut v, &mut vh], step, PLAIN).unwrap_err();
        assert!(matches!(e, OptimError::Length(LengthMismatch { buffer: "velocity", .. })), "{e}");
        assert_eq!(w, vec![1.0; 3]);
        assert!(matches!(Optimizer::decode(99, &[]), Err(OptimError::UnknownCode(99))));
        assert!(matches!(Optimizer::decode(0, &[0.0]), Err(OptimError::Params(_))));
        assert!(matches!(Optimizer::decode(0, &[0.0, 0.0, 1.0]), Err(OptimError::Params(_))));
        assert!(matches!(Optimizer::decode(0, &[0.0, 0.5]), Err(OptimError::Params(_))));
    }
}
