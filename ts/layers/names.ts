// Keras' automatic layer and model names (keras/src/utils/naming.py): the class name in
// snake_case, made unique per session by a counter kept for each base name, so the first Dense is
// 'dense', the next 'dense_1', then 'dense_2'. `tf.keras.backend.clearSession()` starts over.

/** How many automatic names each base name has given out. */
const uids = new Map<string, number>();

/** Keras' to_snake_case: 'Dense' -> 'dense', 'InputLayer' -> 'input_layer', 'ReLU' -> 're_lu'. */
export const toSnakeCase = (name: string): string =>
  name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();

/** Keras' uniquify: `base` the first time, then `base_1`, `base_2`, ... */
export function uniqueName(base: string): string {
  const count = uids.get(base) ?? 0;
  uids.set(base, count + 1);
  return count === 0 ? base : `${base}_${count}`;
}

/**
 * keras.backend.clear_session(): resets the automatic layer names, so the next Dense layer made is
 * named 'dense' again. (Layers and their variables already made are not changed.)
 *
 * @example
 * ```ts
 * tf.keras.backend.clearSession();
 * console.log(new tf.keras.layers.Dense(2).name, new tf.keras.layers.Dense(2).name); // dense dense_1
 * tf.keras.backend.clearSession();
 * console.log(new tf.keras.layers.Dense(2).name); // dense
 * ```
 */
export function clearSession(): void {
  uids.clear();
}
