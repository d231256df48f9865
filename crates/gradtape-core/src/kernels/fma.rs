//! The relaxed-SIMD micro-kernels of the matrix product, when the engine has them.
//!
//! They live in a second wasm module (`crates/gradtape-fma`), since a module containing relaxed
//! SIMD does not validate on engines without it. Where it validates, JavaScript instantiates it on
//! this module's memory, adds its two functions to this module's function table and passes their
//! table indices to [`set_tiles`]; `gemm`'s micro-kernel then has [`tile`] compute each tile's
//! products with fused multiply-adds. Elsewhere (and outside wasm) nothing is set, and [`tile`]
//! returns false: the simd128 kernel runs.

use core::sync::atomic::{AtomicUsize, Ordering};

/// Table indices of `gt_fma_tile_f32` and `gt_fma_tile_f64` (0: none; LLVM keeps table entry 0
/// as the null function pointer).
static F32_TILE: AtomicUsize = AtomicUsize::new(0);
static F64_TILE: AtomicUsize = AtomicUsize::new(0);

/// Uses the kernels at these function-table indices from now on (0 and 0: stop using them).
///
/// # Safety
/// Each nonzero index must hold the matching function of `crates/gradtape-fma`:
/// `extern "C" fn(depth: usize, a: *const T, b: *const T, tile: *mut T)`.
pub unsafe fn set_tiles(f32_index: usize, f64_index: usize) {
    F32_TILE.store(f32_index, Ordering::Relaxed);
    F64_TILE.store(f64_index, Ordering::Relaxed);
}

/// The element types that have a relaxed-SIMD tile.
pub trait Tile: Sized {
    /// Writes the MR×NR tile Σ_k a[k][i]·b[k][j] of `depth` packed steps to `tile` (row-major),
    /// or returns false when no relaxed-SIMD kernel is in use.
    ///
    /// # Safety
    /// `a` holds depth·MR values, `b` depth·NR and `tile` MR·NR (gemm's packed slivers), and each
    /// sliver starts at a multiple of its step's bytes (MR and NR values): the kernels mask
    /// their addresses to it.
    unsafe fn tile(depth: usize, a: *const Self, b: *const Self, tile: *mut Self) -> bool;
}

macro_rules! tile {
    ($t:ty, $index:ident) => {
        impl Tile for $t {
            #[inline(always)]
            unsafe fn tile(depth: usize, a: *const $t, b: *const $t, tile: *mut $t) -> bool {
                let index = $index.load(Ordering::Relaxed);
                if index == 0 {
                    return false;
                }
                #[cfg(target_arch = "wasm32")]
                {
                    // On wasm32 a function pointer is its index in the function table.
                    let kernel: unsafe extern "C" fn(usize, *const $t, *const $t, *mut $t) = core::mem::transmute(index);
                    kernel(depth, a, b, tile);
                    true
                }
                #[cfg(not(target_arch = "wasm32"))]
                {
                    let _ = (depth, a, b, tile);
                    false
                }
            }
        }
    };
}
tile!(f32, F32_TILE);
tile!(f64, F64_TILE);
