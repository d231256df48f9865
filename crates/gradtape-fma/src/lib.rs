//! The matrix product's micro-kernels with relaxed-SIMD multiply-adds (`f32x4.relaxed_madd`,
//! `f64x2.relaxed_madd`: one fused multiply-add where the CPU has one).
//!
//! A module that contains a relaxed-SIMD instruction does not validate on an engine without
//! relaxed SIMD (Node 20 without `--experimental-wasm-relaxed-simd`), so these kernels live in a
//! small module of their own. JavaScript instantiates it only where it validates, on the main
//! module's memory, and puts its two functions into the main module's function table; the main
//! module's packed matrix product then calls them for each micro-tile (`kernels::fma` there).
//!
//! Protocol (each function; pointers into the shared memory, all owned by the caller):
//! `depth` steps of a packed A sliver (4 values a step) and a packed B sliver (8 f32 or 4 f64
//! values a step), as `gemm.rs` packs them, each sliver starting at a multiple of its step's
//! bytes; the 4×8 (f32) or 4×4 (f64) product Σ_k a[k][i]·b[k][j] is written row-major to `tile`. The functions use no memory of their
//! own (no data, no stack: they are linked with a zero-sized stack at address 0, so any use of
//! one would trap instead of writing over the main module's data).
#![cfg_attr(target_arch = "wasm32", no_std)]

#[cfg(target_arch = "wasm32")]
mod kernels {
    use core::arch::wasm32::*;

    /// A 4-row tile of two vectors per row: `$nr` = 2 vectors of lanes of `$t`.
    macro_rules! tile {
        ($name:ident, $t:ty, $nr:expr, $splat:ident, $madd:ident) => {
            /// The 4×`$nr` tile of `depth` packed steps, row-major, two vector accumulators a row.
            ///
            /// # Safety
            /// `a` holds `depth`·4 values and starts at a multiple of their bytes (a step), `b`
            /// holds `depth`·`$nr` values and starts at a multiple of 32 bytes (a step), and
            /// `tile` has room for 4·`$nr`.
            #[no_mangle]
            pub unsafe extern "C" fn $name(depth: usize, a: *const $t, b: *const $t, tile: *mut $t) {
                let zero = $splat(0.0);
                let (mut c00, mut c01, mut c10, mut c11) = (zero, zero, zero, zero);
                let (mut c20, mut c21, mut c30, mut c31) = (zero, zero, zero, zero);
                // Each step's loads address its start masked to the step's alignment plus an
                // offset (the mask changes nothing): LLVM's loop strength reduction would turn
                // `pointer.add(offset)` into adds that the wasm backend cannot fold into a load's
                // offset field, and V8 then spends an instruction on each address
                // (gradtape-core's `gemm::multiply_steps` says more).
                let (a_bytes, b_bytes) = (4 * core::mem::size_of::<$t>(), 32);
                let (mut a_at, mut b_at) = (a.expose_provenance(), b.expose_provenance());
                let value = |base: usize, offset: usize| *core::ptr::with_exposed_provenance::<$t>(base + offset);
                let lanes = |base: usize, offset: usize| v128_load(core::ptr::with_exposed_provenance(base + offset));
                for _ in 0..depth {
                    let (a, b) = (a_at & !(a_bytes - 1), b_at & !(b_bytes - 1));
                    let (b0, b1) = (lanes(b, 0), lanes(b, 16));
                    let a0 = $splat(value(a, 0));
                    c00 = $madd(a0, b0, c00);
                    c01 = $madd(a0, b1, c01);
                    let a1 = $splat(value(a, core::mem::size_of::<$t>()));
                    c10 = $madd(a1, b0, c10);
                    c11 = $madd(a1, b1, c11);
                    let a2 = $splat(value(a, 2 * core::mem::size_of::<$t>()));
                    c20 = $madd(a2, b0, c20);
                    c21 = $madd(a2, b1, c21);
                    let a3 = $splat(value(a, 3 * core::mem::size_of::<$t>()));
                    c30 = $madd(a3, b0, c30);
                    c31 = $madd(a3, b1, c31);
                    a_at += a_bytes;
                    b_at += b_bytes;
                }
                // (Stores one by one: an array of the accumulators could be put on a stack, and
                // these functions must not use one.)
                let t = tile as *mut v128;
                v128_store(t, c00);
                v128_store(t.add(1), c01);
                v128_store(t.add(2), c10);
                v128_store(t.add(3), c11);
                v128_store(t.add(4), c20);
                v128_store(t.add(5), c21);
                v128_store(t.add(6), c30);
                v128_store(t.add(7), c31);
            }
        };
    }

    tile!(gt_fma_tile_f32, f32, 8, f32x4_splat, f32x4_relaxed_madd);
    tile!(gt_fma_tile_f64, f64, 4, f64x2_splat, f64x2_relaxed_madd);

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo) -> ! {
        core::arch::wasm32::unreachable()
    }
}
