// The models of scripts/keras_files_fixtures.py (and keras_weights_write_check.py), built in
// gradtape layer for layer as in Python, so that Keras' weight files load into them and theirs
// into Keras (test/keras-files.test.ts, test/keras-weights-write.test.ts).
import * as tf from 'gradtape';

const L = tf.keras.layers;

/** The same architectures as the fixture scripts', built here (new weights). */
export const architectures: Record<string, () => tf.keras.Model> = {
  mlp: () => new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(5, { activation: 'relu' }), new L.Dropout(0.2), new L.Dense(3, { activation: 'softmax' })]),
  cnn: () => new tf.keras.Sequential([tf.keras.Input([6, 6, 2]), new L.Conv2D(3, 3, { activation: 'relu' }), new L.MaxPooling2D({ poolSize: 2 }), new L.Flatten(), new L.Dense(2)]),
  rnn: () => new tf.keras.Sequential([tf.keras.Input([5, 3]), new L.LSTM(4, { returnSequences: true }), new L.Bidirectional(new L.GRU(2, { returnSequences: true })), new L.SimpleRNN(2)]),
  two_inputs: () => {
    const a = tf.keras.Input([3], { name: 'a' });
    const b = tf.keras.Input([2], { name: 'b' });
    const hidden = new L.Dense(4, { activation: 'tanh', name: 'hidden' }).apply(a) as tf.keras.KerasTensor;
    const joined = new L.Concatenate({ name: 'join' }).apply([hidden, b]) as tf.keras.KerasTensor;
    return new tf.keras.Model({ inputs: [a, b], outputs: new L.Dense(2, { name: 'out' }).apply(joined) as tf.keras.KerasTensor });
  },
  batchnorm: () => new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(6), new L.BatchNormalization(), new L.Dense(2)]),
  embedding: () => new tf.keras.Sequential([tf.keras.Input([5], { dtype: 'int32' }), new L.Embedding(10, 4), new L.GlobalAveragePooling1D(), new L.Dense(1)]),
  // (Keras' node of the attention call lists the query and value as two positional arguments,
  // and its build config is a dict of shapes: both are converted.)
  attention: () => {
    const x = tf.keras.Input([4, 6], { name: 'tokens' });
    const a = new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, name: 'mha' })(x, x);
    const h = new L.LayerNormalization({ name: 'norm' }).apply(new L.Add({ name: 'residual' }).apply([a, x]) as tf.keras.KerasTensor) as tf.keras.KerasTensor;
    const out = new L.GlobalAveragePooling1D({ name: 'pool' }).apply(new L.Dense(4, { activation: 'relu', name: 'ffn' }).apply(h) as tf.keras.KerasTensor) as tf.keras.KerasTensor;
    return new tf.keras.Model({ inputs: x, outputs: out });
  },
  conv_variants: () => new tf.keras.Sequential([
    tf.keras.Input([5, 5, 2]), new L.Conv2DTranspose(3, 3, { strides: 2 }), new L.SeparableConv2D(2, 3), new L.DepthwiseConv2D(3),
    new L.PReLU(), new L.UpSampling2D(), new L.GroupNormalization({ groups: 2 }), new L.GlobalMaxPooling2D(),
  ]),
  rnn_cells: () => new tf.keras.Sequential([tf.keras.Input([4, 3]), new L.RNN([new L.GRUCell(4), new L.LSTMCell(3)])]),
};
