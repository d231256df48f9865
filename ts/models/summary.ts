// Model.summary()'s table (keras/src/utils/summary_utils.py): one row per layer (name and class,
// output shape, parameter count), then the total, trainable and non-trainable parameter counts
// with their size in memory. Keras renders the table with rich at the terminal's width; this is
// its layout at 76 columns (an 80-column terminal, as in Colab and Keras' guides). A functional
// model that is not a chain gets a fourth column, "Connected to": each call's inputs as
// `layer[node index][tensor index]`.

import type { Node } from '../layers/keras-tensor';
import { type Layer, type LayerShape, isShape } from '../layers/layer';
import { flatten } from '../layers/nest';
import type { Variable } from '../variable';

/** A table's columns: widths inside the borders (one space of padding included on each side) and alignments. */
interface Columns {
  widths: readonly number[];
  align: readonly ('left' | 'right')[];
}

// Keras asks rich for columns at [0.45, 0.80, 1.0] (or [0.3, 0.56, 0.74, 1.0] with "Connected
// to") of the line, then rich shrinks them evenly to fit the 76 columns with the borders
// (rich's ratio_reduce): these are the widths that gives.
const THREE: Columns = { widths: [33, 24, 15], align: ['left', 'left', 'right'] };
const FOUR: Columns = { widths: [21, 19, 12, 19], align: ['left', 'left', 'right', 'left'] };

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

/** A layer's output shape as the summary shows it: from its calls on KerasTensors (the last one),
 * else the shape a Sequential last built it for, else its build shape, else its last call, else '?'. */
function outputShape(layer: Layer): string {
  const nodes = layer._inboundNodes;
  if (nodes.length > 0) {
    const outputs = nodes[nodes.length - 1]!.outputs;
    return outputs.length === 1 ? shapeText(outputs[0]!.shape) : `[${outputs.map((t) => shapeText(t.shape)).join(', ')}]`;
  }
  if (!layer.built) return '?';
  const built = layer._sequentialShape ?? layer._summaryShape;
  if (built !== null) {
    try {
      return shapeText(layer.computeOutputShape(built));
    } catch {
      /* no computeOutputShape: the last call's shape below */
    }
  }
  const last = layer._lastOutputShape;
  const batch = built === null ? null : (flatten(built, isShape)[0]?.[0] ?? null);
  return last === null ? '?' : shapeText(built === null ? last : [batch, ...last.slice(1)]);
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
function row(columns: Columns, cells: readonly string[], border: string): string[] {
  const wrapped = cells.map((c, i) => wrap(c, columns.widths[i]! - 2));
  const height = Math.max(...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let k = 0; k < height; k++) {
    const parts = wrapped.map((w, i) => {
      const text = w[k] ?? '';
      const inner = columns.widths[i]! - 2;
      return ` ${columns.align[i] === 'right' ? text.padStart(inner) : text.padEnd(inner)} `;
    });
    lines.push(`${border}${parts.join(border)}${border}`);
  }
  return lines;
}

/** A horizontal rule from its left, middle, right and fill characters. */
const rule = (columns: Columns, left: string, middle: string, right: string, fill: string): string => left + columns.widths.map((w) => fill.repeat(w)).join(middle) + right;

/** Keras' "Connected to" of a layer: each input of each of its calls in the model, as
 * `layer[node index][tensor index]`, or '-' for none (an InputLayer). */
function connections(layer: Layer, nodes: ReadonlySet<Node>): string {
  const parts: string[] = [];
  for (const node of layer._inboundNodes) {
    if (!nodes.has(node)) continue;
    for (const t of node.inputTensors) {
      const history = t._history!;
      const source = history.node.operation;
      parts.push(`${source.name}[${source._inboundNodes.indexOf(history.node)}][${history.tensorIndex}]`);
    }
  }
  return parts.length === 0 ? '-' : parts.join(', ');
}

/** The summary of a model named `name` with these layers and weights, as Keras prints it; with
 * `graphNodes` (a functional model that is not a chain), the "Connected to" column too. */
export function summaryText(name: string, layers: readonly Layer[], trainable: readonly Variable[], nonTrainable: readonly Variable[], graphNodes: ReadonlySet<Node> | null = null): string {
  const columns = graphNodes === null ? THREE : FOUR;
  const header = ['Layer (type)', 'Output Shape', 'Param #', ...(graphNodes === null ? [] : ['Connected to'])];
  const lines = [`Model: "${name}"`, rule(columns, '┏', '┳', '┓', '━'), ...row(columns, header, '┃'), rule(columns, '┡', '╇', '┩', '━')];
  layers.forEach((layer, i) => {
    if (i > 0) lines.push(rule(columns, '├', '┼', '┤', '─'));
    const params = layer.built ? withCommas(layer.countParams()) : '0 (unbuilt)';
    const cells = [`${layer.name} (${layer.constructor.name})`, outputShape(layer), params];
    if (graphNodes !== null) cells.push(connections(layer, graphNodes));
    lines.push(...row(columns, cells, '│'));
  });
  lines.push(rule(columns, '└', '┴', '┘', '─'));
  const count = (weights: readonly Variable[]): number => [...new Set(weights)].reduce((n, w) => n + w.size, 0);
  const trainableCount = count(trainable);
  const nonTrainableCount = count(nonTrainable);
  lines.push(` Total params: ${withCommas(trainableCount + nonTrainableCount)} (${readableMemorySize(memorySize(trainable) + memorySize(nonTrainable))})`);
  lines.push(` Trainable params: ${withCommas(trainableCount)} (${readableMemorySize(memorySize(trainable))})`);
  lines.push(` Non-trainable params: ${withCommas(nonTrainableCount)} (${readableMemorySize(memorySize(nonTrainable))})`);
  return lines.join('\n');
}
