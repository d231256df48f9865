// Random computations as small expression graphs ("plans"), evaluated two ways: through gradtape,
// and through the plain-JS reference (reference.ts). Plans are built from a few random choices
// (which fast-check generates and shrinks) plus a seeded PRNG for sub-choices and values, and can
// print themselves as a runnable reproduction.
//
//   const plan = new Plan(rng);
//   const x = plan.leaf({ shape: [2, 3], dtype: 'float32', values }, 'tensor');
//   const y = plan.binary('add', x, plan.leaf(...));
//   plan.evalLib()        // tf.Tensor per node
//   plan.ref(y)           // reference value per node (computed while building)
//   plan.code()           // the same computation as TypeScript

import * as tf from 'gradtape';
import {
  type BinaryName,
  type DType,
  REDUCE_NAME,
  type ReduceKind,
  type Ref,
  type UnaryName,
  binaryRef,
  broadcastShapes,
  broadcastToRef,
  castRef,
  clipRef,
  concatRef,
  cumsumRef,
  constantRef,
  convertNumber,
  fmtShape,
  makeRef,
  matmulRef,
  polyvalRef,
  reduceRef,
  reshapeRef,
  sizeOf,
  sliceRef,
  softmaxRef,
  tileRef,
  transposeRef,
  unaryRef,
} from './reference';

// ---- seeded randomness ------------------------------------------------------------------------

/** mulberry32: a small deterministic PRNG. */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

// ---- values -------------------------------------------------------------------------------------

export type ValueStyle =
  | 'grid' // multiples of 1/4 in [-4, 4]: exact in float32
  | 'real' // uniform in [-3, 3)
  | 'wide' // ±10^[-3, 3]
  | 'positive' // [0.25, 4)
  | 'zeros' // grid values, about a third of them 0
  | 'away' // |v| in [0.5, 3): away from 0
  | 'special' // NaN, ±Infinity, ±0 and a few plain numbers (IEEE semantics)
  | 'small' // int32 in [-10, 10]
  | 'nonneg' // int32 in [0, 4]
  | 'nonzero' // int32 in [-10, 10] without 0 (a divisor)
  | 'intwide'; // int32 anywhere, including the extremes (wrap-around)

export const FLOAT_STYLES: readonly ValueStyle[] = ['grid', 'real', 'wide', 'positive', 'zeros', 'away', 'special'];
const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2, 3];
export const INT_STYLES: readonly ValueStyle[] = ['small', 'nonneg', 'intwide'];

export function genValues(rng: Rng, n: number, style: ValueStyle): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    switch (style) {
      case 'grid': out[i] = rng.int(-16, 16) / 4; break;
      case 'real': out[i] = -3 + 6 * rng.next(); break;
      case 'wide': out[i] = (rng.bool() ? -1 : 1) * 10 ** (-3 + 6 * rng.next()); break;
      case 'positive': out[i] = 0.25 + 3.75 * rng.next(); break;
      case 'zeros': out[i] = rng.bool(0.35) ? 0 : rng.int(-16, 16) / 4; break;
      case 'away': out[i] = (rng.bool() ? -1 : 1) * (0.5 + 2.5 * rng.next()); break;
      case 'special': out[i] = rng.pick(SPECIAL); break;
      case 'small': out[i] = rng.int(-10, 10); break;
      case 'nonneg': out[i] = rng.int(0, 4); break;
      case 'nonzero': out[i] = rng.pick([-1, 1]) * rng.int(1, 10); break;
      case 'intwide':
        out[i] = rng.pick([-(2 ** 31), 2 ** 31 - 1, rng.int(-(2 ** 31), 2 ** 31 - 1), rng.int(-70000, 70000), rng.int(-3, 3)]);
        break;
    }
  }
  return out;
}

export function styleFor(rng: Rng, dtype: DType): ValueStyle {
  return dtype === 'int32' ? rng.pick(INT_STYLES) : rng.pick(FLOAT_STYLES);
}

// ---- shapes ---------------------------------------------------------------------------------------

/** Cap on the elements of any tensor in a plan: keeps cases fast and reproductions short. */
export const MAX_SIZE = 192;

/** A shape that broadcasts with `s` (right-aligned): dims kept, set to 1, or (where s has 1)
 * expanded; leading dims dropped or added. The broadcast result stays within MAX_SIZE. */
export function broadcastPartner(rng: Rng, s: readonly number[]): number[] {
  for (let attempt = 0; attempt < 8; attempt++) {
    const keep = rng.int(0, s.length);
    const t = s.slice(s.length - keep).map((d) => {
      const r = rng.next();
      if (d === 1 && r < 0.25) return rng.int(0, 3);
      if (r < 0.3) return 1;
      return d;
    });
    if (keep === s.length && rng.bool(0.2) && s.length + 1 <= 4) t.unshift(rng.int(1, 3));
    const out = broadcastShapes('partner', s, t);
    if (sizeOf(out) <= MAX_SIZE && out.length <= 4) return t;
  }
  return s.slice();
}

/** Shapes `a` can be broadcast to (broadcastTo's target). */
export function broadcastTarget(rng: Rng, s: readonly number[]): number[] {
  for (let attempt = 0; attempt < 8; attempt++) {
    const t = s.map((d) => (d === 1 && rng.bool(0.6) ? rng.int(0, 3) : d));
    const extra = rng.int(0, Math.max(0, 4 - s.length));
    for (let i = 0; i < extra; i++) t.unshift(rng.int(0, 3));
    if (sizeOf(t) <= MAX_SIZE) return t;
  }
  return s.slice();
}

/** A random reshape target for `size` elements, sometimes with one -1. */
export function reshapeTarget(rng: Rng, shape: readonly number[]): number[] {
  const size = sizeOf(shape);
  const rank = rng.int(0, 4);
  if (size === 0) {
    const dims = Array.from({ length: Math.max(1, rank) }, () => rng.int(0, 3));
    if (!dims.includes(0)) dims[rng.int(0, dims.length - 1)] = 0;
    // -1 is allowed only when the other dims are all non-zero (TF cannot infer it otherwise)
    if (rng.bool(0.3)) return [...dims.filter((d) => d !== 0).map((d) => d || 1), -1];
    return dims;
  }
  // split size into `rank` factors (rank 0 only for size 1)
  const dims: number[] = [];
  let rest = size;
  for (let i = 0; i < rank - 1; i++) {
    const divisors: number[] = [];
    for (let d = 1; d <= rest; d++) if (rest % d === 0) divisors.push(d);
    const d = rng.pick(divisors);
    dims.push(d);
    rest /= d;
  }
  if (rank > 0) dims.push(rest);
  else if (size !== 1) dims.push(size);
  rng.shuffle(dims);
  if (dims.length > 0 && rng.bool(0.35)) dims[rng.int(0, dims.length - 1)] = -1;
  return dims;
}

/** TF's axis argument for a reduction over a tensor of `rank`: undefined, null, a number, an array
 * (possibly empty, negative entries, any order). */
export function reduceAxis(rng: Rng, rank: number): number | number[] | null | undefined {
  const r = rng.next();
  if (r < 0.15 || rank === 0) return rng.pick([undefined, null, [] as number[]]);
  if (r < 0.5) {
    const a = rng.int(0, rank - 1);
    return rng.bool(0.3) ? a - rank : a;
  }
  const axes = rng.shuffle(Array.from({ length: rank }, (_, i) => i)).slice(0, rng.int(1, rank));
  return axes.map((a) => (rng.bool(0.3) ? a - rank : a));
}

// ---- plans --------------------------------------------------------------------------------------------

export type LeafForm =
  | 'tensor' // tf.constant(nested, dtype) (tf.zeros for zero-size shapes)
  | 'variable' // new tf.Variable(nested, {dtype})
  | 'typed' // a typed array of the dtype (rank 1), passed as is
  | 'nested' // plain nested arrays passed to an op (they take the other operand's dtype)
  | 'number'; // a plain JS number (rank 0)

export interface LeafSpec {
  shape: number[];
  dtype: DType;
  /** JS numbers as written by the user (float32 rounding happens in the library). */
  values: number[];
}

export type CallStyle = 'fn' | 'method' | 'alias';

export type Node =
  | { op: 'leaf'; spec: LeafSpec; form: LeafForm; source?: SourceKind }
  | { op: 'unary'; name: UnaryName; x: number; style: CallStyle }
  | { op: 'binary'; name: BinaryName; a: number; b: number; style: CallStyle }
  | { op: 'matmul'; a: number; b: number; ta: boolean; tb: boolean; style: CallStyle; omitFlags: boolean }
  | { op: 'reduce'; kind: ReduceKind; x: number; axis: number | number[] | null | undefined; keepdims: boolean; style: CallStyle }
  | { op: 'reshape'; x: number; shape: number[]; style: CallStyle }
  | { op: 'transpose'; x: number; perm: number[] | undefined; style: CallStyle }
  | { op: 'broadcastTo'; x: number; shape: number[] }
  | { op: 'concat'; xs: number[]; axis: number; style: CallStyle }
  | { op: 'cast'; x: number; dtype: DType; style: CallStyle }
  | { op: 'stopGradient'; x: number }
  | { op: 'polyval'; coeffs: number[]; x: number }
  | { op: 'softmax'; x: number; axis: number; log: boolean; omitAxis: boolean }
  | { op: 'cumsum'; x: number; axis: number; exclusive: boolean; reverse: boolean; style: CallStyle }
  | { op: 'clip'; x: number; lo: number; hi: number }
  | { op: 'slice'; x: number; begin: number[]; size: number[]; style: CallStyle }
  | { op: 'tile'; x: number; multiples: number[]; style: CallStyle };

/** How a gradient source is made and watched. */
export type SourceKind = 'variable' | 'watched' | 'watchedUntrainable' | 'unwatchedUntrainable';

const UNARY_ALIAS: Record<UnaryName, (x: tf.Tensor) => tf.Tensor> = {
  neg: (x) => tf.negative(x),
  exp: (x) => tf.math.exp(x),
  log: (x) => tf.math.log(x),
  sqrt: (x) => tf.math.sqrt(x),
  abs: (x) => tf.math.abs(x),
  square: (x) => tf.math.square(x),
  tanh: (x) => tf.math.tanh(x),
  sigmoid: (x) => tf.math.sigmoid(x),
  relu: (x) => tf.nn.relu(x),
  sign: (x) => tf.math.sign(x),
  floor: (x) => tf.math.floor(x),
  ceil: (x) => tf.math.ceil(x),
  round: (x) => tf.math.round(x),
  sin: (x) => tf.math.sin(x),
  cos: (x) => tf.math.cos(x),
  softplus: (x) => tf.nn.softplus(x),
  log1p: (x) => tf.math.log1p(x),
  expm1: (x) => tf.math.expm1(x),
  reciprocal: (x) => tf.math.reciprocal(x),
  rsqrt: (x) => tf.math.rsqrt(x),
};
const BINARY_ALIAS: Record<BinaryName, (a: tf.TensorLike, b: tf.TensorLike) => tf.Tensor> = {
  add: (a, b) => tf.math.add(a, b),
  sub: (a, b) => tf.subtract(a, b),
  mul: (a, b) => tf.multiply(a, b),
  div: (a, b) => tf.divide(a, b),
  pow: (a, b) => tf.math.pow(a, b),
  maximum: (a, b) => tf.math.maximum(a, b),
  minimum: (a, b) => tf.math.minimum(a, b),
  squaredDifference: (a, b) => tf.math.squaredDifference(a, b),
  floorDiv: (a, b) => tf.math.floordiv(a, b),
  mod: (a, b) => tf.math.floormod(a, b),
};
const ALIAS_CODE: Record<UnaryName | BinaryName, string> = {
  neg: 'tf.negative', exp: 'tf.math.exp', log: 'tf.math.log', sqrt: 'tf.math.sqrt', abs: 'tf.math.abs', square: 'tf.math.square',
  tanh: 'tf.math.tanh', sigmoid: 'tf.math.sigmoid', relu: 'tf.nn.relu',
  sign: 'tf.math.sign', floor: 'tf.math.floor', ceil: 'tf.math.ceil', round: 'tf.math.round', sin: 'tf.math.sin', cos: 'tf.math.cos',
  softplus: 'tf.nn.softplus', log1p: 'tf.math.log1p', expm1: 'tf.math.expm1', reciprocal: 'tf.math.reciprocal', rsqrt: 'tf.math.rsqrt',
  add: 'tf.math.add', sub: 'tf.subtract', mul: 'tf.multiply', div: 'tf.divide', pow: 'tf.math.pow',
  maximum: 'tf.math.maximum', minimum: 'tf.math.minimum', squaredDifference: 'tf.math.squaredDifference', floorDiv: 'tf.math.floordiv',
  mod: 'tf.math.floormod',
};

export type LibValue = tf.Tensor | number | unknown[] | Float32Array | Float64Array | Int32Array;

// ---- literal formatting --------------------------------------------------------------------------

export function numLit(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}

export function nest(values: readonly number[], shape: readonly number[]): unknown {
  if (shape.length === 0) return values[0];
  const build = (axis: number, offset: number): unknown[] => {
    const n = shape[axis]!;
    const stride = sizeOf(shape.slice(axis + 1));
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(axis === shape.length - 1 ? values[offset + i] : build(axis + 1, offset + i * stride));
    return out;
  };
  return build(0, 0);
}

export function literal(x: unknown): string {
  if (typeof x === 'number') return numLit(x);
  if (Array.isArray(x)) return `[${x.map(literal).join(', ')}]`;
  if (x === undefined) return 'undefined';
  return JSON.stringify(x);
}

/** True when nested JS arrays can express the shape (no zero dim before the last). */
export const nestable = (shape: readonly number[]): boolean => shape.slice(0, -1).every((d) => d > 0);

const TYPED: Record<DType, string> = { float32: 'Float32Array', float64: 'Float64Array', int32: 'Int32Array', bool: 'Uint8Array' };

export function makeLeafTensor(spec: LeafSpec, form: LeafForm, trainable = true): LibValue {
  const { shape, dtype, values } = spec;
  switch (form) {
    case 'number':
      return values[0]!;
    case 'nested':
      return nest(values, shape) as unknown[];
    case 'typed':
      return dtype === 'float32' ? Float32Array.from(values) : dtype === 'float64' ? Float64Array.from(values) : Int32Array.from(values);
    case 'variable': {
      const init = nestable(shape) ? (nest(values, shape) as number[]) : tf.zeros(shape, dtype);
      return new tf.Variable(init, trainable ? { dtype } : { dtype, trainable: false });
    }
    case 'tensor':
      return nestable(shape) ? tf.constant(nest(values, shape) as number[], dtype) : tf.zeros(shape, dtype);
  }
}

export function leafCode(spec: LeafSpec, form: LeafForm, trainable = true): string {
  const { shape, dtype, values } = spec;
  const lit = nestable(shape) ? literal(nest(values, shape)) : null;
  switch (form) {
    case 'number':
      return numLit(values[0]!);
    case 'nested':
      return lit!;
    case 'typed':
      return `new ${TYPED[dtype]}(${literal(values)})`;
    case 'variable':
      return `new tf.Variable(${lit ?? `tf.zeros(${fmtShape(shape)}, '${dtype}')`}, { dtype: '${dtype}'${trainable ? '' : ', trainable: false'} })`;
    case 'tensor':
      return lit !== null ? `tf.constant(${lit}, '${dtype}')` : `tf.zeros(${fmtShape(shape)}, '${dtype}')`;
  }
}

// ---- the plan ----------------------------------------------------------------------------------------

export interface EvalOptions {
  /** Values for source leaves (by node id) replacing the built ones: for finite differences. */
  leafValues?: Map<number, Ref>;
  /** stopGradient outputs to use instead of recomputing (frozen at the base point). */
  frozen?: Map<number, Ref>;
}

export class Plan {
  readonly nodes: Node[] = [];
  /** Reference values at the base point, per node (computed while building). */
  readonly refs: Ref[] = [];
  constructor(readonly rng: Rng) {}

  private push(node: Node): number {
    const id = this.nodes.length;
    this.nodes.push(node);
    try {
      this.refs.push(this.evalRefNode(id, this.refs, {}));
    } catch (e) {
      this.nodes.pop();
      throw e;
    }
    return id;
  }

  /** Number of nodes; `rollback(mark)` drops everything added after it. */
  mark(): number {
    return this.nodes.length;
  }
  rollback(mark: number): void {
    this.nodes.length = mark;
    this.refs.length = mark;
  }

  ref(id: number): Ref {
    return this.refs[id]!;
  }
  shape(id: number): number[] {
    return this.refs[id]!.shape;
  }
  dtype(id: number): DType {
    return this.refs[id]!.dtype;
  }

  style(): CallStyle {
    const r = this.rng.next();
    return r < 0.5 ? 'fn' : r < 0.8 ? 'method' : 'alias';
  }

  leaf(spec: LeafSpec, form: LeafForm, source?: SourceKind): number {
    return this.push({ op: 'leaf', spec, form, source });
  }
  /** A new random leaf of `shape` and `dtype`. */
  randomLeaf(shape: number[], dtype: DType, form: LeafForm, style?: ValueStyle, source?: SourceKind): number {
    const values = genValues(this.rng, sizeOf(shape), style ?? styleFor(this.rng, dtype));
    return this.leaf({ shape, dtype, values }, form, source);
  }
  unary(name: UnaryName, x: number): number {
    return this.push({ op: 'unary', name, x, style: this.style() });
  }
  binary(name: BinaryName, a: number, b: number): number {
    return this.push({ op: 'binary', name, a, b, style: this.style() });
  }
  matmul(a: number, b: number, ta: boolean, tb: boolean): number {
    return this.push({ op: 'matmul', a, b, ta, tb, style: this.rng.bool() ? 'fn' : 'method', omitFlags: !ta && !tb && this.rng.bool() });
  }
  reduce(kind: ReduceKind, x: number, axis: number | number[] | null | undefined, keepdims: boolean): number {
    return this.push({ op: 'reduce', kind, x, axis, keepdims, style: this.style() });
  }
  reshape(x: number, shape: number[]): number {
    return this.push({ op: 'reshape', x, shape, style: this.rng.bool() ? 'fn' : 'method' });
  }
  transpose(x: number, perm: number[] | undefined): number {
    return this.push({ op: 'transpose', x, perm, style: this.rng.bool() ? 'fn' : 'method' });
  }
  broadcastTo(x: number, shape: number[]): number {
    return this.push({ op: 'broadcastTo', x, shape });
  }
  concat(xs: number[], axis: number): number {
    return this.push({ op: 'concat', xs, axis, style: this.rng.bool(0.7) ? 'fn' : 'method' });
  }
  cast(x: number, dtype: DType): number {
    return this.push({ op: 'cast', x, dtype, style: this.rng.bool() ? 'fn' : 'method' });
  }
  stopGradient(x: number): number {
    return this.push({ op: 'stopGradient', x });
  }
  polyval(coeffs: number[], x: number): number {
    return this.push({ op: 'polyval', coeffs, x });
  }
  softmax(x: number, axis: number, log: boolean): number {
    return this.push({ op: 'softmax', x, axis, log, omitAxis: axis === -1 && this.rng.bool() });
  }
  cumsum(x: number, axis: number, exclusive: boolean, reverse: boolean): number {
    return this.push({ op: 'cumsum', x, axis, exclusive, reverse, style: this.rng.bool() ? 'fn' : 'method' });
  }
  clip(x: number, lo: number, hi: number): number {
    return this.push({ op: 'clip', x, lo, hi });
  }
  slice(x: number, begin: number[], size: number[]): number {
    return this.push({ op: 'slice', x, begin, size, style: this.rng.bool() ? 'fn' : 'method' });
  }
  tile(x: number, multiples: number[]): number {
    return this.push({ op: 'tile', x, multiples, style: this.rng.bool() ? 'fn' : 'method' });
  }

  /** Reference value of node `id` from the values of its inputs in `refs`. */
  private evalRefNode(id: number, refs: readonly Ref[], opts: EvalOptions): Ref {
    const n = this.nodes[id]!;
    const r = (i: number) => refs[i]!;
    switch (n.op) {
      case 'leaf': {
        const given = opts.leafValues?.get(id);
        if (given) return given;
        if (n.form === 'typed') return constantRef(makeLeafTensor(n.spec, 'typed'), undefined, 'float32');
        return makeRef(n.spec.shape, n.spec.dtype, n.spec.values.map((v) => convertNumber(v, n.spec.dtype, 'leaf')));
      }
      case 'unary':
        return unaryRef(n.name, r(n.x));
      case 'binary':
        return binaryRef(n.name, r(n.a), r(n.b));
      case 'matmul':
        return matmulRef(r(n.a), r(n.b), n.ta, n.tb);
      case 'reduce':
        return reduceRef(n.kind, r(n.x), n.axis, n.keepdims);
      case 'reshape':
        return reshapeRef(r(n.x), n.shape);
      case 'transpose':
        return transposeRef(r(n.x), n.perm);
      case 'broadcastTo':
        return broadcastToRef(r(n.x), n.shape);
      case 'concat':
        return concatRef(n.xs.map(r), n.axis);
      case 'cast':
        return castRef(r(n.x), n.dtype);
      case 'stopGradient':
        return opts.frozen?.get(id) ?? r(n.x);
      case 'polyval':
        return polyvalRef(n.coeffs.map(r), r(n.x));
      case 'softmax':
        return softmaxRef(r(n.x), n.axis, n.log);
      case 'cumsum':
        return cumsumRef(r(n.x), n.axis, n.exclusive, n.reverse);
      case 'clip':
        return clipRef(r(n.x), n.lo, n.hi);
      case 'slice':
        return sliceRef(r(n.x), n.begin, n.size);
      case 'tile':
        return tileRef(r(n.x), n.multiples);
    }
  }

  /** Reference values of every node, with some leaves replaced (finite differences). */
  evalRef(opts: EvalOptions): Ref[] {
    const refs: Ref[] = [];
    for (let i = 0; i < this.nodes.length; i++) refs.push(this.evalRefNode(i, refs, opts));
    return refs;
  }

  /** Evaluates every node through gradtape; leaves of form number/nested/typed stay JS values.
   * `given` replaces leaves by id (a compiled function's arguments). */
  evalLib(onLeaf?: (id: number, value: LibValue) => void, given?: ReadonlyMap<number, LibValue>): LibValue[] {
    const out: LibValue[] = [];
    this.nodes.forEach((n, i) => {
      out.push(given?.get(i) ?? this.evalLibNode(n, out));
      if (n.op === 'leaf' && onLeaf) onLeaf(i, out[i]!);
    });
    return out;
  }

  private evalLibNode(n: Node, vals: readonly LibValue[]): LibValue {
    const t = (i: number) => vals[i] as tf.Tensor;
    switch (n.op) {
      case 'leaf':
        return makeLeafTensor(n.spec, n.form, n.source !== 'watchedUntrainable' && n.source !== 'unwatchedUntrainable');
      case 'unary': {
        const x = t(n.x);
        if (n.style === 'method') return (x[n.name] as () => tf.Tensor).call(x);
        if (n.style === 'alias') return UNARY_ALIAS[n.name](x);
        return tf[n.name](x);
      }
      case 'binary': {
        const a = vals[n.a] as tf.TensorLike;
        const b = vals[n.b] as tf.TensorLike;
        if (n.style === 'method' && a instanceof tf.Tensor) return (a[n.name] as (b: tf.TensorLike) => tf.Tensor).call(a, b);
        if (n.style === 'alias') return BINARY_ALIAS[n.name](a, b);
        return tf[n.name](a, b);
      }
      case 'matmul': {
        const a = vals[n.a] as tf.TensorLike;
        const b = vals[n.b] as tf.TensorLike;
        if (n.style === 'method' && a instanceof tf.Tensor) return n.omitFlags ? a.matmul(b) : a.matmul(b, n.ta, n.tb);
        return n.omitFlags ? tf.matmul(a, b) : tf.matmul(a, b, n.ta, n.tb);
      }
      case 'reduce': {
        const x = t(n.x);
        const name = REDUCE_NAME[n.kind] as 'reduceSum';
        const omitKeep = !n.keepdims && n.style !== 'alias';
        if (n.style === 'method') return omitKeep ? x[name](n.axis) : x[name](n.axis, n.keepdims);
        if (n.style === 'alias') return tf.math[name](x, n.axis, n.keepdims);
        return omitKeep ? tf[name](x, n.axis) : tf[name](x, n.axis, n.keepdims);
      }
      case 'reshape':
        return n.style === 'method' ? t(n.x).reshape(n.shape) : tf.reshape(t(n.x), n.shape);
      case 'transpose':
        return n.style === 'method' ? t(n.x).transpose(n.perm) : tf.transpose(t(n.x), n.perm);
      case 'broadcastTo':
        return tf.broadcastTo(t(n.x), n.shape);
      case 'concat': {
        const xs = n.xs.map((i) => vals[i] as tf.TensorLike);
        if (n.style === 'method' && xs[0] instanceof tf.Tensor) {
          const rest = xs.slice(1);
          if (n.axis === 0 && rest.length === 1 && rest[0] instanceof tf.Tensor) return xs[0].concat(rest[0]);
          return xs[0].concat(rest as tf.Tensor[], n.axis);
        }
        return n.axis === 0 ? tf.concat(xs) : tf.concat(xs, n.axis);
      }
      case 'cast':
        return n.style === 'method' ? t(n.x).cast(n.dtype) : tf.cast(t(n.x), n.dtype);
      case 'stopGradient':
        return tf.stopGradient(t(n.x));
      case 'polyval':
        return tf.math.polyval(n.coeffs.map((i) => vals[i] as tf.TensorLike), vals[n.x] as tf.TensorLike);
      case 'softmax': {
        const f = n.log ? tf.nn.logSoftmax : tf.nn.softmax;
        return n.omitAxis ? f(t(n.x)) : f(t(n.x), n.axis);
      }
      case 'cumsum':
        return n.style === 'method' ? t(n.x).cumsum(n.axis, n.exclusive, n.reverse) : tf.cumsum(t(n.x), n.axis, n.exclusive, n.reverse);
      case 'clip':
        return tf.clipByValue(t(n.x), n.lo, n.hi);
      case 'slice':
        return n.style === 'method' ? t(n.x).slice(n.begin, n.size) : tf.slice(t(n.x), n.begin, n.size);
      case 'tile':
        return n.style === 'method' ? t(n.x).tile(n.multiples) : tf.tile(t(n.x), n.multiples);
    }
  }

  /** The plan as TypeScript (`import * as tf from 'gradtape'` assumed). */
  code(): string {
    const lines: string[] = [];
    const v = (i: number) => `v${i}`;
    this.nodes.forEach((n, i) => {
      let rhs: string;
      switch (n.op) {
        case 'leaf':
          rhs = leafCode(n.spec, n.form, n.source !== 'watchedUntrainable' && n.source !== 'unwatchedUntrainable');
          break;
        case 'unary':
          rhs = n.style === 'method' ? `${v(n.x)}.${n.name}()` : n.style === 'alias' ? `${ALIAS_CODE[n.name]}(${v(n.x)})` : `tf.${n.name}(${v(n.x)})`;
          break;
        case 'binary': {
          const isTensor = this.nodes[n.a]!.op !== 'leaf' || ['tensor', 'variable'].includes((this.nodes[n.a] as { form: string }).form);
          rhs =
            n.style === 'method' && isTensor
              ? `${v(n.a)}.${n.name}(${v(n.b)})`
              : n.style === 'alias'
                ? `${ALIAS_CODE[n.name]}(${v(n.a)}, ${v(n.b)})`
                : `tf.${n.name}(${v(n.a)}, ${v(n.b)})`;
          break;
        }
        case 'matmul': {
          const flags = n.omitFlags ? '' : `, ${n.ta}, ${n.tb}`;
          rhs = n.style === 'method' ? `${v(n.a)}.matmul(${v(n.b)}${flags})` : `tf.matmul(${v(n.a)}, ${v(n.b)}${flags})`;
          break;
        }
        case 'reduce': {
          const name = REDUCE_NAME[n.kind];
          const keep = !n.keepdims && n.style !== 'alias' ? '' : `, ${n.keepdims}`;
          const args = `${literal(n.axis)}${keep}`;
          rhs = n.style === 'method' ? `${v(n.x)}.${name}(${args})` : `${n.style === 'alias' ? 'tf.math' : 'tf'}.${name}(${v(n.x)}, ${args})`;
          break;
        }
        case 'reshape':
          rhs = n.style === 'method' ? `${v(n.x)}.reshape(${literal(n.shape)})` : `tf.reshape(${v(n.x)}, ${literal(n.shape)})`;
          break;
        case 'transpose': {
          const p = n.perm === undefined ? '' : literal(n.perm);
          rhs = n.style === 'method' ? `${v(n.x)}.transpose(${p})` : `tf.transpose(${v(n.x)}${p ? `, ${p}` : ''})`;
          break;
        }
        case 'broadcastTo':
          rhs = `tf.broadcastTo(${v(n.x)}, ${literal(n.shape)})`;
          break;
        case 'concat': {
          const isTensor = this.nodes[n.xs[0]!]!.op !== 'leaf' || ['tensor', 'variable'].includes((this.nodes[n.xs[0]!] as { form: string }).form);
          if (n.style === 'method' && isTensor) {
            const rest = n.xs.slice(1);
            const restIsTensor = rest.length === 1 && (this.nodes[rest[0]!]!.op !== 'leaf' || ['tensor', 'variable'].includes((this.nodes[rest[0]!] as { form: string }).form));
            rhs = n.axis === 0 && restIsTensor ? `${v(n.xs[0]!)}.concat(${v(rest[0]!)})` : `${v(n.xs[0]!)}.concat([${rest.map(v).join(', ')}], ${n.axis})`;
          } else rhs = `tf.concat([${n.xs.map(v).join(', ')}]${n.axis === 0 ? '' : `, ${n.axis}`})`;
          break;
        }
        case 'cast':
          rhs = n.style === 'method' ? `${v(n.x)}.cast('${n.dtype}')` : `tf.cast(${v(n.x)}, '${n.dtype}')`;
          break;
        case 'stopGradient':
          rhs = `tf.stopGradient(${v(n.x)})`;
          break;
        case 'polyval':
          rhs = `tf.math.polyval([${n.coeffs.map(v).join(', ')}], ${v(n.x)})`;
          break;
        case 'softmax':
          rhs = `tf.nn.${n.log ? 'logSoftmax' : 'softmax'}(${v(n.x)}${n.omitAxis ? '' : `, ${n.axis}`})`;
          break;
        case 'cumsum':
          rhs = n.style === 'method' ? `${v(n.x)}.cumsum(${n.axis}, ${n.exclusive}, ${n.reverse})` : `tf.cumsum(${v(n.x)}, ${n.axis}, ${n.exclusive}, ${n.reverse})`;
          break;
        case 'clip':
          rhs = `tf.clipByValue(${v(n.x)}, ${numLit(n.lo)}, ${numLit(n.hi)})`;
          break;
        case 'slice':
          rhs = n.style === 'method' ? `${v(n.x)}.slice(${literal(n.begin)}, ${literal(n.size)})` : `tf.slice(${v(n.x)}, ${literal(n.begin)}, ${literal(n.size)})`;
          break;
        case 'tile':
          rhs = n.style === 'method' ? `${v(n.x)}.tile(${literal(n.multiples)})` : `tf.tile(${v(n.x)}, ${literal(n.multiples)})`;
          break;
      }
      lines.push(`const ${v(i)} = ${rhs};`);
    });
    return lines.join('\n');
  }

  /** Node ids whose value depends on `source` through a path without stopGradient or a cast to
   * int32 (the ones a tape can differentiate through). */
  connectedTo(source: number): Set<number> {
    const reach = new Set<number>([source]);
    this.nodes.forEach((n, i) => {
      if (i <= source) return;
      if (n.op === 'stopGradient') return;
      if (n.op === 'cast' && n.dtype === 'int32') return;
      // polyval([c], x) is c alone; polyval([], x) is zeros_like(x), which has no gradient
      const ins = n.op === 'polyval' ? (n.coeffs.length <= 1 ? n.coeffs : inputsOf(n)) : inputsOf(n);
      if (ins.some((j) => reach.has(j))) reach.add(i);
    });
    return reach;
  }
}

export function inputsOf(n: Node): number[] {
  switch (n.op) {
    case 'leaf': return [];
    case 'unary': return [n.x];
    case 'binary': return [n.a, n.b];
    case 'matmul': return [n.a, n.b];
    case 'reduce': return [n.x];
    case 'reshape': return [n.x];
    case 'transpose': return [n.x];
    case 'broadcastTo': return [n.x];
    case 'concat': return n.xs;
    case 'cast': return [n.x];
    case 'stopGradient': return [n.x];
    case 'polyval': return [...n.coeffs, n.x];
    case 'softmax': return [n.x];
    case 'cumsum': return [n.x];
    case 'clip': return [n.x];
    case 'slice': return [n.x];
    case 'tile': return [n.x];
  }
}
