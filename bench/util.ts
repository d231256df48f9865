// Helpers shared by the benchmark entry (index.ts), the memory child (memory.ts) and the profiler
// driver (profile.ts): timing, statistics, a seeded RNG and the shared data sets, so gradtape and
// TF.js see exactly the same numbers.

export const now = (): number => performance.now();

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs `a` and `b` once per round, `a` first in even rounds and `b` first in odd ones, so a
 * machine whose speed drifts slows both alike; `report` sees each round's pair. Returns the
 * readings of each, in round order. */
export function alternatingRounds<T>(rounds: number, a: () => T, b: () => T, report: (round: number, a: T, b: T) => void): [T[], T[]] {
  const as: T[] = [];
  const bs: T[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      as.push(a());
      bs.push(b());
    } else {
      bs.push(b());
      as.push(a());
    }
    report(r, as[r]!, bs[r]!);
  }
  return [as, bs];
}

/** Mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a seeded uniform source. */
export function normals(n: number, seed: number): Float64Array {
  const u = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const th = 2 * Math.PI * u();
    out[i] = r * Math.cos(th);
    if (i + 1 < n) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** The tutorial's regression data: 20 samples of y = x^2 + 2x + 3, x ~ N(0,1)*5; design [x^2, x, 1]. */
export function regressionData(n = 20) {
  const xs = normals(n, 1234).map((v) => v * 5);
  const XX: number[][] = [];
  const Y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    XX.push([x * x, x, 1]);
    Y.push([x * x + 2 * x + 3]);
  }
  const w0 = Array.from(normals(3, 99)).map((v) => [v]);
  return { XX, Y, w0 };
}

/** Puzzle start values (the tutorial uses Math.random()). */
export const puzzleStart = (() => {
  const u = rng(7);
  return [u(), u(), u(), u()];
})();

/** Least squares data: X (rows x cols, N(0,1)), y = X w* + 0.01 noise, as float32 and float64. */
export function leastSquaresData(rows: number, cols: number) {
  const X64 = normals(rows * cols, 42);
  const wTrue = Array.from({ length: cols }, (_, j) => (j + 1) / cols);
  const noise = normals(rows, 43);
  const y64 = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += X64[i * cols + j]! * wTrue[j]!;
    y64[i] = s + 0.01 * noise[i]!;
  }
  return { X64, y64, X32: Float32Array.from(X64), y32: Float32Array.from(y64) };
}

export const fmt = (x: number | undefined, digits = 3): string => {
  if (x === undefined || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(1);
  return x.toPrecision(digits);
};

/** The value of the command-line option `--key=value`, or undefined when it is not given. */
export const option = (key: string): string | undefined => process.argv.find((a) => a.startsWith(`--${key}=`))?.slice(key.length + 3);
