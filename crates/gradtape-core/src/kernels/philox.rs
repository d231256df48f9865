//! Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011) and
//! TensorFlow's distributions on it (`tensorflow/core/lib/random/philox_random.h`,
//! `random_distributions.h`): the numbers `tf.random.stateless_uniform`, `stateless_normal` and
//! `stateless_truncated_normal` give on CPU, and so Keras 3's seeded initializers and layers.
//!
//! `ts/stateless-random.ts` holds the same algorithms in JavaScript: its draws of integers and
//! single words, and the oracle the tests compare these kernels with. Philox is counter-based
//! (call `c` of a stream is a pure function of the key and `c`), so parts of an output are drawn
//! on any thread and the result does not depend on how many ran.

use super::parallel::team;
use super::simd::{F64Lanes, Simd};
use super::transcendental::{ln, sin_cos_angle};
use core::mem::MaybeUninit;

const M0: u64 = 0xD251_1F53;
const M1: u64 = 0xCD9E_8D57;
const W0: u32 = 0x9E37_79B9;
const W1: u32 = 0xBB67_AE85;

/// A Philox stream: a key and a 128-bit counter (TensorFlow's `PhiloxRandom`); call `c` gives
/// four words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Philox {
    key: [u32; 2],
    counter: u128,
}

impl Philox {
    /// The stream at `counter` (low word first, as TensorFlow's `Counter`) under `key`.
    pub fn new(key: [u32; 2], counter: [u32; 4]) -> Self {
        let counter = counter.iter().rev().fold(0u128, |c, &w| c << 32 | w as u128);
        Philox { key, counter }
    }

    /// The four words of call `calls` counted from this stream's next one (0: the next call; the
    /// counter wraps at 2^128, as PhiloxRandom::Skip's); the stream does not advance.
    #[inline]
    pub fn block_at(&self, calls: u64) -> [u32; 4] {
        let c = self.counter.wrapping_add(calls as u128);
        let mut x = [c as u32, (c >> 32) as u32, (c >> 64) as u32, (c >> 96) as u32];
        let [mut k0, mut k1] = self.key;
        for _ in 0..10 {
            let p0 = M0 * x[0] as u64;
            let p1 = M1 * x[2] as u64;
            x = [(p1 >> 32) as u32 ^ x[1] ^ k0, p1 as u32, (p0 >> 32) as u32 ^ x[3] ^ k1, p0 as u32];
            k0 = k0.wrapping_add(W0);
            k1 = k1.wrapping_add(W1);
        }
        x
    }
}

/// Which values a draw makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distribution {
    /// [0, 1): a float built from a word's low mantissa bits, minus 1.
    Uniform,
    /// Standard normal, Box–Muller on pairs of uniforms.
    Normal,
    /// Standard normal with |z| < 2: values outside are drawn again (TensorFlow's
    /// TruncatedNormalDistribution, each group of outputs from its own reserved calls).
    TruncatedNormal,
}

impl Distribution {
    /// The ABI's code (protocol item 16 of `gradtape-wasm`).
    pub fn from_code(code: u32) -> Option<Distribution> {
        match code {
            0 => Some(Distribution::Uniform),
            1 => Some(Distribution::Normal),
            2 => Some(Distribution::TruncatedNormal),
            _ => None,
        }
    }
}

/// Philox calls TensorFlow reserves per output of its variable-sample distributions (256 words).
const RESERVED_CALLS_PER_OUTPUT: u64 = 256 / 4;

/// A float dtype's conversions (TensorFlow's Uint32ToFloat / Uint64ToDouble and BoxMullerFloat /
/// BoxMullerDouble): f32 from one word per uniform, f64 from two.
pub trait RandomFloat: Copy + Send + Sync + core::ops::Mul<Output = Self> + core::ops::Add<Output = Self> {
    /// Values of one Philox call, uniform or normal (f32: 4; f64: 2).
    const PER_CALL: usize;
    fn abs_below_two(self) -> bool;
    /// The PER_CALL uniforms of one call's words (then unused entries).
    fn uniforms(w: [u32; 4]) -> [Self; 4];
    /// The PER_CALL normals of one call's words, Box–Muller pair after pair (then unused entries).
    fn normals(w: [u32; 4]) -> [Self; 4];
}

#[inline(always)]
fn uniform_f32(w: u32) -> f32 {
    f32::from_bits(0x3f80_0000 | (w & 0x7f_ffff)) - 1.0
}

#[inline(always)]
fn uniform_f64(hi: u32, lo: u32) -> f64 {
    f64::from_bits(0x3ff0_0000_0000_0000 | ((hi as u64 & 0xf_ffff) << 32) | lo as u64) - 1.0
}

/// ln u, sin v and cos v of two Box–Muller pairs in f64 lanes (`transcendental`: within 1 ulp of
/// libm; for the float32 pairs' inputs, rounded to float32, exactly libm's rounded, as its tests
/// check for every such input; for float64, as often equal to glibc's as libm's are, about 94%).
#[inline(always)]
fn ln_sin_cos(u: [f64; 2], v: [f64; 2]) -> [[f64; 2]; 3] {
    let mut out = [[0.0; 2]; 3];
    for i in (0..2).step_by(F64Lanes::LANES) {
        // SAFETY: i + LANES <= 2 (LANES is 1 or 2).
        unsafe {
            let (sin, cos) = sin_cos_angle::<F64Lanes>(F64Lanes::load(v.as_ptr().add(i)));
            F64Lanes::store(out[0].as_mut_ptr().add(i), ln::<F64Lanes>(F64Lanes::load(u.as_ptr().add(i))));
            F64Lanes::store(out[1].as_mut_ptr().add(i), sin);
            F64Lanes::store(out[2].as_mut_ptr().add(i), cos);
        }
    }
    out
}

impl RandomFloat for f32 {
    const PER_CALL: usize = 4;
    #[inline(always)]
    fn abs_below_two(self) -> bool {
        self.abs() < 2.0
    }
    #[inline(always)]
    fn uniforms(w: [u32; 4]) -> [f32; 4] {
        w.map(uniform_f32)
    }
    /// BoxMullerFloat on (w0, w1) and (w2, w3): u1 = max(uniform, 1e-7), v = float(2π·uniform)
    /// (2π a double), r = sqrt(-2 log u1), then sin(v)·r and cos(v)·r, each step in float.
    #[inline(always)]
    fn normals(w: [u32; 4]) -> [f32; 4] {
        let u = |x: u32| uniform_f32(x).max(1e-7) as f64;
        let v = |x: u32| (2.0 * core::f64::consts::PI * uniform_f32(x) as f64) as f32 as f64;
        let [ln_u, sin, cos] = ln_sin_cos([u(w[0]), u(w[2])], [v(w[1]), v(w[3])]);
        let r = |i: usize| (-2.0 * ln_u[i] as f32).sqrt();
        let (r0, r1) = (r(0), r(1));
        [sin[0] as f32 * r0, cos[0] as f32 * r0, sin[1] as f32 * r1, cos[1] as f32 * r1]
    }
}

impl RandomFloat for f64 {
    const PER_CALL: usize = 2;
    #[inline(always)]
    fn abs_below_two(self) -> bool {
        self.abs() < 2.0
    }
    #[inline(always)]
    fn uniforms(w: [u32; 4]) -> [f64; 4] {
        [uniform_f64(w[0], w[1]), uniform_f64(w[2], w[3]), 0.0, 0.0]
    }
    /// BoxMullerDouble on uniforms of (w0, w1) and (w2, w3), in double: one pair per call (the
    /// second lane repeats it).
    #[inline(always)]
    fn normals(w: [u32; 4]) -> [f64; 4] {
        let u = uniform_f64(w[0], w[1]).max(1e-7);
        let v = 2.0 * core::f64::consts::PI * uniform_f64(w[2], w[3]);
        let [ln_u, sin, cos] = ln_sin_cos([u, u], [v, v]);
        let r = (-2.0 * ln_u[0]).sqrt();
        [sin[0] * r, cos[0] * r, 0.0, 0.0]
    }
}

/// Values per part of a parallel draw (a multiple of every PER_CALL and group size).
const PART: usize = 1 << 14;
/// Draws this large are worth the worker threads.
const PARALLEL_FROM: usize = 1 << 16;

/// Fills `out` with `distribution`'s values from stream `g`, each times `scale` plus `shift`
/// (two roundings, as TensorFlow's wrappers apply them as separate ops): element i is what
/// TensorFlow's kernel writes at i.
pub fn draw<T: RandomFloat>(distribution: Distribution, g: Philox, scale: T, shift: T, out: &mut [MaybeUninit<T>]) {
    let team = team(out.len().div_ceil(PART), out.len() >= PARALLEL_FROM);
    team.for_each_part(out, PART, &|at, part| draw_part(distribution, g, scale, shift, at, part));
}

/// The values at `at..at + part.len()` of `draw`'s output (`at` a multiple of PART or 0).
fn draw_part<T: RandomFloat>(distribution: Distribution, g: Philox, scale: T, shift: T, at: usize, part: &mut [MaybeUninit<T>]) {
    // A copy in this thread's own frame (black_box makes it). Read through the task's closure,
    // the stream lives on the coordinator's stack, in a cache line that the coordinator's own
    // task keeps writing: the line bounced between the cores on every call, and two threads drew
    // uniforms at half the speed of one (normals no faster than one).
    let g = core::hint::black_box(g);
    let put = |slot: &mut MaybeUninit<T>, v: T| {
        slot.write(v * scale + shift);
    };
    match distribution {
        Distribution::Uniform | Distribution::Normal => {
            let first = (at / T::PER_CALL) as u64;
            for (call, chunk) in part.chunks_mut(T::PER_CALL).enumerate() {
                let w = g.block_at(first + call as u64);
                let values = if distribution == Distribution::Uniform { T::uniforms(w) } else { T::normals(w) };
                for (slot, &v) in chunk.iter_mut().zip(&values[..T::PER_CALL]) {
                    put(slot, v);
                }
            }
        }
        Distribution::TruncatedNormal => {
            // Groups of PER_CALL outputs, group k from the calls 64·PER_CALL·k on; a group takes
            // the values of |z| < 2 in order (TensorFlow fills the whole group and keeps what
            // fits). It takes words pair by pair, and a call's words are whole pairs.
            let group = T::PER_CALL;
            let first = (at / group) as u64;
            for (k, chunk) in part.chunks_mut(group).enumerate() {
                let start = (first + k as u64) * group as u64 * RESERVED_CALLS_PER_OUTPUT;
                let mut filled = 0;
                for call in start.. {
                    for &z in &T::normals(g.block_at(call))[..T::PER_CALL] {
                        if filled < chunk.len() && z.abs_below_two() {
                            put(&mut chunk[filled], z);
                            filled += 1;
                        }
                    }
                    if filled == chunk.len() {
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn<T: RandomFloat + Default + From<f32>>(distribution: Distribution, g: Philox, n: usize) -> Vec<T> {
        let mut out = vec![MaybeUninit::new(T::default()); n];
        draw(distribution, g, T::from(1.0), T::from(0.0), &mut out);
        out.into_iter().map(|v| unsafe { v.assume_init() }).collect()
    }

    #[test]
    fn philox_gives_the_reference_vectors() {
        // Random123's known-answer tests (kat_vectors: philox4x32 10 rounds).
        let zero = Philox::new([0, 0], [0, 0, 0, 0]);
        assert_eq!(zero.block_at(0), [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8]);
        let ones = Philox::new([u32::MAX; 2], [u32::MAX; 4]);
        assert_eq!(ones.block_at(0), [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd]);
        let pi = Philox::new([0xa409_3822, 0x299f_31d0], [0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344]);
        assert_eq!(pi.block_at(0), [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1]);
    }

    #[test]
    fn the_counter_carries_across_words_and_wraps() {
        let g = Philox::new([1, 2], [u32::MAX, u32::MAX, u32::MAX, 7]);
        assert_eq!(g.block_at(1), Philox::new([1, 2], [0, 0, 0, 8]).block_at(0));
        let top = Philox::new([1, 2], [u32::MAX; 4]);
        assert_eq!(top.block_at(2), Philox::new([1, 2], [1, 0, 0, 0]).block_at(0));
    }

    #[test]
    fn stateless_normal_gives_tensorflows_numbers() {
        // tf.random.stateless_normal([3], seed=[1105988140, 3]) (TensorFlow 2.21, CPU), from the
        // stream TensorFlow's GenerateKey makes of that seed.
        let mix = Philox::new([0x3ec8_f720, 0x0246_1e29], [1_105_988_140, 0, 3, 0]).block_at(0);
        let g = Philox::new([mix[0], mix[1]], [0, 0, mix[2], mix[3]]);
        let z: Vec<f32> = drawn(Distribution::Normal, g, 3);
        assert_eq!(z, [0.031971946358680725f64 as f32, 0.8979765176773071f64 as f32, 0.13253039121627808f64 as f32]);
    }

    #[test]
    fn uniforms_lie_in_the_unit_interval_and_use_their_low_bits() {
        assert_eq!(uniform_f32(0), 0.0);
        assert_eq!(uniform_f32(u32::MAX), 1.0 - f32::EPSILON);
        assert_eq!(uniform_f32(0xff80_0000), 0.0); // the high 9 bits are not used
        assert_eq!(uniform_f64(0, 0), 0.0);
        assert_eq!(uniform_f64(u32::MAX, u32::MAX), 1.0 - f64::EPSILON);
    }

    /// Every output position holds what a one-part draw puts there, for sizes around the parts
    /// and groups (the parallel split must not change any value).
    #[test]
    fn parts_draw_what_one_pass_draws() {
        let g = Philox::new([7, 9], [1, 2, 3, 4]);
        for distribution in [Distribution::Uniform, Distribution::Normal, Distribution::TruncatedNormal] {
            let n = 2 * PART + 3;
            let whole: Vec<f32> = drawn(distribution, g, n);
            let mut one = vec![MaybeUninit::new(0.0f32); n];
            draw_part(distribution, g, 1.0, 0.0, 0, &mut one);
            let one: Vec<f32> = one.into_iter().map(|v| unsafe { v.assume_init() }).collect();
            assert_eq!(whole, one, "{distribution:?}");
            let short: Vec<f32> = drawn(distribution, g, 7);
            assert_eq!(short[..], whole[..7], "{distribution:?}: a shorter draw is a prefix");
            let wide: Vec<f64> = drawn(distribution, g, 5);
            let wider: Vec<f64> = drawn(distribution, g, 9);
            assert_eq!(wide[..], wider[..5], "{distribution:?} f64");
        }
    }

    #[test]
    fn truncated_normals_stay_within_two_and_look_normal() {
        let g = Philox::new([11, 13], [0, 0, 5, 6]);
        let z: Vec<f64> = drawn(Distribution::TruncatedNormal, g, 100_000);
        assert!(z.iter().all(|v| v.abs() < 2.0));
        let mean = z.iter().sum::<f64>() / z.len() as f64;
        let var = z.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / z.len() as f64;
        // The standard normal truncated to (-2, 2): mean 0, variance 1 - 4φ(2)/(Φ(2) - Φ(-2)) = 0.7737.
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 0.7737).abs() < 0.01, "variance {var}");
    }

    #[test]
    fn scale_and_shift_round_twice() {
        let g = Philox::new([3, 4], [0; 4]);
        let raw: Vec<f32> = drawn(Distribution::Uniform, g, 8);
        let mut out = vec![MaybeUninit::new(0.0f32); 8];
        draw(Distribution::Uniform, g, 0.3, -0.7, &mut out);
        for (r, o) in raw.iter().zip(out) {
            assert_eq!(unsafe { o.assume_init() }, r * 0.3f32 + -0.7f32);
        }
    }
}
