// tf.linalg against NumPy float64 (np.linalg, LAPACK): values to ~1e-12 relative on
// well-conditioned inputs, float32 results, TensorFlow's errors, the gradients of the wrappers
// and composites (slicing packed decompositions, det, lstsq, pinv, norm...) against central
// differences, and second derivatives of log-determinants through nested tapes. The primitives'
// gradient rules are also checked in crates/gradtape-core/tests/gradcheck.rs.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { expectClose, expectGradcheck, nestedSecondDerivative } from './helpers/gradcheck';

// ---- NumPy references ------------------------------------------------------------------------
// Produced with python3 + NumPy 2.4 (float64, LAPACK) by:
//   A = [[4, -2, 1, 0.5], [1, 5, -1, 2], [0.5, -1, 6, -2], [2, 1, -0.5, -7]]
//   M = [[1, 0.5, -1, 2], [0, 1.5, 0.5, -1], [2, -0.5, 1, 0], [0.5, 1, -1.5, 1]]; S = M @ M.T + 4 I
//   B = [[1, -2], [0.5, 3], [-1, 1], [2, 0]]
//   W = [[1, 2, -1], [0.5, -1, 3], [2, 0, 1], [-1, 1.5, 0.5], [3, -2, 2]]
//   b5 = [[1, 0], [-1, 2], [0.5, 1], [2, -1], [0, 3]]
//   Ab = [[[3, 1, -1], [0.5, 4, 2], [1, -2, 5]], [[-2, 1, 0], [1, 3, 1], [0.5, 0, 6]]]
//   INV_A = inv(A); SOLVE_A_B = solve(A, B); SOLVE_AT_B = solve(A.T, B); DET_A = det(A)
//   SLOGDET_A = slogdet(A); CHOL_S = cholesky(S); TRSOLVE_L_B = solve(tril(L), B)
//   TRSOLVE_LT_B = solve(tril(L).T, B); TRSOLVE_UPPER_A_B = solve(triu(A), B)
//   QR_W_* = qr(W) (reduced); QR_WT_* = qr(W.T); QR_W_FULL_Q = qr(W, 'complete')[0]
//   SVD_W_S, SVD_W_U, SVD_W_V = svd(W, full_matrices=False) (s, u, vh.T)
//   EIGH_S_E, EIGH_S_V = eigh(S)
//   LSTSQ_W_B = lstsq(W, b5)[0]; LSTSQ_W_B_L2 = solve(W.T W + 0.5 I, W.T b5)
//   LSTSQ_WT_MINNORM = lstsq(W.T, B[:3])[0]; PINV_W = pinv(W)
//   NORM_A_FRO/1/INF/2 = norm(A, 'fro'/1/inf/2); NORM_A_VEC_ROWS = norm(A, axis=1)
//   NORM_A_P3_COLS = norm(A, 3, axis=0); NORM_A_1_ALL = abs(A).sum(); NORM_A_INF_ALL = abs(A).max()
//   NORM_AB_2 = norm(Ab, 2, axis=(1, 2)); NORM_AB_1_SWAPPED = norm(Ab, 1, axis=(2, 1))
//   MATVEC_A_B0 = A @ B[:, 0]; MATVEC_AT_B0 = A.T @ B[:, 0]
//   BAND_A_1_0 = tril(triu(A, -1), 0); BAND_W_NEG_1 = triu(W, -1); TRACE_A = trace(A)
//   DIAGPART_W = diag(W); LOGDET_S = slogdet(S)[1]; INV_AB = inv(Ab); DET_AB = det(Ab)
const A = [[4, -2, 1, 0.5], [1, 5, -1, 2], [0.5, -1, 6, -2], [2, 1, -0.5, -7]];
const B = [[1, -2], [0.5, 3], [-1, 1], [2, 0]];
const W = [[1, 2, -1], [0.5, -1, 3], [2, 0, 1], [-1, 1.5, 0.5], [3, -2, 2]];
const b5 = [[1, 0], [-1, 2], [0.5, 1], [2, -1], [0, 3]];
const Ab = [[[3, 1, -1], [0.5, 4, 2], [1, -2, 5]], [[-2, 1, 0], [1, 3, 1], [0.5, 0, 6]]];
const S = [[10.25, -1.75, 0.75, 4.5], [-1.75, 7.5, -0.25, -0.25], [0.75, -0.25, 9.25, -1.0], [4.5, -0.25, -1.0, 8.5]];
const INV_A = [0.21334644217770676, 0.072999877104584, -0.01990905739215927, 0.041784441440334275, -0.06587194297652697, 0.17561754946540495, 0.043013395600344104, 0.03318176232026546, -0.011306378272090453, 0.03760599729630085, 0.1715620007373725, -0.03908074228831264, 0.05235344721641882, 0.043259186432346074, -0.011797959936094381, -0.12338699766498709];
const SOLVE_A_B = [0.35332432100282657, -0.2276023104338208, 0.045286960796362304, 0.7016099299496129, -0.2422268649379378, 0.30699274917045594, -0.16099299496128797, 0.013272704928106189];
const SOLVE_AT_B = [0.2964237433943714, -0.635615091557085, 0.20972102740567777, 0.41845889148334764, -0.19356028020154847, 0.34042030232272336, -0.14931793044119454, -0.02310433820818484];
const DET_A = [-1017.1250000000007];
const SLOGDET_A = [-1.0, 6.924735299016822];
const CHOL_S = [3.2015621187164243, 0.0, 0.0, 0.0, -0.5466081666101212, 2.683508806058799, 0.0, 0.0, 0.2342606428329091, -0.04544468765552581, 3.0320053976837515, 0.0, 1.4055638569974547, 0.19313992253598472, -0.4355174005423054, 2.50946444646066];
const TRSOLVE_L_B = [0.31234752377721214, -0.6246950475544243, 0.24994578210539198, 0.9906941908904628, -0.350201231343412, 0.3929291327752637, 0.5420209769216159, 0.34183933425152996];
const TRSOLVE_LT_B = [-0.00039575749768838936, -0.4570065477596713, 0.12531537913338864, 1.123524662918334, -0.2153360687769393, 0.329814716281156, 0.7969827995853033, 0.0];
const TRSOLVE_UPPER_A_B = [0.4321428571428571, -0.22499999999999998, 0.1619047619047619, 0.6333333333333333, -0.26190476190476186, 0.16666666666666666, -0.2857142857142857, -0.0];
const QR_W_Q = [-0.25607375986579184, 0.8027644984226351, 0.05289204736787709, -0.12803687993289598, -0.2694209617993774, -0.7987184400690419, -0.5121475197315839, 0.26392257482388004, -0.14120720902800196, 0.25607375986579195, 0.37114112084608136, -0.5822977691876369, -0.7682212795973759, -0.27491934877487495, 0.015527940511670318];
const QR_W_R = [-3.9051248379533274, 1.536442559194752, -2.0485900789263356, 0.0, 2.9815003374635194, -1.7113729461235967, 0.0, 0.0, -2.850347580173483];
const QR_WT_Q = [-0.40824829046386313, 0.4767312946227962, -0.7784989441615231, -0.8164965809277261, 0.19069251784911861, 0.544949260913066, 0.4082482904638631, 0.8581163303210331, 0.31139957766460913];
const QR_WT_R = [-2.449489742783178, 1.8371173070873839, -0.40824829046386313, -0.6123724356957946, 1.2247448713915892, 0.0, 2.6220221204253784, 1.8115789195666252, 0.2383656473113982, 2.765041508812218, 0.0, 0.0, -1.2455983106584372, 1.7516226243634268, -2.802596198981484];
const QR_W_FULL_Q = [-0.25607375986579184, 0.8027644984226351, 0.05289204736787709, 0.30001637472590476, -0.44405854997062216, -0.12803687993289598, -0.2694209617993774, -0.7987184400690419, -0.020428207611165233, -0.5221594053041837, -0.5121475197315839, 0.26392257482388004, -0.14120720902800196, -0.7698318049636733, 0.23551923215740833, 0.25607375986579195, 0.37114112084608136, -0.5822977691876369, 0.2553359227300498, 0.6264290642107905, -0.7682212795973759, -0.27491934877487495, 0.015527940511670318, 0.5017324205790248, 0.28684295083956257];
const SVD_W_S = [5.3857115945289085, 2.827456048471553, 2.179358372209245];
const SVD_W_U = [0.19359232693562892, -0.7249559557504003, -0.3869923155154198, -0.5026867365780467, 0.4537001211259181, -0.5180680348612688, -0.3370279386769505, -0.42038267884819647, -0.24815369275095914, 0.18788105003656144, 0.14436970252136377, -0.6973150608631935, -0.7489599024036514, -0.2665161432834007, 0.18442860313525114];
const SVD_W_V = [-0.5879571567054536, -0.8073651176609494, 0.04967845270496873, 0.4956843164463883, -0.4081496484805513, -0.7666230644027606, -0.6392209636017232, 0.42611668733989233, -0.6401727333013808];
const EIGH_S_E = [4.236853816330134, 7.294231350005958, 9.669957514053577, 14.298957319610325];
const EIGH_S_V = [0.6273000601441222, 0.029111992500737677, -0.13433066570366128, -0.7665522804658719, 0.2660891118569293, 0.9195109739611277, 0.1882410559836331, 0.21968490653300732, -0.2198354186456467, 0.2574917115647231, -0.9409266830695396, -0.005232998386804275, -0.6981143228750316, 0.29555046799686396, 0.24734096745491146, -0.6034142514740921];
const LSTSQ_W_B = [0.183861082737487, 0.542049710589036, 0.730081716036772, -0.26983316309158994, 0.13457609805924442, 0.38934286687095676];
const LSTSQ_W_B_L2 = [0.17005510165304955, 0.5274558236747101, 0.6728339350180504, -0.26895306859205764, 0.1073294698840965, 0.384856545696371];
const LSTSQ_WT_MINNORM = [0.3249063670411984, 0.4031324480762683, -0.3314606741573033, 0.6646237657473612, 0.1601123595505617, 0.09805924412666003, -0.16104868913857665, 1.0847803881511744, 0.11985018726591745, -0.6155941436840309];
const PINV_W = [0.177051413006469, -0.08648280558392903, 0.1511746680286006, -0.07763023493360573, 0.16207013959822958, 0.25859720803541025, 0.0704800817160368, 0.11695607763023493, 0.24174327545114066, -0.09533537623425263, -0.01855635001702413, 0.2802179094313926, 0.0495403472931563, 0.20429009193054135, -0.005447735784814417];
const NORM_A_FRO = [12.155245781143218];
const NORM_A_1 = [11.5];
const NORM_A_INF = [10.5];
const NORM_A_2 = [8.210007529117966];
const NORM_A_VEC_ROWS = [4.6097722286464435, 5.5677643628300215, 6.422616289332565, 7.365459931328117];
const NORM_A_P3_COLS = [4.181723303684597, 5.12992784003009, 6.01961175260911, 7.108018448653699];
const NORM_A_1_ALL = [36.5];
const NORM_A_INF_ALL = [7.0];
const NORM_AB_2 = [5.577891298023157, 6.151549321831987];
const NORM_AB_1_SWAPPED = [8.0, 6.5];
const MATVEC_A_B0 = [3.0, 8.5, -10.0, -11.0];
const MATVEC_AT_B0 = [8.0, 3.5, -6.5, -10.5];
const BAND_A_1_0 = [4.0, 0.0, 0.0, 0.0, 1.0, 5.0, 0.0, 0.0, 0.0, -1.0, 6.0, 0.0, 0.0, 0.0, -0.5, -7.0];
const BAND_W_NEG_1 = [1.0, 2.0, -1.0, 0.5, -1.0, 3.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0];
const TRACE_A = [8.0];
const DIAGPART_W = [1.0, -1.0, 1.0];
const LOGDET_S = [8.36011531485918];
const INV_AB = [0.3137254901960784, -0.0392156862745098, 0.0784313725490196, -0.006535947712418309, 0.20915032679738563, -0.0849673202614379, -0.065359477124183, 0.09150326797385622, 0.1503267973856209, -0.43373493975903615, 0.14457831325301204, -0.024096385542168672, 0.1325301204819277, 0.2891566265060241, -0.048192771084337345, 0.03614457831325301, -0.012048192771084336, 0.1686746987951807];
const DET_AB = [76.49999999999999, -41.50000000000001];
//   C = [[1, 0, -1, 2], [0.5, 1, 0, 0], [0, -2, 1, 1], [1, 1, 1, -1]]
//   LOGDET_HESSIAN_C = -(inv(A).T @ C.T @ inv(A).T): the gradient of sum(C * d ln|det A|/dA)
const C = [[1, 0, -1, 2], [0.5, 1, 0, 0], [0, -2, 1, 1], [1, 1, 1, -1]];
const LOGDET_HESSIAN_C = [-0.07330825594247364, 0.0043166995991241255, -0.024179329498498946, -0.0066279248319861695, -0.05702903103270104, -0.025653409946046694, 0.04928192270354088, 0.011230257724389217, 0.03631152509344816, -0.02999513568555592, -0.008256572280560587, 0.036174357074753194, 0.02023773504276925, -0.015867207342056395, 0.04157390167149395, 0.023299110149287042];

// ---- helpers -----------------------------------------------------------------------------------

type Nested = number[] | number[][] | number[][][];
const f64 = (x: Nested): tf.Tensor => tf.constant(x, 'float64');
const f32 = (x: Nested): tf.Tensor => tf.constant(x, 'float32');
const flat = (x: Nested): number[] => (x as unknown[]).flat(2) as number[];
const data = (t: tf.Tensor): number[] => Array.from(t.dataSync());

/** float64 values within `rtol` of NumPy's, relative to the largest reference entry. */
function expectNumpy(t: tf.Tensor, expected: readonly number[], shape: readonly number[], rtol = 1e-12): void {
  expect(t.shape).toEqual(shape);
  expect(t.dtype).toBe('float64');
  const scale = Math.max(...expected.map(Math.abs));
  expectClose(t, expected, rtol, rtol * scale);
}

/** Row-major (m×k) · (k×n) in JavaScript, for reconstructions independent of the library. */
function jsMatmul(a: readonly number[], b: readonly number[], m: number, k: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let l = 0; l < k; l++) for (let j = 0; j < n; j++) out[i * n + j]! += a[i * k + l]! * b[l * n + j]!;
  return out;
}

/** Columns of a row-major r×c matrix scaled by `d` (U diag(d)). */
const scaleColumns = (u: readonly number[], d: readonly number[], c: number): number[] => u.map((v, i) => v * d[i % c]!);
const transposed = (a: readonly number[], r: number, c: number): number[] => Array.from({ length: r * c }, (_, i) => a[(i % r) * c + Math.floor(i / r)]!);

/** Singular vectors and eigenvectors are defined up to sign: column j of `got` must be ±column j
 * of `want`, the sign read off the column's largest entry. */
function expectSameUpToColumnSigns(got: tf.Tensor, want: readonly number[], cols: number, rtol = 1e-12): void {
  const g = data(got);
  const rowCount = want.length / cols;
  const signs = Array.from({ length: cols }, (_, j) => {
    let largest = 0;
    for (let i = 1; i < rowCount; i++) if (Math.abs(want[i * cols + j]!) > Math.abs(want[largest * cols + j]!)) largest = i;
    return Math.sign(g[largest * cols + j]!) * Math.sign(want[largest * cols + j]!);
  });
  expectClose(got, want.map((v, i) => v * signs[i % cols]!), rtol, rtol);
}

/** Plain arrays equal to within `tol` (for reconstructions computed in JavaScript). */
function expectValuesClose(got: readonly number[], want: readonly number[], tol: number): void {
  expect(got.length).toBe(want.length);
  const bad = got.map((v, i) => [i, v, want[i]!] as const).filter(([, v, w]) => !(Math.abs(v - w) <= tol * (1 + Math.abs(w))));
  expect(bad).toEqual([]);
}

const identityValues = (n: number): number[] => Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));

// ---- forward values -----------------------------------------------------------------------------

describe('tf.linalg against NumPy float64', () => {
  it('inv, solve (and adjoint), det, slogdet, batched', () => {
    expectNumpy(tf.linalg.inv(f64(A)), INV_A, [4, 4]);
    expectNumpy(tf.linalg.inv(f64(A), true), transposed(INV_A, 4, 4), [4, 4]);
    expectNumpy(tf.linalg.solve(f64(A), f64(B)), SOLVE_A_B, [4, 2]);
    expectNumpy(tf.linalg.solve(f64(A), f64(B), true), SOLVE_AT_B, [4, 2]);
    expectNumpy(tf.linalg.det(f64(A)), DET_A, []);
    const [sign, logAbs] = tf.linalg.slogdet(f64(A));
    expect(sign.shape).toEqual([]);
    expectNumpy(sign, [SLOGDET_A[0]!], []);
    expectNumpy(logAbs, [SLOGDET_A[1]!], []);
    expectNumpy(tf.linalg.inv(f64(Ab)), INV_AB, [2, 3, 3]);
    expectNumpy(tf.linalg.det(f64(Ab)), DET_AB, [2]);
  });

  it('cholesky, logdet and triangularSolve (lower, upper, adjoint; batch dims broadcast)', () => {
    const l = tf.linalg.cholesky(f64(S));
    expectNumpy(l, CHOL_S, [4, 4]);
    expectNumpy(tf.linalg.logdet(f64(S)), LOGDET_S, []);
    expectNumpy(tf.linalg.triangularSolve(l, f64(B)), TRSOLVE_L_B, [4, 2]);
    expectNumpy(tf.linalg.triangularSolve(l, f64(B), true, true), TRSOLVE_LT_B, [4, 2]);
    // Only the named triangle of A is read.
    expectNumpy(tf.linalg.triangularSolve(f64(A), f64(B), false), TRSOLVE_UPPER_A_B, [4, 2]);
    const batched = tf.linalg.triangularSolve(l, f64([B, B]));
    expectNumpy(batched, [...TRSOLVE_L_B, ...TRSOLVE_L_B], [2, 4, 2]);
  });

  it('qr: reduced (deep and wide) and full, with LAPACK signs', () => {
    const [q, r] = tf.linalg.qr(f64(W));
    expectNumpy(q, QR_W_Q, [5, 3]);
    expectNumpy(r, QR_W_R, [3, 3]);
    const [qw, rw] = tf.linalg.qr(f64(W).transpose());
    expectNumpy(qw, QR_WT_Q, [3, 3]);
    expectNumpy(rw, QR_WT_R, [3, 5]);
    const [qf, rf] = tf.linalg.qr(f64(W), true);
    expectNumpy(qf, QR_W_FULL_Q, [5, 5]);
    expectNumpy(rf, [...QR_W_R, 0, 0, 0, 0, 0, 0], [5, 3]);
  });

  it('svd: values as NumPy, vectors up to sign, U diag(s) Vᵀ = A; computeUv=false; full bases', () => {
    const [s, u, v] = tf.linalg.svd(f64(W));
    expectNumpy(s, SVD_W_S, [3]);
    expect(u.shape).toEqual([5, 3]);
    expect(v.shape).toEqual([3, 3]);
    expectSameUpToColumnSigns(u, SVD_W_U, 3);
    expectSameUpToColumnSigns(v, SVD_W_V, 3);
    expectValuesClose(jsMatmul(scaleColumns(data(u), data(s), 3), transposed(data(v), 3, 3), 5, 3, 3), flat(W), 1e-13);
    expectNumpy(tf.linalg.svd(f64(W), false, false), SVD_W_S, [3]);
    const [sf, uf, vf] = tf.linalg.svd(f64(W), true);
    expectNumpy(sf, SVD_W_S, [3]);
    expect([uf.shape, vf.shape]).toEqual([[5, 5], [3, 3]]);
    const uu = data(uf);
    expectValuesClose(jsMatmul(transposed(uu, 5, 5), uu, 5, 5, 5), identityValues(5), 1e-14);
    // Wide input: the same values; U and V swap roles.
    const [sw, uw, vw] = tf.linalg.svd(f64(W).transpose());
    expectNumpy(sw, SVD_W_S, [3]);
    expectSameUpToColumnSigns(uw, SVD_W_V, 3);
    expectSameUpToColumnSigns(vw, SVD_W_U, 3);
  });

  it('eigh: values ascending as NumPy, vectors up to sign, S V = V diag(e); eigvalsh', () => {
    const [e, v] = tf.linalg.eigh(f64(S));
    expectNumpy(e, EIGH_S_E, [4]);
    expect(v.shape).toEqual([4, 4]);
    expectSameUpToColumnSigns(v, EIGH_S_V, 4);
    expectValuesClose(jsMatmul(flat(S), data(v), 4, 4, 4), scaleColumns(data(v), data(e), 4), 1e-13);
    expectNumpy(tf.linalg.eigvalsh(f64([S, S])), [...EIGH_S_E, ...EIGH_S_E], [2, 4]);
  });

  it('lstsq: normal equations (deep), l2, minimum norm (wide), fast=false; pinv', () => {
    expectNumpy(tf.linalg.lstsq(f64(W), f64(b5)), LSTSQ_W_B, [3, 2]);
    expectNumpy(tf.linalg.lstsq(f64(W), f64(b5), 0.5), LSTSQ_W_B_L2, [3, 2]);
    expectNumpy(tf.linalg.lstsq(f64(W).transpose(), f64(B.slice(0, 3))), LSTSQ_WT_MINNORM, [5, 2]);
    expectNumpy(tf.linalg.lstsq(f64(W), f64(b5), 0, false), LSTSQ_W_B, [3, 2]);
    expectNumpy(tf.linalg.pinv(f64(W)), PINV_W, [3, 5]);
  });

  it('norm and tf.norm: vector and matrix norms, axes, keepdims', () => {
    const a = f64(A);
    expectNumpy(tf.norm(a), NORM_A_FRO, []);
    expectNumpy(tf.linalg.norm(a, 'fro', [0, 1]), NORM_A_FRO, []);
    expectNumpy(tf.norm(a, 'euclidean', [-2, -1], true), NORM_A_FRO, [1, 1]);
    expectNumpy(tf.norm(a, 1, [0, 1]), NORM_A_1, []);
    expectNumpy(tf.norm(a, Infinity, [0, 1]), NORM_A_INF, []);
    expectNumpy(tf.norm(a, 2, [0, 1]), NORM_A_2, []);
    expectNumpy(tf.norm(a, 2, 1), NORM_A_VEC_ROWS, [4]);
    expectNumpy(tf.norm(a, 'euclidean', -1, true), NORM_A_VEC_ROWS, [4, 1]);
    expectNumpy(tf.norm(a, 3, 0), NORM_A_P3_COLS, [4]);
    expectNumpy(tf.norm(a, 1), NORM_A_1_ALL, []);
    expectNumpy(tf.norm(a, Infinity, null, true), NORM_A_INF_ALL, [1, 1]);
    expectNumpy(tf.norm(f64(Ab), 2, [1, 2]), NORM_AB_2, [2]);
    expectNumpy(tf.norm(f64(Ab), 1, [2, 1]), NORM_AB_1_SWAPPED, [2]);
    // The matrix axes need not be the last two.
    expectNumpy(tf.norm(f64(Ab).transpose([1, 0, 2]), 2, [0, 2], true), NORM_AB_2, [1, 2, 1]);
  });

  it('matmul, matvec, diag, diagPart, bandPart, trace', () => {
    const a = f64(A);
    const b0 = f64(B.map((row) => row[0]!));
    expectNumpy(tf.linalg.matvec(a, b0), MATVEC_A_B0, [4]);
    expectNumpy(tf.linalg.matvec(a, b0, true), MATVEC_AT_B0, [4]);
    expectNumpy(tf.linalg.matvec(f64([A, A]), b0, false, true), [...MATVEC_AT_B0, ...MATVEC_AT_B0], [2, 4]);
    expectNumpy(tf.linalg.matmul(a, f64(B)), jsMatmul(flat(A), flat(B), 4, 4, 2), [4, 2]);
    expectNumpy(tf.linalg.diag(f64([[1, 2], [3, 4]])), [1, 0, 0, 2, 3, 0, 0, 4], [2, 2, 2]);
    expectNumpy(tf.linalg.diagPart(f64(W)), DIAGPART_W, [3]);
    expectNumpy(tf.linalg.diagPart(f64(W).transpose()), DIAGPART_W, [3]);
    expectNumpy(tf.linalg.bandPart(a, 1, 0), BAND_A_1_0, [4, 4]);
    expectNumpy(tf.linalg.bandPart(f64(W), 1, -1), BAND_W_NEG_1, [5, 3]);
    expectNumpy(tf.linalg.trace(a), TRACE_A, []);
    const ints = tf.linalg.bandPart(tf.constant([[1, 2], [3, 4]], 'int32'), 0, 0);
    expect([ints.dtype, data(ints)]).toEqual(['int32', [1, 0, 0, 4]]);
    const bools = tf.linalg.diagPart(tf.constant([[true, true], [false, false]]));
    expect([bools.dtype, data(bools)]).toEqual(['bool', [1, 0]]);
  });
});

describe('float32', () => {
  it('runs in float64 inside and rounds once: float32 results near the float64 ones', () => {
    const near = (t: tf.Tensor, want: readonly number[], rtol = 2e-6) => {
      expect(t.dtype).toBe('float32');
      expectClose(t, want, rtol, rtol * Math.max(...want.map(Math.abs)));
    };
    near(tf.linalg.inv(f32(A)), INV_A);
    near(tf.linalg.solve(f32(A), f32(B)), SOLVE_A_B);
    near(tf.linalg.cholesky(f32(S)), CHOL_S);
    near(tf.linalg.det(f32(A)), DET_A, 1e-5);
    near(tf.linalg.svd(f32(W), false, false), SVD_W_S);
    near(tf.linalg.eigh(f32(S))[0], EIGH_S_E);
    near(tf.linalg.qr(f32(W))[1], QR_W_R);
    near(tf.linalg.lstsq(f32(W), f32(b5)), LSTSQ_W_B, 1e-5);
    near(tf.linalg.pinv(f32(W)), PINV_W, 1e-5);
    near(tf.norm(f32(A), 2, [0, 1]), NORM_A_2);
  });
});

// ---- errors -------------------------------------------------------------------------------------

describe('errors, as TensorFlow raises them', () => {
  it('non-square, rank < 2, mismatched right-hand sides, int32', () => {
    expect(() => tf.linalg.inv(f64(W))).toThrow(/^inv: the input must be square/);
    expect(() => tf.linalg.cholesky(f64(W))).toThrow(/^cholesky: the input must be square/);
    expect(() => tf.linalg.det(f64(W))).toThrow(/must be square/);
    expect(() => tf.linalg.eigh(f64([1, 2, 3]))).toThrow(/^eigh: the input must have rank >= 2/);
    expect(() => tf.linalg.solve(f64(A), f64(b5))).toThrow(/^solve: .*rhs needs 4 rows/);
    expect(() => tf.linalg.inv(tf.constant([[1, 2], [3, 4]], 'int32'))).toThrow(/^inv: int32 tensors are not supported/);
    expect(() => tf.linalg.pinv(tf.constant([[1, 2], [3, 4]], 'int32'))).toThrow(/^pinv: int32 tensors are not supported/);
  });

  it("cholesky of a matrix that is not positive definite is NaN on and below the diagonal, as TensorFlow 2.21's CPU kernel gives it", () => {
    // TensorFlow: [[nan, ·], [nan, nan]] (its upper triangle is left unwritten; zeros here).
    const factor = tf.linalg.cholesky(f64([[1, 2], [2, 1]])).arraySync() as number[][];
    expect([factor[0]![0], factor[1]![0], factor[1]![1]].every(Number.isNaN)).toBe(true);
    expect(factor[0]![1]).toBe(0);
    // In a batch only the matrix that fails: TensorFlow's [[[2, 0], [0.5, 1.6583123951777]], NaN].
    const batch = tf.linalg.cholesky(f64([[[4, 1], [1, 3]], [[1, 2], [2, 1]]])).arraySync() as number[][][];
    expect(batch[0]).toEqual([[2, 0], [0.5, Math.sqrt(2.75)]]);
    expect(Number.isNaN(batch[1]![1]![1])).toBe(true);
    // What is computed from it is NaN too, as in TensorFlow: logdet, and lstsq's normal equations
    // of a rank-deficient matrix without regularization ([[nan], [nan]]), and the gradient.
    expect(tf.linalg.logdet(f64([[-1, 0], [0, 1]])).item()).toBeNaN();
    expect((tf.linalg.lstsq(f64([[1, 2], [2, 4], [3, 6]]), f64([[1], [2], [3]])).arraySync() as number[][]).flat().every(Number.isNaN)).toBe(true);
    const x = new tf.Variable(f64([[1, 2], [2, 1]]));
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduceSum(tf.linalg.cholesky(x)));
    expect((tape.gradient(y, x)!.arraySync() as number[][]).flat().every(Number.isNaN)).toBe(true);
    // Keras checks the factor (check_numerics) and raises a ValueError.
    expect(() => tf.keras.ops.cholesky(f64([[1, 2], [2, 1]]))).toThrow(expect.objectContaining({ name: 'ValueError', message: expect.stringMatching(/Cholesky decomposition failed: Cholesky : Tensor had NaN values/) }));
  });

  it('singular matrices: solve and inv refuse; slogdet gives (0, -Infinity), det 0', () => {
    const singular = f64([[1, 2], [2, 4]]);
    expect(() => tf.linalg.solve(singular, f64([[1], [1]]))).toThrow(/^solve: Input matrix is not invertible/);
    expect(() => tf.linalg.inv(singular)).toThrow(/^inv: Input matrix is not invertible/);
    const [sign, logAbs] = tf.linalg.slogdet(singular);
    expect([sign.item(), logAbs.item()]).toEqual([0, -Infinity]);
    expect(tf.linalg.det(singular).item()).toBe(0);
  });

  it('bad arguments name the function and the fix', () => {
    expect(() => tf.norm(f64(A), 'fro', 0)).toThrow(/^norm: ord must be a supported vector norm/);
    expect(() => tf.norm(f64(A), 3, [0, 1])).toThrow(/^norm: ord must be a supported matrix norm/);
    expect(() => tf.norm(f64(A), 'euclidean', [1, -1])).toThrow(/^norm: axis must be .*the same dimension twice/);
    expect(() => tf.norm(f64(A), 'euclidean', [0])).toThrow(/^norm: axis must be null, an integer, or an array of 2/);
    expect(() => tf.norm(f64(A), -1)).toThrow(/^norm: ord must be/);
    expect(() => tf.linalg.matvec(f64(A), f64([1, 2, 3, 4]), true, true)).toThrow(/^matvec: only one of transposeA and adjointA/);
    expect(() => tf.linalg.bandPart(f64(A), 0.5, 0)).toThrow(/^bandPart: numLower must be an integer/);
    expect(() => tf.linalg.qr(f64(W), 'yes' as unknown as boolean)).toThrow(/^qr: fullMatrices must be true or false/);
  });

  it('gradients TensorFlow does not define are errors: QR of a deep matrix with full Q, full SVD with |m - n| > 1', () => {
    const x = f64(W);
    const t1 = new tf.GradientTape();
    const q = t1.record(() => {
      t1.watch(x);
      return tf.linalg.qr(x, true)[0];
    });
    expect(() => t1.gradient(q, x)).toThrow(/^gradient: qr: the gradient is not implemented when nrows > ncols and fullMatrices is true/);
    const t2 = new tf.GradientTape();
    const s = t2.record(() => {
      t2.watch(x);
      return tf.linalg.svd(x, true)[0];
    });
    expect(() => t2.gradient(s, x)).toThrow(/^gradient: svd: the gradient is not implemented for \|m - n\| > 1 when fullMatrices is true/);
  });
});

// ---- gradients ----------------------------------------------------------------------------------

describe('gradients against central differences (float64)', () => {
  const a = { shape: [4, 4], values: flat(A) };
  const w = { shape: [5, 3], values: flat(W) };
  const wide = { shape: [3, 5], values: transposed(flat(W), 5, 3) };
  const s = { shape: [4, 4], values: flat(S) };
  const rhs = { shape: [4, 2], values: flat(B) };
  const eye4 = f64(A.map((row, i) => row.map((_, j) => (i === j ? 4 : 0))));

  it('inv, solve, triangularSolve, det, slogdet, logdet, cholesky (of X Xᵀ + 4 I)', () => {
    expectGradcheck((x) => tf.linalg.inv(x), [a]);
    expectGradcheck((x) => tf.linalg.inv(x, true), [a]);
    expectGradcheck((x, y) => tf.linalg.solve(x, y, true), [a, rhs]);
    expectGradcheck((x, y) => tf.linalg.triangularSolve(x, y, false, true), [a, rhs]);
    expectGradcheck((x) => tf.linalg.det(x), [a]);
    expectGradcheck((x) => tf.linalg.slogdet(x)[1], [{ shape: [2, 3, 3], values: flat(Ab) }]);
    expectGradcheck((x) => tf.linalg.logdet(tf.add(tf.matmul(x, x, false, true), eye4)), [{ shape: [4, 4] }]);
    expectGradcheck((x) => tf.linalg.cholesky(tf.add(tf.matmul(x, x, false, true), eye4)), [{ shape: [4, 4] }]);
  });

  it('each piece of qr, svd and eigh through the wrappers', () => {
    for (const input of [w, wide]) {
      expectGradcheck((x) => tf.linalg.qr(x)[0], [input]);
      expectGradcheck((x) => tf.linalg.qr(x)[1], [input]);
      for (const k of [0, 1, 2] as const) expectGradcheck((x) => tf.linalg.svd(x)[k], [input]);
    }
    expectGradcheck((x) => tf.linalg.svd(x, false, false), [w]);
    expectGradcheck((x) => tf.linalg.eigh(x)[0], [s]);
    expectGradcheck((x) => tf.linalg.eigh(x)[1], [s]);
    expectGradcheck((x) => tf.linalg.eigvalsh(x), [{ shape: [2, 3, 3] }]);
  });

  it('lstsq (both kinds, l2, fast=false), pinv', () => {
    expectGradcheck((x, y) => tf.linalg.lstsq(x, y), [w, { shape: [5, 2], values: flat(b5) }]);
    expectGradcheck((x, y) => tf.linalg.lstsq(x, y, 0.5), [w, { shape: [5, 2], values: flat(b5) }]);
    expectGradcheck((x, y) => tf.linalg.lstsq(x, y), [wide, { shape: [3, 2] }]);
    expectGradcheck((x, y) => tf.linalg.lstsq(x, y, 0, false), [w, { shape: [5, 2], values: flat(b5) }]);
    expectGradcheck((x) => tf.linalg.pinv(x), [w]);
  });

  it('norms, matvec, diag, diagPart, bandPart, trace', () => {
    for (const [ord, axis] of [['fro', [0, 1]], [1, [0, 1]], [Infinity, [0, 1]], [2, [0, 1]], ['euclidean', 1], [3, 0], [1, null]] as const) {
      expectGradcheck((x) => tf.norm(x, ord, axis as number | number[] | null), [a]);
    }
    expectGradcheck((x, y) => tf.linalg.matvec(x, y, true), [a, { shape: [4] }]);
    expectGradcheck((x) => tf.linalg.diag(x), [{ shape: [2, 3] }]);
    expectGradcheck((x) => tf.linalg.diagPart(x), [w]);
    expectGradcheck((x) => tf.linalg.bandPart(x, 1, 0), [a]);
    expectGradcheck((x) => tf.linalg.trace(x), [{ shape: [2, 3, 3] }]);
  });
});

describe('second derivatives of log-determinants through nested tapes', () => {
  // A(x) = diag(d) + x D at x = 0: d/dx ln|det A| = Σ D_ii / d_i, d² = -Σ_ij D_ij D_ji / (d_i d_j).
  const d = [2, -3, 5];
  const D = [[0.5, -1, 0.25], [2, 1.5, -0.75], [-0.5, 1, 3]];
  const first = D.reduce((acc, row, i) => acc + row[i]! / d[i]!, 0);
  let second = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) second -= (D[i]![j]! * D[j]![i]!) / (d[i]! * d[j]!);
  const line = (x: tf.Tensor, diagonal: number[], direction: number[][]) => tf.add(tf.linalg.diag(f64(diagonal)), tf.mul(f64(direction), x));

  it('slogdet', () => {
    const r = nestedSecondDerivative((x) => tf.linalg.slogdet(line(x, d, D))[1], 0);
    expectClose(r.first, first, 1e-13, 1e-13);
    expectClose(r.second, second, 1e-13, 1e-13);
  });

  it('logdet through cholesky (a symmetric direction)', () => {
    const sym = D.map((row, i) => row.map((v, j) => (j > i ? D[j]![i]! : v)));
    let second2 = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) second2 -= (sym[i]![j]! * sym[j]![i]!) / (Math.abs(d[i]!) * Math.abs(d[j]!));
    const r = nestedSecondDerivative((x) => tf.linalg.logdet(line(x, d.map(Math.abs), sym)), 0);
    expectClose(r.first, sym.reduce((acc, row, i) => acc + row[i]! / Math.abs(d[i]!), 0), 1e-13, 1e-13);
    expectClose(r.second, second2, 1e-13, 1e-13);
  });

  it('the matrix Hessian of ln|det A| applied to C: -A⁻ᵀ Cᵀ A⁻ᵀ (NumPy)', () => {
    const x = new tf.Variable(A, { dtype: 'float64' });
    const outer = new tf.GradientTape();
    const weighted = outer.record(() => {
      const inner = new tf.GradientTape();
      const y = inner.record(() => tf.linalg.slogdet(x)[1]);
      const g = inner.gradient(y, x) as tf.Tensor;
      expectNumpy(g, transposed(INV_A, 4, 4), [4, 4]);
      return tf.reduceSum(tf.mul(g, f64(C)));
    });
    expectNumpy(outer.gradient(weighted, x) as tf.Tensor, LOGDET_HESSIAN_C, [4, 4]);
  });
});

describe('adjoint, matrixTranspose, setDiag, matrixRank, choleskySolve, normalize, globalNorm', () => {
  const a = tf.constant([[1, 2, 3], [4, 5, 6]], 'float64');

  it('transposes: the last two dims swapped, batches kept', () => {
    expect(tf.linalg.adjoint(a).arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(tf.linalg.matrixTranspose(tf.zeros([4, 2, 3]), true).shape).toEqual([4, 3, 2]);
    expect(() => tf.linalg.adjoint([1, 2])).toThrow(/adjoint: the input must have rank >= 2/);
  });

  it('setDiag: wide, tall and batched matrices; the gradient splits between the input and the diagonal', () => {
    expect(tf.linalg.setDiag(a, [9, 8]).arraySync()).toEqual([[9, 2, 3], [4, 8, 6]]);
    expect(tf.linalg.setDiag(tf.linalg.adjoint(a), [9, 8]).arraySync()).toEqual([[9, 4], [2, 8], [3, 6]]);
    expect(tf.linalg.setDiag(tf.zeros([2, 2, 2]), [[1, 2], [3, 4]]).arraySync()).toEqual([[[1, 0], [0, 2]], [[3, 0], [0, 4]]]);
    expectGradcheck((x, d) => tf.linalg.setDiag(x, d), [{ shape: [2, 3, 4] }, { shape: [2, 3] }]);
    expect(() => tf.linalg.setDiag(a, [1, 2, 3])).toThrow(/setDiag: diagonal must have shape \[2\] for an input of shape \[2, 3\], got \[3\]/);
    expect(() => tf.linalg.setDiag(a, [1, 2], 1)).toThrow(/setDiag: only the main diagonal \(k = 0\) can be set here; got k = 1/);
  });

  it('matrixRank: singular values above max(M, N)·eps·max(s), or above tol', () => {
    expect(tf.linalg.matrixRank(tf.constant([[1, 2], [2, 4]], 'float64')).arraySync()).toBe(1);
    expect(tf.linalg.matrixRank(a).arraySync()).toBe(2);
    expect(tf.linalg.matrixRank(tf.zeros([2, 3, 3])).arraySync()).toEqual([0, 0]);
    const nearlySingular = tf.constant([[1, 0], [0, 1e-9]], 'float64');
    expect([tf.linalg.matrixRank(nearlySingular).item(), tf.linalg.matrixRank(nearlySingular, 1e-6).item()]).toEqual([2, 1]);
    expect(tf.linalg.matrixRank(a).dtype).toBe('int32');
  });

  it('choleskySolve equals solve, and differentiates', () => {
    const m = tf.constant([[4, 2, 0.5], [2, 3, 0.25], [0.5, 0.25, 2]], 'float64');
    const rhs = tf.constant([[1, 0], [2, 1], [-1, 3]], 'float64');
    expectClose(tf.linalg.choleskySolve(tf.linalg.cholesky(m), rhs), tf.linalg.solve(m, rhs).dataSync(), 1e-14);
    expectGradcheck((l, b) => tf.linalg.choleskySolve(tf.linalg.bandPart(l, -1, 0).add(tf.eye(3, 3, null, 'float64').mul(3)), b), [{ shape: [3, 3] }, { shape: [3, 2] }]);
  });

  it('normalize and globalNorm', () => {
    const [unit, n] = tf.linalg.normalize(a, 'euclidean', 1);
    expectClose(n, [Math.sqrt(14), Math.sqrt(77)], 1e-15);
    expect(n.shape).toEqual([2, 1]);
    expectClose(unit, [1, 2, 3].map((v) => v / Math.sqrt(14)).concat([4, 5, 6].map((v) => v / Math.sqrt(77))), 1e-15);
    expect(tf.linalg.normalize(tf.constant([3, 4], 'float64'))[0].arraySync()).toEqual([0.6, 0.8]);
    expect(tf.linalg.globalNorm([a, null, tf.constant([2], 'float64')]).item()).toBeCloseTo(Math.sqrt(95), 14);
    expectGradcheck((x, y) => tf.linalg.globalNorm([x, y]), [{ shape: [2, 3] }, { shape: [4] }]);
    expect(() => tf.linalg.globalNorm([])).toThrow(/globalNorm: tList has no tensors/);
  });
});
