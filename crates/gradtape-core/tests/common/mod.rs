//! Helpers shared by the integration tests: a tiny deterministic PRNG, tensor constructors and
//! float comparisons. No dependencies.
#![allow(dead_code)]

use gradtape_core::{Buffer, DType, Engine, Tensor};

/// SplitMix64: deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// A seed derived from a string (FNV-1a), so every case gets its own stream.
    pub fn from_name(name: &str) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
        Rng::new(h)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// |v| in [lo, hi) with a random sign.
    pub fn signed(&mut self, lo: f64, hi: f64) -> f64 {
        let v = self.uniform(lo, hi);
        if self.next_u64() & 1 == 0 {
            v
        } else {
            -v
        }
    }
}

pub fn size(shape: &[usize]) -> usize {
    shape.iter().product()
}

pub fn f64t(shape: &[usize], data: &[f64]) -> Tensor {
    assert_eq!(size(shape), data.len(), "test bug: data does not match shape");
    Tensor::new(shape.to_vec(), Buffer::F64(data.to_vec()))
}

pub fn f32t(shape: &[usize], data: &[f32]) -> Tensor {
    assert_eq!(size(shape), data.len(), "test bug: data does not match shape");
    Tensor::new(shape.to_vec(), Buffer::F32(data.to_vec()))
}

pub fn i32t(shape: &[usize], data: &[i32]) -> Tensor {
    assert_eq!(size(shape), data.len(), "test bug: data does not match shape");
    Tensor::new(shape.to_vec(), Buffer::I32(data.to_vec()))
}

pub fn scalar(v: f64) -> Tensor {
    Tensor::new(vec![], Buffer::F64(vec![v]))
}

/// Sums every element to a scalar (through the op, so the tape sees it).
pub fn sum_all(e: &mut Engine, t: &Tensor) -> Tensor {
    let axes: Vec<usize> = (0..t.rank()).collect();
    e.sum(t, &axes, false).expect("sum_all")
}

pub fn close(a: f64, b: f64, rtol: f64, atol: f64) -> bool {
    (a - b).abs() <= atol + rtol * b.abs()
}

#[track_caller]
pub fn assert_close(actual: &[f64], expected: &[f64], rtol: f64, atol: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length {} vs expected {}", actual.len(), expected.len());
    for (i, (&a, &b)) in actual.iter().zip(expected).enumerate() {
        assert!(close(a, b, rtol, atol), "{what}: element {i}: got {a}, expected {b}\n  got      {actual:?}\n  expected {expected:?}");
    }
}

#[track_caller]
pub fn assert_tensor(t: &Tensor, shape: &[usize], dtype: DType, expected: &[f64], what: &str) {
    assert_eq!(t.shape, shape, "{what}: shape");
    assert_eq!(t.dtype(), dtype, "{what}: dtype");
    assert_close(&t.to_f64_vec(), expected, 1e-12, 1e-12, what);
}

/// The only gradient of a one-source call, which must be Some.
#[track_caller]
pub fn some(grads: Vec<Option<Tensor>>) -> Tensor {
    assert_eq!(grads.len(), 1);
    grads.into_iter().next().unwrap().expect("expected a gradient, got None")
}
