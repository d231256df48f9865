// Keras' fuzz factor, keras.backend.epsilon() (keras/src/backend/config.py), which losses,
// metrics, constraints, Normalization and keras.utils.normalize read: the margin probabilities
// are clipped by, what divisors and norms are kept above, AUC's end thresholds. gradtape has no
// set_epsilon, so it is one constant.

/** keras.backend.epsilon(): 1e-7. */
export const EPSILON = 1e-7;
