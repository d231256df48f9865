//! Shape arithmetic: sizes, broadcasting, and the axes a broadcast gradient must be summed over.

use crate::dtype::DType;
use crate::error::Result;
use crate::fail;

/// Dimensions held inline up to this rank (scalars, vectors and matrices: the tensors of small
/// fitting steps), so such a shape is made and copied without an allocation. Two keep a shape
/// the size of a `Vec` (12 bytes in wasm32), so a tensor stays 24 bytes; with four (20 bytes, a
/// 32-byte tensor) recorded scalar ops and the puzzle's steps ran 10% slower (`bench/ab.mjs`, in
/// a build that also copied dims with `memory.copy`).
pub const INLINE_RANK: usize = 2;

/// A tensor's dimensions. Up to [`INLINE_RANK`] of them are held in place, so that the shapes a
/// small op makes and keeps (its output's, and the copies its tape node holds) cost no heap
/// allocation; longer ones are boxed. Reads as a `[usize]` slice. The rank decides the form, so
/// two equal shapes always have the same one.
pub struct Shape(Dims);

enum Dims {
    Inline { rank: u8, dims: [usize; INLINE_RANK] },
    Boxed(Box<[usize]>),
}

impl Shape {
    /// The shape of a scalar: no dimensions.
    pub const SCALAR: Shape = Shape(Dims::Inline { rank: 0, dims: [0; INLINE_RANK] });

    /// A shape of these dimensions.
    pub fn from_slice(dims: &[usize]) -> Shape {
        if dims.len() <= INLINE_RANK {
            // (Element by element: a copy of a variable length is a `memory.copy` in wasm, a call.)
            Shape(Dims::Inline { rank: dims.len() as u8, dims: core::array::from_fn(|i| dims.get(i).copied().unwrap_or(0)) })
        } else {
            Shape::boxed_copy(dims)
        }
    }

    /// `rank` dimensions, each `d`.
    pub fn filled(rank: usize, d: usize) -> Shape {
        if rank <= INLINE_RANK {
            Shape(Dims::Inline { rank: rank as u8, dims: [d; INLINE_RANK] })
        } else {
            Shape(Dims::Boxed(vec![d; rank].into_boxed_slice()))
        }
    }

    /// Bytes held on the heap: none for a shape held inline.
    pub fn heap_bytes(&self) -> usize {
        match &self.0 {
            Dims::Inline { .. } => 0,
            Dims::Boxed(dims) => dims.len() * core::mem::size_of::<usize>(),
        }
    }

    /// A boxed copy of `dims` (more than INLINE_RANK of them), out of line: `clone`, inlined
    /// wherever a tensor is cloned, keeps only the inline path.
    #[cold]
    #[inline(never)]
    fn boxed_copy(dims: &[usize]) -> Shape {
        Shape(Dims::Boxed(dims.into()))
    }

    /// The dimensions as a slice (also what `Deref` gives).
    #[inline]
    pub fn dims(&self) -> &[usize] {
        match &self.0 {
            // SAFETY: an inline shape's rank is at most INLINE_RANK (every constructor checks).
            // (Unchecked: a checked slice puts a panic path beside every shape read, about 1% of
            // the wasm build's code.)
            Dims::Inline { rank, dims } => unsafe { dims.get_unchecked(..*rank as usize) },
            Dims::Boxed(dims) => dims,
        }
    }
}

impl Clone for Shape {
    #[inline]
    fn clone(&self) -> Shape {
        match &self.0 {
            &Dims::Inline { rank, dims } => Shape(Dims::Inline { rank, dims }),
            Dims::Boxed(dims) => Shape::boxed_copy(dims),
        }
    }
}

impl core::ops::Deref for Shape {
    type Target = [usize];
    #[inline]
    fn deref(&self) -> &[usize] {
        self.dims()
    }
}

impl core::ops::DerefMut for Shape {
    #[inline]
    fn deref_mut(&mut self) -> &mut [usize] {
        match &mut self.0 {
            Dims::Inline { rank, dims } => &mut dims[..*rank as usize],
            Dims::Boxed(dims) => dims,
        }
    }
}

impl Default for Shape {
    fn default() -> Shape {
        Shape::SCALAR
    }
}

impl From<&[usize]> for Shape {
    fn from(dims: &[usize]) -> Shape {
        Shape::from_slice(dims)
    }
}

impl From<Vec<usize>> for Shape {
    fn from(dims: Vec<usize>) -> Shape {
        if dims.len() <= INLINE_RANK { Shape::from_slice(&dims) } else { Shape(Dims::Boxed(dims.into_boxed_slice())) }
    }
}

impl<const N: usize> From<[usize; N]> for Shape {
    fn from(dims: [usize; N]) -> Shape {
        Shape::from_slice(&dims)
    }
}

impl FromIterator<usize> for Shape {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Shape {
        let mut inline = [0; INLINE_RANK];
        let mut iter = iter.into_iter();
        for rank in 0..=INLINE_RANK {
            match iter.next() {
                None => return Shape(Dims::Inline { rank: rank as u8, dims: inline }),
                Some(d) if rank < INLINE_RANK => inline[rank] = d,
                Some(d) => return Shape(Dims::Boxed(inline.into_iter().chain([d]).chain(iter).collect())),
            }
        }
        unreachable!("the loop returns by rank INLINE_RANK + 1")
    }
}

impl<'a> IntoIterator for &'a Shape {
    type Item = &'a usize;
    type IntoIter = core::slice::Iter<'a, usize>;
    fn into_iter(self) -> Self::IntoIter {
        self.dims().iter()
    }
}

impl PartialEq for Shape {
    fn eq(&self, other: &Shape) -> bool {
        self.dims() == other.dims()
    }
}

impl Eq for Shape {}

impl PartialEq<&[usize]> for Shape {
    fn eq(&self, other: &&[usize]) -> bool {
        self.dims() == *other
    }
}

impl PartialEq<Vec<usize>> for Shape {
    fn eq(&self, other: &Vec<usize>) -> bool {
        self.dims() == other.as_slice()
    }
}

impl<const N: usize> PartialEq<[usize; N]> for Shape {
    fn eq(&self, other: &[usize; N]) -> bool {
        self.dims() == other.as_slice()
    }
}

impl core::fmt::Debug for Shape {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.dims().fmt(f)
    }
}

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
pub fn broadcast_shapes(op: &str, a: &[usize], b: &[usize]) -> Result<Shape> {
    let rank = a.len().max(b.len());
    let mut out = Shape::filled(rank, 0);
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
    fn a_shape_holds_its_dims_inline_up_to_inline_rank_and_reads_the_same_either_way() {
        for rank in 0..=7 {
            let dims: Vec<usize> = (0..rank).map(|i| 2 * i + 1).collect();
            let made = [
                Shape::from_slice(&dims),
                Shape::from(dims.clone()),
                dims.iter().copied().collect::<Shape>(),
                Shape::from_slice(&dims).clone(),
            ];
            for shape in &made {
                assert_eq!(shape.dims(), &dims[..], "rank {rank}");
                assert_eq!(*shape, dims);
                assert_eq!(shape.heap_bytes(), if rank <= INLINE_RANK { 0 } else { rank * size_of_usize() }, "rank {rank}");
                assert_eq!(format!("{shape:?}"), format!("{dims:?}"));
            }
            assert!(made.iter().all(|m| *m == made[0]));
            let mut changed = made[0].clone();
            if let Some(last) = changed.last_mut() {
                *last += 1;
                assert_ne!(changed, made[0]);
            }
            assert_eq!(Shape::filled(rank, 7).dims(), &vec![7; rank][..]);
        }
        assert_eq!(Shape::SCALAR, Shape::default());
        assert!(Shape::SCALAR.is_empty());
    }

    fn size_of_usize() -> usize {
        core::mem::size_of::<usize>()
    }

    #[test]
    fn check_alloc_accepts_up_to_max_tensor_bytes_and_names_the_limit() {
        assert!(check_alloc("zeros", &[(1 << 29) - 1], DType::F32).is_ok());
        assert!(check_alloc("zeros", &[(1 << 28) - 1], DType::F64).is_ok());
        let e = check_alloc("zeros", &[1 << 29], DType::F32).unwrap_err();
        assert!(e.message.starts_with("zeros: ") && e.message.contains("2 GiB less one byte"), "{}", e.message);
        assert!(check_alloc("add", &[usize::MAX, 2], DType::I32).is_err());
    }
}
