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
//! values a step), as `gemm.rs` packs them; the 4×8 (f32) or 4×4 (f64) product
//! Σ_k a[k][i]·b[k][j] is written row-major to `tile`. The functions use no memory of their
//! own (no data, no stack: they are linked with a zero-sized stack at address 0, so any use of
//! one would trap instead of writing over the main module's data).
#![cfg_attr(target_arch = "wasm32", no_std)]

#[cfg(target_arch = "wasm32")]
mod kernels {
    use core::arch::wasm32::*;

    /// 4×8 f32 tile: two f32x4 accumulators per row.
    ///
    /// # Safety
    /// `a` holds `depth`·4 values, `b` `depth`·8 and `tile` room for 32.
    #[no_mangle]
    pub unsafe extern "C" fn gt_fma_tile_f32(depth: usize, a: *const f32, b: *const f32, tile: *mut f32) {
        let zero = f32x4_splat(0.0);
        let (mut c00, mut c01, mut c10, mut c11) = (zero, zero, zero, zero);
        let (mut c20, mut c21, mut c30, mut c31) = (zero, zero, zero, zero);
        for k in 0..depth {
            let (a, b) = (a.add(4 * k), b.add(8 * k) as *const v128);
            let (b0, b1) = (v128_load(b), v128_load(b.add(1)));
            let a0 = f32x4_splat(*a);
            c00 = f32x4_relaxed_madd(a0, b0, c00);
            c01 = f32x4_relaxed_madd(a0, b1, c01);
            let a1 = f32x4_splat(*a.add(1));
            c10 = f32x4_relaxed_madd(a1, b0, c10);
            c11 = f32x4_relaxed_madd(a1, b1, c11);
            let a2 = f32x4_splat(*a.add(2));
            c20 = f32x4_relaxed_madd(a2, b0, c20);
            c21 = f32x4_relaxed_madd(a2, b1, c21);
            let a3 = f32x4_splat(*a.add(3));
            c30 = f32x4_relaxed_madd(a3, b0, c30);
            c31 = f32x4_relaxed_madd(a3, b1, c31);
        }
        // (Stores one by one: an array of the accumulators could be put on a stack, and these
        // functions must not use one.)
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

    /// 4×4 f64 tile: two f64x2 accumulators per row.
    ///
    /// # Safety
    /// `a` holds `depth`·4 values, `b` `depth`·4 and `tile` room for 16.
    #[no_mangle]
    pub unsafe extern "C" fn gt_fma_tile_f64(depth: usize, a: *const f64, b: *const f64, tile: *mut f64) {
        let zero = f64x2_splat(0.0);
        let (mut c00, mut c01, mut c10, mut c11) = (zero, zero, zero, zero);
        let (mut c20, mut c21, mut c30, mut c31) = (zero, zero, zero, zero);
        for k in 0..depth {
            let (a, b) = (a.add(4 * k), b.add(4 * k) as *const v128);
            let (b0, b1) = (v128_load(b), v128_load(b.add(1)));
            let a0 = f64x2_splat(*a);
            c00 = f64x2_relaxed_madd(a0, b0, c00);
            c01 = f64x2_relaxed_madd(a0, b1, c01);
            let a1 = f64x2_splat(*a.add(1));
            c10 = f64x2_relaxed_madd(a1, b0, c10);
            c11 = f64x2_relaxed_madd(a1, b1, c11);
            let a2 = f64x2_splat(*a.add(2));
            c20 = f64x2_relaxed_madd(a2, b0, c20);
            c21 = f64x2_relaxed_madd(a2, b1, c21);
            let a3 = f64x2_splat(*a.add(3));
            c30 = f64x2_relaxed_madd(a3, b0, c30);
            c31 = f64x2_relaxed_madd(a3, b1, c31);
        }
        // (Stores one by one: an array of the accumulators could be put on a stack, and these
        // functions must not use one.)
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

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo) -> ! {
        core::arch::wasm32::unreachable()
    }
}
