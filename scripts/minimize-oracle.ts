// gradtape's values, gradients and Hessian-vector products of the objectives in
// test/helpers/minimize-problems.ts and test/helpers/global-problems.ts, served over stdin/stdout
// for scripts/minimize_more_fixtures.py and scripts/basinhopping_brute_fixtures.py, so that scipy
// runs on exactly the numbers tf.optimize.minimize sees. Run by that script with tsx.
//
// Each request is a line of JSON: { problem, ask: 'f' | 'g' | 'hv' | 'h', x, v? } with the numbers as
// strings (Python's repr; 'NaN' and '±Infinity' too); each answer a line: the value, or the
// vector, as strings. The gradient and the product are taken exactly as minimize.ts takes them:
// a GradientTape's gradient (unconnected: zero), and the gradient of ∇f·v with one tape recording
// the gradient another takes; the Hessian ('h', n×n row by row) as the outer tape's Jacobian of
// that gradient.
import { createInterface } from 'node:readline';
import * as tf from 'gradtape';
import { GLOBAL_PROBLEMS } from '../test/helpers/global-problems';
import { MINIMIZE_PROBLEMS } from '../test/helpers/minimize-problems';

const PROBLEMS = { ...MINIMIZE_PROBLEMS, ...GLOBAL_PROBLEMS };

interface Request {
  problem: string;
  ask: 'f' | 'g' | 'hv' | 'h';
  x: string[];
  v?: string[];
}

function gradientOf(f: (x: tf.Tensor) => tf.Tensor, xt: tf.Tensor): tf.Tensor {
  const tape = new tf.GradientTape({ watchAccessedVariables: false });
  tape.watch(xt);
  const y = tape.record(() => f(xt));
  return tape.gradient(y, xt, { unconnectedGradients: 'zero' }) as tf.Tensor;
}

function answer(request: Request): string[] {
  const f = PROBLEMS[request.problem];
  if (!f) throw new Error(`no problem '${request.problem}'`);
  return tf.tidy(() => {
    const xt = tf.constant(Float64Array.from(request.x, Number));
    if (request.ask === 'f') return [String(f(xt).dataSync()[0])];
    if (request.ask === 'g') return Array.from(gradientOf(f, xt).dataSync(), String);
    if (request.ask === 'h') {
      const outer = new tf.GradientTape({ watchAccessedVariables: false });
      outer.watch(xt);
      const gradient = outer.record(() => gradientOf(f, xt));
      return Array.from((outer.jacobian(gradient, xt, { unconnectedGradients: 'zero' }) as tf.Tensor).dataSync(), String);
    }
    const direction = tf.constant(Float64Array.from(request.v!, Number));
    const outer = new tf.GradientTape({ watchAccessedVariables: false });
    outer.watch(xt);
    const slope = outer.record(() => gradientOf(f, xt).mul(direction).sum());
    return Array.from((outer.gradient(slope, xt, { unconnectedGradients: 'zero' }) as tf.Tensor).dataSync(), String);
  });
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  process.stdout.write(`${JSON.stringify(answer(JSON.parse(line) as Request))}\n`);
});
