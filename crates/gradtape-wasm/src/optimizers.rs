//! Fused optimizer exports: one call updates a variable and its slot tensors in place.

use crate::handles::{Handle, Handles};
use crate::state;
use gradtape_core::dtype::{Buffer, Typed};
use gradtape_core::{optim, Error, ErrorCode, Result};
use std::rc::Rc;

type Step<'a, T> = &'a dyn Fn(&mut [T], &[T], &mut [&mut [T]]) -> std::result::Result<(), optim::LengthMismatch>;

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

fn run<T: Typed>(handles: &mut Handles, w: Handle, g: &[T], slots: &[Handle], step: Step<'_, T>) -> Result<()> {
    let mut ids = vec![w];
    ids.extend(slots.iter().copied().filter(|&h| h != 0.0));
    let mut views = slots_mut::<T>(handles, &ids)?;
    let (w, rest) = views.split_first_mut().ok_or_else(|| Error::new(ErrorCode::Internal, "optimizer: no variable"))?;
    step(w, g, rest).map_err(|e| Error::new(ErrorCode::ShapeMismatch, format!("optimizer: {e}")))
}

fn update(w: Handle, g: Handle, slots: &[Handle], f32_step: Step<'_, f32>, f64_step: Step<'_, f64>) -> u32 {
    let s = state();
    let result = s.tensor(g).and_then(|grad| match &*grad.buf {
        Buffer::F32(gv) => run(&mut s.handles, w, gv, slots, f32_step),
        Buffer::F64(gv) => run(&mut s.handles, w, gv, slots, f64_step),
        Buffer::I32(_) | Buffer::Bool(_) => Err(Error::new(
            ErrorCode::DTypeMismatch,
            format!("optimizer: {} variables cannot be trained", grad.dtype().name()),
        )),
    });
    s.status(result)
}

/// The i-th present slot, or an empty slice when it was not passed (0 handle).
fn slot<'a, T>(rest: &'a mut [&mut [T]], i: usize) -> &'a mut [T] {
    match rest.get_mut(i) {
        Some(s) => s,
        None => &mut [],
    }
}

/// Keras 3 SGD step on variable `w` with gradient `g` (borrowed handles; `velocity` 0 when
/// momentum is 0). Returns 1, or 0 with the error stored.
#[no_mangle]
pub extern "C" fn gt_sgd(w: Handle, g: Handle, velocity: Handle, lr: f64, momentum: f64, nesterov: u32) -> u32 {
    let nesterov = nesterov == 1;
    update(
        w,
        g,
        &[velocity],
        &|w, g, rest| optim::sgd_step(w, g, slot(rest, 0), lr, momentum, nesterov),
        &|w, g, rest| optim::sgd_step(w, g, slot(rest, 0), lr, momentum, nesterov),
    )
}

/// Keras 3 Adam step; `v_hat` 0 unless amsgrad; `step` = iterations + 1. Returns 1 or 0.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn gt_adam(
    w: Handle, g: Handle, m: Handle, v: Handle, v_hat: Handle, lr: f64, beta1: f64, beta2: f64, epsilon: f64, amsgrad: u32, step: f64,
) -> u32 {
    let amsgrad = amsgrad == 1;
    fn split<'a, T>(rest: &'a mut [&mut [T]]) -> (&'a mut [T], &'a mut [T], &'a mut [T]) {
        let (m, tail) = rest.split_at_mut(1.min(rest.len()));
        let (v, tail) = tail.split_at_mut(1.min(tail.len()));
        (slot(m, 0), slot(v, 0), slot(tail, 0))
    }
    update(
        w,
        g,
        &[m, v, v_hat],
        &|w, g, rest| {
            let (m, v, vh) = split(rest);
            optim::adam_step(w, g, m, v, vh, lr, beta1, beta2, epsilon, amsgrad, step)
        },
        &|w, g, rest| {
            let (m, v, vh) = split(rest);
            optim::adam_step(w, g, m, v, vh, lr, beta1, beta2, epsilon, amsgrad, step)
        },
    )
}

/// Keras 3 Nadam step; `u_product` is the shared momentum product already advanced for this
/// step (see `optim::nadam_momentum_factor`). Returns 1 or 0.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn gt_nadam(
    w: Handle, g: Handle, m: Handle, v: Handle, lr: f64, beta1: f64, beta2: f64, epsilon: f64, step: f64, u_product: f64,
) -> u32 {
    fn split<'a, T>(rest: &'a mut [&mut [T]]) -> (&'a mut [T], &'a mut [T]) {
        let (m, tail) = rest.split_at_mut(1.min(rest.len()));
        (slot(m, 0), slot(tail, 0))
    }
    update(
        w,
        g,
        &[m, v],
        &|w, g, rest| {
            let (m, v) = split(rest);
            optim::nadam_step(w, g, m, v, lr, beta1, beta2, epsilon, step, u_product)
        },
        &|w, g, rest| {
            let (m, v) = split(rest);
            optim::nadam_step(w, g, m, v, lr, beta1, beta2, epsilon, step, u_product)
        },
    )
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
