//! The ports against TensorFlow 2.21: values it computed (scripts/math_special_fixtures.py,
//! whose full grid test/math-special.test.ts replays on the wasm build), and the values it
//! gives at the ends of each domain. Natively, with the platform's libm (glibc, as TensorFlow's
//! scalar kernels use), every value below is TensorFlow's bit for bit.

use crate::op::UnaryKind;

/// (function, x, TensorFlow's value) as bits, float32 (the scalar path: one element at a time).
const TF_F32: &[(&str, u32, u32)] = &[
    ("besselJ0", 0x3f000000, 0x3f703f90),
    ("besselJ0", 0x40400000, 0xbe852586),
    ("besselJ0", 0x42200000, 0x3bf1648b),
    ("besselJ1", 0xbf000000, 0xbe78153a),
    ("besselJ1", 0x40400000, 0x3ead9923),
    ("besselJ1", 0xc2200000, 0xbe011031),
    ("besselY0", 0x3f000000, 0xbee397f5),
    ("besselY0", 0x40400000, 0x3ec0f27d),
    ("besselY0", 0x42200000, 0x3e00f57a),
    ("besselY1", 0x3f000000, 0xbfbc5935),
    ("besselY1", 0x40400000, 0x3ea63bb9),
    ("besselY1", 0x42200000, 0xbbbdd628),
    ("besselK0", 0x3f000000, 0x3f6ca6bb),
    ("besselK0", 0x40400000, 0x3d0e4b03),
    ("besselK0", 0x42200000, 0x2177b6aa),
    ("besselK0e", 0x3f000000, 0x3fc31604),
    ("besselK0e", 0x40400000, 0x3f32a082),
    ("besselK0e", 0x42200000, 0x3e4a4c03),
    ("besselK1", 0x3f000000, 0x3fd40642),
    ("besselK1", 0x40400000, 0x3d247b12),
    ("besselK1", 0x42200000, 0x217aca83),
    ("besselK1e", 0x3f000000, 0x402ec8dc),
    ("besselK1e", 0x40400000, 0x3f4e7af2),
    ("besselK1e", 0x42200000, 0x3e4ccf6a),
    ("dawsn", 0xbf000000, 0xbed94fba),
    ("dawsn", 0x40a00000, 0x3dd12bab),
    ("dawsn", 0x41a00000, 0x3ccd0e96),
    ("expint", 0x3f000000, 0x3ee88f80),
    ("expint", 0x40400000, 0x411ef0fb),
    ("expint", 0x42c80000, 0x7f800000),
    ("fresnelCos", 0xbf333333, 0xbf28defa),
    ("fresnelCos", 0x40400000, 0x3f1b1084),
    ("fresnelCos", 0x447a0000, 0x3f000101),
    ("fresnelSin", 0x3f333333, 0x3e30448a),
    ("fresnelSin", 0xc0400000, 0xbefe1cbd),
    ("fresnelSin", 0x447a0000, 0x3effd654),
    ("spence", 0x3e800000, 0x3f7a7cf8),
    ("spence", 0x3f99999a, 0xbe436120),
    ("spence", 0x40400000, 0xbfb7e74e),
];
const TF_F64: &[(&str, u64, u64)] = &[
    ("besselJ0", 0x3fe0000000000000, 0x3fee07f1d54c3f35),
    ("besselJ0", 0x4008000000000000, 0xbfd0a4b0f4642393),
    ("besselJ0", 0x4044000000000000, 0x3f7e2cbea21ec0bf),
    ("besselJ1", 0xbfe0000000000000, 0xbfcf02a71f4870d6),
    ("besselJ1", 0x4008000000000000, 0x3fd5b324589238d1),
    ("besselJ1", 0xc044000000000000, 0xbfc022060b01d3bf),
    ("besselY0", 0x3fe0000000000000, 0xbfdc72feb3b7b8a3),
    ("besselY0", 0x4008000000000000, 0x3fd81e4f8120242e),
    ("besselY0", 0x4044000000000000, 0x3fc01eaf3c5200bb),
    ("besselY1", 0x3fe0000000000000, 0xbff78b26a2b7c4e0),
    ("besselY1", 0x4008000000000000, 0x3fd4c7773d150464),
    ("besselY1", 0x4044000000000000, 0xbf77baee60861b2b),
    ("besselK0", 0x3fe0000000000000, 0x3fed94d74dd716b4),
    ("besselK0", 0x4008000000000000, 0x3fa1c960566fc75e),
    ("besselK0", 0x4044000000000000, 0x3c2ef6d54bffaacd),
    ("besselK0e", 0x3fe0000000000000, 0x3ff862c085f6cf3a),
    ("besselK0e", 0x4008000000000000, 0x3fe65410218018e9),
    ("besselK0e", 0x4044000000000000, 0x3fc949805c4451c4),
    ("besselK1", 0x3fe0000000000000, 0x3ffa80c867629ee3),
    ("besselK1", 0x4008000000000000, 0x3fa48f623cd6df0c),
    ("besselK1", 0x4044000000000000, 0x3c2f5950714cf9ce),
    ("besselK1e", 0x3fe0000000000000, 0x4005d91b9e2ea000),
    ("besselK1e", 0x4008000000000000, 0x3fe9cf5e3729a280),
    ("besselK1e", 0x4044000000000000, 0x3fc999ed361dac5e),
    ("dawsn", 0xbfe0000000000000, 0xbfdb29f73897eab2),
    ("dawsn", 0x4014000000000000, 0x3fba25756d75a1bb),
    ("dawsn", 0x4034000000000000, 0x3f99a1d2aa78e158),
    ("expint", 0x3fe0000000000000, 0x3fdd11f05d25178a),
    ("expint", 0x4008000000000000, 0x4023de1f4d7d8d32),
    ("expint", 0x4059000000000000, 0x4888f03bdbc00ab0),
    ("fresnelCos", 0xbfe6666666666666, 0xbfe51bdf3fc51970),
    ("fresnelCos", 0x4008000000000000, 0x3fe3621090914ec8),
    ("fresnelCos", 0x408f400000000000, 0x3fdfffffffe423a8),
    ("fresnelSin", 0x3fe6666666666666, 0x3fc60891447c8890),
    ("fresnelSin", 0xc008000000000000, 0xbfdfc39798c9406d),
    ("fresnelSin", 0x408f400000000000, 0x3fdffac8e95cb9eb),
    ("spence", 0x3fd0000000000000, 0x3fef4f9f0b58b972),
    ("spence", 0x3ff3333333333333, 0xbfc86c238fe9d4e3),
    ("spence", 0x4008000000000000, 0xbff6fce9c226987b),
];

fn kind(name: &str) -> UnaryKind {
    *UnaryKind::ALL.iter().find(|k| k.spec_row().0 == name).expect("a unary kind")
}

#[test]
fn values_are_tensorflows_bits() {
    for &(name, x, expected) in TF_F32 {
        let got = kind(name).scalar_f32(f32::from_bits(x));
        assert_eq!(got.to_bits(), expected, "{name}({}) float32: {got}, TensorFlow {}", f32::from_bits(x), f32::from_bits(expected));
    }
    for &(name, x, expected) in TF_F64 {
        let got = kind(name).scalar(f64::from_bits(x));
        assert_eq!(got.to_bits(), expected, "{name}({}) float64: {got}, TensorFlow {}", f64::from_bits(x), f64::from_bits(expected));
    }
}

#[test]
fn ends_of_the_domains_are_tensorflows() {
    use super::bessel::*;
    use super::integrals::*;
    let inf = f64::INFINITY;
    // K is +inf and Y is -inf at 0 and below; Eigen's float Y₁ is NaN at 0 (0 · ln 0).
    for x in [0.0, -1.0, -inf] {
        assert_eq!((bessel_k0_f64(x), bessel_k0e_f64(x), bessel_k1_f64(x), bessel_k1e_f64(x)), (inf, inf, inf, inf));
        assert_eq!((bessel_y0_f64(x), bessel_y1_f64(x)), (-inf, -inf));
        assert_eq!(bessel_k1e_f32(x as f32), f32::INFINITY);
        assert_eq!(bessel_y0_f32(x as f32), f32::NEG_INFINITY);
    }
    assert!(bessel_y1_f32(0.0).is_nan());
    assert_eq!(bessel_y1_f32(-1.0), f32::NEG_INFINITY);
    // Even and odd functions.
    for x in [0.3, 1.9, 2.1, 4.9, 5.1, 30.0] {
        assert_eq!(bessel_j0_f64(-x), bessel_j0_f64(x));
        assert_eq!(bessel_j1_f64(-x), -bessel_j1_f64(x));
        assert_eq!(bessel_j1_f32(-x as f32), -bessel_j1_f32(x as f32));
        assert_eq!(dawsn(-x), -dawsn(x));
        assert_eq!(fresnel_cos(-x), -fresnel_cos(x));
        assert_eq!(fresnel_sin(-x as f32), -fresnel_sin(x as f32));
    }
    // TensorFlow's dawsn divides by the signed x past 1e9 and negates again: positive there.
    assert_eq!(dawsn(-1e10), 0.5e-10);
    assert_eq!((fresnel_cos(1e5), fresnel_sin(-1e5f32)), (0.5, -0.5));
    // Ei(inf) is NaN in TensorFlow: e^x · (1/x) · f = inf · 0.
    assert!(expint(-1.0f64).is_nan() && expint(0.0) == -inf && expint(inf).is_nan());
    assert!(spence(-1.0f64).is_nan() && spence(1.0) == 0.0);
    assert_eq!(spence(0.0), core::f64::consts::PI * core::f64::consts::PI / 6.0);
    assert_eq!(spence(0.0f32), 1.644_934_1f32);
    // J and Y of ±inf are NaN in TensorFlow (cos(inf)); NaN stays NaN everywhere.
    assert!(bessel_j0_f64(inf).is_nan() && bessel_y1_f32(f32::INFINITY).is_nan());
    for f in [bessel_j0_f64, bessel_j1_f64, bessel_y0_f64, bessel_y1_f64, bessel_k0_f64, bessel_k0e_f64, bessel_k1_f64, bessel_k1e_f64, dawsn, expint, fresnel_cos, fresnel_sin, spence] {
        assert!(f(f64::NAN).is_nan());
    }
}
