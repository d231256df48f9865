// tf.errors: TensorFlow's error classes and status codes (tensorflow/python/framework/errors_impl.py,
// tensorflow/core/protobuf/error_codes.proto), and the library throwing them where TensorFlow's
// eager ops raise them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

/** What `fn` throws (the test fails when it returns). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to throw');
}

// error_codes.proto's numbers, and the class of each.
const CODES: [string, number, string | null][] = [
  ['OK', 0, null],
  ['CANCELLED', 1, 'CancelledError'],
  ['UNKNOWN', 2, 'UnknownError'],
  ['INVALID_ARGUMENT', 3, 'InvalidArgumentError'],
  ['DEADLINE_EXCEEDED', 4, 'DeadlineExceededError'],
  ['NOT_FOUND', 5, 'NotFoundError'],
  ['ALREADY_EXISTS', 6, 'AlreadyExistsError'],
  ['PERMISSION_DENIED', 7, 'PermissionDeniedError'],
  ['RESOURCE_EXHAUSTED', 8, 'ResourceExhaustedError'],
  ['FAILED_PRECONDITION', 9, 'FailedPreconditionError'],
  ['ABORTED', 10, 'AbortedError'],
  ['OUT_OF_RANGE', 11, 'OutOfRangeError'],
  ['UNIMPLEMENTED', 12, 'UnimplementedError'],
  ['INTERNAL', 13, 'InternalError'],
  ['UNAVAILABLE', 14, 'UnavailableError'],
  ['DATA_LOSS', 15, 'DataLossError'],
  ['UNAUTHENTICATED', 16, 'UnauthenticatedError'],
];

describe('tf.errors', () => {
  it("has TensorFlow's status codes and one class per code, each an OpError with its code, name and message", () => {
    const errors = tf.errors as unknown as Record<string, unknown>;
    for (const [code, value, className] of CODES) {
      expect(errors[code], code).toBe(value);
      if (className === null) continue;
      const Cls = errors[className] as new (nodeDef: unknown, op: unknown, message: string) => tf.errors.OpError;
      const e = new Cls(null, null, 'what went wrong');
      expect(e).toBeInstanceOf(tf.errors.OpError);
      expect(e).toBeInstanceOf(Error);
      expect(e.errorCode, className).toBe(value);
      expect(e.name).toBe(className);
      expect(e.message).toBe('what went wrong');
      expect(String(e)).toBe(`${className}: what went wrong`);
      expect([e.op, e.nodeDef, e.experimentalPayloads]).toEqual([null, null, {}]);
    }
    // 17 codes and 16 classes besides OpError: nothing else.
    expect(Object.keys(tf.errors).sort()).toEqual([...CODES.map(([c]) => c), ...CODES.flatMap(([, , n]) => (n ? [n] : [])), 'OpError'].sort());
    const base = new tf.errors.OpError(null, 'MatMul', 'no', tf.errors.ABORTED);
    expect([base.name, base.errorCode, base.op]).toEqual(['OpError', 10, 'MatMul']);
  });

  it('a user can throw and catch them by class, as in TensorFlow', () => {
    const check = (x: number) => {
      if (x < 0) throw new tf.errors.InvalidArgumentError(null, null, `x must be non-negative, got ${x}`);
      return Math.sqrt(x);
    };
    const e = thrown(() => check(-1));
    expect(e).toBeInstanceOf(tf.errors.InvalidArgumentError);
    expect(e).not.toBeInstanceOf(tf.errors.NotFoundError);
    expect(e.message).toBe('x must be non-negative, got -1');
  });
});

describe('ops throw InvalidArgumentError where TensorFlow eager ops raise it', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['broadcasting shapes that do not fit', () => tf.add(tf.ones([2]), tf.ones([3])), /^add: incompatible shapes/],
    ['matmul inner dimensions', () => tf.matmul(tf.ones([2, 2]), tf.ones([3, 2])), /^matmul: inner dimensions differ/],
    ['operands of two dtypes', () => tf.add(tf.ones([2]), tf.ones([2], 'int32')), /^add: both operands must have the same dtype/],
    ['reshape to another size', () => tf.reshape(tf.ones([2]), [3]), /^reshape: cannot reshape/],
    ['gather index out of range', () => tf.gather(tf.ones([2]), [5]), /^gather: indices\[0\] = 5 is not in \[0, 2\)/],
    ['gatherNd index out of range', () => tf.gatherNd(tf.ones([2]), [[3]]), /^gatherNd: indices\[0\]/],
    ['concat shapes', () => tf.concat([tf.ones([2, 1]), tf.ones([3, 2])], 0), /^concat: /],
    ['transpose with a bad permutation', () => tf.transpose(tf.ones([2, 2]), [0, 0]), /^transpose: /],
    ['cholesky of a matrix that is not positive definite', () => tf.linalg.cholesky(tf.constant([[1, 2], [2, 1]])), /Cholesky decomposition was not successful/],
    ['inverse of a singular matrix', () => tf.linalg.inv(tf.zeros([2, 2])), /not invertible/],
    ['range with start > limit', () => tf.range(5, 1, 1), /requires start <= limit when delta > 0/],
    ['range with delta 0', () => tf.range(0, 5, 0), /requires delta != 0/],
    ['slice past the end', () => tf.slice(tf.ones([2]), [1], [3]), /^slice: expected size\[0\]/],
    ['tile with multiples of another rank', () => tf.tile(tf.ones([2]), [1, 2]), /^tile: /],
    ['split into uneven parts', () => tf.split(tf.ones([5]), 2), /evenly divide/],
    ['squeeze of a dimension that is not 1', () => tf.squeeze(tf.ones([2]), 0), /can not squeeze dim\[0\]/],
    ['stack of different shapes', () => tf.stack([tf.ones([2]), tf.ones([3])]), /shapes of all inputs must match/],
    ['oneHot with a negative depth', () => tf.oneHot(tf.constant([1], 'int32'), -1), /depth must be non-negative/],
    ['ensureShape', () => tf.ensureShape(tf.ones([2]), [3]), /is not compatible with expected shape/],
    ['checkNumerics of a NaN', () => tf.debugging.checkNumerics(tf.constant([NaN]), 'loss'), /^loss : Tensor had NaN values$/],
    ['a failed assertion', () => tf.debugging.assertLess(tf.constant([2]), tf.constant([1])), /did not hold/],
    ['a kaiser window of length 0', () => tf.signal.kaiserWindow(0), /Requires start <= limit/],
  ];
  for (const [what, fn, message] of cases) {
    it(what, () => {
      const e = thrown(fn);
      expect(e, e.message).toBeInstanceOf(tf.errors.InvalidArgumentError);
      expect(e.name).toBe('InvalidArgumentError');
      expect((e as tf.errors.OpError).errorCode).toBe(tf.errors.INVALID_ARGUMENT);
      expect(e.message).toMatch(message);
    });
  }

  it('an op that fails inside a composite keeps its class under the public name', () => {
    // tf.linalg.solve factors with an LU decomposition; the singular matrix fails inside it.
    const e = thrown(() => tf.linalg.solve(tf.zeros([2, 2]), tf.ones([2, 1])));
    expect(e).toBeInstanceOf(tf.errors.InvalidArgumentError);
    expect(e.message).toMatch(/^(linalg\.)?solve: /);
  });

  it('inside tf.function, the replayed op throws the same class', () => {
    const f = tf.function((x: tf.Tensor) => tf.linalg.cholesky(x));
    expect(f(tf.constant([[4, 0], [0, 1]])).shape).toEqual([2, 2]);
    expect(thrown(() => f(tf.constant([[1, 2], [2, 1]])))).toBeInstanceOf(tf.errors.InvalidArgumentError);
  });
});

describe('the other classes, where TensorFlow raises them', () => {
  it('NotFoundError: a missing file, a missing checkpoint key, a dtype without a kernel', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradtape-errors-'));
    expect(thrown(() => Array.from(new tf.data.TextLineDataset(join(dir, 'none.txt'))))).toBeInstanceOf(tf.errors.NotFoundError);
    expect(thrown(() => tf.train.loadVariable(join(dir, 'none'), 'x'))).toBeInstanceOf(tf.errors.NotFoundError);
    expect(thrown(() => tf.bitwise.bitwiseAnd(tf.ones([2]), tf.ones([2])))).toBeInstanceOf(tf.errors.NotFoundError);
  });

  it('OutOfRangeError: a TensorArray read past its size', () => {
    const ta = new tf.TensorArray('float32', { size: 2 });
    const e = thrown(() => ta.read(5));
    expect(e).toBeInstanceOf(tf.errors.OutOfRangeError);
    expect((e as tf.errors.OpError).errorCode).toBe(tf.errors.OUT_OF_RANGE);
  });

  it('DataLossError: a TFRecord file whose record is corrupt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradtape-errors-'));
    const file = join(dir, 'bad.tfrecord');
    writeFileSync(file, new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 104, 101, 108, 108, 111, 0, 0, 0, 0]));
    expect(thrown(() => Array.from(new tf.data.TFRecordDataset(file)))).toBeInstanceOf(tf.errors.DataLossError);
  });

  it("misuse that TensorFlow answers with Python's RuntimeError is not an OpError (a non-persistent tape used twice)", () => {
    const x = new tf.Variable(1);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(2));
    tape.gradient(y, x);
    const e = thrown(() => tape.gradient(y, x));
    expect(e).not.toBeInstanceOf(tf.errors.OpError);
    expect(e.message).toMatch(/non-persistent GradientTape/);
  });
});
