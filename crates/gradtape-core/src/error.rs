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

    /// The OutOfMemory error for an allocation of `bytes` that failed: `what` says what it was for.
    pub fn out_of_memory(what: &str, bytes: usize) -> Error {
        Error::new(
            ErrorCode::OutOfMemory,
            format!(
                "out of memory for {} of {what}. Free tensors you no longer need (dispose, tf.tidy), \
                 lower tf.setMemoryBudget, or use smaller shapes.",
                byte_size_text(bytes)
            ),
        )
    }
}

/// `512 bytes`, `3.0 KiB`, `1.5 MiB`, `2.0 GiB`: a size people can read, never "0 MiB".
pub fn byte_size_text(bytes: usize) -> String {
    const UNITS: [&str; 3] = ["KiB", "MiB", "GiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// `Err(Error)` with a formatted message: `fail!(ShapeMismatch, "add: ...")`.
#[macro_export]
macro_rules! fail {
    ($code:ident, $($fmt:tt)+) => {
        return Err($crate::error::Error::new($crate::error::ErrorCode::$code, format!($($fmt)+)))
    };
}
