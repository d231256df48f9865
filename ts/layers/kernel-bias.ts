// The kernel and the bias of the layers that multiply by a kernel (Dense, EinsumDense, the
// convolutions, MultiHeadAttention's projections, the recurrent cells): their options and their
// part of the config, one definition for all of them.

import type { ConstraintLike, InitializerLike, RegularizerLike } from './layer';
import { type WeightRole, weightOptionKeys, weightOptionsConfig } from './weight-options';

/** How the bias starts, its penalty and its projection. */
export interface BiasOptions {
  /** How the bias starts (default 'zeros'). */
  biasInitializer?: InitializerLike;
  /** A penalty of the bias, added to `losses`. */
  biasRegularizer?: RegularizerLike | null;
  /** A projection of the bias applied after each optimizer update. */
  biasConstraint?: ConstraintLike | null;
}

/** How the kernel and the bias start, their penalties and their projections. */
export interface KernelBiasOptions extends BiasOptions {
  /** How the kernel starts (default 'glorot_uniform'). */
  kernelInitializer?: InitializerLike;
  /** A penalty of the kernel, added to `losses`. */
  kernelRegularizer?: RegularizerLike | null;
  /** A projection of the kernel applied after each optimizer update. */
  kernelConstraint?: ConstraintLike | null;
}

/** The kernel's and the bias's roles, in Keras' order. */
export const KERNEL_BIAS: readonly WeightRole[] = ['kernel', 'bias'];

/** The option keys of KernelBiasOptions, in Keras' order. */
export const KERNEL_BIAS_KEYS = weightOptionKeys(KERNEL_BIAS);

/** The options' entries of Keras' config (the defaults resolved). */
export function kernelBiasConfig(o: KernelBiasOptions, op: string): Record<string, unknown> {
  return weightOptionsConfig(o, KERNEL_BIAS, op);
}
