// The fourteen systems of nonlinear equations of MINPACK's test suite for hybrj (Moré, Garbow and
// Hillstrom, "Testing unconstrained optimization software", ACM TOMS 7, 1981; MINPACK's vecfcn and
// initpt), written with gradtape ops, and the 55 runs of MINPACK's hybrj1 test driver (file21):
// each problem and dimension from its standard start times 1, 10 and 100.
import * as tf from 'gradtape';

type Scalar = tf.Tensor;
const sum = (xs: Scalar[]): Scalar => xs.reduce((a, b) => a.add(b));
const prod = (xs: Scalar[]): Scalar => xs.reduce((a, b) => a.mul(b));

/** Problem `p`'s residuals (MINPACK's vecfcn, 1-based k written 0-based). */
export function system(p: number, n: number): (v: tf.Tensor) => tf.Tensor {
  return (v) => {
    const x = tf.unstack(v);
    return tf.stack(residuals(p, n, x));
  };
}

function residuals(p: number, n: number, x: Scalar[]): Scalar[] {
  const h = 1 / (n + 1);
  switch (p) {
    case 1: // Rosenbrock
      return [tf.sub(1, x[0]!), x[1]!.sub(x[0]!.square()).mul(10)];
    case 2: // Powell singular
      return [
        x[0]!.add(x[1]!.mul(10)),
        x[2]!.sub(x[3]!).mul(Math.sqrt(5)),
        x[1]!.sub(x[2]!.mul(2)).square(),
        x[0]!.sub(x[3]!).square().mul(Math.sqrt(10)),
      ];
    case 3: // Powell badly scaled
      return [x[0]!.mul(1e4).mul(x[1]!).sub(1), tf.exp(x[0]!.neg()).add(tf.exp(x[1]!.neg())).sub(1.0001)];
    case 4: { // Wood
      const t1 = x[1]!.sub(x[0]!.square());
      const t2 = x[3]!.sub(x[2]!.square());
      return [
        x[0]!.mul(-200).mul(t1).sub(tf.sub(1, x[0]!)),
        t1.mul(200).add(x[1]!.sub(1).mul(20.2)).add(x[3]!.sub(1).mul(19.8)),
        x[2]!.mul(-180).mul(t2).sub(tf.sub(1, x[2]!)),
        t2.mul(180).add(x[3]!.sub(1).mul(20.2)).add(x[1]!.sub(1).mul(19.8)),
      ];
    }
    case 5: { // helical valley: θ = atan(x2/x1)/2π, plus 1/2 where x1 < 0
      const theta = tf.atan(x[1]!.div(x[0]!)).div(2 * Math.PI).add(tf.where(x[0]!.less(0), tf.constant(0.5, 'float64'), tf.constant(0, 'float64')));
      const r = tf.sqrt(x[0]!.square().add(x[1]!.square()));
      return [x[2]!.sub(theta.mul(10)).mul(10), r.sub(1).mul(10), x[2]!];
    }
    case 6: { // Watson (the gradient of its sum of squares)
      const f: Scalar[] = x.map(() => tf.constant(0, 'float64'));
      for (let i = 1; i <= 29; i++) {
        const ti = i / 29;
        const sum1 = sum(x.slice(1).map((xj, j) => xj.mul((j + 1) * ti ** j)));
        const sum2 = sum(x.map((xj, j) => xj.mul(ti ** j)));
        const t1 = sum1.sub(sum2.square()).sub(1);
        const t2 = sum2.mul(2 * ti);
        for (let k = 0; k < n; k++) f[k] = f[k]!.add(tf.sub(k, t2).mul(t1).mul(ti ** (k - 1)));
      }
      const t = x[1]!.sub(x[0]!.square()).sub(1);
      f[0] = f[0]!.add(x[0]!.mul(tf.sub(1, t.mul(2))));
      f[1] = f[1]!.add(t);
      return f;
    }
    case 7: { // Chebyquad: the Chebyshev polynomials' averages over x minus their integrals
      const f: Scalar[] = [];
      const t = x.map((xj) => xj.mul(2).sub(1));
      let previous = x.map(() => tf.constant(1, 'float64'));
      let current = t;
      for (let k = 1; k <= n; k++) {
        let fk = sum(current).mul(1 / n);
        if (k % 2 === 0) fk = fk.add(1 / (k * k - 1));
        f.push(fk);
        const next = current.map((c, j) => t[j]!.mul(2).mul(c).sub(previous[j]!));
        previous = current;
        current = next;
      }
      return f;
    }
    case 8: { // Brown almost-linear
      const s = x.reduce((a, b) => a.add(b), tf.constant(-(n + 1), 'float64'));
      return x.map((xk, k) => (k < n - 1 ? xk.add(s) : prod(x).sub(1)));
    }
    case 9: // discrete boundary value
      return x.map((xk, k) => {
        const cube = xk.add((k + 1) * h).add(1).pow(3);
        let fk = xk.mul(2);
        if (k > 0) fk = fk.sub(x[k - 1]!);
        if (k < n - 1) fk = fk.sub(x[k + 1]!);
        return fk.add(cube.mul(h * h).div(2));
      });
    case 10: { // discrete integral equation
      const cubes = x.map((xj, j) => xj.add((j + 1) * h).add(1).pow(3));
      return x.map((xk, k) => {
        const tk = (k + 1) * h;
        const below = cubes.slice(0, k + 1).map((c, j) => c.mul((j + 1) * h));
        const above = cubes.slice(k + 1).map((c, j) => c.mul(1 - (k + j + 2) * h));
        let integral = sum(below).mul(1 - tk);
        if (above.length > 0) integral = integral.add(sum(above).mul(tk));
        return xk.add(integral.mul(h).div(2));
      });
    }
    case 11: { // trigonometric
      const cos = x.map((xj) => tf.cos(xj));
      const s = sum(cos);
      return x.map((xk, k) => tf.sub(n + k + 1, tf.sin(xk)).sub(s).sub(cos[k]!.mul(k + 1)));
    }
    case 12: { // variably dimensioned
      const s = sum(x.map((xj, j) => xj.sub(1).mul(j + 1)));
      const t = s.mul(s.square().mul(2).add(1));
      return x.map((xk, k) => xk.sub(1).add(t.mul(k + 1)));
    }
    case 13: // Broyden tridiagonal
      return x.map((xk, k) => {
        let fk = tf.sub(3, xk.mul(2)).mul(xk);
        if (k > 0) fk = fk.sub(x[k - 1]!);
        if (k < n - 1) fk = fk.sub(x[k + 1]!.mul(2));
        return fk.add(1);
      });
    default: // 14, Broyden banded (ml = 5, mu = 1)
      return x.map((xk, k) => {
        const band = x.slice(Math.max(0, k - 5), Math.min(k + 1, n - 1) + 1).filter((_, j) => j + Math.max(0, k - 5) !== k);
        let fk = xk.mul(xk.square().mul(5).add(2)).add(1);
        if (band.length > 0) fk = fk.sub(sum(band.map((xj) => xj.mul(xj.add(1)))));
        return fk;
      });
  }
}

/** Problem `p`'s standard start times `factor` (MINPACK's initpt; Watson's start is 0, so its
 * multiples are `factor` in every entry). */
export function start(p: number, n: number, factor: number): number[] {
  const h = 1 / (n + 1);
  const standard: number[] = (() => {
    switch (p) {
      case 1: return [-1.2, 1];
      case 2: return [3, -1, 0, 1];
      case 3: return [0, 1];
      case 4: return [-3, -1, -3, -1];
      case 5: return [-1, 0, 0];
      case 6: return new Array<number>(n).fill(0);
      case 7: return Array.from({ length: n }, (_, j) => (j + 1) * h);
      case 8: return new Array<number>(n).fill(0.5);
      case 9: case 10: return Array.from({ length: n }, (_, j) => ((j + 1) * h) * ((j + 1) * h - 1));
      case 11: return new Array<number>(n).fill(1 / n);
      case 12: return Array.from({ length: n }, (_, j) => 1 - (j + 1) / n);
      default: return new Array<number>(n).fill(-1);
    }
  })();
  if (factor === 1) return standard;
  return p === 6 ? new Array<number>(n).fill(factor) : standard.map((v) => factor * v);
}

/** file21's runs: [problem, dimension, starts (factors 1, 10, 100 in turn)]. */
const RUNS: [number, number, number][] = [
  [1, 2, 3], [2, 4, 3], [3, 2, 2], [4, 4, 3], [5, 3, 3], [6, 6, 2], [6, 9, 2], [7, 5, 3], [7, 6, 3], [7, 7, 3], [7, 8, 1], [7, 9, 1],
  [8, 10, 3], [8, 30, 1], [8, 40, 1], [9, 10, 3], [10, 1, 3], [10, 10, 3], [11, 10, 3], [12, 10, 3], [13, 10, 3], [14, 10, 3],
];

/** The 55 runs in file21's order, each with its starting point. */
export const HYBRJ1_RUNS = RUNS.flatMap(([p, n, tries]) => Array.from({ length: tries }, (_, k) => ({ problem: p, n, factor: 10 ** k, x0: start(p, n, 10 ** k) })));
