// Keras' serialized objects as the `deserialize` functions of tf.keras.losses and
// tf.keras.regularizers read them: gradtape's `{className, config}`, and Keras' own JSON spelling
// (`class_name`, snake_case config keys; `module` and `registered_name` are ignored), so a
// config written by Python Keras' serialize() loads too.

import { describe, isPlainObject } from './describe';

/** `{className, config}` read from gradtape's or Keras' spelling; config keys in camelCase. */
export function readSerialized(value: unknown, op: string): { className: string; config: unknown } {
  const allowed = ['className', 'class_name', 'config', 'module', 'registered_name'];
  if (!isPlainObject(value) || Object.keys(value).some((k) => !allowed.includes(k))) {
    throw new Error(`${op}: expected a name or {className, config}, got ${describe(value)}.`);
  }
  const className = value.className ?? value.class_name;
  if (typeof className !== 'string') throw new Error(`${op}: className must be a string, got ${describe(className)}.`);
  const config = value.config ?? {};
  if (typeof config === 'string') return { className, config };
  if (!isPlainObject(config)) throw new Error(`${op}: config must be an object, got ${describe(config)}.`);
  // from_logits -> fromLogits: Keras' keyword arguments are the options' names in snake_case.
  const camel = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]));
  return { className, config: camel };
}
