// The demo's expression parser (demo/src/expression.ts): what it accepts, what it refuses and
// where it says the problem is, that the compiled gradtape model and the plain-number evaluator
// agree with the same formula written in JavaScript, and that a typed model fits like a
// hand-written one.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { compileModel, evaluateAt, ExpressionError, isParameterName, parseExpression } from '../demo/src/expression';
import { BUILT_IN_MODELS, builtInModel, seededNormal } from '../demo/src/models';

const XS = [-1.5, -0.3, 0, 0.25, 1, 2.5, 4];

/** The model's values at XS, through gradtape (float64) and through the plain evaluator. */
function bothWays(source: string, params: number[]): { gradtape: number[]; plain: number[] } {
  const model = parseExpression(source);
  const f = compileModel(model, tf);
  const out = f(tf.constant(XS, 'float64'), ...params.map((p) => tf.constant(p, 'float64')));
  expect(out.shape).toEqual([XS.length]);
  return { gradtape: Array.from(out.dataSync()), plain: XS.map((x) => evaluateAt(model, x, params)) };
}

function expectClose(actual: number[], expected: number[], tolerance = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => {
    if (!Number.isFinite(expected[i]!)) expect(v, `value ${i}`).toBe(expected[i]); // a / x at x = 0
    else expect(Math.abs(v - expected[i]!), `value ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[i]!)));
  });
}

describe('parseExpression', () => {
  it('lists the parameters in order of first appearance, without x, pi or function names', () => {
    expect(parseExpression('a * exp(-b * x) + c').parameters).toEqual(['a', 'b', 'c']);
    expect(parseExpression('c + b*x + a*x^2 + b').parameters).toEqual(['c', 'b', 'a']);
    expect(parseExpression('amp * sin(2 * pi * freq * x + phase_0)').parameters).toEqual(['amp', 'freq', 'phase_0']);
    expect(parseExpression('k').usesX).toBe(false);
    expect(parseExpression('k * x').usesX).toBe(true);
  });

  it('follows the usual precedence: ^ over unary minus over * / over + -, ^ to the right', () => {
    const cases: [string, (x: number, a: number) => number][] = [
      ['a + 2 * x', (x, a) => a + 2 * x],
      ['a - x - 1', (x, a) => a - x - 1],
      ['a / x / 2', (x, a) => a / x / 2],
      ['-x^2 + a', (x, a) => -(x ** 2) + a],
      ['a * 2^3^2', (_, a) => a * 2 ** 9],
      ['a * 2^-x', (x, a) => a * 2 ** -x],
      ['(a + x) * (a - x)', (x, a) => (a + x) * (a - x)],
      ['a*x^3 - --x', (x, a) => a * x ** 3 - x],
      ['+a * 1.5e-1 * .5 + 2E2', (_, a) => a * 0.15 * 0.5 + 200],
      ['a * exp(-x) + log(a) + sqrt(abs(x)) + tanh(x) - cos(pi * x) * sin(x)', (x, a) => a * Math.exp(-x) + Math.log(a) + Math.sqrt(Math.abs(x)) + Math.tanh(x) - Math.cos(Math.PI * x) * Math.sin(x)],
    ];
    for (const [source, reference] of cases) {
      const { gradtape, plain } = bothWays(source, [1.7]);
      const expected = XS.map((x) => reference(x, 1.7));
      expectClose(gradtape, expected);
      expectClose(plain, expected);
    }
  });

  it('gives x’s shape for a model without x, and refuses a model with no parameter', () => {
    expect(bothWays('a * 2', [3]).gradtape).toEqual(XS.map(() => 6));
    expect(() => parseExpression('2 * x + 1')).toThrow(/no parameters to fit/);
  });

  it('says what is wrong and where', () => {
    const cases: [string, RegExp, number][] = [
      ['', /the expression is empty/, 1],
      ['   ', /the expression is empty/, 1],
      ['a * (x + 1', /expected '\)' to close '\(', found the end of the expression/, 11],
      ['a * exp(x', /expected '\)' to close exp\(/, 10],
      ['a * exp', /'exp' is a function: write exp\(\.\.\.\)/, 5],
      ['a * foo(x)', /unknown function 'foo' \(known: exp, log, sin, cos, tanh, sqrt, abs\)/, 5],
      ['2x + a', /expected an operator between '2' and 'x'/, 2],
      ['a * x)', /expected an operator between 'x' and '\)'/, 6],
      ['a * * x', /expected a number, x, a parameter, a function or '\(', found '\*'/, 5],
      ['a + x $ 2', /unexpected character '\$'/, 7],
      ['a +', /found the end of the expression/, 4],
      ['x.y * a', /unexpected character '\.'/, 2],
    ];
    for (const [source, message, column] of cases) {
      let error: unknown;
      try {
        parseExpression(source);
      } catch (e) {
        error = e;
      }
      expect(error, source).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).message, source).toMatch(message);
      expect((error as ExpressionError).column, source).toBe(column);
    }
    expect(() => parseExpression('a + '.repeat(200) + 'x')).toThrow(/longer than 500 characters/);
  });

  it('tells parameter names from reserved ones', () => {
    expect(['a', 'x0', 'mu', '_k'].every(isParameterName)).toBe(true);
    expect(['x', 'pi', 'exp', '2a', 'a-b'].some(isParameterName)).toBe(false);
  });
});

describe('the built-in models', () => {
  it('parse, and each guess gives one start per parameter', () => {
    for (const m of BUILT_IN_MODELS) {
      const parsed = parseExpression(m.expression);
      expect(m.sample.length, m.id).toBe(parsed.parameters.length);
      expect(m.guess([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 2 }]).length, m.id).toBe(parsed.parameters.length);
    }
    expect(() => builtInModel('cubic spline')).toThrow(/unknown model 'cubic spline' \(known: line, polynomial/);
  });

  it('fit their own sample data from their guessed start, back to the sample parameters within 4 standard errors', () => {
    const normal = seededNormal(3);
    for (const m of BUILT_IN_MODELS) {
      const parsed = parseExpression(m.expression);
      const xs = Array.from({ length: 40 }, (_, i) => (10 * i) / 39);
      const points = xs.map((x) => ({ x, y: evaluateAt(parsed, x, m.sample) + 0.05 * normal() }));
      const fit = tf.optimize.curveFit(compileModel(parsed, tf), xs, points.map((p) => p.y), m.guess(points));
      expect(fit.converged, `${m.id}: ${fit.message}`).toBe(true);
      fit.params.forEach((p, i) => {
        // The damped sine's phase is only defined up to 2π (and a sign with the amplitude).
        expect(Math.abs(p - m.sample[i]!), `${m.id} ${parsed.parameters[i]} = ${p} ± ${fit.standardErrors[i]}`).toBeLessThan(4 * fit.standardErrors[i]! + 1e-9);
      });
    }
  });

  it('a typed model fits exactly as the same model written with gradtape ops', () => {
    const xs = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5];
    const ys = [3.01, 1.8, 1.2, 0.87, 0.69, 0.6, 0.55, 0.53];
    const typed = tf.optimize.curveFit(compileModel(parseExpression('a * exp(-b * x) + c'), tf), xs, ys, [1, 1, 0]);
    const byHand = tf.optimize.curveFit((t, a, b, c) => a!.mul(tf.exp(t.mul(b!).neg())).add(c!), xs, ys, [1, 1, 0]);
    expect(typed.params).toEqual(byHand.params);
    expect(typed.standardErrors).toEqual(byHand.standardErrors);
    expect(typed.iterations).toBe(byHand.iterations);
  });
});
