//! Tape eviction exports (protocol item 8): a tape's record moves to and from JavaScript through
//! the transfer buffer, a byte vector the module owns.

use crate::{state, tape_id, tape_ref, TapeRef};
use gradtape_core::{Error, ErrorCode};

/// Bytes tape `tape` keeps alive in wasm memory (its distinct saved buffers and an estimate of
/// its bookkeeping), to decide whether evicting it pays. NaN, with the error stored, for a stale
/// tape (0 would read as "nothing to free").
#[no_mangle]
pub extern "C" fn gt_tape_bytes(tape: TapeRef) -> f64 {
    let s = state();
    match s.engine.tape_saved_bytes(tape_id(tape)) {
        Ok(bytes) => bytes as f64,
        Err(e) => {
            s.fail(e);
            f64::NAN
        }
    }
}

/// Serializes tape `tape` (which must not be recording) into the transfer buffer, replacing its
/// contents, and returns the byte length; 0 with the error stored on failure (an encoding is
/// never empty). The tape is left as it was: copy the bytes out, then `gt_tape_free` it.
#[no_mangle]
pub extern "C" fn gt_tape_export(tape: TapeRef) -> u32 {
    let s = state();
    // Drop the previous contents first, so they do not share memory with the new encoding.
    s.transfer = Vec::new();
    match s.engine.export_tape(tape_id(tape)) {
        Ok(bytes) => {
            s.transfer = bytes;
            s.transfer.len() as u32
        }
        Err(e) => {
            s.fail(e);
            0
        }
    }
}

/// Address of the transfer buffer, owned by the module. Valid until the next call to any export
/// (read it with `>>> 0`: wasm returns it as a signed i32).
#[no_mangle]
pub extern "C" fn gt_transfer_ptr() -> *const u8 {
    state().transfer.as_ptr()
}

/// Makes the transfer buffer `len` zero bytes for JavaScript to write an exported tape into, and
/// returns its address (valid until the next call). Null, with an OutOfMemory error stored, when
/// the memory cannot be had; the buffer is then empty.
#[no_mangle]
pub extern "C" fn gt_transfer_reserve(len: u32) -> *mut u8 {
    let s = state();
    let len = len as usize;
    s.transfer.clear();
    if s.transfer.capacity() < len {
        s.transfer = Vec::new(); // release the old allocation before asking for the larger one
        if gradtape_core::alloc_mode::fallible(|| s.transfer.try_reserve_exact(len)).is_err() {
            s.fail(Error::new(
                ErrorCode::OutOfMemory,
                format!(
                    "out of memory for the {} MiB needed to restore an evicted GradientTape. Dispose tensors and \
                     tapes you no longer need (dispose, tf.tidy), or lower tf.setMemoryBudget.",
                    len >> 20
                ),
            ));
            return std::ptr::null_mut();
        }
    }
    s.transfer.resize(len, 0);
    s.transfer.as_mut_ptr()
}

/// Rebuilds a tape (not recording) from the first `len` bytes of the transfer buffer, as
/// `gt_tape_export` wrote them. Returns its id + 1, owned by the caller (free it with
/// `gt_tape_free`); 0 with the error stored for corrupt bytes or a `len` past the buffer's end.
/// The transfer buffer is left as it was.
#[no_mangle]
pub extern "C" fn gt_tape_import(len: u32) -> TapeRef {
    let s = state();
    let Some(bytes) = s.transfer.get(..len as usize) else {
        s.fail(Error::new(
            ErrorCode::InvalidArgument,
            format!("gt_tape_import: {len} bytes asked for, but the transfer buffer holds {}.", s.transfer.len()),
        ));
        return 0.0;
    };
    match s.engine.import_tape(bytes) {
        Ok(id) => tape_ref(id),
        Err(e) => {
            s.fail(e);
            0.0
        }
    }
}

/// Frees the transfer buffer's memory (a large export would otherwise stay resident) and returns
/// the number of bytes released.
#[no_mangle]
pub extern "C" fn gt_transfer_release() -> u32 {
    let s = state();
    let released = s.transfer.capacity() as u32;
    s.transfer = Vec::new();
    released
}
