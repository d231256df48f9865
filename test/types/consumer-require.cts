// The CommonJS typings (dist/index.d.cts), compiled by test/packed-tarball.test.ts under node16.
import tf = require('gradtape');

const opt: tf.optimizers.SGD = new tf.optimizers.SGD({ momentum: 0.9 });
const t: tf.Tensor = tf.constant([1, 2]).add(1);
export = { opt, t };
