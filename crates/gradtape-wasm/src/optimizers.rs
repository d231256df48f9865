//! Fused optimizer exports: one call updates a variable and its slot tensors in place.

use crate::handles::{Handle, Handles};
use crate::state;
use gradtape_core::dtype::{Buffer, Typed};
use gradtape_core::{optim, Error, ErrorCode, Result};
use std::rc::Rc;

/// Mutable typed slices of several distinct handles at once. Storage shared with a snapshot or a
/// tape is copied first (`Rc::make_mut`), so nothing else sees the update.
fn slots_mut<'a, T: Typed>(handles: &'a mut Handles, ids: &[Handle]) -> Result<Vec<&'a mut [T]>> {
    let mut out: Vec<&'a mut [T]> = Vec::with_capacity(ids.len());
    for (i, &h) in ids.iter().enumerate() {
        if ids[..i].contains(&h) {
            gradtape_core::fail!(InvalidArgument, "optimizer: the same tensor was passed twice as variable or slot");
        }
        let t = handles.get_mut(h)?;
        let slice = T::slice_mut(Rc::make_mut(&mut t.buf))
            .ok_or_else(|| Error::new(ErrorCode::DTypeMismatch, "optimizer: a slot's dtype differs from the variable's"))?;
        // SAFETY: the handles are distinct (checked above), so the slices never alias, and each
        // lives as long as the borrow of `handles`.
        out.push(unsafe { std::slice::from_raw_parts_mut(slice.as_mut_ptr(), slice.len()) });
    }
    Ok(out)
}

fn optim_error(e: optim::OptimError) -> Error {
    let code = match e {
        optim::OptimError::Length(_) | optim::OptimError::SlotCount { .. } => ErrorCode::ShapeMismatch,
        optim::OptimError::OutOfMemory(_) => ErrorCode::OutOfMemory,
        optim::OptimError::Params(_) | optim::OptimError::UnknownCode(_) => ErrorCode::InvalidArgument,
    };
    Error::new(code, format!("optimizer: {e}"))
}

#[allow(clippy::too_many_arguments)]
fn run<T: Typed + optim::OptimFloat>(
    handles: &mut Handles,
    optimizer: &optim::Optimizer,
    w: Handle,
    g: &[T],
    slots: &[Handle],
    lr: f64,
    step: f64,
    base: optim::BaseStep,
) -> Result<()> {
    let shape = handles.get(w)?.shape.clone();
    let step = optim::StepInfo { lr, step, shape: &shape };
    let mut ids = Vec::with_capacity(1 + slots.len());
    ids.push(w);
    ids.extend_from_slice(slots);
    let mut views = slots_mut::<T>(handles, &ids)?;
    let (w, rest) = views.split_first_mut().ok_or_else(|| Error::new(ErrorCode::Internal, "optimizer: no variable"))?;
    optim::apply(optimizer, w, g, rest, step, base).map_err(optim_error)
}

/// The clipping mode codes of [`gt_optimizer_update`].
fn gradient_clip(kind: f64, arg: f64) -> Result<optim::GradientClip> {
    Ok(match kind as u32 {
        0 => optim::GradientClip::None,
        1 => optim::GradientClip::Norm(arg),
        2 => optim::GradientClip::Value(arg),
        3 => optim::GradientClip::Scale(arg),
        other => gradtape_core::fail!(InvalidArgument, "optimizer: unknown gradient clipping mode {other}"),
    })
}

/// The slots optimizer `code` keeps per variable, given its `n_params` hyperparameters at f64
/// scratch entries `0..n_params`: writes each slot's initial value and shape rule (0: the
/// variable's shape, 1: `shape[:-1]`, 2: `shape[:-2] + shape[-1:]`, both scalars below rank 2) as
/// f64 pairs at entries `0..2k`, and returns `k + 1`, or 0 with the error stored.
#[no_mangle]
pub extern "C" fn gt_optimizer_slots(code: u32, n_params: u32) -> u32 {
    let s = state();
    let result = (|| {
        let params = s.scratch.f64s().get(..n_params as usize).ok_or_else(|| {
            Error::new(ErrorCode::InvalidArgument, "optimizer: the hyperparameters do not fit the ABI scratch area")
        })?;
        let optimizer = optim::Optimizer::decode(code, params).map_err(optim_error)?;
        let slots = optimizer.slots();
        s.scratch.reserve(4 * slots.len())?;
        for (out, slot) in s.scratch.f64s_mut().chunks_exact_mut(2).zip(&slots) {
            out[0] = slot.initial;
            out[1] = f64::from(slot.shape.code());
        }
        Ok(slots.len() as u32 + 1)
    })();
    match result {
        Ok(n) => n,
        Err(e) => {
            s.fail(e);
            0
        }
    }
}

/// One Keras 3 optimizer step on one variable, in place: clip the gradient, decoupled weight
/// decay, then optimizer `code`'s update. The f64 scratch entries are, in order: the variable's
/// handle, the gradient's handle, its `n_slots` slot handles (in the order of
/// [`gt_optimizer_slots`]), the learning rate, the step (`iterations + 1`), the clipping mode (0
/// none, 1 clipnorm, 2 clipvalue, 3 scale by a global-norm factor) and its argument, the weight
/// decay (NaN: none), then the optimizer's `n_params` hyperparameters. Returns 1, or 0 with the
/// error stored and nothing written.
#[no_mangle]
pub extern "C" fn gt_optimizer_update(code: u32, n_slots: u32, n_params: u32) -> u32 {
    let s = state();
    s.engine.trace_spoil(None, crate::SIDE_EFFECT_WHILE_TRACING);
    let result = (|| {
        let n_slots = n_slots as usize;
        let fixed = 2 + n_slots + 5;
        let words = s.scratch.f64s().get(..fixed + n_params as usize).ok_or_else(|| {
            Error::new(ErrorCode::InvalidArgument, "optimizer: the update's arguments do not fit the ABI scratch area")
        })?;
        let (w, g) = (words[0], words[1]);
        let slots: Vec<Handle> = words[2..2 + n_slots].to_vec();
        let base_args = &words[2 + n_slots..fixed];
        let (lr, step) = (base_args[0], base_args[1]);
        let clip = gradient_clip(base_args[2], base_args[3])?;
        let weight_decay = if base_args[4].is_nan() { None } else { Some(base_args[4]) };
        let base = optim::BaseStep { clip, weight_decay };
        let optimizer = optim::Optimizer::decode(code, &words[fixed..]).map_err(optim_error)?;
        let grad = s.tensor(g)?;
        match &*grad.buf {
            Buffer::F32(gv) => run(&mut s.handles, &optimizer, w, gv, &slots, lr, step, base),
            Buffer::F64(gv) => run(&mut s.handles, &optimizer, w, gv, &slots, lr, step, base),
            Buffer::I32(_) | Buffer::Bool(_) => Err(Error::new(
                ErrorCode::DTypeMismatch,
                format!("optimizer: {} variables cannot be trained", grad.dtype().name()),
            )),
        }
    })();
    s.status(result)
}

/// Keras 3's gradient accumulation and weight averaging on one variable's extra slot, in place:
/// `op` 0: `target += source`; 1: `target = (source + target)/x`; 2: `target = 0` (`source`
/// unused, may be 0); 3: `target = x*target + (1 - x)*source`; 4: `target = source`
/// (`optim::BaseOp`). Borrowed handles of one float dtype. Returns 1, or 0 with the error stored
/// and nothing written.
#[no_mangle]
pub extern "C" fn gt_optimizer_base(op: u32, target: Handle, source: Handle, x: f64) -> u32 {
    let s = state();
    let result = (|| {
        let op = match op {
            0 => optim::BaseOp::Accumulate,
            1 => optim::BaseOp::AverageAccumulated(x),
            2 => optim::BaseOp::Reset,
            3 => optim::BaseOp::MovingAverage(x),
            4 => optim::BaseOp::Overwrite,
            other => gradtape_core::fail!(InvalidArgument, "optimizer: unknown base operation {other}"),
        };
        if source == target {
            gradtape_core::fail!(InvalidArgument, "optimizer: the same tensor was passed as target and source");
        }
        // The source's buffer is shared, not copied; the target's is made its own.
        let src = if op == optim::BaseOp::Reset { None } else { Some(s.handles.get(source)?.buf.clone()) };
        let t = s.handles.get_mut(target)?;
        let dst = Rc::make_mut(&mut t.buf);
        let mismatch = || Error::new(ErrorCode::DTypeMismatch, "optimizer: a slot's dtype differs from the variable's");
        let shape = |e: optim::LengthMismatch| Error::new(ErrorCode::ShapeMismatch, format!("optimizer: {e}"));
        match (dst, src.as_deref()) {
            (Buffer::F32(d), Some(Buffer::F32(v))) => optim::base_op(op, d, v).map_err(shape),
            (Buffer::F64(d), Some(Buffer::F64(v))) => optim::base_op(op, d, v).map_err(shape),
            (Buffer::F32(d), None) => optim::base_op(op, d, &[]).map_err(shape),
            (Buffer::F64(d), None) => optim::base_op(op, d, &[]).map_err(shape),
            (Buffer::F32(_) | Buffer::F64(_) | Buffer::I32(_) | Buffer::Bool(_), _) => Err(mismatch()),
        }
    })();
    s.status(result)
}

/// Σ x² over the `n` tensors whose (borrowed) handles are at f64 scratch entries `0..n`,
/// accumulated in f64 (for `clipnorm` and `globalClipnorm`). NaN with the error stored for a
/// stale handle or a non-float tensor.
#[no_mangle]
pub extern "C" fn gt_optimizer_sum_squares(n: u32) -> f64 {
    let s = state();
    let result = (|| {
        let mut total = 0.0;
        for h in s.scratch_handles(n as usize)? {
            let t = s.handles.get(h)?;
            total += match &*t.buf {
                Buffer::F32(v) => optim::sum_of_squares(v),
                Buffer::F64(v) => optim::sum_of_squares(v),
                Buffer::I32(_) | Buffer::Bool(_) => gradtape_core::fail!(DTypeMismatch, "optimizer: {} gradients have no norm", t.dtype().name()),
            };
        }
        Ok(total)
    })();
    match result {
        Ok(x) => x,
        Err(e) => {
            s.fail(e);
            f64::NAN
        }
    }
}

/// Gives each of the `n` tensors whose (borrowed) handles are the scratch area's f64 entries `0..n` storage of its own
/// when a snapshot or a tape shares it, copying fallibly. Optimizers call it on every variable and
/// slot before updating any, so that the updates themselves cannot fail: `applyGradients` changes
/// all variables or none. Returns 1, or 0 with the error stored (a stale handle, or out of memory
/// for a copy; the tensors unshared before it keep their copies, which changes no value).
#[no_mangle]
pub extern "C" fn gt_tensors_unshare(n: u32) -> u32 {
    let s = state();
    let result = (|| {
        let handles = s.scratch_handles(n as usize)?;
        for h in handles {
            let t = s.handles.get_mut(h)?;
            if Rc::get_mut(&mut t.buf).is_none() {
                let copy = gradtape_core::map_buffer!(&*t.buf, |v| {
                    let mut own = gradtape_core::dtype::try_with_capacity(v.len())?;
                    own.extend_from_slice(v);
                    own
                });
                t.buf = Rc::new(copy);
            }
        }
        Ok(())
    })();
    s.status(result)
}
