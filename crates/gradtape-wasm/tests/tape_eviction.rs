//! Protocol item 8, driven natively the way JavaScript drives it: evict a tape through the
//! transfer buffer, restore it, and get the same gradient; stale tapes and bad lengths fail with
//! the error stored. One test function: the module state is a global for one thread.

use gradtape_wasm::*;

const F64: u32 = 1;
const INVALID_ARGUMENT: u32 = 1;
const INVALID_HANDLE: u32 = 4;

fn scratch() -> &'static mut [u32] {
    // SAFETY: the scratch area lives for the module's life and this test is its only user.
    unsafe { std::slice::from_raw_parts_mut(gt_scratch(), SCRATCH_LEN) }
}

fn vector(values: &[f64]) -> f64 {
    scratch()[0] = values.len() as u32;
    let h = gt_tensor_alloc(F64, 1, 0.0);
    assert_ne!(h, 0.0);
    // SAFETY: a fresh tensor of values.len() f64 elements (protocol item 3).
    unsafe { std::ptr::copy_nonoverlapping(values.as_ptr(), gt_tensor_data_ptr(h) as *mut f64, values.len()) };
    h
}

fn values(h: f64) -> Vec<f64> {
    let n = gt_tensor_len(h) as usize;
    // SAFETY: a live f64 tensor of n elements, read before any other call.
    unsafe { std::slice::from_raw_parts(gt_tensor_data_ptr(h) as *const f64, n) }.to_vec()
}

/// Runs the op the table calls `name` (protocol item 9): inputs, then parameters, as f64 entries.
fn op(name: &str, inputs: &[f64], params: &[f64]) -> f64 {
    let code = gradtape_core::op::specs().into_iter().find(|s| s.js == name).expect("an op of the table").code;
    let s = scratch_handles();
    s[..inputs.len()].copy_from_slice(inputs);
    s[inputs.len()..inputs.len() + params.len()].copy_from_slice(params);
    gt_op(code, inputs.len() as u32)
}

/// The scratch area's f64 entries, where handle lists go.
fn scratch_handles() -> &'static mut [f64] {
    // SAFETY: the scratch area is 8-byte aligned and at least SCRATCH_LEN u32 words long.
    unsafe { std::slice::from_raw_parts_mut(gt_scratch() as *mut f64, SCRATCH_LEN / 2) }
}

fn gradient(tape: f64, target: f64, source: f64) -> Vec<f64> {
    let s = scratch_handles();
    s[0] = target;
    s[1] = source;
    s[2] = 0.0;
    assert_eq!(gt_tape_gradient(tape, 1, 1), 1, "gradient failed");
    let g = scratch_handles()[0];
    let v = values(g);
    gt_tensor_free(g);
    v
}

/// What JavaScript does to evict: export, copy out, free the tape, release the buffer.
fn evict(tape: f64) -> Vec<u8> {
    let len = gt_tape_export(tape) as usize;
    assert_ne!(len, 0, "export failed");
    // SAFETY: the transfer buffer holds `len` bytes until the next call.
    let bytes = unsafe { std::slice::from_raw_parts(gt_transfer_ptr(), len) }.to_vec();
    assert_eq!(gt_tape_free(tape), 1);
    assert!(gt_transfer_release() as usize >= len);
    bytes
}

/// What JavaScript does to restore: reserve, write, import, release.
fn restore(bytes: &[u8]) -> f64 {
    let ptr = gt_transfer_reserve(bytes.len() as u32);
    assert!(!ptr.is_null());
    // SAFETY: the transfer buffer was just made bytes.len() long.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, bytes.len()) };
    let tape = gt_tape_import(bytes.len() as u32);
    gt_transfer_release();
    tape
}

#[test]
fn a_tape_evicted_through_the_transfer_buffer_gives_the_same_gradient() {
    // y = sum(x * x * w): dy/dx = 2 x w.
    let x = vector(&[1.0, -2.0, 0.5]);
    let w = vector(&[3.0, 0.25, -4.0]);
    let tape = gt_tape_new(1, 1); // (made recording)
    assert_eq!(gt_tape_push(tape), 0, "the tape records already");
    assert_eq!(gt_tape_watch(tape, x), 1);
    let xx = op("mul", &[x, x], &[]);
    let xxw = op("mul", &[xx, w], &[]);
    let y = op("reduceSum", &[xxw], &[1.0, 0.0, 0.0]); // axes [0], keepdims false
    assert_ne!(y, 0.0);
    assert_eq!(gt_tape_export(tape), 0, "a recording tape cannot be exported");
    let saved = gt_tape_pop(tape); // (the bytes it keeps, as gt_tape_bytes says)
    assert_eq!(saved, gt_tape_bytes(tape));
    assert!(saved >= 4.0 * 24.0, "saved {saved}"); // x, w, x*x, x*x*w
    let bytes = evict(tape);
    assert!(gt_tape_bytes(tape).is_nan());
    assert_eq!(gt_last_error_code(), INVALID_HANDLE);
    assert!(gt_tape_pop(tape).is_nan(), "a stale tape stops with no bytes");
    assert_eq!(gt_last_error_code(), INVALID_HANDLE);

    let restored = restore(&bytes);
    assert_ne!(restored, 0.0, "import failed");
    assert_eq!(gradient(restored, y, x), vec![6.0, -1.0, -4.0]);
    assert_eq!(gt_tape_free(restored), 1);

    // Errors: a stale tape, a length past the buffer, zeros, truncated bytes.
    assert_eq!(gt_tape_export(tape), 0);
    assert_eq!(gt_last_error_code(), INVALID_HANDLE);
    assert!(!gt_transfer_reserve(8).is_null());
    assert_eq!(gt_tape_import(9), 0.0);
    assert_eq!(gt_last_error_code(), INVALID_ARGUMENT);
    assert_eq!(gt_tape_import(8), 0.0);
    assert_eq!(gt_last_error_code(), INVALID_ARGUMENT);
    let mut corrupt = bytes.clone();
    corrupt.truncate(bytes.len() - 1);
    assert_eq!(restore(&corrupt), 0.0);
    assert_eq!(gt_last_error_code(), INVALID_ARGUMENT);
    assert_eq!(gt_transfer_release(), 0, "`restore` released the buffer");
    for h in [x, w, xx, xxw, y] {
        assert_eq!(gt_tensor_free(h), 1);
    }
    assert_eq!(gt_live_tapes(), 0);
}
