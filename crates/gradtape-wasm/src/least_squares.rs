//! Protocol item 11: the least-squares solvers' QR factorization, on the solver buffer, an f64
//! vector the module owns.

use crate::state;
use gradtape_core::least_squares::{pivoted_qr, PivotedQr};
use gradtape_core::{Error, ErrorCode};

/// Makes the solver buffer at least `len` f64 entries and returns its address (8-byte aligned;
/// null with the error stored when memory is full). The contents are unspecified: the caller
/// writes what the next export reads. Valid until the next call to any other export.
#[no_mangle]
pub extern "C" fn gt_solver_buffer(len: u32) -> *mut f64 {
    let s = state();
    let len = len as usize;
    if s.solver.len() < len {
        s.solver = Vec::new(); // release the old allocation before asking for the larger one
        if gradtape_core::alloc_mode::fallible(|| s.solver.try_reserve_exact(len)).is_err() {
            s.fail(Error::new(ErrorCode::OutOfMemory, format!("out of memory for a least-squares factorization of {} MiB.", (8 * len) >> 20)));
            return std::ptr::null_mut();
        }
        s.solver.resize(len, 0.0);
    }
    s.solver.as_mut_ptr()
}

/// Frees the solver buffer's memory (a large fit's buffer would otherwise stay resident) and
/// returns how many bytes it held.
#[no_mangle]
pub extern "C" fn gt_solver_release() -> u32 {
    let s = state();
    let released = (8 * s.solver.capacity()) as u32;
    s.solver = Vec::new();
    released
}

/// Factors J P = Q R in the solver buffer, which holds J (m×n, column-major: entry (i, j) at
/// `j * m + i`, m ≥ n ≥ 1) and then b (m entries). Afterwards J's place holds the Householder
/// vectors, b's holds Qᵀb, and after b come R (n×n, row-major), the column norms of J (n, in J's
/// order) and the permutation (n, as f64: column k of J P is column `permutation[k]` of J), then
/// 2n entries of scratch: `m·n + m + n² + 4n` entries in all. Returns 1, or 0 with the error
/// stored when the sizes do not fit the buffer.
#[no_mangle]
pub extern "C" fn gt_pivoted_qr(m: u32, n: u32) -> u32 {
    let s = state();
    let (m, n) = (m as usize, n as usize);
    let needed = m * n + m + n * n + 4 * n;
    if n == 0 || m < n || s.solver.len() < needed {
        s.fail(Error::new(ErrorCode::InvalidArgument, format!("gt_pivoted_qr: {m}×{n} needs m ≥ n ≥ 1 and {needed} entries; the buffer has {}.", s.solver.len())));
        return 0;
    }
    let (a, rest) = s.solver.split_at_mut(m * n);
    let (b, rest) = rest.split_at_mut(m);
    let (r, rest) = rest.split_at_mut(n * n);
    let (column_norms, rest) = rest.split_at_mut(n);
    let (permutation_out, scratch) = rest.split_at_mut(n);
    let mut permutation = vec![0usize; n];
    pivoted_qr(a, m, n, b, PivotedQr { r, permutation: &mut permutation, column_norms }, scratch);
    for (out, p) in permutation_out.iter_mut().zip(permutation) {
        *out = p as f64;
    }
    1
}
