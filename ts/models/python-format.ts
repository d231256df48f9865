// Python's str.format for the file names of keras.callbacks.ModelCheckpoint
// ('weights.{epoch:02d}-{val_loss:.2f}.weights.h5'): replacement fields `{name}` and
// `{name:spec}`, spec = [[fill]align][sign][0][width][,][.precision][type] with types d, f, F, e,
// E, g, G, % and none; `{{` and `}}` are braces. Values are ints (the epoch, the batch) or floats.

import { numpyStr } from '../format';

/** Python's repr of a float ('0.1', '3.0', '1e-05', 'nan', 'inf'). */
export const pythonFloatRepr = (x: number): string => numpyStr([x], [], 'float64');

/** A value and whether Python holds it as an int. */
export interface FormatValue {
  value: number;
  isInt: boolean;
}

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(0)?(\d+)?(,)?(?:\.(\d+))?([dfFeEgG%])?$/;

/** `template` with its fields replaced by `values`' (a missing name throws `KeyError: 'name'`). */
export function pythonFormat(template: string, values: ReadonlyMap<string, FormatValue>): string {
  return template.replace(/\{\{|\}\}|\{([^{}:!]*)(?::([^{}]*))?\}/g, (whole, name: string | undefined, spec: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const v = values.get(name!);
    if (v === undefined) throw new Error(`KeyError: '${name}'`);
    return formatValue(v, spec ?? '');
  });
}

function formatValue({ value, isInt }: FormatValue, spec: string): string {
  const m = SPEC.exec(spec);
  if (m === null) throw new Error(`ValueError: Invalid format specifier '${spec}'`);
  const [, fill = ' ', align, sign = '-', zero, width, comma, precision, type] = m;
  if (type === 'd' && !isInt) throw new Error(`ValueError: Unknown format code 'd' for object of type 'float'`);
  const p = precision === undefined ? undefined : Number(precision);
  const magnitude = Math.abs(value);
  let body: string;
  if (!Number.isFinite(value)) body = Number.isNaN(value) ? 'nan' : 'inf';
  else if (type === 'd' || (type === undefined && isInt)) body = String(magnitude);
  else if (type === 'f' || type === 'F') body = magnitude.toFixed(p ?? 6);
  else if (type === '%') body = `${(magnitude * 100).toFixed(p ?? 6)}%`;
  else if (type === 'e' || type === 'E') body = pythonExponential(magnitude, p ?? 6);
  else if (type === 'g' || type === 'G') body = general(magnitude, p ?? 6);
  else body = p === undefined ? pythonFloatRepr(magnitude) : general(magnitude, p, true);
  if (type === 'E' || type === 'G' || type === 'F') body = body.toUpperCase();
  if (comma !== undefined) body = body.replace(/^\d+/, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, ','));
  const signText = value < 0 || Object.is(value, -0) ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
  const total = Number(width ?? 0);
  const padding = Math.max(0, total - signText.length - body.length);
  if (zero !== undefined && align === undefined) return signText + '0'.repeat(padding) + body;
  const pad = (n: number) => fill.repeat(n);
  switch (align ?? '>') { // (numbers align right by default)
    case '<':
      return signText + body + pad(padding);
    case '^':
      return pad(Math.floor(padding / 2)) + signText + body + pad(Math.ceil(padding / 2));
    case '=':
      return signText + pad(padding) + body;
    default:
      return pad(padding) + signText + body;
  }
}

/** Python's '{:.<digits>e}': JavaScript's toExponential with the exponent as Python writes it, two
 * digits at least ('1.5e+00', not '1.5e+0'). */
export const pythonExponential = (value: number, digits: number): string =>
  value.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2');

/** Python's 'g' with `precision` significant digits (trailing zeros removed unless `keepPoint`,
 * the no-type float format, which keeps one digit after the point). */
function general(x: number, precision: number, keepPoint = false): string {
  const p = Math.max(precision, 1);
  if (x === 0) return keepPoint ? '0.0' : '0';
  const exp = Number(x.toExponential(p - 1).split('e')[1]);
  let text = exp < -4 || exp >= p ? pythonExponential(x, p - 1) : x.toFixed(p - 1 - exp);
  const [mantissa, power] = text.split('e') as [string, string | undefined];
  let digits = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  if (keepPoint && !digits.includes('.') && power === undefined) digits += '.0';
  text = power === undefined ? digits : `${digits}e${power}`;
  return text;
}
