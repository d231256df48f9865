// tf.dtypes, tf.asDType, and TensorFlow's eager tf.no_op, tf.group and tf.tuple. Values recorded
// from TF 2.21: as_dtype(name).name for each name, saturate_cast's results, and the eager
// return values of no_op (None), group (None) and tuple (the list given).
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

describe('tf.dtypes', () => {
  it('the dtype names, the same as the top-level ones', () => {
    const names = ['float32', 'float64', 'double', 'int32', 'bool', 'int64', 'int16', 'int8', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'half', 'bfloat16', 'complex64', 'complex128', 'string'] as const;
    for (const name of names) expect(tf.dtypes[name], name).toBe(tf[name]);
    expect(tf.dtypes.double).toBe('float64');
    expect(tf.dtypes.cast).toBe(tf.cast);
    expect(tf.dtypes.saturateCast).toBe(tf.saturateCast);
    expect(tf.dtypes.asDType).toBe(tf.asDType);
    expect(tf.zeros([2], tf.dtypes.float64).dtype).toBe('float64');
    expect(() => tf.zeros([2], tf.dtypes.uint8 as never)).toThrow(/gradtape has no uint8 dtype/);
  });

  it('asDType: TF 2.21\'s as_dtype(name).name, and its TypeError for what is no dtype', () => {
    // as_dtype(n).name in TF 2.21.
    const tfNames: Record<string, string> = {
      float32: 'float32', float64: 'float64', double: 'float64', float: 'float32', half: 'float16', int32: 'int32', int64: 'int64',
      bool: 'bool', uint8: 'uint8', string: 'string', complex64: 'complex64', bfloat16: 'bfloat16',
    };
    for (const [name, want] of Object.entries(tfNames)) expect(tf.asDType(name), name).toBe(want);
    expect(tf.asDType(tf.float16)).toBe('float16');
    // TF: TypeError "Cannot convert the argument `type_value`: 'foo' to a TensorFlow DType."
    expect(() => tf.asDType('foo')).toThrow(expect.objectContaining({ name: 'TypeError', message: 'asDType: Cannot convert the argument `type_value`: "foo" to a TensorFlow DType.' }));
    expect(() => tf.asDType(3.5 as never)).toThrow(/Cannot convert the argument `type_value`: 3.5 to a TensorFlow DType/);
    for (const special of ['float32_ref', 'qint8', 'quint16', 'resource', 'variant', 'float8_e5m2', 'int4']) {
      expect(() => tf.asDType(special), special).toThrow(new RegExp(`TensorFlow's dtype '${special}' has no counterpart in gradtape`));
    }
  });

  it('saturateCast as TF 2.21\'s saturate_cast, bool refused as there', () => {
    const x = [300, -5, 1e10, -1e10, 2.5, -2.5];
    expect(tf.dtypes.saturateCast(tf.constant(x, 'float32'), 'int32').arraySync()).toEqual([300, -5, 2147483520, -2147483648, 2, -2]);
    expect(tf.dtypes.saturateCast(tf.constant(x, 'float64'), 'int32').arraySync()).toEqual([300, -5, 2147483647, -2147483648, 2, -2]);
    expect(tf.dtypes.saturateCast(tf.constant([1e300, -1e300, 3], 'float64'), 'float32').arraySync()).toEqual([3.4028234663852886e38, -3.4028234663852886e38, 3]);
    expect(tf.dtypes.saturateCast(tf.constant([2147483647, -5], 'int32'), 'float32').arraySync()).toEqual([2147483648, -5]);
    // TF: TypeError "Cannot find minimum value of <dtype: 'bool'> with type <dtype: 'bool'>." both ways.
    expect(() => tf.saturateCast(tf.constant([1.5, 0]), 'bool')).toThrow(expect.objectContaining({ name: 'TypeError' }));
    expect(() => tf.saturateCast(tf.constant([true, false]), 'float32')).toThrow(/Cannot find minimum value of <dtype: 'bool'>/);
  });
});

describe('noOp, group and tuple, as TensorFlow\'s eager ones', () => {
  it('noOp and group return null; group\'s inputs have run', () => {
    expect(tf.noOp()).toBe(null);
    const v = new tf.Variable(1);
    expect(tf.group(v.assignAdd(1), v.assignAdd(2))).toBe(null);
    expect(v.item()).toBe(4);
    expect(tf.group()).toBe(null);
  });

  it('tuple returns the array it is given, null entries kept', () => {
    const a = tf.constant(1), b = tf.constant([2, 3]);
    const given = [a, null, b];
    expect(tf.tuple(given)).toBe(given);
    expect(tf.tuple([a], [b], 'name')[0]).toBe(a);
    expect(() => tf.tuple(a as never)).toThrow(/tuple: tensors must be an array of tensors/);
  });

  it('in a compiled function they return the same as eagerly', () => {
    const f = tf.function((x: tf.Tensor) => [tf.noOp(), tf.group(x), ...tf.tuple([x.add(1), null])]);
    const r = f(tf.constant([1, 2]));
    expect([r[0], r[1], (r[2] as tf.Tensor).arraySync(), r[3]]).toEqual([null, null, [2, 3], null]);
    const r2 = f(tf.constant([5, 6]));
    expect((r2[2] as tf.Tensor).arraySync()).toEqual([6, 7]);
    expect(f.experimentalGetTracingCount()).toBe(1);
  });
});
