//! Errors carry a stable code (part of the C ABI) and a message that names the op, the shapes or
//! dtypes involved, and the fix.

/// Stable error codes; the TypeScript side maps them to error classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum ErrorCode {
    /// A bad argument value (axis out of range, bad permutation, unknown dtype).
    InvalidArgument = 1,
    /// Shapes that cannot be combined (broadcasting, matmul, reshape, concat).
    ShapeMismatch = 2,
    /// Operands of different dtypes, or an op that does not support the dtype.
    DTypeMismatch = 3,
    /// A stale or unknown tensor / tape handle.
    InvalidHandle = 4,
    /// `gradient` called twice on a non-persistent tape, or a tape re-entered while recording.
    TapeState = 5,
    /// A bug inside gradtape: an invariant did not hold.
    Internal = 6,
    /// Memory for a result could not be had (wasm memory is full or at its 4 GiB limit).
    OutOfMemory = 7,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error { code, message: message.into() }
    }
}

/// `Err(Error)` with a formatted message: `fail!(ShapeMismatch, "add: ...")`.
#[macro_export]
macro_rules! fail {
    ($code:ident, $($fmt:tt)+) => {
        return Err($crate::error::Error::new($crate::error::ErrorCode::$code, format!($($fmt)+)))
    };
}
