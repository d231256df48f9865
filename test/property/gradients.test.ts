// Gradient properties in float64: random differentiable compositions of the public ops (1-6 ops,
// several sources, random shapes rank 0-3 with zero-size dims) and a random upstream gradient
// (outputGradients, or a weighted sum), against central differences of the plain-JS reference
// (Richardson-extrapolated). Non-smooth points are avoided by construction: log, sqrt, pow with a
// non-integer exponent and denominators only see pos(y) = y² + c with c ≥ 0.5; abs sees y - c
// with c chosen in a gap of y's values (and the finite differences check no abs input changes
// sign); exp is rolled back when values would exceed 1e4.
//
// Also checked: the gradient structure follows the sources' structure (tensor, array, object),
// unconnected sources (unused, only behind stopGradient, non-trainable and unwatched) get null,
// or zeros with unconnectedGradients: 'zero'; every gradient is float64 with its source's shape.
import fc from 'fast-check';
import * as tf from 'gradtape';
import { afterAll, describe, it } from 'vitest';
import { type ForwardOp, applyForwardOp } from './forward-ops';
import { checkProperty, describeError, logTally } from './harness';
import { type LibValue, Plan, Rng, type SourceKind, broadcastPartner, genValues, leafCode, makeLeafTensor, reduceAxis } from './plan';
import { type DType, type Ref, binaryRef, fmtShape, makeRef, reduceRef, sizeOf } from './reference';

afterAll(() => logTally('gradients.test.ts'));

const GRAD_OPS = [
  'neg', 'square', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid', 'relu', 'add', 'sub', 'mul', 'div', 'pow', 'self',
  'matmul', 'reduce', 'reshape', 'transpose', 'broadcastTo', 'concat', 'stopGradient', 'polyval', 'cast',
  'sin', 'cos', 'softplus', 'expm1', 'log1p', 'reciprocal', 'rsqrt', 'squaredDifference', 'extreme',
  'softmax', 'cumsum', 'slice', 'tile',
] as const;
type GradOp = (typeof GRAD_OPS)[number];

/** Largest magnitude allowed in any intermediate (keeps central differences accurate). */
const MAX_MAGNITUDE = 1e4;
const F64: DType = 'float64';

const SOURCE_KINDS: readonly SourceKind[] = ['variable', 'variable', 'watched', 'watched', 'watchedUntrainable', 'unwatchedUntrainable'];

/** A new operand: a gradient source (of some kind), a constant tensor, or a plain number. */
function gradOperand(plan: Plan, shape: number[], _dtype: DType, allowPlain: boolean): number {
  const rng = plan.rng;
  const values = genValues(rng, sizeOf(shape), rng.pick(['real', 'away'] as const));
  const r = rng.next();
  if (r < 0.55) {
    const kind = rng.pick(SOURCE_KINDS);
    return plan.leaf({ shape, dtype: F64, values }, kind === 'watched' && rng.bool(0.7) ? 'tensor' : 'variable', kind);
  }
  if (allowPlain && shape.length === 0 && r < 0.75) return plan.leaf({ shape, dtype: F64, values }, 'number');
  return plan.leaf({ shape, dtype: F64, values }, 'tensor');
}

/** A number leaf in [lo, hi). */
function num(plan: Plan, lo: number, hi: number): number {
  return plan.leaf({ shape: [], dtype: F64, values: [lo + (hi - lo) * plan.rng.next()] }, 'number');
}

/** pos(y) = y² + c, c in [0.5, 2): smooth and ≥ 0.5 everywhere. */
function pos(plan: Plan, y: number): number {
  return plan.binary('add', plan.unary('square', y), num(plan, 0.5, 2));
}

const maxAbs = (r: Ref) => r.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0); // NaN if any value is NaN

/** Appends a smooth op applied to `x`; returns the new node. */
function applyGradOp(plan: Plan, op: GradOp, x: number): number {
  const rng = plan.rng;
  const shape = plan.shape(x);
  const operand = (s: number[]) => gradOperand(plan, s, F64, true);
  /** An operand that will go through ops of its own (pos): a tensor, never a plain number. */
  const tensorOperand = (s: number[]) => gradOperand(plan, s, F64, false);
  switch (op) {
    case 'neg':
      return plan.unary('neg', x);
    case 'square':
      return plan.unary('square', x);
    case 'exp':
      return plan.unary('exp', x);
    case 'log':
      return plan.unary('log', pos(plan, x));
    case 'sqrt':
      return plan.unary('sqrt', pos(plan, x));
    case 'sin':
    case 'cos':
      // Far from 0 they oscillate faster than differences can follow: squashed into (-1, 1) first.
      return plan.unary(op, maxAbs(plan.ref(x)) <= 10 ? x : plan.unary('tanh', x));
    case 'tanh':
    case 'sigmoid':
    case 'softplus':
    case 'expm1':
      return plan.unary(op, x);
    case 'log1p':
    case 'reciprocal':
    case 'rsqrt':
      return plan.unary(op, pos(plan, x));
    case 'extreme': {
      // maximum/minimum and reduceMax/Min have kinks at ties: kept only where the values are apart.
      const apart = (r: Ref) => r.err.every((e, i) => e !== Infinity && Math.abs(r.data[i]!) > 0.05);
      const mark = plan.mark();
      if (rng.bool()) {
        const y = operand(broadcastPartner(rng, shape));
        const name = rng.bool() ? 'maximum' : 'minimum';
        if (apart(binaryRef('sub', plan.ref(x), plan.ref(y)))) return rng.bool() ? plan.binary(name, x, y) : plan.binary(name, y, x);
      } else {
        const kind = rng.bool() ? 'max' : 'min';
        const axis = reduceAxis(rng, shape.length);
        const keep = rng.bool();
        // Ties: the second largest (or smallest) of a group within 0.05 of the extreme.
        const m = reduceRef(kind, plan.ref(x), axis, true);
        const near = binaryRef('sub', plan.ref(x), m);
        const close = makeRef(near.shape, F64, near.data.map((v) => (Math.abs(v) <= 0.05 ? 1 : 0)));
        if (reduceRef('sum', close, axis, false).data.every((c) => c <= 1)) return plan.reduce(kind, x, axis, keep);
      }
      plan.rollback(mark);
      return plan.unary('neg', x);
    }
    case 'abs':
    case 'relu': {
      // shift by a c in the widest gap of x's values, so no element sits near the kink at 0
      const vals = Array.from(plan.ref(x).data).sort((p, q) => p - q);
      let best = vals.length ? vals[0]! - 1 : 0;
      let width = vals.length ? 1 : Infinity;
      for (let i = 1; i < vals.length; i++) {
        const gap = (vals[i]! - vals[i - 1]!) / 2;
        if (gap > width) [best, width] = [(vals[i]! + vals[i - 1]!) / 2, gap];
      }
      if (vals.length && rng.bool()) [best, width] = [vals[vals.length - 1]! + 1, Math.max(width, 1)];
      if (width < 0.05) return plan.unary(op, pos(plan, x));
      const c = plan.leaf({ shape: [], dtype: F64, values: [best] }, rng.bool() ? 'number' : 'tensor');
      return plan.unary(op, plan.binary('sub', x, c));
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'squaredDifference': {
      const y = operand(broadcastPartner(rng, shape));
      return rng.bool() ? plan.binary(op, x, y) : plan.binary(op, y, x);
    }
    case 'div': {
      if (rng.bool()) return plan.binary('div', x, pos(plan, tensorOperand(broadcastPartner(rng, shape))));
      return plan.binary('div', operand(broadcastPartner(rng, shape)), pos(plan, x));
    }
    case 'pow': {
      const r = rng.next();
      if (r < 0.3) return plan.binary('pow', pos(plan, x), operand(broadcastPartner(rng, shape))); // any real exponent
      if (r < 0.5) return plan.binary('pow', x, plan.leaf({ shape: [], dtype: F64, values: [rng.int(1, 3)] }, rng.bool() ? 'number' : 'tensor'));
      if (r < 0.75) return plan.binary('pow', num(plan, 0.5, 2.5), x); // c^x
      return plan.binary('pow', pos(plan, tensorOperand(broadcastPartner(rng, shape))), x);
    }
    case 'self': {
      const r = rng.int(0, 4);
      if (r < 3) return plan.binary((['add', 'sub', 'mul'] as const)[r]!, x, x);
      if (r === 3) return plan.binary('div', x, pos(plan, x));
      return plan.binary('pow', pos(plan, x), x);
    }
    case 'cast':
      // cast to the same dtype returns its input; on a Variable that would make the variable itself
      // the target, unread (TensorFlow does not watch it then), so cast a computed tensor
      return plan.cast(plan.nodes[x]!.op === 'leaf' ? plan.unary('neg', x) : x, F64);
    default:
      return applyForwardOp(plan, op as ForwardOp, x, { inSequence: true, operand: gradOperand, smoothOnly: true });
  }
}

interface GradCase {
  shape: number[];
  seed: number;
  ops: GradOp[];
  upstream: 'outputGradients' | 'weighted';
  structure: 'array' | 'object' | 'single';
  unconnected: 'none' | 'zero' | undefined;
  extraSource: boolean;
}

interface Built {
  plan: Plan;
  out: number;
  sources: number[];
  upstream: number[];
}

function build(c: GradCase): Built {
  const plan = new Plan(new Rng(c.seed));
  const rng = plan.rng;
  const startKind: SourceKind = rng.bool() ? 'variable' : 'watched';
  let x = plan.leaf({ shape: c.shape, dtype: F64, values: genValues(rng, sizeOf(c.shape), 'real') }, startKind === 'variable' ? 'variable' : 'tensor', startKind);
  for (const op of c.ops) {
    const mark = plan.mark();
    let y = applyGradOp(plan, op, x);
    // too large, or NaN (a mean over zero elements is 0/0): not a smooth function to differentiate
    if (!(maxAbs(plan.ref(y)) <= MAX_MAGNITUDE) || plan.nodes.length > 60) {
      plan.rollback(mark);
      y = op === 'exp' ? plan.unary('exp', plan.unary('neg', plan.unary('square', x))) : plan.unary('neg', x);
    }
    x = y;
  }
  if (c.extraSource) plan.leaf({ shape: [2], dtype: F64, values: [0.5, -1] }, 'variable', 'variable'); // never used
  const sources = plan.nodes.flatMap((n, i) => (n.op === 'leaf' && n.source ? [i] : []));
  const outShape = plan.shape(x);
  const upstream = genValues(rng, sizeOf(outShape), 'away');
  return { plan, out: x, sources, upstream };
}

/** Σ C·f over the output, from reference values. */
function weighted(out: Ref, c: readonly number[]): { value: number; magnitude: number } {
  let value = 0;
  let magnitude = 0;
  for (let i = 0; i < out.data.length; i++) {
    value += out.data[i]! * c[i]!;
    magnitude += Math.abs(out.data[i]! * c[i]!);
  }
  return { value, magnitude };
}

/**
 * Ridders' extrapolation of central differences (Numerical Recipes' dfridr): the derivative of
 * φ at 0 and an estimate of its error. `phi` returns null where the step would cross a kink (an abs
 * or relu input changing sign); the starting step shrinks until four times it does not.
 */
function ridders(phi: (delta: number) => number | null, h0: number): { value: number; error: number } {
  const CON = 1.4;
  const CON2 = CON * CON;
  const NTAB = 10;
  const SAFE = 2;
  let h = h0;
  // A kink four steps away still bends the differences Ridders extrapolates (found by fuzzing: an
  // abs input one unit from 0 moving 3,000 units per unit of x): the first step stays a quarter
  // of the distance to the nearest kink.
  for (let k = 0; k < 40 && (phi(4 * h) === null || phi(-4 * h) === null); k++) h /= 4;
  const central = (step: number) => ((phi(step) ?? NaN) - (phi(-step) ?? NaN)) / (2 * step);
  const a: number[][] = Array.from({ length: NTAB }, () => new Array<number>(NTAB).fill(0));
  a[0]![0] = central(h);
  let value = a[0]![0]!;
  let error = Infinity;
  for (let i = 1; i < NTAB; i++) {
    h /= CON;
    a[0]![i] = central(h);
    let fac = CON2;
    for (let j = 1; j <= i; j++) {
      a[j]![i] = (a[j - 1]![i]! * fac - a[j - 1]![i - 1]!) / (fac - 1);
      fac *= CON2;
      const errt = Math.max(Math.abs(a[j]![i]! - a[j - 1]![i]!), Math.abs(a[j]![i]! - a[j - 1]![i - 1]!));
      if (errt <= error) {
        error = errt;
        value = a[j]![i]!;
      }
    }
    if (Math.abs(a[i]![i]! - a[i - 1]![i - 1]!) >= SAFE * error) break;
  }
  return { value, error };
}

/** Per node where f has kinks, which side of them each element is on: abs and relu, the sign of
 * the input; maximum and minimum, the sign of a - b; reduceMax/Min, where the extreme is (found
 * by fuzzing: the largest of three entries 0.8 from the next, which moves 30,000 times faster than
 * its source). A difference step that changes a signature crossed a kink. */
function kinkSignatures(plan: Plan): ((refs: readonly Ref[]) => number[])[] {
  return plan.nodes.flatMap((n): ((refs: readonly Ref[]) => number[])[] => {
    if (n.op === 'unary' && (n.name === 'abs' || n.name === 'relu')) return [(refs) => Array.from(refs[n.x]!.data, Math.sign)];
    if (n.op === 'binary' && (n.name === 'maximum' || n.name === 'minimum')) {
      return [(refs) => Array.from(binaryRef('sub', refs[n.a]!, refs[n.b]!).data, Math.sign)];
    }
    if (n.op === 'reduce' && (n.kind === 'max' || n.kind === 'min')) {
      const kind = n.kind;
      return [(refs) => Array.from(binaryRef('sub', refs[n.x]!, reduceRef(kind, refs[n.x]!, n.axis, true)).data, (v) => (v === 0 ? 0 : 1))];
    }
    return [];
  });
}

/** Numeric gradient of Σ C·f w.r.t. one source (Ridders on the plain-JS reference, with
 * stopGradient outputs frozen at the base point), with an error estimate per element. */
function numericGradient(b: Built, source: number): { grad: Float64Array; error: Float64Array; magnitude: Float64Array } {
  const { plan, out, upstream } = b;
  const base = plan.ref(source);
  const frozen = new Map<number, Ref>();
  plan.nodes.forEach((n, i) => {
    if (n.op === 'stopGradient') frozen.set(i, plan.refs[i]!);
  });
  const kinks = kinkSignatures(plan);
  const baseSignatures = kinks.map((signature) => signature(plan.refs));
  const grad = new Float64Array(base.data.length);
  const error = new Float64Array(base.data.length);
  const magnitude = new Float64Array(base.data.length);
  for (let e = 0; e < base.data.length; e++) {
    let mag = 0;
    const phi = (delta: number): number | null => {
      const data = base.data.slice();
      data[e] = data[e]! + delta;
      const refs = plan.evalRef({ leafValues: new Map([[source, makeRef(base.shape, F64, data)]]), frozen });
      // crossed a kink
      if (kinks.some((signature, k) => signature(refs).some((v, i) => v !== baseSignatures[k]![i]))) return null;
      const w = weighted(refs[out]!, upstream);
      mag = Math.max(mag, w.magnitude);
      return w.value;
    };
    // Two starting steps: where the function varies on a scale near the first step (a sharp
    // peak), Ridders' own estimate can miss its error tenfold (found by fuzzing); the two values'
    // difference then counts in the error, and agrees to rounding where the function is smooth.
    const h0 = 1e-3 * Math.max(1, Math.abs(base.data[e]!));
    const r1 = ridders(phi, h0);
    const r2 = ridders(phi, h0 / 8);
    const r = r1.error <= r2.error ? r1 : r2;
    grad[e] = r.value;
    error[e] = Math.max(r.error, Math.abs(r1.value - r2.value));
    magnitude[e] = mag;
  }
  return { grad, error, magnitude };
}

function reproduction(b: Built, c: GradCase, sourceNames: string[]): string {
  const outShape = b.plan.shape(b.out);
  const upstreamLit = leafCode({ shape: outShape, dtype: F64, values: b.upstream }, 'tensor');
  const srcExpr =
    c.structure === 'single' && sourceNames.length === 1
      ? sourceNames[0]
      : c.structure === 'object'
        ? `{ ${sourceNames.map((s, i) => `s${i}: ${s}`).join(', ')} }`
        : `[${sourceNames.join(', ')}]`;
  const watched = b.sources.filter((i) => {
    const n = b.plan.nodes[i]!;
    return n.op === 'leaf' && (n.source === 'watched' || n.source === 'watchedUntrainable');
  });
  const opts = [c.upstream === 'outputGradients' ? `outputGradients: ${upstreamLit}` : '', c.unconnected ? `unconnectedGradients: '${c.unconnected}'` : '']
    .filter(Boolean)
    .join(', ');
  return [
    'const tape = new tf.GradientTape();',
    'const y = tape.record(() => {',
    b.plan.code().replace(/^/gm, '  '),
    watched.length ? `  // (each of ${watched.map((i) => `v${i}`).join(', ')} is passed to tape.watch right after it is made)` : '',
    c.upstream === 'weighted' ? `  return tf.reduceSum(tf.mul(v${b.out}, ${upstreamLit}));` : `  return v${b.out};`,
    '});',
    `const grads = tape.gradient(y, ${srcExpr}${opts ? `, { ${opts} }` : ''});`,
  ]
    .filter(Boolean)
    .join('\n');
}

function checkGradients(c: GradCase, stats: { elements: number; nulls: number }): void {
  const b = build(c);
  const { plan, out, sources } = b;
  if (sources.length === 0) return; // nothing to differentiate (all operands were constants)
  const sourceNames = sources.map((i) => `v${i}`);
  const fail = (msg: string) => new Error(`${msg}\n--- reproduction:\n${reproduction(b, c, sourceNames)}`);

  // analytic: one tape
  const tape = new tf.GradientTape();
  let libValues: LibValue[] = [];
  let grads: (tf.Tensor | null)[];
  try {
    const outShape = plan.shape(out);
    const cTensor = makeLeafTensor({ shape: outShape, dtype: F64, values: b.upstream }, 'tensor') as tf.Tensor;
    const target = tape.record(() => {
      libValues = plan.evalLib((id, v) => {
        const n = plan.nodes[id]!;
        if (n.op === 'leaf' && (n.source === 'watched' || n.source === 'watchedUntrainable')) tape.watch(v as tf.Tensor);
      });
      const y = libValues[out] as tf.Tensor;
      return c.upstream === 'weighted' ? tf.reduceSum(tf.mul(y, cTensor)) : y;
    });
    const srcTensors = sources.map((i) => libValues[i] as tf.Tensor);
    const structure =
      c.structure === 'single' && srcTensors.length === 1
        ? srcTensors[0]!
        : c.structure === 'object'
          ? Object.fromEntries(srcTensors.map((t, i) => [`s${i}`, t]))
          : srcTensors;
    const options = {
      ...(c.upstream === 'outputGradients' ? { outputGradients: cTensor } : {}),
      ...(c.unconnected ? { unconnectedGradients: c.unconnected } : {}),
    };
    const result = tape.gradient(target, structure as tf.Tensor[], options) as unknown;
    if (structure instanceof tf.Tensor) grads = [result as tf.Tensor | null];
    else if (Array.isArray(structure)) {
      if (!Array.isArray(result) || result.length !== srcTensors.length) throw fail(`gradient returned ${String(result)} for an array of ${srcTensors.length} sources`);
      grads = result as (tf.Tensor | null)[];
    } else {
      const obj = result as Record<string, tf.Tensor | null>;
      if (obj === null || typeof obj !== 'object' || Object.keys(obj).length !== srcTensors.length) throw fail('gradient did not return an object with one entry per source');
      grads = srcTensors.map((_, i) => obj[`s${i}`] ?? null);
    }
  } catch (e) {
    if (e instanceof Error && e.message.includes('--- reproduction')) throw e;
    throw fail(`gradtape threw ${describeError(e)}`);
  } finally {
    tape.dispose();
  }

  const problems: string[] = [];
  sources.forEach((s, k) => {
    const node = plan.nodes[s]!;
    const kind = node.op === 'leaf' ? node.source : undefined;
    const watched = kind !== 'unwatchedUntrainable';
    const connected = plan.connectedTo(s).has(out);
    const g = grads[k];
    const label = `gradient of v${s} (${kind}, shape ${fmtShape(plan.shape(s))})`;
    if (!watched || !connected) {
      stats.nulls++;
      if (c.unconnected === 'zero') {
        if (!(g instanceof tf.Tensor)) problems.push(`${label}: expected zeros (unconnectedGradients 'zero', ${watched ? 'not connected' : 'not watched'}), got ${String(g)}`);
        else if (g.dtype !== F64 || fmtShape(g.shape) !== fmtShape(plan.shape(s)) || Array.from(g.dataSync()).some((v) => v !== 0)) {
          problems.push(`${label}: expected float64 zeros of its shape, got ${g.dtype} ${fmtShape(g.shape)} ${JSON.stringify(Array.from(g.dataSync()))}`);
        }
      } else if (g !== null) problems.push(`${label}: expected null (${watched ? 'not connected to the target' : 'not watched'}), got a tensor ${fmtShape(g?.shape ?? [])}`);
      return;
    }
    if (!(g instanceof tf.Tensor)) {
      problems.push(`${label}: expected a gradient, got ${String(g)}`);
      return;
    }
    if (g.dtype !== F64) problems.push(`${label}: dtype ${g.dtype}, expected float64`);
    if (fmtShape(g.shape) !== fmtShape(plan.shape(s))) {
      problems.push(`${label}: shape ${fmtShape(g.shape)}, expected ${fmtShape(plan.shape(s))}`);
      return;
    }
    const { grad, error, magnitude } = numericGradient(b, s);
    const a = g.dataSync();
    for (let e = 0; e < grad.length; e++) {
      stats.elements++;
      const err = Math.abs(a[e]! - grad[e]!);
      // relative 1e-6, plus the extrapolation's own error estimate and a few ulps of the sum Σ|C·f|
      const tol = 1e-6 * Math.max(Math.abs(a[e]!), Math.abs(grad[e]!)) + 1e-9 + 2 * error[e]! + 64 * Number.EPSILON * magnitude[e]!;
      if (!(err <= tol)) problems.push(`${label}[${e}]: tape ${a[e]}, central differences ${grad[e]} ± ${error[e]!.toExponential(1)} (|diff| ${err.toExponential(2)} > ${tol.toExponential(2)})`);
    }
  });
  if (problems.length) throw fail(problems.slice(0, 8).join('\n'));
}

const dimArb = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 }), weight: 8 }, { arbitrary: fc.constant(0), weight: 1 });
const shapeArb = fc.array(dimArb, { maxLength: 3 }).filter((s) => sizeOf(s) <= 12);

function gradCaseArb(ops: fc.Arbitrary<GradOp[]>): fc.Arbitrary<GradCase> {
  return fc.record({
    shape: shapeArb,
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    ops,
    upstream: fc.constantFrom<'outputGradients' | 'weighted'>('outputGradients', 'weighted'),
    structure: fc.constantFrom<'array' | 'object' | 'single'>('array', 'object', 'single'),
    unconnected: fc.constantFrom<'none' | 'zero' | undefined>(undefined, 'none', 'zero'),
    extraSource: fc.boolean(),
  });
}

describe('gradients vs central differences (float64)', () => {
  GRAD_OPS.forEach((op, k) => {
    it(`single op ${op}`, () => {
      const stats = { elements: 0, nulls: 0 };
      checkProperty(
        `gradients: single op ${op}`,
        fc.property(gradCaseArb(fc.constant([op])), (c) => checkGradients(c, stats)),
        { seed: 5000 + k, numRuns: 1000 },
        () => `${stats.elements} gradient elements compared, ${stats.nulls} unconnected sources`,
      );
    });
  });

  it('random compositions of 1-6 ops', () => {
    const stats = { elements: 0, nulls: 0 };
    checkProperty(
      'gradients: compositions of 1-6 ops',
      fc.property(gradCaseArb(fc.array(fc.constantFrom(...GRAD_OPS), { minLength: 1, maxLength: 6 })), (c) => checkGradients(c, stats)),
      { seed: 6000, numRuns: 8000 },
      () => `${stats.elements} gradient elements compared, ${stats.nulls} unconnected sources`,
    );
  });
});

/**
 * Forward mode against reverse mode: for each source s, tape.jacobian(y, s) contracted with the
 * upstream u over y's elements must equal the reverse gradient of Σ u·y (both by the tape, so
 * to rounding). A source with fewer elements than y takes the forward-mode path (one tangent per
 * element, through every op's rule with broadcasting tangents), the others the reverse path.
 */
function checkJacobians(c: GradCase, stats: { forward: number; reverse: number; elements: number }): void {
  const b = build(c);
  const { plan, out, sources } = b;
  if (sources.length === 0) return;
  const fail = (msg: string) => new Error(`${msg}\n--- reproduction (then tape.jacobian(y, source) for each source):\n${reproduction(b, c, sources.map((i) => `v${i}`))}`);
  const tape = new tf.GradientTape({ persistent: true });
  try {
    let libValues: LibValue[] = [];
    const y = tape.record(() => {
      libValues = plan.evalLib((id, v) => {
        const n = plan.nodes[id]!;
        if (n.op === 'leaf' && (n.source === 'watched' || n.source === 'watchedUntrainable')) tape.watch(v as tf.Tensor);
      });
      return libValues[out] as tf.Tensor;
    });
    const u = makeLeafTensor({ shape: plan.shape(out), dtype: F64, values: b.upstream }, 'tensor') as tf.Tensor;
    const srcTensors = sources.map((i) => libValues[i] as tf.Tensor);
    const grads = tape.gradient(y, srcTensors, { outputGradients: u, unconnectedGradients: 'zero' }) as tf.Tensor[];
    const m = y.size;
    const problems: string[] = [];
    srcTensors.forEach((s, k) => {
      const jacobian = tape.jacobian(y, s, { unconnectedGradients: 'zero' }) as tf.Tensor;
      if (s.size < m) stats.forward++;
      else stats.reverse++;
      const n = s.size;
      if (jacobian.size !== m * n) {
        problems.push(`jacobian of v${sources[k]}: ${jacobian.size} elements, expected ${m}·${n}`);
        return;
      }
      const jac = jacobian.dataSync(), g = grads[k]!.dataSync();
      // A derivative that is 0 by cancellation inside an op (softmax of a shift of every entry)
      // comes out as a rounding residue in either mode: an absolute floor at the scale of the
      // upstream and of this source's largest derivative.
      const largest = Math.max(1, ...Array.from(jac, Math.abs), ...Array.from(g, Math.abs));
      const floor = 1e-13 * largest * b.upstream.reduce((sum, v) => sum + Math.abs(v), 0);
      for (let e = 0; e < n; e++) {
        let contracted = 0, magnitude = 0;
        for (let i = 0; i < m; i++) {
          contracted += b.upstream[i]! * jac[i * n + e]!;
          magnitude += Math.abs(b.upstream[i]! * jac[i * n + e]!);
        }
        stats.elements++;
        const tol = 1e-10 * Math.max(magnitude, Math.abs(g[e]!)) + floor;
        if (!(Math.abs(contracted - g[e]!) <= tol)) {
          problems.push(`v${sources[k]}[${e}]: uᵀ·jacobian ${contracted}, reverse gradient ${g[e]} (${s.size < m ? 'forward' : 'reverse'} mode)`);
        }
      }
    });
    if (problems.length) throw fail(problems.slice(0, 8).join('\n'));
  } catch (e) {
    if (e instanceof Error && e.message.includes('--- reproduction')) throw e;
    throw fail(`gradtape threw ${describeError(e)}`);
  } finally {
    tape.dispose();
  }
}

describe('jacobians (forward mode for small sources) agree with reverse-mode gradients (float64)', () => {
  GRAD_OPS.forEach((op, k) => {
    it(`single op ${op}`, () => {
      const stats = { forward: 0, reverse: 0, elements: 0 };
      checkProperty(
        `jacobians: single op ${op}`,
        fc.property(gradCaseArb(fc.constant([op])), (c) => checkJacobians(c, stats)),
        { seed: 7000 + k, numRuns: 300 },
        () => `${stats.elements} elements compared; ${stats.forward} Jacobians in forward mode, ${stats.reverse} in reverse`,
      );
    });
  });

  it('random compositions of 1-6 ops', () => {
    const stats = { forward: 0, reverse: 0, elements: 0 };
    checkProperty(
      'jacobians: compositions of 1-6 ops',
      fc.property(gradCaseArb(fc.array(fc.constantFrom(...GRAD_OPS), { minLength: 1, maxLength: 6 })), (c) => checkJacobians(c, stats)),
      { seed: 8000, numRuns: 2000 },
      () => `${stats.elements} elements compared; ${stats.forward} Jacobians in forward mode, ${stats.reverse} in reverse`,
    );
    if (stats.forward < 500) throw new Error(`only ${stats.forward} Jacobians took the forward-mode path`);
  });
});
