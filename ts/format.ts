/**
 * TensorFlow / NumPy text formatting of tensors.
 *
 * Reproduces, byte for byte, what NumPy 2.4 prints with its default print
 * options (precision 8, floatmode 'maxprec', threshold 1000, edgeitems 3,
 * linewidth 75, suppress False, sign '-') for float32, float64, int32 and bool
 * arrays, and the TensorFlow wrappers around it (`print(t)`, `repr(t)`,
 * `repr(variable)`). Checked against test/fixtures/numpy-print.json, which
 * scripts/numpy_print_cases.py generates with real NumPy.
 *
 * Version notes (older NumPy, as paired with TF <= 2.17, prints differently):
 * - float32 goes scientific from 1e6 (arrays and scalars: "[1.e+06]",
 *   "1e+06"); NumPy <= 2.2 used 1e8 for arrays and 1e16 for scalars.
 * - repr of a summarised array (> 1000 elements) ends in "shape=(...)"
 *   (NumPy >= 2.2).
 * - the "min < 1e-4" / "max/min > 1e3" tests run in the array's dtype
 *   (NEP 50, NumPy 2): float32 [1e-4, 0.05] prints "[0.0001 0.05  ]"; NumPy 1
 *   compared in float64 and printed "[1.e-04 5.e-02]".
 *
 * Self-contained: no imports.
 */

export type DType = 'float32' | 'float64' | 'int32' | 'bool';

// NumPy default print options.
const PRECISION = 8;
const THRESHOLD = 1000;
const EDGEITEMS = 3;
const LINEWIDTH = 75;

// ---------------------------------------------------------------------------
// Digits of a single float
// ---------------------------------------------------------------------------

/** A positive finite nonzero number as decimal digits: value = d1.d2d3... × 10^exp. */
interface Decimal {
  /** Significant digits, no leading or trailing zeros (at least one digit). */
  digits: string;
  /** Decimal exponent of the first digit. */
  exp: number;
}

/** Parses the output of Number.prototype.toExponential ("1.25e-7", "5e+2"). */
function parseExponential(s: string): Decimal {
  const e = s.indexOf('e');
  const mantissa = s.slice(0, e).replace('.', '');
  const digits = mantissa.replace(/0+$/, '');
  return { digits: digits === '' ? '0' : digits, exp: Number(s.slice(e + 1)) };
}

/**
 * The shortest digits that round-trip through the dtype (closest to the value
 * when several have that length), like NumPy's Dragon4 in 'unique' mode.
 * `x` must be positive, finite and nonzero (and a float32 value for float32).
 */
function shortestDecimal(x: number, dtype: 'float32' | 'float64'): Decimal {
  if (dtype === 'float64') {
    // toExponential() without an argument gives the shortest round-trip digits.
    return parseExponential(x.toExponential());
  }
  // "Some p-digit decimal round-trips" is monotone in p (p-digit decimals are
  // also (p+1)-digit decimals), so binary-search the shortest p in 1..9.
  let lo = 1;
  let hi = 9;
  let best: Decimal | null = null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const d = float32Candidate(x, mid);
    if (d === null) {
      lo = mid + 1;
    } else {
      hi = mid;
      best = d;
    }
  }
  if (best !== null && best.digits.length <= lo) return best;
  return float32Candidate(x, lo) ?? parseExponential(x.toExponential(8));
}

/**
 * The p-significant-digit decimal that Dragon4 would pick for the float32 x,
 * or null if no p-digit decimal round-trips.
 */
function float32Candidate(x: number, p: number): Decimal | null {
  const s = x.toExponential(p - 1);
  const c = Number(s);
  const d = parseExponential(s);
  let unit = 10 ** (d.exp - p + 1);
  if (Math.fround(c) === x) {
    // toExponential rounds an exact tie up; Dragon4 rounds it to even when
    // the digit below round-trips as well.
    if (c > x && d.digits.length === p && Number(d.digits[p - 1]) % 2 === 1 && isExactTie(x, p)) {
      if (d.digits === '1') unit /= 10;
      const s2 = (c - unit).toExponential(p - 1);
      if (Math.fround(Number(s2)) === x) return parseExponential(s2);
    }
    return d;
  }
  // At a power of two the rounding interval is lopsided, so a p-digit number
  // on the far side of x can round-trip when the nearest one does not.
  if (c > x && d.digits === '1') unit /= 10; // 1.000e5 -> 9.999e4
  const other = c < x ? c + unit : c - unit;
  const s2 = other.toExponential(p - 1);
  return Math.fround(Number(s2)) === x ? parseExponential(s2) : null;
}

/** Is x exactly halfway between two p-significant-digit decimals? */
function isExactTie(x: number, p: number): boolean {
  const s = x.toExponential(p);
  if (s[p + (p > 0 ? 1 : 0)] !== '5' || Number(s) !== x) return false;
  const { n } = exactDecimal(x);
  const digits = n.toString().replace(/0+$/, '');
  return digits.length === p + 1 && digits.endsWith('5');
}

/** The exact value of a positive finite double as n / 10^scale. */
function exactDecimal(x: number): { n: bigint; scale: number } {
  if (Number.isInteger(x)) return { n: BigInt(x), scale: 0 };
  let k = 0;
  let y = x;
  while (!Number.isInteger(y)) {
    y *= 2; // exact: scaling by a power of two
    k++;
  }
  return { n: BigInt(y) * 5n ** BigInt(k), scale: k };
}

/** q = n / d rounded half to even (n, d > 0). */
function divRoundHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/** Digits string and exponent from an integer m scaled by 10^exp0 (m > 0). */
function decimalFromInt(m: bigint, lastDigitExp: number): Decimal {
  let s = m.toString();
  const exp = lastDigitExp + s.length - 1;
  s = s.replace(/0+$/, '');
  return { digits: s === '' ? '0' : s, exp };
}

/**
 * The exact value of x rounded half to even, keeping `count` digits after the
 * decimal point (mode 'frac') or `count` significant digits (mode 'sig').
 * Trailing zeros are dropped. Returns null when the result is zero.
 */
function roundedDecimal(x: number, mode: 'frac' | 'sig', count: number): Decimal | null {
  // Fast path: toFixed/toExponential round the exact value correctly but
  // break ties upwards. A tie needs an exact value with only count+1 digits:
  // for 'frac' that means x * 2^(count+1) is an integer; for 'sig' that
  // (count+1)-digit rounding is x itself.
  if (mode === 'frac' && x < 1e21 && !Number.isInteger(x * 2 ** (count + 1))) {
    return parseFixed(x.toFixed(count));
  }
  if (mode === 'sig' && count <= 100 && Number(x.toExponential(count)) !== x) {
    return parseExponential(x.toExponential(count - 1));
  }
  const { n, scale } = exactDecimal(x);
  const drop = mode === 'frac' ? scale - count : n.toString().length - count;
  if (drop <= 0) return decimalFromInt(n, -scale);
  const q = divRoundHalfEven(n, 10n ** BigInt(drop));
  if (q === 0n) return null;
  return decimalFromInt(q, drop - scale);
}

/** Parses the output of Number.prototype.toFixed ("0.00012", "12.5"); null for zero. */
function parseFixed(s: string): Decimal | null {
  const dot = s.indexOf('.');
  const intPart = dot < 0 ? s : s.slice(0, dot);
  const all = intPart + (dot < 0 ? '' : s.slice(dot + 1));
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  if (digits === '') return null;
  return { digits, exp: intPart.length - 1 - lead };
}

/**
 * Digits of x as NumPy's Dragon4 prints them in 'unique' mode with
 * `precision` = 8 digits after the decimal point (fractional) or after the
 * first digit (scientific): the shortest round-trip digits if they fit, else
 * the exact value rounded half to even at that position.
 */
function limitedDecimal(x: number, dtype: 'float32' | 'float64', scientific: boolean): Decimal | null {
  const d = shortestDecimal(x, dtype);
  if (scientific) {
    return d.digits.length - 1 <= PRECISION ? d : roundedDecimal(x, 'sig', PRECISION + 1);
  }
  return d.digits.length - 1 - d.exp <= PRECISION ? d : roundedDecimal(x, 'frac', PRECISION);
}

/** Integer and fraction digit strings of a positional number (no sign). */
function positionalParts(d: Decimal | null): [string, string] {
  if (d === null) return ['0', ''];
  const { digits, exp } = d;
  if (exp < 0) return ['0', '0'.repeat(-exp - 1) + digits];
  if (digits.length <= exp + 1) return [digits + '0'.repeat(exp + 1 - digits.length), ''];
  return [digits.slice(0, exp + 1), digits.slice(exp + 1)];
}

function expText(exp: number, minDigits: number): string {
  return (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(minDigits, '0');
}

// ---------------------------------------------------------------------------
// Scalars (str of a NumPy scalar; what TF prints for shape=() tensors)
// ---------------------------------------------------------------------------

function toDtype(v: number, dtype: DType): number {
  if (dtype === 'float32') return Math.fround(v);
  if (dtype === 'int32') return v | 0;
  if (dtype === 'bool') return v ? 1 : 0;
  return +v;
}

/**
 * str() of a NumPy scalar: shortest round-trip digits in Python float style
 * ("6.0", "7.2", "1e-05", "1.5e+16"). Scientific below 1e-4 and from 1e16
 * (float64) or 1e6 (float32) up.
 */
function scalarText(v: number, dtype: DType): string {
  if (dtype === 'int32') return String(v);
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const a = Math.abs(v);
  if (a === 0) return sign + '0.0';
  const d = shortestDecimal(a, dtype);
  const cutoff = dtype === 'float32' ? 1e6 : 1e16;
  if (a < 1e-4 || a >= cutoff) {
    const frac = d.digits.slice(1);
    return sign + d.digits[0] + (frac ? '.' + frac : '') + 'e' + expText(d.exp, 2);
  }
  const [ip, fp] = positionalParts(d);
  return sign + ip + '.' + (fp === '' ? '0' : fp);
}

// ---------------------------------------------------------------------------
// Element formatters (NumPy FloatingFormat / IntegerFormat)
// ---------------------------------------------------------------------------

type ElementFormat = (v: number) => string;

function integerFormat(data: number[]): ElementFormat {
  let width = 0;
  if (data.length > 0) {
    let max = -Infinity;
    let min = Infinity;
    for (const v of data) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    width = Math.max(String(max).length, String(min).length);
  }
  return (v) => String(v).padStart(width, ' ');
}

function floatFormat(data: number[], dtype: 'float32' | 'float64'): ElementFormat {
  const f32 = dtype === 'float32';
  const finite = data.filter((v) => Number.isFinite(v));

  // Scientific notation? Decided on the nonzero finite values, with the
  // comparisons done in the array's dtype (NumPy 2 / NEP 50).
  let expFormat = false;
  let maxVal = 0;
  let minVal = Infinity;
  let anyNonZero = false;
  for (const v of finite) {
    if (v === 0) continue;
    const a = Math.abs(v);
    anyNonZero = true;
    if (a > maxVal) maxVal = a;
    if (a < minVal) minVal = a;
  }
  if (anyNonZero) {
    if (f32) {
      const ratio = Math.fround(maxVal / minVal);
      expFormat = maxVal >= 1e6 || minVal < Math.fround(1e-4) || ratio > 1000;
    } else {
      expFormat = maxVal >= 1e8 || minVal < 1e-4 || maxVal / minVal > 1000;
    }
  }

  let padLeft = 0;
  let padRight = 0;
  let precision = PRECISION;
  let expSize = -1;

  interface Parts {
    sign: string;
    int: string;
    frac: string;
    exp: number;
  }
  // minDigits: in scientific mode every value gets `precision` fraction
  // digits; Dragon4 fills them with further digits of the exact value (not
  // zeros) when the shortest digits are fewer: 2**-30 -> 9.3132257e-10, not
  // 9.3132260e-10 (its shortest repr is 9.313226e-10).
  const cache = new Map<number, Decimal | null>();
  const limited = (a: number): Decimal | null => {
    let d = cache.get(a);
    if (d === undefined) {
      d = limitedDecimal(a, dtype, expFormat);
      cache.set(a, d);
    }
    return d;
  };
  const parts = (v: number, minDigits = 0): Parts => {
    const sign = v < 0 || Object.is(v, -0) ? '-' : '';
    const a = Math.abs(v);
    if (expFormat) {
      if (a === 0) return { sign, int: '0', frac: '', exp: 0 };
      let d = limited(a) ?? { digits: '0', exp: 0 };
      if (d.digits.length - 1 < minDigits) {
        d = roundedDecimal(a, 'sig', minDigits + 1) ?? d;
      }
      return { sign, int: d.digits.slice(0, 1), frac: d.digits.slice(1), exp: d.exp };
    }
    if (a === 0) return { sign, int: '0', frac: '', exp: 0 };
    const [ip, fp] = positionalParts(limited(a));
    return { sign, int: ip, frac: fp, exp: 0 };
  };

  if (finite.length > 0) {
    if (expFormat) {
      let maxExpDigits = 0;
      let maxFrac = 0;
      for (const v of finite) {
        const p = parts(v);
        maxExpDigits = Math.max(maxExpDigits, Math.max(2, String(Math.abs(p.exp)).length));
        maxFrac = Math.max(maxFrac, p.frac.length);
        padLeft = Math.max(padLeft, p.sign.length + p.int.length);
      }
      expSize = maxExpDigits;
      precision = maxFrac;
      padRight = expSize + 2 + precision;
    } else {
      for (const v of finite) {
        const p = parts(v);
        padLeft = Math.max(padLeft, p.sign.length + p.int.length);
        padRight = Math.max(padRight, p.frac.length);
      }
    }
  }

  if (finite.length !== data.length) {
    const negInf = data.some((v) => v === -Infinity) ? 1 : 0;
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + negInf - offset);
  }

  return (v: number): string => {
    if (!Number.isFinite(v)) {
      const ret = Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf';
      return ret.padStart(padLeft + padRight + 1, ' ');
    }
    const p = parts(v, expFormat ? precision : 0);
    const head = (p.sign + p.int).padStart(padLeft, ' ') + '.';
    if (expFormat) {
      return head + p.frac.padEnd(precision, '0') + 'e' + expText(p.exp, expSize);
    }
    return head + p.frac.padEnd(padRight, ' ');
  };
}

// ---------------------------------------------------------------------------
// Array layout (NumPy _formatArray)
// ---------------------------------------------------------------------------

function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function shownIndices(len: number, summarise: boolean): number[] {
  if (summarise && len > 2 * EDGEITEMS) {
    const out: number[] = [];
    for (let i = 0; i < EDGEITEMS; i++) out.push(i);
    for (let i = len - EDGEITEMS; i < len; i++) out.push(i);
    return out;
  }
  return Array.from({ length: len }, (_, i) => i);
}

function extendLine(s: string, line: string, word: string, width: number, nextLinePrefix: string): [string, string] {
  let needsWrap = line.length + word.length > width;
  if (line.length <= nextLinePrefix.length) needsWrap = false;
  if (needsWrap) {
    s += line.trimEnd() + '\n';
    line = nextLinePrefix;
  }
  return [s, line + word];
}

/** NumPy array2string for a non-empty array with ndim >= 1. */
function array2string(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType,
  separator: string,
  prefix: string,
  lineWidth: number,
): string {
  const size = product(shape);
  const summarise = size > THRESHOLD;
  const ndim = shape.length;
  const strides: number[] = new Array<number>(ndim).fill(1);
  for (let i = ndim - 2; i >= 0; i--) strides[i] = (strides[i + 1] ?? 1) * (shape[i + 1] ?? 1);
  const at = (i: number): number => toDtype(values[i] ?? NaN, dtype);

  // The formatter sees only the elements that will be shown.
  const shown: number[] = [];
  const collect = (axis: number, offset: number): void => {
    if (axis === ndim) {
      shown.push(at(offset));
      return;
    }
    for (const i of shownIndices(shape[axis] ?? 0, summarise)) collect(axis + 1, offset + i * (strides[axis] ?? 0));
  };
  collect(0, 0);
  // NumPy's BoolFormat pads True to the width of False in every array.
  const fmt: ElementFormat =
    dtype === 'int32' ? integerFormat(shown) : dtype === 'bool' ? (v) => (v ? ' True' : 'False') : floatFormat(shown, dtype);

  const sepTrim = separator.trimEnd();
  const recurse = (axis: number, offset: number, hangingIndent: string, currWidth: number): string => {
    if (axis === ndim) return fmt(at(offset));
    const axesLeft = ndim - axis;
    const nextHangingIndent = hangingIndent + ' ';
    const nextWidth = currWidth - 1;
    const len = shape[axis] ?? 0;
    const stride = strides[axis] ?? 0;
    const showSummary = summarise && 2 * EDGEITEMS < len;
    const leading = showSummary ? EDGEITEMS : 0;
    const trailing = showSummary ? EDGEITEMS : len;
    let s = '';
    if (axesLeft === 1) {
      const elemWidth = currWidth - Math.max(sepTrim.length, 1);
      let line = hangingIndent;
      for (let i = 0; i < leading; i++) {
        const word = recurse(axis + 1, offset + i * stride, nextHangingIndent, nextWidth);
        [s, line] = extendLine(s, line, word, elemWidth, hangingIndent);
        line += separator;
      }
      if (showSummary) {
        [s, line] = extendLine(s, line, '...', elemWidth, hangingIndent);
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        const word = recurse(axis + 1, offset + (len - i) * stride, nextHangingIndent, nextWidth);
        [s, line] = extendLine(s, line, word, elemWidth, hangingIndent);
        line += separator;
      }
      const word = recurse(axis + 1, offset + (len - 1) * stride, nextHangingIndent, nextWidth);
      [s, line] = extendLine(s, line, word, elemWidth, hangingIndent);
      s += line;
    } else {
      const lineSep = sepTrim + '\n'.repeat(axesLeft - 1);
      for (let i = 0; i < leading; i++) {
        s += hangingIndent + recurse(axis + 1, offset + i * stride, nextHangingIndent, nextWidth) + lineSep;
      }
      if (showSummary) s += hangingIndent + '...' + lineSep;
      for (let i = trailing; i > 1; i--) {
        s += hangingIndent + recurse(axis + 1, offset + (len - i) * stride, nextHangingIndent, nextWidth) + lineSep;
      }
      s += hangingIndent + recurse(axis + 1, offset + (len - 1) * stride, nextHangingIndent, nextWidth);
    }
    return '[' + s.slice(hangingIndent.length) + ']';
  };
  return recurse(0, 0, ' ' + ' '.repeat(prefix.length), lineWidth);
}

function checkArgs(values: ArrayLike<number>, shape: readonly number[]): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`invalid shape ${shapeText(shape)}`);
  }
  const size = product(shape);
  if (values.length < size) {
    throw new RangeError(`shape ${shapeText(shape)} needs ${size} values, got ${values.length}`);
  }
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * NumPy's str(ndarray): "[1 2 3]", "[[1. 3.]\n [3. 7.]]"; for shape [] the str
 * of the NumPy scalar ("7.2", "6.0", "3"). `values` is the flat row-major data;
 * float32 data is rounded with Math.fround, int32 data converted like an
 * Int32Array store.
 */
export function numpyStr(values: ArrayLike<number>, shape: readonly number[], dtype: DType): string {
  checkArgs(values, shape);
  if (shape.length === 0) return scalarText(toDtype(values[0] ?? NaN, dtype), dtype);
  if (product(shape) === 0) return '[]';
  return array2string(values, shape, dtype, ' ', '', LINEWIDTH);
}

/**
 * NumPy's repr(ndarray): "array([1., 2., 3.], dtype=float32)" (float64 arrays
 * have no dtype= suffix, like NumPy; summarised arrays get shape=...). For
 * shape [] it is the scalar text TensorFlow shows after `numpy=`, i.e. the
 * same as numpyStr ("36.0", "4.6777573"); that is NumPy 1's scalar repr, which
 * the `numpy=` examples in the TF docs show.
 */
export function numpyRepr(values: ArrayLike<number>, shape: readonly number[], dtype: DType): string {
  checkArgs(values, shape);
  if (shape.length === 0) return scalarText(toDtype(values[0] ?? NaN, dtype), dtype);
  const prefix = 'array(';
  const size = product(shape);
  // NumPy subtracts len(suffix) = len(")") from the line width.
  const lst = size === 0 ? '[]' : array2string(values, shape, dtype, ', ', prefix, LINEWIDTH - 1);
  const extras: string[] = [];
  if ((size === 0 && !(shape.length === 1 && shape[0] === 0)) || size > THRESHOLD) {
    extras.push(`shape=${shapeText(shape)}`);
  }
  // float64 and bool are NumPy's defaults for their kinds: their repr names no dtype.
  if ((dtype !== 'float64' && dtype !== 'bool') || size === 0) extras.push(`dtype=${dtype}`);
  if (extras.length === 0) return prefix + lst + ')';
  const arrStr = prefix + lst + ',';
  const extraStr = extras.join(', ') + ')';
  const lastLineLen = arrStr.length - (arrStr.lastIndexOf('\n') + 1);
  const spacer = lastLineLen + extraStr.length + 1 > LINEWIDTH ? '\n' + ' '.repeat(prefix.length) : ' ';
  return arrStr + spacer + extraStr;
}

/** Python's text of a TensorShape / tuple: "(3,)", "(2, 2)", "()". */
export function shapeText(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

function withNewline(text: string): string {
  return text.includes('\n') ? '\n' + text : text;
}

/**
 * TF's str(tensor) / print(tensor):
 * "tf.Tensor([1 2 3], shape=(3,), dtype=int32)"; a multi-line value gets a
 * "\n" before it: "tf.Tensor(\n[[1. 3.]\n [3. 7.]], shape=(2, 2), dtype=float32)".
 */
export function tensorStr(values: ArrayLike<number>, shape: readonly number[], dtype: DType): string {
  return `tf.Tensor(${withNewline(numpyStr(values, shape, dtype))}, shape=${shapeText(shape)}, dtype=${dtype})`;
}

/** TF's repr(tensor): "<tf.Tensor: shape=(), dtype=float32, numpy=36.0>". */
export function tensorRepr(values: ArrayLike<number>, shape: readonly number[], dtype: DType): string {
  return `<tf.Tensor: shape=${shapeText(shape)}, dtype=${dtype}, numpy=${withNewline(numpyRepr(values, shape, dtype))}>`;
}

/**
 * TF's repr(variable) (also what print(variable) shows):
 * "<tf.Variable 'Variable:0' shape=(3,) dtype=float32, numpy=array([1., 2., 3.], dtype=float32)>".
 * `name` is the variable's TF name; like TF's `Variable.name`, ":0" is
 * appended when it has no ":<n>" output suffix ("Variable" -> "Variable:0").
 */
export function variableRepr(name: string, values: ArrayLike<number>, shape: readonly number[], dtype: DType): string {
  const fullName = /:\d+$/.test(name) ? name : `${name}:0`;
  return `<tf.Variable '${fullName}' shape=${shapeText(shape)} dtype=${dtype}, numpy=${withNewline(numpyRepr(values, shape, dtype))}>`;
}
