// tf.optimize's scalar functions beside scipy 1.17's: test/fixtures/scalar-optimize-scipy.json,
// written by scripts/scalar_optimize_fixtures.py. minimizeScalar by 'brent', 'golden' and
// 'bounded' (no bracket, two- and three-point brackets, tolerances, iteration limits, a function
// with no bracket, NaN, scipy's argument errors); rootScalar by all eight methods (every
// bracketing method on eight problems, tolerances, maxiter, sign errors, NaN values, Newton's
// family with given derivatives, forward differences and derivatives from the tape, the default
// method choice); the classic brentq, brenth, ridder, bisect, toms748 and newton with fullOutput
// and disp.
//
// Tolerance: none. The problems use sums, products and quotients only (test/helpers/
// scalar-problems.ts), which both sides round alike, so roots, minima, values, counts, flags and
// messages agree to the bit and the letter.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MIN_PROBLEMS, ROOT_PROBLEMS, TENSOR_MIN_PROBLEMS, TENSOR_ROOT_PROBLEMS } from './helpers/scalar-problems';

type Options = Record<string, unknown>;
interface Case {
  kind: string;
  problem: string;
  tape?: boolean;
  args?: number[];
  options: Options;
  error?: string;
  message?: string;
  warnings?: string[];
  [key: string]: unknown;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/scalar-optimize-scipy.json', import.meta.url), 'utf8')) as { scipy: string; cases: Case[] };

/** JSON's stand-ins for non-finite numbers, back to numbers. */
const revive = (v: unknown): unknown => {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (Array.isArray(v)) return v.map(revive);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, revive(e)]));
  return v;
};

/** scipy's options with 'given' derivatives replaced by the problem's. */
function rootOptions(c: Case): Options {
  const [, fp, fpp] = ROOT_PROBLEMS[c.problem]!;
  const o: Options = { ...(revive(c.options) as Options) };
  if (o.fprime === 'given') o.fprime = fp;
  if (o.fprime2 === 'given') o.fprime2 = fpp;
  return o;
}

function run(c: Case): unknown {
  if (c.kind === 'minimizeScalar') return tf.optimize.minimizeScalar(MIN_PROBLEMS[c.problem]!, revive(c.options) as never);
  if (c.kind === 'rootScalar') {
    const f = c.tape ? TENSOR_ROOT_PROBLEMS[c.problem]! : ROOT_PROBLEMS[c.problem]![0];
    return tf.optimize.rootScalar(f as never, rootOptions(c) as never);
  }
  const f = ROOT_PROBLEMS[c.problem]![0];
  const fn = (tf.optimize as unknown as Record<string, (...a: unknown[]) => unknown>)[c.kind]!;
  const out = fn(f, ...c.args!, rootOptions(c));
  return Array.isArray(out) ? { root: out[0], results: out[1] } : { root: out };
}

function expected(c: Case): unknown {
  const { kind: _k, problem: _p, tape: _t, args: _a, options: _o, warnings: _w, ...rest } = c;
  return revive(rest);
}

afterEach(() => vi.restoreAllMocks());

describe('scalar minimization and roots beside scipy', () => {
  it('has every method, error and ending', () => {
    expect(fixture.scipy).toMatch(/^1\.17\./);
    const methods = new Set(fixture.cases.map((c) => (c.options.method as string | undefined) ?? c.kind));
    for (const m of ['brent', 'golden', 'bounded', 'brentq', 'brenth', 'ridder', 'bisect', 'toms748', 'newton', 'secant', 'halley']) expect(methods.has(m), m).toBe(true);
    expect(fixture.cases.some((c) => c.message === 'f(a) and f(b) must have different signs')).toBe(true);
    expect(fixture.cases.some((c) => (c as { converged?: boolean }).converged === false)).toBe(true);
    expect(fixture.cases.some((c) => c.error === 'RuntimeError')).toBe(true);
    expect(fixture.cases.some((c) => c.tape)).toBe(true);
  });

  fixture.cases.forEach((c, i) => {
    it(`${i}: ${c.kind} ${c.problem} ${JSON.stringify(c.options)}${c.args ? ` ${JSON.stringify(c.args)}` : ''}`, () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      if (c.error !== undefined) {
        let error: unknown;
        try {
          run(c);
        } catch (e) {
          error = e;
        }
        expect((error as Error | undefined)?.message).toBe(c.message);
        return;
      }
      expect(run(c)).toEqual(expected(c));
      // scipy's warnings (zero derivatives, equal secant values, 'bounded' with tol) are warned.
      expect(warn.mock.calls.map((args) => args[0])).toEqual(c.warnings ?? []);
    });
  });
});

describe('tensor functions', () => {
  it('take the same path as the same function on numbers', () => {
    for (const [name, f] of Object.entries(TENSOR_ROOT_PROBLEMS)) {
      const g = ROOT_PROBLEMS[name]![0];
      for (const method of ['brentq', 'toms748', 'ridder'] as const) {
        const bracket = name === 'cubic' ? [2, 3] : [0, 2];
        if (name === 'quad2') bracket.splice(0, 2, 0, 1);
        expect(tf.optimize.rootScalar(f, { method, bracket })).toEqual(tf.optimize.rootScalar(g, { method, bracket }));
      }
    }
    for (const [name, f] of Object.entries(TENSOR_MIN_PROBLEMS)) {
      const g = MIN_PROBLEMS[name]!;
      for (const method of ['brent', 'golden'] as const) expect(tf.optimize.minimizeScalar(f, { method })).toEqual(tf.optimize.minimizeScalar(g, { method }));
      expect(tf.optimize.minimizeScalar(f, { bounds: [-3, 0.5] })).toEqual(tf.optimize.minimizeScalar(g, { bounds: [-3, 0.5] }));
    }
  });

  it('accepts tf.* functions of numbers, and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const r = tf.optimize.rootScalar((x: tf.Tensor) => tf.sub(tf.mul(x, x), 2), { x0: 1 });
    expect(r.root).toBe(Math.SQRT2);
    expect(r.method).toBe('newton');
    expect(tf.optimize.newton((x: tf.Tensor) => tf.sub(tf.mul(x, x), 2), 1, { fprime: true, fprime2: true, fullOutput: true })[1].method).toBe('halley');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('explains a function of numbers asked for tape derivatives, and bad results', () => {
    expect(() => tf.optimize.newton((x: number) => x * x - 2, 1, { fprime: true })).toThrow(/needs f written with tensor ops/);
    expect(() => tf.optimize.rootScalar((x: number) => x * x - 2, { x0: 1, method: 'halley' })).toThrow('fprime must be specified for halley');
    expect(() => tf.optimize.brentq((() => 'a') as never, 0, 1)).toThrow(/must return a number or a rank-0 tensor/);
    expect(() => tf.optimize.brentq((x: tf.Tensor) => x.reshape([1, 1]).tile([1, 2]), 0, 1)).toThrow(/returned shape \[1, 2\]/);
    expect(() => tf.optimize.minimizeScalar(3 as never)).toThrow(/must be a function/);
    expect(() => tf.optimize.minimizeScalar((x: number) => x * x, { method: 'brent', options: { xatol: 1 } })).toThrow(/unknown option 'xatol' for method 'brent'/);
  });

  it('finds an implied volatility with the derivative from the tape', () => {
    // Bachelier's call price on a forward F, strike K, time T: (F - K) Φ(d) + σ√T φ(d), d = (F - K)/(σ√T).
    const [F, K, T, price] = [100, 105, 0.5, 4.2];
    const call = (sigma: tf.Tensor) => {
      const s = sigma.mul(Math.sqrt(T));
      const d = tf.div(F - K, s);
      const cdf = tf.add(1, tf.erf(d.div(Math.SQRT2))).mul(0.5);
      const pdf = tf.exp(d.square().mul(-0.5)).div(Math.sqrt(2 * Math.PI));
      return cdf.mul(F - K).add(s.mul(pdf)).sub(price);
    };
    const r = tf.optimize.rootScalar(call, { x0: 10 });
    expect(r.converged).toBe(true);
    expect(Math.abs((tf.tidy(() => call(tf.constant(r.root, 'float64')).dataSync()[0]) as number))).toBeLessThan(1e-12);
  });
});
