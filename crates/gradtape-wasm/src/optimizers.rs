//! Fused optimizer exports: one call runs a Keras 3 optimizer step on every variable it updates,
//! in place (protocol item 10).

use crate::handles::{Handle, Handles};
use crate::state;
use gradtape_core::Tensor;
use gradtape_core::dtype::{Buffer, DType, Typed};
use gradtape_core::{optim, Error, ErrorCode, Result};
use std::cell::RefCell;
use std::mem::MaybeUninit;
use std::rc::Rc;

/// The typed buffers of a plan's variable and of its slots, into `out` (1 + slots long), and the
/// variable's shape. Storage shared with a snapshot or a tape is copied first (`Rc::make_mut`), so
/// nothing else sees the update.
fn buffers_mut<'a, T: Typed>(handles: &'a mut Handles, planned: &Planned, out: &mut [&'a mut [T]]) -> Result<&'a [usize]> {
    let mut shape: &'a [usize] = &[];
    for (k, (&h, out)) in std::iter::once(&planned.variable).chain(&planned.own).zip(out).enumerate() {
        let t = handles.get_mut(h)?;
        // SAFETY (the shape and each slice): the handles are distinct (checked when the plan was
        // made), so the slices never alias, and nothing moves a tensor or changes its shape while
        // `handles` is borrowed, so each lives as long as that borrow.
        if k == 0 {
            shape = unsafe { std::slice::from_raw_parts(t.shape.as_ptr(), t.shape.len()) };
        }
        let slice = T::slice_mut(Rc::make_mut(&mut t.buf))
            .ok_or_else(|| Error::new(ErrorCode::DTypeMismatch, "optimizer: a slot's dtype differs from the variable's"))?;
        *out = unsafe { std::slice::from_raw_parts_mut(slice.as_mut_ptr(), slice.len()) };
    }
    Ok(shape)
}

fn optim_error(e: optim::OptimError) -> Error {
    let code = match e {
        optim::OptimError::Length(_) | optim::OptimError::SlotCount { .. } => ErrorCode::ShapeMismatch,
        optim::OptimError::OutOfMemory(_) => ErrorCode::OutOfMemory,
        optim::OptimError::Params(_) | optim::OptimError::UnknownCode(_) => ErrorCode::InvalidArgument,
    };
    Error::new(code, format!("optimizer: {e}"))
}

/// The slots optimizer `code` keeps per variable, given its `n_params` hyperparameters at f64
/// scratch entries `0..n_params`: writes each slot's initial value, shape rule (0: the
/// variable's shape, 1: `shape[:-1]`, 2: `shape[:-2] + shape[-1:]`, both scalars below rank 2) and
/// 1 if it starts as a copy of the variable instead of the initial value (else 0), as f64 triples
/// at entries `0..3k`, and returns `k + 1`, or 0 with the error stored.
#[no_mangle]
pub extern "C" fn gt_optimizer_slots(code: u32, n_params: u32) -> u32 {
    let s = state();
    let result = (|| {
        let params = s.scratch.f64s().get(..n_params as usize).ok_or_else(|| {
            Error::new(ErrorCode::InvalidArgument, "optimizer: the hyperparameters do not fit the ABI scratch area")
        })?;
        let optimizer = optim::Optimizer::decode(code, params).map_err(optim_error)?;
        let slots = optimizer.slots();
        s.scratch.reserve(6 * slots.len())?;
        for (out, slot) in s.scratch.f64s_mut().chunks_exact_mut(3).zip(slots.iter()) {
            out[0] = slot.initial;
            out[1] = f64::from(slot.shape.code());
            out[2] = f64::from(u8::from(slot.copies_variable));
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

/// How a step clips its gradients (Keras 3's `clipnorm`, `clipvalue`, `global_clipnorm`).
#[derive(Clone, Copy)]
enum Clip {
    None,
    Norm(f64),
    Value(f64),
    /// `global_clipnorm = c`: the scale comes from the norm of all the step's gradients together.
    Global(f64),
}

/// A variable a step updates: its slots and how the base options treat it.
struct Planned {
    variable: Handle,
    /// The optimizer's own slots, in its UpdateRule's order.
    own: Vec<Handle>,
    /// Its decoupled weight decay (None: none, or excluded by `excludeFromWeightDecay`).
    weight_decay: Option<f64>,
    /// Which of the rule's updates it gets ([`optim::StepInfo::variant`]).
    variant: u32,
    /// The gradient accumulator (`gradientAccumulationSteps`), or None.
    accumulator: Option<Handle>,
}

/// Keras 3's `apply` over one list of variables, fixed when an optimizer first updates that list:
/// gradient accumulation, clipping, decoupled weight decay with this step's learning rate, the
/// optimizer's update, then the moving average of the weights. Each call brings its gradients and
/// its scalars ([`StepScalars`]); the eager step ([`gt_optimizer_step`]) and a compiled
/// function's replay run the same plan.
pub(crate) struct StepPlan {
    code: u32,
    n_params: usize,
    clip: Clip,
    /// `gradientAccumulationSteps`, or None.
    accumulation: Option<f64>,
    /// The variables the gradients update, in the gradients' order.
    updated: Vec<Planned>,
    /// Every variable the optimizer was built on, with its moving average (`useEma`; else empty).
    averaged: Vec<(Handle, Handle)>,
    /// The accumulators of the built variables this list does not update: an update resets every
    /// accumulator, as Keras's does (`_backend_reset_gradient_accumulators`), so a variable without
    /// a gradient at this call does not carry its old sum into the next update.
    idle_accumulators: Vec<Handle>,
    /// The optimizer decoded from the last call's hyperparameters (most keep their bits from call
    /// to call; Nadam's momentum product changes at every step).
    decoded: RefCell<Option<Decoded>>,
    /// Whether small variables may update together ([`StepPlan::step_gathered`]): two or more
    /// distinct variables, each with the same weight decay and update variant, and no accumulation.
    gatherable: bool,
}

/// An optimizer decoded from its hyperparameters, and its slots.
struct Decoded {
    params: Vec<f64>,
    optimizer: optim::Optimizer,
    slots: optim::Slots,
}

impl Decoded {
    /// `kept` decoded from `params`, unless it already is: a new decoding refills the list of
    /// the last one (a step whose hyperparameters change at every call allocates nothing).
    fn refresh(kept: &mut Option<Decoded>, code: u32, params: &[f64]) -> Result<()> {
        let same = |d: &Decoded| d.params.len() == params.len() && d.params.iter().zip(params).all(|(a, b)| a.to_bits() == b.to_bits());
        if kept.as_ref().is_some_and(same) {
            return Ok(());
        }
        let optimizer = optim::Optimizer::decode(code, params).map_err(optim_error)?;
        let slots = optimizer.slots();
        match kept {
            Some(d) => {
                d.params.clear();
                d.params.extend_from_slice(params);
                (d.optimizer, d.slots) = (optimizer, slots);
            }
            None => *kept = Some(Decoded { params: params.to_vec(), optimizer, slots }),
        }
        Ok(())
    }
}

/// The values a step's plan takes at each call (JavaScript computes them from the optimizer's
/// counters and learning rate), in the f64 order of [`gt_optimizer_step`], before the
/// hyperparameters.
struct StepScalars {
    /// false: this call only accumulates its gradients (`gradientAccumulationSteps`).
    update: bool,
    lr: f64,
    /// `iterations + 1`.
    step: f64,
    /// The moving average's momentum this step (0 on the first).
    ema_momentum: f64,
    /// Whether the variables are overwritten with their averages after this step.
    overwrite: bool,
}

/// f64 scalars of a step before the optimizer's hyperparameters.
const STEP_HEAD: usize = 5;

fn check_length(what: &str, expected: usize, actual: usize) -> Result<()> {
    if expected != actual {
        gradtape_core::fail!(ShapeMismatch, "optimizer: {what} has {actual} elements where {expected} are expected");
    }
    Ok(())
}

/// Gives `h` storage of its own when a snapshot or a tape shares it, copying fallibly.
fn unshare(handles: &mut Handles, h: Handle) -> Result<()> {
    unshare_tensor(handles.get_mut(h)?)
}

fn unshare_tensor(t: &mut Tensor) -> Result<()> {
    if Rc::get_mut(&mut t.buf).is_none() {
        let copy = gradtape_core::map_buffer!(&*t.buf, |v| {
            let mut own = gradtape_core::dtype::try_with_capacity(v.len())?;
            own.extend_from_slice(v);
            own
        });
        t.buf = Rc::new(copy);
    }
    Ok(())
}

/// Applies `op` to `target`'s storage (its own: see `unshare`) with `source` (None: Reset).
fn base_apply(handles: &mut Handles, op: optim::BaseOp, target: Handle, source: Option<&Buffer>) -> Result<()> {
    let t = handles.get_mut(target)?;
    let shape = |e: optim::LengthMismatch| Error::new(ErrorCode::ShapeMismatch, format!("optimizer: {e}"));
    match (Rc::make_mut(&mut t.buf), source) {
        (Buffer::F32(d), Some(Buffer::F32(v))) => optim::base_op(op, d, v).map_err(shape),
        (Buffer::F64(d), Some(Buffer::F64(v))) => optim::base_op(op, d, v).map_err(shape),
        (Buffer::F32(d), None) => optim::base_op(op, d, &[]).map_err(shape),
        (Buffer::F64(d), None) => optim::base_op(op, d, &[]).map_err(shape),
        (Buffer::F32(_) | Buffer::F64(_) | Buffer::I32(_) | Buffer::Bool(_), _) => {
            Err(Error::new(ErrorCode::DTypeMismatch, "optimizer: a slot's dtype differs from the variable's"))
        }
    }
}

/// One variable's clip, weight decay and update, in place.
fn update_one<T: Typed + optim::OptimFloat>(
    handles: &mut Handles,
    optimizer: &Decoded,
    planned: &Planned,
    g: &[T],
    (lr, step, constants): (f64, f64, &optim::StepConstants),
    base: optim::BaseStep,
) -> Result<()> {
    // The slices on the stack when they fit (a small step's update should not allocate for its
    // bookkeeping, nor copy its shape and handles: each copy of a few bytes is a `memory.copy`,
    // which V8 runs in C++).
    let count = 1 + planned.own.len();
    let mut views_array: [&mut [T]; 8] = Default::default();
    let mut views_vec: Vec<&mut [T]>;
    let views: &mut [&mut [T]] = if count <= views_array.len() {
        &mut views_array[..count]
    } else {
        views_vec = (0..count).map(|_| Default::default()).collect();
        &mut views_vec
    };
    let shape = buffers_mut::<T>(handles, planned, views)?;
    let step = optim::StepInfo { lr, step, shape, variant: planned.variant, constants };
    let (w, rest) = views.split_first_mut().ok_or_else(|| Error::new(ErrorCode::Internal, "optimizer: no variable"))?;
    optim::apply(&optimizer.optimizer, &optimizer.slots, w, g, rest, step, base).map_err(optim_error)
}

impl StepPlan {
    /// How many f64 scalars a call brings (see [`StepScalars`]).
    pub(crate) fn scalars_len(&self) -> usize {
        STEP_HEAD + self.n_params
    }

    /// Checks each gradient against its variable, and gives every handle the step may write (the
    /// variables and their slots) storage of its own: neither changes a value.
    fn check_and_unshare<'g>(&self, handles: &mut Handles, grads: impl Iterator<Item = &'g Tensor>) -> Result<()> {
        for (p, g) in self.updated.iter().zip(grads) {
            let w = handles.get_mut(p.variable)?;
            if g.dtype() != w.dtype() {
                gradtape_core::fail!(DTypeMismatch, "optimizer: a {} gradient for a {} variable", g.dtype().name(), w.dtype().name());
            }
            if !matches!(&*g.buf, Buffer::F32(_) | Buffer::F64(_)) {
                gradtape_core::fail!(DTypeMismatch, "optimizer: {} variables cannot be trained", g.dtype().name());
            }
            check_length("a gradient", w.buf.len(), g.buf.len())?;
            unshare_tensor(w)?;
            for &slot in &p.own {
                unshare(handles, slot)?;
            }
            if let Some(accumulator) = p.accumulator {
                unshare(handles, accumulator)?;
            }
        }
        for &(variable, average) in &self.averaged {
            unshare(handles, variable)?;
            unshare(handles, average)?;
        }
        Ok(())
    }

    /// Runs one step with `grads` (one per updated variable, in order) and the call's `scalars`.
    /// Everything that can fail (the checks, and giving every written tensor storage of its own)
    /// happens before the first write, so the step changes all variables or none.
    /// (`grads` an iterator the step walks more than once: the eager step's come from the handle
    /// table, a replay's are its values.)
    pub(crate) fn run<'g>(&self, handles: &mut Handles, grads: impl ExactSizeIterator<Item = &'g Tensor> + Clone, scalars: &[f64]) -> Result<()> {
        if grads.len() != self.updated.len() || scalars.len() != self.scalars_len() {
            gradtape_core::fail!(InvalidArgument, "optimizer: the step's plan takes {} gradients and {} scalars, got {} and {}", self.updated.len(), self.scalars_len(), grads.len(), scalars.len());
        }
        let (head, params) = scalars.split_at(STEP_HEAD);
        let call = StepScalars { update: head[0] != 0.0, lr: head[1], step: head[2], ema_momentum: head[3], overwrite: head[4] != 0.0 };
        let mut decoded = self.decoded.borrow_mut();
        Decoded::refresh(&mut decoded, self.code, params)?;
        let optimizer = decoded.as_ref().expect("decoded above");
        if call.update && self.averaged.is_empty() && self.gatherable && optimizer.optimizer.elementwise() && !matches!(self.clip, Clip::Norm(_)) {
            let clip = self.clip_of(grads.clone().map(|g| &g.buf));
            let constants = optim::StepConstants::default();
            let step = (call.lr, call.step, &constants);
            let gathered = match grads.clone().next().map(|g| g.dtype()) {
                Some(DType::F32) => self.step_gathered::<f32>(handles, optimizer, grads.clone(), step, clip)?,
                Some(DType::F64) => self.step_gathered::<f64>(handles, optimizer, grads.clone(), step, clip)?,
                _ => false,
            };
            if gathered {
                return Ok(());
            }
        }
        self.check_and_unshare(handles, grads.clone())?;
        if !call.update {
            // acc += g, and nothing else until the N-th call
            for (planned, g) in self.updated.iter().zip(grads) {
                base_apply(handles, optim::BaseOp::Accumulate, accumulator(planned)?, Some(&g.buf))?;
            }
        } else {
            self.update(handles, optimizer, grads, &call)?;
        }
        if !self.averaged.is_empty() {
            // avg = m*avg + (1 - m)*w over every variable, then w = avg every emaOverwriteFrequency steps
            for &(variable, average) in &self.averaged {
                let w = handles.get(variable)?.buf.clone();
                base_apply(handles, optim::BaseOp::MovingAverage(call.ema_momentum), average, Some(&w))?;
            }
            if call.overwrite {
                for &(variable, average) in &self.averaged {
                    let avg = handles.get(average)?.buf.clone();
                    base_apply(handles, optim::BaseOp::Overwrite, variable, Some(&avg))?;
                }
            }
        }
        Ok(())
    }

    /// The updating part of a step: gradients averaged with the accumulator, clipped, then each
    /// variable's weight decay and update.
    fn update<'g>(&self, handles: &mut Handles, optimizer: &Decoded, grads: impl Iterator<Item = &'g Tensor> + Clone, call: &StepScalars) -> Result<()> {
        // With accumulation, g = (g + acc)/N, computed in the accumulator, which the update then
        // reads; without it, the gradients as they are (no list: a small step does not allocate).
        let mut averaged: Vec<Rc<Buffer>> = Vec::new();
        if let Some(n) = self.accumulation {
            for (planned, g) in self.updated.iter().zip(grads.clone()) {
                let acc = accumulator(planned)?;
                base_apply(handles, optim::BaseOp::AverageAccumulated(n), acc, Some(&g.buf))?;
                averaged.push(handles.get(acc)?.buf.clone());
            }
        }
        let used = grads.enumerate().map(|(i, g)| averaged.get(i).unwrap_or(&g.buf));
        let clip = self.clip_of(used.clone());
        let constants = optim::StepConstants::default();
        let step = (call.lr, call.step, &constants);
        for (planned, g) in self.updated.iter().zip(used) {
            let base = optim::BaseStep { clip, weight_decay: planned.weight_decay };
            match &**g {
                Buffer::F32(g) => update_one(handles, optimizer, planned, g, step, base)?,
                Buffer::F64(g) => update_one(handles, optimizer, planned, g, step, base)?,
                Buffer::I32(_) | Buffer::Bool(_) => gradtape_core::fail!(Internal, "optimizer: an integer gradient passed the checks"),
            }
        }
        drop(averaged);
        if self.accumulation.is_some() {
            for planned in &self.updated {
                base_apply(handles, optim::BaseOp::Reset, accumulator(planned)?, None)?;
            }
            for &idle in &self.idle_accumulators {
                base_apply(handles, optim::BaseOp::Reset, idle, None)?;
            }
        }
        Ok(())
    }
}

/// `into = from` element by element (a few of them): `copy_from_slice` compiles to `memory.copy`,
/// which V8 runs in C++ at a cost that dwarfs a few elements (28 of them were a third of the
/// puzzle's compiled step). The stores are volatile so that LLVM does not make the loop one.
#[inline(always)]
fn copy_few<T: Copy, U: CopyInto<T>>(into: &mut [U], from: &[T]) {
    for (to, &value) in into.iter_mut().zip(from) {
        to.store(value);
    }
}

/// A place `copy_few` stores an element: the element itself, or an element to be initialized.
trait CopyInto<T> {
    fn store(&mut self, value: T);
}

impl<T: Copy> CopyInto<T> for T {
    #[inline(always)]
    fn store(&mut self, value: T) {
        // SAFETY: a valid, aligned element.
        unsafe { std::ptr::write_volatile(self, value) }
    }
}

impl<T: Copy> CopyInto<T> for MaybeUninit<T> {
    #[inline(always)]
    fn store(&mut self, value: T) {
        // SAFETY: a valid, aligned element (MaybeUninit<T> has T's layout).
        unsafe { std::ptr::write_volatile(self.as_mut_ptr(), value) }
    }
}

/// Elements in all up to which a step's variables update together, and the most slots they may
/// have. (One variable's update gains nothing from the copies.)
const GATHER_MAX: usize = 16;
const GATHER_SLOTS: usize = 4;

impl StepPlan {
    /// The clipping of a step whose gradients (accumulated, if so) are `used`. Global: N = sqrt(Σ
    /// over every gradient of Σ g²), scale = c*min(1/N, 1/c) + (N - N), Keras's formula, whose
    /// N - N makes the scale NaN unless N is finite.
    fn clip_of<'g>(&self, used: impl Iterator<Item = &'g Rc<Buffer>>) -> optim::GradientClip {
        self.clip_with(used.map(|g| match &**g {
            Buffer::F32(v) => optim::sum_of_squares(v),
            Buffer::F64(v) => optim::sum_of_squares(v),
            Buffer::I32(_) | Buffer::Bool(_) => 0.0, // (a step refuses them)
        }))
    }

    /// `clip_of` given each gradient's Σ g² (computed only for a global clip norm).
    fn clip_with(&self, sums_of_squares: impl Iterator<Item = f64>) -> optim::GradientClip {
        match self.clip {
            Clip::None => optim::GradientClip::None,
            Clip::Norm(c) => optim::GradientClip::Norm(c),
            Clip::Value(c) => optim::GradientClip::Value(c),
            Clip::Global(c) => {
                let mut sum = 0.0;
                for g in sums_of_squares {
                    sum += g;
                }
                let norm = sum.sqrt();
                optim::GradientClip::Scale(if norm.is_finite() { c * (1.0 / norm).min(1.0 / c) } else { f64::NAN })
            }
        }
    }

    /// A whole step of small variables of an elementwise rule in one call of the rule, on copies
    /// of the variables and their slots side by side: each element's update reads only its own
    /// element (and the step's scalars), so the bits are those of one call per variable, without
    /// the per-variable work of a call and its checks (four of the puzzle's one-element updates
    /// were most of its compiled step). Returns false, having changed no value, when the
    /// variables are more than GATHER_MAX elements in all, or a gradient, variable or slot is not
    /// of dtype T or of its variable's length: the caller then runs the step variable by
    /// variable, which reports what is wrong. The caller has checked the plan (`gatherable`), the
    /// rule, the clipping (not per variable) and that there are no moving averages. (Never
    /// inlined: in `run`, its two instances made every step's function larger for V8 to compile.)
    #[inline(never)]
    fn step_gathered<'g, T: Typed + optim::OptimFloat>(
        &self,
        handles: &mut Handles,
        optimizer: &Decoded,
        grads: impl Iterator<Item = &'g Tensor>,
        (lr, step, constants): (f64, f64, &optim::StepConstants),
        clip: optim::GradientClip,
    ) -> Result<bool> {
        let k = optimizer.slots.len();
        if self.updated.len() > GATHER_MAX || k > GATHER_SLOTS {
            return Ok(false); // (variables of no elements)
        }
        let mut gathered = Gathered::<T>::new();
        // Where each variable's and slot's data is, in order: a variable, then its slots.
        let mut places = [MaybeUninit::<*mut T>::uninit(); GATHER_MAX * (1 + GATHER_SLOTS)];
        let mut lengths = [MaybeUninit::<usize>::uninit(); GATHER_MAX];
        let (mut n, mut count) = (0, 0);
        for ((planned, grad), length) in self.updated.iter().zip(grads).zip(&mut lengths) {
            let Some(grad) = T::slice(&grad.buf) else { return Ok(false) };
            let len = grad.len();
            if n + len > GATHER_MAX || planned.own.len() != k {
                return Ok(false);
            }
            for (j, &h) in std::iter::once(&planned.variable).chain(&planned.own).enumerate() {
                let t = handles.get_mut(h)?;
                if t.buf.len() != len || T::slice(&t.buf).is_none() {
                    return Ok(false);
                }
                unshare_tensor(t)?; // (storage of its own: no value changes)
                let data = Rc::get_mut(&mut t.buf).and_then(T::slice_mut).ok_or_else(|| Error::new(ErrorCode::Internal, "optimizer: storage still shared"))?;
                let into = if j == 0 { &mut gathered.w } else { &mut gathered.slots[j - 1] };
                copy_few(&mut into[n..n + len], data);
                places[count].write(data.as_mut_ptr());
                count += 1;
            }
            copy_few(&mut gathered.g[n..n + len], grad);
            length.write(len);
            n += len;
        }
        // SAFETY: the loop wrote elements `..n` of w, g and the first k slots.
        let (w, views) = unsafe { gathered.apply(self, optimizer, n, (lr, step, constants), clip)? };
        let (mut at, mut place) = (0, 0);
        for length in &lengths[..self.updated.len()] {
            // SAFETY: the loop above wrote a length for every variable, and a place for each of
            // its tensors, in this order.
            let len = unsafe { length.assume_init() };
            for j in 0..=k {
                let from = if j == 0 { &w[at..at + len] } else { &views[j - 1][at..at + len] };
                // SAFETY: each place is the data of a distinct tensor of the handle table (distinct
                // handles, each given storage of its own above), of `len` elements; since then
                // nothing has changed the table or a tensor, so the data is where it was.
                copy_few(unsafe { std::slice::from_raw_parts_mut(places[place].assume_init(), len) }, from);
                place += 1;
            }
            at += len;
        }
        Ok(true)
    }

    /// A step whose gradients are one value each, of dtype `dtype` (a scalar program's registers,
    /// or the rank-0 gradients JavaScript holds, every other f64 of the ABI's pairs), with the
    /// call's `scalars`, when every variable and slot holds one element of that dtype and the
    /// step may update them together (see `step_gathered`, whose bits it gives): the values are
    /// read, updated by one call of the rule and written back in place, with no gradient tensor
    /// and no copy. One variable alone is such a step too. Returns false, having changed no
    /// value, for any other step, which the caller then runs on gradient tensors (and which
    /// reports what is wrong with it). (A third of the puzzle's compiled step in V8's baseline
    /// tier was its gathered step's copies and checks.)
    pub(crate) fn run_values(&self, handles: &mut Handles, grads: Strided, dtype: DType, scalars: &[f64]) -> Result<bool> {
        if grads.len() != self.updated.len() || scalars.len() != self.scalars_len() {
            return Ok(false);
        }
        let (head, params) = scalars.split_at(STEP_HEAD);
        let together = self.gatherable || (self.updated.len() == 1 && self.accumulation.is_none());
        if head[0] == 0.0 || !together || !self.averaged.is_empty() || matches!(self.clip, Clip::Norm(_)) {
            return Ok(false);
        }
        let mut decoded = self.decoded.borrow_mut();
        Decoded::refresh(&mut decoded, self.code, params)?;
        let optimizer = decoded.as_ref().expect("decoded above");
        if !optimizer.optimizer.elementwise() {
            return Ok(false);
        }
        match dtype {
            DType::F32 => self.step_values::<f32>(handles, optimizer, grads, (head[1], head[2])),
            DType::F64 => self.step_values::<f64>(handles, optimizer, grads, (head[1], head[2])),
            DType::I32 | DType::Bool => Ok(false),
        }
    }

    /// `run_values` of dtype T (the caller checked the plan, the rule and the clipping).
    #[inline(never)]
    fn step_values<T: Typed + optim::OptimFloat>(&self, handles: &mut Handles, optimizer: &Decoded, grads: Strided, (lr, step): (f64, f64)) -> Result<bool> {
        let (n, k) = (self.updated.len(), optimizer.slots.len());
        if n > GATHER_MAX || k > GATHER_SLOTS {
            return Ok(false);
        }
        let mut gathered = Gathered::<T>::new();
        // Where each variable's and slot's one element is, in order: a variable, then its slots.
        let mut places = [MaybeUninit::<*mut T>::uninit(); GATHER_MAX * (1 + GATHER_SLOTS)];
        let mut count = 0;
        for (i, planned) in self.updated.iter().enumerate() {
            if planned.own.len() != k {
                return Ok(false);
            }
            for (j, &h) in std::iter::once(&planned.variable).chain(&planned.own).enumerate() {
                let Some(place) = own_data::<T>(handles.get_mut(h)?, 1) else { return Ok(false) };
                // SAFETY: the element of a tensor's storage.
                let value = unsafe { *place };
                if j == 0 { gathered.w[i].write(value) } else { gathered.slots[j - 1][i].write(value) };
                places[count].write(place);
                count += 1;
            }
            gathered.g[i].write(<T as optim::OptimFloat>::from_f64(grads.get(i)));
        }
        let clip = self.clip_with((0..n).map(|i| {
            // SAFETY: the loop wrote g[..n].
            optim::sum_of_squares(&[unsafe { gathered.g[i].assume_init() }])
        }));
        let constants = optim::StepConstants::default();
        // SAFETY: the loop wrote elements `..n` of w, g and the first k slots.
        let (w, views) = unsafe { gathered.apply(self, optimizer, n, (lr, step, &constants), clip)? };
        let mut place = 0;
        for i in 0..n {
            for j in 0..=k {
                let value = if j == 0 { w[i] } else { views[j - 1][i] };
                // SAFETY: each place is the element of a distinct tensor of the handle table
                // (distinct handles, each given storage of its own above); since then nothing has
                // changed the table or a tensor, so the element is where it was.
                unsafe { places[place].assume_init().write(value) };
                place += 1;
            }
        }
        Ok(true)
    }
}

impl StepPlan {
    /// A step as a generated step does it (`gradtape_core::trace::StepLayout`,
    /// `ChainStepLayout`): an Adam update (not AMSGrad) that updates (not only accumulates)
    /// distinct variables of dtype T, variable i of `elements(i)` elements, each with its momentum
    /// and velocity, without clipping, weight decay or moving averages. Writes the addresses of
    /// each variable's data and of its momentum's and velocity's, in the plan's order, to `places`
    /// (three per variable; storage of their own: a shared one is copied, which changes no value)
    /// and returns Adam's constants of the call (alpha, 1 - beta1, 1 - beta2 and epsilon, each as
    /// `adam_update` rounds it to T), from the call's `scalars` (the step's head and
    /// hyperparameters). None for any other step, or another count of places, having changed no
    /// value.
    pub(crate) fn adam_places<T: Typed + optim::OptimFloat>(&self, handles: &mut Handles, scalars: &[f64], elements: impl Fn(usize) -> usize, places: &mut [u64]) -> Result<Option<[f64; 4]>> {
        if scalars.len() != self.scalars_len() || places.len() != 3 * self.updated.len() {
            return Ok(None);
        }
        let (head, params) = scalars.split_at(STEP_HEAD);
        let plain = self.accumulation.is_none() && self.averaged.is_empty() && matches!(self.clip, Clip::None);
        if head[0] != 1.0 || !plain || self.updated.iter().any(|p| p.weight_decay.is_some() || p.own.len() != 2) {
            return Ok(None);
        }
        let mut decoded = self.decoded.borrow_mut();
        Decoded::refresh(&mut decoded, self.code, params)?;
        let optim::Optimizer::Adam(adam) = &decoded.as_ref().expect("decoded above").optimizer else { return Ok(None) };
        if adam.amsgrad {
            return Ok(None);
        }
        for (i, (planned, places)) in self.updated.iter().zip(places.chunks_exact_mut(3)).enumerate() {
            for (&h, place) in std::iter::once(&planned.variable).chain(&planned.own).zip(places) {
                let Some(data) = own_data::<T>(handles.get_mut(h)?, elements(i)) else { return Ok(None) };
                *place = data as usize as u64;
            }
        }
        if places.iter().enumerate().any(|(i, p)| places[..i].contains(p)) {
            return Ok(None); // (a variable updated twice)
        }
        let (lr, step) = (head[1], head[2]);
        let rounded = |x: f64| optim::OptimFloat::to_f64(<T as optim::OptimFloat>::from_f64(x));
        Ok(Some([
            rounded(optim::adam_alpha(lr, adam.beta1, adam.beta2, step)),
            rounded(1.0 - adam.beta1),
            rounded(1.0 - adam.beta2),
            rounded(adam.epsilon),
        ]))
    }
}

/// Where the `n` elements of `t` (of dtype T) are, in storage of its own (shared storage is
/// copied first, which changes no value), or None when `t` is not `n` elements of dtype T.
#[inline(always)]
fn own_data<T: Typed>(t: &mut Tensor, n: usize) -> Option<*mut T> {
    if T::slice(&t.buf)?.len() != n {
        return None;
    }
    let data = match Rc::get_mut(&mut t.buf) {
        Some(own) => own,
        None => Rc::make_mut(&mut t.buf), // (a snapshot or a tape shares it: one element copied)
    };
    T::slice_mut(data).map(|v| v.as_mut_ptr())
}

/// Values every `stride` entries of a slice: the i-th is `values[i * stride]`.
#[derive(Clone, Copy)]
pub(crate) struct Strided<'a> {
    pub values: &'a [f64],
    pub stride: usize,
}

impl Strided<'_> {
    fn len(&self) -> usize {
        self.values.len().div_ceil(self.stride)
    }
    fn get(&self, i: usize) -> f64 {
        self.values[i * self.stride]
    }
}

/// Variables, gradients and slots side by side for one call of an elementwise rule (see
/// `StepPlan::step_gathered`). Uninitialized: filling them would be a `memory.fill` each, which V8
/// runs in C++; every element read was written first.
struct Gathered<T> {
    w: [MaybeUninit<T>; GATHER_MAX],
    g: [MaybeUninit<T>; GATHER_MAX],
    slots: [[MaybeUninit<T>; GATHER_MAX]; GATHER_SLOTS],
}

impl<T: Typed + optim::OptimFloat> Gathered<T> {
    fn new() -> Self {
        Gathered {
            w: [const { MaybeUninit::uninit() }; GATHER_MAX],
            g: [const { MaybeUninit::uninit() }; GATHER_MAX],
            slots: [const { [const { MaybeUninit::uninit() }; GATHER_MAX] }; GATHER_SLOTS],
        }
    }

    /// The rule's update of the `n` elements, with the weight decay and variant of the plan's
    /// first variable (the same for all, `gatherable`); returns the variables and the slots
    /// (the first k views, k the rule's slot count) as updated.
    ///
    /// # Safety
    /// Elements `..n` of `w`, `g` and of the first k slot arrays are written.
    unsafe fn apply(
        &mut self,
        plan: &StepPlan,
        optimizer: &Decoded,
        n: usize,
        (lr, step, constants): (f64, f64, &optim::StepConstants),
        clip: optim::GradientClip,
    ) -> Result<(&mut [T], [&mut [T]; GATHER_SLOTS])> {
        let k = optimizer.slots.len();
        // SAFETY (each use): elements `..n` are written (the caller's promise).
        let written = |a: &mut [MaybeUninit<T>; GATHER_MAX]| -> &mut [T] { unsafe { &mut *(&mut a[..n] as *mut [MaybeUninit<T>] as *mut [T]) } };
        let mut views: [&mut [T]; GATHER_SLOTS] = Default::default();
        for (view, slot) in views.iter_mut().zip(&mut self.slots).take(k) {
            *view = written(slot);
        }
        let first = &plan.updated[0];
        let info = optim::StepInfo { lr, step, shape: &[n], variant: first.variant, constants };
        let base = optim::BaseStep { clip, weight_decay: first.weight_decay };
        let w = written(&mut self.w);
        optim::apply(&optimizer.optimizer, &optimizer.slots, w, written(&mut self.g), &mut views[..k], info, base).map_err(optim_error)?;
        Ok((w, views))
    }
}

fn accumulator(planned: &Planned) -> Result<Handle> {
    planned.accumulator.ok_or_else(|| Error::new(ErrorCode::Internal, "optimizer: gradient accumulation without an accumulator"))
}

/// Makes the plan of optimizer `code` (with `n_params` hyperparameters) over `n_updated` variables
/// with `n_slots` slots each, `n_averaged` moving averages and `n_idle` other accumulators. The
/// f64 scratch entries are, in order: the clipping mode (0 none, 1 clipnorm, 2 clipvalue, 3
/// globalClipnorm) and its argument, the gradient accumulation steps (NaN: none); then for each
/// updated variable its handle, its weight decay (NaN: none), its variant (the rule's update it
/// gets, [`optim::StepInfo::variant`]), its accumulator's handle (0: none) and its `n_slots` slot
/// handles (in the order of
/// [`gt_optimizer_slots`]); then for each averaged variable its handle and its average's handle;
/// then the accumulators of the built variables the list does not update (reset with the others
/// at each update). Handles are borrowed: the plan keeps the numbers and looks them up at each
/// step. Returns the plan's reference (an f64 integer, never 0, owned by the caller: free it with
/// [`gt_optimizer_plan_free`]), or 0 with the error stored.
#[no_mangle]
pub extern "C" fn gt_optimizer_plan(code: u32, n_params: u32, n_updated: u32, n_slots: u32, n_averaged: u32, n_idle: u32) -> f64 {
    let s = state();
    let result = (|| {
        let (n_updated, n_slots, n_averaged, n_idle) = (n_updated as usize, n_slots as usize, n_averaged as usize, n_idle as usize);
        let per_variable = 4 + n_slots;
        let words = s.scratch.f64s().get(..3 + n_updated * per_variable + 2 * n_averaged + n_idle).ok_or_else(|| {
            Error::new(ErrorCode::InvalidArgument, "optimizer: the plan does not fit the ABI scratch area")
        })?;
        let clip = match words[0] as u32 {
            0 => Clip::None,
            1 => Clip::Norm(words[1]),
            2 => Clip::Value(words[1]),
            3 => Clip::Global(words[1]),
            other => gradtape_core::fail!(InvalidArgument, "optimizer: unknown gradient clipping mode {other}"),
        };
        let optional = |x: f64| if x.is_nan() { None } else { Some(x) };
        let (variables, rest) = words[3..].split_at(n_updated * per_variable);
        let (averaged, idle) = rest.split_at(2 * n_averaged);
        let updated = variables
            .chunks_exact(per_variable)
            .map(|w| Planned { variable: w[0], weight_decay: optional(w[1]), variant: w[2] as u32, accumulator: (w[3] != 0.0).then_some(w[3]), own: w[4..].to_vec() })
            .collect();
        let plan = StepPlan {
            code,
            n_params: n_params as usize,
            clip,
            accumulation: optional(words[2]),
            updated,
            averaged: averaged.chunks_exact(2).map(|p| (p[0], p[1])).collect(),
            idle_accumulators: idle.to_vec(),
            decoded: RefCell::new(None),
            gatherable: false,
        };
        if plan.accumulation.is_some() && plan.updated.iter().any(|p| p.accumulator.is_none()) {
            gradtape_core::fail!(InvalidArgument, "optimizer: gradient accumulation needs every variable's accumulator");
        }
        // A variable and its slots are distinct tensors (a step writes them through slices that
        // must not alias). The same variable twice in a list is two updates, one after the other.
        for p in &plan.updated {
            let ids: Vec<Handle> = std::iter::once(p.variable).chain(p.own.iter().copied()).chain(p.accumulator).collect();
            if ids.iter().enumerate().any(|(i, h)| ids[..i].contains(h)) {
                gradtape_core::fail!(InvalidArgument, "optimizer: the same tensor was passed twice as variable or slot");
            }
        }
        let mut plan = plan;
        plan.gatherable = plan.accumulation.is_none()
            && plan.updated.len() >= 2
            && plan.updated.first().is_some_and(|first| {
                let same = |p: &Planned| p.weight_decay.map(f64::to_bits) == first.weight_decay.map(f64::to_bits) && p.variant == first.variant;
                plan.updated.iter().all(same) && first.own.len() <= GATHER_SLOTS
            })
            && plan.updated.iter().enumerate().all(|(i, p)| plan.updated[..i].iter().all(|q| q.variable != p.variable));
        let reference = s.new_reference();
        s.plans.insert(reference, Rc::new(plan));
        Ok(reference as f64)
    })();
    result.unwrap_or_else(|e| {
        s.fail(e);
        0.0
    })
}

/// Frees plan `plan` (a compiled function's replay then fails with a clear error). Returns 1, or 0
/// for an unknown reference.
#[no_mangle]
pub extern "C" fn gt_optimizer_plan_free(plan: f64) -> u32 {
    u32::from(state().plans.remove(&(plan as u64)).is_some())
}

/// The plan `plan` refers to.
pub(crate) fn plan(plans: &crate::RefMap<Rc<StepPlan>>, plan: f64) -> Result<Rc<StepPlan>> {
    plans.get(&(plan as u64)).cloned().ok_or_else(|| {
        Error::new(ErrorCode::InvalidArgument, format!("optimizer plan {plan} does not exist (the optimizer was disposed or rebuilt)"))
    })
}

/// One Keras 3 optimizer step in place, all variables or none. The f64 scratch entries are, in
/// order: the plan's reference ([`gt_optimizer_plan`]); 1 to update or 0 to only accumulate the
/// gradients; the learning rate; the step (`iterations + 1`); the moving average's momentum
/// this step; 1 to overwrite the variables with their averages after it, else 0; the
/// optimizer's hyperparameters; then the `n_grads` gradients, in the order of the plan's
/// variables, each as two entries: a handle (borrowed) and 0, or 0 and the value of a rank-0
/// gradient of its variable's dtype that JavaScript holds (a gradient swept on values, protocol
/// item 6: no handle is made for it). Returns 1, or 0 with the error stored and nothing written.
#[no_mangle]
pub extern "C" fn gt_optimizer_step(n_grads: u32) -> u32 {
    let s = state();
    s.engine.trace_spoil(None, crate::SIDE_EFFECT_WHILE_TRACING);
    let result = (|| {
        let plan = plan(&s.plans, s.scratch.f64s()[0])?;
        let n = plan.scalars_len();
        let words = s.scratch.f64s().get(..1 + n + 2 * n_grads as usize).ok_or_else(|| {
            Error::new(ErrorCode::InvalidArgument, "optimizer: the step's arguments do not fit the ABI scratch area")
        })?;
        if n_grads as usize != plan.updated.len() {
            gradtape_core::fail!(InvalidArgument, "optimizer: the step's plan takes {} gradients, got {n_grads}", plan.updated.len());
        }
        // Rank-0 gradients JavaScript holds as values (the puzzle's): updated from the values.
        let pairs = &words[1 + n..];
        if let Some(first) = plan.updated.first() {
            if pairs.chunks_exact(2).all(|pair| pair[0] == 0.0) {
                let dtype = s.handles.get(first.variable)?.dtype();
                let values = Strided { values: pairs.get(1..).unwrap_or(&[]), stride: 2 };
                if plan.run_values(&mut s.handles, values, dtype, &words[1..1 + n])? {
                    return Ok(());
                }
            }
        }
        let scalars = words[1..1 + n].to_vec();
        let grads = words[1 + n..]
            .chunks_exact(2)
            .zip(&plan.updated)
            .map(|(pair, planned)| match pair[0] {
                0.0 => Ok(Tensor::scalar(s.handles.get(planned.variable)?.dtype(), pair[1])),
                h => s.tensor(h),
            })
            .collect::<Result<Vec<_>>>()?;
        plan.run(&mut s.handles, grads.iter(), &scalars)
    })();
    s.status(result)
}

/// Keras 3's `finalize_variable_values` on one variable: `target = source` (its moving average),
/// in place, after giving the target storage of its own. Borrowed handles of one float dtype and
/// length. Returns 1, or 0 with the error stored and nothing written.
#[no_mangle]
pub extern "C" fn gt_optimizer_overwrite(target: Handle, source: Handle) -> u32 {
    let s = state();
    let result = (|| {
        if source == target {
            gradtape_core::fail!(InvalidArgument, "optimizer: the same tensor was passed as target and source");
        }
        let average = s.handles.get(source)?.buf.clone();
        unshare(&mut s.handles, target)?;
        base_apply(&mut s.handles, optim::BaseOp::Overwrite, target, Some(&average))
    })();
    s.status(result)
}
