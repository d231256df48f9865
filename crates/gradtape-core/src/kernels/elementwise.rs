//! Elementwise kernels: binary ops with NumPy broadcasting, unary ops, cast and fill.
//!
//! Broadcasting never divides an index per element. Shapes are reduced to a few collapsed
//! dims, and an odometer over the outer dims hands contiguous inner runs to one slice kernel,
//! where each operand is either a slice or one broadcast value. Same-shape, scalar, row
//! (`[n]` against `[m, n]`) and column (`[m, 1]` against `[m, n]`) operands all become one run or
//! a few long runs that way.

use core::mem::MaybeUninit;
use super::element::Element;
use super::parallel;
use super::simd::{ScalarTwin, Simd};
use super::transcendental;
use crate::op::UnaryKind;

/// An operand of a slice kernel: `LANES` values (or one) starting at an index.
pub trait Operand<S: Simd>: Copy {
    /// # Safety
    /// `i + S::LANES` must not exceed the length `covers` was checked against.
    unsafe fn lanes(self, i: usize) -> S::V;
    /// # Safety
    /// `i` must be below the length `covers` was checked against.
    unsafe fn elem(self, i: usize) -> S::Elem;
    fn covers(self, len: usize) -> bool;
}

impl<S: Simd> Operand<S> for &[S::Elem] {
    #[inline(always)]
    unsafe fn lanes(self, i: usize) -> S::V {
        S::load(self.as_ptr().add(i))
    }
    #[inline(always)]
    unsafe fn elem(self, i: usize) -> S::Elem {
        *self.get_unchecked(i)
    }
    fn covers(self, len: usize) -> bool {
        self.len() >= len
    }
}

/// One value standing for a whole run (a broadcast dim), pre-splatted once.
pub struct Splat<S: Simd>(S::Elem, S::V);

impl<S: Simd> Clone for Splat<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: Simd> Copy for Splat<S> {}
impl<S: Simd> Splat<S> {
    pub(super) fn new(x: S::Elem) -> Self {
        Splat(x, S::splat(x))
    }
}

impl<S: Simd> Operand<S> for Splat<S> {
    #[inline(always)]
    unsafe fn lanes(self, _: usize) -> S::V {
        self.1
    }
    #[inline(always)]
    unsafe fn elem(self, _: usize) -> S::Elem {
        self.0
    }
    fn covers(self, _: usize) -> bool {
        true
    }
}

/// A binary elementwise family: how one run of it is computed (lane or scalar form).
pub trait BinaryRun<S: Simd>: Copy + Sync {
    /// The result's element type (the operands' for arithmetic, bool bytes for comparisons).
    type Out: Copy + Default + Send;
    /// Writes every element of `out` (which may start uninitialized).
    fn run(self, a: impl Operand<S>, b: impl Operand<S>, out: &mut [MaybeUninit<Self::Out>]);
}

/// out[i] = op(a[i], b[i]) in lanes; the tail runs on one padded vector. Every element of `out`
/// is written. (Inlined, as `zip_scalar` and `map_lanes`: a fused chain calls its kernels once
/// per chunk of 128 rows, and a call of its own costs the compiled least-squares step 4%.)
#[inline(always)]
pub fn zip_lanes<S: Simd>(
    a: impl Operand<S>,
    b: impl Operand<S>,
    out: &mut [MaybeUninit<S::Elem>],
    vector_op: impl Fn(S::V, S::V) -> S::V,
) {
    assert!(a.covers(out.len()) && b.covers(out.len()));
    let body = out.len() - out.len() % S::LANES;
    let dst = out.as_mut_ptr() as *mut S::Elem;
    // Safety: both operands cover out.len() elements (checked above).
    unsafe {
        let mut i = 0;
        while i < body {
            S::store(dst.add(i), vector_op(a.lanes(i), b.lanes(i)));
            i += S::LANES;
        }
        if body < out.len() {
            let (mut pa, mut pb, mut po) = ([S::Elem::ZERO; 8], [S::Elem::ZERO; 8], [S::Elem::ZERO; 8]);
            for i in body..out.len() {
                pa[i - body] = a.elem(i);
                pb[i - body] = b.elem(i);
            }
            S::store(po.as_mut_ptr(), vector_op(S::load(pa.as_ptr()), S::load(pb.as_ptr())));
            for i in body..out.len() {
                dst.add(i).write(po[i - body]);
            }
        }
    }
}

/// out[i] = op(a[i], b[i]) one element at a time; every element of `out` is written.
#[inline(always)]
pub fn zip_scalar<S: Simd, O>(a: impl Operand<S>, b: impl Operand<S>, out: &mut [MaybeUninit<O>], op: impl Fn(S::Elem, S::Elem) -> O) {
    assert!(a.covers(out.len()) && b.covers(out.len()));
    for (i, o) in out.iter_mut().enumerate() {
        // Safety: both operands cover out.len() elements (checked above).
        o.write(unsafe { op(a.elem(i), b.elem(i)) });
    }
}

/// Not inlined: inlined into `ops::binary::forward` for four dtypes, it made that one wasm function
/// 26 KB, whose optimized build (V8 compiles a wasm function once it is hot, on a background
/// thread) took 120-150 ms: half of all such compiling in a fresh process's first training steps,
/// while the main thread ran the unoptimized code and shared the machine's cores with the compiler.
#[inline(never)]
pub(super) fn binary<S: Simd, K: BinaryRun<S>>(
    kind: K,
    a: &[S::Elem],
    a_shape: &[usize],
    b: &[S::Elem],
    b_shape: &[usize],
    out: &mut [MaybeUninit<K::Out>],
    out_shape: &[usize],
) {
    assert_eq!(
        out.len(),
        out_shape.iter().product::<usize>(),
        "binary: out does not match out_shape"
    );
    assert_eq!(
        a.len(),
        a_shape.iter().product::<usize>(),
        "binary: a does not match a_shape"
    );
    assert_eq!(
        b.len(),
        b_shape.iter().product::<usize>(),
        "binary: b does not match b_shape"
    );
    // A full-size operand must have the broadcast shape itself (every dim equal or 1, same product).
    let (a_full, b_full) = (a.len() == out.len(), b.len() == out.len());
    if out.is_empty() {
        return;
    }
    if a_full && b_full {
        return in_parallel_runs(out, |at, run| kind.run(&a[at..], &b[at..], run));
    }
    if a_full && b.len() == 1 {
        return in_parallel_runs(out, |at, run| kind.run(&a[at..], Splat::new(b[0]), run));
    }
    if a.len() == 1 && b_full {
        return in_parallel_runs(out, |at, run| kind.run(Splat::new(a[0]), &b[at..], run));
    }

    let dims = collapse_broadcast(a_shape, b_shape, out_shape);
    let (&(run_len, a_run_stride, b_run_stride), outer) =
        dims.split_last().expect("at least one dim");
    let mut index = vec![0usize; outer.len()];
    let (mut a_offset, mut b_offset) = (0usize, 0usize);
    for run in out.chunks_exact_mut(run_len) {
        // After collapsing, the innermost stride of an operand is 1 (it has that dim) or 0 (broadcast).
        match (a_run_stride, b_run_stride) {
            (0, 0) => kind.run(Splat::new(a[a_offset]), Splat::new(b[b_offset]), run),
            (0, _) => kind.run(Splat::new(a[a_offset]), &b[b_offset..], run),
            (_, 0) => kind.run(&a[a_offset..], Splat::new(b[b_offset]), run),
            (_, _) => kind.run(&a[a_offset..], &b[b_offset..], run),
        }
        // Odometer step over the outer dims, innermost first.
        for (d, &(size, a_stride, b_stride)) in outer.iter().enumerate().rev() {
            index[d] += 1;
            a_offset += a_stride;
            b_offset += b_stride;
            if index[d] < size {
                break;
            }
            index[d] = 0;
            a_offset -= a_stride * size;
            b_offset -= b_stride * size;
        }
    }
}

/// The broadcast as few dims as possible: `(size, a_stride, b_stride)` per dim, outermost first,
/// with stride 0 where an operand is broadcast. Size-1 dims are dropped, and a dim merges into
/// the next one when both operands step through the pair as one contiguous dim.
fn collapse_broadcast(
    a_shape: &[usize],
    b_shape: &[usize],
    out_shape: &[usize],
) -> Vec<(usize, usize, usize)> {
    let a_strides = broadcast_strides(a_shape, out_shape);
    let b_strides = broadcast_strides(b_shape, out_shape);
    let mut dims: Vec<(usize, usize, usize)> = Vec::with_capacity(out_shape.len());
    for (d, &size) in out_shape.iter().enumerate() {
        if size == 1 {
            continue;
        }
        let (a_stride, b_stride) = (a_strides[d], b_strides[d]);
        match dims.last_mut() {
            Some(last) if last.1 == a_stride * size && last.2 == b_stride * size => {
                *last = (last.0 * size, a_stride, b_stride);
            }
            _ => dims.push((size, a_stride, b_stride)),
        }
    }
    if dims.is_empty() {
        dims.push((1, 0, 0));
    }
    dims
}

/// Row-major strides of `shape` seen through `out_shape` (right-aligned), 0 on broadcast dims.
fn broadcast_strides(shape: &[usize], out_shape: &[usize]) -> Vec<usize> {
    let mut strides = vec![0; out_shape.len()];
    let mut stride = 1;
    for (i, &size) in shape.iter().enumerate().rev() {
        let d = out_shape.len() - shape.len() + i;
        if size != 1 {
            strides[d] = stride;
        }
        stride *= size;
    }
    strides
}

pub(super) fn unary<S: Simd>(kind: UnaryKind, x: &[S::Elem], out: &mut [MaybeUninit<S::Elem>]) {
    assert_eq!(x.len(), out.len(), "unary: x and out differ in length");
    in_parallel_runs(out, |at, run| crate::op::unary_kernel::<S>(kind, &x[at..at + run.len()], run))
}

/// Elements per task of a long elementwise op (256 KiB of f32).
const PARALLEL_RUN: usize = 1 << 16;
/// Ops over at least this many elements share their runs among threads, where there are workers.
const PARALLEL_ELEMENTS: usize = 1 << 18;

/// Runs `kernel(at, out[at..at + len])` over runs of PARALLEL_RUN elements that together cover
/// `out`, shared among threads for a long op. The elementwise kernels compute each element from
/// its inputs alone, and every run but the last is a whole number of vectors, so the bits do not
/// depend on how `out` is cut.
fn in_parallel_runs<O: Send>(out: &mut [MaybeUninit<O>], kernel: impl Fn(usize, &mut [MaybeUninit<O>]) + Sync) {
    if out.len() <= PARALLEL_RUN {
        return kernel(0, out); // one run: called directly (no team, no dynamic call)
    }
    let team = parallel::team(out.len().div_ceil(PARALLEL_RUN), out.len() >= PARALLEL_ELEMENTS);
    team.for_each_part(out, PARALLEL_RUN, &kernel);
}

/// out[i] = op(x[i]) in lanes; the tail runs on one padded vector. Every element of `out` is
/// written (none is read), so it may start uninitialized.
#[inline(always)]
pub fn map_lanes<S: Simd>(x: &[S::Elem], out: &mut [MaybeUninit<S::Elem>], vector_op: impl Fn(S::V) -> S::V) {
    // Two vectors a step: half the loop overhead (V8 checks for interrupts every iteration).
    map_lanes_by::<S, 2>(x, out, vector_op)
}

/// `map_lanes` with V vectors a step, all loaded before any is stored, so that V8 interleaves
/// their ops: a long dependency chain (a polynomial, then a division) then has others beside it.
#[inline(always)]
pub fn map_lanes_by<S: Simd, const V: usize>(
    x: &[S::Elem],
    out: &mut [MaybeUninit<S::Elem>],
    vector_op: impl Fn(S::V) -> S::V,
) {
    assert_eq!(x.len(), out.len(), "map: x and out differ in length");
    let body = out.len() - out.len() % S::LANES;
    let (src, dst) = (x.as_ptr(), out.as_mut_ptr() as *mut S::Elem);
    // Safety: x and out have the same length (checked above).
    unsafe {
        let mut i = 0;
        while i + V * S::LANES <= body {
            let lanes: [S::V; V] = core::array::from_fn(|j| S::load(src.add(i + j * S::LANES)));
            // The loads stay above every store: LLVM, knowing that out does not alias x, would
            // move each load down to its use, after the previous vector's store, and V8 never
            // moves a load across a store, so the vectors' ops would run one after the other.
            // (A single-thread fence emits no instruction.)
            core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::SeqCst);
            for (j, lanes) in lanes.map(&vector_op).into_iter().enumerate() {
                S::store(dst.add(i + j * S::LANES), lanes);
            }
            i += V * S::LANES;
        }
        while i < body {
            S::store(dst.add(i), vector_op(S::load(src.add(i))));
            i += S::LANES;
        }
        let tail = out.len() - body;
        if tail > 0 {
            let (mut pad, mut res) = ([S::Elem::ZERO; 8], [S::Elem::ZERO; 8]);
            pad[..tail].copy_from_slice(&x[body..]);
            S::store(res.as_mut_ptr(), vector_op(S::load(pad.as_ptr())));
            for (o, &r) in out[body..].iter_mut().zip(&res) {
                o.write(r);
            }
        }
    }
}

/// The polynomial lane functions of transcendental.rs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transcendental {
    Exp,
    Ln,
    Tanh,
    Sigmoid,
    Softplus,
    Silu,
    Expm1,
    Log1p,
    Elu,
    Selu,
    Erf,
    Erfc,
    Gelu,
    GeluApproximate,
    Sin,
    Cos,
}

/// out[i] = f(x[i]) by the polynomials of transcendental.rs: the SIMD body and the tail run the
/// same algorithm, so every element's result is independent of S and of its position. int32 and
/// bool (never hot) compute through the f64 algorithm and convert.
pub fn map_transcendental<S: Simd>(f: Transcendental, x: &[S::Elem], out: &mut [MaybeUninit<S::Elem>]) {
    assert_eq!(x.len(), out.len(), "unary: x and out differ in length");
    if S::Elem::MANTISSA_DIGITS == 0 {
        for (o, &v) in out.iter_mut().zip(x) {
            o.write(S::Elem::from_f64(transcendental_f64(f, v.to_f64())));
        }
        return;
    }
    use transcendental::{Exp, ExpNonpositive, Expm1};
    let no_constants = || ();
    match f {
        Transcendental::Exp => polynomial_lanes::<S, _, 4>(x, out, Exp::<S>::hoisted, |k, v| k.exp(v)),
        Transcendental::Ln => polynomial_lanes::<S, _, 4>(x, out, no_constants, |_, v| transcendental::ln::<S>(v)),
        Transcendental::Tanh => polynomial_lanes::<S, _, 4>(x, out, no_constants, |_, v| transcendental::tanh::<S>(v)),
        Transcendental::Sigmoid => polynomial_lanes::<S, _, 4>(x, out, ExpNonpositive::<S>::hoisted, |k, v| k.sigmoid(v)),
        Transcendental::Softplus => polynomial_lanes::<S, _, 2>(x, out, ExpNonpositive::<S>::hoisted, |k, v| k.softplus(v)),
        Transcendental::Silu => polynomial_lanes::<S, _, 4>(x, out, ExpNonpositive::<S>::hoisted, |k, v| k.silu(v)),
        Transcendental::Expm1 => polynomial_lanes::<S, _, 4>(x, out, Expm1::<S>::hoisted, |k, v| k.expm1(v)),
        Transcendental::Log1p => polynomial_lanes::<S, _, 4>(x, out, no_constants, |_, v| transcendental::log1p::<S>(v)),
        Transcendental::Elu => polynomial_lanes::<S, _, 4>(x, out, Expm1::<S>::hoisted, |k, v| k.elu(v)),
        Transcendental::Selu => polynomial_lanes::<S, _, 4>(x, out, Expm1::<S>::hoisted, |k, v| k.selu(v)),
        Transcendental::Erf => polynomial_lanes::<S, _, 2>(x, out, no_constants, |_, v| transcendental::erf::<S>(v)),
        Transcendental::Erfc => polynomial_lanes::<S, _, 2>(x, out, no_constants, |_, v| transcendental::erfc::<S>(v)),
        Transcendental::Gelu => polynomial_lanes::<S, _, 2>(x, out, no_constants, |_, v| transcendental::gelu::<S>(v)),
        Transcendental::GeluApproximate => polynomial_lanes::<S, _, 4>(x, out, no_constants, |_, v| transcendental::gelu_approximate::<S>(v)),
        // float32 only: float64 keeps libm's (see `transcendental::sin`).
        Transcendental::Sin if S::Elem::MANTISSA_DIGITS == 24 => {
            polynomial_lanes::<S, _, 4>(x, out, no_constants, |_, v| transcendental::sin::<S>(v));
            beyond_sin_cos_limit(x, out, f64::sin)
        }
        Transcendental::Cos if S::Elem::MANTISSA_DIGITS == 24 => {
            polynomial_lanes::<S, _, 4>(x, out, no_constants, |_, v| transcendental::cos::<S>(v));
            beyond_sin_cos_limit(x, out, f64::cos)
        }
        Transcendental::Sin => map_scalar(x, out, f64::sin),
        Transcendental::Cos => map_scalar(x, out, f64::cos),
    }
}

/// `map_lanes_by` for one polynomial, never inlined: each polynomial is then a function of its
/// own, so V8 allocates its registers alone and optimizes only the ones in use, and the constants
/// `hoisted` makes are made there, once a call. Four vectors a step (eight spill in V8: tanh and
/// ln take twice as long), softplus two (an exp and an ln: four spill, 6.2 ms against 3.3).
/// Measured over 1M float32 against two vectors a step in map_transcendental itself: sigmoid 1.04
/// -> 0.88 ms, tanh 2.93 -> 1.98, exp 1.24 -> 0.94, ln 2.39 -> 1.78.
#[inline(never)]
fn polynomial_lanes<S: Simd, K, const V: usize>(
    x: &[S::Elem],
    out: &mut [MaybeUninit<S::Elem>],
    hoisted: impl Fn() -> K,
    polynomial: impl Fn(&K, S::V) -> S::V,
) {
    let k = hoisted();
    map_lanes_by::<S, V>(x, out, |v| polynomial(&k, v))
}

/// float32 sin and cos beyond `SIN_COS_LIMIT_F32` (finite): libm's f64 function rounded, element
/// by element, over what the lanes wrote there.
#[inline(never)]
fn beyond_sin_cos_limit<T: Element>(x: &[T], out: &mut [MaybeUninit<T>], f: fn(f64) -> f64) {
    let limit = transcendental::SIN_COS_LIMIT_F32 as f64;
    for (o, &v) in out.iter_mut().zip(x) {
        let v = v.to_f64();
        if v.abs() > limit && v.is_finite() {
            o.write(T::from_f64(f(v)));
        }
    }
}

/// The transcendental polynomial on one f64 (the scalar form the op table declares, so eager
/// scalar arithmetic and every kernel agree). Never inlined: each kind's scalar form, and each
/// int32 and bool instantiation of the kernels (which the op table never calls for these
/// float-only kinds), would otherwise hold a copy of its f64 algorithm.
#[inline(never)]
pub fn transcendental_f64(f: Transcendental, x: f64) -> f64 {
    use transcendental::{elu, erf, erfc, exp, expm1, gelu, gelu_approximate, ln, log1p, selu, sigmoid, silu, softplus, tanh};
    match f {
        Transcendental::Exp => exp::<ScalarTwin<f64>>(x),
        Transcendental::Ln => ln::<ScalarTwin<f64>>(x),
        Transcendental::Tanh => tanh::<ScalarTwin<f64>>(x),
        Transcendental::Sigmoid => sigmoid::<ScalarTwin<f64>>(x),
        Transcendental::Softplus => softplus::<ScalarTwin<f64>>(x),
        Transcendental::Silu => silu::<ScalarTwin<f64>>(x),
        Transcendental::Expm1 => expm1::<ScalarTwin<f64>>(x),
        Transcendental::Log1p => log1p::<ScalarTwin<f64>>(x),
        Transcendental::Elu => elu::<ScalarTwin<f64>>(x),
        Transcendental::Selu => selu::<ScalarTwin<f64>>(x),
        Transcendental::Erf => erf::<ScalarTwin<f64>>(x),
        Transcendental::Erfc => erfc::<ScalarTwin<f64>>(x),
        Transcendental::Gelu => gelu::<ScalarTwin<f64>>(x),
        Transcendental::GeluApproximate => gelu_approximate::<ScalarTwin<f64>>(x),
        Transcendental::Sin => x.sin(),
        Transcendental::Cos => x.cos(),
    }
}

/// out[i] = f(x[i]) through f64: float32 rounds once, int32 and bool convert exactly.
pub fn map_scalar<T: Element>(x: &[T], out: &mut [MaybeUninit<T>], f: impl Fn(f64) -> f64) {
    assert_eq!(x.len(), out.len(), "map: x and out differ in length");
    for (o, &v) in out.iter_mut().zip(x) {
        o.write(T::from_f64(f(v.to_f64())));
    }
}

/// out[i] = f(x[i]) in the element's own precision: float32 through `single`, every other
/// element type through the f64 form `double` (kernels whose float32 algorithm is not the f64 one).
pub fn map_by_precision<T: Element>(x: &[T], out: &mut [MaybeUninit<T>], single: impl Fn(f32) -> f32, double: impl Fn(f64) -> f64) {
    assert_eq!(x.len(), out.len(), "map: x and out differ in length");
    if T::MANTISSA_DIGITS == f32::MANTISSA_DIGITS {
        for (o, &v) in out.iter_mut().zip(x) {
            // f32 -> f64 -> f32 is exact both ways.
            o.write(T::from_f64(single(v.to_f64() as f32) as f64));
        }
    } else {
        for (o, &v) in out.iter_mut().zip(x) {
            o.write(T::from_f64(double(v.to_f64())));
        }
    }
}

/// out[i] = f(x[i]) as a bool byte (isNaN, logicalNot: unary kinds with bool results).
pub fn map_to_bool<T: Element>(x: &[T], out: &mut [u8], f: impl Fn(f64) -> f64) {
    assert_eq!(x.len(), out.len(), "map: x and out differ in length");
    for (o, &v) in out.iter_mut().zip(x) {
        *o = (f(v.to_f64()) != 0.0) as u8;
    }
}

/// Through f64, which holds every f32 and i32 exactly, so each conversion rounds once.
pub(super) fn cast<A: Element, B: Element>(x: &[A], out: &mut [B]) {
    assert_eq!(x.len(), out.len(), "cast: x and out differ in length");
    for (o, &v) in out.iter_mut().zip(x) {
        *o = B::from_f64(v.to_f64());
    }
}
