// The definitions of TensorFlow's convolution and pooling as plain loops in float64, channels
// last, one batch dim: output sizes and 'SAME' padding (the odd one after), strides, dilations,
// grouped channels; a pool's window over the real (unpadded) inputs only. The oracle of
// test/convolution.test.ts and test/property/convolution.test.ts.

import { sizeOf } from './gradcheck';

export type Pads = 'SAME' | 'VALID' | number[][];
interface Geometry { out: number[]; before: number[] }

export function geometry(sizes: number[], kernel: number[], strides: number[], dilations: number[], padding: Pads): Geometry {
  const out: number[] = [], before: number[] = [];
  sizes.forEach((n, i) => {
    const span = (kernel[i]! - 1) * dilations[i]! + 1;
    if (padding === 'SAME') {
      out.push(Math.ceil(n / strides[i]!));
      before.push(Math.floor(Math.max((out[i]! - 1) * strides[i]! + span - n, 0) / 2));
    } else {
      const [b, a] = padding === 'VALID' ? [0, 0] : padding[i]!;
      out.push(Math.floor((n + b! + a! - span) / strides[i]!) + 1);
      before.push(b!);
    }
  });
  return { out, before };
}

/** Row-major multi-indices of `shape`. */
export function* indices(shape: number[]): Generator<number[]> {
  const n = sizeOf(shape);
  for (let flat = 0; flat < n; flat++) {
    const idx: number[] = [];
    let rest = flat;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx[i] = rest % shape[i]!;
      rest = Math.floor(rest / shape[i]!);
    }
    yield idx;
  }
}
export const offset = (shape: number[], idx: number[]) => idx.reduce((o, v, i) => o * shape[i]! + v, 0);

export function convOracle(x: Float64Array, xShape: number[], w: Float64Array, wShape: number[], strides: number[], dilations: number[], padding: Pads) {
  const d = wShape.length - 2;
  const [batch, sizes, channels] = [xShape[0]!, xShape.slice(1, d + 1), xShape[d + 1]!];
  const [kernel, depth, cout] = [wShape.slice(0, d), wShape[d]!, wShape[d + 1]!];
  const groups = channels / depth;
  const { out, before } = geometry(sizes, kernel, strides, dilations, padding);
  const shape = [batch, ...out, cout];
  const y = new Float64Array(sizeOf(shape));
  for (const [n, ...o] of indices([batch, ...out])) {
    for (let co = 0; co < cout; co++) {
      const g = Math.floor(co / (cout / groups));
      let sum = 0;
      for (const k of indices(kernel)) {
        const p = o.map((oi, i) => oi * strides[i]! + k[i]! * dilations[i]! - before[i]!);
        if (p.some((pi, i) => pi < 0 || pi >= sizes[i]!)) continue;
        for (let ci = 0; ci < depth; ci++) sum += x[offset(xShape, [n!, ...p, g * depth + ci])]! * w[offset(wShape, [...k, ci, co])]!;
      }
      y[offset(shape, [n!, ...o, co])] = sum;
    }
  }
  return { y, shape };
}

export function poolOracle(kind: 'max' | 'avg', x: Float64Array, xShape: number[], kernel: number[], strides: number[], padding: Pads) {
  const d = xShape.length - 2;
  const [batch, sizes, channels] = [xShape[0]!, xShape.slice(1, d + 1), xShape[d + 1]!];
  const { out, before } = geometry(sizes, kernel, strides, kernel.map(() => 1), padding);
  const shape = [batch, ...out, channels];
  const y = new Float64Array(sizeOf(shape));
  for (const [n, ...o] of indices([batch, ...out])) {
    for (let c = 0; c < channels; c++) {
      let acc = kind === 'max' ? -Infinity : 0, count = 0;
      for (const k of indices(kernel)) {
        const p = o.map((oi, i) => oi * strides[i]! + k[i]! - before[i]!);
        if (p.some((pi, i) => pi < 0 || pi >= sizes[i]!)) continue;
        const v = x[offset(xShape, [n!, ...p, c])]!;
        acc = kind === 'max' ? Math.max(acc, v) : acc + v;
        count++;
      }
      y[offset(shape, [n!, ...o, c])] = kind === 'max' ? acc : acc / count;
    }
  }
  return { y, shape };
}


/** The gradient of Σ conv(x, w)·c with respect to w (c shaped as the output): for every tap k
 * and channel pair, Σ over the positions of x at o·strides + k·dilations times c. */
export function convFilterGradOracle(x: Float64Array, xShape: number[], wShape: number[], c: Float64Array, strides: number[], dilations: number[], padding: Pads) {
  const d = wShape.length - 2;
  const [batch, sizes, channels] = [xShape[0]!, xShape.slice(1, d + 1), xShape[d + 1]!];
  const [kernel, depth, cout] = [wShape.slice(0, d), wShape[d]!, wShape[d + 1]!];
  const groups = channels / depth;
  const { out, before } = geometry(sizes, kernel, strides, dilations, padding);
  const cShape = [batch, ...out, cout];
  const g = new Float64Array(sizeOf(wShape));
  for (const [n, ...o] of indices([batch, ...out])) {
    for (let co = 0; co < cout; co++) {
      const grp = Math.floor(co / (cout / groups));
      const upstream = c[offset(cShape, [n!, ...o, co])]!;
      for (const k of indices(kernel)) {
        const p = o.map((oi, i) => oi * strides[i]! + k[i]! * dilations[i]! - before[i]!);
        if (p.some((pi, i) => pi < 0 || pi >= sizes[i]!)) continue;
        for (let ci = 0; ci < depth; ci++) g[offset(wShape, [...k, ci, co])] += x[offset(xShape, [n!, ...p, grp * depth + ci])]! * upstream;
      }
    }
  }
  return g;
}
