// tf.linalg.expm, the matrix exponential, as TensorFlow computes it (linalg_impl.matrix_exponential,
// after Higham, "The scaling and squaring method for the matrix exponential revisited", 2005): a
// Padé approximant r(A) = q(-A)⁻¹ q(A) of the degree each matrix's 1-norm allows, the largest
// one on A / 2^s, then s squarings. Composed from matmul, solve and where, so its gradient is the
// derivative of the approximant (exact to rounding) and higher derivatives work too.

import { toTensor } from './creation';
import { abs, add, mul, neg, reduceMax, reduceSum } from './generated/ops';
import { valuesOf } from './indexing';
import { solve } from './linalg';
import { tidy } from './memory';
import { cast, matmul, renamedCall, where } from './ops';
import { eye } from './shape';
import { type Tensor, type TensorLike, fromHost } from './tensor';
import { TraceSpoiler } from './wasm/runtime';

/** b₀ … b_m of the degree-m Padé approximant of eˣ: q(x) = Σ bᵢ xⁱ (Higham's Table 10.4). */
const PADE: Record<number, readonly number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600, 670442572800,
    33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** TensorFlow's thresholds: the degrees tried in order, each used while the 1-norm is below its
 * bound; past the last bound the top degree runs on A / 2^s with s = max(0, ceil(log₂(‖A‖₁ /
 * topNorm))), as Higham and scipy take it. (TensorFlow floors the logarithm, which leaves the
 * scaled norm up to twice the bound its approximant is accurate to: e^A of the rotation generator
 * [[0, -30], [30, 0]] is off by 3% in float32 and 6e-11 in float64 that way.) */
const SCHEDULE = {
  float64: { degrees: [3, 5, 7, 9], bounds: [1.495585217958292e-2, 2.539398330063230e-1, 9.504178996162932e-1, 2.097847961257068], top: 13, topNorm: 5.371920351148152 },
  float32: { degrees: [3, 5], bounds: [4.258730016922831e-1, 1.880152677804762], top: 7, topNorm: 3.92572478313866 },
};

/** U and V of the degree-m approximant at `a`: q(±A) = V ± U, U the odd powers, V the even ones. */
function padeParts(a: Tensor, m: number, identity: Tensor): [Tensor, Tensor] {
  const b = PADE[m]!;
  const a2 = matmul(a, a);
  if (m === 13) {
    // Higham's evaluation of degree 13 with A², A⁴, A⁶ only: six matrix products.
    const a4 = matmul(a2, a2);
    const a6 = matmul(a4, a2);
    const terms = (k: readonly number[]) => add(add(mul(a6, k[0]!), mul(a4, k[1]!)), mul(a2, k[2]!));
    const u = matmul(a, add(matmul(a6, terms([b[13]!, b[11]!, b[9]!])), add(terms([b[7]!, b[5]!, b[3]!]), mul(identity, b[1]!))));
    const v = add(matmul(a6, terms([b[12]!, b[10]!, b[8]!])), add(terms([b[6]!, b[4]!, b[2]!]), mul(identity, b[0]!)));
    return [u, v];
  }
  // Σ b_{2k+1} A^{2k} (times A: U) and Σ b_{2k} A^{2k} (V), over I, A², A⁴, ...
  let power = identity;
  let odd = mul(identity, b[1]!);
  let even = mul(identity, b[0]!);
  for (let k = 1; 2 * k < m; k++) {
    power = k === 1 ? a2 : matmul(power, a2);
    odd = add(odd, mul(power, b[2 * k + 1]!));
    even = add(even, mul(power, b[2 * k]!));
  }
  return [matmul(a, odd), even];
}

/**
 * tf.linalg.expm(input): the exponential of each square matrix of `input` [..., n, n] (float32
 * or float64), e^A = Σ Aᵏ/k!, by TensorFlow's scaling and squaring with Padé approximants (the
 * squarings counted as Higham does, see SCHEDULE); differentiable. The degree and the number of
 * squarings depend on the values, so in a `tf.function` whose argument decides them the function
 * runs as written at every call.
 *
 * @example
 * ```ts
 * const t = 0.5;
 * const rotation = tf.linalg.expm(tf.constant([[0, -t], [t, 0]], 'float64'));
 * console.log(rotation.arraySync()[1]!.map((v) => v.toFixed(6)), Math.sin(t).toFixed(6)); // [ '0.479426', '0.877583' ] 0.479426
 * ```
 */
export function expm(input: TensorLike): Tensor {
  const op = 'expm';
  const a = toTensor(input, undefined, op);
  if (a.rank < 2 || a.shape[a.rank - 1] !== a.shape[a.rank - 2]) {
    throw new Error(`${op}: input must be square matrices [..., n, n], got shape [${a.shape.join(', ')}].`);
  }
  if (a.dtype !== 'float32' && a.dtype !== 'float64') throw new Error(`${op}: input must be float32 or float64, got ${a.dtype}; cast it first, e.g. tf.cast(a, 'float64').`);
  const schedule = SCHEDULE[a.dtype];
  const n = a.shape[a.rank - 1]!;
  return renamedCall(op, () =>
    tidy(() => {
      if (n === 0) return mul(a, 1);
      // Each matrix's degree (the index of the first bound above its norm; past them all, the
      // top one) and squarings, read here, as TensorFlow's where and while_loop decide them.
      const norms = reduceMax(reduceSum(abs(a), -2, true), -1, true); // [..., 1, 1]
      const l1 = Array.from(valuesOf(norms, op, TraceSpoiler.Branch));
      const choice = l1.map((v) => {
        const i = schedule.bounds.findIndex((bound) => v < bound);
        return i === -1 ? schedule.bounds.length : i;
      });
      // (A norm that is infinite or NaN gets no squarings: the approximant is already not finite.)
      const squarings = l1.map((v, i) => (choice[i] === schedule.bounds.length && Number.isFinite(v) ? Math.max(0, Math.ceil(Math.log2(v / schedule.topNorm))) : 0));
      const batch = norms.shape;
      const perMatrix = (values: number[]) => fromHost(Float64Array.from(values), batch.slice(), 'float64');
      const identity = eye(n, n, null, a.dtype);
      // The approximant of every degree some matrix needs, combined by where when they differ.
      let u: Tensor | null = null, v: Tensor | null = null;
      for (const c of [...new Set(choice)].sort((p, q) => q - p)) {
        const top = c === schedule.bounds.length;
        const scaled = top ? mul(a, cast(perMatrix(squarings.map((s) => 2 ** -s)), a.dtype)) : a;
        const [uc, vc] = padeParts(scaled, top ? schedule.top : schedule.degrees[c]!, identity);
        if (u === null || v === null) [u, v] = [uc, vc];
        else {
          const mine = cast(perMatrix(choice.map((k) => (k === c ? 1 : 0))), 'bool');
          [u, v] = [where(mine, uc, u), where(mine, vc, v)];
        }
      }
      let result = solve(add(neg(u!), v!), add(u!, v!));
      // s squarings: r ← r² while i < s for each matrix.
      const most = squarings.reduce((m, s) => Math.max(m, s), 0);
      for (let i = 0; i < most; i++) {
        const square = matmul(result, result);
        result = squarings.every((s) => s > i) ? square : where(cast(perMatrix(squarings.map((s) => (s > i ? 1 : 0))), 'bool'), square, result);
      }
      return result;
    }),
  );
}
