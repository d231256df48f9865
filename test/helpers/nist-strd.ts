// The NIST StRD nonlinear regression problems (test/fixtures/nist-strd): a parser for the .dat
// files and each problem's model written with gradtape ops, in the form tf.optimize.curveFit
// takes: f(x, b1, b2, ...) with x of shape [m] ([m, 2] for Nelson) and rank-0 parameters.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from 'gradtape';

export const NIST_DIR = fileURLToPath(new URL('../fixtures/nist-strd/', import.meta.url));

export interface NistProblem {
  name: string;
  starts: [number[], number[]];
  certifiedValues: number[];
  certifiedStandardErrors: number[];
  certifiedResidualSumOfSquares: number;
  /** One row per observation: the predictors (x, or x1 and x2 for Nelson). */
  x: number[][];
  y: number[];
  model: (x: tf.Tensor, ...b: tf.Tensor[]) => tf.Tensor;
  /** Nelson's model is for log(y): the data to fit, after that transform. */
  response: (y: number[]) => number[];
}

type Model = (x: tf.Tensor, ...b: tf.Tensor[]) => tf.Tensor;
const sum = (...terms: tf.Tensor[]) => terms.reduce((a, b) => a.add(b));
const gaussian = (x: tf.Tensor, height: tf.Tensor, center: tf.Tensor, width: tf.Tensor) =>
  height.mul(tf.exp(x.sub(center).square().div(width.square()).neg()));
const rational = (x: tf.Tensor, numerator: tf.Tensor[], denominator: tf.Tensor[]) => {
  // Horner's rule: c0 + x (c1 + x (c2 + ...)); the denominator's constant term is 1.
  const horner = (c: tf.Tensor[]) => c.slice(0, -1).reduceRight((acc, ci) => x.mul(acc).add(ci), c[c.length - 1]!.mul(tf.onesLike(x)));
  return horner(numerator).div(x.mul(horner(denominator)).add(1));
};
const TWO_PI = 2 * Math.PI;

export const MODELS: Record<string, Model> = {
  Misra1a: (x, b1, b2) => b1!.mul(tf.sub(1, tf.exp(x.mul(b2!).neg()))),
  Chwirut1: (x, b1, b2, b3) => tf.exp(x.mul(b1!).neg()).div(x.mul(b3!).add(b2!)),
  Chwirut2: (x, b1, b2, b3) => tf.exp(x.mul(b1!).neg()).div(x.mul(b3!).add(b2!)),
  Lanczos1: (x, b1, b2, b3, b4, b5, b6) => sum(...[[b1, b2], [b3, b4], [b5, b6]].map(([a, k]) => a!.mul(tf.exp(x.mul(k!).neg())))),
  Lanczos2: (x, ...b) => MODELS.Lanczos1!(x, ...b),
  Lanczos3: (x, ...b) => MODELS.Lanczos1!(x, ...b),
  Gauss1: (x, b1, b2, b3, b4, b5, b6, b7, b8) =>
    sum(b1!.mul(tf.exp(x.mul(b2!).neg())), gaussian(x, b3!, b4!, b5!), gaussian(x, b6!, b7!, b8!)),
  Gauss2: (x, ...b) => MODELS.Gauss1!(x, ...b),
  Gauss3: (x, ...b) => MODELS.Gauss1!(x, ...b),
  DanWood: (x, b1, b2) => b1!.mul(tf.pow(x, b2!)),
  Misra1b: (x, b1, b2) => b1!.mul(tf.sub(1, tf.pow(x.mul(b2!).div(2).add(1), -2))),
  Kirby2: (x, b1, b2, b3, b4, b5) => rational(x, [b1!, b2!, b3!], [b4!, b5!]),
  Hahn1: (x, b1, b2, b3, b4, b5, b6, b7) => rational(x, [b1!, b2!, b3!, b4!], [b5!, b6!, b7!]),
  Nelson: (x, b1, b2, b3) => {
    const [x1, x2] = tf.unstack(x, 1);
    return b1!.sub(b2!.mul(x1!).mul(tf.exp(x2!.mul(b3!).neg())));
  },
  MGH17: (x, b1, b2, b3, b4, b5) => sum(b1!.mul(tf.onesLike(x)), b2!.mul(tf.exp(x.mul(b4!).neg())), b3!.mul(tf.exp(x.mul(b5!).neg()))),
  Misra1c: (x, b1, b2) => b1!.mul(tf.sub(1, tf.pow(x.mul(b2!).mul(2).add(1), -0.5))),
  Misra1d: (x, b1, b2) => b1!.mul(b2!).mul(x).div(x.mul(b2!).add(1)),
  Roszman1: (x, b1, b2, b3, b4) => b1!.sub(x.mul(b2!)).sub(tf.atan(b3!.div(x.sub(b4!))).div(Math.PI)),
  ENSO: (x, b1, b2, b3, b4, b5, b6, b7, b8, b9) => {
    const annual = x.mul(TWO_PI / 12);
    const cycle = (period: tf.Tensor) => x.mul(TWO_PI).div(period);
    const second = cycle(b4!), third = cycle(b7!);
    return sum(
      b1!.mul(tf.onesLike(x)), b2!.mul(tf.cos(annual)), b3!.mul(tf.sin(annual)),
      b5!.mul(tf.cos(second)), b6!.mul(tf.sin(second)), b8!.mul(tf.cos(third)), b9!.mul(tf.sin(third)),
    );
  },
  MGH09: (x, b1, b2, b3, b4) => b1!.mul(x.square().add(x.mul(b2!))).div(x.square().add(x.mul(b3!)).add(b4!)),
  Thurber: (x, b1, b2, b3, b4, b5, b6, b7) => rational(x, [b1!, b2!, b3!, b4!], [b5!, b6!, b7!]),
  BoxBOD: (x, b1, b2) => b1!.mul(tf.sub(1, tf.exp(x.mul(b2!).neg()))),
  Rat42: (x, b1, b2, b3) => b1!.div(tf.exp(b2!.sub(x.mul(b3!))).add(1)),
  MGH10: (x, b1, b2, b3) => b1!.mul(tf.exp(b2!.div(x.add(b3!)))),
  Eckerle4: (x, b1, b2, b3) => b1!.div(b2!).mul(tf.exp(x.sub(b3!).div(b2!).square().mul(-0.5))),
  Rat43: (x, b1, b2, b3, b4) => b1!.div(tf.pow(tf.exp(b2!.sub(x.mul(b3!))).add(1), tf.div(1, b4!))),
  Bennett5: (x, b1, b2, b3) => b1!.mul(tf.pow(x.add(b2!), tf.div(-1, b3!))),
};

/** Parses one .dat file (the layout every StRD nonlinear file shares). */
export function parseNist(name: string): NistProblem {
  const lines = readFileSync(join(NIST_DIR, `${name}.dat`), 'utf8').split(/\r?\n/);
  const starts: [number[], number[]] = [[], []];
  const certifiedValues: number[] = [], certifiedStandardErrors: number[] = [];
  let rss = NaN;
  let dataStart = -1;
  lines.forEach((line, i) => {
    const parameter = /^\s*b(\d+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (parameter) {
      starts[0].push(Number(parameter[2]));
      starts[1].push(Number(parameter[3]));
      certifiedValues.push(Number(parameter[4]));
      certifiedStandardErrors.push(Number(parameter[5]));
    }
    const rssLine = /^Residual Sum of Squares:\s+(\S+)/.exec(line);
    if (rssLine) rss = Number(rssLine[1]);
    if (/^Data:\s+y\s/.test(line)) dataStart = i + 1;
  });
  if (dataStart < 0 || certifiedValues.length === 0 || Number.isNaN(rss)) throw new Error(`${name}.dat: not in the StRD layout`);
  const x: number[][] = [], y: number[] = [];
  for (const line of lines.slice(dataStart)) {
    const fields = line.trim().split(/\s+/).filter(Boolean).map(Number);
    if (fields.length < 2) continue;
    y.push(fields[0]!);
    x.push(fields.slice(1));
  }
  const model = MODELS[name];
  if (!model) throw new Error(`no model written for ${name}`);
  return {
    name, starts, certifiedValues, certifiedStandardErrors, certifiedResidualSumOfSquares: rss, x, y, model,
    response: name === 'Nelson' ? (values) => values.map(Math.log) : (values) => values,
  };
}

export const NIST_NAMES = readdirSync(NIST_DIR).filter((f) => f.endsWith('.dat')).map((f) => f.slice(0, -4)).sort();

/** McCullough's log relative error: about the number of correct significant digits. */
export function lre(estimate: number, certified: number): number {
  if (estimate === certified) return 15;
  const relative = certified === 0 ? Math.abs(estimate) : Math.abs(estimate - certified) / Math.abs(certified);
  return Math.min(15, -Math.log10(relative));
}

/** Fits one problem from start 1 or 2 with curveFit's defaults. */
export function fitNist(problem: NistProblem, start: 0 | 1, options?: tf.CurveFitOptions) {
  const xdata = problem.x[0]!.length === 1 ? problem.x.map((row) => row[0]!) : problem.x;
  return tf.optimize.curveFit(problem.model, xdata, problem.response(problem.y), problem.starts[start], options);
}
