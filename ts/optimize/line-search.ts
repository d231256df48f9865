// A line search for the strong Wolfe conditions, as Moré and Thuente published it ("Line search
// algorithms with guaranteed sufficient decrease", ACM TOMS 20, 1994): safeguarded cubic and
// quadratic steps inside an interval of uncertainty that is first widened, then shrunk, with the
// modified function ψ(α) = φ(α) - φ(0) - c1 α φ'(0) while no step has met sufficient decrease.
// Written from the paper; this file knows nothing about tensors.

export interface LineSearchSettings {
  /** Sufficient decrease constant (c1). */
  readonly ftol: number;
  /** Curvature constant (c2): |φ'(α)| <= c2 |φ'(0)|. */
  readonly gtol: number;
  /** Relative width of the interval of uncertainty at which the search gives up refining. */
  readonly xtol: number;
  readonly stpmin: number;
  readonly stpmax: number;
  /** The most trial steps (function evaluations). */
  readonly maxEvaluations: number;
}

export interface LineSearchResult {
  /** The accepted step (or the best step found when `ok` is false). */
  readonly step: number;
  readonly f: number;
  /** φ'(step). */
  readonly slope: number;
  readonly evaluations: number;
  /** 'converged': strong Wolfe met; 'warning': a limit of the search (stpmax, stpmin, rounding,
   * xtol) was reached at a step with sufficient decrease or at the bound; 'failed': no usable step. */
  readonly outcome: 'converged' | 'warning' | 'failed';
}

const XTRAPL = 1.1;
const XTRAPU = 4;

/**
 * Searches along a direction from φ(0) = `f0` with slope `g0` < 0, starting at `step`.
 * `phi(α)` returns [φ(α), φ'(α)]; a non-finite value is treated as "too far" and the step is
 * pulled back towards the best step so far.
 */
export function moreThuente(
  phi: (alpha: number) => [number, number],
  f0: number,
  g0: number,
  step: number,
  s: LineSearchSettings,
): LineSearchResult {
  let stp = Math.min(Math.max(step, s.stpmin), s.stpmax);
  let brackt = false;
  let stage = 1;
  const gtest = s.ftol * g0;
  let width = s.stpmax - s.stpmin;
  let width1 = 2 * width;
  let stx = 0, fx = f0, gx = g0;
  let sty = 0, fy = f0, gy = g0;
  let stmin = 0;
  let stmax = stp + XTRAPU * stp;
  let evaluations = 0;
  let bestStep = 0, bestF = f0, bestG = g0;
  /** The smallest step found where f or its slope is not finite: later steps stay below it. */
  let undefinedFrom = Infinity;

  const evaluate = (): [number, number] | null => {
    for (;;) {
      if (evaluations >= s.maxEvaluations) return null;
      evaluations++;
      const [f, g] = phi(stp);
      if (Number.isFinite(f) && Number.isFinite(g)) return [f, g];
      // Undefined here: look again a quarter of the way from the best step, and never this far again.
      undefinedFrom = Math.min(undefinedFrom, stp);
      const back = stx + 0.25 * (stp - stx);
      if (back === stp || back === stx) return null;
      stp = back;
    }
  };

  for (;;) {
    const value = evaluate();
    if (value === null) {
      return { step: bestStep, f: bestF, slope: bestG, evaluations, outcome: bestStep > 0 ? 'warning' : 'failed' };
    }
    const [f, g] = value;
    const ftest = f0 + stp * gtest;
    if (f <= ftest && f < bestF) { bestStep = stp; bestF = f; bestG = g; }
    if (stage === 1 && f <= ftest && g >= 0) stage = 2;

    // Convergence and the search's limits (the paper's termination tests).
    if (f <= ftest && Math.abs(g) <= s.gtol * -g0) return { step: stp, f, slope: g, evaluations, outcome: 'converged' };
    const limit =
      (brackt && (stp <= stmin || stp >= stmax)) ||
      (brackt && stmax - stmin <= s.xtol * stmax) ||
      (stp === s.stpmax && f <= ftest && g <= gtest) ||
      (stp === s.stpmin && (f > ftest || g >= gtest));
    if (limit) {
      if (f <= ftest) return { step: stp, f, slope: g, evaluations, outcome: 'warning' };
      return { step: bestStep, f: bestF, slope: bestG, evaluations, outcome: bestStep > 0 ? 'warning' : 'failed' };
    }

    let next: StepState;
    if (stage === 1 && f <= fx && f > ftest) {
      // The modified function ψ: its values and slopes relative to the sufficient-decrease line.
      next = cstep(
        { stx, fx: fx - stx * gtest, dx: gx - gtest, sty, fy: fy - sty * gtest, dy: gy - gtest, brackt },
        stp, f - stp * gtest, g - gtest, stmin, stmax,
      );
      next.fx += next.stx * gtest; next.dx += gtest;
      next.fy += next.sty * gtest; next.dy += gtest;
    } else {
      next = cstep({ stx, fx, dx: gx, sty, fy, dy: gy, brackt }, stp, f, g, stmin, stmax);
    }
    ({ stx, fx, sty, fy, brackt } = next);
    gx = next.dx; gy = next.dy;
    stp = next.stp;

    if (brackt) {
      // Force a sufficient shrink of the interval: bisect when two steps shrank it too little.
      if (Math.abs(sty - stx) >= 0.66 * width1) stp = stx + 0.5 * (sty - stx);
      width1 = width;
      width = Math.abs(sty - stx);
      stmin = Math.min(stx, sty);
      stmax = Math.max(stx, sty);
    } else {
      stmin = stp + XTRAPL * (stp - stx);
      stmax = stp + XTRAPU * (stp - stx);
    }
    stp = Math.min(Math.max(stp, s.stpmin), s.stpmax);
    if (stp >= undefinedFrom) stp = stx + 0.5 * (undefinedFrom - stx);
    // No further progress possible: fall back to the best step.
    if ((brackt && (stp <= stmin || stp >= stmax)) || (brackt && stmax - stmin <= s.xtol * stmax)) stp = stx;
  }
}

interface StepState {
  stx: number; fx: number; dx: number;
  sty: number; fy: number; dy: number;
  brackt: boolean;
  stp: number;
}

/** One safeguarded step (the paper's four cases) and the updated interval of uncertainty. */
function cstep(
  st: Omit<StepState, 'stp'>,
  stp: number, fp: number, dp: number,
  stpmin: number, stpmax: number,
): StepState {
  let { stx, fx, dx, sty, fy, dy, brackt } = st;
  // The paper's sgnd: negative when the slopes at stp and stx have opposite signs.
  const opposite = dp * Math.sign(dx) < 0;
  let stpf: number;

  if (fp > fx) {
    // Case 1: a higher value. The minimum is bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dx / sc) * (dp / sc)));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const stpc = stx + (p / q) * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    brackt = true;
  } else if (opposite) {
    // Case 2: lower value, slopes of opposite sign. Bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dx / sc) * (dp / sc)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const stpc = stp + (p / q) * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Case 3: lower value, same sign, the slope's magnitude decreases.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dx / sc) * (dp / sc)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else stpc = stp > stx ? stpmax : stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else {
    // Case 4: lower value, same sign, the slope does not decrease.
    if (brackt) {
      const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
      const sc = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
      let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dy / sc) * (dp / sc)));
      if (stp > sty) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma - dp + gamma + dy;
      stpf = stp + (p / q) * (sty - stp);
    } else {
      stpf = stp > stx ? stpmax : stpmin;
    }
  }

  // The new interval of uncertainty.
  if (fp > fx) {
    sty = stp; fy = fp; dy = dp;
  } else {
    if (opposite) { sty = stx; fy = fx; dy = dx; }
    stx = stp; fx = fp; dx = dp;
  }
  return { stx, fx, dx, sty, fy, dy, brackt, stp: stpf };
}
