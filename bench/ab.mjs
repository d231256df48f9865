// Interleaved A/B timing of two builds of gradtape on the paths every op takes (small tensors,
// scalars, recorded tapes, a small matmul step): what an allocator or ABI change can make faster
// or slower.
//
//   node bench/ab.mjs <A/dist/index.mjs> <B/dist/index.mjs> [rounds] [text in the case names]
//
// Every round runs each build in a fresh Node process (warm-up, then each case once), A first in
// even rounds and B first in odd ones, so load changes on a shared machine and the order hit both
// alike. (Two builds in one process time unevenly: the second copy of the same JS runs faster.)
// Prints the median per case and B/A, of wall-clock time and of the process's CPU time (user +
// system, which descheduling on a busy machine does not inflate).
import { execFileSync } from 'node:child_process';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The tutorial's puzzle step on four new scalar variables: a tape, the gradient, Adam. */
const puzzleStep = (tf) => {
  const vars = [1, 2, 3, 4].map((v) => new tf.Variable(v));
  const [A, B, C, D] = vars;
  const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
  return () => {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const y1 = A.add(B).sub(9);
      const y2 = C.sub(D).sub(1);
      const y3 = A.add(C).sub(8);
      const y4 = B.sub(D).sub(2);
      return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
    });
    const grads = tape.gradient(loss, vars);
    optimizer.applyGradients(grads.map((g, k) => [g, vars[k]]));
  };
};

/** Each case takes the module and returns a function that runs the case once. */
const cases = {
  '200k x.mul(x).add(1), x of shape [4], eager': (tf) => {
    const x = tf.constant([1, 2, 3, 4]);
    return () => {
      for (let i = 0; i < 200_000; i++) x.mul(x).add(1);
    };
  },
  '200k x.mul(x).add(1), x a scalar, eager': (tf) => {
    const x = tf.constant(1.5);
    return () => {
      for (let i = 0; i < 200_000; i++) x.mul(x).add(1);
    };
  },
  '200k x.mul(x).add(1), x a scalar, recorded (200 tapes)': (tf) => {
    const x = new tf.Variable(1.5);
    return () => {
      for (let t = 0; t < 200; t++) {
        const tape = new tf.GradientTape();
        tape.record(() => {
          for (let i = 0; i < 1000; i++) x.mul(x).add(1);
        });
        tape.dispose();
      }
    };
  },
  '20k tape steps: tutorial regression (20x3 design matrix), gradient, Adam': (tf) => {
    const x = tf.random.normal([20, 3], { seed: 1 });
    const y = tf.random.normal([20, 1], { seed: 2 });
    const w = new tf.Variable(tf.random.normal([3, 1], { seed: 3 }));
    const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
    return () => {
      for (let i = 0; i < 20_000; i++) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => tf.reduceSum(tf.square(y.sub(x.matmul(w)))));
        optimizer.applyGradients([[tape.gradient(loss, w), w]]);
      }
    };
  },
  '20k tape steps: 4-variable puzzle, gradient, Adam': (tf) => {
    const step = puzzleStep(tf);
    return () => {
      for (let i = 0; i < 20_000; i++) step();
    };
  },
  // Compiled calls (tf.function): the per-call cost of a replay, from a trivial program to the
  // tutorial's whole step.
  '200k compiled calls: v.assign(v.add(1))': (tf) => {
    const v = new tf.Variable(1);
    const f = tf.function(() => {
      v.assign(v.add(1));
    });
    return () => {
      for (let i = 0; i < 200_000; i++) f();
    };
  },
  '200k compiled calls: f(x, y, 2) = x·y + 2, tensor arguments and result': (tf) => {
    const x = tf.ones([4]);
    const y = tf.ones([4]);
    const f = tf.function((a, b, s) => a.mul(b).add(s));
    return () => {
      for (let i = 0; i < 200_000; i++) f(x, y, 2);
    };
  },
  '200k compiled calls: Adam applyGradients on a [3, 1] variable': (tf) => {
    const w = new tf.Variable(tf.ones([3, 1]));
    const g = tf.fill([3, 1], 0.5);
    const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
    const f = tf.function(() => {
      optimizer.applyGradients([[g, w]]);
    });
    return () => {
      for (let i = 0; i < 200_000; i++) f();
    };
  },
  '200k compiled calls: 4-variable puzzle step (tape, gradient, Adam)': (tf) => {
    const f = tf.function(puzzleStep(tf));
    return () => {
      for (let i = 0; i < 200_000; i++) f();
    };
  },
  '200k compiled calls: tutorial regression step (tape, gradient, Adam)': (tf) => {
    const x = tf.random.normal([20, 3], { seed: 1 });
    const y = tf.random.normal([20, 1], { seed: 2 });
    const w = new tf.Variable(tf.random.normal([3, 1], { seed: 3 }));
    const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
    const f = tf.function(() => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(y.sub(x.matmul(w)))));
      optimizer.applyGradients([[tape.gradient(loss, w), w]]);
    });
    return () => {
      for (let i = 0; i < 200_000; i++) f();
    };
  },
  '2k steps: [64,64] matmul + add + gradient (1 MiB of temporaries)': (tf) => {
    const x = tf.ones([64, 64]);
    const w = new tf.Variable(tf.ones([64, 64]));
    return () => {
      for (let i = 0; i < 2000; i++) {
        const tape = new tf.GradientTape();
        const y = tape.record(() => tf.reduceSum(tf.matmul(x, w).add(1)));
        tape.gradient(y, w);
      }
    };
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const [pathA, pathB, roundsArg, only = ''] = process.argv[2] === '--child' ? [] : process.argv.slice(2);
const selected = Object.keys(cases).filter((name) => name.includes(process.argv[2] === '--child' ? process.argv[4] : only));

if (process.argv[2] === '--child') {
  const tf = await import(pathToFileURL(resolve(process.argv[3])).href);
  const runs = selected.map((name) => [name, cases[name](tf)]);
  for (const [, run] of runs) run(); // warm-up
  const times = {};
  for (const [name, run] of runs) {
    const [t0, c0] = [performance.now(), process.cpuUsage()];
    run();
    const cpu = process.cpuUsage(c0);
    times[name] = { wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 };
  }
  console.log(JSON.stringify(times));
} else {
  if (!pathA || !pathB) {
    console.error('usage: node bench/ab.mjs <A/dist/index.mjs> <B/dist/index.mjs> [rounds] [text in the case names]');
    process.exit(2);
  }
  const rounds = Number(roundsArg ?? 7);
  const child = (path) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', path, only], { encoding: 'utf8' }));
  const times = { A: [], B: [] };
  for (let r = 0; r < rounds; r++) {
    for (const label of r % 2 === 0 ? ['A', 'B'] : ['B', 'A']) times[label].push(child(label === 'A' ? pathA : pathB));
  }
  console.log(`median of ${rounds} interleaved rounds, one process per build per round (ms); A = ${pathA}, B = ${pathB}`);
  for (const name of selected) {
    const cells = ['wall', 'cpu'].map((kind) => {
      const [a, b] = ['A', 'B'].map((l) => median(times[l].map((t) => t[name][kind])));
      return `${kind} A ${a.toFixed(1).padStart(7)} B ${b.toFixed(1).padStart(7)} B/A ${(b / a).toFixed(3)}`;
    });
    console.log(`${name.padEnd(66)} ${cells.join('   ')}`);
  }
}
