// Threads against one: random large kernels (shapes of 262,144 to 600,000 elements, the sizes
// where kernels split their work with workers, along random axes, with random broadcasting and
// transposes) give the same bits on one thread as on three (more parts than this machine's cores,
// so every part boundary is exercised). test/threads.test.ts checks fixed shapes in fresh
// processes; this property draws the shapes.
import fc from 'fast-check';
import * as tf from 'gradtape';
import { afterAll, describe, expect, it } from 'vitest';
import { checkProperty, logTally } from './harness';
import { Rng } from './plan';

afterAll(() => logTally('threads.test.ts'));

const KINDS = ['binary', 'unary', 'reduce', 'arg', 'cumulative', 'softmax', 'transpose', 'matmul', 'matvec'] as const;
type Kind = (typeof KINDS)[number];

interface ThreadCase {
  kind: Kind;
  dtype: 'float32' | 'float64';
  seed: number;
}

/** `rank` dimensions (each at least 2) whose product is about `size`. */
function dimsOfSize(rng: Rng, rank: number, size: number): number[] {
  const dims: number[] = [];
  let left = size;
  for (let i = 0; i < rank - 1; i++) {
    const d = Math.max(2, Math.round(Math.exp(Math.log(left) * (0.2 + 0.6 * rng.next()) / (rank - 1 - i + 1))));
    dims.push(d);
    left = Math.max(2, Math.round(left / d));
  }
  dims.push(left);
  return rng.bool() ? dims : dims.reverse();
}

/** The kernel of a case, as a function of nothing (its inputs made once). */
function kernelOf(c: ThreadCase): { describe: string; run: () => tf.Tensor } {
  const rng = new Rng(c.seed);
  const values = (shape: number[], lo = -2, hi = 2) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = lo + (hi - lo) * rng.next();
    return tf.constant(data, c.dtype).reshape(shape);
  };
  const size = rng.int(262_144, 600_000);
  const rank = rng.int(1, 3);
  const shape = dimsOfSize(rng, rank, size);
  const axis = rng.int(0, rank - 1);
  const text = (s: string) => `${c.dtype} ${s}`;
  switch (c.kind) {
    case 'binary': {
      const x = values(shape);
      // A partner of the same shape, of the trailing dimensions, with 1s, or a scalar.
      const partner = rng.pick([shape, shape.slice(axis), shape.map((d, i) => (i === axis ? d : 1)), []]);
      const y = values(partner);
      const op = rng.pick(['add', 'sub', 'mul', 'div', 'maximum'] as const);
      const swap = rng.bool();
      return { describe: text(`${op} [${shape}] and [${partner}]${swap ? ', swapped' : ''}`), run: () => (swap ? tf[op](y, x) : tf[op](x, y)) };
    }
    case 'unary': {
      const x = values(shape, -3, 3);
      const op = rng.pick(['exp', 'tanh', 'sigmoid', 'neg', 'square'] as const);
      return { describe: text(`${op} [${shape}]`), run: () => tf[op](x) };
    }
    case 'reduce': {
      const x = values(shape, 0.9, 1.1);
      const op = rng.pick(['reduceSum', 'reduceMean', 'reduceMax', 'reduceMin', 'reduceProd'] as const);
      const keep = rng.bool();
      return { describe: text(`${op} [${shape}] axis ${axis} keepdims ${keep}`), run: () => tf[op](x, axis, keep) };
    }
    case 'arg': {
      const x = values(shape);
      const op = rng.pick(['argMax', 'argMin'] as const);
      return { describe: text(`${op} [${shape}] axis ${axis}`), run: () => tf[op](x, axis) };
    }
    case 'cumulative': {
      const x = values(shape, 0.999, 1.001);
      const op = rng.pick(['cumsum', 'cumprod'] as const);
      const [exclusive, reverse] = [rng.bool(), rng.bool()];
      return { describe: text(`${op} [${shape}] axis ${axis} exclusive ${exclusive} reverse ${reverse}`), run: () => tf[op](x, axis, exclusive, reverse) };
    }
    case 'softmax': {
      const x = values(shape, -5, 5);
      const log = rng.bool();
      return { describe: text(`${log ? 'logSoftmax' : 'softmax'} [${shape}] axis ${axis}`), run: () => (log ? tf.nn.logSoftmax(x, axis) : tf.nn.softmax(x, axis)) };
    }
    case 'transpose': {
      const full = dimsOfSize(rng, 3, size);
      const x = values(full);
      const perm = rng.pick([[1, 0, 2], [0, 2, 1], [2, 1, 0], [2, 0, 1], [1, 2, 0]]);
      return { describe: text(`transpose [${full}] by [${perm}]`), run: () => tf.transpose(x, perm) };
    }
    case 'matmul': {
      // At least 2·128³ multiply-adds, the size from which products split.
      const [m, k, n] = [rng.int(100, 400), rng.int(100, 400), rng.int(100, 400)];
      const [ta, tb] = [rng.bool(), rng.bool()];
      const a = values(ta ? [k, m] : [m, k]);
      const b = values(tb ? [n, k] : [k, n]);
      return { describe: text(`matmul ${m}x${k}x${n} transposed ${ta}/${tb}`), run: () => tf.matmul(a, b, ta, tb) };
    }
    case 'matvec': {
      const k = rng.int(2, 40);
      const rows = rng.int(16_385, Math.floor(600_000 / k));
      const a = values([rows, k]);
      const v = values([k, 1]);
      return { describe: text(`matrix-vector ${rows}x${k}`), run: () => tf.matmul(a, v) };
    }
  }
}

const bitsOf = (t: tf.Tensor) => new Uint8Array(t.dataSync().buffer.slice(0));

describe('kernels split among threads', () => {
  it('give one thread\'s bits on three, for random shapes, axes, broadcasts and transposes', async () => {
    const startThreads = tf.backendInfo().threads;
    tf.setNumThreads(3);
    // (Memory cannot be shared in some environments: one thread whatever is asked. Node shares it.)
    expect(tf.backendInfo().threads, 'workers are available in Node').toBe(3);
    // The first large kernel starts the workers; they join the kernels once running.
    tf.matmul(tf.ones([256, 256]), tf.ones([256, 256])).dataSync();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stats = { kernels: 0 };
    try {
      checkProperty(
        'threads: random large kernels',
        fc.property(
          fc.record({ kind: fc.constantFrom(...KINDS), dtype: fc.constantFrom('float32' as const, 'float64' as const), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }),
          (c: ThreadCase) => {
            const k = kernelOf(c);
            tf.setNumThreads(1);
            const one = bitsOf(k.run());
            tf.setNumThreads(3);
            const three = bitsOf(k.run());
            stats.kernels++;
            if (one.length !== three.length || one.some((b, i) => b !== three[i])) throw new Error(`${k.describe}: three threads differ from one`);
          },
        ),
        { seed: 5051, numRuns: 120 },
        () => `${stats.kernels} kernels compared`,
      );
    } finally {
      tf.setNumThreads(startThreads);
    }
  });
});
