// Resuming a fit: the state onIteration receives (info.state), kept or sent through JSON, lets a
// later curveFit or leastSquares continue exactly where the first stopped: the same steps, the same
// result bits, in this process or in a new one, for 'lm' and 'trf'.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { fitNist, NIST_NAMES, parseNist } from './helpers/nist-strd';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

function expectSameResult(resumed: tf.CurveFitResult | tf.LeastSquaresResult, whole: tf.CurveFitResult | tf.LeastSquaresResult) {
  expect(resumed).toEqual(whole); // every field: parameters, covariance, counts, status, message
}

describe('curveFit resumed from info.state', () => {
  // NIST's Rat43 from its first start: 23 steps with either method.
  const rat43 = parseNist(NIST_NAMES.find((name) => name === 'Rat43')!);

  for (const [label, options] of [
    ["'lm'", {}],
    ["'trf' with bounds and a robust loss", { bounds: [[0, 0, 0, 0.1], [1000, 20, 5, 5]], loss: 'soft_l1', fScale: 10 }],
  ] as [string, tf.CurveFitOptions][]) {
    it(`${label}: stopped at every step in turn, through JSON, the result is the uninterrupted one`, () => {
      const states: tf.FitState[] = [];
      const whole = fitNist(rat43, 0, { ...options, onIteration: (info) => { states.push(info.state); } });
      expect(whole.iterations).toBeGreaterThan(5);
      expect(states).toHaveLength(whole.iterations);
      for (let k = 1; k <= whole.iterations; k++) {
        const stopped = fitNist(rat43, 0, { ...options, onIteration: (info) => info.iteration < k });
        if (k < whole.iterations) expect(stopped.status).toBe(-2);
        const saved = JSON.stringify(states[k - 1]);
        const resumed = fitNist(rat43, 0, { ...options, resume: JSON.parse(saved) as tf.FitState });
        expectSameResult(resumed, whole);
      }
    });
  }

  it('leastSquares resumes too', () => {
    const rosenbrock = (p: tf.Tensor) => {
      const [x0, x1] = tf.unstack(p);
      return tf.stack([x1!.sub(x0!.square()).mul(10), tf.sub(1, x0!)]);
    };
    let state: tf.FitState | undefined;
    const whole = tf.optimize.leastSquares(rosenbrock, [-1.2, 1], { onIteration: (info) => { if (info.iteration === 3) state = info.state; } });
    const resumed = tf.optimize.leastSquares(rosenbrock, [-1.2, 1], { resume: state! });
    expectSameResult(resumed, whole);
  });

  it('in a new process: stop after 4 steps and save the state; a second process resumes to the same bits', () => {
    const dir = mkdtempSync(join(root, 'test', '.resume-'));
    try {
      const script = join(dir, 'fit.mjs');
      const statePath = join(dir, 'state.json');
      writeFileSync(script, `
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from 'gradtape';
const [mode, statePath] = process.argv.slice(2);
const t = Array.from({ length: 40 }, (_, i) => i / 4);
const y = t.map((x) => 3 * Math.exp(-0.4 * x) * Math.cos(2 * x + 0.3) + 0.1 * Math.sin(37 * x));
const f = (x, a, b, c, d) => a.mul(tf.exp(b.neg().mul(x))).mul(tf.cos(c.mul(x).add(d)));
const options = mode === 'first'
  ? { onIteration: (info) => { if (info.iteration === 4) { writeFileSync(statePath, JSON.stringify(info.state)); return false; } } }
  : mode === 'resume' ? { resume: JSON.parse(readFileSync(statePath, 'utf8')) } : {};
const r = tf.optimize.curveFit(f, t, y, [2, 0.3, 1.9, 0], options);
console.log(JSON.stringify({ status: r.status, iterations: r.iterations, evaluations: r.evaluations, params: r.params.map((p) => Buffer.from(new Float64Array([p]).buffer).toString('hex')) }));
`);
      const run = (mode: string) => JSON.parse(execFileSync(process.execPath, [script, mode, statePath], { cwd: root, encoding: 'utf8', timeout: 60_000 })) as { status: number; iterations: number };
      expect(run('first').status).toBe(-2);
      const resumed = run('resume');
      const whole = run('whole');
      expect(whole.iterations).toBeGreaterThan(4);
      expect(resumed).toEqual(whole);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a batch resumes: one state per unfinished fit (null starts a fit from p0), each ending as it would have', () => {
    const t = Array.from({ length: 25 }, (_, i) => i / 5);
    const rows = [0.5, 1, 1.5, 2].map((k) => t.map((x) => 2 * Math.exp(-k * x) + 0.3 + 0.01 * Math.sin(13 * x * k)));
    const decay = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => a.mul(tf.exp(b.neg().mul(x))).add(c);
    const whole = tf.optimize.curveFit(decay, t, rows, [1, 1, 0]);
    // Interrupted: fits 0 and 2 stopped after 2 steps, fit 1 after 3; fit 3 never got to run.
    const states: (tf.FitState | null)[] = [null, null, null, null];
    tf.optimize.curveFit(decay, t, rows.slice(0, 3), [1, 1, 0], {
      onIteration: (info) => {
        states[info.fit!] = JSON.parse(JSON.stringify(info.state)) as tf.FitState;
        return info.iteration < (info.fit === 1 ? 3 : 2);
      },
    });
    const resumed = tf.optimize.curveFit(decay, t, rows, [1, 1, 0], { resume: states });
    resumed.forEach((r, b) => expectSameResult(r, whole[b]!));
  });

  it('a state that does not belong to the fit is an error', () => {
    const t = [0, 1, 2, 3, 4];
    const y = [1, 3, 5.2, 6.8, 9.1];
    const line = (x: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => x.mul(a).add(b);
    let state: tf.FitState | undefined;
    tf.optimize.curveFit(line, t, y, [0, 0], { onIteration: (info) => { state = info.state; } });
    expect(() => tf.optimize.curveFit(line, t, y, [0, 0], { resume: state!, method: 'trf' }))
      .toThrow("curveFit: resume must be the state an earlier fit's onIteration received (info.state); it is a 'lm' state and this fit's method is 'trf'.");
    expect(() => tf.optimize.curveFit(line, t, y, [0, 0, 0], { resume: state! }))
      .toThrow(/its x must be 3 finite numbers/);
    expect(() => tf.optimize.curveFit(line, t, y, [0, 0], { resume: { ...state!, radius: 'big' } as never }))
      .toThrow(/its radius must be a finite number/);
    expect(() => tf.optimize.curveFit(line, t, y, [0, 0], { resume: 3 as never })).toThrow(/resume must be the state .* got 3/);
    expect(() => tf.optimize.curveFit(line, t, [y, y], [0, 0], { resume: state! })).toThrow(/to resume a batch, pass resume as an array with one state \(or null\) per dataset/);
    expect(() => tf.optimize.curveFit(line, t, [y, y], [0, 0], { resume: [state!] })).toThrow(/resume has 1 entries for 2 datasets/);
    expect(() => tf.optimize.curveFit(line, t, y, [0, 0], { resume: [state!] })).toThrow(/resume as an array resumes a batch of datasets/);
    expect(() => tf.optimize.curveFit(line, t, [y, y], [0, 0], { resume: [null, { ...state!, x: [1] }] })).toThrow(/curveFit \(resume\[1\]\): .*its x must be 2 finite numbers/);
  });
});
