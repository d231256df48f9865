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
 * and serialized. */
export function weightOptionsConfig(options: object, roles: readonly WeightRole[], op: string): Record<string, unknown> {
  const given = roles.map((role) => weightOptionsOf(options, role));
  const config: Record<string, unknown> = {};
  roles.forEach((role, i) => (config[`${role}Initializer`] = serializeOption(resolveInitializer(given[i]!.initializer!, op))));
  roles.forEach((role, i) => (config[`${role}Regularizer`] = serializeOption(resolveRegularizer(given[i]!.regularizer, op))));
  roles.forEach((role, i) => (config[`${role}Constraint`] = serializeOption(resolveConstraint(given[i]!.constraint, op))));
  return config;
}

/** The options with the initializers of `roles` made once, in Keras' order (the defaults where
 * none is given), as Keras' `initializers.get` calls in `__init__` make them: an unseeded random
 * initializer takes its default seed then, so the weights it makes at build time, and the
 * config, are those of that one initializer. Throws, naming `op`, where an option of the weights
 * is not an initializer, regularizer or constraint. */
export function resolveWeightOptions<T extends object>(options: T, roles: readonly WeightRole[], op: string): T {
  const resolved: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const role of roles) resolved[`${role}Initializer`] = resolveInitializer(weightOptionsOf(options, role).initializer!, op);
  weightOptionsConfig(resolved, roles, op);
  return resolved as T;
}
