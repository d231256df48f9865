//! gradtape-core: tensors, kernels, differentiable ops and the tape engine, in pure Rust.
//!
//! Layers, bottom up:
//! - `dtype`, `shape`, `tensor`: typed storage (shared through `Rc`), shapes, tensor ids.
//! - `alloc_mode`: marks the allocations that may fail (tensor data), for the wasm allocator's reserve.
//! - `kernels`: loops over slices, SIMD (wasm simd128) behind one trait with a scalar twin.
//! - `op` + `ops/`: the closed set of primitives; each family file holds forward and gradient rule.
//! - `engine`: runs ops and records them on active tapes (`tracked`: the ids a tape tracks).
//! - `autodiff`: gradients (a resumable reverse sweep), Jacobians and forward-mode tangents.
//! - `value_sweep`, `gradient_plans`: faster paths to the same gradients, for tapes of rank-0
//!   values, and for records whose structure repeats (a training loop's), whose sweep is traced
//!   once and replayed (`trace`).
//! - `tape_io`: a tape's record as bytes and back, for evicting dropped tapes to JavaScript.
//! - `optim`: fused in-place optimizer updates (SGD, Adam, Nadam), one pass per variable.
//!
//! Nothing here knows about WebAssembly's ABI; `gradtape-wasm` exposes it through a C ABI.

// The futex wait and notify of worker threads (kernels/parallel.rs) are unstable in core::arch;
// the shared-memory build compiles std from source with RUSTC_BOOTSTRAP anyway.
#![cfg_attr(all(target_arch = "wasm32", target_feature = "atomics"), feature(stdarch_wasm_atomic_wait))]

pub mod alloc_mode;
mod autodiff;
pub mod dtype;
pub mod engine;
pub mod error;
mod gradient_plans;
pub mod kernels;
pub mod least_squares;
pub mod op;
pub mod ops;
pub mod optim;
mod record;
pub mod shape;
pub mod tensor;
pub mod trace;
mod value_sweep;
mod tape_io;
mod tracked;

pub use dtype::{Buffer, DType};
pub use autodiff::Step;
pub use engine::{Engine, TapeId};
pub use error::{Error, ErrorCode, Result};
pub use op::Op;
pub use record::{ScalarValue, CONSTANT_ID};
pub use tensor::{Tensor, TensorId};
