// The 27 NIST StRD nonlinear regression models as plain JavaScript functions, in the form
// ml-levenberg-marquardt takes: (params) => (x) => y. x is a number, or [x1, x2] for Nelson
// (whose model is for log(y); bench/nist.ts passes it log(y), as test/helpers/nist-strd.ts does).
// The formulas are the ones in test/fixtures/nist-strd/Models; bench/nist_scipy.py has the same
// models in NumPy. Used only by bench/nist.ts.

export type PlainModel = (b: number[]) => (x: number | number[]) => number;

const { exp, pow, cos, sin, atan, PI } = Math;
const gaussian = (x: number, height: number, center: number, width: number) => height * exp(-((x - center) ** 2) / (width * width));
const lanczos = (b: number[]) => (x: number | number[]) => {
  const t = x as number;
  return b[0]! * exp(-b[1]! * t) + b[2]! * exp(-b[3]! * t) + b[4]! * exp(-b[5]! * t);
};
const gauss = (b: number[]) => (x: number | number[]) => {
  const t = x as number;
  return b[0]! * exp(-b[1]! * t) + gaussian(t, b[2]!, b[3]!, b[4]!) + gaussian(t, b[5]!, b[6]!, b[7]!);
};
const cubicOverCubic = (b: number[]) => (x: number | number[]) => {
  const t = x as number;
  return (b[0]! + t * (b[1]! + t * (b[2]! + t * b[3]!))) / (1 + t * (b[4]! + t * (b[5]! + t * b[6]!)));
};
const misra1a = (b: number[]) => (x: number | number[]) => b[0]! * (1 - exp(-b[1]! * (x as number)));
const chwirut = (b: number[]) => (x: number | number[]) => exp(-b[0]! * (x as number)) / (b[1]! + b[2]! * (x as number));

export const PLAIN_MODELS: Record<string, PlainModel> = {
  Misra1a: misra1a,
  Chwirut1: chwirut,
  Chwirut2: chwirut,
  Lanczos1: lanczos,
  Lanczos2: lanczos,
  Lanczos3: lanczos,
  Gauss1: gauss,
  Gauss2: gauss,
  Gauss3: gauss,
  DanWood: (b) => (x) => b[0]! * pow(x as number, b[1]!),
  Misra1b: (b) => (x) => b[0]! * (1 - pow(1 + b[1]! * (x as number) / 2, -2)),
  Kirby2: (b) => (x) => {
    const t = x as number;
    return (b[0]! + t * (b[1]! + t * b[2]!)) / (1 + t * (b[3]! + t * b[4]!));
  },
  Hahn1: cubicOverCubic,
  Nelson: (b) => (x) => {
    const [x1, x2] = x as number[];
    return b[0]! - b[1]! * x1! * exp(-b[2]! * x2!);
  },
  MGH17: (b) => (x) => b[0]! + b[1]! * exp(-(x as number) * b[3]!) + b[2]! * exp(-(x as number) * b[4]!),
  Misra1c: (b) => (x) => b[0]! * (1 - pow(1 + 2 * b[1]! * (x as number), -0.5)),
  Misra1d: (b) => (x) => b[0]! * b[1]! * (x as number) / (1 + b[1]! * (x as number)),
  Roszman1: (b) => (x) => b[0]! - b[1]! * (x as number) - atan(b[2]! / ((x as number) - b[3]!)) / PI,
  ENSO: (b) => (x) => {
    const t = x as number;
    const a = (2 * PI * t) / 12, s = (2 * PI * t) / b[3]!, u = (2 * PI * t) / b[6]!;
    return b[0]! + b[1]! * cos(a) + b[2]! * sin(a) + b[4]! * cos(s) + b[5]! * sin(s) + b[7]! * cos(u) + b[8]! * sin(u);
  },
  MGH09: (b) => (x) => {
    const t = x as number;
    return (b[0]! * (t * t + t * b[1]!)) / (t * t + t * b[2]! + b[3]!);
  },
  Thurber: cubicOverCubic,
  BoxBOD: misra1a,
  Rat42: (b) => (x) => b[0]! / (1 + exp(b[1]! - b[2]! * (x as number))),
  MGH10: (b) => (x) => b[0]! * exp(b[1]! / ((x as number) + b[2]!)),
  Eckerle4: (b) => (x) => (b[0]! / b[1]!) * exp(-0.5 * (((x as number) - b[2]!) / b[1]!) ** 2),
  Rat43: (b) => (x) => b[0]! / pow(1 + exp(b[1]! - b[2]! * (x as number)), 1 / b[3]!),
  Bennett5: (b) => (x) => b[0]! * pow(b[1]! + (x as number), -1 / b[2]!),
};
