// What test/keras-save.test.ts and test/keras-save-layers.test.ts share: the differences
// scripts/keras_save_check.py may list between gradtape's config.json and Keras' own of the model
// it loaded.

/**
 * Where Keras' config.json of a model it loaded may differ from gradtape's (the check script
 * lists every difference as 'path: gradtape's value | Keras' value'), each the same model written
 * another way:
 * - the compile config's jit_compile: Keras writes 'auto' as its backend resolved it (true with
 *   JAX); gradtape writes 'auto', for the loading backend to resolve;
 * - a layer's activity_regularizer when there is none: Keras' convolutions, recurrent layers and
 *   Embedding write null, gradtape's configs leave it out;
 * - a call's training and mask arguments at their defaults: Keras' nodes record them;
 * - LayerNormalization's axis: an int in gradtape's config, a list of one in Keras';
 * - SimpleRNN's seed at null, which Keras takes but does not write;
 * - a loss object's dtype at float32, which Keras' loss config leaves out.
 */
export function isAcceptedDifference(difference: string): boolean {
  return [
    /^compile_config\.jit_compile: "auto" \| true$/,
    /\.activity_regularizer: "<missing>" \| null$/,
    /\.inbound_nodes\[\d+\]\.kwargs\.(training: "<missing>" \| false|mask: "<missing>" \| null)$/,
    /\.config\.axis: (-?\d+) \| \[\1\]$/,
    /\.config\.seed: null \| "<missing>"$/,
    /^compile_config\.loss(\[\d+\])?\.config\.dtype: "float32" \| "<missing>"$/,
  ].some((pattern) => pattern.test(difference));
}
