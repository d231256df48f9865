// tf.keras.layers' merge layers against Keras 3 (keras/src/layers/merging/): values by hand,
// Keras' output shapes on KerasTensors, and Keras' messages for shapes that do not merge.
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const L = tf.keras.layers;

beforeEach(() => tf.keras.backend.clearSession());

const a = (): tf.Tensor => tf.constant([[1, -2, 3], [4, 5, -6]]);
const b = (): tf.Tensor => tf.constant([[2, 2, -1], [0.5, -5, 6]]);

describe('elementwise merges', () => {
  it('Add, Subtract, Multiply, Average, Maximum, Minimum compute by hand', () => {
    expect(new L.Add()([a(), b()]).arraySync()).toEqual([[3, 0, 2], [4.5, 0, 0]]);
    expect(new L.Subtract()([a(), b()]).arraySync()).toEqual([[-1, -4, 4], [3.5, 10, -12]]);
    expect(new L.Multiply()([a(), b()]).arraySync()).toEqual([[2, -4, -3], [2, -25, -36]]);
    expect(new L.Average()([a(), b(), tf.constant([[0, 3, 1], [1.5, 3, 3]])]).arraySync()).toEqual([[1, 1, 1], [2, 1, 1]]);
    expect(new L.Maximum()([a(), b()]).arraySync()).toEqual([[2, 2, 3], [4, 5, 6]]);
    expect(new L.Minimum()([a(), b()]).arraySync()).toEqual([[1, -2, -1], [0.5, -5, -6]]);
  });

  it('the functional forms make the layer and call it', () => {
    expect(L.add([a(), b()]).arraySync()).toEqual([[3, 0, 2], [4.5, 0, 0]]);
    expect(L.subtract([a(), b()]).arraySync()).toEqual([[-1, -4, 4], [3.5, 10, -12]]);
    expect(L.multiply([a(), b()]).arraySync()).toEqual([[2, -4, -3], [2, -25, -36]]);
    expect(L.average([a(), b()]).arraySync()).toEqual([[1.5, 0, 1], [2.25, 0, 0]]);
    expect(L.maximum([a(), b()]).arraySync()).toEqual([[2, 2, 3], [4, 5, 6]]);
    expect(L.minimum([a(), b()]).arraySync()).toEqual([[1, -2, -1], [0.5, -5, -6]]);
  });

  it('broadcasts sizes of 1, and gives lower-rank inputs axes of size 1 after the batch axis', () => {
    expect(new L.Add()([a(), tf.constant([[10], [20]])]).arraySync()).toEqual([[11, 8, 13], [24, 25, 14]]);
    // [2, 3] becomes [2, 1, 3], added to each of the 2 rows of the [2, 2, 3] input.
    const ones = tf.ones([2, 2, 3]);
    expect(new L.Add()([a(), ones]).arraySync()).toEqual([[[2, -1, 4], [2, -1, 4]], [[5, 6, -5], [5, 6, -5]]]);
  });

  it('on KerasTensors: the broadcast shape, the batch size known if one input knows it', () => {
    const x = tf.keras.Input([3]);
    const y = tf.keras.Input([1]);
    expect(new L.Add()([x, y]).shape).toEqual([null, 3]);
    expect(L.maximum([tf.keras.Input([4, 3]), tf.keras.Input([4, 3], { batchSize: 8 })]).shape).toEqual([8, 4, 3]);
    expect(L.add([tf.keras.Input([2]), tf.keras.Input([2])])).toBeInstanceOf(tf.keras.KerasTensor);
  });

  it("refuses shapes that do not merge, with Keras' messages", () => {
    const add = new L.Add({ name: 'add' });
    expect(() => add([tf.keras.Input([3]), tf.keras.Input([4])])).toThrow('keras.layers.Add: Inputs have incompatible shapes. Received shapes (3,) and (4,)');
    expect(add.built).toBe(false);
    expect(() => new L.Add()(tf.keras.Input([3]))).toThrow('keras.layers.Add: A merge layer should be called on a list of inputs. Received: input_shape=(None, 3) (not a list of shapes)');
    expect(() => new L.Add()(tf.ones([2, 3]))).toThrow('A merge layer should be called on a list of inputs. Received: input_shape=(2, 3) (not a list of shapes)');
    expect(() => new L.Multiply()([tf.ones([2, 3]), tf.ones([3, 3])])).toThrow('keras.layers.Multiply: Cannot merge tensors with different batch sizes. Received tensors with shapes [(2, 3), (3, 3)]');
    expect(() => new L.Subtract()([tf.keras.Input([2]), tf.keras.Input([2]), tf.keras.Input([2])])).toThrow(
      'keras.layers.Subtract: A `Subtract` layer should be called on exactly 2 inputs. Received: input_shape=[(None, 2), (None, 2), (None, 2)]',
    );
  });
});

describe('Concatenate', () => {
  it('joins along the last axis by default, or along axis', () => {
    expect(new L.Concatenate()([a(), tf.constant([[7], [8]])]).arraySync()).toEqual([[1, -2, 3, 7], [4, 5, -6, 8]]);
    expect(new L.Concatenate({ axis: 0 })([a(), b()]).shape).toEqual([4, 3]);
    expect(L.concatenate([a(), b()], 1).arraySync()).toEqual([[1, -2, 3, 2, 2, -1], [4, 5, -6, 0.5, -5, 6]]);
  });

  it("computes Keras' output shape: the joined sizes added, unknown if one is", () => {
    expect(new L.Concatenate()([tf.keras.Input([2, 3]), tf.keras.Input([2, 5])]).shape).toEqual([null, 2, 8]);
    expect(new L.Concatenate({ axis: 1 })([tf.keras.Input([2, 3]), tf.keras.Input([4, 3])]).shape).toEqual([null, 6, 3]);
    expect(new L.Concatenate({ axis: 1 })([tf.keras.Input([null, 3]), tf.keras.Input([4, 3])]).shape).toEqual([null, null, 3]);
  });

  it("refuses shapes that differ off the joined axis, with Keras' message", () => {
    expect(() => new L.Concatenate()([tf.keras.Input([2, 3]), tf.keras.Input([4, 3])])).toThrow(
      'keras.layers.Concatenate: A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=[(None, 2, 3), (None, 4, 3)]',
    );
    expect(() => new L.Concatenate()([tf.keras.Input([3]), tf.keras.Input([2, 3])])).toThrow('requires inputs with matching shapes except for the concatenation axis');
    expect(() => new L.Concatenate({ axis: 1.5 })).toThrow('keras.layers.Concatenate: axis must be an integer, got 1.5.');
  });
});

describe('Dot', () => {
  it('the dot product of samples: [b, n] and [b, n] give [b, 1]', () => {
    // 1·2 - 2·2 - 3·1 = -5 and 4·0.5 - 5·5 - 6·6 = -59.
    expect(new L.Dot(1)([a(), b()]).arraySync()).toEqual([[-5], [-59]]);
    expect(new L.Dot(-1)([tf.keras.Input([3]), tf.keras.Input([3])]).shape).toEqual([null, 1]);
  });

  it('axes [1, 2] of [b, 2, 3] and [b, 4, 2]: out[i, j] = Σ_k x[k, i] y[j, k], shape [b, 3, 4]', () => {
    const x = tf.reshape(tf.range(0, 12), [2, 2, 3]);
    const y = tf.reshape(tf.range(0, 16), [2, 4, 2]).sub(5);
    const byHand = tf.matmul(tf.transpose(x, [0, 2, 1]), tf.transpose(y, [0, 2, 1]));
    const out = new L.Dot([1, 2])([x, y]);
    expect(out.shape).toEqual([2, 3, 4]);
    expect(out.arraySync()).toEqual(byHand.arraySync());
    expect(new L.Dot([1, 2])([tf.keras.Input([2, 3]), tf.keras.Input([4, 2])]).shape).toEqual([null, 3, 4]);
  });

  it('normalize: the cosine similarity of the samples', () => {
    const out = L.dot([a(), b()], 1, { normalize: true }).arraySync() as number[][];
    const cosine = (u: number[], v: number[]): number => u.reduce((s, ui, i) => s + ui * v[i]!, 0) / Math.hypot(...u) / Math.hypot(...v);
    expect(out[0]![0]).toBeCloseTo(cosine([1, -2, 3], [2, 2, -1]), 6);
    expect(out[1]![0]).toBeCloseTo(cosine([4, 5, -6], [0.5, -5, 6]), 6);
  });

  it("refuses axes of different sizes and bad axes, with Keras' messages", () => {
    expect(() => new L.Dot(1)([tf.keras.Input([3]), tf.keras.Input([4])])).toThrow(
      'keras.layers.Dot: Incompatible input shapes: axis values 3 (at axis 1) != 4 (at axis 1). Full input shapes: (None, 3), (None, 4)',
    );
    expect(() => new L.Dot(1)([tf.keras.Input([3])])).toThrow('keras.layers.Dot: A `Dot` layer should be called on a list of 2 inputs. Received: input_shape=[(None, 3)]');
    expect(() => new L.Dot([1, 2, 3] as never)).toThrow('keras.layers.Dot: Invalid format for argument `axes`: it should contain two elements. Received: axes=[1, 2, 3]');
    expect(() => new L.Dot('1' as never)).toThrow('keras.layers.Dot: Invalid type for argument `axes`: it should be a list or an int. Received: axes="1"');
  });
});
