// The NIST StRD nonlinear regression suite (27 problems, two starting points each; data in
// test/fixtures/nist-strd) fitted by tf.optimize.curveFit with default options, and again with
// method 'trf'. Every certified parameter must come out to at least 6 significant digits and every
// certified standard deviation to at least 3, as log relative errors (LRE, McCullough). A case
// that cannot would be listed in KNOWN_SHORT (KNOWN_SHORT_TRF) with its reason and checked to
// still fall short, so that it is never hidden.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { NIST_NAMES, fitNist, lre, parseNist } from './helpers/nist-strd';

const PARAMETER_DIGITS = 6;
const STANDARD_ERROR_DIGITS = 3;

/** `problem/start` -> why it falls short. Empty: all 54 fits meet both bars. Lanczos1's standard
 * errors are the closest (3.05 digits from start 2, 3.5 from start 1): its certified residual sum
 * of squares, 1.4e-25, is at the rounding level of float64 residuals (|r| ≈ 7e-14 against model
 * values up to 2.5), and the standard errors scale with its square root, so they carry about 3
 * digits in any float64 evaluation. A change in the order of arithmetic can move them to 2.9 (a
 * faster norm did): that is rounding, not a regression; move the case here with this reason. */
const KNOWN_SHORT = new Map<string, string>([]);

describe('NIST StRD nonlinear regression, curveFit defaults', () => {
  it('has the 27 problems', () => {
    expect(NIST_NAMES).toHaveLength(27);
  });
  nistCases(undefined, KNOWN_SHORT);
});

/** Method 'trf' without bounds (its default xScale 1, tolerances 1e-15) meets the same bars on all
 * 54 (measured: 54/54 parameters to 6+ digits and standard errors to 3+; the closest are Lanczos1
 * from start 2, standard errors 3.1 digits for the reason given above, and Lanczos3/2 and ENSO/2,
 * parameters to 6.4 and 6.5 digits; Bennett5/1 takes the most iterations, 279). */
const KNOWN_SHORT_TRF = new Map<string, string>([]);

describe("NIST StRD nonlinear regression, curveFit method 'trf' (unbounded)", () => {
  nistCases({ method: 'trf' }, KNOWN_SHORT_TRF);
});

function nistCases(options: tf.CurveFitOptions | undefined, knownShort: Map<string, string>): void {
  for (const name of NIST_NAMES) {
    const problem = parseNist(name);
    for (const start of [0, 1] as const) {
      const key = `${name}/${start + 1}`;
      it(`${key}: parameters to ${PARAMETER_DIGITS} digits, standard errors to ${STANDARD_ERROR_DIGITS}`, () => {
        const before = tf.memory().numTensors;
        const r = fitNist(problem, start, options);
        expect(tf.memory().numTensors).toBe(before);
        const parameterLre = Math.min(...r.params.map((p, j) => lre(p, problem.certifiedValues[j]!)));
        const standardErrorLre = Math.min(...r.standardErrors.map((s, j) => lre(s, problem.certifiedStandardErrors[j]!)));
        const meets = parameterLre >= PARAMETER_DIGITS && standardErrorLre >= STANDARD_ERROR_DIGITS;
        if (knownShort.has(key)) {
          // Still short: when this fails, the case was fixed and belongs out of the known-short list.
          expect(meets, `${key} now meets the bar; remove it from the known-short list`).toBe(false);
          return;
        }
        expect(r.converged, r.message).toBe(true);
        expect(parameterLre, `${key}: params ${r.params}`).toBeGreaterThanOrEqual(PARAMETER_DIGITS);
        expect(standardErrorLre, `${key}: standard errors ${r.standardErrors}`).toBeGreaterThanOrEqual(STANDARD_ERROR_DIGITS);
        expect(lre(r.residualSumOfSquares, problem.certifiedResidualSumOfSquares)).toBeGreaterThanOrEqual(name === 'Lanczos1' ? 2 : 6);
      });
    }
  }
}
