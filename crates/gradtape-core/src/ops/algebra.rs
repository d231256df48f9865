//! The vocabulary the elementwise gradient rules are written in, with two interpreters:
//!
//! - the engine, on tensors: every step is a recorded and traced op, so a rule computed under an
//!   outer tape has derivatives of its own;
//! - [`OnValues`], on the rank-0 values of one float dtype: a scalar node's rule when nothing
//!   would record or trace its steps (the backward sweep of a small fit). Each step runs the
//!   kernels' own scalar forms in the dtype, so the two interpreters give the same bits, and no
//!   tensor is made for a step.
//!
//! A rule is written once, generic over `Algebra`; the tests run every unary and binary rule
//! through both interpreters and compare the bits.

use crate::dtype::DType;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::kernels::{self, Element};
use crate::op::{BinaryKind, CompareKind, OutDType, UnaryKind};
use crate::tensor::Tensor;

/// Runs one kind's rule as a function of its own (each rule's closure is its own instance of
/// this function, never inlined). In one function, the rules of every unary kind made a 31 KB
/// wasm function and the binary kinds' a 16 KB one, which V8's optimizing compiler took 70 ms
/// each to build on a fresh process's compiler threads, beside the first training steps; apart,
/// it builds the dispatch and the rules a program uses.
#[inline(never)]
pub(crate) fn out_of_line<A: Algebra, R>(e: &mut A, rule: impl FnOnce(&mut A) -> Result<R>) -> Result<R> {
    rule(e)
}

pub trait Algebra {
    /// A value: a tensor, or a rank-0 value.
    type V: Clone;

    fn unary(&mut self, kind: UnaryKind, x: &Self::V) -> Result<Self::V>;
    fn binary(&mut self, kind: BinaryKind, a: &Self::V, b: &Self::V) -> Result<Self::V>;
    /// A bool value: true where `a kind b`.
    fn compare(&mut self, kind: CompareKind, a: &Self::V, b: &Self::V) -> Result<Self::V>;
    /// `cond ? x : y` elementwise (`tf.where`).
    fn select(&mut self, cond: &Self::V, x: &Self::V, y: &Self::V) -> Result<Self::V>;
    /// A rank-0 constant of `dtype`.
    fn scalar(&mut self, dtype: DType, value: f64) -> Self::V;
    /// A constant of x's shape and dtype filled with `value` (no tape sees it).
    fn full_like(&mut self, x: &Self::V, value: f64) -> Result<Self::V>;
    /// `x` broadcast to the shape of `like`.
    fn broadcast_like(&mut self, x: &Self::V, like: &Self::V) -> Result<Self::V>;
    fn dtype_of(&self, x: &Self::V) -> DType;
    /// Whether `a` and `b` are one tensor (`x·x`), for rules that then compute one term once.
    fn same(&self, a: &Self::V, b: &Self::V) -> bool;

    fn neg(&mut self, x: &Self::V) -> Result<Self::V> {
        self.unary(UnaryKind::Neg, x)
    }
    fn log(&mut self, x: &Self::V) -> Result<Self::V> {
        self.unary(UnaryKind::Log, x)
    }
    fn add(&mut self, a: &Self::V, b: &Self::V) -> Result<Self::V> {
        self.binary(BinaryKind::Add, a, b)
    }
    fn sub(&mut self, a: &Self::V, b: &Self::V) -> Result<Self::V> {
        self.binary(BinaryKind::Sub, a, b)
    }
    fn mul(&mut self, a: &Self::V, b: &Self::V) -> Result<Self::V> {
        self.binary(BinaryKind::Mul, a, b)
    }
    fn div(&mut self, a: &Self::V, b: &Self::V) -> Result<Self::V> {
        self.binary(BinaryKind::Div, a, b)
    }
    fn pow(&mut self, a: &Self::V, b: &Self::V) -> Result<Self::V> {
        self.binary(BinaryKind::Pow, a, b)
    }
    fn zeros_like(&mut self, x: &Self::V) -> Result<Self::V> {
        self.full_like(x, 0.0)
    }
    /// x * c for a constant c in x's dtype.
    fn mul_scalar(&mut self, x: &Self::V, c: f64) -> Result<Self::V> {
        let c = self.scalar(self.dtype_of(x), c);
        self.mul(x, &c)
    }
    /// x + c for a constant c in x's dtype.
    fn add_scalar(&mut self, x: &Self::V, c: f64) -> Result<Self::V> {
        let c = self.scalar(self.dtype_of(x), c);
        self.add(x, &c)
    }
    /// c - x for a constant c in x's dtype.
    fn rsub_scalar(&mut self, x: &Self::V, c: f64) -> Result<Self::V> {
        let c = self.scalar(self.dtype_of(x), c);
        self.sub(&c, x)
    }
}

impl Algebra for Engine {
    type V = Tensor;

    fn unary(&mut self, kind: UnaryKind, x: &Tensor) -> Result<Tensor> {
        Engine::unary(self, kind, x)
    }
    fn binary(&mut self, kind: BinaryKind, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        Engine::binary(self, kind, a, b)
    }
    fn compare(&mut self, kind: CompareKind, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        Engine::compare(self, kind, a, b)
    }
    fn select(&mut self, cond: &Tensor, x: &Tensor, y: &Tensor) -> Result<Tensor> {
        Engine::select(self, cond, x, y)
    }
    fn scalar(&mut self, dtype: DType, value: f64) -> Tensor {
        Engine::scalar(self, dtype, value)
    }
    fn full_like(&mut self, x: &Tensor, value: f64) -> Result<Tensor> {
        Tensor::full(&x.shape, x.dtype(), value)
    }
    fn broadcast_like(&mut self, x: &Tensor, like: &Tensor) -> Result<Tensor> {
        self.broadcast_to(x, &like.shape)
    }
    fn dtype_of(&self, x: &Tensor) -> DType {
        x.dtype()
    }
    fn same(&self, a: &Tensor, b: &Tensor) -> bool {
        a.id == b.id
    }
}

/// Rank-0 values of one float dtype, each held as the f64 that represents it exactly; a bool is
/// 1 or 0. Every step rounds to the dtype as the kernels do.
pub struct OnValues {
    pub dtype: DType,
}

impl OnValues {
    fn unsupported(what: &str) -> Error {
        Error::new(ErrorCode::Internal, format!("{what} has no form on values"))
    }
}

impl Algebra for OnValues {
    type V = f64;

    fn unary(&mut self, kind: UnaryKind, x: &f64) -> Result<f64> {
        if kind.spec_row().3 != OutDType::Same {
            return Err(OnValues::unsupported(kind.spec_row().0));
        }
        Ok(crate::with_dtype!(self.dtype, T => {
            let mut out = [T::ZERO];
            kernels::unary(kind, &[T::from_f64(*x)], &mut out);
            out[0].to_f64()
        }))
    }
    fn binary(&mut self, kind: BinaryKind, a: &f64, b: &f64) -> Result<f64> {
        if kind.spec_row().3 != OutDType::Same {
            return Err(OnValues::unsupported(kind.spec_row().0));
        }
        Ok(crate::with_dtype!(self.dtype, T => kind.scalar(T::from_f64(*a), T::from_f64(*b)).to_f64()))
    }
    fn compare(&mut self, kind: CompareKind, a: &f64, b: &f64) -> Result<f64> {
        Ok(crate::with_dtype!(self.dtype, T => kind.scalar(T::from_f64(*a), T::from_f64(*b)) as f64))
    }
    fn select(&mut self, cond: &f64, x: &f64, y: &f64) -> Result<f64> {
        Ok(if *cond != 0.0 { *x } else { *y })
    }
    fn scalar(&mut self, dtype: DType, value: f64) -> f64 {
        crate::with_dtype!(dtype, T => T::from_f64(value).to_f64())
    }
    fn full_like(&mut self, _x: &f64, value: f64) -> Result<f64> {
        Ok(self.scalar(self.dtype, value))
    }
    fn broadcast_like(&mut self, x: &f64, _like: &f64) -> Result<f64> {
        Ok(*x)
    }
    fn dtype_of(&self, _x: &f64) -> DType {
        self.dtype
    }
    /// Values carry no identity. A rule that computes one term once for `x·x` computes the same
    /// bits twice here.
    fn same(&self, _a: &f64, _b: &f64) -> bool {
        false
    }
}
