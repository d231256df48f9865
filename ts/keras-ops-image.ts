// tf.keras.ops.image: Keras 3's image op namespace (`keras.ops.image`), as Keras 3.15.1 computes it
// on its JAX backend. Keras' required arguments are positional; its keyword arguments are an
// options object with their names in camelCase and Keras' defaults (dataFormat 'channels_last').
// Images are [height, width, channels] or [batch, height, width, channels] (channels first with
// dataFormat 'channels_first'). The ops are in ts/keras-ops-image-*.ts.

import { hsvToRgb, rgbToGrayscale, rgbToHsv } from './keras-ops-image-colour';
import { cropImages, extractPatches, extractPatches3d, gaussianBlur, padImages } from './keras-ops-image-layout';
import { sobelEdges, ssim } from './keras-ops-image-measures';
import { resize, scaleAndTranslate } from './keras-ops-image-resize';
import { affineTransform, elasticTransform, mapCoordinates, perspectiveTransform } from './keras-ops-image-sampling';

export type { KerasImageFormatOptions } from './keras-ops-image-colour';
export type { KerasCropImagesOptions, KerasExtractPatchesOptions, KerasGaussianBlurOptions, KerasPadImagesOptions } from './keras-ops-image-layout';
export type { KerasSsimOptions } from './keras-ops-image-measures';
export type { KerasResizeInterpolation, KerasResizeOptions, KerasScaleAndTranslateMethod, KerasScaleAndTranslateOptions } from './keras-ops-image-resize';
export type {
  KerasAffineTransformOptions, KerasElasticTransformOptions, KerasFillMode, KerasMapCoordinatesOptions, KerasPerspectiveTransformOptions, KerasTransformInterpolation,
} from './keras-ops-image-sampling';

/** `tf.keras.ops.image`: Keras 3's image ops (resizing, affine, perspective and elastic warps, map_coordinates, patches, padding and cropping, blur, Sobel edges, SSIM, colour conversions), as its JAX backend computes them. */
export const kerasOpsImage = {
  /** keras.ops.image.rgb_to_grayscale(images, {dataFormat}): 0.2989·R + 0.5870·G + 0.1140·B as one channel. */
  rgbToGrayscale,
  /** keras.ops.image.rgb_to_hsv(images, {dataFormat}): hue, saturation and value of float RGB images in [0, 1]. */
  rgbToHsv,
  /** keras.ops.image.hsv_to_rgb(images, {dataFormat}): RGB of float HSV images. */
  hsvToRgb,
  /** keras.ops.image.resize(images, size, {interpolation, antialias, cropToAspectRatio, padToAspectRatio, fillMode, fillValue, dataFormat}): jax.image.resize. */
  resize,
  /** keras.ops.image.affine_transform(images, transform, {interpolation, fillMode, fillValue, dataFormat}): each image read at affinely mapped coordinates. */
  affineTransform,
  /** keras.ops.image.map_coordinates(inputs, coordinates, order, {fillMode, fillValue}): inputs read at coordinates, nearest (order 0) or linear (order 1). */
  mapCoordinates,
  /** keras.ops.image.extract_patches(images, size, {strides, dilationRate, padding, dataFormat}): the windows of `size` flattened into the channels (2-D or 3-D). */
  extractPatches,
  /** keras.ops.image.extract_patches_3d(volumes, size, {strides, dilationRate, padding, dataFormat}): extractPatches of volumes. */
  extractPatches3d,
  /** keras.ops.image.pad_images(images, {topPadding, leftPadding, bottomPadding, rightPadding, targetHeight, targetWidth, dataFormat}): zeros around the images. */
  padImages,
  /** keras.ops.image.crop_images(images, {topCropping, leftCropping, bottomCropping, rightCropping, targetHeight, targetWidth, dataFormat}): a window of the images. */
  cropImages,
  /** keras.ops.image.gaussian_blur(images, {kernelSize, sigma, dataFormat}): a depthwise Gaussian blur. */
  gaussianBlur,
  /** keras.ops.image.perspective_transform(images, startPoints, endPoints, {interpolation, fillValue, dataFormat}): the perspective map taking the end points to the start points. */
  perspectiveTransform,
  /** keras.ops.image.elastic_transform(images, {alpha, sigma, interpolation, fillMode, fillValue, seed, dataFormat}): a random smooth displacement, JAX's draws for a seed. */
  elasticTransform,
  /** keras.ops.image.scale_and_translate(images, outputShape, scale, translation, spatialDims, method, {antialias}): jax.image.scale_and_translate. */
  scaleAndTranslate,
  /** keras.ops.image.sobel_edges(images, {dataFormat}): the Sobel gradients [dy, dx] of each channel, stacked last. */
  sobelEdges,
  /** keras.ops.image.ssim(image1, image2, {maxVal, filterSize, filterSigma, k1, k2, dataFormat}): the structural similarity of two images, one value per pair. */
  ssim,
};
