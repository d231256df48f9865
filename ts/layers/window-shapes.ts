// The output shapes of the convolution and pooling layers, as Keras 3 computes them
// (keras/src/ops/operation_utils.py: compute_conv_output_shape, compute_pooling_output_shape).
// Along a spatial axis of n positions, a window of k taps d apart, stepped s at a time, gives
//   'valid':           floor((n - d·(k - 1) - 1) / s) + 1   (the windows that fit; at least 1)
//   'same', 'causal':  floor((n - 1) / s) + 1 = ceil(n / s) (the input padded to fit)
// and a size not known (null) stays null.

import type { DataFormat } from './arguments';
import { type LayerShape, shapeText } from './layer';

/** The output sizes of the spatial axes `sizes` for windows of `kernel` taps, `dilation` apart,
 * stepped by `strides`; null where the size is not known, or where 'valid' leaves no window. */
function windowSizes(sizes: LayerShape, kernel: readonly number[], strides: readonly number[], dilation: readonly number[], padding: string): (number | null)[] {
  return sizes.map((n, i) => {
    if (n === null) return null;
    if (padding === 'valid') return Math.floor((n - dilation[i]! * (kernel[i]! - 1) - 1) / strides[i]!) + 1;
    return Math.floor((n - 1) / strides[i]!) + 1;
  });
}

/** The spatial sizes of `inputShape` in `dataFormat`. */
const spatialSizes = (inputShape: LayerShape, dataFormat: DataFormat): LayerShape => (dataFormat === 'channels_last' ? inputShape.slice(1, -1) : inputShape.slice(2));

/** `spatial` placed between the batch axis and `channels`, in `dataFormat`. */
const withChannels = (batch: number | null, spatial: (number | null)[], channels: number | null, dataFormat: DataFormat): (number | null)[] =>
  dataFormat === 'channels_last' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];

/** What a convolution layer's window is. */
export interface ConvWindow {
  filters: number | null;
  kernelSize: readonly number[];
  strides: readonly number[];
  padding: 'valid' | 'same' | 'causal';
  dataFormat: DataFormat;
  dilationRate: readonly number[];
}

/** Keras' compute_conv_output_shape: [batch, ...spatial out, filters] (channels last) for `inputShape`. */
export function convOutputShape(inputShape: LayerShape, w: ConvWindow, op: string): (number | null)[] {
  const channels = w.dataFormat === 'channels_last' ? inputShape[inputShape.length - 1] : inputShape[1];
  const kernelShape = [...w.kernelSize, channels ?? null, w.filters];
  if (kernelShape.length !== inputShape.length) {
    throw new Error(`${op}: Kernel shape must have the same length as input, but received kernel of shape ${shapeText(kernelShape)} and input of shape ${shapeText(inputShape)}.`);
  }
  const out = windowSizes(spatialSizes(inputShape, w.dataFormat), w.kernelSize, w.strides, w.dilationRate, w.padding);
  if (out.some((n) => n !== null && n <= 0)) {
    throw new Error(
      `${op}: Computed output size would be zero or negative. Received \`inputs shape=${shapeText(inputShape)}\`, \`kernel shape=${shapeText(kernelShape)}\`, ` +
        `\`dilationRate=[${w.dilationRate.join(', ')}]\`, \`strides=[${w.strides.join(', ')}]\`, \`padding=${w.padding}\`.`,
    );
  }
  return withChannels(inputShape[0] ?? null, out, w.filters, w.dataFormat);
}

/** What a pooling layer's window is. */
export interface PoolWindow {
  poolSize: readonly number[];
  strides: readonly number[];
  padding: 'valid' | 'same';
  dataFormat: DataFormat;
}

/** Keras' compute_pooling_output_shape: the spatial sizes pooled, the batch and channels kept. */
export function poolingOutputShape(inputShape: LayerShape, w: PoolWindow, op: string): (number | null)[] {
  const out = windowSizes(spatialSizes(inputShape, w.dataFormat), w.poolSize, w.strides, w.poolSize.map(() => 1), w.padding);
  if (out.some((n) => n !== null && n <= 0)) {
    throw new Error(
      `${op}: Computed output size would be zero or negative. Received: \`inputs.shape=${shapeText(inputShape)}\`, \`poolSize=[${w.poolSize.join(', ')}]\`, ` +
        `\`strides=[${w.strides.join(', ')}]\`, \`padding=${w.padding}\`.`,
    );
  }
  const channels = w.dataFormat === 'channels_last' ? inputShape[inputShape.length - 1] : inputShape[1];
  return withChannels(inputShape[0] ?? null, out, channels ?? null, w.dataFormat);
}
