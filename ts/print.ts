// tf.print: TensorFlow's PrintV2 text of tensors (its summarized layout and number format), and
// the place it goes. The format is TensorFlow's own, not NumPy's: `[0 1 2 ... 7 8 9]`, floats in
// C's %g with the fewest digits that read back to the same value.

import { checkOptions, describe, isPlainObject } from './describe';
import { type DType } from './dtype';
import { Tensor } from './tensor';
import { TraceSpoiler, spoilTrace, tracing } from './wasm/runtime';

/** Where `tf.print` writes: the process's stderr (TensorFlow's default) or stdout, or a function
 * given each printed text (with its `end`). */
export type PrintStream = 'stderr' | 'stdout' | ((text: string) => void);

/** tf.print's keyword arguments, given as a last argument naming any of these keys (and no other). */
export interface PrintOptions {
  /** Where to write: 'stderr' (the default, as TensorFlow's `sys.stderr`), 'stdout', or a function. */
  outputStream?: PrintStream;
  /** The first and last `summarize` entries of each dimension are printed, `...` between (default 3; -1 prints all). */
  summarize?: number;
  /** Between the inputs (default ' '). */
  sep?: string;
  /** After the last input (default '\n'). */
  end?: string;
}

const OPTION_KEYS = ['outputStream', 'summarize', 'sep', 'end'];

/** A last plain object naming any option is the options (its other keys are errors: a typo, not
 * a dict to print). */
const isOptions = (v: unknown): v is PrintOptions =>
  isPlainObject(v) && Object.keys(v).some((k) => OPTION_KEYS.includes(k));

/** C's `%.{digits}g`: fixed or scientific by the exponent, trailing zeros dropped, a two-digit
 * exponent at least. */
export function formatG(v: number, digits: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exponent = Number(v.toExponential(digits - 1).split('e')[1]);
  if (exponent < -4 || exponent >= digits) {
    const [mantissa, e] = v.toExponential(digits - 1).split('e') as [string, string];
    const sign = e[0] === '-' ? '-' : '+';
    const magnitude = e.replace(/^[+-]/, '').padStart(2, '0');
    return `${trimZeros(mantissa)}e${sign}${magnitude}`;
  }
  return trimZeros(v.toFixed(Math.max(0, digits - 1 - exponent)));
}

/** Python's `{:g}` (scipy's disp lines): 6 significant digits, and nan, inf, -inf. */
export const pythonG = (v: number): string => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : formatG(v, 6));

const trimZeros = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

/** One element as TensorFlow's StrCat writes it: floats with 6 (float32) or 15 (float64)
 * significant digits when those read back to the same value, else 9 or 17; bools as 1 and 0. */
export function formatElement(v: number, dtype: DType): string {
  if (dtype === 'bool') return v ? '1' : '0';
  if (dtype === 'int32') return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  const [short, long, same] =
    dtype === 'float32' ? [6, 9, (s: string) => Math.fround(Number(s)) === v] : [15, 17, (s: string) => Number(s) === v];
  const text = formatG(v, short);
  return same(text) ? text : formatG(v, long);
}

/** The summarized text of a tensor's values, as TensorFlow's print writes it: nested brackets,
 * elements separated by spaces, rows by a newline and an indent (a blank line more per outer
 * dimension), and each dimension longer than 2·summarize cut to its first and last `summarize`
 * entries around `...` (summarize -1: everything); an empty tensor is `[]`. */
export function summarizeValues(values: ArrayLike<number>, shape: readonly number[], dtype: DType, summarize = 3): string {
  if (shape.length === 0) return formatElement(values[0]!, dtype);
  if (values.length === 0) return '[]';
  const rank = shape.length;
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  // Between two entries of dimension d: a space in the innermost dimension; elsewhere one newline
  // per dimension inside it, then an indent of d + 1.
  const spacing = (d: number): string => (d === rank - 1 ? ' ' : '\n'.repeat(rank - d - 1) + ' '.repeat(d + 1));
  const dim = (d: number, offset: number): string => {
    const n = shape[d]!;
    const cut = summarize >= 0 && n > 2 * summarize;
    const indices = cut ? [...range(0, summarize), -1, ...range(n - summarize, n)] : range(0, n);
    const parts = indices.map((i) =>
      i === -1 ? '...' : d === rank - 1 ? formatElement(values[offset + i]!, dtype) : dim(d + 1, offset + i * strides[d]!),
    );
    return `[${parts.join(spacing(d))}]`;
  };
  return dim(0, 0);
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** The text of one input: a tensor summarized, a string as it is at the top level, and arrays
 * and plain objects as Python writes lists and dicts (strings quoted inside them). */
function formatInput(v: unknown, summarize: number, nested: boolean): string {
  if (v instanceof Tensor) return summarizeValues(v.dataSync() as ArrayLike<number>, v.shape, v.dtype, summarize);
  if (typeof v === 'string') return nested ? `'${v}'` : v;
  if (Array.isArray(v)) return `[${v.map((x) => formatInput(x, summarize, true)).join(', ')}]`;
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const entries = Object.entries(v).map(([k, x]) => `${/^-?\d+$/.test(k) ? k : `'${k}'`}: ${formatInput(x, summarize, true)}`);
    return `{${entries.join(', ')}}`;
  }
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  return String(v);
}

function writer(stream: PrintStream): (text: string) => void {
  if (typeof stream === 'function') return stream;
  const proc = (globalThis as { process?: { stdout?: { write?: unknown }; stderr?: { write?: unknown } } }).process;
  const out = stream === 'stdout' ? proc?.stdout : proc?.stderr;
  if (out && typeof out.write === 'function') return (text) => (out.write as (s: string) => void)(text);
  // Browsers and workers: the console, one call per print, without the final newline.
  const log = stream === 'stdout' ? console.log : console.error;
  return (text) => log(text.endsWith('\n') ? text.slice(0, -1) : text);
}

/**
 * tf.print(*inputs, output_stream=sys.stderr, summarize=3, sep=' ', end='\n'): prints tensors
 * (summarized: the first and last `summarize` entries of each dimension), strings, numbers, and
 * arrays and objects holding them, in TensorFlow's format. The keyword arguments come as a last
 * object naming any of `outputStream`, `summarize`, `sep` and `end` (and no other key). Inside `tf.function` it
 * prints at every call, as TensorFlow's print op does (the function then runs as written).
 *
 * @example
 * ```ts
 * let text = '';
 * tf.print('x:', tf.range(10), { outputStream: (s) => (text += s) });
 * console.log(text.trim()); // x: [0 1 2 ... 7 8 9]
 * ```
 */
export function print(...inputs: unknown[]): void {
  const options = inputs.length > 0 && isOptions(inputs[inputs.length - 1])
    ? (checkOptions(inputs.pop(), 'print', OPTION_KEYS, "{ summarize: -1, outputStream: 'stdout' }") as PrintOptions)
    : {};
  const { outputStream = 'stderr', summarize = 3, sep = ' ', end = '\n' } = options;
  if (!(typeof outputStream === 'function' || outputStream === 'stderr' || outputStream === 'stdout')) {
    throw new Error(`print: outputStream must be 'stderr', 'stdout' or a function, got ${describe(outputStream)}.`);
  }
  if (!Number.isInteger(summarize) || summarize < -1) {
    throw new Error(`print: summarize must be -1 (print everything) or a non-negative integer, got ${describe(summarize)}.`);
  }
  if (typeof sep !== 'string' || typeof end !== 'string') {
    throw new Error(`print: sep and end must be strings, got ${describe(typeof sep !== 'string' ? sep : end)}.`);
  }
  // A replay would print nothing: a function that prints runs as written at every call.
  if (tracing.active) spoilTrace(TraceSpoiler.HostEffect);
  const text = inputs.map((v) => formatInput(v, summarize, false)).join(sep) + end;
  writer(outputStream)(text);
}
