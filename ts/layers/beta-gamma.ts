// The learned offset (beta) and scale (gamma) of the normalization layers (BatchNormalization,
// LayerNormalization, GroupNormalization): their options and their part of the config, one
// definition for the three.

import { type ConstraintLike, type InitializerLike, type RegularizerLike, resolveConstraint, resolveInitializer, resolveRegularizer, serializeOption } from './layer';

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

/** The options' entries of Keras' config (the defaults resolved). */
export function betaGammaConfig(o: BetaGammaOptions, op: string): Record<string, unknown> {
  return {
    betaInitializer: serializeOption(resolveInitializer(o.betaInitializer ?? 'zeros', op)),
    gammaInitializer: serializeOption(resolveInitializer(o.gammaInitializer ?? 'ones', op)),
    betaRegularizer: serializeOption(resolveRegularizer(o.betaRegularizer, op)),
    gammaRegularizer: serializeOption(resolveRegularizer(o.gammaRegularizer, op)),
    betaConstraint: serializeOption(resolveConstraint(o.betaConstraint, op)),
    gammaConstraint: serializeOption(resolveConstraint(o.gammaConstraint, op)),
  };
}
