// The demo's built-in models: each is an expression for the parser in expression.ts (one code
// path for built-in and typed models), a starting point guessed from the data, and the
// parameters its sample data set is drawn from.

export interface Point {
  x: number;
  y: number;
}

export interface BuiltInModel {
  readonly id: string;
  readonly label: string;
  readonly expression: string;
  /** A starting point for the fit, one value per parameter in the expression's order. */
  readonly guess: (points: readonly Point[]) => number[];
  /** The parameters the "sample data" button draws its points from. */
  readonly sample: readonly number[];
}

interface Summary {
  xMin: number; xMax: number; yMin: number; yMax: number; yMean: number;
  xAtYMax: number; xAtYMin: number; yFirst: number; yLast: number; span: number;
}

function summarize(points: readonly Point[]): Summary {
  if (points.length === 0) return { xMin: 0, xMax: 1, yMin: 0, yMax: 1, yMean: 0.5, xAtYMax: 0.5, xAtYMin: 0.5, yFirst: 1, yLast: 0, span: 1 };
  const sorted = [...points].sort((p, q) => p.x - q.x);
  let top = sorted[0]!, bottom = sorted[0]!, total = 0;
  for (const p of sorted) {
    if (p.y > top.y) top = p;
    if (p.y < bottom.y) bottom = p;
    total += p.y;
  }
  const xMin = sorted[0]!.x, xMax = sorted[sorted.length - 1]!.x;
  return {
    xMin, xMax, yMin: bottom.y, yMax: top.y, yMean: total / sorted.length, xAtYMax: top.x, xAtYMin: bottom.x,
    yFirst: sorted[0]!.y, yLast: sorted[sorted.length - 1]!.y, span: xMax - xMin || 1,
  };
}

/** Sign changes of y - mean along x, a cheap estimate of how many half periods the data spans. */
function meanCrossings(points: readonly Point[], mean: number): number {
  const sorted = [...points].sort((p, q) => p.x - q.x);
  let crossings = 0;
  for (let i = 1; i < sorted.length; i++) if ((sorted[i - 1]!.y - mean) * (sorted[i]!.y - mean) < 0) crossings++;
  return crossings;
}

export const BUILT_IN_MODELS: readonly BuiltInModel[] = [
  {
    id: 'line', label: 'Line', expression: 'a * x + b',
    guess: () => [1, 0],
    sample: [0.6, 0.8],
  },
  {
    id: 'polynomial', label: 'Polynomial (cubic)', expression: 'a + b * x + c * x^2 + d * x^3',
    guess: () => [0, 0, 0, 0],
    sample: [0.5, 1.8, -0.45, 0.03],
  },
  {
    id: 'exponential', label: 'Exponential decay', expression: 'a * exp(-b * x) + c',
    guess: (points) => {
      const s = summarize(points);
      return [s.yFirst - s.yLast || 1, 3 / s.span, s.yLast];
    },
    sample: [4, 0.5, 1],
  },
  {
    id: 'gaussian', label: 'Gaussian peak', expression: 'a * exp(-(x - mu)^2 / (2 * sigma^2)) + c',
    guess: (points) => {
      const s = summarize(points);
      return [s.yMax - s.yMin || 1, s.xAtYMax, s.span / 6, s.yMin];
    },
    sample: [3.5, 4.5, 1.2, 0.5],
  },
  {
    id: 'logistic', label: 'Logistic', expression: 'L / (1 + exp(-k * (x - x0))) + c',
    guess: (points) => {
      const s = summarize(points);
      const rising = s.yLast >= s.yFirst;
      return [s.yMax - s.yMin || 1, (rising ? 8 : -8) / s.span, (s.xMin + s.xMax) / 2, s.yMin];
    },
    sample: [4, 1.5, 5, 0.5],
  },
  {
    id: 'damped-sine', label: 'Damped sine', expression: 'a * exp(-d * x) * sin(w * x + phi) + c',
    guess: (points) => {
      const s = summarize(points);
      const halfPeriods = Math.max(1, meanCrossings(points, s.yMean));
      return [(s.yMax - s.yMin) / 2 || 1, 0.1, (Math.PI * halfPeriods) / s.span, 0, s.yMean];
    },
    sample: [3, 0.2, 2, 0.5, 2],
  },
];

export function builtInModel(id: string): BuiltInModel {
  const model = BUILT_IN_MODELS.find((m) => m.id === id);
  if (!model) throw new Error(`unknown model '${id}' (known: ${BUILT_IN_MODELS.map((m) => m.id).join(', ')})`);
  return model;
}

/** A seeded generator (mulberry32), so that sample data sets are the same on every load. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform generator (Box-Muller). */
export function seededNormal(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
