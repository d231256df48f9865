// The learned offset (beta) and scale (gamma) of the normalization layers (BatchNormalization,
// LayerNormalization, GroupNormalization): their options and their part of the config, one
// definition for the three.

import type { ConstraintLike, InitializerLike, RegularizerLike } from './layer';
import { type WeightRole, weightOptionKeys, weightOptionsConfig } from './weight-options';

/** How beta and gamma start, their penalties and their projections. */
export interface BetaGammaOptions {
  /** How `beta` starts (default 'zeros'). */
  betaInitializer?: InitializerLike;
  /** How `gamma` starts (default 'ones'). */
  gammaInitializer?: InitializerLike;
  /** A penalty of `beta`, added to `losses`. */
  betaRegularizer?: RegularizerLike | null;
  /** A penalty of `gamma`, added to `losses`. */
  gammaRegularizer?: RegularizerLike | null;
  /** A projection of `beta` applied after each optimizer update. */
  betaConstraint?: ConstraintLike | null;
  /** A projection of `gamma` applied after each optimizer update. */
  gammaConstraint?: ConstraintLike | null;
}

/** Beta's and gamma's roles, in Keras' order. */
export const BETA_GAMMA: readonly WeightRole[] = ['beta', 'gamma'];

/** The option keys of BetaGammaOptions, in Keras' order. */
export const BETA_GAMMA_KEYS = weightOptionKeys(BETA_GAMMA);

/** The beta/gamma options whose Keras default is None. */
export const BETA_GAMMA_NONE = ['betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint'];

/** The options' entries of Keras' config (the defaults resolved). */
export function betaGammaConfig(o: BetaGammaOptions, op: string): Record<string, unknown> {
  return weightOptionsConfig(o, BETA_GAMMA, op);
}
