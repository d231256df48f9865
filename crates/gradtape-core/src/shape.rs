//! Shape arithmetic: sizes, broadcasting, and the axes a broadcast gradient must be summed over.

use crate::dtype::DType;
use crate::error::Result;
use crate::fail;

#[inline]
pub fn size_of(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// TensorFlow's shape text: `(3,)`, `(2, 2)`, `()`.
pub fn shape_text(shape: &[usize]) -> String {
    match shape.len() {
        0 => "()".to_string(),
        1 => format!("({},)", shape[0]),
        _ => format!("({})", shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

/// NumPy broadcasting: dims are right-aligned; each pair must be equal or contain a 1.
pub fn broadcast_shapes(op: &str, a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    let rank = a.len().max(b.len());
    let mut out = vec![0; rank];
    for i in 0..rank {
        let da = if i + a.len() >= rank { a[i + a.len() - rank] } else { 1 };
        let db = if i + b.len() >= rank { b[i + b.len() - rank] } else { 1 };
        out[i] = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            fail!(
                ShapeMismatch,
                "{op}: incompatible shapes {} and {}: dimension {i} of the broadcast result would need {da} and {db}. \
                 Each dimension (aligned from the right) must be equal or 1; reshape or transpose an operand.",
                shape_text(a),
                shape_text(b)
            );
        };
    }
    Ok(out)
}

/// The axes of `from` that must be summed to bring a gradient of shape `from` back to `to`
/// (the leading axes `to` lacks, and the axes where `to` has 1 and `from` does not).
pub fn broadcast_reduction_axes(from: &[usize], to: &[usize]) -> Vec<usize> {
    let lead = from.len() - to.len();
    (0..from.len()).filter(|&i| i < lead || (to[i - lead] == 1 && from[i] != 1)).collect()
}

/// The largest tensor gradtape makes, in bytes: 2 GiB less one byte. A wasm32 allocation
/// (`Layout`) can describe at most `isize::MAX` = 2^31 - 1 bytes, and one tensor that size still
/// leaves half of the 4 GiB address space for everything else.
pub const MAX_TENSOR_BYTES: usize = i32::MAX as usize;

/// True when a tensor of `shape` and `dtype` is within the size and rank gradtape allows (the
/// cheap test; `check_alloc` explains a failure).
#[inline]
pub fn fits_alloc(shape: &[usize], dtype: DType) -> bool {
    shape.len() <= MAX_RANK
        && shape.iter().try_fold(dtype.byte_size(), |acc, &d| acc.checked_mul(d)).is_some_and(|b| b <= MAX_TENSOR_BYTES)
}

/// Checks that a tensor of `shape` and `dtype` is within the size gradtape allows, before
/// anything is allocated (buffers are then allocated fallibly, see `dtype::try_filled`).
pub fn check_alloc(op: &str, shape: &[usize], dtype: DType) -> Result<()> {
    check_rank(op, shape)?;
    let bytes = shape.iter().try_fold(dtype.byte_size(), |acc, &d| acc.checked_mul(d));
    match bytes {
        Some(b) if b <= MAX_TENSOR_BYTES => Ok(()),
        _ => fail!(
            InvalidArgument,
            "{op}: a {} result of shape {} would need 2 GiB or more, and one tensor can have at most {} bytes \
             (2 GiB less one byte) in wasm memory. Use smaller batches or shapes.",
            dtype.name(),
            shape_text(shape),
            MAX_TENSOR_BYTES
        ),
    }
}

/// The most dimensions a tensor may have: TensorFlow's limit (`TensorShape::MaxDimensions`).
pub const MAX_RANK: usize = 254;

/// Checks a shape's rank before a tensor of that shape is made.
pub fn check_rank(op: &str, shape: &[usize]) -> Result<()> {
    if shape.len() > MAX_RANK {
        fail!(
            InvalidArgument,
            "{op}: a result of rank {} has more than {MAX_RANK} dimensions, the most a tensor can have (as in TensorFlow).",
            shape.len()
        );
    }
    Ok(())
}

/// The number of elements of `shape`, or None when the product overflows `usize` (on wasm32 a
/// product of plausible dims can wrap to a small number).
pub fn checked_size(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_alloc_accepts_up_to_max_tensor_bytes_and_names_the_limit() {
        assert!(check_alloc("zeros", &[(1 << 29) - 1], DType::F32).is_ok());
        assert!(check_alloc("zeros", &[(1 << 28) - 1], DType::F64).is_ok());
        let e = check_alloc("zeros", &[1 << 29], DType::F32).unwrap_err();
        assert!(e.message.starts_with("zeros: ") && e.message.contains("2 GiB less one byte"), "{}", e.message);
        assert!(check_alloc("add", &[usize::MAX, 2], DType::I32).is_err());
    }
}
