// A/B: the same small training steps on two builds of gradtape in one process, interleaved
// round by round (A B A B ...), reporting each side's median µs/step and the per-round ratios.
// Usage: npx tsx bench/ab.ts <path to old dist/index.mjs> [rounds]
// (The new side is this checkout's dist/index.mjs.)
import { regressionData, puzzleStart, median } from './util';

type TF = typeof import('../ts/index');

function regression(tf: TF): (n: number) => void {
  const { XX, Y, w0 } = regressionData();
  const x = tf.constant(XX);
  const y = tf.constant(Y);
  const w = new tf.Variable(w0);
  const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
  return (n) => {
    for (let i = 0; i < n; i++) {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(y.sub(x.matmul(w)))));
      optimizer.applyGradients([[tape.gradient(loss, w), w]]);
    }
  };
}

function puzzle(tf: TF): (n: number) => void {
  const vars = puzzleStart.map((v) => new tf.Variable(v));
  const [A, B, C, D] = vars as [InstanceType<TF['Variable']>, InstanceType<TF['Variable']>, InstanceType<TF['Variable']>, InstanceType<TF['Variable']>];
  const optimizer = new tf.keras.optimizers.Nadam({ learningRate: 0.1 });
  return (n) => {
    for (let i = 0; i < n; i++) {
      const tape = new tf.GradientTape();
      const loss = tape.record(() =>
        tf.square(A.add(B).sub(9)).add(tf.square(C.sub(D).sub(1))).add(tf.square(A.add(C).sub(8))).add(tf.square(B.sub(D).sub(2))),
      );
      const grads = tape.gradient(loss, vars);
      optimizer.applyGradients(grads.map((g, k) => [g, vars[k]!] as const));
    }
  };
}

async function main(): Promise<void> {
  const oldPath = process.argv[2];
  if (!oldPath) throw new Error('usage: npx tsx bench/ab.ts <old dist/index.mjs> [rounds]');
  const rounds = Number(process.argv[3] ?? 7);
  const A = (await import(oldPath)) as TF;
  const newPath = new URL('../dist/index.mjs', import.meta.url).href;
  const B = (await import(newPath)) as TF;
  for (const [name, make, n] of [['regression', regression, 5000], ['puzzle', puzzle, 5000]] as const) {
    const runs = { old: [] as number[], new: [] as number[] };
    const stepA = make(A);
    const stepB = make(B);
    stepA(n);
    stepB(n); // warm-up
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      stepA(n);
      const a = ((performance.now() - t) * 1000) / n;
      t = performance.now();
      stepB(n);
      const b = ((performance.now() - t) * 1000) / n;
      runs.old.push(a);
      runs.new.push(b);
      ratios.push(b / a);
    }
    console.log(
      `${name}: old ${median(runs.old).toFixed(2)} µs/step, new ${median(runs.new).toFixed(2)} µs/step, ` +
        `new/old median ${median(ratios).toFixed(3)} (rounds: ${ratios.map((x) => x.toFixed(2)).join(' ')})`,
    );
  }
}

void main();
