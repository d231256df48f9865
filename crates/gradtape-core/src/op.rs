//! The op table: every primitive is declared once, here. From the declarations come the `Op`
//! enum, the kind enums of the elementwise families, the names (JavaScript's and TensorFlow's),
//! each op's dtype class, parameters and saved values, the ABI decoding of its parameters, the
//! scalar form of each elementwise kernel (and its SIMD lane form, where one exists), and the
//! description that the TypeScript wrappers are generated from (`npm run gen`).
//!
//! `ops::infer`, `ops::forward` and `ops::vjp` match on `Op` and on the kind enums exhaustively,
//! so a new primitive does not compile until its shape rule, kernel and gradient are written.
//! Composites (reduceMean, logSumExp, losses, ...) are built from these where they are called.
//!
//! Op codes are positions in [`specs`]: the elementwise kinds first, family by family, then the
//! other ops in declaration order. The wasm ABI takes a code, the input handles and the
//! parameters as f64 values, decoded by [`Op::decode`] in the order declared here.

use crate::dtype::DType;
use crate::error::{Error, ErrorCode, Result};
use crate::fail;
use crate::kernels::simd::Simd;
use crate::kernels::{Arith, BinaryRun, Element, Operand};

/// Which dtypes an op accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DTypes {
    /// float32, float64.
    Float,
    /// float32, float64, int32.
    Numeric,
    /// bool only (logical ops).
    Bool,
    /// Every dtype (data movement, equality).
    Any,
}

impl DTypes {
    #[inline]
    pub fn admits(self, d: DType) -> bool {
        match self {
            DTypes::Float => d.is_float(),
            DTypes::Numeric => d.is_numeric(),
            DTypes::Bool => d == DType::Bool,
            DTypes::Any => true,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DTypes::Float => "float",
            DTypes::Numeric => "numeric",
            DTypes::Bool => "bool",
            DTypes::Any => "any",
        }
    }

    /// The error for an input of dtype `d` that the op `op` does not take.
    pub fn refuse(self, op: &str, d: DType) -> Error {
        let hint = match self {
            DTypes::Float => "cast first, e.g. tf.cast(x, 'float32')",
            DTypes::Numeric => "cast first, e.g. tf.cast(x, 'int32') or tf.cast(x, 'float32')",
            DTypes::Bool => "it takes bool tensors; compare first, e.g. tf.greater(x, 0)",
            DTypes::Any => "",
        };
        Error::new(ErrorCode::DTypeMismatch, format!("{op}: {} tensors are not supported; {hint}.", d.name()))
    }
}

/// The dtype of an op's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutDType {
    /// The inputs' dtype.
    Same,
    /// bool (comparisons, isNaN, logical ops).
    Bool,
    /// int32 (argmax, argmin: TensorFlow returns int64, which JavaScript numbers cannot hold).
    Int32,
    /// Given by a parameter (cast).
    Param,
}

/// The values an op's gradient rule reads besides the upstream gradient. Other inputs and the
/// output are kept on a tape as shapes only, so a recorded op holds no more memory than its rule needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saves {
    Nothing,
    Inputs,
    Output,
    Both,
}

impl Saves {
    pub fn input(self) -> bool {
        matches!(self, Saves::Inputs | Saves::Both)
    }
    pub fn output(self) -> bool {
        matches!(self, Saves::Output | Saves::Both)
    }
}

/// How a parameter travels through the ABI and what the TypeScript wrapper accepts for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Bool,
    /// A signed integer.
    Int,
    Float,
    /// One axis, already in `[0, rank)`.
    Axis,
    /// Sorted, unique axes in `[0, rank)`.
    Axes,
    /// Dimensions.
    Shape,
    /// Signed integers (begin/end indices, ...).
    Ints,
    DType,
}

impl ParamKind {
    pub fn name(self) -> &'static str {
        match self {
            ParamKind::Bool => "bool",
            ParamKind::Int => "int",
            ParamKind::Float => "float",
            ParamKind::Axis => "axis",
            ParamKind::Axes => "axes",
            ParamKind::Shape => "shape",
            ParamKind::Ints => "ints",
            ParamKind::DType => "dtype",
        }
    }
}

/// How many inputs an op takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    Fixed(usize),
    /// One or more (concat).
    Variadic,
}

/// One row of the table, as the ABI description and the TypeScript generator see it.
#[derive(Clone, Debug)]
pub struct OpSpec {
    pub code: u32,
    /// The JavaScript name (TF's Python name in camelCase).
    pub js: &'static str,
    /// TensorFlow's full name, e.g. `tf.math.sigmoid`; empty for internal primitives.
    pub tf: &'static str,
    /// The family: how the TypeScript wrapper takes its arguments (`unary`, `binary`, `compare`,
    /// `reduce`, ...), or `custom` for ops whose wrapper is written by hand.
    pub family: &'static str,
    pub arity: Arity,
    pub params: &'static [(&'static str, ParamKind)],
    pub dtypes: DTypes,
    pub out: OutDType,
    pub saves: Saves,
}

// ---- parameters through the ABI --------------------------------------------------------------

/// Reads an op's parameters from the f64 values JavaScript wrote after the input handles.
pub struct ParamReader<'a> {
    values: &'a [f64],
    pos: usize,
}

impl<'a> ParamReader<'a> {
    pub fn new(values: &'a [f64]) -> ParamReader<'a> {
        ParamReader { values, pos: 0 }
    }

    fn next(&mut self) -> Result<f64> {
        let v = self.values.get(self.pos).copied();
        self.pos += 1;
        v.ok_or_else(|| Error::new(ErrorCode::InvalidArgument, "op parameters are missing (the ABI scratch area is too short)"))
    }

    fn integer(&mut self, min: f64, max: f64) -> Result<f64> {
        let v = self.next()?;
        if v.fract() != 0.0 || !(min..=max).contains(&v) {
            fail!(InvalidArgument, "op parameter {v} is not an integer in [{min}, {max}]");
        }
        Ok(v)
    }
}

/// A parameter type the table can declare; its ABI form is one f64, or a count and that many.
pub trait Param: Sized {
    fn read(r: &mut ParamReader) -> Result<Self>;
    fn write(&self, out: &mut Vec<f64>);
}

impl Param for bool {
    fn read(r: &mut ParamReader) -> Result<bool> {
        Ok(r.integer(0.0, 1.0)? == 1.0)
    }
    fn write(&self, out: &mut Vec<f64>) {
        out.push(*self as u8 as f64);
    }
}

impl Param for usize {
    fn read(r: &mut ParamReader) -> Result<usize> {
        Ok(r.integer(0.0, (1u64 << 53) as f64)? as usize)
    }
    fn write(&self, out: &mut Vec<f64>) {
        out.push(*self as f64);
    }
}

impl Param for i64 {
    fn read(r: &mut ParamReader) -> Result<i64> {
        let limit = (1u64 << 53) as f64;
        Ok(r.integer(-limit, limit)? as i64)
    }
    fn write(&self, out: &mut Vec<f64>) {
        out.push(*self as f64);
    }
}

impl Param for f64 {
    fn read(r: &mut ParamReader) -> Result<f64> {
        r.next()
    }
    fn write(&self, out: &mut Vec<f64>) {
        out.push(*self);
    }
}

impl Param for DType {
    fn read(r: &mut ParamReader) -> Result<DType> {
        let code = r.integer(0.0, 255.0)? as u32;
        DType::from_code(code).ok_or_else(|| Error::new(ErrorCode::InvalidArgument, format!("unknown dtype code {code}")))
    }
    fn write(&self, out: &mut Vec<f64>) {
        out.push(*self as u32 as f64);
    }
}

impl<T: Param> Param for Vec<T> {
    fn read(r: &mut ParamReader) -> Result<Vec<T>> {
        let n = usize::read(r)?;
        if n > r.values.len().saturating_sub(r.pos) {
            fail!(InvalidArgument, "op parameter list of {n} values does not fit the ABI scratch area");
        }
        (0..n).map(|_| T::read(r)).collect()
    }
    fn write(&self, out: &mut Vec<f64>) {
        out.push(self.len() as f64);
        self.iter().for_each(|v| v.write(out));
    }
}

// ---- the elementwise families ------------------------------------------------------------------

/// Declares an elementwise unary family: its kinds, their names and dtype rules, and the kernel
/// of each in scalar form (on f64: float32 computes through float64 and rounds once; int32 and
/// bool convert exactly) and optionally in SIMD lane form (`S` is the lane type in scope) or as
/// one of the SIMD polynomials of `kernels::transcendental` (whose f64 form is then the scalar form),
/// or with a float32 form of its own (`single f`, f: f32 -> f32: TensorFlow's ports with separate
/// float and double algorithms, whose float32 results are not the f64 ones rounded).
macro_rules! unary_kinds {
    ($(
        $(#[doc = $doc:literal])*
        $kind:ident = $js:literal, $tf:literal, $dtypes:ident -> $out:ident, saves $saves:ident,
            |$x:ident| $scalar:expr $(, lanes |$v:ident| $lanes:expr)? $(, polynomial $poly:ident)? $(, single $single:expr)?;
    )*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum UnaryKind { $($(#[doc = $doc])* $kind),* }

        impl UnaryKind {
            pub const ALL: &'static [UnaryKind] = &[$(UnaryKind::$kind),*];

            #[inline]
            pub fn spec_row(self) -> (&'static str, &'static str, DTypes, OutDType, Saves) {
                match self { $(UnaryKind::$kind => ($js, $tf, DTypes::$dtypes, OutDType::$out, Saves::$saves)),* }
            }

            /// The kernel in scalar form: the reference every faster form is tested against.
            pub fn scalar(self, value: f64) -> f64 {
                match self { $(UnaryKind::$kind => { let $x = value; $scalar }),* }
            }

            /// The kernel on one float32 value: its own single-precision form where the table
            /// gives one (`single`), else the scalar form rounded once.
            pub fn scalar_f32(self, value: f32) -> f32 {
                match self { $(UnaryKind::$kind => unary_single!(self, value $(, $single)?)),* }
            }
        }

        /// The kernel over a slice, in lane form where the table gives one. One function per
        /// kind, as for the binary kinds: all of them inlined here made one 8 KB wasm function,
        /// 40 ms of a fresh process's optimizing compiles.
        pub(crate) fn unary_kernel<S: Simd>(kind: UnaryKind, x: &[S::Elem], out: &mut [core::mem::MaybeUninit<S::Elem>]) {
            match kind {
                $(UnaryKind::$kind => {
                    #[inline(never)]
                    fn one_kind<S: Simd>(x: &[S::Elem], out: &mut [core::mem::MaybeUninit<S::Elem>]) {
                        unary_arm!(S, (UnaryKind::$kind), x, out $(, |$v| $lanes)? $(, polynomial $poly)? $(, single $single)?)
                    }
                    one_kind::<S>(x, out)
                })*
            }
        }
    };
}

macro_rules! unary_single {
    ($kind:expr, $value:ident) => {
        $kind.scalar($value as f64) as f32
    };
    ($kind:expr, $value:ident, $single:expr) => {
        $single($value)
    };
}

macro_rules! unary_arm {
    ($S:ident, $kind:expr, $x:ident, $out:ident) => {
        crate::kernels::map_scalar::<$S::Elem>($x, $out, |v| $kind.scalar(v))
    };
    ($S:ident, $kind:expr, $x:ident, $out:ident, |$v:ident| $lanes:expr) => {
        crate::kernels::map_lanes::<$S>($x, $out, |$v| $lanes)
    };
    ($S:ident, $kind:expr, $x:ident, $out:ident, polynomial $poly:ident) => {
        crate::kernels::map_transcendental::<$S>(crate::kernels::Transcendental::$poly, $x, $out)
    };
    ($S:ident, $kind:expr, $x:ident, $out:ident, single $single:expr) => {
        crate::kernels::map_by_precision::<$S::Elem>($x, $out, $single, |v| $kind.scalar(v))
    };
}

/// Declares an elementwise binary family (NumPy broadcasting). The scalar form is generic over
/// the element type, so int32 keeps its own semantics (wrapping, floor division).
macro_rules! binary_kinds {
    ($enum:ident, $out_ty:ident, $(
        $(#[doc = $doc:literal])*
        $kind:ident = $js:literal, $tf:literal, $dtypes:ident -> $out:ident, saves $saves:ident,
            |$a:ident, $b:ident| $scalar:expr $(, lanes |$va:ident, $vb:ident| $lanes:expr)?;
    )*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $enum { $($(#[doc = $doc])* $kind),* }

        impl $enum {
            pub const ALL: &'static [$enum] = &[$($enum::$kind),*];

            #[inline]
            pub fn spec_row(self) -> (&'static str, &'static str, DTypes, OutDType, Saves) {
                match self { $($enum::$kind => ($js, $tf, DTypes::$dtypes, OutDType::$out, Saves::$saves)),* }
            }

            /// The kernel in scalar form.
            #[inline(always)]
            pub fn scalar<T: Element>(self, left: T, right: T) -> $out_ty!(T) {
                match self { $($enum::$kind => { let ($a, $b) = (left, right); $scalar }),* }
            }
        }

        impl<S: Simd> BinaryRun<S> for $enum {
            type Out = $out_ty!(S::Elem);
            /// One function per kind (and operand forms), called once per run: V8 optimizes each
            /// kind's loop on its own once it is hot. With every kind's loops inlined here, the
            /// binary kernel was one 22 KB wasm function whose optimized build took 100 ms on a
            /// fresh process's compiler thread, while its first steps ran unoptimized code.
            #[inline(always)]
            fn run(self, a: impl Operand<S>, b: impl Operand<S>, out: &mut [core::mem::MaybeUninit<Self::Out>]) {
                match self {
                    $($enum::$kind => {
                        #[inline(never)]
                        fn one_kind<S: Simd>(a: impl Operand<S>, b: impl Operand<S>, out: &mut [core::mem::MaybeUninit<$out_ty!(S::Elem)>]) {
                            binary_arm!(S, ($enum::$kind), a, b, out $(, |$va, $vb| $lanes)?)
                        }
                        one_kind::<S>(a, b, out)
                    })*
                }
            }
        }
    };
}

macro_rules! binary_arm {
    ($S:ident, $kind:expr, $a:ident, $b:ident, $out:ident) => {
        crate::kernels::zip_scalar::<$S, _>($a, $b, $out, |p, q| $kind.scalar(p, q))
    };
    ($S:ident, $kind:expr, $a:ident, $b:ident, $out:ident, |$va:ident, $vb:ident| $lanes:expr) => {
        crate::kernels::zip_lanes::<$S>($a, $b, $out, |$va, $vb| $lanes)
    };
}

macro_rules! same_elem {
    ($T:ty) => {
        $T
    };
}
/// Comparisons write bool elements (bytes that are 0 or 1).
macro_rules! bool_elem {
    ($T:ty) => {
        u8
    };
}

/// f64 functions applied to any element type (the scalar form of float-only kinds).
#[inline(always)]
fn via_f64<T: Element>(a: T, b: T, f: impl Fn(f64, f64) -> f64) -> T {
    T::from_f64(f(a.to_f64(), b.to_f64()))
}

fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x // 0, -0 and NaN are their own sign, as in TensorFlow
    }
}

use crate::kernels::cephes::{bessel, integrals};
use crate::kernels::special;
use crate::kernels::{transcendental_f64 as poly, Transcendental};

unary_kinds! {
    Neg = "neg", "tf.math.negative", Numeric -> Same, saves Nothing, |x| -x, lanes |v| S::neg(v);
    Exp = "exp", "tf.math.exp", Float -> Same, saves Output, |x| poly(Transcendental::Exp, x), polynomial Exp;
    Log = "log", "tf.math.log", Float -> Same, saves Inputs, |x| poly(Transcendental::Ln, x), polynomial Ln;
    Sqrt = "sqrt", "tf.math.sqrt", Float -> Same, saves Output, |x| x.sqrt(), lanes |v| S::sqrt(v);
    Abs = "abs", "tf.math.abs", Numeric -> Same, saves Inputs, |x| x.abs(), lanes |v| S::abs(v);
    /// 1 where x > 0, else 0: the mask of relu's gradient. Internal.
    Step = "step", "", Numeric -> Same, saves Nothing, |x| if x > 0.0 { 1.0 } else { 0.0 }, lanes |v| S::step(v);
    Square = "square", "tf.math.square", Numeric -> Same, saves Inputs, |x| x * x, lanes |v| S::mul(v, v);
    Sign = "sign", "tf.math.sign", Numeric -> Same, saves Nothing, |x| sign(x);
    Reciprocal = "reciprocal", "tf.math.reciprocal", Float -> Same, saves Output, |x| 1.0 / x;
    Rsqrt = "rsqrt", "tf.math.rsqrt", Float -> Same, saves Output, |x| 1.0 / x.sqrt();
    Floor = "floor", "tf.math.floor", Float -> Same, saves Nothing, |x| x.floor();
    Ceil = "ceil", "tf.math.ceil", Float -> Same, saves Nothing, |x| x.ceil();
    /// Half to even, as TensorFlow and NumPy round; an int32 tensor is its own rounding (TensorFlow's
    /// `tf.math.round` returns integer tensors as they are).
    Round = "round", "tf.math.round", Numeric -> Same, saves Nothing, |x| x.round_ties_even();
    Sin = "sin", "tf.math.sin", Float -> Same, saves Inputs, |x| poly(Transcendental::Sin, x), polynomial Sin;
    Cos = "cos", "tf.math.cos", Float -> Same, saves Inputs, |x| poly(Transcendental::Cos, x), polynomial Cos;
    Tan = "tan", "tf.math.tan", Float -> Same, saves Output, |x| x.tan();
    Asin = "asin", "tf.math.asin", Float -> Same, saves Inputs, |x| x.asin();
    Acos = "acos", "tf.math.acos", Float -> Same, saves Inputs, |x| x.acos();
    Atan = "atan", "tf.math.atan", Float -> Same, saves Inputs, |x| x.atan();
    Sinh = "sinh", "tf.math.sinh", Float -> Same, saves Inputs, |x| x.sinh();
    Cosh = "cosh", "tf.math.cosh", Float -> Same, saves Inputs, |x| x.cosh();
    Tanh = "tanh", "tf.math.tanh", Float -> Same, saves Output, |x| poly(Transcendental::Tanh, x), polynomial Tanh;
    Asinh = "asinh", "tf.math.asinh", Float -> Same, saves Output, |x| x.asinh();
    Acosh = "acosh", "tf.math.acosh", Float -> Same, saves Output, |x| x.acosh();
    Atanh = "atanh", "tf.math.atanh", Float -> Same, saves Inputs, |x| x.atanh();
    Sigmoid = "sigmoid", "tf.math.sigmoid", Float -> Same, saves Output, |x| poly(Transcendental::Sigmoid, x), polynomial Sigmoid;
    /// log(1 + e^x) = max(x, 0) + log1p(e^-|x|): never overflows.
    Softplus = "softplus", "tf.math.softplus", Float -> Same, saves Inputs, |x| poly(Transcendental::Softplus, x), polynomial Softplus;
    Softsign = "softsign", "tf.math.softsign", Float -> Same, saves Inputs, |x| x / (1.0 + x.abs());
    Log1p = "log1p", "tf.math.log1p", Float -> Same, saves Inputs, |x| poly(Transcendental::Log1p, x), polynomial Log1p;
    Expm1 = "expm1", "tf.math.expm1", Float -> Same, saves Output, |x| poly(Transcendental::Expm1, x), polynomial Expm1;
    Erf = "erf", "tf.math.erf", Float -> Same, saves Inputs, |x| poly(Transcendental::Erf, x), polynomial Erf;
    Erfc = "erfc", "tf.math.erfc", Float -> Same, saves Inputs, |x| poly(Transcendental::Erfc, x), polynomial Erfc;
    /// The inverse of erf on [-1, 1] (±inf at ±1).
    Erfinv = "erfinv", "tf.math.erfinv", Float -> Same, saves Output, |x| special::erfinv(x);
    /// The standard normal quantile: the inverse of Φ(x) = erfc(-x/√2)/2 on [0, 1].
    Ndtri = "ndtri", "tf.math.ndtri", Float -> Same, saves Output, |x| special::ndtri(x);
    Lgamma = "lgamma", "tf.math.lgamma", Float -> Same, saves Inputs, |x| special::lgamma(x);
    Digamma = "digamma", "tf.math.digamma", Float -> Same, saves Inputs, |x| special::digamma(x);
    /// The derivative of digamma (polygamma of order 1). Internal: digamma's gradient.
    Trigamma = "trigamma", "", Float -> Same, saves Inputs, |x| special::polygamma1(x);
    /// The inverse of erfc on [0, 2] (inf at 0, -inf at 2): TensorFlow's -ndtri(x/2)/√2.
    Erfcinv = "erfcinv", "tf.math.erfcinv", Float -> Same, saves Output, |x| special::erfcinv(x);
    /// The modified Bessel function of the first kind I₀.
    BesselI0 = "besselI0", "tf.math.bessel_i0", Float -> Same, saves Inputs, |x| special::bessel_i0(x);
    /// e^-|x| I₀(x).
    BesselI0e = "besselI0e", "tf.math.bessel_i0e", Float -> Same, saves Both, |x| special::bessel_i0e(x);
    /// The modified Bessel function of the first kind I₁.
    BesselI1 = "besselI1", "tf.math.bessel_i1", Float -> Same, saves Both, |x| special::bessel_i1(x);
    /// e^-|x| I₁(x).
    BesselI1e = "besselI1e", "tf.math.bessel_i1e", Float -> Same, saves Both, |x| special::bessel_i1e(x);
    /// The Bessel function of the first kind J₀.
    BesselJ0 = "besselJ0", "tf.math.special.bessel_j0", Float -> Same, saves Inputs, |x| bessel::bessel_j0_f64(x), single bessel::bessel_j0_f32;
    /// The Bessel function of the first kind J₁.
    BesselJ1 = "besselJ1", "tf.math.special.bessel_j1", Float -> Same, saves Both, |x| bessel::bessel_j1_f64(x), single bessel::bessel_j1_f32;
    /// The Bessel function of the second kind Y₀.
    BesselY0 = "besselY0", "tf.math.special.bessel_y0", Float -> Same, saves Inputs, |x| bessel::bessel_y0_f64(x), single bessel::bessel_y0_f32;
    /// The Bessel function of the second kind Y₁.
    BesselY1 = "besselY1", "tf.math.special.bessel_y1", Float -> Same, saves Both, |x| bessel::bessel_y1_f64(x), single bessel::bessel_y1_f32;
    /// The modified Bessel function of the second kind K₀.
    BesselK0 = "besselK0", "tf.math.special.bessel_k0", Float -> Same, saves Inputs, |x| bessel::bessel_k0_f64(x), single bessel::bessel_k0_f32;
    /// e^x K₀(x).
    BesselK0e = "besselK0e", "tf.math.special.bessel_k0e", Float -> Same, saves Both, |x| bessel::bessel_k0e_f64(x), single bessel::bessel_k0e_f32;
    /// The modified Bessel function of the second kind K₁.
    BesselK1 = "besselK1", "tf.math.special.bessel_k1", Float -> Same, saves Both, |x| bessel::bessel_k1_f64(x), single bessel::bessel_k1_f32;
    /// e^x K₁(x).
    BesselK1e = "besselK1e", "tf.math.special.bessel_k1e", Float -> Same, saves Both, |x| bessel::bessel_k1e_f64(x), single bessel::bessel_k1e_f32;
    /// Dawson's integral e^-x² ∫₀ˣ e^t² dt.
    Dawsn = "dawsn", "tf.math.special.dawsn", Float -> Same, saves Both, |x| integrals::dawsn(x), single integrals::dawsn::<f32>;
    /// The exponential integral Ei(x) (NaN for x < 0).
    Expint = "expint", "tf.math.special.expint", Float -> Same, saves Inputs, |x| integrals::expint(x), single integrals::expint::<f32>;
    /// The Fresnel integral C(x) = ∫₀ˣ cos(πt²/2) dt.
    FresnelCos = "fresnelCos", "tf.math.special.fresnel_cos", Float -> Same, saves Inputs, |x| integrals::fresnel_cos(x), single integrals::fresnel_cos::<f32>;
    /// The Fresnel integral S(x) = ∫₀ˣ sin(πt²/2) dt.
    FresnelSin = "fresnelSin", "tf.math.special.fresnel_sin", Float -> Same, saves Inputs, |x| integrals::fresnel_sin(x), single integrals::fresnel_sin::<f32>;
    /// Spence's function ∫₁ˣ ln t / (1 - t) dt (NaN for x < 0).
    Spence = "spence", "tf.math.special.spence", Float -> Same, saves Inputs, |x| integrals::spence(x), single integrals::spence::<f32>;
    /// max(x, 0); NaN stays NaN (and -0 stays -0, as max(x, 0) keeps x on a tie).
    Relu = "relu", "tf.nn.relu", Numeric -> Same, saves Output, |x| if x < 0.0 { 0.0 } else { x },
        lanes |v| S::select(S::lt(v, S::splat(S::Elem::ZERO)), S::splat(S::Elem::ZERO), v);
    Relu6 = "relu6", "tf.nn.relu6", Numeric -> Same, saves Inputs, |x| x.clamp(0.0, 6.0);
    Elu = "elu", "tf.nn.elu", Float -> Same, saves Output, |x| poly(Transcendental::Elu, x), polynomial Elu;
    Selu = "selu", "tf.nn.selu", Float -> Same, saves Output, |x| poly(Transcendental::Selu, x), polynomial Selu;
    /// x Φ(x) with the normal CDF Φ(x) = erfc(-x/√2)/2.
    Gelu = "gelu", "tf.nn.gelu", Float -> Same, saves Inputs, |x| poly(Transcendental::Gelu, x), polynomial Gelu;
    /// TensorFlow's `approximate=True`: x/2 (1 + tanh(√(2/π) (x + 0.044715 x³))).
    GeluApproximate = "geluApproximate", "", Float -> Same, saves Inputs, |x| poly(Transcendental::GeluApproximate, x), polynomial GeluApproximate;
    /// x sigmoid(x), also called swish.
    Silu = "silu", "tf.nn.silu", Float -> Same, saves Inputs, |x| poly(Transcendental::Silu, x), polynomial Silu;
    IsNan = "isNaN", "tf.math.is_nan", Float -> Bool, saves Nothing, |x| x.is_nan() as u8 as f64;
    IsInf = "isInf", "tf.math.is_inf", Float -> Bool, saves Nothing, |x| x.is_infinite() as u8 as f64;
    IsFinite = "isFinite", "tf.math.is_finite", Float -> Bool, saves Nothing, |x| x.is_finite() as u8 as f64;
    LogicalNot = "logicalNot", "tf.math.logical_not", Bool -> Bool, saves Nothing, |x| (x == 0.0) as u8 as f64;
}

binary_kinds! { BinaryKind, same_elem,
    Add = "add", "tf.math.add", Numeric -> Same, saves Nothing, |a, b| a.add(b), lanes |p, q| S::add(p, q);
    Sub = "sub", "tf.math.subtract", Numeric -> Same, saves Nothing, |a, b| a.sub(b), lanes |p, q| S::sub(p, q);
    Mul = "mul", "tf.math.multiply", Numeric -> Same, saves Inputs, |a, b| a.mul(b), lanes |p, q| S::mul(p, q);
    /// True division (int32 / int32 is handled before: it gives float64, as TensorFlow's `/`).
    Div = "div", "tf.math.divide", Numeric -> Same, saves Both, |a, b| Arith::div(a, b), lanes |p, q| S::div(p, q);
    Pow = "pow", "tf.math.pow", Numeric -> Same, saves Both, |a, b| a.pow(b);
    /// NaN if either is NaN. Lanes: b where a < b, else a, and b itself where b is NaN.
    Maximum = "maximum", "tf.math.maximum", Numeric -> Same, saves Inputs, |a, b| a.maximum(b),
        lanes |p, q| S::select(S::eq(q, q), S::select(S::lt(p, q), q, p), q);
    Minimum = "minimum", "tf.math.minimum", Numeric -> Same, saves Inputs, |a, b| a.minimum(b),
        lanes |p, q| S::select(S::eq(q, q), S::select(S::lt(q, p), q, p), q);
    /// (a - b)²
    SquaredDifference = "squaredDifference", "tf.math.squared_difference", Numeric -> Same, saves Inputs,
        |a, b| { let d = a.sub(b); d.mul(d) };
    /// The remainder of floor division (Python's `%`).
    Mod = "mod", "tf.math.floormod", Numeric -> Same, saves Inputs, |a, b| a.floor_mod(b);
    FloorDiv = "floorDiv", "tf.math.floordiv", Numeric -> Same, saves Nothing, |a, b| a.floor_div(b);
    Atan2 = "atan2", "tf.math.atan2", Float -> Same, saves Inputs, |a, b| via_f64(a, b, f64::atan2);
    /// x log y, and 0 where x = 0 (even where y = 0).
    Xlogy = "xlogy", "tf.math.xlogy", Float -> Same, saves Inputs, |a, b| via_f64(a, b, |x, y| if x == 0.0 { 0.0 } else { x * y.ln() });
    /// x / y, and 0 where y = 0.
    DivNoNan = "divNoNan", "tf.math.divide_no_nan", Float -> Same, saves Inputs, |a, b| via_f64(a, b, |x, y| if y == 0.0 { 0.0 } else { x / y });
    /// The regularized lower incomplete gamma function P(a, x).
    Igamma = "igamma", "tf.math.igamma", Float -> Same, saves Inputs, |a, b| via_f64(a, b, special::igamma);
    /// The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x).
    Igammac = "igammac", "tf.math.igammac", Float -> Same, saves Inputs, |a, b| via_f64(a, b, special::igammac);
    /// ∂P(a, x)/∂a. Internal: igamma's gradient in a (TensorFlow's IgammaGradA).
    IgammaGradA = "igammaGradA", "", Float -> Same, saves Inputs, |a, b| via_f64(a, b, special::igamma_grad_a);
    /// The Hurwitz zeta function ζ(x, q) = Σ (k + q)^-x.
    Zeta = "zeta", "tf.math.zeta", Float -> Same, saves Inputs, |a, b| via_f64(a, b, special::zeta);
    /// ψ⁽ⁿ⁾(x), the n-th derivative of digamma (n = a, a non-negative integer; NaN otherwise).
    Polygamma = "polygamma", "tf.math.polygamma", Float -> Same, saves Inputs, |a, b| via_f64(a, b, special::polygamma);
    /// The next representable value after a toward b, in the tensors' own dtype.
    Nextafter = "nextafter", "tf.math.nextafter", Float -> Same, saves Nothing, |a, b| if T::MANTISSA_DIGITS == 24 {
        T::from_f64(special::nextafter_f32(a.to_f64() as f32, b.to_f64() as f32) as f64)
    } else {
        via_f64(a, b, special::nextafter)
    };
}

binary_kinds! { CompareKind, bool_elem,
    Equal = "equal", "tf.math.equal", Any -> Bool, saves Nothing, |a, b| (a == b) as u8;
    NotEqual = "notEqual", "tf.math.not_equal", Any -> Bool, saves Nothing, |a, b| (a != b) as u8;
    Less = "less", "tf.math.less", Numeric -> Bool, saves Nothing, |a, b| (a < b) as u8;
    LessEqual = "lessEqual", "tf.math.less_equal", Numeric -> Bool, saves Nothing, |a, b| (a <= b) as u8;
    Greater = "greater", "tf.math.greater", Numeric -> Bool, saves Nothing, |a, b| (a > b) as u8;
    GreaterEqual = "greaterEqual", "tf.math.greater_equal", Numeric -> Bool, saves Nothing, |a, b| (a >= b) as u8;
    LogicalAnd = "logicalAnd", "tf.math.logical_and", Bool -> Bool, saves Nothing, |a, b| (a != T::ZERO && b != T::ZERO) as u8;
    LogicalOr = "logicalOr", "tf.math.logical_or", Bool -> Bool, saves Nothing, |a, b| (a != T::ZERO || b != T::ZERO) as u8;
    LogicalXor = "logicalXor", "tf.math.logical_xor", Bool -> Bool, saves Nothing, |a, b| ((a != T::ZERO) != (b != T::ZERO)) as u8;
}

/// Reductions over a set of axes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReduceKind {
    Sum,
    Max,
    Min,
    Prod,
    All,
    Any,
}

impl ReduceKind {
    pub const ALL: &'static [ReduceKind] =
        &[ReduceKind::Sum, ReduceKind::Max, ReduceKind::Min, ReduceKind::Prod, ReduceKind::All, ReduceKind::Any];

    #[inline]
    pub fn spec_row(self) -> (&'static str, &'static str, DTypes, OutDType, Saves) {
        match self {
            ReduceKind::Sum => ("reduceSum", "tf.math.reduce_sum", DTypes::Numeric, OutDType::Same, Saves::Nothing),
            ReduceKind::Max => ("reduceMax", "tf.math.reduce_max", DTypes::Numeric, OutDType::Same, Saves::Both),
            ReduceKind::Min => ("reduceMin", "tf.math.reduce_min", DTypes::Numeric, OutDType::Same, Saves::Both),
            ReduceKind::Prod => ("reduceProd", "tf.math.reduce_prod", DTypes::Numeric, OutDType::Same, Saves::Inputs),
            ReduceKind::All => ("reduceAll", "tf.math.reduce_all", DTypes::Bool, OutDType::Same, Saves::Nothing),
            ReduceKind::Any => ("reduceAny", "tf.math.reduce_any", DTypes::Bool, OutDType::Same, Saves::Nothing),
        }
    }
}

/// argmax / argmin along one axis (the first index among ties, as TensorFlow); bool tensors too
/// (false < true), as TensorFlow's CPU kernels take them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    Max,
    Min,
}

impl ArgKind {
    pub const ALL: &'static [ArgKind] = &[ArgKind::Max, ArgKind::Min];
    #[inline]
    pub fn spec_row(self) -> (&'static str, &'static str, DTypes, OutDType, Saves) {
        match self {
            ArgKind::Max => ("argmax", "tf.math.argmax", DTypes::Any, OutDType::Int32, Saves::Nothing),
            ArgKind::Min => ("argmin", "tf.math.argmin", DTypes::Any, OutDType::Int32, Saves::Nothing),
        }
    }
}

/// Running sums and products along an axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CumulativeKind {
    Sum,
    Prod,
}

impl CumulativeKind {
    pub const ALL: &'static [CumulativeKind] = &[CumulativeKind::Sum, CumulativeKind::Prod];
    #[inline]
    pub fn spec_row(self) -> (&'static str, &'static str, DTypes, OutDType, Saves) {
        match self {
            CumulativeKind::Sum => ("cumsum", "tf.math.cumsum", DTypes::Numeric, OutDType::Same, Saves::Nothing),
            CumulativeKind::Prod => ("cumprod", "tf.math.cumprod", DTypes::Numeric, OutDType::Same, Saves::Both),
        }
    }
}

// ---- the op enum ---------------------------------------------------------------------------------

/// Declares the ops: families of kinds (one code per kind, the kind's parameters after it) and
/// single ops, each with its names, inputs, parameters, dtype class, result dtype and saved values.
macro_rules! op_table {
    (
        families { $(
            $(#[doc = $fdoc:literal])*
            $fam:ident($kind:ident) { $($fparam:ident : $fty:ty = $fkind:ident),* } family $ffamily:literal, inputs $farity:literal;
        )* }
        ops { $(
            $(#[doc = $doc:literal])*
            $op:ident { $($param:ident : $ty:ty = $pkind:ident),* } = $js:literal, $tf:literal, family $family:literal,
                inputs $arity:expr, $dtypes:ident -> $out:ident, saves $saves:ident;
        )* }
    ) => {
        #[derive(Clone, Debug, PartialEq)]
        pub enum Op {
            $( $(#[doc = $fdoc])* $fam { kind: $kind, $($fparam: $fty),* }, )*
            $( $(#[doc = $doc])* $op { $($param: $ty),* }, )*
        }

        /// Every row of the table, in code order.
        pub fn specs() -> Vec<OpSpec> {
            let mut rows = Vec::new();
            $(
                for &kind in $kind::ALL {
                    let (js, tf, dtypes, out, saves) = kind.spec_row();
                    rows.push(OpSpec {
                        code: rows.len() as u32, js, tf, family: $ffamily, arity: Arity::Fixed($farity),
                        params: &[$((stringify!($fparam), ParamKind::$fkind)),*], dtypes, out, saves,
                    });
                }
            )*
            $(
                rows.push(OpSpec {
                    code: rows.len() as u32, js: $js, tf: $tf, family: $family, arity: $arity,
                    params: &[$((stringify!($param), ParamKind::$pkind)),*],
                    dtypes: DTypes::$dtypes, out: OutDType::$out, saves: Saves::$saves,
                });
            )*
            rows
        }

        impl Op {
            /// The op with table code `code`, its parameters read from `params`.
            pub fn decode(code: u32, params: &mut ParamReader) -> Result<Op> {
                let mut base = 0usize;
                let code = code as usize;
                $(
                    if code < base + $kind::ALL.len() {
                        let kind = $kind::ALL[code - base];
                        return Ok(Op::$fam { kind, $($fparam: <$fty as Param>::read(params)?),* });
                    }
                    base += $kind::ALL.len();
                )*
                $(
                    if code == base {
                        return Ok(Op::$op { $($param: <$ty as Param>::read(params)?),* });
                    }
                    base += 1;
                )*
                let _ = base;
                fail!(InvalidArgument, "unknown op code {code}; the WebAssembly module and the JavaScript that calls it differ")
            }

            /// The code and parameters `decode` reads back (what a tape saves when it is evicted).
            pub fn encode(&self, params: &mut Vec<f64>) -> u32 {
                let mut base = 0usize;
                $(
                    if let Op::$fam { kind, $($fparam),* } = self {
                        $( <$fty as Param>::write($fparam, params); )*
                        // A kind's discriminant is its index in ALL, which lists the kinds in
                        // declaration order (a search of ALL made this function 7 KB of wasm).
                        return (base + *kind as usize) as u32;
                    }
                    base += $kind::ALL.len();
                )*
                $(
                    #[allow(unused_variables)]
                    if let Op::$op { $($param),* } = self {
                        $( <$ty as Param>::write($param, params); )*
                        return base as u32;
                    }
                    base += 1;
                )*
                let _ = base;
                unreachable!("every op has a code")
            }

            /// The name used in error messages: the name of the JavaScript function users call.
            #[inline]
            pub fn name(&self) -> &'static str {
                match self {
                    $( Op::$fam { kind, .. } => kind.spec_row().0, )*
                    $( Op::$op { .. } => $js, )*
                }
            }

            #[inline]
            pub fn arity(&self) -> Arity {
                match self {
                    $( Op::$fam { .. } => Arity::Fixed($farity), )*
                    $( Op::$op { .. } => $arity, )*
                }
            }

            #[inline]
            pub fn dtypes(&self) -> DTypes {
                match self {
                    $( Op::$fam { kind, .. } => kind.spec_row().2, )*
                    $( Op::$op { .. } => DTypes::$dtypes, )*
                }
            }

            #[inline]
            pub fn out_dtype(&self) -> OutDType {
                match self {
                    $( Op::$fam { kind, .. } => kind.spec_row().3, )*
                    $( Op::$op { .. } => OutDType::$out, )*
                }
            }

            #[inline]
            pub fn saves(&self) -> Saves {
                match self {
                    $( Op::$fam { kind, .. } => kind.spec_row().4, )*
                    $( Op::$op { .. } => Saves::$saves, )*
                }
            }
        }
    };
}

op_table! {
    families {
        /// Elementwise functions of one tensor.
        Unary(UnaryKind) {} family "unary", inputs 1;
        /// Elementwise arithmetic of two tensors with NumPy broadcasting.
        Binary(BinaryKind) {} family "binary", inputs 2;
        /// Elementwise comparisons and logical connectives, with broadcasting; bool results.
        Compare(CompareKind) {} family "compare", inputs 2;
        /// Reductions over `axes` (sorted, unique).
        Reduce(ReduceKind) { axes: Vec<usize> = Axes, keepdims: bool = Bool } family "reduce", inputs 1;
        /// The index of the largest (smallest) entry along `axis`.
        ArgReduce(ArgKind) { axis: usize = Axis } family "argReduce", inputs 1;
        /// Running sums and products along `axis`.
        Cumulative(CumulativeKind) { axis: usize = Axis, exclusive: bool = Bool, reverse: bool = Bool } family "cumulative", inputs 1;
    }
    ops {
        /// `cond ? x : y` elementwise, all three broadcast together.
        Where {} = "where", "tf.where", family "custom", inputs Arity::Fixed(3), Any -> Same, saves Inputs;
        /// The regularized incomplete beta function I_x(a, b) of inputs a, b, x, all three broadcast together.
        Betainc {} = "betainc", "tf.math.betainc", family "custom", inputs Arity::Fixed(3), Float -> Same, saves Inputs;
        /// exp(x) / sum(exp(x)) along `axis`, computed after subtracting the maximum.
        Softmax { axis: usize = Axis } = "softmax", "tf.nn.softmax", family "custom", inputs Arity::Fixed(1), Float -> Same, saves Output;
        /// x - logSumExp(x) along `axis`.
        LogSoftmax { axis: usize = Axis } = "logSoftmax", "tf.nn.log_softmax", family "custom", inputs Arity::Fixed(1), Float -> Same, saves Output;
        /// `[..., m, k] @ [..., k, n]`, batch dims broadcast; the flags transpose the last two dims first.
        MatMul { transpose_a: bool = Bool, transpose_b: bool = Bool } = "matmul", "tf.linalg.matmul", family "custom",
            inputs Arity::Fixed(2), Numeric -> Same, saves Inputs;
        Reshape { shape: Vec<usize> = Shape } = "reshape", "tf.reshape", family "custom", inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        Transpose { perm: Vec<usize> = Shape } = "transpose", "tf.transpose", family "custom", inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        BroadcastTo { shape: Vec<usize> = Shape } = "broadcastTo", "tf.broadcast_to", family "custom", inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        /// Joins its inputs along `axis`.
        Concat { axis: usize = Axis } = "concat", "tf.concat", family "custom", inputs Arity::Variadic, Any -> Same, saves Nothing;
        /// `len` entries of `axis` starting at `start`.
        Slice { axis: usize = Axis, start: usize = Int, len: usize = Int } = "sliceAxis", "", family "custom",
            inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        /// Zeros added before and after along `axis` (the dual of `Slice`).
        Pad { axis: usize = Axis, before: usize = Int, after: usize = Int } = "padAxis", "", family "custom",
            inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        Cast { dtype: DType = DType } = "cast", "tf.cast", family "custom", inputs Arity::Fixed(1), Any -> Param, saves Nothing;
        /// A `tf.customGradient` function's result: recorded (never run) by `Engine::record_custom`,
        /// its gradient is JavaScript rule `id`, run when a reverse sweep reaches it.
        Custom { id: usize = Int } = "customGradient", "", family "custom", inputs Arity::Variadic, Any -> Same, saves Inputs;
        // Dense linear algebra on `[..., m, n]`, one matrix per batch entry (ops/linalg.rs). The
        // engine records one output per op, so a decomposition packs its results into one tensor
        // that the TypeScript wrapper slices apart with recorded ops; the gradient of a piece then
        // arrives at the packed output with zeros elsewhere, and the rule unpacks it.
        /// L with A = L Lᵀ, lower-triangular, for each symmetric positive definite A `[..., n, n]`
        /// (only the lower triangle is read); an error when a matrix is not positive definite.
        Cholesky {} = "cholesky", "tf.linalg.cholesky", family "custom", inputs Arity::Fixed(1), Float -> Same, saves Output;
        /// X with op(M) X = B for triangular M `[..., n, n]` (only the `lower` or upper triangle
        /// is read; op(M) = Mᵀ when `adjoint`) and B `[..., n, k]`; batch dims broadcast.
        TriangularSolve { lower: bool = Bool, adjoint: bool = Bool } = "triangularSolve", "tf.linalg.triangular_solve",
            family "custom", inputs Arity::Fixed(2), Float -> Same, saves Both;
        /// X with op(A) X = B for A `[..., n, n]`, B `[..., n, k]` (equal batch dims) by LU with
        /// partial pivoting; an error when a matrix is singular.
        MatrixSolve { adjoint: bool = Bool } = "solve", "tf.linalg.solve", family "custom", inputs Arity::Fixed(2), Float -> Same, saves Both;
        /// op(A)⁻¹ for A `[..., n, n]` (op(A) = Aᵀ when `adjoint`); an error when a matrix is singular.
        MatrixInverse { adjoint: bool = Bool } = "inv", "tf.linalg.inv", family "custom", inputs Arity::Fixed(1), Float -> Same, saves Output;
        /// Packed `[..., 2]`: `[..., 0]` the sign of det A (0 when singular), `[..., 1]` ln|det A|.
        LogMatrixDeterminant {} = "slogdet", "tf.linalg.slogdet", family "custom", inputs Arity::Fixed(1), Float -> Same, saves Inputs;
        /// P A = L U by partial pivoting for A `[..., n, n]` (tf.linalg.lu). Packed `[..., n, n + 1]`:
        /// columns 0..n the factors (L strictly below the diagonal, its unit diagonal implied; U on
        /// and above), column n the permutation p (A[p] = L U) as values of the dtype; an error
        /// when a pivot is exactly zero ("Input is not invertible", as TensorFlow's kernel).
        Lu {} = "lu", "tf.linalg.lu", family "custom", inputs Arity::Fixed(1), Float -> Same, saves Output;
        /// A = Q R for A `[..., m, n]`, with k = m when `full_matrices`, else min(m, n). Packed
        /// `[..., m·k + k·n]`: Q (m×k) row-major, then R (k×n) row-major.
        Qr { full_matrices: bool = Bool } = "qr", "tf.linalg.qr", family "custom", inputs Arity::Fixed(1), Float -> Same, saves Both;
        /// A = U diag(s) Vᵀ for A `[..., m, n]`, p = min(m, n) singular values, descending. Packed
        /// `[..., p + m·u + n·v]` with u = v = p, or u = m and v = n when `full_matrices`: s, then
        /// U (m×u) and V (n×v) row-major; just s `[..., p]` when not `compute_uv`.
        Svd { full_matrices: bool = Bool, compute_uv: bool = Bool } = "svd", "tf.linalg.svd", family "custom",
            inputs Arity::Fixed(1), Float -> Same, saves Both;
        /// A V = V diag(w) for symmetric A `[..., n, n]` (only the lower triangle is read), w
        /// ascending. Packed `[..., n + 1, n]`: row 0 the eigenvalues, rows 1..=n the matrix V
        /// (column j the unit eigenvector of w[j]).
        Eigh {} = "eigh", "tf.linalg.eigh", family "custom", inputs Arity::Fixed(1), Float -> Same, saves Output;
        /// Entries `begin[d], begin[d] + strides[d], ...` up to (not including) `end[d]` of every
        /// dim d; ranges already normalised (a negative stride walks down, and its `end` may be -1).
        StridedSlice { begin: Vec<i64> = Ints, end: Vec<i64> = Ints, strides: Vec<i64> = Ints } = "stridedSlice",
            "tf.strided_slice", family "custom", inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        /// Zeros of `shape` with the input written where `StridedSlice` of the same ranges reads
        /// (its gradient, and this op's gradient is that slice). Internal.
        StridedSliceGrad { shape: Vec<usize> = Shape, begin: Vec<i64> = Ints, end: Vec<i64> = Ints, strides: Vec<i64> = Ints } =
            "stridedSliceGrad", "", family "custom", inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        /// The sliding windows of `[batch, ...spatial, channels]` (one spatial dim per entry of
        /// `kernel`): for each output position o, the taps x[o·strides + k·dilations] side by side,
        /// tap-major (row-major over the kernel), then channel: `[batch, ...out, taps·channels]`
        /// with out = (n - (kernel - 1)·dilation - 1) / stride + 1. The input is padded already
        /// (im2col, for ts/convolution.ts). Internal.
        ExtractPatches { kernel: Vec<usize> = Shape, strides: Vec<usize> = Shape, dilations: Vec<usize> = Shape } = "extractPatches", "",
            family "custom", inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        /// Zeros of `shape` with each entry of the input (patches of `shape`) added where
        /// `ExtractPatches` read it (its gradient, and this op's gradient is the patches). Internal.
        ExtractPatchesGrad { shape: Vec<usize> = Shape, kernel: Vec<usize> = Shape, strides: Vec<usize> = Shape, dilations: Vec<usize> = Shape } =
            "extractPatchesGrad", "", family "custom", inputs Arity::Fixed(1), Numeric -> Same, saves Nothing;
        /// Slices of `params` (input 0) along `axis` at int32 `indices` (input 1); the first
        /// `batch_dims` dims of both are batch dims gathered in step.
        Gather { axis: usize = Axis, batch_dims: usize = Int } = "gather", "tf.gather", family "custom",
            inputs Arity::Fixed(2), Any -> Same, saves Inputs;
        /// Zeros with `dim` entries along `axis`, the slices of the input added at `indices`:
        /// `Gather`'s gradient (duplicate indices add up). Internal.
        GatherGrad { axis: usize = Axis, batch_dims: usize = Int, dim: usize = Int } = "gatherGrad", "", family "custom",
            inputs Arity::Fixed(2), Numeric -> Same, saves Inputs;
        /// Slices of `params` (input 0) at the coordinate tuples in the last dim of int32 `indices` (input 1).
        GatherNd {} = "gatherNd", "tf.gather_nd", family "custom", inputs Arity::Fixed(2), Any -> Same, saves Inputs;
        /// Zeros of `shape` with `updates` (input 1) added at the coordinate tuples of `indices` (input 0).
        ScatterNd { shape: Vec<usize> = Shape } = "scatterNd", "tf.scatter_nd", family "custom",
            inputs Arity::Fixed(2), Numeric -> Same, saves Inputs;
        /// `tensor` (input 0) with the slices at `indices` (input 1) replaced by `updates` (input 2).
        TensorScatterUpdate {} = "tensorScatterUpdate", "tf.tensor_scatter_nd_update", family "custom",
            inputs Arity::Fixed(3), Any -> Same, saves Inputs;
        /// `multiples[d]` copies of the input along each dim d.
        Tile { multiples: Vec<usize> = Shape } = "tile", "tf.tile", family "custom", inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        /// `paddings[2d]` entries before and `paddings[2d + 1]` after every dim d: `constant_value`,
        /// or the input mirrored without (REFLECT) or with (SYMMETRIC) its edge.
        PadNd { paddings: Vec<usize> = Shape, mode: PadMode = Int, constant_value: f64 = Float } = "pad", "tf.pad",
            family "custom", inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        /// The input with the order of entries reversed along `axes`.
        Reverse { axes: Vec<usize> = Axes } = "reverse", "tf.reverse", family "custom", inputs Arity::Fixed(1), Any -> Same, saves Nothing;
        /// `on_value` where int32 `indices` equal the position along the new dim `axis` of size
        /// `depth`, `off_value` elsewhere (every entry off for indices outside `[0, depth)`).
        OneHot { depth: usize = Int, on_value: f64 = Float, off_value: f64 = Float, axis: usize = Axis, dtype: DType = DType } =
            "oneHot", "tf.one_hot", family "custom", inputs Arity::Fixed(1), Any -> Param, saves Nothing;
        /// The indices that sort each lane along `axis` (ascending, or descending), ties in index
        /// order; NaN sorts above every number. sort and topK gather with them, so their
        /// gradients flow through the gather.
        Argsort { axis: usize = Axis, descending: bool = Bool } = "argsort", "tf.argsort", family "custom",
            inputs Arity::Fixed(1), Numeric -> Int32, saves Nothing;
    }
}

/// How `PadNd` fills the padding (TensorFlow's `mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PadMode {
    /// `constant_value`.
    Constant,
    /// The input mirrored about its edge entry, which is not repeated: `[1 2 3]` -> `3 2 [1 2 3] 2 1`.
    Reflect,
    /// The input mirrored including its edge entry: `[1 2 3]` -> `2 1 [1 2 3] 3 2`.
    Symmetric,
}

impl PadMode {
    pub const ALL: [PadMode; 3] = [PadMode::Constant, PadMode::Reflect, PadMode::Symmetric];

    /// TensorFlow's name for the mode.
    pub fn name(self) -> &'static str {
        match self {
            PadMode::Constant => "CONSTANT",
            PadMode::Reflect => "REFLECT",
            PadMode::Symmetric => "SYMMETRIC",
        }
    }
}

/// Through the ABI a mode is its position in `PadMode::ALL`.
impl Param for PadMode {
    fn read(r: &mut ParamReader) -> Result<PadMode> {
        Ok(PadMode::ALL[r.integer(0.0, 2.0)? as usize])
    }
    fn write(&self, out: &mut Vec<f64>) {
        out.push(PadMode::ALL.iter().position(|m| m == self).expect("every mode is in ALL") as f64);
    }
}

/// The table as JSON for the ABI description: `[{"js", "tf", "family", "inputs", "params", "dtypes", "out"}]`
/// in code order (`inputs` -1 for variadic).
pub fn specs_json() -> String {
    let rows: Vec<String> = specs()
        .iter()
        .map(|s| {
            let params: Vec<String> = s.params.iter().map(|(n, k)| format!("[\"{n}\",\"{}\"]", k.name())).collect();
            let inputs = match s.arity {
                Arity::Fixed(n) => n as i64,
                Arity::Variadic => -1,
            };
            format!(
                "{{\"js\":\"{}\",\"tf\":\"{}\",\"family\":\"{}\",\"inputs\":{inputs},\"params\":[{}],\"dtypes\":\"{}\",\"out\":\"{:?}\"}}",
                s.js,
                s.tf,
                s.family,
                params.join(","),
                s.dtypes.name(),
                s.out
            )
        })
        .collect();
    format!("[{}]", rows.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_decodes_to_its_own_op_and_encodes_back() {
        for spec in specs() {
            // Parameters: zeros are valid for every kind (empty lists, axis 0, false, float32).
            let zeros = vec![0.0; 16];
            let op = Op::decode(spec.code, &mut ParamReader::new(&zeros)).unwrap();
            assert_eq!(op.name(), spec.js);
            let mut params = Vec::new();
            assert_eq!(op.encode(&mut params), spec.code, "{}", spec.js);
            assert_eq!(Op::decode(spec.code, &mut ParamReader::new(&params)).unwrap(), op);
        }
    }

    #[test]
    fn unknown_codes_are_errors() {
        let n = specs().len() as u32;
        let err = Op::decode(n, &mut ParamReader::new(&[])).unwrap_err();
        assert!(err.message.contains("unknown op code"), "{}", err.message);
    }

    #[test]
    fn names_are_unique() {
        let specs = specs();
        let mut names: Vec<_> = specs.iter().map(|s| s.js).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), specs.len());
    }

    #[test]
    fn bad_parameters_are_errors() {
        let op = specs().into_iter().find(|s| s.js == "reduceMax").unwrap();
        // a list longer than what was written, and a non-integer axis
        assert!(Op::decode(op.code, &mut ParamReader::new(&[5.0, 0.0])).is_err());
        assert!(Op::decode(op.code, &mut ParamReader::new(&[1.0, 0.5, 0.0])).is_err());
    }
}
