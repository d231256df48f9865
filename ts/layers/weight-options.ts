// The options of a layer's weights, as Keras names them: a weight of role R ('kernel', 'bias',
// 'gamma', ...) takes `RInitializer`, `RRegularizer` and `RConstraint`. One place that checks
// them, passes them to addWeight and writes them in the config, in Keras' order: the
// initializers of every role, then the regularizers, then the constraints.

import {
  type AddWeightOptions, type ConstraintLike, type InitializerLike, type RegularizerLike, resolveConstraint, resolveInitializer, resolveRegularizer, serializeOption,
} from './layer';

/** Each role and the initializer its weight starts from when the options give none (Keras' defaults). */
const DEFAULT_INITIALIZERS = {
  kernel: 'glorot_uniform', recurrent: 'orthogonal', depthwise: 'glorot_uniform', pointwise: 'glorot_uniform', bias: 'zeros', beta: 'zeros', gamma: 'ones',
} as const;

/** A weight whose options are `<role>Initializer`, `<role>Regularizer` and `<role>Constraint`. */
export type WeightRole = keyof typeof DEFAULT_INITIALIZERS;

/** The option keys of weights of `roles`, in Keras' order. */
export const weightOptionKeys = (roles: readonly WeightRole[]): string[] => [
  ...roles.map((r) => `${r}Initializer`), ...roles.map((r) => `${r}Regularizer`), ...roles.map((r) => `${r}Constraint`),
];

/** The addWeight options of the weight of `role` from the layer's options (its default initializer where none is given). */
export function weightOptionsOf(options: object, role: WeightRole): Pick<AddWeightOptions, 'initializer' | 'regularizer' | 'constraint'> {
  const o = options as Record<string, unknown>;
  return {
    initializer: (o[`${role}Initializer`] as InitializerLike | undefined) ?? DEFAULT_INITIALIZERS[role],
    regularizer: o[`${role}Regularizer`] as RegularizerLike | null | undefined,
    constraint: o[`${role}Constraint`] as ConstraintLike | null | undefined,
  };
}

/** Keras' config entries of the options of weights of `roles`, resolved (the defaults filled in)
 * and serialized. Resolving them throws on a name or object that is none, so a constructor calls
 * `checkWeightOptions` to fail at once, as Keras' `get` calls in `__init__` do, though the weights
 * come later. */
export function weightOptionsConfig(options: object, roles: readonly WeightRole[], op: string): Record<string, unknown> {
  const given = roles.map((role) => weightOptionsOf(options, role));
  const config: Record<string, unknown> = {};
  roles.forEach((role, i) => (config[`${role}Initializer`] = serializeOption(resolveInitializer(given[i]!.initializer!, op))));
  roles.forEach((role, i) => (config[`${role}Regularizer`] = serializeOption(resolveRegularizer(given[i]!.regularizer, op))));
  roles.forEach((role, i) => (config[`${role}Constraint`] = serializeOption(resolveConstraint(given[i]!.constraint, op))));
  return config;
}

/** Throws, naming `op`, where an option of the weights of `roles` is not an initializer, regularizer or constraint. */
export function checkWeightOptions(options: object, roles: readonly WeightRole[], op: string): void {
  weightOptionsConfig(options, roles, op);
}
