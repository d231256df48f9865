// Model.summary()'s table (keras/src/utils/summary_utils.py): one row per layer (name and class,
// output shape, parameter count), then the total, trainable and non-trainable parameter counts
// with their size in memory. Keras renders the table with rich at the terminal's width; this is
// its layout at 76 columns (an 80-column terminal, as in Colab and Keras' guides).

import type { Layer, LayerShape } from '../layers/layer';
import type { Variable } from '../variable';

/** Column widths inside the borders, one space of padding included on each side. */
const WIDTHS = [33, 24, 15] as const;
const ALIGN = ['left', 'left', 'right'] as const;

/** Keras' readable_memory_size: bytes in B, KB, MB, ... (powers of 1024), two decimals. */
export function readableMemorySize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} PB`;
}

/** The bytes of each distinct weight, by dtype (Keras' weight_memory_size). */
const memorySize = (weights: readonly Variable[]): number => [...new Set(weights)].reduce((n, w) => n + w.size * (w.dtype === 'float64' ? 8 : w.dtype === 'bool' ? 1 : 4), 0);

/** A count with thousands separators, as Python's `f"{n:,}"`. */
const withCommas = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Python's text of a shape: `(None, 64)`. */
const shapeText = (shape: LayerShape): string => `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;

/** A layer's output shape as the summary shows it: from its build shape, else its last call, else '?'. */
function outputShape(layer: Layer): string {
  if (!layer.built) return '?';
  const built = layer._buildShape;
  if (built !== null) {
    try {
      return shapeText(layer.computeOutputShape(built));
    } catch {
      /* no computeOutputShape: the last call's shape below */
    }
  }
  const last = layer._lastOutputShape;
  return last === null ? '?' : shapeText(built === null ? last : [built[0] ?? null, ...last.slice(1)]);
}

/** `text` in lines of at most `width` characters, broken at spaces where possible. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const cut = space > 0 ? space : width;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  lines.push(rest);
  return lines;
}

/** A table row: the cells wrapped to their columns, padded and aligned, between the borders. */
function row(cells: readonly string[], border: string): string[] {
  const wrapped = cells.map((c, i) => wrap(c, WIDTHS[i]! - 2));
  const height = Math.max(...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let k = 0; k < height; k++) {
    const parts = wrapped.map((w, i) => {
      const text = w[k] ?? '';
      const inner = WIDTHS[i]! - 2;
      return ` ${ALIGN[i] === 'right' ? text.padStart(inner) : text.padEnd(inner)} `;
    });
    lines.push(`${border}${parts.join(border)}${border}`);
  }
  return lines;
}

/** A horizontal rule from its left, middle, right and fill characters. */
const rule = (left: string, middle: string, right: string, fill: string): string => left + WIDTHS.map((w) => fill.repeat(w)).join(middle) + right;

/** The summary of a model named `name` with these layers and weights, as Keras prints it. */
export function summaryText(name: string, layers: readonly Layer[], trainable: readonly Variable[], nonTrainable: readonly Variable[]): string {
  const lines = [`Model: "${name}"`, rule('┏', '┳', '┓', '━'), ...row(['Layer (type)', 'Output Shape', 'Param #'], '┃'), rule('┡', '╇', '┩', '━')];
  layers.forEach((layer, i) => {
    if (i > 0) lines.push(rule('├', '┼', '┤', '─'));
    const params = layer.built ? withCommas(layer.countParams()) : '0 (unbuilt)';
    lines.push(...row([`${layer.name} (${layer.constructor.name})`, outputShape(layer), params], '│'));
  });
  lines.push(rule('└', '┴', '┘', '─'));
  const count = (weights: readonly Variable[]): number => [...new Set(weights)].reduce((n, w) => n + w.size, 0);
  const trainableCount = count(trainable);
  const nonTrainableCount = count(nonTrainable);
  lines.push(` Total params: ${withCommas(trainableCount + nonTrainableCount)} (${readableMemorySize(memorySize(trainable) + memorySize(nonTrainable))})`);
  lines.push(` Trainable params: ${withCommas(trainableCount)} (${readableMemorySize(memorySize(trainable))})`);
  lines.push(` Non-trainable params: ${withCommas(nonTrainableCount)} (${readableMemorySize(memorySize(nonTrainable))})`);
  return lines.join('\n');
}
